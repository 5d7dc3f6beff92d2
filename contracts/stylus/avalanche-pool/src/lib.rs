//! AvalanchePool, for Arbitrum Stylus: AVAX liquid staking
//! into ankrAVAX certificates or aAVAXb bonds, and a first-in first-out
//! unstake queue.
//!
//! The pool keeps its own accounted totals ([`lst_core::ledger::PoolLedger`]:
//! pooled AVAX and shares outstanding), never its raw balance, so donations
//! cannot move the ratio. The ratio itself lives in the ratio feed under the
//! certificate token's address; the pool reads it there and, on a reward
//! report, computes the next one through the core and pushes it through the
//! feed's bounds (the pool is the certificate's one updater there).
//!
//! Staked AVAX leaves the pool only for its deposit address
//! (`collectStakes`): on the project's chains the `AvalancheDelegator`,
//! which stakes it in the validator staking contract, brings unlocked stake
//! back (`onStakingPayment`), and measures the rewards it earned, which it
//! alone reports here (`reportRewards`).
//!
//! Unstaking burns the tokens at once, fixes the AVAX owed at the current
//! ratio, and queues a request. The operator serves the queue from the
//! pool's free balance (`serveClaims`), which marks every request up to an
//! id claimable in O(1); owners then withdraw (pull), or the operator pushes
//! a bounded batch in which a rejecting recipient is skipped, not fatal.
//! Pausing stops staking, claiming and reward reports (they mint the fee),
//! never the withdrawal of claimable requests.
//!
//! The owner's changes that redirect funds or raise what it takes are
//! scheduled ([`lst_stylus_common::timelock`]): a new deposit address (once
//! one is set), a new treasury, a higher fee. They take effect only when
//! asked for again after the delay fixed at deployment, and the owner or
//! the pauser may cancel them meanwhile; a lower fee is immediate.
//!
//! Every message is [`lst_app::avalanche_pool`]'s, where an auditor reads
//! it once for both platforms; this crate lays out the storage, declares
//! the ABI, keeps the ownership in OpenZeppelin's `Ownable2Step` and
//! dispatches.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

mod queue;

use alloc::{vec, vec::Vec};
use alloy_primitives::{
    aliases::{U32, U8},
    Address, B256, U256,
};
use lst_app::avalanche_pool::{self as app, QueueStore};
use lst_core::ledger::PoolLedger;
use lst_stylus_common::{timelock::Timelock, Failure};
use openzeppelin_stylus::{
    access::ownable_two_step::{IOwnable2Step, Ownable2Step},
    utils::IPausable,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU256, StorageU32},
    stylus_core::calls::context::Call,
};

pub use queue::QueueStorage;

/// Most requests one `pushClaims` call pays.
pub const MAX_PUSH_BATCH: u64 = app::MAX_PUSH_BATCH;
/// Gas a pushed payment's recipient may use: enough for an account or a
/// plain receiving contract, not enough to spend the batch's gas.
pub const PUSH_GAS: u64 = 30_000;

lst_stylus_common::sol_abi! {
    #[derive(Debug, PartialEq, Eq)]
    event StakePendingV2(address indexed staker, uint256 amount, bool indexed isRebasing);
    #[derive(Debug, PartialEq, Eq)]
    event AvaxClaimPendingV2(address indexed claimer, uint256 amount, bool indexed isRebasing);
    #[derive(Debug, PartialEq, Eq)]
    event ClaimRequested(uint256 indexed requestId, address indexed claimer, uint256 amount);
    #[derive(Debug, PartialEq, Eq)]
    event ClaimsServed(uint256 firstId, uint256 lastId, uint256 amount);
    #[derive(Debug, PartialEq, Eq)]
    event ClaimWithdrawn(uint256 indexed requestId, address indexed claimer, uint256 amount);
    #[derive(Debug, PartialEq, Eq)]
    event ClaimPushFailed(uint256 indexed requestId, address indexed claimer);
    #[derive(Debug, PartialEq, Eq)]
    event StakesCollected(address indexed depositAddress, uint256 amount);
    #[derive(Debug, PartialEq, Eq)]
    event RewardsReported(uint256 rewards, uint256 fee, uint256 newRatio, uint256 feeShares);
    #[derive(Debug, PartialEq, Eq)]
    event MinStakeChanged(uint256 oldMinStake, uint256 newMinStake);
    #[derive(Debug, PartialEq, Eq)]
    event FeeChanged(uint256 oldFeeBps, uint256 newFeeBps);
    #[derive(Debug, PartialEq, Eq)]
    event OperatorChanged(address indexed previousOperator, address indexed newOperator);
    #[derive(Debug, PartialEq, Eq)]
    event PauserChanged(address indexed previousPauser, address indexed newPauser);
    #[derive(Debug, PartialEq, Eq)]
    event TreasuryChanged(address indexed previousTreasury, address indexed newTreasury);
    #[derive(Debug, PartialEq, Eq)]
    event DepositAddressChanged(address indexed previousDeposit, address indexed newDeposit);

    #[derive(Debug, PartialEq, Eq)]
    error BatchTooLarge(uint256 max);
    #[derive(Debug, PartialEq, Eq)]
    error TransferFailed(address to, uint256 amount);
}

/// Every way a call to the pool fails: the app layer's refusal.
pub type Error = Failure;

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::AVALANCHE_POOL;

/// The pool's state.
#[entrypoint]
#[storage]
pub struct AvalanchePool {
    changes: Timelock,
    ownable: Ownable2Step,
    operator: StorageAddress,
    pauser: StorageAddress,
    feed: StorageAddress,
    cert: StorageAddress,
    bond: StorageAddress,
    treasury: StorageAddress,
    deposit: StorageAddress,
    min_stake: StorageU256,
    fee_bps: StorageU32,
    pooled_assets: StorageU256,
    supply_shares: StorageU256,
    queue: QueueStorage,
    paused: StorageBool,
}

lst_stylus_common::app_host!(AvalanchePool);
lst_app::store_in!(timelock: AvalanchePool, changes);
lst_app::store_in!(queue: AvalanchePool, queue);

impl lst_app::Owned for AvalanchePool {
    fn owner(&self) -> lst_app::Address {
        self.ownable.owner().into_array()
    }
}

lst_stylus_common::pause_fields!(AvalanchePool);

impl app::Payments for AvalanchePool {
    fn send(&mut self, to: lst_app::Address, amount: U256, pushed: bool) -> bool {
        let gas = if pushed { PUSH_GAS } else { u64::MAX };
        self.vm().call(&Call::new().value(amount).gas(gas), Address::from(to), &[]).is_ok()
    }
}

impl lst_app::operator::Store for AvalanchePool {
    fn operator(&self) -> lst_app::Address {
        self.operator.get().into_array()
    }

    fn set_operator(&mut self, operator: lst_app::Address) {
        self.operator.set(Address::from(operator));
    }
}

impl app::Store for AvalanchePool {
    fn ledger(&self) -> PoolLedger {
        PoolLedger { pooled_assets: self.pooled_assets.get(), supply_shares: self.supply_shares.get() }
    }

    fn set_ledger(&mut self, ledger: PoolLedger) {
        self.pooled_assets.set(ledger.pooled_assets);
        self.supply_shares.set(ledger.supply_shares);
    }

    fn min_stake(&self) -> U256 {
        self.min_stake.get()
    }

    fn set_min_stake(&mut self, min_stake: U256) {
        self.min_stake.set(min_stake);
    }

    fn fee_bps(&self) -> u32 {
        self.fee_bps.get().to()
    }

    fn set_fee_bps(&mut self, fee_bps: u32) {
        self.fee_bps.set(U32::from(fee_bps));
    }

    fn contracts(&self) -> (lst_app::Address, lst_app::Address, lst_app::Address) {
        (self.feed.get().into_array(), self.cert.get().into_array(), self.bond.get().into_array())
    }

    fn set_contracts(&mut self, feed: lst_app::Address, cert: lst_app::Address, bond: lst_app::Address) {
        self.feed.set(Address::from(feed));
        self.cert.set(Address::from(cert));
        self.bond.set(Address::from(bond));
    }

    fn treasury(&self) -> lst_app::Address {
        self.treasury.get().into_array()
    }

    fn set_treasury(&mut self, treasury: lst_app::Address) {
        self.treasury.set(Address::from(treasury));
    }

    fn deposit(&self) -> lst_app::Address {
        self.deposit.get().into_array()
    }

    fn set_deposit(&mut self, deposit: lst_app::Address) {
        self.deposit.set(Address::from(deposit));
    }
}

/// The ABI entry points: each runs the message of
/// [`lst_app::avalanche_pool`] (ownership OpenZeppelin's).
#[public]
#[implements(IOwnable2Step<Error = Error>, IPausable)]
impl AvalanchePool {
    /// See [`lst_app::avalanche_pool::init`].
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        feed: Address,
        cert: Address,
        bond: Address,
        treasury: Address,
        change_delay_secs: u64,
    ) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        let contracts = (feed.into_array(), cert.into_array(), bond.into_array());
        Ok(app::init(self, admin.into_array(), contracts, treasury.into_array(), change_delay_secs)?)
    }

    /// See [`lst_app::avalanche_pool::stake`] (ankrAVAX).
    #[payable]
    pub fn stake_and_claim_certs(&mut self) -> Result<(), Error> {
        Ok(app::stake(self, false)?)
    }

    /// See [`lst_app::avalanche_pool::stake`] (aAVAXb).
    #[payable]
    pub fn stake_and_claim_bonds(&mut self) -> Result<(), Error> {
        Ok(app::stake(self, true)?)
    }

    /// See [`lst_app::avalanche_pool::claim_certs`].
    pub fn claim_certs(&mut self, shares: U256) -> Result<U256, Error> {
        Ok(app::claim_certs(self, shares)?)
    }

    /// See [`lst_app::avalanche_pool::claim_bonds`].
    pub fn claim_bonds(&mut self, amount: U256) -> Result<U256, Error> {
        Ok(app::claim_bonds(self, amount)?)
    }

    /// See [`lst_app::avalanche_pool::serve_claims`].
    #[payable]
    pub fn serve_claims(&mut self, up_to_id: U256) -> Result<(), Error> {
        Ok(app::serve_claims(self, up_to_id)?)
    }

    /// See [`lst_app::avalanche_pool::withdraw_claim`].
    pub fn withdraw_claim(&mut self, request_id: U256) -> Result<(), Error> {
        Ok(app::withdraw_claim(self, request_id)?)
    }

    /// See [`lst_app::avalanche_pool::push_claims`].
    pub fn push_claims(&mut self, first_id: U256, count: U256) -> Result<U256, Error> {
        Ok(app::push_claims(self, first_id, count)?)
    }

    /// See [`lst_app::avalanche_pool::collect_stakes`].
    pub fn collect_stakes(&mut self, amount: U256) -> Result<(), Error> {
        Ok(app::collect_stakes(self, amount)?)
    }

    /// See [`lst_app::avalanche_pool::on_staking_payment`].
    #[payable]
    pub fn on_staking_payment(&mut self) -> Result<(), Error> {
        Ok(app::on_staking_payment(self)?)
    }

    /// See [`lst_app::avalanche_pool::report_rewards`].
    pub fn report_rewards(&mut self, rewards: U256) -> Result<(), Error> {
        Ok(app::report_rewards(self, rewards)?)
    }

    /// See [`lst_app::avalanche_pool::set_min_stake`].
    pub fn set_min_stake(&mut self, min_stake: U256) -> Result<(), Error> {
        Ok(app::set_min_stake(self, min_stake)?)
    }

    /// See [`lst_app::avalanche_pool::set_fee_bps`].
    pub fn set_fee_bps(&mut self, fee_bps: u32) -> Result<(), Error> {
        Ok(app::set_fee_bps(self, fee_bps)?)
    }

    /// See [`lst_app::operator::set_operator`].
    pub fn set_operator(&mut self, operator: Address) -> Result<(), Error> {
        Ok(lst_app::operator::set_operator(self, operator.into_array())?)
    }

    /// See [`lst_app::pausable::set_pauser_non_zero`].
    pub fn set_pauser(&mut self, pauser: Address) -> Result<(), Error> {
        Ok(lst_app::pausable::set_pauser_non_zero(self, pauser.into_array())?)
    }

    /// See [`lst_app::avalanche_pool::set_treasury`].
    pub fn set_treasury(&mut self, treasury: Address) -> Result<(), Error> {
        Ok(app::set_treasury(self, treasury.into_array())?)
    }

    /// See [`lst_app::avalanche_pool::set_deposit_address`].
    pub fn set_deposit_address(&mut self, deposit: Address) -> Result<(), Error> {
        Ok(app::set_deposit_address(self, deposit.into_array())?)
    }

    /// How long a scheduled change waits, in seconds.
    pub fn change_delay(&self) -> U256 {
        U256::from(self.changes.delay())
    }

    /// `(value, executableAt)` of the change waiting for `key`.
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        let (value, at) = lst_app::timelock::pending(self, key.0);
        (B256::from(value), at)
    }

    /// See [`lst_app::timelock::cancel_change_by_owner_or_pauser`].
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Error> {
        Ok(lst_app::timelock::cancel_change_by_owner_or_pauser(self, key.0)?)
    }

    /// See [`lst_app::pausable::pause`].
    pub fn pause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::pause(self)?)
    }

    /// See [`lst_app::pausable::unpause`].
    pub fn unpause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::unpause(self)?)
    }

    /// AVAX owed to `claimer` over its requests not yet paid.
    pub fn pending_avax_claims_of(&self, claimer: Address) -> U256 {
        self.queue.pending_of(&claimer.into_array())
    }

    /// See [`lst_app::avalanche_pool::claim_status`].
    pub fn claim_status(&self, request_id: U256) -> (Address, U256, U8) {
        let (owner, assets, status) = app::claim_status(self, request_id);
        (Address::from(owner), assets, U8::from(status))
    }

    /// (head, finalized, tail) of the queue.
    pub fn queue_bounds(&self) -> (u64, u64, u64) {
        let header = self.queue.header();
        (header.head(), header.finalized, header.tail)
    }

    /// AVAX the queue still needs.
    pub fn owed_to_queue(&self) -> U256 {
        self.queue.header().owed()
    }

    /// See [`lst_app::avalanche_pool::collectable_stakes`].
    pub fn collectable_stakes(&self) -> Result<U256, Error> {
        Ok(app::collectable_stakes(self)?)
    }

    /// AVAX backing the shares.
    pub fn total_pooled_avax(&self) -> U256 {
        self.pooled_assets.get()
    }

    /// Shares outstanding.
    pub fn total_shares(&self) -> U256 {
        self.supply_shares.get()
    }

    /// The smallest stake.
    pub fn min_stake(&self) -> U256 {
        self.min_stake.get()
    }

    /// The fee on rewards, in basis points.
    pub fn fee_bps(&self) -> u32 {
        self.fee_bps.get().to()
    }

    /// The account that serves the queue.
    pub fn operator(&self) -> Address {
        self.operator.get()
    }

    /// The account that may pause.
    pub fn pauser(&self) -> Address {
        self.pauser.get()
    }

    /// Where the fee is minted.
    pub fn treasury(&self) -> Address {
        self.treasury.get()
    }

    /// Where collected stakes go (zero until set).
    pub fn deposit_address(&self) -> Address {
        self.deposit.get()
    }

    /// (feed, ankrAVAX, aAVAXb).
    pub fn contracts(&self) -> (Address, Address, Address) {
        (self.feed.get(), self.cert.get(), self.bond.get())
    }
}

#[public]
impl IPausable for AvalanchePool {
    fn paused(&self) -> bool {
        self.paused.get()
    }
}

lst_stylus_common::public_ownable2step!(AvalanchePool, ownable);

#[cfg(test)]
mod tests;
