//! motsu tests: every external function, its events, each error path with
//! state unchanged, and who may call what.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use lst_core::math::ONE;
use motsu::prelude::*;

use lst_stylus_common::test_accounts::{Refuser, Wallet};

fn units(n: u64) -> U256 {
    U256::from(n) * ONE
}

const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;

/// The validator set, the epoch, the owner's stake and the contract's balance.
type Snapshot = (Vec<Address>, (u64, u64, u64, U256, U256, U256), Option<(U256, U256, U256, U256)>, U256);

struct Suite {
    staking: Contract<Staking>,
    deployer: Address,
    oracle: Address,
    operator: Address,
    voter: Address,
    /// A pool owner (a wallet, funded with 10,000 units).
    owner: Contract<Wallet>,
    stranger: Address,
}

impl Suite {
    fn new() -> Self {
        let s = Suite {
            staking: Contract::new(),
            deployer: Address::with_last_byte(1),
            oracle: Address::with_last_byte(2),
            operator: Address::with_last_byte(3),
            voter: Address::with_last_byte(4),
            owner: Contract::new(),
            stranger: Address::with_last_byte(5),
        };
        s.staking.sender(s.deployer).constructor(s.oracle);
        s.owner.address().fund(units(10_000));
        s.stranger.fund(units(10_000));
        s
    }

    fn pool(&self) -> Address {
        self.owner.address()
    }

    /// The owner's pool with `stake` units.
    fn with_pool(self, stake: u64) -> Self {
        self.staking
            .sender_and_value(self.pool(), units(stake))
            .initialize_stake_pool(self.operator, self.voter)
            .unwrap();
        self
    }

    /// The owner's pool with `stake` units, validating (joined, one epoch on).
    fn validating(self, stake: u64) -> Self {
        let s = self.with_pool(stake);
        s.staking.sender(s.operator).join_validator_set(s.pool()).unwrap();
        s.end_epoch();
        assert_eq!(s.state(), 2);
        s
    }

    /// Ends the epoch (moving its start back: motsu's clock stands still).
    fn end_epoch(&self) {
        let started = self.staking.sender(self.deployer).epoch_info().1;
        self.staking.sender(self.deployer).epoch_started_at.set(U64::from(started - HOUR));
        self.staking.sender(self.stranger).end_epoch().unwrap();
    }

    fn stake(&self) -> (U256, U256, U256, U256) {
        self.staking.sender(self.stranger).get_stake(self.pool()).unwrap()
    }

    fn state(&self) -> u8 {
        self.staking.sender(self.stranger).stake_pool(self.pool()).unwrap().0
    }

    fn locked_until(&self) -> u64 {
        self.staking.sender(self.stranger).stake_pool(self.pool()).unwrap().1
    }

    /// Pretends the pool's lockup ended (motsu's clock stands still).
    fn expire_lockup(&self) {
        let now = self.staking.sender(self.deployer).now();
        let (pool, _) = self.staking.sender(self.deployer).pool(self.pool()).unwrap();
        self.staking.sender(self.deployer).store_pool(self.pool(), &StakePool { locked_until_secs: now, ..pool });
    }

    fn fund(&self, amount: u64) {
        self.staking.sender_and_value(self.stranger, units(amount)).fund_rewards().unwrap();
    }

    /// Everything a failed call must leave as it was.
    fn snapshot(&self) -> Snapshot {
        let stake = self.staking.sender(self.stranger).get_stake(self.pool()).ok();
        (
            self.staking.sender(self.stranger).validator_set(),
            self.staking.sender(self.stranger).epoch_info(),
            stake,
            self.staking.balance(),
        )
    }
}

fn is_core(e: &Error, expected: CoreError) -> bool {
    assert!(
        crate::CORE_ERRORS.contains(&expected),
        "{expected:?} is raised but missing from the ABI (lst_core::error::raised)"
    );
    matches!(e, Error::Core(c) if *c == expected)
}

/// Asserts `call` fails with the core error `expected` and changes nothing.
fn assert_core_fails(s: &Suite, expected: CoreError, call: impl FnOnce(&Suite) -> Result<(), Error>) {
    let before = s.snapshot();
    // motsu_unwrap_err reverts what the call did, as a chain does (the
    // value a payable call brought included).
    let err = call(s).motsu_unwrap_err();
    assert!(is_core(&err, expected), "expected {expected:?}, got {err:?}");
    assert_eq!(s.snapshot(), before);
}

// --- constructor and configuration ---

#[motsu::test]
fn constructor_names_the_oracle_and_starts_the_first_epoch_under_the_constant_configuration() {
    let s = Suite::new();
    assert_eq!(s.staking.sender(s.stranger).performance_oracle(), s.oracle);
    let (
        minimum_stake,
        maximum_stake,
        recurring_lockup_secs,
        rewards_rate,
        rewards_rate_denominator,
        epoch_duration_secs,
        max_validator_set_size,
        voting_power_increase_limit_bps,
        max_commission_bps,
    ) = s.staking.sender(s.stranger).staking_config();
    let read = StakingConfig {
        minimum_stake,
        maximum_stake,
        recurring_lockup_secs,
        rewards_rate,
        rewards_rate_denominator,
        epoch_duration_secs,
        max_validator_set_size,
        voting_power_increase_limit_bps,
        max_commission_bps,
    };
    assert_eq!(read, StakingConfig::LOCAL);
    let (epoch, started, ends, reserve, power, joining) = s.staking.sender(s.stranger).epoch_info();
    assert_eq!((epoch, ends - started, reserve, power, joining), (0, HOUR, U256::ZERO, U256::ZERO, U256::ZERO));
}

// --- initializeStakePool ---

#[motsu::test]
fn initialize_stake_pool_creates_the_callers_pool_with_its_first_stake() {
    let s = Suite::new().with_pool(10);
    assert_eq!(s.stake(), (units(10), U256::ZERO, U256::ZERO, U256::ZERO));
    assert_eq!(s.staking.sender(s.stranger).stake_pool(s.pool()).unwrap(), (0, 0, s.operator, s.voter, U256::ZERO));
    assert_eq!(s.staking.balance(), units(10));
    s.staking.assert_emitted(&StakePoolInitialized {
        pool: s.pool(),
        operator: s.operator,
        voter: s.voter,
        amount: units(10),
    });
}

#[motsu::test]
fn initialize_stake_pool_twice_is_stake_pool_exists() {
    let s = Suite::new().with_pool(10);
    assert_core_fails(&s, CoreError::StakePoolExists, |s| {
        s.staking.sender(s.pool()).initialize_stake_pool(s.operator, s.voter)
    });
}

#[motsu::test]
fn initialize_stake_pool_with_a_zero_role_is_invalid_role_account() {
    let s = Suite::new();
    assert_core_fails(&s, CoreError::InvalidRoleAccount, |s| {
        s.staking.sender(s.pool()).initialize_stake_pool(Address::ZERO, s.voter)
    });
    assert_core_fails(&s, CoreError::InvalidRoleAccount, |s| {
        s.staking.sender(s.pool()).initialize_stake_pool(s.operator, Address::ZERO)
    });
}

#[motsu::test]
fn initialize_stake_pool_above_the_maximum_is_stake_above_maximum() {
    let s = Suite::new();
    s.stranger.fund(StakingConfig::LOCAL.maximum_stake);
    assert_core_fails(&s, CoreError::StakeAboveMaximum, |s| {
        s.staking
            .sender_and_value(s.stranger, StakingConfig::LOCAL.maximum_stake + U256::from(1))
            .initialize_stake_pool(s.operator, s.voter)
    });
}

// --- addStake ---

#[motsu::test]
fn add_stake_outside_the_set_is_active_at_once() {
    let s = Suite::new().with_pool(10);
    s.staking.sender_and_value(s.pool(), units(5)).add_stake().unwrap();
    assert_eq!(s.stake().0, units(15));
    s.staking.assert_emitted(&StakeAdded { pool: s.pool(), amount: units(5) });
}

#[motsu::test]
fn add_stake_to_a_validator_waits_for_the_next_epoch_and_counts_as_joining() {
    let s = Suite::new().validating(100);
    s.staking.sender_and_value(s.pool(), units(5)).add_stake().unwrap();
    assert_eq!((s.stake().0, s.stake().2), (units(100), units(5)));
    assert_eq!(s.staking.sender(s.stranger).epoch_info().5, units(5));
    s.end_epoch();
    assert_eq!((s.stake().0, s.stake().2), (units(105), U256::ZERO));
}

#[motsu::test]
fn add_stake_past_the_joining_limit_is_voting_power_increase_too_large() {
    let s = Suite::new().validating(100);
    // 20% of 100 units may join per epoch.
    assert_core_fails(&s, CoreError::VotingPowerIncreaseTooLarge, |s| {
        s.staking.sender_and_value(s.pool(), units(21)).add_stake()
    });
}

#[motsu::test]
fn add_stake_of_nothing_is_zero_amount() {
    let s = Suite::new().with_pool(10);
    assert_core_fails(&s, CoreError::ZeroAmount, |s| s.staking.sender(s.pool()).add_stake());
}

#[motsu::test]
fn add_stake_without_a_pool_is_stake_pool_not_found() {
    let s = Suite::new();
    assert_core_fails(&s, CoreError::StakePoolNotFound, |s| {
        s.staking.sender_and_value(s.stranger, units(1)).add_stake()
    });
}

#[motsu::test]
fn add_stake_past_the_maximum_is_stake_above_maximum() {
    let s = Suite::new();
    let maximum = StakingConfig::LOCAL.maximum_stake;
    s.stranger.fund(maximum);
    s.staking.sender_and_value(s.stranger, maximum).initialize_stake_pool(s.operator, s.voter).unwrap();
    assert_core_fails(&s, CoreError::StakeAboveMaximum, |s| {
        s.staking.sender_and_value(s.stranger, U256::from(1)).add_stake()
    });
}

// --- unlock, reactivate, withdraw ---

#[motsu::test]
fn unlock_moves_active_stake_to_pending_inactive() {
    let s = Suite::new().validating(100);
    s.staking.sender(s.pool()).unlock(units(40)).unwrap();
    assert_eq!((s.stake().0, s.stake().3), (units(60), units(40)));
    s.staking.assert_emitted(&StakeUnlocked { pool: s.pool(), amount: units(40) });
}

#[motsu::test]
fn unlock_more_than_active_is_insufficient_stake() {
    let s = Suite::new().validating(100);
    assert_core_fails(&s, CoreError::InsufficientStake, |s| s.staking.sender(s.pool()).unlock(units(101)));
    assert_core_fails(&s, CoreError::ZeroAmount, |s| s.staking.sender(s.pool()).unlock(U256::ZERO));
}

#[motsu::test]
fn reactivate_moves_unlocking_stake_back() {
    let s = Suite::new().validating(100);
    s.staking.sender(s.pool()).unlock(units(40)).unwrap();
    s.staking.sender(s.pool()).reactivate_stake(units(15)).unwrap();
    assert_eq!((s.stake().0, s.stake().3), (units(75), units(25)));
    s.staking.assert_emitted(&StakeReactivated { pool: s.pool(), amount: units(15) });
    assert_core_fails(&s, CoreError::InsufficientStake, |s| s.staking.sender(s.pool()).reactivate_stake(units(26)));
}

#[motsu::test]
fn unlocked_stake_turns_withdrawable_at_the_epoch_after_the_lockup_and_pays_the_owner() {
    let s = Suite::new().validating(100);
    s.staking.sender(s.pool()).unlock(units(40)).unwrap();
    assert_core_fails(&s, CoreError::InsufficientStake, |s| s.staking.sender(s.pool()).withdraw(units(1)));
    s.expire_lockup();
    s.end_epoch();
    assert_eq!((s.stake().1, s.stake().3), (units(40), U256::ZERO));
    let before = s.owner.balance();
    s.staking.sender(s.pool()).withdraw(units(40)).unwrap();
    assert_eq!(s.owner.balance(), before + units(40));
    assert_eq!(s.stake().1, U256::ZERO);
    s.staking.assert_emitted(&StakeWithdrawn { pool: s.pool(), amount: units(40) });
}

#[motsu::test]
fn a_pool_outside_the_set_withdraws_after_its_lockup_without_an_epoch() {
    let s = Suite::new().with_pool(10);
    s.staking.sender(s.pool()).unlock(units(4)).unwrap();
    s.staking.sender(s.pool()).withdraw(units(4)).unwrap();
    assert_eq!(s.stake(), (units(6), U256::ZERO, U256::ZERO, U256::ZERO));
}

#[motsu::test]
fn a_withdrawal_the_owner_refuses_is_transfer_failed_and_changes_nothing() {
    let s = Suite::new();
    let refuser = Contract::<Refuser>::new();
    refuser.address().fund(units(10));
    s.staking.sender_and_value(refuser.address(), units(10)).initialize_stake_pool(s.operator, s.voter).unwrap();
    s.staking.sender(refuser.address()).unlock(units(10)).unwrap();
    let before = s.staking.sender(s.stranger).get_stake(refuser.address()).unwrap();
    let err = s.staking.sender(refuser.address()).withdraw(units(10)).motsu_unwrap_err();
    assert!(matches!(err, Error::TransferFailed(_)), "{err:?}");
    assert_eq!(s.staking.sender(s.stranger).get_stake(refuser.address()).unwrap(), before);
}

// --- roles ---

#[motsu::test]
fn only_the_owner_moves_funds_and_names_roles() {
    let s = Suite::new().validating(100);
    for caller in [s.operator, s.voter, s.stranger] {
        // Another account has no pool of its own: every owner action names the caller's pool.
        assert_core_fails(&s, CoreError::StakePoolNotFound, |s| s.staking.sender(caller).unlock(units(1)));
    }
    for caller in [s.voter, s.stranger, s.pool()] {
        assert_core_fails(&s, CoreError::StakeUnauthorized, |s| s.staking.sender(caller).join_validator_set(s.pool()));
        assert_core_fails(&s, CoreError::StakeUnauthorized, |s| s.staking.sender(caller).leave_validator_set(s.pool()));
        assert_core_fails(&s, CoreError::StakeUnauthorized, |s| {
            s.staking.sender(caller).set_commission(s.pool(), U256::from(1))
        });
    }
}

#[motsu::test]
fn the_owner_names_another_operator_and_voter() {
    let s = Suite::new().with_pool(10);
    s.staking.sender(s.pool()).set_operator(s.stranger).unwrap();
    s.staking.sender(s.pool()).set_delegated_voter(s.stranger).unwrap();
    let (_, _, operator, voter, _) = s.staking.sender(s.stranger).stake_pool(s.pool()).unwrap();
    assert_eq!((operator, voter), (s.stranger, s.stranger));
    s.staking.assert_emitted(&OperatorChanged { pool: s.pool(), oldOperator: s.operator, newOperator: s.stranger });
    s.staking.assert_emitted(&DelegatedVoterChanged { pool: s.pool(), oldVoter: s.voter, newVoter: s.stranger });
    assert_core_fails(&s, CoreError::InvalidRoleAccount, |s| s.staking.sender(s.pool()).set_operator(Address::ZERO));
    assert_core_fails(&s, CoreError::InvalidRoleAccount, |s| {
        s.staking.sender(s.pool()).set_delegated_voter(Address::ZERO)
    });
}

#[motsu::test]
fn increase_lockup_restarts_it_later() {
    let s = Suite::new().with_pool(10);
    s.staking.sender(s.pool()).increase_lockup().unwrap();
    let now = s.staking.sender(s.deployer).now();
    assert_eq!(s.locked_until(), now + DAY);
    s.staking.assert_emitted(&LockupIncreased { pool: s.pool(), oldLockedUntil: 0, newLockedUntil: now + DAY });
    assert_core_fails(&s, CoreError::LockupNotIncreased, |s| s.staking.sender(s.pool()).increase_lockup());
}

// --- the validator set ---

#[motsu::test]
fn join_makes_the_pool_pending_active_then_active_next_epoch() {
    let s = Suite::new().with_pool(10);
    s.staking.sender(s.operator).join_validator_set(s.pool()).unwrap();
    assert_eq!(s.state(), 1);
    assert_eq!(s.staking.sender(s.stranger).validator_set(), vec![s.pool()]);
    s.staking.assert_emitted(&ValidatorStateChanged { pool: s.pool(), state: 1 });
    s.end_epoch();
    assert_eq!(s.state(), 2);
    assert_eq!(s.staking.sender(s.stranger).voting_power(s.pool()).unwrap(), units(10));
    assert_eq!(s.staking.sender(s.stranger).epoch_info().4, units(10));
    s.staking.assert_emitted(&ValidatorStateChanged { pool: s.pool(), state: 2 });
}

#[motsu::test]
fn join_errors_change_nothing() {
    let s = Suite::new();
    s.staking.sender_and_value(s.pool(), U256::from(1)).initialize_stake_pool(s.operator, s.voter).unwrap();
    assert_core_fails(&s, CoreError::StakeBelowValidatorMinimum, |s| {
        s.staking.sender(s.operator).join_validator_set(s.pool())
    });
    assert_core_fails(&s, CoreError::StakePoolNotFound, |s| {
        s.staking.sender(s.operator).join_validator_set(s.stranger)
    });
    s.staking.sender_and_value(s.pool(), units(10)).add_stake().unwrap();
    s.staking.sender(s.operator).join_validator_set(s.pool()).unwrap();
    assert_core_fails(&s, CoreError::AlreadyInValidatorSet, |s| {
        s.staking.sender(s.operator).join_validator_set(s.pool())
    });
}

#[motsu::test]
fn join_into_a_full_set_is_validator_set_full() {
    let s = Suite::new().with_pool(10);
    for n in 0..StakingConfig::LOCAL.max_validator_set_size {
        let other = Address::with_last_byte(100 + u8::try_from(n).unwrap());
        other.fund(units(10));
        s.staking.sender_and_value(other, units(10)).initialize_stake_pool(s.operator, s.voter).unwrap();
        s.staking.sender(s.operator).join_validator_set(other).unwrap();
    }
    assert_core_fails(&s, CoreError::ValidatorSetFull, |s| s.staking.sender(s.operator).join_validator_set(s.pool()));
}

#[motsu::test]
fn join_past_the_joining_limit_is_voting_power_increase_too_large() {
    let s = Suite::new().validating(100);
    s.staking.sender_and_value(s.stranger, units(21)).initialize_stake_pool(s.operator, s.voter).unwrap();
    assert_core_fails(&s, CoreError::VotingPowerIncreaseTooLarge, |s| {
        s.staking.sender(s.operator).join_validator_set(s.stranger)
    });
}

#[motsu::test]
fn leave_while_pending_is_immediate_and_while_active_waits_for_the_epoch() {
    let s = Suite::new().with_pool(10);
    s.staking.sender(s.operator).join_validator_set(s.pool()).unwrap();
    s.staking.sender(s.operator).leave_validator_set(s.pool()).unwrap();
    assert_eq!((s.state(), s.staking.sender(s.stranger).validator_set()), (0, vec![]));
    s.staking.assert_emitted(&ValidatorStateChanged { pool: s.pool(), state: 0 });
    s.staking.sender(s.operator).join_validator_set(s.pool()).unwrap();
    s.end_epoch();
    s.staking.sender(s.operator).leave_validator_set(s.pool()).unwrap();
    assert_eq!(s.state(), 3);
    s.end_epoch();
    assert_eq!((s.state(), s.staking.sender(s.stranger).validator_set()), (0, vec![]));
    assert_core_fails(&s, CoreError::NotInValidatorSet, |s| s.staking.sender(s.operator).leave_validator_set(s.pool()));
}

#[motsu::test]
fn the_operator_sets_the_commission_within_the_cap() {
    let s = Suite::new().with_pool(10);
    s.staking.sender(s.operator).set_commission(s.pool(), U256::from(1_000)).unwrap();
    assert_eq!(s.staking.sender(s.stranger).stake_pool(s.pool()).unwrap().4, U256::from(1_000));
    s.staking.assert_emitted(&CommissionChanged { pool: s.pool(), oldBps: U256::ZERO, newBps: U256::from(1_000) });
    assert_core_fails(&s, CoreError::CommissionTooHigh, |s| {
        s.staking.sender(s.operator).set_commission(s.pool(), U256::from(5_001))
    });
    assert_core_fails(&s, CoreError::CommissionTooHigh, |s| {
        s.staking.sender(s.operator).set_commission(s.pool(), U256::MAX)
    });
}

// --- performance, epochs, rewards ---

#[motsu::test]
fn end_epoch_before_its_duration_is_epoch_not_ended() {
    let s = Suite::new();
    assert_core_fails(&s, CoreError::EpochNotEnded, |s| s.staking.sender(s.stranger).end_epoch());
}

#[motsu::test]
fn an_epoch_pays_reported_performance_from_the_reserve_minus_commission() {
    let s = Suite::new().validating(1_000);
    s.staking.sender(s.operator).set_commission(s.pool(), U256::from(1_000)).unwrap();
    s.fund(1);
    s.staking.sender(s.oracle).report_performance(s.pool(), 5, 10).unwrap();
    s.staking.assert_emitted(&PerformanceReported { pool: s.pool(), epoch: 1, successful: 5, total: 10 });
    s.end_epoch();
    // 1,000 units * 913e-8 * 5/10 = 0.004565 units; 10% to the operator.
    let reward = units(1_000) * U256::from(913) / U256::from(100_000_000) / U256::from(2);
    let commission = reward / U256::from(10);
    assert_eq!(s.stake().0, units(1_000) + reward - commission);
    s.staking.assert_emitted(&RewardsDistributed { pool: s.pool(), epoch: 1, rewards: reward, commission });
    s.staking.assert_emitted(&EpochEnded {
        epoch: 1,
        rewardsNeeded: reward,
        rewardsPaid: reward,
        totalVotingPower: units(1_000) + reward - commission,
    });
    assert_eq!(s.staking.sender(s.stranger).epoch_info().3, units(1) - reward);
    let (withdrawable, locked, unlocks_at) =
        s.staking.sender(s.stranger).commission_claim(s.pool(), s.operator).unwrap();
    assert_eq!((withdrawable, locked, unlocks_at), (U256::ZERO, commission, s.locked_until()));
}

#[motsu::test]
fn an_unreported_validator_earns_nothing_for_the_epoch() {
    let s = Suite::new().validating(1_000);
    s.fund(1);
    s.end_epoch();
    assert_eq!(s.stake().0, units(1_000));
    assert_eq!(s.staking.sender(s.stranger).epoch_info().3, units(1));
}

#[motsu::test]
fn a_short_reserve_pays_what_it_holds_and_says_so() {
    let s = Suite::new().validating(1_000);
    s.staking.sender_and_value(s.stranger, U256::from(1_000)).fund_rewards().unwrap();
    s.staking.sender(s.oracle).report_performance(s.pool(), 10, 10).unwrap();
    s.end_epoch();
    let needed = units(1_000) * U256::from(913) / U256::from(100_000_000);
    s.staking.assert_emitted(&EpochEnded {
        epoch: 1,
        rewardsNeeded: needed,
        rewardsPaid: U256::from(1_000),
        totalVotingPower: units(1_000) + U256::from(1_000),
    });
    assert_eq!(s.stake().0, units(1_000) + U256::from(1_000));
    assert_eq!(s.staking.sender(s.stranger).epoch_info().3, U256::ZERO);
}

#[motsu::test]
fn report_performance_errors_change_nothing() {
    let s = Suite::new().with_pool(10);
    let err = s.staking.sender(s.stranger).report_performance(s.pool(), 1, 1).motsu_unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_core_fails(&s, CoreError::NotInValidatorSet, |s| {
        s.staking.sender(s.oracle).report_performance(s.pool(), 1, 1)
    });
    assert_core_fails(&s, CoreError::StakePoolNotFound, |s| {
        s.staking.sender(s.oracle).report_performance(s.stranger, 1, 1)
    });
    s.staking.sender(s.operator).join_validator_set(s.pool()).unwrap();
    s.end_epoch();
    assert_core_fails(&s, CoreError::InvalidPerformance, |s| {
        s.staking.sender(s.oracle).report_performance(s.pool(), 2, 1)
    });
}

#[motsu::test]
fn fund_rewards_adds_to_the_reserve_and_refuses_nothing_sent() {
    let s = Suite::new();
    s.fund(3);
    assert_eq!(s.staking.sender(s.stranger).epoch_info().3, units(3));
    s.staking.assert_emitted(&RewardsFunded { from: s.stranger, amount: units(3) });
    assert_core_fails(&s, CoreError::ZeroAmount, |s| s.staking.sender(s.stranger).fund_rewards());
}

#[motsu::test]
fn commission_is_withdrawable_once_its_lockup_ends_and_stays_with_who_earned_it() {
    let s = Suite::new().validating(1_000);
    let earner = Contract::<Wallet>::new();
    s.staking.sender(s.pool()).set_operator(earner.address()).unwrap();
    s.staking.sender(earner.address()).set_commission(s.pool(), U256::from(5_000)).unwrap();
    s.fund(1);
    s.staking.sender(s.oracle).report_performance(s.pool(), 10, 10).unwrap();
    s.end_epoch();
    let (_, locked, _) = s.staking.sender(s.stranger).commission_claim(s.pool(), earner.address()).unwrap();
    assert!(!locked.is_zero());
    assert_core_fails(&s, CoreError::NoCommission, |s| {
        s.staking.sender(earner.address()).withdraw_commission(s.pool())
    });
    // A new operator takes nothing of it.
    s.staking.sender(s.pool()).set_operator(s.operator).unwrap();
    assert_core_fails(&s, CoreError::NoCommission, |s| s.staking.sender(s.operator).withdraw_commission(s.pool()));
    // The lockup it was earned in ends (motsu's clock stands still).
    let now = s.staking.sender(s.deployer).now();
    s.staking.sender(s.deployer).claims.setter(s.pool()).setter(earner.address()).unlocks_at.set(U64::from(now));
    assert_eq!(
        s.staking.sender(s.stranger).commission_claim(s.pool(), earner.address()).unwrap(),
        (locked, U256::ZERO, now)
    );
    let before = earner.balance();
    s.staking.sender(earner.address()).withdraw_commission(s.pool()).unwrap();
    assert_eq!(earner.balance(), before + locked);
    s.staking.assert_emitted(&CommissionWithdrawn { pool: s.pool(), operator: earner.address(), amount: locked });
    assert_core_fails(&s, CoreError::NoCommission, |s| {
        s.staking.sender(earner.address()).withdraw_commission(s.pool())
    });
}

#[motsu::test]
fn a_validator_below_the_minimum_drops_out_at_the_epoch() {
    let s = Suite::new().validating(10);
    s.staking.sender(s.pool()).unlock(units(10)).unwrap();
    s.expire_lockup();
    s.end_epoch();
    assert_eq!((s.state(), s.staking.sender(s.stranger).validator_set()), (0, vec![]));
}

#[motsu::test]
fn views_of_a_missing_pool_are_stake_pool_not_found() {
    let s = Suite::new();
    for err in [
        s.staking.sender(s.stranger).get_stake(s.stranger).map(drop).unwrap_err(),
        s.staking.sender(s.stranger).stake_pool(s.stranger).map(drop).unwrap_err(),
        s.staking.sender(s.stranger).voting_power(s.stranger).map(drop).unwrap_err(),
    ] {
        assert!(is_core(&err, CoreError::StakePoolNotFound), "{err:?}");
    }
}
