//! The Substrate JSON-RPC methods a chain of this crate answers, as one
//! typed request enum ([`Request`], deserialised by serde the way anvil's
//! `EthRequest` is) and [`handle`], over any [`Backend`].
//!
//! The method set is the "legacy" RPC of a Substrate node that `subxt`'s
//! `LegacyBackend`, polkadot.js and `ink_e2e` use (`chain_*`, `state_*`,
//! `author_*`, `system_*`, `rpc_methods`), plus `dev_newBlock` (as
//! chopsticks names it) to seal empty blocks. Subscriptions
//! (`chain_subscribe*`, `state_subscribe*`, `author_submitAndWatchExtrinsic`)
//! are kept per connection by the server (`lst-node`'s substrate module);
//! the node reports what they need.
//!
//! `state_call` answers the runtime calls the runtime version lists by
//! calling the runtime's functions directly: these chains run natively,
//! without a Wasm blob and without `sp-api`'s runtime-API machinery (which
//! exists to cross the Wasm boundary), so the dispatch is a match — the
//! calls every chain answers the same way here, the rest in its
//! [`Backend::runtime_call`].

use crate::{hex_decode, hex_encode, AccountId, BlockNumber, BlockStore, Rejected};
use codec::{Decode, Encode};
use serde::Deserialize;
use serde_json::{json, Value};
use sp_core::H256;
use sp_version::RuntimeVersion;

/// A JSON-RPC error: code, message, optional data.
#[derive(Clone, Debug, PartialEq)]
pub struct RpcError {
    /// The JSON-RPC error code.
    pub code: i64,
    /// What went wrong.
    pub message: String,
    /// Details (Substrate puts the invalid transaction's reason here).
    pub data: Option<Value>,
}

impl RpcError {
    /// An error with `code` and `message`.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), data: None }
    }
    /// -32600: not a JSON-RPC request.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(-32600, message)
    }
    /// -32601: no such method.
    pub fn method_not_found(method: &str) -> Self {
        Self::new(-32601, format!("Method not found: {method}"))
    }
    /// -32602: wrong parameters.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(-32602, message)
    }
    /// 4003: the block's state is gone or was never there.
    fn state_unavailable(hash: &H256) -> Self {
        Self::new(4003, format!("State already discarded for {hash:?}"))
    }
    /// 1010 / 1002: a refused transaction, as Substrate's author API says it.
    pub fn rejected(r: &Rejected) -> Self {
        match r {
            Rejected::Invalid(e) => {
                Self { code: 1010, message: "Invalid Transaction".into(), data: Some(Value::String(format!("{e:?}"))) }
            }
            Rejected::Undecodable(e) => Self {
                code: 1002,
                message: "Verification Error: the extrinsic does not decode".into(),
                data: Some(Value::String(e.clone())),
            },
            Rejected::Failed(e) => Self::new(-32000, e.clone()),
        }
    }
    /// The JSON-RPC response object for request `id`.
    pub fn response(&self, id: Value) -> Value {
        let mut error = json!({"code": self.code, "message": self.message});
        if let Some(data) = &self.data {
            error["data"] = data.clone();
        }
        json!({"jsonrpc": "2.0", "id": id, "error": error})
    }
}

/// No parameters (`[]`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NoParams {}

/// An optional block hash (`[]`, `[null]` or `["0x…"]`): the head if none.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AtParams {
    /// The block.
    #[serde(default)]
    pub at: Option<H256>,
}

/// A block number as a JSON number or a hex string.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum NumberOrHex {
    /// `5`
    Number(u64),
    /// `"0x5"`
    Hex(String),
}

impl NumberOrHex {
    fn number(&self) -> Result<BlockNumber, RpcError> {
        let n = match self {
            Self::Number(n) => *n,
            Self::Hex(h) => u64::from_str_radix(h.trim_start_matches("0x"), 16)
                .map_err(|_| RpcError::invalid_params(format!("{h} is not a hex block number")))?,
        };
        BlockNumber::try_from(n).map_err(|_| RpcError::invalid_params(format!("block {n} is beyond u32")))
    }
}

/// `chain_getBlockHash`'s parameter: none (the head), a number, or a list.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum BlockNumbers {
    /// One block.
    One(NumberOrHex),
    /// Several blocks.
    Many(Vec<NumberOrHex>),
}

/// `chain_getBlockHash` params.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct BlockHashParams {
    /// Which block(s); the head if absent.
    #[serde(default)]
    pub number: Option<BlockNumbers>,
}

/// `state_getStorage` params: a key and an optional block.
#[derive(Clone, Debug, Deserialize)]
pub struct StorageParams {
    /// The storage key.
    pub key: sp_core::Bytes,
    /// The block (the head if absent).
    #[serde(default)]
    pub at: Option<H256>,
}

/// `state_getKeysPaged` params.
#[derive(Clone, Debug, Deserialize)]
pub struct KeysPagedParams {
    /// The prefix (none: every key).
    #[serde(default)]
    pub prefix: Option<sp_core::Bytes>,
    /// At most this many keys (at most [`MAX_KEYS`]).
    pub count: u32,
    /// Start after this key.
    #[serde(default)]
    pub start_key: Option<sp_core::Bytes>,
    /// The block.
    #[serde(default)]
    pub at: Option<H256>,
}

/// `state_queryStorageAt` params.
#[derive(Clone, Debug, Deserialize)]
pub struct QueryStorageAtParams {
    /// The keys (at most [`MAX_KEYS`]).
    pub keys: Vec<sp_core::Bytes>,
    /// The block.
    #[serde(default)]
    pub at: Option<H256>,
}

/// `childstate_getStorage` params: a child trie, a key and a block.
#[derive(Clone, Debug, Deserialize)]
pub struct ChildStorageParams {
    /// The child trie's prefixed storage key (`:child_storage:default:…`).
    pub child_key: sp_core::Bytes,
    /// The key in it.
    pub key: sp_core::Bytes,
    /// The block (the head if absent).
    #[serde(default)]
    pub at: Option<H256>,
}

/// `childstate_getStorageEntries` params: a child trie, keys and a block.
#[derive(Clone, Debug, Deserialize)]
pub struct ChildStorageEntriesParams {
    /// The child trie's prefixed storage key.
    pub child_key: sp_core::Bytes,
    /// The keys in it (at most [`MAX_KEYS`]).
    pub keys: Vec<sp_core::Bytes>,
    /// The block (the head if absent).
    #[serde(default)]
    pub at: Option<H256>,
}

/// `childstate_getKeysPaged` params.
#[derive(Clone, Debug, Deserialize)]
pub struct ChildKeysPagedParams {
    /// The child trie's prefixed storage key.
    pub child_key: sp_core::Bytes,
    /// The prefix (none: every key).
    #[serde(default)]
    pub prefix: Option<sp_core::Bytes>,
    /// At most this many keys (at most [`MAX_KEYS`]).
    pub count: u32,
    /// Start after this key.
    #[serde(default)]
    pub start_key: Option<sp_core::Bytes>,
    /// The block.
    #[serde(default)]
    pub at: Option<H256>,
}

/// The unprefixed storage key of a default child trie's prefixed key.
fn child_trie(prefixed: &[u8]) -> Result<&[u8], RpcError> {
    prefixed.strip_prefix(b":child_storage:default:".as_slice()).ok_or_else(|| {
        RpcError::invalid_params("a child storage key starts with :child_storage:default: (only default tries exist)")
    })
}

/// `state_call` params.
#[derive(Clone, Debug, Deserialize)]
pub struct CallParams {
    /// The runtime function, e.g. `Core_version`.
    pub method: String,
    /// Its SCALE-encoded arguments.
    pub data: sp_core::Bytes,
    /// The block.
    #[serde(default)]
    pub at: Option<H256>,
}

/// An extrinsic, SCALE-encoded.
#[derive(Clone, Debug, Deserialize)]
pub struct ExtrinsicParams {
    /// The extrinsic.
    pub extrinsic: sp_core::Bytes,
}

/// An account (SS58 text or 32 bytes of hex).
#[derive(Clone, Debug, Deserialize)]
pub struct AccountParams {
    /// The account.
    pub account: String,
}

/// `dev_newBlock` params: `[{"count": n}]` or `[]` (one block).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewBlockParams {
    /// How many.
    #[serde(default)]
    pub options: Option<NewBlockOptions>,
}

/// `dev_newBlock`'s options.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBlockOptions {
    /// How many blocks (default 1, at most [`crate::MAX_NEW_BLOCKS`]).
    #[serde(default)]
    pub count: Option<u32>,
}

/// `state_subscribeStorage` params: the keys to watch.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SubscribeStorageParams {
    /// The keys (at most [`MAX_KEYS`]).
    #[serde(default)]
    pub keys: Option<Vec<sp_core::Bytes>>,
}

/// An unsubscribe call's parameter.
#[derive(Clone, Debug, Deserialize)]
pub struct SubscriptionParams {
    /// The subscription id.
    pub id: String,
}

/// Every method the node answers, with its parameters.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "method", content = "params")]
#[allow(missing_docs)]
pub enum Request {
    #[serde(rename = "rpc_methods")]
    RpcMethods(NoParams),
    #[serde(rename = "system_chain")]
    SystemChain(NoParams),
    #[serde(rename = "system_name")]
    SystemName(NoParams),
    #[serde(rename = "system_version")]
    SystemVersion(NoParams),
    #[serde(rename = "system_chainType")]
    SystemChainType(NoParams),
    #[serde(rename = "system_properties")]
    SystemProperties(NoParams),
    #[serde(rename = "system_health")]
    SystemHealth(NoParams),
    #[serde(rename = "system_accountNextIndex")]
    SystemAccountNextIndex(AccountParams),
    #[serde(rename = "chain_getBlockHash")]
    ChainGetBlockHash(BlockHashParams),
    #[serde(rename = "chain_getHeader")]
    ChainGetHeader(AtParams),
    #[serde(rename = "chain_getBlock")]
    ChainGetBlock(AtParams),
    #[serde(rename = "chain_getFinalizedHead", alias = "chain_getFinalisedHead")]
    ChainGetFinalizedHead(NoParams),
    #[serde(rename = "state_getRuntimeVersion", alias = "chain_getRuntimeVersion")]
    StateGetRuntimeVersion(AtParams),
    #[serde(rename = "state_getMetadata")]
    StateGetMetadata(AtParams),
    #[serde(rename = "state_getStorage")]
    StateGetStorage(StorageParams),
    #[serde(rename = "state_getKeysPaged")]
    StateGetKeysPaged(KeysPagedParams),
    #[serde(rename = "state_queryStorageAt")]
    StateQueryStorageAt(QueryStorageAtParams),
    #[serde(rename = "state_call")]
    StateCall(CallParams),
    #[serde(rename = "childstate_getStorage")]
    ChildStateGetStorage(ChildStorageParams),
    #[serde(rename = "childstate_getKeysPaged")]
    ChildStateGetKeysPaged(ChildKeysPagedParams),
    #[serde(rename = "childstate_getStorageEntries")]
    ChildStateGetStorageEntries(ChildStorageEntriesParams),
    #[serde(rename = "author_submitExtrinsic")]
    AuthorSubmitExtrinsic(ExtrinsicParams),
    #[serde(rename = "author_pendingExtrinsics")]
    AuthorPendingExtrinsics(NoParams),
    #[serde(rename = "dev_newBlock")]
    DevNewBlock(NewBlockParams),
    // Subscriptions: the server keeps them; the node answers their first
    // values and submits watched extrinsics.
    #[serde(rename = "author_submitAndWatchExtrinsic")]
    AuthorSubmitAndWatchExtrinsic(ExtrinsicParams),
    #[serde(rename = "author_unwatchExtrinsic")]
    AuthorUnwatchExtrinsic(SubscriptionParams),
    #[serde(rename = "chain_subscribeNewHeads", alias = "chain_subscribeNewHead")]
    ChainSubscribeNewHeads(NoParams),
    #[serde(rename = "chain_subscribeAllHeads")]
    ChainSubscribeAllHeads(NoParams),
    #[serde(rename = "chain_subscribeFinalizedHeads", alias = "chain_subscribeFinalisedHeads")]
    ChainSubscribeFinalizedHeads(NoParams),
    #[serde(rename = "chain_unsubscribeNewHeads", alias = "chain_unsubscribeNewHead")]
    ChainUnsubscribeNewHeads(SubscriptionParams),
    #[serde(rename = "chain_unsubscribeAllHeads")]
    ChainUnsubscribeAllHeads(SubscriptionParams),
    #[serde(rename = "chain_unsubscribeFinalizedHeads", alias = "chain_unsubscribeFinalisedHeads")]
    ChainUnsubscribeFinalizedHeads(SubscriptionParams),
    #[serde(rename = "state_subscribeRuntimeVersion", alias = "chain_subscribeRuntimeVersion")]
    StateSubscribeRuntimeVersion(NoParams),
    #[serde(rename = "state_unsubscribeRuntimeVersion", alias = "chain_unsubscribeRuntimeVersion")]
    StateUnsubscribeRuntimeVersion(SubscriptionParams),
    #[serde(rename = "state_subscribeStorage")]
    StateSubscribeStorage(SubscribeStorageParams),
    #[serde(rename = "state_unsubscribeStorage")]
    StateUnsubscribeStorage(SubscriptionParams),
    /// Any other method name.
    #[serde(other)]
    Unknown,
}

impl Request {
    /// Whether it opens or closes a subscription (kept by a WebSocket
    /// connection, not the node).
    pub fn is_subscription(&self) -> bool {
        self.unsubscribe_id().is_some()
            || matches!(
                self,
                Self::AuthorSubmitAndWatchExtrinsic(_)
                    | Self::ChainSubscribeNewHeads(_)
                    | Self::ChainSubscribeAllHeads(_)
                    | Self::ChainSubscribeFinalizedHeads(_)
                    | Self::StateSubscribeRuntimeVersion(_)
                    | Self::StateSubscribeStorage(_)
            )
    }

    /// The subscription an unsubscribe call closes.
    pub fn unsubscribe_id(&self) -> Option<&str> {
        match self {
            Self::AuthorUnwatchExtrinsic(p)
            | Self::ChainUnsubscribeNewHeads(p)
            | Self::ChainUnsubscribeAllHeads(p)
            | Self::ChainUnsubscribeFinalizedHeads(p)
            | Self::StateUnsubscribeRuntimeVersion(p)
            | Self::StateUnsubscribeStorage(p) => Some(&p.id),
            _ => None,
        }
    }
}

/// The methods `rpc_methods` lists (every [`Request`] variant's name).
pub const METHODS: &[&str] = &[
    "rpc_methods",
    "system_chain",
    "system_name",
    "system_version",
    "system_chainType",
    "system_properties",
    "system_health",
    "system_accountNextIndex",
    "chain_getBlockHash",
    "chain_getHeader",
    "chain_getBlock",
    "chain_getFinalizedHead",
    "chain_getFinalisedHead",
    "state_getRuntimeVersion",
    "state_getMetadata",
    "state_getStorage",
    "state_getKeysPaged",
    "state_queryStorageAt",
    "state_call",
    "childstate_getStorage",
    "childstate_getKeysPaged",
    "childstate_getStorageEntries",
    "author_submitExtrinsic",
    "author_pendingExtrinsics",
    "author_submitAndWatchExtrinsic",
    "author_unwatchExtrinsic",
    "chain_subscribeNewHeads",
    "chain_subscribeAllHeads",
    "chain_subscribeFinalizedHeads",
    "chain_unsubscribeNewHeads",
    "chain_unsubscribeAllHeads",
    "chain_unsubscribeFinalizedHeads",
    "state_subscribeRuntimeVersion",
    "state_unsubscribeRuntimeVersion",
    "state_subscribeStorage",
    "state_unsubscribeStorage",
    "dev_newBlock",
];

/// The most keys one storage request or subscription names or returns.
pub const MAX_KEYS: u32 = 1_000;

/// A request parsed from JSON: its id and what it asks, or the error to
/// answer it with.
pub fn parse(request: &Value) -> (Value, Result<Request, RpcError>) {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let Some(object) = request.as_object() else {
        return (Value::Null, Err(RpcError::invalid_request("a request is a JSON object")));
    };
    let Some(method) = object.get("method").and_then(Value::as_str) else {
        return (id, Err(RpcError::invalid_request("a request names its method (a string)")));
    };
    let params = match object.get("params") {
        None | Some(Value::Null) => json!([]),
        Some(p @ Value::Array(_)) => p.clone(),
        Some(_) => return (id, Err(RpcError::invalid_params("params are a list"))),
    };
    let parsed = serde_json::from_value::<Request>(json!({"method": method, "params": params}));
    // An unknown method is the catch-all unit variant, which takes no
    // params: ask again without them to tell it from wrong params.
    let unknown = || matches!(serde_json::from_value::<Request>(json!({"method": method})), Ok(Request::Unknown));
    let result = match parsed {
        Ok(Request::Unknown) => Err(RpcError::method_not_found(method)),
        Ok(r) => Ok(r),
        Err(_) if unknown() => Err(RpcError::method_not_found(method)),
        Err(e) => Err(RpcError::invalid_params(format!("{method}: {e}"))),
    };
    (id, result)
}

/// What answering a request produced.
#[derive(Debug)]
pub enum Answer {
    /// A result.
    Value(Value),
    /// An extrinsic was included (for a watcher): its hash and its block's.
    Included {
        /// The extrinsic's hash.
        extrinsic: H256,
        /// The block's hash.
        block: H256,
    },
}

/// A chain the RPC serves: its blocks and state, what it tells clients
/// about itself, and what its runtime answers beyond the common calls.
pub trait Backend {
    /// The chain's blocks and state.
    fn store(&self) -> &BlockStore;
    /// `system_chain`.
    fn chain_name(&self) -> String;
    /// `system_properties` (SS58 prefix, token decimals and symbol).
    fn properties(&self) -> Value;
    /// The runtime's version.
    fn version(&self) -> RuntimeVersion;
    /// The runtime's metadata, SCALE-encoded (`RuntimeMetadataPrefixed`).
    fn metadata(&self) -> Vec<u8>;
    /// Validates `extrinsic` and seals it in a block; its hash and the
    /// block's.
    fn submit(&mut self, extrinsic: &[u8]) -> Result<(H256, H256), Rejected>;
    /// Seals `count` empty blocks; the head's hash.
    fn new_blocks(&mut self, count: u32) -> Result<H256, Rejected>;
    /// A runtime call other than `Core_version`, `Metadata_metadata` and
    /// `AccountNonceApi_account_nonce`, at block `at` (`state_call`); the
    /// runtime's error 4002 when it has no such function.
    fn runtime_call(&mut self, method: &str, data: &[u8], at: BlockNumber) -> Result<Vec<u8>, RpcError>;
}

/// The block `at` names (the head if none), if its state is kept.
fn state_at(store: &BlockStore, at: Option<H256>) -> Result<BlockNumber, RpcError> {
    match at {
        None => Ok(store.head()),
        Some(hash) => match store.number_of(&hash) {
            Some(n) if store.has_state(n) => Ok(n),
            _ => Err(RpcError::state_unavailable(&hash)),
        },
    }
}

/// The JSON of block `number`'s header (null if there is none).
pub fn header_json(store: &BlockStore, number: BlockNumber) -> Value {
    store.block(number).and_then(|b| serde_json::to_value(&b.header).ok()).unwrap_or(Value::Null)
}

/// The values of `keys` after block `at`, as a storage change set.
pub fn storage_set(store: &BlockStore, keys: &[Vec<u8>], at: BlockNumber) -> Value {
    let hash = store.block(at).map(|b| b.hash).unwrap_or_default();
    let changes: Vec<Value> =
        keys.iter().map(|k| json!([hex_encode(k), store.storage(k, at).map(|v| hex_encode(&v))])).collect();
    json!({"block": hash, "changes": changes})
}

/// Answers `request` on `node` (subscriptions: their first value, or the
/// submission of a watched extrinsic).
pub fn handle<B: Backend + ?Sized>(node: &mut B, request: Request) -> Result<Answer, RpcError> {
    let store = node.store();
    let value = match request {
        Request::RpcMethods(_) => json!({"version": 1, "methods": METHODS}),
        Request::SystemChain(_) => json!(node.chain_name()),
        Request::SystemName(_) => json!("lst-node"),
        Request::SystemVersion(_) => json!(env!("CARGO_PKG_VERSION")),
        Request::SystemChainType(_) => json!("Development"),
        Request::SystemProperties(_) => node.properties(),
        Request::SystemHealth(_) => json!({"peers": 0, "isSyncing": false, "shouldHavePeers": false}),
        Request::SystemAccountNextIndex(p) => {
            let account = parse_account(&p.account)?;
            json!(store.account_nonce(&account, store.head()))
        }
        Request::ChainGetBlockHash(p) => match p.number {
            None => json!(store.head_block().hash),
            Some(BlockNumbers::One(n)) => json!(store.block(n.number()?).map(|b| b.hash)),
            Some(BlockNumbers::Many(ns)) => {
                if ns.len() > MAX_KEYS as usize {
                    return Err(RpcError::invalid_params(format!("at most {MAX_KEYS} numbers")));
                }
                let mut hashes = Vec::new();
                for n in ns {
                    hashes.push(json!(store.block(n.number()?).map(|b| b.hash)));
                }
                Value::Array(hashes)
            }
        },
        Request::ChainGetHeader(p) => match p.at {
            None => header_json(store, store.head()),
            Some(h) => store.number_of(&h).map(|n| header_json(store, n)).unwrap_or(Value::Null),
        },
        Request::ChainGetBlock(p) => {
            let number = match p.at {
                None => Some(store.head()),
                Some(h) => store.number_of(&h),
            };
            match number.and_then(|n| store.block(n)) {
                None => Value::Null,
                Some(b) => json!({
                    "block": {
                        "header": serde_json::to_value(&b.header).unwrap_or(Value::Null),
                        "extrinsics": b.extrinsics.iter().map(|x| hex_encode(x)).collect::<Vec<_>>(),
                    },
                    "justifications": null,
                }),
            }
        }
        Request::ChainGetFinalizedHead(_) => json!(store.head_block().hash),
        Request::StateGetRuntimeVersion(p) => {
            state_at(store, p.at)?;
            serde_json::to_value(node.version()).unwrap_or(Value::Null)
        }
        Request::StateGetMetadata(p) => {
            state_at(store, p.at)?;
            json!(hex_encode(&node.metadata()))
        }
        Request::StateGetStorage(p) => {
            let at = state_at(store, p.at)?;
            json!(store.storage(&p.key, at).map(|v| hex_encode(&v)))
        }
        Request::StateGetKeysPaged(p) => {
            if p.count > MAX_KEYS {
                return Err(RpcError::invalid_params(format!("count: at most {MAX_KEYS}")));
            }
            let at = state_at(store, p.at)?;
            let prefix = p.prefix.map(|b| b.0).unwrap_or_default();
            let keys = store.keys(&prefix, p.count as usize, p.start_key.as_deref(), at);
            Value::Array(keys.iter().map(|k| json!(hex_encode(k))).collect())
        }
        Request::StateQueryStorageAt(p) => {
            if p.keys.len() > MAX_KEYS as usize {
                return Err(RpcError::invalid_params(format!("at most {MAX_KEYS} keys")));
            }
            let at = state_at(store, p.at)?;
            let keys: Vec<Vec<u8>> = p.keys.into_iter().map(|k| k.0).collect();
            json!([storage_set(store, &keys, at)])
        }
        Request::ChildStateGetStorage(p) => {
            let at = state_at(store, p.at)?;
            json!(store.child_storage(child_trie(&p.child_key)?, &p.key, at).map(|v| hex_encode(&v)))
        }
        Request::ChildStateGetKeysPaged(p) => {
            if p.count > MAX_KEYS {
                return Err(RpcError::invalid_params(format!("count: at most {MAX_KEYS}")));
            }
            let at = state_at(store, p.at)?;
            let trie = child_trie(&p.child_key)?;
            let prefix = p.prefix.map(|b| b.0).unwrap_or_default();
            let keys = store.child_keys(trie, &prefix, p.count as usize, p.start_key.as_deref(), at);
            Value::Array(keys.iter().map(|k| json!(hex_encode(k))).collect())
        }
        Request::ChildStateGetStorageEntries(p) => {
            if p.keys.len() > MAX_KEYS as usize {
                return Err(RpcError::invalid_params(format!("at most {MAX_KEYS} keys")));
            }
            let at = state_at(store, p.at)?;
            let trie = child_trie(&p.child_key)?;
            Value::Array(
                p.keys.iter().map(|k| json!(store.child_storage(trie, k, at).map(|v| hex_encode(&v)))).collect(),
            )
        }
        Request::StateCall(p) => {
            let at = state_at(store, p.at)?;
            let args =
                |what: &str| RpcError::invalid_params(format!("{}: the arguments do not decode as {what}", p.method));
            let out = match p.method.as_str() {
                "Core_version" => node.version().encode(),
                "Metadata_metadata" => sp_core::OpaqueMetadata::new(node.metadata()).encode(),
                "AccountNonceApi_account_nonce" => {
                    let account = AccountId::decode(&mut &p.data[..]).map_err(|_| args("an account id"))?;
                    store.account_nonce(&account, at).encode()
                }
                method => node.runtime_call(method, &p.data, at)?,
            };
            json!(hex_encode(&out))
        }
        Request::AuthorSubmitExtrinsic(p) => json!(node.submit(&p.extrinsic).map_err(|e| RpcError::rejected(&e))?.0),
        Request::AuthorPendingExtrinsics(_) => json!([]),
        Request::DevNewBlock(p) => {
            let count = p.options.and_then(|o| o.count).unwrap_or(1);
            json!(node.new_blocks(count).map_err(|e| RpcError::rejected(&e))?)
        }
        Request::AuthorSubmitAndWatchExtrinsic(p) => {
            let (extrinsic, block) = node.submit(&p.extrinsic).map_err(|e| RpcError::rejected(&e))?;
            return Ok(Answer::Included { extrinsic, block });
        }
        Request::ChainSubscribeNewHeads(_)
        | Request::ChainSubscribeAllHeads(_)
        | Request::ChainSubscribeFinalizedHeads(_) => header_json(store, store.head()),
        Request::StateSubscribeRuntimeVersion(_) => serde_json::to_value(node.version()).unwrap_or(Value::Null),
        Request::StateSubscribeStorage(p) => {
            let keys: Vec<Vec<u8>> = p.keys.unwrap_or_default().into_iter().map(|k| k.0).collect();
            if keys.len() > MAX_KEYS as usize {
                return Err(RpcError::invalid_params(format!("at most {MAX_KEYS} keys")));
            }
            storage_set(store, &keys, store.head())
        }
        Request::AuthorUnwatchExtrinsic(_)
        | Request::ChainUnsubscribeNewHeads(_)
        | Request::ChainUnsubscribeAllHeads(_)
        | Request::ChainUnsubscribeFinalizedHeads(_)
        | Request::StateUnsubscribeRuntimeVersion(_)
        | Request::StateUnsubscribeStorage(_) => {
            return Err(RpcError::invalid_request("subscriptions are kept by a WebSocket connection"))
        }
        Request::Unknown => return Err(RpcError::method_not_found("(unknown)")),
    };
    Ok(Answer::Value(value))
}

/// The runtime calls every chain here answers through its runtime `R`
/// beyond [`handle`]'s own: `Metadata_metadata_versions`,
/// `Metadata_metadata_at_version` and
/// `TaggedTransactionQueue_validate_transaction` (on top of the head);
/// [`no_such_function`] otherwise.
pub fn runtime_call<R: crate::BlockRuntime>(
    store: &mut BlockStore,
    method: &str,
    data: &[u8],
) -> Result<Vec<u8>, RpcError> {
    let args = |what: &str| RpcError::invalid_params(format!("{method}: the arguments do not decode as {what}"));
    Ok(match method {
        "Metadata_metadata_versions" => R::metadata_versions().encode(),
        "Metadata_metadata_at_version" => {
            let version = u32::decode(&mut &data[..]).map_err(|_| args("a u32"))?;
            R::metadata_at_version(version).encode()
        }
        "TaggedTransactionQueue_validate_transaction" => {
            type Args<X> = (sp_runtime::transaction_validity::TransactionSource, X, H256);
            let (_, xt, _) =
                Args::<R::Extrinsic>::decode(&mut &data[..]).map_err(|_| args("(source, extrinsic, block hash)"))?;
            let parent = store.head_block().hash;
            store.read(move || R::validate_transaction(xt, parent)).encode()
        }
        other => return Err(no_such_function(other)),
    })
}

/// The error a runtime answers for a function it does not have.
pub fn no_such_function(method: &str) -> RpcError {
    RpcError::new(
        4002,
        format!("the runtime has no function {method} (see rpc_methods and the runtime version's apis)"),
    )
}

/// An account from SS58 text (any prefix) or 32 bytes of hex.
pub fn parse_account(text: &str) -> Result<AccountId, RpcError> {
    use sp_core::crypto::Ss58Codec;
    if let Ok(a) = AccountId::from_ss58check_with_version(text) {
        return Ok(a.0);
    }
    let bytes = hex_decode(text)
        .map_err(|_| RpcError::invalid_params(format!("{text} is not an SS58 address or 32 bytes of hex")))?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map(AccountId::from)
        .map_err(|_| RpcError::invalid_params(format!("{text} is not 32 bytes")))
}
