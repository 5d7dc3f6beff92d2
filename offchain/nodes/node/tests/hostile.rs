//! What a hostile or careless caller sends: numbers out of range, wrong
//! types, empty and oversized batches, a panic inside the chain. Each is
//! refused by a named JSON-RPC error (or answered as an internal error),
//! changes nothing, and the node answers the next request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use alloy_primitives::{Address, B256, U256};
use alloy_rpc_types_eth::state::AccountOverride;
use lst_client::Platform;
use lst_node::engine::{Engine, EngineError, Executed, Head, StylusEngine};
use lst_node::rpc::{Node, MAX_BATCH, MAX_LOG_RANGE, MAX_MINE_BLOCKS, MAX_TIMESTAMP};
use lst_node::{build, Config};
use serde_json::{json, Value};

const PLATFORMS: [Platform; 2] = [Platform::Stylus, Platform::Ink];

fn node(platform: Platform) -> Node {
    build(&Config::new(platform)).unwrap()
}

fn request(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
}

/// The error code of `method(params)`, checking the node still answers
/// `eth_blockNumber` with the head it had before.
fn refused(node: &mut Node, method: &str, params: Value) -> i64 {
    let head = node.handle_json(&request("eth_blockNumber", json!([])));
    let answer = node.handle_json(&request(method, params.clone()));
    let code = answer["error"]["code"].as_i64().unwrap_or_else(|| panic!("{method} {params}: {answer}"));
    assert!(answer["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{answer}");
    assert_eq!(node.handle_json(&request("eth_blockNumber", json!([]))), head, "{method} changed nothing");
    code
}

fn quantity(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

fn timestamp(node: &mut Node) -> u64 {
    quantity(&node.handle_json(&request("eth_getBlockByNumber", json!(["latest", false])))["result"]["timestamp"])
}

#[test]
fn a_time_step_past_the_year_9999_is_refused_and_the_clock_stays() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let before = timestamp(&mut node);
        for method in ["evm_increaseTime", "anvil_increaseTime"] {
            assert_eq!(refused(&mut node, method, json!(["0xffffffffffffffff"])), -32602, "{platform:?}");
            assert_eq!(refused(&mut node, method, json!([MAX_TIMESTAMP])), -32602, "{platform:?}");
        }
        assert_eq!(timestamp(&mut node), before, "{platform:?}");
        // The largest step that fits is taken.
        let room = MAX_TIMESTAMP - before;
        let answer = node.handle_json(&request("evm_increaseTime", json!([room])));
        assert!(answer.get("result").is_some(), "{platform:?}: {answer}");
        assert_eq!(timestamp(&mut node), MAX_TIMESTAMP, "{platform:?}");
    }
}

#[test]
fn mining_more_blocks_than_the_cap_in_one_request_is_refused_at_once() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        for method in ["anvil_mine", "hardhat_mine"] {
            assert_eq!(refused(&mut node, method, json!(["0xffffffffffff"])), -32602, "{platform:?}");
            assert_eq!(refused(&mut node, method, json!([MAX_MINE_BLOCKS + 1])), -32602, "{platform:?}");
        }
    }
}

#[test]
fn a_mine_interval_that_would_overflow_the_clock_is_refused() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let code = refused(&mut node, "anvil_mine", json!(["0x2", "0xffffffffffffffff"]));
        assert_eq!(code, -32602, "{platform:?}");
    }
}

#[test]
fn the_cap_of_blocks_is_mined_in_one_request() {
    let mut node = node(Platform::Stylus);
    let answer = node.handle_json(&request("anvil_mine", json!([MAX_MINE_BLOCKS])));
    assert!(answer.get("result").is_some(), "{answer}");
    assert_eq!(node.head(), 1 + MAX_MINE_BLOCKS);
}

#[test]
fn a_log_query_over_more_blocks_than_the_cap_is_refused_and_one_within_it_answered() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        node.handle_json(&request("anvil_mine", json!([MAX_LOG_RANGE])));
        let wide = json!([{"fromBlock": "0x0", "toBlock": "latest"}]);
        assert_eq!(refused(&mut node, "eth_getLogs", wide.clone()), -32602, "{platform:?}");
        let id = node.handle_json(&request("eth_newFilter", json!([{"fromBlock": "0x0"}])))["result"].clone();
        assert!(id.is_string(), "{platform:?}: a filter from far back is installed (its changes come block by block)");
        let answer = node.handle_json(&request("eth_getFilterLogs", json!([id])));
        assert_eq!(answer["error"]["code"], json!(-32602), "{platform:?}: {answer}");
        let head = node.head();
        let within = json!([{"fromBlock": format!("{:#x}", head - MAX_LOG_RANGE + 1), "toBlock": "latest"}]);
        let answer = node.handle_json(&request("eth_getLogs", within));
        assert_eq!(answer["result"], json!([]), "{platform:?}: {answer}");
    }
}

#[test]
fn a_log_range_that_ends_before_it_starts_is_refused() {
    let mut node = node(Platform::Stylus);
    node.handle_json(&request("anvil_mine", json!(["0x5"])));
    assert_eq!(refused(&mut node, "eth_getLogs", json!([{"fromBlock": "0x4", "toBlock": "0x2"}])), -32602);
}

#[test]
fn wrong_typed_parameters_are_invalid_params_never_a_default() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let cases = [
            ("eth_getBlockByNumber", json!([1, false])),
            ("eth_getBlockByNumber", json!(["latest", "yes"])),
            ("eth_getBlockByNumber", json!([{"number": 1}])),
            ("eth_getBlockByNumber", json!(["soon"])),
            ("eth_getBlockByHash", json!([format!("{}", B256::ZERO), 1])),
            ("eth_getLogs", json!(["latest"])),
            ("eth_getLogs", json!([{"fromBlock": true}])),
            ("eth_getLogs", json!([{"address": 5}])),
            ("eth_getLogs", json!([{"topics": "0x00"}])),
            ("eth_getLogs", json!([])),
            ("eth_newFilter", json!([{"toBlock": []}])),
            ("eth_feeHistory", json!(["0x0", "latest", []])),
            ("eth_feeHistory", json!(["0x401", "latest", []])),
            ("eth_feeHistory", json!(["0x1", "latest", [101]])),
            ("eth_feeHistory", json!(["0x1", "latest", "25"])),
            ("eth_feeHistory", json!([])),
            ("eth_getBalance", json!([Address::ZERO, 7])),
            ("eth_sendRawTransaction", json!([1234])),
            ("web3_sha3", json!([{"data": "0x"}])),
            ("eth_getBlockByNumber", json!({"block": "latest"})),
        ];
        for (method, params) in cases {
            assert_eq!(refused(&mut node, method, params.clone()), -32602, "{platform:?}: {method} {params}");
        }
    }
}

#[test]
fn state_at_an_earlier_or_later_block_is_refused_by_name_not_answered_from_the_latest() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        node.handle_json(&request("evm_mine", json!([])));
        let who = Address::ZERO;
        assert_eq!(refused(&mut node, "eth_getBalance", json!([who, "0x1"])), -32000, "{platform:?}");
        assert_eq!(refused(&mut node, "eth_getBalance", json!([who, "0x99"])), -32000, "{platform:?}");
        let head = node.handle_json(&request("eth_blockNumber", json!([])))["result"].clone();
        for at in [head, json!("latest"), json!({"blockNumber": "latest"})] {
            let answer = node.handle_json(&request("eth_getBalance", json!([who, at])));
            assert!(answer.get("result").is_some(), "{platform:?}: {answer}");
        }
    }
}

#[test]
fn an_empty_batch_is_an_invalid_request() {
    for platform in PLATFORMS {
        let answer = node(platform).handle_json(&json!([]));
        assert_eq!(answer["error"]["code"], json!(-32600), "{platform:?}: {answer}");
        assert_eq!(answer["id"], Value::Null);
    }
}

#[test]
fn a_batch_over_the_cap_is_an_invalid_request_and_one_at_the_cap_is_answered() {
    let mut node = node(Platform::Stylus);
    let one = request("eth_chainId", json!([]));
    let answer = node.handle_json(&Value::Array(vec![one.clone(); MAX_BATCH + 1]));
    assert_eq!(answer["error"]["code"], json!(-32600), "{answer}");
    let answer = node.handle_json(&Value::Array(vec![one; MAX_BATCH]));
    assert_eq!(answer.as_array().map(Vec::len), Some(MAX_BATCH));
}

#[test]
fn a_batch_member_that_is_not_a_request_object_is_an_invalid_request_beside_the_answers() {
    let mut node = node(Platform::Stylus);
    let answer = node
        .handle_json(&json!([1, request("eth_chainId", json!([])), {"id": 3}, [request("eth_chainId", json!([]))]]));
    let codes: Vec<Value> = answer.as_array().unwrap().iter().map(|a| a["error"]["code"].clone()).collect();
    assert_eq!(codes, [json!(-32600), Value::Null, json!(-32600), json!(-32600)], "{answer}");
    assert_eq!(answer[1]["result"], json!("0x64aba"));
}

#[test]
fn snapshots_and_filters_are_capped() {
    let mut node = node(Platform::Stylus);
    for _ in 0..lst_node::rpc::MAX_SNAPSHOTS {
        assert!(node.handle_json(&request("evm_snapshot", json!([]))).get("result").is_some());
    }
    assert_eq!(refused(&mut node, "evm_snapshot", json!([])), -32000);
    for _ in 0..lst_node::rpc::MAX_FILTERS {
        assert!(node.handle_json(&request("eth_newBlockFilter", json!([]))).get("result").is_some());
    }
    assert_eq!(refused(&mut node, "eth_newBlockFilter", json!([])), -32000);
    // Uninstalling one makes room.
    node.handle_json(&request("eth_uninstallFilter", json!(["0x1"])));
    assert!(node.handle_json(&request("eth_newBlockFilter", json!([]))).get("result").is_some());
}

/// The Stylus engine, except that reading a balance panics: a bug deep in
/// an engine, as a request would meet it.
struct PanicsOnBalance(StylusEngine);

impl Engine for PanicsOnBalance {
    fn platform(&self) -> Platform {
        self.0.platform()
    }
    fn chain_id(&mut self) -> u64 {
        self.0.chain_id()
    }
    fn head(&mut self) -> Head {
        self.0.head()
    }
    fn base_fee(&self) -> U256 {
        self.0.base_fee()
    }
    fn gas_limit(&self) -> u64 {
        self.0.gas_limit()
    }
    fn balance(&mut self, account: Address) -> Result<U256, EngineError> {
        panic!("a bug reading the balance of {account}")
    }
    fn set_balance(&mut self, account: Address, wei: U256) -> Result<(), EngineError> {
        self.0.set_balance(account, wei)
    }
    fn nonce(&mut self, account: Address) -> Result<u64, EngineError> {
        self.0.nonce(account)
    }
    fn code(&mut self, account: Address) -> Result<Vec<u8>, EngineError> {
        self.0.code(account)
    }
    fn storage_at(&mut self, account: Address, slot: B256) -> Result<B256, EngineError> {
        self.0.storage_at(account, slot)
    }
    fn dry_run(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
    ) -> Result<Executed, EngineError> {
        self.0.dry_run(from, to, value, data)
    }
    fn transact(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
        gas: u64,
    ) -> Result<Executed, EngineError> {
        self.0.transact(from, to, value, data, gas)
    }
    fn mine(&mut self) {
        self.0.mine();
    }
    fn advance_time(&mut self, seconds: u64) {
        self.0.advance_time(seconds);
    }
    fn snapshot(&mut self) -> Result<Box<dyn Engine>, EngineError> {
        self.0.snapshot()
    }
    fn set_code(&mut self, account: Address, code: &[u8]) -> Result<(), EngineError> {
        self.0.set_code(account, code)
    }
    fn override_account(&mut self, account: Address, with: &AccountOverride) -> Result<(), EngineError> {
        self.0.override_account(account, with)
    }
}

#[test]
fn a_panic_while_answering_is_an_internal_error_and_the_node_keeps_serving() {
    let engine = PanicsOnBalance(StylusEngine::new(412_346, &[]).unwrap());
    let mut node = Node::new(Box::new(engine), Vec::new());
    let answer = node.handle_json(&request("eth_getBalance", json!([Address::ZERO])));
    assert_eq!(answer["error"]["code"], json!(-32603), "{answer}");
    assert!(answer["error"]["message"].as_str().unwrap().contains("a bug reading the balance"), "{answer}");
    assert_eq!(answer["id"], json!(1));
    assert_eq!(node.handle_json(&request("eth_blockNumber", json!([])))["result"], json!("0x1"));
    let batch = node
        .handle_json(&json!([request("eth_getBalance", json!([Address::ZERO])), request("eth_chainId", json!([]))]));
    assert_eq!(batch[0]["error"]["code"], json!(-32603));
    assert_eq!(batch[1]["result"], json!("0x64aba"), "the rest of a batch is answered");
}
