//! The backend's SQLite state: the keeper's view of the unstake queue and
//! its period clock, and the notary's claims. Everything the keeper keeps
//! here can be rebuilt from the chain's events; the notary's claims are the
//! record of what it signed.

use alloy::primitives::{Address, U256};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// A database failure.
#[derive(Debug, thiserror::Error)]
#[error("database: {0}")]
pub struct DbError(#[from] rusqlite::Error);

/// What the database returns.
pub type Result<T> = std::result::Result<T, DbError>;

/// Where an unstake request is, as the keeper last saw it on chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestState {
    /// Queued, not yet served.
    Pending,
    /// Served: claimable by its owner (the AVAX is reserved).
    Served,
    /// Paid out.
    Withdrawn,
}

impl RequestState {
    fn as_str(self) -> &'static str {
        match self {
            RequestState::Pending => "pending",
            RequestState::Served => "served",
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
}

/// The database.
pub struct Db {
    conn: Connection,
}

fn text(v: U256) -> String {
    v.to_string()
}

fn u256(s: &str) -> rusqlite::Result<U256> {
    s.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn address(s: &str) -> rusqlite::Result<Address> {
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
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS requests (
                 id INTEGER PRIMARY KEY,
                 claimer TEXT NOT NULL,
                 amount TEXT NOT NULL,
                 state TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS claims (
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
                 UNIQUE (network, extrinsic_id)
             );",
        )?;
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

    /// Stores a signed claim. `Ok(false)` when the deposit (network and
    /// extrinsic id) or the claim id is already there: nothing is written.
    pub fn insert_claim(&self, c: &ClaimRow) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO claims (claim_id, network, extrinsic_id, address, eth_address, token, amount,
                 native_amount, claim_before_block, signature, created, expires)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
            ],
        )?;
        Ok(n == 1)
    }

    /// The claims matching `clause`, oldest first; claims made in the same
    /// second keep the order they were issued in (the row id).
    fn claims_where(&self, clause: &str, arg: &dyn rusqlite::ToSql) -> Result<Vec<ClaimRow>> {
        let sql = format!(
            "SELECT claim_id, network, extrinsic_id, address, eth_address, token, amount, native_amount,
                 claim_before_block, signature, created, expires FROM claims WHERE {clause} ORDER BY created, rowid"
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
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The claim with id `claim_id`.
    pub fn claim(&self, claim_id: U256) -> Result<Option<ClaimRow>> {
        Ok(self.claims_where("claim_id = ?1", &format!("{claim_id:#x}"))?.into_iter().next())
    }

    /// The claim issued for a deposit.
    pub fn claim_for_deposit(&self, network: u8, extrinsic_id: &str) -> Result<Option<ClaimRow>> {
        let rows = self.claims_where("extrinsic_id = ?1", &extrinsic_id)?;
        Ok(rows.into_iter().find(|c| c.network == network))
    }

    /// Every claim of the depositor `address` (SS58).
    pub fn claims_of(&self, address: &str) -> Result<Vec<ClaimRow>> {
        self.claims_where("address = ?1", &address)
    }
}
