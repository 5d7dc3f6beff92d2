//! A real client on the relay chain: subxt (its legacy RPC backend over a
//! WebSocket) reads balances and staking state, signs and watches a
//! transfer, bonds and nominates, and is paid an era's rewards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lst_node::relay as server;
use lst_relay_chain::{ChainParams, Network};
use subxt::dynamic::{self, Value};
use subxt::{OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountInfo {
    data: AccountData,
}
#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountData {
    free: u128,
}

async fn connect() -> (OnlineClient<PolkadotConfig>, subxt::rpcs::RpcClient) {
    let url = server::spawn(ChainParams::local(Network::Kusama)).unwrap().replace("http://", "ws://");
    let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&url).await.unwrap();
    let rpc = subxt::rpcs::RpcClient::from_insecure_url(&url).await.unwrap();
    (api, rpc)
}

async fn free(api: &OnlineClient<PolkadotConfig>, who: [u8; 32]) -> u128 {
    let at = api.at_current_block().await.unwrap();
    let addr = dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account");
    at.storage().fetch(addr, (who,)).await.unwrap().decode().unwrap().data.free
}

#[tokio::test(flavor = "multi_thread")]
async fn subxt_reads_a_balance_and_a_signed_transfer_moves_it() {
    let (api, _) = connect().await;
    let unit = Network::Kusama.unit();
    let (dave, eve) = (dev::dave(), dev::eve());
    let before = free(&api, eve.public_key().0).await;
    assert_eq!(before, 1_000_000 * unit);
    let tx = dynamic::transaction("Balances", "transfer_keep_alive", (eve.public_key().to_address::<()>(), 5 * unit));
    let events = api
        .tx()
        .await
        .unwrap()
        .sign_and_submit_then_watch_default(&tx, &dave)
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    assert!(events.iter().any(|e| {
        let e = e.unwrap();
        e.pallet_name() == "Balances" && e.event_name() == "Transfer"
    }));
    assert!(events.extrinsic_index() >= 1, "the timestamp inherent is extrinsic 0");
    assert_eq!(free(&api, eve.public_key().0).await, before + 5 * unit);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nominator_bonded_through_subxt_is_paid_the_era_reward_by_payout_stakers() {
    let (api, rpc) = connect().await;
    let unit = Network::Kusama.unit();
    let ferdie = dev::ferdie();
    let alice = dev::alice().public_key().0;
    let bond = dynamic::transaction("Staking", "bond", (1_000 * unit, Value::unnamed_variant("Stash", [])));
    let nominate = dynamic::transaction("Staking", "nominate", (vec![dev::alice().public_key().to_address::<()>()],));
    let mut txs = api.tx().await.unwrap();
    txs.sign_and_submit_then_watch_default(&bond, &ferdie).await.unwrap().wait_for_finalized_success().await.unwrap();
    let mut txs = api.tx().await.unwrap();
    txs.sign_and_submit_then_watch_default(&nominate, &ferdie)
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    // The nomination counts from the era after the next election: pass
    // three eras, then claim the last finished one.
    let era_blocks = ChainParams::local(Network::Kusama).era_blocks();
    let _: String = rpc
        .request("dev_newBlock", subxt::rpcs::rpc_params![serde_json::json!({"count": era_blocks * 3})])
        .await
        .unwrap();
    let at = api.at_current_block().await.unwrap();
    #[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
    #[decode_as_type(crate_path = "subxt::ext::scale_decode")]
    struct ActiveEra {
        index: u32,
    }
    let era = at
        .storage()
        .fetch(dynamic::storage::<(), ActiveEra>("Staking", "ActiveEra"), ())
        .await
        .unwrap()
        .decode()
        .unwrap()
        .index;
    let before = free(&api, ferdie.public_key().0).await;
    let payout = dynamic::transaction("Staking", "payout_stakers", (Value::from_bytes(alice), era - 1));
    let events = api
        .tx()
        .await
        .unwrap()
        .sign_and_submit_then_watch_default(&payout, &ferdie)
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    assert!(events.iter().any(|e| e.unwrap().event_name() == "Rewarded"));
    let after = free(&api, ferdie.public_key().0).await;
    assert!(after > before, "paid: {before} -> {after}");
}
