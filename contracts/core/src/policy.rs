//! The bounded ratio feed: the rules every ratio update obeys.
//!
//! Ankr's feeds had bounds that could be bypassed; here every update is
//! checked in one place: the ratio never increases, never moves by more than
//! its token's threshold per update, and updates for one token are its
//! minimum interval apart. An update that leaves the ratio where it is
//! changes nothing, so it cannot restart the clock. The admin's
//! `repairRatio` is bounded too: never upward, within its own bound, at most
//! once per interval. Every policy setting has a floor and a ceiling here,
//! so no configuration can switch a bound off.

use crate::math::{bps_of, Rounding, BPS, ONE};
use crate::{CoreError, CoreResult, U256};

/// Default largest move of one update: 0.1% (10 basis points).
pub const DEFAULT_THRESHOLD_BPS: u32 = 10;
/// Default minimum time between two updates of one token: 12 hours.
pub const DEFAULT_MIN_INTERVAL_SECS: u64 = 12 * 60 * 60;
/// Default largest move of one admin repair: 1%.
pub const DEFAULT_MAX_REPAIR_BPS: u32 = 100;
/// No policy may allow more than a 10% move in one step.
pub const MAX_STEP_BPS: u32 = 1_000;
/// No policy may let two updates (or two repairs) of one token come less
/// than an hour apart: with a zero interval one batch could move a ratio
/// many thresholds in one transaction.
pub const MIN_INTERVAL_FLOOR_SECS: u64 = 60 * 60;
/// No policy may make a token wait more than 30 days between updates (a
/// feed that can never move would freeze its pool's rewards).
pub const MAX_INTERVAL_SECS: u64 = 30 * 24 * 60 * 60;

/// One token's configurable bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatioPolicy {
    /// Largest decrease one oracle update may make, in basis points of the
    /// current ratio (1..=1000).
    pub threshold_bps: u32,
    /// Minimum seconds between two oracle updates of the token, and between
    /// two repairs ([`MIN_INTERVAL_FLOOR_SECS`]..=[`MAX_INTERVAL_SECS`]).
    pub min_interval_secs: u64,
    /// Largest decrease one admin repair may make, in basis points of the
    /// current ratio (1..=1000).
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
    /// Checks the parameters: both step bounds in `1..=1000` basis points,
    /// the interval in `1 h..=30 days`.
    pub fn validate(self) -> CoreResult<Self> {
        let in_range = |bps: u32| (1..=MAX_STEP_BPS).contains(&bps);
        let interval_ok = (MIN_INTERVAL_FLOOR_SECS..=MAX_INTERVAL_SECS).contains(&self.min_interval_secs);
        if in_range(self.threshold_bps) && in_range(self.max_repair_bps) && interval_ok {
            Ok(self)
        } else {
            Err(CoreError::RatioPolicyOutOfRange)
        }
    }

    /// Whether moving from `current` to `self` loosens any bound: a larger
    /// step, a shorter interval or a larger repair. Such a change waits out
    /// the contract's change delay; a change that only tightens is
    /// immediate.
    pub fn loosens(&self, current: &RatioPolicy) -> bool {
        self.threshold_bps > current.threshold_bps
            || self.min_interval_secs < current.min_interval_secs
            || self.max_repair_bps > current.max_repair_bps
    }
}

/// A token's stored ratio and its clocks (seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatioRecord {
    /// Shares per asset, scaled by 1e18.
    pub ratio: U256,
    /// When the ratio last changed (registration, update or repair).
    pub last_updated: u64,
    /// When the admin last repaired it (0: never).
    pub last_repaired: u64,
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
    Ok(RatioRecord { ratio: check_ratio_range(ratio)?, last_updated: now, last_repaired: 0 })
}

/// Largest distance allowed from `ratio` for `bps` basis points (rounded
/// down, so the bound is never looser than configured).
fn max_step(ratio: U256, bps: u32) -> CoreResult<U256> {
    debug_assert!(bps <= BPS);
    bps_of(ratio, bps, Rounding::Down)
}

/// A decrease from `current` to `new_ratio` by at most `bps`, or `too_large`.
fn check_decrease(current: U256, new_ratio: U256, bps: u32, too_large: CoreError) -> CoreResult<()> {
    if new_ratio.is_zero() {
        return Err(CoreError::RatioZero);
    }
    let decrease = current.checked_sub(new_ratio).ok_or(CoreError::RatioIncrease)?;
    if decrease > max_step(current, bps)? {
        return Err(too_large);
    }
    Ok(())
}

/// Checks an oracle update and returns the record to store, or `None` when
/// the update leaves the ratio unchanged: nothing is written then, so a
/// repeated ratio cannot restart the interval's clock.
///
/// Errors, in order: [`CoreError::RatioZero`], [`CoreError::RatioIncrease`],
/// [`CoreError::RatioChangeTooLarge`], [`CoreError::RatioUpdateTooSoon`].
pub fn check_update(
    policy: &RatioPolicy,
    current: &RatioRecord,
    new_ratio: U256,
    now: u64,
) -> CoreResult<Option<RatioRecord>> {
    check_decrease(current.ratio, new_ratio, policy.threshold_bps, CoreError::RatioChangeTooLarge)?;
    if new_ratio == current.ratio {
        return Ok(None);
    }
    let earliest = current.last_updated.saturating_add(policy.min_interval_secs);
    if now < earliest {
        return Err(CoreError::RatioUpdateTooSoon);
    }
    Ok(Some(RatioRecord { ratio: new_ratio, last_updated: now, ..*current }))
}

/// Checks an admin repair and returns the record to store.
///
/// A repair undoes an over-generous report: it may only lower the ratio
/// (certificates never lose value), by at most `max_repair_bps`, and at most
/// once per `min_interval_secs`, so repeated repairs are bounded over time
/// as oracle updates are. It ignores the oracle's own clock, and restarts
/// it. Errors, in order: [`CoreError::RatioZero`],
/// [`CoreError::RatioIncrease`], [`CoreError::RatioRepairTooLarge`],
/// [`CoreError::RatioRepairTooSoon`].
pub fn check_repair(policy: &RatioPolicy, current: &RatioRecord, new_ratio: U256, now: u64) -> CoreResult<RatioRecord> {
    check_decrease(current.ratio, new_ratio, policy.max_repair_bps, CoreError::RatioRepairTooLarge)?;
    if current.last_repaired != 0 && now < current.last_repaired.saturating_add(policy.min_interval_secs) {
        return Err(CoreError::RatioRepairTooSoon);
    }
    Ok(RatioRecord { ratio: new_ratio, last_updated: now, last_repaired: now })
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
        RatioRecord { ratio: ONE, last_updated: T0, last_repaired: 0 }
    }

    fn at(ratio: U256) -> RatioRecord {
        RatioRecord { ratio, ..record() }
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
        let p = RatioPolicy { threshold_bps: MAX_STEP_BPS + 1, ..RatioPolicy::default() };
        assert_eq!(p.validate(), Err(CoreError::RatioPolicyOutOfRange));
        let p = RatioPolicy { max_repair_bps: 1_001, ..RatioPolicy::default() };
        assert_eq!(p.validate(), Err(CoreError::RatioPolicyOutOfRange));
    }

    #[test]
    fn policy_rejects_an_interval_below_an_hour_or_above_thirty_days() {
        for secs in [0, MIN_INTERVAL_FLOOR_SECS - 1, MAX_INTERVAL_SECS + 1] {
            let p = RatioPolicy { min_interval_secs: secs, ..RatioPolicy::default() };
            assert_eq!(p.validate(), Err(CoreError::RatioPolicyOutOfRange), "{secs}");
        }
        for secs in [MIN_INTERVAL_FLOOR_SECS, MAX_INTERVAL_SECS] {
            assert!(RatioPolicy { min_interval_secs: secs, ..RatioPolicy::default() }.validate().is_ok());
        }
    }

    #[test]
    fn a_larger_step_a_shorter_interval_or_a_larger_repair_loosens() {
        let now = RatioPolicy::default();
        assert!(RatioPolicy { threshold_bps: 11, ..now }.loosens(&now));
        assert!(RatioPolicy { min_interval_secs: now.min_interval_secs - 1, ..now }.loosens(&now));
        assert!(RatioPolicy { max_repair_bps: 101, ..now }.loosens(&now));
        // Tightening every bound, or leaving them, does not.
        assert!(!now.loosens(&now));
        let tighter = RatioPolicy { threshold_bps: 5, min_interval_secs: 86_400, max_repair_bps: 50 };
        assert!(!tighter.loosens(&now));
        // One loosened bound is enough, whatever the others do.
        assert!(RatioPolicy { threshold_bps: 20, ..tighter }.loosens(&now));
    }

    #[test]
    fn update_within_threshold_after_interval_is_accepted() {
        let new = ONE - u(1_000_000_000_000_000); // -0.1%
        let rec = check_update(&RatioPolicy::default(), &record(), new, later()).unwrap();
        assert_eq!(rec, Some(RatioRecord { ratio: new, last_updated: later(), last_repaired: 0 }));
    }

    #[test]
    fn an_update_equal_to_the_current_ratio_changes_nothing_and_keeps_the_clock() {
        // Not even the interval is checked: nothing is written.
        assert_eq!(check_update(&RatioPolicy::default(), &record(), ONE, T0 + 1), Ok(None));
        assert_eq!(check_update(&RatioPolicy::default(), &record(), ONE, later()), Ok(None));
    }

    #[test]
    fn update_that_increases_is_rejected() {
        let current = at(ONE - u(5));
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
    fn a_repair_lowers_within_its_bound_and_restarts_both_clocks() {
        let current = at(u(900_000_000_000_000_000));
        let down = u(891_000_000_000_000_000); // -1%
        assert_eq!(
            check_repair(&RatioPolicy::default(), &current, down, T0 + 1),
            Ok(RatioRecord { ratio: down, last_updated: T0 + 1, last_repaired: T0 + 1 })
        );
    }

    #[test]
    fn a_repair_never_raises_the_ratio() {
        let current = at(u(900_000_000_000_000_000));
        let up = u(900_000_000_000_000_001);
        assert_eq!(check_repair(&RatioPolicy::default(), &current, up, T0), Err(CoreError::RatioIncrease));
    }

    #[test]
    fn repair_beyond_its_bound_is_rejected() {
        let current = at(u(900_000_000_000_000_000));
        let down = u(890_999_999_999_999_999);
        assert_eq!(check_repair(&RatioPolicy::default(), &current, down, T0), Err(CoreError::RatioRepairTooLarge));
    }

    #[test]
    fn a_second_repair_waits_out_the_interval() {
        let p = RatioPolicy::default();
        let first = check_repair(&p, &record(), ONE - u(1), T0).unwrap();
        let soon = T0 + p.min_interval_secs - 1;
        assert_eq!(check_repair(&p, &first, ONE - u(2), soon), Err(CoreError::RatioRepairTooSoon));
        assert!(check_repair(&p, &first, ONE - u(2), soon + 1).is_ok());
    }

    #[test]
    fn repair_cannot_reach_zero() {
        let tiny = at(u(1));
        let p = RatioPolicy { max_repair_bps: MAX_STEP_BPS, ..RatioPolicy::default() };
        assert_eq!(check_repair(&p, &tiny, U256::ZERO, T0), Err(CoreError::RatioZero));
    }

    proptest! {
        #[test]
        fn accepted_updates_never_increase_nor_exceed_threshold(
            ratio in 1u128..=1_000_000_000_000_000_000u128, new in 0u128..=1_000_000_000_000_000_000u128,
            threshold in 1u32..=MAX_STEP_BPS, elapsed in 0u64..100_000,
        ) {
            let policy = RatioPolicy { threshold_bps: threshold, ..RatioPolicy::default() };
            let current = at(U256::from(ratio));
            if let Ok(Some(rec)) = check_update(&policy, &current, U256::from(new), T0 + elapsed) {
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
                    Ok(Some(next)) => { prop_assert!(next.ratio < rec.ratio); rec = next; }
                    Ok(None) => prop_assert_eq!(proposed, rec.ratio),
                    Err(e) => { prop_assert!(bps > policy.threshold_bps); prop_assert_eq!(e, CoreError::RatioChangeTooLarge); }
                }
            }
        }

        #[test]
        fn repairs_only_lower_and_are_bounded_over_time(
            steps in proptest::collection::vec((0u32..=200, 0u64..100_000), 1..40),
        ) {
            // Whatever the admin tries, over a span of time the ratio falls
            // by at most one repair bound per interval.
            let policy = RatioPolicy::default();
            let mut rec = record();
            let mut now = T0;
            let mut repairs = 0u64;
            for (bps, wait) in steps {
                now += wait;
                let proposed = rec.ratio - rec.ratio * U256::from(bps) / U256::from(BPS);
                if let Ok(next) = check_repair(&policy, &rec, proposed, now) {
                    prop_assert!(next.ratio <= rec.ratio);
                    repairs += 1;
                    rec = next;
                }
            }
            prop_assert!(repairs <= 1 + (now - T0) / policy.min_interval_secs);
        }
    }
}
