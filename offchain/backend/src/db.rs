//! The backend's SQLite state: the keeper's view of the unstake queue and
//! its period clock, and the notary's claims. Everything the keeper keeps
//! here can be rebuilt from the chain's events; the notary's claims are the
//! record of what it signed.

use alloy::primitives::{Address, U256};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// A database failure (SQLite or PostgreSQL).
#[derive(Debug, thiserror::Error)]
#[error("database: {0}")]
pub struct DbError(pub String);

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> Self {
        Self(e.to_string())
    }
}

/// What the database returns.
pub type Result<T> = std::result::Result<T, DbError>;

/// Where an unstake request is, as the keeper last saw it on chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestState {
    /// Queued, not yet served.
    Pending,
    /// Served: claimable by its owner (the AVAX is reserved).
    Served,
    /// Served, and a push to its owner failed (`ClaimPushFailed`): it stays
    /// claimable by its owner's `withdrawClaim`, and the keeper does not push
    /// it again.
    PushFailed,
    /// Paid out.
    Withdrawn,
}

impl RequestState {
    fn as_str(self) -> &'static str {
        match self {
            RequestState::Pending => "pending",
            RequestState::Served => "served",
            RequestState::PushFailed => "push_failed",
            RequestState::Withdrawn => "withdrawn",
        }
    }
}

/// A claim the notary signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRow {
    /// The on-chain claim id.
    pub claim_id: U256,
    /// SS58 prefix of the relay chain (0 Polkadot, 2 Kusama).
    pub network: u8,
    /// The deposit's extrinsic id on the relay chain.
    pub extrinsic_id: String,
    /// The depositor's SS58 address.
    pub address: String,
    /// Who receives the bonds.
    pub eth_address: Address,
    /// The bond token.
    pub token: Address,
    /// Bonds minted (18 decimals).
    pub amount: U256,
    /// The deposit in the relay chain's smallest unit.
    pub native_amount: U256,
    /// Last block the claim can be used in.
    pub claim_before_block: u64,
    /// The notary's 65-byte signature.
    pub signature: Vec<u8>,
    /// When it was issued (unix seconds).
    pub created: u64,
    /// When its block is expected to pass (unix seconds).
    pub expires: u64,
    /// Which issue for its deposit (0 first; a claim that expired unused is
    /// re-issued as the next).
    pub issue: u32,
    /// The crowdloan the deposit went to (0: staking).
    pub loan_id: u64,
}

/// A burn of bonds (`TokensBurned`): KSM/DOT owed on the relay chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnstakeRow {
    /// Its number, in the order the burns were read (0 before it is
    /// stored).
    pub id: u64,
    /// The block of the burn.
    pub block: u64,
    /// The log's index (with the block, it identifies the burn).
    pub log_index: u64,
    /// The burn's transaction (none on in-process chains).
    pub tx_hash: Option<String>,
    /// SS58 prefix of the relay chain.
    pub network: u8,
    /// The bond token burned.
    pub token: Address,
    /// Who burned.
    pub account: Address,
    /// Where the KSM/DOT go, SS58 with the network's prefix.
    pub recipient: String,
    /// Bonds burned (18 decimals).
    pub amount: U256,
    /// What is owed in the relay chain's smallest unit (rounded down).
    pub native_amount: U256,
    /// Shares burned.
    pub shares: U256,
    /// `None` while pending; the relay-chain extrinsic that paid it.
    pub relay_extrinsic: Option<String>,
    /// `PENDING`, `UNBONDING` (the relay service unbonded to pay it) or
    /// `PAID`.
    pub status: String,
}

/// An extrinsic the relay service signed: recorded before it is sent, so a
/// restart finds it on chain (or sees it expire) instead of sending again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    /// SS58 prefix of the relay chain.
    pub network: u8,
    /// `pay`, `bond`, `bond_extra`, `unbond`, `withdraw`, `nominate`,
    /// `payout`.
    pub kind: String,
    /// What it is for (the unstake id of a payment, the era and validator
    /// of a payout…).
    pub key: String,
    /// The nonce it uses.
    pub nonce: u64,
    /// Its hash (hex).
    pub hash: String,
    /// Its signed bytes.
    pub bytes: Vec<u8>,
    /// The block it was signed at.
    pub birth: u32,
    /// The amount it moves (planck; 0 when none).
    pub amount: u128,
    /// `SENT`, `INCLUDED`, `FAILED` or `EXPIRED`.
    pub state: String,
    /// Its extrinsic id once in a block.
    pub extrinsic: Option<String>,
}

/// Why an unstake cannot be marked paid.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaidError {
    /// No unstake has the id.
    #[error("no unstake {0}")]
    Unknown(u64),
    /// It was marked paid by another extrinsic.
    #[error("unstake {0} was paid by {1}")]
    PaidBy(u64, String),
}

/// A relay-chain deposit as the watcher reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositRow {
    /// SS58 prefix of the relay chain.
    pub network: u8,
    /// Its extrinsic id (`<block>-<index>`).
    pub extrinsic_id: String,
    /// The depositor's SS58 address.
    pub address: String,
    /// The amount in the relay chain's smallest unit.
    pub native_amount: U256,
    /// The crowdloan it went to (0: staking).
    pub loan_id: u64,
    /// When it was reported (unix seconds).
    pub reported: u64,
}

/// The claims table (schema version 2): a deposit may have several
/// issues, one at a time (the notary re-issues only an expired one).
const CLAIMS: &str = "CREATE TABLE IF NOT EXISTS claims (
    claim_id TEXT PRIMARY KEY,
    network INTEGER NOT NULL,
    extrinsic_id TEXT NOT NULL,
    address TEXT NOT NULL,
    eth_address TEXT NOT NULL,
    token TEXT NOT NULL,
    amount TEXT NOT NULL,
    native_amount TEXT NOT NULL,
    claim_before_block INTEGER NOT NULL,
    signature BLOB NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    issue INTEGER NOT NULL,
    loan_id INTEGER NOT NULL,
    final_status TEXT,
    UNIQUE (network, extrinsic_id, issue)
)";

/// The database.
pub struct Db {
    conn: Connection,
}

pub(crate) fn text(v: U256) -> String {
    v.to_string()
}

pub(crate) fn u256(s: &str) -> rusqlite::Result<U256> {
    s.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn address(s: &str) -> rusqlite::Result<Address> {
    s.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

impl Db {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        Self::init(Connection::open(path)?)
    }

    /// A database in memory (tests, dry runs).
    pub fn in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self> {
        // The keeper, the notary and the ratio oracle may share a file:
        // a writer waits for another's transaction instead of failing.
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS requests (
                 id INTEGER PRIMARY KEY,
                 claimer TEXT NOT NULL,
                 amount TEXT NOT NULL,
                 state TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS unstakes (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 block INTEGER NOT NULL,
                 log_index INTEGER NOT NULL,
                 tx_hash TEXT,
                 network INTEGER NOT NULL,
                 token TEXT NOT NULL,
                 account TEXT NOT NULL,
                 recipient TEXT NOT NULL,
                 amount TEXT NOT NULL,
                 native_amount TEXT NOT NULL,
                 shares TEXT NOT NULL,
                 status TEXT NOT NULL,
                 relay_extrinsic TEXT,
                 UNIQUE (block, log_index)
             );
             CREATE TABLE IF NOT EXISTS relay_outbox (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 network INTEGER NOT NULL,
                 kind TEXT NOT NULL,
                 key TEXT NOT NULL,
                 nonce INTEGER NOT NULL,
                 hash TEXT NOT NULL UNIQUE,
                 bytes BLOB NOT NULL,
                 birth INTEGER NOT NULL,
                 amount TEXT NOT NULL,
                 state TEXT NOT NULL,
                 extrinsic TEXT
             );
             CREATE TABLE IF NOT EXISTS deposits (
                 network INTEGER NOT NULL,
                 extrinsic_id TEXT NOT NULL,
                 address TEXT NOT NULL,
                 native_amount TEXT NOT NULL,
                 loan_id INTEGER NOT NULL,
                 reported INTEGER NOT NULL,
                 PRIMARY KEY (network, extrinsic_id)
             );",
        )?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let has_claims: bool =
            conn.query_row("SELECT count(*) > 0 FROM sqlite_master WHERE name = 'claims'", [], |r| r.get(0))?;
        if has_claims && version < 2 {
            // Version 1 kept one claim per deposit and no deposits table:
            // its claims become issue 0, their deposits reported.
            conn.execute_batch(&format!(
                "BEGIN;
                 ALTER TABLE claims RENAME TO claims_v1;
                 {CLAIMS};
                 INSERT INTO claims SELECT claim_id, network, extrinsic_id, address, eth_address, token, amount,
                     native_amount, claim_before_block, signature, created, expires, 0, 0, NULL FROM claims_v1;
                 INSERT OR IGNORE INTO deposits SELECT network, extrinsic_id, address, native_amount, 0, created
                     FROM claims_v1;
                 DROP TABLE claims_v1;
                 COMMIT;"
            ))?;
        } else {
            conn.execute_batch(&format!("{CLAIMS};"))?;
        }
        conn.execute_batch("PRAGMA user_version = 2;")?;
        Ok(Self { conn })
    }

    /// A number kept under `key`.
    pub fn meta(&self, key: &str) -> Result<Option<u64>> {
        let v: Option<i64> =
            self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        Ok(v.and_then(|v| u64::try_from(v).ok()))
    }

    /// Keeps `value` under `key`.
    pub fn set_meta(&self, key: &str, value: u64) -> Result<()> {
        let value = i64::try_from(value).unwrap_or(i64::MAX);
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
            params![key, value],
        )?;
        Ok(())
    }

    /// Records a queued request (again: a no-op).
    pub fn add_request(&self, id: u64, claimer: Address, amount: U256) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO requests (id, claimer, amount, state) VALUES (?1, ?2, ?3, 'pending')",
            params![id as i64, claimer.to_string(), text(amount)],
        )?;
        Ok(())
    }

    /// Marks pending requests `first..=last` served.
    pub fn mark_served(&self, first: u64, last: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE requests SET state = 'served' WHERE id BETWEEN ?1 AND ?2 AND state = 'pending'",
            params![first as i64, last as i64],
        )?;
        Ok(())
    }

    /// Marks served request `id` as one whose push failed (a request
    /// already paid stays paid).
    pub fn mark_push_failed(&self, id: u64) -> Result<()> {
        self.conn
            .execute("UPDATE requests SET state = 'push_failed' WHERE id = ?1 AND state = 'served'", [id as i64])?;
        Ok(())
    }

    /// Marks request `id` paid.
    pub fn mark_withdrawn(&self, id: u64) -> Result<()> {
        self.conn.execute("UPDATE requests SET state = 'withdrawn' WHERE id = ?1", [id as i64])?;
        Ok(())
    }

    /// The state of request `id`, if known.
    pub fn request_state(&self, id: u64) -> Result<Option<RequestState>> {
        let s: Option<String> =
            self.conn.query_row("SELECT state FROM requests WHERE id = ?1", [id as i64], |r| r.get(0)).optional()?;
        Ok(s.map(|s| match s.as_str() {
            "served" => RequestState::Served,
            "push_failed" => RequestState::PushFailed,
            "withdrawn" => RequestState::Withdrawn,
            _ => RequestState::Pending,
        }))
    }

    /// Total AVAX of requests in `state` with ids in `first..=last`.
    pub fn total(&self, state: RequestState, first: u64, last: u64) -> Result<U256> {
        let mut stmt = self.conn.prepare("SELECT amount FROM requests WHERE state = ?1 AND id BETWEEN ?2 AND ?3")?;
        let rows = stmt.query_map(params![state.as_str(), first as i64, last.min(i64::MAX as u64) as i64], |r| {
            r.get::<_, String>(0)
        })?;
        let mut sum = U256::ZERO;
        for amount in rows {
            sum = sum.saturating_add(u256(&amount?)?);
        }
        Ok(sum)
    }

    /// Ids of requests in `state`, oldest first.
    pub fn ids(&self, state: RequestState) -> Result<Vec<u64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM requests WHERE state = ?1 ORDER BY id")?;
        let rows = stmt.query_map([state.as_str()], |r| r.get::<_, i64>(0))?;
        rows.map(|id| Ok(u64::try_from(id?).unwrap_or_default())).collect()
    }

    /// Stores a burn read from the chain (again: a no-op). `Ok(true)` when
    /// new.
    pub fn insert_unstake(&self, u: &UnstakeRow) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO unstakes (block, log_index, tx_hash, network, token, account, recipient, amount,
                 native_amount, shares, status, relay_extrinsic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                u.block as i64,
                u.log_index as i64,
                u.tx_hash,
                u.network,
                u.token.to_string(),
                u.account.to_string(),
                u.recipient,
                text(u.amount),
                text(u.native_amount),
                text(u.shares),
                if u.relay_extrinsic.is_some() { "PAID" } else { "PENDING" },
                u.relay_extrinsic,
            ],
        )?;
        Ok(n == 1)
    }

    /// The unstakes whose `column` is `value`, in the order they were read.
    fn unstakes_where(&self, clause: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<UnstakeRow>> {
        let sql = format!(
            "SELECT id, block, log_index, tx_hash, network, token, account, recipient, amount, native_amount, shares,
                 relay_extrinsic, status FROM unstakes WHERE {clause} ORDER BY id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| {
            Ok(UnstakeRow {
                id: r.get::<_, i64>(0)? as u64,
                block: r.get::<_, i64>(1)? as u64,
                log_index: r.get::<_, i64>(2)? as u64,
                tx_hash: r.get(3)?,
                network: r.get(4)?,
                token: address(&r.get::<_, String>(5)?)?,
                account: address(&r.get::<_, String>(6)?)?,
                recipient: r.get(7)?,
                amount: u256(&r.get::<_, String>(8)?)?,
                native_amount: u256(&r.get::<_, String>(9)?)?,
                shares: u256(&r.get::<_, String>(10)?)?,
                relay_extrinsic: r.get(11)?,
                status: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The unstakes burned by `address` (an Ethereum address) or paid to it
    /// (an SS58 address), oldest first.
    pub fn unstakes_of(&self, address: &str) -> Result<Vec<UnstakeRow>> {
        let eth = address.parse::<Address>().map(|a| a.to_string()).unwrap_or_default();
        self.unstakes_where("account = ?1 OR recipient = ?2", &[&eth, &address])
    }

    /// The unstakes not paid yet, oldest first.
    pub fn pending_unstakes(&self) -> Result<Vec<UnstakeRow>> {
        self.unstakes_where("status IN ('PENDING', 'UNBONDING')", &[])
    }

    /// What every unstake of `network` burned back, paid or not (planck).
    pub fn burned_native(&self, network: u8) -> Result<u128> {
        let rows = self.unstakes_where("network = ?1", &[&network])?;
        Ok(rows.iter().fold(0u128, |s, u| s.saturating_add(u128::try_from(u.native_amount).unwrap_or(u128::MAX))))
    }

    /// How many unstakes were paid.
    pub fn paid_unstake_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM unstakes WHERE status = 'PAID'", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Marks the pending unstakes `ids` `UNBONDING`: the relay service
    /// unbonded to pay them.
    pub fn mark_unstakes_unbonding(&self, ids: &[u64]) -> Result<()> {
        for id in ids {
            self.conn.execute(
                "UPDATE unstakes SET status = 'UNBONDING' WHERE id = ?1 AND status = 'PENDING'",
                [*id as i64],
            )?;
        }
        Ok(())
    }

    /// Marks unstake `id` paid by the relay-chain extrinsic `extrinsic`.
    /// Marking it again with the same extrinsic is a no-op; another one is
    /// refused.
    pub fn mark_unstake_paid(&self, id: u64, extrinsic: &str) -> Result<std::result::Result<(), PaidError>> {
        let Some(row) = self.unstakes_where("id = ?1", &[&(id as i64)])?.into_iter().next() else {
            return Ok(Err(PaidError::Unknown(id)));
        };
        match row.relay_extrinsic {
            Some(paid) if paid == extrinsic => Ok(Ok(())),
            Some(paid) => Ok(Err(PaidError::PaidBy(id, paid))),
            None => {
                self.conn.execute(
                    "UPDATE unstakes SET status = 'PAID', relay_extrinsic = ?2 WHERE id = ?1 AND status != 'PAID'",
                    params![id as i64, extrinsic],
                )?;
                Ok(Ok(()))
            }
        }
    }

    /// Records a relay-chain extrinsic the relay service signed, before it
    /// is submitted (state `SENT`).
    pub fn insert_outbox(&self, o: &OutboxRow) -> Result<()> {
        self.conn.execute(
            "INSERT INTO relay_outbox (network, kind, key, nonce, hash, bytes, birth, amount, state, extrinsic)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                o.network,
                o.kind,
                o.key,
                o.nonce as i64,
                o.hash,
                o.bytes,
                o.birth as i64,
                o.amount.to_string(),
                o.state,
                o.extrinsic
            ],
        )?;
        Ok(())
    }

    /// The outbox of `network` in `state`, in the order signed.
    pub fn outbox(&self, network: u8, state: &str) -> Result<Vec<OutboxRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT network, kind, key, nonce, hash, bytes, birth, amount, state, extrinsic FROM relay_outbox
             WHERE network = ?1 AND state = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![network, state], |r| {
            Ok(OutboxRow {
                network: r.get(0)?,
                kind: r.get(1)?,
                key: r.get(2)?,
                nonce: r.get::<_, i64>(3)? as u64,
                hash: r.get(4)?,
                bytes: r.get(5)?,
                birth: r.get::<_, i64>(6)? as u32,
                amount: r.get::<_, String>(7)?.parse().unwrap_or_default(),
                state: r.get(8)?,
                extrinsic: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Settles the outbox entry `hash`: `INCLUDED` or `FAILED` at
    /// `extrinsic`, or `EXPIRED` (never included).
    pub fn settle_outbox(&self, hash: &str, state: &str, extrinsic: Option<&str>) -> Result<()> {
        self.conn.execute(
            "UPDATE relay_outbox SET state = ?2, extrinsic = ?3 WHERE hash = ?1 AND state = 'SENT'",
            params![hash, state, extrinsic],
        )?;
        Ok(())
    }

    /// Stores a reported deposit. `Ok(false)` when the deposit (network and
    /// extrinsic id) is already there: nothing is written.
    pub fn insert_deposit(&self, d: &DepositRow) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO deposits (network, extrinsic_id, address, native_amount, loan_id, reported)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![d.network, d.extrinsic_id, d.address, text(d.native_amount), d.loan_id as i64, d.reported as i64],
        )?;
        Ok(n == 1)
    }

    /// Deposits reported.
    pub fn deposit_count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM deposits", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// Every deposit of `network` (of the depositor `address`, if given),
    /// oldest first.
    pub fn deposits(&self, network: u8, address: Option<&str>) -> Result<Vec<DepositRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT extrinsic_id, address, native_amount, loan_id, reported FROM deposits
             WHERE network = ?1 AND (?2 IS NULL OR address = ?2) ORDER BY reported, extrinsic_id",
        )?;
        let rows = stmt.query_map(params![network, address], |r| {
            Ok(DepositRow {
                network,
                extrinsic_id: r.get(0)?,
                address: r.get(1)?,
                native_amount: u256(&r.get::<_, String>(2)?)?,
                loan_id: r.get::<_, i64>(3)? as u64,
                reported: r.get::<_, i64>(4)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The deposit `extrinsic_id` on `network`, if reported.
    pub fn deposit(&self, network: u8, extrinsic_id: &str) -> Result<Option<DepositRow>> {
        self.conn
            .query_row(
                "SELECT address, native_amount, loan_id, reported FROM deposits
                 WHERE network = ?1 AND extrinsic_id = ?2",
                params![network, extrinsic_id],
                |r| {
                    Ok(DepositRow {
                        network,
                        extrinsic_id: extrinsic_id.to_owned(),
                        address: r.get(0)?,
                        native_amount: u256(&r.get::<_, String>(1)?)?,
                        loan_id: r.get::<_, i64>(2)? as u64,
                        reported: r.get::<_, i64>(3)? as u64,
                    })
                },
            )
            .optional()
            .map_err(DbError::from)
    }

    /// Stores a signed claim. `Ok(false)` when that issue of the deposit
    /// (network, extrinsic id and issue) or the claim id is already there:
    /// nothing is written.
    pub fn insert_claim(&self, c: &ClaimRow) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO claims (claim_id, network, extrinsic_id, address, eth_address, token, amount,
                 native_amount, claim_before_block, signature, created, expires, issue, loan_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                format!("{:#x}", c.claim_id),
                c.network,
                c.extrinsic_id,
                c.address,
                c.eth_address.to_string(),
                c.token.to_string(),
                text(c.amount),
                text(c.native_amount),
                c.claim_before_block as i64,
                c.signature,
                c.created as i64,
                c.expires as i64,
                c.issue,
                c.loan_id as i64,
            ],
        )?;
        Ok(n == 1)
    }

    /// The claims matching `clause`, oldest first; claims made in the same
    /// second keep the order they were issued in (the row id).
    fn claims_where(&self, clause: &str, arg: &dyn rusqlite::ToSql) -> Result<Vec<ClaimRow>> {
        let sql = format!(
            "SELECT claim_id, network, extrinsic_id, address, eth_address, token, amount, native_amount,
                 claim_before_block, signature, created, expires, issue, loan_id FROM claims WHERE {clause}
             ORDER BY created, rowid"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([arg], |r| {
            Ok(ClaimRow {
                claim_id: u256(&r.get::<_, String>(0)?)?,
                network: r.get(1)?,
                extrinsic_id: r.get(2)?,
                address: r.get(3)?,
                eth_address: address(&r.get::<_, String>(4)?)?,
                token: address(&r.get::<_, String>(5)?)?,
                amount: u256(&r.get::<_, String>(6)?)?,
                native_amount: u256(&r.get::<_, String>(7)?)?,
                claim_before_block: r.get::<_, i64>(8)? as u64,
                signature: r.get(9)?,
                created: r.get::<_, i64>(10)? as u64,
                expires: r.get::<_, i64>(11)? as u64,
                issue: r.get(12)?,
                loan_id: r.get::<_, i64>(13)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The claim with id `claim_id`.
    pub fn claim(&self, claim_id: U256) -> Result<Option<ClaimRow>> {
        Ok(self.claims_where("claim_id = ?1", &format!("{claim_id:#x}"))?.into_iter().next())
    }

    /// Records that claim `claim_id` is `CLAIMED` or `EXPIRED` for good.
    pub fn set_final_status(&self, claim_id: U256, status: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE claims SET final_status = ?2 WHERE claim_id = ?1 AND final_status IS NULL",
            params![format!("{claim_id:#x}"), status],
        )?;
        Ok(())
    }

    /// Claims issued, and how many are known `CLAIMED` and `EXPIRED`.
    pub fn claim_counts(&self) -> Result<(u64, u64, u64)> {
        Ok(self.conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE final_status = 'CLAIMED'),
                 count(*) FILTER (WHERE final_status = 'EXPIRED') FROM claims",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64)),
        )?)
    }

    /// The claims whose status may still change (not known final).
    pub fn open_claims(&self) -> Result<Vec<ClaimRow>> {
        self.claims_where("final_status IS NULL AND ?1", &1)
    }

    /// The latest claim issued for a deposit.
    pub fn claim_for_deposit(&self, network: u8, extrinsic_id: &str) -> Result<Option<ClaimRow>> {
        let rows = self.claims_where("extrinsic_id = ?1", &extrinsic_id)?;
        Ok(rows.into_iter().filter(|c| c.network == network).max_by_key(|c| c.issue))
    }

    /// Every claim of the depositor `address` (SS58).
    pub fn claims_of(&self, address: &str) -> Result<Vec<ClaimRow>> {
        self.claims_where("address = ?1", &address)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_version_1_database_is_migrated_with_its_claims_as_first_issues_of_reported_deposits() {
        let path = std::env::temp_dir().join(format!("lst-db-migrate-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let old = Connection::open(&path).unwrap();
        old.execute_batch(
            "CREATE TABLE claims (claim_id TEXT PRIMARY KEY, network INTEGER NOT NULL, extrinsic_id TEXT NOT NULL,
                 address TEXT NOT NULL, eth_address TEXT NOT NULL, token TEXT NOT NULL, amount TEXT NOT NULL,
                 native_amount TEXT NOT NULL, claim_before_block INTEGER NOT NULL, signature BLOB NOT NULL,
                 created INTEGER NOT NULL, expires INTEGER NOT NULL, UNIQUE (network, extrinsic_id));
             INSERT INTO claims VALUES ('0x1', 2, '5-1', 'addr', '0x0000000000000000000000000000000000000001',
                 '0x0000000000000000000000000000000000000002', '7000000', '7', 99, x'01', 10, 20);",
        )
        .unwrap();
        drop(old);
        let db = Db::open(&path).unwrap();
        let claim = db.claim(U256::from(1u8)).unwrap().unwrap();
        assert_eq!((claim.issue, claim.loan_id, claim.claim_before_block), (0, 0, 99));
        let deposit = db.deposit(2, "5-1").unwrap().unwrap();
        assert_eq!((deposit.native_amount, deposit.address.as_str()), (U256::from(7u8), "addr"));
        drop(db);
        // Opening again changes nothing.
        let db = Db::open(&path).unwrap();
        assert_eq!(db.claim_for_deposit(2, "5-1").unwrap().unwrap(), claim);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_deposit_has_one_claim_per_issue() {
        let db = Db::in_memory().unwrap();
        let row = ClaimRow {
            claim_id: U256::from(1u8),
            network: 2,
            extrinsic_id: "1-1".into(),
            address: "a".into(),
            eth_address: Address::repeat_byte(1),
            token: Address::repeat_byte(2),
            amount: U256::from(1u8),
            native_amount: U256::from(1u8),
            claim_before_block: 5,
            signature: vec![1],
            created: 1,
            expires: 2,
            issue: 0,
            loan_id: 0,
        };
        assert!(db.insert_claim(&row).unwrap());
        assert!(!db.insert_claim(&ClaimRow { claim_id: U256::from(2u8), ..row.clone() }).unwrap(), "same issue");
        let next = ClaimRow { claim_id: U256::from(3u8), issue: 1, ..row };
        assert!(db.insert_claim(&next).unwrap());
        assert_eq!(db.claim_for_deposit(2, "1-1").unwrap().unwrap(), next, "the latest issue");
    }
}
