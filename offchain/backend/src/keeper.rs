//! The keeper: follows the AvalanchePool's events, and at the end of each
//! validating period reports the rewards, funds and serves the unstake
//! queue in FIFO order, pushes the served AVAX to its owners, and collects
//! the stakes left over. With [`EpochDuty`] it also ends `Staking`'s epochs
//! when they are due, first reporting every validator's performance where
//! it holds the oracle key (a local network; on a testnet the oracle is a
//! real one).
//!
//! Every decision is taken from the chain, so a restart never does a
//! period's work twice:
//! - a period's rewards are reported once: the feed's `lastUpdated` of
//!   ankrAVAX at or after the period's end means they were;
//! - serving is `serveClaims(tail)`, with only the AVAX the pool lacks for
//!   the new requests (its balance less what served requests reserve);
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
    abi::{IAvalanchePool as Pool, IRateProvider as Feed, IStaking as Staking},
    Chain, ChainExt, ChainFailure,
};
use lst_core::{
    ledger::PoolLedger,
    policy::{self, RatioPolicy, RatioRecord},
};
use lst_deploy::Manifest;

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
}

/// What the keeper returns.
pub type Result<T> = std::result::Result<T, KeeperError>;

/// Where a period's rewards figure comes from, until the validator-staking
/// pool reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RewardSource {
    /// No reports.
    None,
    /// A fixed amount of AVAX (wei) per period.
    Fixed(U256),
    /// Basis points of the pooled AVAX per period.
    Bps(u32),
}

/// The keeper's part in `Staking`'s epochs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochDuty {
    /// Reports every validator's performance before ending an epoch, from
    /// this oracle account with `success_bps` of [`PROPOSALS_PER_EPOCH`]
    /// passing (a local network, where the keeper holds the oracle key);
    /// `None`: another oracle reports.
    pub report_as: Option<(Address, u32)>,
}

/// How the keeper runs.
#[derive(Clone, Copy, Debug)]
pub struct KeeperConfig {
    /// Length of a validating period in seconds (4 weeks on mainnet).
    pub period_secs: u64,
    /// Where rewards come from.
    pub rewards: RewardSource,
    /// Ends `Staking`'s epochs when due (`None`: leaves them alone).
    pub epochs: Option<EpochDuty>,
    /// Decide and report, but send nothing.
    pub dry_run: bool,
}

/// The proposals a locally reported validator made in an epoch.
pub const PROPOSALS_PER_EPOCH: u64 = 100;

/// Something the keeper did (or, in a dry run, would do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `reportRewards(rewards)`: the ratio goes to `new_ratio`.
    Reported {
        /// AVAX reported.
        rewards: U256,
        /// The ratio it sets.
        new_ratio: U256,
    },
    /// A report the feed would reject, not sent.
    ReportRefused {
        /// AVAX that would have been reported.
        rewards: U256,
        /// The core's error name.
        reason: String,
    },
    /// `serveClaims(up_to)` with `funding` AVAX.
    Served {
        /// First request served.
        first: u64,
        /// Last request served.
        up_to: u64,
        /// AVAX sent with it.
        funding: U256,
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
    /// `collectStakes(amount)` to the deposit address.
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

/// Most ids one `pushClaims` covers (the contract's limit).
pub const PUSH_CHUNK: u64 = 32;

const SYNCED_BLOCK: &str = "keeper.synced_block";
const PERIOD_END: &str = "keeper.period_end";

/// The keeper over one chain, one deployment and one database.
pub struct Keeper<'a> {
    chain: &'a mut dyn Chain,
    db: &'a Db,
    operator: Address,
    pool: Address,
    feed: Address,
    cert: Address,
    /// `Staking`, when the deployment has it.
    staking: Option<Address>,
    config: KeeperConfig,
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
            staking: m.address("Staking").ok(),
            config,
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

    /// Reads the pool's events since the last sync into the database.
    pub fn sync(&mut self) -> Result<()> {
        let from = self.db.meta(SYNCED_BLOCK)?.map_or(0, |b| b + 1);
        let head = self.chain.block_number()?;
        for log in self.chain.logs(self.pool, from)? {
            self.apply(&log)?;
        }
        self.db.set_meta(SYNCED_BLOCK, head)?;
        Ok(())
    }

    fn apply(&self, log: &Log) -> Result<()> {
        let id = |v: U256| v.saturating_to::<u64>();
        if let Ok(e) = Pool::ClaimRequested::decode_log_data(&log.data) {
            self.db.add_request(id(e.requestId), e.claimer, e.amount)?;
        } else if let Ok(e) = Pool::ClaimsServed::decode_log_data(&log.data) {
            self.db.mark_served(id(e.firstId), id(e.lastId))?;
        } else if let Ok(e) = Pool::ClaimWithdrawn::decode_log_data(&log.data) {
            self.db.mark_withdrawn(id(e.requestId))?;
        }
        Ok(())
    }

    /// One round: sync, and when the period has ended, do its work and
    /// start the next period. Returns what was done.
    pub fn tick(&mut self) -> Result<Vec<Action>> {
        self.sync()?;
        let mut actions = Vec::new();
        if let Some(duty) = self.config.epochs {
            self.epoch(duty, &mut actions)?;
        }
        let end = self.period_end()?;
        let now = self.chain.timestamp()?;
        if now < end {
            return Ok(actions);
        }
        self.report(end, &mut actions)?;
        self.serve(&mut actions)?;
        self.push(&mut actions)?;
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
            self.apply(log)?;
        }
        Ok(tx)
    }

    /// Ends `Staking`'s epoch when it is due, reporting every validator's
    /// performance first when the keeper is the oracle.
    fn epoch(&mut self, duty: EpochDuty, actions: &mut Vec<Action>) -> Result<()> {
        let Some(staking) = self.staking else {
            return Err(KeeperError::Manifest("epochs need Staking in the manifest".into()));
        };
        let info = self.chain.view(staking, Staking::epochInfoCall {})?;
        if self.chain.timestamp()? < info._2 {
            return Ok(());
        }
        if let Some((oracle, success_bps)) = duty.report_as {
            let successful = PROPOSALS_PER_EPOCH * u64::from(success_bps.min(10_000)) / 10_000;
            for pool in self.chain.view(staking, Staking::validatorSetCall {})? {
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

    /// The rewards of the period ending at `end`, unless reported already
    /// or refused by the feed's bounds (checked here, through the core,
    /// exactly as the pool and the feed will).
    fn report(&mut self, end: u64, actions: &mut Vec<Action>) -> Result<()> {
        let last_updated = self.chain.view(self.feed, Feed::lastUpdatedCall { token: self.cert })?;
        if last_updated >= U256::from(end) {
            return Ok(()); // This period's report is on chain.
        }
        let pooled = self.chain.view(self.pool, Pool::totalPooledAvaxCall {})?;
        let rewards = match self.config.rewards {
            RewardSource::None => U256::ZERO,
            RewardSource::Fixed(amount) => amount,
            RewardSource::Bps(bps) => pooled * U256::from(bps) / U256::from(10_000u32),
        };
        if rewards.is_zero() {
            return Ok(());
        }
        let ledger =
            PoolLedger { pooled_assets: pooled, supply_shares: self.chain.view(self.pool, Pool::totalSharesCall {})? };
        let fee_bps = self.chain.view(self.pool, Pool::feeBpsCall {})?;
        let ratio = self.chain.view(self.feed, Feed::getRatioForCall { token: self.cert })?;
        let p = self.chain.view(self.feed, Feed::ratioPolicyCall {})?;
        let policy = RatioPolicy { threshold_bps: p._0, min_interval_secs: p._1, max_repair_bps: p._2 };
        let record = RatioRecord { ratio, last_updated: last_updated.saturating_to() };
        let now = self.chain.timestamp()?;
        let checked = ledger
            .report_rewards(rewards, fee_bps, ratio)
            .and_then(|(_, outcome)| policy::check_update(&policy, &record, outcome.new_ratio, now).map(|r| r.ratio));
        let new_ratio = match checked {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(%rewards, reason = e.name(), "report refused before sending");
                actions.push(Action::ReportRefused { rewards, reason: e.name().to_owned() });
                return Ok(());
            }
        };
        if !self.config.dry_run {
            self.send("reportRewards", U256::ZERO, Pool::reportRewardsCall { rewards })?;
        }
        tracing::info!(%rewards, %new_ratio, "rewards reported");
        actions.push(Action::Reported { rewards, new_ratio });
        Ok(())
    }

    /// Serves every queued request (FIFO: up to the tail), sending only
    /// what the pool lacks.
    fn serve(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let bounds = self.chain.view(self.pool, Pool::queueBoundsCall {})?;
        let (last_claimable, tail) = (bounds._1, bounds._2);
        if tail <= last_claimable {
            return Ok(());
        }
        let owed = self.db.total(RequestState::Pending, last_claimable + 1, tail)?;
        let reserved = self.db.total(RequestState::Served, 0, u64::MAX)?;
        let balance = self.chain.balance(self.pool)?;
        let funding = owed.saturating_sub(balance.saturating_sub(reserved));
        if !self.config.dry_run {
            self.send("serveClaims", funding, Pool::serveClaimsCall { upToId: U256::from(tail) })?;
        }
        tracing::info!(first = last_claimable + 1, up_to = tail, %funding, "queue served");
        actions.push(Action::Served { first: last_claimable + 1, up_to: tail, funding });
        Ok(())
    }

    /// Pays the served requests to their owners, oldest first, in chunks.
    fn push(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let served = self.db.ids(RequestState::Served)?;
        let mut rest = served.as_slice();
        while let Some(&first) = rest.first() {
            let count = rest.iter().take_while(|&&id| id < first + PUSH_CHUNK).count();
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

    /// Sends what the queue does not need to the deposit address.
    fn collect(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let amount = self.chain.view(self.pool, Pool::collectableStakesCall {})?;
        if amount.is_zero() {
            return Ok(());
        }
        if !self.config.dry_run {
            self.send("collectStakes", U256::ZERO, Pool::collectStakesCall { amount })?;
        }
        tracing::info!(%amount, "stakes collected");
        actions.push(Action::Collected { amount });
        Ok(())
    }
}
