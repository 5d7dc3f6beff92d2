//! Staking, for ink! 6 on pallet-revive, with the Solidity ABI of
//! `abi/Staking.json`: validator staking after Aptos' stake pools, the
//! staking module of a chain without staking of its own, which the
//! liquid-staking pools delegate to.
//!
//! Each owner has one stake pool. The owner moves funds (`addStake`,
//! `unlock`, `withdraw`, `reactivateStake`), names the operator and the
//! delegated voter and extends the lockup; the operator runs the node: joins
//! and leaves the validator set and sets its commission within the
//! configured cap (its consensus key and network addresses live in the
//! `ValidatorConfig` contract); the voter's power is `votingPower`. Stake
//! lives in four buckets that move at epoch boundaries; anyone ends an epoch
//! once its duration has passed, which pays the performance-weighted rewards
//! the oracle reported from a reserve anyone funds. The configuration is a
//! constant of the code and the oracle is named at deployment: the module
//! has no admin. All rules
//! are in [`lst_core::validator`]; this crate stores the state and moves the
//! funds.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    core: lst_core::error::raised::STAKING;
    Unauthorized, AlreadySet, ZeroAddress, CallReturnMalformed, TransferFailed
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[ink::contract]
mod staking {
    use ink::{
        prelude::vec::Vec,
        storage::{Mapping, StorageVec},
        U256,
    };
    use lst_core::{
        validator::{
            self as core_staking, authorize, CommissionClaim, EpochClock, EpochMember, JoiningPower, Performance,
            Roles, StakeAction, StakePool, StakingConfig, ValidatorState,
        },
        CoreError,
    };
    use lst_ink_common::{address_bytes, caller, calls, emit, from_core, now_secs, to_core, Error, Result};

    #[ink(event)]
    pub struct StakePoolInitialized {
        #[ink(topic)]
        pub pool: Address,
        pub operator: Address,
        pub voter: Address,
        pub amount: U256,
    }

    #[ink(event)]
    pub struct StakeAdded {
        #[ink(topic)]
        pub pool: Address,
        pub amount: U256,
    }

    #[ink(event)]
    pub struct StakeUnlocked {
        #[ink(topic)]
        pub pool: Address,
        pub amount: U256,
    }

    #[ink(event)]
    pub struct StakeReactivated {
        #[ink(topic)]
        pub pool: Address,
        pub amount: U256,
    }

    #[ink(event)]
    pub struct StakeWithdrawn {
        #[ink(topic)]
        pub pool: Address,
        pub amount: U256,
    }

    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct OperatorChanged {
        #[ink(topic)]
        pub pool: Address,
        pub oldOperator: Address,
        pub newOperator: Address,
    }

    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct DelegatedVoterChanged {
        #[ink(topic)]
        pub pool: Address,
        pub oldVoter: Address,
        pub newVoter: Address,
    }

    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct LockupIncreased {
        #[ink(topic)]
        pub pool: Address,
        pub oldLockedUntil: u64,
        pub newLockedUntil: u64,
    }

    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct CommissionChanged {
        #[ink(topic)]
        pub pool: Address,
        pub oldBps: U256,
        pub newBps: U256,
    }

    #[ink(event)]
    pub struct PerformanceReported {
        #[ink(topic)]
        pub pool: Address,
        #[ink(topic)]
        pub epoch: u64,
        pub successful: u64,
        pub total: u64,
    }

    #[ink(event)]
    pub struct RewardsFunded {
        #[ink(topic)]
        pub from: Address,
        pub amount: U256,
    }

    #[ink(event)]
    pub struct RewardsDistributed {
        #[ink(topic)]
        pub pool: Address,
        #[ink(topic)]
        pub epoch: u64,
        pub rewards: U256,
        pub commission: U256,
    }

    #[ink(event)]
    pub struct ValidatorStateChanged {
        #[ink(topic)]
        pub pool: Address,
        pub state: u8,
    }

    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct EpochEnded {
        #[ink(topic)]
        pub epoch: u64,
        pub rewardsNeeded: U256,
        pub rewardsPaid: U256,
        pub totalVotingPower: U256,
    }

    #[ink(event)]
    pub struct CommissionWithdrawn {
        #[ink(topic)]
        pub pool: Address,
        #[ink(topic)]
        pub operator: Address,
        pub amount: U256,
    }

    /// The configuration as `stakingConfig()` returns it:
    /// (minimum stake, maximum stake, lockup seconds, rewards rate, its
    /// denominator, epoch seconds, set size cap, joining limit bps,
    /// commission cap bps).
    pub type ConfigTuple = (U256, U256, u64, U256, U256, u64, u32, u32, u32);

    /// An operator's commission from a pool: (withdrawable, locked, unlocks at).
    type ClaimTuple = (U256, U256, u64);

    /// One stake pool, keyed by its owner.
    #[derive(Clone, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct PoolRecord {
        /// Zero while the owner has no pool (a pool's roles are never zero).
        operator: Address,
        voter: Address,
        /// (active, inactive, pending_active, pending_inactive).
        stake: (U256, U256, U256, U256),
        locked_until: u64,
        state: u8,
        commission_bps: u32,
        /// (epoch, successful, total) of the last performance report.
        report: (u64, u64, u64),
    }

    /// The staking module's state.
    #[ink(storage)]
    pub struct Staking {
        oracle: Address,
        /// (epoch, started at).
        clock: (u64, u64),
        reserve: U256,
        /// (total voting power, voting power joining this epoch).
        power: (U256, U256),
        /// Pools in the validator set (pending_active, active, pending_inactive),
        /// one storage cell each: pallet-revive refuses values over 416
        /// bytes, which a vector of 21 addresses in one cell is.
        set: StorageVec<Address>,
        pools: Mapping<Address, PoolRecord>,
        /// Commission per (pool, operator who earned it): (withdrawable, locked, unlocks at).
        claims: Mapping<(Address, Address), ClaimTuple>,
    }

    /// The staking configuration: a constant of the code, as a Substrate
    /// runtime's staking parameters are, so the code hash names it. The
    /// local networks' and testnets' configuration of the core
    /// (`StakingConfig::LOCAL`, checked by its tests).
    pub const CONFIG: StakingConfig = StakingConfig::LOCAL;

    fn config_tuple(c: &StakingConfig) -> ConfigTuple {
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

    impl Staking {
        /// Starts the staking module with `oracle` as the performance
        /// oracle (fixed for the contract's life: the module has no admin);
        /// the first epoch starts now.
        #[ink(constructor)]
        pub fn new(oracle: Address) -> Self {
            Self {
                oracle,
                clock: (0, now_secs()),
                reserve: U256::zero(),
                power: (U256::zero(), U256::zero()),
                set: StorageVec::new(),
                pools: Mapping::default(),
                claims: Mapping::default(),
            }
        }

        // --- the owner of a pool ---

        /// Creates the caller's stake pool with `operator` and `voter`,
        /// staking the value sent (may be zero).
        #[ink(message, payable, name = "initializeStakePool")]
        pub fn initialize_stake_pool(&mut self, operator: Address, voter: Address) -> Result<()> {
            let owner = caller();
            if self.pools.contains(owner) {
                return Err(CoreError::StakePoolExists.into());
            }
            let roles = Roles::new(address_bytes(owner), address_bytes(operator), address_bytes(voter))?;
            let amount = self.env().transferred_value();
            let pool = if amount.is_zero() {
                StakePool::default()
            } else {
                StakePool::default().add_stake(to_core(amount), &CONFIG)?
            };
            let record = PoolRecord {
                operator: Address::from(roles.operator),
                voter: Address::from(roles.voter),
                ..PoolRecord::default()
            };
            self.pools.insert(owner, &record);
            self.store_pool(owner, &pool);
            emit(StakePoolInitialized { pool: owner, operator, voter, amount });
            Ok(())
        }

        /// Deposits the value sent into the caller's pool: active at once
        /// outside the validator set, active next epoch in it (counted
        /// against the epoch's joining limit).
        #[ink(message, payable, name = "addStake")]
        pub fn add_stake(&mut self) -> Result<()> {
            let (owner, pool) = self.own_pool(StakeAction::AddStake)?;
            let amount = to_core(self.env().transferred_value());
            let next = pool.add_stake(amount, &CONFIG)?;
            let joining = self.joining().add(pool.joining_power_of_deposit(amount), &CONFIG)?;
            self.power.1 = from_core(joining.joining);
            self.store_pool(owner, &next);
            emit(StakeAdded { pool: owner, amount: from_core(amount) });
            Ok(())
        }

        /// Moves `amount` of the caller's active stake to pending_inactive:
        /// it keeps earning, and turns withdrawable when the lockup ends.
        #[ink(message)]
        pub fn unlock(&mut self, amount: U256) -> Result<()> {
            let (owner, pool) = self.own_pool(StakeAction::Unlock)?;
            self.store_pool(owner, &pool.unlock(to_core(amount))?);
            emit(StakeUnlocked { pool: owner, amount });
            Ok(())
        }

        /// Pays `amount` of the caller's inactive stake out to it (outside
        /// the set, unlocking stake whose lockup has passed counts as
        /// inactive).
        #[ink(message)]
        pub fn withdraw(&mut self, amount: U256) -> Result<()> {
            let (owner, pool) = self.own_pool(StakeAction::Withdraw)?;
            let next = pool.withdraw(to_core(amount), now_secs())?;
            self.store_pool(owner, &next);
            emit(StakeWithdrawn { pool: owner, amount });
            pay(owner, amount)
        }

        /// Moves `amount` of the caller's pending_inactive stake back to active.
        #[ink(message, name = "reactivateStake")]
        pub fn reactivate_stake(&mut self, amount: U256) -> Result<()> {
            let (owner, pool) = self.own_pool(StakeAction::ReactivateStake)?;
            self.store_pool(owner, &pool.reactivate_stake(to_core(amount))?);
            emit(StakeReactivated { pool: owner, amount });
            Ok(())
        }

        /// Names another operator; the commission the old one earned stays
        /// its own.
        #[ink(message, name = "setOperator")]
        pub fn set_operator(&mut self, operator: Address) -> Result<()> {
            let (owner, _) = self.own_pool(StakeAction::SetOperator)?;
            let mut record = self.record(owner)?;
            let old = record.operator;
            let roles = Roles::new(address_bytes(owner), address_bytes(old), address_bytes(record.voter))?;
            record.operator = Address::from(roles.with_operator(address_bytes(operator))?.operator);
            self.pools.insert(owner, &record);
            emit(OperatorChanged { pool: owner, oldOperator: old, newOperator: operator });
            Ok(())
        }

        /// Names another delegated voter.
        #[ink(message, name = "setDelegatedVoter")]
        pub fn set_delegated_voter(&mut self, voter: Address) -> Result<()> {
            let (owner, _) = self.own_pool(StakeAction::SetDelegatedVoter)?;
            let mut record = self.record(owner)?;
            let old = record.voter;
            let roles = Roles::new(address_bytes(owner), address_bytes(record.operator), address_bytes(old))?;
            record.voter = Address::from(roles.with_voter(address_bytes(voter))?.voter);
            self.pools.insert(owner, &record);
            emit(DelegatedVoterChanged { pool: owner, oldVoter: old, newVoter: voter });
            Ok(())
        }

        /// Restarts the caller's lockup at now plus the lockup duration (it
        /// must end later than the current one).
        #[ink(message, name = "increaseLockup")]
        pub fn increase_lockup(&mut self) -> Result<()> {
            let (owner, pool) = self.own_pool(StakeAction::IncreaseLockup)?;
            let next = pool.increase_lockup(now_secs(), &CONFIG)?;
            self.store_pool(owner, &next);
            emit(LockupIncreased {
                pool: owner,
                oldLockedUntil: pool.locked_until_secs,
                newLockedUntil: next.locked_until_secs,
            });
            Ok(())
        }

        // --- the operator of a pool ---

        /// Asks `pool` into the validator set from the next epoch: it needs
        /// room in the set, a stake within the limits, and counts against
        /// the epoch's joining limit.
        #[ink(message, name = "joinValidatorSet")]
        pub fn join_validator_set(&mut self, pool: Address) -> Result<()> {
            let current = self.operated_pool(pool, StakeAction::JoinValidatorSet)?;
            let next = current.join_validator_set(self.set.len(), now_secs(), &CONFIG)?;
            let joining = self.joining().add(next.next_epoch_voting_power()?, &CONFIG)?;
            self.power.1 = from_core(joining.joining);
            self.store_pool(pool, &next);
            self.set.push(&pool);
            emit(ValidatorStateChanged { pool, state: next.state as u8 });
            Ok(())
        }

        /// Asks `pool` out of the validator set: at once while it is still
        /// joining, at the next epoch otherwise.
        #[ink(message, name = "leaveValidatorSet")]
        pub fn leave_validator_set(&mut self, pool: Address) -> Result<()> {
            let current = self.operated_pool(pool, StakeAction::LeaveValidatorSet)?;
            let next = current.leave_validator_set()?;
            self.store_pool(pool, &next);
            if next.state == ValidatorState::Inactive {
                self.remove_from_set(pool);
            }
            emit(ValidatorStateChanged { pool, state: next.state as u8 });
            Ok(())
        }

        /// Sets `pool`'s commission in basis points, at most the configured cap.
        #[ink(message, name = "setCommission")]
        pub fn set_commission(&mut self, pool: Address, bps: U256) -> Result<()> {
            let current = self.operated_pool(pool, StakeAction::SetCommission)?;
            let bps32 = u32::try_from(bps).map_err(|_| Error::Core(CoreError::CommissionTooHigh))?;
            let next = current.set_commission(bps32, &CONFIG)?;
            self.store_pool(pool, &next);
            emit(CommissionChanged { pool, oldBps: U256::from(current.commission_bps), newBps: bps });
            Ok(())
        }

        /// Pays the caller its unlocked commission from `pool`.
        #[ink(message, name = "withdrawCommission")]
        pub fn withdraw_commission(&mut self, pool: Address) -> Result<()> {
            let operator = caller();
            let (left, amount) = self.claim(pool, operator).withdraw(now_secs())?;
            self.store_claim(pool, operator, &left);
            let amount = from_core(amount);
            emit(CommissionWithdrawn { pool, operator, amount });
            pay(operator, amount)
        }

        // --- epochs, rewards, performance ---

        /// Ends the current epoch once its duration has passed (anyone):
        /// pays every validator's reward from the reserve (the same fraction
        /// to each when it is short), moves every pool of the set to its
        /// next state and starts the next epoch. Costs one settlement per
        /// pool of the set, which the configuration caps.
        #[ink(message, name = "endEpoch")]
        pub fn end_epoch(&mut self) -> Result<()> {
            let ending = EpochClock { epoch: self.clock.0, started_at: self.clock.1 };
            let next_clock = ending.advance(now_secs(), &CONFIG)?;
            let set = self.validator_set();
            let mut records = Vec::with_capacity(set.len());
            let mut members = Vec::with_capacity(set.len());
            for &address in &set {
                let record = self.record(address)?;
                let (report_epoch, successful, total) = record.report;
                let performance = Performance { successful_proposals: successful, total_proposals: total }
                    .for_epoch(report_epoch, ending.epoch);
                members.push(EpochMember { pool: pool_of(&record), performance, ..EpochMember::default() });
                records.push(record);
            }
            let outcome = core_staking::end_epoch(&mut members, to_core(self.reserve), next_clock.started_at, &CONFIG)?;
            for ((&address, record), member) in set.iter().zip(&records).zip(&members) {
                self.store_pool(address, &member.pool);
                if !member.paid.commission.is_zero() {
                    let claim = self.claim(address, record.operator).accrue(
                        member.paid.commission,
                        member.paid.commission_unlocks_at,
                        next_clock.started_at,
                    )?;
                    self.store_claim(address, record.operator, &claim);
                }
                if !member.paid.rewards.is_zero() {
                    emit(RewardsDistributed {
                        pool: address,
                        epoch: ending.epoch,
                        rewards: from_core(member.paid.rewards),
                        commission: from_core(member.paid.commission),
                    });
                }
                if record.state != member.pool.state as u8 {
                    emit(ValidatorStateChanged { pool: address, state: member.pool.state as u8 });
                }
                if !member.pool.state.is_in_set() {
                    self.remove_from_set(address);
                }
            }
            self.reserve = from_core(to_core(self.reserve).saturating_sub(outcome.paid));
            self.power = (from_core(outcome.total_voting_power), U256::zero());
            self.clock = (next_clock.epoch, next_clock.started_at);
            emit(EpochEnded {
                epoch: ending.epoch,
                rewardsNeeded: from_core(outcome.needed),
                rewardsPaid: from_core(outcome.paid),
                totalVotingPower: from_core(outcome.total_voting_power),
            });
            Ok(())
        }

        /// Oracle: `pool` made `total` proposals in the current epoch, of
        /// which `successful` passed (a later report replaces an earlier
        /// one; an unreported validator earns nothing for the epoch).
        #[ink(message, name = "reportPerformance")]
        pub fn report_performance(&mut self, pool: Address, successful: u64, total: u64) -> Result<()> {
            let account = caller();
            if account != self.oracle {
                return Err(Error::Unauthorized { account });
            }
            let mut record = self.record(pool)?;
            let current = pool_of(&record);
            current.check_report(&Performance { successful_proposals: successful, total_proposals: total })?;
            let epoch = self.clock.0;
            record.report = (epoch, successful, total);
            self.pools.insert(pool, &record);
            emit(PerformanceReported { pool, epoch, successful, total });
            Ok(())
        }

        /// Adds the value sent to the reward reserve (anyone).
        #[ink(message, payable, name = "fundRewards")]
        pub fn fund_rewards(&mut self) -> Result<()> {
            let amount = self.env().transferred_value();
            if amount.is_zero() {
                return Err(CoreError::ZeroAmount.into());
            }
            self.reserve = self.reserve.saturating_add(amount);
            emit(RewardsFunded { from: caller(), amount });
            Ok(())
        }

        // --- views ---

        /// `pool`'s stake: (active, inactive, pending_active, pending_inactive).
        #[ink(message, name = "getStake")]
        pub fn get_stake(&self, pool: Address) -> Result<(U256, U256, U256, U256)> {
            Ok(self.record(pool)?.stake)
        }

        /// `pool`'s settings: (validator state 0 inactive / 1 pending_active
        /// / 2 active / 3 pending_inactive, lockup end, operator, delegated
        /// voter, commission bps).
        #[ink(message, name = "stakePool")]
        pub fn stake_pool(&self, pool: Address) -> Result<(u8, u64, Address, Address, U256)> {
            let record = self.record(pool)?;
            Ok((record.state, record.locked_until, record.operator, record.voter, U256::from(record.commission_bps)))
        }

        /// `pool`'s voting power this epoch: its active and unlocking stake
        /// while it validates, up to the maximum stake; zero otherwise.
        #[ink(message, name = "votingPower")]
        pub fn voting_power(&self, pool: Address) -> Result<U256> {
            Ok(from_core(pool_of(&self.record(pool)?).voting_power(&CONFIG)?))
        }

        /// `operator`'s commission from `pool` now: (withdrawable, locked,
        /// unlock time).
        #[ink(message, name = "commissionClaim")]
        pub fn commission_claim(&self, pool: Address, operator: Address) -> Result<(U256, U256, u64)> {
            let claim = self.claim(pool, operator).settled(now_secs())?;
            Ok((from_core(claim.withdrawable), from_core(claim.locked), claim.unlocks_at))
        }

        /// The epoch: (number, start, earliest end, reward reserve, total
        /// voting power, voting power joining this epoch).
        #[ink(message, name = "epochInfo")]
        pub fn epoch_info(&self) -> (u64, u64, u64, U256, U256, U256) {
            let (epoch, started) = self.clock;
            (
                epoch,
                started,
                started.saturating_add(CONFIG.epoch_duration_secs),
                self.reserve,
                self.power.0,
                self.power.1,
            )
        }

        /// The pools of the validator set.
        #[ink(message, name = "validatorSet")]
        pub fn validator_set(&self) -> Vec<Address> {
            (0..self.set.len()).filter_map(|i| self.set.get(i)).collect()
        }

        /// The configuration: (minimum stake, maximum stake, lockup seconds,
        /// rewards rate, its denominator, epoch seconds, set size cap,
        /// joining limit bps, commission cap bps).
        #[ink(message, name = "stakingConfig")]
        pub fn staking_config(&self) -> ConfigTuple {
            config_tuple(&CONFIG)
        }

        /// The account that reports performance.
        #[ink(message, name = "performanceOracle")]
        pub fn performance_oracle(&self) -> Address {
            self.oracle
        }

        /// Takes `pool` out of the set: the last pool moves into its place.
        fn remove_from_set(&mut self, pool: Address) {
            if let Some(index) = (0..self.set.len()).find(|&i| self.set.get(i) == Some(pool)) {
                if let Some(last) = self.set.pop() {
                    if last != pool {
                        self.set.set(index, &last);
                    }
                }
            }
        }

        fn joining(&self) -> JoiningPower {
            JoiningPower { total_voting_power: to_core(self.power.0), joining: to_core(self.power.1) }
        }

        /// `owner`'s pool record; `StakePoolNotFound` if it has none.
        fn record(&self, owner: Address) -> Result<PoolRecord> {
            self.pools.get(owner).ok_or(Error::Core(CoreError::StakePoolNotFound))
        }

        fn store_pool(&mut self, owner: Address, pool: &StakePool) {
            let mut record = self.pools.get(owner).unwrap_or_default();
            record.stake = (
                from_core(pool.active),
                from_core(pool.inactive),
                from_core(pool.pending_active),
                from_core(pool.pending_inactive),
            );
            record.locked_until = pool.locked_until_secs;
            record.state = pool.state as u8;
            record.commission_bps = pool.commission_bps;
            self.pools.insert(owner, &record);
        }

        fn roles_of(owner: Address, record: &PoolRecord) -> Roles {
            Roles {
                owner: address_bytes(owner),
                operator: address_bytes(record.operator),
                voter: address_bytes(record.voter),
            }
        }

        /// The caller's pool, checked for `action` (an owner action).
        fn own_pool(&self, action: StakeAction) -> Result<(Address, StakePool)> {
            let owner = caller();
            let record = self.record(owner)?;
            authorize(action, &address_bytes(owner), &Self::roles_of(owner, &record))?;
            Ok((owner, pool_of(&record)))
        }

        /// `owner`'s pool, checked for the caller doing `action` (an
        /// operator action).
        fn operated_pool(&self, owner: Address, action: StakeAction) -> Result<StakePool> {
            let record = self.record(owner)?;
            authorize(action, &address_bytes(caller()), &Self::roles_of(owner, &record))?;
            Ok(pool_of(&record))
        }

        fn claim(&self, pool: Address, operator: Address) -> CommissionClaim {
            let (withdrawable, locked, unlocks_at) = self.claims.get((pool, operator)).unwrap_or_default();
            CommissionClaim { withdrawable: to_core(withdrawable), locked: to_core(locked), unlocks_at }
        }

        fn store_claim(&mut self, pool: Address, operator: Address, claim: &CommissionClaim) {
            self.claims
                .insert((pool, operator), &(from_core(claim.withdrawable), from_core(claim.locked), claim.unlocks_at));
        }
    }

    /// The core's view of a stored pool.
    fn pool_of(record: &PoolRecord) -> StakePool {
        let (active, inactive, pending_active, pending_inactive) = record.stake;
        StakePool {
            active: to_core(active),
            inactive: to_core(inactive),
            pending_active: to_core(pending_active),
            pending_inactive: to_core(pending_inactive),
            locked_until_secs: record.locked_until,
            // Only this contract writes the state, always a valid code.
            state: ValidatorState::from_code(record.state).unwrap_or_default(),
            commission_bps: record.commission_bps,
        }
    }

    /// Sends `amount` to `to`; `TransferFailed` (the whole call reverts) if
    /// it refuses.
    fn pay(to: Address, amount: U256) -> Result<()> {
        if calls::pay_with(to, amount, &calls::STAKING_PAYMENT) {
            Ok(())
        } else {
            Err(Error::TransferFailed { to, amount })
        }
    }
}

#[cfg(test)]
mod tests;
