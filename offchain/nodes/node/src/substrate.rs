//! The Substrate JSON-RPC server of `lst-node` (`lst-substrate-chain`'s
//! methods) over HTTP POST and WebSocket on one port (as a Substrate node
//! serves 9944), CORS open, subscriptions per WebSocket connection — on the
//! same HTTP plumbing as the Ethereum JSON-RPC ([`crate::read_body`],
//! [`crate::MAX_BODY`]). It serves the relay chain (`--platform relay`,
//! [`crate::relay`]) and the ink! chain beside its Ethereum JSON-RPC
//! (`--platform ink`).
//!
//! The chain lives on a thread of its own (`TestExternalities` is not
//! `Send`); requests reach it one at a time through a [`WorkSender`], and
//! every sealed block is published to the connections, which push
//! `chain_newHead`, `chain_allHead`, `chain_finalizedHead` and
//! `state_storage` notifications from it. A watched extrinsic
//! (`author_submitAndWatchExtrinsic`) is sealed in a block of its own at
//! once, so its watcher is told `ready`, `inBlock` and `finalized` in
//! turn.

use crate::{read_body, MAX_BODY, MAX_SUBSCRIPTIONS};
use axum::{
    extract::{
        ws::{Message, WebSocket},
        State, WebSocketUpgrade,
    },
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use lst_substrate_chain::hex_encode;
use lst_substrate_chain::rpc::{self, Answer, Request, RpcError};
use serde_json::{json, Value};
use sp_core::H256;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{broadcast, oneshot};

/// The most requests in one batch.
pub const MAX_BATCH: usize = 1_000;

/// A sealed block as the connections see it.
#[derive(Debug)]
pub struct BlockNote {
    /// Its hash.
    pub hash: H256,
    /// Its header, as JSON.
    pub header: Value,
    /// The keys it changed and their values.
    pub changes: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

/// What the server asks of the chain's thread.
pub enum Work {
    /// Answer a request.
    Request(Request, oneshot::Sender<Result<Answer, RpcError>>),
    /// Seal an empty block (the relay chain's block timer).
    Seal,
}

/// Hands work to the chain's thread; false once the thread is gone.
pub type WorkSender = Arc<dyn Fn(Work) -> bool + Send + Sync>;

/// A running Substrate node: what the server's tasks share.
#[derive(Clone)]
pub struct SubstrateRpc {
    work: WorkSender,
    blocks: broadcast::Sender<Arc<BlockNote>>,
}

impl SubstrateRpc {
    /// A server's handle on the chain thread `work` reaches, whose sealed
    /// blocks are published on `blocks`.
    pub fn new(work: WorkSender, blocks: broadcast::Sender<Arc<BlockNote>>) -> Self {
        Self { work, blocks }
    }

    /// Answers one parsed request on the chain's thread.
    pub async fn ask(&self, request: Request) -> Result<Answer, RpcError> {
        let (reply, answer) = oneshot::channel();
        let gone = || RpcError::invalid_request("the node has stopped");
        if !(self.work)(Work::Request(request, reply)) {
            return Err(gone());
        }
        answer.await.map_err(|_| gone())?
    }

    /// Answers one JSON-RPC request object (not a subscription).
    pub async fn call(&self, request: &Value) -> Value {
        let (id, parsed) = rpc::parse(request);
        let request = match parsed {
            Ok(r) => r,
            Err(e) => return e.response(id),
        };
        if request.is_subscription() {
            return RpcError::invalid_request("subscriptions need a WebSocket connection").response(id);
        }
        match self.ask(request).await {
            Ok(Answer::Value(v)) => json!({"jsonrpc": "2.0", "id": id, "result": v}),
            Ok(Answer::Included { extrinsic, .. }) => json!({"jsonrpc": "2.0", "id": id, "result": extrinsic}),
            Err(e) => e.response(id),
        }
    }
}

/// The router: JSON-RPC over HTTP POST and WebSocket on `/`.
pub fn router(rpc: SubstrateRpc) -> Router {
    crate::with_http_limits(Router::new().route("/", post(http_call).get(ws_upgrade))).with_state(rpc)
}

/// Serves `rpc` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, rpc: SubstrateRpc) -> Result<(), String> {
    axum::serve(listener, router(rpc)).await.map_err(|e| e.to_string())
}

async fn http_call(
    State(rpc): State<SubstrateRpc>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let answer = match read_body(body) {
        Err(refused) => return *refused,
        Ok(Err(parse_error)) => parse_error,
        Ok(Ok(Value::Array(batch))) => batch_call(&rpc, batch).await,
        Ok(Ok(request)) => rpc.call(&request).await,
    };
    Json(answer).into_response()
}

async fn batch_call(rpc: &SubstrateRpc, batch: Vec<Value>) -> Value {
    if batch.is_empty() || batch.len() > MAX_BATCH {
        return RpcError::invalid_request(format!("a batch holds 1 to {MAX_BATCH} requests")).response(Value::Null);
    }
    let mut answers = Vec::with_capacity(batch.len());
    for request in &batch {
        answers.push(rpc.call(request).await);
    }
    Value::Array(answers)
}

async fn ws_upgrade(State(rpc): State<SubstrateRpc>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(MAX_BODY).max_frame_size(MAX_BODY).on_upgrade(move |socket| websocket(socket, rpc))
}

/// What a connection's subscription watches.
enum Watch {
    NewHeads,
    AllHeads,
    FinalizedHeads,
    RuntimeVersion,
    Storage(Vec<Vec<u8>>),
    Extrinsic,
}

impl Watch {
    /// The notification method of this subscription.
    fn method(&self) -> &'static str {
        match self {
            Self::NewHeads => "chain_newHead",
            Self::AllHeads => "chain_allHead",
            Self::FinalizedHeads => "chain_finalizedHead",
            Self::RuntimeVersion => "state_runtimeVersion",
            Self::Storage(_) => "state_storage",
            Self::Extrinsic => "author_extrinsicUpdate",
        }
    }
}

fn note(method: &str, subscription: &str, result: Value) -> Message {
    let n = json!({"jsonrpc": "2.0", "method": method, "params": {"subscription": subscription, "result": result}});
    Message::Text(n.to_string().into())
}

/// One WebSocket connection: answers requests, keeps subscriptions, pushes
/// their notifications.
async fn websocket(mut socket: WebSocket, rpc: SubstrateRpc) {
    let mut blocks = rpc.blocks.subscribe();
    let mut subs: HashMap<String, Watch> = HashMap::new();
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
                let mut out = Vec::new();
                match serde_json::from_str::<Value>(&text) {
                    Err(e) => out.push(Message::Text(crate::parse_error(&e).to_string().into())),
                    Ok(Value::Array(batch)) => out.push(Message::Text(batch_call(&rpc, batch).await.to_string().into())),
                    Ok(request) => on_request(&rpc, &request, &mut subs, &mut next, &mut out).await,
                }
                for m in out {
                    if socket.send(m).await.is_err() {
                        return;
                    }
                }
            }
            block = blocks.recv() => {
                let block = match block {
                    Ok(b) => b,
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                for (id, watch) in &subs {
                    let result = match watch {
                        Watch::NewHeads | Watch::AllHeads | Watch::FinalizedHeads => block.header.clone(),
                        Watch::Storage(keys) => {
                            let changes: Vec<Value> = block
                                .changes
                                .iter()
                                .filter(|(k, _)| keys.is_empty() || keys.contains(k))
                                .map(|(k, v)| json!([hex_encode(k), v.as_deref().map(hex_encode)]))
                                .collect();
                            if changes.is_empty() {
                                continue;
                            }
                            json!({"block": block.hash, "changes": changes})
                        }
                        Watch::RuntimeVersion | Watch::Extrinsic => continue,
                    };
                    if socket.send(note(watch.method(), id, result)).await.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// Answers one request on a connection, opening or closing its
/// subscriptions; the messages to send go to `out` in order.
async fn on_request(
    rpc: &SubstrateRpc,
    request: &Value,
    subs: &mut HashMap<String, Watch>,
    next: &mut u64,
    out: &mut Vec<Message>,
) {
    let text = |v: Value| Message::Text(v.to_string().into());
    let (id, parsed) = rpc::parse(request);
    let request = match parsed {
        Ok(r) => r,
        Err(e) => return out.push(text(e.response(id))),
    };
    if let Some(sub) = request.unsubscribe_id() {
        return out.push(text(json!({"jsonrpc": "2.0", "id": id, "result": subs.remove(sub).is_some()})));
    }
    let watch = match &request {
        Request::ChainSubscribeNewHeads(_) => Some(Watch::NewHeads),
        Request::ChainSubscribeAllHeads(_) => Some(Watch::AllHeads),
        Request::ChainSubscribeFinalizedHeads(_) => Some(Watch::FinalizedHeads),
        Request::StateSubscribeRuntimeVersion(_) => Some(Watch::RuntimeVersion),
        Request::StateSubscribeStorage(p) => {
            Some(Watch::Storage(p.keys.clone().unwrap_or_default().into_iter().map(|k| k.0).collect()))
        }
        Request::AuthorSubmitAndWatchExtrinsic(_) => Some(Watch::Extrinsic),
        _ => None,
    };
    let Some(watch) = watch else {
        let answer = match rpc.ask(request).await {
            Ok(Answer::Value(v)) => json!({"jsonrpc": "2.0", "id": id, "result": v}),
            Ok(Answer::Included { extrinsic, .. }) => json!({"jsonrpc": "2.0", "id": id, "result": extrinsic}),
            Err(e) => e.response(id),
        };
        return out.push(text(answer));
    };
    if subs.len() >= MAX_SUBSCRIPTIONS {
        let e = RpcError::invalid_request(format!(
            "{MAX_SUBSCRIPTIONS} subscriptions on this connection: unsubscribe one first"
        ));
        return out.push(text(e.response(id)));
    }
    let key = format!("{:016x}", *next);
    *next += 1;
    match rpc.ask(request).await {
        Err(e) => out.push(text(e.response(id))),
        Ok(Answer::Included { block, .. }) => {
            out.push(text(json!({"jsonrpc": "2.0", "id": id, "result": key})));
            let method = watch.method();
            out.push(note(method, &key, json!("ready")));
            out.push(note(method, &key, json!({"inBlock": block})));
            out.push(note(method, &key, json!({"finalized": block})));
        }
        Ok(Answer::Value(first)) => {
            out.push(text(json!({"jsonrpc": "2.0", "id": id, "result": key})));
            out.push(note(watch.method(), &key, first));
            subs.insert(key, watch);
        }
    }
}
