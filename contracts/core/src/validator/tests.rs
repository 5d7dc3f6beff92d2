use super::*;
use alloc::vec;
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
        max_validator_set_size: 4,
        voting_power_increase_limit_bps: 2_000, // 20% per epoch
        max_commission_bps: 2_000,
        performance_floor_bps: 0, // the Aptos formula
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
    let pool = pool.join_validator_set(0, T0, &config()).unwrap();
    let (pool, _) = pool.on_new_epoch(PlannedReward::default(), T0 + 7_200, &config()).unwrap();
    assert_eq!(pool.state, ValidatorState::Active);
    pool
}

/// The pool's epoch transition with the full reward the formula gives it.
fn epoch(pool: &StakePool, perf: &Performance, now: u64) -> (StakePool, EpochRewards) {
    let reward = pool.planned_reward(perf, &config()).unwrap();
    pool.on_new_epoch(reward, now, &config()).unwrap()
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
fn config_caps_the_set_size_the_joining_limit_and_the_commission() {
    for bad in [
        StakingConfig { max_validator_set_size: 0, ..config() },
        StakingConfig { max_validator_set_size: MAX_VALIDATOR_SET_SIZE + 1, ..config() },
        StakingConfig { voting_power_increase_limit_bps: 0, ..config() },
        StakingConfig { voting_power_increase_limit_bps: 10_001, ..config() },
        StakingConfig { max_commission_bps: 10_001, ..config() },
    ] {
        assert_eq!(bad.validate(), Err(CoreError::InvalidStakingConfig), "{bad:?}");
    }
    let widest =
        StakingConfig { max_validator_set_size: MAX_VALIDATOR_SET_SIZE, max_commission_bps: 10_000, ..config() };
    assert_eq!(widest.validate(), Ok(widest));
}

#[test]
fn the_local_configuration_is_valid_and_pays_about_8_percent_a_year() {
    let local = StakingConfig::LOCAL;
    assert_eq!(local.validate(), Ok(local));
    assert_eq!(local.maximum_stake, u(1_000_000) * u(1_000_000_000_000_000_000));
    // 8,760 hourly epochs at 913e-8: (1 + 913e-8)^8760 - 1 ≈ 8.3%.
    let yearly = (1.0 + 913e-8f64).powi(8_760) - 1.0;
    assert!((0.079..0.085).contains(&yearly), "{yearly}");
    assert_eq!(local.epoch_duration_secs * 8_760, 365 * DAY);
}

#[test]
fn a_report_counts_only_for_the_epoch_it_was_made_in() {
    assert_eq!(perfect().for_epoch(7, 7), perfect());
    assert_eq!(perfect().for_epoch(6, 7), Performance::default());
}

#[test]
fn only_validators_are_reported_on_and_never_with_more_passes_than_proposals() {
    assert_eq!(validating(2_000).check_report(&perfect()), Ok(()));
    assert_eq!(validating(2_000).leave_validator_set().unwrap().check_report(&perfect()), Ok(()));
    let joining =
        StakePool::default().add_stake(u(2_000), &config()).unwrap().join_validator_set(0, T0, &config()).unwrap();
    assert_eq!(joining.check_report(&perfect()), Err(CoreError::NotInValidatorSet));
    assert_eq!(StakePool::default().check_report(&perfect()), Err(CoreError::NotInValidatorSet));
    let bad = Performance { successful_proposals: 2, total_proposals: 1 };
    assert_eq!(validating(2_000).check_report(&bad), Err(CoreError::InvalidPerformance));
}

#[test]
fn validator_states_round_trip_through_their_abi_codes() {
    for state in [
        ValidatorState::Inactive,
        ValidatorState::PendingActive,
        ValidatorState::Active,
        ValidatorState::PendingInactive,
    ] {
        assert_eq!(ValidatorState::from_code(state as u8), Some(state));
    }
    assert_eq!(ValidatorState::from_code(4), None);
}

#[test]
fn owner_moves_funds_and_sets_the_commission_and_operator_runs_the_node() {
    use StakeAction::*;
    let owner_only =
        [AddStake, Unlock, Withdraw, ReactivateStake, SetOperator, SetDelegatedVoter, IncreaseLockup, SetCommission];
    let operator_only = [JoinValidatorSet, LeaveValidatorSet, UpdateNodeKeys];
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
fn roles_are_never_the_zero_address() {
    let zero = crate::ZERO_ADDRESS;
    assert_eq!(Roles::new(OWNER, OPERATOR, VOTER), Ok(roles()));
    for (owner, operator, voter) in [(zero, OPERATOR, VOTER), (OWNER, zero, VOTER), (OWNER, OPERATOR, zero)] {
        assert_eq!(Roles::new(owner, operator, voter), Err(CoreError::InvalidRoleAccount));
    }
    assert_eq!(roles().with_operator(zero), Err(CoreError::InvalidRoleAccount));
    assert_eq!(roles().with_voter(zero), Err(CoreError::InvalidRoleAccount));
}

#[test]
fn the_owner_changes_operator_and_voter_and_keeps_the_rest() {
    let changed = roles().with_operator([7; 20]).unwrap().with_voter([8; 20]).unwrap();
    assert_eq!(changed, Roles { owner: OWNER, operator: [7; 20], voter: [8; 20] });
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
}

#[test]
fn join_needs_the_minimum_and_respects_the_maximum() {
    let small = StakePool::default().add_stake(u(999), &config()).unwrap();
    assert_eq!(small.join_validator_set(0, T0, &config()), Err(CoreError::StakeBelowValidatorMinimum));
    // Rewards can push a pool past the maximum; it cannot join like that.
    let big = StakePool { active: u(60_000), ..StakePool::default() };
    assert_eq!(big.join_validator_set(0, T0, &config()), Err(CoreError::StakeAboveMaximum));
}

#[test]
fn join_needs_room_in_the_validator_set() {
    let pool = StakePool::default().add_stake(u(2_000), &config()).unwrap();
    assert_eq!(pool.join_validator_set(4, T0, &config()), Err(CoreError::ValidatorSetFull));
    assert!(pool.join_validator_set(3, T0, &config()).is_ok());
}

#[test]
fn joining_power_is_unlimited_while_the_set_has_no_voting_power() {
    let first = JoiningPower::new_epoch(U256::ZERO);
    assert_eq!(first.add(u(1_000_000), &config()).map(|j| j.joining), Ok(u(1_000_000)));
}

#[test]
fn joining_power_past_the_epochs_limit_is_voting_power_increase_too_large() {
    let epoch = JoiningPower::new_epoch(u(10_000)); // 20% → 2,000 may join
    let some = epoch.add(u(1_500), &config()).unwrap();
    assert_eq!(some.add(u(501), &config()), Err(CoreError::VotingPowerIncreaseTooLarge));
    assert_eq!(some.add(u(500), &config()).map(|j| j.joining), Ok(u(2_000)));
    assert_eq!(JoiningPower::new_epoch(u(12_000)).joining, U256::ZERO, "each epoch starts afresh");
}

#[test]
fn only_deposits_into_a_pool_in_the_set_join_voting_power() {
    assert_eq!(StakePool::default().joining_power_of_deposit(u(5)), U256::ZERO);
    assert_eq!(validating(2_000).joining_power_of_deposit(u(5)), u(5));
}

#[test]
fn voting_power_is_active_and_unlocking_stake_up_to_the_maximum_while_validating() {
    let pool = validating(2_000).unlock(u(500)).unwrap();
    assert_eq!(pool.voting_power(&config()), Ok(u(2_000)));
    let big = StakePool { active: u(60_000), state: ValidatorState::Active, ..StakePool::default() };
    assert_eq!(big.voting_power(&config()), Ok(u(50_000)));
    let outside = StakePool { active: u(2_000), ..StakePool::default() };
    assert_eq!(outside.voting_power(&config()), Ok(U256::ZERO));
}

#[test]
fn join_locks_the_stake_and_becomes_active_next_epoch() {
    let pool = StakePool::default().add_stake(u(2_000), &config()).unwrap();
    let joined = pool.join_validator_set(0, T0, &config()).unwrap();
    assert_eq!(joined.state, ValidatorState::PendingActive);
    assert_eq!(joined.locked_until_secs, T0 + 30 * DAY);
    assert_eq!(joined.join_validator_set(1, T0, &config()), Err(CoreError::AlreadyInValidatorSet));
    let (next, paid) = epoch(&joined, &perfect(), T0 + 7_200);
    assert_eq!(next.state, ValidatorState::Active);
    assert_eq!((paid.rewards, paid.commission), (U256::ZERO, U256::ZERO), "no rewards before validating");
}

#[test]
fn leave_from_pending_active_is_immediate_and_from_active_waits() {
    let pool = StakePool::default().add_stake(u(2_000), &config()).unwrap();
    let joined = pool.join_validator_set(0, T0, &config()).unwrap();
    assert_eq!(joined.leave_validator_set().unwrap().state, ValidatorState::Inactive);
    let leaving = validating(2_000).leave_validator_set().unwrap();
    assert_eq!(leaving.state, ValidatorState::PendingInactive);
    assert_eq!(leaving.leave_validator_set(), Err(CoreError::NotInValidatorSet));
    let (left, _) = epoch(&leaving, &perfect(), T0 + 2 * 7_200);
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
    let pool = StakePool { commission_bps: 1_000, next_commission_bps: 1_000, ..validating(10_000) }; // 10%
    let (next, paid) = epoch(&pool, &perfect(), T0 + 2 * 7_200);
    assert_eq!(
        paid,
        EpochRewards { rewards: u(100), commission: u(10), commission_unlocks_at: pool.locked_until_secs }
    );
    assert_eq!(next.active, u(10_090));
    assert_eq!(next.total(), Ok(u(10_090)), "the commission is not the pool's");
}

#[test]
fn a_pool_outside_the_set_plans_no_reward_but_bad_performance_is_still_refused() {
    let outside = StakePool { active: u(2_000), ..StakePool::default() };
    assert_eq!(outside.planned_reward(&perfect(), &config()), Ok(PlannedReward::default()));
    let bad = Performance { successful_proposals: 2, total_proposals: 1 };
    assert_eq!(outside.planned_reward(&bad, &config()), Err(CoreError::InvalidPerformance));
}

#[test]
fn a_short_reserve_pays_each_reward_the_same_fraction_rounded_down() {
    let planned = PlannedReward { on_active: u(90), on_pending_inactive: u(11) };
    assert_eq!(planned.scaled(u(101), u(101)), Ok(planned));
    assert_eq!(planned.scaled(u(500), u(101)), Ok(planned));
    // Half the need: 45 and 5.5 → 5.
    assert_eq!(planned.scaled(u(50), u(100)), Ok(PlannedReward { on_active: u(45), on_pending_inactive: u(5) }));
}

fn member(pool: StakePool, perf: Performance) -> EpochMember {
    EpochMember { pool, performance: perf, paid: EpochRewards::default() }
}

#[test]
fn ending_an_epoch_pays_every_validator_in_full_from_a_sufficient_reserve() {
    let half = Performance { successful_proposals: 5, total_proposals: 10 };
    let mut members = [member(validating(10_000), perfect()), member(validating(4_000), half)];
    let outcome = end_epoch(&mut members, u(1_000), T0 + 2 * 7_200, &config()).unwrap();
    assert_eq!((outcome.needed, outcome.paid), (u(120), u(120)));
    assert_eq!((members[0].paid.rewards, members[1].paid.rewards), (u(100), u(20)));
    assert_eq!((members[0].pool.active, members[1].pool.active), (u(10_100), u(4_020)));
    assert_eq!(outcome.total_voting_power, u(14_120));
    assert_eq!(members[0].performance, Performance::default(), "a report counts for one epoch");
}

#[test]
fn ending_an_epoch_with_a_short_reserve_pays_what_it_holds_and_still_moves_stake() {
    let joining =
        StakePool::default().add_stake(u(3_000), &config()).unwrap().join_validator_set(0, T0, &config()).unwrap();
    let mut members =
        [member(validating(10_000), perfect()), member(validating(4_000), perfect()), member(joining, perfect())];
    let outcome = end_epoch(&mut members, u(70), T0 + 2 * 7_200, &config()).unwrap();
    assert_eq!((outcome.needed, outcome.paid), (u(140), u(70)));
    assert_eq!((members[0].paid.rewards, members[1].paid.rewards, members[2].paid.rewards), (u(50), u(20), U256::ZERO));
    assert_eq!(members[2].pool.state, ValidatorState::Active, "the epoch still moves the set");
}

#[test]
fn ending_an_epoch_with_an_empty_reserve_pays_nothing_and_never_fails() {
    let mut members = [member(validating(10_000), perfect())];
    let outcome = end_epoch(&mut members, U256::ZERO, T0 + 2 * 7_200, &config()).unwrap();
    assert_eq!((outcome.needed, outcome.paid, members[0].pool.active), (u(100), U256::ZERO, u(10_000)));
}

#[test]
fn ending_an_epoch_refuses_a_bad_report_and_changes_nothing() {
    let bad = Performance { successful_proposals: 3, total_proposals: 2 };
    let mut members = [member(validating(10_000), perfect()), member(validating(4_000), bad)];
    let before = members;
    assert_eq!(end_epoch(&mut members, u(1_000), T0 + 2 * 7_200, &config()), Err(CoreError::InvalidPerformance));
    assert_eq!(members, before);
}

#[test]
fn commission_earned_in_a_lockup_unlocks_when_it_ends() {
    let claim = CommissionClaim::default().accrue(u(10), T0 + DAY, T0).unwrap();
    assert_eq!((claim.withdrawable, claim.locked, claim.unlocks_at), (U256::ZERO, u(10), T0 + DAY));
    assert_eq!(claim.withdraw(T0 + DAY - 1), Err(CoreError::NoCommission));
    assert_eq!(
        claim.withdraw(T0 + DAY),
        Ok((CommissionClaim { unlocks_at: T0 + DAY, ..CommissionClaim::default() }, u(10)))
    );
}

#[test]
fn commission_earned_as_the_lockup_ends_is_withdrawable_at_once() {
    let claim = CommissionClaim::default().accrue(u(7), T0, T0).unwrap();
    assert_eq!(claim.withdraw(T0).map(|(_, amount)| amount), Ok(u(7)));
}

#[test]
fn commission_unlocked_earlier_stays_withdrawable_when_more_is_locked() {
    let claim = CommissionClaim::default().accrue(u(10), T0 + DAY, T0).unwrap();
    let claim = claim.accrue(u(5), T0 + 31 * DAY, T0 + 2 * DAY).unwrap();
    assert_eq!((claim.withdrawable, claim.locked), (u(10), u(5)));
    assert_eq!(claim.withdraw(T0 + 2 * DAY).map(|(left, amount)| (left.locked, amount)), Ok((u(5), u(10))));
}

#[test]
fn no_commission_is_no_commission() {
    assert_eq!(CommissionClaim::default().withdraw(T0), Err(CoreError::NoCommission));
}

#[test]
fn rewards_count_at_most_the_maximum_stake() {
    let pool = StakePool {
        active: u(60_000),
        state: ValidatorState::Active,
        locked_until_secs: T0 + 30 * DAY,
        ..StakePool::default()
    };
    let (_, paid) = epoch(&pool, &perfect(), T0);
    assert_eq!(paid.rewards, u(500)); // 1% of 50,000, not of 60,000
}

#[test]
fn unlocked_stake_earns_until_the_lockup_ends_then_turns_inactive() {
    let pool = validating(10_000).unlock(u(4_000)).unwrap();
    assert_eq!((pool.active, pool.pending_inactive), (u(6_000), u(4_000)));
    let (mid, paid) = epoch(&pool, &perfect(), T0 + DAY);
    assert_eq!(paid.rewards, u(100));
    assert_eq!((mid.pending_inactive, mid.inactive), (u(4_040), U256::ZERO));
    let lock_end = mid.locked_until_secs;
    let (after, _) = epoch(&mid, &perfect(), lock_end);
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
fn a_validator_can_withdraw_only_its_inactive_stake() {
    let pool = StakePool { inactive: u(300), ..validating(2_000).unlock(u(500)).unwrap() };
    assert_eq!(pool.withdrawable(T0 + 365 * DAY), Ok(u(300)));
}

#[test]
fn an_inactive_pool_can_withdraw_its_unlocking_stake_once_the_lockup_ends() {
    let pool = StakePool { inactive: u(300), pending_inactive: u(700), locked_until_secs: T0, ..StakePool::default() };
    assert_eq!(pool.withdrawable(T0 - 1), Ok(u(300)));
    assert_eq!(pool.withdrawable(T0), Ok(u(1_000)));
}

#[test]
fn the_joining_room_is_what_is_left_of_the_epochs_limit() {
    let epoch = JoiningPower::new_epoch(u(10_000));
    assert_eq!(epoch.room(2_000), Ok(Some(u(2_000))));
    assert_eq!(epoch.add(u(1_500), &config()).unwrap().room(2_000), Ok(Some(u(500))));
    assert_eq!(JoiningPower::new_epoch(U256::ZERO).room(2_000), Ok(None), "no voting power: no limit");
}

proptest! {
    #[test]
    fn add_accepts_exactly_the_amounts_within_the_room(
        total in 0u64..1_000_000,
        joined_bps in 0u32..=2_000,
        amount in 0u64..1_000_000,
    ) {
        let limit = config().voting_power_increase_limit_bps;
        let joined = u(total) * U256::from(joined_bps) / U256::from(10_000u32);
        let epoch = JoiningPower { total_voting_power: u(total), joining: joined };
        let fits = match epoch.room(limit).unwrap() {
            None => true,
            Some(room) => u(amount) <= room,
        };
        prop_assert_eq!(epoch.add(u(amount), &config()).is_ok(), fits);
    }

    #[test]
    fn withdrawable_is_exactly_what_withdraw_takes(
        inactive in 0u64..10_000,
        pending_inactive in 0u64..10_000,
        active in 0u64..10_000,
        validating in any::<bool>(),
        at in 0u64..(2 * DAY),
    ) {
        let state = if validating { ValidatorState::Active } else { ValidatorState::Inactive };
        let pool = StakePool {
            active: u(active),
            inactive: u(inactive),
            pending_inactive: u(pending_inactive),
            locked_until_secs: T0 + DAY,
            state,
            ..StakePool::default()
        };
        let now = T0 + at;
        let all = pool.withdrawable(now).unwrap();
        if !all.is_zero() {
            prop_assert!(pool.withdraw(all, now).is_ok());
        }
        prop_assert_eq!(pool.withdraw(all + u(1), now), Err(CoreError::InsufficientStake));
    }
}

#[test]
fn a_validator_below_the_minimum_drops_out_at_the_epoch() {
    let pool = validating(2_000).unlock(u(1_500)).unwrap();
    let (next, _) = epoch(&pool, &perfect(), T0 + 30 * DAY);
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
fn commission_above_the_configured_cap_is_rejected() {
    assert_eq!(StakePool::default().set_commission(2_001, &config()), Err(CoreError::CommissionTooHigh));
    assert_eq!(StakePool::default().set_commission(2_000, &config()).map(|p| p.commission_bps), Ok(2_000));
}

#[test]
fn a_commission_increase_for_a_validator_applies_from_the_next_epoch() {
    let pool = validating(10_000).set_commission(1_000, &config()).unwrap();
    assert_eq!((pool.commission_bps, pool.next_commission_bps), (0, 1_000));
    let (next, paid) = epoch(&pool, &perfect(), T0 + 2 * 7_200);
    assert_eq!(paid.commission, U256::ZERO, "the epoch under way keeps the old commission");
    assert_eq!((next.commission_bps, next.next_commission_bps), (1_000, 1_000));
    let (_, paid) = epoch(&next, &perfect(), T0 + 3 * 7_200);
    assert_eq!(paid.commission, paid.rewards / u(10));
}

#[test]
fn a_commission_decrease_applies_at_once_and_replaces_a_waiting_increase() {
    let pool = StakePool { commission_bps: 1_500, next_commission_bps: 1_500, ..validating(10_000) };
    let raised = pool.set_commission(2_000, &config()).unwrap();
    assert_eq!((raised.commission_bps, raised.next_commission_bps), (1_500, 2_000));
    let lowered = raised.set_commission(500, &config()).unwrap();
    assert_eq!((lowered.commission_bps, lowered.next_commission_bps), (500, 500));
}

#[test]
fn a_commission_change_for_a_pool_that_earns_nothing_this_epoch_applies_at_once() {
    let outside = StakePool::default().add_stake(u(2_000), &config()).unwrap();
    let set = outside.set_commission(1_000, &config()).unwrap();
    assert_eq!((set.commission_bps, set.next_commission_bps), (1_000, 1_000));
    let joining = outside.join_validator_set(0, T0, &config()).unwrap().set_commission(1_000, &config()).unwrap();
    assert_eq!(joining.commission_bps, 1_000);
}

#[test]
fn a_removed_validator_leaves_at_the_epoch_change() {
    let removed = validating(10_000).leave_validator_set().unwrap();
    assert_eq!(removed.state, ValidatorState::PendingInactive);
    let (next, paid) = epoch(&removed, &perfect(), T0 + 2 * 7_200);
    assert_eq!(paid.rewards, u(100), "it validated the epoch it was removed in");
    assert_eq!(next.state, ValidatorState::Inactive);
}

fn floored(floor_bps: u32) -> StakingConfig {
    StakingConfig { performance_floor_bps: floor_bps, ..config() }.validate().unwrap()
}

#[test]
fn a_validator_below_the_performance_floor_earns_nothing_for_the_epoch() {
    let below = Performance { successful_proposals: 79, total_proposals: 100 };
    assert_eq!(validating(10_000).planned_reward(&below, &floored(8_000)), Ok(PlannedReward::default()));
}

#[test]
fn a_validator_at_the_performance_floor_earns_by_the_seed_formula() {
    let at = Performance { successful_proposals: 80, total_proposals: 100 };
    // 10,000 * 1% * 80/100 = 80.
    assert_eq!(validating(10_000).planned_reward(&at, &floored(8_000)).map(|r| r.on_active), Ok(u(80)));
}

#[test]
fn a_zero_performance_floor_keeps_the_aptos_formula() {
    let poor = Performance { successful_proposals: 1, total_proposals: 100 };
    assert_eq!(validating(10_000).planned_reward(&poor, &floored(0)).map(|r| r.on_active), Ok(u(1)));
}

#[test]
fn a_performance_floor_above_100_percent_is_an_invalid_config() {
    let bad = StakingConfig { performance_floor_bps: 10_001, ..config() };
    assert_eq!(bad.validate(), Err(CoreError::InvalidStakingConfig));
}

#[test]
fn the_local_configuration_uses_the_avax_documents_80_percent_floor() {
    assert_eq!(StakingConfig::LOCAL.performance_floor_bps, 8_000);
}

#[test]
fn a_pool_outside_the_set_has_room_for_what_may_join_with_its_stake() {
    let pool = StakePool::default().add_stake(u(2_000), &config()).unwrap();
    // 20% of 50,000 may join: 10,000; 1,000 already did; the pool joins
    // with its 2,000 too.
    let power = JoiningPower { total_voting_power: u(50_000), joining: u(1_000) };
    assert_eq!(pool.deposit_room(&power, &config()), Ok(u(7_000)));
    // A set without voting power sets no joining limit.
    assert_eq!(pool.deposit_room(&JoiningPower::default(), &config()), Ok(u(48_000)));
}

#[test]
fn a_validators_room_is_the_epochs_joining_room_under_the_maximum() {
    let pool = validating(10_000);
    // 20% of 10,000 may join; 500 already did.
    let power = JoiningPower { total_voting_power: u(10_000), joining: u(500) };
    assert_eq!(pool.deposit_room(&power, &config()), Ok(u(1_500)));
    let near_max = validating(49_000);
    let power = JoiningPower { total_voting_power: u(49_000), joining: U256::ZERO };
    assert_eq!(near_max.deposit_room(&power, &config()), Ok(u(1_000)));
}

proptest! {
    #[test]
    fn a_deposit_within_the_room_is_accepted_and_joins_and_one_unit_more_is_not(
        stake in 1_000u64..50_000, total in 0u64..100_000, joined in 0u64..30_000, in_set: bool,
    ) {
        let cfg = config();
        let pool = if in_set { validating(stake) } else { StakePool::default().add_stake(u(stake), &cfg).unwrap() };
        // What joined never passes the limit (`add` refuses it).
        let power = JoiningPower { total_voting_power: u(total), joining: u(joined % (total / 5 + 1)) };
        let room = pool.deposit_room(&power, &cfg).unwrap();
        // A pool in the set: its deposit joins. Outside it: it joins later
        // with all its stake.
        let accepts = |amount: U256| match pool.add_stake(amount, &cfg) {
            Ok(_) if in_set => power.add(amount, &cfg).is_ok(),
            Ok(next) => power.add(next.next_epoch_voting_power().unwrap(), &cfg).is_ok(),
            Err(_) => false,
        };
        if !room.is_zero() {
            prop_assert!(accepts(room));
        }
        prop_assert!(!accepts(room + u(1)));
    }

    #[test]
    fn meeting_the_floor_is_passing_at_least_that_share_of_proposals(
        successful in 0u64..1_000, extra in 0u64..1_000, floor in 0u32..=10_000,
    ) {
        let total = successful + extra;
        let perf = Performance { successful_proposals: successful, total_proposals: total };
        // successful / total >= floor / 10,000, in exact integers.
        prop_assert_eq!(perf.meets_floor(floor), successful * 10_000 >= total * u64::from(floor));
    }
}

#[test]
fn an_epoch_ends_only_after_its_duration() {
    let clock = EpochClock { epoch: 3, started_at: T0 };
    assert_eq!(clock.advance(T0 + 7_199, &config()), Err(CoreError::EpochNotEnded));
    assert_eq!(clock.advance(T0 + 7_200, &config()), Ok(EpochClock { epoch: 4, started_at: T0 + 7_200 }));
}

#[derive(Clone, Debug)]
enum Op {
    Add(usize, u64),
    Unlock(usize, u64),
    Reactivate(usize, u64),
    Withdraw(usize, u64),
    Join(usize),
    Leave(usize),
    Commission(usize, u32),
    Fund(u64),
    Report(usize, u64, u64),
    Epoch(u64),
    WithdrawCommission(usize),
}

const POOLS: usize = 3;

fn op() -> impl Strategy<Value = Op> {
    let pool = 0..POOLS;
    prop_oneof![
        (pool.clone(), 1u64..20_000).prop_map(|(p, a)| Op::Add(p, a)),
        (pool.clone(), 1u64..20_000).prop_map(|(p, a)| Op::Unlock(p, a)),
        (pool.clone(), 1u64..20_000).prop_map(|(p, a)| Op::Reactivate(p, a)),
        (pool.clone(), 1u64..20_000).prop_map(|(p, a)| Op::Withdraw(p, a)),
        pool.clone().prop_map(Op::Join),
        pool.clone().prop_map(Op::Leave),
        (pool.clone(), 0u32..=2_500).prop_map(|(p, bps)| Op::Commission(p, bps)),
        (0u64..2_000).prop_map(Op::Fund),
        (pool.clone(), 0u64..20, 0u64..20).prop_map(|(p, s, t)| Op::Report(p, s, t)),
        (0u64..40 * DAY).prop_map(Op::Epoch),
        pool.prop_map(Op::WithdrawCommission),
    ]
}

/// A model of the staking contract over the core: three pools, a reward
/// reserve, the validator set in join order, and each pool's operator claim.
struct System {
    pools: [StakePool; POOLS],
    reports: [Performance; POOLS],
    claims: [CommissionClaim; POOLS],
    set: alloc::vec::Vec<usize>,
    joining: JoiningPower,
    clock: EpochClock,
    reserve: U256,
}

impl System {
    fn step(&mut self, op: &Op, cfg: &StakingConfig) -> CoreResult<(U256, U256, U256)> {
        let now = self.clock.started_at;
        let set_size = u32::try_from(self.set.len()).unwrap();
        // (deposited, funded, paid out) by this step
        let none = U256::ZERO;
        match *op {
            Op::Add(p, a) => {
                let joining = self.joining.add(self.pools[p].joining_power_of_deposit(u(a)), cfg)?;
                self.pools[p] = self.pools[p].add_stake(u(a), cfg)?;
                self.joining = joining;
                Ok((u(a), none, none))
            }
            Op::Unlock(p, a) => self.pools[p].unlock(u(a)).map(|n| self.pools[p] = n).map(|_| (none, none, none)),
            Op::Reactivate(p, a) => {
                self.pools[p].reactivate_stake(u(a)).map(|n| self.pools[p] = n).map(|_| (none, none, none))
            }
            Op::Withdraw(p, a) => {
                self.pools[p] = self.pools[p].withdraw(u(a), now)?;
                Ok((none, none, u(a)))
            }
            Op::Join(p) => {
                let next = self.pools[p].join_validator_set(set_size, now, cfg)?;
                self.joining = self.joining.add(next.next_epoch_voting_power()?, cfg)?;
                self.pools[p] = next;
                self.set.push(p);
                Ok((none, none, none))
            }
            Op::Leave(p) => {
                let next = self.pools[p].leave_validator_set()?;
                if next.state == ValidatorState::Inactive {
                    self.set.retain(|&q| q != p);
                }
                self.pools[p] = next;
                Ok((none, none, none))
            }
            Op::Commission(p, bps) => {
                self.pools[p].set_commission(bps, cfg).map(|n| self.pools[p] = n).map(|_| (none, none, none))
            }
            Op::Fund(a) => {
                self.reserve += u(a);
                Ok((none, u(a), none))
            }
            Op::Report(p, s, t) => {
                let perf = Performance { successful_proposals: s, total_proposals: t };
                if s > t {
                    return Err(CoreError::InvalidPerformance);
                }
                self.reports[p] = perf;
                Ok((none, none, none))
            }
            Op::Epoch(dt) => {
                let clock = self.clock.advance(now + dt, cfg)?;
                let mut members: alloc::vec::Vec<EpochMember> = self
                    .set
                    .iter()
                    .map(|&p| EpochMember {
                        pool: self.pools[p],
                        performance: self.reports[p],
                        paid: EpochRewards::default(),
                    })
                    .collect();
                let outcome = end_epoch(&mut members, self.reserve, clock.started_at, cfg)?;
                assert!(outcome.paid <= outcome.needed && outcome.paid <= self.reserve);
                for (&p, member) in self.set.iter().zip(&members) {
                    assert!(member.paid.commission <= member.paid.rewards);
                    self.pools[p] = member.pool;
                    self.claims[p] = self.claims[p].accrue(
                        member.paid.commission,
                        member.paid.commission_unlocks_at,
                        clock.started_at,
                    )?;
                }
                let pools = self.pools;
                self.set.retain(|&p| pools[p].state.is_in_set());
                self.reserve -= outcome.paid;
                self.reports = [Performance::default(); POOLS];
                self.joining = JoiningPower::new_epoch(outcome.total_voting_power);
                self.clock = clock;
                Ok((none, none, none))
            }
            Op::WithdrawCommission(p) => {
                let (left, amount) = self.claims[p].withdraw(now)?;
                self.claims[p] = left;
                Ok((none, none, amount))
            }
        }
    }

    /// Everything the contract holds for someone: the pools' buckets, the
    /// operators' commission and the reserve.
    fn held(&self) -> U256 {
        let pools: U256 = self.pools.iter().map(|p| p.total().unwrap()).fold(U256::ZERO, |a, b| a + b);
        let claims = self.claims.iter().fold(U256::ZERO, |a, c| a + c.withdrawable + c.locked);
        pools + claims + self.reserve
    }
}

proptest! {
    #[test]
    fn stake_is_conserved_across_pools_epochs_and_commission(ops in proptest::collection::vec(op(), 1..80)) {
        let cfg = config();
        let mut system = System {
            pools: [StakePool::default(); POOLS],
            reports: [Performance::default(); POOLS],
            claims: [CommissionClaim::default(); POOLS],
            set: alloc::vec::Vec::new(),
            joining: JoiningPower::default(),
            clock: EpochClock { epoch: 0, started_at: T0 },
            reserve: U256::ZERO,
        };
        let (mut deposited, mut funded, mut paid_out) = (U256::ZERO, U256::ZERO, U256::ZERO);
        for op in &ops {
            let before_held = system.held();
            let before_set = system.set.clone();
            let before_pools = system.pools;
            match system.step(op, &cfg) {
                Ok((d, f, w)) => { deposited += d; funded += f; paid_out += w; }
                // The model writes state only on success (each transition is
                // checked before anything is assigned).
                Err(_) => { prop_assert_eq!(system.held(), before_held); prop_assert_eq!(&system.set, &before_set); }
            }
            // Every unit is accounted for: deposits and funding in, withdrawals out.
            prop_assert_eq!(system.held() + paid_out, deposited + funded);
            // The set holds exactly the pools not inactive, within its cap.
            for (p, pool) in system.pools.iter().enumerate() {
                prop_assert_eq!(pool.state.is_in_set(), system.set.contains(&p));
            }
            prop_assert!(system.set.len() <= cfg.max_validator_set_size as usize);
            // A validator's commission never rises within an epoch.
            if !matches!(op, Op::Epoch(_)) {
                for (before, after) in before_pools.iter().zip(&system.pools) {
                    if before.state.is_current_validator() {
                        prop_assert!(after.commission_bps <= before.commission_bps);
                    }
                }
            }
            // No validator votes with more than the maximum, and no
            // commission passes the cap.
            for pool in &system.pools {
                prop_assert!(pool.voting_power(&cfg).unwrap() <= cfg.maximum_stake);
                prop_assert!(pool.commission_bps.max(pool.next_commission_bps) <= cfg.max_commission_bps);
            }
        }
    }
}
