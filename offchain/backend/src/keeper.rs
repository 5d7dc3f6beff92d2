//! The keeper: follows the AvalanchePool's events and keeps the delegation
//! loop turning. Every round it has the delegator report the measured
//! rewards once the feed's interval allows a move, brings back stake whose
//! lockup has ended (`withdrawStakes`), and unlocks stake ahead of the
//! queue's needs (what the pending requests are owed beyond the pool's
//! free balance and what is already unlocking). At the end of each
//! validating period it serves the queue in FIFO order from the pool's
//! balance, pushes the served AVAX to its owners, and collects the stakes
//! left over (the delegator stakes them). With [`EpochDuty`] it also ends
//! `Staking`'s epochs when they are due, first reporting every validator's
//! performance where it holds the oracle key (a local network; on a
//! testnet the oracle is a real one and the keeper only reads), and joins
//! the delegator's stake pool into the validator set where it holds the
//! validator operator's key.
//!
//! Every decision is taken from the chain, so a restart never does work
//! twice:
//! - a report is sent only when the feed's minimum interval has passed
//!   since its last update and the delegator measures something to report;
//! - unlocking counts what is already unlocking or withdrawable;
//! - serving is `serveClaims(id)` for the longest run of pending requests
//!   the pool's free balance covers;
//! - `pushClaims` skips what is paid already;
//! - an epoch ends once (`endEpoch` refuses an epoch not yet due), and a
//!   repeated performance report replaces the first with the same numbers.
//!
//! The database keeps the requests (from `ClaimRequested`, `ClaimsServed`
//! and `ClaimWithdrawn`) and the period clock; replaying the events is
//! idempotent.

use crate::db::{Db, DbError, RequestState};
use alloy::{
    primitives::{Address, Log, U256},
    sol_types::{SolCall, SolEvent},
};
use lst_client::{
    abi::{IAvalancheDelegator as Delegator, IAvalanchePool as Pool, IRateProvider as Feed, IStaking as Staking},
    Chain, ChainExt, ChainFailure, ChainLog,
};
use lst_deploy::Manifest;
use std::time::Duration;

/// Why a keeper step failed.
#[derive(Debug, thiserror::Error)]
pub enum KeeperError {
    /// The chain failed (not a revert).
    #[error(transparent)]
    Chain(#[from] ChainFailure),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A transaction reverted.
    #[error("{what} reverted: 0x{data}")]
    Reverted {
        /// The call.
        what: &'static str,
        /// Its revert data, hex.
        data: String,
    },
    /// The manifest lacks a contract.
    #[error("manifest: {0}")]
    Manifest(String),
    /// An input, or what the chain answered, makes no sense.
    #[error("{0}")]
    Invalid(String),
}

/// What the keeper returns.
pub type Result<T> = std::result::Result<T, KeeperError>;

/// The share of proposals passing the keeper reports for each of the AVAX
/// pool's validators, in basis points, in the delegator's order: the last
/// entry also for the rest, and for validators outside the AVAX pool's set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuccessPlan {
    bps: [u32; lst_core::delegation::MAX_VALIDATORS],
    len: usize,
}

impl SuccessPlan {
    /// The same `bps` for every validator.
    pub fn all(bps: u32) -> Self {
        Self::of(&[bps])
    }

    /// `bps[i]` for the `i`-th validator (at most
    /// [`lst_core::delegation::MAX_VALIDATORS`] entries; more are dropped;
    /// none is 100% for all).
    pub fn of(bps: &[u32]) -> Self {
        let mut plan = Self { bps: [10_000; lst_core::delegation::MAX_VALIDATORS], len: 0 };
        for (slot, b) in plan.bps.iter_mut().zip(bps) {
            *slot = (*b).min(10_000);
            plan.len += 1;
        }
        plan
    }

    /// The basis points reported for the validator at `index` of the
    /// delegator's set (`None`: not one of the AVAX pool's).
    pub fn for_validator(&self, index: Option<usize>) -> u32 {
        let last = self.len.saturating_sub(1);
        let i = index.map_or(last, |i| i.min(last));
        self.bps.get(i).copied().unwrap_or(10_000)
    }
}

/// The keeper's part in `Staking`'s epochs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochDuty {
    /// Reports every validator's performance before ending an epoch, from
    /// this oracle account: the AVAX pool's `i`-th validator with the
    /// `i`-th basis points of [`PROPOSALS_PER_EPOCH`] passing (the last
    /// entry for the rest, and for validators outside the AVAX pool's set)
    /// — a local network, where the keeper holds the oracle key. `None`:
    /// another oracle reports.
    pub report_as: Option<(Address, SuccessPlan)>,
    /// Joins the AVAX pool's stake pools that this account operates into
    /// the validator set, once each holds the minimum stake (a local
    /// network, where the keeper holds that key); `None`: the validators
    /// join by themselves.
    pub join_as: Option<Address>,
}

/// How the keeper runs.
#[derive(Clone, Copy, Debug)]
pub struct KeeperConfig {
    /// Length of a validating period in seconds (4 weeks on mainnet).
    pub period_secs: u64,
    /// Has the delegator report the measured rewards when the feed allows.
    pub report_rewards: bool,
    /// Pushes the served AVAX to its owners (`pushClaims`) after serving;
    /// `false` leaves each served request for its owner to withdraw
    /// (`withdrawClaim`), and the operator pays no push gas.
    pub push_claims: bool,
    /// Ends `Staking`'s epochs when due (`None`: leaves them alone).
    pub epochs: Option<EpochDuty>,
    /// Decide and report, but send nothing.
    pub dry_run: bool,
    /// How the pool's events are read.
    pub sync: SyncConfig,
    /// How many collections a period's end makes: each goes whole to one
    /// validator (the least staked that can take it), so several spread a
    /// period's stakes over the set. 0: one per validator of the
    /// delegator's set; at most [`lst_core::delegation::MAX_VALIDATORS`]
    /// are made.
    pub collect_parts: usize,
}

/// How the keeper reads the pool's events: from the deployment's start
/// block, in bounded `eth_getLogs` ranges (public nodes refuse long ones),
/// only blocks with enough confirmations, retrying a failed read with
/// backoff. Progress is saved after every range, so a restart or an RPC
/// outage resumes where it stopped and reads nothing twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncConfig {
    /// The first block to read when the database has read none (`None`:
    /// the manifest's `start_block`).
    pub start_block: Option<u64>,
    /// Most blocks per `eth_getLogs`.
    pub log_range: u64,
    /// Blocks a block must have on top of it before it is read (0: the
    /// head is read at once).
    pub confirmations: u64,
    /// Attempts per read before the round fails (the next round resumes).
    pub attempts: u32,
    /// Wait before the second attempt, doubled for each further one.
    pub backoff: Duration,
}

impl Default for SyncConfig {
    /// From the manifest's start block, 2,000 blocks per read, no
    /// confirmations, 4 attempts from 500 ms.
    fn default() -> Self {
        Self { start_block: None, log_range: 2_000, confirmations: 0, attempts: 4, backoff: Duration::from_millis(500) }
    }
}

/// The proposals a locally reported validator made in an epoch.
pub const PROPOSALS_PER_EPOCH: u64 = 100;

/// Something the keeper did (or, in a dry run, would do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The delegator's `reportRewards()`: `rewards` measured and reported,
    /// `carried` left for the next report.
    Reported {
        /// AVAX reported.
        rewards: U256,
        /// Growth past the feed's bound, carried.
        carried: U256,
    },
    /// `unlockStakes(amount)` for the queue.
    Unlocked {
        /// AVAX unlocked.
        amount: U256,
    },
    /// `withdrawStakes()`: `amount` back in the pool (`None` in a dry run).
    Withdrawn {
        /// AVAX brought back.
        amount: Option<U256>,
    },
    /// `joinValidatorSet(delegator)` as the validator operator.
    Joined,
    /// `serveClaims(up_to)` from the pool's balance.
    Served {
        /// First request served.
        first: u64,
        /// Last request served.
        up_to: u64,
    },
    /// `pushClaims(first, count)`, which paid `paid` requests.
    Pushed {
        /// First id of the chunk.
        first: u64,
        /// Ids in the chunk.
        count: u64,
        /// Requests paid (`None` in a dry run).
        paid: Option<u64>,
    },
    /// `collectStakes(amount)` to the delegator, which stakes it.
    Collected {
        /// AVAX collected.
        amount: U256,
    },
    /// `reportPerformance(pool, successful, total)` as the oracle.
    PerformanceReported {
        /// The validator's pool.
        pool: Address,
        /// Proposals that passed.
        successful: u64,
        /// Proposals made.
        total: u64,
    },
    /// `endEpoch()`: `epoch` ended, the reserve paid `rewards_paid`
    /// (`None` in a dry run).
    EpochEnded {
        /// The epoch that ended.
        epoch: u64,
        /// Rewards the reserve paid.
        rewards_paid: Option<U256>,
    },
}

/// A stake pool's (active, inactive, pending_active, pending_inactive).
type Buckets = (U256, U256, U256, U256);

/// One validator of the AVAX pool's set, as `Staking` describes its stake
/// pool.
struct Validator {
    /// Its stake account (the pool's key in `Staking`).
    account: Address,
    /// Its validator state (0 inactive … 3 pending_inactive).
    state: u8,
    /// When its lockup ends.
    locked_until: u64,
    /// Its operator.
    operator: Address,
    /// (active, inactive, pending_active, pending_inactive).
    stake: Buckets,
}

/// Most ids one `pushClaims` covers (the contract's limit).
pub const PUSH_CHUNK: u64 = 32;

const SYNCED_BLOCK: &str = "keeper.synced_block";
const PERIOD_END: &str = "keeper.period_end";

/// Records one of the pool's queue events (idempotent: replaying is
/// harmless).
fn apply(db: &Db, log: &Log) -> Result<()> {
    let id = |v: U256| v.saturating_to::<u64>();
    if let Ok(e) = Pool::ClaimRequested::decode_log_data(&log.data) {
        db.add_request(id(e.requestId), e.claimer, e.amount)?;
    } else if let Ok(e) = Pool::ClaimsServed::decode_log_data(&log.data) {
        db.mark_served(id(e.firstId), id(e.lastId))?;
    } else if let Ok(e) = Pool::ClaimWithdrawn::decode_log_data(&log.data) {
        db.mark_withdrawn(id(e.requestId))?;
    } else if let Ok(e) = Pool::ClaimPushFailed::decode_log_data(&log.data) {
        db.mark_push_failed(id(e.requestId))?;
    }
    Ok(())
}

/// Reads one contract's events into the database in bounded, confirmed,
/// retried ranges, saving its progress under `key` after each range (see
/// [`SyncConfig`]).
#[derive(Clone, Copy, Debug)]
pub struct LogReader {
    /// The `meta` key of the last block read.
    pub key: &'static str,
    /// The contract.
    pub address: Address,
    /// Where to start on a fresh database.
    pub start_block: u64,
    /// Ranges, confirmations, retries.
    pub sync: SyncConfig,
}

impl LogReader {
    /// Reads up to the last confirmed block, handing every log to `apply`;
    /// returns the last block read.
    pub fn follow(
        &self,
        chain: &mut dyn Chain,
        db: &Db,
        mut apply: impl FnMut(&ChainLog) -> Result<()>,
    ) -> Result<Option<u64>> {
        let head = retrying(chain, self.sync, "eth_blockNumber", |c| c.block_number())?;
        let Some(target) = head.checked_sub(self.sync.confirmations) else {
            return Ok(db.meta(self.key)?);
        };
        let mut from = db.meta(self.key)?.map_or(self.start_block, |b| b + 1);
        while from <= target {
            let to = target.min(from.saturating_add(self.sync.log_range.max(1) - 1));
            let address = self.address;
            let logs = retrying(chain, self.sync, "eth_getLogs", |c| c.log_records(address, from, to))?;
            for log in &logs {
                apply(log)?;
            }
            // Replaying a range is harmless (every record is idempotent), so
            // a crash between the two writes costs a re-read, nothing more.
            db.set_meta(self.key, to)?;
            tracing::debug!(key = self.key, from, to, logs = logs.len(), "synced");
            from = to + 1;
        }
        Ok(db.meta(self.key)?)
    }
}

/// `read` with `sync`'s attempts and backoff.
fn retrying<T>(
    chain: &mut dyn Chain,
    sync: SyncConfig,
    what: &str,
    mut read: impl FnMut(&mut dyn Chain) -> lst_client::Result<T>,
) -> Result<T> {
    let mut wait = sync.backoff;
    let mut attempt = 1;
    loop {
        match read(chain) {
            Ok(v) => return Ok(v),
            Err(e) if attempt < sync.attempts.max(1) => {
                tracing::warn!(attempt, error = %e, "{what} failed; retrying in {wait:?}");
                std::thread::sleep(wait);
                wait = wait.saturating_mul(2);
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// What the keeper sees, for `/healthz` and `/metrics`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// The last block whose events are read.
    pub synced_block: u64,
    /// The node's head.
    pub head: u64,
    /// Requests queued, not served.
    pub pending_requests: u64,
    /// AVAX they are owed.
    pub pending_total: U256,
    /// AVAX served and not yet paid out (claimable).
    pub claimable_total: U256,
    /// Served requests whose push failed: claimable by their owners, not
    /// pushed again.
    pub push_failed_requests: u64,
    /// When the current period ends (unix seconds).
    pub period_end: u64,
    /// `Staking`'s epoch.
    pub epoch: u64,
    /// When it ends (unix seconds).
    pub epoch_end: u64,
    /// `Staking`'s reward reserve.
    pub reserve: U256,
    /// The operator's balance (what it pays gas from).
    pub operator_balance: U256,
}

/// The keeper over one chain, one deployment and one database.
pub struct Keeper<'a> {
    chain: &'a mut dyn Chain,
    db: &'a Db,
    operator: Address,
    pool: Address,
    feed: Address,
    cert: Address,
    /// `Staking`.
    staking: Address,
    /// The pool's delegator (its deposit address).
    delegator: Address,
    /// Where reading starts on a fresh database.
    start_block: u64,
    config: KeeperConfig,
    /// The chain's time, read once at the start of each round: every
    /// decision of a round sees the same clock. (Read at each decision, a
    /// clock moved mid-round — by the demo, or a slow round on a testnet —
    /// could serve the queue at a period's end before the same round
    /// withdrew the stake for it, and the serve would wait a whole period.)
    now: u64,
}

impl<'a> Keeper<'a> {
    /// A keeper sending from `operator` (the pools' operator) to the
    /// deployment in `m`.
    pub fn new(
        chain: &'a mut dyn Chain,
        db: &'a Db,
        operator: Address,
        m: &Manifest,
        config: KeeperConfig,
    ) -> Result<Self> {
        let get = |n: &str| m.address(n).map_err(KeeperError::Manifest);
        Ok(Self {
            chain,
            db,
            operator,
            pool: get("AvalanchePool")?,
            feed: get("RateProvider")?,
            cert: get("ankrAVAX")?,
            staking: get("Staking")?,
            delegator: get("AvalancheDelegator")?,
            start_block: config.sync.start_block.unwrap_or(m.start_block),
            config,
            now: 0,
        })
    }

    /// The end of the current period (unix seconds): set one period from
    /// now on the first run, kept in the database after.
    pub fn period_end(&mut self) -> Result<u64> {
        if let Some(end) = self.db.meta(PERIOD_END)? {
            return Ok(end);
        }
        let end = self.chain.timestamp()?.saturating_add(self.config.period_secs);
        self.db.set_meta(PERIOD_END, end)?;
        Ok(end)
    }

    /// Reads the pool's events since the last sync into the database, up
    /// to the last block with the configured confirmations ([`SyncConfig`]).
    /// Returns the last block read.
    pub fn sync(&mut self) -> Result<Option<u64>> {
        let db = self.db;
        let reader =
            LogReader { key: SYNCED_BLOCK, address: self.pool, start_block: self.start_block, sync: self.config.sync };
        reader.follow(&mut *self.chain, db, |record| apply(db, &record.log))
    }

    /// The last block the database has read.
    pub fn synced_block(&self) -> Result<Option<u64>> {
        Ok(self.db.meta(SYNCED_BLOCK)?)
    }

    /// The chain it works on.
    pub fn chain(&mut self) -> &mut dyn Chain {
        &mut *self.chain
    }

    /// What the keeper sees now (reads only).
    pub fn status(&mut self) -> Result<Status> {
        let info = self.chain.view(self.staking, Staking::epochInfoCall {})?;
        Ok(Status {
            synced_block: self.synced_block()?.unwrap_or_default(),
            head: self.chain.block_number()?,
            pending_requests: self.db.ids(RequestState::Pending)?.len() as u64,
            pending_total: self.db.total(RequestState::Pending, 0, u64::MAX)?,
            claimable_total: self.reserved()?,
            push_failed_requests: self.db.ids(RequestState::PushFailed)?.len() as u64,
            period_end: self.period_end()?,
            epoch: info._0,
            epoch_end: info._2,
            reserve: info._3,
            operator_balance: self.chain.balance(self.operator)?,
        })
    }

    /// One round: sync, and when the period has ended, do its work and
    /// start the next period. Returns what was done.
    pub fn tick(&mut self) -> Result<Vec<Action>> {
        self.now = self.chain.timestamp()?;
        self.sync()?;
        let mut actions = Vec::new();
        if let Some(duty) = self.config.epochs {
            self.epoch(duty, &mut actions)?;
        }
        if self.config.report_rewards {
            self.report(&mut actions)?;
        }
        self.withdraw(&mut actions)?;
        self.unlock(&mut actions)?;
        let end = self.period_end()?;
        let now = self.now;
        if now < end {
            return Ok(actions);
        }
        self.serve(&mut actions)?;
        if self.config.push_claims {
            self.push(&mut actions)?;
        }
        self.collect(&mut actions)?;
        if !self.config.dry_run {
            // Periods missed while down are not replayed: the next one
            // ends a whole period after the last end not yet passed.
            let behind = (now - end) / self.config.period_secs.max(1) + 1;
            self.db.set_meta(PERIOD_END, end.saturating_add(behind.saturating_mul(self.config.period_secs)))?;
        }
        Ok(actions)
    }

    /// The operator calls the pool; the pool's events go into the database.
    fn send<C: SolCall>(&mut self, what: &'static str, value: U256, call: C) -> Result<lst_client::Tx> {
        let tx = self.send_as(self.operator, self.pool, what, value, call)?;
        for log in tx.logs.iter().filter(|l| l.address == self.pool) {
            apply(self.db, log)?;
        }
        Ok(tx)
    }

    /// Ends `Staking`'s epoch when it is due, reporting every validator's
    /// performance first when the keeper is the oracle.
    fn epoch(&mut self, duty: EpochDuty, actions: &mut Vec<Action>) -> Result<()> {
        let staking = self.staking;
        if let Some(validator) = duty.join_as {
            self.join(validator, actions)?;
        }
        let info = self.chain.view(staking, Staking::epochInfoCall {})?;
        if self.now < info._2 {
            return Ok(());
        }
        if let Some((oracle, success_bps)) = duty.report_as {
            let ours = self.chain.view(self.delegator, Delegator::validatorsCall {})?;
            for pool in self.chain.view(staking, Staking::validatorSetCall {})? {
                let bps = success_bps.for_validator(ours.iter().position(|a| *a == pool));
                let successful = PROPOSALS_PER_EPOCH * u64::from(bps) / 10_000;
                // Only validators (active, or leaving) are reported on.
                if !matches!(self.chain.view(staking, Staking::stakePoolCall { pool })?._0, 2 | 3) {
                    continue;
                }
                let report = Staking::reportPerformanceCall { pool, successful, total: PROPOSALS_PER_EPOCH };
                if !self.config.dry_run {
                    self.send_as(oracle, staking, "reportPerformance", U256::ZERO, report)?;
                }
                actions.push(Action::PerformanceReported { pool, successful, total: PROPOSALS_PER_EPOCH });
            }
        }
        let rewards_paid = if self.config.dry_run {
            None
        } else {
            let tx = self.send_as(self.operator, staking, "endEpoch", U256::ZERO, Staking::endEpochCall {})?;
            tx.logs.iter().find_map(|l| Staking::EpochEnded::decode_log_data(&l.data).ok()).map(|e| e.rewardsPaid)
        };
        tracing::info!(epoch = info._0, ?rewards_paid, "epoch ended");
        actions.push(Action::EpochEnded { epoch: info._0, rewards_paid });
        Ok(())
    }

    /// `from` calls `to`; a revert is [`KeeperError::Reverted`].
    fn send_as<C: SolCall>(
        &mut self,
        from: Address,
        to: Address,
        what: &'static str,
        value: U256,
        call: C,
    ) -> Result<lst_client::Tx> {
        let tx = self.chain.exec(from, to, value, call)?;
        if !tx.success {
            return Err(KeeperError::Reverted { what, data: alloy::hex::encode(&tx.output) });
        }
        Ok(tx)
    }

    /// Joins into the validator set every stake pool of the delegator's set
    /// that `validator` operates, once it is outside the set and holds the
    /// minimum stake.
    fn join(&mut self, validator: Address, actions: &mut Vec<Action>) -> Result<()> {
        let minimum = self.chain.view(self.staking, Staking::stakingConfigCall {})?._0;
        for v in self.validators()? {
            if v.operator != validator || v.state != 0 || v.stake.0 < minimum {
                continue;
            }
            if !self.config.dry_run {
                let join = Staking::joinValidatorSetCall { pool: v.account };
                self.send_as(validator, self.staking, "joinValidatorSet", U256::ZERO, join)?;
            }
            tracing::info!(pool = %v.account, "a stake pool of the AVAX pool joined the validator set");
            actions.push(Action::Joined);
        }
        Ok(())
    }

    /// The delegator's validators, each as its stake pool in `Staking`
    /// (an account without a stake pool yet is left out).
    fn validators(&mut self) -> Result<Vec<Validator>> {
        let mut out = Vec::new();
        for account in self.chain.view(self.delegator, Delegator::validatorsCall {})? {
            let call = Staking::getStakeCall { pool: account };
            let Ok(answer) = self.chain.call(self.staking, &call.abi_encode())? else { continue };
            let s = Staking::getStakeCall::abi_decode_returns(&answer)
                .map_err(|e| ChainFailure(format!("getStake: {e}")))?;
            let pool = self.chain.view(self.staking, Staking::stakePoolCall { pool: account })?;
            out.push(Validator {
                account,
                state: pool._0,
                locked_until: pool._1,
                operator: pool._2,
                stake: (s._0, s._1, s._2, s._3),
            });
        }
        Ok(out)
    }

    /// Every validator's buckets added up: (active, inactive,
    /// pending_active, pending_inactive).
    fn delegated(&mut self) -> Result<Buckets> {
        Ok(self
            .validators()?
            .iter()
            .fold(Default::default(), |t, v| (t.0 + v.stake.0, t.1 + v.stake.1, t.2 + v.stake.2, t.3 + v.stake.3)))
    }

    /// What the delegator and its accounts hold between calls.
    fn held_by_the_set(&mut self) -> Result<U256> {
        let mut held = self.chain.balance(self.delegator)?;
        for account in self.chain.view(self.delegator, Delegator::validatorsCall {})? {
            held += self.chain.balance(account)?;
        }
        Ok(held)
    }

    /// Has the delegator report the measured rewards, once the feed's
    /// minimum interval has passed since its last update and there is
    /// something to report.
    fn report(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let last_updated = self.chain.view(self.feed, Feed::lastUpdatedCall { token: self.cert })?;
        let interval = self.chain.view(self.feed, Feed::ratioPolicyCall { token: self.cert })?._1;
        if U256::from(self.now) < last_updated + U256::from(interval) {
            return Ok(());
        }
        let measured = self.chain.view(self.delegator, Delegator::measuredRewardsCall {})?;
        let (rewards, carried) = (measured._1, measured._2);
        if rewards.is_zero() {
            return Ok(());
        }
        if !self.config.dry_run {
            self.send_as(self.operator, self.delegator, "reportRewards", U256::ZERO, Delegator::reportRewardsCall {})?;
        }
        tracing::info!(%rewards, %carried, "rewards reported");
        actions.push(Action::Reported { rewards, carried });
        Ok(())
    }

    /// Brings back the validators' stake whose lockup has ended.
    fn withdraw(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let now = self.now;
        let withdrawable = self.validators()?.iter().fold(U256::ZERO, |total, v| {
            let outside = v.state == 0 && now >= v.locked_until;
            total + if outside { v.stake.1 + v.stake.3 } else { v.stake.1 }
        });
        if withdrawable.is_zero() {
            return Ok(());
        }
        let amount = if self.config.dry_run {
            None
        } else {
            let tx = self.send_as(
                self.operator,
                self.delegator,
                "withdrawStakes",
                U256::ZERO,
                Delegator::withdrawStakesCall {},
            )?;
            tx.logs.iter().find_map(|l| Delegator::StakesWithdrawn::decode_log_data(&l.data).ok()).map(|e| e.amount)
        };
        tracing::info!(?amount, "stakes withdrawn to the pool");
        actions.push(Action::Withdrawn { amount });
        Ok(())
    }

    /// The AVAX the pool holds for served requests not yet paid (pushes
    /// that failed included).
    fn reserved(&self) -> Result<U256> {
        Ok(self.db.total(RequestState::Served, 0, u64::MAX)? + self.db.total(RequestState::PushFailed, 0, u64::MAX)?)
    }

    /// Unlocks what the pending requests are owed beyond the pool's free
    /// balance and what is unlocking or withdrawable already (at most the
    /// active stake).
    fn unlock(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let stake = self.delegated()?;
        let bounds = self.chain.view(self.pool, Pool::queueBoundsCall {})?;
        let pending = self.db.total(RequestState::Pending, bounds._1 + 1, bounds._2)?;
        let reserved = self.reserved()?;
        let free = self.chain.balance(self.pool)?.saturating_sub(reserved);
        let coming = free + stake.1 + stake.3 + self.held_by_the_set()?;
        let amount = pending.saturating_sub(coming).min(stake.0);
        if amount.is_zero() {
            return Ok(());
        }
        if !self.config.dry_run {
            self.send_as(
                self.operator,
                self.delegator,
                "unlockStakes",
                U256::ZERO,
                Delegator::unlockStakesCall { amount },
            )?;
        }
        tracing::info!(%amount, "stakes unlocked for the queue");
        actions.push(Action::Unlocked { amount });
        Ok(())
    }

    /// Serves the longest run of pending requests (FIFO) the pool's free
    /// balance covers.
    fn serve(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let bounds = self.chain.view(self.pool, Pool::queueBoundsCall {})?;
        let (last_claimable, tail) = (bounds._1, bounds._2);
        if tail <= last_claimable {
            return Ok(());
        }
        let reserved = self.reserved()?;
        let free = self.chain.balance(self.pool)?.saturating_sub(reserved);
        // The largest id whose run from the head is covered (binary search:
        // the run's total grows with the id).
        let (mut low, mut high) = (last_claimable, tail);
        while low < high {
            let mid = low + (high - low).div_ceil(2);
            if self.db.total(RequestState::Pending, last_claimable + 1, mid)? <= free {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        if low == last_claimable {
            return Ok(());
        }
        if !self.config.dry_run {
            self.send("serveClaims", U256::ZERO, Pool::serveClaimsCall { upToId: U256::from(low) })?;
        }
        tracing::info!(first = last_claimable + 1, up_to = low, "queue served");
        actions.push(Action::Served { first: last_claimable + 1, up_to: low });
        Ok(())
    }

    /// Pays the served requests to their owners, oldest first, in chunks.
    /// A request whose push failed once (`ClaimPushFailed`: a recipient
    /// that refuses AVAX or burns the push's gas) is not pushed again; it
    /// waits for its owner's `withdrawClaim`.
    fn push(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let served = self.db.ids(RequestState::Served)?;
        let failed = self.db.ids(RequestState::PushFailed)?;
        let mut rest = served.as_slice();
        while let Some(&first) = rest.first() {
            // A chunk ends before the next failed push: `pushClaims` would
            // try it again.
            let stop = failed.iter().find(|&&id| id > first).map_or(u64::MAX, |&id| id);
            let count = rest.iter().take_while(|&&id| id < first + PUSH_CHUNK && id < stop).count();
            let span = rest.get(count - 1).map_or(1, |&last| last - first + 1);
            rest = rest.get(count..).unwrap_or_default();
            let paid = if self.config.dry_run {
                None
            } else {
                let before = self.db.ids(RequestState::Withdrawn)?.len();
                self.send(
                    "pushClaims",
                    U256::ZERO,
                    Pool::pushClaimsCall { firstId: U256::from(first), count: U256::from(span) },
                )?;
                Some((self.db.ids(RequestState::Withdrawn)?.len() - before) as u64)
            };
            tracing::info!(first, count = span, ?paid, "claims pushed");
            actions.push(Action::Pushed { first, count: span, paid });
        }
        Ok(())
    }

    /// Sends what the queue does not need to the delegator, which stakes
    /// each collection with one validator (the least staked that can take
    /// it): the keeper collects in [`KeeperConfig::collect_parts`] equal
    /// parts, so a period's stakes spread over the set. `collectableStakes()`
    /// is bounded by what the validators can take now (their joining room
    /// this epoch); the rest waits for later periods' ends.
    fn collect(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        // Never more parts than the set may hold validators: the loop below
        // is bounded whatever the configuration says.
        let parts = match self.config.collect_parts {
            0 => self.chain.view(self.delegator, Delegator::validatorsCall {})?.len(),
            parts => parts,
        }
        .clamp(1, lst_core::delegation::MAX_VALIDATORS);
        // An equal part of what is collectable now (rounded up), each part
        // no more than still fits when it is sent.
        let part = self.chain.view(self.pool, Pool::collectableStakesCall {})?.div_ceil(U256::from(parts));
        for _ in 0..parts {
            let amount = self.chain.view(self.pool, Pool::collectableStakesCall {})?.min(part);
            if amount.is_zero() {
                break;
            }
            self.collect_amount(amount, actions)?;
        }
        Ok(())
    }

    /// Collects `amount`.
    fn collect_amount(&mut self, amount: U256, actions: &mut Vec<Action>) -> Result<()> {
        if !self.config.dry_run {
            self.send("collectStakes", U256::ZERO, Pool::collectStakesCall { amount })?;
        }
        tracing::info!(%amount, "stakes collected");
        actions.push(Action::Collected { amount });
        Ok(())
    }
}
