//! AvalancheDelegator, for Arbitrum Stylus: the AVAX pool's operator side.
//! The pool's deposit address on the project's chains: it owns the pool's
//! stake pool in the validator staking contract (`Staking`), run by a
//! validator operator fixed at deployment.
//!
//! - AVAX the pool's operator collects arrives here (`onStakingPayment`
//!   from the pool) and is staked at once: the first payment creates the
//!   stake pool, later ones add to it.
//! - The pool's operator unlocks stake for the unstake queue
//!   (`unlockStakes`); once the lockup has passed anyone brings it back
//!   (`withdrawStakes`): `Staking` pays it here and it goes straight on to
//!   the pool, where `serveClaims` uses it.
//! - Rewards are measured, not typed (`reportRewards`, anyone): what the
//!   pool and the delegator hold — the pool's balance, this contract's, and
//!   the stake in every bucket of `Staking` — over what the pool owes (its
//!   pooled AVAX and its queue's dues) is the growth; the core reports the
//!   largest part the feed's bound allows, through the pool, and leaves the
//!   rest unaccounted, where the next report finds it again.
//!
//! It is a contract of its own because the pool with these functions was
//! over the Stylus size budget (22.8 kB of 20 kB); the pool's user-facing
//! ABI did not change. It holds no funds between calls and has no admin.
//! Its deployable is built with stylus-sdk's `reentrant` feature: `Staking`
//! pays withdrawn stake while `withdrawStakes` is calling it. Every function
//! changes its state before its external calls, and the only call that can
//! come back is that payment, accepted from `Staking` alone.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, U256};
use lst_core::{
    ledger::{MeasuredReport, PoolLedger},
    validator::{StakePool, ValidatorState},
    CoreError,
};
use lst_stylus_common::{
    interfaces::{IAvalanchePool, IRatioFeed, IStaking},
    Unauthorized, ZeroAddress,
};
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

lst_stylus_common::contract_error! {
    /// Every way a call to the delegator fails.
    pub enum Error {
        /// A protocol rule of the core (`ZeroAmount`, `NoRewardsToReport`, …).
        Core(CoreError) => core,
        /// See [`Unauthorized`]: not the pool's operator, or a payment from
        /// neither the pool nor `Staking`.
        Unauthorized(Unauthorized) => sol,
        /// See [`ZeroAddress`].
        ZeroAddress(ZeroAddress) => sol,
        /// A called contract's revert (pool, feed, `Staking`), passed through.
        Call(Vec<u8>) => raw,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
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

fn non_zero(account: Address) -> Result<Address, Error> {
    if account.is_zero() {
        return Err(Error::ZeroAddress(ZeroAddress {}));
    }
    Ok(account)
}

impl AvalancheDelegator {
    fn staking_contract(&self) -> IStaking {
        IStaking::new(self.staking.get())
    }

    /// The stake pool in `Staking` (empty before the first payment).
    fn stake_pool(&self) -> Result<StakePool, Error> {
        if !self.delegating.get() {
            return Ok(StakePool::default());
        }
        let staking = self.staking_contract();
        let me = self.vm().contract_address();
        let [active, inactive, pending_active, pending_inactive] =
            staking.get_stake(self.vm(), me).map_err(Error::Call)?;
        let (state, locked_until_secs) = staking.state_and_lockup(self.vm(), me).map_err(Error::Call)?;
        Ok(StakePool {
            active,
            inactive,
            pending_active,
            pending_inactive,
            locked_until_secs,
            // `Staking` answers a valid code; anything else counts as in the
            // set, so nothing unlocking becomes withdrawable early.
            state: ValidatorState::from_code(state).unwrap_or(ValidatorState::Active),
            commission_bps: 0,
        })
    }

    /// The measurement a report would make now: the growth and what of it
    /// the feed's bound lets through.
    fn measure(&self) -> Result<(U256, MeasuredReport), Error> {
        let vm = self.vm();
        let pool = IAvalanchePool::new(self.pool.get());
        let (pooled_assets, supply_shares) = pool.ledger(vm).map_err(Error::Call)?;
        let ledger = PoolLedger { pooled_assets, supply_shares };
        let (feed_address, cert) = pool.feed_and_cert(vm).map_err(Error::Call)?;
        let feed = IRatioFeed::new(feed_address);
        let staked = self.stake_pool()?.total()?;
        let holdings = vm
            .balance(self.pool.get())
            .checked_add(vm.balance(vm.contract_address()))
            .and_then(|held| held.checked_add(staked))
            .ok_or(Error::Core(CoreError::MathOverflow))?;
        let owed = pool.owed_to_queue(vm).map_err(Error::Call)?;
        Ok(ledger.measure(
            holdings,
            owed,
            pool.fee_bps(vm).map_err(Error::Call)?,
            feed.get_ratio_for(vm, cert).map_err(Error::Call)?,
            feed.threshold_bps(vm, cert).map_err(Error::Call)?,
        )?)
    }
}

#[public]
impl AvalancheDelegator {
    /// Wires the delegator to its pool and `Staking`, and names the
    /// validator operator that will run the stake pool (its voter too).
    #[constructor]
    pub fn constructor(&mut self, pool: Address, staking: Address, validator_operator: Address) -> Result<(), Error> {
        self.pool.set(non_zero(pool)?);
        self.staking.set(non_zero(staking)?);
        self.validator_operator.set(non_zero(validator_operator)?);
        Ok(())
    }

    /// Takes a payment: from the pool, collected AVAX, staked at once (the
    /// first creates the stake pool, run by the validator operator); from
    /// `Staking`, withdrawn stake, which `withdrawStakes` passes on.
    /// Anyone else: `Unauthorized`.
    #[payable]
    pub fn on_staking_payment(&mut self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller == self.staking.get() {
            return Ok(());
        }
        if caller != self.pool.get() {
            return Err(Error::Unauthorized(Unauthorized { account: caller }));
        }
        let amount = self.vm().msg_value();
        let staking = self.staking_contract();
        if self.delegating.get() {
            staking.add_stake(self.vm(), amount)
        } else {
            self.delegating.set(true);
            let operator = self.validator_operator.get();
            staking.initialize_stake_pool(self.vm(), amount, operator, operator)
        }
        .map_err(Error::Call)?;
        log(self.vm(), StakesDelegated { amount });
        Ok(())
    }

    /// The pool's operator: unlocks `amount` of active stake for the queue;
    /// it keeps earning until the lockup ends. `Staking`'s errors
    /// (`InsufficientStake`, ...) pass through.
    pub fn unlock_stakes(&mut self, amount: U256) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != IAvalanchePool::new(self.pool.get()).operator(self.vm()).map_err(Error::Call)? {
            return Err(Error::Unauthorized(Unauthorized { account: caller }));
        }
        self.staking_contract().unlock(self.vm(), amount).map_err(Error::Call)?;
        log(self.vm(), StakesUnlocked { amount });
        Ok(())
    }

    /// Anyone: brings every unlocked AVAX whose lockup has ended back from
    /// `Staking` to the pool — with anything else the delegator holds — and
    /// returns how much went to the pool. `ZeroAmount` when nothing is
    /// withdrawable.
    pub fn withdraw_stakes(&mut self) -> Result<U256, Error> {
        let withdrawable = self.stake_pool()?.withdrawable(self.vm().block_timestamp())?;
        if withdrawable.is_zero() {
            return Err(Error::Core(CoreError::ZeroAmount));
        }
        self.staking_contract().withdraw(self.vm(), withdrawable).map_err(Error::Call)?;
        let amount = self.vm().balance(self.vm().contract_address());
        IAvalanchePool::new(self.pool.get()).pay(self.vm(), amount).map_err(Error::Call)?;
        log(self.vm(), StakesWithdrawn { amount });
        Ok(amount)
    }

    /// Anyone: measures the rewards and reports to the pool the largest
    /// part of the growth the feed's bound allows; the pool takes the fee
    /// and moves the ratio. Open to anyone: the amount is measured, not
    /// chosen, and the feed's minimum interval bounds how often the ratio
    /// moves, so a caller picks only the moment — and the ratio stays live
    /// without the operator. `NoRewardsToReport` when there is nothing to
    /// report; the pool's `EnforcedPause` while it is paused (the fee
    /// mints), its feed's errors as they are.
    pub fn report_rewards(&mut self) -> Result<(), Error> {
        let (growth, report) = self.measure()?;
        if report.reported.is_zero() {
            return Err(Error::Core(CoreError::NoRewardsToReport));
        }
        IAvalanchePool::new(self.pool.get()).report_rewards(self.vm(), report.reported).map_err(Error::Call)?;
        log(self.vm(), RewardsMeasured { growth, reported: report.reported, carried: report.carried });
        Ok(())
    }

    /// What a report now would find: (growth, reported, carried).
    pub fn measured_rewards(&self) -> Result<(U256, U256, U256), Error> {
        let (growth, report) = self.measure()?;
        Ok((growth, report.reported, report.carried))
    }

    /// The delegator's wiring: (pool, `Staking`, validator operator).
    pub fn wiring(&self) -> (Address, Address, Address) {
        (self.pool.get(), self.staking.get(), self.validator_operator.get())
    }
}

#[cfg(test)]
mod tests;
