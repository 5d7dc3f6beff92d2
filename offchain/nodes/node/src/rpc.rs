//! Ethereum JSON-RPC over an [`Engine`]: what `cast`, viem, alloy and the
//! project's own tools call. [`Node::handle`] lists every method; anything
//! else is a `-32601` error naming the method.
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
use alloy_consensus::{transaction::SignerRecoverable, Transaction, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{hex, keccak256, Address, Bytes, Log, TxKind, B256, U256};
use alloy_rpc_types_eth::{state::StateOverride, TransactionRequest};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

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
    fn invalid(message: impl Into<String>) -> Self {
        Self { code: -32602, message: message.into(), data: None }
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
    Logs { filter: Value, last: u64 },
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

fn hex_u64(n: u64) -> Value {
    Value::String(format!("{n:#x}"))
}

fn hex_u256(n: U256) -> Value {
    Value::String(format!("{n:#x}"))
}

fn hex_bytes(b: &[u8]) -> Value {
    Value::String(hex::encode_prefixed(b))
}

fn param(params: &Value, i: usize) -> Option<&Value> {
    params.as_array().and_then(|a| a.get(i)).filter(|v| !v.is_null())
}

fn parse<T: std::str::FromStr>(v: Option<&Value>, what: &str) -> Result<T, RpcError> {
    v.and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| RpcError::invalid(format!("missing or invalid {what}")))
}

fn parse_bytes(v: Option<&Value>) -> Result<Vec<u8>, RpcError> {
    match v.and_then(Value::as_str) {
        None => Ok(Vec::new()),
        Some(s) => hex::decode(s).map_err(|e| RpcError::invalid(format!("invalid hex data: {e}"))),
    }
}

fn parse_quantity(v: Option<&Value>) -> Result<U256, RpcError> {
    match v {
        None => Ok(U256::ZERO),
        Some(Value::String(s)) => s.parse().map_err(|_| RpcError::invalid(format!("invalid quantity {s}"))),
        Some(Value::Number(n)) => n.as_u64().map(U256::from).ok_or_else(|| RpcError::invalid("invalid quantity")),
        Some(_) => Err(RpcError::invalid("invalid quantity")),
    }
}

fn parse_u64(v: Option<&Value>, what: &str) -> Result<u64, RpcError> {
    parse_quantity(v)?.try_into().map_err(|_| RpcError::invalid(format!("{what} out of range")))
}

/// Block `number`'s hash (the node keeps no real headers: the hash names
/// the number).
pub fn block_hash(number: u64) -> B256 {
    keccak256(format!("lst-devnode-block-{number}"))
}

/// The methods that change the chain: what a journal records.
const CHANGES_STATE: [&str; 14] = [
    "anvil_setCode",
    "hardhat_setCode",
    "eth_sendRawTransaction",
    "eth_sendTransaction",
    "evm_mine",
    "anvil_mine",
    "hardhat_mine",
    "evm_increaseTime",
    "anvil_increaseTime",
    "anvil_setBalance",
    "hardhat_setBalance",
    "evm_snapshot",
    "evm_revert",
    "anvil_revert",
];

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

    /// Answers one JSON-RPC request object (or a batch array).
    pub fn handle_json(&mut self, request: &Value) -> Value {
        if let Some(batch) = request.as_array() {
            return Value::Array(batch.iter().map(|r| self.handle_json(r)).collect());
        }
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        let method = request.get("method").and_then(Value::as_str).unwrap_or_default();
        let params = request.get("params").cloned().unwrap_or(Value::Array(Vec::new()));
        match self.handle(method, &params) {
            Ok(result) => {
                json!({"jsonrpc": "2.0", "id": id, "result": result})
            }
            Err(e) => {
                let mut error = json!({"code": e.code, "message": e.message});
                if let Some(data) = e.data {
                    error["data"] = hex_bytes(&data);
                }
                json!({"jsonrpc": "2.0", "id": id, "error": error})
            }
        }
    }

    /// Answers `method` with `params`; journals it when it changed the
    /// chain (see [`Node::journal_to`]).
    pub fn handle(&mut self, method: &str, params: &Value) -> RpcResult {
        let result = self.dispatch(method, params);
        if result.is_ok() && CHANGES_STATE.contains(&method) {
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

    fn dispatch(&mut self, method: &str, params: &Value) -> RpcResult {
        let p = |i| param(params, i);
        match method {
            "web3_clientVersion" => {
                Ok(json!(format!("lst-node/{}/{}", env!("CARGO_PKG_VERSION"), self.engine.platform().name())))
            }
            "web3_sha3" => Ok(json!(keccak256(parse_bytes(p(0))?))),
            "eth_chainId" => Ok(hex_u64(self.chain_id)),
            "net_version" => Ok(json!(self.chain_id.to_string())),
            "net_listening" => Ok(json!(true)),
            "eth_syncing" => Ok(json!(false)),
            "eth_accounts" => Ok(json!(self.accounts)),
            "eth_coinbase" => Ok(json!(Address::ZERO)),
            "eth_blockNumber" => Ok(hex_u64(self.head())),
            "eth_gasPrice" => Ok(hex_u256(self.engine.base_fee())),
            "eth_maxPriorityFeePerGas" => Ok(hex_u64(0)),
            "eth_feeHistory" => Ok(self.fee_history(p(0))),
            "eth_getBalance" => self.engine.balance(parse(p(0), "address")?).map(hex_u256).map_err(RpcError::chain),
            "eth_getTransactionCount" => {
                self.engine.nonce(parse(p(0), "address")?).map(hex_u64).map_err(RpcError::chain)
            }
            "eth_getCode" => self.engine.code(parse(p(0), "address")?).map(|c| hex_bytes(&c)).map_err(RpcError::chain),
            "eth_getStorageAt" => {
                let key: U256 = parse(p(1), "slot")?;
                let word = self.engine.storage_at(parse(p(0), "address")?, key.into()).map_err(RpcError::chain)?;
                Ok(hex_bytes(word.as_slice()))
            }
            "eth_call" => self.dry_run(p(0), p(2)).map(|done| hex_bytes(&done.output)),
            "eth_estimateGas" => self.dry_run(p(0), p(2)).map(|done| hex_u64(done.gas_required)),
            "eth_sendRawTransaction" => self.send_raw(&parse_bytes(p(0))?),
            "eth_sendTransaction" => self.send_unsigned(p(0)),
            "eth_getTransactionReceipt" => {
                let hash: B256 = parse(p(0), "transaction hash")?;
                Ok(self.by_hash.get(&hash).map_or(Value::Null, |&i| self.receipt_json(i)))
            }
            "eth_getTransactionByHash" => {
                let hash: B256 = parse(p(0), "transaction hash")?;
                Ok(self.by_hash.get(&hash).map_or(Value::Null, |&i| self.tx_json(i)))
            }
            "eth_getBlockByNumber" => {
                let number = self.block_number(p(0))?;
                Ok(self.block_json(number, p(1).and_then(Value::as_bool).unwrap_or(false)))
            }
            "eth_getBlockByHash" => {
                let hash: B256 = parse(p(0), "block hash")?;
                let head = self.head();
                Ok(match (0..=head).rev().find(|n| block_hash(*n) == hash) {
                    Some(number) => self.block_json(number, p(1).and_then(Value::as_bool).unwrap_or(false)),
                    None => Value::Null,
                })
            }
            "eth_getBlockTransactionCountByNumber" => {
                let number = self.block_number(p(0))?;
                Ok(hex_u64(self.txs.iter().filter(|t| t.done.block_number == number).count() as u64))
            }
            "eth_getLogs" => {
                let filter = p(0).cloned().unwrap_or(Value::Null);
                let head = self.head();
                self.get_logs(&filter, head).map(Value::Array)
            }
            "eth_newFilter" => {
                let filter = p(0).cloned().unwrap_or(json!({}));
                // Checked now, so a bad filter is refused when installed.
                let head = self.head();
                self.get_logs(&filter, head)?;
                Ok(self.install(Filter::Logs { filter, last: head }))
            }
            "eth_newBlockFilter" => {
                let last = self.head();
                Ok(self.install(Filter::Blocks { last }))
            }
            "eth_newPendingTransactionFilter" => Ok(self.install(Filter::Pending)),
            "eth_uninstallFilter" => Ok(json!(self.filters.remove(&parse_u64(p(0), "filter id")?).is_some())),
            "eth_getFilterChanges" => self.filter_changes(parse_u64(p(0), "filter id")?),
            "eth_getFilterLogs" => {
                let id = parse_u64(p(0), "filter id")?;
                match self.filters.get(&id) {
                    Some(Filter::Logs { filter, .. }) => {
                        let (filter, head) = (filter.clone(), self.head());
                        self.get_logs(&filter, head).map(Value::Array)
                    }
                    Some(_) => Err(RpcError::invalid(format!("filter {id:#x} is not a log filter"))),
                    None => Err(RpcError::invalid(format!("filter {id:#x} not found"))),
                }
            }
            "evm_mine" | "anvil_mine" | "hardhat_mine" => {
                let blocks = if method == "evm_mine" { 1 } else { parse_u64(p(0), "blocks").map(|n| n.max(1))? };
                let interval = parse_u64(p(1), "interval")?;
                for _ in 0..blocks {
                    self.engine.advance_time(interval.saturating_sub(1));
                    self.engine.mine();
                    self.note_block();
                }
                Ok(json!("0x0"))
            }
            "evm_increaseTime" | "anvil_increaseTime" => {
                let seconds = parse_u64(p(0), "seconds")?;
                self.engine.advance_time(seconds);
                self.note_block();
                Ok(hex_u64(seconds))
            }
            "anvil_setBalance" | "hardhat_setBalance" => {
                let wei = parse_quantity(p(1))?;
                self.engine.set_balance(parse(p(0), "address")?, wei).map_err(RpcError::chain)?;
                Ok(json!(true))
            }
            "anvil_setCode" | "hardhat_setCode" => {
                let code = parse_bytes(p(1))?;
                self.engine.set_code(parse(p(0), "address")?, &code).map_err(RpcError::chain)?;
                Ok(json!(true))
            }
            "evm_snapshot" | "anvil_snapshot" => self.snapshot(),
            "evm_revert" | "anvil_revert" => self.revert(parse_u64(p(0), "snapshot id")?),
            _ => unreachable_method(method),
        }
    }

    fn install(&mut self, filter: Filter) -> Value {
        let id = self.next_filter;
        self.next_filter += 1;
        self.filters.insert(id, filter);
        hex_u64(id)
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
                let mut window = filter.clone();
                window["fromBlock"] = hex_u64(last + 1);
                window["toBlock"] = hex_u64(head);
                let logs = if last >= head { Vec::new() } else { self.get_logs(&window, head)? };
                (logs, Filter::Logs { filter, last: head })
            }
        };
        self.filters.insert(id, next);
        Ok(Value::Array(changes))
    }

    fn snapshot(&mut self) -> RpcResult {
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
            Some(overrides) => {
                let overrides: StateOverride = serde_json::from_value(overrides.clone())
                    .map_err(|e| RpcError::invalid(format!("invalid state override: {e}")))?;
                let mut fork = self.engine.snapshot().map_err(RpcError::chain)?;
                for (account, with) in &overrides {
                    fork.override_account(*account, with).map_err(RpcError::invalid)?;
                }
                fork.dry_run(from, to, value, &data)
            }
        }
        .map_err(RpcError::chain)?;
        match (&done.error, done.success) {
            (_, true) => Ok(done),
            (Some(why), false) => Err(RpcError::chain(format!("execution failed: {why}"))),
            (None, false) => Err(RpcError::reverted(&done.output)),
        }
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

    fn block_number(&mut self, tag: Option<&Value>) -> Result<u64, RpcError> {
        let latest = self.head();
        match tag.and_then(Value::as_str) {
            None | Some("latest" | "pending" | "safe" | "finalized") => Ok(latest),
            Some("earliest") => Ok(0),
            Some(s) => {
                let n: U256 = s.parse().map_err(|_| RpcError::invalid(format!("invalid block {s}")))?;
                n.try_into().map_err(|_| RpcError::invalid(format!("invalid block {s}")))
            }
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

    fn fee_history(&mut self, count: Option<&Value>) -> Value {
        let count = parse_quantity(count).ok().and_then(|c| u64::try_from(c).ok()).unwrap_or(1).clamp(1, 1024);
        let latest = self.head();
        let count = count.min(latest.saturating_add(1));
        let fee = hex_u256(self.engine.base_fee());
        json!({
            "oldestBlock": hex_u64(latest + 1 - count),
            "baseFeePerGas": vec![fee; count as usize + 1],
            "gasUsedRatio": vec![0.0; count as usize],
            "reward": vec![vec!["0x0"]; count as usize],
        })
    }

    /// The logs matching `filter` (an `eth_getLogs` filter object) as JSON
    /// log objects; `head` is the latest block.
    pub fn get_logs(&mut self, filter: &Value, head: u64) -> Result<Vec<Value>, RpcError> {
        let tag = |key| filter.get(key).filter(|v| !v.is_null());
        let from = match tag("fromBlock") {
            None => head,
            Some(v) => self.block_number(Some(v))?,
        };
        let to = match tag("toBlock") {
            None => head,
            Some(v) => self.block_number(Some(v))?,
        };
        let addresses: Vec<Address> = match filter.get("address") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.iter().map(|v| parse(Some(v), "address")).collect::<Result<_, _>>()?,
            Some(v) => vec![parse(Some(v), "address")?],
        };
        let topics: Vec<Option<Vec<B256>>> = match filter.get("topics") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|t| match t {
                    Value::Null => Ok(None),
                    Value::Array(any) => {
                        any.iter().map(|v| parse(Some(v), "topic")).collect::<Result<_, _>>().map(Some)
                    }
                    v => parse(Some(v), "topic").map(|t| Some(vec![t])),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(RpcError::invalid("topics must be an array")),
        };
        let matches = |log: &Log| {
            (addresses.is_empty() || addresses.contains(&log.address))
                && topics.iter().enumerate().all(|(i, want)| match want {
                    None => true,
                    Some(any) => log.topics().get(i).is_some_and(|t| any.contains(t)),
                })
        };
        Ok(self
            .logs
            .iter()
            .enumerate()
            .filter(|(_, (tx, log))| (from..=to).contains(&self.txs[*tx].done.block_number) && matches(log))
            .map(|(i, (tx, log))| self.log_json(*tx, i, log))
            .collect())
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

fn unreachable_method(method: &str) -> RpcResult {
    Err(RpcError { code: -32601, message: format!("method not supported by lst-node: {method}"), data: None })
}
