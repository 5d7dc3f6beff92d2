//! What is ink!'s own in `Staking` (every message's behaviour and refusal is
//! tested once, in `lst_app::staking`): the messages reach the app layer,
//! the logs are those of the `#[ink(event)]` declarations cargo-contract
//! lists in the ABI, refusals revert with the ABI's error data, and value
//! moves through the ink! environment's balances.

use crate::staking::*;
use ink::{env::test, Address, U256};
use lst_core::CoreError;
use lst_ink_common::{
    testing::{account, call_as, logs, set_time},
    Failure,
};

const E18: u128 = 1_000_000_000_000_000_000;
const T0: u64 = 1_000_000;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;

fn governance() -> Address {
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
    call_as(governance());
    let s = Staking::new(governance(), oracle(), DAY).unwrap();
    test::set_contract_balance(this(), U256::zero());
    s
}

/// Ends the epoch an hour later.
fn end_epoch(s: &mut Staking) {
    let (_, started, _, _, _, _) = s.epoch_info();
    set_time(started + HOUR);
    call_as(stranger());
    s.end_epoch().unwrap();
}

/// Asserts that the message logged exactly what `event`'s `#[ink(event)]`
/// declaration logs.
fn assert_logged<E: ink::env::Event<ink::abi::Sol>>(event: E) {
    let logged = logs();
    ink::env::emit_event(event);
    let declared = logs().pop().unwrap();
    assert!(logged.contains(&declared), "{declared:?} not among {logged:?}");
}

#[ink::test]
fn the_messages_run_the_app_layer_and_log_the_declared_events() {
    let mut s = staking();
    let (pool, op) = (owner(), operator());
    send(&mut s, pool, units(1_000), |s| s.initialize_stake_pool(op, voter())).unwrap();
    assert_logged(StakePoolInitialized { pool, operator: op, voter: voter(), amount: units(1_000) });
    call_as(pool);
    s.set_commission(pool, U256::from(1_000)).unwrap();
    assert_logged(CommissionChanged { pool, oldBps: U256::zero(), newBps: U256::from(1_000) });
    assert_eq!(s.stake_pool(pool).map(|p| p.5), Ok(U256::from(1_000)));
    call_as(op);
    s.join_validator_set(pool).unwrap();
    assert_logged(ValidatorStateChanged { pool, state: 1 });
    end_epoch(&mut s);
    send(&mut s, stranger(), units(1), |s| s.fund_rewards()).unwrap();
    assert_logged(RewardsFunded { from: stranger(), amount: units(1) });
    call_as(oracle());
    s.report_performance(pool, 8, 10).unwrap();
    assert_logged(PerformanceReported { pool, epoch: 1, successful: 8, total: 10 });
    end_epoch(&mut s);
    let reward = units(1_000) * U256::from(913 * 8) / U256::from(1_000_000_000u64);
    let commission = reward / U256::from(10);
    assert_logged(RewardsDistributed { pool, epoch: 1, rewards: reward, commission });
    assert_logged(EpochEnded {
        epoch: 1,
        rewardsNeeded: reward,
        rewardsPaid: reward,
        totalVotingPower: units(1_000) + reward - commission,
    });
    send(&mut s, pool, units(5), |s| s.add_stake()).unwrap();
    assert_logged(StakeAdded { pool, amount: units(5) });
    call_as(pool);
    s.unlock(units(40)).unwrap();
    assert_logged(StakeUnlocked { pool, amount: units(40) });
    s.reactivate_stake(units(15)).unwrap();
    assert_logged(StakeReactivated { pool, amount: units(15) });
    s.set_operator(stranger()).unwrap();
    assert_logged(OperatorChanged { pool, oldOperator: op, newOperator: stranger() });
    s.set_delegated_voter(stranger()).unwrap();
    assert_logged(DelegatedVoterChanged { pool, oldVoter: voter(), newVoter: stranger() });
    let (_, locked_until, read_operator, read_voter, bps, _) = s.stake_pool(pool).unwrap();
    assert_eq!((read_operator, read_voter, bps), (stranger(), stranger(), U256::from(1_000)));
    assert_eq!(s.commission_claim(pool, op).unwrap(), (U256::zero(), commission, locked_until));
    assert_eq!(s.validator_set(), vec![pool]);
    assert_eq!(s.performance_oracle(), oracle());
    assert!(!s.voting_power(pool).unwrap().is_zero());
    assert_eq!(s.staking_config().6, lst_core::validator::StakingConfig::LOCAL.max_validator_set_size);
}

#[ink::test]
fn a_withdrawal_pays_the_owner_through_the_environment() {
    let mut s = staking();
    send(&mut s, owner(), units(10), |s| s.initialize_stake_pool(operator(), voter())).unwrap();
    call_as(owner());
    s.unlock(units(4)).unwrap();
    s.increase_lockup().unwrap();
    let (_, locked_until, _, _, _, _) = s.stake_pool(owner()).unwrap();
    assert_logged(LockupIncreased { pool: owner(), oldLockedUntil: 0, newLockedUntil: locked_until });
    set_time(locked_until);
    let before = balance_of(owner());
    s.withdraw(units(4)).unwrap();
    assert_eq!(balance_of(owner()), before + units(4));
    assert_eq!(balance_of(this()), units(6));
    assert_logged(StakeWithdrawn { pool: owner(), amount: units(4) });
}

#[ink::test]
fn a_core_refusal_is_the_rules_error() {
    let mut s = staking();
    assert_eq!(
        send(&mut s, stranger(), units(1), |s| s.add_stake()),
        Err(Failure(lst_app::Error::Core(CoreError::StakePoolNotFound)))
    );
    assert!(crate::CORE_ERRORS.contains(&CoreError::StakePoolNotFound));
}

#[ink::test]
fn a_named_refusal_reverts_with_the_abi_error_data() {
    let mut s = staking();
    call_as(stranger());
    let err = s.report_performance(owner(), 1, 1).unwrap_err();
    let data = ink::sol::SolErrorEncode::encode(&err);
    assert_eq!(data, lst_ink_common::Error::Unauthorized { account: stranger() }.encode());
}

/// A validating pool of `owner()`'s.
fn validating(s: &mut Staking) {
    send(s, owner(), units(10), |s| s.initialize_stake_pool(operator(), voter())).unwrap();
    call_as(operator());
    s.join_validator_set(owner()).unwrap();
    end_epoch(s);
}

#[ink::test]
fn governance_removes_a_validator_after_the_delay_and_it_leaves_at_the_epoch_change() {
    let mut s = staking();
    validating(&mut s);
    call_as(governance());
    s.remove_validator(owner()).unwrap();
    assert_eq!(s.stake_pool(owner()).unwrap().0, 2, "scheduled: still active");
    let (_, started, _, _, _, _) = s.epoch_info();
    set_time(started + DAY);
    s.remove_validator(owner()).unwrap();
    assert_logged(ValidatorRemoved { pool: owner() });
    assert_logged(ValidatorStateChanged { pool: owner(), state: 3 });
    end_epoch(&mut s);
    assert_eq!(s.stake_pool(owner()).unwrap().0, 0);
    assert!(s.validator_set().is_empty());
}

#[ink::test]
fn a_removal_from_anyone_but_governance_is_unauthorized() {
    let mut s = staking();
    validating(&mut s);
    call_as(stranger());
    let err = s.remove_validator(owner()).unwrap_err();
    let data = ink::sol::SolErrorEncode::encode(&err);
    assert_eq!(data, lst_ink_common::Error::Unauthorized { account: stranger() }.encode());
    assert_eq!(s.governance(), governance());
}

#[ink::test]
fn a_waiting_removal_is_cancelled_by_governance() {
    let mut s = staking();
    validating(&mut s);
    call_as(governance());
    s.remove_validator(owner()).unwrap();
    let key = lst_ink_common::timelock::key(lst_ink_common::selector!("removeValidator(address)"), owner());
    assert_ne!(s.pending_change(key).1, U256::zero());
    s.cancel_change(key).unwrap();
    assert_eq!(s.pending_change(key).1, U256::zero());
}
