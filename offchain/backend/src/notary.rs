//! The notary: an HTTP API that turns a KSM/DOT deposit into a claim the
//! PolkadotPool accepts, signed over the pool's EIP-712 digest (domain
//! "PolkadotPool" "1", the chain id and the pool's address).
//!
//! - `POST /v1/deposits` registers a deposit —
//!   `{"network": "kusama"|"polkadot", "extrinsicId", "nativeAmount",
//!   "address", "ethAddress"}` — and answers `201` with the claim (the
//!   seed's claim JSON, [`ClaimReply`]). A deposit already registered
//!   answers `409` with its claim: a deposit is never claimable twice.
//! - `GET /v1/claims/{claimId}` answers the claim, its `status` read from
//!   the chain (`CLAIMED` once `isClaimUsed`, `EXPIRED` once the block is
//!   past `claimBeforeBlock`, else `ACTIVE`).
//! - `GET /v1/claims?address=<ss58>` lists a depositor's claims.
//!
//! Bad input gets a `400` whose `error` says what is wrong. The claim id is
//! `keccak256("lst-notary" ‖ chain id ‖ pool ‖ network ‖ extrinsic id)`:
//! one deposit always maps to one id, so even a lost database cannot make a
//! deposit claimable twice, and ids are never reused.
//!
//! The notary trusts the deposit it is told about. Checking it on the relay
//! chain, and the depositor's sr25519 request signature, is the job of the
//! relay-chain watcher in front of it (not part of this repository).

use crate::db::{ClaimRow, Db};
use alloy::{
    primitives::{keccak256, Address, U256},
    signers::local::PrivateKeySigner,
    sol_types::SolValue,
};
use axum::{
    extract::{rejection::JsonRejection, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use lst_client::{
    abi::{sign_claim, Claim, IPolkadotPool as DotPool},
    Chain, ChainExt,
};
use lst_core::ss58;
use lst_deploy::Manifest;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

/// How the notary issues claims.
#[derive(Clone, Copy, Debug)]
pub struct NotaryConfig {
    /// Blocks a claim stays usable for, in the block number the pool reads
    /// (`Chain::contract_block_number`).
    pub validity_blocks: u64,
    /// Seconds per such block, to state `expiresTimestamp`.
    pub block_time_secs: u64,
}

/// A relay chain the notary accepts deposits from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    /// Its name in requests.
    pub name: &'static str,
    /// Its SS58 prefix (the claim's `network`).
    pub prefix: u8,
    /// Decimals of its native token (KSM 12, DOT 10).
    pub decimals: u8,
    /// The bond token's name in the manifest.
    pub bond: &'static str,
}

/// Kusama and Polkadot.
pub const NETWORKS: [Network; 2] = [
    Network { name: "kusama", prefix: ss58::KUSAMA_PREFIX, decimals: 12, bond: "aKSMb" },
    Network { name: "polkadot", prefix: ss58::POLKADOT_PREFIX, decimals: 10, bond: "aDOTb" },
];

/// The notary's state, shared by the handlers.
pub struct Notary {
    db: Mutex<Db>,
    chain: Mutex<Box<dyn Chain + Send>>,
    signer: PrivateKeySigner,
    chain_id: u64,
    pool: Address,
    bonds: [Address; 2],
    config: NotaryConfig,
}

/// What went wrong, as an HTTP answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    fn internal(e: impl std::fmt::Display) -> Self {
        tracing::error!("{e}");
        Self { status: StatusCode::INTERNAL_SERVER_ERROR, message: e.to_string() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}

/// A deposit registration.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepositRequest {
    /// `kusama` or `polkadot`.
    pub network: String,
    /// The deposit's extrinsic id on the relay chain (`<block>-<index>`).
    pub extrinsic_id: String,
    /// The amount in the relay chain's smallest unit, as a decimal string.
    pub native_amount: String,
    /// The depositor's SS58 address.
    pub address: String,
    /// Who receives the bonds.
    pub eth_address: String,
}

/// The seed's `claim.data`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ClaimData {
    /// SS58 prefix of the relay chain.
    pub network: u8,
    /// The claim id, hex.
    pub claim_id: String,
    /// Last block the claim can be used in.
    pub claim_before_block: u64,
    /// The amount in whole KSM/DOT, as a decimal string (`"12.1234"`).
    pub amount: String,
    /// The amount in the smallest unit (`"12123400000000"`).
    pub native_amount: String,
    /// The notary's signature, hex (65 bytes).
    pub signature: String,
    /// Who receives the bonds.
    pub eth_address: String,
}

/// The seed's `claim`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ClaimBody {
    /// The depositor's SS58 address.
    pub address: String,
    /// `ACTIVE`, `CLAIMED` or `EXPIRED`.
    pub status: String,
    /// What `claimBonds` takes.
    pub data: ClaimData,
    /// When it was issued (unix seconds).
    pub created_timestamp: u64,
    /// When `claimBeforeBlock` is expected to pass (unix seconds).
    pub expires_timestamp: u64,
    /// The bond token.
    pub token_address: String,
    /// 0 for staking (crowdloans are not supported).
    pub loan_id: u64,
}

/// The seed's reply: `{"claim": {...}, "tokenAddress"}`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReply {
    /// The claim.
    pub claim: ClaimBody,
    /// The bond token (again, as in the seed).
    pub token_address: String,
}

/// `"12.1234"` for 12123400000000 with 12 decimals.
pub fn whole_units(native: U256, decimals: u8) -> String {
    let scale = U256::from(10u8).pow(U256::from(decimals));
    let (int, frac) = (native / scale, native % scale);
    if frac.is_zero() {
        return int.to_string();
    }
    let digits = format!("{:0>width$}", frac.to_string(), width = usize::from(decimals));
    format!("{int}.{}", digits.trim_end_matches('0'))
}

/// The claim id of a deposit (see the module docs).
pub fn claim_id(chain_id: u64, pool: Address, network: u8, extrinsic_id: &str) -> U256 {
    let preimage = ("lst-notary", U256::from(chain_id), pool, U256::from(network), extrinsic_id.to_owned());
    U256::from_be_bytes(keccak256(preimage.abi_encode()).0)
}

impl Notary {
    /// A notary signing with `signer` for the PolkadotPool of `m`, reading
    /// claim status from `chain`.
    pub fn new(
        db: Db,
        mut chain: Box<dyn Chain + Send>,
        signer: PrivateKeySigner,
        m: &Manifest,
        config: NotaryConfig,
    ) -> Result<Self, String> {
        let pool = m.address("PolkadotPool")?;
        let chain_id = chain.chain_id().map_err(|e| e.to_string())?;
        let on_chain = chain.view(pool, DotPool::notaryCall {}).map_err(|e| e.to_string())?;
        if on_chain != signer.address() {
            return Err(format!("the pool's notary is {on_chain}, this key is {}", signer.address()));
        }
        let bonds = [m.address(NETWORKS[0].bond)?, m.address(NETWORKS[1].bond)?];
        Ok(Self { db: Mutex::new(db), chain: Mutex::new(chain), signer, chain_id, pool, bonds, config })
    }

    /// The notary's address (the key's).
    pub fn address(&self) -> Address {
        self.signer.address()
    }

    /// The HTTP routes.
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/v1/deposits", post(register))
            .route("/v1/claims", get(claims_of))
            .route("/v1/claims/{claim_id}", get(claim))
            .with_state(self)
    }

    fn with_chain<T>(&self, f: impl FnOnce(&mut dyn Chain) -> lst_client::Result<T>) -> Result<T, ApiError> {
        let mut chain = self.chain.lock().map_err(ApiError::internal)?;
        f(chain.as_mut()).map_err(ApiError::internal)
    }

    fn db(&self) -> Result<std::sync::MutexGuard<'_, Db>, ApiError> {
        self.db.lock().map_err(ApiError::internal)
    }

    /// The reply for `row`, its status read from the chain.
    fn reply(&self, row: &ClaimRow) -> Result<ClaimReply, ApiError> {
        let (used, block) = self.with_chain(|c| {
            Ok((c.view(self.pool, DotPool::isClaimUsedCall { claimId: row.claim_id })?, c.contract_block_number()?))
        })?;
        let status = if used {
            "CLAIMED"
        } else if block > row.claim_before_block {
            "EXPIRED"
        } else {
            "ACTIVE"
        };
        let decimals = NETWORKS.iter().find(|n| n.prefix == row.network).map_or(18, |n| n.decimals);
        let token = row.token.to_string();
        Ok(ClaimReply {
            claim: ClaimBody {
                address: row.address.clone(),
                status: status.into(),
                data: ClaimData {
                    network: row.network,
                    claim_id: format!("{:#x}", row.claim_id),
                    claim_before_block: row.claim_before_block,
                    amount: whole_units(row.native_amount, decimals),
                    native_amount: row.native_amount.to_string(),
                    signature: format!("0x{}", alloy::hex::encode(&row.signature)),
                    eth_address: row.eth_address.to_string(),
                },
                created_timestamp: row.created,
                expires_timestamp: row.expires,
                token_address: token.clone(),
                loan_id: 0,
            },
            token_address: token,
        })
    }

    /// Checks a deposit and signs its claim; `Err` is a 4xx/5xx answer.
    pub fn register(&self, req: &DepositRequest) -> Result<(StatusCode, ClaimReply), ApiError> {
        let (index, network) = NETWORKS.iter().enumerate().find(|(_, n)| n.name == req.network).ok_or_else(|| {
            ApiError::bad(format!("network must be \"kusama\" or \"polkadot\", not {:?}", req.network))
        })?;
        let extrinsic = req.extrinsic_id.split_once('-').filter(|(block, index)| {
            !block.is_empty() && !index.is_empty() && block.bytes().chain(index.bytes()).all(|b| b.is_ascii_digit())
        });
        if extrinsic.is_none() {
            return Err(ApiError::bad(format!("extrinsicId must be <block>-<index>, not {:?}", req.extrinsic_id)));
        }
        let native: U256 = req
            .native_amount
            .parse()
            .ok()
            .filter(|_| !req.native_amount.is_empty() && req.native_amount.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                ApiError::bad(format!("nativeAmount must be a decimal integer, not {:?}", req.native_amount))
            })?;
        if native.is_zero() {
            return Err(ApiError::bad("nativeAmount must be above zero"));
        }
        let scale = U256::from(10u8).pow(U256::from(18 - network.decimals));
        let amount =
            native.checked_mul(scale).ok_or_else(|| ApiError::bad(format!("nativeAmount {native} is too large")))?;
        let account = ss58::decode(req.address.as_bytes())
            .map_err(|e| ApiError::bad(format!("address is not a valid SS58 address ({})", e.name())))?;
        if !matches!(account.prefix, Some(p) if p == network.prefix || p == ss58::GENERIC_PREFIX) {
            return Err(ApiError::bad(format!("address is not a {} address", network.name)));
        }
        let eth_address: Address = req
            .eth_address
            .parse()
            .map_err(|_| ApiError::bad(format!("ethAddress is not an address: {:?}", req.eth_address)))?;
        if eth_address.is_zero() {
            return Err(ApiError::bad("ethAddress must not be the zero address"));
        }

        if let Some(existing) =
            self.db()?.claim_for_deposit(network.prefix, &req.extrinsic_id).map_err(ApiError::internal)?
        {
            return Ok((StatusCode::CONFLICT, self.reply(&existing)?));
        }
        let token = self.bonds[index];
        let id = claim_id(self.chain_id, self.pool, network.prefix, &req.extrinsic_id);
        // The pool checks `claimBeforeBlock` against the block number it
        // reads: on Arbitrum the L1 estimate, not `eth_blockNumber`.
        let (block, now) = self.with_chain(|c| Ok((c.contract_block_number()?, c.timestamp()?)))?;
        let claim_before_block = block + self.config.validity_blocks;
        let claim =
            Claim { token, claimId: id, amount, claimBeforeBlock: U256::from(claim_before_block), to: eth_address };
        let signature = sign_claim(&self.signer, &claim, self.chain_id, self.pool).map_err(ApiError::internal)?;
        let row = ClaimRow {
            claim_id: id,
            network: network.prefix,
            extrinsic_id: req.extrinsic_id.clone(),
            address: req.address.clone(),
            eth_address,
            token,
            amount,
            native_amount: native,
            claim_before_block,
            signature: signature.to_vec(),
            created: now,
            expires: now + self.config.validity_blocks * self.config.block_time_secs,
        };
        let inserted = self.db()?.insert_claim(&row).map_err(ApiError::internal)?;
        if !inserted {
            // Registered concurrently, or the id exists already: answer it.
            let existing = self
                .db()?
                .claim(id)
                .map_err(ApiError::internal)?
                .ok_or_else(|| ApiError::internal("claim vanished"))?;
            return Ok((StatusCode::CONFLICT, self.reply(&existing)?));
        }
        tracing::info!(claim_id = %format!("{id:#x}"), network = network.name, %amount, to = %eth_address, "claim issued");
        Ok((StatusCode::CREATED, self.reply(&row)?))
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(ApiError::internal)?
}

async fn register(
    State(notary): State<Arc<Notary>>,
    body: Result<Json<DepositRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ClaimReply>), ApiError> {
    let Json(req) = body.map_err(|e| ApiError::bad(e.body_text()))?;
    let (status, reply) = blocking(move || notary.register(&req)).await?;
    Ok((status, Json(reply)))
}

async fn claim(State(notary): State<Arc<Notary>>, Path(id): Path<String>) -> Result<Json<ClaimReply>, ApiError> {
    let id: U256 = id.parse().map_err(|_| ApiError::bad(format!("not a claim id: {id:?}")))?;
    let reply = blocking(move || {
        let row = notary.db()?.claim(id).map_err(ApiError::internal)?;
        let row =
            row.ok_or_else(|| ApiError { status: StatusCode::NOT_FOUND, message: format!("no claim {id:#x}") })?;
        notary.reply(&row)
    })
    .await?;
    Ok(Json(reply))
}

/// `?address=<ss58>`.
#[derive(Debug, Deserialize)]
struct ByAddress {
    address: String,
}

async fn claims_of(
    State(notary): State<Arc<Notary>>,
    query: Result<Query<ByAddress>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<ClaimReply>>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::bad(e.body_text()))?;
    let replies = blocking(move || {
        let rows = notary.db()?.claims_of(&q.address).map_err(ApiError::internal)?;
        rows.iter().map(|r| notary.reply(r)).collect()
    })
    .await?;
    Ok(Json(replies))
}
