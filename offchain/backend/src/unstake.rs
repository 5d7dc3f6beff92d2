//! The KSM/DOT unstake pipeline: every `TokensBurned` of the PolkadotPool
//! becomes a persisted unstake request — who burned, the relay-chain
//! recipient as SS58, the bonds and shares burned, what is owed in KSM/DOT,
//! the transaction — `PENDING` until the operator records the relay-chain
//! extrinsic that paid it (`lst-backend unstake-paid`), then `PAID`.
//!
//! Paying on the relay chain (unbonding, transfers) is the operator's
//! relay-chain tooling, outside this repository; this is its work list and
//! the users' `UNSTAKE` history (`GET /v1/unstakes?address=`, served by the
//! keeper's listener).

use crate::{
    db::{Db, UnstakeRow},
    keeper::{KeeperError, LogReader, Result, SyncConfig},
    network::NETWORKS,
};
use alloy::{
    primitives::{Address, U256},
    sol_types::SolEvent,
};
use lst_client::{abi::IPolkadotPool as DotPool, Chain, ChainLog};
use lst_core::ss58;
use lst_deploy::Manifest;
use serde::{Deserialize, Serialize};

const SYNCED_BLOCK: &str = "unstakes.synced_block";

/// Follows the PolkadotPool's burns.
#[derive(Clone, Copy, Debug)]
pub struct Unstakes {
    reader: LogReader,
    /// aKSMb and aDOTb, in [`NETWORKS`] order.
    bonds: [Address; 2],
}

impl Unstakes {
    /// For the deployment `m`, reading as `sync` says.
    pub fn new(m: &Manifest, sync: SyncConfig) -> std::result::Result<Self, String> {
        let reader = LogReader {
            key: SYNCED_BLOCK,
            address: m.address("PolkadotPool")?,
            start_block: sync.start_block.unwrap_or(m.start_block),
            sync,
        };
        Ok(Self { reader, bonds: [m.address(NETWORKS[0].bond)?, m.address(NETWORKS[1].bond)?] })
    }

    /// Reads the burns since the last sync into `db`; returns the last block
    /// read.
    pub fn sync(&self, chain: &mut dyn Chain, db: &Db) -> Result<Option<u64>> {
        self.reader.follow(chain, db, |record| {
            if let Some(row) = self.decode(record)? {
                if db.insert_unstake(&row)? {
                    tracing::info!(
                        recipient = %row.recipient, native_amount = %row.native_amount, account = %row.account,
                        "unstake requested"
                    );
                }
            }
            Ok(())
        })
    }

    /// The unstake a log records, if it is a burn.
    fn decode(&self, record: &ChainLog) -> Result<Option<UnstakeRow>> {
        let Ok(e) = DotPool::TokensBurned::decode_log_data(&record.log.data) else {
            return Ok(None);
        };
        let index = self
            .bonds
            .iter()
            .position(|b| *b == e.token)
            .ok_or_else(|| KeeperError::Manifest(format!("a burn of an unknown bond {}", e.token)))?;
        let network = &NETWORKS[index];
        // The pool refuses a recipient that does not parse, so this holds
        // for every burn it emitted.
        let account = ss58::parse_recipient(&e.recipient)
            .map_err(|x| KeeperError::Invalid(format!("a burn with a bad recipient ({})", x.name())))?;
        let mut out = [0u8; ss58::MAX_ENCODED_LEN];
        let n = ss58::encode(network.prefix, &account.account_id, &mut out)
            .map_err(|x| KeeperError::Invalid(x.name().to_owned()))?;
        let recipient = String::from_utf8_lossy(out.get(..n).unwrap_or_default()).into_owned();
        let scale = U256::from(10u8).pow(U256::from(18 - network.decimals));
        Ok(Some(UnstakeRow {
            id: 0,
            block: record.block,
            log_index: record.index,
            tx_hash: record.tx_hash.map(|h| format!("{h:#x}")),
            network: network.prefix,
            token: e.token,
            account: e.account,
            recipient,
            amount: e.amount,
            native_amount: e.amount / scale,
            shares: e.shares,
            relay_extrinsic: None,
            status: "PENDING".into(),
        }))
    }
}

/// One entry of a user's `UNSTAKE` history, as the API answers it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct UnstakeEntry {
    /// Always `UNSTAKE`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The request's number.
    pub id: u64,
    /// `PENDING`, `UNBONDING` or `PAID`.
    pub status: String,
    /// SS58 prefix of the relay chain (0 Polkadot, 2 Kusama).
    pub network: u8,
    /// The bond token burned.
    pub token_address: String,
    /// Who burned.
    pub eth_address: String,
    /// The relay-chain recipient (SS58).
    pub address: String,
    /// What is owed in whole KSM/DOT (`"5"`, `"12.1234"`).
    pub amount: String,
    /// What is owed in the smallest unit.
    pub native_amount: String,
    /// Bonds burned (18 decimals).
    pub bond_amount: String,
    /// Shares burned.
    pub shares: String,
    /// The burn's transaction.
    pub tx_hash: Option<String>,
    /// The burn's block.
    pub block: u64,
    /// The relay-chain extrinsic that paid it.
    pub relay_extrinsic: Option<String>,
}

impl From<&UnstakeRow> for UnstakeEntry {
    fn from(u: &UnstakeRow) -> Self {
        let decimals = NETWORKS.iter().find(|n| n.prefix == u.network).map_or(18, |n| n.decimals);
        Self {
            kind: "UNSTAKE".into(),
            id: u.id,
            status: u.status.clone(),
            network: u.network,
            token_address: u.token.to_string(),
            eth_address: u.account.to_string(),
            address: u.recipient.clone(),
            amount: crate::network::whole_units(u.native_amount, decimals),
            native_amount: u.native_amount.to_string(),
            bond_amount: u.amount.to_string(),
            shares: u.shares.to_string(),
            tx_hash: u.tx_hash.clone(),
            block: u.block,
            relay_extrinsic: u.relay_extrinsic.clone(),
        }
    }
}
