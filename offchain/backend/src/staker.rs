//! The relay service: what the backend does on Kusama or Polkadot with
//! the KSM/DOT users deposited — bond it, nominate the configured
//! validators, claim the era rewards, and pay unstakes out (unbonding and
//! withdrawing when the free balance cannot).
//!
//! One [`Staker::round`] looks at the chain and the database and sends
//! what is due, in this order: settle what was sent before; withdraw
//! unlocked funds; pay pending unstakes the free balance covers, oldest
//! first; unbond what the rest need; bond the spare free balance; nominate
//! (a change of the validator list waits the configured delay, the source
//! document's ">= 1 day"); and claim the finished eras' rewards of the
//! validators nominated.
//!
//! **Never twice, never lost.** Every extrinsic is signed with an explicit
//! nonce and a mortality of [`MORTALITY`] blocks and recorded in the
//! outbox ([`crate::db::OutboxRow`]) *before* it is submitted. A round
//! first settles every recorded extrinsic by its hash: found in a block,
//! it is `INCLUDED` (or `FAILED`, by its events) and its effect recorded
//! (an unstake `PAID` with the payout's extrinsic id); not found and past
//! its mortality, it can never be included and is `EXPIRED` (its work is
//! planned again); otherwise it is submitted again (the same bytes: the
//! chain includes them at most once) and the round waits. So a service
//! killed anywhere — before submitting, after submitting, before
//! recording — finds on restart what it did, and pays each unstake once.
//!
//! The stash is its own controller and receives rewards as free balance
//! (`Stash`), which the next round bonds.

use crate::{
    db::{Db, OutboxRow, UnstakeRow},
    network::Network,
    relay::{multi_address, AccountId, BlockIndex, RelayClient, RelayError, Signed, MORTALITY},
};
use alloy::primitives::U256;
use lst_core::ss58;
use subxt::dynamic::Value;
use subxt_signer::sr25519::Keypair;

/// What the relay service is told.
#[derive(Clone, Debug)]
pub struct StakerConfig {
    /// The validators to nominate (stash accounts).
    pub validators: Vec<AccountId>,
    /// Seconds a change of `validators` waits before it is nominated
    /// (counted from the first round that sees it).
    pub nomination_delay_secs: u64,
    /// Free balance always kept on the stash (planck): the existential
    /// deposit and the fees of the next extrinsics.
    pub reserve: u128,
    /// The least amount worth a bond or an unbond (planck).
    pub min_bond: u128,
    /// Eras back to claim rewards for (at most the chain's history depth).
    pub payout_eras: u32,
}

/// Why a round stopped.
#[derive(Debug, thiserror::Error)]
pub enum StakerError {
    /// The relay chain.
    #[error(transparent)]
    Relay(#[from] RelayError),
    /// The database.
    #[error("database: {0}")]
    Db(String),
}

impl From<crate::db::DbError> for StakerError {
    fn from(e: crate::db::DbError) -> Self {
        Self::Db(e.to_string())
    }
}

/// What a round saw and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Extrinsics still waiting for a block (the round sent nothing new).
    pub in_flight: usize,
    /// Extrinsics sent this round, by kind.
    pub sent: Vec<String>,
    /// The stash's free (transferable) balance.
    pub free: u128,
    /// Bonded and earning.
    pub active: u128,
    /// Unbonding.
    pub unlocking: u128,
    /// Owed to pending unstakes.
    pub owed: u128,
    /// Best block minus finalized block.
    pub finality_lag: u32,
}

/// The relay service of one network.
pub struct Staker {
    client: RelayClient,
    key: Keypair,
    network: &'static Network,
    config: StakerConfig,
}

/// Meta key of the time a different validator list was first seen.
fn pending_since_key(network: &Network) -> String {
    format!("relay.{}.validators_pending_since", network.name)
}

/// Meta key of the rewards the stash received so far (planck): what the
/// ratio oracle takes the 2% fee from.
pub fn rewards_key(network: &Network) -> String {
    format!("relay.{}.rewards_total", network.name)
}

/// Meta key of the last era whose rewards were claimed.
fn paid_era_key(network: &Network) -> String {
    format!("relay.{}.rewards_claimed_through", network.name)
}

impl Staker {
    /// The service of `network` with `key`'s account as the stash (and
    /// the deposit address).
    pub fn new(client: RelayClient, key: Keypair, network: &'static Network, config: StakerConfig) -> Self {
        Self { client, key, network, config }
    }

    /// The stash (the deposit address).
    pub fn stash(&self) -> AccountId {
        self.key.public_key().0
    }

    /// The network it stakes on.
    pub fn network(&self) -> &'static Network {
        self.network
    }

    /// One round at unix time `now` (see the module docs).
    pub async fn round(&self, db: &Db, now: u64) -> Result<Round, StakerError> {
        let mut round = Round { in_flight: self.settle(db).await?, ..Round::default() };
        round.finality_lag = self.client.best().await?.saturating_sub(self.client.finalized().await?);
        let stash = self.stash();
        let balance = self.client.balance(&stash).await?;
        let ledger = self.client.ledger(&stash).await?.unwrap_or_default();
        let pending: Vec<UnstakeRow> =
            db.pending_unstakes()?.into_iter().filter(|u| u.network == self.network.prefix).collect();
        round.free = balance.free.saturating_sub(balance.frozen);
        round.active = ledger.active;
        round.unlocking = ledger.unlocking_total();
        round.owed = pending.iter().fold(0u128, |s, u| s.saturating_add(native(u.native_amount)));
        if round.in_flight > 0 {
            return Ok(round);
        }
        let mut nonce = u64::from(balance.nonce);
        let era = self.client.active_era().await?;
        // Withdraw what has unlocked.
        if ledger.unlocking.iter().any(|(_, unlocks_at)| *unlocks_at <= era) {
            self.send(db, "withdraw", &format!("era-{era}"), "withdraw_unbonded", vec![Value::u128(0)], 0, &mut nonce)
                .await?;
            round.sent.push("withdraw".into());
            return Ok(round);
        }
        // Pay what the free balance covers, oldest first.
        let mut spendable = round.free.saturating_sub(self.config.reserve);
        let mut unpaid = Vec::new();
        for u in &pending {
            let amount = native(u.native_amount);
            if amount <= spendable {
                let recipient = ss58::decode(u.recipient.as_bytes()).map_err(|e| {
                    StakerError::Db(format!("unstake {}: recipient {} ({})", u.id, u.recipient, e.name()))
                })?;
                let args = vec![multi_address(&recipient.account_id), Value::u128(amount)];
                self.send_call(
                    db,
                    "pay",
                    &u.id.to_string(),
                    "Balances",
                    "transfer_keep_alive",
                    args,
                    amount,
                    &mut nonce,
                )
                .await?;
                spendable -= amount;
                round.sent.push("pay".into());
            } else {
                unpaid.push(u);
            }
        }
        // Unbond what the rest need, beyond what is unbonding already.
        let needed = unpaid.iter().fold(0u128, |s, u| s.saturating_add(native(u.native_amount)));
        let short = needed.saturating_sub(spendable).saturating_sub(round.unlocking);
        if short > 0 && ledger.active > 0 {
            let amount = short.max(self.config.min_bond).min(ledger.active);
            self.send(db, "unbond", &format!("era-{era}"), "unbond", vec![Value::u128(amount)], amount, &mut nonce)
                .await?;
            db.mark_unstakes_unbonding(&unpaid.iter().map(|u| u.id).collect::<Vec<_>>())?;
            round.sent.push("unbond".into());
            spendable = 0;
        } else if needed > 0 {
            db.mark_unstakes_unbonding(&unpaid.iter().map(|u| u.id).collect::<Vec<_>>())?;
            spendable = 0;
        }
        // Bond the spare free balance.
        if spendable >= self.config.min_bond {
            if ledger.active == 0 && round.unlocking == 0 {
                let args = vec![Value::u128(spendable), Value::unnamed_variant("Stash", [])];
                self.send(
                    db,
                    "bond",
                    &format!("block-{}", self.client.best().await?),
                    "bond",
                    args,
                    spendable,
                    &mut nonce,
                )
                .await?;
            } else {
                let args = vec![Value::u128(spendable)];
                let key = format!("block-{}", self.client.best().await?);
                self.send(db, "bond_extra", &key, "bond_extra", args, spendable, &mut nonce).await?;
            }
            round.sent.push("bond".into());
            // Nominating needs the bond in a block first.
            return Ok(round);
        }
        if ledger.active == 0 {
            return Ok(round);
        }
        // Nominate, a change waiting the delay.
        let nominated = self.client.nominations(&stash).await?;
        let mut wanted = self.config.validators.clone();
        wanted.sort();
        let mut current = nominated.clone();
        current.sort();
        if !wanted.is_empty() && wanted != current {
            let since_key = pending_since_key(self.network);
            let since = match db.meta(&since_key)? {
                Some(t) if t > 0 => t,
                _ => {
                    db.set_meta(&since_key, now)?;
                    now
                }
            };
            if nominated.is_empty() || now.saturating_sub(since) >= self.config.nomination_delay_secs {
                let targets = Value::unnamed_composite(wanted.iter().map(multi_address));
                let key = format!("block-{}", self.client.best().await?);
                self.send(db, "nominate", &key, "nominate", vec![targets], 0, &mut nonce).await?;
                db.set_meta(&since_key, 0)?;
                round.sent.push("nominate".into());
            }
        } else {
            db.set_meta(&pending_since_key(self.network), 0)?;
        }
        // Claim the finished eras' rewards of the validators nominated.
        let paid_key = paid_era_key(self.network);
        let first = match db.meta(&paid_key)? {
            Some(e) => u32::try_from(e).unwrap_or(u32::MAX).saturating_add(1),
            None => era.saturating_sub(self.config.payout_eras),
        }
        .max(era.saturating_sub(self.config.payout_eras));
        for e in first..era {
            for validator in &nominated {
                let args = vec![Value::from_bytes(validator), Value::u128(u128::from(e))];
                let key = format!("era-{e}-{}", alloy::hex::encode(validator));
                self.send_call(db, "payout", &key, "Staking", "payout_stakers", args, 0, &mut nonce).await?;
                round.sent.push("payout".into());
            }
            db.set_meta(&paid_key, u64::from(e))?;
        }
        Ok(round)
    }

    /// Settles the outbox (see the module docs); returns how many are
    /// still waiting for a block.
    pub async fn settle(&self, db: &Db) -> Result<usize, StakerError> {
        let sent = db.outbox(self.network.prefix, "SENT")?;
        if sent.is_empty() {
            return Ok(0);
        }
        let best = self.client.best().await?;
        let mut waiting = 0;
        let mut blocks = BlockIndex::default();
        for o in sent {
            let hash = decode_hash(&o.hash)?;
            match self.client.find_included_in(&hash, o.birth, best, &mut blocks).await? {
                Some((extrinsic, outcome)) => {
                    let state = if outcome.success { "INCLUDED" } else { "FAILED" };
                    db.settle_outbox(&o.hash, state, Some(&extrinsic))?;
                    tracing::info!(kind = %o.kind, key = %o.key, %extrinsic, state, "relay extrinsic settled");
                    let earned =
                        outcome.rewards.iter().filter(|(who, _)| *who == self.stash()).fold(0u128, |s, (_, a)| s + a);
                    if earned > 0 {
                        let key = rewards_key(self.network);
                        let total =
                            db.meta(&key)?.unwrap_or(0).saturating_add(u64::try_from(earned).unwrap_or(u64::MAX));
                        db.set_meta(&key, total)?;
                        tracing::info!(earned, total, "era rewards received");
                    }
                    if o.kind == "pay" && outcome.success {
                        let id: u64 = o.key.parse().map_err(|_| StakerError::Db(format!("outbox key {}", o.key)))?;
                        db.mark_unstake_paid(id, &extrinsic)?
                            .map_err(|e| StakerError::Db(format!("unstake {id}: {e}")))?;
                    }
                }
                None if best > o.birth.saturating_add(MORTALITY) => {
                    db.settle_outbox(&o.hash, "EXPIRED", None)?;
                    tracing::warn!(kind = %o.kind, key = %o.key, "relay extrinsic expired unincluded: planned again");
                }
                None => {
                    // Sent before and not in a block yet, or never sent
                    // (stopped in between): the same bytes again.
                    if let Err(e) = self.client.submit(&o.bytes).await {
                        tracing::warn!(kind = %o.kind, key = %o.key, "resubmitting: {e}");
                    }
                    waiting += 1;
                }
            }
        }
        Ok(waiting)
    }

    #[allow(clippy::too_many_arguments)]
    async fn send(
        &self,
        db: &Db,
        kind: &str,
        key: &str,
        call: &str,
        args: Vec<Value>,
        amount: u128,
        nonce: &mut u64,
    ) -> Result<Signed, StakerError> {
        self.send_call(db, kind, key, "Staking", call, args, amount, nonce).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn send_call(
        &self,
        db: &Db,
        kind: &str,
        key: &str,
        pallet: &str,
        call: &str,
        args: Vec<Value>,
        amount: u128,
        nonce: &mut u64,
    ) -> Result<Signed, StakerError> {
        let intent =
            Intent { kind: kind.into(), key: key.into(), pallet: pallet.into(), call: call.into(), args, amount };
        self.send_intent(db, intent, nonce).await
    }

    /// Signs `intent` with the next nonce, records it, submits it.
    pub async fn send_intent(&self, db: &Db, intent: Intent, nonce: &mut u64) -> Result<Signed, StakerError> {
        let (kind, key, amount) = (intent.kind.clone(), intent.key.clone(), intent.amount);
        let signed = self.record(db, intent, *nonce).await?;
        *nonce += 1;
        if let Err(e) = self.client.submit(&signed.bytes).await {
            // Recorded: the next round settles it (resubmits or expires it).
            tracing::warn!(kind, key, "submitting: {e}");
        }
        tracing::info!(kind, key, amount, "relay extrinsic sent");
        Ok(signed)
    }

    /// Signs `intent` with `nonce` and records it in the outbox, without
    /// submitting it.
    pub async fn record(&self, db: &Db, intent: Intent, nonce: u64) -> Result<Signed, StakerError> {
        let signed = self.client.sign(&self.key, &intent.pallet, &intent.call, intent.args, nonce).await?;
        db.insert_outbox(&OutboxRow {
            network: self.network.prefix,
            kind: intent.kind,
            key: intent.key,
            nonce,
            hash: alloy::hex::encode(signed.hash),
            bytes: signed.bytes.clone(),
            birth: signed.birth,
            amount: intent.amount,
            state: "SENT".into(),
            extrinsic: None,
        })?;
        Ok(signed)
    }
}

/// An extrinsic the service means to send.
pub struct Intent {
    /// The outbox kind (`pay` settles an unstake).
    pub kind: String,
    /// What it is for (a `pay`'s unstake id).
    pub key: String,
    /// The pallet.
    pub pallet: String,
    /// The call.
    pub call: String,
    /// Its arguments.
    pub args: Vec<Value>,
    /// The amount it moves (planck).
    pub amount: u128,
}

fn native(v: U256) -> u128 {
    u128::try_from(v).unwrap_or(u128::MAX)
}

fn decode_hash(hex: &str) -> Result<[u8; 32], StakerError> {
    let bytes = alloy::hex::decode(hex).map_err(|e| StakerError::Db(format!("outbox hash {hex}: {e}")))?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| StakerError::Db(format!("outbox hash {hex}")))
}
