//! Calls from the ink! contracts to other accounts: payments, and the one
//! non-generic call path the app layer's `Host` uses ([`app_call`],
//! [`app_view`]). A callee's revert data is passed on unchanged, as on
//! Stylus.
//!
//! ink!'s off-chain test environment runs no other contract, so under
//! `std` (the unit tests) every call and view reverts with no data; the
//! calls themselves are tested on `lst-app`'s memory chain and on
//! pallet-revive.

use ink::{Address, U256};

/// The 4-byte selector of a Solidity signature, at compile time.
#[macro_export]
macro_rules! selector {
    ($signature:literal) => {
        const { ink::codegen::sol::selector_bytes($signature) }
    };
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
/// the return data, or the revert data (a trap or exhausted resources: the
/// data of `CallReturnMalformed()`). One non-generic path for every call
/// of the suite: ink!'s typed call builder instantiates its encoder and
/// decoder per call site (it cost the AVAX delegator about 5 kB more than
/// its 32 KiB budget), and maps a revert to empty data.
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

/// `account` as an ABI word.
pub fn address_word(account: Address) -> [u8; 32] {
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(account.as_bytes());
    word
}

/// `onStakingPayment()`: the calldata of a payment from the staking side.
pub const STAKING_PAYMENT: [u8; 4] = selector!("onStakingPayment()");

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_word_is_left_padded() {
        let word = super::address_word(ink::Address::from([0x11; 20]));
        assert_eq!((&word[..12], &word[12..]), (&[0u8; 12][..], &[0x11u8; 20][..]));
    }

    #[test]
    fn selectors_are_keccak_of_the_signature() {
        // cast sig "getRatioFor(address)"
        assert_eq!(selector!("getRatioFor(address)"), [0xa1, 0xf1, 0xd4, 0x8d]);
        // cast sig "onStakingPayment()"
        assert_eq!(super::STAKING_PAYMENT, selector!("onStakingPayment()"));
    }
}
