//! Every message of `RateProvider`, once for both platforms, on the
//! memory chain.

use super::*;
use crate::memory::{abi_items, Chain, Changes};
use alloc::collections::BTreeMap;
use lst_core::math::ONE;
use lst_core::policy::{DEFAULT_MIN_INTERVAL_SECS, DEFAULT_THRESHOLD_BPS};

const HOUR: u64 = 3_600;
const DELAY: u64 = 48 * HOUR;
const START: u64 = 1_700_000_000;
const ADMIN: Address = [1; 20];
const ORACLE: Address = [2; 20];
const STRANGER: Address = [3; 20];
const TOKEN: Address = [0xAA; 20];
const OTHER: Address = [0xBB; 20];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    owner: Address,
    feeds: BTreeMap<Address, TokenFeed>,
    primary: Address,
    changes: Changes,
}

crate::memory::parts!(State: owner, changes);

type Feed = Chain<State>;

impl Store for Feed {
    fn feed(&self, token: Address) -> Option<TokenFeed> {
        self.state.feeds.get(&token).copied()
    }
    fn set_feed(&mut self, token: Address, feed: &TokenFeed) {
        self.state.feeds.insert(token, *feed);
    }
    fn primary(&self) -> Address {
        self.state.primary
    }
    fn set_primary(&mut self, token: Address) {
        self.state.primary = token;
    }
}

/// A deployed feed owned by `ADMIN`.
fn deployed() -> Feed {
    let mut c = Feed::at(START);
    c.state.owner = ADMIN;
    init(&mut c, DELAY).unwrap();
    c
}

/// `TOKEN` registered at ratio one, updated by `ORACLE`.
fn registered() -> Feed {
    let mut c = deployed();
    c.call(ADMIN, |c| register_token(c, TOKEN, ONE, ORACLE)).unwrap();
    c
}

/// A ratio `bps` basis points below one.
fn below_one(bps: u64) -> U256 {
    ONE - ONE * U256::from(bps) / U256::from(10_000)
}

fn policy(threshold_bps: u32, min_interval_secs: u64, max_repair_bps: u32) -> RatioPolicy {
    RatioPolicy { threshold_bps, min_interval_secs, max_repair_bps }
}

// --- deployment ---

#[test]
fn deployment_sets_the_change_delay() {
    assert_eq!(timelock::Store::delay(&deployed()), DELAY);
}

#[test]
fn a_change_delay_out_of_range_is_change_delay_out_of_range() {
    let mut c = Feed::at(START);
    assert_eq!(init(&mut c, HOUR - 1), Err(Error::Core(CoreError::ChangeDelayOutOfRange)));
}

// --- registerToken ---

#[test]
fn register_token_stores_the_ratio_the_updater_and_the_default_policy() {
    let c = registered();
    assert_eq!(get_ratio_for(&c, TOKEN), Ok(ONE));
    assert_eq!(ratio_updater(&c, TOKEN), Ok(ORACLE));
    let d = RatioPolicy::default();
    assert_eq!(ratio_policy(&c, TOKEN), Ok((d.threshold_bps, d.min_interval_secs, d.max_repair_bps)));
    assert_eq!(last_updated(&c, TOKEN), Ok(U256::from(START)));
    assert!(c.emitted(&TokenRegistered { token: TOKEN, ratio: ONE }));
    assert!(c.emitted(&RatioUpdaterSet { token: TOKEN, updater: ORACLE }));
}

#[test]
fn register_token_with_a_zero_updater_is_invalid_role_account() {
    let mut c = deployed();
    c.assert_refused(CoreError::InvalidRoleAccount, |c| c.call(ADMIN, |c| register_token(c, TOKEN, ONE, [0; 20])));
}

#[test]
fn register_token_twice_is_token_already_registered() {
    let mut c = registered();
    c.assert_refused(Error::TokenAlreadyRegistered { token: TOKEN }, |c| {
        c.call(ADMIN, |c| register_token(c, TOKEN, ONE, ORACLE))
    });
}

#[test]
fn register_token_with_a_ratio_outside_zero_to_one_is_refused_by_the_core() {
    let mut c = deployed();
    for ratio in [U256::ZERO, ONE + U256::from(1)] {
        let err = c.call(ADMIN, |c| register_token(c, TOKEN, ratio, ORACLE)).unwrap_err();
        assert!(matches!(err, Error::Core(_)), "{err:?}");
        assert_eq!(c.feed(TOKEN), None);
    }
}

// --- views ---

#[test]
fn the_views_of_an_unknown_token_are_unknown_token() {
    let c = registered();
    let unknown = Error::UnknownToken { token: OTHER };
    assert_eq!(get_ratio_for(&c, OTHER), Err(unknown.clone()));
    assert_eq!(ratio_policy(&c, OTHER), Err(unknown.clone()));
    assert_eq!(ratio_updater(&c, OTHER), Err(unknown.clone()));
    assert_eq!(last_updated(&c, OTHER), Err(unknown));
}

#[test]
fn ratio_and_rate_before_a_primary_token_is_set_are_primary_token_not_set() {
    let c = registered();
    assert_eq!(ratio(&c), Err(Error::PrimaryTokenNotSet {}));
    assert_eq!(get_rate(&c), Err(Error::PrimaryTokenNotSet {}));
}

#[test]
fn set_primary_token_makes_ratio_and_rate_answer() {
    let mut c = registered();
    c.call(ADMIN, |c| set_primary_token(c, TOKEN)).unwrap();
    assert_eq!(ratio(&c), Ok(ONE));
    assert_eq!(get_rate(&c), Ok(ONE));
    assert!(c.emitted(&PrimaryTokenSet { token: TOKEN }));
}

#[test]
fn set_primary_token_of_an_unknown_token_is_unknown_token() {
    let mut c = registered();
    c.assert_refused(Error::UnknownToken { token: OTHER }, |c| c.call(ADMIN, |c| set_primary_token(c, OTHER)));
}

// --- updateRatio, updateRatios ---

#[test]
fn update_ratio_within_the_policy_stores_and_logs() {
    let mut c = registered();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    c.call(ORACLE, |c| update_ratio(c, TOKEN, below_one(5))).unwrap();
    assert_eq!(get_ratio_for(&c, TOKEN), Ok(below_one(5)));
    assert!(c.emitted(&RatioUpdated { token: TOKEN, oldRatio: ONE, newRatio: below_one(5) }));
}

#[test]
fn update_ratio_upward_is_ratio_increase() {
    let mut c = registered();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    c.call(ORACLE, |c| update_ratio(c, TOKEN, below_one(5))).unwrap();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    c.assert_refused(CoreError::RatioIncrease, |c| c.call(ORACLE, |c| update_ratio(c, TOKEN, ONE)));
}

#[test]
fn update_ratio_past_the_threshold_is_ratio_change_too_large() {
    let mut c = registered();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    let step = u64::from(DEFAULT_THRESHOLD_BPS) + 1;
    c.assert_refused(CoreError::RatioChangeTooLarge, |c| c.call(ORACLE, |c| update_ratio(c, TOKEN, below_one(step))));
}

#[test]
fn update_ratio_before_the_interval_is_ratio_update_too_soon() {
    let mut c = registered();
    c.assert_refused(CoreError::RatioUpdateTooSoon, |c| c.call(ORACLE, |c| update_ratio(c, TOKEN, below_one(1))));
}

#[test]
fn update_ratio_of_an_unknown_token_is_unknown_token() {
    let mut c = registered();
    c.assert_refused(Error::UnknownToken { token: OTHER }, |c| c.call(ORACLE, |c| update_ratio(c, OTHER, ONE)));
}

#[test]
fn update_ratio_by_another_account_than_the_updater_is_not_ratio_updater() {
    let mut c = registered();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    for who in [ADMIN, STRANGER] {
        c.assert_refused(Error::NotRatioUpdater { token: TOKEN, account: who }, |c| {
            c.call(who, |c| update_ratio(c, TOKEN, below_one(1)))
        });
    }
}

#[test]
fn an_unchanged_ratio_writes_and_logs_nothing() {
    let mut c = registered();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    let logs = c.logs.len();
    c.call(ORACLE, |c| update_ratio(c, TOKEN, ONE)).unwrap();
    assert_eq!(c.logs.len(), logs);
    assert_eq!(last_updated(&c, TOKEN), Ok(U256::from(START)));
}

#[test]
fn update_ratios_updates_every_token() {
    let mut c = registered();
    c.call(ADMIN, |c| register_token(c, OTHER, ONE, ORACLE)).unwrap();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    c.call(ORACLE, |c| update_ratios(c, [TOKEN, OTHER].into_iter(), [below_one(1), below_one(2)].into_iter())).unwrap();
    assert_eq!((get_ratio_for(&c, TOKEN), get_ratio_for(&c, OTHER)), (Ok(below_one(1)), Ok(below_one(2))));
}

#[test]
fn update_ratios_of_lists_of_different_lengths_is_length_mismatch() {
    let mut c = registered();
    c.assert_refused(Error::LengthMismatch {}, |c| {
        c.call(ORACLE, |c| update_ratios(c, [TOKEN].into_iter(), [].into_iter()))
    });
}

#[test]
fn update_ratios_is_all_or_nothing() {
    let mut c = registered();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    c.assert_refused(Error::UnknownToken { token: OTHER }, |c| {
        c.call(ORACLE, |c| update_ratios(c, [TOKEN, OTHER].into_iter(), [below_one(1), ONE].into_iter()))
    });
}

#[test]
fn update_ratios_checks_a_repeated_token_against_its_earlier_update() {
    let mut c = registered();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    // The second update of the token comes before its interval is over.
    c.assert_refused(CoreError::RatioUpdateTooSoon, |c| {
        c.call(ORACLE, |c| update_ratios(c, [TOKEN, TOKEN].into_iter(), [below_one(1), below_one(2)].into_iter()))
    });
}

// --- setRatioUpdater (scheduled) ---

#[test]
fn set_ratio_updater_is_scheduled_then_applies_after_the_delay() {
    let mut c = registered();
    c.call(ADMIN, |c| set_ratio_updater(c, TOKEN, STRANGER)).unwrap();
    assert_eq!(ratio_updater(&c, TOKEN), Ok(ORACLE));
    c.advance(DELAY);
    c.call(ADMIN, |c| set_ratio_updater(c, TOKEN, STRANGER)).unwrap();
    assert_eq!(ratio_updater(&c, TOKEN), Ok(STRANGER));
    assert!(c.emitted(&RatioUpdaterSet { token: TOKEN, updater: STRANGER }));
}

#[test]
fn set_ratio_updater_to_zero_is_invalid_role_account() {
    let mut c = registered();
    c.assert_refused(CoreError::InvalidRoleAccount, |c| c.call(ADMIN, |c| set_ratio_updater(c, TOKEN, [0; 20])));
}

#[test]
fn set_ratio_updater_of_an_unknown_token_is_unknown_token() {
    let mut c = registered();
    c.assert_refused(Error::UnknownToken { token: OTHER }, |c| {
        c.call(ADMIN, |c| set_ratio_updater(c, OTHER, STRANGER))
    });
}

#[test]
fn cancel_change_drops_the_waiting_updater() {
    let mut c = registered();
    c.call(ADMIN, |c| set_ratio_updater(c, TOKEN, STRANGER)).unwrap();
    let key = timelock::key(SET_RATIO_UPDATER, TOKEN);
    c.call(ADMIN, |c| timelock::cancel_change(c, key)).unwrap();
    assert_eq!(timelock::pending(&c, key), ([0; 32], U256::ZERO));
}

// --- repairRatio ---

#[test]
fn repair_ratio_lowers_within_its_bound_and_logs() {
    let mut c = registered();
    c.call(ADMIN, |c| repair_ratio(c, TOKEN, below_one(50))).unwrap();
    assert_eq!(get_ratio_for(&c, TOKEN), Ok(below_one(50)));
    assert!(c.emitted(&RatioUpdated { token: TOKEN, oldRatio: ONE, newRatio: below_one(50) }));
}

#[test]
fn repair_ratio_upward_is_refused_by_the_core() {
    let mut c = registered();
    c.call(ADMIN, |c| repair_ratio(c, TOKEN, below_one(50))).unwrap();
    c.advance(DEFAULT_MIN_INTERVAL_SECS);
    let err = c.call(ADMIN, |c| repair_ratio(c, TOKEN, ONE)).unwrap_err();
    assert!(matches!(err, Error::Core(_)), "{err:?}");
    assert_eq!(get_ratio_for(&c, TOKEN), Ok(below_one(50)));
}

#[test]
fn a_second_repair_within_the_interval_is_ratio_repair_too_soon() {
    let mut c = registered();
    c.call(ADMIN, |c| repair_ratio(c, TOKEN, below_one(10))).unwrap();
    c.assert_refused(CoreError::RatioRepairTooSoon, |c| c.call(ADMIN, |c| repair_ratio(c, TOKEN, below_one(20))));
}

#[test]
fn repair_ratio_past_its_bound_is_ratio_repair_too_large() {
    let mut c = registered();
    c.assert_refused(CoreError::RatioRepairTooLarge, |c| c.call(ADMIN, |c| repair_ratio(c, TOKEN, below_one(101))));
}

// --- setRatioPolicy ---

#[test]
fn a_stricter_policy_applies_at_once_and_logs() {
    let mut c = registered();
    c.call(ADMIN, |c| set_ratio_policy(c, TOKEN, policy(5, DEFAULT_MIN_INTERVAL_SECS, 50))).unwrap();
    assert_eq!(ratio_policy(&c, TOKEN), Ok((5, DEFAULT_MIN_INTERVAL_SECS, 50)));
    assert!(c.emitted(&RatioPolicyChanged {
        token: TOKEN,
        thresholdBps: 5,
        minIntervalSecs: DEFAULT_MIN_INTERVAL_SECS,
        maxRepairBps: 50
    }));
}

#[test]
fn a_looser_policy_is_scheduled_then_applies_after_the_delay() {
    let mut c = registered();
    let looser = policy(20, DEFAULT_MIN_INTERVAL_SECS, 100);
    c.call(ADMIN, |c| set_ratio_policy(c, TOKEN, looser)).unwrap();
    assert_eq!(ratio_policy(&c, TOKEN).unwrap().0, DEFAULT_THRESHOLD_BPS);
    c.advance(DELAY);
    c.call(ADMIN, |c| set_ratio_policy(c, TOKEN, looser)).unwrap();
    assert_eq!(ratio_policy(&c, TOKEN), Ok((20, DEFAULT_MIN_INTERVAL_SECS, 100)));
}

#[test]
fn a_policy_out_of_range_is_refused_by_the_core() {
    let mut c = registered();
    for p in [policy(0, HOUR, 100), policy(1_001, HOUR, 100), policy(10, HOUR - 1, 100), policy(10, HOUR, 0)] {
        let err = c.call(ADMIN, |c| set_ratio_policy(c, TOKEN, p)).unwrap_err();
        assert!(matches!(err, Error::Core(_)), "{err:?}");
    }
}

#[test]
fn a_policy_for_an_unknown_token_is_unknown_token() {
    let mut c = registered();
    c.assert_refused(Error::UnknownToken { token: OTHER }, |c| {
        c.call(ADMIN, |c| set_ratio_policy(c, OTHER, policy(5, HOUR, 50)))
    });
}

// --- who may call what ---

#[test]
fn every_owner_message_refuses_every_other_account() {
    let mut c = registered();
    let key = timelock::key(SET_RATIO_UPDATER, TOKEN);
    for who in [ORACLE, STRANGER] {
        let refused = Error::OwnableUnauthorizedAccount { account: who };
        c.assert_refused(refused.clone(), |c| c.call(who, |c| register_token(c, OTHER, ONE, ORACLE)));
        c.assert_refused(refused.clone(), |c| c.call(who, |c| set_ratio_updater(c, TOKEN, who)));
        c.assert_refused(refused.clone(), |c| c.call(who, |c| set_primary_token(c, TOKEN)));
        c.assert_refused(refused.clone(), |c| c.call(who, |c| set_ratio_policy(c, TOKEN, policy(5, HOUR, 50))));
        c.assert_refused(refused.clone(), |c| c.call(who, |c| repair_ratio(c, TOKEN, below_one(1))));
        c.assert_refused(refused, |c| c.call(who, |c| timelock::cancel_change(c, key)));
    }
}

#[test]
fn every_event_and_named_error_is_declared_in_the_abi() {
    use crate::abi::Event;
    let events = abi_items("RateProvider", "event");
    for signature in [
        RatioUpdated::SIGNATURE,
        TokenRegistered::SIGNATURE,
        RatioUpdaterSet::SIGNATURE,
        PrimaryTokenSet::SIGNATURE,
        RatioPolicyChanged::SIGNATURE,
    ] {
        assert!(events.iter().any(|d| d == signature), "{signature} is not in abi/RateProvider.json");
    }
    let errors = abi_items("RateProvider", "error");
    for error in [
        Error::UnknownToken { token: TOKEN },
        Error::TokenAlreadyRegistered { token: TOKEN },
        Error::PrimaryTokenNotSet {},
        Error::LengthMismatch {},
        Error::NotRatioUpdater { token: TOKEN, account: STRANGER },
        Error::OwnableUnauthorizedAccount { account: STRANGER },
    ] {
        let signature = error.signature().unwrap();
        assert!(errors.iter().any(|d| d == signature), "{signature} is not in abi/RateProvider.json");
    }
}
