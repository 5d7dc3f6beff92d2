//! Off-chain unit tests of the ink! Staking: every message, its events, each
//! error path with state unchanged, and who may call what. Native value moves
//! in the ink! test environment's balances; time moves with `set_time`.

use crate::staking::Staking;
use ink::{env::test, Address, U256};
use lst_core::{validator::StakingConfig, CoreError};
use lst_ink_common::{
    from_core,
    testing::{account, call_as, last_log, logs, set_time, uint, word, words, Log},
    Error,
};

const E18: u128 = 1_000_000_000_000_000_000;
const T0: u64 = 1_000_000;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;

fn deployer() -> Address {
    account(1)
}
fn oracle() -> Address {
    account(2)
}
fn operator() -> Address {
    account(3)
}
fn voter() -> Address {
    account(4)
}
/// The pool's owner: its address is the pool's.
fn owner() -> Address {
    account(5)
}
fn stranger() -> Address {
    account(6)
}
fn this() -> Address {
    test::callee()
}

fn units(n: u128) -> U256 {
    U256::from(n * E18)
}

fn balance_of(who: Address) -> U256 {
    test::get_contract_balance::<lst_ink_common::Env>(who).unwrap_or_default()
}

/// Calls a payable message with `value` from `who`, as the chain would: the
/// value is in the contract's balance when the message runs.
fn send<T>(s: &mut Staking, who: Address, value: U256, f: impl FnOnce(&mut Staking) -> T) -> T {
    call_as(who);
    test::set_value_transferred(value);
    test::set_contract_balance(this(), balance_of(this()) + value);
    let out = f(s);
    test::set_value_transferred(U256::zero());
    out
}

fn staking() -> Staking {
    set_time(T0);
    call_as(deployer());
    let s = Staking::new(oracle());
    test::set_contract_balance(this(), U256::zero());
    s
}

/// The owner's pool with `stake` units.
fn with_pool(stake: u128) -> Staking {
    let mut s = staking();
    send(&mut s, owner(), units(stake), |s| s.initialize_stake_pool(operator(), voter())).unwrap();
    s
}

/// Ends the epoch an hour later.
fn end_epoch(s: &mut Staking) {
    let (_, started, _, _, _, _) = s.epoch_info();
    set_time(started + HOUR);
    call_as(stranger());
    s.end_epoch().unwrap();
}

/// The owner's pool with `stake` units, validating (joined, one epoch on).
fn validating(stake: u128) -> Staking {
    let mut s = with_pool(stake);
    call_as(operator());
    s.join_validator_set(owner()).unwrap();
    end_epoch(&mut s);
    assert_eq!(state(&s), 2);
    s
}

fn stake(s: &Staking) -> (U256, U256, U256, U256) {
    s.get_stake(owner()).unwrap()
}

fn state(s: &Staking) -> u8 {
    s.stake_pool(owner()).unwrap().0
}

fn fund(s: &mut Staking, amount: U256) {
    send(s, stranger(), amount, |s| s.fund_rewards()).unwrap();
}

type Snapshot = (Vec<Address>, (u64, u64, u64, U256, U256, U256), Option<(U256, U256, U256, U256)>, usize);

fn snapshot(s: &Staking) -> Snapshot {
    (s.validator_set(), s.epoch_info(), s.get_stake(owner()).ok(), logs().len())
}

/// Asserts `f` fails with `expected` and changes nothing.
fn assert_fails(s: &mut Staking, expected: Error, f: impl FnOnce(&mut Staking) -> Result<(), Error>) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = snapshot(s);
    assert_eq!(f(s), Err(expected));
    assert_eq!(snapshot(s), before);
}

fn core(e: CoreError) -> Error {
    Error::Core(e)
}

fn local_config() -> crate::staking::ConfigTuple {
    let c = StakingConfig::LOCAL;
    (
        from_core(c.minimum_stake),
        from_core(c.maximum_stake),
        c.recurring_lockup_secs,
        from_core(c.rewards_rate),
        from_core(c.rewards_rate_denominator),
        c.epoch_duration_secs,
        c.max_validator_set_size,
        c.voting_power_increase_limit_bps,
        c.max_commission_bps,
    )
}

// --- constructor and configuration ---

#[ink::test]
fn constructor_names_the_oracle_and_starts_the_first_epoch_under_the_constant_configuration() {
    let s = staking();
    assert_eq!(s.performance_oracle(), oracle());
    assert_eq!(s.staking_config(), local_config());
    assert_eq!(s.epoch_info(), (0, T0, T0 + HOUR, U256::zero(), U256::zero(), U256::zero()));
}

// --- initializeStakePool ---

#[ink::test]
fn initialize_stake_pool_creates_the_callers_pool_with_its_first_stake() {
    let s = with_pool(10);
    assert_eq!(stake(&s), (units(10), U256::zero(), U256::zero(), U256::zero()));
    assert_eq!(s.stake_pool(owner()), Ok((0, 0, operator(), voter(), U256::zero())));
    assert_eq!(
        last_log(),
        Log::new(
            "StakePoolInitialized(address,address,address,uint256)",
            vec![word(owner())],
            words(&[word(operator()), word(voter()), uint(units(10))])
        )
    );
}

#[ink::test]
fn initialize_stake_pool_twice_is_stake_pool_exists() {
    let mut s = with_pool(10);
    call_as(owner());
    assert_fails(&mut s, core(CoreError::StakePoolExists), |s| s.initialize_stake_pool(operator(), voter()));
}

#[ink::test]
fn initialize_stake_pool_with_a_zero_role_is_invalid_role_account() {
    let mut s = staking();
    call_as(owner());
    assert_fails(&mut s, core(CoreError::InvalidRoleAccount), |s| s.initialize_stake_pool(Address::zero(), voter()));
    assert_fails(&mut s, core(CoreError::InvalidRoleAccount), |s| s.initialize_stake_pool(operator(), Address::zero()));
}

#[ink::test]
fn initialize_stake_pool_above_the_maximum_is_stake_above_maximum() {
    let mut s = staking();
    let too_much = from_core(StakingConfig::LOCAL.maximum_stake) + U256::one();
    let before = snapshot(&s);
    let result = send(&mut s, owner(), too_much, |s| s.initialize_stake_pool(operator(), voter()));
    assert_eq!(result, Err(core(CoreError::StakeAboveMaximum)));
    assert_eq!((s.validator_set(), s.get_stake(owner()).ok()), (before.0, before.2));
}

// --- addStake ---

#[ink::test]
fn add_stake_outside_the_set_is_active_at_once() {
    let mut s = with_pool(10);
    send(&mut s, owner(), units(5), |s| s.add_stake()).unwrap();
    assert_eq!(stake(&s).0, units(15));
    assert_eq!(last_log(), Log::new("StakeAdded(address,uint256)", vec![word(owner())], words(&[uint(units(5))])));
}

#[ink::test]
fn add_stake_to_a_validator_waits_for_the_next_epoch_and_counts_as_joining() {
    let mut s = validating(100);
    send(&mut s, owner(), units(5), |s| s.add_stake()).unwrap();
    assert_eq!((stake(&s).0, stake(&s).2, s.epoch_info().5), (units(100), units(5), units(5)));
    end_epoch(&mut s);
    assert_eq!((stake(&s).0, stake(&s).2), (units(105), U256::zero()));
}

#[ink::test]
fn add_stake_past_the_joining_limit_is_voting_power_increase_too_large() {
    let mut s = validating(100);
    let result = send(&mut s, owner(), units(21), |s| s.add_stake());
    assert_eq!(result, Err(core(CoreError::VotingPowerIncreaseTooLarge)));
    assert_eq!((stake(&s).2, s.epoch_info().5), (U256::zero(), U256::zero()));
}

#[ink::test]
fn add_stake_of_nothing_is_zero_amount() {
    let mut s = with_pool(10);
    call_as(owner());
    assert_fails(&mut s, core(CoreError::ZeroAmount), |s| s.add_stake());
}

#[ink::test]
fn add_stake_without_a_pool_is_stake_pool_not_found() {
    let mut s = staking();
    call_as(stranger());
    assert_fails(&mut s, core(CoreError::StakePoolNotFound), |s| s.add_stake());
}

#[ink::test]
fn add_stake_past_the_maximum_is_stake_above_maximum() {
    let mut s = staking();
    let maximum = from_core(StakingConfig::LOCAL.maximum_stake);
    send(&mut s, owner(), maximum, |s| s.initialize_stake_pool(operator(), voter())).unwrap();
    let result = send(&mut s, owner(), U256::one(), |s| s.add_stake());
    assert_eq!(result, Err(core(CoreError::StakeAboveMaximum)));
    assert_eq!(stake(&s).0, maximum);
}

// --- unlock, reactivate, withdraw ---

#[ink::test]
fn unlock_moves_active_stake_to_pending_inactive() {
    let mut s = validating(100);
    call_as(owner());
    s.unlock(units(40)).unwrap();
    assert_eq!((stake(&s).0, stake(&s).3), (units(60), units(40)));
    assert_eq!(last_log(), Log::new("StakeUnlocked(address,uint256)", vec![word(owner())], words(&[uint(units(40))])));
}

#[ink::test]
fn unlock_more_than_active_or_nothing_fails() {
    let mut s = validating(100);
    call_as(owner());
    assert_fails(&mut s, core(CoreError::InsufficientStake), |s| s.unlock(units(101)));
    assert_fails(&mut s, core(CoreError::ZeroAmount), |s| s.unlock(U256::zero()));
}

#[ink::test]
fn reactivate_moves_unlocking_stake_back() {
    let mut s = validating(100);
    call_as(owner());
    s.unlock(units(40)).unwrap();
    s.reactivate_stake(units(15)).unwrap();
    assert_eq!((stake(&s).0, stake(&s).3), (units(75), units(25)));
    assert_eq!(
        last_log(),
        Log::new("StakeReactivated(address,uint256)", vec![word(owner())], words(&[uint(units(15))]))
    );
    assert_fails(&mut s, core(CoreError::InsufficientStake), |s| s.reactivate_stake(units(26)));
}

#[ink::test]
fn unlocked_stake_turns_withdrawable_at_the_epoch_after_the_lockup_and_pays_the_owner() {
    let mut s = validating(100);
    call_as(owner());
    s.unlock(units(40)).unwrap();
    assert_fails(&mut s, core(CoreError::InsufficientStake), |s| s.withdraw(units(1)));
    let lockup_end = s.stake_pool(owner()).unwrap().1;
    set_time(lockup_end);
    call_as(stranger());
    s.end_epoch().unwrap();
    assert_eq!((stake(&s).1, stake(&s).3), (units(40), U256::zero()));
    let before = balance_of(owner());
    call_as(owner());
    s.withdraw(units(40)).unwrap();
    assert_eq!(balance_of(owner()), before + units(40));
    assert_eq!(stake(&s).1, U256::zero());
    assert_eq!(last_log(), Log::new("StakeWithdrawn(address,uint256)", vec![word(owner())], words(&[uint(units(40))])));
}

#[ink::test]
fn a_pool_outside_the_set_withdraws_after_its_lockup_without_an_epoch() {
    let mut s = with_pool(10);
    call_as(owner());
    s.unlock(units(4)).unwrap();
    s.withdraw(units(4)).unwrap();
    assert_eq!(stake(&s), (units(6), U256::zero(), U256::zero(), U256::zero()));
}

// --- roles ---

#[ink::test]
fn another_account_has_no_pool_of_its_own() {
    let mut s = validating(100);
    for who in [operator(), voter(), stranger()] {
        call_as(who);
        assert_fails(&mut s, core(CoreError::StakePoolNotFound), |s| s.unlock(units(1)));
    }
}

#[ink::test]
fn only_the_operator_runs_the_node() {
    let mut s = validating(100);
    for who in [voter(), stranger(), owner()] {
        call_as(who);
        let e = core(CoreError::StakeUnauthorized);
        assert_fails(&mut s, e.clone(), |s| s.join_validator_set(owner()));
        assert_fails(&mut s, e.clone(), |s| s.leave_validator_set(owner()));
        assert_fails(&mut s, e, |s| s.set_commission(owner(), U256::one()));
    }
}

#[ink::test]
fn the_owner_names_another_operator_and_voter() {
    let mut s = with_pool(10);
    call_as(owner());
    s.set_operator(stranger()).unwrap();
    assert_eq!(
        last_log(),
        Log::new(
            "OperatorChanged(address,address,address)",
            vec![word(owner())],
            words(&[word(operator()), word(stranger())])
        )
    );
    s.set_delegated_voter(stranger()).unwrap();
    assert_eq!(
        last_log(),
        Log::new(
            "DelegatedVoterChanged(address,address,address)",
            vec![word(owner())],
            words(&[word(voter()), word(stranger())])
        )
    );
    let (_, _, new_operator, new_voter, _) = s.stake_pool(owner()).unwrap();
    assert_eq!((new_operator, new_voter), (stranger(), stranger()));
    assert_fails(&mut s, core(CoreError::InvalidRoleAccount), |s| s.set_operator(Address::zero()));
    assert_fails(&mut s, core(CoreError::InvalidRoleAccount), |s| s.set_delegated_voter(Address::zero()));
}

#[ink::test]
fn increase_lockup_restarts_it_later() {
    let mut s = with_pool(10);
    call_as(owner());
    s.increase_lockup().unwrap();
    assert_eq!(s.stake_pool(owner()).unwrap().1, T0 + DAY);
    assert_eq!(
        last_log(),
        Log::new("LockupIncreased(address,uint64,uint64)", vec![word(owner())], words(&[uint(0u64), uint(T0 + DAY)]))
    );
    assert_fails(&mut s, core(CoreError::LockupNotIncreased), |s| s.increase_lockup());
}

// --- the validator set ---

#[ink::test]
fn join_makes_the_pool_pending_active_then_active_next_epoch() {
    let mut s = with_pool(10);
    call_as(operator());
    s.join_validator_set(owner()).unwrap();
    assert_eq!((state(&s), s.validator_set()), (1, vec![owner()]));
    assert_eq!(last_log(), Log::new("ValidatorStateChanged(address,uint8)", vec![word(owner())], words(&[uint(1u64)])));
    end_epoch(&mut s);
    assert_eq!((state(&s), s.voting_power(owner()), s.epoch_info().4), (2, Ok(units(10)), units(10)));
    assert!(logs().contains(&Log::new(
        "ValidatorStateChanged(address,uint8)",
        vec![word(owner())],
        words(&[uint(2u64)])
    )));
}

#[ink::test]
fn join_errors_change_nothing() {
    let mut s = staking();
    send(&mut s, owner(), U256::from(1_000), |s| s.initialize_stake_pool(operator(), voter())).unwrap();
    call_as(operator());
    assert_fails(&mut s, core(CoreError::StakeBelowValidatorMinimum), |s| s.join_validator_set(owner()));
    assert_fails(&mut s, core(CoreError::StakePoolNotFound), |s| s.join_validator_set(stranger()));
    send(&mut s, owner(), units(10), |s| s.add_stake()).unwrap();
    call_as(operator());
    s.join_validator_set(owner()).unwrap();
    assert_fails(&mut s, core(CoreError::AlreadyInValidatorSet), |s| s.join_validator_set(owner()));
}

#[ink::test]
fn join_into_a_full_set_is_validator_set_full() {
    let mut s = with_pool(10);
    for n in 0..local_config().6 {
        let other = account(100 + u8::try_from(n).unwrap());
        send(&mut s, other, units(10), |s| s.initialize_stake_pool(operator(), voter())).unwrap();
        call_as(operator());
        s.join_validator_set(other).unwrap();
    }
    assert_fails(&mut s, core(CoreError::ValidatorSetFull), |s| s.join_validator_set(owner()));
}

#[ink::test]
fn join_past_the_joining_limit_is_voting_power_increase_too_large() {
    let mut s = validating(100);
    send(&mut s, stranger(), units(21), |s| s.initialize_stake_pool(operator(), voter())).unwrap();
    call_as(operator());
    assert_fails(&mut s, core(CoreError::VotingPowerIncreaseTooLarge), |s| s.join_validator_set(stranger()));
}

#[ink::test]
fn leave_while_pending_is_immediate_and_while_active_waits_for_the_epoch() {
    let mut s = with_pool(10);
    call_as(operator());
    s.join_validator_set(owner()).unwrap();
    s.leave_validator_set(owner()).unwrap();
    assert_eq!((state(&s), s.validator_set()), (0, vec![]));
    assert_eq!(last_log(), Log::new("ValidatorStateChanged(address,uint8)", vec![word(owner())], words(&[uint(0u64)])));
    s.join_validator_set(owner()).unwrap();
    end_epoch(&mut s);
    call_as(operator());
    s.leave_validator_set(owner()).unwrap();
    assert_eq!(state(&s), 3);
    end_epoch(&mut s);
    assert_eq!((state(&s), s.validator_set()), (0, vec![]));
    call_as(operator());
    assert_fails(&mut s, core(CoreError::NotInValidatorSet), |s| s.leave_validator_set(owner()));
}

#[ink::test]
fn the_operator_sets_the_commission_within_the_cap() {
    let mut s = with_pool(10);
    call_as(operator());
    s.set_commission(owner(), U256::from(1_000)).unwrap();
    assert_eq!(s.stake_pool(owner()).unwrap().4, U256::from(1_000));
    assert_eq!(
        last_log(),
        Log::new(
            "CommissionChanged(address,uint256,uint256)",
            vec![word(owner())],
            words(&[uint(0u64), uint(1_000u64)])
        )
    );
    assert_fails(&mut s, core(CoreError::CommissionTooHigh), |s| s.set_commission(owner(), U256::from(5_001)));
    assert_fails(&mut s, core(CoreError::CommissionTooHigh), |s| s.set_commission(owner(), U256::MAX));
}

// --- performance, epochs, rewards ---

#[ink::test]
fn end_epoch_before_its_duration_is_epoch_not_ended() {
    let mut s = staking();
    set_time(T0 + HOUR - 1);
    assert_fails(&mut s, core(CoreError::EpochNotEnded), |s| s.end_epoch());
}

#[ink::test]
fn an_epoch_pays_reported_performance_from_the_reserve_minus_commission() {
    let mut s = validating(1_000);
    call_as(operator());
    s.set_commission(owner(), U256::from(1_000)).unwrap();
    fund(&mut s, units(1));
    call_as(oracle());
    s.report_performance(owner(), 5, 10).unwrap();
    assert_eq!(
        last_log(),
        Log::new(
            "PerformanceReported(address,uint64,uint64,uint64)",
            vec![word(owner()), uint(1u64)],
            words(&[uint(5u64), uint(10u64)])
        )
    );
    end_epoch(&mut s);
    let paid = units(1_000) * U256::from(913) * U256::from(5) / (U256::from(100_000_000) * U256::from(10));
    let commission = paid / U256::from(10);
    assert_eq!(stake(&s).0, units(1_000) + paid - commission);
    assert!(logs().contains(&Log::new(
        "RewardsDistributed(address,uint64,uint256,uint256)",
        vec![word(owner()), uint(1u64)],
        words(&[uint(paid), uint(commission)])
    )));
    assert_eq!(s.epoch_info().3, units(1) - paid);
    let locked_until = s.stake_pool(owner()).unwrap().1;
    assert_eq!(s.commission_claim(owner(), operator()), Ok((U256::zero(), commission, locked_until)));
}

#[ink::test]
fn an_unreported_validator_earns_nothing_for_the_epoch() {
    let mut s = validating(1_000);
    fund(&mut s, units(1));
    end_epoch(&mut s);
    assert_eq!((stake(&s).0, s.epoch_info().3), (units(1_000), units(1)));
}

#[ink::test]
fn a_short_reserve_pays_what_it_holds_and_says_so() {
    let mut s = validating(1_000);
    fund(&mut s, U256::from(1_000));
    call_as(oracle());
    s.report_performance(owner(), 10, 10).unwrap();
    end_epoch(&mut s);
    let needed = units(1_000) * U256::from(913) / U256::from(100_000_000);
    assert!(logs().contains(&Log::new(
        "EpochEnded(uint64,uint256,uint256,uint256)",
        vec![uint(1u64)],
        words(&[uint(needed), uint(1_000u64), uint(units(1_000) + U256::from(1_000))])
    )));
    assert_eq!((stake(&s).0, s.epoch_info().3), (units(1_000) + U256::from(1_000), U256::zero()));
}

#[ink::test]
fn report_performance_errors_change_nothing() {
    let mut s = with_pool(10);
    call_as(stranger());
    assert_fails(&mut s, Error::Unauthorized { account: stranger() }, |s| s.report_performance(owner(), 1, 1));
    call_as(oracle());
    assert_fails(&mut s, core(CoreError::NotInValidatorSet), |s| s.report_performance(owner(), 1, 1));
    assert_fails(&mut s, core(CoreError::StakePoolNotFound), |s| s.report_performance(stranger(), 1, 1));
    call_as(operator());
    s.join_validator_set(owner()).unwrap();
    end_epoch(&mut s);
    call_as(oracle());
    assert_fails(&mut s, core(CoreError::InvalidPerformance), |s| s.report_performance(owner(), 2, 1));
}

#[ink::test]
fn fund_rewards_adds_to_the_reserve_and_refuses_nothing_sent() {
    let mut s = staking();
    fund(&mut s, units(3));
    assert_eq!(s.epoch_info().3, units(3));
    assert_eq!(
        last_log(),
        Log::new("RewardsFunded(address,uint256)", vec![word(stranger())], words(&[uint(units(3))]))
    );
    call_as(stranger());
    assert_fails(&mut s, core(CoreError::ZeroAmount), |s| s.fund_rewards());
}

#[ink::test]
fn commission_is_withdrawable_once_its_lockup_ends_and_stays_with_who_earned_it() {
    let mut s = validating(1_000);
    call_as(operator());
    s.set_commission(owner(), U256::from(5_000)).unwrap();
    fund(&mut s, units(1));
    call_as(oracle());
    s.report_performance(owner(), 10, 10).unwrap();
    end_epoch(&mut s);
    let (_, locked, unlocks_at) = s.commission_claim(owner(), operator()).unwrap();
    assert!(!locked.is_zero());
    call_as(operator());
    assert_fails(&mut s, core(CoreError::NoCommission), |s| s.withdraw_commission(owner()));
    // A new operator takes nothing of it.
    call_as(owner());
    s.set_operator(stranger()).unwrap();
    call_as(stranger());
    assert_fails(&mut s, core(CoreError::NoCommission), |s| s.withdraw_commission(owner()));
    set_time(unlocks_at);
    assert_eq!(s.commission_claim(owner(), operator()), Ok((locked, U256::zero(), unlocks_at)));
    let before = balance_of(operator());
    call_as(operator());
    s.withdraw_commission(owner()).unwrap();
    assert_eq!(balance_of(operator()), before + locked);
    assert_eq!(
        last_log(),
        Log::new(
            "CommissionWithdrawn(address,address,uint256)",
            vec![word(owner()), word(operator())],
            words(&[uint(locked)])
        )
    );
    assert_fails(&mut s, core(CoreError::NoCommission), |s| s.withdraw_commission(owner()));
}

#[ink::test]
fn a_validator_below_the_minimum_drops_out_at_the_epoch() {
    let mut s = validating(10);
    call_as(owner());
    s.unlock(units(10)).unwrap();
    let lockup_end = s.stake_pool(owner()).unwrap().1;
    set_time(lockup_end);
    call_as(stranger());
    s.end_epoch().unwrap();
    assert_eq!((state(&s), s.validator_set()), (0, vec![]));
}

#[ink::test]
fn views_of_a_missing_pool_are_stake_pool_not_found() {
    let s = staking();
    let missing = Err(core(CoreError::StakePoolNotFound));
    assert_eq!(s.get_stake(stranger()).map(drop), missing.clone());
    assert_eq!(s.stake_pool(stranger()).map(drop), missing.clone());
    assert_eq!(s.voting_power(stranger()).map(drop), missing);
}
