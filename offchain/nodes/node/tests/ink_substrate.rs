//! The ink! node's Substrate JSON-RPC beside its Ethereum JSON-RPC: one
//! chain under both (a block sealed by either is the other's head), a real
//! client (subxt over a WebSocket) signing and watching an extrinsic, and
//! `--state` replaying Substrate extrinsics with the Ethereum requests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lst_client::Platform;
use lst_node::Config;
use serde_json::{json, Value};
use subxt::dynamic;
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

/// A JSON-RPC client on `url`'s WebSocket (both of the node's ports take
/// one).
async fn client(url: &str) -> subxt::rpcs::RpcClient {
    subxt::rpcs::RpcClient::from_insecure_url(&url.replace("http://", "ws://")).await.unwrap()
}

async fn ask(rpc: &subxt::rpcs::RpcClient, method: &str, params: Value) -> Result<Value, String> {
    let mut list = subxt::rpcs::client::RpcParams::new();
    for p in params.as_array().cloned().unwrap_or_default() {
        list.push(p).unwrap();
    }
    rpc.request::<Value>(method, list).await.map_err(|e| e.to_string())
}

fn number(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

async fn eth_head(rpc: &subxt::rpcs::RpcClient) -> u64 {
    number(&ask(rpc, "eth_blockNumber", json!([])).await.unwrap())
}

async fn substrate_head(rpc: &subxt::rpcs::RpcClient) -> u64 {
    number(&ask(rpc, "chain_getHeader", json!([])).await.unwrap()["number"])
}

#[tokio::test(flavor = "multi_thread")]
async fn a_block_sealed_on_either_side_is_the_head_of_both() {
    let (eth, substrate) = lst_node::spawn_ink(420_420_420).unwrap();
    let (eth, substrate) = (client(&eth).await, client(&substrate).await);
    assert_eq!(eth_head(&eth).await, substrate_head(&substrate).await);
    ask(&eth, "evm_mine", json!([])).await.unwrap();
    assert_eq!(substrate_head(&substrate).await, eth_head(&eth).await);
    ask(&substrate, "dev_newBlock", json!([{"count": 2}])).await.unwrap();
    assert_eq!(eth_head(&eth).await, substrate_head(&substrate).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn ethereum_methods_are_not_substrate_methods_and_the_other_way_round() {
    let (eth, substrate) = lst_node::spawn_ink(420_420_420).unwrap();
    let (eth, substrate) = (client(&eth).await, client(&substrate).await);
    let e = ask(&substrate, "eth_blockNumber", json!([])).await.unwrap_err();
    assert!(e.contains("Method not found"), "{e}");
    assert!(ask(&eth, "chain_getHeader", json!([])).await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn subxt_signs_and_watches_a_transfer_on_the_ink_node() {
    let (eth, substrate) = lst_node::spawn_ink(420_420_420).unwrap();
    let url = substrate.replace("http://", "ws://");
    let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&url).await.unwrap();
    let eth = client(&eth).await;
    let before = eth_head(&eth).await;
    let tx = dynamic::transaction(
        "Balances",
        "transfer_keep_alive",
        (dev::bob().public_key().to_address::<()>(), 1_000u128),
    );
    let events = api
        .tx()
        .await
        .unwrap()
        .sign_and_submit_then_watch_default(&tx, &dev::alice())
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    assert!(events.iter().any(|e| {
        let e = e.unwrap();
        e.pallet_name() == "Balances" && e.event_name() == "Transfer"
    }));
    assert_eq!(eth_head(&eth).await, before + 1, "the extrinsic's block is the Ethereum side's head too");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_state_file_replays_the_substrate_extrinsics_with_the_ethereum_requests() {
    let path = std::env::temp_dir().join(format!("lst-ink-substrate-state-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let config = Config { state: Some(path.clone()), ..Config::new(Platform::Ink) };
    let (eth, substrate) = lst_node::spawn_ink_with(config.clone()).unwrap();
    let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&substrate.replace("http://", "ws://")).await.unwrap();
    let tx = dynamic::transaction(
        "Balances",
        "transfer_keep_alive",
        (dev::bob().public_key().to_address::<()>(), 1_000u128),
    );
    let mut txs = api.tx().await.unwrap();
    txs.sign_and_submit_then_watch_default(&tx, &dev::alice())
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    let eth = client(&eth).await;
    ask(&eth, "evm_mine", json!([])).await.unwrap();
    let head = eth_head(&eth).await;
    let mut replayed = lst_node::build(&config).unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(replayed.head(), head);
    let alice = subxt::utils::AccountId32(dev::alice().public_key().0).to_string();
    let (_, request) =
        lst_substrate_chain::rpc::parse(&json!({"id": 1, "method": "system_accountNextIndex", "params": [alice]}));
    match replayed.handle_substrate(request.unwrap()).unwrap() {
        lst_substrate_chain::rpc::Answer::Value(v) => assert_eq!(v, json!(1)),
        other => panic!("{other:?}"),
    }
}
