//! AvalancheDelegator, for ink! 6 on pallet-revive, with the Solidity ABI
//! of `abi/AvalancheDelegator.json`: the AVAX pool's operator side, which
//! spreads the pool's stake over a set of validators. Every message is
//! `lst_app::avalanche_delegator`'s, where an auditor reads it once for
//! both platforms (its scheduled changes `lst_app::timelock`'s); this crate
//! lays out the storage, declares the ABI (messages, events, errors) and
//! dispatches to it. The withdrawal lets a stake account pay back into this
//! contract while it runs (`ALLOW_REENTRY`).
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

// Its own errors, and those of the contracts it calls and passes on (the
// pool's, which include the feed's and the tokens', and `Staking`'s): the
// same list as the Stylus ABI's.
lst_ink_common::register_errors!(
    core: lst_core::error::raised::AVALANCHE_DELEGATOR, passes lst_core::error::raised::AVALANCHE_POOL, passes lst_core::error::raised::RATE_PROVIDER, passes lst_core::error::raised::STAKING;
    Unauthorized,
    ZeroAddress,
    CallReturnMalformed,
    EnforcedPause,
    ExpectedPause,
    TransferFailed,
    BatchTooLarge,
    UnknownToken,
    TokenAlreadyRegistered,
    PrimaryTokenNotSet,
    LengthMismatch,
    NotRatioUpdater,
    AlreadySet,
    OwnableUnauthorizedAccount,
    OwnableInvalidOwner,
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[ink::contract]
pub mod avalanche_delegator {
    use ink::{prelude::vec::Vec, storage::StorageVec, U256};
    use lst_app::avalanche_delegator::{self as app, Member, Wiring};
    use lst_ink_common::{from_core, timelock::Timelock, Bytes32, Failure};

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// AVAX the pool collected, staked with the validator of `account`.
    #[ink(event)]
    pub struct StakesDelegated {
        #[ink(topic)]
        pub account: Address,
        pub amount: U256,
    }

    /// Stake of `account`'s validator unlocking for the queue.
    #[ink(event)]
    pub struct StakesUnlocked {
        #[ink(topic)]
        pub account: Address,
        pub amount: U256,
    }

    /// Unlocked stake brought back to the pool, from every validator.
    #[ink(event)]
    pub struct StakesWithdrawn {
        pub amount: U256,
    }

    /// A measured report: the growth found, the part reported to the pool,
    /// and the part carried to the next report.
    #[ink(event)]
    pub struct RewardsMeasured {
        pub growth: U256,
        pub reported: U256,
        pub carried: U256,
    }

    /// The validator of `account` joined the set.
    #[ink(event)]
    pub struct ValidatorAdded {
        #[ink(topic)]
        pub account: Address,
    }

    /// The validator of `account` was retired; `unlocked` of its stake
    /// started unlocking.
    #[ink(event)]
    pub struct ValidatorRetired {
        #[ink(topic)]
        pub account: Address,
        pub unlocked: U256,
    }

    /// A retired validator left the set, everything it held back.
    #[ink(event)]
    pub struct ValidatorRemoved {
        #[ink(topic)]
        pub account: Address,
    }

    /// The delegator's state.
    #[ink(storage)]
    pub struct AvalancheDelegator {
        pool: Address,
        staking: Address,
        /// The validator set: (stake account, retiring), one cell each.
        members: StorageVec<(Address, bool)>,
        changes: Timelock,
        /// Whether any stake was ever delegated (additions then wait).
        delegating: bool,
    }

    lst_ink_common::app_host!(AvalancheDelegator);

    lst_app::store_in!(timelock: AvalancheDelegator, changes);

    impl app::Store for AvalancheDelegator {
        fn wiring(&self) -> Wiring {
            Wiring { pool: self.pool.0, staking: self.staking.0 }
        }

        fn set_wiring(&mut self, wiring: Wiring) {
            self.pool = Address::from(wiring.pool);
            self.staking = Address::from(wiring.staking);
        }

        fn member_count(&self) -> u32 {
            self.members.len()
        }

        fn member(&self, index: u32) -> Option<Member> {
            self.members.get(index).map(|(account, retiring)| Member { account: account.0, retiring })
        }

        fn set_member(&mut self, index: u32, member: Member) {
            self.members.set(index, &(Address::from(member.account), member.retiring));
        }

        fn push_member(&mut self, member: Member) {
            self.members.push(&(Address::from(member.account), member.retiring));
        }

        fn pop_member(&mut self) {
            self.members.pop();
        }

        fn delegating(&self) -> bool {
            self.delegating
        }

        fn set_delegating(&mut self) {
            self.delegating = true;
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::avalanche_delegator`.
    impl AvalancheDelegator {
        /// See `lst_app::avalanche_delegator::init`.
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(pool: Address, staking: Address, changeDelaySecs: u64) -> Result<Self> {
            let zero = Address::zero();
            let mut this = Self {
                pool: zero,
                staking: zero,
                members: StorageVec::new(),
                changes: Timelock::default(),
                delegating: false,
            };
            app::init(&mut this, pool.0, staking.0, changeDelaySecs)?;
            Ok(this)
        }

        /// See `lst_app::avalanche_delegator::on_staking_payment`.
        #[ink(message, payable, name = "onStakingPayment")]
        pub fn on_staking_payment(&mut self) -> Result<()> {
            Ok(app::on_staking_payment(self)?)
        }

        /// See `lst_app::avalanche_delegator::unlock_stakes`.
        #[ink(message, name = "unlockStakes")]
        pub fn unlock_stakes(&mut self, amount: U256) -> Result<()> {
            Ok(app::unlock_stakes(self, lst_ink_common::to_core(amount))?)
        }

        /// See `lst_app::avalanche_delegator::withdraw_stakes`.
        #[ink(message, name = "withdrawStakes")]
        pub fn withdraw_stakes(&mut self) -> Result<U256> {
            Ok(from_core(app::withdraw_stakes(self)?))
        }

        /// See `lst_app::avalanche_delegator::report_rewards`.
        #[ink(message, name = "reportRewards")]
        pub fn report_rewards(&mut self) -> Result<()> {
            Ok(app::report_rewards(self)?)
        }

        /// See `lst_app::avalanche_delegator::measured_rewards`: (growth,
        /// reported, carried).
        #[ink(message, name = "measuredRewards")]
        pub fn measured_rewards(&self) -> Result<(U256, U256, U256)> {
            let (growth, reported, carried) = app::measured_rewards(self)?;
            Ok((from_core(growth), from_core(reported), from_core(carried)))
        }

        /// See `lst_app::avalanche_delegator::stake_room`.
        #[ink(message, name = "stakeRoom")]
        pub fn stake_room(&self) -> Result<U256> {
            Ok(from_core(app::stake_room(self)?))
        }

        /// See `lst_app::avalanche_delegator::add_validator`.
        #[ink(message, name = "addValidator")]
        pub fn add_validator(&mut self, account: Address) -> Result<()> {
            Ok(app::add_validator(self, account.0)?)
        }

        /// See `lst_app::avalanche_delegator::retire_validator`.
        #[ink(message, name = "retireValidator")]
        pub fn retire_validator(&mut self, account: Address) -> Result<()> {
            Ok(app::retire_validator(self, account.0)?)
        }

        /// See `lst_app::avalanche_delegator::cancel_change`.
        #[ink(message, name = "cancelChange")]
        pub fn cancel_change(&mut self, key: Bytes32) -> Result<()> {
            Ok(app::cancel_change(self, key.0)?)
        }

        /// See `lst_app::timelock::pending`.
        #[ink(message, name = "pendingChange")]
        pub fn pending_change(&self, key: Bytes32) -> (Bytes32, U256) {
            self.changes.pending(&key)
        }

        /// See `lst_app::avalanche_delegator::validators`.
        #[ink(message)]
        pub fn validators(&self) -> Vec<Address> {
            app::validators(self).into_iter().map(Address::from).collect()
        }

        /// See `lst_app::avalanche_delegator::is_retiring`.
        #[ink(message, name = "isRetiring")]
        pub fn is_retiring(&self, account: Address) -> Result<bool> {
            Ok(app::is_retiring(self, account.0)?)
        }

        /// The delegator's wiring: (pool, `Staking`).
        #[ink(message)]
        pub fn wiring(&self) -> (Address, Address) {
            (self.pool, self.staking)
        }
    }
}

#[cfg(test)]
mod tests;
