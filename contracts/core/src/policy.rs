//! The bounded ratio feed: the rules every ratio update obeys.
//!
//! Ankr's feeds had bounds that could be bypassed; here every update is
//! checked in one place: the ratio never increases, never moves by more than
//! a threshold per update, and updates for one token are a minimum interval
//! apart. The admin's `repairRatio` is bounded too.

use crate::math::{bps_of, Rounding, BPS, ONE};
use crate::{CoreError, CoreResult, U256};

/// Default largest move of one update: 0.1% (10 basis points).
pub const DEFAULT_THRESHOLD_BPS: u32 = 10;
/// Default minimum time between two updates of one token: 12 hours.
pub const DEFAULT_MIN_INTERVAL_SECS: u64 = 12 * 60 * 60;
/// Default largest move of one admin repair, either way: 1%.
pub const DEFAULT_MAX_REPAIR_BPS: u32 = 100;
/// No policy may allow more than a 10% move in one step.
pub const MAX_STEP_BPS: u32 = 1_000;

/// The feed's configurable bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatioPolicy {
    /// Largest decrease one oracle update may make, in basis points of the
    /// current ratio (1..=1000).
    pub threshold_bps: u32,
    /// Minimum seconds between two oracle updates of one token.
    pub min_interval_secs: u64,
    /// Largest move one admin repair may make, either way, in basis points of
    /// the current ratio (1..=1000).
    pub max_repair_bps: u32,
}

impl Default for RatioPolicy {
    fn default() -> Self {
        Self {
            threshold_bps: DEFAULT_THRESHOLD_BPS,
            min_interval_secs: DEFAULT_MIN_INTERVAL_SECS,
            max_repair_bps: DEFAULT_MAX_REPAIR_BPS,
        }
    }
}

impl RatioPolicy {
    /// Checks the parameters: both step bounds in `1..=1000` basis points.
    pub fn validate(self) -> CoreResult<Self> {
        let in_range = |bps: u32| (1..=MAX_STEP_BPS).contains(&bps);
        if in_range(self.threshold_bps) && in_range(self.max_repair_bps) {
            Ok(self)
        } else {
            Err(CoreError::RatioPolicyOutOfRange)
        }
    }
}

/// A token's stored ratio and when it last changed (seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatioRecord {
    /// Shares per asset, scaled by 1e18.
    pub ratio: U256,
    /// Timestamp of the last change, in seconds.
    pub last_updated: u64,
}

/// Checks a ratio is usable at all: in `(0, 1e18]`.
pub fn check_ratio_range(ratio: U256) -> CoreResult<U256> {
    if ratio.is_zero() {
        Err(CoreError::RatioZero)
    } else if ratio > ONE {
        Err(CoreError::RatioAboveOne)
    } else {
        Ok(ratio)
    }
}

/// The record of a newly registered token (a bridged LST starts at its own
/// chain's ratio, a fresh one at 1e18).
pub fn initial_record(ratio: U256, now: u64) -> CoreResult<RatioRecord> {
    Ok(RatioRecord { ratio: check_ratio_range(ratio)?, last_updated: now })
}

/// Largest distance allowed from `ratio` for `bps` basis points (rounded
/// down, so the bound is never looser than configured).
fn max_step(ratio: U256, bps: u32) -> CoreResult<U256> {
    debug_assert!(bps <= BPS);
    bps_of(ratio, bps, Rounding::Down)
}

/// Checks an oracle update and returns the record to store.
///
/// Errors, in order: [`CoreError::RatioZero`], [`CoreError::RatioIncrease`],
/// [`CoreError::RatioChangeTooLarge`], [`CoreError::RatioUpdateTooSoon`].
/// An update equal to the current ratio is allowed (a "no rewards" report).
pub fn check_update(policy: &RatioPolicy, current: &RatioRecord, new_ratio: U256, now: u64) -> CoreResult<RatioRecord> {
    if new_ratio.is_zero() {
        return Err(CoreError::RatioZero);
    }
    if new_ratio > current.ratio {
        return Err(CoreError::RatioIncrease);
    }
    let decrease = current.ratio.checked_sub(new_ratio).ok_or(CoreError::RatioIncrease)?;
    if decrease > max_step(current.ratio, policy.threshold_bps)? {
        return Err(CoreError::RatioChangeTooLarge);
    }
    let earliest = current.last_updated.saturating_add(policy.min_interval_secs);
    if now < earliest {
        return Err(CoreError::RatioUpdateTooSoon);
    }
    Ok(RatioRecord { ratio: new_ratio, last_updated: now })
}

/// Checks an admin repair and returns the record to store.
///
/// A repair may move the ratio either way (to undo a bad report) but by at
/// most `max_repair_bps`, must stay in `(0, 1e18]`, and ignores the interval.
pub fn check_repair(policy: &RatioPolicy, current: &RatioRecord, new_ratio: U256, now: u64) -> CoreResult<RatioRecord> {
    check_ratio_range(new_ratio)?;
    let distance = crate::math::abs_diff(new_ratio, current.ratio);
    if distance > max_step(current.ratio, policy.max_repair_bps)? {
        return Err(CoreError::RatioRepairTooLarge);
    }
    Ok(RatioRecord { ratio: new_ratio, last_updated: now })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u(x: u128) -> U256 {
        U256::from(x)
    }

    const T0: u64 = 1_700_000_000;

    fn record() -> RatioRecord {
        RatioRecord { ratio: ONE, last_updated: T0 }
    }

    fn later() -> u64 {
        T0 + DEFAULT_MIN_INTERVAL_SECS
    }

    #[test]
    fn default_policy_is_valid_and_matches_the_spec() {
        let p = RatioPolicy::default().validate().unwrap();
        assert_eq!((p.threshold_bps, p.min_interval_secs), (10, 43_200));
    }

    #[test]
    fn policy_rejects_zero_or_huge_steps() {
        let p = RatioPolicy { threshold_bps: 0, ..RatioPolicy::default() };
        assert_eq!(p.validate(), Err(CoreError::RatioPolicyOutOfRange));
        let p = RatioPolicy { max_repair_bps: 1_001, ..RatioPolicy::default() };
        assert_eq!(p.validate(), Err(CoreError::RatioPolicyOutOfRange));
    }

    #[test]
    fn update_within_threshold_after_interval_is_accepted() {
        let new = ONE - u(1_000_000_000_000_000); // -0.1%
        let rec = check_update(&RatioPolicy::default(), &record(), new, later()).unwrap();
        assert_eq!(rec, RatioRecord { ratio: new, last_updated: later() });
    }

    #[test]
    fn update_equal_to_current_is_accepted() {
        assert!(check_update(&RatioPolicy::default(), &record(), ONE, later()).is_ok());
    }

    #[test]
    fn update_that_increases_is_rejected() {
        let current = RatioRecord { ratio: ONE - u(5), last_updated: T0 };
        assert_eq!(check_update(&RatioPolicy::default(), &current, ONE, later()), Err(CoreError::RatioIncrease));
    }

    #[test]
    fn update_beyond_threshold_is_rejected() {
        let new = ONE - u(1_000_000_000_000_001);
        assert_eq!(check_update(&RatioPolicy::default(), &record(), new, later()), Err(CoreError::RatioChangeTooLarge));
    }

    #[test]
    fn update_before_interval_is_rejected() {
        assert_eq!(
            check_update(&RatioPolicy::default(), &record(), ONE - u(1), later() - 1),
            Err(CoreError::RatioUpdateTooSoon)
        );
    }

    #[test]
    fn update_to_zero_is_rejected() {
        assert_eq!(check_update(&RatioPolicy::default(), &record(), U256::ZERO, later()), Err(CoreError::RatioZero));
    }

    #[test]
    fn initial_ratio_must_be_in_range() {
        assert_eq!(initial_record(U256::ZERO, T0), Err(CoreError::RatioZero));
        assert_eq!(initial_record(ONE + u(1), T0), Err(CoreError::RatioAboveOne));
        assert_eq!(initial_record(ONE, T0), Ok(record()));
    }

    #[test]
    fn repair_may_raise_within_its_bound_at_any_time() {
        let current = RatioRecord { ratio: u(900_000_000_000_000_000), last_updated: T0 };
        let up = u(909_000_000_000_000_000); // +1%
        assert_eq!(
            check_repair(&RatioPolicy::default(), &current, up, T0 + 1),
            Ok(RatioRecord { ratio: up, last_updated: T0 + 1 })
        );
    }

    #[test]
    fn repair_beyond_its_bound_is_rejected() {
        let current = RatioRecord { ratio: u(900_000_000_000_000_000), last_updated: T0 };
        let up = u(909_000_000_000_000_001);
        assert_eq!(check_repair(&RatioPolicy::default(), &current, up, T0), Err(CoreError::RatioRepairTooLarge));
        let down = u(890_999_999_999_999_999);
        assert_eq!(check_repair(&RatioPolicy::default(), &current, down, T0), Err(CoreError::RatioRepairTooLarge));
    }

    #[test]
    fn repair_cannot_leave_the_valid_range() {
        assert_eq!(check_repair(&RatioPolicy::default(), &record(), ONE + u(1), T0), Err(CoreError::RatioAboveOne));
    }

    proptest! {
        #[test]
        fn accepted_updates_never_increase_nor_exceed_threshold(
            ratio in 1u128..=1_000_000_000_000_000_000u128, new in 0u128..=1_000_000_000_000_000_000u128,
            threshold in 1u32..=MAX_STEP_BPS, elapsed in 0u64..100_000,
        ) {
            let policy = RatioPolicy { threshold_bps: threshold, ..RatioPolicy::default() };
            let current = RatioRecord { ratio: U256::from(ratio), last_updated: T0 };
            if let Ok(rec) = check_update(&policy, &current, U256::from(new), T0 + elapsed) {
                prop_assert!(rec.ratio <= current.ratio);
                prop_assert!(!rec.ratio.is_zero());
                // (old - new) * 10_000 <= old * threshold
                prop_assert!((current.ratio - rec.ratio) * U256::from(BPS) <= current.ratio * U256::from(threshold));
                prop_assert!(elapsed >= policy.min_interval_secs);
            }
        }

        #[test]
        fn a_chain_of_updates_stays_monotone(steps in proptest::collection::vec(0u32..=20, 1..50)) {
            let policy = RatioPolicy::default();
            let mut rec = record();
            for (i, bps) in steps.into_iter().enumerate() {
                let proposed = rec.ratio - rec.ratio * U256::from(bps) / U256::from(BPS);
                let now = T0 + (i as u64 + 1) * DEFAULT_MIN_INTERVAL_SECS;
                match check_update(&policy, &rec, proposed, now) {
                    Ok(next) => { prop_assert!(next.ratio <= rec.ratio); rec = next; }
                    Err(e) => { prop_assert!(bps > policy.threshold_bps); prop_assert_eq!(e, CoreError::RatioChangeTooLarge); }
                }
            }
        }
    }
}
