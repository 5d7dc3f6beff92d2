use super::*;
use proptest::prelude::*;

const OWNER: Address = [0x01; 20];
const OPERATOR: Address = [0x02; 20];
const VOTER: Address = [0x03; 20];
const T0: u64 = 1_000_000;
const DAY: u64 = 86_400;

fn u(x: u64) -> U256 {
    U256::from(x)
}

fn config() -> StakingConfig {
    StakingConfig {
        minimum_stake: u(1_000),
        maximum_stake: u(50_000),
        recurring_lockup_secs: 30 * DAY,
        rewards_rate: u(1),
        rewards_rate_denominator: u(100), // 1% per epoch
        epoch_duration_secs: 7_200,
    }
    .validate()
    .unwrap()
}

fn roles() -> Roles {
    Roles { owner: OWNER, operator: OPERATOR, voter: VOTER }
}

fn perfect() -> Performance {
    Performance { successful_proposals: 10, total_proposals: 10 }
}

/// A pool with `stake` active that has joined and been through one epoch.
fn validating(stake: u64) -> StakePool {
    let pool = StakePool::default().add_stake(u(stake), &config()).unwrap();
    let pool = pool.join_validator_set(T0, &config()).unwrap();
    let (pool, _) = pool.on_new_epoch(&Performance::default(), T0 + 7_200, &config()).unwrap();
    assert_eq!(pool.state, ValidatorState::Active);
    pool
}

#[test]
fn config_rejects_min_above_max_and_zero_denominator() {
    let bad = StakingConfig { minimum_stake: u(10), maximum_stake: u(9), ..config() };
    assert_eq!(bad.validate(), Err(CoreError::InvalidStakingConfig));
    let bad = StakingConfig { rewards_rate_denominator: U256::ZERO, ..config() };
    assert_eq!(bad.validate(), Err(CoreError::InvalidStakingConfig));
    let bad = StakingConfig { rewards_rate: u(101), ..config() };
    assert_eq!(bad.validate(), Err(CoreError::InvalidStakingConfig));
}

#[test]
fn owner_moves_funds_and_operator_only_joins_or_leaves() {
    use StakeAction::*;
    let owner_only =
        [AddStake, Unlock, Withdraw, ReactivateStake, SetOperator, SetDelegatedVoter, IncreaseLockup, SetCommission];
    let operator_only = [JoinValidatorSet, LeaveValidatorSet, WithdrawCommission];
    for action in owner_only {
        assert_eq!(authorize(action, &OWNER, &roles()), Ok(()));
        for other in [OPERATOR, VOTER, [9; 20]] {
            assert_eq!(authorize(action, &other, &roles()), Err(CoreError::StakeUnauthorized), "{action:?}");
        }
    }
    for action in operator_only {
        assert_eq!(authorize(action, &OPERATOR, &roles()), Ok(()));
        for other in [OWNER, VOTER, [9; 20]] {
            assert_eq!(authorize(action, &other, &roles()), Err(CoreError::StakeUnauthorized), "{action:?}");
        }
    }
}

#[test]
fn add_stake_to_an_inactive_pool_is_active_at_once() {
    let pool = StakePool::default().add_stake(u(500), &config()).unwrap();
    assert_eq!((pool.active, pool.pending_active), (u(500), U256::ZERO));
}

#[test]
fn add_stake_to_a_validator_waits_for_the_next_epoch() {
    let pool = validating(2_000).add_stake(u(500), &config()).unwrap();
    assert_eq!((pool.active, pool.pending_active), (u(2_000), u(500)));
}

#[test]
fn add_stake_beyond_the_maximum_is_rejected() {
    assert_eq!(StakePool::default().add_stake(u(50_001), &config()), Err(CoreError::StakeAboveMaximum));
    assert_eq!(validating(50_000).add_stake(u(1), &config()), Err(CoreError::StakeAboveMaximum));
}

#[test]
fn zero_amounts_are_rejected() {
    let pool = validating(2_000);
    assert_eq!(pool.add_stake(U256::ZERO, &config()), Err(CoreError::ZeroAmount));
    assert_eq!(pool.unlock(U256::ZERO), Err(CoreError::ZeroAmount));
    assert_eq!(pool.reactivate_stake(U256::ZERO), Err(CoreError::ZeroAmount));
    assert_eq!(pool.withdraw(U256::ZERO, T0), Err(CoreError::ZeroAmount));
    assert_eq!(pool.withdraw_commission(U256::ZERO), Err(CoreError::ZeroAmount));
}

#[test]
fn join_needs_the_minimum_and_respects_the_maximum() {
    let small = StakePool::default().add_stake(u(999), &config()).unwrap();
    assert_eq!(small.join_validator_set(T0, &config()), Err(CoreError::StakeBelowValidatorMinimum));
    // Rewards can push a pool past the maximum; it cannot join like that.
    let big = StakePool { active: u(60_000), ..StakePool::default() };
    assert_eq!(big.join_validator_set(T0, &config()), Err(CoreError::StakeAboveMaximum));
}

#[test]
fn join_locks_the_stake_and_becomes_active_next_epoch() {
    let pool = StakePool::default().add_stake(u(2_000), &config()).unwrap();
    let joined = pool.join_validator_set(T0, &config()).unwrap();
    assert_eq!(joined.state, ValidatorState::PendingActive);
    assert_eq!(joined.locked_until_secs, T0 + 30 * DAY);
    assert_eq!(joined.join_validator_set(T0, &config()), Err(CoreError::AlreadyInValidatorSet));
    let (next, paid) = joined.on_new_epoch(&perfect(), T0 + 7_200, &config()).unwrap();
    assert_eq!(next.state, ValidatorState::Active);
    assert_eq!(paid, EpochRewards::default(), "no rewards before validating");
}

#[test]
fn leave_from_pending_active_is_immediate_and_from_active_waits() {
    let pool = StakePool::default().add_stake(u(2_000), &config()).unwrap();
    let joined = pool.join_validator_set(T0, &config()).unwrap();
    assert_eq!(joined.leave_validator_set().unwrap().state, ValidatorState::Inactive);
    let leaving = validating(2_000).leave_validator_set().unwrap();
    assert_eq!(leaving.state, ValidatorState::PendingInactive);
    assert_eq!(leaving.leave_validator_set(), Err(CoreError::NotInValidatorSet));
    let (left, _) = leaving.on_new_epoch(&perfect(), T0 + 2 * 7_200, &config()).unwrap();
    assert_eq!(left.state, ValidatorState::Inactive);
    assert_eq!(left.leave_validator_set(), Err(CoreError::NotInValidatorSet));
}

#[test]
fn epoch_reward_follows_the_seed_formula() {
    // 2,000 * 1% * 7/10 = 14.
    let perf = Performance { successful_proposals: 7, total_proposals: 10 };
    assert_eq!(epoch_reward(u(2_000), &perf, &config()), Ok(u(14)));
    assert_eq!(epoch_reward(u(2_000), &Performance::default(), &config()), Ok(U256::ZERO));
    let bad = Performance { successful_proposals: 11, total_proposals: 10 };
    assert_eq!(epoch_reward(u(2_000), &bad, &config()), Err(CoreError::InvalidPerformance));
}

#[test]
fn rewards_compound_into_active_stake_minus_commission() {
    let pool = validating(10_000).set_commission(1_000).unwrap(); // 10%
    let (next, paid) = pool.on_new_epoch(&perfect(), T0 + 2 * 7_200, &config()).unwrap();
    assert_eq!(paid, EpochRewards { rewards: u(100), commission: u(10) });
    assert_eq!(next.active, u(10_090));
    assert_eq!(next.operator_commission, u(10));
}

#[test]
fn rewards_count_at_most_the_maximum_stake() {
    let pool = StakePool {
        active: u(60_000),
        state: ValidatorState::Active,
        locked_until_secs: T0 + 30 * DAY,
        ..StakePool::default()
    };
    let (_, paid) = pool.on_new_epoch(&perfect(), T0, &config()).unwrap();
    assert_eq!(paid.rewards, u(500)); // 1% of 50,000, not of 60,000
}

#[test]
fn unlocked_stake_earns_until_the_lockup_ends_then_turns_inactive() {
    let pool = validating(10_000).unlock(u(4_000)).unwrap();
    assert_eq!((pool.active, pool.pending_inactive), (u(6_000), u(4_000)));
    let (mid, paid) = pool.on_new_epoch(&perfect(), T0 + DAY, &config()).unwrap();
    assert_eq!(paid.rewards, u(100));
    assert_eq!((mid.pending_inactive, mid.inactive), (u(4_040), U256::ZERO));
    let lock_end = mid.locked_until_secs;
    let (after, _) = mid.on_new_epoch(&perfect(), lock_end, &config()).unwrap();
    assert_eq!(after.pending_inactive, U256::ZERO);
    assert!(after.inactive >= u(4_040));
    assert_eq!(after.locked_until_secs, lock_end + 30 * DAY, "lockup renews while validating");
}

#[test]
fn unlock_or_reactivate_more_than_held_is_rejected() {
    let pool = validating(2_000);
    assert_eq!(pool.unlock(u(2_001)), Err(CoreError::InsufficientStake));
    let pool = pool.unlock(u(500)).unwrap();
    assert_eq!(pool.reactivate_stake(u(501)), Err(CoreError::InsufficientStake));
    let back = pool.reactivate_stake(u(500)).unwrap();
    assert_eq!((back.active, back.pending_inactive), (u(2_000), U256::ZERO));
}

#[test]
fn withdraw_before_the_lockup_ends_is_rejected() {
    let pool = validating(2_000).unlock(u(500)).unwrap();
    assert_eq!(pool.withdraw(u(1), T0 + DAY), Err(CoreError::InsufficientStake));
}

#[test]
fn an_inactive_pool_withdraws_after_its_lockup_without_an_epoch() {
    let pool = StakePool { pending_inactive: u(700), locked_until_secs: T0, ..StakePool::default() };
    assert_eq!(pool.withdraw(u(1), T0 - 1), Err(CoreError::InsufficientStake));
    let out = pool.withdraw(u(700), T0).unwrap();
    assert_eq!((out.inactive, out.pending_inactive), (U256::ZERO, U256::ZERO));
}

#[test]
fn a_validator_below_the_minimum_drops_out_at_the_epoch() {
    let pool = validating(2_000).unlock(u(1_500)).unwrap();
    let (next, _) = pool.on_new_epoch(&perfect(), T0 + 30 * DAY, &config()).unwrap();
    assert_eq!(next.state, ValidatorState::Inactive);
}

#[test]
fn increase_lockup_must_extend_it() {
    let pool = validating(2_000);
    assert_eq!(pool.increase_lockup(T0, &config()), Err(CoreError::LockupNotIncreased));
    let later = pool.increase_lockup(T0 + DAY, &config()).unwrap();
    assert_eq!(later.locked_until_secs, T0 + DAY + 30 * DAY);
}

#[test]
fn commission_above_100_percent_is_rejected() {
    assert_eq!(StakePool::default().set_commission(10_001), Err(CoreError::CommissionTooHigh));
}

#[test]
fn operator_withdraws_at_most_its_commission() {
    let pool = StakePool { operator_commission: u(10), ..StakePool::default() };
    assert_eq!(pool.withdraw_commission(u(11)), Err(CoreError::InsufficientStake));
    assert_eq!(pool.withdraw_commission(u(10)).unwrap().operator_commission, U256::ZERO);
}

#[test]
fn an_epoch_ends_only_after_its_duration() {
    let clock = EpochClock { epoch: 3, started_at: T0 };
    assert_eq!(clock.advance(T0 + 7_199, &config()), Err(CoreError::EpochNotEnded));
    assert_eq!(clock.advance(T0 + 7_200, &config()), Ok(EpochClock { epoch: 4, started_at: T0 + 7_200 }));
}

#[derive(Clone, Debug)]
enum Op {
    Add(u64),
    Unlock(u64),
    Reactivate(u64),
    Withdraw(u64),
    Join,
    Leave,
    Epoch(u64, u64, u64),
    Commission(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u64..20_000).prop_map(Op::Add),
        (1u64..20_000).prop_map(Op::Unlock),
        (1u64..20_000).prop_map(Op::Reactivate),
        (1u64..20_000).prop_map(Op::Withdraw),
        Just(Op::Join),
        Just(Op::Leave),
        (0u64..20, 0u64..20, 0u64..40 * DAY).prop_map(|(s, t, dt)| Op::Epoch(s, t, dt)),
        (0u32..=10_000).prop_map(Op::Commission),
    ]
}

proptest! {
    #[test]
    fn stake_is_conserved_across_any_sequence(ops in proptest::collection::vec(op(), 1..60)) {
        let cfg = config();
        let mut pool = StakePool::default();
        let mut now = T0;
        let (mut deposited, mut withdrawn, mut rewarded) = (U256::ZERO, U256::ZERO, U256::ZERO);
        for op in ops {
            let result = match op {
                Op::Add(a) => pool.add_stake(u(a), &cfg).inspect(|_| deposited += u(a)),
                Op::Unlock(a) => pool.unlock(u(a)),
                Op::Reactivate(a) => pool.reactivate_stake(u(a)),
                Op::Withdraw(a) => pool.withdraw(u(a), now).inspect(|_| withdrawn += u(a)),
                Op::Join => pool.join_validator_set(now, &cfg),
                Op::Leave => pool.leave_validator_set(),
                Op::Commission(bps) => pool.set_commission(bps),
                Op::Epoch(s, t, dt) => {
                    now += dt;
                    let perf = Performance { successful_proposals: s, total_proposals: t };
                    pool.on_new_epoch(&perf, now, &cfg).map(|(next, paid)| {
                        // Only current validators earn, and never above the capped formula.
                        if !pool.state.is_current_validator() { assert_eq!(paid.rewards, U256::ZERO); }
                        assert!(paid.commission <= paid.rewards);
                        assert_eq!(next.pending_active, U256::ZERO);
                        rewarded += paid.rewards;
                        next
                    })
                }
            };
            if let Ok(next) = result { pool = next; }
            // Every unit is accounted for: deposits plus rewards minus withdrawals.
            prop_assert_eq!(pool.total().unwrap() + withdrawn, deposited + rewarded);
        }
    }
}
