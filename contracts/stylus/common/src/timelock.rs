//! Scheduled admin changes on Stylus: the storage, events and calls of
//! [`lst_core::timelock`], shared by every contract whose owner can loosen
//! a protection or redirect funds.
//!
//! A contract keeps one [`Timelock`] and, in each loosening setter, asks
//! [`Timelock::request`] whether the value may take effect now; it exposes
//! `changeDelay()`, `pendingChange(bytes32)` and `cancelChange(bytes32)`
//! through the three methods of the same names here.

use alloc::{vec, vec::Vec};
use alloy_primitives::{aliases::U64, B256, U256};
use lst_core::{
    timelock::{self, Decision, Scheduled},
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

impl Timelock {
    /// Sets the delay, checked by the core (one hour to 30 days).
    pub fn init(&mut self, delay_secs: u64) -> Result<(), CoreError> {
        self.delay_secs.set(U256::from(timelock::check_delay(delay_secs)?));
        Ok(())
    }

    /// The delay of every change, in seconds.
    pub fn delay(&self) -> u64 {
        self.delay_secs.get().saturating_to()
    }

    fn waiting(&self, key: B256) -> Option<Scheduled> {
        let slot = self.slots.getter(key);
        let executable_at: u64 = slot.executable_at.get().to();
        (executable_at != 0).then(|| Scheduled { value: slot.value.get(), executable_at })
    }

    fn clear(&mut self, key: B256) {
        let mut slot = self.slots.setter(key);
        slot.value.set(U256::ZERO);
        slot.executable_at.set(U64::ZERO);
    }

    /// `(value, executableAt)` of the change waiting for `key`; zeros when
    /// nothing waits.
    pub fn pending(&self, key: B256) -> (B256, U256) {
        self.waiting(key).map_or((B256::ZERO, U256::ZERO), |w| (w.value.into(), U256::from(w.executable_at)))
    }

    /// A request to loosen the setting `key` to `value`: `true` when it
    /// takes effect now (the same value waited out the delay: the slot is
    /// cleared and `ChangeExecuted` emitted); `false` when it was scheduled
    /// instead (`ChangeScheduled`). `ChangeNotReady` for the waiting value
    /// before its time.
    #[inline(always)]
    pub fn request(&mut self, key: B256, value: U256) -> Result<bool, CoreError> {
        match timelock::decide(self.waiting(key), value, self.vm().block_timestamp(), self.delay())? {
            Decision::Execute => {
                self.clear(key);
                log(self.vm(), ChangeExecuted { key, value: value.into() });
                Ok(true)
            }
            Decision::Schedule(s) => {
                let mut slot = self.slots.setter(key);
                slot.value.set(s.value);
                slot.executable_at.set(U64::from(s.executable_at));
                log(self.vm(), ChangeScheduled { key, value: value.into(), executableAt: U256::from(s.executable_at) });
                Ok(false)
            }
        }
    }

    /// Cancels the change waiting for `key` (`NoChangePending` if none);
    /// the caller has checked who may.
    #[inline(always)]
    pub fn cancel(&mut self, key: B256) -> Result<(), CoreError> {
        let waiting = timelock::cancel(self.waiting(key))?;
        self.clear(key);
        log(self.vm(), ChangeCancelled { key, value: waiting.value.into() });
        Ok(())
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
