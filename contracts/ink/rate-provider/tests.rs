//! Off-chain unit tests of the ink! ratio feed: every message, its events,
//! every error path with unchanged state, and access control.

use crate::{rate_provider::RateProvider, ORACLE_ROLE};
use ink::{Address, U256};
use lst_core::CoreError;
use lst_ink_common::{
    testing::{account, call_as, last_log, log_count, set_time, uint, word, words, Log},
    Error,
};

const E18: u128 = 1_000_000_000_000_000_000;
const HOUR: u64 = 3_600;

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

/// A feed owned by `owner()`, `oracle()` holding the oracle role, `token()`
/// registered at 1e18 as primary, at t = 1000.
fn feed() -> RateProvider {
    set_time(1_000);
    call_as(owner());
    let mut feed = RateProvider::new(owner()).unwrap();
    feed.grant_role(ORACLE_ROLE.into(), oracle()).unwrap();
    feed.register_token(token(), e18(E18)).unwrap();
    feed.set_primary_token(token()).unwrap();
    feed
}

/// What a test compares before and after a failed call.
type Snapshot = (Result<U256, Error>, Result<U256, Error>, Address, (u32, u64, u32), Address);

fn snapshot(feed: &RateProvider, t: Address) -> Snapshot {
    (feed.get_ratio_for(t), feed.last_updated(t), feed.primary_token_address(), feed.ratio_policy(), feed.owner())
}

/// Asserts `f` fails with `expected` and changes no state and emits nothing.
fn assert_fails_unchanged(
    feed: &mut RateProvider,
    expected: Error,
    f: impl FnOnce(&mut RateProvider) -> Result<(), Error>,
) {
    let before = (snapshot(feed, token()), snapshot(feed, other_token()), log_count());
    assert_eq!(f(feed), Err(expected));
    assert_eq!((snapshot(feed, token()), snapshot(feed, other_token()), log_count()), before);
}

// --- constructor ---

#[ink::test]
fn constructor_makes_admin_owner_with_the_default_policy() {
    let feed = RateProvider::new(owner()).unwrap();
    assert_eq!(feed.owner(), owner());
    assert_eq!(feed.pending_owner(), Address::zero());
    assert_eq!(feed.ratio_policy(), (10, 12 * HOUR, 100));
    assert_eq!(feed.primary_token_address(), Address::zero());
    assert_eq!(
        last_log(),
        Log::new("OwnershipTransferred(address,address)", vec![word(Address::zero()), word(owner())], vec![])
    );
}

#[ink::test]
fn constructor_rejects_the_zero_admin() {
    assert_eq!(RateProvider::new(Address::zero()).err(), Some(Error::OwnableInvalidOwner { owner: Address::zero() }));
}

// --- reads ---

#[ink::test]
fn ratio_answers_for_the_primary_token() {
    assert_eq!(feed().ratio(), Ok(e18(E18)));
}

#[ink::test]
fn ratio_before_a_primary_token_is_primary_token_not_set() {
    call_as(owner());
    let feed = RateProvider::new(owner()).unwrap();
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
fn update_ratio_without_the_oracle_role_is_access_control_unauthorized() {
    let mut feed = feed();
    set_time(1_000 + 12 * HOUR);
    call_as(stranger());
    let expected = Error::AccessControlUnauthorizedAccount { account: stranger(), neededRole: ORACLE_ROLE.into() };
    assert_fails_unchanged(&mut feed, expected, |f| f.update_ratio(token(), e18(E18 - 1)));
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
    feed.register_token(other_token(), e18(E18 / 2)).unwrap();
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
    feed.register_token(other_token(), e18(E18 / 2)).unwrap();
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
fn update_ratios_without_the_oracle_role_is_access_control_unauthorized() {
    let mut feed = feed();
    call_as(stranger());
    let expected = Error::AccessControlUnauthorizedAccount { account: stranger(), neededRole: ORACLE_ROLE.into() };
    assert_fails_unchanged(&mut feed, expected, |f| f.update_ratios(vec![], vec![]));
}

// --- repairRatio ---

#[ink::test]
fn owner_repairs_a_ratio_either_way_within_the_bound() {
    let mut feed = feed();
    call_as(owner());
    let down = e18(E18 - E18 / 100);
    assert_eq!(feed.repair_ratio(token(), down), Ok(()));
    assert_eq!(feed.ratio(), Ok(down));
    assert_eq!(
        last_log(),
        Log::new("RatioUpdated(address,uint256,uint256)", vec![word(token())], words(&[uint(e18(E18)), uint(down)]))
    );
    assert_eq!(feed.repair_ratio(token(), e18(E18 - E18 / 200)), Ok(()));
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
fn repair_above_one_is_ratio_above_one() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::RatioAboveOne.into(), |f| f.repair_ratio(token(), e18(E18 + 1)));
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
fn owner_registers_a_token_and_emits_token_registered() {
    let mut feed = feed();
    call_as(owner());
    assert_eq!(feed.register_token(other_token(), e18(E18 / 2)), Ok(()));
    assert_eq!(feed.get_ratio_for(other_token()), Ok(e18(E18 / 2)));
    assert_eq!(
        last_log(),
        Log::new("TokenRegistered(address,uint256)", vec![word(other_token())], words(&[uint(e18(E18 / 2))]))
    );
}

#[ink::test]
fn registering_twice_is_token_already_registered() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, Error::TokenAlreadyRegistered { token: token() }, |f| {
        f.register_token(token(), e18(E18))
    });
}

#[ink::test]
fn registering_with_ratio_zero_or_above_one_fails() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::RatioZero.into(), |f| f.register_token(other_token(), U256::zero()));
    assert_fails_unchanged(&mut feed, CoreError::RatioAboveOne.into(), |f| {
        f.register_token(other_token(), e18(E18 + 1))
    });
}

#[ink::test]
fn registering_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(stranger());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: stranger() }, |f| {
        f.register_token(other_token(), e18(E18))
    });
}

#[ink::test]
fn owner_sets_the_primary_token_and_emits_primary_token_set() {
    let mut feed = feed();
    call_as(owner());
    feed.register_token(other_token(), e18(E18 / 2)).unwrap();
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
fn owner_sets_the_policy_and_emits_ratio_policy_changed() {
    let mut feed = feed();
    call_as(owner());
    assert_eq!(feed.set_ratio_policy(50, HOUR, 200), Ok(()));
    assert_eq!(feed.ratio_policy(), (50, HOUR, 200));
    assert_eq!(
        last_log(),
        Log::new("RatioPolicyChanged(uint32,uint64,uint32)", vec![], words(&[uint(50u32), uint(HOUR), uint(200u32)]))
    );
}

#[ink::test]
fn a_policy_out_of_range_is_ratio_policy_out_of_range() {
    let mut feed = feed();
    call_as(owner());
    assert_fails_unchanged(&mut feed, CoreError::RatioPolicyOutOfRange.into(), |f| f.set_ratio_policy(0, HOUR, 100));
    assert_fails_unchanged(&mut feed, CoreError::RatioPolicyOutOfRange.into(), |f| f.set_ratio_policy(10, HOUR, 1_001));
}

#[ink::test]
fn setting_the_policy_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(oracle());
    assert_fails_unchanged(&mut feed, Error::OwnableUnauthorizedAccount { account: oracle() }, |f| {
        f.set_ratio_policy(50, HOUR, 200)
    });
}

// --- roles ---

#[ink::test]
fn granting_or_revoking_by_a_non_owner_is_ownable_unauthorized() {
    let mut feed = feed();
    call_as(oracle());
    let expected = Error::OwnableUnauthorizedAccount { account: oracle() };
    assert_eq!(feed.grant_role(ORACLE_ROLE.into(), stranger()), Err(expected.clone()));
    assert_eq!(feed.revoke_role(ORACLE_ROLE.into(), oracle()), Err(expected));
    assert!(!feed.has_role(ORACLE_ROLE.into(), stranger()));
    assert!(feed.has_role(ORACLE_ROLE.into(), oracle()));
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
