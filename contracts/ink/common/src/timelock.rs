//! Scheduled admin changes on ink!: the storage of `lst_app::timelock`,
//! whose messages (`request`, `cancel`, their events) are written once for
//! both platforms, shared by every contract whose owner can loosen a
//! protection or redirect funds. The events stay declared here for
//! cargo-contract's ABI; the app layer logs them.
//!
//! A contract keeps one [`Timelock`] and, in each loosening setter, asks
//! [`Timelock::request`] whether the value may take effect now; it exposes
//! `changeDelay()`, `pendingChange(bytes32)` and `cancelChange(bytes32)`
//! through `#[lst_ink_common::timelock_messages(...)]`, which calls the
//! methods here.

use crate::{from_core, to_core, Bytes32};
use ink::{storage::Mapping, Address, U256};
use lst_core::timelock::{self, Scheduled};

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

crate::app_host!(Timelock);

impl lst_app::timelock::Store for Timelock {
    fn delay(&self) -> u64 {
        self.delay_secs
    }

    fn set_delay(&mut self, delay_secs: u64) {
        self.delay_secs = delay_secs;
    }

    fn waiting(&self, key: [u8; 32]) -> Option<Scheduled> {
        self.slots.get(key).map(|(value, executable_at)| Scheduled { value: to_core(value), executable_at })
    }

    fn set_waiting(&mut self, key: [u8; 32], waiting: Option<Scheduled>) {
        match waiting {
            Some(w) => {
                self.slots.insert(key, &(from_core(w.value), w.executable_at));
            }
            None => self.slots.remove(key),
        }
    }
}

impl Timelock {
    /// The delay of every change, in seconds.
    pub fn delay(&self) -> u64 {
        self.delay_secs
    }

    /// `(value, executableAt)` of the change waiting for `key`; zeros when
    /// nothing waits.
    pub fn pending(&self, key: &Bytes32) -> (Bytes32, U256) {
        let (value, at) = lst_app::timelock::pending(self, key.0);
        (Bytes32::from(value), from_core(at))
    }
}

/// The key of a setting: the setter's selector and `subject` (see
/// [`lst_core::timelock::change_key`]).
pub fn key(selector: [u8; 4], subject: Address) -> Bytes32 {
    Bytes32::from(timelock::change_key(selector, &crate::address_bytes(subject)))
}
