//! The relay chain's JSON-RPC, request by request: every refusal is a
//! named JSON-RPC error and changes nothing; state is read at recent
//! blocks; `--state` replays the same chain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codec::Encode;
use lst_relay_chain::rpc::{parse, Answer, RelayNode, RpcError};
use lst_relay_chain::runtime::{Runtime, RuntimeCall, TxExtension, UncheckedExtrinsic};
use lst_relay_chain::{dev, hex_encode, ChainParams, Network, RelayChain};
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, H256};
use sp_runtime::{generic::Era, traits::Header as _, MultiAddress, MultiSignature};

fn node() -> RelayNode {
    RelayNode::new(RelayChain::new(ChainParams::local(Network::Kusama)).unwrap())
}

fn call(node: &mut RelayNode, method: &str, params: Value) -> Result<Value, RpcError> {
    let (_, request) = parse(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}));
    match node.handle(request?)? {
        Answer::Value(v) => Ok(v),
        Answer::Included { extrinsic, .. } => Ok(json!(extrinsic)),
    }
}

/// A transfer signed by `from` with `nonce`, as a wallet builds it.
fn transfer(node: &RelayNode, from: &str, to: &str, amount: u128, nonce: u32) -> Vec<u8> {
    let pair = dev::pair(from).unwrap();
    let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
        dest: MultiAddress::Id(dev::account(to).unwrap()),
        value: amount,
    });
    let extension: TxExtension = (
        frame_system::CheckNonZeroSender::new(),
        frame_system::CheckSpecVersion::new(),
        frame_system::CheckTxVersion::new(),
        frame_system::CheckGenesis::new(),
        frame_system::CheckMortality::from(Era::Immortal),
        frame_system::CheckNonce::from(nonce),
        frame_system::CheckWeight::new(),
    );
    let genesis = node.chain().genesis_hash();
    let implicit = ((), 1u32, 1u32, genesis, genesis, (), ());
    let payload = (&call, &extension, implicit).encode();
    let signature =
        if payload.len() > 256 { pair.sign(&sp_crypto_hashing::blake2_256(&payload)) } else { pair.sign(&payload) };
    UncheckedExtrinsic::new_signed(
        call,
        MultiAddress::Id(dev::account(from).unwrap()),
        MultiSignature::Sr25519(signature),
        extension,
    )
    .encode()
}

fn head(node: &RelayNode) -> H256 {
    node.chain().head_block().hash
}

#[test]
fn an_unknown_method_is_method_not_found() {
    let e = call(&mut node(), "eth_blockNumber", json!([])).unwrap_err();
    assert_eq!(e.code, -32601);
}

#[test]
fn wrong_params_are_invalid_params() {
    let mut n = node();
    assert_eq!(call(&mut n, "chain_getBlockHash", json!(["zz"])).unwrap_err().code, -32602);
    assert_eq!(call(&mut n, "state_getStorage", json!([])).unwrap_err().code, -32602);
    assert_eq!(call(&mut n, "state_getStorage", json!(["not hex"])).unwrap_err().code, -32602);
    assert_eq!(call(&mut n, "chain_getHeader", json!([1, 2])).unwrap_err().code, -32602);
}

#[test]
fn a_request_that_is_not_an_object_with_a_method_is_invalid_request() {
    assert_eq!(parse(&json!([1])).1.unwrap_err().code, -32600);
    assert_eq!(parse(&json!({"id": 1})).1.unwrap_err().code, -32600);
    assert_eq!(parse(&json!({"id": 1, "method": "system_chain", "params": {"a": 1}})).1.unwrap_err().code, -32602);
}

#[test]
fn a_key_page_larger_than_the_cap_is_refused() {
    let e = call(&mut node(), "state_getKeysPaged", json!(["0x", 1_000_001])).unwrap_err();
    assert_eq!(e.code, -32602);
}

#[test]
fn state_at_an_unknown_block_is_refused_by_name() {
    let e = call(&mut node(), "state_getStorage", json!(["0x00", H256::repeat_byte(7)])).unwrap_err();
    assert_eq!(e.code, 4003);
}

#[test]
fn a_signed_transfer_is_included_and_moves_the_balance() {
    let mut n = node();
    let unit = Network::Kusama.unit();
    let xt = transfer(&n, "Dave", "Eve", 3 * unit, 0);
    call(&mut n, "author_submitExtrinsic", json!([hex_encode(&xt)])).unwrap();
    assert_eq!(n.chain().free_balance(&dev::account("Eve").unwrap()), (1_000_000 + 3) * unit);
    assert_eq!(
        call(
            &mut n,
            "system_accountNextIndex",
            json!([lst_relay_chain::ss58(&dev::account("Dave").unwrap(), Network::Kusama)])
        )
        .unwrap(),
        json!(1)
    );
}

#[test]
fn the_same_signed_transfer_twice_is_refused_and_changes_nothing() {
    let mut n = node();
    let xt = transfer(&n, "Dave", "Eve", Network::Kusama.unit(), 0);
    call(&mut n, "author_submitExtrinsic", json!([hex_encode(&xt)])).unwrap();
    let before = head(&n);
    let e = call(&mut n, "author_submitExtrinsic", json!([hex_encode(&xt)])).unwrap_err();
    assert_eq!(e.code, 1010, "{e:?}");
    assert_eq!(head(&n), before);
}

#[test]
fn a_transfer_signed_by_another_key_is_refused() {
    let mut n = node();
    let mut xt = transfer(&n, "Dave", "Eve", Network::Kusama.unit(), 0);
    // Flip a byte of the signature (after the 1-byte version, 2-byte length
    // prefix, 33-byte address and 1-byte signature type).
    xt[40] ^= 1;
    let before = head(&n);
    let e = call(&mut n, "author_submitExtrinsic", json!([hex_encode(&xt)])).unwrap_err();
    assert_eq!(e.code, 1010, "{e:?}");
    assert_eq!(head(&n), before);
}

#[test]
fn a_nonce_ahead_of_the_account_is_refused_there_being_no_pool() {
    let mut n = node();
    let xt = transfer(&n, "Dave", "Eve", Network::Kusama.unit(), 5);
    let e = call(&mut n, "author_submitExtrinsic", json!([hex_encode(&xt)])).unwrap_err();
    assert_eq!(e.code, 1010);
    assert!(format!("{:?}", e.data).contains("Future"));
}

#[test]
fn bytes_that_are_not_an_extrinsic_are_a_verification_error() {
    let mut n = node();
    let before = head(&n);
    let e = call(&mut n, "author_submitExtrinsic", json!(["0x0102"])).unwrap_err();
    assert_eq!(e.code, 1002);
    assert_eq!(head(&n), before);
}

#[test]
fn a_balance_is_read_at_an_earlier_block_as_it_was_then() {
    let mut n = node();
    let earlier = head(&n);
    let xt = transfer(&n, "Dave", "Eve", Network::Kusama.unit(), 0);
    call(&mut n, "author_submitExtrinsic", json!([hex_encode(&xt)])).unwrap();
    let key = hex_encode(&frame_system::Account::<Runtime>::hashed_key_for(dev::account("Eve").unwrap()));
    let then = call(&mut n, "state_getStorage", json!([key, earlier])).unwrap();
    let now = call(&mut n, "state_getStorage", json!([key])).unwrap();
    assert_ne!(then, now);
}

#[test]
fn dev_new_block_seals_blocks_up_to_its_cap_and_refuses_more() {
    let mut n = node();
    let start = n.chain().head();
    call(&mut n, "dev_newBlock", json!([{"count": 5}])).unwrap();
    assert_eq!(n.chain().head(), start + 5);
    let e = call(&mut n, "dev_newBlock", json!([{"count": 10_001}])).unwrap_err();
    assert_eq!(e.code, -32000);
    assert_eq!(n.chain().head(), start + 5);
    assert_eq!(call(&mut n, "dev_newBlock", json!([{"blocks": 1}])).unwrap_err().code, -32602);
}

#[test]
fn the_runtime_calls_subxt_and_polkadot_js_make_are_answered() {
    let mut n = node();
    let version = call(&mut n, "state_call", json!(["Core_version", "0x"])).unwrap();
    assert!(version.as_str().unwrap().len() > 10);
    let versions = call(&mut n, "state_call", json!(["Metadata_metadata_versions", "0x"])).unwrap();
    assert!(versions.as_str().unwrap().starts_with("0x"));
    let e = call(&mut n, "state_call", json!(["Nope_nope", "0x"])).unwrap_err();
    assert_eq!(e.code, 4002);
    let e = call(&mut n, "state_call", json!(["Metadata_metadata_at_version", "0x01"])).unwrap_err();
    assert_eq!(e.code, -32602);
}

#[test]
fn a_replayed_state_file_is_the_same_chain() {
    let dir = std::env::temp_dir().join(format!("lst-relay-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("relay.jsonl");
    let _ = std::fs::remove_file(&path);
    let params = ChainParams::local(Network::Kusama);
    let mut first = RelayChain::new(params.clone()).unwrap();
    first.persist_to(&path).unwrap();
    let n = RelayNode::new(first);
    let xt = transfer(&n, "Dave", "Eve", Network::Kusama.unit(), 0);
    let mut n = n;
    call(&mut n, "author_submitExtrinsic", json!([hex_encode(&xt)])).unwrap();
    call(&mut n, "dev_newBlock", json!([{"count": 12}])).unwrap();
    let (hash, root) = (head(&n), *n.chain().head_block().header.state_root());
    drop(n);
    let mut second = RelayChain::new(params.clone()).unwrap();
    second.persist_to(&path).unwrap();
    assert_eq!(second.head_block().hash, hash);
    assert_eq!(*second.head_block().header.state_root(), root);
    let other = ChainParams { bonding_eras: 7, ..params };
    let e = RelayChain::new(other).unwrap().persist_to(&path).unwrap_err();
    assert!(e.contains("other parameters"), "{e}");
}
