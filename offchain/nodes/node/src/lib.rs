//! One local node for both platforms: the Stylus chain of `lst-devnode` or
//! the pallet-revive chain of `lst-revive-chain` ([`engine`]) behind one
//! Ethereum JSON-RPC layer ([`rpc`]), served over HTTP and WebSocket on
//! axum with CORS open to any origin (a dapp in a browser calls it) —
//! the `lst-node` binary, or [`spawn`] in a test's thread. [`relay`]
//! serves the local relay chain (`lst-relay-chain`) the same way, over
//! Substrate's JSON-RPC.
//!
//! The engine lives on a thread of its own (pallet-revive's externalities
//! are not `Send`); HTTP requests and WebSocket messages reach it over a
//! channel, one at a time, so the chain sees one request after another as
//! a real node's sequencer does. WebSocket clients may `eth_subscribe` to
//! `newHeads` and `logs`.

pub mod engine;
pub mod relay;
pub mod request;
pub mod rpc;
pub mod substrate;

use alloy_primitives::{Address, U256};
use axum::{
    extract::{
        ws::{Message, WebSocket},
        State, WebSocketUpgrade,
    },
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use engine::{Engine, InkEngine, StylusEngine};
use lst_client::{dev, Platform};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use tokio::sync::{broadcast, mpsc, oneshot};

/// The chain id of the Stylus node (the nitro-devnode's).
pub const STYLUS_CHAIN_ID: u64 = 412_346;
/// The chain id of the ink! node (pallet-revive's development chain's).
pub const INK_CHAIN_ID: u64 = 420_420_420;

/// How to start a node.
#[derive(Clone, Debug)]
pub struct Config {
    /// Which engine.
    pub platform: Platform,
    /// Its chain id.
    pub chain_id: u64,
    /// Whether the dev accounts are funded and listed.
    pub dev_accounts: bool,
    /// Balances to set at start.
    pub funds: Vec<(Address, U256)>,
    /// A journal of the chain to replay at start and append to
    /// (`--state FILE`).
    pub state: Option<PathBuf>,
    /// Stylus: the data fee of a program activation, wei per byte of
    /// compressed code.
    pub activation_fee_per_byte: U256,
}

/// The Stylus node's default activation data fee: 1 gwei per byte of
/// compressed code (about 0.00002 ETH for a 20 KiB program).
pub const ACTIVATION_FEE_PER_BYTE: U256 = U256::from_limbs([1_000_000_000, 0, 0, 0]);

impl Config {
    /// A node of `platform` with its usual chain id and the dev accounts.
    pub fn new(platform: Platform) -> Self {
        let chain_id = match platform {
            Platform::Stylus => STYLUS_CHAIN_ID,
            Platform::Ink => INK_CHAIN_ID,
        };
        Self {
            platform,
            chain_id,
            dev_accounts: true,
            funds: Vec::new(),
            state: None,
            activation_fee_per_byte: ACTIVATION_FEE_PER_BYTE,
        }
    }
}

/// Builds the node `config` describes (replaying its state file, if any).
pub fn build(config: &Config) -> Result<rpc::Node, String> {
    let mut funds = config.funds.clone();
    let accounts = if config.dev_accounts { dev::dev_accounts() } else { Vec::new() };
    let engine: Box<dyn Engine> = match config.platform {
        Platform::Stylus => {
            funds.extend(accounts.iter().map(|a| (*a, dev::DEV_BALANCE)));
            let mut engine = StylusEngine::new(config.chain_id, &funds)?;
            engine.chain().set_activation_fee(config.activation_fee_per_byte);
            Box::new(engine)
        }
        Platform::Ink => Box::new(InkEngine::new(config.chain_id, config.dev_accounts, &funds)?),
    };
    let mut node = rpc::Node::new(engine, accounts);
    if let Some(path) = &config.state {
        node.replay(path)?;
        node.journal_to(path)?;
    }
    Ok(node)
}

/// Work for the node's thread: an Ethereum JSON-RPC request, or the
/// Substrate server's (the ink! chain's other side).
enum Job {
    Eth { request: Value, reply: oneshot::Sender<Value> },
    Substrate(substrate::Work),
}

/// A running node's handle: what the server's tasks share.
#[derive(Clone)]
pub struct Shared {
    calls: mpsc::UnboundedSender<Job>,
    /// Each new block's number, as it is mined.
    blocks: broadcast::Sender<u64>,
    /// The Substrate JSON-RPC over the same chain, if it has one.
    substrate: Option<substrate::SubstrateRpc>,
}

impl Shared {
    async fn call(&self, request: Value) -> Value {
        let (reply, answer) = oneshot::channel();
        let gone = json!({"jsonrpc": "2.0", "id": request.get("id").cloned().unwrap_or(Value::Null),
            "error": {"code": -32603, "message": "the node has stopped"}});
        if self.calls.send(Job::Eth { request, reply }).is_err() {
            return gone;
        }
        answer.await.unwrap_or(gone)
    }

    /// The node's Substrate JSON-RPC (the ink! chain's), to serve with
    /// [`substrate::serve`].
    pub fn substrate(&self) -> Option<substrate::SubstrateRpc> {
        self.substrate.clone()
    }
}

/// The Substrate head of `node`'s chain, if it has a Substrate side.
fn substrate_head(node: &mut rpc::Node) -> Option<u32> {
    node.engine().substrate().map(|b| b.store().head())
}

/// Runs `node` on this thread, answering `calls` until every sender is
/// gone; publishes each new block's number on `blocks` and, for a chain
/// with a Substrate side, each sealed block on `notes`.
fn run_node(
    mut node: rpc::Node,
    mut calls: mpsc::UnboundedReceiver<Job>,
    blocks: broadcast::Sender<u64>,
    notes: broadcast::Sender<std::sync::Arc<substrate::BlockNote>>,
) {
    let mut head = node.head();
    let mut sealed = substrate_head(&mut node);
    while let Some(job) = calls.blocking_recv() {
        // A client that hung up is its own problem.
        match job {
            Job::Eth { request, reply } => drop(reply.send(node.handle_json(&request))),
            Job::Substrate(substrate::Work::Request(request, reply)) => {
                drop(reply.send(node.handle_substrate(request)))
            }
            Job::Substrate(substrate::Work::Seal) => {}
        }
        let now = node.head();
        if now > head {
            for number in head + 1..=now {
                // No subscriber is no error.
                drop(blocks.send(number));
            }
        }
        head = now;
        if let (Some(from), Some(backend)) = (sealed, node.engine().substrate()) {
            let store = backend.store();
            for number in from.saturating_add(1)..=store.head() {
                if let Some(block) = store.block(number) {
                    let header = lst_substrate_chain::rpc::header_json(store, number);
                    let note = substrate::BlockNote { hash: block.hash, header, changes: block.changes.clone() };
                    drop(notes.send(std::sync::Arc::new(note)));
                }
            }
            sealed = Some(store.head());
        }
    }
}

/// Starts the node's thread (building the node there, replaying its state
/// file) and returns its handle once it is ready; `on_tx` gets a line per
/// mined transaction.
pub fn start(config: Config, on_tx: Option<fn(&str)>) -> Result<Shared, String> {
    let (calls, receiver) = mpsc::unbounded_channel();
    let (blocks, _) = broadcast::channel(1024);
    let (notes, _) = broadcast::channel(1024);
    let (ready, started) = std::sync::mpsc::channel();
    let publish = blocks.clone();
    let publish_notes = notes.clone();
    let platform = config.platform;
    std::thread::Builder::new()
        .name("lst-node-chain".into())
        .spawn(move || match build(&config) {
            Ok(mut node) => {
                if let Some(f) = on_tx {
                    node.on_transaction(f);
                }
                drop(ready.send(Ok(())));
                run_node(node, receiver, publish, publish_notes);
            }
            Err(e) => drop(ready.send(Err(e))),
        })
        .map_err(|e| e.to_string())?;
    started.recv().map_err(|e| e.to_string())??;
    let substrate = (platform == Platform::Ink).then(|| {
        let jobs = calls.clone();
        let work: substrate::WorkSender = std::sync::Arc::new(move |w| jobs.send(Job::Substrate(w)).is_ok());
        substrate::SubstrateRpc::new(work, notes)
    });
    Ok(Shared { calls, blocks, substrate })
}

/// The largest request body (HTTP) or message (WebSocket) the node reads,
/// bytes: a deployment's input is well under it (a 56 KiB `.polkavm` is
/// 112 KiB of hex).
pub const MAX_BODY: usize = 4 * 1024 * 1024;
/// The most subscriptions one WebSocket connection holds at once.
pub const MAX_SUBSCRIPTIONS: usize = 1_024;

/// The server: JSON-RPC over HTTP POST and WebSocket (GET with upgrade) on
/// `/`, CORS open to any origin.
fn router(shared: Shared) -> Router {
    with_http_limits(Router::new().route("/", post(http_call).get(ws_upgrade))).with_state(shared)
}

/// The layers both servers share: bodies up to [`MAX_BODY`], CORS open.
pub(crate) fn with_http_limits<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(axum::extract::DefaultBodyLimit::max(MAX_BODY)).layer(tower_http::cors::CorsLayer::permissive())
}

/// The JSON-RPC parse error answer (-32700) for `e`.
pub(crate) fn parse_error(e: &serde_json::Error) -> Value {
    json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": format!("parse error: {e}")}})
}

/// An HTTP request's body as JSON: `Err` is the HTTP answer to a body
/// refused (over [`MAX_BODY`], or a broken upload: still a JSON-RPC
/// answer, with the HTTP status that says why), `Ok(Err)` the parse-error
/// answer.
pub(crate) fn read_body(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Result<Value, Value>, Box<Response>> {
    let body = body.map_err(|rejection| {
        let why = format!("request body refused: {} (at most {MAX_BODY} bytes)", rejection.body_text());
        Box::new((rejection.status(), Json(rpc::RpcError::invalid_request(why).response(Value::Null))).into_response())
    })?;
    Ok(serde_json::from_slice::<Value>(&body).map_err(|e| parse_error(&e)))
}

async fn http_call(
    State(shared): State<Shared>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let answer = match read_body(body) {
        Err(refused) => return *refused,
        Ok(Err(parse_error)) => parse_error,
        Ok(Ok(request)) => shared.call(request).await,
    };
    Json(answer).into_response()
}

async fn ws_upgrade(State(shared): State<Shared>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(MAX_BODY).max_frame_size(MAX_BODY).on_upgrade(move |socket| websocket(socket, shared))
}

/// A subscription of one WebSocket connection.
enum Subscription {
    NewHeads,
    Logs(Value),
}

/// Answers JSON-RPC messages on `socket` and pushes its subscriptions'
/// notifications (`eth_subscribe` `newHeads` and `logs`).
async fn websocket(mut socket: WebSocket, shared: Shared) {
    let mut blocks = shared.blocks.subscribe();
    let mut subscriptions: HashMap<String, Subscription> = HashMap::new();
    let mut next = 1u64;
    loop {
        tokio::select! {
            message = socket.recv() => {
                let Some(Ok(message)) = message else { return };
                let text = match message {
                    Message::Text(t) => t.to_string(),
                    Message::Close(_) => return,
                    _ => continue,
                };
                let answer = match serde_json::from_str::<Value>(&text) {
                    Err(e) => parse_error(&e),
                    Ok(request) => {
                        let id = request.get("id").cloned().unwrap_or(Value::Null);
                        let params = request.get("params").cloned().unwrap_or(json!([]));
                        match request.get("method").and_then(Value::as_str) {
                            Some("eth_subscribe") => match params.get(0).and_then(Value::as_str) {
                                Some("newHeads") | Some("logs") if subscriptions.len() >= MAX_SUBSCRIPTIONS => {
                                    json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32000,
                                        "message": format!("{MAX_SUBSCRIPTIONS} subscriptions on this connection: unsubscribe one first")}})
                                }
                                Some("newHeads") | Some("logs") => {
                                    let sub = if params.get(0).and_then(Value::as_str) == Some("newHeads") {
                                        Subscription::NewHeads
                                    } else {
                                        Subscription::Logs(params.get(1).cloned().unwrap_or(json!({})))
                                    };
                                    let key = format!("{next:#x}");
                                    next += 1;
                                    subscriptions.insert(key.clone(), sub);
                                    json!({"jsonrpc": "2.0", "id": id, "result": key})
                                }
                                other => json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32602,
                                    "message": format!("subscription {other:?} not supported: newHeads and logs are")}}),
                            },
                            Some("eth_unsubscribe") => {
                                let key = params.get(0).and_then(Value::as_str).unwrap_or_default();
                                json!({"jsonrpc": "2.0", "id": id, "result": subscriptions.remove(key).is_some()})
                            }
                            _ => shared.call(request).await,
                        }
                    }
                };
                if socket.send(Message::Text(answer.to_string().into())).await.is_err() {
                    return;
                }
            }
            block = blocks.recv() => {
                let number = match block {
                    Ok(n) => n,
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                for (key, sub) in &subscriptions {
                    let results = match sub {
                        Subscription::NewHeads => {
                            let header = shared.call(json!({"jsonrpc": "2.0", "id": 0,
                                "method": "eth_getBlockByNumber", "params": [format!("{number:#x}"), false]})).await;
                            vec![header.get("result").cloned().unwrap_or(Value::Null)]
                        }
                        Subscription::Logs(filter) => {
                            let mut window = filter.clone();
                            window["fromBlock"] = json!(format!("{number:#x}"));
                            window["toBlock"] = json!(format!("{number:#x}"));
                            let logs = shared.call(json!({"jsonrpc": "2.0", "id": 0,
                                "method": "eth_getLogs", "params": [window]})).await;
                            logs.get("result").and_then(Value::as_array).cloned().unwrap_or_default()
                        }
                    };
                    for result in results {
                        let note = json!({"jsonrpc": "2.0", "method": "eth_subscription",
                            "params": {"subscription": key, "result": result}});
                        if socket.send(Message::Text(note.to_string().into())).await.is_err() {
                            return;
                        }
                    }
                }
            }
        }
    }
}

/// Starts an ink! node with chain id `chain_id` and the dev accounts on
/// two free local ports, in background threads that live as long as the
/// process; returns the URLs of its Ethereum JSON-RPC and of its
/// Substrate JSON-RPC (`http://…`; each port takes WebSocket connections).
pub fn spawn_ink(chain_id: u64) -> Result<(String, String), String> {
    spawn_ink_with(Config { chain_id, ..Config::new(Platform::Ink) })
}

/// [`spawn_ink`] with the node `config` describes (a state file, funds).
pub fn spawn_ink_with(config: Config) -> Result<(String, String), String> {
    let shared = start(config, None)?;
    let substrate = shared.substrate().ok_or("the ink! node has a Substrate side")?;
    let eth = spawn_router(move || Ok(router(shared)))?;
    let sub = spawn_router(move || Ok(substrate::router(substrate)))?;
    Ok((eth, sub))
}

/// Serves the started node `shared` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, shared: Shared) -> Result<(), String> {
    axum::serve(listener, router(shared)).await.map_err(|e| e.to_string())
}

/// Starts a node of `platform` with chain id `chain_id` and the dev
/// accounts on a free local port, in a background thread that lives as
/// long as the process; returns its URL. Tests of off-chain tools use it to
/// go through real JSON-RPC without a separate process.
pub fn spawn(platform: Platform, chain_id: u64) -> Result<String, String> {
    let config = Config { chain_id, ..Config::new(platform) };
    spawn_router(move || start(config, None).map(router))
}

/// Serves the router `make` builds (starting its chain) on a free local
/// port, in a background thread that lives as long as the process;
/// returns its URL (`http://…`; the same port takes WebSocket
/// connections).
pub(crate) fn spawn_router(make: impl FnOnce() -> Result<Router, String> + Send + 'static) -> Result<String, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(r) => r,
            Err(e) => return drop(tx.send(Err(e.to_string()))),
        };
        runtime.block_on(async move {
            let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
                Ok(l) => l,
                Err(e) => return drop(tx.send(Err(e.to_string()))),
            };
            let router = match (listener.local_addr(), make()) {
                (Ok(addr), Ok(router)) => {
                    drop(tx.send(Ok(addr)));
                    router
                }
                (Err(e), _) => return drop(tx.send(Err(e.to_string()))),
                (_, Err(e)) => return drop(tx.send(Err(e))),
            };
            // Serves until the process ends.
            drop(axum::serve(listener, router).await);
        });
    });
    let addr = rx.recv().map_err(|e| e.to_string())??;
    Ok(format!("http://{addr}"))
}
