//! Scheduled admin changes on Stylus: the storage of
//! [`lst_app::timelock`], whose messages (`request`, `cancel`, their events)
//! are written once for both platforms, shared by every contract whose
//! owner can loosen a protection or redirect funds.
//!
//! A contract keeps one [`Timelock`] and, in each loosening setter, asks
//! [`Timelock::request`] whether the value may take effect now; it exposes
//! `changeDelay()`, `pendingChange(bytes32)` and `cancelChange(bytes32)`
//! through the three methods of the same names here.

use alloc::{vec, vec::Vec};
use alloy_primitives::{aliases::U64, B256, U256};
use lst_core::{
    timelock::{self, Scheduled},
    CoreError,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU256, StorageU64},
};

crate::sol_abi! {
    /// A change of the setting `key` to `value` was scheduled: the owner
    /// may apply it from `executableAt` (seconds) on.
    #[derive(Debug, PartialEq, Eq)]
    event ChangeScheduled(bytes32 indexed key, bytes32 value, uint256 executableAt);
    /// The scheduled change of `key` to `value` took effect.
    #[derive(Debug, PartialEq, Eq)]
    event ChangeExecuted(bytes32 indexed key, bytes32 value);
    /// The scheduled change of `key` to `value` was cancelled.
    #[derive(Debug, PartialEq, Eq)]
    event ChangeCancelled(bytes32 indexed key, bytes32 value);
}

/// One setting's waiting change (`executable_at` zero: nothing waits).
#[storage]
pub struct Slot {
    value: StorageU256,
    executable_at: StorageU64,
}

/// The change delay and every setting's waiting change.
///
/// Both fields fill whole slots (the delay is a full word), so the struct
/// can sit anywhere in a contract's storage: stylus-sdk 0.9 miscounts
/// slots around a nested struct that ends or follows a partly filled one
/// (see [`crate::gate::MintGate`]).
#[storage]
pub struct Timelock {
    slots: StorageMap<B256, Slot>,
    delay_secs: StorageU256,
}

crate::app_host!(Timelock);

impl lst_app::timelock::Store for Timelock {
    fn delay(&self) -> u64 {
        self.delay_secs.get().saturating_to()
    }

    fn set_delay(&mut self, delay_secs: u64) {
        self.delay_secs.set(U256::from(delay_secs));
    }

    fn waiting(&self, key: [u8; 32]) -> Option<Scheduled> {
        let slot = self.slots.getter(B256::from(key));
        let executable_at: u64 = slot.executable_at.get().to();
        (executable_at != 0).then(|| Scheduled { value: slot.value.get(), executable_at })
    }

    fn set_waiting(&mut self, key: [u8; 32], waiting: Option<Scheduled>) {
        let (value, executable_at) = waiting.map_or((U256::ZERO, 0), |w| (w.value, w.executable_at));
        let mut slot = self.slots.setter(B256::from(key));
        slot.value.set(value);
        slot.executable_at.set(U64::from(executable_at));
    }
}

impl Timelock {
    /// Sets the delay, checked by the core (one hour to 30 days).
    pub fn init(&mut self, delay_secs: u64) -> Result<(), CoreError> {
        lst_app::timelock::init(self, delay_secs)
    }

    /// The delay of every change, in seconds.
    pub fn delay(&self) -> u64 {
        lst_app::timelock::Store::delay(self)
    }

    /// `(value, executableAt)` of the change waiting for `key`; zeros when
    /// nothing waits.
    pub fn pending(&self, key: B256) -> (B256, U256) {
        let (value, at) = lst_app::timelock::pending(self, key.0);
        (B256::from(value), at)
    }

    /// See [`lst_app::timelock::request`].
    #[inline(always)]
    pub fn request(&mut self, key: B256, value: U256) -> Result<bool, CoreError> {
        lst_app::timelock::request(self, key.0, value)
    }

    /// See [`lst_app::timelock::cancel`]; the caller has checked who may.
    #[inline(always)]
    pub fn cancel(&mut self, key: B256) -> Result<(), CoreError> {
        lst_app::timelock::cancel(self, key.0)
    }
}

#[cfg(any(test, feature = "testing"))]
impl Timelock {
    /// Test support (feature `testing`): moves the change waiting for
    /// `key` `secs` closer, as motsu's block time stands still.
    pub fn rewind(&mut self, key: B256, secs: u64) {
        let mut slot = self.slots.setter(key);
        let at: u64 = slot.executable_at.get().to();
        slot.executable_at.set(U64::from(at.saturating_sub(secs).max(1)));
    }
}

/// The key of a setting: the setter's selector and `subject` (see
/// [`lst_core::timelock::change_key`]).
pub fn key(selector: [u8; 4], subject: alloy_primitives::Address) -> B256 {
    B256::from(timelock::change_key(selector, &subject.into_array()))
}
