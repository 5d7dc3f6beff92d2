//! Staking, for ink! 6 on pallet-revive, with the Solidity ABI of
//! `abi/Staking.json`: validator staking after Aptos' stake pools. Every
//! message is `lst_app::staking`'s, where an auditor reads it once for both
//! platforms (its scheduled removals `lst_app::timelock`'s); this crate lays
//! out the storage, declares the ABI (messages, events, errors) and
//! dispatches to it.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    core: lst_core::error::raised::STAKING;
    Unauthorized, AlreadySet, ZeroAddress, CallReturnMalformed, TransferFailed
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[ink::contract]
pub mod staking {
    use ink::{
        prelude::vec::Vec,
        storage::{Mapping, StorageVec},
        U256,
    };
    use lst_app::staking::{self as app, Report};
    use lst_core::validator::{CommissionClaim, EpochClock, JoiningPower, Performance, StakePool, ValidatorState};
    use lst_ink_common::{from_core, timelock::Timelock, to_core, Bytes32, Failure};

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

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

    #[ink(event)]
    pub struct ValidatorRemoved {
        #[ink(topic)]
        pub pool: Address,
    }

    /// The configuration as `stakingConfig()` returns it:
    /// (minimum stake, maximum stake, lockup seconds, rewards rate, its
    /// denominator, epoch seconds, set size cap, joining limit bps,
    /// commission cap bps, performance floor bps).
    pub type ConfigTuple = (U256, U256, u64, U256, U256, u64, u32, u32, u32, u32);

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
        /// (this epoch's, the next epoch's) commission in basis points.
        commission_bps: (u32, u32),
        /// (epoch, successful, total) of the last performance report.
        report: (u64, u64, u64),
    }

    /// The staking module's state.
    #[ink(storage)]
    pub struct Staking {
        /// Removes validators, after the change delay.
        governance: Address,
        changes: Timelock,
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

    lst_ink_common::app_host!(Staking);

    lst_app::store_in!(timelock: Staking, changes);

    impl Staking {
        fn record_or_default(&self, owner: lst_app::Address) -> PoolRecord {
            self.pools.get(Address::from(owner)).unwrap_or_default()
        }
    }

    impl app::Store for Staking {
        fn governance(&self) -> lst_app::Address {
            self.governance.0
        }

        fn set_governance(&mut self, governance: lst_app::Address) {
            self.governance = Address::from(governance);
        }

        fn oracle(&self) -> lst_app::Address {
            self.oracle.0
        }

        fn set_oracle(&mut self, oracle: lst_app::Address) {
            self.oracle = Address::from(oracle);
        }

        fn clock(&self) -> EpochClock {
            EpochClock { epoch: self.clock.0, started_at: self.clock.1 }
        }

        fn set_clock(&mut self, clock: EpochClock) {
            self.clock = (clock.epoch, clock.started_at);
        }

        fn reserve(&self) -> lst_app::U256 {
            to_core(self.reserve)
        }

        fn set_reserve(&mut self, reserve: lst_app::U256) {
            self.reserve = from_core(reserve);
        }

        fn power(&self) -> JoiningPower {
            JoiningPower { total_voting_power: to_core(self.power.0), joining: to_core(self.power.1) }
        }

        fn set_power(&mut self, power: JoiningPower) {
            self.power = (from_core(power.total_voting_power), from_core(power.joining));
        }

        fn set_len(&self) -> u32 {
            self.set.len()
        }

        fn set_get(&self, index: u32) -> Option<lst_app::Address> {
            self.set.get(index).map(|pool| pool.0)
        }

        fn set_put(&mut self, index: u32, pool: lst_app::Address) {
            self.set.set(index, &Address::from(pool));
        }

        fn set_push(&mut self, pool: lst_app::Address) {
            self.set.push(&Address::from(pool));
        }

        fn set_pop(&mut self) {
            self.set.pop();
        }

        fn pool(&self, owner: lst_app::Address) -> Option<app::PoolRecord> {
            let record = self.pools.get(Address::from(owner))?;
            let (active, inactive, pending_active, pending_inactive) = record.stake;
            let pool = StakePool {
                active: to_core(active),
                inactive: to_core(inactive),
                pending_active: to_core(pending_active),
                pending_inactive: to_core(pending_inactive),
                locked_until_secs: record.locked_until,
                // Only this contract writes the state, always a valid code.
                state: ValidatorState::from_code(record.state).unwrap_or_default(),
                commission_bps: record.commission_bps.0,
                next_commission_bps: record.commission_bps.1,
            };
            Some(app::PoolRecord { pool, operator: record.operator.0, voter: record.voter.0 })
        }

        fn store_pool(&mut self, owner: lst_app::Address, pool: &StakePool) {
            let mut record = self.record_or_default(owner);
            record.stake = (
                from_core(pool.active),
                from_core(pool.inactive),
                from_core(pool.pending_active),
                from_core(pool.pending_inactive),
            );
            record.locked_until = pool.locked_until_secs;
            record.state = pool.state as u8;
            record.commission_bps = (pool.commission_bps, pool.next_commission_bps);
            self.pools.insert(Address::from(owner), &record);
        }

        fn store_roles(&mut self, owner: lst_app::Address, operator: lst_app::Address, voter: lst_app::Address) {
            let mut record = self.record_or_default(owner);
            record.operator = Address::from(operator);
            record.voter = Address::from(voter);
            self.pools.insert(Address::from(owner), &record);
        }

        fn report(&self, owner: lst_app::Address) -> Report {
            let (epoch, successful_proposals, total_proposals) = self.record_or_default(owner).report;
            Report { epoch, performance: Performance { successful_proposals, total_proposals } }
        }

        fn store_report(&mut self, owner: lst_app::Address, report: &Report) {
            let mut record = self.record_or_default(owner);
            let p = report.performance;
            record.report = (report.epoch, p.successful_proposals, p.total_proposals);
            self.pools.insert(Address::from(owner), &record);
        }

        fn claim(&self, pool: lst_app::Address, operator: lst_app::Address) -> CommissionClaim {
            let (withdrawable, locked, unlocks_at) =
                self.claims.get((Address::from(pool), Address::from(operator))).unwrap_or_default();
            CommissionClaim { withdrawable: to_core(withdrawable), locked: to_core(locked), unlocks_at }
        }

        fn store_claim(&mut self, pool: lst_app::Address, operator: lst_app::Address, claim: &CommissionClaim) {
            let value = (from_core(claim.withdrawable), from_core(claim.locked), claim.unlocks_at);
            self.claims.insert((Address::from(pool), Address::from(operator)), &value);
        }
    }

    /// The ABI entry points: each runs the message of `lst_app::staking`.
    impl Staking {
        /// See `lst_app::staking::init`.
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(governance: Address, oracle: Address, changeDelaySecs: u64) -> Result<Self> {
            let mut this = Self {
                governance,
                changes: Timelock::default(),
                oracle,
                clock: (0, 0),
                reserve: U256::zero(),
                power: (U256::zero(), U256::zero()),
                set: StorageVec::new(),
                pools: Mapping::default(),
                claims: Mapping::default(),
            };
            app::init(&mut this, governance.0, oracle.0, changeDelaySecs)?;
            Ok(this)
        }

        /// See `lst_app::staking::cancel_change`.
        #[ink(message, name = "cancelChange")]
        pub fn cancel_change(&mut self, key: Bytes32) -> Result<()> {
            Ok(app::cancel_change(self, key.0)?)
        }

        /// See `lst_app::timelock::pending`.
        #[ink(message, name = "pendingChange")]
        pub fn pending_change(&self, key: Bytes32) -> (Bytes32, U256) {
            self.changes.pending(&key)
        }

        /// Removes validators, named at deployment.
        #[ink(message)]
        pub fn governance(&self) -> Address {
            self.governance
        }

        /// See `lst_app::staking::remove_validator`.
        #[ink(message, name = "removeValidator")]
        pub fn remove_validator(&mut self, pool: Address) -> Result<()> {
            Ok(app::remove_validator(self, pool.0)?)
        }

        /// See `lst_app::staking::initialize_stake_pool`.
        #[ink(message, payable, name = "initializeStakePool")]
        pub fn initialize_stake_pool(&mut self, operator: Address, voter: Address) -> Result<()> {
            Ok(app::initialize_stake_pool(self, operator.0, voter.0)?)
        }

        /// See `lst_app::staking::add_stake`.
        #[ink(message, payable, name = "addStake")]
        pub fn add_stake(&mut self) -> Result<()> {
            Ok(app::add_stake(self)?)
        }

        /// See `lst_app::staking::unlock`.
        #[ink(message)]
        pub fn unlock(&mut self, amount: U256) -> Result<()> {
            Ok(app::unlock(self, to_core(amount))?)
        }

        /// See `lst_app::staking::withdraw`.
        #[ink(message)]
        pub fn withdraw(&mut self, amount: U256) -> Result<()> {
            Ok(app::withdraw(self, to_core(amount))?)
        }

        /// See `lst_app::staking::reactivate_stake`.
        #[ink(message, name = "reactivateStake")]
        pub fn reactivate_stake(&mut self, amount: U256) -> Result<()> {
            Ok(app::reactivate_stake(self, to_core(amount))?)
        }

        /// See `lst_app::staking::set_operator`.
        #[ink(message, name = "setOperator")]
        pub fn set_operator(&mut self, operator: Address) -> Result<()> {
            Ok(app::set_operator(self, operator.0)?)
        }

        /// See `lst_app::staking::set_delegated_voter`.
        #[ink(message, name = "setDelegatedVoter")]
        pub fn set_delegated_voter(&mut self, voter: Address) -> Result<()> {
            Ok(app::set_delegated_voter(self, voter.0)?)
        }

        /// See `lst_app::staking::increase_lockup`.
        #[ink(message, name = "increaseLockup")]
        pub fn increase_lockup(&mut self) -> Result<()> {
            Ok(app::increase_lockup(self)?)
        }

        /// See `lst_app::staking::join_validator_set`.
        #[ink(message, name = "joinValidatorSet")]
        pub fn join_validator_set(&mut self, pool: Address) -> Result<()> {
            Ok(app::join_validator_set(self, pool.0)?)
        }

        /// See `lst_app::staking::leave_validator_set`.
        #[ink(message, name = "leaveValidatorSet")]
        pub fn leave_validator_set(&mut self, pool: Address) -> Result<()> {
            Ok(app::leave_validator_set(self, pool.0)?)
        }

        /// See `lst_app::staking::set_commission`.
        #[ink(message, name = "setCommission")]
        pub fn set_commission(&mut self, pool: Address, bps: U256) -> Result<()> {
            Ok(app::set_commission(self, pool.0, to_core(bps))?)
        }

        /// See `lst_app::staking::withdraw_commission`.
        #[ink(message, name = "withdrawCommission")]
        pub fn withdraw_commission(&mut self, pool: Address) -> Result<()> {
            Ok(app::withdraw_commission(self, pool.0)?)
        }

        /// See `lst_app::staking::end_epoch`.
        #[ink(message, name = "endEpoch")]
        pub fn end_epoch(&mut self) -> Result<()> {
            Ok(app::end_epoch(self)?)
        }

        /// See `lst_app::staking::report_performance`.
        #[ink(message, name = "reportPerformance")]
        pub fn report_performance(&mut self, pool: Address, successful: u64, total: u64) -> Result<()> {
            Ok(app::report_performance(self, pool.0, successful, total)?)
        }

        /// See `lst_app::staking::fund_rewards`.
        #[ink(message, payable, name = "fundRewards")]
        pub fn fund_rewards(&mut self) -> Result<()> {
            Ok(app::fund_rewards(self)?)
        }

        /// See `lst_app::staking::get_stake`: (active, inactive,
        /// pending_active, pending_inactive).
        #[ink(message, name = "getStake")]
        pub fn get_stake(&self, pool: Address) -> Result<(U256, U256, U256, U256)> {
            let [active, inactive, pending_active, pending_inactive] = app::get_stake(self, pool.0)?.map(from_core);
            Ok((active, inactive, pending_active, pending_inactive))
        }

        /// See `lst_app::staking::stake_pool`: (validator state, lockup end,
        /// operator, delegated voter, this epoch's commission bps, the next
        /// epoch's).
        #[ink(message, name = "stakePool")]
        pub fn stake_pool(&self, pool: Address) -> Result<(u8, u64, Address, Address, U256, U256)> {
            let (state, locked_until, operator, voter, bps, next_bps) = app::stake_pool(self, pool.0)?;
            Ok((
                state,
                locked_until,
                Address::from(operator),
                Address::from(voter),
                from_core(bps),
                from_core(next_bps),
            ))
        }

        /// See `lst_app::staking::voting_power`.
        #[ink(message, name = "votingPower")]
        pub fn voting_power(&self, pool: Address) -> Result<U256> {
            Ok(from_core(app::voting_power(self, pool.0)?))
        }

        /// See `lst_app::staking::commission_claim`: (withdrawable, locked,
        /// unlock time).
        #[ink(message, name = "commissionClaim")]
        pub fn commission_claim(&self, pool: Address, operator: Address) -> Result<(U256, U256, u64)> {
            let claim = app::commission_claim(self, pool.0, operator.0)?;
            Ok((from_core(claim.withdrawable), from_core(claim.locked), claim.unlocks_at))
        }

        /// See `lst_app::staking::epoch_info`.
        #[ink(message, name = "epochInfo")]
        pub fn epoch_info(&self) -> (u64, u64, u64, U256, U256, U256) {
            let (epoch, started, ends, reserve, power, joining) = app::epoch_info(self);
            (epoch, started, ends, from_core(reserve), from_core(power), from_core(joining))
        }

        /// See `lst_app::staking::validator_set`.
        #[ink(message, name = "validatorSet")]
        pub fn validator_set(&self) -> Vec<Address> {
            app::validator_set(self).into_iter().map(Address::from).collect()
        }

        /// See `lst_app::staking::staking_config`.
        #[ink(message, name = "stakingConfig")]
        pub fn staking_config(&self) -> ConfigTuple {
            let (min, max, lockup, rate, denominator, epoch, size, limit, cap, floor) = app::staking_config();
            (
                from_core(min),
                from_core(max),
                lockup,
                from_core(rate),
                from_core(denominator),
                epoch,
                size,
                limit,
                cap,
                floor,
            )
        }

        /// The account that reports performance.
        #[ink(message, name = "performanceOracle")]
        pub fn performance_oracle(&self) -> Address {
            self.oracle
        }
    }
}

#[cfg(test)]
mod tests;
