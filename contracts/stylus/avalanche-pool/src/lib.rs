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
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

mod queue;

use alloc::{vec, vec::Vec};
use alloy_primitives::{aliases::U8, Address, B256, U256};
use alloy_sol_types::SolCall;
use lst_core::{
    ledger::{self, PoolLedger},
    queue::{self as core_queue, QueueStore, RequestId, RequestStatus},
    rewards,
    stake::StakeRules,
    CoreError,
};
use lst_stylus_common::{
    interfaces::{IBondToken, ICertToken, IRatioFeed, STAKING_PAYMENT},
    timelock::{self, Timelock},
    Unauthorized, ZeroAddress,
};
use openzeppelin_stylus::{
    access::{
        ownable,
        ownable_two_step::{IOwnable2Step, Ownable2Step},
    },
    utils::{pausable, IPausable, Pausable},
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageU256, StorageU32},
    stylus_core::calls::context::Call,
};

pub use queue::QueueStorage;

/// Most requests one `pushClaims` call pays, so its cost stays bounded.
pub const MAX_PUSH_BATCH: usize = 32;
/// Gas each pushed payment may use: enough for a plain receive, too little
/// for a recipient to grief the batch by burning it all.
pub const PUSH_GAS: u64 = 30_000;

lst_stylus_common::sol_abi! {
    /// AVAX staked; `amount` is the AVAX, `isRebasing` tells aAVAXb (true)
    /// from ankrAVAX (false).
    #[derive(Debug, PartialEq, Eq)]
    event StakePendingV2(address indexed staker, uint256 amount, bool indexed isRebasing);
    /// An unstake claim was queued; `amount` is the AVAX owed.
    #[derive(Debug, PartialEq, Eq)]
    event AvaxClaimPendingV2(address indexed claimer, uint256 amount, bool indexed isRebasing);
    /// The id of the request an unstake claim queued.
    #[derive(Debug, PartialEq, Eq)]
    event ClaimRequested(uint256 indexed requestId, address indexed claimer, uint256 amount);
    /// Requests `firstId..=lastId` became claimable, reserving `amount` AVAX.
    #[derive(Debug, PartialEq, Eq)]
    event ClaimsServed(uint256 firstId, uint256 lastId, uint256 amount);
    /// A request was paid to its owner.
    #[derive(Debug, PartialEq, Eq)]
    event ClaimWithdrawn(uint256 indexed requestId, address indexed claimer, uint256 amount);
    /// A pushed payment was refused; the request stays claimable (pull).
    #[derive(Debug, PartialEq, Eq)]
    event ClaimPushFailed(uint256 indexed requestId, address indexed claimer);
    /// Staked AVAX moved to the deposit address.
    #[derive(Debug, PartialEq, Eq)]
    event StakesCollected(address indexed depositAddress, uint256 amount);
    /// A reward report: the fee taken, the new ratio, the treasury's shares.
    #[derive(Debug, PartialEq, Eq)]
    event RewardsReported(uint256 rewards, uint256 fee, uint256 newRatio, uint256 feeShares);
    /// The minimum stake changed.
    #[derive(Debug, PartialEq, Eq)]
    event MinStakeChanged(uint256 oldMinStake, uint256 newMinStake);
    /// The fee on rewards changed (basis points).
    #[derive(Debug, PartialEq, Eq)]
    event FeeChanged(uint256 oldFeeBps, uint256 newFeeBps);
    /// The operator changed.
    #[derive(Debug, PartialEq, Eq)]
    event OperatorChanged(address indexed previousOperator, address indexed newOperator);
    /// The pauser changed.
    #[derive(Debug, PartialEq, Eq)]
    event PauserChanged(address indexed previousPauser, address indexed newPauser);
    /// The treasury (receiver of fee shares) changed.
    #[derive(Debug, PartialEq, Eq)]
    event TreasuryChanged(address indexed previousTreasury, address indexed newTreasury);
    /// The deposit address (receiver of collected stakes) changed.
    #[derive(Debug, PartialEq, Eq)]
    event DepositAddressChanged(address indexed previousDeposit, address indexed newDeposit);

    /// A push batch longer than `max` requests.
    #[derive(Debug, PartialEq, Eq)]
    error BatchTooLarge(uint256 max);
    /// Sending `amount` AVAX to `to` failed.
    #[derive(Debug, PartialEq, Eq)]
    error TransferFailed(address to, uint256 amount);
}

lst_stylus_common::contract_error! {
    /// Every way a call to the pool fails.
    pub enum Error {
        /// A protocol rule of the core (`StakeBelowMinimum`, `ZeroAmount`,
        /// `RequestNotClaimable`, `InsufficientFunding`, …).
        Core(CoreError) => core,
        /// See [`Unauthorized`]: not the operator, or not the pauser.
        Unauthorized(Unauthorized) => sol,
        /// See [`ZeroAddress`].
        ZeroAddress(ZeroAddress) => sol,
        /// See [`BatchTooLarge`].
        BatchTooLarge(BatchTooLarge) => sol,
        /// See [`TransferFailed`].
        TransferFailed(TransferFailed) => sol,
        /// `EnforcedPause` / `ExpectedPause`.
        Pausable(pausable::Error) => wrap,
        /// Not the owner, or an invalid new owner.
        Ownable(ownable::Error) => wrap,
        /// A called contract's revert (feed or token), passed through.
        Call(Vec<u8>) => raw,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::AVALANCHE_POOL;

/// The setters whose selectors name their scheduled changes.
mod setters {
    #![allow(missing_docs)]
    alloy_sol_types::sol! {
        function setFeeBps(uint32 feeBps);
        function setTreasury(address treasury);
        function setDepositAddress(address deposit);
    }
}

/// The pool's state.
#[entrypoint]
#[storage]
pub struct AvalanchePool {
    changes: Timelock,
    ownable: Ownable2Step,
    pausable: Pausable,
    operator: StorageAddress,
    pauser: StorageAddress,
    feed: StorageAddress,
    cert: StorageAddress,
    bond: StorageAddress,
    treasury: StorageAddress,
    deposit: StorageAddress,
    min_stake: StorageU256,
    fee_bps: StorageU32,
    /// Accounted AVAX backing the shares (never the raw balance).
    pooled_assets: StorageU256,
    /// Shares outstanding: ankrAVAX supply plus aAVAXb shares.
    supply_shares: StorageU256,
    queue: QueueStorage,
}

fn non_zero(account: Address) -> Result<Address, Error> {
    if account.is_zero() {
        return Err(Error::ZeroAddress(ZeroAddress {}));
    }
    Ok(account)
}

impl AvalanchePool {
    fn ledger(&self) -> PoolLedger {
        PoolLedger { pooled_assets: self.pooled_assets.get(), supply_shares: self.supply_shares.get() }
    }

    fn store_ledger(&mut self, ledger: PoolLedger) {
        self.pooled_assets.set(ledger.pooled_assets);
        self.supply_shares.set(ledger.supply_shares);
    }

    fn rules(&self) -> StakeRules {
        StakeRules { min_stake: self.min_stake.get(), ..StakeRules::default() }
    }

    fn only_role(&self, holder: Address) -> Result<Address, Error> {
        let caller = self.vm().msg_sender();
        if caller != holder {
            return Err(Error::Unauthorized(Unauthorized { account: caller }));
        }
        Ok(caller)
    }

    /// Asks the timelock whether the contract-wide setting of `setter` may
    /// take `value` now (see [`Timelock::request`]). One copy for the three
    /// setters (inlined, it cost the pool's size budget three times).
    #[inline(never)]
    fn scheduled(&mut self, setter: [u8; 4], value: U256) -> Result<bool, Error> {
        Ok(self.changes.request(timelock::key(setter, Address::ZERO), value)?)
    }

    fn only_operator(&self) -> Result<Address, Error> {
        self.only_role(self.operator.get())
    }

    fn current_ratio(&self) -> Result<U256, Error> {
        IRatioFeed::new(self.feed.get()).get_ratio_for(self.vm(), self.cert.get()).map_err(Error::Call)
    }

    /// Stakes `msg.value` for the caller and mints its shares: as aAVAXb
    /// if `is_rebasing`, else as ankrAVAX.
    fn stake(&mut self, is_rebasing: bool) -> Result<(), Error> {
        self.pausable.when_not_paused()?;
        let staker = self.vm().msg_sender();
        let amount = self.vm().msg_value();
        let (ledger, shares) = self.ledger().stake(amount, &self.rules(), self.current_ratio()?)?;
        if is_rebasing {
            IBondToken::new(self.bond.get()).mint_shares(self.vm(), staker, shares)
        } else {
            ICertToken::new(self.cert.get()).mint(self.vm(), staker, shares)
        }
        .map_err(Error::Call)?;
        self.store_ledger(ledger);
        log(self.vm(), StakePendingV2 { staker, amount, isRebasing: is_rebasing });
        Ok(())
    }

    /// Queues `assets` for the caller after its tokens were burned.
    fn queue_claim(
        &mut self,
        claimer: Address,
        assets: U256,
        ledger: PoolLedger,
        is_rebasing: bool,
    ) -> Result<U256, Error> {
        let id = core_queue::enqueue(&mut self.queue, &claimer.into_array(), assets)?;
        self.store_ledger(ledger);
        log(self.vm(), AvaxClaimPendingV2 { claimer, amount: assets, isRebasing: is_rebasing });
        log(self.vm(), ClaimRequested { requestId: U256::from(id), claimer, amount: assets });
        Ok(U256::from(id))
    }

    /// Sends `amount` AVAX to `to` with `data`, giving it at most `gas`;
    /// whether the recipient accepted it.
    fn pay(&self, to: Address, amount: U256, gas: u64, data: &[u8]) -> bool {
        self.vm().call(&Call::new().value(amount).gas(gas), to, data).is_ok()
    }

    fn request_id(id: U256) -> Result<RequestId, Error> {
        id.try_into().map_err(|_| Error::Core(CoreError::RequestNotFound))
    }
}

#[public]
#[implements(IOwnable2Step<Error = Error>, IPausable)]
impl AvalanchePool {
    /// Wires the pool to its feed and tokens. `admin` becomes owner,
    /// operator and pauser; the fee starts at 10% and the minimum at 1 AVAX;
    /// scheduled changes wait `change_delay_secs` (one hour to 30 days).
    /// The deposit address starts unset: `setDepositAddress` sets the first
    /// one at once (collecting stakes waits for it).
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
        self.changes.init(change_delay_secs)?;
        self.feed.set(non_zero(feed)?);
        self.cert.set(non_zero(cert)?);
        self.bond.set(non_zero(bond)?);
        self.treasury.set(non_zero(treasury)?);
        self.operator.set(admin);
        self.pauser.set(admin);
        let rules = StakeRules::default();
        self.min_stake.set(rules.min_stake);
        self.fee_bps.set(alloy_primitives::aliases::U32::from(rewards::AVAX_FEE_BPS));
        Ok(())
    }

    /// Stakes `msg.value` (at least the minimum, whole AVAX) and mints
    /// `msg.value * ratio / 1e18` ankrAVAX to the caller.
    #[payable]
    pub fn stake_and_claim_certs(&mut self) -> Result<(), Error> {
        self.stake(false)
    }

    /// Stakes `msg.value` (same rules) and mints aAVAXb: the caller's bond
    /// balance grows by `msg.value` (less rounding) and keeps its shares.
    #[payable]
    pub fn stake_and_claim_bonds(&mut self) -> Result<(), Error> {
        self.stake(true)
    }

    /// Burns `shares` ankrAVAX of the caller now, fixes the AVAX owed at the
    /// current ratio (rounded down), queues it and returns the request id.
    pub fn claim_certs(&mut self, shares: U256) -> Result<U256, Error> {
        self.pausable.when_not_paused()?;
        let claimer = self.vm().msg_sender();
        let (ledger, assets) = self.ledger().redeem_shares(shares, self.current_ratio()?)?;
        ICertToken::new(self.cert.get()).burn(self.vm(), claimer, shares).map_err(Error::Call)?;
        self.queue_claim(claimer, assets, ledger, false)
    }

    /// Burns the aAVAXb shares worth `amount` AVAX (rounded up) of the
    /// caller, queues `amount` and returns the request id.
    pub fn claim_bonds(&mut self, amount: U256) -> Result<U256, Error> {
        self.pausable.when_not_paused()?;
        let claimer = self.vm().msg_sender();
        let (ledger, shares) = self.ledger().redeem_bonds(amount, self.current_ratio()?)?;
        IBondToken::new(self.bond.get()).burn_shares(self.vm(), claimer, shares).map_err(Error::Call)?;
        self.queue_claim(claimer, amount, ledger, true)
    }

    /// Operator: makes every request up to `up_to_id` claimable, in O(1),
    /// from the pool's free balance (stake the deposit address brought
    /// back, new deposits, and any AVAX sent with the call): what is not
    /// already reserved for claimable requests must cover the new ones.
    #[payable]
    pub fn serve_claims(&mut self, up_to_id: U256) -> Result<(), Error> {
        self.only_operator()?;
        let up_to = Self::request_id(up_to_id).map_err(|_| Error::Core(CoreError::ServeOutOfRange))?;
        let balance = self.vm().balance(self.vm().contract_address());
        let available = balance.saturating_sub(self.queue.header().reserved());
        let served = core_queue::finalize(&mut self.queue, up_to, available)?;
        log(
            self.vm(),
            ClaimsServed { firstId: U256::from(served.first), lastId: U256::from(served.last), amount: served.assets },
        );
        Ok(())
    }

    /// The owner of claimable request `request_id` takes its AVAX. Works
    /// while paused.
    pub fn withdraw_claim(&mut self, request_id: U256) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let id = Self::request_id(request_id)?;
        let request = core_queue::withdraw(&mut self.queue, id, &caller.into_array())?;
        if !self.pay(caller, request.assets, u64::MAX, &[]) {
            // The revert undoes the withdrawal: the request stays claimable.
            return Err(Error::TransferFailed(TransferFailed { to: caller, amount: request.assets }));
        }
        log(self.vm(), ClaimWithdrawn { requestId: request_id, claimer: caller, amount: request.assets });
        Ok(())
    }

    /// Operator: pays the claimable requests among the `count` ids from
    /// `first_id` on (at most [`MAX_PUSH_BATCH`]) to their owners, so a
    /// keeper pushes a served range in bounded chunks. Ids that are not
    /// claimable (paid already, pending, unknown) are skipped; a recipient
    /// that refuses the payment, or needs more than [`PUSH_GAS`], keeps its
    /// request claimable and emits `ClaimPushFailed`. Returns how many were
    /// paid.
    pub fn push_claims(&mut self, first_id: U256, count: U256) -> Result<U256, Error> {
        self.only_operator()?;
        if count > U256::from(MAX_PUSH_BATCH) {
            return Err(Error::BatchTooLarge(BatchTooLarge { max: U256::from(MAX_PUSH_BATCH) }));
        }
        let mut paid = 0_u64;
        let Ok(first) = Self::request_id(first_id) else { return Ok(U256::ZERO) };
        for id in first..first.saturating_add(count.to()) {
            if core_queue::status(&self.queue, id) != RequestStatus::Claimable {
                continue;
            }
            let request_id = U256::from(id);
            let request = core_queue::withdraw_for_owner(&mut self.queue, id)?;
            let owner = Address::from(request.owner);
            if self.pay(owner, request.assets, PUSH_GAS, &[]) {
                paid = paid.saturating_add(1);
                log(self.vm(), ClaimWithdrawn { requestId: request_id, claimer: owner, amount: request.assets });
            } else {
                core_queue::undo_withdraw(&mut self.queue, id)?;
                log(self.vm(), ClaimPushFailed { requestId: request_id, claimer: owner });
            }
        }
        Ok(U256::from(paid))
    }

    /// Operator: sends `amount` staked AVAX to the deposit address (the
    /// delegator, which stakes it) with the calldata of `onStakingPayment()`;
    /// at most [`Self::collectable_stakes`], so the queue's dues always stay.
    pub fn collect_stakes(&mut self, amount: U256) -> Result<(), Error> {
        self.only_operator()?;
        let deposit = non_zero(self.deposit.get())?;
        if amount.is_zero() {
            return Err(Error::Core(CoreError::ZeroAmount));
        }
        if amount > self.collectable_stakes() {
            return Err(Error::Core(CoreError::InsufficientFunding));
        }
        if !self.pay(deposit, amount, u64::MAX, &STAKING_PAYMENT) {
            return Err(Error::TransferFailed(TransferFailed { to: deposit, amount }));
        }
        log(self.vm(), StakesCollected { depositAddress: deposit, amount });
        Ok(())
    }

    /// The deposit address brings staked AVAX back (withdrawn stake the
    /// queue needs). Only it may pay the pool this way (`Unauthorized`):
    /// AVAX from anyone else would be a gift to the holders, or a staker's
    /// mistake.
    #[payable]
    pub fn on_staking_payment(&mut self) -> Result<(), Error> {
        self.only_role(self.deposit.get())?;
        Ok(())
    }

    /// The deposit address (the delegator, which measures them on chain)
    /// reports `rewards` AVAX earned. The core takes the fee, computes the
    /// new ratio, which goes through the feed's bounds, and mints the fee to
    /// the treasury as ankrAVAX. Stopped while paused (the fee mints): the
    /// rewards wait for the first report after unpausing.
    pub fn report_rewards(&mut self, rewards: U256) -> Result<(), Error> {
        self.only_role(self.deposit.get())?;
        self.pausable.when_not_paused()?;
        if rewards.is_zero() {
            return Err(Error::Core(CoreError::ZeroAmount));
        }
        let cert = self.cert.get();
        let (ledger, outcome) =
            self.ledger().report_rewards(rewards, self.fee_bps.get().to(), self.current_ratio()?)?;
        IRatioFeed::new(self.feed.get()).update_ratio(self.vm(), cert, outcome.new_ratio).map_err(Error::Call)?;
        if !outcome.fee_shares.is_zero() {
            let treasury = self.treasury.get();
            ICertToken::new(cert).mint(self.vm(), treasury, outcome.fee_shares).map_err(Error::Call)?;
        }
        self.store_ledger(ledger);
        log(
            self.vm(),
            RewardsReported {
                rewards,
                fee: outcome.split.fee_assets,
                newRatio: outcome.new_ratio,
                feeShares: outcome.fee_shares,
            },
        );
        Ok(())
    }

    /// Owner: sets the minimum stake (a non-zero whole number of AVAX).
    pub fn set_min_stake(&mut self, min_stake: U256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let rules = self.rules().with_min_stake(min_stake)?;
        let old = self.min_stake.get();
        self.min_stake.set(rules.min_stake);
        log(self.vm(), MinStakeChanged { oldMinStake: old, newMinStake: min_stake });
        Ok(())
    }

    /// Owner: sets the fee on rewards, in basis points (at most 50%). A
    /// lower fee is immediate; a higher one is scheduled: the first call
    /// schedules it, the same call after the delay applies it.
    pub fn set_fee_bps(&mut self, fee_bps: u32) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        rewards::check_fee(fee_bps)?;
        let old = self.fee_bps.get();
        if fee_bps > old.to::<u32>() && !self.scheduled(setters::setFeeBpsCall::SELECTOR, U256::from(fee_bps))? {
            return Ok(());
        }
        self.fee_bps.set(alloy_primitives::aliases::U32::from(fee_bps));
        log(self.vm(), FeeChanged { oldFeeBps: U256::from(old), newFeeBps: U256::from(fee_bps) });
        Ok(())
    }

    /// Owner: changes the operator.
    pub fn set_operator(&mut self, operator: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let previous = self.operator.get();
        self.operator.set(non_zero(operator)?);
        log(self.vm(), OperatorChanged { previousOperator: previous, newOperator: operator });
        Ok(())
    }

    /// Owner: changes the pauser.
    pub fn set_pauser(&mut self, pauser: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let previous = self.pauser.get();
        self.pauser.set(non_zero(pauser)?);
        log(self.vm(), PauserChanged { previousPauser: previous, newPauser: pauser });
        Ok(())
    }

    /// Owner, scheduled: changes the treasury that receives the fee
    /// shares (the first call schedules it, the same call after the delay
    /// applies it).
    pub fn set_treasury(&mut self, treasury: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let previous = self.treasury.get();
        non_zero(treasury)?;
        if !self.scheduled(setters::setTreasuryCall::SELECTOR, treasury.into_word().into())? {
            return Ok(());
        }
        self.treasury.set(treasury);
        log(self.vm(), TreasuryChanged { previousTreasury: previous, newTreasury: treasury });
        Ok(())
    }

    /// Owner: sets the deposit address collected stakes go to: the first
    /// one at once, a change of it scheduled (the first call schedules it,
    /// the same call after the delay applies it).
    pub fn set_deposit_address(&mut self, deposit: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let previous = self.deposit.get();
        non_zero(deposit)?;
        if !previous.is_zero()
            && !self.scheduled(setters::setDepositAddressCall::SELECTOR, deposit.into_word().into())?
        {
            return Ok(());
        }
        self.deposit.set(deposit);
        log(self.vm(), DepositAddressChanged { previousDeposit: previous, newDeposit: deposit });
        Ok(())
    }

    /// How long a scheduled change waits, in seconds.
    pub fn change_delay(&self) -> U256 {
        U256::from(self.changes.delay())
    }

    /// `(value, executableAt)` of the change waiting for `key` (zeros when
    /// none): the key is the setter's selector (`lst_core::timelock::change_key`).
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        self.changes.pending(key)
    }

    /// Owner or pauser: cancels the change waiting for `key`.
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.ownable.owner() && caller != self.pauser.get() {
            return Err(Error::Unauthorized(Unauthorized { account: caller }));
        }
        Ok(self.changes.cancel(key)?)
    }

    /// Pauser: stops staking and claiming (withdrawals keep working).
    pub fn pause(&mut self) -> Result<(), Error> {
        self.only_role(self.pauser.get())?;
        Ok(self.pausable.pause()?)
    }

    /// Pauser: resumes staking and claiming.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.only_role(self.pauser.get())?;
        Ok(self.pausable.unpause()?)
    }

    /// AVAX owed to `claimer` over its requests not yet paid out.
    pub fn pending_avax_claims_of(&self, claimer: Address) -> U256 {
        self.queue.pending_of(&claimer.into_array())
    }

    /// Request `request_id`: owner, AVAX owed and status (0 unknown,
    /// 1 pending, 2 claimable, 3 claimed).
    pub fn claim_status(&self, request_id: U256) -> (Address, U256, U8) {
        let Ok(id) = Self::request_id(request_id) else {
            return (Address::ZERO, U256::ZERO, queue::status_code(RequestStatus::Unknown));
        };
        let status = queue::status_code(core_queue::status(&self.queue, id));
        match self.queue.request(id) {
            Some(r) => (Address::from(r.owner), r.assets, status),
            None => (Address::ZERO, U256::ZERO, status),
        }
    }

    /// The queue: (head = oldest request not yet claimable, last claimable
    /// id, tail = newest id).
    pub fn queue_bounds(&self) -> (u64, u64, u64) {
        let header = self.queue.header();
        (header.head(), header.finalized, header.tail)
    }

    /// AVAX the queue is owed: every request not yet paid out (pending and
    /// claimable).
    pub fn owed_to_queue(&self) -> U256 {
        self.queue.header().owed()
    }

    /// AVAX the operator may still collect: the balance less everything the
    /// queue is owed (claimable and pending).
    pub fn collectable_stakes(&self) -> U256 {
        let balance = self.vm().balance(self.vm().contract_address());
        ledger::collectable(balance, self.queue.header().owed())
    }

    /// Accounted AVAX backing all shares.
    pub fn total_pooled_avax(&self) -> U256 {
        self.pooled_assets.get()
    }

    /// Shares outstanding (ankrAVAX supply plus aAVAXb shares).
    pub fn total_shares(&self) -> U256 {
        self.supply_shares.get()
    }

    /// The smallest stake accepted.
    pub fn min_stake(&self) -> U256 {
        self.min_stake.get()
    }

    /// The fee on rewards, in basis points.
    pub fn fee_bps(&self) -> u32 {
        self.fee_bps.get().to()
    }

    /// The operator.
    pub fn operator(&self) -> Address {
        self.operator.get()
    }

    /// The pauser.
    pub fn pauser(&self) -> Address {
        self.pauser.get()
    }

    /// The treasury.
    pub fn treasury(&self) -> Address {
        self.treasury.get()
    }

    /// Where collected stakes go (the delegator), and who reports rewards.
    pub fn deposit_address(&self) -> Address {
        self.deposit.get()
    }

    /// The contracts the pool works with: (feed, ankrAVAX, aAVAXb).
    pub fn contracts(&self) -> (Address, Address, Address) {
        (self.feed.get(), self.cert.get(), self.bond.get())
    }
}

#[public]
impl IPausable for AvalanchePool {
    fn paused(&self) -> bool {
        self.pausable.paused()
    }
}

lst_stylus_common::public_ownable2step!(AvalanchePool, ownable);

#[cfg(test)]
mod tests;
