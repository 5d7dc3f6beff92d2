//! What is Stylus's own in `Staking` (every message's behaviour and refusal
//! is tested once, in `lst_app::staking`): the ABI entry points reach the
//! app layer, the logs are the events the ABI declares, refusals revert with
//! the ABI's error data, payments move value through the host, and the
//! storage layout packs a pool's terms and report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_sol_types::SolError;
use lst_core::{math::ONE, CoreError};
use lst_stylus_common::test_accounts::{Refuser, Wallet};
use motsu::prelude::*;

fn units(n: u64) -> U256 {
    U256::from(n) * ONE
}

const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;

struct Suite {
    staking: Contract<Staking>,
    governance: Address,
    oracle: Address,
    operator: Address,
    voter: Address,
    owner: Contract<Wallet>,
    stranger: Address,
}

impl Suite {
    fn new() -> Self {
        let s = Suite {
            staking: Contract::new(),
            governance: Address::with_last_byte(1),
            oracle: Address::with_last_byte(2),
            operator: Address::with_last_byte(3),
            voter: Address::with_last_byte(4),
            owner: Contract::new(),
            stranger: Address::with_last_byte(5),
        };
        s.staking.sender(s.governance).constructor(s.governance, s.oracle, DAY).unwrap();
        s.owner.address().fund(units(10_000));
        s.stranger.fund(units(10_000));
        s
    }

    fn pool(&self) -> Address {
        self.owner.address()
    }

    /// Ends the epoch (moving its start back: motsu's clock stands still).
    fn end_epoch(&self) {
        let started = self.staking.sender(self.stranger).epoch_info().1;
        self.staking.sender(self.stranger).epoch_started_at.set(U64::from(started - HOUR));
        self.staking.sender(self.stranger).end_epoch().unwrap();
    }
}

#[motsu::test]
fn the_entry_points_run_the_app_layers_messages_and_log_the_declared_events() {
    let s = Suite::new();
    let (pool, operator, voter) = (s.pool(), s.operator, s.voter);
    s.staking.sender_and_value(pool, units(1_000)).initialize_stake_pool(operator, voter).unwrap();
    s.staking.assert_emitted(&StakePoolInitialized { pool, operator, voter, amount: units(1_000) });
    s.staking.sender(pool).set_commission(pool, U256::from(1_000)).unwrap();
    s.staking.assert_emitted(&CommissionChanged { pool, oldBps: U256::ZERO, newBps: U256::from(1_000) });
    assert_eq!(s.staking.sender(s.stranger).stake_pool(pool).unwrap().5, U256::from(1_000));
    s.staking.sender(operator).join_validator_set(pool).unwrap();
    s.staking.assert_emitted(&ValidatorStateChanged { pool, state: 1 });
    s.end_epoch();
    s.staking.sender_and_value(s.stranger, units(1)).fund_rewards().unwrap();
    s.staking.assert_emitted(&RewardsFunded { from: s.stranger, amount: units(1) });
    s.staking.sender(s.oracle).report_performance(pool, 8, 10).unwrap();
    s.staking.assert_emitted(&PerformanceReported { pool, epoch: 1, successful: 8, total: 10 });
    s.end_epoch();
    let reward = units(1_000) * U256::from(913 * 8) / U256::from(1_000_000_000);
    let commission = reward / U256::from(10);
    s.staking.assert_emitted(&RewardsDistributed { pool, epoch: 1, rewards: reward, commission });
    s.staking.assert_emitted(&EpochEnded {
        epoch: 1,
        rewardsNeeded: reward,
        rewardsPaid: reward,
        totalVotingPower: units(1_000) + reward - commission,
    });
    s.staking.sender_and_value(pool, units(5)).add_stake().unwrap();
    s.staking.assert_emitted(&StakeAdded { pool, amount: units(5) });
    s.staking.sender(pool).unlock(units(40)).unwrap();
    s.staking.assert_emitted(&StakeUnlocked { pool, amount: units(40) });
    s.staking.sender(pool).reactivate_stake(units(15)).unwrap();
    s.staking.assert_emitted(&StakeReactivated { pool, amount: units(15) });
    s.staking.sender(pool).set_operator(s.stranger).unwrap();
    s.staking.assert_emitted(&OperatorChanged { pool, oldOperator: operator, newOperator: s.stranger });
    s.staking.sender(pool).set_delegated_voter(s.stranger).unwrap();
    s.staking.assert_emitted(&DelegatedVoterChanged { pool, oldVoter: voter, newVoter: s.stranger });
    let (_, locked_until, read_operator, read_voter, bps, _) = s.staking.sender(s.stranger).stake_pool(pool).unwrap();
    assert_eq!((read_operator, read_voter, bps), (s.stranger, s.stranger, U256::from(1_000)));
    let (_, locked, unlocks_at) = s.staking.sender(s.stranger).commission_claim(pool, operator).unwrap();
    assert_eq!((locked, unlocks_at), (commission, locked_until));
    assert_eq!(s.staking.sender(s.stranger).validator_set(), vec![pool]);
    assert_eq!(s.staking.sender(s.stranger).performance_oracle(), s.oracle);
    assert!(!s.staking.sender(s.stranger).voting_power(pool).unwrap().is_zero());
}

#[motsu::test]
fn a_withdrawal_pays_the_owner_through_the_host() {
    let s = Suite::new();
    s.staking.sender_and_value(s.pool(), units(10)).initialize_stake_pool(s.operator, s.voter).unwrap();
    s.staking.sender(s.pool()).unlock(units(4)).unwrap();
    let before = s.owner.balance();
    s.staking.sender(s.pool()).withdraw(units(4)).unwrap();
    assert_eq!(s.owner.balance(), before + units(4));
    assert_eq!(s.staking.balance(), units(6));
    s.staking.assert_emitted(&StakeWithdrawn { pool: s.pool(), amount: units(4) });
}

#[motsu::test]
fn a_refused_payment_reverts_with_transfer_failed_and_changes_nothing() {
    let s = Suite::new();
    let refuser = Contract::<Refuser>::new();
    refuser.address().fund(units(10));
    s.staking.sender_and_value(refuser.address(), units(10)).initialize_stake_pool(s.operator, s.voter).unwrap();
    s.staking.sender(refuser.address()).unlock(units(10)).unwrap();
    let before = s.staking.sender(s.stranger).get_stake(refuser.address()).unwrap();
    let err = s.staking.sender(refuser.address()).withdraw(units(10)).motsu_unwrap_err();
    let expected = TransferFailed { to: refuser.address(), amount: units(10) };
    assert_eq!(Vec::<u8>::from(err), expected.abi_encode());
    assert_eq!(s.staking.sender(s.stranger).get_stake(refuser.address()).unwrap(), before);
    assert_eq!(s.staking.balance(), units(10));
}

#[motsu::test]
fn a_core_refusal_reverts_with_the_rules_bare_selector() {
    let s = Suite::new();
    let err = s.staking.sender_and_value(s.stranger, units(1)).add_stake().motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), CoreError::StakePoolNotFound.selector().to_vec());
    let err = s.staking.sender(s.stranger).report_performance(s.pool(), 1, 1).motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), lst_stylus_common::Unauthorized { account: s.stranger }.abi_encode());
}

#[motsu::test]
fn a_pools_terms_and_report_are_one_word_each() {
    let s = Suite::new();
    s.staking.sender_and_value(s.pool(), units(10)).initialize_stake_pool(s.operator, s.voter).unwrap();
    s.staking.sender(s.pool()).set_commission(s.pool(), U256::from(700)).unwrap();
    s.staking.sender(s.operator).join_validator_set(s.pool()).unwrap();
    s.end_epoch();
    s.staking.sender(s.oracle).report_performance(s.pool(), 3, 4).unwrap();
    let staking = s.staking.sender(s.stranger);
    let record = staking.pools.getter(s.pool());
    let [locked_until, state, bps, next_bps] = record.terms.get().into_limbs();
    assert_eq!((state, bps, next_bps), (2, 700, 700));
    assert!(locked_until > 0);
    assert_eq!(record.report.get().into_limbs(), [1, 3, 4, 0]);
}

/// The `ChangeScheduled` topic of a removal of `pool`.
fn removal_key(pool: Address) -> B256 {
    B256::from(lst_app::timelock::key(lst_app::abi::selector("removeValidator(address)"), pool.into_array()))
}

#[motsu::test]
fn governance_schedules_a_removal_and_cancels_it_through_the_entry_points() {
    let s = Suite::new();
    let pool = s.pool();
    s.staking.sender_and_value(pool, units(10)).initialize_stake_pool(s.operator, s.voter).unwrap();
    s.staking.sender(s.operator).join_validator_set(pool).unwrap();
    s.staking.sender(s.governance).remove_validator(pool).unwrap();
    let (value, at) = s.staking.sender(s.stranger).pending_change(removal_key(pool));
    assert_eq!(value, B256::from(U256::from(1)));
    assert_eq!(at, U256::from(s.staking.sender(s.stranger).epoch_info().1 + DAY));
    s.staking.sender(s.governance).cancel_change(removal_key(pool)).unwrap();
    assert_eq!(s.staking.sender(s.stranger).pending_change(removal_key(pool)).1, U256::ZERO);
}

#[motsu::test]
fn a_removal_carried_out_logs_validator_removed() {
    let s = Suite::new();
    let pool = s.pool();
    s.staking.sender_and_value(pool, units(10)).initialize_stake_pool(s.operator, s.voter).unwrap();
    s.staking.sender(s.operator).join_validator_set(pool).unwrap();
    s.end_epoch();
    s.staking.sender(s.governance).remove_validator(pool).unwrap();
    // motsu's clock stands still: the waiting change is made due by hand.
    let mut staking = s.staking.sender(s.stranger);
    let waiting = lst_app::timelock::Store::waiting(&*staking, removal_key(pool).0).unwrap();
    let due = lst_app::timelock::Scheduled { executable_at: 1, ..waiting };
    lst_app::timelock::Store::set_waiting(&mut *staking, removal_key(pool).0, Some(due));
    drop(staking);
    s.staking.sender(s.governance).remove_validator(pool).unwrap();
    s.staking.assert_emitted(&ValidatorRemoved { pool });
    s.staking.assert_emitted(&ValidatorStateChanged { pool, state: 3 });
}

#[motsu::test]
fn a_removal_from_anyone_but_governance_reverts_with_unauthorized() {
    let s = Suite::new();
    let err = s.staking.sender(s.stranger).remove_validator(s.pool()).motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err), lst_stylus_common::Unauthorized { account: s.stranger }.abi_encode());
    assert_eq!(s.staking.sender(s.stranger).governance(), s.governance);
}
