//! `Staking`: validator staking after Aptos' stake pools, the staking module
//! of a chain without staking of its own, which the liquid-staking pools
//! delegate to.
//!
//! Each owner has one stake pool. The owner moves funds ([`add_stake`],
//! [`unlock`], [`withdraw`], [`reactivate_stake`]), names the operator and
//! the delegated voter, extends the lockup and sets the operator's
//! commission within the configured cap (an increase for a validator from
//! the next epoch on); the operator joins and leaves the validator set.
//! Stake lives in four buckets that move at epoch boundaries; anyone ends an
//! epoch once its duration has passed ([`end_epoch`]), which pays the
//! performance-weighted rewards the oracle reported from a reserve anyone
//! funds, nothing to a validator below the performance floor. The
//! configuration is a constant of the code ([`CONFIG`]) and the oracle is
//! named at deployment, and so is governance, whose one power is to remove
//! a validator from the set ([`remove_validator`]), a scheduled change that
//! takes effect at the epoch change. Every rule is in
//! [`lst_core::validator`].

use crate::{emit, timelock, Address, Error, Host, Result, U256};
use alloc::vec::Vec;
use lst_core::validator::{
    self as rules, authorize, CommissionClaim, EpochClock, EpochMember, JoiningPower, Performance, Roles, StakeAction,
    StakePool, StakingConfig, ValidatorState,
};
use lst_core::CoreError;

/// The staking configuration: a constant of the code, as a Substrate
/// runtime's staking parameters are, so the code hash names it (the local
/// networks' and testnets' configuration of the core).
pub const CONFIG: StakingConfig = StakingConfig::LOCAL;

/// A stake pool as stored: its buckets and terms, and the roles besides its
/// owner (the key it is stored under).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolRecord {
    /// Stake buckets, lockup, validator state and commission.
    pub pool: StakePool,
    /// Runs the validator: joins and leaves the set.
    pub operator: Address,
    /// Holds the pool's voting power.
    pub voter: Address,
}

/// The last performance report of a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Report {
    /// The epoch it was made in.
    pub epoch: u64,
    /// Its counts of proposals.
    pub performance: Performance,
}

/// The staking contract's storage, as each platform lays it out (the
/// waiting removals are [`timelock::Store`]'s).
pub trait Store: timelock::Store {
    /// Governance: removes validators.
    fn governance(&self) -> Address;
    /// Names governance (at deployment).
    fn set_governance(&mut self, governance: Address);
    /// The performance oracle.
    fn oracle(&self) -> Address;
    /// Names the performance oracle (at deployment).
    fn set_oracle(&mut self, oracle: Address);
    /// The current epoch and its start.
    fn clock(&self) -> EpochClock;
    /// Stores the epoch clock.
    fn set_clock(&mut self, clock: EpochClock);
    /// The reward reserve.
    fn reserve(&self) -> U256;
    /// Stores the reward reserve.
    fn set_reserve(&mut self, reserve: U256);
    /// The total voting power and what joins this epoch.
    fn power(&self) -> JoiningPower;
    /// Stores the voting power.
    fn set_power(&mut self, power: JoiningPower);
    /// How many pools the validator set holds.
    fn set_len(&self) -> u32;
    /// The pool at `index` of the validator set.
    fn set_get(&self, index: u32) -> Option<Address>;
    /// Puts `pool` at `index` of the validator set (an existing index).
    fn set_put(&mut self, index: u32, pool: Address);
    /// Appends `pool` to the validator set.
    fn set_push(&mut self, pool: Address);
    /// Drops the validator set's last pool.
    fn set_pop(&mut self);
    /// `owner`'s pool, `None` if it has none.
    fn pool(&self, owner: Address) -> Option<PoolRecord>;
    /// Stores the buckets and terms of `owner`'s pool.
    fn store_pool(&mut self, owner: Address, pool: &StakePool);
    /// Stores the roles of `owner`'s pool.
    fn store_roles(&mut self, owner: Address, operator: Address, voter: Address);
    /// The last performance report of `owner`'s pool.
    fn report(&self, owner: Address) -> Report;
    /// Stores the last performance report of `owner`'s pool.
    fn store_report(&mut self, owner: Address, report: &Report);
    /// The commission `operator` earned from `pool`.
    fn claim(&self, pool: Address, operator: Address) -> CommissionClaim;
    /// Stores the commission `operator` earned from `pool`.
    fn store_claim(&mut self, pool: Address, operator: Address, claim: &CommissionClaim);
}

crate::events! {
    /// `pool`'s owner created it with `operator`, `voter` and a first stake.
    StakePoolInitialized = "StakePoolInitialized(address,address,address,uint256)" {
        topics { pool: Address } data { operator: Address, voter: Address, amount: U256 }
    }
    /// Stake was deposited (active at once outside the set, next epoch in it).
    StakeAdded = "StakeAdded(address,uint256)" { topics { pool: Address } data { amount: U256 } }
    /// Active stake started unlocking (withdrawable after the lockup).
    StakeUnlocked = "StakeUnlocked(address,uint256)" { topics { pool: Address } data { amount: U256 } }
    /// Unlocking stake went back to active.
    StakeReactivated = "StakeReactivated(address,uint256)" { topics { pool: Address } data { amount: U256 } }
    /// Inactive stake was paid out to the owner.
    StakeWithdrawn = "StakeWithdrawn(address,uint256)" { topics { pool: Address } data { amount: U256 } }
    /// The owner named another operator.
    OperatorChanged = "OperatorChanged(address,address,address)" {
        topics { pool: Address } data { oldOperator: Address, newOperator: Address }
    }
    /// The owner named another delegated voter.
    DelegatedVoterChanged = "DelegatedVoterChanged(address,address,address)" {
        topics { pool: Address } data { oldVoter: Address, newVoter: Address }
    }
    /// The owner extended the lockup.
    LockupIncreased = "LockupIncreased(address,uint64,uint64)" {
        topics { pool: Address } data { oldLockedUntil: u64, newLockedUntil: u64 }
    }
    /// The owner changed the commission: a decrease at once, an increase for
    /// a validator from the next epoch's rewards on (`stakePool`'s last value).
    CommissionChanged = "CommissionChanged(address,uint256,uint256)" {
        topics { pool: Address } data { oldBps: U256, newBps: U256 }
    }
    /// The oracle reported a validator's proposals in the current epoch.
    PerformanceReported = "PerformanceReported(address,uint64,uint64,uint64)" {
        topics { pool: Address, epoch: u64 } data { successful: u64, total: u64 }
    }
    /// Someone added to the reward reserve.
    RewardsFunded = "RewardsFunded(address,uint256)" { topics { from: Address } data { amount: U256 } }
    /// An epoch paid a validator `rewards`, of which `commission` to its operator.
    RewardsDistributed = "RewardsDistributed(address,uint64,uint256,uint256)" {
        topics { pool: Address, epoch: u64 } data { rewards: U256, commission: U256 }
    }
    /// A pool's place in the validator set changed (`state`: 0 inactive,
    /// 1 pending_active, 2 active, 3 pending_inactive).
    ValidatorStateChanged = "ValidatorStateChanged(address,uint8)" { topics { pool: Address } data { state: u8 } }
    /// An epoch ended: the rewards it asked for, those the reserve paid, and
    /// the new voting power.
    EpochEnded = "EpochEnded(uint64,uint256,uint256,uint256)" {
        topics { epoch: u64 } data { rewardsNeeded: U256, rewardsPaid: U256, totalVotingPower: U256 }
    }
    /// An operator took its unlocked commission.
    CommissionWithdrawn = "CommissionWithdrawn(address,address,uint256)" {
        topics { pool: Address, operator: Address } data { amount: U256 }
    }
    /// Governance removed `pool` from the validator set: it leaves at the
    /// epoch change (at once if it had not started validating).
    ValidatorRemoved = "ValidatorRemoved(address)" { topics { pool: Address } data {} }
}

const REMOVE_VALIDATOR: [u8; 4] = crate::abi::selector("removeValidator(address)");

/// `owner`'s pool; `StakePoolNotFound` if it has none.
fn record<C: Store>(c: &C, owner: Address) -> Result<PoolRecord> {
    c.pool(owner).ok_or(Error::Core(CoreError::StakePoolNotFound))
}

fn roles(owner: Address, record: &PoolRecord) -> Roles {
    Roles { owner, operator: record.operator, voter: record.voter }
}

/// The caller's pool, checked for `action` (an owner action).
fn own_pool<C: Host + Store>(c: &C, action: StakeAction) -> Result<(Address, PoolRecord)> {
    let owner = c.caller();
    let found = record(c, owner)?;
    authorize(action, &owner, &roles(owner, &found))?;
    Ok((owner, found))
}

/// `owner`'s pool, checked for the caller doing `action` (an operator action).
fn operated_pool<C: Host + Store>(c: &C, owner: Address, action: StakeAction) -> Result<StakePool> {
    let found = record(c, owner)?;
    authorize(action, &c.caller(), &roles(owner, &found))?;
    Ok(found.pool)
}

/// Stores `pool`'s next state after it left or was removed, drops it from
/// the set when it left at once, and logs its new state.
fn leave<C: Host + Store>(c: &mut C, pool: Address, current: StakePool) -> Result<()> {
    let next = current.leave_validator_set()?;
    c.store_pool(pool, &next);
    if next.state == ValidatorState::Inactive {
        remove_from_set(c, pool);
    }
    emit(c, ValidatorStateChanged { pool, state: next.state as u8 });
    Ok(())
}

/// Takes `pool` out of the validator set: the last pool moves into its place.
fn remove_from_set<C: Store>(c: &mut C, pool: Address) {
    let len = c.set_len();
    if let Some(index) = (0..len).find(|&i| c.set_get(i) == Some(pool)) {
        let last = len.saturating_sub(1);
        if index != last {
            if let Some(moved) = c.set_get(last) {
                c.set_put(index, moved);
            }
        }
        c.set_pop();
    }
}

/// Pays `amount` to `to`; `TransferFailed` if it refuses.
fn pay<C: Host>(c: &mut C, to: Address, amount: U256) -> Result<()> {
    if c.pay(to, amount) {
        Ok(())
    } else {
        Err(Error::TransferFailed { to, amount })
    }
}

/// Deployment: `governance` removes validators and `oracle` reports
/// performance, both for the contract's life (as its configuration, they
/// are part of what a deployment is; `ZeroAddress` for a zero one); a
/// removal waits `change_delay_secs` (`ChangeDelayOutOfRange` outside one
/// hour to 30 days); the first epoch starts now.
pub fn init<C: Host + Store>(c: &mut C, governance: Address, oracle: Address, change_delay_secs: u64) -> Result<()> {
    let (governance, oracle) = (crate::non_zero(governance)?, crate::non_zero(oracle)?);
    timelock::init(c, change_delay_secs)?;
    c.set_governance(governance);
    c.set_oracle(oracle);
    let started_at = c.now();
    c.set_clock(EpochClock { epoch: 0, started_at });
    Ok(())
}

// --- the owner of a pool ---

/// `initializeStakePool(operator, voter)`, payable: creates the caller's
/// stake pool, staking the value sent (may be zero).
pub fn initialize_stake_pool<C: Host + Store>(c: &mut C, operator: Address, voter: Address) -> Result<()> {
    let owner = c.caller();
    if c.pool(owner).is_some() {
        return Err(CoreError::StakePoolExists.into());
    }
    let roles = Roles::new(owner, operator, voter)?;
    let amount = c.value();
    let pool = if amount.is_zero() { StakePool::default() } else { StakePool::default().add_stake(amount, &CONFIG)? };
    c.store_roles(owner, roles.operator, roles.voter);
    c.store_pool(owner, &pool);
    emit(c, StakePoolInitialized { pool: owner, operator, voter, amount });
    Ok(())
}

/// `addStake()`, payable: deposits the value sent into the caller's pool,
/// active at once outside the validator set, next epoch in it (counted
/// against the epoch's joining limit).
pub fn add_stake<C: Host + Store>(c: &mut C) -> Result<()> {
    let (owner, found) = own_pool(c, StakeAction::AddStake)?;
    let amount = c.value();
    let next = found.pool.add_stake(amount, &CONFIG)?;
    let power = c.power().add(found.pool.joining_power_of_deposit(amount), &CONFIG)?;
    c.set_power(power);
    c.store_pool(owner, &next);
    emit(c, StakeAdded { pool: owner, amount });
    Ok(())
}

/// `unlock(amount)`: moves active stake to pending_inactive; it keeps
/// earning, and turns withdrawable when the lockup ends.
pub fn unlock<C: Host + Store>(c: &mut C, amount: U256) -> Result<()> {
    let (owner, found) = own_pool(c, StakeAction::Unlock)?;
    c.store_pool(owner, &found.pool.unlock(amount)?);
    emit(c, StakeUnlocked { pool: owner, amount });
    Ok(())
}

/// `withdraw(amount)`: pays inactive stake out to the owner (outside the
/// set, unlocking stake whose lockup has passed counts as inactive).
pub fn withdraw<C: Host + Store>(c: &mut C, amount: U256) -> Result<()> {
    let (owner, found) = own_pool(c, StakeAction::Withdraw)?;
    let next = found.pool.withdraw(amount, c.now())?;
    c.store_pool(owner, &next);
    emit(c, StakeWithdrawn { pool: owner, amount });
    pay(c, owner, amount)
}

/// `reactivateStake(amount)`: moves pending_inactive stake back to active.
pub fn reactivate_stake<C: Host + Store>(c: &mut C, amount: U256) -> Result<()> {
    let (owner, found) = own_pool(c, StakeAction::ReactivateStake)?;
    c.store_pool(owner, &found.pool.reactivate_stake(amount)?);
    emit(c, StakeReactivated { pool: owner, amount });
    Ok(())
}

/// `setOperator(operator)`: names another operator; the commission the old
/// one earned stays its own.
pub fn set_operator<C: Host + Store>(c: &mut C, operator: Address) -> Result<()> {
    let (owner, found) = own_pool(c, StakeAction::SetOperator)?;
    let next = roles(owner, &found).with_operator(operator)?;
    c.store_roles(owner, next.operator, next.voter);
    emit(c, OperatorChanged { pool: owner, oldOperator: found.operator, newOperator: next.operator });
    Ok(())
}

/// `setDelegatedVoter(voter)`: names another delegated voter.
pub fn set_delegated_voter<C: Host + Store>(c: &mut C, voter: Address) -> Result<()> {
    let (owner, found) = own_pool(c, StakeAction::SetDelegatedVoter)?;
    let next = roles(owner, &found).with_voter(voter)?;
    c.store_roles(owner, next.operator, next.voter);
    emit(c, DelegatedVoterChanged { pool: owner, oldVoter: found.voter, newVoter: next.voter });
    Ok(())
}

/// `increaseLockup()`: restarts the lockup at now plus the lockup duration
/// (it must end later than the current one).
pub fn increase_lockup<C: Host + Store>(c: &mut C) -> Result<()> {
    let (owner, found) = own_pool(c, StakeAction::IncreaseLockup)?;
    let next = found.pool.increase_lockup(c.now(), &CONFIG)?;
    c.store_pool(owner, &next);
    emit(
        c,
        LockupIncreased {
            pool: owner,
            oldLockedUntil: found.pool.locked_until_secs,
            newLockedUntil: next.locked_until_secs,
        },
    );
    Ok(())
}

// --- the operator of a pool ---

/// `joinValidatorSet(pool)`: asks `pool` into the validator set from the
/// next epoch; it needs room in the set, a stake within the limits, and
/// counts against the epoch's joining limit.
pub fn join_validator_set<C: Host + Store>(c: &mut C, pool: Address) -> Result<()> {
    let current = operated_pool(c, pool, StakeAction::JoinValidatorSet)?;
    let next = current.join_validator_set(c.set_len(), c.now(), &CONFIG)?;
    let power = c.power().add(next.next_epoch_voting_power()?, &CONFIG)?;
    c.set_power(power);
    c.store_pool(pool, &next);
    c.set_push(pool);
    emit(c, ValidatorStateChanged { pool, state: next.state as u8 });
    Ok(())
}

/// `leaveValidatorSet(pool)`: asks `pool` out of the validator set, at once
/// while it is still joining, at the next epoch otherwise.
pub fn leave_validator_set<C: Host + Store>(c: &mut C, pool: Address) -> Result<()> {
    let current = operated_pool(c, pool, StakeAction::LeaveValidatorSet)?;
    leave(c, pool, current)
}

/// `setCommission(pool, bps)`, the pool's owner: sets the operator's
/// commission in basis points, at most the configured cap; an increase for
/// a validator applies from the next epoch on.
pub fn set_commission<C: Host + Store>(c: &mut C, pool: Address, bps: U256) -> Result<()> {
    let current = operated_pool(c, pool, StakeAction::SetCommission)?;
    let bps32 = u32::try_from(bps).map_err(|_| Error::Core(CoreError::CommissionTooHigh))?;
    let next = current.set_commission(bps32, &CONFIG)?;
    c.store_pool(pool, &next);
    emit(c, CommissionChanged { pool, oldBps: U256::from(current.next_commission_bps), newBps: bps });
    Ok(())
}

// --- governance ---

/// Refuses anyone but governance (`Unauthorized`).
fn only_governance<C: Host + Store>(c: &C) -> Result<()> {
    let caller = c.caller();
    if caller != c.governance() {
        return Err(Error::Unauthorized { account: caller });
    }
    Ok(())
}

/// `removeValidator(pool)`, governance, scheduled: the first call schedules
/// the removal of `pool` from the validator set (`ChangeScheduled`); the
/// same call once the delay has passed carries it out (`ChangeExecuted`,
/// `ValidatorRemoved`): `pool` validates to the end of the epoch and leaves
/// at the epoch change (at once if it was only joining). [`cancel_change`]
/// drops a waiting removal. `NotInValidatorSet` for a pool outside the set
/// or already leaving, when scheduling and when carrying out.
pub fn remove_validator<C: Host + Store>(c: &mut C, pool: Address) -> Result<()> {
    only_governance(c)?;
    let current = record(c, pool)?.pool;
    if !current.state.is_in_set() || current.state == ValidatorState::PendingInactive {
        return Err(CoreError::NotInValidatorSet.into());
    }
    if timelock::request(c, timelock::key(REMOVE_VALIDATOR, pool), U256::from(1u8))? {
        leave(c, pool, current)?;
        emit(c, ValidatorRemoved { pool });
    }
    Ok(())
}

/// `withdrawCommission(pool)`: pays the caller its unlocked commission from
/// `pool`.
pub fn withdraw_commission<C: Host + Store>(c: &mut C, pool: Address) -> Result<()> {
    let operator = c.caller();
    let (left, amount) = c.claim(pool, operator).withdraw(c.now())?;
    c.store_claim(pool, operator, &left);
    emit(c, CommissionWithdrawn { pool, operator, amount });
    pay(c, operator, amount)
}

// --- epochs, rewards, performance ---

/// `endEpoch()`, anyone, once the epoch's duration has passed: pays every
/// validator's reward from the reserve (the same fraction to each when it
/// is short), moves every pool of the set to its next state and starts the
/// next epoch. One settlement per pool of the set, which the configuration
/// caps.
pub fn end_epoch<C: Host + Store>(c: &mut C) -> Result<()> {
    let ending = c.clock();
    let next_clock = ending.advance(c.now(), &CONFIG)?;
    let addresses: Vec<Address> = validator_set(c);
    let mut members = Vec::with_capacity(addresses.len());
    // Each member's operator and its state before the epoch change.
    let mut known = Vec::with_capacity(addresses.len());
    for &address in &addresses {
        let found = record(c, address)?;
        let report = c.report(address);
        known.push((found.operator, found.pool.state));
        let performance = report.performance.for_epoch(report.epoch, ending.epoch);
        members.push(EpochMember { pool: found.pool, performance, ..EpochMember::default() });
    }
    let outcome = rules::end_epoch(&mut members, c.reserve(), next_clock.started_at, &CONFIG)?;
    for ((&address, member), &(operator, state)) in addresses.iter().zip(&members).zip(&known) {
        c.store_pool(address, &member.pool);
        if !member.paid.commission.is_zero() {
            let claim = c.claim(address, operator).accrue(
                member.paid.commission,
                member.paid.commission_unlocks_at,
                next_clock.started_at,
            )?;
            c.store_claim(address, operator, &claim);
        }
        if !member.paid.rewards.is_zero() {
            emit(
                c,
                RewardsDistributed {
                    pool: address,
                    epoch: ending.epoch,
                    rewards: member.paid.rewards,
                    commission: member.paid.commission,
                },
            );
        }
        if state != member.pool.state {
            emit(c, ValidatorStateChanged { pool: address, state: member.pool.state as u8 });
        }
        if member.pool.state == ValidatorState::Inactive {
            remove_from_set(c, address);
        }
    }
    let reserve = c.reserve().saturating_sub(outcome.paid);
    c.set_reserve(reserve);
    c.set_power(JoiningPower::new_epoch(outcome.total_voting_power));
    c.set_clock(next_clock);
    emit(
        c,
        EpochEnded {
            epoch: ending.epoch,
            rewardsNeeded: outcome.needed,
            rewardsPaid: outcome.paid,
            totalVotingPower: outcome.total_voting_power,
        },
    );
    Ok(())
}

/// `reportPerformance(pool, successful, total)`, the oracle: `pool` made
/// `total` proposals in the current epoch, `successful` of them passed (a
/// later report replaces an earlier one; an unreported validator earns
/// nothing for the epoch).
pub fn report_performance<C: Host + Store>(c: &mut C, pool: Address, successful: u64, total: u64) -> Result<()> {
    let caller = c.caller();
    if caller != c.oracle() {
        return Err(Error::Unauthorized { account: caller });
    }
    let current = record(c, pool)?.pool;
    let performance = Performance { successful_proposals: successful, total_proposals: total };
    current.check_report(&performance)?;
    let epoch = c.clock().epoch;
    c.store_report(pool, &Report { epoch, performance });
    emit(c, PerformanceReported { pool, epoch, successful, total });
    Ok(())
}

/// `fundRewards()`, payable, anyone: adds the value sent to the reward
/// reserve.
pub fn fund_rewards<C: Host + Store>(c: &mut C) -> Result<()> {
    let amount = c.value();
    if amount.is_zero() {
        return Err(CoreError::ZeroAmount.into());
    }
    let reserve = c.reserve().saturating_add(amount);
    c.set_reserve(reserve);
    emit(c, RewardsFunded { from: c.caller(), amount });
    Ok(())
}

/// `cancelChange(key)`, governance: drops the removal waiting for `key`
/// (`NoChangePending` when none waits).
pub fn cancel_change<C: Host + Store>(c: &mut C, key: [u8; 32]) -> Result<()> {
    only_governance(c)?;
    Ok(timelock::cancel(c, key)?)
}

// --- views ---

/// `getStake(pool)`: (active, inactive, pending_active, pending_inactive).
pub fn get_stake<C: Store>(c: &C, pool: Address) -> Result<[U256; 4]> {
    let p = record(c, pool)?.pool;
    Ok([p.active, p.inactive, p.pending_active, p.pending_inactive])
}

/// `stakePool(pool)`: (validator state 0 inactive / 1 pending_active / 2
/// active / 3 pending_inactive, lockup end, operator, delegated voter, this
/// epoch's commission bps, the commission bps from the next epoch on — the
/// same unless the owner raised it this epoch).
pub fn stake_pool<C: Store>(c: &C, pool: Address) -> Result<(u8, u64, Address, Address, U256, U256)> {
    let r = record(c, pool)?;
    let p = r.pool;
    let (bps, next_bps) = (U256::from(p.commission_bps), U256::from(p.next_commission_bps));
    Ok((p.state as u8, p.locked_until_secs, r.operator, r.voter, bps, next_bps))
}

/// `votingPower(pool)`: its active and unlocking stake while it validates,
/// up to the maximum stake; zero otherwise.
pub fn voting_power<C: Store>(c: &C, pool: Address) -> Result<U256> {
    Ok(record(c, pool)?.pool.voting_power(&CONFIG)?)
}

/// `commissionClaim(pool, operator)`: `operator`'s commission from `pool`
/// now (withdrawable, locked, unlock time).
pub fn commission_claim<C: Host + Store>(c: &C, pool: Address, operator: Address) -> Result<CommissionClaim> {
    Ok(c.claim(pool, operator).settled(c.now())?)
}

/// `epochInfo()`: (number, start, earliest end, reward reserve, total
/// voting power, voting power joining this epoch).
pub fn epoch_info<C: Store>(c: &C) -> (u64, u64, u64, U256, U256, U256) {
    let clock = c.clock();
    let power = c.power();
    let ends = clock.started_at.saturating_add(CONFIG.epoch_duration_secs);
    (clock.epoch, clock.started_at, ends, c.reserve(), power.total_voting_power, power.joining)
}

/// `validatorSet()`: the pools of the validator set, in the order they
/// joined (until one leaves).
pub fn validator_set<C: Store>(c: &C) -> Vec<Address> {
    (0..c.set_len()).filter_map(|i| c.set_get(i)).collect()
}

/// `stakingConfig()`: (minimum stake, maximum stake, lockup seconds,
/// rewards rate, its denominator, epoch seconds, set size cap, joining
/// limit bps, commission cap bps, performance floor bps).
pub fn staking_config() -> (U256, U256, u64, U256, U256, u64, u32, u32, u32, u32) {
    let c = CONFIG;
    (
        c.minimum_stake,
        c.maximum_stake,
        c.recurring_lockup_secs,
        c.rewards_rate,
        c.rewards_rate_denominator,
        c.epoch_duration_secs,
        c.max_validator_set_size,
        c.voting_power_increase_limit_bps,
        c.max_commission_bps,
        c.performance_floor_bps,
    )
}

#[cfg(test)]
mod tests;
