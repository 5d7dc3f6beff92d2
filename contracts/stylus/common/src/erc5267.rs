//! ERC-5267's `eip712Domain()`: the return value, encoded as Solidity
//! encodes it.
//!
//! The function returns seven values, two of them dynamic (`string`s and a
//! `uint256[]`). Solidity encodes several return values as a parameter
//! list: seven heads, then the tails. stylus-sdk 0.9 encodes every return
//! value as *one* value (`SolType::abi_encode`), so a tuple with a dynamic
//! member would gain a leading offset word, and viem, ethers and wallets
//! would read garbage from it. [`Eip712Domain`] is the return type that
//! keeps the router and its exported ABI (seven outputs) and encodes the
//! values as a parameter list: its Solidity type delegates everything to
//! the seven-value tuple except `abi_encode`, which it writes as
//! `abi_encode_params`. Hand-written because neither stylus-sdk nor
//! OpenZeppelin 0.3 has one (OpenZeppelin's `IEip712::eip712_domain` gives
//! the values as a plain tuple; [`Eip712Domain::of`] takes them from the
//! same `IEip712` implementation).

use alloc::{string::String, vec::Vec};
use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::sol_data;
use openzeppelin_stylus::utils::cryptography::eip712::IEip712;

/// The seven values of `eip712Domain()`, in their Rust types.
pub type DomainValues = (FixedBytes<1>, String, String, U256, Address, B256, Vec<U256>);

/// The Solidity types of the seven values.
type DomainSol = (
    sol_data::FixedBytes<1>,
    sol_data::String,
    sol_data::String,
    sol_data::Uint<256>,
    sol_data::Address,
    sol_data::FixedBytes<32>,
    sol_data::Array<sol_data::Uint<256>>,
);

crate::params_return! {
    /// What `eip712Domain()` returns: `(fields, name, version, chainId,
    /// verifyingContract, salt, extensions)`, ABI-encoded as a parameter list.
    Eip712Domain(DomainValues): Eip712DomainSol(DomainSol)
}

impl Eip712Domain {
    /// The domain of the OpenZeppelin EIP-712 implementation `D` at this
    /// contract: its name and version, and the chain id and address its
    /// domain separator hashes (so the two cannot disagree); no salt, no
    /// extensions.
    pub fn of<D: IEip712>() -> Self {
        Self((
            FixedBytes([lst_core::claim::ERC5267_FIELDS]),
            D::NAME.into(),
            D::VERSION.into(),
            D::chain_id(),
            D::contract_address(),
            B256::ZERO,
            Vec::new(),
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use alloy_primitives::{address, uint};
    use alloy_sol_types::SolType;
    use stylus_sdk::abi::internal::EncodableReturnType;
    use stylus_sdk::abi::AbiType;

    struct Domain;
    impl IEip712 for Domain {
        const NAME: &'static str = "PolkadotPool";
        const VERSION: &'static str = "1";
        fn chain_id() -> U256 {
            uint!(412346_U256)
        }
        fn contract_address() -> Address {
            address!("00000000000000000000000000000000000000aa")
        }
    }

    fn domain() -> Eip712Domain {
        Eip712Domain::of::<Domain>()
    }

    #[test]
    fn the_domain_is_the_implementations_name_version_chain_and_address() {
        let (fields, name, version, chain_id, contract, salt, extensions) = domain().0;
        assert_eq!(fields, FixedBytes([0x0f]));
        assert_eq!((name.as_str(), version.as_str()), ("PolkadotPool", "1"));
        assert_eq!((chain_id, contract), (Domain::chain_id(), Domain::contract_address()));
        assert_eq!((salt, extensions), (B256::ZERO, vec![]));
    }

    #[test]
    fn the_return_data_is_the_seven_values_as_a_parameter_list() {
        let d = domain();
        let expected = DomainSol::abi_encode_params(&d.0);
        assert_eq!(d.clone().encode().unwrap(), expected);
        // The first head is `fields` itself (0x0f, left-aligned), not an offset.
        assert_eq!(expected.first(), Some(&0x0f));
        assert_eq!(DomainSol::abi_decode_params(&expected, true).unwrap(), d.0);
    }

    #[test]
    fn the_exported_interface_has_seven_outputs() {
        assert_eq!(
            Eip712Domain::EXPORT_ABI_RET.as_str(),
            "(bytes1, string memory, string memory, uint256, address, bytes32, uint256[] memory)"
        );
    }
}
