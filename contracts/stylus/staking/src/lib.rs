//! Validator staking for Arbitrum Stylus, after Aptos' stake pools: the
//! staking module of a chain without staking of its own, which the
//! liquid-staking pools delegate to. Every message is
//! [`lst_app::staking`]'s, where an auditor reads it once for both
//! platforms (its scheduled removals [`lst_app::timelock`]'s); this crate
//! lays out the storage, declares the ABI and dispatches to it.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
// The SDK's #[entrypoint] exports an undocumented function on wasm; docs are
// still enforced by the host (test) builds.
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{aliases::U64, Address, B256, U256};
use lst_app::staking::{self as app, PoolRecord, Report};
use lst_core::validator::{CommissionClaim, EpochClock, JoiningPower, Performance, StakePool, ValidatorState};
use lst_stylus_common::{timelock::Timelock, Failure};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256, StorageU64, StorageVec},
};

lst_stylus_common::sol_abi! {
    #![sol(all_derives)]
    /// `owner` created its stake pool with `operator`, `voter` and a first stake.
    event StakePoolInitialized(address indexed pool, address operator, address voter, uint256 amount);
    /// Stake was deposited (active at once outside the set, next epoch in it).
    event StakeAdded(address indexed pool, uint256 amount);
    /// Active stake started unlocking (withdrawable after the lockup).
    event StakeUnlocked(address indexed pool, uint256 amount);
    /// Unlocking stake went back to active.
    event StakeReactivated(address indexed pool, uint256 amount);
    /// Inactive stake was paid out to the owner.
    event StakeWithdrawn(address indexed pool, uint256 amount);
    /// The owner named another operator.
    event OperatorChanged(address indexed pool, address oldOperator, address newOperator);
    /// The owner named another delegated voter.
    event DelegatedVoterChanged(address indexed pool, address oldVoter, address newVoter);
    /// The owner extended the lockup.
    event LockupIncreased(address indexed pool, uint64 oldLockedUntil, uint64 newLockedUntil);
    /// The owner changed the commission: a decrease at once, an increase for
    /// a validator from the next epoch's rewards on (`stakePool`'s last
    /// value).
    event CommissionChanged(address indexed pool, uint256 oldBps, uint256 newBps);
    /// The oracle reported a validator's proposals in the current epoch.
    event PerformanceReported(address indexed pool, uint64 indexed epoch, uint64 successful, uint64 total);
    /// Someone added to the reward reserve.
    event RewardsFunded(address indexed from, uint256 amount);
    /// An epoch paid a validator `rewards`, of which `commission` to its operator.
    event RewardsDistributed(address indexed pool, uint64 indexed epoch, uint256 rewards, uint256 commission);
    /// A pool's place in the validator set changed: joining or leaving (the
    /// operator), or at an epoch boundary. `state` is the new one (0
    /// inactive, 1 pending_active, 2 active, 3 pending_inactive).
    event ValidatorStateChanged(address indexed pool, uint8 state);
    /// An epoch ended: the rewards it asked for, those the reserve paid (less
    /// when it was short: each validator got the same fraction), and the new
    /// voting power.
    event EpochEnded(uint64 indexed epoch, uint256 rewardsNeeded, uint256 rewardsPaid, uint256 totalVotingPower);
    /// An operator took its unlocked commission.
    event CommissionWithdrawn(address indexed pool, address indexed operator, uint256 amount);
    /// Governance removed `pool` from the validator set: it leaves at the
    /// epoch change (at once if it had not started validating).
    event ValidatorRemoved(address indexed pool);

    /// A payout was refused by its recipient (the whole call reverts).
    error TransferFailed(address to, uint256 amount);
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::STAKING;

/// One stake pool, keyed by its owner.
#[storage]
pub struct PoolRecordSlots {
    /// Zero while the owner has no pool (a pool's roles are never zero).
    operator: StorageAddress,
    voter: StorageAddress,
    active: StorageU256,
    inactive: StorageU256,
    pending_active: StorageU256,
    pending_inactive: StorageU256,
    /// The lockup end (bits 0..64), the validator state (64..128), this
    /// epoch's commission in basis points (128..192) and the next epoch's
    /// (192..256), one field.
    terms: StorageU256,
    /// The last performance report: epoch, successful and total proposals,
    /// one 64-bit lane each (bits 0, 64 and 128), so one field.
    report: StorageU256,
}

/// The staking module's state.
#[entrypoint]
#[storage]
pub struct Staking {
    /// Removes validators, after the change delay.
    governance: StorageAddress,
    changes: Timelock,
    oracle: StorageAddress,
    epoch: StorageU64,
    epoch_started_at: StorageU64,
    reserve: StorageU256,
    total_voting_power: StorageU256,
    joining_power: StorageU256,
    /// Pools in the validator set (pending_active, active, pending_inactive).
    set: StorageVec<StorageAddress>,
    pools: StorageMap<Address, PoolRecordSlots>,
    /// Commission per pool, per operator who earned it.
    claims: StorageMap<Address, StorageMap<Address, ClaimRecord>>,
}

/// An operator's commission from one pool.
#[storage]
pub struct ClaimRecord {
    withdrawable: StorageU256,
    locked: StorageU256,
    unlocks_at: StorageU64,
}

fn u64_of(value: U64) -> u64 {
    value.to()
}

lst_stylus_common::app_host!(Staking);

lst_app::store_in!(timelock: Staking, changes);

impl app::Store for Staking {
    fn governance(&self) -> lst_app::Address {
        self.governance.get().into_array()
    }

    fn set_governance(&mut self, governance: lst_app::Address) {
        self.governance.set(Address::from(governance));
    }

    fn oracle(&self) -> lst_app::Address {
        self.oracle.get().into_array()
    }

    fn set_oracle(&mut self, oracle: lst_app::Address) {
        self.oracle.set(Address::from(oracle));
    }

    fn clock(&self) -> EpochClock {
        EpochClock { epoch: u64_of(self.epoch.get()), started_at: u64_of(self.epoch_started_at.get()) }
    }

    fn set_clock(&mut self, clock: EpochClock) {
        self.epoch.set(U64::from(clock.epoch));
        self.epoch_started_at.set(U64::from(clock.started_at));
    }

    fn reserve(&self) -> U256 {
        self.reserve.get()
    }

    fn set_reserve(&mut self, reserve: U256) {
        self.reserve.set(reserve);
    }

    fn power(&self) -> JoiningPower {
        JoiningPower { total_voting_power: self.total_voting_power.get(), joining: self.joining_power.get() }
    }

    fn set_power(&mut self, power: JoiningPower) {
        self.total_voting_power.set(power.total_voting_power);
        self.joining_power.set(power.joining);
    }

    fn set_len(&self) -> u32 {
        // The set never holds more than MAX_VALIDATOR_SET_SIZE pools.
        u32::try_from(self.set.len()).unwrap_or(u32::MAX)
    }

    fn set_get(&self, index: u32) -> Option<lst_app::Address> {
        self.set.get(index as usize).map(|pool| pool.into_array())
    }

    fn set_put(&mut self, index: u32, pool: lst_app::Address) {
        if let Some(mut slot) = self.set.setter(index as usize) {
            slot.set(Address::from(pool));
        }
    }

    fn set_push(&mut self, pool: lst_app::Address) {
        self.set.push(Address::from(pool));
    }

    fn set_pop(&mut self) {
        self.set.erase_last();
    }

    fn pool(&self, owner: lst_app::Address) -> Option<PoolRecord> {
        let record = self.pools.getter(Address::from(owner));
        let operator = record.operator.get();
        if operator.is_zero() {
            return None;
        }
        // Only this contract writes the state, always a valid code.
        let [locked_until_secs, state, commission_bps, next_commission_bps] = record.terms.get().into_limbs();
        let state = u8::try_from(state).ok().and_then(ValidatorState::from_code).unwrap_or_default();
        let pool = StakePool {
            active: record.active.get(),
            inactive: record.inactive.get(),
            pending_active: record.pending_active.get(),
            pending_inactive: record.pending_inactive.get(),
            locked_until_secs,
            state,
            commission_bps: u32::try_from(commission_bps).unwrap_or(u32::MAX),
            next_commission_bps: u32::try_from(next_commission_bps).unwrap_or(u32::MAX),
        };
        Some(PoolRecord { pool, operator: operator.into_array(), voter: record.voter.get().into_array() })
    }

    fn store_pool(&mut self, owner: lst_app::Address, pool: &StakePool) {
        let mut record = self.pools.setter(Address::from(owner));
        record.active.set(pool.active);
        record.inactive.set(pool.inactive);
        record.pending_active.set(pool.pending_active);
        record.pending_inactive.set(pool.pending_inactive);
        let terms = [
            pool.locked_until_secs,
            u64::from(pool.state as u8),
            u64::from(pool.commission_bps),
            u64::from(pool.next_commission_bps),
        ];
        record.terms.set(U256::from_limbs(terms));
    }

    fn store_roles(&mut self, owner: lst_app::Address, operator: lst_app::Address, voter: lst_app::Address) {
        let mut record = self.pools.setter(Address::from(owner));
        record.operator.set(Address::from(operator));
        record.voter.set(Address::from(voter));
    }

    fn report(&self, owner: lst_app::Address) -> Report {
        let [epoch, successful_proposals, total_proposals, _] =
            self.pools.getter(Address::from(owner)).report.get().into_limbs();
        Report { epoch, performance: Performance { successful_proposals, total_proposals } }
    }

    fn store_report(&mut self, owner: lst_app::Address, report: &Report) {
        let lanes = [report.epoch, report.performance.successful_proposals, report.performance.total_proposals, 0];
        self.pools.setter(Address::from(owner)).report.set(U256::from_limbs(lanes));
    }

    fn claim(&self, pool: lst_app::Address, operator: lst_app::Address) -> CommissionClaim {
        let record = self.claims.getter(Address::from(pool));
        let claim = record.getter(Address::from(operator));
        CommissionClaim {
            withdrawable: claim.withdrawable.get(),
            locked: claim.locked.get(),
            unlocks_at: u64_of(claim.unlocks_at.get()),
        }
    }

    fn store_claim(&mut self, pool: lst_app::Address, operator: lst_app::Address, claim: &CommissionClaim) {
        let mut record = self.claims.setter(Address::from(pool));
        let mut stored = record.setter(Address::from(operator));
        stored.withdrawable.set(claim.withdrawable);
        stored.locked.set(claim.locked);
        stored.unlocks_at.set(U64::from(claim.unlocks_at));
    }
}

/// The ABI entry points: each decodes its arguments (the SDK), runs the
/// message of [`lst_app::staking`] and encodes its answer.
#[public]
impl Staking {
    /// See [`app::init`].
    #[constructor]
    pub fn constructor(&mut self, governance: Address, oracle: Address, change_delay_secs: u64) -> Result<(), Failure> {
        Ok(app::init(self, governance.into_array(), oracle.into_array(), change_delay_secs)?)
    }

    /// See [`app::remove_validator`].
    pub fn remove_validator(&mut self, pool: Address) -> Result<(), Failure> {
        Ok(app::remove_validator(self, pool.into_array())?)
    }

    /// See [`lst_app::timelock::pending`].
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        let (value, at) = lst_app::timelock::pending(self, key.0);
        (B256::from(value), at)
    }

    /// See [`app::cancel_change`].
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Failure> {
        Ok(app::cancel_change(self, key.0)?)
    }

    /// Removes validators, named at deployment.
    pub fn governance(&self) -> Address {
        self.governance.get()
    }

    /// See [`app::initialize_stake_pool`].
    #[payable]
    pub fn initialize_stake_pool(&mut self, operator: Address, voter: Address) -> Result<(), Failure> {
        Ok(app::initialize_stake_pool(self, operator.into_array(), voter.into_array())?)
    }

    /// See [`app::add_stake`].
    #[payable]
    pub fn add_stake(&mut self) -> Result<(), Failure> {
        Ok(app::add_stake(self)?)
    }

    /// See [`app::unlock`].
    pub fn unlock(&mut self, amount: U256) -> Result<(), Failure> {
        Ok(app::unlock(self, amount)?)
    }

    /// See [`app::withdraw`].
    pub fn withdraw(&mut self, amount: U256) -> Result<(), Failure> {
        Ok(app::withdraw(self, amount)?)
    }

    /// See [`app::reactivate_stake`].
    pub fn reactivate_stake(&mut self, amount: U256) -> Result<(), Failure> {
        Ok(app::reactivate_stake(self, amount)?)
    }

    /// See [`app::set_operator`].
    pub fn set_operator(&mut self, operator: Address) -> Result<(), Failure> {
        Ok(app::set_operator(self, operator.into_array())?)
    }

    /// See [`app::set_delegated_voter`].
    pub fn set_delegated_voter(&mut self, voter: Address) -> Result<(), Failure> {
        Ok(app::set_delegated_voter(self, voter.into_array())?)
    }

    /// See [`app::increase_lockup`].
    pub fn increase_lockup(&mut self) -> Result<(), Failure> {
        Ok(app::increase_lockup(self)?)
    }

    /// See [`app::join_validator_set`].
    pub fn join_validator_set(&mut self, pool: Address) -> Result<(), Failure> {
        Ok(app::join_validator_set(self, pool.into_array())?)
    }

    /// See [`app::leave_validator_set`].
    pub fn leave_validator_set(&mut self, pool: Address) -> Result<(), Failure> {
        Ok(app::leave_validator_set(self, pool.into_array())?)
    }

    /// See [`app::set_commission`].
    pub fn set_commission(&mut self, pool: Address, bps: U256) -> Result<(), Failure> {
        Ok(app::set_commission(self, pool.into_array(), bps)?)
    }

    /// See [`app::withdraw_commission`].
    pub fn withdraw_commission(&mut self, pool: Address) -> Result<(), Failure> {
        Ok(app::withdraw_commission(self, pool.into_array())?)
    }

    /// See [`app::end_epoch`].
    pub fn end_epoch(&mut self) -> Result<(), Failure> {
        Ok(app::end_epoch(self)?)
    }

    /// See [`app::report_performance`].
    pub fn report_performance(&mut self, pool: Address, successful: u64, total: u64) -> Result<(), Failure> {
        Ok(app::report_performance(self, pool.into_array(), successful, total)?)
    }

    /// See [`app::fund_rewards`].
    #[payable]
    pub fn fund_rewards(&mut self) -> Result<(), Failure> {
        Ok(app::fund_rewards(self)?)
    }

    /// See [`app::get_stake`]: (active, inactive, pending_active, pending_inactive).
    pub fn get_stake(&self, pool: Address) -> Result<(U256, U256, U256, U256), Failure> {
        let [active, inactive, pending_active, pending_inactive] = app::get_stake(self, pool.into_array())?;
        Ok((active, inactive, pending_active, pending_inactive))
    }

    /// See [`app::stake_pool`]: (validator state 0 inactive / 1
    /// pending_active / 2 active / 3 pending_inactive, lockup end, operator,
    /// delegated voter, this epoch's commission bps, the next epoch's).
    pub fn stake_pool(&self, pool: Address) -> Result<(u8, u64, Address, Address, U256, U256), Failure> {
        let (state, locked_until, operator, voter, bps, next_bps) = app::stake_pool(self, pool.into_array())?;
        Ok((state, locked_until, Address::from(operator), Address::from(voter), bps, next_bps))
    }

    /// See [`app::voting_power`].
    pub fn voting_power(&self, pool: Address) -> Result<U256, Failure> {
        Ok(app::voting_power(self, pool.into_array())?)
    }

    /// See [`app::commission_claim`]: (withdrawable, locked, unlock time).
    pub fn commission_claim(&self, pool: Address, operator: Address) -> Result<(U256, U256, u64), Failure> {
        let claim = app::commission_claim(self, pool.into_array(), operator.into_array())?;
        Ok((claim.withdrawable, claim.locked, claim.unlocks_at))
    }

    /// See [`app::epoch_info`].
    pub fn epoch_info(&self) -> (u64, u64, u64, U256, U256, U256) {
        app::epoch_info(self)
    }

    /// See [`app::validator_set`].
    pub fn validator_set(&self) -> Vec<Address> {
        app::validator_set(self).into_iter().map(Address::from).collect()
    }

    /// See [`app::staking_config`].
    pub fn staking_config(&self) -> (U256, U256, u64, U256, U256, u64, u32, u32, u32, u32) {
        app::staking_config()
    }

    /// The account that reports performance.
    pub fn performance_oracle(&self) -> Address {
        Address::from(app::Store::oracle(self))
    }
}

#[cfg(test)]
mod tests;
