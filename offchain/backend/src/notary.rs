//! The notary: an HTTP API that turns a KSM/DOT deposit into a claim the
//! PolkadotPool accepts, signed over the pool's EIP-712 digest (domain
//! "PolkadotPool" "1", the chain id and the pool's address).
//!
//! A deposit becomes claimable in two steps, each by a different party:
//!
//! 1. `POST /v1/deposits` — the **deposit watcher** (a separate service
//!    that follows the relay chain; `Authorization: Bearer <token>`, the
//!    token configured with `LST_WATCHER_TOKEN`) reports a deposit:
//!    `{"network": "kusama"|"polkadot", "extrinsicId", "nativeAmount",
//!    "address", "loanId"?}`. Under the minimum (1 KSM / 1 DOT by default)
//!    is a `400`; without the token a `401`, with another a `403`; nothing
//!    is recorded then.
//! 2. `POST /v1/claims` — the **depositor** asks for the claim:
//!    `{"network", "extrinsicId", "ethAddress", "signatureType":
//!    "sr25519"|"ed25519", "signature"}`, signed by the deposit's account
//!    over the text `GET /v1/deposits/{network}/{extrinsicId}?ethAddress=`
//!    serves ([`depositor`]). `201` with the seed's claim JSON
//!    ([`ClaimReply`]); `409` with the claim that stands when one is active
//!    or used; a claim that expired unused is re-issued under a new id.
//!
//! - `GET /v1/claims/{claimId}` answers a claim, its `status` read from the
//!   chain (`CLAIMED` once `isClaimUsed`, `EXPIRED` once the block is past
//!   `claimBeforeBlock`, else `ACTIVE`); `GET /v1/claims?address=<ss58>`
//!   lists a depositor's claims.
//! - `GET /healthz`, and `GET /openapi.json` (this API, described).
//!
//! Bad input gets a `4xx` whose `error` names the field. Requests are
//! rate-limited per client address (`429` with `Retry-After`); CORS allows
//! the configured origins only.
//!
//! The claim id is `keccak256(abi.encode("lst-notary", chain id, pool,
//! network, extrinsic id, issue))`: one deposit's issues have fixed ids, at
//! most [`MAX_ISSUES`], and before issuing the notary checks on chain that
//! none of them was used — so a notary restored from an old backup cannot
//! make a used deposit claimable again. (What a lost database can not
//! protect is an *active* re-issue: the store is the record of what was
//! signed and belongs on durable, backed-up storage.)

use crate::{
    db::{ClaimRow, DepositRow},
    depositor,
    network::{whole_units, Network, NETWORKS},
    relay::{AccountId, DepositRefusal, RelayClient},
    store::NotaryStore,
};
use alloy::{
    primitives::{keccak256, Address, U256},
    signers::local::PrivateKeySigner,
    sol_types::SolValue,
};
use axum::{
    extract::{rejection::JsonRejection, Path, Query, State},
    extract::{ConnectInfo, Request},
    http::{
        header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER},
        HeaderMap, HeaderValue, Method, StatusCode,
    },
    middleware::Next,
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
use std::{
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    sync::{Arc, Mutex},
};
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa::{
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi, ToSchema,
};

/// How the notary issues claims.
#[derive(Clone, Debug)]
pub struct NotaryConfig {
    /// Blocks a claim stays usable for, in the block number the pool reads
    /// (`Chain::contract_block_number`).
    pub validity_blocks: u64,
    /// Seconds per such block, to state `expiresTimestamp`.
    pub block_time_secs: u64,
    /// The deposit watcher's bearer token (at least [`MIN_TOKEN_LEN`]
    /// characters).
    pub watcher_token: String,
    /// The smallest deposit per network of [`NETWORKS`], in its smallest
    /// unit.
    pub minimum: [U256; 2],
    /// Origins browsers may call the API from (`*`: any); empty: none.
    pub cors_origins: Vec<String>,
    /// Requests one client (IP address) may make per minute; 0: no limit.
    pub rate_per_minute: u32,
}

impl NotaryConfig {
    /// Claims valid for `validity_blocks` blocks of `block_time_secs`,
    /// deposits reported with `watcher_token`, and the source document's
    /// minimum of 1 KSM and 1 DOT.
    pub fn new(validity_blocks: u64, block_time_secs: u64, watcher_token: impl Into<String>) -> Self {
        let minimum = NETWORKS.map(|n| U256::from(10u8).pow(U256::from(n.decimals)));
        Self {
            validity_blocks,
            block_time_secs,
            watcher_token: watcher_token.into(),
            minimum,
            cors_origins: Vec::new(),
            rate_per_minute: 120,
        }
    }
}

/// The shortest watcher token the notary starts with.
pub const MIN_TOKEN_LEN: usize = 16;

/// How many times one deposit's claim can be issued (the first and the
/// re-issues of expired ones). Bounded so that a notary that lost its
/// database can still check every id a deposit ever had on chain.
pub const MAX_ISSUES: u32 = 16;

/// The notary's state, shared by the handlers.
pub struct Notary {
    db: Mutex<Box<dyn NotaryStore>>,
    chain: Mutex<Box<dyn Chain + Send>>,
    signer: PrivateKeySigner,
    chain_id: u64,
    pool: Address,
    bonds: [Address; 2],
    config: NotaryConfig,
    /// One per notary, so every router it makes shares the clients' counts.
    limiter: Option<Arc<Limiter>>,
    /// Per network of [`NETWORKS`]: the relay chain and the deposit
    /// address, when the notary checks deposits itself (`POST /v1/stakes`).
    relay: [Option<RelayDeposits>; 2],
    /// The keeper's database, for the `UNSTAKE` entries of the history.
    unstakes: Option<Mutex<crate::db::Db>>,
}

/// What went wrong, as an HTTP answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into() }
    }

    fn bad(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    fn internal(e: impl std::fmt::Display) -> Self {
        tracing::error!("{e}");
        Self { status: StatusCode::INTERNAL_SERVER_ERROR, message: e.to_string() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.message })).into_response()
    }
}

/// Every error's body: `{"error": "<field>: what is wrong"}`.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    /// What went wrong, starting with the field or the refusal's name.
    pub error: String,
}

/// The relay networks the notary serves (the schema of every `network`).
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // A schema only: requests carry the name as a string.
enum NetworkName {
    Kusama,
    Polkadot,
}

/// The depositor's signature schemes (the schema of `signatureType`).
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // A schema only: requests carry the name as a string.
enum SignatureType {
    Sr25519,
    Ed25519,
}

/// A claim's status (the schema of a claim's `status`).
#[derive(ToSchema)]
#[serde(rename_all = "UPPERCASE")]
#[allow(dead_code)] // A schema only: replies carry the name as a string.
enum ClaimStatus {
    Active,
    Claimed,
    Expired,
}

/// A history entry's kind (the schema of its `type`).
#[derive(ToSchema)]
#[serde(rename_all = "UPPERCASE")]
#[allow(dead_code)] // A schema only: replies carry the name as a string.
enum EntryKind {
    Stake,
    Claim,
    Unstake,
}

/// A deposit as the watcher reports it (`POST /v1/deposits`).
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepositReport {
    /// `kusama` or `polkadot`.
    #[schema(value_type = NetworkName)]
    pub network: String,
    /// The deposit's extrinsic id on the relay chain (`<block>-<index>`).
    #[schema(pattern = "^[0-9]+-[0-9]+$")]
    pub extrinsic_id: String,
    /// The amount in the relay chain's smallest unit (planck), as a decimal
    /// string; at least the minimum (default 1 KSM / 1 DOT).
    #[schema(pattern = "^[0-9]+$")]
    pub native_amount: String,
    /// The depositor's SS58 address (the network's prefix or 42).
    pub address: String,
    /// The crowdloan the deposit went to (0 or absent: staking).
    #[serde(default)]
    pub loan_id: u64,
}

/// A reported deposit, as the notary answers it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Deposit)]
pub struct DepositReply {
    /// `kusama` or `polkadot`.
    #[schema(value_type = NetworkName)]
    pub network: String,
    /// The deposit's extrinsic id.
    pub extrinsic_id: String,
    /// The depositor's SS58 address.
    pub address: String,
    /// The amount in the smallest unit.
    pub native_amount: String,
    /// The amount in whole KSM/DOT, e.g. `"12.1234"`.
    pub amount: String,
    /// The crowdloan (0: staking).
    pub loan_id: u64,
    /// When the watcher reported it (unix seconds).
    pub reported_timestamp: u64,
    /// With `?ethAddress=`: the text the depositor signs to claim it to
    /// that address (for `?amount=`, default all that is claimable), bare
    /// or wrapped in `<Bytes>…</Bytes>`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
    /// With `?ethAddress=`: what of the deposit a new claim may still take,
    /// in planck (the deposit less its active and used claims).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub claimable: Option<String>,
}

/// A depositor's claim request (`POST /v1/claims`).
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClaimRequest {
    /// `kusama` or `polkadot`.
    #[schema(value_type = NetworkName)]
    pub network: String,
    /// The deposit's extrinsic id.
    pub extrinsic_id: String,
    /// Who receives the bonds; not zero.
    pub eth_address: String,
    /// `sr25519` or `ed25519`.
    #[schema(value_type = SignatureType)]
    pub signature_type: String,
    /// The depositor's signature, 64 bytes hex: the deposit's account signs
    /// the deposit's message for `ethAddress`
    /// ([`depositor::claim_request_message`]).
    pub signature: String,
    /// How much of the deposit to claim, in planck (a positive decimal
    /// integer); default: all that is still claimable. The signed text
    /// names it.
    #[serde(default)]
    pub amount: Option<String>,
}

/// The seed's `claim.data`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClaimData {
    /// SS58 prefix of the relay chain: 0 Polkadot, 2 Kusama.
    pub network: u8,
    /// The claim id, hex.
    pub claim_id: String,
    /// Last block the claim can be used in, in the block number the pool
    /// reads (on Arbitrum the L1 estimate).
    pub claim_before_block: u64,
    /// The amount in whole KSM/DOT, as a decimal string (`"12.1234"`).
    pub amount: String,
    /// The amount in the smallest unit (`"12123400000000"`).
    pub native_amount: String,
    /// The notary's EIP-712 signature, hex (65 bytes).
    pub signature: String,
    /// Who receives the bonds.
    pub eth_address: String,
}

/// The seed's `claim`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Claim)]
pub struct ClaimBody {
    /// The depositor's SS58 address.
    pub address: String,
    /// `ACTIVE`, `CLAIMED` or `EXPIRED`.
    #[schema(value_type = ClaimStatus)]
    pub status: String,
    /// What `claimBonds` takes.
    pub data: ClaimData,
    /// When it was issued (unix seconds).
    pub created_timestamp: u64,
    /// When `claimBeforeBlock` is expected to pass (unix seconds).
    pub expires_timestamp: u64,
    /// The bond token.
    pub token_address: String,
    /// The crowdloan the deposit went to (0: staking).
    pub loan_id: u64,
}

/// The seed's reply: `{"claim": {...}, "tokenAddress"}`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReply {
    /// The claim.
    pub claim: ClaimBody,
    /// The bond token (again, as in the seed).
    pub token_address: String,
}

/// The claim id of a deposit's `issue` (see the module docs).
pub fn claim_id(chain_id: u64, pool: Address, network: u8, extrinsic_id: &str, issue: u32) -> U256 {
    let preimage =
        ("lst-notary", U256::from(chain_id), pool, U256::from(network), extrinsic_id.to_owned(), U256::from(issue));
    U256::from_be_bytes(keccak256(preimage.abi_encode()).0)
}

impl Notary {
    /// A notary signing with `signer` for the PolkadotPool of `m`, reading
    /// claim status from `chain`.
    pub fn new(
        db: impl Into<Box<dyn NotaryStore>>,
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
        if config.watcher_token.trim().len() < MIN_TOKEN_LEN {
            return Err(format!("the watcher token must have at least {MIN_TOKEN_LEN} characters"));
        }
        let bonds = [m.address(NETWORKS[0].bond)?, m.address(NETWORKS[1].bond)?];
        let limiter = NonZeroU32::new(config.rate_per_minute)
            .map(|n| Arc::new(governor::RateLimiter::keyed(governor::Quota::per_minute(n))));
        Ok(Self {
            db: Mutex::new(db.into()),
            chain: Mutex::new(chain),
            signer,
            chain_id,
            pool,
            bonds,
            config,
            limiter,
            relay: [None, None],
            unstakes: None,
        })
    }

    /// Reads the `UNSTAKE` entries of `GET /v1/history` from the keeper's
    /// database `db`.
    pub fn with_unstakes(mut self, db: crate::db::Db) -> Self {
        self.unstakes = Some(Mutex::new(db));
        self
    }

    /// A depositor's history on `network`: its deposits (`STAKE`:
    /// `CLAIMABLE` until minted in full, then `CLAIMED`), each followed by
    /// its claims (`CLAIM`: `ACTIVE`, `CLAIMED`, `EXPIRED`, read from the
    /// chain), the burns paid to it (`UNSTAKE`: `PENDING`, `UNBONDING`,
    /// `PAID`), and what a new claim may still take.
    pub fn history(&self, network: &str, address: &str) -> Result<History, ApiError> {
        let (_, net) = parse_network(network)?;
        parse_depositor(address, net)?;
        let deposits = self.db()?.deposits(net.prefix, Some(address)).map_err(ApiError::internal)?;
        let (mut entries, mut claimable) = (Vec::new(), U256::ZERO);
        let amount = |v: U256| (v.to_string(), whole_units(v, net.decimals));
        for d in &deposits {
            let standing = self.standing(net, d)?;
            let mut claims = Vec::new();
            for issue in 0..standing.next_issue {
                let id = claim_id(self.chain_id, self.pool, net.prefix, &d.extrinsic_id, issue);
                let row = self.db()?.claim(id).map_err(ApiError::internal)?;
                if let Some(row) = row {
                    claims.push(self.reply(&row)?);
                }
            }
            let minted = claims
                .iter()
                .filter(|r| r.claim.status == "CLAIMED")
                .fold(U256::ZERO, |sum, r| sum + r.claim.data.native_amount.parse::<U256>().unwrap_or_default());
            claimable += standing.remainder(d);
            let (native_amount, whole) = amount(d.native_amount);
            entries.push(HistoryEntry {
                kind: "STAKE".into(),
                status: if minted >= d.native_amount { "CLAIMED" } else { "CLAIMABLE" }.into(),
                native_amount,
                amount: whole,
                extrinsic_id: Some(d.extrinsic_id.clone()),
                timestamp: Some(d.reported),
                ..HistoryEntry::default()
            });
            for r in claims {
                entries.push(HistoryEntry {
                    kind: "CLAIM".into(),
                    status: r.claim.status,
                    native_amount: r.claim.data.native_amount,
                    amount: r.claim.data.amount,
                    extrinsic_id: Some(d.extrinsic_id.clone()),
                    claim_id: Some(r.claim.data.claim_id),
                    eth_address: Some(r.claim.data.eth_address),
                    timestamp: Some(r.claim.created_timestamp),
                    ..HistoryEntry::default()
                });
            }
        }
        if let Some(db) = &self.unstakes {
            let rows = db.lock().map_err(ApiError::internal)?.unstakes_of(address).map_err(ApiError::internal)?;
            for u in rows.iter().filter(|u| u.network == net.prefix) {
                let (native_amount, whole) = amount(u.native_amount);
                entries.push(HistoryEntry {
                    kind: "UNSTAKE".into(),
                    status: u.status.clone(),
                    native_amount,
                    amount: whole,
                    extrinsic_id: u.relay_extrinsic.clone(),
                    eth_address: Some(u.account.to_string()),
                    tx_hash: u.tx_hash.clone(),
                    ..HistoryEntry::default()
                });
            }
        }
        let (claimable, claimable_amount) = amount(claimable);
        Ok(History { network: net.name.into(), address: address.into(), claimable, claimable_amount, entries })
    }

    /// Checks deposits of `network` on its relay chain through `client`:
    /// `POST /v1/stakes` credits a transfer to `deposit_address` found there.
    pub fn with_relay(
        mut self,
        network: &str,
        client: RelayClient,
        deposit_address: AccountId,
    ) -> Result<Self, String> {
        let (index, net) = parse_network(network).map_err(|e| e.message)?;
        if client.prefix != u16::from(net.prefix) {
            return Err(format!("the relay endpoint for {network} has SS58 prefix {}", client.prefix));
        }
        self.relay[index] = Some(RelayDeposits { client, deposit_address });
        Ok(self)
    }

    /// Credits the deposit `req.extrinsic_id` after checking it on the relay
    /// chain (see [`crate::relay`]): `201` when new, `200` when it was
    /// credited to the same address before; a refusal names its reason and
    /// records nothing.
    pub async fn stake(self: &Arc<Self>, req: &StakeRequest) -> Result<(StatusCode, DepositReply), ApiError> {
        let (index, network) = parse_network(&req.network)?;
        let relay = self.relay[index].as_ref().ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!(
                    "relay_not_followed: this notary does not follow {} (no relay endpoint configured)",
                    network.name
                ),
            )
        })?;
        let account = parse_depositor(&req.address, network)?;
        let minimum = u128::try_from(self.config.minimum[index]).unwrap_or(u128::MAX);
        let found = relay
            .client
            .find_deposit(&req.extrinsic_id, &account.account_id, &relay.deposit_address, minimum)
            .await
            .map_err(|e| ApiError::new(StatusCode::BAD_GATEWAY, e.to_string()))?;
        let amount = found.map_err(|refusal| {
            let status = match refusal {
                DepositRefusal::UnknownExtrinsic(_) => StatusCode::NOT_FOUND,
                DepositRefusal::NotFinalized { .. } => StatusCode::TOO_EARLY,
                _ => StatusCode::BAD_REQUEST,
            };
            ApiError::new(status, refusal.to_string())
        })?;
        let (me, prefix, extrinsic_id, address) =
            (self.clone(), network.prefix, req.extrinsic_id.clone(), req.address.clone());
        // The EVM chain's client blocks: off the async workers.
        blocking(move || {
            let reported = me.with_chain(|c| c.timestamp())?;
            let native_amount = U256::from(amount);
            me.record_deposit(DepositRow {
                network: prefix,
                extrinsic_id,
                address,
                native_amount,
                loan_id: 0,
                reported,
            })
        })
        .await
    }

    /// Stores `row`: `201` when new, `200` when the same deposit was
    /// recorded with the same fields, `409` (nothing changed) otherwise.
    fn record_deposit(&self, row: DepositRow) -> Result<(StatusCode, DepositReply), ApiError> {
        let network = NETWORKS.iter().find(|n| n.prefix == row.network).unwrap_or(&NETWORKS[0]);
        let mut db = self.db()?;
        if db.insert_deposit(&row).map_err(ApiError::internal)? {
            tracing::info!(network = network.name, deposit = %row.extrinsic_id, native = %row.native_amount, "deposit credited");
            return Ok((StatusCode::CREATED, deposit_reply(&row, None)));
        }
        let existing = db
            .deposit(row.network, &row.extrinsic_id)
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::internal("deposit vanished"))?;
        let same = DepositRow { reported: existing.reported, ..row.clone() };
        if existing != same {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!("already_credited: deposit {} was credited before with other fields", row.extrinsic_id),
            ));
        }
        Ok((StatusCode::OK, deposit_reply(&existing, None)))
    }

    /// The notary's address (the key's).
    pub fn address(&self) -> Address {
        self.signer.address()
    }

    /// The HTTP routes, with the configured CORS policy and rate limit.
    /// Serve them with `into_make_service_with_connect_info::<SocketAddr>`
    /// so the limit is per client address.
    pub fn router(self: Arc<Self>) -> Router {
        let limiter = self.limiter.clone();
        let cors = cors_layer(&self.config.cors_origins);
        Router::new()
            .route("/healthz", get(healthz))
            .route("/openapi.json", get(openapi))
            .route("/metrics", get(metrics))
            .route("/v1/deposits", post(report_deposit))
            .route("/v1/stakes", post(stake_by_extrinsic))
            .route("/v1/history", get(history))
            .route("/v1/deposits/{network}/{extrinsic_id}", get(deposit))
            .route("/v1/claims", post(request_claim).get(claims_of))
            .route("/v1/claims/{claim_id}", get(claim))
            .with_state(self)
            .layer(axum::middleware::from_fn(move |req, next| rate_limit(limiter.clone(), req, next)))
            .layer(cors)
    }

    fn with_chain<T>(&self, f: impl FnOnce(&mut dyn Chain) -> lst_client::Result<T>) -> Result<T, ApiError> {
        let mut chain = self.chain.lock().map_err(ApiError::internal)?;
        f(chain.as_mut()).map_err(ApiError::internal)
    }

    fn db(&self) -> Result<std::sync::MutexGuard<'_, Box<dyn NotaryStore>>, ApiError> {
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
        if status != "ACTIVE" {
            // Both are final: a used claim stays used, and the block only
            // grows past an expired one.
            self.db()?.set_final_status(row.claim_id, status).map_err(ApiError::internal)?;
        }
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
                loan_id: row.loan_id,
            },
            token_address: token,
        })
    }

    /// Records a deposit the watcher reports (`authorization` is the
    /// request's `Authorization` header). `201` when new, `200` when the
    /// same report was made before; a report of the same deposit with other
    /// fields is a `409` and changes nothing.
    pub fn report_deposit(
        &self,
        authorization: Option<&str>,
        req: &DepositReport,
    ) -> Result<(StatusCode, DepositReply), ApiError> {
        self.check_watcher(authorization)?;
        let (index, network) = parse_network(&req.network)?;
        parse_extrinsic(&req.extrinsic_id)?;
        let native: U256 = req
            .native_amount
            .parse()
            .ok()
            .filter(|_| !req.native_amount.is_empty() && req.native_amount.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                ApiError::bad(format!("nativeAmount must be a decimal integer, not {:?}", req.native_amount))
            })?;
        let minimum = self.config.minimum[index];
        if native < minimum {
            return Err(ApiError::bad(format!(
                "nativeAmount {} is below the minimum deposit of {} {}",
                whole_units(native, network.decimals),
                whole_units(minimum, network.decimals),
                network.symbol,
            )));
        }
        if native.checked_mul(bond_scale(network)).is_none() {
            return Err(ApiError::bad(format!("nativeAmount {native} is too large")));
        }
        parse_depositor(&req.address, network)?;
        let now = self.with_chain(|c| c.timestamp())?;
        let row = DepositRow {
            network: network.prefix,
            extrinsic_id: req.extrinsic_id.clone(),
            address: req.address.clone(),
            native_amount: native,
            loan_id: req.loan_id,
            reported: now,
        };
        self.record_deposit(row)
    }

    /// The deposit `extrinsic_id` on `network`, and with `eth_address` the
    /// text its depositor signs to claim it there.
    pub fn deposit(
        &self,
        network: &str,
        extrinsic_id: &str,
        eth_address: Option<&str>,
        amount: Option<&str>,
    ) -> Result<DepositReply, ApiError> {
        let (_, net) = parse_network(network)?;
        let row = self.reported(net, extrinsic_id)?;
        let Some(to) = eth_address else { return Ok(deposit_reply(&row, None)) };
        let to = parse_eth_address(to)?;
        let standing = self.standing(net, &row)?;
        let amount = amount.map(parse_amount).transpose()?.unwrap_or_else(|| standing.default_amount(&row));
        let mut reply = deposit_reply(&row, Some(self.message(&row, net, to, amount)));
        reply.claimable = Some(standing.remainder(&row).to_string());
        Ok(reply)
    }

    /// What stands of `deposit`'s claims: the active and used ones (their
    /// sum is what no new claim may take), the latest of them, the next
    /// issue number — or, when an issue unknown to this store was used on
    /// chain (a lost or restored store), that issue: the deposit then
    /// counts as claimed in full (never more is issued).
    fn standing(&self, network: &Network, deposit: &DepositRow) -> Result<Standing, ApiError> {
        let mut standing = Standing::default();
        for issue in 0..MAX_ISSUES {
            let id = claim_id(self.chain_id, self.pool, network.prefix, &deposit.extrinsic_id, issue);
            // The store's lock is released before `reply` takes it again.
            let row = self.db()?.claim(id).map_err(ApiError::internal)?;
            match row {
                Some(row) => {
                    standing.next_issue = issue + 1;
                    if self.reply(&row)?.claim.status != "EXPIRED" {
                        standing.claimed = standing.claimed.saturating_add(row.native_amount);
                        standing.latest = Some(row);
                    }
                }
                None => {
                    if self.with_chain(|c| c.view(self.pool, DotPool::isClaimUsedCall { claimId: id }))? {
                        standing.lost_used_issue = Some(issue);
                        return Ok(standing);
                    }
                }
            }
        }
        Ok(standing)
    }

    /// Issues the claim a depositor asks for: the deposit must have been
    /// credited, the signature must be the depositor's over this request
    /// (its amount included). A claim takes `amount` of the deposit, or all
    /// that is still claimable: the deposit less its active and used claims
    /// (an expired one frees its part). `201` with a new claim; `409` with
    /// the latest claim that stands when nothing is left; `400` for more
    /// than is left.
    pub fn request_claim(&self, req: &ClaimRequest) -> Result<(StatusCode, ClaimReply), ApiError> {
        let (index, network) = parse_network(&req.network)?;
        parse_extrinsic(&req.extrinsic_id)?;
        let eth_address = parse_eth_address(&req.eth_address)?;
        let scheme = depositor::Scheme::from_name(&req.signature_type).ok_or_else(|| {
            ApiError::bad(format!("signatureType must be \"sr25519\" or \"ed25519\", not {:?}", req.signature_type))
        })?;
        let requested = req.amount.as_deref().map(parse_amount).transpose()?;
        let deposit = self.reported(network, &req.extrinsic_id)?;
        let standing = self.standing(network, &deposit)?;
        let amount = requested.unwrap_or_else(|| standing.default_amount(&deposit));
        let account = ss58::decode(deposit.address.as_bytes()).map_err(|e| ApiError::internal(e.name()))?;
        let message = self.message(&deposit, network, eth_address, amount);
        depositor::verify(scheme, &account.account_id, &message, &req.signature).map_err(|e| match e {
            depositor::SignatureError::Malformed => ApiError::bad(format!("signature {e}")),
            _ => ApiError::new(StatusCode::FORBIDDEN, format!("signature {e}")),
        })?;
        if let Some(issue) = standing.lost_used_issue {
            // Used on chain, unknown here: sign that issue again for the
            // whole deposit (it is used, so the signature mints nothing)
            // and issue nothing more.
            let row = self.sign(&deposit, index, eth_address, issue, deposit.native_amount)?;
            return Ok((StatusCode::CONFLICT, self.reply(&row)?));
        }
        let remainder = standing.remainder(&deposit);
        if remainder.is_zero() {
            let latest = standing.latest.ok_or_else(|| ApiError::internal("a claimed deposit without its claim"))?;
            return Ok((StatusCode::CONFLICT, self.reply(&latest)?));
        }
        if amount > remainder {
            return Err(ApiError::bad(format!(
                "amount {} is more than the {} still claimable of deposit {}",
                whole_units(amount, network.decimals),
                whole_units(remainder, network.decimals),
                req.extrinsic_id
            )));
        }
        if standing.next_issue >= MAX_ISSUES {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!("deposit {} has had its {MAX_ISSUES} claims; ask the operator", req.extrinsic_id),
            ));
        }
        let row = self.sign(&deposit, index, eth_address, standing.next_issue, amount)?;
        let inserted = self.db()?.insert_claim(&row).map_err(ApiError::internal)?;
        if !inserted {
            // Issued concurrently (another request, another replica): answer
            // the one that stands.
            let existing = self
                .db()?
                .claim_for_deposit(network.prefix, &req.extrinsic_id)
                .map_err(ApiError::internal)?
                .ok_or_else(|| ApiError::internal("claim vanished"))?;
            return Ok((StatusCode::CONFLICT, self.reply(&existing)?));
        }
        tracing::info!(
            claim_id = %format!("{:#x}", row.claim_id), network = network.name, issue = row.issue,
            amount = %row.amount, to = %eth_address, "claim issued"
        );
        Ok((StatusCode::CREATED, self.reply(&row)?))
    }

    /// Signs issue `issue` of `deposit`'s claim of `native_amount` to `to`,
    /// valid from now for the configured number of blocks.
    fn sign(
        &self,
        deposit: &DepositRow,
        index: usize,
        to: Address,
        issue: u32,
        native_amount: U256,
    ) -> Result<ClaimRow, ApiError> {
        let network = &NETWORKS[index];
        let token = self.bonds[index];
        let amount = native_amount.saturating_mul(bond_scale(network));
        let id = claim_id(self.chain_id, self.pool, network.prefix, &deposit.extrinsic_id, issue);
        // The pool checks `claimBeforeBlock` against the block number it
        // reads: on Arbitrum the L1 estimate, not `eth_blockNumber`.
        let (block, now) = self.with_chain(|c| Ok((c.contract_block_number()?, c.timestamp()?)))?;
        let claim_before_block = block + self.config.validity_blocks;
        let claim = Claim { token, claimId: id, amount, claimBeforeBlock: U256::from(claim_before_block), to };
        let signature = sign_claim(&self.signer, &claim, self.chain_id, self.pool).map_err(ApiError::internal)?;
        Ok(ClaimRow {
            claim_id: id,
            network: network.prefix,
            extrinsic_id: deposit.extrinsic_id.clone(),
            address: deposit.address.clone(),
            eth_address: to,
            token,
            amount,
            native_amount,
            claim_before_block,
            signature: signature.to_vec(),
            created: now,
            expires: now + self.config.validity_blocks * self.config.block_time_secs,
            issue,
            loan_id: deposit.loan_id,
        })
    }

    /// The reported deposit, or a `404` naming it.
    fn reported(&self, network: &Network, extrinsic_id: &str) -> Result<DepositRow, ApiError> {
        parse_extrinsic(extrinsic_id)?;
        self.db()?.deposit(network.prefix, extrinsic_id).map_err(ApiError::internal)?.ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("extrinsicId {extrinsic_id}: no {} deposit has been reported", network.name),
            )
        })
    }

    /// The text the depositor of `deposit` signs to claim `amount` of it
    /// to `to`.
    fn message(&self, deposit: &DepositRow, network: &Network, to: Address, amount: U256) -> String {
        depositor::claim_request_message(network.name, &deposit.extrinsic_id, amount, to, self.chain_id, self.pool)
    }

    /// Refuses a request without the watcher's bearer token.
    fn check_watcher(&self, authorization: Option<&str>) -> Result<(), ApiError> {
        let token = authorization.and_then(|h| h.strip_prefix("Bearer ")).ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "authorization: the watcher's bearer token is required")
        })?;
        // Constant time: the comparison must not tell how much matched.
        let expected = self.config.watcher_token.trim().as_bytes();
        if !bool::from(subtle::ConstantTimeEq::ct_eq(token.trim().as_bytes(), expected)) {
            return Err(ApiError::new(StatusCode::FORBIDDEN, "authorization: not the watcher's bearer token"));
        }
        Ok(())
    }
}

/// What stands of a deposit's claims (see `Notary::standing`).
#[derive(Debug, Default)]
struct Standing {
    /// The active and used claims' sum, planck.
    claimed: U256,
    /// The latest active or used claim.
    latest: Option<ClaimRow>,
    /// The next issue number.
    next_issue: u32,
    /// An issue used on chain that the store does not know.
    lost_used_issue: Option<u32>,
}

impl Standing {
    /// What a new claim may still take.
    fn remainder(&self, deposit: &DepositRow) -> U256 {
        if self.lost_used_issue.is_some() {
            return U256::ZERO;
        }
        deposit.native_amount.saturating_sub(self.claimed)
    }

    /// The amount a request without one claims: all that is left, or, when
    /// nothing is, the whole deposit (the text its first claim was signed
    /// over, so asking again answers the claim that stands).
    fn default_amount(&self, deposit: &DepositRow) -> U256 {
        match self.remainder(deposit) {
            r if r.is_zero() => deposit.native_amount,
            r => r,
        }
    }
}

/// A claim's amount in planck: a positive decimal integer.
fn parse_amount(text: &str) -> Result<U256, ApiError> {
    let ok = !text.is_empty() && text.len() <= 40 && text.bytes().all(|b| b.is_ascii_digit());
    let amount: U256 =
        text.parse().ok().filter(|_| ok).ok_or_else(|| {
            ApiError::bad(format!("amount must be a positive decimal integer of planck, not {text:?}"))
        })?;
    if amount.is_zero() {
        return Err(ApiError::bad("amount must be more than zero"));
    }
    Ok(amount)
}

/// 10^(18 − decimals): a relay chain's smallest unit in bond wei.
fn bond_scale(network: &Network) -> U256 {
    U256::from(10u8).pow(U256::from(18 - network.decimals))
}

/// A depositor's SS58 address on `network` (its prefix or the generic
/// one), or a `400` naming what is wrong.
fn parse_depositor(address: &str, network: &Network) -> Result<ss58::PolkadotAccount, ApiError> {
    let account = ss58::decode(address.as_bytes())
        .map_err(|e| ApiError::bad(format!("address is not a valid SS58 address ({})", e.name())))?;
    if !matches!(account.prefix, Some(p) if p == network.prefix || p == ss58::GENERIC_PREFIX) {
        return Err(ApiError::bad(format!("address is not a {} address", network.name)));
    }
    Ok(account)
}

fn parse_network(name: &str) -> Result<(usize, &'static Network), ApiError> {
    NETWORKS
        .iter()
        .enumerate()
        .find(|(_, n)| n.name == name)
        .ok_or_else(|| ApiError::bad(format!("network must be \"kusama\" or \"polkadot\", not {name:?}")))
}

fn parse_extrinsic(id: &str) -> Result<(), ApiError> {
    let ok = id.split_once('-').is_some_and(|(block, index)| {
        !block.is_empty() && !index.is_empty() && block.bytes().chain(index.bytes()).all(|b| b.is_ascii_digit())
    });
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad(format!("extrinsicId must be <block>-<index>, not {id:?}")))
    }
}

fn parse_eth_address(text: &str) -> Result<Address, ApiError> {
    let address: Address =
        text.parse().map_err(|_| ApiError::bad(format!("ethAddress is not an address: {text:?}")))?;
    if address.is_zero() {
        return Err(ApiError::bad("ethAddress must not be the zero address"));
    }
    Ok(address)
}

fn deposit_reply(row: &DepositRow, message: Option<String>) -> DepositReply {
    let network = NETWORKS.iter().find(|n| n.prefix == row.network).unwrap_or(&NETWORKS[0]);
    DepositReply {
        network: network.name.into(),
        extrinsic_id: row.extrinsic_id.clone(),
        address: row.address.clone(),
        native_amount: row.native_amount.to_string(),
        amount: whole_units(row.native_amount, network.decimals),
        loan_id: row.loan_id,
        reported_timestamp: row.reported,
        message,
        claimable: None,
    }
}

/// Every route: method and path as the OpenAPI description writes them.
pub const ROUTES: [(&str, &str); 10] = [
    ("GET", "/healthz"),
    ("GET", "/metrics"),
    ("GET", "/openapi.json"),
    ("POST", "/v1/deposits"),
    ("POST", "/v1/stakes"),
    ("GET", "/v1/history"),
    ("GET", "/v1/deposits/{network}/{extrinsicId}"),
    ("POST", "/v1/claims"),
    ("GET", "/v1/claims"),
    ("GET", "/v1/claims/{claimId}"),
];

/// `GET /healthz`'s answer.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `down` when the chain does not answer.
    pub status: String,
    /// With `ok`: the block number the pool reads.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub block: Option<u64>,
    /// With `down`: why.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

/// The API's OpenAPI description, generated from the handlers' and the
/// types' annotations (their doc comments are the descriptions).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "LST notary",
        version = "2.0.0",
        description = "Turns a KSM/DOT deposit into a claim the PolkadotPool accepts. The deposit watcher (bearer \
            token) reports deposits it saw on the relay chain, or the depositor gives its transfer's extrinsic id; \
            the depositor asks for the claim with an sr25519 or ed25519 signature, by the deposit's account, over \
            the text GET /v1/deposits/{network}/{extrinsicId}?ethAddress= serves. Every error is JSON \
            {\"error\": \"<field>: what is wrong\"}. Requests are rate-limited per client IP (429 with Retry-After)."
    ),
    paths(healthz, metrics, openapi, report_deposit, stake_by_extrinsic, history, deposit, request_claim, claims_of, claim),
    modifiers(&WatcherToken)
)]
pub struct ApiDoc;

/// The watcher's bearer token, as a security scheme.
struct WatcherToken;

impl Modify for WatcherToken {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("The deposit watcher's token (LST_WATCHER_TOKEN)."))
            .build();
        api.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("watcher", SecurityScheme::Http(scheme));
    }
}

/// The API's OpenAPI description as `GET /openapi.json` serves it;
/// `offchain/backend/openapi.json` holds the same text for readers of the
/// repository (a test keeps the two equal).
pub fn openapi_json() -> serde_json::Result<String> {
    Ok(ApiDoc::openapi().to_pretty_json()? + "\n")
}

/// This description.
#[utoipa::path(get, path = "/openapi.json",
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json")))]
async fn openapi() -> Response {
    match openapi_json() {
        Ok(json) => ([(CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// Prometheus metrics: counters `lst_notary_claims_issued_total`,
/// `_claimed_total`, `_expired_total`, `lst_notary_deposits_reported_total`;
/// gauge `lst_notary_claims_active` (the claims still open are checked on
/// chain first).
#[utoipa::path(get, path = "/metrics",
    responses((status = 200, description = "Prometheus text format 0.0.4", content_type = "text/plain", body = String)))]
async fn metrics(State(notary): State<Arc<Notary>>) -> Response {
    let counts = blocking(move || {
        let open = notary.db()?.open_claims().map_err(ApiError::internal)?;
        for row in &open {
            notary.reply(row)?;
        }
        let mut db = notary.db()?;
        Ok((db.claim_counts().map_err(ApiError::internal)?, db.deposit_count().map_err(ApiError::internal)?))
    })
    .await;
    match counts {
        Ok(((issued, claimed, expired), deposits)) => {
            let g = crate::service::Gauges::new();
            g.count("lst_notary_claims_issued_total", "Claims the notary signed", issued);
            g.count("lst_notary_claims_claimed_total", "Claims used on chain", claimed);
            g.count("lst_notary_claims_expired_total", "Claims that expired unused", expired);
            g.set("lst_notary_claims_active", "Claims still usable", issued - claimed - expired);
            g.count("lst_notary_deposits_reported_total", "Deposits the watcher reported", deposits);
            g.render()
        }
        Err(e) => e.into_response(),
    }
}

/// Liveness: the chain answers.
#[utoipa::path(get, path = "/healthz",
    responses(
        (status = 200, description = "ok, with the block number the pool reads", body = Health),
        (status = 503, description = "The chain does not answer", body = Health),
    ))]
async fn healthz(State(notary): State<Arc<Notary>>) -> Response {
    let read = blocking(move || notary.with_chain(|c| c.contract_block_number())).await;
    match read {
        Ok(block) => Json(Health { status: "ok".into(), block: Some(block), error: None }).into_response(),
        Err(e) => {
            let down = Health { status: "down".into(), block: None, error: Some(e.message) };
            (StatusCode::SERVICE_UNAVAILABLE, Json(down)).into_response()
        }
    }
}

/// A per-client limiter: GCRA buckets keyed by IP address.
type Limiter = governor::DefaultKeyedRateLimiter<IpAddr>;

/// Refuses a client over its rate with `429` and `Retry-After`. A request
/// without a peer address (served without connect info) counts as one
/// client.
async fn rate_limit(limiter: Option<Arc<Limiter>>, req: Request, next: Next) -> Response {
    if let Some(limiter) = limiter {
        let client = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(peer)| peer.ip());
        if let Err(wait) = limiter.check_key(&client) {
            let secs = wait.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
            let secs = secs.as_secs().max(1);
            let mut res = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("rate limit: too many requests from {client}; retry in {secs} s"),
            )
            .into_response();
            res.headers_mut().insert(RETRY_AFTER, secs.into());
            return res;
        }
        // Forget idle clients now and then so the map stays small.
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
    }
    next.run(req).await
}

/// CORS for `origins` (`*`: any origin; none: no cross-origin access).
fn cors_layer(origins: &[String]) -> CorsLayer {
    let layer =
        CorsLayer::new().allow_methods([Method::GET, Method::POST]).allow_headers([CONTENT_TYPE, AUTHORIZATION]);
    if origins.iter().any(|o| o == "*") {
        layer.allow_origin(AllowOrigin::any())
    } else {
        layer.allow_origin(AllowOrigin::list(origins.iter().filter_map(|o| o.parse::<HeaderValue>().ok())))
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(ApiError::internal)?
}

/// The watcher reports a relay-chain deposit.
#[utoipa::path(post, path = "/v1/deposits", security(("watcher" = [])), request_body = DepositReport,
    responses(
        (status = 201, description = "Recorded", body = DepositReply),
        (status = 200, description = "The same report was made before", body = DepositReply),
        (status = 400, description = "A field is malformed or the amount is under the minimum (the message names the field)", body = ErrorBody),
        (status = 401, description = "No bearer token", body = ErrorBody),
        (status = 403, description = "Not the watcher's token", body = ErrorBody),
        (status = 409, description = "The deposit was reported with other fields", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ))]
async fn report_deposit(
    State(notary): State<Arc<Notary>>,
    headers: HeaderMap,
    body: Result<Json<DepositReport>, JsonRejection>,
) -> Result<(StatusCode, Json<DepositReply>), ApiError> {
    let authorization = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    // Authorization first: an outsider learns nothing from the body's checks.
    notary.check_watcher(authorization.as_deref())?;
    let Json(req) = body.map_err(|e| ApiError::bad(e.body_text()))?;
    let (status, reply) = blocking(move || notary.report_deposit(authorization.as_deref(), &req)).await?;
    Ok((status, Json(reply)))
}

/// `POST /v1/stakes`: a depositor's transfer to check on the relay chain.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StakeRequest {
    /// `kusama` or `polkadot`.
    #[schema(value_type = NetworkName)]
    pub network: String,
    /// The transfer's extrinsic id on the relay chain (`<block>-<index>`).
    #[schema(pattern = "^[0-9]+-[0-9]+$")]
    pub extrinsic_id: String,
    /// The depositor's SS58 address (who sent it).
    pub address: String,
}

/// One entry of a depositor's history (`GET /v1/history`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// `STAKE`, `CLAIM` or `UNSTAKE`.
    #[serde(rename = "type")]
    #[schema(value_type = EntryKind)]
    pub kind: String,
    /// `STAKE`: `CLAIMABLE`, `CLAIMED`; `CLAIM`: `ACTIVE`, `CLAIMED`,
    /// `EXPIRED`; `UNSTAKE`: `PENDING`, `UNBONDING`, `PAID`.
    pub status: String,
    /// The amount in planck.
    pub native_amount: String,
    /// The amount in whole KSM/DOT.
    pub amount: String,
    /// `STAKE`, `CLAIM`: the deposit's extrinsic id; `UNSTAKE`: the
    /// payout's, once paid.
    pub extrinsic_id: Option<String>,
    /// `CLAIM`: its id.
    pub claim_id: Option<String>,
    /// `CLAIM`: where the bonds go; `UNSTAKE`: who burned.
    pub eth_address: Option<String>,
    /// `UNSTAKE`: the burn's transaction.
    pub tx_hash: Option<String>,
    /// When it was credited or issued (unix seconds).
    pub timestamp: Option<u64>,
}

/// A depositor's history and what it may still claim.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct History {
    /// `kusama` or `polkadot`.
    #[schema(value_type = NetworkName)]
    pub network: String,
    /// The depositor's SS58 address.
    pub address: String,
    /// What new claims may still take (deposits less their active and used
    /// claims), in planck.
    pub claimable: String,
    /// The same in whole KSM/DOT.
    pub claimable_amount: String,
    /// `STAKE`, `CLAIM` and `UNSTAKE` entries, stakes (each followed by its
    /// claim) first, then unstakes, oldest first.
    pub entries: Vec<HistoryEntry>,
}

/// `?network=kusama&address=<ss58>`.
#[derive(Debug, Deserialize)]
struct HistoryQuery {
    network: String,
    address: String,
}

/// A depositor's STAKE, CLAIM and UNSTAKE entries on a network, and what it
/// may still claim.
#[utoipa::path(get, path = "/v1/history",
    params(
        ("network" = NetworkName, Query, description = "The relay network"),
        ("address" = String, Query, description = "The depositor's SS58 address"),
    ),
    responses(
        (status = 200, description = "The history", body = History),
        (status = 400, description = "A missing or malformed network or address", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ))]
async fn history(
    State(notary): State<Arc<Notary>>,
    query: Result<Query<HistoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<History>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::bad(e.body_text()))?;
    Ok(Json(blocking(move || notary.history(&q.network, &q.address)).await?))
}

/// A relay chain the notary checks deposits on.
struct RelayDeposits {
    client: RelayClient,
    deposit_address: AccountId,
}

/// A depositor gives its relay-chain transfer's extrinsic id; the notary
/// checks it on the relay chain and credits it.
///
/// Credited only if the extrinsic's block is finalized, it succeeded, and
/// its `Balances.Transfer` events move at least the minimum from `address`
/// to the network's deposit address. Each refusal's error starts with its
/// name.
#[utoipa::path(post, path = "/v1/stakes", request_body = StakeRequest,
    responses(
        (status = 201, description = "Credited", body = DepositReply),
        (status = 200, description = "Credited before to the same address (a deposit is credited once)", body = DepositReply),
        (status = 400, description = "malformed_extrinsic_id, extrinsic_failed, not_to_deposit_address, wrong_sender, under_minimum, or a malformed field", body = ErrorBody),
        (status = 404, description = "unknown_extrinsic, or relay_not_followed (no relay endpoint for the network)", body = ErrorBody),
        (status = 409, description = "already_credited with other fields", body = ErrorBody),
        (status = 425, description = "not_finalized: ask again once the block is finalized", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
        (status = 502, description = "The relay chain endpoint failed", body = ErrorBody),
    ))]
async fn stake_by_extrinsic(
    State(notary): State<Arc<Notary>>,
    body: Result<Json<StakeRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<DepositReply>), ApiError> {
    let Json(req) = body.map_err(|e| ApiError::bad(e.body_text()))?;
    let (status, reply) = notary.stake(&req).await?;
    Ok((status, Json(reply)))
}

/// `?ethAddress=0x…[&amount=<planck>]`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ForAddress {
    eth_address: Option<String>,
    amount: Option<String>,
}

/// A reported deposit, and the text to sign for a claim to `ethAddress`.
#[utoipa::path(get, path = "/v1/deposits/{network}/{extrinsicId}",
    params(
        ("network" = NetworkName, Path, description = "The relay network"),
        ("extrinsicId" = String, Path, description = "The deposit's extrinsic id (`<block>-<index>`)"),
        ("ethAddress" = Option<String>, Query, description = "Who would receive the bonds: adds the text to sign and what is claimable"),
        ("amount" = Option<String>, Query, description = "With ethAddress: the text for claiming this many planck (default all that is claimable)"),
    ),
    responses(
        (status = 200, description = "The deposit", body = DepositReply),
        (status = 400, description = "Malformed", body = ErrorBody),
        (status = 404, description = "Not reported", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ))]
async fn deposit(
    State(notary): State<Arc<Notary>>,
    Path((network, extrinsic_id)): Path<(String, String)>,
    query: Result<Query<ForAddress>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<DepositReply>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::bad(e.body_text()))?;
    let reply =
        blocking(move || notary.deposit(&network, &extrinsic_id, q.eth_address.as_deref(), q.amount.as_deref()))
            .await?;
    Ok(Json(reply))
}

/// The depositor asks for the claim of a reported deposit.
#[utoipa::path(post, path = "/v1/claims", request_body = ClaimRequest,
    responses(
        (status = 201, description = "A new claim: the first, or a re-issue of one that expired unused (a new claimId)", body = ClaimReply),
        (status = 409, description = "A claim stands (active or used): it is returned", body = ClaimReply),
        (status = 400, description = "A field is malformed (named)", body = ErrorBody),
        (status = 403, description = "The signature does not verify for the deposit's account over this request", body = ErrorBody),
        (status = 404, description = "The deposit was not reported", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ))]
async fn request_claim(
    State(notary): State<Arc<Notary>>,
    body: Result<Json<ClaimRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ClaimReply>), ApiError> {
    let Json(req) = body.map_err(|e| ApiError::bad(e.body_text()))?;
    let (status, reply) = blocking(move || notary.request_claim(&req)).await?;
    Ok((status, Json(reply)))
}

/// One claim, its status read from the chain.
#[utoipa::path(get, path = "/v1/claims/{claimId}",
    params(("claimId" = String, Path, description = "The claim id, hex")),
    responses(
        (status = 200, description = "The claim", body = ClaimReply),
        (status = 400, description = "Not a claim id", body = ErrorBody),
        (status = 404, description = "No such claim", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ))]
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

/// A depositor's claims, oldest first.
#[utoipa::path(get, path = "/v1/claims",
    params(("address" = String, Query, description = "The depositor's SS58 address")),
    responses(
        (status = 200, description = "The claims", body = Vec<ClaimReply>),
        (status = 400, description = "No address", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ))]
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
