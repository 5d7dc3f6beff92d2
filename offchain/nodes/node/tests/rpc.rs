//! The JSON-RPC layer on both engines, without contracts: accounts, value
//! transfers, signed transactions, blocks, filters, snapshots, the helpers
//! and the state file. (The contracts over JSON-RPC are lst-e2e's.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope, TxLegacy};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{hex, keccak256, Address, Bytes, Signature, TxKind, B256, U256};
use lst_client::{dev, Platform};
use lst_node::{build, rpc::Node, Config};
use serde_json::{json, Value};

const PLATFORMS: [Platform; 2] = [Platform::Stylus, Platform::Ink];
const TO: Address = Address::repeat_byte(0x77);

fn node(platform: Platform) -> Node {
    build(&Config::new(platform)).unwrap()
}

fn chain_id(platform: Platform) -> u64 {
    Config::new(platform).chain_id
}

fn quantity(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

fn call(node: &mut Node, method: &str, params: Value) -> Value {
    node.handle(method, &params).unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

fn sign<T: SignableTransaction<Signature>>(tx: T, key: B256) -> String
where
    TxEnvelope: From<alloy_consensus::Signed<T>>,
{
    let signing = k256::ecdsa::SigningKey::from_slice(key.as_slice()).unwrap();
    let signature: Signature = signing.sign_prehash_recoverable(tx.signature_hash().as_slice()).unwrap().into();
    hex::encode_prefixed(TxEnvelope::from(tx.into_signed(signature)).encoded_2718())
}

fn legacy(nonce: u64, chain_id: Option<u64>, value: u64) -> TxLegacy {
    TxLegacy {
        chain_id,
        nonce,
        gas_price: 100_000_000,
        gas_limit: 21_000_000,
        to: TxKind::Call(TO),
        value: U256::from(value),
        input: Bytes::new(),
    }
}

fn transfer(node: &mut Node, value: u64) -> Value {
    let from = dev::dev_accounts()[0];
    call(node, "eth_sendTransaction", json!([{"from": from, "to": TO, "value": format!("{value:#x}")}]))
}

#[test]
fn the_dev_accounts_are_listed_and_funded_on_both_platforms() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let accounts = call(&mut node, "eth_accounts", json!([]));
        assert_eq!(accounts.as_array().unwrap().len(), 10, "{platform:?}");
        let first = accounts[0].clone();
        assert_eq!(
            call(&mut node, "eth_getBalance", json!([first, "latest"])),
            json!(format!("{:#x}", dev::DEV_BALANCE))
        );
    }
}

#[test]
fn each_platform_answers_its_chain_id_and_names_itself() {
    let mut stylus = node(Platform::Stylus);
    assert_eq!(call(&mut stylus, "eth_chainId", json!([])), json!("0x64aba"));
    assert!(call(&mut stylus, "web3_clientVersion", json!([])).as_str().unwrap().ends_with("/stylus"));
    let mut ink = node(Platform::Ink);
    assert_eq!(quantity(&call(&mut ink, "eth_chainId", json!([]))), 420_420_420);
    assert!(call(&mut ink, "web3_clientVersion", json!([])).as_str().unwrap().ends_with("/ink"));
}

#[test]
fn only_stylus_blocks_carry_an_l1_block_number() {
    let mut stylus = node(Platform::Stylus);
    let block = call(&mut stylus, "eth_getBlockByNumber", json!(["latest", false]));
    assert_eq!(quantity(&block["l1BlockNumber"]), lst_devnode::L1_GENESIS_BLOCK);
    let mut ink = node(Platform::Ink);
    let block = call(&mut ink, "eth_getBlockByNumber", json!(["latest", false]));
    assert!(block.get("l1BlockNumber").is_none());
}

#[test]
fn the_l1_number_follows_the_clock_not_the_l2_blocks() {
    let mut node = node(Platform::Stylus);
    let l1 = |node: &mut Node| quantity(&call(node, "eth_getBlockByNumber", json!(["latest", false]))["l1BlockNumber"]);
    let start = l1(&mut node);
    call(&mut node, "anvil_mine", json!(["0x5"]));
    assert_eq!(l1(&mut node), start, "five 1-second L2 blocks are no L1 block");
    call(&mut node, "evm_increaseTime", json!([lst_devnode::L1_BLOCK_SECS * 3]));
    call(&mut node, "evm_mine", json!([]));
    assert_eq!(l1(&mut node), start + 3);
    let first = call(&mut node, "eth_getBlockByNumber", json!(["0x1", false]));
    assert_eq!(quantity(&first["l1BlockNumber"]), start, "an older block keeps its numbers");
}

#[test]
fn arb_sys_answers_the_l2_block_number_and_the_chain_id_on_stylus() {
    let mut node = node(Platform::Stylus);
    call(&mut node, "evm_mine", json!([]));
    let l2 = quantity(&call(&mut node, "eth_blockNumber", json!([])));
    let arb = |node: &mut Node, data: &str| call(node, "eth_call", json!([{"to": lst_devnode::ARB_SYS, "data": data}]));
    assert_eq!(quantity(&arb(&mut node, "0xa3b1b31d")), l2);
    assert_eq!(quantity(&arb(&mut node, "0xd127f54a")), 412_346);
}

#[test]
fn unknown_methods_are_named_in_the_error() {
    for platform in PLATFORMS {
        let err = node(platform).handle("debug_traceTransaction", &json!([])).unwrap_err();
        assert_eq!(err.code, -32601);
        assert!(err.message.contains("debug_traceTransaction"), "{}", err.message);
    }
}

#[test]
fn a_signed_legacy_transaction_moves_value_and_has_a_receipt_on_both_platforms() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let key = dev::dev_keys()[0];
        let hash =
            call(&mut node, "eth_sendRawTransaction", json!([sign(legacy(0, Some(chain_id(platform)), 5), key)]));
        let receipt = call(&mut node, "eth_getTransactionReceipt", json!([hash]));
        assert_eq!(receipt["status"], json!("0x1"), "{platform:?}");
        assert_eq!(call(&mut node, "eth_getBalance", json!([TO])), json!("0x5"), "{platform:?}");
        assert_eq!(call(&mut node, "eth_getTransactionCount", json!([dev::address_of(key).unwrap()])), json!("0x1"));
        assert_eq!(call(&mut node, "eth_blockNumber", json!([])), json!("0x2"));
        assert_eq!(call(&mut node, "eth_getTransactionByHash", json!([hash]))["hash"], hash);
    }
}

#[test]
fn a_signed_eip1559_transaction_is_accepted_on_both_platforms() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let tx = TxEip1559 {
            chain_id: chain_id(platform),
            nonce: 0,
            gas_limit: 21_000_000,
            max_fee_per_gas: 200_000_000,
            max_priority_fee_per_gas: 0,
            to: TxKind::Call(TO),
            value: U256::from(9),
            access_list: Default::default(),
            input: Bytes::new(),
        };
        let hash = call(&mut node, "eth_sendRawTransaction", json!([sign(tx, dev::dev_keys()[1])]));
        assert_eq!(call(&mut node, "eth_getTransactionReceipt", json!([hash]))["status"], json!("0x1"));
        assert_eq!(call(&mut node, "eth_getBalance", json!([TO])), json!("0x9"), "{platform:?}");
    }
}

#[test]
fn a_transaction_for_another_chain_or_out_of_order_or_over_the_block_gas_is_refused_and_changes_nothing() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let key = dev::dev_keys()[0];
        let err = node.handle("eth_sendRawTransaction", &json!([sign(legacy(0, Some(1), 5), key)])).unwrap_err();
        assert!(err.message.contains("wrong chain id 1"), "{}", err.message);
        let gap = sign(legacy(3, Some(chain_id(platform)), 5), key);
        let err = node.handle("eth_sendRawTransaction", &json!([gap])).unwrap_err();
        assert!(err.message.contains("expected 0"), "{}", err.message);
        let huge = TxLegacy { gas_limit: u64::MAX / 2, ..legacy(0, Some(chain_id(platform)), 5) };
        let err = node.handle("eth_sendRawTransaction", &json!([sign(huge, key)])).unwrap_err();
        assert!(err.message.contains("exceeds the block gas limit"), "{}", err.message);
        assert_eq!(call(&mut node, "eth_getBalance", json!([TO])), json!("0x0"));
        assert_eq!(call(&mut node, "eth_blockNumber", json!([])), json!("0x1"), "nothing was mined");
    }
}

#[test]
fn sending_from_an_account_the_node_does_not_hold_is_refused() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let err = node
            .handle("eth_sendTransaction", &json!([{"from": Address::repeat_byte(9), "to": TO, "value": "0x1"}]))
            .unwrap_err();
        assert!(err.message.contains("is not a dev account"), "{}", err.message);
    }
}

#[test]
fn a_reverting_call_answers_error_3_with_the_revert_data_on_stylus() {
    let mut node = node(Platform::Stylus);
    let from = dev::dev_accounts()[0];
    // The StylusDeployer refuses empty init code with EmptyBytecode().
    let data = lst_client::stylus::deploy_calldata(&[], &[], U256::ZERO, B256::ZERO);
    let err = node
        .handle(
            "eth_call",
            &json!([{"from": from, "to": lst_devnode::STYLUS_DEPLOYER, "data": hex::encode_prefixed(data)}]),
        )
        .unwrap_err();
    assert_eq!(err.code, 3);
    assert_eq!(err.data.unwrap().as_ref(), &keccak256("EmptyBytecode()")[..4]);
}

#[test]
fn code_the_platform_cannot_run_is_refused_by_name_and_mines_nothing() {
    let from = dev::dev_accounts()[0];
    let mut stylus = node(Platform::Stylus);
    let err = stylus.handle("eth_sendTransaction", &json!([{"from": from, "data": "0x6080604052"}])).unwrap_err();
    assert!(err.message.contains("EVM bytecode is not supported"), "{}", err.message);
    let mut ink = node(Platform::Ink);
    let err = ink.handle("eth_sendTransaction", &json!([{"from": from, "data": "0x6080604052"}])).unwrap_err();
    assert!(err.message.contains("not a PolkaVM blob"), "{}", err.message);
    assert_eq!(call(&mut ink, "eth_blockNumber", json!([])), json!("0x1"));
}

#[test]
fn blocks_are_found_by_number_and_by_hash_with_their_transactions() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let hash = transfer(&mut node, 1);
        let by_number = call(&mut node, "eth_getBlockByNumber", json!(["0x2", false]));
        assert_eq!(by_number["transactions"], json!([hash]));
        let by_hash = call(&mut node, "eth_getBlockByHash", json!([by_number["hash"], true]));
        assert_eq!(by_hash["number"], json!("0x2"));
        assert_eq!(by_hash["transactions"][0]["hash"], hash, "full transaction objects");
        assert_eq!(call(&mut node, "eth_getBlockByHash", json!([B256::repeat_byte(1), false])), Value::Null);
        assert_eq!(call(&mut node, "eth_getBlockByNumber", json!(["0x99", false])), Value::Null);
    }
}

#[test]
fn a_block_filter_reports_each_new_block_once() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let id = call(&mut node, "eth_newBlockFilter", json!([]));
        assert_eq!(call(&mut node, "eth_getFilterChanges", json!([id])), json!([]));
        transfer(&mut node, 1);
        call(&mut node, "evm_mine", json!([]));
        let changes = call(&mut node, "eth_getFilterChanges", json!([id]));
        assert_eq!(changes.as_array().unwrap().len(), 2, "{platform:?}");
        assert_eq!(changes[0], call(&mut node, "eth_getBlockByNumber", json!(["0x2", false]))["hash"]);
        assert_eq!(call(&mut node, "eth_getFilterChanges", json!([id])), json!([]), "reported once");
        assert_eq!(call(&mut node, "eth_uninstallFilter", json!([id])), json!(true));
        assert!(node.handle("eth_getFilterChanges", &json!([id])).unwrap_err().message.contains("not found"));
    }
}

#[test]
fn a_log_filter_with_bad_topics_is_refused_when_installed() {
    for platform in PLATFORMS {
        let err = node(platform).handle("eth_newFilter", &json!([{"topics": "0x12"}])).unwrap_err();
        assert_eq!(err.code, -32602);
        assert!(
            err.message.contains("eth_newFilter: invalid params") && err.message.contains("expected a sequence"),
            "{}",
            err.message
        );
    }
}

#[test]
fn revert_restores_the_chain_as_it_was_at_the_snapshot() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        transfer(&mut node, 1);
        let id = call(&mut node, "evm_snapshot", json!([]));
        let later = transfer(&mut node, 2);
        call(&mut node, "evm_increaseTime", json!([3600]));
        assert_eq!(call(&mut node, "eth_getBalance", json!([TO])), json!("0x3"));
        assert_eq!(call(&mut node, "evm_revert", json!([id])), json!(true), "{platform:?}");
        assert_eq!(call(&mut node, "eth_getBalance", json!([TO])), json!("0x1"), "{platform:?}");
        assert_eq!(call(&mut node, "eth_blockNumber", json!([])), json!("0x2"));
        assert_eq!(call(&mut node, "eth_getTransactionReceipt", json!([later])), Value::Null);
        assert_eq!(call(&mut node, "evm_revert", json!([id])), json!(false), "a snapshot is used once");
        // The nonce went back too: the same transaction goes in again.
        assert_eq!(transfer(&mut node, 2), later);
    }
}

#[test]
fn set_balance_and_mine_helpers_work_as_on_anvil() {
    for platform in PLATFORMS {
        let mut node = node(platform);
        let who = Address::repeat_byte(0x42);
        assert_eq!(call(&mut node, "anvil_setBalance", json!([who, "0x1000"])), json!(true));
        assert_eq!(call(&mut node, "eth_getBalance", json!([who])), json!("0x1000"), "{platform:?}");
        call(&mut node, "anvil_setBalance", json!([who, "0x10"]));
        assert_eq!(call(&mut node, "eth_getBalance", json!([who])), json!("0x10"), "{platform:?}: lowered too");
        let before = call(&mut node, "eth_getBlockByNumber", json!(["latest", false]));
        call(&mut node, "anvil_mine", json!(["0x3", "0xc"]));
        let after = call(&mut node, "eth_getBlockByNumber", json!(["latest", false]));
        assert_eq!(quantity(&after["number"]), quantity(&before["number"]) + 3);
        assert_eq!(quantity(&after["timestamp"]), quantity(&before["timestamp"]) + 36, "{platform:?}");
    }
}

#[test]
fn the_state_file_brings_the_chain_back_after_a_restart() {
    for platform in PLATFORMS {
        let dir = std::env::temp_dir().join(format!("lst-node-state-{}-{platform:?}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let state = dir.join("chain.jsonl");
        drop(std::fs::remove_file(&state));
        let config = Config { state: Some(state.clone()), ..Config::new(platform) };
        let mut first = build(&config).unwrap();
        let hash = transfer(&mut first, 7);
        call(&mut first, "evm_increaseTime", json!([100]));
        call(&mut first, "eth_getBalance", json!([TO]));
        let time = call(&mut first, "eth_getBlockByNumber", json!(["latest", false]))["timestamp"].clone();
        drop(first);
        let mut second = build(&config).unwrap();
        assert_eq!(call(&mut second, "eth_getBalance", json!([TO])), json!("0x7"), "{platform:?}");
        assert_eq!(call(&mut second, "eth_getBlockByNumber", json!(["latest", false]))["timestamp"], time);
        assert_eq!(call(&mut second, "eth_getTransactionReceipt", json!([hash]))["status"], json!("0x1"));
        let lines = std::fs::read_to_string(&state).unwrap().lines().count();
        assert_eq!(lines, 2, "only what changed the chain is journaled");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn set_code_puts_activated_stylus_code_and_is_refused_by_name_on_ink() {
    let who = Address::repeat_byte(0x43);
    let code = lst_client::stylus::code(&lst_devnode::testing::program(1, &lst_devnode::testing::RETURN_0, b""));
    let mut stylus = node(Platform::Stylus);
    assert_eq!(call(&mut stylus, "anvil_setCode", json!([who, hex::encode_prefixed(&code)])), json!(true));
    assert_eq!(call(&mut stylus, "eth_getCode", json!([who])), json!(hex::encode_prefixed(&code)));
    assert_eq!(call(&mut stylus, "eth_call", json!([{"to": who}])), json!("0x"), "activated: it runs");
    let mut ink = node(Platform::Ink);
    let err = ink.handle("anvil_setCode", &json!([who, hex::encode_prefixed(&code)])).unwrap_err();
    assert!(err.message.contains("not supported on the ink! node"), "{}", err.message);
    assert_eq!(call(&mut ink, "eth_getCode", json!([who])), json!("0x"), "nothing changed");
}

#[test]
fn eth_call_state_overrides_activate_code_put_at_an_address_as_cargo_stylus_check_does() {
    let mut node = node(Platform::Stylus);
    let at = Address::repeat_byte(0x44);
    let sender = Address::repeat_byte(0x45);
    let code = lst_client::stylus::code(&lst_devnode::testing::program(1, &lst_devnode::testing::RETURN_0, b""));
    let activate = lst_client::stylus::IArbWasm::activateProgramCall { program: at };
    let overrides = json!({
        at.to_string(): {"code": hex::encode_prefixed(&code)},
        sender.to_string(): {"balance": "0xde0b6b3a7640000"},
    });
    let request = json!({"from": sender, "to": lst_client::stylus::ARB_WASM, "value": "0xde0b6b3a7640000",
        "data": hex::encode_prefixed(alloy_sol_types::SolCall::abi_encode(&activate))});
    let out = call(&mut node, "eth_call", json!([request, "latest", overrides]));
    let bytes = hex::decode(out.as_str().unwrap()).unwrap();
    let returned =
        <lst_client::stylus::IArbWasm::activateProgramCall as alloy_sol_types::SolCall>::abi_decode_returns(&bytes)
            .unwrap();
    assert_eq!(returned.version, 2);
    assert!(returned.dataFee > U256::ZERO, "the node charges a data fee");
    assert_eq!(call(&mut node, "eth_getCode", json!([at])), json!("0x"), "the override did not stay");
    assert_eq!(call(&mut node, "eth_getBalance", json!([sender])), json!("0x0"));
}

#[test]
fn eth_call_state_overrides_set_balance_nonce_and_storage_for_that_call_only() {
    let mut node = node(Platform::Stylus);
    let who = Address::repeat_byte(0x46);
    let slot = B256::repeat_byte(1);
    let overrides = json!({who.to_string(): {"balance": "0x5", "nonce": "0x7", "stateDiff": {slot.to_string(): B256::repeat_byte(2)}}});
    // A transfer of 5 wei from an account with nothing succeeds only with
    // the override.
    let send = json!({"from": who, "to": TO, "value": "0x5"});
    assert!(node.handle("eth_call", &json!([send, "latest"])).is_err());
    call(&mut node, "eth_call", json!([send, "latest", overrides]));
    assert_eq!(call(&mut node, "eth_getBalance", json!([who])), json!("0x0"));
    assert_eq!(call(&mut node, "eth_getTransactionCount", json!([who])), json!("0x0"));
    assert_eq!(call(&mut node, "eth_getStorageAt", json!([who, slot])), json!(B256::ZERO));
}

#[test]
fn eth_call_state_overrides_the_ink_node_cannot_apply_are_refused_by_name() {
    let mut node = node(Platform::Ink);
    let who = Address::repeat_byte(0x47);
    let send = json!({"from": who, "to": TO, "value": "0x5"});
    let balance = json!({who.to_string(): {"balance": "0xde0b6b3a7640000"}});
    call(&mut node, "eth_call", json!([send, "latest", balance]));
    for (field, value) in [("code", json!("0x00")), ("nonce", json!("0x1")), ("stateDiff", json!({}))] {
        let err = node.handle("eth_call", &json!([send, "latest", {who.to_string(): {field: value}}])).unwrap_err();
        assert!(err.message.contains(&format!("{field} is not supported on the ink! node")), "{}", err.message);
    }
}

#[test]
fn a_malformed_call_object_or_state_override_is_refused_by_name() {
    let mut node = node(Platform::Stylus);
    let err = node.handle("eth_call", &json!([{"to": "0x12"}])).unwrap_err();
    assert!(err.message.starts_with("invalid call object"), "{}", err.message);
    let err = node.handle("eth_call", &json!([{"to": TO}, "latest", {"0x12": {}}])).unwrap_err();
    assert!(err.message.starts_with("invalid state override"), "{}", err.message);
}

#[test]
fn a_transaction_under_its_intrinsic_gas_is_refused_and_mines_nothing_on_stylus() {
    let mut node = node(Platform::Stylus);
    let from = dev::dev_accounts()[0];
    let err = node.handle("eth_sendTransaction", &json!([{"from": from, "to": TO, "gas": "0x5000"}])).unwrap_err();
    assert!(err.message.contains("intrinsic gas too low: have 20480, want 21000"), "{}", err.message);
    assert_eq!(call(&mut node, "eth_blockNumber", json!([])), json!("0x1"));
}

#[test]
fn a_transaction_that_runs_out_of_gas_fails_having_used_all_its_gas_on_stylus() {
    let mut node = node(Platform::Stylus);
    let from = dev::dev_accounts()[0];
    let spinner = Address::repeat_byte(0x48);
    let code = lst_client::stylus::code(&lst_devnode::testing::program(1, &lst_devnode::testing::LOOP_FOREVER, b""));
    call(&mut node, "anvil_setCode", json!([spinner, hex::encode_prefixed(&code)]));
    let hash = call(&mut node, "eth_sendTransaction", json!([{"from": from, "to": spinner, "gas": "0x186a0"}]));
    let receipt = call(&mut node, "eth_getTransactionReceipt", json!([hash]));
    assert_eq!(receipt["status"], json!("0x0"));
    assert_eq!(quantity(&receipt["gasUsed"]), 100_000);
}

#[test]
fn the_estimate_is_enough_gas_to_send_with_and_a_transfer_costs_its_intrinsic_gas() {
    let mut node = node(Platform::Stylus);
    let from = dev::dev_accounts()[0];
    let transfer = json!({"from": from, "to": TO, "value": "0x1"});
    let estimate = quantity(&call(&mut node, "eth_estimateGas", json!([transfer])));
    assert!(estimate >= 21_000, "{estimate}");
    let mut sent = transfer.clone();
    sent["gas"] = json!(format!("{estimate:#x}"));
    let hash = call(&mut node, "eth_sendTransaction", json!([sent]));
    let receipt = call(&mut node, "eth_getTransactionReceipt", json!([hash]));
    assert_eq!(receipt["status"], json!("0x1"));
    assert_eq!(quantity(&receipt["gasUsed"]), 21_000, "a plain transfer costs the intrinsic gas");
}

/// A Stylus program that costs more in a block with an odd timestamp: it
/// reads `block_timestamp` and, when it is odd, counts down from a million.
/// A dry run in the current block and the transaction mined in the next
/// one differ in cost, as a contract whose work depends on the block does.
fn costs_more_in_odd_seconds() -> Vec<u8> {
    fn name(s: &str) -> Vec<u8> {
        [&[s.len() as u8][..], s.as_bytes()].concat()
    }
    fn section(id: u8, body: &[u8]) -> Vec<u8> {
        assert!(body.len() < 128);
        [&[id, body.len() as u8][..], body].concat()
    }
    let code: &[u8] = &[
        0x10, 0x00, // call block_timestamp
        0x42, 0x01, 0x83, 0xa7, // i64.const 1; i64.and; i32.wrap_i64
        0x04, 0x40, // if
        0x41, 0xc0, 0x84, 0x3d, 0x21, 0x01, // i32.const 1_000_000; local.set 1
        0x03, 0x40, 0x20, 0x01, 0x41, 0x01, 0x6b, 0x22, 0x01, 0x0d, 0x00,
        0x0b, // loop: local 1 -= 1 while nonzero
        0x0b, // end if
        0x41, 0x00, // i32.const 0
        0x0b,
    ];
    let body = [&[0x01, 0x01, 0x7f][..], code].concat(); // one i32 local
    let imports = [&[0x01][..], &name("vm_hooks"), &name("block_timestamp"), &[0x00, 0x01]].concat();
    let exports = [&[0x02][..], &name("user_entrypoint"), &[0x00, 0x01], &name("memory"), &[0x02, 0x00]].concat();
    [
        &b"\0asm\x01\0\0\0"[..],
        &section(1, &[0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7e]),
        &section(2, &imports),
        &section(3, &[0x01, 0x00]),
        &section(5, &[0x01, 0x00, 0x01]),
        &section(7, &exports),
        &section(10, &[&[0x01, body.len() as u8][..], &body].concat()),
    ]
    .concat()
}

#[test]
fn the_estimate_is_enough_when_the_next_block_costs_more_than_the_dry_run() {
    let mut node = node(Platform::Stylus);
    let program = Address::repeat_byte(0x5e);
    let code = lst_client::stylus::code(&costs_more_in_odd_seconds());
    call(&mut node, "anvil_setCode", json!([program, hex::encode_prefixed(code)]));
    // The dry run runs at an even second, the transaction is mined a second
    // later: the dry run's gas is far from enough.
    let head = call(&mut node, "eth_getBlockByNumber", json!(["latest", false]));
    if quantity(&head["timestamp"]) % 2 == 1 {
        call(&mut node, "evm_mine", json!([]));
    }
    let from = dev::dev_accounts()[0];
    let tx = json!({"from": from, "to": program});
    let dry = node.engine().dry_run(from, Some(program), U256::ZERO, &[]).unwrap();
    let estimate = quantity(&call(&mut node, "eth_estimateGas", json!([tx])));
    assert!(estimate > dry.gas_required, "{estimate} is the dry run's {} or less", dry.gas_required);
    let mut sent = tx.clone();
    sent["gas"] = json!(format!("{estimate:#x}"));
    let hash = call(&mut node, "eth_sendTransaction", json!([sent]));
    let receipt = call(&mut node, "eth_getTransactionReceipt", json!([hash]));
    assert_eq!(receipt["status"], json!("0x1"), "sent with exactly the estimate: {receipt}");
}

#[test]
fn a_program_calling_itself_as_deep_as_its_gas_goes_is_answered_and_the_node_serves_on() {
    let mut node = node(Platform::Stylus);
    let at = Address::repeat_byte(0x47);
    let code = lst_client::stylus::code(&lst_devnode::testing::self_caller());
    assert_eq!(call(&mut node, "anvil_setCode", json!([at, hex::encode_prefixed(&code)])), json!(true));
    // Hundreds of nested calls, each one more interpreter in the chain's
    // thread: once enough to overflow its stack and stop the node.
    assert_eq!(call(&mut node, "eth_call", json!([{"to": at, "gas": "0x1c9c380"}])), json!("0x"));
    let gas = call(&mut node, "eth_estimateGas", json!([{"to": at}]));
    assert!(quantity(&gas) > 1_000_000, "{gas}");
    assert_eq!(quantity(&call(&mut node, "eth_chainId", json!([]))), chain_id(Platform::Stylus));
}
