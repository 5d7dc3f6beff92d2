//! Every message of `Staking`, once for both platforms: each behaviour and
//! each refusal (with nothing changed), on the memory chain.

use super::*;
use crate::memory::{abi_items, Chain, Changes, THIS};
use alloc::collections::BTreeMap;
use alloc::vec;
use lst_core::math::ONE;

const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;
const START: u64 = 1_700_000_000;

const ORACLE: Address = [2; 20];
const OPERATOR: Address = [3; 20];
const VOTER: Address = [4; 20];
const OWNER: Address = [5; 20];
const STRANGER: Address = [6; 20];
const GOVERNANCE: Address = [7; 20];

fn units(n: u64) -> U256 {
    U256::from(n) * ONE
}

/// The staking contract's storage as maps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    governance: Address,
    changes: Changes,
    oracle: Address,
    clock: EpochClock,
    reserve: U256,
    power: JoiningPower,
    set: Vec<Address>,
    pools: BTreeMap<Address, PoolRecord>,
    reports: BTreeMap<Address, Report>,
    claims: BTreeMap<(Address, Address), CommissionClaim>,
}

type Staking = Chain<State>;

crate::memory::parts!(State: changes);

impl Store for Staking {
    fn governance(&self) -> Address {
        self.state.governance
    }
    fn set_governance(&mut self, governance: Address) {
        self.state.governance = governance;
    }
    fn oracle(&self) -> Address {
        self.state.oracle
    }
    fn set_oracle(&mut self, oracle: Address) {
        self.state.oracle = oracle;
    }
    fn clock(&self) -> EpochClock {
        self.state.clock
    }
    fn set_clock(&mut self, clock: EpochClock) {
        self.state.clock = clock;
    }
    fn reserve(&self) -> U256 {
        self.state.reserve
    }
    fn set_reserve(&mut self, reserve: U256) {
        self.state.reserve = reserve;
    }
    fn power(&self) -> JoiningPower {
        self.state.power
    }
    fn set_power(&mut self, power: JoiningPower) {
        self.state.power = power;
    }
    fn set_len(&self) -> u32 {
        self.state.set.len() as u32
    }
    fn set_get(&self, index: u32) -> Option<Address> {
        self.state.set.get(index as usize).copied()
    }
    fn set_put(&mut self, index: u32, pool: Address) {
        self.state.set[index as usize] = pool;
    }
    fn set_push(&mut self, pool: Address) {
        self.state.set.push(pool);
    }
    fn set_pop(&mut self) {
        self.state.set.pop();
    }
    fn pool(&self, owner: Address) -> Option<PoolRecord> {
        self.state.pools.get(&owner).copied()
    }
    fn store_pool(&mut self, owner: Address, pool: &StakePool) {
        self.state.pools.entry(owner).or_default().pool = *pool;
    }
    fn store_roles(&mut self, owner: Address, operator: Address, voter: Address) {
        let record = self.state.pools.entry(owner).or_default();
        record.operator = operator;
        record.voter = voter;
    }
    fn report(&self, owner: Address) -> Report {
        self.state.reports.get(&owner).copied().unwrap_or_default()
    }
    fn store_report(&mut self, owner: Address, report: &Report) {
        self.state.reports.insert(owner, *report);
    }
    fn claim(&self, pool: Address, operator: Address) -> CommissionClaim {
        self.state.claims.get(&(pool, operator)).copied().unwrap_or_default()
    }
    fn store_claim(&mut self, pool: Address, operator: Address, claim: &CommissionClaim) {
        self.state.claims.insert((pool, operator), *claim);
    }
}

/// A deployed staking contract; the owner and the stranger hold 10,000 units.
fn deployed() -> Staking {
    let mut c = Staking::at(START);
    init(&mut c, GOVERNANCE, ORACLE, DAY).unwrap();
    c.fund(OWNER, units(10_000));
    c.fund(STRANGER, units(10_000));
    c
}

/// The owner's pool with `stake` units.
fn with_pool(stake: u64) -> Staking {
    let mut c = deployed();
    c.send(OWNER, units(stake), |c| initialize_stake_pool(c, OPERATOR, VOTER)).unwrap();
    c
}

/// Ends the epoch once its duration has passed.
fn next_epoch(c: &mut Staking) {
    c.advance(HOUR);
    c.call(STRANGER, end_epoch).unwrap();
}

/// The owner's pool with `stake` units, validating (joined, one epoch on).
fn validating(stake: u64) -> Staking {
    validating_with_commission(stake, 0)
}

/// The owner's pool with `stake` units and a commission of `bps`,
/// validating (the commission set before it joined, so it applies at once).
fn validating_with_commission(stake: u64, bps: u64) -> Staking {
    let mut c = with_pool(stake);
    if bps > 0 {
        c.call(OWNER, |c| set_commission(c, OWNER, U256::from(bps))).unwrap();
    }
    c.call(OPERATOR, |c| join_validator_set(c, OWNER)).unwrap();
    next_epoch(&mut c);
    assert_eq!(state(&c, OWNER), ValidatorState::Active);
    c
}

fn stake(c: &Staking) -> [U256; 4] {
    get_stake(c, OWNER).unwrap()
}

fn state(c: &Staking, pool: Address) -> ValidatorState {
    record(c, pool).unwrap().pool.state
}

fn fund(c: &mut Staking, amount: U256) {
    c.send(STRANGER, amount, fund_rewards).unwrap();
}

// --- deployment and configuration ---

#[test]
fn deployment_names_governance_and_the_oracle_and_starts_the_first_epoch_now() {
    let c = deployed();
    assert_eq!((c.governance(), c.oracle()), (GOVERNANCE, ORACLE));
    assert_eq!(timelock::Store::delay(&c), DAY);
    assert_eq!(epoch_info(&c), (0, START, START + HOUR, U256::ZERO, U256::ZERO, U256::ZERO));
}

#[test]
fn the_configuration_is_the_cores_local_one() {
    let (
        minimum_stake,
        maximum_stake,
        recurring_lockup_secs,
        rewards_rate,
        denominator,
        epoch,
        size,
        limit,
        cap,
        floor,
    ) = staking_config();
    let read = StakingConfig {
        minimum_stake,
        maximum_stake,
        recurring_lockup_secs,
        rewards_rate,
        rewards_rate_denominator: denominator,
        epoch_duration_secs: epoch,
        max_validator_set_size: size,
        voting_power_increase_limit_bps: limit,
        max_commission_bps: cap,
        performance_floor_bps: floor,
    };
    assert_eq!(read, StakingConfig::LOCAL);
}

// --- initializeStakePool ---

#[test]
fn initialize_stake_pool_creates_the_callers_pool_with_its_first_stake() {
    let c = with_pool(10);
    assert_eq!(stake(&c), [units(10), U256::ZERO, U256::ZERO, U256::ZERO]);
    assert_eq!(stake_pool(&c, OWNER), Ok((0, 0, OPERATOR, VOTER, U256::ZERO, U256::ZERO)));
    assert_eq!(c.balance(THIS), units(10));
    assert!(c.emitted(&StakePoolInitialized { pool: OWNER, operator: OPERATOR, voter: VOTER, amount: units(10) }));
}

#[test]
fn initialize_stake_pool_with_nothing_sent_creates_an_empty_pool() {
    let mut c = deployed();
    c.call(OWNER, |c| initialize_stake_pool(c, OPERATOR, VOTER)).unwrap();
    assert_eq!(stake(&c), [U256::ZERO; 4]);
}

#[test]
fn initialize_stake_pool_twice_is_stake_pool_exists() {
    let mut c = with_pool(10);
    c.assert_refused(CoreError::StakePoolExists, |c| c.call(OWNER, |c| initialize_stake_pool(c, OPERATOR, VOTER)));
}

#[test]
fn initialize_stake_pool_with_a_zero_operator_is_invalid_role_account() {
    let mut c = deployed();
    c.assert_refused(CoreError::InvalidRoleAccount, |c| {
        c.call(OWNER, |c| initialize_stake_pool(c, lst_core::ZERO_ADDRESS, VOTER))
    });
}

#[test]
fn initialize_stake_pool_with_a_zero_voter_is_invalid_role_account() {
    let mut c = deployed();
    c.assert_refused(CoreError::InvalidRoleAccount, |c| {
        c.call(OWNER, |c| initialize_stake_pool(c, OPERATOR, lst_core::ZERO_ADDRESS))
    });
}

#[test]
fn initialize_stake_pool_above_the_maximum_is_stake_above_maximum() {
    let mut c = deployed();
    let maximum = CONFIG.maximum_stake;
    c.fund(STRANGER, maximum);
    c.assert_refused(CoreError::StakeAboveMaximum, |c| {
        c.send(STRANGER, maximum + U256::from(1), |c| initialize_stake_pool(c, OPERATOR, VOTER))
    });
}

// --- addStake ---

#[test]
fn add_stake_outside_the_set_is_active_at_once() {
    let mut c = with_pool(10);
    c.send(OWNER, units(5), add_stake).unwrap();
    assert_eq!(stake(&c)[0], units(15));
    assert!(c.emitted(&StakeAdded { pool: OWNER, amount: units(5) }));
}

#[test]
fn add_stake_to_a_validator_waits_for_the_next_epoch_and_counts_as_joining() {
    let mut c = validating(100);
    c.send(OWNER, units(5), add_stake).unwrap();
    assert_eq!((stake(&c)[0], stake(&c)[2]), (units(100), units(5)));
    assert_eq!(epoch_info(&c).5, units(5));
    next_epoch(&mut c);
    assert_eq!((stake(&c)[0], stake(&c)[2]), (units(105), U256::ZERO));
}

#[test]
fn add_stake_past_the_joining_limit_is_voting_power_increase_too_large() {
    let mut c = validating(100);
    // 20% of 100 units may join per epoch.
    c.assert_refused(CoreError::VotingPowerIncreaseTooLarge, |c| c.send(OWNER, units(21), add_stake));
}

#[test]
fn add_stake_of_nothing_is_zero_amount() {
    let mut c = with_pool(10);
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(OWNER, add_stake));
}

#[test]
fn add_stake_without_a_pool_is_stake_pool_not_found() {
    let mut c = deployed();
    c.assert_refused(CoreError::StakePoolNotFound, |c| c.send(STRANGER, units(1), add_stake));
}

#[test]
fn add_stake_past_the_maximum_is_stake_above_maximum() {
    let mut c = deployed();
    let maximum = CONFIG.maximum_stake;
    c.fund(STRANGER, maximum);
    c.send(STRANGER, maximum, |c| initialize_stake_pool(c, OPERATOR, VOTER)).unwrap();
    c.assert_refused(CoreError::StakeAboveMaximum, |c| c.send(STRANGER, U256::from(1), add_stake));
}

// --- unlock, reactivate, withdraw ---

#[test]
fn unlock_moves_active_stake_to_pending_inactive() {
    let mut c = validating(100);
    c.call(OWNER, |c| unlock(c, units(40))).unwrap();
    assert_eq!((stake(&c)[0], stake(&c)[3]), (units(60), units(40)));
    assert!(c.emitted(&StakeUnlocked { pool: OWNER, amount: units(40) }));
}

#[test]
fn unlock_more_than_active_is_insufficient_stake() {
    let mut c = validating(100);
    c.assert_refused(CoreError::InsufficientStake, |c| c.call(OWNER, |c| unlock(c, units(101))));
}

#[test]
fn unlock_of_nothing_is_zero_amount() {
    let mut c = validating(100);
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(OWNER, |c| unlock(c, U256::ZERO)));
}

#[test]
fn reactivate_moves_unlocking_stake_back() {
    let mut c = validating(100);
    c.call(OWNER, |c| unlock(c, units(40))).unwrap();
    c.call(OWNER, |c| reactivate_stake(c, units(15))).unwrap();
    assert_eq!((stake(&c)[0], stake(&c)[3]), (units(75), units(25)));
    assert!(c.emitted(&StakeReactivated { pool: OWNER, amount: units(15) }));
}

#[test]
fn reactivate_more_than_unlocking_is_insufficient_stake() {
    let mut c = validating(100);
    c.call(OWNER, |c| unlock(c, units(40))).unwrap();
    c.assert_refused(CoreError::InsufficientStake, |c| c.call(OWNER, |c| reactivate_stake(c, units(41))));
}

#[test]
fn withdraw_before_the_lockup_ends_is_insufficient_stake() {
    let mut c = validating(100);
    c.call(OWNER, |c| unlock(c, units(40))).unwrap();
    c.assert_refused(CoreError::InsufficientStake, |c| c.call(OWNER, |c| withdraw(c, units(1))));
}

#[test]
fn unlocked_stake_turns_withdrawable_at_the_epoch_after_the_lockup_and_pays_the_owner() {
    let mut c = validating(100);
    c.call(OWNER, |c| unlock(c, units(40))).unwrap();
    c.advance(DAY);
    next_epoch(&mut c);
    assert_eq!((stake(&c)[1], stake(&c)[3]), (units(40), U256::ZERO));
    let before = c.balance(OWNER);
    c.call(OWNER, |c| withdraw(c, units(40))).unwrap();
    assert_eq!(c.balance(OWNER), before + units(40));
    assert_eq!(stake(&c)[1], U256::ZERO);
    assert!(c.emitted(&StakeWithdrawn { pool: OWNER, amount: units(40) }));
}

#[test]
fn a_pool_outside_the_set_withdraws_after_its_lockup_without_an_epoch() {
    let mut c = with_pool(10);
    c.call(OWNER, |c| unlock(c, units(4))).unwrap();
    c.call(OWNER, |c| withdraw(c, units(4))).unwrap();
    assert_eq!(stake(&c), [units(6), U256::ZERO, U256::ZERO, U256::ZERO]);
}

#[test]
fn a_withdrawal_the_owner_refuses_is_transfer_failed_and_changes_nothing() {
    let mut c = with_pool(10);
    c.call(OWNER, |c| unlock(c, units(10))).unwrap();
    c.refusing.insert(OWNER);
    c.assert_refused(Error::TransferFailed { to: OWNER, amount: units(10) }, |c| {
        c.call(OWNER, |c| withdraw(c, units(10)))
    });
}

// --- roles ---

#[test]
fn an_owner_action_names_the_callers_own_pool() {
    let mut c = validating(100);
    for caller in [OPERATOR, VOTER, STRANGER] {
        c.assert_refused(CoreError::StakePoolNotFound, |c| c.call(caller, |c| unlock(c, units(1))));
    }
}

#[test]
fn only_the_operator_joins_and_leaves() {
    let mut c = validating(100);
    for caller in [VOTER, STRANGER, OWNER] {
        c.assert_refused(CoreError::StakeUnauthorized, |c| c.call(caller, |c| join_validator_set(c, OWNER)));
        c.assert_refused(CoreError::StakeUnauthorized, |c| c.call(caller, |c| leave_validator_set(c, OWNER)));
    }
}

#[test]
fn only_the_owner_sets_the_commission() {
    let mut c = validating(100);
    for caller in [OPERATOR, VOTER, STRANGER, GOVERNANCE] {
        c.assert_refused(CoreError::StakeUnauthorized, |c| c.call(caller, |c| set_commission(c, OWNER, U256::from(1))));
    }
}

#[test]
fn the_owner_names_another_operator() {
    let mut c = with_pool(10);
    c.call(OWNER, |c| set_operator(c, STRANGER)).unwrap();
    assert_eq!(stake_pool(&c, OWNER).unwrap().2, STRANGER);
    assert!(c.emitted(&OperatorChanged { pool: OWNER, oldOperator: OPERATOR, newOperator: STRANGER }));
}

#[test]
fn the_owner_names_another_voter() {
    let mut c = with_pool(10);
    c.call(OWNER, |c| set_delegated_voter(c, STRANGER)).unwrap();
    assert_eq!(stake_pool(&c, OWNER).unwrap().3, STRANGER);
    assert!(c.emitted(&DelegatedVoterChanged { pool: OWNER, oldVoter: VOTER, newVoter: STRANGER }));
}

#[test]
fn a_zero_operator_or_voter_is_invalid_role_account() {
    let mut c = with_pool(10);
    c.assert_refused(CoreError::InvalidRoleAccount, |c| c.call(OWNER, |c| set_operator(c, lst_core::ZERO_ADDRESS)));
    c.assert_refused(CoreError::InvalidRoleAccount, |c| {
        c.call(OWNER, |c| set_delegated_voter(c, lst_core::ZERO_ADDRESS))
    });
}

#[test]
fn increase_lockup_restarts_it_later() {
    let mut c = with_pool(10);
    c.call(OWNER, increase_lockup).unwrap();
    assert_eq!(stake_pool(&c, OWNER).unwrap().1, START + DAY);
    assert!(c.emitted(&LockupIncreased { pool: OWNER, oldLockedUntil: 0, newLockedUntil: START + DAY }));
}

#[test]
fn increase_lockup_that_ends_no_later_is_lockup_not_increased() {
    let mut c = with_pool(10);
    c.call(OWNER, increase_lockup).unwrap();
    c.assert_refused(CoreError::LockupNotIncreased, |c| c.call(OWNER, increase_lockup));
}

// --- the validator set ---

#[test]
fn join_makes_the_pool_pending_active_then_active_next_epoch() {
    let mut c = with_pool(10);
    c.call(OPERATOR, |c| join_validator_set(c, OWNER)).unwrap();
    assert_eq!(state(&c, OWNER), ValidatorState::PendingActive);
    assert_eq!(validator_set(&c), vec![OWNER]);
    assert!(c.emitted(&ValidatorStateChanged { pool: OWNER, state: 1 }));
    next_epoch(&mut c);
    assert_eq!(state(&c, OWNER), ValidatorState::Active);
    assert_eq!(voting_power(&c, OWNER).unwrap(), units(10));
    assert_eq!(epoch_info(&c).4, units(10));
    assert!(c.emitted(&ValidatorStateChanged { pool: OWNER, state: 2 }));
}

#[test]
fn join_below_the_validator_minimum_is_stake_below_validator_minimum() {
    let mut c = deployed();
    c.send(OWNER, U256::from(1), |c| initialize_stake_pool(c, OPERATOR, VOTER)).unwrap();
    c.assert_refused(CoreError::StakeBelowValidatorMinimum, |c| c.call(OPERATOR, |c| join_validator_set(c, OWNER)));
}

#[test]
fn join_of_a_missing_pool_is_stake_pool_not_found() {
    let mut c = deployed();
    c.assert_refused(CoreError::StakePoolNotFound, |c| c.call(OPERATOR, |c| join_validator_set(c, STRANGER)));
}

#[test]
fn join_twice_is_already_in_validator_set() {
    let mut c = with_pool(10);
    c.call(OPERATOR, |c| join_validator_set(c, OWNER)).unwrap();
    c.assert_refused(CoreError::AlreadyInValidatorSet, |c| c.call(OPERATOR, |c| join_validator_set(c, OWNER)));
}

#[test]
fn join_into_a_full_set_is_validator_set_full() {
    let mut c = with_pool(10);
    for n in 0..CONFIG.max_validator_set_size {
        let other = [100 + n as u8; 20];
        c.fund(other, units(10));
        c.send(other, units(10), |c| initialize_stake_pool(c, OPERATOR, VOTER)).unwrap();
        c.call(OPERATOR, |c| join_validator_set(c, other)).unwrap();
    }
    c.assert_refused(CoreError::ValidatorSetFull, |c| c.call(OPERATOR, |c| join_validator_set(c, OWNER)));
}

#[test]
fn join_past_the_joining_limit_is_voting_power_increase_too_large() {
    let mut c = validating(100);
    c.send(STRANGER, units(21), |c| initialize_stake_pool(c, OPERATOR, VOTER)).unwrap();
    c.assert_refused(CoreError::VotingPowerIncreaseTooLarge, |c| c.call(OPERATOR, |c| join_validator_set(c, STRANGER)));
}

#[test]
fn leave_while_joining_is_immediate() {
    let mut c = with_pool(10);
    c.call(OPERATOR, |c| join_validator_set(c, OWNER)).unwrap();
    c.call(OPERATOR, |c| leave_validator_set(c, OWNER)).unwrap();
    assert_eq!((state(&c, OWNER), validator_set(&c)), (ValidatorState::Inactive, vec![]));
    assert!(c.emitted(&ValidatorStateChanged { pool: OWNER, state: 0 }));
}

#[test]
fn leave_while_active_waits_for_the_epoch() {
    let mut c = validating(10);
    c.call(OPERATOR, |c| leave_validator_set(c, OWNER)).unwrap();
    assert_eq!(state(&c, OWNER), ValidatorState::PendingInactive);
    next_epoch(&mut c);
    assert_eq!((state(&c, OWNER), validator_set(&c)), (ValidatorState::Inactive, vec![]));
}

#[test]
fn leave_outside_the_set_is_not_in_validator_set() {
    let mut c = with_pool(10);
    c.assert_refused(CoreError::NotInValidatorSet, |c| c.call(OPERATOR, |c| leave_validator_set(c, OWNER)));
}

#[test]
fn a_leaving_pool_makes_room_for_the_last_one() {
    let mut c = with_pool(10);
    let others = [[101; 20], [102; 20]];
    c.call(OPERATOR, |c| join_validator_set(c, OWNER)).unwrap();
    for other in others {
        c.fund(other, units(10));
        c.send(other, units(10), |c| initialize_stake_pool(c, OPERATOR, VOTER)).unwrap();
        c.call(OPERATOR, |c| join_validator_set(c, other)).unwrap();
    }
    c.call(OPERATOR, |c| leave_validator_set(c, OWNER)).unwrap();
    assert_eq!(validator_set(&c), vec![others[1], others[0]]);
}

#[test]
fn the_owner_sets_the_commission_within_the_cap() {
    let mut c = with_pool(10);
    c.call(OWNER, |c| set_commission(c, OWNER, U256::from(1_000))).unwrap();
    assert_eq!(stake_pool(&c, OWNER).unwrap().4, U256::from(1_000));
    assert_eq!(stake_pool(&c, OWNER).map(|p| p.5), Ok(U256::from(1_000)));
    assert!(c.emitted(&CommissionChanged { pool: OWNER, oldBps: U256::ZERO, newBps: U256::from(1_000) }));
}

#[test]
fn a_commission_increase_for_a_validator_waits_for_the_next_epoch() {
    let mut c = validating(1_000);
    c.call(OWNER, |c| set_commission(c, OWNER, U256::from(1_000))).unwrap();
    assert_eq!(stake_pool(&c, OWNER).unwrap().4, U256::ZERO, "this epoch keeps the old commission");
    assert_eq!(stake_pool(&c, OWNER).map(|p| p.5), Ok(U256::from(1_000)));
    fund(&mut c, units(1));
    c.call(ORACLE, |c| report_performance(c, OWNER, 10, 10)).unwrap();
    next_epoch(&mut c);
    assert_eq!(commission_claim(&c, OWNER, OPERATOR).unwrap(), CommissionClaim::default());
    assert_eq!(stake_pool(&c, OWNER).unwrap().4, U256::from(1_000), "it applies from the new epoch");
}

#[test]
fn a_commission_decrease_for_a_validator_applies_at_once() {
    let mut c = validating_with_commission(1_000, 2_000);
    c.call(OWNER, |c| set_commission(c, OWNER, U256::from(500))).unwrap();
    assert_eq!(stake_pool(&c, OWNER).unwrap().4, U256::from(500));
    assert!(c.emitted(&CommissionChanged { pool: OWNER, oldBps: U256::from(2_000), newBps: U256::from(500) }));
}

#[test]
fn a_commission_above_the_cap_is_commission_too_high() {
    let mut c = with_pool(10);
    for bps in [U256::from(CONFIG.max_commission_bps + 1), U256::MAX] {
        c.assert_refused(CoreError::CommissionTooHigh, |c| c.call(OWNER, |c| set_commission(c, OWNER, bps)));
    }
}

#[test]
fn the_stake_pool_of_an_account_without_one_is_stake_pool_not_found() {
    let c = deployed();
    assert_eq!(stake_pool(&c, STRANGER), Err(Error::Core(CoreError::StakePoolNotFound)));
}

// --- governance: removing a validator ---

#[test]
fn deployment_with_a_change_delay_out_of_range_is_refused() {
    let mut c = Staking::at(START);
    assert_eq!(init(&mut c, GOVERNANCE, ORACLE, 60), Err(Error::Core(CoreError::ChangeDelayOutOfRange)));
}

#[test]
fn deployment_without_governance_or_oracle_is_zero_address() {
    let mut c = Staking::at(START);
    assert_eq!(init(&mut c, [0; 20], ORACLE, DAY), Err(Error::ZeroAddress {}));
    assert_eq!(init(&mut c, GOVERNANCE, [0; 20], DAY), Err(Error::ZeroAddress {}));
}

#[test]
fn a_removal_is_scheduled_first_and_changes_nothing_in_the_set() {
    let mut c = validating(100);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    assert_eq!(state(&c, OWNER), ValidatorState::Active);
    let key = timelock::key(REMOVE_VALIDATOR, OWNER);
    assert_eq!(timelock::pending(&c, key).1, U256::from(START + HOUR + DAY));
}

#[test]
fn a_removal_carried_out_after_the_delay_leaves_at_the_epoch_change() {
    let mut c = validating(100);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    c.advance(DAY);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    assert_eq!(state(&c, OWNER), ValidatorState::PendingInactive, "it validates to the end of the epoch");
    assert!(c.emitted(&ValidatorRemoved { pool: OWNER }));
    assert!(c.emitted(&ValidatorStateChanged { pool: OWNER, state: ValidatorState::PendingInactive as u8 }));
    c.call(STRANGER, end_epoch).unwrap();
    assert_eq!(state(&c, OWNER), ValidatorState::Inactive);
    assert!(validator_set(&c).is_empty());
}

#[test]
fn a_removal_of_a_joining_pool_takes_it_out_at_once() {
    let mut c = with_pool(100);
    c.call(OPERATOR, |c| join_validator_set(c, OWNER)).unwrap();
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    c.advance(DAY);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    assert_eq!(state(&c, OWNER), ValidatorState::Inactive);
    assert!(validator_set(&c).is_empty());
}

#[test]
fn a_removal_before_its_delay_is_change_not_ready() {
    let mut c = validating(100);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    c.advance(DAY - 1);
    c.assert_refused(CoreError::ChangeNotReady, |c| c.call(GOVERNANCE, |c| remove_validator(c, OWNER)));
}

#[test]
fn a_removal_from_anyone_but_governance_is_unauthorized() {
    let mut c = validating(100);
    for caller in [OWNER, OPERATOR, ORACLE, STRANGER] {
        c.assert_refused(Error::Unauthorized { account: caller }, |c| c.call(caller, |c| remove_validator(c, OWNER)));
    }
}

#[test]
fn a_cancel_from_anyone_but_governance_is_unauthorized() {
    let mut c = validating(100);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    let key = timelock::key(REMOVE_VALIDATOR, OWNER);
    c.assert_refused(Error::Unauthorized { account: OWNER }, |c| c.call(OWNER, |c| cancel_change(c, key)));
}

#[test]
fn a_cancel_with_nothing_waiting_is_no_change_pending() {
    let mut c = validating(100);
    let key = timelock::key(REMOVE_VALIDATOR, OWNER);
    c.assert_refused(CoreError::NoChangePending, |c| c.call(GOVERNANCE, |c| cancel_change(c, key)));
}

#[test]
fn a_removal_of_a_pool_outside_the_set_is_not_in_validator_set() {
    let mut c = with_pool(100);
    c.assert_refused(CoreError::NotInValidatorSet, |c| c.call(GOVERNANCE, |c| remove_validator(c, OWNER)));
}

#[test]
fn a_removal_of_a_pool_already_leaving_is_not_in_validator_set() {
    let mut c = validating(100);
    c.call(OPERATOR, |c| leave_validator_set(c, OWNER)).unwrap();
    c.assert_refused(CoreError::NotInValidatorSet, |c| c.call(GOVERNANCE, |c| remove_validator(c, OWNER)));
}

#[test]
fn a_removal_of_an_account_without_a_pool_is_stake_pool_not_found() {
    let mut c = deployed();
    c.assert_refused(CoreError::StakePoolNotFound, |c| c.call(GOVERNANCE, |c| remove_validator(c, STRANGER)));
}

#[test]
fn a_waiting_removal_is_cancelled_by_governance() {
    let mut c = validating(100);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    let key = timelock::key(REMOVE_VALIDATOR, OWNER);
    c.call(GOVERNANCE, |c| cancel_change(c, key)).unwrap();
    c.advance(DAY);
    c.call(GOVERNANCE, |c| remove_validator(c, OWNER)).unwrap();
    assert_eq!(state(&c, OWNER), ValidatorState::Active, "the call scheduled it again");
}

// --- the performance floor ---

#[test]
fn a_validator_below_the_performance_floor_earns_nothing_for_the_epoch() {
    let mut c = validating(1_000);
    fund(&mut c, units(1));
    c.call(ORACLE, |c| report_performance(c, OWNER, 79, 100)).unwrap();
    next_epoch(&mut c);
    assert_eq!(stake(&c)[0], units(1_000));
    assert_eq!(epoch_info(&c).3, units(1), "the reserve paid nothing");
}

#[test]
fn a_validator_at_the_performance_floor_earns_its_share() {
    let mut c = validating(1_000);
    fund(&mut c, units(1));
    c.call(ORACLE, |c| report_performance(c, OWNER, 80, 100)).unwrap();
    next_epoch(&mut c);
    // 1,000 units * 913e-8 * 80/100.
    assert_eq!(stake(&c)[0], units(1_000) + units(1_000) * U256::from(913 * 80) / U256::from(100_000_000u64 * 100));
}

// --- performance, epochs, rewards ---

#[test]
fn end_epoch_before_its_duration_is_epoch_not_ended() {
    let mut c = deployed();
    c.assert_refused(CoreError::EpochNotEnded, |c| c.call(STRANGER, end_epoch));
}

#[test]
fn an_epoch_pays_reported_performance_from_the_reserve_minus_commission() {
    let mut c = validating_with_commission(1_000, 1_000);
    fund(&mut c, units(1));
    c.call(ORACLE, |c| report_performance(c, OWNER, 8, 10)).unwrap();
    assert!(c.emitted(&PerformanceReported { pool: OWNER, epoch: 1, successful: 8, total: 10 }));
    next_epoch(&mut c);
    // 1,000 units * 913e-8 * 8/10; 10% of it to the operator.
    let reward = units(1_000) * U256::from(913 * 8) / U256::from(1_000_000_000);
    let commission = reward / U256::from(10);
    assert_eq!(stake(&c)[0], units(1_000) + reward - commission);
    assert!(c.emitted(&RewardsDistributed { pool: OWNER, epoch: 1, rewards: reward, commission }));
    assert!(c.emitted(&EpochEnded {
        epoch: 1,
        rewardsNeeded: reward,
        rewardsPaid: reward,
        totalVotingPower: units(1_000) + reward - commission,
    }));
    assert_eq!(epoch_info(&c).3, units(1) - reward);
    let claim = commission_claim(&c, OWNER, OPERATOR).unwrap();
    let locked_until = stake_pool(&c, OWNER).unwrap().1;
    assert_eq!((claim.withdrawable, claim.locked, claim.unlocks_at), (U256::ZERO, commission, locked_until));
}

#[test]
fn an_unreported_validator_earns_nothing_for_the_epoch() {
    let mut c = validating(1_000);
    fund(&mut c, units(1));
    next_epoch(&mut c);
    assert_eq!(stake(&c)[0], units(1_000));
    assert_eq!(epoch_info(&c).3, units(1));
}

#[test]
fn a_short_reserve_pays_what_it_holds_and_says_so() {
    let mut c = validating(1_000);
    fund(&mut c, U256::from(1_000));
    c.call(ORACLE, |c| report_performance(c, OWNER, 10, 10)).unwrap();
    next_epoch(&mut c);
    let needed = units(1_000) * U256::from(913) / U256::from(100_000_000);
    assert!(c.emitted(&EpochEnded {
        epoch: 1,
        rewardsNeeded: needed,
        rewardsPaid: U256::from(1_000),
        totalVotingPower: units(1_000) + U256::from(1_000),
    }));
    assert_eq!(stake(&c)[0], units(1_000) + U256::from(1_000));
    assert_eq!(epoch_info(&c).3, U256::ZERO);
}

#[test]
fn a_report_from_another_account_than_the_oracle_is_unauthorized() {
    let mut c = validating(10);
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| {
        c.call(STRANGER, |c| report_performance(c, OWNER, 1, 1))
    });
}

#[test]
fn a_report_on_a_pool_outside_the_set_is_not_in_validator_set() {
    let mut c = with_pool(10);
    c.assert_refused(CoreError::NotInValidatorSet, |c| c.call(ORACLE, |c| report_performance(c, OWNER, 1, 1)));
}

#[test]
fn a_report_on_a_missing_pool_is_stake_pool_not_found() {
    let mut c = deployed();
    c.assert_refused(CoreError::StakePoolNotFound, |c| c.call(ORACLE, |c| report_performance(c, STRANGER, 1, 1)));
}

#[test]
fn a_report_of_more_successes_than_proposals_is_invalid_performance() {
    let mut c = validating(10);
    c.assert_refused(CoreError::InvalidPerformance, |c| c.call(ORACLE, |c| report_performance(c, OWNER, 2, 1)));
}

#[test]
fn fund_rewards_adds_to_the_reserve() {
    let mut c = deployed();
    fund(&mut c, units(3));
    assert_eq!(epoch_info(&c).3, units(3));
    assert!(c.emitted(&RewardsFunded { from: STRANGER, amount: units(3) }));
}

#[test]
fn fund_rewards_with_nothing_sent_is_zero_amount() {
    let mut c = deployed();
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(STRANGER, fund_rewards));
}

/// A validator whose operator earned commission in an epoch.
fn with_commission() -> (Staking, U256) {
    let mut c = validating_with_commission(1_000, 5_000);
    fund(&mut c, units(1));
    c.call(ORACLE, |c| report_performance(c, OWNER, 10, 10)).unwrap();
    next_epoch(&mut c);
    let locked = commission_claim(&c, OWNER, OPERATOR).unwrap().locked;
    assert!(!locked.is_zero());
    (c, locked)
}

#[test]
fn commission_locked_until_its_lockup_ends_is_no_commission() {
    let (mut c, _) = with_commission();
    c.assert_refused(CoreError::NoCommission, |c| c.call(OPERATOR, |c| withdraw_commission(c, OWNER)));
}

#[test]
fn commission_stays_with_the_operator_who_earned_it() {
    let (mut c, _) = with_commission();
    c.call(OWNER, |c| set_operator(c, STRANGER)).unwrap();
    c.assert_refused(CoreError::NoCommission, |c| c.call(STRANGER, |c| withdraw_commission(c, OWNER)));
}

#[test]
fn commission_is_withdrawable_once_its_lockup_ends() {
    let (mut c, locked) = with_commission();
    c.advance(DAY);
    let claim = commission_claim(&c, OWNER, OPERATOR).unwrap();
    assert_eq!((claim.withdrawable, claim.locked), (locked, U256::ZERO));
    let before = c.balance(OPERATOR);
    c.call(OPERATOR, |c| withdraw_commission(c, OWNER)).unwrap();
    assert_eq!(c.balance(OPERATOR), before + locked);
    assert!(c.emitted(&CommissionWithdrawn { pool: OWNER, operator: OPERATOR, amount: locked }));
    c.assert_refused(CoreError::NoCommission, |c| c.call(OPERATOR, |c| withdraw_commission(c, OWNER)));
}

#[test]
fn a_commission_payment_the_operator_refuses_is_transfer_failed() {
    let (mut c, locked) = with_commission();
    c.advance(DAY);
    c.refusing.insert(OPERATOR);
    c.assert_refused(Error::TransferFailed { to: OPERATOR, amount: locked }, |c| {
        c.call(OPERATOR, |c| withdraw_commission(c, OWNER))
    });
}

#[test]
fn a_validator_below_the_minimum_drops_out_at_the_epoch() {
    let mut c = validating(10);
    c.call(OWNER, |c| unlock(c, units(10))).unwrap();
    c.advance(DAY);
    next_epoch(&mut c);
    assert_eq!((state(&c, OWNER), validator_set(&c)), (ValidatorState::Inactive, vec![]));
}

#[test]
fn views_of_a_missing_pool_are_stake_pool_not_found() {
    let c = deployed();
    let missing = Error::Core(CoreError::StakePoolNotFound);
    assert_eq!(get_stake(&c, STRANGER).unwrap_err(), missing);
    assert_eq!(stake_pool(&c, STRANGER).unwrap_err(), missing);
    assert_eq!(voting_power(&c, STRANGER).unwrap_err(), missing);
}

#[test]
fn every_core_rule_a_message_raises_is_in_the_abi() {
    // The core errors the tests above meet, each listed for the contract.
    for rule in [
        CoreError::StakePoolExists,
        CoreError::InvalidRoleAccount,
        CoreError::StakeAboveMaximum,
        CoreError::VotingPowerIncreaseTooLarge,
        CoreError::ZeroAmount,
        CoreError::StakePoolNotFound,
        CoreError::InsufficientStake,
        CoreError::StakeUnauthorized,
        CoreError::LockupNotIncreased,
        CoreError::StakeBelowValidatorMinimum,
        CoreError::AlreadyInValidatorSet,
        CoreError::ValidatorSetFull,
        CoreError::NotInValidatorSet,
        CoreError::CommissionTooHigh,
        CoreError::EpochNotEnded,
        CoreError::InvalidPerformance,
        CoreError::NoCommission,
        // The scheduled removals' (the stateful fuzzer found cancelChange's
        // NoChangePending missing from the ABI).
        CoreError::NoChangePending,
        CoreError::ChangeNotReady,
        CoreError::ChangeDelayOutOfRange,
    ] {
        assert!(lst_core::error::raised::STAKING.contains(&rule), "{rule:?}");
    }
}

#[test]
fn every_event_the_messages_log_is_declared_in_the_abi() {
    use crate::abi::Event;
    let declared = abi_items("Staking", "event");
    for signature in [
        StakePoolInitialized::SIGNATURE,
        StakeAdded::SIGNATURE,
        StakeUnlocked::SIGNATURE,
        StakeReactivated::SIGNATURE,
        StakeWithdrawn::SIGNATURE,
        OperatorChanged::SIGNATURE,
        DelegatedVoterChanged::SIGNATURE,
        LockupIncreased::SIGNATURE,
        CommissionChanged::SIGNATURE,
        PerformanceReported::SIGNATURE,
        RewardsFunded::SIGNATURE,
        RewardsDistributed::SIGNATURE,
        ValidatorStateChanged::SIGNATURE,
        EpochEnded::SIGNATURE,
        CommissionWithdrawn::SIGNATURE,
        ValidatorRemoved::SIGNATURE,
        timelock::ChangeScheduled::SIGNATURE,
        timelock::ChangeExecuted::SIGNATURE,
        timelock::ChangeCancelled::SIGNATURE,
    ] {
        assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/Staking.json");
    }
    assert_eq!(declared.len(), 19, "an event of the ABI the app layer does not log");
}

#[test]
fn every_named_error_the_messages_raise_is_declared_in_the_abi() {
    let declared = abi_items("Staking", "error");
    for error in [
        Error::Unauthorized { account: STRANGER },
        Error::TransferFailed { to: OWNER, amount: U256::ZERO },
        Error::ZeroAddress {},
    ] {
        let signature = error.signature().unwrap();
        assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/Staking.json");
    }
}
