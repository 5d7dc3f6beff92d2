//! AvalancheDelegator, for ink! 6 on pallet-revive, with the Solidity ABI
//! of `abi/AvalancheDelegator.json`: the AVAX pool's operator side. Every
//! message is `lst_app::avalanche_delegator`'s, where an auditor reads it
//! once for both platforms; this crate lays out the storage, declares the
//! ABI (messages, events, errors) and dispatches to it. The withdrawal lets
//! `Staking` pay back into this contract while it runs (`ALLOW_REENTRY`).
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
mod avalanche_delegator {
    use ink::U256;
    use lst_app::avalanche_delegator::{self as app, Wiring};
    use lst_ink_common::{from_core, Failure};

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// AVAX the pool collected, staked in its stake pool in `Staking`.
    #[ink(event)]
    pub struct StakesDelegated {
        pub amount: U256,
    }

    /// Delegated AVAX unlocking for the queue (withdrawable after the lockup).
    #[ink(event)]
    pub struct StakesUnlocked {
        pub amount: U256,
    }

    /// Unlocked AVAX brought back from `Staking` to the pool.
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

    /// The delegator's wiring (it keeps no other state).
    #[ink(storage)]
    pub struct AvalancheDelegator {
        pool: Address,
        staking: Address,
        validator_operator: Address,
        /// Whether the stake pool exists (created by the first payment).
        delegating: bool,
    }

    lst_ink_common::app_host!(AvalancheDelegator);

    impl app::Store for AvalancheDelegator {
        fn wiring(&self) -> Wiring {
            Wiring { pool: self.pool.0, staking: self.staking.0, validator_operator: self.validator_operator.0 }
        }

        fn set_wiring(&mut self, wiring: Wiring) {
            self.pool = Address::from(wiring.pool);
            self.staking = Address::from(wiring.staking);
            self.validator_operator = Address::from(wiring.validator_operator);
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
        pub fn new(pool: Address, staking: Address, validatorOperator: Address) -> Result<Self> {
            let zero = Address::zero();
            let mut this = Self { pool: zero, staking: zero, validator_operator: zero, delegating: false };
            app::init(&mut this, pool.0, staking.0, validatorOperator.0)?;
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

        /// The delegator's wiring: (pool, `Staking`, validator operator).
        #[ink(message)]
        pub fn wiring(&self) -> (Address, Address, Address) {
            (self.pool, self.staking, self.validator_operator)
        }
    }
}

#[cfg(test)]
mod tests;
