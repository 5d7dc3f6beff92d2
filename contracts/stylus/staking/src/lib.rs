//! Validator staking for Arbitrum Stylus, after Aptos' stake pools: the
//! staking module of a chain without staking of its own (a local node, a
//! testnet), which the liquid-staking pools delegate to.
//!
//! Each owner has one stake pool. The owner moves funds (`addStake`,
//! `unlock`, `withdraw`, `reactivateStake`), names the operator and the
//! delegated voter and extends the lockup; the operator runs the node: joins
//! and leaves the validator set and sets its commission within the
//! configured cap (its consensus key and network addresses live in the
//! `ValidatorConfig` contract); the voter's power is
//! [`votingPower`](Staking::voting_power). Stake lives in four buckets that
//! move at epoch boundaries; anyone ends an epoch once its duration has
//! passed, which pays the performance-weighted rewards the oracle reported
//! from a reserve anyone funds. The configuration is a constant of the code
//! and the oracle is named at deployment: the module has no admin. All rules are in
//! [`lst_core::validator`]; this crate stores the state and moves the funds.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
// The SDK's #[entrypoint] exports an undocumented function on wasm; docs are
// still enforced by the host (test) builds.
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{aliases::U64, Address, U256};
use lst_core::validator::{
    self as core_staking, authorize, CommissionClaim, EpochClock, EpochMember, JoiningPower, Performance, Roles,
    StakeAction, StakePool, StakingConfig, ValidatorState,
};
use lst_core::CoreError;
use lst_stylus_common::{interfaces, Unauthorized};
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
    /// The operator changed the commission (from the next epoch's rewards on).
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

    /// A payout was refused by its recipient (the whole call reverts).
    error TransferFailed(address to, uint256 amount);
}

lst_stylus_common::contract_error! {
    /// Every way a call to the staking contract fails.
    pub enum Error {
        /// A staking rule of the core (`StakeUnauthorized`, `InsufficientStake`, …).
        Core(CoreError) => core,
        /// Only the performance oracle reports performance.
        Unauthorized(Unauthorized) => sol,
        /// See [`TransferFailed`].
        TransferFailed(TransferFailed) => sol,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::STAKING;

/// One stake pool, keyed by its owner.
#[storage]
pub struct PoolRecord {
    /// Zero while the owner has no pool (a pool's roles are never zero).
    operator: StorageAddress,
    voter: StorageAddress,
    active: StorageU256,
    inactive: StorageU256,
    pending_active: StorageU256,
    pending_inactive: StorageU256,
    /// The lockup end (bits 0..64), the validator state (64..128) and the
    /// commission in basis points (128..192), one field.
    terms: StorageU256,
    /// The epoch of the last performance report, and its counts.
    /// The last performance report: epoch, successful and total proposals,
    /// one 64-bit lane each (bits 0, 64 and 128), so one field.
    report: StorageU256,
}

/// The staking module's state.
#[entrypoint]
#[storage]
pub struct Staking {
    oracle: StorageAddress,
    epoch: StorageU64,
    epoch_started_at: StorageU64,
    reserve: StorageU256,
    total_voting_power: StorageU256,
    joining_power: StorageU256,
    /// Pools in the validator set (pending_active, active, pending_inactive).
    set: StorageVec<StorageAddress>,
    pools: StorageMap<Address, PoolRecord>,
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

/// The staking configuration: a constant of the code, as a Substrate
/// runtime's staking parameters are, so the code hash names it. The local
/// networks' and testnets' configuration of the core
/// ([`StakingConfig::LOCAL`], checked by its tests).
pub const CONFIG: StakingConfig = StakingConfig::LOCAL;

fn u64_of(value: U64) -> u64 {
    value.to()
}

impl Staking {
    fn now(&self) -> u64 {
        self.vm().block_timestamp()
    }

    fn clock(&self) -> EpochClock {
        EpochClock { epoch: u64_of(self.epoch.get()), started_at: u64_of(self.epoch_started_at.get()) }
    }

    fn joining(&self) -> JoiningPower {
        JoiningPower { total_voting_power: self.total_voting_power.get(), joining: self.joining_power.get() }
    }

    fn set_size(&self) -> u32 {
        // The set never holds more than MAX_VALIDATOR_SET_SIZE pools.
        u32::try_from(self.set.len()).unwrap_or(u32::MAX)
    }

    /// The pool of `owner` with its roles; `StakePoolNotFound` if it has none.
    fn pool(&self, owner: Address) -> Result<(StakePool, Roles), Error> {
        let record = self.pools.getter(owner);
        let operator = record.operator.get();
        if operator.is_zero() {
            return Err(Error::Core(CoreError::StakePoolNotFound));
        }
        // Only this contract writes the state, always a valid code.
        let [locked_until_secs, state, commission_bps, _] = record.terms.get().into_limbs();
        let state = u8::try_from(state).ok().and_then(ValidatorState::from_code).unwrap_or_default();
        let pool = StakePool {
            active: record.active.get(),
            inactive: record.inactive.get(),
            pending_active: record.pending_active.get(),
            pending_inactive: record.pending_inactive.get(),
            locked_until_secs,
            state,
            commission_bps: u32::try_from(commission_bps).unwrap_or(u32::MAX),
        };
        let roles = Roles {
            owner: owner.into_array(),
            operator: operator.into_array(),
            voter: record.voter.get().into_array(),
        };
        Ok((pool, roles))
    }

    fn store_pool(&mut self, owner: Address, pool: &StakePool) {
        let mut record = self.pools.setter(owner);
        record.active.set(pool.active);
        record.inactive.set(pool.inactive);
        record.pending_active.set(pool.pending_active);
        record.pending_inactive.set(pool.pending_inactive);
        let terms = [pool.locked_until_secs, u64::from(pool.state as u8), u64::from(pool.commission_bps), 0];
        record.terms.set(U256::from_limbs(terms));
    }

    /// The caller's pool, checked for `action` (an owner action).
    fn own_pool(&self, action: StakeAction) -> Result<(Address, StakePool), Error> {
        let caller = self.vm().msg_sender();
        let (pool, roles) = self.pool(caller)?;
        authorize(action, &caller.into_array(), &roles)?;
        Ok((caller, pool))
    }

    /// `owner`'s pool, checked for the caller doing `action` (an operator action).
    fn operated_pool(&self, owner: Address, action: StakeAction) -> Result<StakePool, Error> {
        let (pool, roles) = self.pool(owner)?;
        authorize(action, &self.vm().msg_sender().into_array(), &roles)?;
        Ok(pool)
    }

    fn claim(&self, pool: Address, operator: Address) -> CommissionClaim {
        let record = self.claims.getter(pool);
        let claim = record.getter(operator);
        CommissionClaim {
            withdrawable: claim.withdrawable.get(),
            locked: claim.locked.get(),
            unlocks_at: u64_of(claim.unlocks_at.get()),
        }
    }

    fn store_claim(&mut self, pool: Address, operator: Address, claim: &CommissionClaim) {
        let mut record = self.claims.setter(pool);
        let mut stored = record.setter(operator);
        stored.withdrawable.set(claim.withdrawable);
        stored.locked.set(claim.locked);
        stored.unlocks_at.set(U64::from(claim.unlocks_at));
    }

    fn remove_from_set(&mut self, pool: Address) {
        let len = self.set.len();
        if let Some(index) = (0..len).find(|&i| self.set.get(i) == Some(pool)) {
            let last = self.set.get(len - 1).unwrap_or_default();
            if let Some(mut slot) = self.set.setter(index) {
                slot.set(last);
            }
            self.set.erase_last();
        }
    }

    /// Sends `amount` of the native token to `to` with the calldata of
    /// `onStakingPayment()` (an account ignores it, a contract takes the
    /// payment there); the call reverts if `to` refuses it.
    fn pay(&self, to: Address, amount: U256) -> Result<(), Error> {
        interfaces::call_with(self.vm(), interfaces::Context::with_value(amount), to, &interfaces::STAKING_PAYMENT)
            .map(drop)
            .map_err(|_| Error::TransferFailed(TransferFailed { to, amount }))
    }
}

#[public]
impl Staking {
    /// Starts the staking module with `oracle` as the performance oracle
    /// (fixed for the contract's life: the module has no admin); the first
    /// epoch starts now.
    #[constructor]
    pub fn constructor(&mut self, oracle: Address) {
        self.oracle.set(oracle);
        self.epoch_started_at.set(U64::from(self.now()));
    }

    // --- the owner of a pool ---

    /// Creates the caller's stake pool with `operator` and `voter`, staking
    /// `msg.value` (may be zero).
    #[payable]
    pub fn initialize_stake_pool(&mut self, operator: Address, voter: Address) -> Result<(), Error> {
        let owner = self.vm().msg_sender();
        if !self.pools.getter(owner).operator.get().is_zero() {
            return Err(Error::Core(CoreError::StakePoolExists));
        }
        let roles = Roles::new(owner.into_array(), operator.into_array(), voter.into_array())?;
        let amount = self.vm().msg_value();
        let pool =
            if amount.is_zero() { StakePool::default() } else { StakePool::default().add_stake(amount, &CONFIG)? };
        {
            let mut record = self.pools.setter(owner);
            record.operator.set(Address::from(roles.operator));
            record.voter.set(Address::from(roles.voter));
        }
        self.store_pool(owner, &pool);
        log(self.vm(), StakePoolInitialized { pool: owner, operator, voter, amount });
        Ok(())
    }

    /// Deposits `msg.value` into the caller's pool: active at once outside
    /// the validator set, active next epoch in it (counted against the
    /// epoch's joining limit).
    #[payable]
    pub fn add_stake(&mut self) -> Result<(), Error> {
        let (owner, pool) = self.own_pool(StakeAction::AddStake)?;
        let amount = self.vm().msg_value();
        let next = pool.add_stake(amount, &CONFIG)?;
        let joining = self.joining().add(pool.joining_power_of_deposit(amount), &CONFIG)?;
        self.joining_power.set(joining.joining);
        self.store_pool(owner, &next);
        log(self.vm(), StakeAdded { pool: owner, amount });
        Ok(())
    }

    /// Moves `amount` of the caller's active stake to pending_inactive: it
    /// keeps earning, and turns withdrawable when the lockup ends.
    pub fn unlock(&mut self, amount: U256) -> Result<(), Error> {
        let (owner, pool) = self.own_pool(StakeAction::Unlock)?;
        self.store_pool(owner, &pool.unlock(amount)?);
        log(self.vm(), StakeUnlocked { pool: owner, amount });
        Ok(())
    }

    /// Pays `amount` of the caller's inactive stake out to it (outside the
    /// set, unlocking stake whose lockup has passed counts as inactive).
    pub fn withdraw(&mut self, amount: U256) -> Result<(), Error> {
        let (owner, pool) = self.own_pool(StakeAction::Withdraw)?;
        let next = pool.withdraw(amount, self.now())?;
        self.store_pool(owner, &next);
        log(self.vm(), StakeWithdrawn { pool: owner, amount });
        self.pay(owner, amount)
    }

    /// Moves `amount` of the caller's pending_inactive stake back to active.
    pub fn reactivate_stake(&mut self, amount: U256) -> Result<(), Error> {
        let (owner, pool) = self.own_pool(StakeAction::ReactivateStake)?;
        self.store_pool(owner, &pool.reactivate_stake(amount)?);
        log(self.vm(), StakeReactivated { pool: owner, amount });
        Ok(())
    }

    /// Names another operator; the commission the old one earned stays its own.
    pub fn set_operator(&mut self, operator: Address) -> Result<(), Error> {
        let (owner, _) = self.own_pool(StakeAction::SetOperator)?;
        let (_, roles) = self.pool(owner)?;
        let next = roles.with_operator(operator.into_array())?;
        self.pools.setter(owner).operator.set(operator);
        log(
            self.vm(),
            OperatorChanged {
                pool: owner,
                oldOperator: Address::from(roles.operator),
                newOperator: Address::from(next.operator),
            },
        );
        Ok(())
    }

    /// Names another delegated voter.
    pub fn set_delegated_voter(&mut self, voter: Address) -> Result<(), Error> {
        let (owner, _) = self.own_pool(StakeAction::SetDelegatedVoter)?;
        let (_, roles) = self.pool(owner)?;
        let next = roles.with_voter(voter.into_array())?;
        self.pools.setter(owner).voter.set(voter);
        log(
            self.vm(),
            DelegatedVoterChanged {
                pool: owner,
                oldVoter: Address::from(roles.voter),
                newVoter: Address::from(next.voter),
            },
        );
        Ok(())
    }

    /// Restarts the caller's lockup at now plus the lockup duration (it must
    /// end later than the current one).
    pub fn increase_lockup(&mut self) -> Result<(), Error> {
        let (owner, pool) = self.own_pool(StakeAction::IncreaseLockup)?;
        let next = pool.increase_lockup(self.now(), &CONFIG)?;
        self.store_pool(owner, &next);
        log(
            self.vm(),
            LockupIncreased {
                pool: owner,
                oldLockedUntil: pool.locked_until_secs,
                newLockedUntil: next.locked_until_secs,
            },
        );
        Ok(())
    }

    // --- the operator of a pool ---

    /// Asks `pool` into the validator set from the next epoch: it needs room
    /// in the set, a stake within the limits, and counts against the
    /// epoch's joining limit.
    pub fn join_validator_set(&mut self, pool: Address) -> Result<(), Error> {
        let current = self.operated_pool(pool, StakeAction::JoinValidatorSet)?;
        let next = current.join_validator_set(self.set_size(), self.now(), &CONFIG)?;
        let joining = self.joining().add(next.next_epoch_voting_power()?, &CONFIG)?;
        self.joining_power.set(joining.joining);
        self.store_pool(pool, &next);
        self.set.push(pool);
        log(self.vm(), ValidatorStateChanged { pool, state: next.state as u8 });
        Ok(())
    }

    /// Asks `pool` out of the validator set: at once while it is still
    /// joining, at the next epoch otherwise.
    pub fn leave_validator_set(&mut self, pool: Address) -> Result<(), Error> {
        let current = self.operated_pool(pool, StakeAction::LeaveValidatorSet)?;
        let next = current.leave_validator_set()?;
        self.store_pool(pool, &next);
        if next.state == ValidatorState::Inactive {
            self.remove_from_set(pool);
        }
        log(self.vm(), ValidatorStateChanged { pool, state: next.state as u8 });
        Ok(())
    }

    /// Sets `pool`'s commission in basis points, at most the configured cap.
    pub fn set_commission(&mut self, pool: Address, bps: U256) -> Result<(), Error> {
        let current = self.operated_pool(pool, StakeAction::SetCommission)?;
        let bps32 = u32::try_from(bps).map_err(|_| Error::Core(CoreError::CommissionTooHigh))?;
        let next = current.set_commission(bps32, &CONFIG)?;
        self.store_pool(pool, &next);
        log(self.vm(), CommissionChanged { pool, oldBps: U256::from(current.commission_bps), newBps: bps });
        Ok(())
    }

    /// Pays the caller its unlocked commission from `pool`.
    pub fn withdraw_commission(&mut self, pool: Address) -> Result<(), Error> {
        let operator = self.vm().msg_sender();
        let (left, amount) = self.claim(pool, operator).withdraw(self.now())?;
        self.store_claim(pool, operator, &left);
        log(self.vm(), CommissionWithdrawn { pool, operator, amount });
        self.pay(operator, amount)
    }

    // --- epochs, rewards, performance ---

    /// Ends the current epoch once its duration has passed (anyone): pays
    /// every validator's reward from the reserve (the same fraction to each
    /// when it is short), moves every pool of the set to its next state and
    /// starts the next epoch. Costs one settlement per pool of the set, which
    /// the configuration caps.
    pub fn end_epoch(&mut self) -> Result<(), Error> {
        let ending = self.clock();
        let next_clock = ending.advance(self.now(), &CONFIG)?;
        let addresses: Vec<Address> = (0..self.set.len()).filter_map(|i| self.set.get(i)).collect();
        let mut members = Vec::with_capacity(addresses.len());
        let mut operators = Vec::with_capacity(addresses.len());
        for &address in &addresses {
            let (pool, roles) = self.pool(address)?;
            operators.push(Address::from(roles.operator));
            let record = self.pools.getter(address);
            let [epoch, successful_proposals, total_proposals, _] = record.report.get().into_limbs();
            let performance = Performance { successful_proposals, total_proposals }.for_epoch(epoch, ending.epoch);
            members.push(EpochMember { pool, performance, ..EpochMember::default() });
        }
        let states: Vec<ValidatorState> = members.iter().map(|m| m.pool.state).collect();
        let outcome = core_staking::end_epoch(&mut members, self.reserve.get(), next_clock.started_at, &CONFIG)?;
        for (((&address, member), &operator), &before) in addresses.iter().zip(&members).zip(&operators).zip(&states) {
            self.store_pool(address, &member.pool);
            if !member.paid.commission.is_zero() {
                let claim = self.claim(address, operator).accrue(
                    member.paid.commission,
                    member.paid.commission_unlocks_at,
                    next_clock.started_at,
                )?;
                self.store_claim(address, operator, &claim);
            }
            if !member.paid.rewards.is_zero() {
                log(
                    self.vm(),
                    RewardsDistributed {
                        pool: address,
                        epoch: ending.epoch,
                        rewards: member.paid.rewards,
                        commission: member.paid.commission,
                    },
                );
            }
            if before != member.pool.state {
                log(self.vm(), ValidatorStateChanged { pool: address, state: member.pool.state as u8 });
            }
            if member.pool.state == ValidatorState::Inactive {
                self.remove_from_set(address);
            }
        }
        self.reserve.set(self.reserve.get().saturating_sub(outcome.paid));
        self.total_voting_power.set(outcome.total_voting_power);
        self.joining_power.set(U256::ZERO);
        self.epoch.set(U64::from(next_clock.epoch));
        self.epoch_started_at.set(U64::from(next_clock.started_at));
        log(
            self.vm(),
            EpochEnded {
                epoch: ending.epoch,
                rewardsNeeded: outcome.needed,
                rewardsPaid: outcome.paid,
                totalVotingPower: outcome.total_voting_power,
            },
        );
        Ok(())
    }

    /// Oracle: `pool` made `total` proposals in the current epoch, of which
    /// `successful` passed (a later report replaces an earlier one; an
    /// unreported validator earns nothing for the epoch).
    pub fn report_performance(&mut self, pool: Address, successful: u64, total: u64) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.oracle.get() {
            return Err(Error::Unauthorized(Unauthorized { account: caller }));
        }
        let (current, _) = self.pool(pool)?;
        current.check_report(&Performance { successful_proposals: successful, total_proposals: total })?;
        let epoch = self.clock().epoch;
        {
            let mut record = self.pools.setter(pool);
            record.report.set(U256::from_limbs([epoch, successful, total, 0]));
        }
        log(self.vm(), PerformanceReported { pool, epoch, successful, total });
        Ok(())
    }

    /// Adds `msg.value` to the reward reserve (anyone).
    #[payable]
    pub fn fund_rewards(&mut self) -> Result<(), Error> {
        let amount = self.vm().msg_value();
        if amount.is_zero() {
            return Err(Error::Core(CoreError::ZeroAmount));
        }
        self.reserve.set(self.reserve.get().saturating_add(amount));
        log(self.vm(), RewardsFunded { from: self.vm().msg_sender(), amount });
        Ok(())
    }

    // --- views ---

    /// `pool`'s stake: (active, inactive, pending_active, pending_inactive).
    pub fn get_stake(&self, pool: Address) -> Result<(U256, U256, U256, U256), Error> {
        let (p, _) = self.pool(pool)?;
        Ok((p.active, p.inactive, p.pending_active, p.pending_inactive))
    }

    /// `pool`'s settings: (validator state 0 inactive / 1 pending_active /
    /// 2 active / 3 pending_inactive, lockup end, operator, delegated voter,
    /// commission bps).
    pub fn stake_pool(&self, pool: Address) -> Result<(u8, u64, Address, Address, U256), Error> {
        let (p, roles) = self.pool(pool)?;
        Ok((
            p.state as u8,
            p.locked_until_secs,
            Address::from(roles.operator),
            Address::from(roles.voter),
            U256::from(p.commission_bps),
        ))
    }

    /// `pool`'s voting power this epoch: its active and unlocking stake while
    /// it validates, up to the maximum stake; zero otherwise.
    pub fn voting_power(&self, pool: Address) -> Result<U256, Error> {
        let (p, _) = self.pool(pool)?;
        Ok(p.voting_power(&CONFIG)?)
    }

    /// `operator`'s commission from `pool` now: (withdrawable, locked, unlock time).
    pub fn commission_claim(&self, pool: Address, operator: Address) -> Result<(U256, U256, u64), Error> {
        let claim = self.claim(pool, operator).settled(self.now())?;
        Ok((claim.withdrawable, claim.locked, claim.unlocks_at))
    }

    /// The epoch: (number, start, earliest end, reward reserve, total voting
    /// power, voting power joining this epoch).
    pub fn epoch_info(&self) -> (u64, u64, u64, U256, U256, U256) {
        let clock = self.clock();
        let ends = clock.started_at.saturating_add(CONFIG.epoch_duration_secs);
        (
            clock.epoch,
            clock.started_at,
            ends,
            self.reserve.get(),
            self.total_voting_power.get(),
            self.joining_power.get(),
        )
    }

    /// The pools of the validator set, in the order they joined (until one leaves).
    pub fn validator_set(&self) -> Vec<Address> {
        (0..self.set.len()).filter_map(|i| self.set.get(i)).collect()
    }

    /// The configuration: (minimum stake, maximum stake, lockup seconds,
    /// rewards rate, its denominator, epoch seconds, set size cap, joining
    /// limit bps, commission cap bps).
    pub fn staking_config(&self) -> (U256, U256, u64, U256, U256, u64, u32, u32, u32) {
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
        )
    }

    /// The account that reports performance.
    pub fn performance_oracle(&self) -> Address {
        self.oracle.get()
    }
}

#[cfg(test)]
mod tests;
