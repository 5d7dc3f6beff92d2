//! motsu tests: every external function, its events, and every error path
//! with state unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::{aliases::U64, keccak256, uint};
use lst_core::math::ONE;
use lst_core::policy::DEFAULT_MIN_INTERVAL_SECS;
use lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY;
use lst_stylus_common::timelock::{ChangeCancelled, ChangeExecuted, ChangeScheduled};
use motsu::prelude::*;

/// motsu's fixed block timestamp.
const NOW: u64 = 1_735_689_600;
const RATIO: U256 = uint!(950_000_000_000_000_000_U256);
/// 0.1% below RATIO: the largest allowed step down.
const STEP: U256 = uint!(949_050_000_000_000_000_U256);

struct Setup {
    feed: Contract<RateProvider>,
    admin: Address,
    stranger: Address,
}

/// A feed with `token` registered at [`RATIO`], updated by `oracle`.
fn setup(feed: Contract<RateProvider>, admin: Address, oracle: Address, stranger: Address, token: Address) -> Setup {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    feed.sender(admin).register_token(token, RATIO, oracle).unwrap();
    Setup { feed, admin, stranger }
}

impl Setup {
    /// Pretends the last update of `token` was `secs` ago (motsu's clock is fixed).
    fn age(&self, token: Address, secs: u64) {
        self.feed.sender(self.admin).tokens.setter(token).updated_at.set(U64::from(NOW - secs));
    }

    /// Pretends the last repair of `token` was `secs` ago.
    fn age_repair(&self, token: Address, secs: u64) {
        self.feed.sender(self.admin).tokens.setter(token).repaired_at.set(U64::from(NOW - secs));
    }

    /// The key of `token`'s scheduled `setter` change.
    fn key(&self, setter: [u8; 4], token: Address) -> B256 {
        lst_stylus_common::timelock::key(setter, token)
    }

    /// Lets the change waiting for `key` become due (motsu's clock is fixed).
    fn wait_out(&self, key: B256) {
        self.feed.sender(self.admin).changes.rewind(key, DELAY);
    }

    fn ratio_of(&self, token: Address) -> U256 {
        self.feed.sender(self.stranger).get_ratio_for(token).unwrap()
    }
}

fn is_core(e: &Error, expected: CoreError) -> bool {
    assert!(
        crate::CORE_ERRORS.contains(&expected),
        "{expected:?} is raised but missing from the ABI (lst_core::error::raised)"
    );
    matches!(e, Error::Core(c) if *c == expected)
}

fn is_unauthorized(e: &Error) -> bool {
    matches!(e, Error::Ownable(ownable::Error::UnauthorizedAccount(_)))
}

fn is_not_updater(e: &Error, of: Address, caller: Address) -> bool {
    matches!(e, Error::NotRatioUpdater(NotRatioUpdater { token, account }) if *token == of && *account == caller)
}

#[motsu::test]
fn constructor_sets_the_owner_and_the_change_delay(feed: Contract<RateProvider>, admin: Address) {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    assert_eq!(feed.sender(admin).owner(), admin);
    assert_eq!(feed.sender(admin).change_delay(), U256::from(DELAY));
}

#[motsu::test]
fn constructor_refuses_a_change_delay_under_an_hour_or_over_thirty_days(feed: Contract<RateProvider>, admin: Address) {
    for delay in [0, 3_599, 30 * 86_400 + 1] {
        let err = feed.sender(admin).constructor(admin, delay).motsu_unwrap_err();
        assert!(is_core(&err, CoreError::ChangeDelayOutOfRange), "{delay}");
    }
}

#[motsu::test]
fn register_token_stores_ratio_updater_and_default_policy_and_emits(
    feed: Contract<RateProvider>,
    admin: Address,
    token: Address,
    oracle: Address,
) {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    feed.sender(admin).register_token(token, RATIO, oracle).unwrap();
    feed.assert_emitted(&TokenRegistered { token, ratio: RATIO });
    feed.assert_emitted(&RatioUpdaterSet { token, updater: oracle });
    assert_eq!(feed.sender(admin).get_ratio_for(token).unwrap(), RATIO);
    assert_eq!(feed.sender(admin).last_updated(token).unwrap(), U256::from(NOW));
    assert_eq!(feed.sender(admin).ratio_updater(token).unwrap(), oracle);
    assert_eq!(feed.sender(admin).ratio_policy(token).unwrap(), (10, DEFAULT_MIN_INTERVAL_SECS, 100));
}

#[motsu::test]
fn register_token_rejects_a_zero_updater(feed: Contract<RateProvider>, admin: Address, token: Address) {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    let err = feed.sender(admin).register_token(token, RATIO, Address::ZERO).unwrap_err();
    assert!(is_core(&err, CoreError::InvalidRoleAccount));
    assert!(matches!(feed.sender(admin).get_ratio_for(token).unwrap_err(), Error::UnknownToken(_)));
}

#[motsu::test]
fn policy_and_updater_of_an_unknown_token_are_errors(feed: Contract<RateProvider>, admin: Address, other: Address) {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    assert!(matches!(feed.sender(admin).ratio_policy(other).unwrap_err(), Error::UnknownToken(_)));
    assert!(matches!(feed.sender(admin).ratio_updater(other).unwrap_err(), Error::UnknownToken(_)));
}

#[motsu::test]
fn register_token_rejects_a_second_registration(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let err = t.feed.sender(admin).register_token(token, ONE, s).unwrap_err();
    assert!(matches!(err, Error::TokenAlreadyRegistered(_)));
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), o);
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn register_token_rejects_ratios_outside_zero_to_one(feed: Contract<RateProvider>, admin: Address, token: Address) {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    let err = feed.sender(admin).register_token(token, U256::ZERO, admin).unwrap_err();
    assert!(is_core(&err, CoreError::RatioZero));
    let err = feed.sender(admin).register_token(token, ONE + U256::from(1), admin).unwrap_err();
    assert!(is_core(&err, CoreError::RatioAboveOne));
    assert!(matches!(feed.sender(admin).get_ratio_for(token).unwrap_err(), Error::UnknownToken(_)));
}

#[motsu::test]
fn get_ratio_for_an_unknown_token_is_an_error_not_zero(feed: Contract<RateProvider>, admin: Address, other: Address) {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    let err = feed.sender(admin).get_ratio_for(other).unwrap_err();
    assert!(matches!(err, Error::UnknownToken(UnknownToken { token }) if token == other));
    assert!(matches!(feed.sender(admin).last_updated(other).unwrap_err(), Error::UnknownToken(_)));
}

#[motsu::test]
fn ratio_and_get_rate_need_a_primary_token(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    assert!(matches!(t.feed.sender(s).ratio().unwrap_err(), Error::PrimaryTokenNotSet(_)));
    assert!(matches!(t.feed.sender(s).get_rate().unwrap_err(), Error::PrimaryTokenNotSet(_)));
}

#[motsu::test]
fn set_primary_token_makes_ratio_and_rate_answer(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.feed.sender(admin).set_primary_token(token).unwrap();
    t.feed.assert_emitted(&PrimaryTokenSet { token });
    assert_eq!(t.feed.sender(s).primary_token_address(), token);
    assert_eq!(t.feed.sender(s).ratio().unwrap(), RATIO);
    // 1e36 / 0.95e18, rounded down.
    assert_eq!(t.feed.sender(s).get_rate().unwrap(), uint!(1_052_631_578_947_368_421_U256));
}

#[motsu::test]
fn set_primary_token_rejects_unknown_tokens(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    other: Address,
) {
    let t = setup(feed, admin, o, s, token);
    assert!(matches!(t.feed.sender(admin).set_primary_token(other).unwrap_err(), Error::UnknownToken(_)));
    assert_eq!(t.feed.sender(s).primary_token_address(), Address::ZERO);
}

#[motsu::test]
fn update_ratio_within_bounds_stores_and_emits(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    t.feed.sender(o).update_ratio(token, STEP).unwrap();
    t.feed.assert_emitted(&RatioUpdated { token, oldRatio: RATIO, newRatio: STEP });
    assert_eq!(t.ratio_of(token), STEP);
    assert_eq!(t.feed.sender(s).last_updated(token).unwrap(), U256::from(NOW));
}

#[motsu::test]
fn update_ratio_rejects_an_increase(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    let err = t.feed.sender(o).update_ratio(token, RATIO + U256::from(1)).unwrap_err();
    assert!(is_core(&err, CoreError::RatioIncrease));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn update_ratio_rejects_a_step_beyond_the_threshold(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    let err = t.feed.sender(o).update_ratio(token, STEP - U256::from(1)).unwrap_err();
    assert!(is_core(&err, CoreError::RatioChangeTooLarge));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn update_ratio_rejects_updates_closer_than_the_interval(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS - 1);
    let err = t.feed.sender(o).update_ratio(token, STEP).unwrap_err();
    assert!(is_core(&err, CoreError::RatioUpdateTooSoon));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn update_ratio_rejects_zero_and_unknown_tokens(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    other: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    assert!(is_core(&t.feed.sender(o).update_ratio(token, U256::ZERO).unwrap_err(), CoreError::RatioZero));
    assert!(matches!(t.feed.sender(o).update_ratio(other, STEP).unwrap_err(), Error::UnknownToken(_)));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn update_ratios_updates_every_token(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    second: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.feed.sender(admin).register_token(second, ONE, o).unwrap();
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    t.age(second, DEFAULT_MIN_INTERVAL_SECS);
    let second_ratio = ONE - ONE / U256::from(1_000);
    t.feed.sender(o).update_ratios(vec![token, second], vec![STEP, second_ratio]).unwrap();
    assert_eq!((t.ratio_of(token), t.ratio_of(second)), (STEP, second_ratio));
    t.feed.assert_emitted(&RatioUpdated { token: second, oldRatio: ONE, newRatio: second_ratio });
}

#[motsu::test]
fn update_ratios_rejects_mismatched_lengths(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    let err = t.feed.sender(o).update_ratios(vec![token], vec![STEP, STEP]).unwrap_err();
    assert!(matches!(err, Error::LengthMismatch(_)));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn update_ratios_is_all_or_nothing(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    second: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.feed.sender(admin).register_token(second, ONE, o).unwrap();
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    // The second update is too soon: the first must not stick.
    let second_ratio = ONE - U256::from(1);
    let err = t.feed.sender(o).update_ratios(vec![token, second], vec![STEP, second_ratio]).unwrap_err();
    assert!(is_core(&err, CoreError::RatioUpdateTooSoon));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn update_ratios_checks_a_repeated_token_against_its_earlier_update(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    let err = t.feed.sender(o).update_ratios(vec![token, token], vec![STEP, STEP - U256::from(1)]).unwrap_err();
    assert!(is_core(&err, CoreError::RatioUpdateTooSoon));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn update_ratio_from_another_tokens_updater_is_refused(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    second: Address,
    dot_oracle: Address,
) {
    // The attack run's finding: one oracle role for every token let the
    // KSM/DOT oracle lower ankrAVAX's ratio. Each token has its own updater.
    let t = setup(feed, admin, o, s, token);
    t.feed.sender(admin).register_token(second, ONE, dot_oracle).unwrap();
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    let err = t.feed.sender(dot_oracle).update_ratio(token, STEP).unwrap_err();
    assert!(is_not_updater(&err, token, dot_oracle));
    let err = t.feed.sender(dot_oracle).update_ratios(vec![second, token], vec![ONE, STEP]).unwrap_err();
    assert!(is_not_updater(&err, token, dot_oracle));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn an_unchanged_ratio_does_not_restart_the_clock(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    // The attack run's finding: repeating the current ratio restarted the
    // interval, so the pool's next report was always too soon.
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    t.feed.sender(o).update_ratio(token, RATIO).unwrap();
    t.feed.sender(o).update_ratios(vec![token, token], vec![RATIO, RATIO]).unwrap();
    assert_eq!(t.feed.sender(s).last_updated(token).unwrap(), U256::from(NOW - DEFAULT_MIN_INTERVAL_SECS));
    t.feed.sender(o).update_ratio(token, STEP).unwrap();
    assert_eq!(t.ratio_of(token), STEP);
}

#[motsu::test]
fn set_ratio_updater_is_scheduled_and_applies_after_the_delay(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    next: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let key = t.key(setters::setRatioUpdaterCall::SELECTOR, token);
    t.feed.sender(admin).set_ratio_updater(token, next).unwrap();
    let value = next.into_word();
    t.feed.assert_emitted(&ChangeScheduled { key, value, executableAt: U256::from(NOW + DELAY) });
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), o, "nothing changes yet");
    assert_eq!(t.feed.sender(s).pending_change(key), (value, U256::from(NOW + DELAY)));
    // Asking again before the delay is refused and changes nothing.
    let err = t.feed.sender(admin).set_ratio_updater(token, next).motsu_unwrap_err();
    assert!(is_core(&err, CoreError::ChangeNotReady));
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), o);
    // After the delay the same call applies it.
    t.wait_out(key);
    t.feed.sender(admin).set_ratio_updater(token, next).unwrap();
    t.feed.assert_emitted(&ChangeExecuted { key, value });
    t.feed.assert_emitted(&RatioUpdaterSet { token, updater: next });
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), next);
    assert_eq!(t.feed.sender(s).pending_change(key), (B256::ZERO, U256::ZERO));
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    assert!(is_not_updater(&t.feed.sender(o).update_ratio(token, STEP).unwrap_err(), token, o));
    t.feed.sender(next).update_ratio(token, STEP).unwrap();
}

#[motsu::test]
fn another_value_replaces_the_waiting_change_and_restarts_its_delay(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    next: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let key = t.key(setters::setRatioUpdaterCall::SELECTOR, token);
    t.feed.sender(admin).set_ratio_updater(token, next).unwrap();
    t.wait_out(key);
    // A different updater is scheduled anew, from now.
    t.feed.sender(admin).set_ratio_updater(token, s).unwrap();
    assert_eq!(t.feed.sender(s).pending_change(key), (s.into_word(), U256::from(NOW + DELAY)));
    let err = t.feed.sender(admin).set_ratio_updater(token, s).motsu_unwrap_err();
    assert!(is_core(&err, CoreError::ChangeNotReady));
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), o);
}

#[motsu::test]
fn cancel_change_drops_the_waiting_change_and_emits(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    next: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let key = t.key(setters::setRatioUpdaterCall::SELECTOR, token);
    t.feed.sender(admin).set_ratio_updater(token, next).unwrap();
    t.feed.sender(admin).cancel_change(key).unwrap();
    t.feed.assert_emitted(&ChangeCancelled { key, value: next.into_word() });
    assert_eq!(t.feed.sender(s).pending_change(key), (B256::ZERO, U256::ZERO));
    // Asking again after the old delay schedules it anew: nothing applies.
    t.wait_out(key);
    t.feed.sender(admin).set_ratio_updater(token, next).unwrap();
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), o);
}

#[motsu::test]
fn cancel_change_without_a_waiting_change_is_no_change_pending(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let key = t.key(setters::setRatioUpdaterCall::SELECTOR, token);
    let err = t.feed.sender(admin).cancel_change(key).motsu_unwrap_err();
    assert!(is_core(&err, CoreError::NoChangePending));
}

#[motsu::test]
fn set_ratio_updater_rejects_zero_and_unknown_tokens(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    other: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let err = t.feed.sender(admin).set_ratio_updater(token, Address::ZERO).unwrap_err();
    assert!(is_core(&err, CoreError::InvalidRoleAccount));
    assert!(matches!(t.feed.sender(admin).set_ratio_updater(other, s).unwrap_err(), Error::UnknownToken(_)));
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), o);
}

#[motsu::test]
fn repair_ratio_lowers_within_its_bound_and_emits(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let down = RATIO - RATIO / U256::from(100); // -1%, no oracle interval needed
    t.feed.sender(admin).repair_ratio(token, down).unwrap();
    t.feed.assert_emitted(&RatioUpdated { token, oldRatio: RATIO, newRatio: down });
    assert_eq!(t.ratio_of(token), down);
}

#[motsu::test]
fn repair_ratio_never_raises_the_ratio(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    // The attack run's finding: a repair above the current ratio was accepted.
    let t = setup(feed, admin, o, s, token);
    let err = t.feed.sender(admin).repair_ratio(token, RATIO + U256::from(1)).unwrap_err();
    assert!(is_core(&err, CoreError::RatioIncrease));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn repair_ratio_waits_out_the_interval_between_repairs(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    // The attack run's finding: 50 repairs of -1% in one block.
    let t = setup(feed, admin, o, s, token);
    let first = RATIO - RATIO / U256::from(100);
    t.feed.sender(admin).repair_ratio(token, first).unwrap();
    let second = first - U256::from(1);
    let err = t.feed.sender(admin).repair_ratio(token, second).unwrap_err();
    assert!(is_core(&err, CoreError::RatioRepairTooSoon));
    assert_eq!(t.ratio_of(token), first);
    t.age_repair(token, DEFAULT_MIN_INTERVAL_SECS);
    t.feed.sender(admin).repair_ratio(token, second).unwrap();
    assert_eq!(t.ratio_of(token), second);
}

#[motsu::test]
fn repair_ratio_rejects_moves_beyond_its_bound(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    other: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let too_far = RATIO - RATIO / U256::from(100) - U256::from(1);
    assert!(is_core(&t.feed.sender(admin).repair_ratio(token, too_far).unwrap_err(), CoreError::RatioRepairTooLarge));
    assert!(is_core(&t.feed.sender(admin).repair_ratio(token, U256::ZERO).unwrap_err(), CoreError::RatioZero));
    assert!(matches!(t.feed.sender(admin).repair_ratio(other, RATIO).unwrap_err(), Error::UnknownToken(_)));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn set_ratio_policy_is_per_token_and_emits(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    second: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.feed.sender(admin).register_token(second, ONE, o).unwrap();
    // Stricter on every bound: immediate.
    t.feed.sender(admin).set_ratio_policy(second, 5, 7 * 86_400, 50).unwrap();
    t.feed.assert_emitted(&RatioPolicyChanged {
        token: second,
        thresholdBps: 5,
        minIntervalSecs: 7 * 86_400,
        maxRepairBps: 50,
    });
    assert_eq!(t.feed.sender(s).ratio_policy(second).unwrap(), (5, 7 * 86_400, 50));
    assert_eq!(t.feed.sender(s).ratio_policy(token).unwrap(), (10, DEFAULT_MIN_INTERVAL_SECS, 100));
}

#[motsu::test]
fn a_looser_ratio_policy_is_scheduled_and_applies_after_the_delay(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    // The attack run's finding: the owner could loosen the policy to 10%
    // per update with no interval in one block.
    let t = setup(feed, admin, o, s, token);
    let key = t.key(setters::setRatioPolicyCall::SELECTOR, token);
    let loose = RatioPolicy { threshold_bps: 1_000, min_interval_secs: 3_600, max_repair_bps: 100 };
    t.feed.sender(admin).set_ratio_policy(token, 1_000, 3_600, 100).unwrap();
    t.feed.assert_emitted(&ChangeScheduled {
        key,
        value: policy_word(loose).into(),
        executableAt: U256::from(NOW + DELAY),
    });
    assert_eq!(t.feed.sender(s).ratio_policy(token).unwrap(), (10, DEFAULT_MIN_INTERVAL_SECS, 100));
    let err = t.feed.sender(admin).set_ratio_policy(token, 1_000, 3_600, 100).motsu_unwrap_err();
    assert!(is_core(&err, CoreError::ChangeNotReady));
    t.wait_out(key);
    t.feed.sender(admin).set_ratio_policy(token, 1_000, 3_600, 100).unwrap();
    t.feed.assert_emitted(&ChangeExecuted { key, value: policy_word(loose).into() });
    assert_eq!(t.feed.sender(s).ratio_policy(token).unwrap(), (1_000, 3_600, 100));
}

#[motsu::test]
fn set_ratio_policy_rejects_out_of_range_bounds_and_unknown_tokens(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    other: Address,
) {
    // The attack run's finding: a zero interval let one batch move a ratio
    // three steps in one transaction.
    let t = setup(feed, admin, o, s, token);
    for (threshold, interval, repair) in
        [(0, 3_600, 100), (1_001, 3_600, 100), (10, 3_600, 0), (10, 3_600, 1_001), (10, 0, 100), (10, 3_599, 100)]
    {
        let err = t.feed.sender(admin).set_ratio_policy(token, threshold, interval, repair).unwrap_err();
        assert!(is_core(&err, CoreError::RatioPolicyOutOfRange), "{threshold} {interval} {repair}");
    }
    assert!(matches!(
        t.feed.sender(admin).set_ratio_policy(other, 10, 3_600, 100).unwrap_err(),
        Error::UnknownToken(_)
    ));
    assert_eq!(t.feed.sender(s).ratio_policy(token).unwrap(), (10, DEFAULT_MIN_INTERVAL_SECS, 100));
}

#[motsu::test]
fn ownership_moves_in_two_steps(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
    next: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.feed.sender(admin).transfer_ownership(next).unwrap();
    assert_eq!((t.feed.sender(s).owner(), t.feed.sender(s).pending_owner()), (admin, next));
    assert!(is_unauthorized(&t.feed.sender(s).accept_ownership().unwrap_err()));
    t.feed.sender(next).accept_ownership().unwrap();
    assert_eq!(t.feed.sender(s).owner(), next);
    assert!(is_unauthorized(&t.feed.sender(admin).register_token(s, ONE, s).unwrap_err()));
}

#[motsu::test]
fn every_privileged_function_rejects_every_other_role(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    // Owner-only functions, called by the oracle and by a stranger.
    for caller in [o, s] {
        let f = &t.feed;
        let results = [
            f.sender(caller).repair_ratio(token, STEP).map(|_| ()),
            f.sender(caller).register_token(caller, ONE, caller).map(|_| ()),
            f.sender(caller).set_primary_token(token).map(|_| ()),
            f.sender(caller).set_ratio_policy(token, 20, 3_600, 20).map(|_| ()),
            f.sender(caller).set_ratio_updater(token, caller).map(|_| ()),
            f.sender(caller).cancel_change(B256::ZERO).map(|_| ()),
            f.sender(caller).transfer_ownership(caller).map(|_| ()),
            f.sender(caller).renounce_ownership().map(|_| ()),
        ];
        for r in results {
            assert!(is_unauthorized(&r.unwrap_err()));
        }
    }
    // Updater-only functions, called by the owner and by a stranger.
    for caller in [admin, s] {
        assert!(is_not_updater(&t.feed.sender(caller).update_ratio(token, STEP).unwrap_err(), token, caller));
        let err = t.feed.sender(caller).update_ratios(vec![token], vec![STEP]).unwrap_err();
        assert!(is_not_updater(&err, token, caller));
    }
    assert_eq!(t.ratio_of(token), RATIO);
    assert_eq!(t.feed.sender(s).owner(), admin);
    assert_eq!(t.feed.sender(s).ratio_updater(token).unwrap(), o);
}

#[test]
fn revert_data_of_core_errors_is_their_selector() {
    let data: Vec<u8> = Error::Core(CoreError::RatioIncrease).into();
    assert_eq!(data, keccak256("RatioIncrease()")[..4].to_vec());
    let data: Vec<u8> = Error::LengthMismatch(LengthMismatch {}).into();
    assert_eq!(data, keccak256("LengthMismatch()")[..4].to_vec());
}
