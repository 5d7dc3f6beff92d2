//! StakeAccount, for Arbitrum Stylus: the AVAX pool's stake at one
//! validator. Every message is [`lst_app::stake_account`]'s, where an
//! auditor reads it once for both platforms; this crate lays out the
//! storage, declares the ABI and dispatches to it.
//!
//! Its deployable is built with stylus-sdk's `reentrant` feature: `Staking`
//! pays withdrawn stake while `withdraw` is calling it. Every message
//! changes its state before its external calls, and the only call that can
//! come back is that payment, accepted from `Staking` alone.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, U256};
use lst_app::stake_account::{self as app, Wiring};
use lst_stylus_common::Failure;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool},
};

lst_stylus_common::sol_abi! {
    /// AVAX the manager paid, staked in the account's stake pool.
    #[derive(Debug, PartialEq, Eq)]
    event StakesDelegated(uint256 amount);
    /// Stake unlocking for the queue (withdrawable after the lockup).
    #[derive(Debug, PartialEq, Eq)]
    event StakesUnlocked(uint256 amount);
    /// Unlocked stake brought back from `Staking` to the manager.
    #[derive(Debug, PartialEq, Eq)]
    event StakesWithdrawn(uint256 amount);
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::STAKE_ACCOUNT;

/// The account's wiring and whether its stake pool exists.
#[entrypoint]
#[storage]
pub struct StakeAccount {
    manager: StorageAddress,
    staking: StorageAddress,
    operator: StorageAddress,
    /// Whether the stake pool exists (created by the first payment).
    delegating: StorageBool,
}

lst_stylus_common::app_host!(StakeAccount);

impl app::Store for StakeAccount {
    fn wiring(&self) -> Wiring {
        Wiring {
            manager: self.manager.get().into_array(),
            staking: self.staking.get().into_array(),
            operator: self.operator.get().into_array(),
        }
    }

    fn set_wiring(&mut self, wiring: Wiring) {
        self.manager.set(Address::from(wiring.manager));
        self.staking.set(Address::from(wiring.staking));
        self.operator.set(Address::from(wiring.operator));
    }

    fn delegating(&self) -> bool {
        self.delegating.get()
    }

    fn set_delegating(&mut self) {
        self.delegating.set(true);
    }
}

/// The ABI entry points: each runs the message of [`lst_app::stake_account`].
#[public]
impl StakeAccount {
    /// See [`app::init`].
    #[constructor]
    pub fn constructor(&mut self, manager: Address, staking: Address, operator: Address) -> Result<(), Failure> {
        Ok(app::init(self, manager.into_array(), staking.into_array(), operator.into_array())?)
    }

    /// See [`app::on_staking_payment`].
    #[payable]
    pub fn on_staking_payment(&mut self) -> Result<(), Failure> {
        Ok(app::on_staking_payment(self)?)
    }

    /// See [`app::unlock`].
    pub fn unlock(&mut self, amount: U256) -> Result<(), Failure> {
        Ok(app::unlock(self, amount)?)
    }

    /// See [`app::withdraw`].
    pub fn withdraw(&mut self) -> Result<U256, Failure> {
        Ok(app::withdraw(self)?)
    }

    /// The account's wiring: (manager, `Staking`, validator operator).
    pub fn wiring(&self) -> (Address, Address, Address) {
        let w = app::Store::wiring(self);
        (Address::from(w.manager), Address::from(w.staking), Address::from(w.operator))
    }
}

#[cfg(test)]
mod tests;
