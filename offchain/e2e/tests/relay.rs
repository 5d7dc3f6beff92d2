//! KSM deposits checked on the relay chain: a user's real signed transfer
//! to the deposit address, given to the notary by its extrinsic id, is
//! credited once and claimed as aKSMb; every other transfer is refused by
//! name and credits nothing.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, missing_docs)]

mod suite;

use alloy::{
    primitives::{Address, Bytes, U256},
    signers::local::PrivateKeySigner,
};
use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use lst_backend::{
    db::Db,
    notary::{ClaimReply, DepositReply, Notary, NotaryConfig},
    relay::{multi_address, AccountId, RelayClient},
};
use lst_client::{
    abi::{IBondToken as Bond, IPolkadotPool as DotPool},
    ChainExt,
};
use lst_core::ss58;
use lst_relay_chain::{server, ChainParams, Network};
use serde_json::{json, Value};
use std::{str::FromStr, sync::Arc};
use subxt::dynamic::Value as Arg;
use subxt_signer::{sr25519::Keypair, SecretUri};
use suite::Suite;
use tower::ServiceExt;

const KSM: u128 = 1_000_000_000_000;

fn key(uri: &str) -> Keypair {
    Keypair::from_uri(&SecretUri::from_str(uri).unwrap()).unwrap()
}

fn ss58_of(key: &AccountId) -> String {
    let mut out = [0u8; ss58::MAX_ENCODED_LEN];
    let n = ss58::encode(ss58::KUSAMA_PREFIX, key, &mut out).unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

struct Relay {
    s: Suite,
    notary: Arc<Notary>,
    runtime: tokio::runtime::Runtime,
    client: RelayClient,
    /// The deposit address (the backend's stash).
    deposit: AccountId,
}

impl Relay {
    fn new(test: &str) -> Self {
        let s = Suite::deploy(test);
        let url = server::spawn(ChainParams::local(Network::Kusama)).unwrap().replace("http://", "ws://");
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let client = runtime.block_on(RelayClient::connect(&url, "kusama", 2)).unwrap();
        let deposit = key("//LstStash").public_key().0;
        let signer = PrivateKeySigner::from_bytes(&s.keys[2]).unwrap();
        let notary = Notary::new(
            Db::in_memory().unwrap(),
            Box::new(s.client()),
            signer,
            &s.m,
            NotaryConfig::new(20, 6, "watcher-token-for-tests-0123456789"),
        )
        .unwrap()
        .with_relay("kusama", client.clone(), deposit)
        .unwrap();
        Self { s, notary: Arc::new(notary), runtime, client, deposit }
    }

    /// `from` sends `amount` to `to` with a signed extrinsic; returns its
    /// extrinsic id once it is in a block (whether it succeeded or not).
    fn transfer(&self, from: &Keypair, to: &AccountId, amount: u128) -> String {
        self.runtime.block_on(async {
            let nonce = self.client.balance(&from.public_key().0).await.unwrap().nonce;
            let args = vec![multi_address(to), Arg::u128(amount)];
            let signed =
                self.client.sign(from, "Balances", "transfer_keep_alive", args, u64::from(nonce)).await.unwrap();
            self.client.submit(&signed.bytes).await.unwrap();
            let best = self.client.best().await.unwrap();
            self.client.find_included(&signed.hash, signed.birth, best).await.unwrap().unwrap().0
        })
    }

    fn request(&self, method: &str, uri: &str, body: Option<Value>) -> (u16, String) {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json")
            .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
            .unwrap();
        let router = self.notary.clone().router();
        self.runtime.block_on(async {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status().as_u16();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        })
    }

    /// Gives the notary deposit `id`, as sent by `by`.
    fn stake(&self, id: &str, by: &Keypair) -> (u16, String) {
        let body = json!({"network": "kusama", "extrinsicId": id, "address": ss58_of(&by.public_key().0)});
        self.request("POST", "/v1/stakes", Some(body))
    }

    /// A refusal with `status` naming `reason`, after which nothing is
    /// credited for `id`.
    fn refused(&self, id: &str, by: &Keypair, status: u16, reason: &str) {
        let (got, body) = self.stake(id, by);
        assert_eq!(got, status, "{body}");
        let error = serde_json::from_str::<Value>(&body).unwrap()["error"].as_str().unwrap().to_owned();
        assert!(error.starts_with(reason), "{error:?} is not {reason}");
        let (got, _) = self.request("GET", &format!("/v1/deposits/kusama/{id}"), None);
        assert_eq!(got, 404, "nothing was credited for {id}");
    }
}

#[test]
fn a_transfer_to_the_deposit_address_is_credited_and_claimed_as_aksmb() {
    let mut r = Relay::new("relay-deposit");
    let dave = key("//Dave");
    let id = r.transfer(&dave, &r.deposit, 5 * KSM);
    let (status, body) = r.stake(&id, &dave);
    assert_eq!(status, 201, "{body}");
    let deposit: DepositReply = serde_json::from_str(&body).unwrap();
    assert_eq!(deposit.native_amount, (5 * KSM).to_string());
    // The depositor signs the claim request with the same key.
    let to: Address = r.s.accounts[5];
    let (status, body) = r.request("GET", &format!("/v1/deposits/kusama/{id}?ethAddress={to}"), None);
    assert_eq!(status, 200, "{body}");
    let message = serde_json::from_str::<DepositReply>(&body).unwrap().message.unwrap();
    let signature = format!("0x{}", alloy::hex::encode(dave.sign(message.as_bytes()).0));
    let ask = json!({"network": "kusama", "extrinsicId": id, "ethAddress": to.to_string(),
        "signatureType": "sr25519", "signature": signature});
    let (status, body) = r.request("POST", "/v1/claims", Some(ask));
    assert_eq!(status, 201, "{body}");
    let c: ClaimReply = serde_json::from_str(&body).unwrap();
    let d = &c.claim.data;
    let call = DotPool::claimBondsCall {
        bond: c.token_address.parse().unwrap(),
        claimId: d.claim_id.parse().unwrap(),
        amount: U256::from(5 * KSM) * U256::from(1_000_000u64),
        claimBeforeBlock: U256::from(d.claim_before_block),
        account: to,
        signature: d.signature.parse::<Bytes>().unwrap(),
    };
    let pool = r.s.addr("PolkadotPool");
    let sender = r.s.accounts[6];
    assert!(r.s.chain.exec(sender, pool, U256::ZERO, call).unwrap().success);
    let minted = r.s.chain.view(r.s.addr("aKSMb"), Bond::balanceOfCall { account: to }).unwrap();
    assert_eq!(minted, U256::from(5u8) * U256::from(10u8).pow(U256::from(18)), "5 aKSMb");
}

#[test]
fn the_same_extrinsic_id_twice_is_credited_once() {
    let r = Relay::new("relay-twice");
    let dave = key("//Dave");
    let id = r.transfer(&dave, &r.deposit, 2 * KSM);
    assert_eq!(r.stake(&id, &dave).0, 201);
    let (status, body) = r.stake(&id, &dave);
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<DepositReply>(&body).unwrap().native_amount, (2 * KSM).to_string());
}

#[test]
fn an_unknown_extrinsic_id_is_refused() {
    let r = Relay::new("relay-unknown");
    r.refused("99999-0", &key("//Dave"), 404, "unknown_extrinsic");
    r.refused("1-7", &key("//Dave"), 404, "unknown_extrinsic");
}

#[test]
fn a_transfer_to_another_address_is_refused() {
    let r = Relay::new("relay-elsewhere");
    let dave = key("//Dave");
    let id = r.transfer(&dave, &key("//Eve").public_key().0, 5 * KSM);
    r.refused(&id, &dave, 400, "not_to_deposit_address");
}

#[test]
fn a_transfer_from_another_account_than_the_claimants_is_refused() {
    let r = Relay::new("relay-sender");
    let id = r.transfer(&key("//Eve"), &r.deposit, 5 * KSM);
    r.refused(&id, &key("//Dave"), 400, "wrong_sender");
}

#[test]
fn a_transfer_under_one_ksm_is_refused() {
    let r = Relay::new("relay-minimum");
    let dave = key("//Dave");
    let id = r.transfer(&dave, &r.deposit, KSM - 1);
    r.refused(&id, &dave, 400, "under_minimum");
}

#[test]
fn an_extrinsic_that_failed_on_chain_is_refused() {
    let r = Relay::new("relay-failed");
    let dave = key("//Dave");
    // More than Dave has: included, and failed.
    let id = r.transfer(&dave, &r.deposit, 2_000_000 * KSM);
    r.refused(&id, &dave, 400, "extrinsic_failed");
}
