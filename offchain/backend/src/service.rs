//! The keeper's HTTP listener: `GET /healthz`, Prometheus `GET /metrics`,
//! and the users' unstake history `GET /v1/unstakes?address=` (an Ethereum
//! address: what it burned; an SS58 address: what it is paid).
//!
//! The keeper's loop publishes a [`Snapshot`] after every round; the
//! listener only reads it and its own connection to the database, so a
//! scrape never waits for a round.

use crate::{db::Db, keeper::Status, unstake::UnstakeEntry};
use alloy::primitives::U256;
use axum::{
    extract::{Query, State},
    http::{header::CONTENT_TYPE, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use prometheus::{Encoder, IntCounter, IntGauge, Opts, Registry, TextEncoder};
use serde::Deserialize;
use std::sync::{Arc, Mutex};

/// What the last round saw.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// The keeper's view (none before the first round).
    pub status: Option<Status>,
    /// The last block of PolkadotPool burns read.
    pub unstakes_synced_block: u64,
    /// Unstakes not paid.
    pub unstakes_pending: u64,
    /// KSM/DOT they are owed (smallest units, both networks).
    pub unstakes_pending_native: U256,
    /// Rounds run, and failed.
    pub rounds: u64,
    /// Rounds that failed.
    pub failed_rounds: u64,
    /// The last round's error, if it failed.
    pub last_error: Option<String>,
    /// The relay service's last round, when the keeper runs it.
    pub relay: Option<RelayStatus>,
}

/// What the relay service last saw (planck).
#[derive(Clone, Debug, Default)]
pub struct RelayStatus {
    /// Bonded and earning.
    pub bonded: u128,
    /// Unbonding.
    pub unbonding: u128,
    /// The stash's transferable balance.
    pub free: u128,
    /// Owed to unstakes not paid yet.
    pub owed: u128,
    /// Unstakes paid on the relay chain so far.
    pub paid: u64,
    /// Backend extrinsics waiting for a block.
    pub in_flight: u64,
    /// Best block minus finalized block.
    pub finality_lag: u64,
}

/// The listener's state.
pub struct Service {
    snapshot: Mutex<Snapshot>,
    db: Mutex<Db>,
}

impl Service {
    /// A listener reading `db` (its own connection).
    pub fn new(db: Db) -> Arc<Self> {
        Arc::new(Self { snapshot: Mutex::new(Snapshot::default()), db: Mutex::new(db) })
    }

    /// Publishes what the last round saw.
    pub fn publish(&self, update: impl FnOnce(&mut Snapshot)) {
        if let Ok(mut s) = self.snapshot.lock() {
            update(&mut s);
        }
    }

    fn snapshot(&self) -> Snapshot {
        self.snapshot.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The routes.
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/healthz", get(healthz))
            .route("/metrics", get(metrics))
            .route("/v1/unstakes", get(unstakes))
            .with_state(self)
    }
}

/// `200` once a round has run and the last one succeeded; `503` otherwise.
async fn healthz(State(service): State<Arc<Service>>) -> Response {
    let s = service.snapshot();
    let body = serde_json::json!({
        "status": if s.status.is_some() && s.last_error.is_none() { "ok" } else { "down" },
        "syncedBlock": s.status.as_ref().map(|x| x.synced_block),
        "lag": s.status.as_ref().map(|x| x.head.saturating_sub(x.synced_block)),
        "error": s.last_error,
    });
    let code = if body["status"] == "ok" { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, Json(body)).into_response()
}

/// A gauge family written into `registry`.
pub struct Gauges(Registry);

impl Gauges {
    /// An empty family.
    pub fn new() -> Self {
        Self(Registry::new())
    }

    /// Sets gauge `name` (help `help`) to `value`, clamped to `i64`.
    pub fn set(&self, name: &str, help: &str, value: impl TryInto<i64>) {
        if let Ok(g) = IntGauge::with_opts(Opts::new(name, help)) {
            g.set(value.try_into().unwrap_or(i64::MAX));
            // A name registered twice is a programming error the tests see
            // as a missing series; nothing to do at run time.
            let _ = self.0.register(Box::new(g));
        }
    }

    /// Sets counter `name` (help `help`, a name ending in `_total`, as
    /// Prometheus' conventions ask) to `total`: a count that only grows
    /// while the service runs.
    pub fn count(&self, name: &str, help: &str, total: u64) {
        if let Ok(c) = IntCounter::with_opts(Opts::new(name, help)) {
            c.inc_by(total);
            let _ = self.0.register(Box::new(c));
        }
    }

    /// Sets gauge `name` to a token amount in wei, as a float of whole
    /// tokens would lose precision: exported in gwei (1e-9 tokens).
    pub fn set_amount(&self, name: &str, help: &str, wei: U256) {
        let gwei = wei / U256::from(1_000_000_000u64);
        self.set(name, help, i64::try_from(gwei).unwrap_or(i64::MAX));
    }

    /// The text format.
    pub fn render(&self) -> Response {
        let mut out = Vec::new();
        match TextEncoder::new().encode(&self.0.gather(), &mut out) {
            Ok(()) => ([(CONTENT_TYPE, prometheus::TEXT_FORMAT)], out).into_response(),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        }
    }
}

impl Default for Gauges {
    fn default() -> Self {
        Self::new()
    }
}

async fn metrics(State(service): State<Arc<Service>>) -> Response {
    let s = service.snapshot();
    let g = Gauges::new();
    g.count("lst_keeper_rounds_total", "Rounds the keeper ran", s.rounds);
    g.count("lst_keeper_failed_rounds_total", "Rounds that failed", s.failed_rounds);
    g.set("lst_unstakes_synced_block", "Last block of PolkadotPool burns read", s.unstakes_synced_block);
    g.set("lst_unstakes_pending", "Unstake requests not paid on the relay chain", s.unstakes_pending);
    g.set(
        "lst_unstakes_pending_planck",
        "KSM/DOT owed to pending unstakes, in planck",
        i64::try_from(s.unstakes_pending_native).unwrap_or(i64::MAX),
    );
    if let Some(x) = &s.status {
        g.set("lst_keeper_synced_block", "Last block whose pool events are read", x.synced_block);
        g.set("lst_keeper_head_block", "The node's head", x.head);
        g.set("lst_keeper_lag_blocks", "Head minus synced block", x.head.saturating_sub(x.synced_block));
        g.set("lst_queue_pending_requests", "Unstake requests queued, not served", x.pending_requests);
        g.set(
            "lst_queue_push_failed_requests",
            "Served requests whose push failed: claimable by their owners, not pushed again",
            x.push_failed_requests,
        );
        g.set_amount("lst_queue_pending_gwei", "AVAX owed to queued requests (gwei)", x.pending_total);
        g.set_amount("lst_queue_claimable_gwei", "AVAX served and not yet paid (gwei)", x.claimable_total);
        g.set("lst_keeper_period_end_seconds", "When the current period ends (unix)", x.period_end);
        g.set("lst_staking_epoch", "Staking's current epoch", x.epoch);
        g.set("lst_staking_epoch_end_seconds", "When the epoch ends (unix)", x.epoch_end);
        g.set_amount("lst_staking_reserve_gwei", "Staking's reward reserve (gwei)", x.reserve);
        g.set_amount("lst_operator_balance_gwei", "The operator's balance (gwei)", x.operator_balance);
    }
    if let Some(r) = &s.relay {
        let planck = |v: u128| i64::try_from(v).unwrap_or(i64::MAX);
        g.set("lst_relay_bonded_planck", "KSM/DOT bonded by the stash, in planck", planck(r.bonded));
        g.set("lst_relay_unbonding_planck", "KSM/DOT unbonding, in planck", planck(r.unbonding));
        g.set("lst_relay_free_planck", "The stash's transferable balance, in planck", planck(r.free));
        g.set("lst_relay_owed_planck", "KSM/DOT owed to unpaid unstakes, in planck", planck(r.owed));
        g.count("lst_relay_paid_unstakes_total", "Unstakes paid on the relay chain", r.paid);
        g.set("lst_relay_in_flight", "Backend extrinsics waiting for a block", r.in_flight);
        g.set("lst_relay_finality_lag_blocks", "Best minus finalized relay block", r.finality_lag);
    }
    g.render()
}

/// `?address=`.
#[derive(Debug, Deserialize)]
struct ByAddress {
    address: String,
}

async fn unstakes(
    State(service): State<Arc<Service>>,
    query: Result<Query<ByAddress>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        let error = serde_json::json!({ "error": "address: an Ethereum or SS58 address is required" });
        return (StatusCode::BAD_REQUEST, Json(error)).into_response();
    };
    let rows = service
        .db
        .lock()
        .map_err(|e| e.to_string())
        .and_then(|db| db.unstakes_of(&q.address).map_err(|e| e.to_string()));
    match rows {
        Ok(rows) => Json(rows.iter().map(UnstakeEntry::from).collect::<Vec<_>>()).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({ "error": e }))).into_response(),
    }
}
