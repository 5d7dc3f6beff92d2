//! `StakeAccount`: the AVAX pool's stake at one validator. It owns one
//! stake pool in `Staking`, run by the validator operator named at its
//! deployment (its voter too), and moves stake only as its manager — the
//! pool's `AvalancheDelegator`, which spreads the pool's stake over a set of
//! such accounts — says:
//!
//! - AVAX the manager pays it ([`on_staking_payment`]) is staked at once:
//!   the first payment creates the stake pool, later ones add to it;
//! - the manager unlocks stake for the unstake queue ([`unlock`]);
//! - once the lockup has passed anyone brings unlocked stake back
//!   ([`withdraw`]): `Staking` pays it here (a call back into this contract
//!   while `withdraw` runs) and it goes straight on to the manager, which
//!   passes it to the pool (the pool takes stake back from its deposit
//!   address alone).
//!
//! No admin, no funds held between calls. Every message changes its state
//! before its calls, and the only call that comes back is `Staking`'s
//! payment, taken from `Staking` alone.

use crate::calls::{stake_account, staking};
use crate::{emit, non_zero, Address, Error, Host, Result, U256};
use lst_core::validator::StakePool;
use lst_core::CoreError;

/// The account's wiring, the whole of its storage but one flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wiring {
    /// The delegator that manages it, and where withdrawn stake goes.
    pub manager: Address,
    /// The validator staking contract.
    pub staking: Address,
    /// Runs the stake pool's validator (and votes with it).
    pub operator: Address,
}

/// The account's storage, as each platform lays it out.
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
    /// AVAX the manager paid, staked in the account's stake pool.
    StakesDelegated = "StakesDelegated(uint256)" { topics {} data { amount: U256 } }
    /// Stake unlocking for the queue (withdrawable after the lockup).
    StakesUnlocked = "StakesUnlocked(uint256)" { topics {} data { amount: U256 } }
    /// Unlocked stake brought back from `Staking` to the manager.
    StakesWithdrawn = "StakesWithdrawn(uint256)" { topics {} data { amount: U256 } }
}

/// Deployment: the account is managed by `manager` (which withdrawn stake
/// goes back to), stakes in `staking`, and its stake pool will be run by
/// `operator`; `ZeroAddress` for a zero one.
pub fn init<C: Store>(c: &mut C, manager: Address, staking: Address, operator: Address) -> Result<()> {
    let wiring = Wiring { manager: non_zero(manager)?, staking: non_zero(staking)?, operator: non_zero(operator)? };
    c.set_wiring(wiring);
    Ok(())
}

/// `onStakingPayment()`, payable: from the manager, AVAX to stake at once
/// (the first payment creates the stake pool, run by the operator); from
/// `Staking`, withdrawn stake, which [`withdraw`] passes on. Anyone else:
/// `Unauthorized`. `Staking`'s refusals pass on.
pub fn on_staking_payment<C: Host + Store>(c: &mut C) -> Result<()> {
    let caller = c.caller();
    let w = c.wiring();
    if caller == w.staking {
        return Ok(());
    }
    if caller != w.manager {
        return Err(Error::Unauthorized { account: caller });
    }
    let amount = c.value();
    if c.delegating() {
        staking::add_stake(c, w.staking, amount)?;
    } else {
        c.set_delegating();
        staking::initialize_stake_pool(c, w.staking, amount, w.operator, w.operator)?;
    }
    emit(c, StakesDelegated { amount });
    Ok(())
}

/// `unlock(amount)`, the manager: unlocks active stake for the queue; it
/// keeps earning until the lockup ends. `Staking`'s refusals
/// (`InsufficientStake`, …) pass on.
pub fn unlock<C: Host + Store>(c: &mut C, amount: U256) -> Result<()> {
    let caller = c.caller();
    let w = c.wiring();
    if caller != w.manager {
        return Err(Error::Unauthorized { account: caller });
    }
    staking::unlock(c, w.staking, amount)?;
    emit(c, StakesUnlocked { amount });
    Ok(())
}

/// `withdraw()`, anyone: brings every unlocked AVAX whose lockup has ended
/// back from `Staking` to the manager — with anything else the account
/// holds — and returns how much went. `ZeroAmount` when nothing is
/// withdrawable.
pub fn withdraw<C: Host + Store>(c: &mut C) -> Result<U256> {
    let w = c.wiring();
    let withdrawable = stake_pool(c)?.withdrawable(c.now())?;
    if withdrawable.is_zero() {
        return Err(CoreError::ZeroAmount.into());
    }
    staking::withdraw(c, w.staking, withdrawable)?;
    let amount = c.balance(c.this());
    stake_account::pay(c, w.manager, amount)?;
    emit(c, StakesWithdrawn { amount });
    Ok(amount)
}

/// The account's stake pool in `Staking` (empty before the first payment).
pub fn stake_pool<C: Host + Store>(c: &C) -> Result<StakePool> {
    if !c.delegating() {
        return Ok(StakePool::default());
    }
    staking::read_pool(c, c.wiring().staking, c.this())
}

#[cfg(test)]
mod tests;
