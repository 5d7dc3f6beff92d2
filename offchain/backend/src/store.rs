//! The notary's store, behind one interface: SQLite ([`Db`], the default:
//! one notary, one file) or PostgreSQL ([`PgStore`]: replicas sharing one
//! database). Both answer the same way; what makes replicas safe is that
//! every write is one statement guarded by a unique key — a deposit by
//! (network, extrinsic id), a claim by its id and by (network, extrinsic
//! id, issue) — so of two replicas issuing the same claim at once exactly
//! one insert lands and the other answers the claim that did.

use crate::db::{self, ClaimRow, Db, DbError, DepositRow, Result};
use alloy::primitives::U256;
use postgres::{Client, NoTls, Row};

/// What the notary keeps.
pub trait NotaryStore: Send {
    /// Stores a reported deposit; `false` when it is there already.
    fn insert_deposit(&mut self, d: &DepositRow) -> Result<bool>;
    /// The deposit `extrinsic_id` on `network`, if reported.
    fn deposit(&mut self, network: u8, extrinsic_id: &str) -> Result<Option<DepositRow>>;
    /// Deposits reported.
    fn deposit_count(&mut self) -> Result<u64>;
    /// Every deposit of `network` (of the depositor `address`, if given).
    fn deposits(&mut self, network: u8, address: Option<&str>) -> Result<Vec<DepositRow>>;
    /// Stores a signed claim; `false` when that issue or id is there.
    fn insert_claim(&mut self, c: &ClaimRow) -> Result<bool>;
    /// The claim with id `claim_id`.
    fn claim(&mut self, claim_id: U256) -> Result<Option<ClaimRow>>;
    /// The latest claim issued for a deposit.
    fn claim_for_deposit(&mut self, network: u8, extrinsic_id: &str) -> Result<Option<ClaimRow>>;
    /// Every claim of the depositor `address`, oldest first.
    fn claims_of(&mut self, address: &str) -> Result<Vec<ClaimRow>>;
    /// Records a final status (`CLAIMED`, `EXPIRED`).
    fn set_final_status(&mut self, claim_id: U256, status: &str) -> Result<()>;
    /// Claims issued, known claimed, known expired.
    fn claim_counts(&mut self) -> Result<(u64, u64, u64)>;
    /// The claims not known final.
    fn open_claims(&mut self) -> Result<Vec<ClaimRow>>;
}

impl NotaryStore for Db {
    fn insert_deposit(&mut self, d: &DepositRow) -> Result<bool> {
        Db::insert_deposit(self, d)
    }
    fn deposit(&mut self, network: u8, extrinsic_id: &str) -> Result<Option<DepositRow>> {
        Db::deposit(self, network, extrinsic_id)
    }
    fn deposit_count(&mut self) -> Result<u64> {
        Db::deposit_count(self)
    }
    fn deposits(&mut self, network: u8, address: Option<&str>) -> Result<Vec<DepositRow>> {
        Db::deposits(self, network, address)
    }
    fn insert_claim(&mut self, c: &ClaimRow) -> Result<bool> {
        Db::insert_claim(self, c)
    }
    fn claim(&mut self, claim_id: U256) -> Result<Option<ClaimRow>> {
        Db::claim(self, claim_id)
    }
    fn claim_for_deposit(&mut self, network: u8, extrinsic_id: &str) -> Result<Option<ClaimRow>> {
        Db::claim_for_deposit(self, network, extrinsic_id)
    }
    fn claims_of(&mut self, address: &str) -> Result<Vec<ClaimRow>> {
        Db::claims_of(self, address)
    }
    fn set_final_status(&mut self, claim_id: U256, status: &str) -> Result<()> {
        Db::set_final_status(self, claim_id, status)
    }
    fn claim_counts(&mut self) -> Result<(u64, u64, u64)> {
        Db::claim_counts(self)
    }
    fn open_claims(&mut self) -> Result<Vec<ClaimRow>> {
        Db::open_claims(self)
    }
}

impl From<Db> for Box<dyn NotaryStore> {
    fn from(db: Db) -> Self {
        Box::new(db)
    }
}

impl From<PgStore> for Box<dyn NotaryStore> {
    fn from(store: PgStore) -> Self {
        Box::new(store)
    }
}

/// The notary's tables in PostgreSQL (created once, under an advisory lock
/// so replicas starting together do not race).
const PG_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS notary_deposits (
        network SMALLINT NOT NULL,
        extrinsic_id TEXT NOT NULL,
        address TEXT NOT NULL,
        native_amount TEXT NOT NULL,
        loan_id BIGINT NOT NULL,
        reported BIGINT NOT NULL,
        PRIMARY KEY (network, extrinsic_id)
    );
    CREATE TABLE IF NOT EXISTS notary_claims (
        seq BIGSERIAL,
        claim_id TEXT PRIMARY KEY,
        network SMALLINT NOT NULL,
        extrinsic_id TEXT NOT NULL,
        address TEXT NOT NULL,
        eth_address TEXT NOT NULL,
        token TEXT NOT NULL,
        amount TEXT NOT NULL,
        native_amount TEXT NOT NULL,
        claim_before_block BIGINT NOT NULL,
        signature BYTEA NOT NULL,
        created BIGINT NOT NULL,
        expires BIGINT NOT NULL,
        issue INTEGER NOT NULL,
        loan_id BIGINT NOT NULL,
        final_status TEXT,
        UNIQUE (network, extrinsic_id, issue)
    );";

/// An arbitrary key for the schema's advisory lock.
const SCHEMA_LOCK: i64 = 0x6c73_745f_6e6f_7461;

/// The notary's store in PostgreSQL.
pub struct PgStore {
    client: Client,
}

fn bad(e: impl std::fmt::Display) -> DbError {
    DbError(e.to_string())
}

const CLAIM_COLUMNS: &str = "claim_id, network, extrinsic_id, address, eth_address, token, amount, native_amount,
    claim_before_block, signature, created, expires, issue, loan_id";

fn claim_row(r: &Row) -> Result<ClaimRow> {
    let network: i16 = r.try_get(1)?;
    Ok(ClaimRow {
        claim_id: db::u256(&r.try_get::<_, String>(0)?).map_err(bad)?,
        network: u8::try_from(network).map_err(bad)?,
        extrinsic_id: r.try_get(2)?,
        address: r.try_get(3)?,
        eth_address: db::address(&r.try_get::<_, String>(4)?).map_err(bad)?,
        token: db::address(&r.try_get::<_, String>(5)?).map_err(bad)?,
        amount: db::u256(&r.try_get::<_, String>(6)?).map_err(bad)?,
        native_amount: db::u256(&r.try_get::<_, String>(7)?).map_err(bad)?,
        claim_before_block: r.try_get::<_, i64>(8)? as u64,
        signature: r.try_get(9)?,
        created: r.try_get::<_, i64>(10)? as u64,
        expires: r.try_get::<_, i64>(11)? as u64,
        issue: r.try_get::<_, i32>(12)? as u32,
        loan_id: r.try_get::<_, i64>(13)? as u64,
    })
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`, or key=value
    /// form) and creates the tables if they are missing.
    pub fn connect(url: &str) -> Result<Self> {
        let mut client = Client::connect(url, NoTls)?;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
        tx.batch_execute(PG_SCHEMA)?;
        tx.commit()?;
        Ok(Self { client })
    }

    fn claims_where(&mut self, clause: &str, args: &[&(dyn postgres::types::ToSql + Sync)]) -> Result<Vec<ClaimRow>> {
        let sql = format!("SELECT {CLAIM_COLUMNS} FROM notary_claims WHERE {clause} ORDER BY created, seq");
        self.client.query(&sql, args)?.iter().map(claim_row).collect()
    }
}

impl NotaryStore for PgStore {
    fn insert_deposit(&mut self, d: &DepositRow) -> Result<bool> {
        let n = self.client.execute(
            "INSERT INTO notary_deposits (network, extrinsic_id, address, native_amount, loan_id, reported)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            &[
                &i16::from(d.network),
                &d.extrinsic_id,
                &d.address,
                &db::text(d.native_amount),
                &(d.loan_id as i64),
                &(d.reported as i64),
            ],
        )?;
        Ok(n == 1)
    }

    fn deposits(&mut self, network: u8, address: Option<&str>) -> Result<Vec<DepositRow>> {
        let rows = self.client.query(
            "SELECT extrinsic_id, address, native_amount, loan_id, reported FROM notary_deposits
             WHERE network = $1 AND ($2::TEXT IS NULL OR address = $2) ORDER BY reported, extrinsic_id",
            &[&i16::from(network), &address],
        )?;
        rows.iter()
            .map(|r| {
                Ok(DepositRow {
                    network,
                    extrinsic_id: r.try_get(0)?,
                    address: r.try_get(1)?,
                    native_amount: db::u256(&r.try_get::<_, String>(2)?).map_err(bad)?,
                    loan_id: r.try_get::<_, i64>(3)? as u64,
                    reported: r.try_get::<_, i64>(4)? as u64,
                })
            })
            .collect()
    }

    fn deposit(&mut self, network: u8, extrinsic_id: &str) -> Result<Option<DepositRow>> {
        let row = self.client.query_opt(
            "SELECT address, native_amount, loan_id, reported FROM notary_deposits
             WHERE network = $1 AND extrinsic_id = $2",
            &[&i16::from(network), &extrinsic_id],
        )?;
        row.map(|r| {
            Ok(DepositRow {
                network,
                extrinsic_id: extrinsic_id.to_owned(),
                address: r.try_get(0)?,
                native_amount: db::u256(&r.try_get::<_, String>(1)?).map_err(bad)?,
                loan_id: r.try_get::<_, i64>(2)? as u64,
                reported: r.try_get::<_, i64>(3)? as u64,
            })
        })
        .transpose()
    }

    fn deposit_count(&mut self) -> Result<u64> {
        Ok(self.client.query_one("SELECT count(*) FROM notary_deposits", &[])?.try_get::<_, i64>(0)? as u64)
    }

    fn insert_claim(&mut self, c: &ClaimRow) -> Result<bool> {
        let n = self.client.execute(
            &format!(
                "INSERT INTO notary_claims ({CLAIM_COLUMNS})
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING"
            ),
            &[
                &format!("{:#x}", c.claim_id),
                &i16::from(c.network),
                &c.extrinsic_id,
                &c.address,
                &c.eth_address.to_string(),
                &c.token.to_string(),
                &db::text(c.amount),
                &db::text(c.native_amount),
                &(c.claim_before_block as i64),
                &c.signature,
                &(c.created as i64),
                &(c.expires as i64),
                &(c.issue as i32),
                &(c.loan_id as i64),
            ],
        )?;
        Ok(n == 1)
    }

    fn claim(&mut self, claim_id: U256) -> Result<Option<ClaimRow>> {
        Ok(self.claims_where("claim_id = $1", &[&format!("{claim_id:#x}")])?.into_iter().next())
    }

    fn claim_for_deposit(&mut self, network: u8, extrinsic_id: &str) -> Result<Option<ClaimRow>> {
        let rows = self.claims_where("network = $1 AND extrinsic_id = $2", &[&i16::from(network), &extrinsic_id])?;
        Ok(rows.into_iter().max_by_key(|c| c.issue))
    }

    fn claims_of(&mut self, address: &str) -> Result<Vec<ClaimRow>> {
        self.claims_where("address = $1", &[&address])
    }

    fn set_final_status(&mut self, claim_id: U256, status: &str) -> Result<()> {
        self.client.execute(
            "UPDATE notary_claims SET final_status = $2 WHERE claim_id = $1 AND final_status IS NULL",
            &[&format!("{claim_id:#x}"), &status],
        )?;
        Ok(())
    }

    fn claim_counts(&mut self) -> Result<(u64, u64, u64)> {
        let r = self.client.query_one(
            "SELECT count(*), count(*) FILTER (WHERE final_status = 'CLAIMED'),
                 count(*) FILTER (WHERE final_status = 'EXPIRED') FROM notary_claims",
            &[],
        )?;
        Ok((r.try_get::<_, i64>(0)? as u64, r.try_get::<_, i64>(1)? as u64, r.try_get::<_, i64>(2)? as u64))
    }

    fn open_claims(&mut self) -> Result<Vec<ClaimRow>> {
        self.claims_where("final_status IS NULL", &[])
    }
}
