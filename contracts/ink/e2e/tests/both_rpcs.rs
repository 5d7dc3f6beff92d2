//! One chain, two RPCs: a contract deployed over the node's Substrate
//! JSON-RPC (`ink_e2e`) is used over its Ethereum JSON-RPC (an unlocked dev
//! account's `eth_sendTransaction`, `eth_call`), and one deployed over the
//! Ethereum JSON-RPC is used with `ink_e2e`.

mod common;

use common::*;
use ink::Address;
use ink_e2e::{ContractsBackend, IntoAddress};
use lst_ink_rate_provider::rate_provider::{RateProvider, RateProviderRef};
use serde_json::{json, Value};

/// The node's first unlocked Ethereum dev account.
async fn eth_dev_account(eth: &ink_e2e::RpcClient) -> Address {
    let accounts = ask(eth, "eth_accounts", vec![]).await;
    parse_address(&accounts[0])
}

fn parse_address(v: &Value) -> Address {
    let text = v.as_str().expect("an address").trim_start_matches("0x");
    let bytes: Vec<u8> = (0..40).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect();
    Address::from_slice(&bytes)
}

fn hex_address(a: Address) -> String {
    hex(a.as_bytes())
}

/// `eth_call` of `data` on `to`: the returned bytes.
async fn eth_call(eth: &ink_e2e::RpcClient, to: Address, data: &[u8]) -> Vec<u8> {
    let out = ask(eth, "eth_call", vec![json!({"to": hex_address(to), "data": hex(data)}), json!("latest")]).await;
    let text = out.as_str().expect("hex").trim_start_matches("0x").to_owned();
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
}

/// Sends `data` (to `to`, or a creation) from the unlocked `from`; the
/// mined receipt.
async fn eth_send(eth: &ink_e2e::RpcClient, from: Address, to: Option<Address>, data: &[u8]) -> Value {
    let mut tx = json!({"from": hex_address(from), "data": hex(data)});
    if let Some(to) = to {
        tx["to"] = json!(hex_address(to));
    }
    let hash = ask(eth, "eth_sendTransaction", vec![tx]).await;
    let receipt = ask(eth, "eth_getTransactionReceipt", vec![hash]).await;
    assert_eq!(receipt["status"], "0x1", "the transaction succeeded: {receipt}");
    receipt
}

/// The address word of an ABI-encoded return.
fn word_address(word: &[u8]) -> Address {
    Address::from_slice(&word[12..32])
}

#[tokio::test]
async fn a_contract_deployed_over_substrate_is_used_over_the_ethereum_rpc() {
    let mut client = client().await;
    let eth = rpc(&eth_url()).await;
    let owner = eth_dev_account(&eth).await;
    let alice = ink_e2e::alice();
    let mut constructor = RateProviderRef::new(owner, CHANGE_DELAY);
    let feed = client
        .instantiate("lst_ink_rate_provider", &alice, &mut constructor)
        .submit()
        .await
        .expect("instantiated over Substrate")
        .addr;

    // Read over eth_call, then a transaction from the owner's unlocked
    // account, its calldata the same message ink_e2e would send.
    assert_eq!(word_address(&eth_call(&eth, feed, &selector("owner()")).await), owner);
    let handover = {
        let mut c = ink_e2e::create_call_builder::<RateProvider>(feed);
        c.transfer_ownership(alice.address()).params().exec_input().encode()
    };
    eth_send(&eth, owner, Some(feed), &handover).await;
    let pending = read!(client, &alice, RateProvider, feed, |c| c.pending_owner());
    assert_eq!(pending, alice.address(), "ink_e2e reads what the Ethereum side wrote");
}

#[tokio::test]
async fn a_contract_deployed_over_the_ethereum_rpc_is_used_with_ink_e2e() {
    let mut client = client().await;
    let eth = rpc(&eth_url()).await;
    let deployer = eth_dev_account(&eth).await;
    let alice = ink_e2e::alice();
    let bob = ink_e2e::bob();

    // A creation transaction as pallet-revive's eth-rpc takes it: the
    // .polkavm code, then the constructor's input.
    let code = std::fs::read(artifact("lst_ink_rate_provider")).expect("the .polkavm artifact");
    let input = ink_e2e::constructor_exec_input(RateProviderRef::new(alice.address(), CHANGE_DELAY));
    let receipt = eth_send(&eth, deployer, None, &[code, input].concat()).await;
    let feed = parse_address(&receipt["contractAddress"]);

    // Alice, its owner, hands it to Bob with a signed extrinsic; the
    // Ethereum side reads the pending owner, and finds the extrinsic's event
    // with eth_getLogs, its receipt by the extrinsic's hash.
    let logs = |eth| async move {
        let filter = json!({"address": hex_address(feed), "fromBlock": "0x0", "toBlock": "latest"});
        ask(eth, "eth_getLogs", vec![filter]).await.as_array().expect("logs").clone()
    };
    let before = logs(&eth).await.len();
    send!(client, &alice, RateProvider, feed, |c| c.transfer_ownership(bob.address()));
    assert_eq!(word_address(&eth_call(&eth, feed, &selector("pendingOwner()")).await), bob.address());
    let after = logs(&eth).await;
    assert_eq!(after.len(), before + 1, "OwnershipTransferStarted");
    let started = &after[before];
    assert_eq!(started["topics"][0], json!(hex(&keccak(b"OwnershipTransferStarted(address,address)"))));
    let receipt = ask(&eth, "eth_getTransactionReceipt", vec![started["transactionHash"].clone()]).await;
    assert_eq!(receipt["status"], "0x1");
    assert_eq!(parse_address(&receipt["from"]), alice.address(), "the signer's mapped address");
}
