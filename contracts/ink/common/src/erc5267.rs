//! ERC-5267's `eip712Domain()`: the return value, encoded as Solidity
//! encodes it.
//!
//! The function returns seven values, two of them dynamic (`string`s and a
//! `uint256[]`). Solidity encodes several return values as a parameter
//! list: seven heads, then the tails. ink! 6.0.0-beta.1 declares a message's
//! return as one Solidity type and encodes it as one value, so a tuple with
//! a dynamic member would gain a leading offset word (viem, ethers and
//! wallets would read garbage) and the `.abi` would show one `tuple` output.
//! [`Eip712Domain`] is the return type that encodes the values as a
//! parameter list and names them, for cargo-contract's `.abi`, as the seven
//! outputs Solidity declares. Hand-written because ink! has no such type.

use crate::{chain_id, Bytes32};
use ink::{
    prelude::{string::String, vec::Vec},
    sol::{FixedBytes, SolDecode, SolEncode, SolResultEncode},
    Address, U256,
};

/// The seven values of `eip712Domain()`: `(fields, name, version, chainId,
/// verifyingContract, salt, extensions)`.
pub type DomainValues = (FixedBytes<1>, String, String, U256, Address, Bytes32, Vec<U256>);

/// What `eip712Domain()` returns, ABI-encoded as a parameter list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eip712Domain(pub DomainValues);

impl Eip712Domain {
    /// The domain `name`, `version` of the contract at `contract` on this
    /// chain: ERC-5267 fields 0x0f, no salt, no extensions.
    pub fn new(name: &str, version: &str, contract: Address) -> Self {
        Self((
            FixedBytes([lst_core::claim::ERC5267_FIELDS]),
            name.into(),
            version.into(),
            U256::from(chain_id()),
            contract,
            FixedBytes([0; 32]),
            Vec::new(),
        ))
    }
}

impl<'a> SolResultEncode<'a> for Eip712Domain {
    type SolType = <DomainValues as SolEncode<'a>>::SolType;

    /// The outputs' types without the enclosing parentheses: cargo-contract
    /// writes a message's return as `returns (<SOL_NAME>)`, so this reads
    /// as seven outputs, as in Solidity, rather than one tuple.
    const SOL_NAME: &'static str = "bytes1,string,string,uint256,address,bytes32,uint256[]";

    /// Hand-written rather than `ink::sol::encode_sequence(&self.0)`: the
    /// generic encoder of a seven-value tuple costs about 1.7 KB of
    /// PolkaVM code, which the certificate token's 32 KiB budget does not
    /// have; the layout is fixed (seven heads; the two strings' and the
    /// array's tails), and the tests compare it with ink!'s encoder.
    fn encode(&'a self) -> Vec<u8> {
        let (fields, name, version, chain_id, contract, salt, extensions) = &self.0;
        let padded = |len: usize| len.div_ceil(32).saturating_mul(32);
        let heads = 7 * 32;
        let name_at = heads;
        let version_at = name_at + 32 + padded(name.len());
        let extensions_at = version_at + 32 + padded(version.len());
        let size = extensions_at + 32 + 32 * extensions.len();
        let mut out = Vec::with_capacity(size);
        let [fields] = fields.0;
        out.push(fields);
        out.extend_from_slice(&[0u8; 31]);
        out.extend_from_slice(&number(name_at));
        out.extend_from_slice(&number(version_at));
        out.extend_from_slice(&chain_id.to_big_endian());
        out.extend_from_slice(&[0u8; 12]);
        out.extend_from_slice(&contract.0);
        out.extend_from_slice(&salt.0);
        out.extend_from_slice(&number(extensions_at));
        for text in [name, version] {
            out.extend_from_slice(&number(text.len()));
            out.extend_from_slice(text.as_bytes());
            out.resize(out.len() + padded(text.len()) - text.len(), 0);
        }
        out.extend_from_slice(&number(extensions.len()));
        for extension in extensions {
            out.extend_from_slice(&extension.to_big_endian());
        }
        out
    }
}

/// Decodes the return data of `eip712Domain()` (what a contract calling it
/// through ink!'s call builder reads), as a parameter list.
impl SolDecode for Eip712Domain {
    type SolType = <DomainValues as SolDecode>::SolType;

    fn decode(data: &[u8]) -> Result<Self, ink::sol::Error> {
        ink::sol::decode_sequence::<DomainValues>(data).map(Self)
    }

    fn from_sol_type(value: Self::SolType) -> Result<Self, ink::sol::Error> {
        DomainValues::from_sol_type(value).map(Self)
    }
}

/// `n` as a big-endian ABI word.
fn number(n: usize) -> [u8; 32] {
    U256::from(n).to_big_endian()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain() -> Eip712Domain {
        Eip712Domain::new("PolkadotPool", "1", Address::from([0xaa; 20]))
    }

    #[test]
    fn the_return_data_is_the_seven_values_as_a_parameter_list() {
        let d = domain();
        let data = SolResultEncode::encode(&d);
        assert_eq!(data, ink::sol::encode_sequence(&d.0));
        // The first head is `fields` itself (0x0f, left-aligned), not an offset.
        assert_eq!(data.first(), Some(&0x0f));
        // Seven heads, two string tails (length + one word each), an empty array.
        assert_eq!(data.len(), 32 * (7 + 2 + 2 + 1));
        let decoded: DomainValues = ink::sol::decode_sequence(&data).unwrap();
        assert_eq!(decoded, d.0);
        assert_eq!(<Eip712Domain as SolDecode>::decode(&data).unwrap(), d);
    }

    #[test]
    fn the_hand_written_encoding_is_inks_for_any_lengths() {
        for (name, version, extensions) in [
            ("", "", vec![]),
            ("a", "1", vec![U256::from(7)]),
            ("Ankr Staked AVAX", "1", vec![]),
            (
                "exactly thirty-two bytes long!!!",
                "a version of more than 32 bytes, two words",
                vec![U256::MAX, U256::zero()],
            ),
        ] {
            let mut d = Eip712Domain::new(name, version, Address::from([0x42; 20]));
            d.0 .6 = extensions;
            d.0 .5 = FixedBytes([0x5a; 32]);
            assert_eq!(SolResultEncode::encode(&d), ink::sol::encode_sequence(&d.0), "{name:?}, {version:?}");
        }
    }

    #[test]
    fn the_domain_has_fields_0x0f_the_chain_id_and_no_salt_or_extensions() {
        let (fields, name, version, chain, contract, salt, extensions) = domain().0;
        assert_eq!(fields, FixedBytes([0x0f]));
        assert_eq!((name.as_str(), version.as_str()), ("PolkadotPool", "1"));
        assert_eq!((chain, contract), (U256::from(chain_id()), Address::from([0xaa; 20])));
        assert_eq!((salt, extensions), (FixedBytes([0; 32]), Vec::new()));
    }

    #[test]
    fn the_abi_names_seven_outputs() {
        let names: Vec<&str> = <Eip712Domain as SolResultEncode>::SOL_NAME.split(',').collect();
        assert_eq!(names, ["bytes1", "string", "string", "uint256", "address", "bytes32", "uint256[]"]);
    }
}
