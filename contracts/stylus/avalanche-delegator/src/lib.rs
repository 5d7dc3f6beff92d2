//! AvalancheDelegator, for Arbitrum Stylus: the AVAX pool's operator side.
//! Every message is [`lst_app::avalanche_delegator`]'s, where an auditor
//! reads it once for both platforms; this crate lays out the storage,
//! declares the ABI and dispatches to it.
//!
//! It is a contract of its own because the pool with these functions was
//! over the Stylus size budget (22.8 kB of 20 kB); the pool's user-facing
//! ABI did not change. Its deployable is built with stylus-sdk's
//! `reentrant` feature: `Staking` pays withdrawn stake while
//! `withdrawStakes` is calling it. Every message changes its state before
//! its external calls, and the only call that can come back is that
//! payment, accepted from `Staking` alone.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, U256};
use lst_app::avalanche_delegator::{self as app, Wiring};
use lst_stylus_common::Failure;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool},
};

lst_stylus_common::sol_abi! {
    /// AVAX the pool collected, staked in its stake pool in `Staking`.
    #[derive(Debug, PartialEq, Eq)]
    event StakesDelegated(uint256 amount);
    /// Delegated AVAX unlocking for the queue (withdrawable after the lockup).
    #[derive(Debug, PartialEq, Eq)]
    event StakesUnlocked(uint256 amount);
    /// Unlocked AVAX brought back from `Staking` to the pool.
    #[derive(Debug, PartialEq, Eq)]
    event StakesWithdrawn(uint256 amount);
    /// A measured report: the growth found, the part reported to the pool,
    /// and the part carried to the next report (past the feed's bound).
    #[derive(Debug, PartialEq, Eq)]
    event RewardsMeasured(uint256 growth, uint256 reported, uint256 carried);
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::AVALANCHE_DELEGATOR;

/// The delegator's wiring (it keeps no other state).
#[entrypoint]
#[storage]
pub struct AvalancheDelegator {
    pool: StorageAddress,
    staking: StorageAddress,
    validator_operator: StorageAddress,
    /// Whether the stake pool exists (created by the first payment).
    delegating: StorageBool,
}

lst_stylus_common::app_host!(AvalancheDelegator);

impl app::Store for AvalancheDelegator {
    fn wiring(&self) -> Wiring {
        Wiring {
            pool: self.pool.get().into_array(),
            staking: self.staking.get().into_array(),
            validator_operator: self.validator_operator.get().into_array(),
        }
    }

    fn set_wiring(&mut self, wiring: Wiring) {
        self.pool.set(Address::from(wiring.pool));
        self.staking.set(Address::from(wiring.staking));
        self.validator_operator.set(Address::from(wiring.validator_operator));
    }

    fn delegating(&self) -> bool {
        self.delegating.get()
    }

    fn set_delegating(&mut self) {
        self.delegating.set(true);
    }
}

/// The ABI entry points: each runs the message of
/// [`lst_app::avalanche_delegator`].
#[public]
impl AvalancheDelegator {
    /// See [`app::init`].
    #[constructor]
    pub fn constructor(&mut self, pool: Address, staking: Address, validator_operator: Address) -> Result<(), Failure> {
        Ok(app::init(self, pool.into_array(), staking.into_array(), validator_operator.into_array())?)
    }

    /// See [`app::on_staking_payment`].
    #[payable]
    pub fn on_staking_payment(&mut self) -> Result<(), Failure> {
        Ok(app::on_staking_payment(self)?)
    }

    /// See [`app::unlock_stakes`].
    pub fn unlock_stakes(&mut self, amount: U256) -> Result<(), Failure> {
        Ok(app::unlock_stakes(self, amount)?)
    }

    /// See [`app::withdraw_stakes`].
    pub fn withdraw_stakes(&mut self) -> Result<U256, Failure> {
        Ok(app::withdraw_stakes(self)?)
    }

    /// See [`app::report_rewards`].
    pub fn report_rewards(&mut self) -> Result<(), Failure> {
        Ok(app::report_rewards(self)?)
    }

    /// See [`app::measured_rewards`]: (growth, reported, carried).
    pub fn measured_rewards(&self) -> Result<(U256, U256, U256), Failure> {
        Ok(app::measured_rewards(self)?)
    }

    /// The delegator's wiring: (pool, `Staking`, validator operator).
    pub fn wiring(&self) -> (Address, Address, Address) {
        let w = app::Store::wiring(self);
        (Address::from(w.pool), Address::from(w.staking), Address::from(w.validator_operator))
    }
}

#[cfg(test)]
mod tests;
