//! motsu tests: every external function, its events, and every error path
//! with state unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::{aliases::U64, keccak256, uint};
use lst_core::math::ONE;
use lst_core::policy::DEFAULT_MIN_INTERVAL_SECS;
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

fn setup(feed: Contract<RateProvider>, admin: Address, oracle: Address, stranger: Address, token: Address) -> Setup {
    feed.sender(admin).constructor(admin).unwrap();
    feed.sender(admin).grant_role(ORACLE_ROLE.into(), oracle).unwrap();
    feed.sender(admin).register_token(token, RATIO).unwrap();
    Setup { feed, admin, stranger }
}

impl Setup {
    /// Pretends the last update of `token` was `secs` ago (motsu's clock is fixed).
    fn age(&self, token: Address, secs: u64) {
        self.feed.sender(self.admin).updated_at.setter(token).set(U64::from(NOW - secs));
    }

    fn ratio_of(&self, token: Address) -> U256 {
        self.feed.sender(self.stranger).get_ratio_for(token).unwrap()
    }
}

fn is_core(e: &Error, expected: CoreError) -> bool {
    matches!(e, Error::Core(c) if *c == expected)
}

fn is_unauthorized(e: &Error) -> bool {
    matches!(
        e,
        Error::Ownable(ownable::Error::UnauthorizedAccount(_))
            | Error::AccessControl(control::Error::UnauthorizedAccount(_))
    )
}

#[test]
fn oracle_role_is_the_hash_of_its_name() {
    assert_eq!(keccak256("ORACLE_ROLE").0, ORACLE_ROLE);
}

#[motsu::test]
fn constructor_sets_owner_and_default_policy(feed: Contract<RateProvider>, admin: Address) {
    feed.sender(admin).constructor(admin).unwrap();
    assert_eq!(feed.sender(admin).owner(), admin);
    assert_eq!(feed.sender(admin).ratio_policy(), (10, DEFAULT_MIN_INTERVAL_SECS, 100));
}

#[motsu::test]
fn register_token_stores_ratio_and_emits(feed: Contract<RateProvider>, admin: Address, token: Address) {
    feed.sender(admin).constructor(admin).unwrap();
    feed.sender(admin).register_token(token, RATIO).unwrap();
    feed.assert_emitted(&TokenRegistered { token, ratio: RATIO });
    assert_eq!(feed.sender(admin).get_ratio_for(token).unwrap(), RATIO);
    assert_eq!(feed.sender(admin).last_updated(token).unwrap(), U256::from(NOW));
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
    let err = t.feed.sender(admin).register_token(token, ONE).unwrap_err();
    assert!(matches!(err, Error::TokenAlreadyRegistered(_)));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn register_token_rejects_ratios_outside_zero_to_one(feed: Contract<RateProvider>, admin: Address, token: Address) {
    feed.sender(admin).constructor(admin).unwrap();
    let err = feed.sender(admin).register_token(token, U256::ZERO).unwrap_err();
    assert!(is_core(&err, CoreError::RatioZero));
    let err = feed.sender(admin).register_token(token, ONE + U256::from(1)).unwrap_err();
    assert!(is_core(&err, CoreError::RatioAboveOne));
    assert!(matches!(feed.sender(admin).get_ratio_for(token).unwrap_err(), Error::UnknownToken(_)));
}

#[motsu::test]
fn get_ratio_for_an_unknown_token_is_an_error_not_zero(feed: Contract<RateProvider>, admin: Address, other: Address) {
    feed.sender(admin).constructor(admin).unwrap();
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
    t.feed.sender(admin).register_token(second, ONE).unwrap();
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
    t.feed.sender(admin).register_token(second, ONE).unwrap();
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    // The second update is too soon: the first must not stick.
    let err = t.feed.sender(o).update_ratios(vec![token, second], vec![STEP, ONE]).unwrap_err();
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
    let err = t.feed.sender(o).update_ratios(vec![token, token], vec![STEP, STEP]).unwrap_err();
    assert!(is_core(&err, CoreError::RatioUpdateTooSoon));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn repair_ratio_moves_either_way_within_its_bound(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    let up = RATIO + RATIO / U256::from(100); // +1%, no interval needed
    t.feed.sender(admin).repair_ratio(token, up).unwrap();
    t.feed.assert_emitted(&RatioUpdated { token, oldRatio: RATIO, newRatio: up });
    assert_eq!(t.ratio_of(token), up);
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
    assert!(is_core(
        &t.feed.sender(admin).repair_ratio(token, ONE + U256::from(1)).unwrap_err(),
        CoreError::RatioAboveOne
    ));
    assert!(matches!(t.feed.sender(admin).repair_ratio(other, RATIO).unwrap_err(), Error::UnknownToken(_)));
    assert_eq!(t.ratio_of(token), RATIO);
}

#[motsu::test]
fn set_ratio_policy_stores_and_emits(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    t.feed.sender(admin).set_ratio_policy(20, 3_600, 50).unwrap();
    t.feed.assert_emitted(&RatioPolicyChanged { thresholdBps: 20, minIntervalSecs: 3_600, maxRepairBps: 50 });
    assert_eq!(t.feed.sender(s).ratio_policy(), (20, 3_600, 50));
}

#[motsu::test]
fn set_ratio_policy_rejects_out_of_range_bounds(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    for (threshold, repair) in [(0, 100), (1_001, 100), (10, 0), (10, 1_001)] {
        let err = t.feed.sender(admin).set_ratio_policy(threshold, 1, repair).unwrap_err();
        assert!(is_core(&err, CoreError::RatioPolicyOutOfRange));
    }
    assert_eq!(t.feed.sender(s).ratio_policy(), (10, DEFAULT_MIN_INTERVAL_SECS, 100));
}

#[motsu::test]
fn owner_grants_and_revokes_the_oracle_role(
    feed: Contract<RateProvider>,
    admin: Address,
    o: Address,
    s: Address,
    token: Address,
) {
    let t = setup(feed, admin, o, s, token);
    assert!(t.feed.sender(s).has_role(ORACLE_ROLE.into(), o));
    t.feed.sender(admin).revoke_role(ORACLE_ROLE.into(), o).unwrap();
    assert!(!t.feed.sender(s).has_role(ORACLE_ROLE.into(), o));
    t.age(token, DEFAULT_MIN_INTERVAL_SECS);
    assert!(is_unauthorized(&t.feed.sender(o).update_ratio(token, STEP).unwrap_err()));
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
    assert!(is_unauthorized(&t.feed.sender(admin).register_token(s, ONE).unwrap_err()));
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
            f.sender(caller).register_token(caller, ONE).map(|_| ()),
            f.sender(caller).set_primary_token(token).map(|_| ()),
            f.sender(caller).set_ratio_policy(20, 1, 20).map(|_| ()),
            f.sender(caller).grant_role(ORACLE_ROLE.into(), caller).map(|_| ()),
            f.sender(caller).revoke_role(ORACLE_ROLE.into(), o).map(|_| ()),
            f.sender(caller).transfer_ownership(caller).map(|_| ()),
            f.sender(caller).renounce_ownership().map(|_| ()),
        ];
        for r in results {
            assert!(is_unauthorized(&r.unwrap_err()));
        }
    }
    // Oracle-only functions, called by the owner and by a stranger.
    for caller in [admin, s] {
        assert!(is_unauthorized(&t.feed.sender(caller).update_ratio(token, STEP).unwrap_err()));
        assert!(is_unauthorized(&t.feed.sender(caller).update_ratios(vec![token], vec![STEP]).unwrap_err()));
    }
    assert_eq!(t.ratio_of(token), RATIO);
    assert_eq!(t.feed.sender(s).owner(), admin);
    assert!(t.feed.sender(s).has_role(ORACLE_ROLE.into(), o));
}

#[test]
fn revert_data_of_core_errors_is_their_selector() {
    let data: Vec<u8> = Error::Core(CoreError::RatioIncrease).into();
    assert_eq!(data, keccak256("RatioIncrease()")[..4].to_vec());
    let data: Vec<u8> = Error::LengthMismatch(LengthMismatch {}).into();
    assert_eq!(data, keccak256("LengthMismatch()")[..4].to_vec());
}
