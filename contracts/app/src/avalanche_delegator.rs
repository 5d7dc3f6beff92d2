//! `AvalancheDelegator`: the AVAX pool's operator side, its deposit address
//! on the project's chains. It spreads the pool's stake over a set of
//! validators — each a `StakeAccount` ([`crate::stake_account`]) owning its
//! own stake pool in `Staking`, run by its own operator — by the policies
//! of [`lst_core::delegation`]:
//!
//! - AVAX the pool's operator collects arrives here ([`on_staking_payment`]
//!   from the pool) and goes whole to the validator furthest below an equal
//!   share that can take it; [`stake_room`] says how much one collection
//!   can take now, and the pool refuses more by name before it pays.
//! - The pool's operator unlocks stake for the unstake queue
//!   ([`unlock_stakes`]): from retiring validators first, then from the
//!   most active stake down. Once a lockup has passed anyone brings the
//!   stake back ([`withdraw_stakes`]): each account pays it here and it goes
//!   straight on to the pool.
//! - Rewards are measured, not typed ([`report_rewards`], anyone): the
//!   pool's balance, this contract's and every account's, and the stake in
//!   every bucket of every validator, over what the pool owes; the core
//!   reports the largest part the feed's bound allows, through the pool.
//! - The pool's owner adds validators ([`add_validator`]) and retires them
//!   ([`retire_validator`]), both scheduled changes (an addition before
//!   anything was ever delegated applies at once, so a deployment starts
//!   with its set). A retired validator takes no more stake, all of its
//!   active stake is unlocked at once, and it leaves the set once
//!   everything it held is back: no user loses anything.
//!
//! No funds held between calls. Every message changes its state before its
//! calls; the calls that come back are the accounts' payments, taken from
//! accounts of the set alone.

use crate::calls::{avalanche_pool, feed, stake_account, staking};
use crate::{emit, non_zero, timelock, Address, Error, Host, Result, U256};
use alloc::vec::Vec;
use lst_core::delegation::{self, Validator, MAX_VALIDATORS};
use lst_core::ledger::{MeasuredReport, PoolLedger};
use lst_core::validator::StakePool;
use lst_core::CoreError;

/// The delegator's wiring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wiring {
    /// The AVAX pool it serves.
    pub pool: Address,
    /// The validator staking contract.
    pub staking: Address,
}

/// One validator of the set: its stake account, and whether it is being
/// retired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Member {
    /// The `StakeAccount` that owns its stake pool.
    pub account: Address,
    /// Retired: takes no more stake, leaves once everything is back.
    pub retiring: bool,
}

/// The delegator's storage, as each platform lays it out (the waiting
/// additions and retirements are [`timelock::Store`]'s).
pub trait Store: timelock::Store {
    /// The wiring.
    fn wiring(&self) -> Wiring;
    /// Stores the wiring (at deployment).
    fn set_wiring(&mut self, wiring: Wiring);
    /// How many validators the set holds.
    fn member_count(&self) -> u32;
    /// The validator at `index` of the set.
    fn member(&self, index: u32) -> Option<Member>;
    /// Stores the validator at `index` (an existing index).
    fn set_member(&mut self, index: u32, member: Member);
    /// Appends a validator to the set.
    fn push_member(&mut self, member: Member);
    /// Drops the set's last validator.
    fn pop_member(&mut self);
    /// Whether any stake was ever delegated (additions then wait).
    fn delegating(&self) -> bool;
    /// Records that stake was delegated.
    fn set_delegating(&mut self);
}

crate::events! {
    /// AVAX the pool collected, staked with the validator of `account`.
    StakesDelegated = "StakesDelegated(address,uint256)" { topics { account: Address } data { amount: U256 } }
    /// Stake of `account`'s validator unlocking for the queue.
    StakesUnlocked = "StakesUnlocked(address,uint256)" { topics { account: Address } data { amount: U256 } }
    /// Unlocked stake brought back to the pool, from every validator.
    StakesWithdrawn = "StakesWithdrawn(uint256)" { topics {} data { amount: U256 } }
    /// A measured report: the growth found, the part reported to the pool,
    /// and the part carried to the next report (past the feed's bound).
    RewardsMeasured = "RewardsMeasured(uint256,uint256,uint256)" {
        topics {} data { growth: U256, reported: U256, carried: U256 }
    }
    /// The validator of `account` joined the set.
    ValidatorAdded = "ValidatorAdded(address)" { topics { account: Address } data {} }
    /// The validator of `account` was retired; `unlocked` of its stake
    /// started unlocking.
    ValidatorRetired = "ValidatorRetired(address,uint256)" { topics { account: Address } data { unlocked: U256 } }
    /// A retired validator left the set, everything it held back.
    ValidatorRemoved = "ValidatorRemoved(address)" { topics { account: Address } data {} }
}

const ADD_VALIDATOR: [u8; 4] = crate::abi::selector("addValidator(address)");
const RETIRE_VALIDATOR: [u8; 4] = crate::abi::selector("retireValidator(address)");

/// Deployment: wires the delegator to its pool and `Staking`
/// (`ZeroAddress` for a zero one); additions and retirements wait
/// `change_delay_secs` (`ChangeDelayOutOfRange` outside one hour to 30
/// days). The set starts empty.
pub fn init<C: Host + Store>(c: &mut C, pool: Address, staking: Address, change_delay_secs: u64) -> Result<()> {
    let wiring = Wiring { pool: non_zero(pool)?, staking: non_zero(staking)? };
    timelock::init(c, change_delay_secs)?;
    c.set_wiring(wiring);
    Ok(())
}

/// The set, in order.
pub fn members<C: Store>(c: &C) -> Vec<Member> {
    (0..c.member_count()).filter_map(|i| c.member(i)).collect()
}

/// `validators()`: the stake accounts of the set, in order.
pub fn validators<C: Store>(c: &C) -> Vec<Address> {
    members(c).iter().map(|m| m.account).collect()
}

/// `isRetiring(account)`: whether `account`'s validator is being retired
/// (`NotInValidatorSet` for an account outside the set).
pub fn is_retiring<C: Store>(c: &C, account: Address) -> Result<bool> {
    Ok(find(c, account)?.1.retiring)
}

fn find<C: Store>(c: &C, account: Address) -> Result<(u32, Member)> {
    (0..c.member_count())
        .find_map(|i| c.member(i).filter(|m| m.account == account).map(|m| (i, m)))
        .ok_or(Error::Core(CoreError::NotInValidatorSet))
}

/// Refuses anyone but the pool's owner (`Unauthorized`).
fn only_pool_owner<C: Host + Store>(c: &C) -> Result<()> {
    let caller = c.caller();
    if caller != avalanche_pool::owner(c, c.wiring().pool)? {
        return Err(Error::Unauthorized { account: caller });
    }
    Ok(())
}

/// `account`'s stake pool in `Staking`: empty before its first stake (when
/// `Staking` answers `StakePoolNotFound`).
fn stake_pool_of<C: Host + Store>(c: &C, account: Address) -> Result<StakePool> {
    match staking::read_pool(c, c.wiring().staking, account) {
        Err(Error::Revert(data)) if data.as_slice() == CoreError::StakePoolNotFound.selector().as_slice() => {
            Ok(StakePool::default())
        }
        other => other,
    }
}

/// The set as the policies see it: each validator's stake, active stake,
/// room for a deposit now, and whether it retires.
fn policy_view<C: Host + Store>(c: &C) -> Result<Vec<(Member, Validator)>> {
    let staking = c.wiring().staking;
    let (power, config) = (staking::joining_power(c, staking)?, staking::config(c, staking)?);
    let mut set = Vec::new();
    for member in members(c) {
        let pool = stake_pool_of(c, member.account)?;
        let validator = Validator {
            staked: pool.total()?,
            active: pool.active,
            room: pool.deposit_room(&power, &config)?,
            retiring: member.retiring,
        };
        set.push((member, validator));
    }
    Ok(set)
}

fn validators_of(set: &[(Member, Validator)]) -> Vec<Validator> {
    set.iter().map(|(_, v)| *v).collect()
}

// --- the set ---

/// `addValidator(account)`, the pool's owner, scheduled: adds the
/// validator whose `StakeAccount` is `account` (managed by this delegator
/// and staking in its `Staking`, else `InvalidRoleAccount`). Before
/// anything was ever delegated it applies at once; afterwards the first
/// call schedules it and the same call after the delay applies it.
/// `AlreadyInValidatorSet` for one in the set; `ValidatorSetFull` past
/// [`MAX_VALIDATORS`].
pub fn add_validator<C: Host + Store>(c: &mut C, account: Address) -> Result<()> {
    only_pool_owner(c)?;
    if find(c, account).is_ok() {
        return Err(CoreError::AlreadyInValidatorSet.into());
    }
    if c.member_count() as usize >= MAX_VALIDATORS {
        return Err(CoreError::ValidatorSetFull.into());
    }
    let (manager, account_staking, _) = stake_account::wiring(c, account)?;
    if manager != c.this() || account_staking != c.wiring().staking {
        return Err(CoreError::InvalidRoleAccount.into());
    }
    if c.delegating() && !timelock::request(c, timelock::key(ADD_VALIDATOR, account), U256::from(1u8))? {
        return Ok(());
    }
    c.push_member(Member { account, retiring: false });
    emit(c, ValidatorAdded { account });
    Ok(())
}

/// `retireValidator(account)`, the pool's owner, scheduled: the first call
/// schedules it, the same call after the delay retires the validator — it
/// takes no more stake, all of its active stake starts unlocking at once,
/// and it leaves the set once everything it held is back
/// ([`withdraw_stakes`]). `NotInValidatorSet` for one outside the set or
/// already retiring.
pub fn retire_validator<C: Host + Store>(c: &mut C, account: Address) -> Result<()> {
    only_pool_owner(c)?;
    let (index, member) = find(c, account)?;
    if member.retiring {
        return Err(CoreError::NotInValidatorSet.into());
    }
    if !timelock::request(c, timelock::key(RETIRE_VALIDATOR, account), U256::from(1u8))? {
        return Ok(());
    }
    c.set_member(index, Member { account, retiring: true });
    let active = stake_pool_of(c, account)?.active;
    if !active.is_zero() {
        stake_account::unlock(c, account, active)?;
    }
    emit(c, ValidatorRetired { account, unlocked: active });
    Ok(())
}

/// `cancelChange(key)`, the pool's owner: drops a waiting addition or
/// retirement (`NoChangePending` when none waits).
pub fn cancel_change<C: Host + Store>(c: &mut C, key: [u8; 32]) -> Result<()> {
    only_pool_owner(c)?;
    Ok(timelock::cancel(c, key)?)
}

// --- stake ---

/// `stakeRoom()`: how much one `collectStakes` can take now — the largest
/// room of a validator not retiring ([`delegation::collectable`]).
pub fn stake_room<C: Host + Store>(c: &C) -> Result<U256> {
    Ok(delegation::collectable(&validators_of(&policy_view(c)?)))
}

/// `onStakingPayment()`, payable: from the pool, collected AVAX, staked
/// whole with the validator the deposit policy picks (`CollectAboveRoom`
/// when none can take it); from an account of the set, withdrawn stake,
/// which [`withdraw_stakes`] passes on. Anyone else: `Unauthorized`.
pub fn on_staking_payment<C: Host + Store>(c: &mut C) -> Result<()> {
    let caller = c.caller();
    if find(c, caller).is_ok() {
        return Ok(());
    }
    if caller != c.wiring().pool {
        return Err(Error::Unauthorized { account: caller });
    }
    let amount = c.value();
    let set = policy_view(c)?;
    let target = delegation::deposit_target(&validators_of(&set), amount)?;
    let account = set.get(target).map(|(m, _)| m.account).ok_or(Error::Core(CoreError::CollectAboveRoom))?;
    c.set_delegating();
    stake_account::pay(c, account, amount)?;
    emit(c, StakesDelegated { account, amount });
    Ok(())
}

/// `unlockStakes(amount)`, the pool's operator: unlocks `amount` of active
/// stake for the queue, by the unlock policy (`InsufficientStake` when the
/// set's active stake is short); it keeps earning until its lockup ends.
pub fn unlock_stakes<C: Host + Store>(c: &mut C, amount: U256) -> Result<()> {
    let caller = c.caller();
    if caller != avalanche_pool::operator(c, c.wiring().pool)? {
        return Err(Error::Unauthorized { account: caller });
    }
    let set = policy_view(c)?;
    let plan = delegation::unlock_plan(&validators_of(&set), amount)?;
    for ((member, _), give) in set.iter().zip(plan.iter()) {
        if !give.is_zero() {
            stake_account::unlock(c, member.account, *give)?;
            emit(c, StakesUnlocked { account: member.account, amount: *give });
        }
    }
    Ok(())
}

/// `withdrawStakes()`, anyone: brings every unlocked AVAX whose lockup has
/// ended back from every validator to the pool — with anything else the
/// delegator holds — drops retired validators that hold nothing any more
/// (`ValidatorRemoved`), and returns how much went to the pool.
/// `ZeroAmount` when nothing is withdrawable and no validator leaves.
pub fn withdraw_stakes<C: Host + Store>(c: &mut C) -> Result<U256> {
    let now = c.now();
    let mut emptied = Vec::new();
    let mut any = false;
    for member in members(c) {
        let pool = stake_pool_of(c, member.account)?;
        let withdrawable = pool.withdrawable(now)?;
        if !withdrawable.is_zero() {
            any = true;
            stake_account::withdraw(c, member.account)?;
        }
        if member.retiring && pool.total()? == withdrawable {
            emptied.push(member.account);
        }
    }
    if !any && emptied.is_empty() {
        return Err(CoreError::ZeroAmount.into());
    }
    for account in emptied {
        remove(c, account)?;
        emit(c, ValidatorRemoved { account });
    }
    let amount = c.balance(c.this());
    if !amount.is_zero() {
        avalanche_pool::pay(c, c.wiring().pool, amount)?;
        emit(c, StakesWithdrawn { amount });
    }
    Ok(amount)
}

/// Takes `account` out of the set: the last validator moves into its place.
fn remove<C: Store>(c: &mut C, account: Address) -> Result<()> {
    let (index, _) = find(c, account)?;
    let last = c.member_count().saturating_sub(1);
    if index != last {
        if let Some(moved) = c.member(last) {
            c.set_member(index, moved);
        }
    }
    c.pop_member();
    Ok(())
}

// --- rewards ---

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

/// Everything the pool's AVAX is now: the pool's balance, this contract's,
/// and every account's balance and stake in every bucket.
fn holdings<C: Host + Store>(c: &C) -> Result<U256> {
    let overflow = Error::Core(CoreError::MathOverflow);
    let mut held = c.balance(c.wiring().pool).checked_add(c.balance(c.this())).ok_or(overflow.clone())?;
    for member in members(c) {
        let staked = stake_pool_of(c, member.account)?.total()?;
        held =
            held.checked_add(c.balance(member.account)).and_then(|h| h.checked_add(staked)).ok_or(overflow.clone())?;
    }
    Ok(held)
}

/// The growth and what of it the feed's bound lets through now.
fn measure<C: Host + Store>(c: &C) -> Result<(U256, MeasuredReport)> {
    let w = c.wiring();
    let (pooled_assets, supply_shares) = avalanche_pool::ledger(c, w.pool)?;
    let ledger = PoolLedger { pooled_assets, supply_shares };
    let (feed_address, cert) = avalanche_pool::feed_and_cert(c, w.pool)?;
    Ok(ledger.measure(
        holdings(c)?,
        avalanche_pool::owed_to_queue(c, w.pool)?,
        avalanche_pool::fee_bps(c, w.pool)?,
        feed::get_ratio_for(c, feed_address, cert)?,
        feed::threshold_bps(c, feed_address, cert)?,
    )?)
}

#[cfg(test)]
mod tests;
