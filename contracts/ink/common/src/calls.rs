//! Solidity-ABI calls to the suite's other contracts, all through one
//! non-generic path, [`raw_call`]. A callee's revert is passed through
//! unchanged (`Error::Revert`, as on Stylus); an answer that does not
//! decode is `CallReturnMalformed`.
//!
//! ink!'s off-chain test environment cannot run Solidity-ABI calls (its
//! `return_value_solidity` is unimplemented), so under `std` (the unit
//! tests) each call is answered by [`crate::testing::feed`], a stand-in the
//! tests configure. The real calls run in the local-chain scenarios.

#[cfg(not(feature = "std"))]
use crate::Error;
use crate::Result;
use ink::{Address, U256};

/// The 4-byte selector of a Solidity signature, at compile time.
#[macro_export]
macro_rules! selector {
    ($signature:literal) => {
        const { ink::codegen::sol::selector_bytes($signature) }
    };
}

/// `feed.getRatioFor(token)`: the token's ratio (1e18 fixed point).
#[cfg(feature = "std")]
pub fn get_ratio_for(feed: Address, token: Address) -> Result<U256> {
    crate::testing::feed::get_ratio_for(feed, token)
}

/// `feed.getRatioFor(token)`: the token's ratio (1e18 fixed point).
#[cfg(not(feature = "std"))]
pub fn get_ratio_for(feed: Address, token: Address) -> Result<U256> {
    let [ratio] = view_words::<1>(feed, selector!("getRatioFor(address)"), Some(token))?;
    Ok(ratio)
}

/// `bond.ratio()`: the ratio the bond token's balances use.
#[cfg(feature = "std")]
pub fn bond_ratio(bond: Address) -> Result<U256> {
    crate::testing::tokens::ratio(bond)
}

/// `bond.ratio()`: the ratio the bond token's balances use.
#[cfg(not(feature = "std"))]
pub fn bond_ratio(bond: Address) -> Result<U256> {
    let [ratio] = view_words::<1>(bond, selector!("ratio()"), None)?;
    Ok(ratio)
}

/// `bond.pool()`: the one account that may mint and burn it.
#[cfg(feature = "std")]
pub fn bond_pool(bond: Address) -> Result<Address> {
    crate::testing::tokens::pool(bond)
}

/// `bond.pool()`: the one account that may mint and burn it.
#[cfg(not(feature = "std"))]
pub fn bond_pool(bond: Address) -> Result<Address> {
    let [pool] = view_words::<1>(bond, selector!("pool()"), None)?;
    Ok(word_address(pool))
}

/// `token.<signature>(account, amount)` for the pools' mint and burn calls
/// (`mintShares`, `burnShares`, `mint`, `burn`).
#[cfg(feature = "std")]
fn account_amount_call(token: Address, selector: [u8; 4], account: Address, amount: U256) -> Result<()> {
    crate::testing::tokens::call(token, selector, account, amount)
}

/// `token.<signature>(account, amount)` for the pools' mint and burn calls
/// (`mintShares`, `burnShares`, `mint`, `burn`).
#[cfg(not(feature = "std"))]
fn account_amount_call(token: Address, selector: [u8; 4], account: Address, amount: U256) -> Result<()> {
    let input = calldata(selector, &[address_word(account), amount.to_big_endian()]);
    raw_call(token, U256::zero(), pallet_revive_uapi::CallFlags::empty(), &input).map(drop)
}

/// `bond.mintShares(to, shares)`.
pub fn mint_shares(bond: Address, to: Address, shares: U256) -> Result<()> {
    account_amount_call(bond, MINT_SHARES, to, shares)
}

/// `bond.burnShares(from, shares)`.
pub fn burn_shares(bond: Address, from: Address, shares: U256) -> Result<()> {
    account_amount_call(bond, BURN_SHARES, from, shares)
}

/// `cert.mint(to, amount)`.
pub fn mint(cert: Address, to: Address, amount: U256) -> Result<()> {
    account_amount_call(cert, MINT, to, amount)
}

/// `cert.burn(from, amount)`.
pub fn burn(cert: Address, from: Address, amount: U256) -> Result<()> {
    account_amount_call(cert, BURN, from, amount)
}

/// `feed.updateRatio(token, newRatio)`.
#[cfg(feature = "std")]
pub fn update_ratio(feed: Address, token: Address, new_ratio: U256) -> Result<()> {
    crate::testing::feed::update_ratio(feed, token, new_ratio)
}

/// `feed.updateRatio(token, newRatio)`.
#[cfg(not(feature = "std"))]
pub fn update_ratio(feed: Address, token: Address, new_ratio: U256) -> Result<()> {
    let input = calldata(selector!("updateRatio(address,uint256)"), &[address_word(token), new_ratio.to_big_endian()]);
    raw_call(feed, U256::zero(), pallet_revive_uapi::CallFlags::empty(), &input).map(drop)
}

/// Sends `amount` of the native currency to `to`, giving the recipient at
/// most `ref_time` of computation (`None`: all that is left). Whether it
/// was accepted; a refusal changes nothing.
#[cfg(feature = "std")]
pub fn pay(to: Address, amount: U256, ref_time: Option<u64>) -> bool {
    let _ = ref_time;
    ink::env::transfer::<crate::Env>(to, amount).is_ok()
}

/// Sends `amount` of the native currency to `to`, giving the recipient at
/// most `ref_time` of computation (`None`: all that is left). Whether it
/// was accepted; a refusal changes nothing.
#[cfg(not(feature = "std"))]
pub fn pay(to: Address, amount: U256, ref_time: Option<u64>) -> bool {
    use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl};
    HostFnImpl::call(
        CallFlags::empty(),
        &to.0,
        ref_time.unwrap_or(u64::MAX),
        u64::MAX,
        &[u8::MAX; 32],
        &amount.to_little_endian(),
        &[],
        None,
    )
    .is_ok()
}

/// Sends `amount` to `to` with the calldata `input` (all computation left):
/// whether it was accepted. The staking side pays with
/// [`STAKING_PAYMENT`], which an account ignores and a contract takes in its
/// payable `onStakingPayment()`: ink! contracts cannot take a call without
/// a selector.
#[cfg(feature = "std")]
pub fn pay_with(to: Address, amount: U256, input: &[u8]) -> bool {
    let _ = input;
    ink::env::transfer::<crate::Env>(to, amount).is_ok()
}

/// Sends `amount` to `to` with the calldata `input` (all computation left):
/// whether it was accepted. The staking side pays with
/// [`STAKING_PAYMENT`], which an account ignores and a contract takes in its
/// payable `onStakingPayment()`: ink! contracts cannot take a call without
/// a selector.
#[cfg(not(feature = "std"))]
pub fn pay_with(to: Address, amount: U256, input: &[u8]) -> bool {
    use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl};
    HostFnImpl::call(
        CallFlags::empty(),
        &to.0,
        u64::MAX,
        u64::MAX,
        &[u8::MAX; 32],
        &amount.to_little_endian(),
        input,
        None,
    )
    .is_ok()
}

/// The balance of `account` (the test environment's under `std`).
#[cfg(feature = "std")]
pub fn balance_of(account: Address) -> U256 {
    ink::env::test::get_contract_balance::<crate::Env>(account).unwrap_or_default()
}

/// The balance of `account`.
#[cfg(not(feature = "std"))]
pub fn balance_of(account: Address) -> U256 {
    use pallet_revive_uapi::{HostFn, HostFnImpl};
    let mut out = [0u8; 32];
    HostFnImpl::balance_of(&account.0, &mut out);
    U256::from_little_endian(&out)
}

/// Calls `to` with `value` and `input` (all computation left, `flags`):
/// its return data, or its revert data as [`Error::Revert`] (a trap or
/// exhausted resources: `CallReturnMalformed`). One non-generic path
/// for every call of the suite: ink!'s typed call builder instantiates its
/// encoder and decoder per call site (it cost the AVAX delegator about
/// 5 kB more than its 32 KiB budget), and maps a revert to empty data.
#[cfg(not(feature = "std"))]
pub fn raw_call(
    to: Address,
    value: U256,
    flags: pallet_revive_uapi::CallFlags,
    input: &[u8],
) -> Result<ink::prelude::vec::Vec<u8>> {
    use pallet_revive_uapi::{HostFn, HostFnImpl, ReturnErrorCode};
    let result =
        HostFnImpl::call(flags, &to.0, u64::MAX, u64::MAX, &[u8::MAX; 32], &value.to_little_endian(), input, None);
    let len = usize::try_from(HostFnImpl::return_data_size()).map_err(|_| Error::CallReturnMalformed {})?;
    let mut data = ink::prelude::vec![0u8; len];
    HostFnImpl::return_data_copy(&mut &mut data[..], 0);
    match result {
        Ok(()) => Ok(data),
        Err(ReturnErrorCode::CalleeReverted) => Err(Error::Revert(data)),
        Err(_) => Err(Error::CallReturnMalformed {}),
    }
}

/// [`raw_call`]'s answer as bytes, for the contracts written in `lst-app`:
/// the return data, or the revert data (a trap or exhausted resources: the
/// data of `CallReturnMalformed()`). A body of its own rather than a
/// wrapper either way round: each kind of contract then links one of the
/// two, and the contracts not yet in `lst-app` (CertToken at 99% of its
/// budget) keep their size.
#[cfg(not(feature = "std"))]
pub fn raw_call_bytes(
    to: Address,
    value: U256,
    flags: pallet_revive_uapi::CallFlags,
    input: &[u8],
) -> core::result::Result<ink::prelude::vec::Vec<u8>, ink::prelude::vec::Vec<u8>> {
    use pallet_revive_uapi::{HostFn, HostFnImpl, ReturnErrorCode};
    let malformed = || selector!("CallReturnMalformed()").to_vec();
    let result =
        HostFnImpl::call(flags, &to.0, u64::MAX, u64::MAX, &[u8::MAX; 32], &value.to_little_endian(), input, None);
    let len = usize::try_from(HostFnImpl::return_data_size()).map_err(|_| malformed())?;
    let mut data = ink::prelude::vec![0u8; len];
    HostFnImpl::return_data_copy(&mut &mut data[..], 0);
    match result {
        Ok(()) => Ok(data),
        Err(ReturnErrorCode::CalleeReverted) => Err(data),
        Err(_) => Err(malformed()),
    }
}

/// An app-layer call (`lst_app::Host::call`): its return data, or its
/// revert data (a trap or exhausted resources: `CallReturnMalformed()`).
/// `call.reentry` lets the callee call back into this contract
/// (`ALLOW_REENTRY`).
#[cfg(not(feature = "std"))]
pub fn app_call(
    call: &lst_app::abi::Call,
) -> core::result::Result<ink::prelude::vec::Vec<u8>, ink::prelude::vec::Vec<u8>> {
    use pallet_revive_uapi::CallFlags;
    let flags = if call.reentry { CallFlags::ALLOW_REENTRY } else { CallFlags::empty() };
    raw_call_bytes(Address::from(call.to), crate::from_core(call.value), flags, &call.input)
}

/// An app-layer view (`lst_app::Host::view`): a read-only call.
#[cfg(not(feature = "std"))]
pub fn app_view(
    to: lst_app::Address,
    input: &[u8],
) -> core::result::Result<ink::prelude::vec::Vec<u8>, ink::prelude::vec::Vec<u8>> {
    raw_call_bytes(Address::from(to), U256::zero(), pallet_revive_uapi::CallFlags::READ_ONLY, input)
}

/// ink!'s off-chain test environment runs no other contract: every call
/// reverts with no data (the calls themselves are tested on the memory
/// chain of `lst-app` and on pallet-revive).
#[cfg(feature = "std")]
pub fn app_call(
    call: &lst_app::abi::Call,
) -> core::result::Result<ink::prelude::vec::Vec<u8>, ink::prelude::vec::Vec<u8>> {
    let _ = call;
    Err(ink::prelude::vec::Vec::new())
}

/// See the `std` [`app_call`]: every view reverts with no data.
#[cfg(feature = "std")]
pub fn app_view(
    to: lst_app::Address,
    input: &[u8],
) -> core::result::Result<ink::prelude::vec::Vec<u8>, ink::prelude::vec::Vec<u8>> {
    let _ = (to, input);
    Err(ink::prelude::vec::Vec::new())
}

/// Calldata: `selector` followed by the ABI words `args`.
#[cfg(not(feature = "std"))]
pub fn calldata(selector: [u8; 4], args: &[[u8; 32]]) -> ink::prelude::vec::Vec<u8> {
    let mut data = ink::prelude::vec::Vec::with_capacity(4 + 32 * args.len());
    data.extend_from_slice(&selector);
    for arg in args {
        data.extend_from_slice(arg);
    }
    data
}

/// `account` as an ABI word.
pub fn address_word(account: Address) -> [u8; 32] {
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(account.as_bytes());
    word
}

/// The first `N` words of return data (`CallReturnMalformed` if shorter).
pub fn words<const N: usize>(data: &[u8]) -> Result<[U256; N]> {
    let mut out = [U256::zero(); N];
    for (i, word) in out.iter_mut().enumerate() {
        let bytes = data.get(i * 32..(i + 1) * 32).ok_or(crate::Error::CallReturnMalformed {})?;
        *word = U256::from_big_endian(bytes);
    }
    Ok(out)
}

/// An address in an ABI word.
pub fn word_address(word: U256) -> Address {
    let bytes = word.to_big_endian();
    Address::from_slice(&bytes[12..])
}

/// The first `N` words a view of `to` returns (no arguments, or `arg`).
#[cfg(not(feature = "std"))]
fn view_words<const N: usize>(to: Address, selector: [u8; 4], arg: Option<Address>) -> Result<[U256; N]> {
    let input = match arg {
        Some(a) => calldata(selector, &[address_word(a)]),
        None => calldata(selector, &[]),
    };
    words(&raw_call(to, U256::zero(), pallet_revive_uapi::CallFlags::READ_ONLY, &input)?)
}

/// `onStakingPayment()`: the calldata of a payment from the staking side.
pub const STAKING_PAYMENT: [u8; 4] = selector!("onStakingPayment()");
/// `mintShares(address,uint256)`.
pub const MINT_SHARES: [u8; 4] = selector!("mintShares(address,uint256)");
/// `burnShares(address,uint256)`.
pub const BURN_SHARES: [u8; 4] = selector!("burnShares(address,uint256)");
/// `mint(address,uint256)`.
pub const MINT: [u8; 4] = selector!("mint(address,uint256)");
/// `burn(address,uint256)`.
pub const BURN: [u8; 4] = selector!("burn(address,uint256)");

#[cfg(test)]
mod tests {
    #[test]
    fn words_read_the_leading_abi_words_and_refuse_short_data() {
        let data = [[0u8; 31].as_slice(), &[7], &super::address_word(ink::Address::from([0x11; 20]))].concat();
        let [first, second] = super::words::<2>(&data).unwrap();
        assert_eq!(first, ink::U256::from(7));
        assert_eq!(super::word_address(second), ink::Address::from([0x11; 20]));
        assert_eq!(super::words::<3>(&data), Err(crate::Error::CallReturnMalformed {}));
    }

    #[test]
    fn selectors_are_keccak_of_the_signature() {
        // cast sig "getRatioFor(address)"
        assert_eq!(selector!("getRatioFor(address)"), [0xa1, 0xf1, 0xd4, 0x8d]);
        // cast sig "mint(address,uint256)"
        assert_eq!(super::MINT, [0x40, 0xc1, 0x0f, 0x19]);
    }
}
