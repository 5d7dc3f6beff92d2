//! The calls the contracts make to each other.
//!
//! Every argument and result of these calls is one ABI word, so calldata is
//! the selector followed by the words, and the result is the first word of
//! the return data. All calls go through the two non-generic functions
//! [`call`] and [`static_call`]: the wrappers `sol_interface!` generates
//! instantiate alloy's generic encoder and decoder once per function and
//! caller, which the AVAX pool could not afford within its size budget.
//! The selectors come from the `sol!` declarations in [`sig`], so a
//! signature cannot drift from its name; `tests` checks the calldata against
//! alloy's own encoding.

use alloc::vec::Vec;
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use stylus_sdk::stylus_core::{
    calls::{context::Call, errors::Error as CallError},
    host::Host,
};

use crate::CallReturnMalformed;

/// The Solidity signatures of the calls (selectors only are used).
pub mod sig {
    #![allow(missing_docs)]
    alloy_sol_types::sol! {
        /// The ratio feed, as the tokens and the pools read and update it.
        interface IRatioFeed {
            function getRatioFor(address token) external view returns (uint256);
            function updateRatio(address token, uint256 newRatio) external;
        }

        /// A certificate token (ankrAVAX), as its pool mints and burns it.
        interface ICertToken {
            function mint(address to, uint256 amount) external;
            function burn(address from, uint256 amount) external;
        }

        /// A bond token (aAVAXb, aKSMb, aDOTb), as its pool moves its
        /// shares and reads the ratio its balances use.
        interface IBondToken {
            function ratio() external view returns (uint256);
            function mintShares(address to, uint256 shares) external;
            function burnShares(address from, uint256 shares) external;
        }

        /// The validator staking contract, as `ValidatorConfig` reads who
        /// operates a pool.
        interface IStaking {
            function stakePool(address pool) external view returns (uint8, uint64, address, address, uint256);
        }
    }
}

/// Calldata: `selector` followed by the words `args`.
pub fn calldata(selector: [u8; 4], args: &[B256]) -> Vec<u8> {
    let mut data = Vec::with_capacity(4 + 32 * args.len());
    data.extend_from_slice(&selector);
    for arg in args {
        data.extend_from_slice(arg.as_slice());
    }
    data
}

fn revert_bytes(error: CallError) -> Vec<u8> {
    match error {
        CallError::Revert(data) => data,
        CallError::AbiDecodingFailed(_) => CallReturnMalformed::SELECTOR.to_vec(),
    }
}

/// Calls `to` (no value, all gas) with `selector` and `args`; its return
/// data, or its revert data unchanged. The host writes the storage cache
/// back and clears it first, so the callee (and anything it calls back)
/// sees this contract's writes, and this contract rereads what they change.
#[inline(always)]
pub fn call(vm: &dyn Host, to: Address, selector: [u8; 4], args: &[B256]) -> Result<Vec<u8>, Vec<u8>> {
    vm.call(&Call::new(), to, &calldata(selector, args)).map_err(revert_bytes)
}

/// Static-calls `to` with `selector` and `args`; its return data, or its
/// revert data unchanged.
#[inline(always)]
pub fn static_call(vm: &dyn Host, to: Address, selector: [u8; 4], args: &[B256]) -> Result<Vec<u8>, Vec<u8>> {
    vm.static_call(&Call::new(), to, &calldata(selector, args)).map_err(revert_bytes)
}

/// The first word of a call's return data as a `uint256`
/// (`CallReturnMalformed()` if there is none).
pub fn word_result(data: &[u8]) -> Result<U256, Vec<u8>> {
    match data.get(..32) {
        Some(word) => Ok(U256::from_be_slice(word)),
        None => Err(CallReturnMalformed::SELECTOR.to_vec()),
    }
}

/// The ratio feed at an address.
#[derive(Debug, Clone, Copy)]
pub struct IRatioFeed(Address);

impl IRatioFeed {
    /// The feed at `address`.
    pub fn new(address: Address) -> Self {
        Self(address)
    }

    /// `getRatioFor(token)`.
    #[inline(always)]
    pub fn get_ratio_for(self, vm: &dyn Host, token: Address) -> Result<U256, Vec<u8>> {
        word_result(&static_call(vm, self.0, sig::IRatioFeed::getRatioForCall::SELECTOR, &[token.into_word()])?)
    }

    /// `updateRatio(token, newRatio)`.
    #[inline(always)]
    pub fn update_ratio(self, vm: &dyn Host, token: Address, new_ratio: U256) -> Result<(), Vec<u8>> {
        let args = [token.into_word(), new_ratio.into()];
        call(vm, self.0, sig::IRatioFeed::updateRatioCall::SELECTOR, &args).map(drop)
    }
}

/// A certificate token at an address.
#[derive(Debug, Clone, Copy)]
pub struct ICertToken(Address);

impl ICertToken {
    /// The token at `address`.
    pub fn new(address: Address) -> Self {
        Self(address)
    }

    /// `mint(to, amount)`.
    #[inline(always)]
    pub fn mint(self, vm: &dyn Host, to: Address, amount: U256) -> Result<(), Vec<u8>> {
        call(vm, self.0, sig::ICertToken::mintCall::SELECTOR, &[to.into_word(), amount.into()]).map(drop)
    }

    /// `burn(from, amount)`.
    #[inline(always)]
    pub fn burn(self, vm: &dyn Host, from: Address, amount: U256) -> Result<(), Vec<u8>> {
        call(vm, self.0, sig::ICertToken::burnCall::SELECTOR, &[from.into_word(), amount.into()]).map(drop)
    }
}

/// A bond token at an address.
#[derive(Debug, Clone, Copy)]
pub struct IBondToken(Address);

impl IBondToken {
    /// The token at `address`.
    pub fn new(address: Address) -> Self {
        Self(address)
    }

    /// `ratio()`.
    #[inline(always)]
    pub fn ratio(self, vm: &dyn Host) -> Result<U256, Vec<u8>> {
        word_result(&static_call(vm, self.0, sig::IBondToken::ratioCall::SELECTOR, &[])?)
    }

    /// `mintShares(to, shares)`.
    #[inline(always)]
    pub fn mint_shares(self, vm: &dyn Host, to: Address, shares: U256) -> Result<(), Vec<u8>> {
        call(vm, self.0, sig::IBondToken::mintSharesCall::SELECTOR, &[to.into_word(), shares.into()]).map(drop)
    }

    /// `burnShares(from, shares)`.
    #[inline(always)]
    pub fn burn_shares(self, vm: &dyn Host, from: Address, shares: U256) -> Result<(), Vec<u8>> {
        call(vm, self.0, sig::IBondToken::burnSharesCall::SELECTOR, &[from.into_word(), shares.into()]).map(drop)
    }
}

/// The validator staking contract at an address.
#[derive(Debug, Clone, Copy)]
pub struct IStaking(Address);

impl IStaking {
    /// The staking contract at `address`.
    pub fn new(address: Address) -> Self {
        Self(address)
    }

    /// `stakePool(pool)`'s operator (its third word); the call's revert
    /// (`StakePoolNotFound` for an account without a pool) unchanged.
    #[inline(always)]
    pub fn stake_pool_operator(self, vm: &dyn Host, pool: Address) -> Result<Address, Vec<u8>> {
        operator_of(&static_call(vm, self.0, sig::IStaking::stakePoolCall::SELECTOR, &[pool.into_word()])?)
    }
}

/// The operator in `stakePool`'s return data: its third word
/// (`CallReturnMalformed()` if the data is shorter).
fn operator_of(data: &[u8]) -> Result<Address, Vec<u8>> {
    match data.get(64..96) {
        Some(word) => Ok(Address::from_word(B256::from_slice(word))),
        None => Err(CallReturnMalformed::SELECTOR.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;
    use sig::{IBondToken as B, ICertToken as C, IRatioFeed as F, IStaking as S};

    const WHO: Address = address!("00000000000000000000000000000000000000aa");

    fn words(a: Address, n: u64) -> [B256; 2] {
        [a.into_word(), U256::from(n).into()]
    }

    #[test]
    fn calldata_matches_alloy_encoding_of_every_call() {
        let cases: [(Vec<u8>, Vec<u8>); 8] = [
            (
                calldata(F::getRatioForCall::SELECTOR, &[WHO.into_word()]),
                F::getRatioForCall { token: WHO }.abi_encode(),
            ),
            (
                calldata(F::updateRatioCall::SELECTOR, &words(WHO, 7)),
                F::updateRatioCall { token: WHO, newRatio: U256::from(7) }.abi_encode(),
            ),
            (
                calldata(C::mintCall::SELECTOR, &words(WHO, 8)),
                C::mintCall { to: WHO, amount: U256::from(8) }.abi_encode(),
            ),
            (
                calldata(C::burnCall::SELECTOR, &words(WHO, 9)),
                C::burnCall { from: WHO, amount: U256::from(9) }.abi_encode(),
            ),
            (calldata(B::ratioCall::SELECTOR, &[]), B::ratioCall {}.abi_encode()),
            (
                calldata(B::mintSharesCall::SELECTOR, &words(WHO, 10)),
                B::mintSharesCall { to: WHO, shares: U256::from(10) }.abi_encode(),
            ),
            (
                calldata(B::burnSharesCall::SELECTOR, &words(WHO, 11)),
                B::burnSharesCall { from: WHO, shares: U256::from(11) }.abi_encode(),
            ),
            (calldata(S::stakePoolCall::SELECTOR, &[WHO.into_word()]), S::stakePoolCall { pool: WHO }.abi_encode()),
        ];
        for (ours, alloy) in cases {
            assert_eq!(ours, alloy);
        }
    }

    #[test]
    fn word_result_reads_the_first_word() {
        let mut data = U256::from(42).to_be_bytes::<32>().to_vec();
        data.extend_from_slice(&[0xff; 32]);
        assert_eq!(word_result(&data), Ok(U256::from(42)));
    }

    #[test]
    fn the_operator_is_the_third_word_of_stake_pool() {
        let words = [U256::from(2).into(), U256::from(7).into(), WHO.into_word(), B256::ZERO, U256::from(100).into()];
        let returned: Vec<u8> = words.iter().flat_map(|w: &B256| w.0).collect();
        assert_eq!(operator_of(&returned), Ok(WHO));
        let mut short = returned.clone();
        short.truncate(95);
        assert_eq!(operator_of(&short), Err(CallReturnMalformed::SELECTOR.to_vec()));
    }

    #[test]
    fn word_result_of_short_data_is_call_return_malformed() {
        assert_eq!(word_result(&[0; 31]), Err(CallReturnMalformed::SELECTOR.to_vec()));
        assert_eq!(word_result(&[]), Err(CallReturnMalformed::SELECTOR.to_vec()));
    }
}
