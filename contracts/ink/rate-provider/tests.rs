//! Off-chain unit tests of the ink! ratio feed: every message, its events,
//! every error path with unchanged state, and access control.

use crate::rate_provider::RateProvider;
use ink::{Address, U256};
use lst_core::CoreError;
use lst_ink_common::{
    testing::{account, call_as, last_log, log_count, set_time, uint, word, words, Log},
    Bytes32, Error,
};

const E18: u128 = 1_000_000_000_000_000_000;
const HOUR: u64 = 3_600;
const DELAY: u64 = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS;

/// The key of `token`'s scheduled updater change.
fn updater_key(token: Address) -> Bytes32 {
    lst_ink_common::timelock::key(lst_ink_common::selector!("setRatioUpdater(address,address)"), token)
}

fn owner() -> Address {
    account(1)
}
fn oracle() -> Address {
    account(2)
}
fn stranger() -> Address {
    account(3)
}
fn token() -> Address {
    account(10)
}
fn other_token() -> Address {
    account(11)
}

fn e18(v: u128) -> U256 {
    U256::from(v)
}

fn dot_oracle() -> Address {
    account(4)
}

/// A feed owned by `owner()`, `token()` registered at 1e18 as primary and
/// updated by `oracle()`, at t = 1000.
fn feed() -> RateProvider {
    set_time(1_000);
    call_as(owner());
    let mut feed = RateProvider::new(owner(), DELAY).unwrap();
    feed.register_token(token(), e18(E18), oracle()).unwrap();
    feed.set_primary_token(token()).unwrap();
    feed
}

/// What a test compares before and after a failed call.
type Snapshot = (
    Result<U256, Error>,
    Result<U256, Error>,
    Address,
    Result<(u32, u64, u32), Error>,
    Result<Address, Error>,
    Address,
);

fn snapshot(feed: &RateProvider, t: Address) -> Snapshot {
    (
        feed.get_ratio_for(t),
        feed.last_updated(t),
        feed.primary_token_address(),
        feed.ratio_policy(t),
        feed.ratio_updater(t),
        feed.owner(),
    )
}

/// Asserts `f` fails with `expected` and changes no state and emits nothing.
fn assert_fails_unchanged(
    feed: &mut RateProvider,
    expected: Error,
    f: impl FnOnce(&mut RateProvider) -> Result<(), Error>,
) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = (snapshot(feed, token()), snapshot(feed, other_token()), log_count());
    assert_eq!(f(feed), Err(expected));
    assert_eq!((snapshot(feed, token()), snapshot(feed, other_token()), log_count()), before);
}

// --- constructor ---

#[ink::test]
fn constructor_makes_admin_owner() {
    let feed = RateProvider::new(owner(), DELAY).unwrap();
    assert_eq!(feed.owner(), owner());
    assert_eq!(feed.change_delay(), U256::from(DELAY));
    assert_eq!(feed.pending_owner(), Address::zero());
    assert_eq!(feed.primary_token_address(), Address::zero());
    assert_eq!(
        last_log(),
        Log::new("OwnershipTransferred(address,address)", vec![word(Address::zero()), word(owner())], vec![])
    );
}

#[ink::test]
fn constructor_rejects_the_zero_admin() {
    assert_eq!(
        RateProvider::new(Address::zero(), DELAY).err(),
        Some(Error::OwnableInvalidOwner { owner: Address::zero() })
    );
}

#[ink::test]
fn constructor_rejects_a_change_delay_under_an_hour_or_over_thirty_days() {
    for delay in [0, HOUR - 1, 30 * 24 * HOUR + 1] {
        assert_eq!(RateProvider::new(owner(), delay).err(), Some(CoreError::ChangeDelayOutOfRange.into()), "{delay}");
    }
}

// --- reads ---

#[ink::test]
fn ratio_answers_for_the_primary_token() {
    assert_eq!(feed().ratio(), Ok(e18(E18)));
}

#[ink::test]
fn ratio_before_a_primary_token_is_primary_token_not_set() {
    call_as(owner());
    let feed = RateProvider::new(owner(), DELAY).unwrap();
    assert_eq!(feed.ratio(), Err(Error::PrimaryTokenNotSet {}));
    assert_eq!(feed.get_rate(), Err(Error::PrimaryTokenNotSet {}));
}

#[ink::test]
fn get_ratio_for_an_unknown_token_is_unknown_token() {
    assert_eq!(feed().get_ratio_for(other_token()), Err(Error::UnknownToken { token: other_token() }));
}

#[ink::test]
fn get_rate_is_1e36_over_the_ratio() {
    let mut feed = feed();
    call_as(owner());
    feed.repair_ratio(token(), e18(E18 / 100 * 99)).unwrap();
    // 1e36 / 0.99e18, rounded down.
    assert_eq!(feed.get_rate(), Ok(U256::from(1_010_101_010_101_010_101u128)));
}

#[ink::test]
fn last_updated_is_the_time_of_the_last_change() {
    let mut feed = feed();
    assert_eq!(feed.last_updated(token()), Ok(U256::from(1_000u64)));
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    feed.update_ratio(token(), e18(E18 - E18 / 1_000)).unwrap();
    assert_eq!(feed.last_updated(token()), Ok(U256::from(1_000 + 12 * HOUR)));
    assert_eq!(feed.last_updated(other_token()), Err(Error::UnknownToken { token: other_token() }));
}

// --- updateRatio / updateRatios ---

#[ink::test]
fn oracle_updates_a_ratio_within_the_threshold_and_emits_ratio_updated() {
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    let new_ratio = e18(E18 - E18 / 1_000);
    assert_eq!(feed.update_ratio(token(), new_ratio), Ok(()));
    assert_eq!(feed.ratio(), Ok(new_ratio));
    assert_eq!(
        last_log(),
        Log::new(
            "RatioUpdated(address,uint256,uint256)",
            vec![word(token())],
            words(&[uint(e18(E18)), uint(new_ratio)])
        )
    );
}

#[ink::test]
fn update_ratio_by_other_than_the_tokens_updater_is_not_ratio_updater() {
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    for who in [stranger(), owner()] {
        call_as(who);
        let expected = Error::NotRatioUpdater { token: token(), account: who };
        assert_fails_unchanged(&mut feed, expected, |f| f.update_ratio(token(), e18(E18 - 1)));
    }
}

#[ink::test]
fn update_ratio_from_another_tokens_updater_is_not_ratio_updater() {
    // The attack run's finding: one oracle role for every token let the
    // KSM/DOT oracle lower ankrAVAX's ratio. Each token has its own updater.
    let mut feed = feed();
    call_as(owner());
    feed.register_token(other_token(), e18(E18), dot_oracle()).unwrap();
    set_time(1_000 + 12 * HOUR);
    call_as(dot_oracle());
    let expected = Error::NotRatioUpdater { token: token(), account: dot_oracle() };
    assert_fails_unchanged(&mut feed, expected.clone(), |f| f.update_ratio(token(), e18(E18 - 1)));
    assert_fails_unchanged(&mut feed, expected, |f| {
        f.update_ratios(vec![other_token(), token()], vec![e18(E18 - 1), e18(E18 - 1)])
    });
}

#[ink::test]
fn an_unchanged_ratio_does_not_restart_the_clock() {
    // The attack run's finding: repeating the current ratio restarted the
    // interval, so the pool's next report was always too soon.
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    let before = log_count();
    feed.update_ratio(token(), e18(E18)).unwrap();
    feed.update_ratios(vec![token(), token()], vec![e18(E18), e18(E18)]).unwrap();
    assert_eq!((feed.last_updated(token()), log_count()), (Ok(U256::from(1_000u64)), before));
    feed.update_ratio(token(), e18(E18 - 1)).unwrap();
    assert_eq!(feed.ratio(), Ok(e18(E18 - 1)));
}

#[ink::test]
fn update_ratio_upwards_is_ratio_increase() {
    let mut feed = feed();
    call_as(owner());
    feed.repair_ratio(token(), e18(E18 - E18 / 200)).unwrap();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    assert_fails_unchanged(&mut feed, CoreError::RatioIncrease.into(), |f| f.update_ratio(token(), e18(E18)));
}

#[ink::test]
fn update_ratio_beyond_the_threshold_is_ratio_change_too_large() {
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    assert_fails_unchanged(&mut feed, CoreError::RatioChangeTooLarge.into(), |f| {
        f.update_ratio(token(), e18(E18 - E18 / 100))
    });
}

#[ink::test]
fn update_ratio_before_the_interval_is_ratio_update_too_soon() {
    let mut feed = feed();
    set_time(1_000 + HOUR);
    call_as(oracle());
    assert_fails_unchanged(&mut feed, CoreError::RatioUpdateTooSoon.into(), |f| f.update_ratio(token(), e18(E18 - 1)));
}

#[ink::test]
fn update_ratio_of_an_unknown_token_is_unknown_token() {
    let mut feed = feed();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::UnknownToken { token: other_token() }, |f| {
        f.update_ratio(other_token(), e18(E18))
    });
}

#[ink::test]
fn update_ratio_to_zero_is_ratio_zero() {
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    assert_fails_unchanged(&mut feed, CoreError::RatioZero.into(), |f| f.update_ratio(token(), U256::zero()));
}

#[ink::test]
fn update_ratios_applies_every_update_and_emits_one_event_each() {
    let mut feed = feed();
    call_as(owner());
    feed.register_token(other_token(), e18(E18 / 2), oracle()).unwrap();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    let before = log_count();
    let (a, b) = (e18(E18 - E18 / 1_000), e18(E18 / 2 - E18 / 4_000));
    assert_eq!(feed.update_ratios(vec![token(), other_token()], vec![a, b]), Ok(()));
    assert_eq!((feed.get_ratio_for(token()), feed.get_ratio_for(other_token())), (Ok(a), Ok(b)));
    assert_eq!(log_count(), before + 2);
}

#[ink::test]
fn update_ratios_with_a_failing_entry_writes_nothing() {
    let mut feed = feed();
    call_as(owner());
    feed.register_token(other_token(), e18(E18 / 2), oracle()).unwrap();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    assert_fails_unchanged(&mut feed, CoreError::RatioChangeTooLarge.into(), |f| {
        f.update_ratios(vec![token(), other_token()], vec![e18(E18 - 1), e18(E18 / 4)])
    });
}

#[ink::test]
fn update_ratios_checks_a_repeated_token_against_its_earlier_entry() {
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    call_as(oracle());
    // The second update of the same token comes "too soon" after the first.
    assert_fails_unchanged(&mut feed, CoreError::RatioUpdateTooSoon.into(), |f| {
        f.update_ratios(vec![token(), token()], vec![e18(E18 - 1), e18(E18 - 2)])
    });
}

#[ink::test]
fn update_ratios_with_unequal_lengths_is_length_mismatch() {
    let mut feed = feed();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::LengthMismatch {}, |f| f.update_ratios(vec![token()], vec![]));
}

#[ink::test]
fn update_ratios_by_other_than_the_tokens_updater_is_not_ratio_updater() {
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    call_as(stranger());
    let expected = Error::NotRatioUpdater { token: token(), account: stranger() };
    assert_fails_unchanged(&mut feed, expected, |f| f.update_ratios(vec![token()], vec![e18(E18 - 1)]));
}

// --- repairRatio ---

#[ink::test]
fn owner_repairs_a_ratio_down_within_the_bound() {
    let mut feed = feed();
    call_as(owner());
    let down = e18(E18 - E18 / 100);
    assert_eq!(feed.repair_ratio(token(), down), Ok(()));
    assert_eq!(feed.ratio(), Ok(down));
    assert_eq!(
        last_log(),
        Log::new("RatioUpdated(address,uint256,uint256)", vec![word(token())], words(&[uint(e18(E18)), uint(down)]))
    );
}

#[ink::test]
fn repair_upwards_is_ratio_increase() {
    // The attack run's finding: a repair above the current ratio was accepted.
    let mut feed = feed();
    call_as(owner());
    feed.repair_ratio(token(), e18(E18 - E18 / 100)).unwrap();
    set_time(1_000 + 12 * HOUR);
    assert_fails_unchanged(&mut feed, CoreError::RatioIncrease.into(), |f| {
        f.repair_ratio(token(), e18(E18 - E18 / 200))
    });
}

#[ink::test]
fn a_second_repair_within_the_interval_is_ratio_repair_too_soon() {
    // The attack run's finding: 50 repairs of -1% in one block.
    let mut feed = feed();
    call_as(owner());
    feed.repair_ratio(token(), e18(E18 - E18 / 100)).unwrap();
    let second = e18(E18 - E18 / 100 - E18 / 200);
    set_time(1_000 + 12 * HOUR - 1);
    assert_fails_unchanged(&mut feed, CoreError::RatioRepairTooSoon.into(), |f| f.repair_ratio(token(), second));
    set_time(1_000 + 12 * HOUR);
    assert_eq!(feed.repair_ratio(token(), second), Ok(()));
}

#[ink::test]
fn repair_beyond_the_bound_is_ratio_repair_too_large() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::RatioRepairTooLarge.into(), |f| {
        f.repair_ratio(token(), e18(E18 - E18 / 50))
    });
}

#[ink::test]
fn repair_above_one_or_to_zero_fails() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::RatioIncrease.into(), |f| f.repair_ratio(token(), e18(E18 + 1)));
    assert_fails_unchanged(&mut feed, CoreError::RatioZero.into(), |f| f.repair_ratio(token(), U256::zero()));
}

#[ink::test]
fn repair_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: oracle() }, |f| {
        f.repair_ratio(token(), e18(E18 - 1))
    });
}

#[ink::test]
fn repair_of_an_unknown_token_is_unknown_token() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, Error::UnknownToken { token: other_token() }, |f| {
        f.repair_ratio(other_token(), e18(E18))
    });
}

// --- registerToken / setPrimaryToken ---

#[ink::test]
fn owner_registers_a_token_with_its_updater_and_the_default_policy() {
    let mut feed = feed();
    call_as(owner());
    let before = log_count();
    assert_eq!(feed.register_token(other_token(), e18(E18 / 2), dot_oracle()), Ok(()));
    assert_eq!(feed.get_ratio_for(other_token()), Ok(e18(E18 / 2)));
    assert_eq!(feed.ratio_updater(other_token()), Ok(dot_oracle()));
    assert_eq!(feed.ratio_policy(other_token()), Ok((10, 12 * HOUR, 100)));
    assert_eq!(log_count(), before + 2);
    assert_eq!(
        last_log(),
        Log::new("RatioUpdaterSet(address,address)", vec![word(other_token()), word(dot_oracle())], vec![])
    );
}

#[ink::test]
fn registering_with_a_zero_updater_is_invalid_role_account() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::InvalidRoleAccount.into(), |f| {
        f.register_token(other_token(), e18(E18), Address::zero())
    });
}

#[ink::test]
fn policy_and_updater_of_an_unknown_token_are_unknown_token() {
    let feed = feed();
    assert_eq!(feed.ratio_policy(other_token()), Err(Error::UnknownToken { token: other_token() }));
    assert_eq!(feed.ratio_updater(other_token()), Err(Error::UnknownToken { token: other_token() }));
}

// --- setRatioUpdater ---

#[ink::test]
fn a_new_updater_is_scheduled_and_applies_after_the_delay() {
    let mut feed = feed();
    call_as(owner());
    let key = updater_key(token());
    assert_eq!(feed.set_ratio_updater(token(), dot_oracle()), Ok(()));
    assert_eq!(feed.ratio_updater(token()), Ok(oracle()), "nothing changes yet");
    let at = 1_000 + DELAY;
    assert_eq!(
        last_log(),
        Log::new("ChangeScheduled(bytes32,bytes32,uint256)", vec![key.0], words(&[word(dot_oracle()), uint(at)]))
    );
    assert_eq!(feed.pending_change(key), (Bytes32::from(word(dot_oracle())), U256::from(at)));
    // Asking again before the delay is refused and changes nothing.
    set_time(at - 1);
    assert_fails_unchanged(&mut feed, CoreError::ChangeNotReady.into(), |f| f.set_ratio_updater(token(), dot_oracle()));
    // After the delay the same call applies it.
    set_time(at);
    assert_eq!(feed.set_ratio_updater(token(), dot_oracle()), Ok(()));
    assert_eq!(feed.ratio_updater(token()), Ok(dot_oracle()));
    assert_eq!(
        last_log(),
        Log::new("RatioUpdaterSet(address,address)", vec![word(token()), word(dot_oracle())], vec![])
    );
    assert_eq!(feed.pending_change(key), (Bytes32::from([0u8; 32]), U256::zero()));
    set_time(at + 12 * HOUR);
    call_as(oracle());
    assert_eq!(
        feed.update_ratio(token(), e18(E18 - 1)),
        Err(Error::NotRatioUpdater { token: token(), account: oracle() })
    );
}

#[ink::test]
fn setting_a_zero_or_unknown_updater_fails() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::InvalidRoleAccount.into(), |f| {
        f.set_ratio_updater(token(), Address::zero())
    });
    assert_fails_unchanged(&mut feed, Error::UnknownToken { token: other_token() }, |f| {
        f.set_ratio_updater(other_token(), oracle())
    });
}

#[ink::test]
fn setting_the_updater_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: oracle() }, |f| {
        f.set_ratio_updater(token(), oracle())
    });
}

#[ink::test]
fn registering_twice_is_token_already_registered() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, Error::TokenAlreadyRegistered { token: token() }, |f| {
        f.register_token(token(), e18(E18), oracle())
    });
}

#[ink::test]
fn registering_with_ratio_zero_or_above_one_fails() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::RatioZero.into(), |f| {
        f.register_token(other_token(), U256::zero(), oracle())
    });
    assert_fails_unchanged(&mut feed, CoreError::RatioAboveOne.into(), |f| {
        f.register_token(other_token(), e18(E18 + 1), oracle())
    });
}

#[ink::test]
fn registering_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(stranger());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: stranger() }, |f| {
        f.register_token(other_token(), e18(E18), stranger())
    });
}

#[ink::test]
fn owner_sets_the_primary_token_and_emits_primary_token_set() {
    let mut feed = feed();
    call_as(owner());
    feed.register_token(other_token(), e18(E18 / 2), oracle()).unwrap();
    assert_eq!(feed.set_primary_token(other_token()), Ok(()));
    assert_eq!(feed.primary_token_address(), other_token());
    assert_eq!(feed.ratio(), Ok(e18(E18 / 2)));
    assert_eq!(last_log(), Log::new("PrimaryTokenSet(address)", vec![word(other_token())], vec![]));
}

#[ink::test]
fn setting_an_unregistered_primary_token_is_unknown_token() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, Error::UnknownToken { token: other_token() }, |f| {
        f.set_primary_token(other_token())
    });
}

#[ink::test]
fn setting_the_primary_token_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(stranger());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: stranger() }, |f| {
        f.set_primary_token(token())
    });
}

// --- setRatioPolicy ---

#[ink::test]
fn a_stricter_policy_applies_at_once_and_emits_ratio_policy_changed() {
    let mut feed = feed();
    call_as(owner());
    feed.register_token(other_token(), e18(E18), dot_oracle()).unwrap();
    assert_eq!(feed.set_ratio_policy(other_token(), 5, 7 * 24 * HOUR, 50), Ok(()));
    assert_eq!(feed.ratio_policy(other_token()), Ok((5, 7 * 24 * HOUR, 50)));
    assert_eq!(feed.ratio_policy(token()), Ok((10, 12 * HOUR, 100)));
    assert_eq!(
        last_log(),
        Log::new(
            "RatioPolicyChanged(address,uint32,uint64,uint32)",
            vec![word(other_token())],
            words(&[uint(5u32), uint(7 * 24 * HOUR), uint(50u32)])
        )
    );
}

#[ink::test]
fn a_looser_policy_is_scheduled_and_applies_after_the_delay() {
    // The attack run's finding: the owner could loosen the policy to 10%
    // per update with no interval in one block.
    let mut feed = feed();
    call_as(owner());
    let key = lst_ink_common::timelock::key(
        lst_ink_common::selector!("setRatioPolicy(address,uint32,uint64,uint32)"),
        token(),
    );
    assert_eq!(feed.set_ratio_policy(token(), 1_000, HOUR, 100), Ok(()));
    assert_eq!(feed.ratio_policy(token()), Ok((10, 12 * HOUR, 100)), "nothing changes yet");
    let packed = (U256::from(1_000u32) << 96) | (U256::from(HOUR) << 32) | U256::from(100u32);
    assert_eq!(feed.pending_change(key), (Bytes32::from(packed.to_big_endian()), U256::from(1_000 + DELAY)));
    set_time(1_000 + DELAY - 1);
    assert_fails_unchanged(&mut feed, CoreError::ChangeNotReady.into(), |f| {
        f.set_ratio_policy(token(), 1_000, HOUR, 100)
    });
    set_time(1_000 + DELAY);
    assert_eq!(feed.set_ratio_policy(token(), 1_000, HOUR, 100), Ok(()));
    assert_eq!(feed.ratio_policy(token()), Ok((1_000, HOUR, 100)));
}

#[ink::test]
fn another_value_replaces_the_waiting_change_and_restarts_its_delay() {
    let mut feed = feed();
    call_as(owner());
    feed.set_ratio_updater(token(), dot_oracle()).unwrap();
    set_time(1_000 + DELAY);
    feed.set_ratio_updater(token(), stranger()).unwrap();
    assert_eq!(feed.pending_change(updater_key(token())).1, U256::from(1_000 + 2 * DELAY));
    assert_fails_unchanged(&mut feed, CoreError::ChangeNotReady.into(), |f| f.set_ratio_updater(token(), stranger()));
    assert_eq!(feed.ratio_updater(token()), Ok(oracle()));
}

#[ink::test]
fn cancel_change_drops_the_waiting_change_and_emits() {
    let mut feed = feed();
    call_as(owner());
    let key = updater_key(token());
    feed.set_ratio_updater(token(), dot_oracle()).unwrap();
    assert_eq!(feed.cancel_change(key), Ok(()));
    assert_eq!(last_log(), Log::new("ChangeCancelled(bytes32,bytes32)", vec![key.0], words(&[word(dot_oracle())])));
    assert_eq!(feed.pending_change(key), (Bytes32::from([0u8; 32]), U256::zero()));
    // After the old delay, asking again schedules it anew: nothing applies.
    set_time(1_000 + DELAY);
    feed.set_ratio_updater(token(), dot_oracle()).unwrap();
    assert_eq!(feed.ratio_updater(token()), Ok(oracle()));
}

#[ink::test]
fn cancel_change_without_a_waiting_change_is_no_change_pending() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::NoChangePending.into(), |f| f.cancel_change(updater_key(token())));
}

#[ink::test]
fn cancel_change_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(owner());
    feed.set_ratio_updater(token(), dot_oracle()).unwrap();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: oracle() }, |f| {
        f.cancel_change(updater_key(token()))
    });
    assert_eq!(feed.pending_change(updater_key(token())).1, U256::from(1_000 + DELAY));
}

#[ink::test]
fn a_policy_out_of_range_is_ratio_policy_out_of_range() {
    // The attack run's finding: a zero interval let one batch move a ratio
    // three steps in one transaction.
    let mut feed = feed();
    call_as(owner());
    for (threshold, interval, repair) in
        [(0, HOUR, 100), (1_001, HOUR, 100), (10, HOUR, 1_001), (10, 0, 100), (10, HOUR - 1, 100)]
    {
        assert_fails_unchanged(&mut feed, CoreError::RatioPolicyOutOfRange.into(), |f| {
            f.set_ratio_policy(token(), threshold, interval, repair)
        });
    }
}

#[ink::test]
fn setting_the_policy_of_an_unknown_token_is_unknown_token() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, Error::UnknownToken { token: other_token() }, |f| {
        f.set_ratio_policy(other_token(), 10, HOUR, 100)
    });
}

#[ink::test]
fn setting_the_policy_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: oracle() }, |f| {
        f.set_ratio_policy(token(), 50, HOUR, 200)
    });
}

// --- ownership ---

#[ink::test]
fn transfer_ownership_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(stranger());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: stranger() }, |f| {
        f.transfer_ownership(stranger())
    });
    assert_eq!(feed.pending_owner(), Address::zero());
}

#[ink::test]
fn accept_ownership_by_other_than_the_pending_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(owner());
    feed.transfer_ownership(stranger()).unwrap();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: oracle() }, |f| {
        f.accept_ownership()
    });
    assert_eq!(feed.pending_owner(), stranger());
}

#[ink::test]
fn renounce_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(stranger());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: stranger() }, |f| {
        f.renounce_ownership()
    });
}
