//! Scheduled admin changes: the storage interface, events and messages of
//! [`lst_core::timelock`], shared by every contract whose owner can loosen a
//! protection or redirect funds (the ratio feed's policies and updaters,
//! the pools' fee, treasury and operator).
//!
//! A loosening setter asks [`request`] whether its value may take effect
//! now; the contract exposes `changeDelay()`, `pendingChange(bytes32)` and
//! `cancelChange(bytes32)` ([`pending`], and [`cancel_change`] or
//! [`cancel_change_by_owner_or_pauser`]). Each setting is a key: its setter's selector and the subject
//! it is about ([`key`]). Every refusal here is a core rule
//! (`ChangeNotReady`, `NoChangePending`, `ChangeDelayOutOfRange`), so the
//! functions answer a [`CoreResult`], which every contract's error takes.

use crate::abi::Word;
use crate::ownable::{only_owner, Owned};
use crate::{emit, pausable, Address, Error, Host, Result, U256};
pub use lst_core::timelock::Scheduled;
use lst_core::timelock::{self, Decision};
use lst_core::CoreResult;

/// A contract's change delay and waiting changes, as each platform lays
/// them out.
pub trait Store {
    /// The delay of every change, in seconds.
    fn delay(&self) -> u64;
    /// Stores the delay (at deployment).
    fn set_delay(&mut self, delay_secs: u64);
    /// The change waiting for `key`, if any.
    fn waiting(&self, key: [u8; 32]) -> Option<Scheduled>;
    /// Stores (or, with `None`, clears) the change waiting for `key`.
    fn set_waiting(&mut self, key: [u8; 32], waiting: Option<Scheduled>);
}

crate::events! {
    /// A change of the setting `key` to `value` was scheduled: the owner
    /// may apply it from `executableAt` (seconds) on.
    ChangeScheduled = "ChangeScheduled(bytes32,bytes32,uint256)" {
        topics { key: [u8; 32] } data { value: [u8; 32], executableAt: U256 }
    }
    /// The scheduled change of `key` to `value` took effect.
    ChangeExecuted = "ChangeExecuted(bytes32,bytes32)" { topics { key: [u8; 32] } data { value: [u8; 32] } }
    /// The scheduled change of `key` to `value` was cancelled.
    ChangeCancelled = "ChangeCancelled(bytes32,bytes32)" { topics { key: [u8; 32] } data { value: [u8; 32] } }
}

/// The key of a setting: its setter's selector and `subject`.
pub fn key(selector: [u8; 4], subject: Address) -> [u8; 32] {
    timelock::change_key(selector, &subject)
}

/// Deployment: every change waits `delay_secs` (one hour to 30 days;
/// `ChangeDelayOutOfRange` otherwise).
pub fn init<C: Store + ?Sized>(c: &mut C, delay_secs: u64) -> CoreResult<()> {
    c.set_delay(timelock::check_delay(delay_secs)?);
    Ok(())
}

/// A request to loosen the setting `key` to `value`: `true` when it takes
/// effect now (the same value waited out the delay: the slot is cleared and
/// `ChangeExecuted` logged); `false` when it was scheduled instead
/// (`ChangeScheduled`, replacing whatever waited). `ChangeNotReady` for the
/// waiting value before its time.
pub fn request<C: Host + Store + ?Sized>(c: &mut C, key: [u8; 32], value: U256) -> CoreResult<bool> {
    match timelock::decide(c.waiting(key), value, c.now(), c.delay())? {
        Decision::Execute => {
            c.set_waiting(key, None);
            emit(c, ChangeExecuted { key, value: value.word() });
            Ok(true)
        }
        Decision::Schedule(s) => {
            c.set_waiting(key, Some(s));
            emit(c, ChangeScheduled { key, value: value.word(), executableAt: U256::from(s.executable_at) });
            Ok(false)
        }
    }
}

/// `cancelChange(key)`: cancels the change waiting for `key`
/// (`NoChangePending` if none); the caller has checked who may.
pub fn cancel<C: Host + Store + ?Sized>(c: &mut C, key: [u8; 32]) -> CoreResult<()> {
    let waiting = timelock::cancel(c.waiting(key))?;
    c.set_waiting(key, None);
    emit(c, ChangeCancelled { key, value: waiting.value.word() });
    Ok(())
}

/// `cancelChange(key)` of a contract whose owner alone cancels (the
/// feed): `OwnableUnauthorizedAccount` for anyone else.
pub fn cancel_change<C: Host + Owned + Store>(c: &mut C, key: [u8; 32]) -> Result<()> {
    only_owner(c)?;
    Ok(cancel(c, key)?)
}

/// `cancelChange(key)` of a contract whose pauser may cancel too (the
/// pools: stopping a change is a protection): `Unauthorized` for anyone
/// else.
pub fn cancel_change_by_owner_or_pauser<C: Host + Owned + pausable::Store + Store>(
    c: &mut C,
    key: [u8; 32],
) -> Result<()> {
    let caller = c.caller();
    if caller != c.owner() && caller != c.pauser() {
        return Err(Error::Unauthorized { account: caller });
    }
    Ok(cancel(c, key)?)
}

/// `pendingChange(key)`: (value, executable at) of the change waiting for
/// `key`; zeros when none waits.
pub fn pending<C: Store + ?Sized>(c: &C, key: [u8; 32]) -> ([u8; 32], U256) {
    c.waiting(key).map_or(([0; 32], U256::ZERO), |w| (w.value.word(), U256::from(w.executable_at)))
}

#[cfg(test)]
mod tests;
