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
//!
//! Calls carry a [`Context`] of this crate rather than stylus-sdk's `Call`:
//! `Call::new()` does not exist when stylus-sdk's `reentrant` feature is on,
//! and the AVAX delegator's deployable turns it on (the staking contract
//! pays withdrawn stake back by calling the delegator while the delegator
//! is calling it).

use alloc::vec::Vec;
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use stylus_sdk::stylus_core::{
    calls::{errors::Error as CallError, CallContext, MutatingCallContext, StaticCallContext},
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
            function pool() external view returns (address);
            function mintShares(address to, uint256 shares) external;
            function burnShares(address from, uint256 shares) external;
        }

        /// What the staking contract calls to pay an account (withdrawn
        /// stake, commission): a payable function of a contract owner.
        interface IStakingPayee {
            function onStakingPayment() external payable;
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

/// The gas and value of one call.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Gas given to the callee (clipped by the host to what is left).
    pub gas: u64,
    /// Native currency sent with the call.
    pub value: U256,
}

impl Context {
    /// All the gas left and `value`.
    pub const fn with_value(value: U256) -> Self {
        Self { gas: u64::MAX, value }
    }
}

impl CallContext for Context {
    fn gas(&self) -> u64 {
        self.gas
    }
}

impl StaticCallContext for Context {}

// SAFETY: the trait's contract is that a call which may change this
// contract's storage (a callee calling back) cannot leave stale cached
// values behind. stylus-sdk's `Host::call` writes the storage cache back
// and clears it before every call (`flush_cache(true)`), so whatever the
// callee changes is read afresh afterwards; the contracts hold no storage
// reference across a call.
#[allow(unsafe_code)]
unsafe impl MutatingCallContext for Context {
    fn value(&self) -> U256 {
        self.value
    }
}

/// Calls `to` with `context` (gas and value) and `data`; its return data, or
/// its revert data unchanged. Inlined, as every function here that takes
/// the host: called on the contract's own host type, the call is direct;
/// an out-of-line call through `&dyn Host` would link the host's whole
/// table, every hostio included (`create1`, `create2`, ...). The host writes the storage cache back and
/// clears it first, so the callee (and anything it calls back) sees this
/// contract's writes, and this contract rereads what they change.
#[inline(always)]
pub fn call_with(vm: &dyn Host, context: Context, to: Address, data: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    vm.call(&context, to, data).map_err(revert_bytes)
}

/// Calls `to` (no value, all gas) with `selector` and `args`; see
/// [`call_with`].
#[inline(always)]
pub fn call(vm: &dyn Host, to: Address, selector: [u8; 4], args: &[B256]) -> Result<Vec<u8>, Vec<u8>> {
    call_with(vm, Context::with_value(U256::ZERO), to, &calldata(selector, args))
}

/// Static-calls `to` with the calldata `input`; its return data, or its
/// revert data unchanged.
#[inline(always)]
pub fn static_call_with(vm: &dyn Host, to: Address, input: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    vm.static_call(&Context::with_value(U256::ZERO), to, input).map_err(revert_bytes)
}

/// Static-calls `to` with `selector` and `args`; its return data, or its
/// revert data unchanged.
#[inline(always)]
pub fn static_call(vm: &dyn Host, to: Address, selector: [u8; 4], args: &[B256]) -> Result<Vec<u8>, Vec<u8>> {
    vm.static_call(&Context::with_value(U256::ZERO), to, &calldata(selector, args)).map_err(revert_bytes)
}

/// The signer of `hash` by the ecrecover precompile (`0x01`), or `None`
/// when it recovers no key.
///
/// Written here rather than taken from OpenZeppelin Stylus 0.3
/// (`ecdsa::recover`): that one slices the precompile's output at byte 12
/// and panics when the output is empty, which is what the precompile
/// returns for any signature that recovers no key (an `r` that is no
/// point's x-coordinate, a `v` other than 27 or 28, `r` or `s` out of
/// range). The contract then trapped with no revert data instead of
/// failing by name; the stateful fuzzer found it with a garbage `permit`.
#[inline(always)]
pub fn ecrecover(vm: &dyn Host, hash: B256, v: u8, r: B256, s: B256) -> Option<Address> {
    let v = B256::from(U256::from(v));
    let input = [hash.as_slice(), v.as_slice(), r.as_slice(), s.as_slice()].concat();
    let output = vm.static_call(&Context::with_value(U256::ZERO), ECRECOVER, &input).ok()?;
    let word: &[u8; 32] = output.as_slice().try_into().ok()?;
    let (padding, address) = word.split_at(12);
    let address = Address::from_slice(address);
    (padding.iter().all(|b| *b == 0) && !address.is_zero()).then_some(address)
}

/// The ecrecover precompile.
pub const ECRECOVER: Address = Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

/// The first `N` words of a call's return data (`CallReturnMalformed()` if
/// it is shorter).
pub fn words<const N: usize>(data: &[u8]) -> Result<[U256; N], Vec<u8>> {
    let mut out = [U256::ZERO; N];
    for (i, word) in out.iter_mut().enumerate() {
        match data.get(i * 32..(i + 1) * 32) {
            Some(bytes) => *word = U256::from_be_slice(bytes),
            None => return Err(CallReturnMalformed::SELECTOR.to_vec()),
        }
    }
    Ok(out)
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

    /// `pool()`: the one account that may mint and burn it.
    #[inline(always)]
    pub fn pool(self, vm: &dyn Host) -> Result<Address, Vec<u8>> {
        let [pool] = words::<1>(&static_call(vm, self.0, sig::IBondToken::poolCall::SELECTOR, &[])?)?;
        Ok(Address::from_word(pool.into()))
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

/// The calldata the staking contract pays an account with: the selector of
/// `onStakingPayment()`. An account without code ignores it; a contract
/// takes the payment in that payable function (ink! contracts cannot take a
/// call without a selector, so the same calldata serves both platforms).
pub const STAKING_PAYMENT: [u8; 4] = sig::IStakingPayee::onStakingPaymentCall::SELECTOR;

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;
    use sig::{IBondToken as B, ICertToken as C, IRatioFeed as F};

    const WHO: Address = address!("00000000000000000000000000000000000000aa");

    fn account_and(a: Address, n: u64) -> [B256; 2] {
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
                calldata(F::updateRatioCall::SELECTOR, &account_and(WHO, 7)),
                F::updateRatioCall { token: WHO, newRatio: U256::from(7) }.abi_encode(),
            ),
            (
                calldata(C::mintCall::SELECTOR, &account_and(WHO, 8)),
                C::mintCall { to: WHO, amount: U256::from(8) }.abi_encode(),
            ),
            (
                calldata(C::burnCall::SELECTOR, &account_and(WHO, 9)),
                C::burnCall { from: WHO, amount: U256::from(9) }.abi_encode(),
            ),
            (calldata(B::ratioCall::SELECTOR, &[]), B::ratioCall {}.abi_encode()),
            (
                calldata(B::mintSharesCall::SELECTOR, &account_and(WHO, 10)),
                B::mintSharesCall { to: WHO, shares: U256::from(10) }.abi_encode(),
            ),
            (
                calldata(B::burnSharesCall::SELECTOR, &account_and(WHO, 11)),
                B::burnSharesCall { from: WHO, shares: U256::from(11) }.abi_encode(),
            ),
            (STAKING_PAYMENT.to_vec(), sig::IStakingPayee::onStakingPaymentCall {}.abi_encode()),
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
    fn words_reads_the_leading_words_and_rejects_short_data() {
        let returned: Vec<u8> = [U256::from(5), U256::from(6)].iter().flat_map(|w| w.to_be_bytes::<32>()).collect();
        assert_eq!(words::<2>(&returned), Ok([U256::from(5), U256::from(6)]));
        assert_eq!(words::<3>(&returned), Err(CallReturnMalformed::SELECTOR.to_vec()));
    }

    #[test]
    fn word_result_of_short_data_is_call_return_malformed() {
        assert_eq!(word_result(&[0; 31]), Err(CallReturnMalformed::SELECTOR.to_vec()));
        assert_eq!(word_result(&[]), Err(CallReturnMalformed::SELECTOR.to_vec()));
    }
}
