//! The chain over Ethereum JSON-RPC (HTTP POST on 127.0.0.1), as the
//! `devnode` binary serves it, so `cast`, a dapp or an alloy provider can
//! use it like any node.
//!
//! Every transaction is mined at once in a block of its own. Ten dev
//! accounts with well-known keys ([`dev_keys`]) hold 10,000 ETH each.
//! Gas is not metered (execution is metered in wasm fuel, reported as
//! `gasUsed`) and no fee is charged (receipts say `effectiveGasPrice` 0);
//! `eth_estimateGas` answers a fixed limit, or the revert. Anything not listed in [`Node::handle`] is a
//! `-32601` error naming the method.

use crate::{code_from_init_code, Chain, ChainError, Receipt};
use alloy_consensus::{transaction::SignerRecoverable, Transaction, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{hex, keccak256, Address, Bytes, Log, B256, U256};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// The gas `eth_estimateGas` answers for a call that does not revert.
pub const ESTIMATED_GAS: u64 = 10_000_000;
pub use lst_client::dev::{dev_keys, DEV_BALANCE};

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

    fn chain(e: ChainError) -> Self {
        Self { code: -32000, message: e.to_string(), data: None }
    }

    fn reverted(output: &[u8]) -> Self {
        Self { code: 3, message: "execution reverted".into(), data: Some(Bytes::copy_from_slice(output)) }
    }
}

type RpcResult = Result<Value, RpcError>;

/// A transaction as sent (signed or from a dev account).
struct Sent {
    hash: B256,
    from: Address,
    to: Option<Address>,
    nonce: u64,
    value: U256,
    input: Bytes,
}

/// A mined transaction, as receipts and log queries return it.
struct Mined {
    sent: Sent,
    receipt: Receipt,
    /// Index of its first log in the chain's log list.
    first_log: usize,
}

/// The node: the chain, its dev accounts and what it mined.
pub struct Node {
    chain: Chain,
    accounts: Vec<Address>,
    txs: Vec<Mined>,
    by_hash: HashMap<B256, usize>,
    /// Every log with its transaction's index.
    logs: Vec<(usize, Log)>,
    /// Each block's (timestamp, L1 block number), by L2 number.
    headers: BTreeMap<u64, (u64, u64)>,
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

fn block_hash(number: u64) -> B256 {
    keccak256(format!("lst-devnode-block-{number}"))
}

impl Node {
    /// A node on a fresh chain with id `chain_id`, its dev accounts funded.
    pub fn new(chain_id: u64) -> Result<Self, ChainError> {
        Self::with_funds(chain_id, true, &[])
    }

    /// A node on a fresh chain with id `chain_id` where `funds` hold their
    /// balances and, with `dev_accounts`, the dev accounts theirs (without,
    /// the node has no accounts of its own, as a public testnet's endpoint).
    pub fn with_funds(chain_id: u64, dev_accounts: bool, funds: &[(Address, U256)]) -> Result<Self, ChainError> {
        let mut chain = Chain::new(chain_id)?;
        let accounts = if dev_accounts { fund_dev_accounts(&mut chain)? } else { Vec::new() };
        for (address, wei) in funds {
            chain.fund(*address, *wei);
        }
        let mut node = Self {
            chain,
            accounts,
            txs: Vec::new(),
            by_hash: HashMap::new(),
            logs: Vec::new(),
            headers: BTreeMap::new(),
        };
        node.note_block();
        Ok(node)
    }

    /// Records the current block's timestamp and L1 number, for the block
    /// objects of later queries.
    fn note_block(&mut self) {
        let block = self.chain.block();
        self.headers.insert(block.number, (block.timestamp, block.l1_number));
    }

    /// The (timestamp, L1 number) of block `number` (the latest recorded at
    /// or below it).
    fn header(&self, number: u64) -> (u64, u64) {
        let block = self.chain.block();
        self.headers.range(..=number).next_back().map_or((block.timestamp, block.l1_number), |(_, h)| *h)
    }

    /// The in-process chain underneath.
    pub fn chain(&mut self) -> &mut Chain {
        &mut self.chain
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
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err(e) => {
                let mut error = json!({"code": e.code, "message": e.message});
                if let Some(data) = e.data {
                    error["data"] = hex_bytes(&data);
                }
                json!({"jsonrpc": "2.0", "id": id, "error": error})
            }
        }
    }

    /// Answers `method` with `params`.
    pub fn handle(&mut self, method: &str, params: &Value) -> RpcResult {
        let p = |i| param(params, i);
        match method {
            "web3_clientVersion" => Ok(json!(concat!("lst-devnode/", env!("CARGO_PKG_VERSION")))),
            "eth_chainId" => Ok(hex_u64(self.chain.block().chain_id)),
            "net_version" => Ok(json!(self.chain.block().chain_id.to_string())),
            "eth_accounts" => Ok(json!(self.accounts)),
            "eth_blockNumber" => Ok(hex_u64(self.chain.block().number)),
            "eth_gasPrice" => Ok(hex_u256(self.chain.block().basefee)),
            "eth_maxPriorityFeePerGas" => Ok(hex_u64(0)),
            "eth_feeHistory" => Ok(self.fee_history(p(0))),
            "eth_getBalance" => Ok(hex_u256(self.chain.balance(parse(p(0), "address")?))),
            "eth_getTransactionCount" => Ok(hex_u64(self.chain.world().account(parse(p(0), "address")?).nonce)),
            "eth_getCode" => {
                let program = self.chain.world().program(parse(p(0), "address")?);
                Ok(hex_bytes(program.map(|p| p.code.clone()).unwrap_or_default().as_ref()))
            }
            "eth_getStorageAt" => {
                let key: U256 = parse(p(1), "slot")?;
                Ok(hex_bytes(self.chain.storage_at(parse(p(0), "address")?, key.into()).as_slice()))
            }
            "eth_call" => self.eth_call(p(0)).map(|out| hex_bytes(&out)),
            "eth_estimateGas" => self.eth_call(p(0)).map(|_| hex_u64(ESTIMATED_GAS)),
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
            "eth_getBlockByNumber" => self.block_json(p(0)),
            "eth_getLogs" => self.get_logs(p(0).unwrap_or(&Value::Null)),
            "evm_mine" => {
                self.chain.mine(1);
                self.note_block();
                Ok(json!("0x0"))
            }
            "evm_increaseTime" => {
                let seconds = parse_quantity(p(0))?;
                let seconds: u64 = seconds.try_into().map_err(|_| RpcError::invalid("seconds out of range"))?;
                self.chain.advance_time(seconds);
                self.note_block();
                Ok(hex_u64(seconds))
            }
            _ => unreachable_method(method),
        }
    }

    fn call_target(call: Option<&Value>) -> Result<(Address, Option<Address>, U256, Vec<u8>), RpcError> {
        let call = call.ok_or_else(|| RpcError::invalid("missing call object"))?;
        let from = match call.get("from") {
            Some(Value::String(s)) => s.parse().map_err(|_| RpcError::invalid("invalid from"))?,
            _ => Address::ZERO,
        };
        let to = match call.get("to") {
            Some(Value::String(s)) => Some(s.parse().map_err(|_| RpcError::invalid("invalid to"))?),
            _ => None,
        };
        let value = parse_quantity(call.get("value"))?;
        let data = parse_bytes(call.get("input").or_else(|| call.get("data")))?;
        Ok((from, to, value, data))
    }

    fn eth_call(&mut self, call: Option<&Value>) -> Result<Vec<u8>, RpcError> {
        let (from, to, value, data) = Self::call_target(call)?;
        let Some(to) = to else {
            // A deployment estimate: check the init code would be accepted.
            let code = code_from_init_code(&data).map_err(RpcError::chain)?;
            self.chain.compile(code).map_err(RpcError::chain)?;
            return Ok(Vec::new());
        };
        let receipt = self.chain.call(from, to, value, &data).map_err(RpcError::chain)?;
        if receipt.success {
            Ok(receipt.output)
        } else {
            Err(RpcError::reverted(&receipt.output))
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
            if id != self.chain.block().chain_id {
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
        })
    }

    /// `eth_sendTransaction` from a dev account (the node signs nothing: it
    /// only knows the dev keys, so it runs the transaction as that account).
    fn send_unsigned(&mut self, call: Option<&Value>) -> RpcResult {
        let (from, to, value, data) = Self::call_target(call)?;
        if !self.accounts.contains(&from) {
            return Err(RpcError::invalid(format!("{from} is not a dev account of this node")));
        }
        let nonce = self.chain.world().account(from).nonce;
        let hash = keccak256([from.as_slice(), &nonce.to_be_bytes(), &data].concat());
        self.mine_tx(Sent { hash, from, to, nonce, value, input: data.into() })
    }

    fn mine_tx(&mut self, tx: Sent) -> RpcResult {
        let Sent { hash, from, to, nonce, value, ref input } = tx;
        if self.by_hash.contains_key(&hash) {
            return Err(RpcError::invalid("transaction already known"));
        }
        let expected = self.chain.world().account(from).nonce;
        if nonce != expected {
            return Err(RpcError::invalid(format!("nonce {nonce} of {from}: expected {expected}")));
        }
        self.chain.mine(1);
        self.note_block();
        let receipt = match to {
            Some(to) => self.chain.send(from, to, value, input),
            None => self.chain.create(from, input, value),
        }
        .map_err(RpcError::chain)?;
        let index = self.txs.len();
        let first_log = self.logs.len();
        self.logs.extend(receipt.logs.iter().cloned().map(|l| (index, l)));
        self.txs.push(Mined { sent: tx, receipt, first_log });
        self.by_hash.insert(hash, index);
        Ok(json!(hash))
    }

    fn log_json(&self, tx_index: usize, log_index: usize, log: &Log) -> Value {
        let tx = &self.txs[tx_index];
        json!({
            "address": log.address,
            "topics": log.topics(),
            "data": hex_bytes(&log.data.data),
            "blockNumber": hex_u64(tx.receipt.block_number),
            "blockHash": block_hash(tx.receipt.block_number),
            "transactionHash": tx.sent.hash,
            "transactionIndex": "0x0",
            "logIndex": hex_u64(log_index as u64),
            "removed": false,
        })
    }

    fn receipt_json(&self, index: usize) -> Value {
        let tx = &self.txs[index];
        let r = &tx.receipt;
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
            "cumulativeGasUsed": hex_u64(r.fuel),
            "gasUsed": hex_u64(r.fuel),
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
        json!({
            "hash": tx.sent.hash,
            "nonce": hex_u64(tx.sent.nonce),
            "blockHash": block_hash(tx.receipt.block_number),
            "blockNumber": hex_u64(tx.receipt.block_number),
            "transactionIndex": "0x0",
            "from": tx.sent.from,
            "to": tx.sent.to,
            "value": hex_u256(tx.sent.value),
            "gas": hex_u64(ESTIMATED_GAS),
            "gasPrice": hex_u256(self.chain.block().basefee),
            "maxFeePerGas": hex_u256(self.chain.block().basefee),
            "maxPriorityFeePerGas": "0x0",
            "input": hex_bytes(&tx.sent.input),
            "type": "0x2",
            "chainId": hex_u64(self.chain.block().chain_id),
            "accessList": [],
            "v": "0x0", "yParity": "0x0", "r": "0x0", "s": "0x0",
        })
    }

    fn block_number(&self, tag: Option<&Value>) -> Result<u64, RpcError> {
        let latest = self.chain.block().number;
        match tag.and_then(Value::as_str) {
            None | Some("latest" | "pending" | "safe" | "finalized") => Ok(latest),
            Some("earliest") => Ok(0),
            Some(s) => {
                let n: U256 = s.parse().map_err(|_| RpcError::invalid(format!("invalid block {s}")))?;
                n.try_into().map_err(|_| RpcError::invalid(format!("invalid block {s}")))
            }
        }
    }

    fn block_json(&self, tag: Option<&Value>) -> RpcResult {
        let number = self.block_number(tag)?;
        if number > self.chain.block().number {
            return Ok(Value::Null);
        }
        let txs: Vec<B256> =
            self.txs.iter().filter(|t| t.receipt.block_number == number).map(|t| t.sent.hash).collect();
        let zero32 = B256::ZERO;
        let (timestamp, l1_number) = self.header(number);
        Ok(json!({
            "number": hex_u64(number),
            "hash": block_hash(number),
            "parentHash": if number == 0 { zero32 } else { block_hash(number - 1) },
            "timestamp": hex_u64(timestamp),
            // Arbitrum's field: the L1 block number programs read as
            // `block.number` in this block.
            "l1BlockNumber": hex_u64(l1_number),
            "baseFeePerGas": hex_u256(self.chain.block().basefee),
            "gasLimit": hex_u64(self.chain.block().gas_limit),
            "gasUsed": "0x0",
            "miner": self.chain.block().coinbase,
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
        }))
    }

    fn fee_history(&self, count: Option<&Value>) -> Value {
        let count = parse_quantity(count).ok().and_then(|c| u64::try_from(c).ok()).unwrap_or(1).clamp(1, 1024);
        let latest = self.chain.block().number;
        let count = count.min(latest.saturating_add(1));
        let fee = hex_u256(self.chain.block().basefee);
        json!({
            "oldestBlock": hex_u64(latest + 1 - count),
            "baseFeePerGas": vec![fee; count as usize + 1],
            "gasUsedRatio": vec![0.0; count as usize],
            "reward": vec![vec!["0x0"]; count as usize],
        })
    }

    fn get_logs(&self, filter: &Value) -> RpcResult {
        let from = self.block_number(filter.get("fromBlock").filter(|v| !v.is_null()))?;
        let to = self.block_number(filter.get("toBlock").filter(|v| !v.is_null()))?;
        let from = if filter.get("fromBlock").is_none_or(Value::is_null) { self.chain.block().number } else { from };
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
        Ok(Value::Array(
            self.logs
                .iter()
                .enumerate()
                .filter(|(_, (tx, log))| {
                    let block = self.txs[*tx].receipt.block_number;
                    (from..=to).contains(&block) && matches(log)
                })
                .map(|(i, (tx, log))| self.log_json(*tx, i, log))
                .collect(),
        ))
    }
}

fn unreachable_method(method: &str) -> RpcResult {
    Err(RpcError { code: -32601, message: format!("method not supported by lst-devnode: {method}"), data: None })
}

/// Gives each dev account [`DEV_BALANCE`]; returns their addresses.
pub fn fund_dev_accounts(chain: &mut Chain) -> Result<Vec<Address>, ChainError> {
    dev_keys()
        .into_iter()
        .map(|key| {
            let address = address_of(key)?;
            chain.fund(address, DEV_BALANCE);
            Ok(address)
        })
        .collect()
}

/// The address of private key `key`.
pub fn address_of(key: B256) -> Result<Address, ChainError> {
    lst_client::dev::address_of(key).ok_or_else(|| ChainError::Engine("dev key: not a secp256k1 secret key".into()))
}

/// Serves `node` over HTTP on `addr` (e.g. `127.0.0.1:8547`) until the
/// process ends. Calls `ready` with the bound address once listening.
pub fn serve(mut node: Node, addr: &str, ready: impl FnOnce(std::net::SocketAddr)) -> Result<(), String> {
    let server = tiny_http::Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = server.server_addr().to_ip().ok_or("not an IP listener")?;
    ready(bound);
    for mut request in server.incoming_requests() {
        let mut body = String::new();
        let response = match request.as_reader().read_to_string(&mut body) {
            Err(e) => json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": e.to_string()}}),
            Ok(_) => match serde_json::from_str::<Value>(&body) {
                Ok(v) => node.handle_json(&v),
                Err(e) => {
                    json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": format!("parse error: {e}")}})
                }
            },
        };
        let header =
            tiny_http::Header::from_bytes("Content-Type", "application/json").map_err(|()| "bad header".to_string())?;
        let reply = tiny_http::Response::from_string(response.to_string()).with_header(header);
        // A client that hung up is its own problem; keep serving.
        let _ = request.respond(reply);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dev_balance_is_ten_thousand_ether() {
        assert_eq!(DEV_BALANCE, U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18)));
    }

    #[test]
    fn dev_accounts_are_funded() {
        let mut node = Node::new(412_346).unwrap();
        let accounts = node.handle("eth_accounts", &json!([])).unwrap();
        let first = accounts[0].as_str().unwrap().to_owned();
        assert_eq!(node.handle("eth_getBalance", &json!([first, "latest"])).unwrap(), hex_u256(DEV_BALANCE));
        assert_eq!(node.handle("eth_chainId", &json!([])).unwrap(), json!("0x64aba"));
    }

    fn quantity(v: &Value) -> u64 {
        u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
    }

    #[test]
    fn blocks_carry_an_l1_number_apart_from_the_l2_number() {
        let mut node = Node::new(412_346).unwrap();
        let block = node.handle("eth_getBlockByNumber", &json!(["latest", false])).unwrap();
        let l2 = quantity(&node.handle("eth_blockNumber", &json!([])).unwrap());
        assert_eq!(quantity(&block["number"]), l2);
        assert_eq!(quantity(&block["l1BlockNumber"]), crate::L1_GENESIS_BLOCK);
        assert_ne!(quantity(&block["l1BlockNumber"]), l2);
    }

    #[test]
    fn the_l1_number_follows_the_clock_not_the_l2_blocks() {
        let mut node = Node::new(1).unwrap();
        let l1 = |node: &mut Node| {
            quantity(&node.handle("eth_getBlockByNumber", &json!(["latest", false])).unwrap()["l1BlockNumber"])
        };
        let start = l1(&mut node);
        for _ in 0..5 {
            node.handle("evm_mine", &json!([])).unwrap();
        }
        assert_eq!(l1(&mut node), start, "five 1-second L2 blocks are no L1 block");
        node.handle("evm_increaseTime", &json!([crate::L1_BLOCK_SECS * 3])).unwrap();
        node.handle("evm_mine", &json!([])).unwrap();
        assert_eq!(l1(&mut node), start + 3);
        // An older block keeps the numbers it had.
        let first = node.handle("eth_getBlockByNumber", &json!(["0x1", false])).unwrap();
        assert_eq!(quantity(&first["l1BlockNumber"]), start);
    }

    #[test]
    fn arb_sys_answers_the_l2_block_number_and_the_chain_id() {
        let mut node = Node::new(412_346).unwrap();
        node.handle("evm_mine", &json!([])).unwrap();
        let call = |node: &mut Node, data: &str| {
            node.handle("eth_call", &json!([{"to": crate::ARB_SYS, "data": data}, "latest"])).unwrap()
        };
        let l2 = quantity(&node.handle("eth_blockNumber", &json!([])).unwrap());
        assert_eq!(quantity(&call(&mut node, "0xa3b1b31d")), l2);
        assert_eq!(quantity(&call(&mut node, "0xd127f54a")), 412_346);
        let unknown = node.handle("eth_call", &json!([{"to": crate::ARB_SYS, "data": "0x12345678"}, "latest"]));
        assert!(unknown.is_err());
    }

    #[test]
    fn unknown_methods_are_named_in_the_error() {
        let mut node = Node::new(1).unwrap();
        let err = node.handle("debug_traceTransaction", &json!([])).unwrap_err();
        assert_eq!(err.code, -32601);
        assert!(err.message.contains("debug_traceTransaction"));
    }

    use alloy_consensus::{SignableTransaction, TxEip1559, TxLegacy};
    use alloy_eips::eip2718::Encodable2718;
    use alloy_primitives::{Signature, TxKind};

    fn sign<T: SignableTransaction<Signature>>(tx: T, key: B256) -> Vec<u8>
    where
        TxEnvelope: From<alloy_consensus::Signed<T>>,
    {
        let signing = k256::ecdsa::SigningKey::from_slice(key.as_slice()).unwrap();
        let signature: Signature = signing.sign_prehash_recoverable(tx.signature_hash().as_slice()).unwrap().into();
        TxEnvelope::from(tx.into_signed(signature)).encoded_2718()
    }

    fn receipt_status(node: &mut Node, hash: &Value) -> Value {
        node.handle("eth_getTransactionReceipt", &json!([hash])).unwrap()["status"].clone()
    }

    const CHAIN: u64 = 412_346;
    const TO: Address = Address::repeat_byte(0x77);

    fn legacy(nonce: u64, chain_id: Option<u64>) -> TxLegacy {
        TxLegacy {
            chain_id,
            nonce,
            gas_price: 100_000_000,
            gas_limit: 21_000,
            to: TxKind::Call(TO),
            value: U256::from(5),
            input: Bytes::new(),
        }
    }

    #[test]
    fn a_signed_legacy_transaction_moves_value_and_has_a_receipt() {
        let mut node = Node::new(CHAIN).unwrap();
        let key = dev_keys()[0];
        let raw = sign(legacy(0, Some(CHAIN)), key);
        let hash = node.handle("eth_sendRawTransaction", &json!([hex::encode_prefixed(raw)])).unwrap();
        assert_eq!(receipt_status(&mut node, &hash), json!("0x1"));
        assert_eq!(node.handle("eth_getBalance", &json!([TO])).unwrap(), json!("0x5"));
        assert_eq!(node.handle("eth_getTransactionCount", &json!([address_of(key).unwrap()])).unwrap(), json!("0x1"));
        assert_eq!(node.handle("eth_blockNumber", &json!([])).unwrap(), json!("0x2"));
    }

    #[test]
    fn a_signed_eip1559_transaction_is_accepted() {
        let mut node = Node::new(CHAIN).unwrap();
        let tx = TxEip1559 {
            chain_id: CHAIN,
            nonce: 0,
            gas_limit: 21_000,
            max_fee_per_gas: 200_000_000,
            max_priority_fee_per_gas: 0,
            to: TxKind::Call(TO),
            value: U256::from(9),
            access_list: Default::default(),
            input: Bytes::new(),
        };
        let raw = sign(tx, dev_keys()[1]);
        let hash = node.handle("eth_sendRawTransaction", &json!([hex::encode_prefixed(raw)])).unwrap();
        assert_eq!(receipt_status(&mut node, &hash), json!("0x1"));
        assert_eq!(node.handle("eth_getBalance", &json!([TO])).unwrap(), json!("0x9"));
    }

    #[test]
    fn a_transaction_for_another_chain_or_out_of_order_is_refused() {
        let mut node = Node::new(CHAIN).unwrap();
        let other_chain = sign(legacy(0, Some(1)), dev_keys()[0]);
        let err = node.handle("eth_sendRawTransaction", &json!([hex::encode_prefixed(other_chain)])).unwrap_err();
        assert!(err.message.contains("wrong chain id 1"), "{}", err.message);
        let gap = sign(legacy(3, Some(CHAIN)), dev_keys()[0]);
        let err = node.handle("eth_sendRawTransaction", &json!([hex::encode_prefixed(gap)])).unwrap_err();
        assert!(err.message.contains("expected 0"), "{}", err.message);
        assert_eq!(node.handle("eth_getBalance", &json!([TO])).unwrap(), json!("0x0"));
    }

    #[test]
    fn get_logs_filters_by_block_address_and_topics() {
        let mut node = Node::new(CHAIN).unwrap();
        let (a, b) = (Address::repeat_byte(1), Address::repeat_byte(2));
        let (t1, t2) = (B256::repeat_byte(0xa1), B256::repeat_byte(0xa2));
        // Three mined transactions' logs, in blocks 2, 3 and 4.
        for (i, (address, topic)) in [(a, t1), (b, t1), (a, t2)].into_iter().enumerate() {
            let log = Log::new_unchecked(address, vec![topic], Bytes::new());
            let receipt = Receipt {
                success: true,
                output: Vec::new(),
                logs: vec![log.clone()],
                fuel: 1,
                contract_address: None,
                block_number: i as u64 + 2,
            };
            let first_log = node.logs.len();
            node.logs.push((i, log));
            node.txs.push(Mined {
                sent: Sent {
                    hash: B256::with_last_byte(i as u8),
                    from: a,
                    to: Some(b),
                    nonce: 0,
                    value: U256::ZERO,
                    input: Bytes::new(),
                },
                receipt,
                first_log,
            });
            node.chain.mine(1);
        }
        let count = |node: &mut Node, filter: Value| {
            node.handle("eth_getLogs", &json!([filter])).unwrap().as_array().unwrap().len()
        };
        assert_eq!(count(&mut node, json!({"fromBlock": "0x0"})), 3);
        assert_eq!(count(&mut node, json!({"fromBlock": "0x0", "address": a})), 2);
        assert_eq!(count(&mut node, json!({"fromBlock": "0x0", "address": [a, b], "topics": [t1]})), 2);
        assert_eq!(count(&mut node, json!({"fromBlock": "0x0", "topics": [[t2, B256::ZERO]]})), 1);
        assert_eq!(count(&mut node, json!({"fromBlock": "0x3", "toBlock": "0x3"})), 1);
        assert_eq!(count(&mut node, json!({})), 1, "no fromBlock: the latest block only");
    }

    #[test]
    fn a_reverting_call_answers_error_3_with_the_revert_data() {
        let mut node = Node::new(CHAIN).unwrap();
        let from = node.accounts[0];
        // The deployer refuses empty init code with EmptyBytecode().
        let data = lst_client::stylus::deploy_calldata(&[], &[], U256::ZERO, B256::ZERO);
        let err = node
            .handle(
                "eth_call",
                &json!([{"from": from, "to": crate::STYLUS_DEPLOYER, "data": hex::encode_prefixed(data)}]),
            )
            .unwrap_err();
        assert_eq!(err.code, 3);
        assert_eq!(err.data.unwrap().as_ref(), keccak256("EmptyBytecode()")[..4].to_vec().as_slice());
    }

    #[test]
    fn evm_bytecode_deployment_is_a_clear_error() {
        let mut node = Node::new(1).unwrap();
        let from = node.accounts[0];
        let err = node.handle("eth_sendTransaction", &json!([{"from": from, "data": "0x6080604052"}])).unwrap_err();
        assert!(err.message.contains("EVM bytecode is not supported"), "{}", err.message);
    }
}
