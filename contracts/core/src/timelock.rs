//! Scheduled admin changes: the rule that bounds a stolen admin key.
//!
//! The aBNBc exploit was one stolen key doing at once what the contracts
//! allowed. Here a change that loosens a protection or redirects funds (a
//! larger ratio step, a higher fee, a new stake destination or notary, a
//! higher mint limit) does not take effect when the owner asks: it is
//! **scheduled**, and takes effect only when the owner asks again, with the
//! same value, after the contract's change delay (fixed at deployment:
//! 48 hours by default, at least an hour). Meanwhile everybody can see it
//! coming (`ChangeScheduled`) and the owner or the pauser can cancel it.
//! Changes that tighten (pausing, a lower fee, a stricter policy, a lower
//! limit) stay immediate.
//!
//! Each setting is one slot, named by a [`change_key`]: the 4-byte selector
//! of its setter and, for a per-token or per-bond setting, that token's
//! address. A slot holds at most one scheduled value; asking for another
//! value replaces it and restarts its delay.

use crate::{Address, CoreError, CoreResult, U256};

/// The default delay of a scheduled change: 48 hours.
pub const DEFAULT_CHANGE_DELAY_SECS: u64 = 48 * 60 * 60;
/// The shortest delay a contract may be deployed with: one hour, so the
/// pauser always has time to react.
pub const MIN_CHANGE_DELAY_SECS: u64 = 60 * 60;
/// The longest delay a contract may be deployed with: 30 days (a longer
/// one would freeze the settings for good).
pub const MAX_CHANGE_DELAY_SECS: u64 = 30 * 24 * 60 * 60;

/// Checks a deployment's change delay: [`MIN_CHANGE_DELAY_SECS`] to
/// [`MAX_CHANGE_DELAY_SECS`], or [`CoreError::ChangeDelayOutOfRange`].
pub fn check_delay(delay_secs: u64) -> CoreResult<u64> {
    if (MIN_CHANGE_DELAY_SECS..=MAX_CHANGE_DELAY_SECS).contains(&delay_secs) {
        Ok(delay_secs)
    } else {
        Err(CoreError::ChangeDelayOutOfRange)
    }
}

/// The slot of one setting: its setter's selector in the first 4 bytes and
/// `subject` (a token, a bond; zero for a contract-wide setting) in the
/// last 20, as the `bytes32 key` of the change events.
pub fn change_key(selector: [u8; 4], subject: &Address) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..4].copy_from_slice(&selector);
    key[12..].copy_from_slice(subject);
    key
}

/// A change waiting in its slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scheduled {
    /// The value the setting will take (an address, an amount, or several
    /// small settings packed into one word by their contract).
    pub value: U256,
    /// The earliest time (seconds) it may take effect.
    pub executable_at: u64,
}

/// What a loosening request does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Nothing takes effect yet: store this in the slot (replacing whatever
    /// waited there) and emit `ChangeScheduled`.
    Schedule(Scheduled),
    /// The same value waited out its delay: apply it, clear the slot and
    /// emit `ChangeExecuted`.
    Execute,
}

/// Decides a request to loosen a setting to `value` at `now`, given what
/// waits in its slot (`None`: nothing).
///
/// The same value as the one waiting executes once `executable_at` has
/// come, and is [`CoreError::ChangeNotReady`] before (nothing changes); any
/// other value is scheduled `delay_secs` from now.
pub fn decide(waiting: Option<Scheduled>, value: U256, now: u64, delay_secs: u64) -> CoreResult<Decision> {
    match waiting {
        Some(w) if w.value == value => {
            if now >= w.executable_at {
                Ok(Decision::Execute)
            } else {
                Err(CoreError::ChangeNotReady)
            }
        }
        _ => {
            let executable_at = now.checked_add(delay_secs).ok_or(CoreError::MathOverflow)?;
            Ok(Decision::Schedule(Scheduled { value, executable_at }))
        }
    }
}

/// Checks a cancellation: something must wait in the slot
/// ([`CoreError::NoChangePending`] otherwise).
pub fn cancel(waiting: Option<Scheduled>) -> CoreResult<Scheduled> {
    waiting.ok_or(CoreError::NoChangePending)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: u64 = 1_700_000_000;
    const DELAY: u64 = DEFAULT_CHANGE_DELAY_SECS;

    fn waiting(value: u64, at: u64) -> Option<Scheduled> {
        Some(Scheduled { value: U256::from(value), executable_at: at })
    }

    #[test]
    fn the_delay_is_between_an_hour_and_thirty_days() {
        assert_eq!(check_delay(0), Err(CoreError::ChangeDelayOutOfRange));
        assert_eq!(check_delay(MIN_CHANGE_DELAY_SECS - 1), Err(CoreError::ChangeDelayOutOfRange));
        assert_eq!(check_delay(MAX_CHANGE_DELAY_SECS + 1), Err(CoreError::ChangeDelayOutOfRange));
        assert_eq!(check_delay(MIN_CHANGE_DELAY_SECS), Ok(MIN_CHANGE_DELAY_SECS));
        assert_eq!(check_delay(DEFAULT_CHANGE_DELAY_SECS), Ok(DEFAULT_CHANGE_DELAY_SECS));
        assert_eq!(check_delay(MAX_CHANGE_DELAY_SECS), Ok(MAX_CHANGE_DELAY_SECS));
    }

    #[test]
    fn a_key_is_the_selector_then_the_subject() {
        let key = change_key([0xde, 0xad, 0xbe, 0xef], &[0x11; 20]);
        assert_eq!(key[..4], [0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(key[4..12], [0; 8]);
        assert_eq!(key[12..], [0x11; 20]);
    }

    #[test]
    fn a_first_request_is_scheduled_after_the_delay() {
        assert_eq!(
            decide(None, U256::from(7u8), NOW, DELAY),
            Ok(Decision::Schedule(Scheduled { value: U256::from(7u8), executable_at: NOW + DELAY }))
        );
    }

    #[test]
    fn the_same_value_before_its_time_is_not_ready() {
        assert_eq!(decide(waiting(7, NOW + 10), U256::from(7u8), NOW + 9, DELAY), Err(CoreError::ChangeNotReady));
    }

    #[test]
    fn the_same_value_at_its_time_executes() {
        assert_eq!(decide(waiting(7, NOW + 10), U256::from(7u8), NOW + 10, DELAY), Ok(Decision::Execute));
        assert_eq!(decide(waiting(7, NOW + 10), U256::from(7u8), NOW + 99, DELAY), Ok(Decision::Execute));
    }

    #[test]
    fn another_value_replaces_the_waiting_one_and_restarts_the_delay() {
        assert_eq!(
            decide(waiting(7, NOW - 1), U256::from(8u8), NOW, DELAY),
            Ok(Decision::Schedule(Scheduled { value: U256::from(8u8), executable_at: NOW + DELAY }))
        );
    }

    #[test]
    fn cancelling_needs_a_waiting_change() {
        assert_eq!(cancel(None), Err(CoreError::NoChangePending));
        assert_eq!(cancel(waiting(7, NOW)), Ok(Scheduled { value: U256::from(7u8), executable_at: NOW }));
    }

    proptest! {
        #[test]
        fn nothing_executes_before_the_delay_has_passed_since_it_was_scheduled(
            requests in proptest::collection::vec((0u8..3, 0u64..200_000), 1..30),
        ) {
            // Whatever the owner asks and whenever, a value executes only
            // when it has waited, unreplaced, a full delay.
            let mut slot: Option<(Scheduled, u64)> = None; // (change, scheduled at)
            let mut now = NOW;
            for (value, wait) in requests {
                now += wait;
                match decide(slot.map(|(s, _)| s), U256::from(value), now, DELAY) {
                    Ok(Decision::Execute) => {
                        let (s, at) = slot.unwrap();
                        prop_assert_eq!(s.value, U256::from(value));
                        prop_assert!(now >= at + DELAY);
                        slot = None;
                    }
                    Ok(Decision::Schedule(s)) => slot = Some((s, now)),
                    Err(e) => prop_assert_eq!(e, CoreError::ChangeNotReady),
                }
            }
        }
    }
}
