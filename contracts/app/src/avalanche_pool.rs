//! `AvalanchePool`: AVAX liquid staking into ankrAVAX certificates or
//! aAVAXb bonds, and a first-in first-out unstake queue.
//!
//! The pool keeps its own accounted totals ([`PoolLedger`]: pooled AVAX and
//! shares outstanding), never its raw balance, so a donation cannot move
//! the ratio. The ratio lives in the feed under the certificate's address;
//! a reward report computes the next one through the core and pushes it
//! through the feed's bounds (the pool is the certificate's one updater).
//!
//! Staked AVAX leaves the pool only for its deposit address
//! ([`collect_stakes`], with `onStakingPayment()`'s calldata): the
//! `AvalancheDelegator`, which stakes it and brings unlocked stake back
//! ([`on_staking_payment`]), and alone reports the rewards it measured
//! ([`report_rewards`]).
//!
//! Unstaking burns the tokens at once, fixes the AVAX owed at the current
//! ratio and queues a request ([`lst_core::queue`]). The operator serves
//! the queue from the free balance ([`serve_claims`], O(1) for any number
//! of requests); owners withdraw ([`withdraw_claim`]) or the operator
//! pushes a bounded batch ([`push_claims`]) in which a refusing recipient is
//! skipped. Pausing stops staking, claiming and reward reports, never the
//! withdrawal of claimable requests. A new deposit address (once one is
//! set), a new treasury and a higher fee are scheduled changes.

use crate::abi::Word;
use crate::ownable::{only_owner, Owned};
use crate::{calls, emit, non_zero, operator, pausable, timelock, Address, Error, Host, Result, U256};
use lst_core::ledger::{self, PoolLedger};
use lst_core::queue as core_queue;
pub use lst_core::queue::{QueueHeader, QueueStore, Request, RequestId, RequestStatus};
use lst_core::stake::StakeRules;
use lst_core::{rewards, CoreError};

/// Most requests one `pushClaims` call pays.
pub const MAX_PUSH_BATCH: u64 = 32;

/// The pool's storage, as each platform lays it out (the unstake queue is
/// [`QueueStore`]'s, the waiting changes [`timelock::Store`]'s, the pause
/// [`pausable::Store`]'s).
pub trait Store: QueueStore + timelock::Store + pausable::Store + operator::Store {
    /// Pooled AVAX and shares outstanding.
    fn ledger(&self) -> PoolLedger;
    /// Stores the totals.
    fn set_ledger(&mut self, ledger: PoolLedger);
    /// The smallest stake.
    fn min_stake(&self) -> U256;
    /// Stores the smallest stake.
    fn set_min_stake(&mut self, min_stake: U256);
    /// The fee on rewards, in basis points.
    fn fee_bps(&self) -> u32;
    /// Stores the fee.
    fn set_fee_bps(&mut self, fee_bps: u32);
    /// (feed, ankrAVAX, aAVAXb).
    fn contracts(&self) -> (Address, Address, Address);
    /// Stores the feed and the two tokens (deployment).
    fn set_contracts(&mut self, feed: Address, cert: Address, bond: Address);
    /// Where the fee is minted.
    fn treasury(&self) -> Address;
    /// Stores the treasury.
    fn set_treasury(&mut self, treasury: Address);
    /// Where collected stakes go, and the one account that reports
    /// rewards (zero until set).
    fn deposit(&self) -> Address;
    /// Stores the deposit address.
    fn set_deposit(&mut self, deposit: Address);
}

/// What the pool needs of the chain besides the [`Host`]: plain payments
/// (no calldata). `pushed` payments get the platform's bounded budget, so
/// a recipient cannot spend the batch's gas.
pub trait Payments {
    /// Sends `amount` to `to` with empty calldata: whether it was accepted.
    fn send(&mut self, to: Address, amount: U256, pushed: bool) -> bool;
}

crate::events! {
    /// `staker` staked `amount` AVAX (for aAVAXb when `isRebasing`).
    StakePendingV2 = "StakePendingV2(address,uint256,bool)" {
        topics { staker: Address, isRebasing: bool } data { amount: U256 }
    }
    /// `claimer` asked for `amount` AVAX (from aAVAXb when `isRebasing`).
    AvaxClaimPendingV2 = "AvaxClaimPendingV2(address,uint256,bool)" {
        topics { claimer: Address, isRebasing: bool } data { amount: U256 }
    }
    /// Request `requestId` of `claimer` for `amount` AVAX was queued.
    ClaimRequested = "ClaimRequested(uint256,address,uint256)" {
        topics { requestId: U256, claimer: Address } data { amount: U256 }
    }
    /// Requests `firstId..=lastId` became claimable, `amount` AVAX in all.
    ClaimsServed = "ClaimsServed(uint256,uint256,uint256)" { topics {} data { firstId: U256, lastId: U256, amount: U256 } }
    /// Request `requestId` was paid to `claimer`.
    ClaimWithdrawn = "ClaimWithdrawn(uint256,address,uint256)" {
        topics { requestId: U256, claimer: Address } data { amount: U256 }
    }
    /// A pushed payment of request `requestId` was refused; it stays
    /// claimable.
    ClaimPushFailed = "ClaimPushFailed(uint256,address)" { topics { requestId: U256, claimer: Address } data {} }
    /// `amount` AVAX went to the deposit address.
    StakesCollected = "StakesCollected(address,uint256)" { topics { depositAddress: Address } data { amount: U256 } }
    /// Rewards were reported: the fee, the new ratio, the fee's shares.
    RewardsReported = "RewardsReported(uint256,uint256,uint256,uint256)" {
        topics {} data { rewards: U256, fee: U256, newRatio: U256, feeShares: U256 }
    }
    /// The smallest stake changed.
    MinStakeChanged = "MinStakeChanged(uint256,uint256)" { topics {} data { oldMinStake: U256, newMinStake: U256 } }
    /// The fee changed.
    FeeChanged = "FeeChanged(uint256,uint256)" { topics {} data { oldFeeBps: U256, newFeeBps: U256 } }
    /// The treasury changed.
    TreasuryChanged = "TreasuryChanged(address,address)" {
        topics { previousTreasury: Address, newTreasury: Address } data {}
    }
    /// The deposit address changed.
    DepositAddressChanged = "DepositAddressChanged(address,address)" {
        topics { previousDeposit: Address, newDeposit: Address } data {}
    }
}

const SET_FEE_BPS: [u8; 4] = crate::abi::selector("setFeeBps(uint32)");
const SET_TREASURY: [u8; 4] = crate::abi::selector("setTreasury(address)");
const SET_DEPOSIT_ADDRESS: [u8; 4] = crate::abi::selector("setDepositAddress(address)");

/// Deployment, after the platform made `admin` the owner: the feed and
/// the tokens, the treasury (each non-zero), `admin` operates and pauses,
/// the fee 10%, the minimum 1 AVAX; scheduled changes wait
/// `change_delay_secs`. The deposit address starts unset.
pub fn init<C: Host + Store>(
    c: &mut C,
    admin: Address,
    (feed, cert, bond): (Address, Address, Address),
    treasury: Address,
    change_delay_secs: u64,
) -> Result<()> {
    let contracts = (non_zero(feed)?, non_zero(cert)?, non_zero(bond)?);
    let treasury = non_zero(treasury)?;
    timelock::init(c, change_delay_secs)?;
    c.set_contracts(contracts.0, contracts.1, contracts.2);
    c.set_treasury(treasury);
    c.set_operator(admin);
    c.set_pauser(admin);
    c.set_min_stake(StakeRules::default().min_stake);
    c.set_fee_bps(rewards::AVAX_FEE_BPS);
    Ok(())
}

/// Refuses anyone but `holder` (`Unauthorized`).
fn only<C: Host + ?Sized>(c: &C, holder: Address) -> Result<Address> {
    let caller = c.caller();
    if caller != holder {
        return Err(Error::Unauthorized { account: caller });
    }
    Ok(caller)
}

/// ankrAVAX's ratio in the feed.
fn current_ratio<C: Host + Store>(c: &C) -> Result<U256> {
    let (feed, cert, _) = c.contracts();
    calls::feed::get_ratio_for(c, feed, cert)
}

/// A request id from the ABI's word (`RequestNotFound` past 64 bits).
fn request_id(id: U256) -> Result<RequestId> {
    id.try_into().map_err(|_| Error::from(CoreError::RequestNotFound))
}

// --- staking and unstaking ---

/// `stakeAndClaimCerts()` / `stakeAndClaimBonds()`: stakes the value sent
/// for the shares it buys at the ratio, minted as ankrAVAX or as aAVAXb
/// shares.
pub fn stake<C: Host + Store>(c: &mut C, is_rebasing: bool) -> Result<()> {
    pausable::when_not_paused(c)?;
    let staker = c.caller();
    let amount = c.value();
    let rules = StakeRules { min_stake: c.min_stake(), ..StakeRules::default() };
    let (ledger, shares) = c.ledger().stake(amount, &rules, current_ratio(c)?)?;
    let (_, cert, bond) = c.contracts();
    if is_rebasing {
        calls::bond::mint_shares(c, bond, staker, shares)?;
    } else {
        calls::cert::mint(c, cert, staker, shares)?;
    }
    c.set_ledger(ledger);
    emit(c, StakePendingV2 { staker, isRebasing: is_rebasing, amount });
    Ok(())
}

/// `claimCerts(shares)`: burns `shares` ankrAVAX and queues the AVAX they
/// are worth now; the request's id.
pub fn claim_certs<C: Host + Store>(c: &mut C, shares: U256) -> Result<U256> {
    pausable::when_not_paused(c)?;
    let claimer = c.caller();
    let (ledger, assets) = c.ledger().redeem_shares(shares, current_ratio(c)?)?;
    let (_, cert, _) = c.contracts();
    calls::cert::burn(c, cert, claimer, shares)?;
    queue_claim(c, claimer, assets, ledger, false)
}

/// `claimBonds(amount)`: burns the aAVAXb shares worth `amount` (rounded
/// up) and queues `amount` AVAX; the request's id.
pub fn claim_bonds<C: Host + Store>(c: &mut C, amount: U256) -> Result<U256> {
    pausable::when_not_paused(c)?;
    let claimer = c.caller();
    let (ledger, shares) = c.ledger().redeem_bonds(amount, current_ratio(c)?)?;
    let (_, _, bond) = c.contracts();
    calls::bond::burn_shares(c, bond, claimer, shares)?;
    queue_claim(c, claimer, amount, ledger, true)
}

fn queue_claim<C: Host + Store>(
    c: &mut C,
    claimer: Address,
    assets: U256,
    ledger: PoolLedger,
    is_rebasing: bool,
) -> Result<U256> {
    let id = U256::from(core_queue::enqueue(c, &claimer, assets)?);
    c.set_ledger(ledger);
    emit(c, AvaxClaimPendingV2 { claimer, isRebasing: is_rebasing, amount: assets });
    emit(c, ClaimRequested { requestId: id, claimer, amount: assets });
    Ok(id)
}

// --- the queue ---

/// `serveClaims(upToId)`, the operator (payable: it may bring AVAX):
/// marks the requests up to `upToId` claimable, as far as the free
/// balance covers them.
pub fn serve_claims<C: Host + Store>(c: &mut C, up_to_id: U256) -> Result<()> {
    only(c, c.operator())?;
    let up_to = request_id(up_to_id).map_err(|_| Error::from(CoreError::ServeOutOfRange))?;
    let available = c.balance(c.this()).saturating_sub(c.header().reserved());
    let served = core_queue::finalize(c, up_to, available)?;
    emit(c, ClaimsServed { firstId: U256::from(served.first), lastId: U256::from(served.last), amount: served.assets });
    Ok(())
}

/// `withdrawClaim(requestId)`: the request's owner takes its AVAX
/// (`TransferFailed` if refused: the request stays claimable).
pub fn withdraw_claim<C: Host + Store + Payments>(c: &mut C, request: U256) -> Result<()> {
    let caller = c.caller();
    let paid = core_queue::withdraw(c, request_id(request)?, &caller)?;
    if !c.send(caller, paid.assets, false) {
        return Err(Error::TransferFailed { to: caller, amount: paid.assets });
    }
    emit(c, ClaimWithdrawn { requestId: request, claimer: caller, amount: paid.assets });
    Ok(())
}

/// `pushClaims(firstId, count)`, the operator: pays the claimable requests
/// among `count` ids from `firstId` (at most [`MAX_PUSH_BATCH`]) to their
/// owners; a refused payment keeps its request claimable
/// (`ClaimPushFailed`). How many were paid.
pub fn push_claims<C: Host + Store + Payments>(c: &mut C, first_id: U256, count: U256) -> Result<U256> {
    only(c, c.operator())?;
    if count > U256::from(MAX_PUSH_BATCH) {
        return Err(Error::BatchTooLarge { max: U256::from(MAX_PUSH_BATCH) });
    }
    let Ok(first) = request_id(first_id) else { return Ok(U256::ZERO) };
    let mut paid = 0_u64;
    for id in first..first.saturating_add(count.saturating_to()) {
        if core_queue::status(c, id) != RequestStatus::Claimable {
            continue;
        }
        let request = core_queue::withdraw_for_owner(c, id)?;
        let owner = request.owner;
        if c.send(owner, request.assets, true) {
            paid = paid.saturating_add(1);
            emit(c, ClaimWithdrawn { requestId: U256::from(id), claimer: owner, amount: request.assets });
        } else {
            core_queue::undo_withdraw(c, id)?;
            emit(c, ClaimPushFailed { requestId: U256::from(id), claimer: owner });
        }
    }
    Ok(U256::from(paid))
}

/// `claimStatus(requestId)`: (owner, AVAX, status 0 unknown / 1 pending /
/// 2 claimable / 3 claimed).
pub fn claim_status<C: Store>(c: &C, request: U256) -> (Address, U256, u8) {
    let Ok(id) = request_id(request) else { return (lst_core::ZERO_ADDRESS, U256::ZERO, 0) };
    let status = core_queue::status(c, id) as u8;
    match c.request(id) {
        Some(r) => (r.owner, r.assets, status),
        None => (lst_core::ZERO_ADDRESS, U256::ZERO, status),
    }
}

/// `collectableStakes()`: how much `collectStakes` can take now — the
/// balance the queue does not need, within the deposit address's
/// `stakeRoom()` (what its validators can take at once) once one is set.
pub fn collectable_stakes<C: Host + Store>(c: &C) -> Result<U256> {
    let free = ledger::collectable(c.balance(c.this()), c.header().owed());
    let deposit = c.deposit();
    if deposit == lst_core::ZERO_ADDRESS {
        return Ok(free);
    }
    Ok(free.min(calls::avalanche_delegator::stake_room(c, deposit)?))
}

// --- the deposit address ---

/// `collectStakes(amount)`, the operator: sends `amount` of the
/// collectable balance to the deposit address (`onStakingPayment()`).
/// `InsufficientFunding` past what the queue leaves free;
/// `CollectAboveRoom` past what the validators can take now — both before
/// anything is sent.
pub fn collect_stakes<C: Host + Store>(c: &mut C, amount: U256) -> Result<()> {
    only(c, c.operator())?;
    let deposit = non_zero(c.deposit())?;
    if amount.is_zero() {
        return Err(CoreError::ZeroAmount.into());
    }
    if amount > ledger::collectable(c.balance(c.this()), c.header().owed()) {
        return Err(CoreError::InsufficientFunding.into());
    }
    if amount > calls::avalanche_delegator::stake_room(c, deposit)? {
        return Err(CoreError::CollectAboveRoom.into());
    }
    if !c.pay(deposit, amount) {
        return Err(Error::TransferFailed { to: deposit, amount });
    }
    emit(c, StakesCollected { depositAddress: deposit, amount });
    Ok(())
}

/// `onStakingPayment()`, the deposit address (payable): stake it brings
/// back. Only it may pay the pool this way.
pub fn on_staking_payment<C: Host + Store>(c: &mut C) -> Result<()> {
    only(c, c.deposit())?;
    Ok(())
}

/// `reportRewards(rewards)`, the deposit address: accounts `rewards`,
/// moves the ratio through the feed and mints the fee to the treasury.
pub fn report_rewards<C: Host + Store>(c: &mut C, rewards: U256) -> Result<()> {
    only(c, c.deposit())?;
    pausable::when_not_paused(c)?;
    if rewards.is_zero() {
        return Err(CoreError::ZeroAmount.into());
    }
    let (feed, cert, _) = c.contracts();
    let (ledger, outcome) = c.ledger().report_rewards(rewards, c.fee_bps(), current_ratio(c)?)?;
    calls::feed::update_ratio(c, feed, cert, outcome.new_ratio)?;
    if !outcome.fee_shares.is_zero() {
        let treasury = c.treasury();
        calls::cert::mint(c, cert, treasury, outcome.fee_shares)?;
    }
    c.set_ledger(ledger);
    emit(
        c,
        RewardsReported {
            rewards,
            fee: outcome.split.fee_assets,
            newRatio: outcome.new_ratio,
            feeShares: outcome.fee_shares,
        },
    );
    Ok(())
}

// --- the owner ---

/// `setMinStake(minStake)`, the owner.
pub fn set_min_stake<C: Host + Owned + Store>(c: &mut C, min_stake: U256) -> Result<()> {
    only_owner(c)?;
    let rules = StakeRules { min_stake: c.min_stake(), ..StakeRules::default() }.with_min_stake(min_stake)?;
    let old = c.min_stake();
    c.set_min_stake(rules.min_stake);
    emit(c, MinStakeChanged { oldMinStake: old, newMinStake: min_stake });
    Ok(())
}

/// `setFeeBps(feeBps)`, the owner: a lower fee applies at once, a higher
/// one is scheduled.
pub fn set_fee_bps<C: Host + Owned + Store>(c: &mut C, fee_bps: u32) -> Result<()> {
    only_owner(c)?;
    rewards::check_fee(fee_bps)?;
    let old = c.fee_bps();
    if fee_bps > old && !timelock::request(c, timelock::key(SET_FEE_BPS, lst_core::ZERO_ADDRESS), U256::from(fee_bps))?
    {
        return Ok(());
    }
    c.set_fee_bps(fee_bps);
    emit(c, FeeChanged { oldFeeBps: U256::from(old), newFeeBps: U256::from(fee_bps) });
    Ok(())
}

/// `setTreasury(treasury)`, the owner, scheduled.
pub fn set_treasury<C: Host + Owned + Store>(c: &mut C, treasury: Address) -> Result<()> {
    only_owner(c)?;
    let previous = c.treasury();
    non_zero(treasury)?;
    let key = timelock::key(SET_TREASURY, lst_core::ZERO_ADDRESS);
    if !timelock::request(c, key, U256::from_be_bytes(treasury.word()))? {
        return Ok(());
    }
    c.set_treasury(treasury);
    emit(c, TreasuryChanged { previousTreasury: previous, newTreasury: treasury });
    Ok(())
}

/// `setDepositAddress(deposit)`, the owner: the first one at once, a new
/// one scheduled.
pub fn set_deposit_address<C: Host + Owned + Store>(c: &mut C, deposit: Address) -> Result<()> {
    only_owner(c)?;
    let previous = c.deposit();
    non_zero(deposit)?;
    let key = timelock::key(SET_DEPOSIT_ADDRESS, lst_core::ZERO_ADDRESS);
    if previous != lst_core::ZERO_ADDRESS && !timelock::request(c, key, U256::from_be_bytes(deposit.word()))? {
        return Ok(());
    }
    c.set_deposit(deposit);
    emit(c, DepositAddressChanged { previousDeposit: previous, newDeposit: deposit });
    Ok(())
}

#[cfg(test)]
mod tests;
