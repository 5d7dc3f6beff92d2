//! Ethereum JSON-RPC over an [`Engine`]: what `cast`, viem, alloy and the
//! project's own tools call. Every request is read into
//! [`EthRequest`](crate::request::EthRequest) first (an unknown method is a
//! `-32601` error naming it, a wrong parameter `-32602`); [`Node::handle`]
//! answers each variant.
//!
//! - Every transaction is mined at once in a block of its own, one second
//!   after the last; no fee is charged (receipts say `effectiveGasPrice` 0).
//! - A transaction's gas limit is checked against the block's, and the ink!
//!   engine enforces it (see [`crate::engine`] for how each engine counts
//!   gas).
//! - Filters (`eth_newFilter`, `eth_newBlockFilter`,
//!   `eth_getFilterChanges`, …), snapshots (`evm_snapshot`/`evm_revert`)
//!   and anvil's and hardhat's helpers (`anvil_mine`, `anvil_setBalance`,
//!   …) work as on anvil.
//! - With a journal ([`Node::journal_to`]) every request that changed the
//!   chain is appended to a file, and [`Node::replay`] plays such a file
//!   back: the chain is deterministic, so the replay is the same chain.

use crate::engine::{Engine, Executed};
use crate::request::EthRequest;
use alloy_consensus::{transaction::SignerRecoverable, Transaction, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{hex, keccak256, Address, Bytes, Log, TxKind, B256, U256};
use alloy_rpc_types_eth::{
    state::StateOverride, BlockNumberOrTag, Filter as LogFilter, FilterBlockOption, TransactionRequest,
};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The most blocks one `anvil_mine`/`hardhat_mine` mines: a request that
/// asks for more is refused, so no request holds the chain's only thread
/// for long.
pub const MAX_MINE_BLOCKS: u64 = 10_000;
/// The latest timestamp the clock may reach, seconds: the last second of
/// the year 9999. A time step (or a mine interval) that would pass it is
/// refused, so no clock arithmetic can overflow on either engine.
pub const MAX_TIMESTAMP: u64 = 253_402_300_799;
/// The widest block range one `eth_getLogs` (or `eth_getFilterLogs`) may
/// span, as public nodes cap it; the SDK reads in ranges of this size
/// ([`lst_client::LOG_RANGE`]).
pub const MAX_LOG_RANGE: u64 = lst_client::LOG_RANGE;
/// The most blocks one `eth_feeHistory` reports (geth's cap).
pub const MAX_FEE_HISTORY: u64 = 1_024;
/// The most reward percentiles one `eth_feeHistory` may ask for.
pub const MAX_PERCENTILES: usize = 100;
/// The most requests in one JSON-RPC batch.
pub const MAX_BATCH: usize = 1_000;
/// The most filters installed at once (`eth_newFilter`, …).
pub const MAX_FILTERS: usize = 1_024;
/// The most snapshots kept at once (`evm_snapshot`): each holds a copy of
/// the chain.
pub const MAX_SNAPSHOTS: usize = 256;

/// The gas limit of a transaction sent with `eth_sendTransaction` and no
/// `gas`: the block's.
const DEFAULT_GAS: Option<u64> = None;

/// A JSON-RPC error.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    /// JSON-RPC error code.
    pub code: i64,
    /// What went wrong.
    pub message: String,
    /// Revert data, for `code` 3.
    pub data: Option<Bytes>,
}

impl RpcError {
    /// JSON-RPC 2.0's Invalid params: a parameter of the wrong type or
    /// form, or a value the method refuses.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self { code: -32602, message: message.into(), data: None }
    }

    /// JSON-RPC 2.0's Method not found.
    pub(crate) fn method_not_found(message: impl Into<String>) -> Self {
        Self { code: -32601, message: message.into(), data: None }
    }

    /// JSON-RPC 2.0's Invalid Request: not a request object.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self { code: -32600, message: message.into(), data: None }
    }

    fn internal(message: impl Into<String>) -> Self {
        Self { code: -32603, message: message.into(), data: None }
    }

    /// The error as a JSON-RPC response to request `id`.
    pub fn response(self, id: Value) -> Value {
        let mut error = json!({"code": self.code, "message": self.message});
        if let Some(data) = self.data {
            error["data"] = hex_bytes(&data);
        }
        json!({"jsonrpc": "2.0", "id": id, "error": error})
    }

    fn chain(message: impl Into<String>) -> Self {
        Self { code: -32000, message: message.into(), data: None }
    }

    fn reverted(output: &[u8]) -> Self {
        Self { code: 3, message: "execution reverted".into(), data: Some(Bytes::copy_from_slice(output)) }
    }
}

type RpcResult = Result<Value, RpcError>;

/// A transaction as sent (signed or from a dev account).
#[derive(Clone)]
struct Sent {
    hash: B256,
    from: Address,
    to: Option<Address>,
    nonce: u64,
    value: U256,
    input: Bytes,
    gas: u64,
}

/// A mined transaction, as receipts and log queries return it.
#[derive(Clone)]
struct Mined {
    sent: Sent,
    done: Executed,
    /// Index of its first log in the node's log list.
    first_log: usize,
}

/// An installed filter and the last block it reported.
#[derive(Clone)]
enum Filter {
    /// `eth_newFilter`: logs matching the filter object.
    Logs { filter: Box<LogFilter>, last: u64 },
    /// `eth_newBlockFilter`: the hashes of new blocks.
    Blocks { last: u64 },
    /// `eth_newPendingTransactionFilter`: nothing is ever pending here.
    Pending,
}

/// Everything `evm_revert` restores.
struct Saved {
    engine: Box<dyn Engine>,
    txs: usize,
    logs: usize,
    headers: BTreeMap<u64, (u64, Option<u64>)>,
}

/// Where the line of each mined transaction goes.
type TxSink = Box<dyn FnMut(&str) + Send>;

/// A call object's fields (`eth_call`, `eth_estimateGas`,
/// `eth_sendTransaction`).
struct CallArgs {
    from: Address,
    to: Option<Address>,
    value: U256,
    data: Vec<u8>,
    gas: Option<u64>,
}

/// The node: an engine, its dev accounts and what it mined.
pub struct Node {
    engine: Box<dyn Engine>,
    chain_id: u64,
    accounts: Vec<Address>,
    txs: Vec<Mined>,
    by_hash: HashMap<B256, usize>,
    /// Every log with its transaction's index.
    logs: Vec<(usize, Log)>,
    /// Each block's (timestamp, L1 block number), by number.
    headers: BTreeMap<u64, (u64, Option<u64>)>,
    filters: HashMap<u64, Filter>,
    next_filter: u64,
    snapshots: Vec<Option<Saved>>,
    /// Where each transaction's line goes (the binary prints it).
    on_tx: Option<TxSink>,
    journal: Option<std::fs::File>,
}

/// The Substrate methods a journal holds (what changes the chain).
const SUBSTRATE_JOURNALED: [&str; 2] = ["author_submitExtrinsic", "dev_newBlock"];

fn hex_u64(n: u64) -> Value {
    Value::String(format!("{n:#x}"))
}

fn hex_u256(n: U256) -> Value {
    Value::String(format!("{n:#x}"))
}

fn hex_bytes(b: &[u8]) -> Value {
    Value::String(hex::encode_prefixed(b))
}

fn parse<T: std::str::FromStr>(v: Option<&Value>, what: &str) -> Result<T, RpcError> {
    v.and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| RpcError::invalid(format!("missing or invalid {what}")))
}

/// Block `number`'s hash (the node keeps no real headers: the hash names
/// the number, in its last eight bytes, so a hash is looked up at once).
pub fn block_hash(number: u64) -> B256 {
    let mut hash = keccak256(format!("lst-devnode-block-{number}"));
    hash.0[24..].copy_from_slice(&number.to_be_bytes());
    hash
}

/// The block number `hash` names, if it is one of [`block_hash`]'s.
fn block_of_hash(hash: B256) -> Option<u64> {
    let mut number = [0u8; 8];
    number.copy_from_slice(&hash.0[24..]);
    let number = u64::from_be_bytes(number);
    (block_hash(number) == hash).then_some(number)
}

impl Node {
    /// A node on `engine` whose dev accounts (listed by `eth_accounts`,
    /// usable with `eth_sendTransaction`) are `accounts`.
    pub fn new(mut engine: Box<dyn Engine>, accounts: Vec<Address>) -> Self {
        let mut node = Self {
            chain_id: engine.chain_id(),
            engine,
            accounts,
            txs: Vec::new(),
            by_hash: HashMap::new(),
            logs: Vec::new(),
            headers: BTreeMap::new(),
            filters: HashMap::new(),
            next_filter: 1,
            snapshots: Vec::new(),
            on_tx: None,
            journal: None,
        };
        node.note_block();
        node
    }

    /// Calls `f` with a line per mined transaction (as anvil prints them).
    pub fn on_transaction(&mut self, f: impl FnMut(&str) + Send + 'static) {
        self.on_tx = Some(Box::new(f));
    }

    /// Plays back the requests journaled in `path` (one JSON request per
    /// line); returns how many. A request that fails now is an error: the
    /// file is from another chain or another build.
    pub fn replay(&mut self, path: &std::path::Path) -> Result<usize, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let mut n = 0;
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let request: Value =
                serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
            let method = request.get("method").and_then(Value::as_str).unwrap_or_default().to_owned();
            if SUBSTRATE_JOURNALED.contains(&method.as_str()) {
                let (_, parsed) = lst_substrate_chain::rpc::parse(&request);
                parsed
                    .and_then(|r| self.handle_substrate(r))
                    .map_err(|e| format!("{}:{}: replaying {method}: {}", path.display(), i + 1, e.message))?;
                n += 1;
                continue;
            }
            let params = request.get("params").cloned().unwrap_or(Value::Array(Vec::new()));
            self.handle(&method, &params)
                .map_err(|e| format!("{}:{}: replaying {method}: {}", path.display(), i + 1, e.message))?;
            n += 1;
        }
        Ok(n)
    }

    /// Appends every request that changes the chain to `path` from now on.
    pub fn journal_to(&mut self, path: &std::path::Path) -> Result<(), String> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        self.journal = Some(file);
        Ok(())
    }

    /// Answers a Substrate JSON-RPC request on the engine's Substrate side
    /// (the ink! chain's), over the same state as the Ethereum requests;
    /// journals what changed the chain (extrinsics, `dev_newBlock`) among
    /// them, so `--state` replays both sides in order. A panic while
    /// answering is caught and changes nothing.
    pub fn handle_substrate(
        &mut self,
        request: lst_substrate_chain::rpc::Request,
    ) -> Result<lst_substrate_chain::rpc::Answer, lst_substrate_chain::rpc::RpcError> {
        use lst_substrate_chain::rpc::{handle, Request as S, RpcError as E};
        let submitted = match &request {
            S::AuthorSubmitExtrinsic(p) | S::AuthorSubmitAndWatchExtrinsic(p) => Some(p.extrinsic.0.clone()),
            _ => None,
        };
        let line = match &request {
            S::AuthorSubmitExtrinsic(p) | S::AuthorSubmitAndWatchExtrinsic(p) => Some(
                json!({"method": "author_submitExtrinsic", "params": [lst_substrate_chain::hex_encode(&p.extrinsic)]}),
            ),
            S::DevNewBlock(p) => Some(
                json!({"method": "dev_newBlock", "params": [{"count": p.options.as_ref().and_then(|o| o.count).unwrap_or(1)}]}),
            ),
            _ => None,
        };
        let Some(backend) = self.engine.substrate() else {
            return Err(E::invalid_request("this chain has no Substrate JSON-RPC (the ink! node has)"));
        };
        let answer = catch_unwind(AssertUnwindSafe(|| handle(backend, request)))
            .unwrap_or_else(|_| Err(E::invalid_request("the request panicked the node; nothing changed")));
        if answer.is_ok() {
            if let (Some(line), Some(journal)) = (line, self.journal.as_mut()) {
                if let Err(e) = writeln!(journal, "{line}") {
                    eprintln!("lst-node: the state file cannot be written ({e}); no longer journaling");
                    self.journal = None;
                }
            }
            self.note_block();
            if let (Some(extrinsic), Ok(found)) = (submitted, &answer) {
                self.record_extrinsic(&extrinsic, found);
            }
        }
        answer
    }

    /// Records a sealed extrinsic among the transactions, so the Ethereum
    /// side's receipts and `eth_getLogs` see its contract events: its hash
    /// is the extrinsic's, its sender the signer's mapped address, its
    /// input the extrinsic's bytes.
    fn record_extrinsic(&mut self, extrinsic: &[u8], answer: &lst_substrate_chain::rpc::Answer) {
        let hash = B256::from(lst_substrate_chain::extrinsic_hash(extrinsic).0);
        let block = match answer {
            lst_substrate_chain::rpc::Answer::Included { block, .. } => Some(B256::from(block.0)),
            lst_substrate_chain::rpc::Answer::Value(_) => {
                self.engine.substrate().map(|b| B256::from(b.store().head_block().hash.0))
            }
        };
        let Some(receipt) = block.and_then(|block| self.engine.extrinsic_receipt(hash, block)) else {
            return;
        };
        if self.by_hash.contains_key(&hash) {
            return;
        }
        let index = self.txs.len();
        let first_log = self.logs.len();
        self.logs.extend(receipt.logs.iter().cloned().map(|l| (index, l)));
        let sent = Sent {
            hash,
            from: receipt.sender,
            to: None,
            nonce: 0,
            value: U256::ZERO,
            input: extrinsic.to_vec().into(),
            gas: 0,
        };
        let done = Executed {
            success: receipt.success,
            output: Vec::new(),
            logs: receipt.logs,
            gas_used: 0,
            gas_required: 0,
            contract_address: None,
            block_number: receipt.block,
            error: None,
        };
        self.txs.push(Mined { sent, done, first_log });
        self.by_hash.insert(hash, index);
    }

    /// The engine underneath.
    pub fn engine(&mut self) -> &mut dyn Engine {
        self.engine.as_mut()
    }

    /// The current block number.
    pub fn head(&mut self) -> u64 {
        self.engine.head().number
    }

    /// Records the current block's timestamp and L1 number, for the block
    /// objects of later queries.
    fn note_block(&mut self) {
        let head = self.engine.head();
        self.headers.insert(head.number, (head.timestamp, head.l1_number));
    }

    /// The (timestamp, L1 number) of block `number` (the latest recorded at
    /// or below it).
    fn header(&mut self, number: u64) -> (u64, Option<u64>) {
        let head = self.engine.head();
        self.headers.range(..=number).next_back().map_or((head.timestamp, head.l1_number), |(_, h)| *h)
    }

    /// Answers one JSON-RPC request object or a batch array (of at most
    /// [`MAX_BATCH`] requests; an empty one is an Invalid Request, as
    /// JSON-RPC 2.0 says). A panic while answering one request is caught and
    /// answered as an internal error; the node goes on serving.
    pub fn handle_json(&mut self, request: &Value) -> Value {
        match request.as_array() {
            Some(batch) if batch.is_empty() => RpcError::invalid_request("empty batch").response(Value::Null),
            Some(batch) if batch.len() > MAX_BATCH => RpcError::invalid_request(format!(
                "a batch of {} requests: at most {MAX_BATCH} are answered in one",
                batch.len()
            ))
            .response(Value::Null),
            Some(batch) => Value::Array(batch.iter().map(|r| self.handle_one(r)).collect()),
            None => self.handle_one(request),
        }
    }

    /// Answers one request object of a batch or on its own.
    fn handle_one(&mut self, request: &Value) -> Value {
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        let result = match Self::method_and_params(request) {
            Ok((method, params)) => {
                catch_unwind(AssertUnwindSafe(|| self.handle(method, &params))).unwrap_or_else(|panic| {
                    let why = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a panic".to_owned());
                    Err(RpcError::internal(format!("internal error answering {method}: {why}")))
                })
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err(e) => e.response(id),
        }
    }

    /// A request object's method and positional parameters (absent or
    /// null: none); anything else is an Invalid Request or, for parameters
    /// by name, invalid params.
    fn method_and_params(request: &Value) -> Result<(&str, Value), RpcError> {
        if !request.is_object() {
            return Err(RpcError::invalid_request(format!("a request must be an object, not {request}")));
        }
        let method = match request.get("method") {
            Some(Value::String(m)) => m.as_str(),
            _ => return Err(RpcError::invalid_request("a request needs a method name (a string)")),
        };
        match request.get("params") {
            None | Some(Value::Null) => Ok((method, Value::Array(Vec::new()))),
            Some(p @ Value::Array(_)) => Ok((method, p.clone())),
            Some(_) => Err(RpcError::invalid(format!("{method}: params must be an array (positional)"))),
        }
    }

    /// Answers `method` with `params`; journals it when it changed the
    /// chain (see [`Node::journal_to`]).
    pub fn handle(&mut self, method: &str, params: &Value) -> RpcResult {
        let (known, request) = EthRequest::parse(method, params)?;
        let result = self.dispatch(request);
        if result.is_ok() && known.changes_state() {
            if let Some(journal) = self.journal.as_mut() {
                let line = json!({"method": method, "params": params}).to_string();
                // A journal that cannot be written is reported and dropped:
                // the chain itself is fine.
                if let Err(e) = writeln!(journal, "{line}") {
                    eprintln!("lst-node: the state file cannot be written ({e}); no longer journaling");
                    self.journal = None;
                }
            }
        }
        result
    }

    fn dispatch(&mut self, request: EthRequest) -> RpcResult {
        use EthRequest as R;
        match request {
            R::ClientVersion => {
                Ok(json!(format!("lst-node/{}/{}", env!("CARGO_PKG_VERSION"), self.engine.platform().name())))
            }
            R::Sha3(data) => Ok(json!(keccak256(data))),
            R::ChainId => Ok(hex_u64(self.chain_id)),
            R::NetVersion => Ok(json!(self.chain_id.to_string())),
            R::NetListening => Ok(json!(true)),
            R::Syncing => Ok(json!(false)),
            R::Accounts => Ok(json!(self.accounts)),
            R::Coinbase => Ok(json!(Address::ZERO)),
            R::BlockNumber => Ok(hex_u64(self.head())),
            R::GasPrice => Ok(hex_u256(self.engine.base_fee())),
            R::MaxPriorityFeePerGas => Ok(hex_u64(0)),
            R::FeeHistory(count, newest, percentiles) => {
                self.fee_history(count.map_or(0, |c| c.0), newest.as_ref(), percentiles.as_ref())
            }
            R::GetBalance(address, block) => {
                self.state_block(block.as_ref())?;
                self.engine.balance(address).map(hex_u256).map_err(RpcError::chain)
            }
            R::GetTransactionCount(address, block) => {
                self.state_block(block.as_ref())?;
                self.engine.nonce(address).map(hex_u64).map_err(RpcError::chain)
            }
            R::GetCode(address, block) => {
                self.state_block(block.as_ref())?;
                self.engine.code(address).map(|c| hex_bytes(&c)).map_err(RpcError::chain)
            }
            R::GetStorageAt(address, slot, block) => {
                self.state_block(block.as_ref())?;
                let word = self.engine.storage_at(address, slot.0.into()).map_err(RpcError::chain)?;
                Ok(hex_bytes(word.as_slice()))
            }
            R::Call(call, block, overrides) => {
                self.state_block(block.as_ref())?;
                self.dry_run(call.as_ref(), overrides.as_ref()).map(|done| hex_bytes(&done.output))
            }
            R::EstimateGas(call, block, overrides) => {
                self.state_block(block.as_ref())?;
                self.estimate(call.as_ref(), overrides.as_ref()).map(hex_u64)
            }
            R::SendRawTransaction(raw) => self.send_raw(&raw),
            R::SendTransaction(call) => self.send_unsigned(call.as_ref()),
            R::GetTransactionReceipt(hash) => {
                Ok(self.by_hash.get(&hash).map_or(Value::Null, |&i| self.receipt_json(i)))
            }
            R::GetTransactionByHash(hash) => Ok(self.by_hash.get(&hash).map_or(Value::Null, |&i| self.tx_json(i))),
            R::GetBlockByNumber(block, full) => {
                let number = self.block_number(block.as_ref())?;
                Ok(self.block_json(number, full))
            }
            R::GetBlockByHash(hash, full) => Ok(match block_of_hash(hash) {
                Some(number) => self.block_json(number, full),
                None => Value::Null,
            }),
            R::GetBlockTransactionCountByNumber(block) => {
                let number = self.block_number(block.as_ref())?;
                Ok(hex_u64(self.txs.iter().filter(|t| t.done.block_number == number).count() as u64))
            }
            R::GetLogs(filter) => self.get_logs(&filter).map(Value::Array),
            R::NewFilter(filter) => {
                // Checked now, so a bad filter is refused when installed
                // (the range cap applies to eth_getFilterLogs: changes are
                // read block by block).
                self.filter_bounds(&filter)?;
                let last = self.head();
                self.install(Filter::Logs { filter, last })
            }
            R::NewBlockFilter => {
                let last = self.head();
                self.install(Filter::Blocks { last })
            }
            R::NewPendingTransactionFilter => self.install(Filter::Pending),
            R::UninstallFilter(id) => Ok(json!(self.filters.remove(&id).is_some())),
            R::GetFilterChanges(id) => self.filter_changes(id),
            R::GetFilterLogs(id) => match self.filters.get(&id) {
                Some(Filter::Logs { filter, .. }) => {
                    let filter = filter.clone();
                    self.get_logs(&filter).map(Value::Array)
                }
                Some(_) => Err(RpcError::invalid(format!("filter {id:#x} is not a log filter"))),
                None => Err(RpcError::invalid(format!("filter {id:#x} not found"))),
            },
            R::Mine { blocks, interval } => {
                if blocks > MAX_MINE_BLOCKS {
                    return Err(RpcError::invalid(format!(
                        "{blocks} blocks: at most {MAX_MINE_BLOCKS} are mined in one request"
                    )));
                }
                // Each block is at least a second after the last.
                self.check_clock(blocks.checked_mul(interval.max(1)))?;
                for _ in 0..blocks {
                    self.engine.advance_time(interval.saturating_sub(1));
                    self.engine.mine();
                    self.note_block();
                }
                Ok(json!("0x0"))
            }
            R::IncreaseTime(seconds) => {
                self.check_clock(Some(seconds))?;
                self.engine.advance_time(seconds);
                self.note_block();
                Ok(hex_u64(seconds))
            }
            R::SetBalance(address, wei) => {
                self.engine.set_balance(address, wei).map_err(RpcError::chain)?;
                Ok(json!(true))
            }
            R::SetCode(address, code) => {
                self.engine.set_code(address, &code).map_err(RpcError::chain)?;
                Ok(json!(true))
            }
            R::Snapshot => self.snapshot(),
            R::Revert(id) => self.revert(id),
        }
    }

    fn install(&mut self, filter: Filter) -> RpcResult {
        if self.filters.len() >= MAX_FILTERS {
            return Err(RpcError::chain(format!(
                "{MAX_FILTERS} filters are installed: uninstall one (eth_uninstallFilter) first"
            )));
        }
        let id = self.next_filter;
        self.next_filter += 1;
        self.filters.insert(id, filter);
        Ok(hex_u64(id))
    }

    /// Refuses a clock step of `seconds` (`None`: it overflowed) that
    /// would take the chain's clock past [`MAX_TIMESTAMP`].
    fn check_clock(&mut self, seconds: Option<u64>) -> Result<(), RpcError> {
        let now = self.engine.head().timestamp;
        match seconds.and_then(|s| now.checked_add(s)) {
            Some(then) if then <= MAX_TIMESTAMP => Ok(()),
            _ => Err(RpcError::invalid(format!(
                "the clock may not pass {MAX_TIMESTAMP} (the end of year 9999); it is at {now}"
            ))),
        }
    }

    /// A state query's block parameter: absent, a tag, or the head's
    /// number or hash. The node keeps only the latest state, so an earlier
    /// block is refused by name rather than answered from the latest.
    fn state_block(&mut self, tag: Option<&Value>) -> Result<(), RpcError> {
        let number = match tag {
            Some(Value::Object(o)) => match (o.get("blockNumber"), o.get("blockHash")) {
                (Some(n), None) => self.block_number(Some(n))?,
                (None, Some(h)) => block_of_hash(parse(Some(h), "block hash")?)
                    .ok_or_else(|| RpcError::chain(format!("block {h} not found")))?,
                _ => return Err(RpcError::invalid("a block object has one of blockNumber and blockHash")),
            },
            tag => self.block_number(tag)?,
        };
        let head = self.head();
        if number == head {
            Ok(())
        } else if number > head {
            Err(RpcError::chain(format!("block {number} is not mined yet (the head is {head})")))
        } else {
            Err(RpcError::chain(format!(
                "the state of block {number} is not kept: lst-node answers for the latest block ({head}) only"
            )))
        }
    }

    fn filter_changes(&mut self, id: u64) -> RpcResult {
        let head = self.head();
        let filter =
            self.filters.get(&id).cloned().ok_or_else(|| RpcError::invalid(format!("filter {id:#x} not found")))?;
        let (changes, next) = match filter {
            Filter::Pending => (Vec::new(), Filter::Pending),
            Filter::Blocks { last } => {
                ((last + 1..=head).map(|n| json!(block_hash(n))).collect(), Filter::Blocks { last: head })
            }
            Filter::Logs { filter, last } => {
                let (from, to) = self.filter_bounds(&filter)?;
                let logs = self.logs_in(&filter, from.max(last + 1), to.min(head));
                (logs, Filter::Logs { filter, last: head })
            }
        };
        self.filters.insert(id, next);
        Ok(Value::Array(changes))
    }

    fn snapshot(&mut self) -> RpcResult {
        if self.snapshots.iter().flatten().count() >= MAX_SNAPSHOTS {
            return Err(RpcError::chain(format!("{MAX_SNAPSHOTS} snapshots are kept: revert to one first")));
        }
        let saved = Saved {
            engine: self.engine.snapshot().map_err(RpcError::chain)?,
            txs: self.txs.len(),
            logs: self.logs.len(),
            headers: self.headers.clone(),
        };
        self.snapshots.push(Some(saved));
        Ok(hex_u64(self.snapshots.len() as u64))
    }

    /// Restores snapshot `id`; as on anvil, it and every later one are
    /// used up.
    fn revert(&mut self, id: u64) -> RpcResult {
        let index = usize::try_from(id).ok().and_then(|i| i.checked_sub(1));
        let Some(saved) = index.and_then(|i| self.snapshots.get_mut(i)).and_then(Option::take) else {
            return Ok(json!(false));
        };
        if let Some(i) = index {
            self.snapshots.iter_mut().skip(i).for_each(|s| *s = None);
        }
        self.engine = saved.engine;
        for tx in self.txs.drain(saved.txs..) {
            self.by_hash.remove(&tx.sent.hash);
        }
        self.logs.truncate(saved.logs);
        self.headers = saved.headers;
        Ok(json!(true))
    }

    /// A call object (`eth_call`, `eth_estimateGas`, `eth_sendTransaction`),
    /// read as alloy's typed [`TransactionRequest`].
    fn call_target(call: Option<&Value>) -> Result<CallArgs, RpcError> {
        let call = call.ok_or_else(|| RpcError::invalid("missing call object"))?;
        let request: TransactionRequest =
            serde_json::from_value(call.clone()).map_err(|e| RpcError::invalid(format!("invalid call object: {e}")))?;
        let to = match request.to {
            Some(TxKind::Call(to)) => Some(to),
            Some(TxKind::Create) | None => None,
        };
        let data = request.input.into_input().map(|b| b.to_vec()).unwrap_or_default();
        Ok(CallArgs {
            from: request.from.unwrap_or_default(),
            to,
            value: request.value.unwrap_or_default(),
            data,
            gas: request.gas,
        })
    }

    /// `eth_call` and `eth_estimateGas`: the call object `call` on the
    /// latest state, changed first by the state `overrides` (the third
    /// parameter, as geth and Nitro take it) on a copy of the chain.
    fn dry_run(&mut self, call: Option<&Value>, overrides: Option<&Value>) -> Result<Executed, RpcError> {
        let CallArgs { from, to, value, data, .. } = Self::call_target(call)?;
        let done = match overrides {
            None => self.engine.dry_run(from, to, value, &data),
            Some(_) => self.fork_with(overrides)?.dry_run(from, to, value, &data),
        }
        .map_err(RpcError::chain)?;
        match (&done.error, done.success) {
            (_, true) => Ok(done),
            (Some(why), false) => Err(RpcError::chain(format!("execution failed: {why}"))),
            (None, false) => Err(RpcError::reverted(&done.output)),
        }
    }

    /// The chain as `eth_call` would see it: the latest state with the
    /// state `overrides` applied, on a copy.
    fn fork_with(&mut self, overrides: Option<&Value>) -> Result<Box<dyn Engine>, RpcError> {
        let mut fork = self.engine.snapshot().map_err(RpcError::chain)?;
        if let Some(overrides) = overrides {
            let overrides: StateOverride = serde_json::from_value(overrides.clone())
                .map_err(|e| RpcError::invalid(format!("invalid state override: {e}")))?;
            for (account, with) in &overrides {
                fork.override_account(*account, with).map_err(RpcError::invalid)?;
            }
        }
        Ok(fork)
    }

    /// `eth_estimateGas`: a gas limit with which the call, sent now, is
    /// mined successfully. The engine's figure from a dry run is the first
    /// guess; it is checked by mining the call on a copy of the chain as the
    /// next block, with exactly that limit, and raised (then bisected back
    /// to within 1/512) until it succeeds. A dry run and the mined
    /// transaction can differ — pallet-revive meters the weight a call
    /// reserves for its nested calls, the next block has another time — and
    /// a wallet that sends with the estimate must not run out of gas.
    fn estimate(&mut self, call: Option<&Value>, overrides: Option<&Value>) -> Result<u64, RpcError> {
        let done = self.dry_run(call, overrides)?;
        let CallArgs { from, to, value, data, .. } = Self::call_target(call)?;
        let limit = self.engine.gas_limit();
        let mut overridden = match overrides {
            Some(_) => Some(self.fork_with(overrides)?),
            None => None,
        };
        let base: &mut dyn Engine = match overridden.as_mut() {
            Some(fork) => fork.as_mut(),
            None => self.engine.as_mut(),
        };
        let mut fits = |gas: u64| -> Result<bool, RpcError> {
            let mut next = base.snapshot().map_err(RpcError::chain)?;
            Ok(next.transact(from, to, value, &data, gas).is_ok_and(|mined| mined.success))
        };
        let first = done.gas_required.min(limit);
        if fits(first)? {
            return Ok(first);
        }
        // Find a limit that is enough, doubling the margin each time.
        let (mut short, mut enough) = (first, None);
        let mut margin = (first / 64).max(1);
        while enough.is_none() {
            let next = first.saturating_add(margin).min(limit);
            if fits(next)? {
                enough = Some(next);
            } else if next == limit {
                return Err(RpcError::chain(format!(
                    "the call fails when mined, even with the block gas limit {limit}: it may depend on the block"
                )));
            } else {
                short = next;
                margin = margin.saturating_mul(2);
            }
        }
        let mut enough = enough.unwrap_or(limit);
        while enough - short > (enough / 512).max(1) {
            let middle = short + (enough - short) / 2;
            if fits(middle)? {
                enough = middle;
            } else {
                short = middle;
            }
        }
        Ok(enough)
    }

    fn send_raw(&mut self, raw: &[u8]) -> RpcResult {
        let tx = TxEnvelope::decode_2718(&mut &raw[..])
            .map_err(|e| RpcError::invalid(format!("invalid transaction: {e}")))?;
        if tx.is_eip4844() || tx.is_eip7702() {
            return Err(RpcError::invalid("only legacy, EIP-2930 and EIP-1559 transactions are supported"));
        }
        let from = tx.recover_signer().map_err(|e| RpcError::invalid(format!("invalid signature: {e}")))?;
        if let Some(id) = tx.chain_id() {
            if id != self.chain_id {
                return Err(RpcError::invalid(format!("wrong chain id {id}")));
            }
        }
        self.mine_tx(Sent {
            hash: *tx.tx_hash(),
            from,
            to: tx.to(),
            nonce: tx.nonce(),
            value: tx.value(),
            input: tx.input().clone(),
            gas: tx.gas_limit(),
        })
    }

    /// `eth_sendTransaction` from a dev account (the node signs nothing: it
    /// only knows the dev keys, so it runs the transaction as that account).
    fn send_unsigned(&mut self, call: Option<&Value>) -> RpcResult {
        let CallArgs { from, to, value, data, gas } = Self::call_target(call)?;
        if !self.accounts.contains(&from) {
            return Err(RpcError::invalid(format!("{from} is not a dev account of this node")));
        }
        let nonce = self.engine.nonce(from).map_err(RpcError::chain)?;
        let hash = keccak256([from.as_slice(), &nonce.to_be_bytes(), &data].concat());
        let gas = gas.or(DEFAULT_GAS).unwrap_or(self.engine.gas_limit());
        self.mine_tx(Sent { hash, from, to, nonce, value, input: data.into(), gas })
    }

    fn mine_tx(&mut self, tx: Sent) -> RpcResult {
        if self.by_hash.contains_key(&tx.hash) {
            return Err(RpcError::invalid("transaction already known"));
        }
        let expected = self.engine.nonce(tx.from).map_err(RpcError::chain)?;
        if tx.nonce != expected {
            return Err(RpcError::invalid(format!("nonce {} of {}: expected {expected}", tx.nonce, tx.from)));
        }
        let limit = self.engine.gas_limit();
        if tx.gas > limit {
            return Err(RpcError::invalid(format!("gas limit {} exceeds the block gas limit {limit}", tx.gas)));
        }
        let done = self.engine.transact(tx.from, tx.to, tx.value, &tx.input, tx.gas).map_err(RpcError::chain)?;
        self.note_block();
        let index = self.txs.len();
        let first_log = self.logs.len();
        self.logs.extend(done.logs.iter().cloned().map(|l| (index, l)));
        let hash = tx.hash;
        if let Some(f) = self.on_tx.as_mut() {
            f(&tx_line(&tx, &done));
        }
        self.txs.push(Mined { sent: tx, done, first_log });
        self.by_hash.insert(hash, index);
        Ok(json!(hash))
    }

    fn log_json(&self, tx_index: usize, log_index: usize, log: &Log) -> Value {
        let tx = &self.txs[tx_index];
        json!({
            "address": log.address,
            "topics": log.topics(),
            "data": hex_bytes(&log.data.data),
            "blockNumber": hex_u64(tx.done.block_number),
            "blockHash": block_hash(tx.done.block_number),
            "transactionHash": tx.sent.hash,
            "transactionIndex": "0x0",
            "logIndex": hex_u64(log_index as u64),
            "removed": false,
        })
    }

    fn receipt_json(&self, index: usize) -> Value {
        let tx = &self.txs[index];
        let r = &tx.done;
        let logs: Vec<Value> =
            r.logs.iter().enumerate().map(|(i, l)| self.log_json(index, tx.first_log + i, l)).collect();
        json!({
            "transactionHash": tx.sent.hash,
            "transactionIndex": "0x0",
            "blockHash": block_hash(r.block_number),
            "blockNumber": hex_u64(r.block_number),
            "from": tx.sent.from,
            "to": tx.sent.to,
            "contractAddress": r.contract_address,
            // One transaction per block: the block's gas is this one's.
            "cumulativeGasUsed": hex_u64(r.gas_used),
            "gasUsed": hex_u64(r.gas_used),
            // No fee is charged, and the receipt says so.
            "effectiveGasPrice": "0x0",
            "logs": logs,
            "logsBloom": hex_bytes(&[0u8; 256]),
            "type": "0x2",
            "status": if r.success { "0x1" } else { "0x0" },
        })
    }

    fn tx_json(&self, index: usize) -> Value {
        let tx = &self.txs[index];
        let fee = hex_u256(self.engine.base_fee());
        json!({
            "hash": tx.sent.hash,
            "nonce": hex_u64(tx.sent.nonce),
            "blockHash": block_hash(tx.done.block_number),
            "blockNumber": hex_u64(tx.done.block_number),
            "transactionIndex": "0x0",
            "from": tx.sent.from,
            "to": tx.sent.to,
            "value": hex_u256(tx.sent.value),
            "gas": hex_u64(tx.sent.gas),
            "gasPrice": fee,
            "maxFeePerGas": fee,
            "maxPriorityFeePerGas": "0x0",
            "input": hex_bytes(&tx.sent.input),
            "type": "0x2",
            "chainId": hex_u64(self.chain_id),
            "accessList": [],
            "v": "0x0", "yParity": "0x0", "r": "0x0", "s": "0x0",
        })
    }

    /// A block parameter (absent: the latest): a tag or a hex number;
    /// any other type is refused, not read as the latest.
    fn block_number(&mut self, tag: Option<&Value>) -> Result<u64, RpcError> {
        match tag {
            None => Ok(self.head()),
            Some(Value::String(s)) => {
                let tag: BlockNumberOrTag =
                    s.parse().map_err(|_| RpcError::invalid(format!("invalid block {s}: a tag or a hex number")))?;
                Ok(self.resolve(tag))
            }
            Some(other) => Err(RpcError::invalid(format!("invalid block {other}: a tag or a hex number string"))),
        }
    }

    /// The number `tag` stands for now.
    fn resolve(&mut self, tag: BlockNumberOrTag) -> u64 {
        match tag {
            BlockNumberOrTag::Number(n) => n,
            BlockNumberOrTag::Earliest => 0,
            BlockNumberOrTag::Latest
            | BlockNumberOrTag::Pending
            | BlockNumberOrTag::Safe
            | BlockNumberOrTag::Finalized => self.head(),
        }
    }

    /// Block `number` as a JSON-RPC block object (`full`: with the
    /// transaction objects rather than their hashes); null past the head.
    pub fn block_json(&mut self, number: u64, full: bool) -> Value {
        if number > self.head() {
            return Value::Null;
        }
        let txs: Vec<Value> = (0..self.txs.len())
            .filter(|&i| self.txs[i].done.block_number == number)
            .map(|i| if full { self.tx_json(i) } else { json!(self.txs[i].sent.hash) })
            .collect();
        let gas_used: u64 = self.txs.iter().filter(|t| t.done.block_number == number).map(|t| t.done.gas_used).sum();
        let zero32 = B256::ZERO;
        let (timestamp, l1_number) = self.header(number);
        let mut block = json!({
            "number": hex_u64(number),
            "hash": block_hash(number),
            "parentHash": if number == 0 { zero32 } else { block_hash(number - 1) },
            "timestamp": hex_u64(timestamp),
            "baseFeePerGas": hex_u256(self.engine.base_fee()),
            "gasLimit": hex_u64(self.engine.gas_limit()),
            "gasUsed": hex_u64(gas_used),
            "miner": Address::ZERO,
            "difficulty": "0x0",
            "totalDifficulty": "0x0",
            "extraData": "0x",
            "mixHash": zero32,
            "nonce": "0x0000000000000000",
            "sha3Uncles": zero32,
            "stateRoot": zero32,
            "transactionsRoot": zero32,
            "receiptsRoot": zero32,
            "logsBloom": hex_bytes(&[0u8; 256]),
            "size": "0x0",
            "uncles": [],
            "transactions": txs,
        });
        if let Some(l1) = l1_number {
            // Arbitrum's field: the L1 block number programs read as
            // `block.number` in this block.
            block["l1BlockNumber"] = hex_u64(l1);
        }
        block
    }

    /// `eth_feeHistory`: `count` blocks (1 to [`MAX_FEE_HISTORY`]) up to
    /// `newest`, with a reward per requested percentile (0 to 100, at most
    /// [`MAX_PERCENTILES`]; every reward is 0, as no tip is charged).
    fn fee_history(&mut self, count: u64, newest: Option<&Value>, percentiles: Option<&Value>) -> RpcResult {
        if !(1..=MAX_FEE_HISTORY).contains(&count) {
            return Err(RpcError::invalid(format!("block count {count}: 1 to {MAX_FEE_HISTORY}")));
        }
        let newest = self.block_number(newest)?.min(self.head());
        let percentiles = match percentiles {
            None => None,
            Some(Value::Array(list))
                if list.len() <= MAX_PERCENTILES
                    && list.iter().all(|v| v.as_f64().is_some_and(|p| (0.0..=100.0).contains(&p))) =>
            {
                Some(list.len())
            }
            Some(other) => {
                return Err(RpcError::invalid(format!(
                    "reward percentiles {other}: a list of at most {MAX_PERCENTILES} numbers from 0 to 100"
                )))
            }
        };
        let count = count.min(newest.saturating_add(1));
        let fee = hex_u256(self.engine.base_fee());
        let mut history = json!({
            "oldestBlock": hex_u64(newest + 1 - count),
            "baseFeePerGas": vec![fee; count as usize + 1],
            "gasUsedRatio": vec![0.0; count as usize],
        });
        if let Some(n) = percentiles {
            history["reward"] = json!(vec![vec!["0x0"; n]; count as usize]);
        }
        Ok(history)
    }

    /// The blocks `filter` asks for (`fromBlock`/`toBlock`, or a block
    /// hash), not capped.
    fn filter_bounds(&mut self, filter: &LogFilter) -> Result<(u64, u64), RpcError> {
        match filter.block_option {
            FilterBlockOption::AtBlockHash(hash) => {
                let number = block_of_hash(hash)
                    .filter(|n| *n <= self.head())
                    .ok_or_else(|| RpcError::chain(format!("block {hash} not found")))?;
                Ok((number, number))
            }
            FilterBlockOption::Range { from_block, to_block } => {
                let from = self.resolve(from_block.unwrap_or(BlockNumberOrTag::Latest));
                let to = self.resolve(to_block.unwrap_or(BlockNumberOrTag::Latest));
                if from > to {
                    return Err(RpcError::invalid(format!("fromBlock {from} is after toBlock {to}")));
                }
                Ok((from, to))
            }
        }
    }

    /// The blocks `filter` asks for, up to the head: refused when they
    /// span more than [`MAX_LOG_RANGE`] blocks.
    fn log_range(&mut self, filter: &LogFilter) -> Result<(u64, u64), RpcError> {
        let (from, to) = self.filter_bounds(filter)?;
        let to = to.min(self.head());
        if to >= from && to - from >= MAX_LOG_RANGE {
            return Err(RpcError::invalid(format!(
                "blocks {from} to {to}: one query may span at most {MAX_LOG_RANGE} blocks"
            )));
        }
        Ok((from, to))
    }

    /// `eth_getLogs`: the logs matching `filter`, in a range of at most
    /// [`MAX_LOG_RANGE`] blocks.
    pub fn get_logs(&mut self, filter: &LogFilter) -> Result<Vec<Value>, RpcError> {
        let (from, to) = self.log_range(filter)?;
        Ok(self.logs_in(filter, from, to))
    }

    /// The logs of blocks `from..=to` matching `filter`'s addresses and
    /// topics, as JSON log objects.
    fn logs_in(&self, filter: &LogFilter, from: u64, to: u64) -> Vec<Value> {
        if from > to {
            return Vec::new();
        }
        // The logs are in block order: start at the first of `from`.
        let start = self.logs.partition_point(|(tx, _)| self.txs[*tx].done.block_number < from);
        self.logs[start..]
            .iter()
            .enumerate()
            .take_while(|(_, (tx, _))| self.txs[*tx].done.block_number <= to)
            .filter(|(_, (_, log))| filter.matches_address(log.address) && filter.matches_topics(log.topics()))
            .map(|(i, (tx, log))| self.log_json(*tx, start + i, log))
            .collect()
    }
}

/// One line per mined transaction, as anvil prints them.
fn tx_line(tx: &Sent, done: &Executed) -> String {
    let what = match (tx.to, done.contract_address) {
        (_, Some(created)) => format!("created {created}"),
        (Some(to), None) => format!("to {to}"),
        (None, None) => "creation".to_owned(),
    };
    let status = match (&done.error, done.success) {
        (_, true) => "ok".to_owned(),
        (Some(why), false) => format!("failed: {why}"),
        (None, false) => format!("reverted 0x{}", hex::encode(&done.output)),
    };
    format!(
        "block {} tx {} from {} {what}: {status}, gas {} of {}, {} logs",
        done.block_number,
        tx.hash,
        tx.from,
        done.gas_used,
        tx.gas,
        done.logs.len()
    )
}
