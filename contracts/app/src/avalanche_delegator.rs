//! `AvalancheDelegator`: the AVAX pool's operator side, its deposit address
//! on the project's chains. It owns the pool's stake pool in `Staking`, run
//! by a validator operator fixed at deployment.
//!
//! - AVAX the pool's operator collects arrives here
//!   ([`on_staking_payment`] from the pool) and is staked at once: the first
//!   payment creates the stake pool, later ones add to it.
//! - The pool's operator unlocks stake for the unstake queue
//!   ([`unlock_stakes`]); once the lockup has passed anyone brings it back
//!   ([`withdraw_stakes`]): `Staking` pays it here (a call back into this
//!   contract while `withdraw` runs) and it goes straight on to the pool.
//! - Rewards are measured, not typed ([`report_rewards`], anyone): the
//!   pool's balance, this contract's and the stake in every bucket over what
//!   the pool owes is the growth; the core reports the largest part the
//!   feed's bound allows, through the pool, and the rest stays for the next
//!   report.
//!
//! No admin, no funds held between calls. Every message changes its state
//! before its calls, and the only call that comes back is `Staking`'s
//! payment, taken from `Staking` alone.

use crate::calls::{avalanche_pool, feed, staking};
use crate::{emit, non_zero, Address, Error, Host, Result, U256};
use lst_core::ledger::{MeasuredReport, PoolLedger};
use lst_core::validator::{StakePool, ValidatorState};
use lst_core::CoreError;

/// The delegator's wiring, the whole of its storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wiring {
    /// The AVAX pool it serves.
    pub pool: Address,
    /// The validator staking contract.
    pub staking: Address,
    /// Runs the stake pool's validator (its voter too).
    pub validator_operator: Address,
}

/// The delegator's storage, as each platform lays it out.
pub trait Store {
    /// The wiring.
    fn wiring(&self) -> Wiring;
    /// Stores the wiring (at deployment).
    fn set_wiring(&mut self, wiring: Wiring);
    /// Whether the stake pool exists (created by the first payment).
    fn delegating(&self) -> bool;
    /// Records that the stake pool exists.
    fn set_delegating(&mut self);
}

crate::events! {
    /// AVAX the pool collected, staked in its stake pool in `Staking`.
    StakesDelegated = "StakesDelegated(uint256)" { topics {} data { amount: U256 } }
    /// Delegated AVAX unlocking for the queue (withdrawable after the lockup).
    StakesUnlocked = "StakesUnlocked(uint256)" { topics {} data { amount: U256 } }
    /// Unlocked AVAX brought back from `Staking` to the pool.
    StakesWithdrawn = "StakesWithdrawn(uint256)" { topics {} data { amount: U256 } }
    /// A measured report: the growth found, the part reported to the pool,
    /// and the part carried to the next report (past the feed's bound).
    RewardsMeasured = "RewardsMeasured(uint256,uint256,uint256)" {
        topics {} data { growth: U256, reported: U256, carried: U256 }
    }
}

/// Deployment: wires the delegator to its pool and `Staking` and names the
/// validator operator that will run the stake pool; `ZeroAddress` for a
/// zero one.
pub fn init<C: Store>(c: &mut C, pool: Address, staking: Address, validator_operator: Address) -> Result<()> {
    let wiring = Wiring {
        pool: non_zero(pool)?,
        staking: non_zero(staking)?,
        validator_operator: non_zero(validator_operator)?,
    };
    c.set_wiring(wiring);
    Ok(())
}

/// `onStakingPayment()`, payable: from the pool, collected AVAX, staked at
/// once (the first payment creates the stake pool, run by the validator
/// operator); from `Staking`, withdrawn stake, which [`withdraw_stakes`]
/// passes on. Anyone else: `Unauthorized`.
pub fn on_staking_payment<C: Host + Store>(c: &mut C) -> Result<()> {
    let caller = c.caller();
    let w = c.wiring();
    if caller == w.staking {
        return Ok(());
    }
    if caller != w.pool {
        return Err(Error::Unauthorized { account: caller });
    }
    let amount = c.value();
    if c.delegating() {
        staking::add_stake(c, w.staking, amount)?;
    } else {
        c.set_delegating();
        staking::initialize_stake_pool(c, w.staking, amount, w.validator_operator, w.validator_operator)?;
    }
    emit(c, StakesDelegated { amount });
    Ok(())
}

/// `unlockStakes(amount)`, the pool's operator: unlocks active stake for
/// the queue; it keeps earning until the lockup ends. `Staking`'s errors
/// (`InsufficientStake`, …) pass on.
pub fn unlock_stakes<C: Host + Store>(c: &mut C, amount: U256) -> Result<()> {
    let caller = c.caller();
    let w = c.wiring();
    if caller != avalanche_pool::operator(c, w.pool)? {
        return Err(Error::Unauthorized { account: caller });
    }
    staking::unlock(c, w.staking, amount)?;
    emit(c, StakesUnlocked { amount });
    Ok(())
}

/// `withdrawStakes()`, anyone: brings every unlocked AVAX whose lockup has
/// ended back from `Staking` to the pool — with anything else the delegator
/// holds — and returns how much went to the pool. `ZeroAmount` when nothing
/// is withdrawable.
pub fn withdraw_stakes<C: Host + Store>(c: &mut C) -> Result<U256> {
    let w = c.wiring();
    let withdrawable = stake_pool(c)?.withdrawable(c.now())?;
    if withdrawable.is_zero() {
        return Err(CoreError::ZeroAmount.into());
    }
    staking::withdraw(c, w.staking, withdrawable)?;
    let amount = c.balance(c.this());
    avalanche_pool::pay(c, w.pool, amount)?;
    emit(c, StakesWithdrawn { amount });
    Ok(amount)
}

/// `reportRewards()`, anyone: measures the rewards and reports to the pool
/// the largest part of the growth the feed's bound allows; the pool takes
/// the fee and moves the ratio. Open to anyone: the amount is measured, not
/// chosen, and the feed's minimum interval bounds how often the ratio
/// moves, so a caller picks only the moment. `NoRewardsToReport` when there
/// is nothing to report; the pool's and the feed's errors pass on.
pub fn report_rewards<C: Host + Store>(c: &mut C) -> Result<()> {
    let (growth, report) = measure(c)?;
    if report.reported.is_zero() {
        return Err(CoreError::NoRewardsToReport.into());
    }
    avalanche_pool::report_rewards(c, c.wiring().pool, report.reported)?;
    emit(c, RewardsMeasured { growth, reported: report.reported, carried: report.carried });
    Ok(())
}

/// `measuredRewards()`: what a report now would find (growth, reported,
/// carried).
pub fn measured_rewards<C: Host + Store>(c: &C) -> Result<(U256, U256, U256)> {
    let (growth, report) = measure(c)?;
    Ok((growth, report.reported, report.carried))
}

/// The stake pool in `Staking` (empty before the first payment).
fn stake_pool<C: Host + Store>(c: &C) -> Result<StakePool> {
    if !c.delegating() {
        return Ok(StakePool::default());
    }
    let w = c.wiring();
    let me = c.this();
    let [active, inactive, pending_active, pending_inactive] = staking::get_stake(c, w.staking, me)?;
    let (state, locked_until_secs, _) = staking::state_lockup_operator(c, w.staking, me)?;
    Ok(StakePool {
        active,
        inactive,
        pending_active,
        pending_inactive,
        locked_until_secs,
        // `Staking` answers a valid code; anything else counts as in the
        // set, so nothing unlocking becomes withdrawable early.
        state: ValidatorState::from_code(state).unwrap_or(ValidatorState::Active),
        ..StakePool::default()
    })
}

/// The growth and what of it the feed's bound lets through now.
fn measure<C: Host + Store>(c: &C) -> Result<(U256, MeasuredReport)> {
    let w = c.wiring();
    let (pooled_assets, supply_shares) = avalanche_pool::ledger(c, w.pool)?;
    let ledger = PoolLedger { pooled_assets, supply_shares };
    let (feed_address, cert) = avalanche_pool::feed_and_cert(c, w.pool)?;
    let staked = stake_pool(c)?.total()?;
    let holdings = c
        .balance(w.pool)
        .checked_add(c.balance(c.this()))
        .and_then(|held| held.checked_add(staked))
        .ok_or(Error::Core(CoreError::MathOverflow))?;
    Ok(ledger.measure(
        holdings,
        avalanche_pool::owed_to_queue(c, w.pool)?,
        avalanche_pool::fee_bps(c, w.pool)?,
        feed::get_ratio_for(c, feed_address, cert)?,
        feed::threshold_bps(c, feed_address, cert)?,
    )?)
}

#[cfg(test)]
mod tests;
