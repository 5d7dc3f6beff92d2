//! Scheduled admin changes on ink!: the storage, events and calls of
//! [`lst_core::timelock`], shared by every contract whose owner can loosen
//! a protection or redirect funds.
//!
//! A contract keeps one [`Timelock`] and, in each loosening setter, asks
//! [`Timelock::request`] whether the value may take effect now; it exposes
//! `changeDelay()`, `pendingChange(bytes32)` and `cancelChange(bytes32)`
//! through `#[lst_ink_common::timelock_messages(...)]`, which calls the
//! methods here.

use crate::{from_core, now_secs, to_core, Bytes32, Result};
use ink::{storage::Mapping, Address, U256};
use lst_core::timelock::{self, Decision, Scheduled};

/// A change of the setting `key` to `value` was scheduled: the owner may
/// apply it from `executableAt` (seconds) on.
#[ink::event]
#[allow(non_snake_case)]
pub struct ChangeScheduled {
    /// The setting: its setter's selector, then the token it is about.
    #[ink(topic)]
    pub key: Bytes32,
    /// The value it will take.
    pub value: Bytes32,
    /// When it may take effect.
    pub executableAt: U256,
}

/// The scheduled change of `key` to `value` took effect.
#[ink::event]
pub struct ChangeExecuted {
    /// The setting.
    #[ink(topic)]
    pub key: Bytes32,
    /// Its value now.
    pub value: Bytes32,
}

/// The scheduled change of `key` to `value` was cancelled.
#[ink::event]
pub struct ChangeCancelled {
    /// The setting.
    #[ink(topic)]
    pub key: Bytes32,
    /// The value it would have taken.
    pub value: Bytes32,
}

/// A waiting change: (value, executable at).
type Waiting = (U256, u64);

/// The change delay and every setting's waiting change.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Timelock {
    /// Per setting; absent when nothing waits.
    slots: Mapping<[u8; 32], Waiting>,
    delay_secs: u64,
}

fn word(value: U256) -> Bytes32 {
    Bytes32::from(value.to_big_endian())
}

impl Timelock {
    /// Sets the delay, checked by the core (one hour to 30 days).
    pub fn init(&mut self, delay_secs: u64) -> Result<()> {
        self.delay_secs = timelock::check_delay(delay_secs)?;
        Ok(())
    }

    /// The delay of every change, in seconds.
    pub fn delay(&self) -> u64 {
        self.delay_secs
    }

    fn waiting(&self, key: &Bytes32) -> Option<Scheduled> {
        self.slots.get(key.0).map(|(value, executable_at)| Scheduled { value: to_core(value), executable_at })
    }

    /// `(value, executableAt)` of the change waiting for `key`; zeros when
    /// nothing waits.
    pub fn pending(&self, key: &Bytes32) -> (Bytes32, U256) {
        self.slots
            .get(key.0)
            .map_or((Bytes32::from([0u8; 32]), U256::zero()), |(value, at)| (word(value), U256::from(at)))
    }

    /// A request to loosen the setting `key` to `value`: `true` when it
    /// takes effect now (the same value waited out the delay: the slot is
    /// cleared and `ChangeExecuted` emitted); `false` when it was scheduled
    /// instead (`ChangeScheduled`). `ChangeNotReady` for the waiting value
    /// before its time.
    pub fn request(&mut self, key: Bytes32, value: U256) -> Result<bool> {
        match timelock::decide(self.waiting(&key), to_core(value), now_secs(), self.delay_secs)? {
            Decision::Execute => {
                self.slots.remove(key.0);
                crate::emit(ChangeExecuted { key, value: word(value) });
                Ok(true)
            }
            Decision::Schedule(s) => {
                self.slots.insert(key.0, &(value, s.executable_at));
                crate::emit(ChangeScheduled { key, value: word(value), executableAt: U256::from(s.executable_at) });
                Ok(false)
            }
        }
    }

    /// Cancels the change waiting for `key` (`NoChangePending` if none);
    /// the caller has checked who may.
    pub fn cancel(&mut self, key: Bytes32) -> Result<()> {
        let waiting = timelock::cancel(self.waiting(&key))?;
        self.slots.remove(key.0);
        crate::emit(ChangeCancelled { key, value: word(from_core(waiting.value)) });
        Ok(())
    }
}

/// The key of a setting: the setter's selector and `subject` (see
/// [`lst_core::timelock::change_key`]).
pub fn key(selector: [u8; 4], subject: Address) -> Bytes32 {
    Bytes32::from(timelock::change_key(selector, &crate::address_bytes(subject)))
}

/// A word holding an address (a scheduled address change's value).
pub fn address_value(account: Address) -> U256 {
    U256::from_big_endian(&crate::calls::address_word(account))
}
