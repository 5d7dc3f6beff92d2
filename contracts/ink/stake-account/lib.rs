//! StakeAccount, for ink! 6 on pallet-revive, with the Solidity ABI of
//! `abi/StakeAccount.json`: the AVAX pool's stake at one validator. Every
//! message is `lst_app::stake_account`'s, where an auditor reads it once
//! for both platforms; this crate lays out the storage, declares the ABI
//! (messages, events, errors) and dispatches to it. The withdrawal lets
//! `Staking` pay back into this contract while it runs (`ALLOW_REENTRY`).
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

// Its own errors, and those of `Staking` it passes on (as the Stylus ABI).
lst_ink_common::register_errors!(
    core: lst_core::error::raised::STAKE_ACCOUNT, passes lst_core::error::raised::STAKING;
    Unauthorized,
    ZeroAddress,
    CallReturnMalformed,
    TransferFailed,
    AlreadySet,
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[ink::contract]
pub mod stake_account {
    use ink::U256;
    use lst_app::stake_account::{self as app, Wiring};
    use lst_ink_common::{from_core, Failure};

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// AVAX the manager paid, staked in the account's stake pool.
    #[ink(event)]
    pub struct StakesDelegated {
        pub amount: U256,
    }

    /// Stake unlocking for the queue (withdrawable after the lockup).
    #[ink(event)]
    pub struct StakesUnlocked {
        pub amount: U256,
    }

    /// Unlocked stake brought back from `Staking` to the manager.
    #[ink(event)]
    pub struct StakesWithdrawn {
        pub amount: U256,
    }

    /// The account's wiring and whether its stake pool exists.
    #[ink(storage)]
    pub struct StakeAccount {
        manager: Address,
        staking: Address,
        operator: Address,
        /// Whether the stake pool exists (created by the first payment).
        delegating: bool,
    }

    lst_ink_common::app_host!(StakeAccount);

    impl app::Store for StakeAccount {
        fn wiring(&self) -> Wiring {
            Wiring { manager: self.manager.0, staking: self.staking.0, operator: self.operator.0 }
        }

        fn set_wiring(&mut self, wiring: Wiring) {
            self.manager = Address::from(wiring.manager);
            self.staking = Address::from(wiring.staking);
            self.operator = Address::from(wiring.operator);
        }

        fn delegating(&self) -> bool {
            self.delegating
        }

        fn set_delegating(&mut self) {
            self.delegating = true;
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::stake_account`.
    impl StakeAccount {
        /// See `lst_app::stake_account::init`.
        #[ink(constructor)]
        pub fn new(manager: Address, staking: Address, operator: Address) -> Result<Self> {
            let zero = Address::zero();
            let mut this = Self { manager: zero, staking: zero, operator: zero, delegating: false };
            app::init(&mut this, manager.0, staking.0, operator.0)?;
            Ok(this)
        }

        /// See `lst_app::stake_account::on_staking_payment`.
        #[ink(message, payable, name = "onStakingPayment")]
        pub fn on_staking_payment(&mut self) -> Result<()> {
            Ok(app::on_staking_payment(self)?)
        }

        /// See `lst_app::stake_account::unlock`.
        #[ink(message)]
        pub fn unlock(&mut self, amount: U256) -> Result<()> {
            Ok(app::unlock(self, lst_ink_common::to_core(amount))?)
        }

        /// See `lst_app::stake_account::withdraw`.
        #[ink(message)]
        pub fn withdraw(&mut self) -> Result<U256> {
            Ok(from_core(app::withdraw(self)?))
        }

        /// The account's wiring: (manager, `Staking`, validator operator).
        #[ink(message)]
        pub fn wiring(&self) -> (Address, Address, Address) {
            (self.manager, self.staking, self.operator)
        }
    }
}

#[cfg(test)]
mod tests;
