//! The notary's HTTP API against the devnode over JSON-RPC: the seed's
//! claim JSON, claims that mint on chain, statuses that follow the chain,
//! deposits never claimable twice, and a clear 4xx for bad input; and the
//! staking page it serves beside its API.
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
    keeper::SyncConfig,
    network::whole_units,
    notary::{claim_id, ClaimReply, DepositReply, Notary, NotaryConfig},
    page::PageConfig,
};
use lst_client::{
    abi::{IBondToken as Bond, IPolkadotPool as DotPool},
    Chain, ChainExt,
};
use lst_core::ss58;
use serde_json::{json, Value};
use sp_core::{ed25519, sr25519, Pair};
use std::sync::Arc;
use suite::Suite;
use tower::ServiceExt;

const VALIDITY: u64 = 20;
const TOKEN: &str = "watcher-token-for-tests-0123456789";

fn config() -> NotaryConfig {
    NotaryConfig::new(VALIDITY, 6, TOKEN)
}

fn ss58_address(prefix: u8, seed: u8) -> String {
    ss58_of(prefix, &[seed; 32])
}

fn ss58_of(prefix: u8, key: &[u8; 32]) -> String {
    let mut out = [0u8; ss58::MAX_ENCODED_LEN];
    let n = ss58::encode(prefix, key, &mut out).unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

/// A depositor's Substrate key, derived as polkadot.js and subkey derive
/// `//Alice` and friends.
enum Depositor {
    Sr(Box<sr25519::Pair>),
    Ed(Box<ed25519::Pair>),
}

impl Depositor {
    fn sr(uri: &str) -> Self {
        Self::Sr(Box::new(sr25519::Pair::from_string(uri, None).unwrap()))
    }

    fn ed(uri: &str) -> Self {
        Self::Ed(Box::new(ed25519::Pair::from_string(uri, None).unwrap()))
    }

    fn address(&self, prefix: u8) -> String {
        match self {
            Self::Sr(p) => ss58_of(prefix, &p.public().0),
            Self::Ed(p) => ss58_of(prefix, &p.public().0),
        }
    }

    fn scheme(&self) -> &'static str {
        match self {
            Self::Sr(_) => "sr25519",
            Self::Ed(_) => "ed25519",
        }
    }

    fn sign(&self, message: &str) -> String {
        let sig: [u8; 64] = match self {
            Self::Sr(p) => p.sign(message.as_bytes()).0,
            Self::Ed(p) => p.sign(message.as_bytes()).0,
        };
        format!("0x{}", alloy::hex::encode(sig))
    }
}

struct Api {
    s: Suite,
    notary: Arc<Notary>,
    runtime: tokio::runtime::Runtime,
    /// `//Alice`'s sr25519 key: the depositor of `ksm_deposit`.
    alice_ksm: Depositor,
}

impl Api {
    fn new(test: &str) -> Self {
        let s = Suite::deploy(test);
        Self::with_db(s, Db::in_memory().unwrap())
    }

    fn with_db(s: Suite, db: Db) -> Self {
        Self::with(s, db, config())
    }

    fn with(s: Suite, db: Db, config: NotaryConfig) -> Self {
        let signer = PrivateKeySigner::from_bytes(&s.keys[2]).unwrap();
        let notary = Arc::new(Notary::new(db, Box::new(s.client()), signer, &s.m, config).unwrap());
        let runtime = tokio::runtime::Runtime::new().unwrap();
        Self { s, notary, runtime, alice_ksm: Depositor::sr("//Alice") }
    }

    /// `(status, headers, raw body)`.
    fn send(&self, req: Request<Body>) -> (u16, axum::http::HeaderMap, String) {
        let router = self.notary.clone().router();
        self.runtime.block_on(async {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status().as_u16();
            let headers = res.headers().clone();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
        })
    }

    /// `(status, raw body)`, with the watcher's token.
    fn request(&self, method: &str, uri: &str, body: Option<String>) -> (u16, String) {
        self.request_as(Some(TOKEN), method, uri, body)
    }

    fn request_as(&self, token: Option<&str>, method: &str, uri: &str, body: Option<String>) -> (u16, String) {
        let mut req = Request::builder().method(method).uri(uri).header("content-type", "application/json");
        if let Some(token) = token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        let (status, _, body) = self.send(req.body(body.map_or_else(Body::empty, Body::from)).unwrap());
        (status, body)
    }

    /// The watcher reports a deposit.
    fn report(&self, body: Value) -> (u16, String) {
        self.request("POST", "/v1/deposits", Some(body.to_string()))
    }

    /// The depositor asks for its claim.
    fn ask(&self, body: Value) -> (u16, String) {
        self.request_as(None, "POST", "/v1/claims", Some(body.to_string()))
    }

    fn claim(&self, id: &str) -> (u16, String) {
        self.request("GET", &format!("/v1/claims/{id}"), None)
    }

    fn alice(&self) -> Address {
        self.s.accounts[5]
    }

    /// A Kusama deposit of 12.1234 KSM from `//Alice`.
    fn ksm_deposit(&self, extrinsic: &str) -> Value {
        json!({
            "network": "kusama",
            "extrinsicId": extrinsic,
            "nativeAmount": "12123400000000",
            "address": self.alice_ksm.address(ss58::KUSAMA_PREFIX),
        })
    }

    /// The text the depositor signs for `extrinsic` to `to`, as the notary
    /// serves it.
    fn message(&self, network: &str, extrinsic: &str, to: Address) -> String {
        let (status, body) =
            self.request_as(None, "GET", &format!("/v1/deposits/{network}/{extrinsic}?ethAddress={to}"), None);
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<DepositReply>(&body).unwrap().message.unwrap()
    }

    /// `depositor`'s signed request for `extrinsic` to `to`.
    fn signed(&self, depositor: &Depositor, network: &str, extrinsic: &str, to: Address) -> Value {
        let message = self.message(network, extrinsic, to);
        json!({
            "network": network,
            "extrinsicId": extrinsic,
            "ethAddress": to.to_string(),
            "signatureType": depositor.scheme(),
            "signature": depositor.sign(&message),
        })
    }

    /// Reports alice's deposit and asks for its claim to alice.
    fn issued(&self, extrinsic: &str) -> ClaimReply {
        let (status, body) = self.report(self.ksm_deposit(extrinsic));
        assert!(status == 201 || status == 200, "{body}");
        self.reissued(extrinsic)
    }

    /// Asks for the claim of an already reported deposit.
    fn reissued(&self, extrinsic: &str) -> ClaimReply {
        let (status, body) = self.ask(self.signed(&self.alice_ksm, "kusama", extrinsic, self.alice()));
        assert_eq!(status, 201, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    fn submit(&mut self, c: &ClaimReply) -> lst_client::Tx {
        let d = &c.claim.data;
        let call = DotPool::claimBondsCall {
            bond: c.token_address.parse().unwrap(),
            claimId: d.claim_id.parse().unwrap(),
            amount: U256::from(10u8).pow(U256::from(6)) * d.native_amount.parse::<U256>().unwrap(),
            claimBeforeBlock: U256::from(d.claim_before_block),
            account: d.eth_address.parse().unwrap(),
            signature: d.signature.parse::<Bytes>().unwrap(),
        };
        let pool = self.s.addr("PolkadotPool");
        let bob = self.s.accounts[6];
        self.s.chain.exec(bob, pool, U256::ZERO, call).unwrap()
    }
}

fn error_of(text: &str) -> String {
    serde_json::from_str::<Value>(text).unwrap()["error"].as_str().unwrap().to_owned()
}

/// A report the notary refuses with 400 saying `says`, recording nothing.
fn bad(api: &Api, body: Value, says: &str) {
    let (status, text) = api.report(body.clone());
    assert_eq!(status, 400, "{text}");
    let message = error_of(&text);
    assert!(message.contains(says), "{message:?} does not say {says:?}");
    if let (Some(network), Some(id)) = (body["network"].as_str(), body["extrinsicId"].as_str()) {
        let (status, _) = api.request("GET", &format!("/v1/deposits/{network}/{id}"), None);
        assert!(status == 404 || status == 400, "a refused report recorded nothing");
    }
}

#[test]
fn a_claim_is_answered_with_the_seeds_claim_json_byte_for_byte() {
    let api = Api::new("shape");
    assert_eq!(api.report(api.ksm_deposit("100-1")).0, 201);
    let (status, raw) = api.ask(api.signed(&api.alice_ksm, "kusama", "100-1", api.alice()));
    assert_eq!(status, 201, "{raw}");
    let c: ClaimReply = serde_json::from_str(&raw).unwrap();
    let d = &c.claim.data;
    let expected = format!(
        concat!(
            r#"{{"claim":{{"address":"{}","status":"ACTIVE","data":{{"network":2,"claimId":"{}","#,
            r#""claimBeforeBlock":{},"amount":"12.1234","nativeAmount":"12123400000000","signature":"{}","#,
            r#""ethAddress":"{}"}},"createdTimestamp":{},"expiresTimestamp":{},"tokenAddress":"{}","loanId":0}},"#,
            r#""tokenAddress":"{}"}}"#
        ),
        api.alice_ksm.address(ss58::KUSAMA_PREFIX),
        d.claim_id,
        d.claim_before_block,
        d.signature,
        api.alice(),
        c.claim.created_timestamp,
        c.claim.created_timestamp + 20 * 6,
        api.s.addr("aKSMb"),
        api.s.addr("aKSMb"),
    );
    assert_eq!(raw, expected);
    assert_eq!(d.signature.len(), 2 + 65 * 2);
    let pool = api.s.addr("PolkadotPool");
    assert_eq!(d.claim_id, format!("{:#x}", claim_id(412_346, pool, 2, "100-1", 0)));
}

#[test]
fn an_issued_claim_mints_the_bonds_on_chain_and_then_reads_claimed() {
    let mut api = Api::new("mint");
    let c = api.issued("100-2");
    let valid = DotPool::isClaimValidCall {
        token: api.s.addr("aKSMb"),
        claimId: c.claim.data.claim_id.parse().unwrap(),
        claimBeforeBlock: U256::from(c.claim.data.claim_before_block),
        amount: U256::from(12_123_400_000_000_000_000u128),
        to: api.alice(),
        signature: c.claim.data.signature.parse().unwrap(),
    };
    let pool = api.s.addr("PolkadotPool");
    assert!(api.s.chain.view(pool, valid).unwrap());
    assert!(api.submit(&c).success);
    let minted = api.s.chain.view(api.s.addr("aKSMb"), Bond::balanceOfCall { account: api.alice() }).unwrap();
    assert_eq!(minted, U256::from(12_123_400_000_000_000_000u128), "12.1234 aKSMb");
    let (status, body) = api.claim(&c.claim.data.claim_id);
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap().claim.status, "CLAIMED");
}

impl Api {
    fn status(&self, c: &ClaimReply) -> String {
        let (_, body) = self.claim(&c.claim.data.claim_id);
        serde_json::from_str::<ClaimReply>(&body).unwrap().claim.status
    }

    /// Moves the devnode's clock until the block number contracts read
    /// (the L1 estimate: one per 12 s) is `target`.
    fn reach_contract_block(&mut self, target: u64) {
        let now = self.s.chain.contract_block_number().unwrap();
        if target > now + 1 {
            self.s.chain.advance_time((target - now - 1) * 12).unwrap();
        }
        while self.s.chain.contract_block_number().unwrap() < target {
            self.s.chain.advance_time(1).unwrap();
        }
        self.s.chain.mine(1).unwrap();
        assert_eq!(self.s.chain.contract_block_number().unwrap(), target);
    }
}

#[test]
fn the_notary_deadline_is_in_the_block_number_the_pool_reads() {
    // On Arbitrum a contract's `block.number` is the L1 estimate, far from
    // `eth_blockNumber`: a deadline computed from the latter would be
    // expired on chain at once (as on the devnode) or valid for years (as
    // on Arbitrum Sepolia) while the notary calls it expired.
    let mut api = Api::new("units");
    let l1 = api.s.chain.contract_block_number().unwrap();
    let l2 = api.s.chain.block_number().unwrap();
    assert!(l1.abs_diff(l2) > VALIDITY, "the devnode keeps the two numbers apart");
    let c = api.issued("100-4");
    let deadline = c.claim.data.claim_before_block;
    assert_eq!(deadline, l1 + VALIDITY);
    // Valid on chain and ACTIVE up to its block...
    api.reach_contract_block(deadline);
    assert_eq!(api.status(&c), "ACTIVE");
    let d = &c.claim.data;
    let valid = DotPool::isClaimValidCall {
        token: c.token_address.parse().unwrap(),
        claimId: d.claim_id.parse().unwrap(),
        claimBeforeBlock: U256::from(deadline),
        amount: U256::from(10u8).pow(U256::from(6)) * d.native_amount.parse::<U256>().unwrap(),
        to: d.eth_address.parse().unwrap(),
        signature: d.signature.parse::<Bytes>().unwrap(),
    };
    assert!(api.s.chain.view(api.s.addr("PolkadotPool"), valid.clone()).unwrap());
    // ...and EXPIRED, refused on chain, one block later: both sides agree.
    api.reach_contract_block(deadline + 1);
    assert_eq!(api.status(&c), "EXPIRED");
    assert!(!api.s.chain.view(api.s.addr("PolkadotPool"), valid).unwrap());
    assert!(!api.submit(&c).success);
}

#[test]
fn a_claim_past_its_block_reads_expired_and_is_refused_on_chain() {
    let mut api = Api::new("expired");
    let c = api.issued("100-3");
    let deadline = c.claim.data.claim_before_block;
    api.reach_contract_block(deadline + 1);
    assert_eq!(api.status(&c), "EXPIRED");
    assert!(!api.submit(&c).success);
}

#[test]
fn a_polkadot_deposit_signed_with_ed25519_is_scaled_from_ten_decimals() {
    let mut api = Api::new("dot");
    let bob = Depositor::ed("//Bob");
    let (status, body) = api.report(json!({
        "network": "polkadot",
        "extrinsicId": "7-0",
        "nativeAmount": "15000000000",
        "address": bob.address(ss58::POLKADOT_PREFIX),
    }));
    assert_eq!(status, 201, "{body}");
    let (status, body) = api.ask(api.signed(&bob, "polkadot", "7-0", api.alice()));
    assert_eq!(status, 201, "{body}");
    let c: ClaimReply = serde_json::from_str(&body).unwrap();
    assert_eq!((c.claim.data.network, c.claim.data.amount.as_str()), (0, "1.5"));
    assert_eq!(c.token_address, api.s.addr("aDOTb").to_string());
    let d = &c.claim.data;
    let call = DotPool::claimBondsCall {
        bond: api.s.addr("aDOTb"),
        claimId: d.claim_id.parse().unwrap(),
        amount: U256::from(1_500_000_000_000_000_000u128),
        claimBeforeBlock: U256::from(d.claim_before_block),
        account: api.alice(),
        signature: d.signature.parse().unwrap(),
    };
    let pool = api.s.addr("PolkadotPool");
    api.s.chain.ok(api.s.accounts[6], pool, call).unwrap();
}

#[test]
fn a_claim_asked_for_twice_gets_409_and_the_same_claim() {
    let api = Api::new("twice");
    let first = api.issued("100-4");
    let (status, body) = api.ask(api.signed(&api.alice_ksm, "kusama", "100-4", api.alice()));
    assert_eq!(status, 409);
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap(), first);
}

#[test]
fn an_active_claim_is_not_reissued_even_to_another_address() {
    let api = Api::new("active");
    let first = api.issued("100-4");
    let (status, body) = api.ask(api.signed(&api.alice_ksm, "kusama", "100-4", api.s.accounts[6]));
    assert_eq!(status, 409);
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap(), first);
}

#[test]
fn claims_survive_a_restart_and_ids_are_never_reused() {
    let s = Suite::deploy("restart");
    let path = s.scratch("notary").join("notary.sqlite");
    let api = Api::with_db(s, Db::open(&path).unwrap());
    let first = api.issued("100-5");
    let Api { s, notary, runtime, .. } = api;
    drop(runtime);
    drop(notary);

    let api = Api::with_db(s, Db::open(&path).unwrap());
    let (status, body) = api.claim(&first.claim.data.claim_id);
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap(), first);
    let second = api.issued("100-6");
    assert_ne!(second.claim.data.claim_id, first.claim.data.claim_id);
    assert_eq!(api.ask(api.signed(&api.alice_ksm, "kusama", "100-5", api.alice())).0, 409);
}

#[test]
fn a_lost_database_cannot_make_a_deposit_claimable_twice() {
    let mut api = Api::new("lost");
    let first = api.issued("100-7");
    assert!(api.submit(&first).success);
    let Api { s, notary, runtime, .. } = api;
    drop(runtime);
    drop(notary);
    // Same deposit reported again, empty database: the same claim id,
    // already used, answered 409.
    let mut api = Api::with_db(s, Db::in_memory().unwrap());
    assert_eq!(api.report(api.ksm_deposit("100-7")).0, 201);
    let (status, body) = api.ask(api.signed(&api.alice_ksm, "kusama", "100-7", api.alice()));
    assert_eq!(status, 409, "{body}");
    let again: ClaimReply = serde_json::from_str(&body).unwrap();
    assert_eq!(again.claim.data.claim_id, first.claim.data.claim_id);
    assert_eq!(again.claim.status, "CLAIMED");
    assert!(!api.submit(&again).success);
}

#[test]
fn a_depositors_claims_are_listed_by_address() {
    let api = Api::new("list");
    let a = api.issued("1-1");
    let b = api.issued("1-2");
    let address = api.alice_ksm.address(ss58::KUSAMA_PREFIX);
    let (status, body) = api.request("GET", &format!("/v1/claims?address={address}"), None);
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Vec<ClaimReply>>(&body).unwrap(), vec![a, b]);
    let (_, none) = api.request("GET", &format!("/v1/claims?address={}", ss58_address(2, 8)), None);
    assert_eq!(none, "[]");
}

#[test]
fn an_unknown_network_is_refused() {
    let api = Api::new("net");
    bad(
        &api,
        json!({"network": "westend", "extrinsicId": "1-1", "nativeAmount": "1", "address": ss58_address(2, 7)}),
        "network",
    );
}

#[test]
fn a_malformed_extrinsic_id_is_refused() {
    let api = Api::new("extrinsic");
    let mut d = api.ksm_deposit("x");
    for id in ["100", "100-", "-1", "1-a", "0x1-2"] {
        d["extrinsicId"] = json!(id);
        bad(&api, d.clone(), "extrinsicId");
    }
}

#[test]
fn a_non_numeric_or_zero_amount_is_refused() {
    let api = Api::new("amount");
    let mut d = api.ksm_deposit("1-1");
    for amount in ["12.5", "-1", "0x10", "", "abc"] {
        d["nativeAmount"] = json!(amount);
        bad(&api, d.clone(), "nativeAmount");
    }
    d["nativeAmount"] = json!("0");
    bad(&api, d, "below the minimum");
}

#[test]
fn an_ss58_address_with_a_bad_checksum_is_refused() {
    let api = Api::new("checksum");
    let mut d = api.ksm_deposit("1-1");
    let mut address = ss58_address(2, 7).into_bytes();
    let last = address.len() - 1;
    address[last] = if address[last] == b'a' { b'b' } else { b'a' };
    d["address"] = json!(String::from_utf8(address).unwrap());
    bad(&api, d, "SS58");
}

#[test]
fn an_address_of_the_other_relay_chain_is_refused() {
    let api = Api::new("othernet");
    let mut d = api.ksm_deposit("1-1");
    d["address"] = json!(ss58_address(ss58::POLKADOT_PREFIX, 7));
    bad(&api, d, "not a kusama address");
}

#[test]
fn a_claim_to_a_bad_or_zero_eth_address_is_refused() {
    let api = Api::new("eth");
    assert_eq!(api.report(api.ksm_deposit("1-1")).0, 201);
    let mut d = api.signed(&api.alice_ksm, "kusama", "1-1", api.alice());
    for (to, says) in [("0x1234", "ethAddress"), (&*Address::ZERO.to_string(), "zero address")] {
        d["ethAddress"] = json!(to);
        let (status, text) = api.ask(d.clone());
        assert_eq!(status, 400, "{text}");
        assert!(error_of(&text).contains(says), "{text}");
    }
}

#[test]
fn malformed_json_missing_and_unknown_fields_are_refused() {
    let api = Api::new("json");
    let (status, _) = api.request("POST", "/v1/deposits", Some("{not json".into()));
    assert_eq!(status, 400);
    let mut d = api.ksm_deposit("1-1");
    d.as_object_mut().unwrap().remove("address");
    bad(&api, d, "address");
    let mut d = api.ksm_deposit("1-1");
    d["ethAddress"] = json!(api.alice().to_string());
    bad(&api, d, "ethAddress");
    let (status, text) = api.ask(json!({"network": "kusama", "extrinsicId": "1-1"}));
    assert_eq!(status, 400, "{text}");
    assert!(error_of(&text).contains("ethAddress"), "{text}");
}

#[test]
fn an_unknown_claim_is_404_and_a_malformed_id_is_400() {
    let api = Api::new("unknown");
    assert_eq!(api.claim("0x1234").0, 404);
    assert_eq!(api.claim("nope").0, 400);
}

#[test]
fn a_notary_whose_key_is_not_the_pools_notary_refuses_to_start() {
    let s = Suite::deploy("wrongkey");
    let signer = PrivateKeySigner::from_bytes(&s.keys[3]).unwrap();
    let err = Notary::new(Db::in_memory().unwrap(), Box::new(s.client()), signer, &s.m, config()).err().unwrap();
    assert!(err.contains("notary is"), "{err}");
}

#[test]
fn whole_units_trim_trailing_zeros() {
    assert_eq!(whole_units(U256::from(12_123_400_000_000u64), 12), "12.1234");
    assert_eq!(whole_units(U256::from(5_000_000_000_000u64), 12), "5");
    assert_eq!(whole_units(U256::from(1u8), 10), "0.0000000001");
}

// ---- The watcher's credential ----

fn refused_report(api: &Api, token: Option<&str>) -> (u16, String) {
    let (status, text) = api.request_as(token, "POST", "/v1/deposits", Some(api.ksm_deposit("5-5").to_string()));
    let (after, _) = api.request("GET", "/v1/deposits/kusama/5-5", None);
    assert_eq!(after, 404, "a refused report records nothing");
    (status, error_of(&text))
}

#[test]
fn a_deposit_report_without_the_watchers_token_is_401_and_records_nothing() {
    let api = Api::new("notoken");
    let (status, error) = refused_report(&api, None);
    assert_eq!(status, 401);
    assert!(error.contains("authorization"), "{error}");
}

#[test]
fn a_deposit_report_with_a_wrong_token_is_403_and_records_nothing() {
    let api = Api::new("wrongtoken");
    let (status, error) = refused_report(&api, Some("watcher-token-for-tests-0123456788"));
    assert_eq!(status, 403);
    assert!(error.contains("authorization"), "{error}");
}

#[test]
fn a_notary_with_a_short_watcher_token_refuses_to_start() {
    let s = Suite::deploy("shorttoken");
    let signer = PrivateKeySigner::from_bytes(&s.keys[2]).unwrap();
    let config = NotaryConfig::new(VALIDITY, 6, "short");
    let err = Notary::new(Db::in_memory().unwrap(), Box::new(s.client()), signer, &s.m, config).err().unwrap();
    assert!(err.contains("watcher token"), "{err}");
}

// ---- Deposits ----

#[test]
fn a_deposit_under_the_minimum_is_refused_by_name() {
    let api = Api::new("minimum");
    let mut d = api.ksm_deposit("1-1");
    d["nativeAmount"] = json!("999999999999");
    bad(&api, d.clone(), "nativeAmount 0.999999999999 is below the minimum deposit of 1 KSM");
    d["nativeAmount"] = json!("1000000000000");
    assert_eq!(api.report(d).0, 201, "exactly 1 KSM is enough");
}

#[test]
fn the_minimum_is_configurable_per_network() {
    let s = Suite::deploy("minconf");
    let mut config = config();
    config.minimum[1] = U256::from(50_000_000_000u64); // 5 DOT
    let api = Api::with(s, Db::in_memory().unwrap(), config);
    let dot = |amount: &str| json!({"network": "polkadot", "extrinsicId": "2-2", "nativeAmount": amount, "address": ss58_address(0, 7)});
    bad(&api, dot("49999999999"), "minimum deposit of 5 DOT");
    assert_eq!(api.report(dot("50000000000")).0, 201);
}

#[test]
fn the_same_report_twice_is_200_and_a_conflicting_one_409() {
    let api = Api::new("rereport");
    assert_eq!(api.report(api.ksm_deposit("3-3")).0, 201);
    assert_eq!(api.report(api.ksm_deposit("3-3")).0, 200);
    let mut other = api.ksm_deposit("3-3");
    other["nativeAmount"] = json!("99000000000000");
    let (status, text) = api.report(other);
    assert_eq!(status, 409, "{text}");
    let (_, body) = api.request("GET", "/v1/deposits/kusama/3-3", None);
    assert_eq!(serde_json::from_str::<DepositReply>(&body).unwrap().native_amount, "12123400000000");
}

#[test]
fn a_crowdloan_deposit_carries_its_loan_id_into_the_claim() {
    let api = Api::new("loan");
    let mut d = api.ksm_deposit("4-4");
    d["loanId"] = json!(2087);
    assert_eq!(api.report(d).0, 201);
    let c = api.reissued("4-4");
    assert_eq!(c.claim.loan_id, 2087);
}

// ---- The depositor's signature ----

#[test]
fn a_claim_for_a_deposit_never_reported_is_404_naming_it() {
    let api = Api::new("unreported");
    let sig = api.alice_ksm.sign("anything");
    let (status, text) = api.ask(json!({
        "network": "kusama", "extrinsicId": "9-9", "ethAddress": api.alice().to_string(),
        "signatureType": "sr25519", "signature": sig,
    }));
    assert_eq!(status, 404, "{text}");
    assert!(error_of(&text).contains("extrinsicId 9-9"), "{text}");
}

fn forbidden(api: &Api, body: Value) {
    let (status, text) = api.ask(body);
    assert_eq!(status, 403, "{text}");
    assert!(error_of(&text).starts_with("signature"), "{text}");
    let address = api.alice_ksm.address(ss58::KUSAMA_PREFIX);
    let (_, list) = api.request("GET", &format!("/v1/claims?address={address}"), None);
    assert_eq!(list, "[]", "a refused request issues nothing");
}

#[test]
fn a_claim_signed_by_another_account_is_403_and_issues_nothing() {
    let api = Api::new("otherkey");
    assert_eq!(api.report(api.ksm_deposit("6-1")).0, 201);
    forbidden(&api, api.signed(&Depositor::sr("//Bob"), "kusama", "6-1", api.alice()));
}

#[test]
fn a_signature_for_another_eth_address_is_403() {
    let api = Api::new("othereth");
    assert_eq!(api.report(api.ksm_deposit("6-2")).0, 201);
    let mut body = api.signed(&api.alice_ksm, "kusama", "6-2", api.alice());
    body["ethAddress"] = json!(api.s.accounts[6].to_string());
    forbidden(&api, body);
}

#[test]
fn an_sr25519_signature_presented_as_ed25519_is_403() {
    let api = Api::new("scheme");
    assert_eq!(api.report(api.ksm_deposit("6-3")).0, 201);
    let mut body = api.signed(&api.alice_ksm, "kusama", "6-3", api.alice());
    body["signatureType"] = json!("ed25519");
    forbidden(&api, body);
}

#[test]
fn a_malformed_signature_or_unknown_scheme_is_400_naming_the_field() {
    let api = Api::new("malformed");
    assert_eq!(api.report(api.ksm_deposit("6-4")).0, 201);
    let good = api.signed(&api.alice_ksm, "kusama", "6-4", api.alice());
    for (field, value, says) in [
        ("signature", "0x1234", "signature"),
        ("signature", "nothex", "signature"),
        ("signatureType", "ecdsa", "signatureType"),
    ] {
        let mut body = good.clone();
        body[field] = json!(value);
        let (status, text) = api.ask(body);
        assert_eq!(status, 400, "{text}");
        assert!(error_of(&text).starts_with(says), "{text}");
    }
}

#[test]
fn a_wallet_signature_over_the_wrapped_message_is_accepted() {
    let api = Api::new("wrapped");
    assert_eq!(api.report(api.ksm_deposit("6-5")).0, 201);
    let message = api.message("kusama", "6-5", api.alice());
    let body = json!({
        "network": "kusama", "extrinsicId": "6-5", "ethAddress": api.alice().to_string(),
        "signatureType": "sr25519", "signature": api.alice_ksm.sign(&format!("<Bytes>{message}</Bytes>")),
    });
    assert_eq!(api.ask(body).0, 201);
}

// ---- Re-issue ----

#[test]
fn an_expired_claim_is_reissued_once_with_a_new_id_and_the_old_stays_unusable() {
    let mut api = Api::new("reissue");
    let old = api.issued("8-1");
    api.reach_contract_block(old.claim.data.claim_before_block + 1);
    assert_eq!(api.status(&old), "EXPIRED");

    let new = api.reissued("8-1");
    assert_ne!(new.claim.data.claim_id, old.claim.data.claim_id);
    let pool = api.s.addr("PolkadotPool");
    assert_eq!(new.claim.data.claim_id, format!("{:#x}", claim_id(412_346, pool, 2, "8-1", 1)));
    // Asked again while the new one is active: the same, not a third.
    let (status, body) = api.ask(api.signed(&api.alice_ksm, "kusama", "8-1", api.alice()));
    assert_eq!((status, serde_json::from_str::<ClaimReply>(&body).unwrap()), (409, new.clone()));

    assert!(!api.submit(&old).success, "the expired claim mints nothing");
    assert!(api.submit(&new).success);
    assert!(!api.submit(&new).success, "and the new one mints once");
    assert_eq!(api.status(&new), "CLAIMED");
    assert_eq!(api.status(&old), "EXPIRED");
    let minted = api.s.chain.view(api.s.addr("aKSMb"), Bond::balanceOfCall { account: api.alice() }).unwrap();
    assert_eq!(minted, U256::from(12_123_400_000_000_000_000u128), "one deposit, one mint");
}

#[test]
fn a_used_claim_is_never_reissued() {
    let mut api = Api::new("usednever");
    let c = api.issued("8-2");
    assert!(api.submit(&c).success);
    api.reach_contract_block(c.claim.data.claim_before_block + 1);
    let (status, body) = api.ask(api.signed(&api.alice_ksm, "kusama", "8-2", api.alice()));
    assert_eq!(status, 409, "{body}");
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap().claim.status, "CLAIMED");
}

// ---- Serving ----

#[test]
fn the_deposit_endpoint_serves_the_text_a_depositor_signs() {
    let api = Api::new("text");
    assert_eq!(api.report(api.ksm_deposit("7-7")).0, 201);
    let message = api.message("kusama", "7-7", api.alice());
    let expected = lst_backend::depositor::claim_request_message(
        "kusama",
        "7-7",
        U256::from(12_123_400_000_000u64),
        api.alice(),
        412_346,
        api.s.addr("PolkadotPool"),
    );
    assert_eq!(message, expected);
}

fn preflight(api: &Api, origin: &str) -> Option<String> {
    let req = Request::builder()
        .method("OPTIONS")
        .uri("/v1/claims")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let (_, headers, _) = api.send(req);
    headers.get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned())
}

#[test]
fn cors_allows_the_configured_origins_only() {
    let s = Suite::deploy("cors");
    let mut config = config();
    config.cors_origins = vec!["https://app.example".into()];
    let api = Api::with(s, Db::in_memory().unwrap(), config);
    assert_eq!(preflight(&api, "https://app.example").as_deref(), Some("https://app.example"));
    assert_eq!(preflight(&api, "https://evil.example"), None);
}

#[test]
fn without_configured_origins_no_cross_origin_call_is_allowed() {
    let api = Api::new("nocors");
    assert_eq!(preflight(&api, "https://app.example"), None);
}

#[test]
fn a_client_over_its_rate_gets_429_with_retry_after() {
    let s = Suite::deploy("rate");
    let mut config = config();
    config.rate_per_minute = 3;
    let api = Api::with(s, Db::in_memory().unwrap(), config);
    let from = |ip: [u8; 4]| {
        let mut req = Request::builder().uri("/v1/claims/0x1").body(Body::empty()).unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((ip, 4000))));
        req
    };
    for _ in 0..3 {
        assert_eq!(api.send(from([10, 0, 0, 1])).0, 404);
    }
    let (status, headers, body) = api.send(from([10, 0, 0, 1]));
    assert_eq!(status, 429, "{body}");
    assert!(error_of(&body).contains("rate limit"), "{body}");
    assert!(headers.get("retry-after").unwrap().to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(api.send(from([10, 0, 0, 2])).0, 404, "another client is not limited");
}

#[test]
fn healthz_reports_the_chain_block() {
    let mut api = Api::new("health");
    let (status, body) = api.request_as(None, "GET", "/healthz", None);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["block"].as_u64().unwrap(), api.s.chain.contract_block_number().unwrap());
}

#[test]
fn the_openapi_description_is_served_and_names_every_route() {
    let api = Api::new("openapi");
    let (status, body) = api.request_as(None, "GET", "/openapi.json", None);
    assert_eq!(status, 200);
    assert_eq!(body, lst_backend::notary::openapi_json().unwrap());
    let doc: Value = serde_json::from_str(&body).unwrap();
    let described: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .collect();
    let mut described = described;
    described.sort();
    let mut routes: Vec<(String, String)> =
        lst_backend::notary::ROUTES.iter().map(|(m, p)| ((*m).to_owned(), (*p).to_owned())).collect();
    routes.sort();
    assert_eq!(described, routes);
    // Every described route is served (none answers 404 for its path or
    // 405 for its method).
    for (method, path) in routes {
        let uri = path.replace("{network}", "kusama").replace("{extrinsicId}", "1-1").replace("{claimId}", "0x1");
        let (status, _) = api.request(&method, &uri, (method == "POST").then(|| "{}".to_owned()));
        assert_ne!(status, 405, "{method} {path}");
        assert!(status != 404 || path.contains('{'), "{method} {path}");
    }
}

#[test]
fn the_committed_openapi_file_is_the_generated_description() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../offchain/backend/openapi.json")).unwrap();
    assert!(
        committed == lst_backend::notary::openapi_json().unwrap(),
        "offchain/backend/openapi.json is stale: regenerate it with \
         `cargo_off run -p lst-backend -- openapi > offchain/backend/openapi.json`"
    );
}

#[test]
fn metrics_count_claims_issued_claimed_and_expired() {
    let mut api = Api::new("metrics");
    let used = api.issued("9-1");
    let expired = api.issued("9-2");
    api.issued("9-3");
    assert!(api.submit(&used).success);
    api.reach_contract_block(expired.claim.data.claim_before_block + 1);
    let (status, body) = api.request_as(None, "GET", "/metrics", None);
    assert_eq!(status, 200);
    for series in [
        "lst_notary_claims_issued_total 3",
        "lst_notary_claims_claimed_total 1",
        "lst_notary_claims_expired_total 2", // 9-3 expired as well: same deadline
        "lst_notary_claims_active 0",
        "lst_notary_deposits_reported_total 3",
        "# TYPE lst_notary_claims_issued_total counter",
    ] {
        assert!(body.contains(series), "{series} missing from\n{body}");
    }
}

// ---- The unstake pipeline (KSM/DOT back to the relay chain) ----

fn unstakes_api(api: &Api, db: Db, address: &str) -> Vec<lst_backend::unstake::UnstakeEntry> {
    let service = lst_backend::service::Service::new(db);
    let req = Request::builder().uri(format!("/v1/unstakes?address={address}")).body(Body::empty()).unwrap();
    let (status, body) = api.runtime.block_on(async {
        let res = service.router().oneshot(req).await.unwrap();
        let status = res.status().as_u16();
        (status, String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap())
    });
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn every_tokens_burned_becomes_a_pending_unstake_listed_by_address_until_paid() {
    let mut api = Api::new("unstake");
    let c = api.issued("10-1");
    assert!(api.submit(&c).success);
    let (pool, ksm, alice) = (api.s.addr("PolkadotPool"), api.s.addr("aKSMb"), api.alice());
    // Burns 5 aKSMb to //Alice's generic (42) address: recorded with Kusama's
    // prefix.
    let recipient = api.alice_ksm.address(ss58::GENERIC_PREFIX);
    let burn = DotPool::burnBondCall {
        bond: ksm,
        amount: U256::from(5_000_000_000_000_000_000u128),
        polkadotRecipient: recipient.clone().into_bytes().into(),
    };
    let tx = api.s.chain.ok(alice, pool, burn).unwrap();

    let path = api.s.scratch("unstake").join("keeper.sqlite");
    let db = Db::open(&path).unwrap();
    let follower = lst_backend::unstake::Unstakes::new(&api.s.m, SyncConfig::default()).unwrap();
    let mut chain = api.s.client();
    follower.sync(&mut chain, &db).unwrap();
    follower.sync(&mut chain, &db).unwrap(); // again: nothing twice
    let pending = db.pending_unstakes().unwrap();
    assert_eq!(pending.len(), 1);
    let u = &pending[0];
    assert_eq!(u.recipient, api.alice_ksm.address(ss58::KUSAMA_PREFIX));
    assert_eq!((u.account, u.token, u.native_amount), (alice, ksm, U256::from(5_000_000_000_000u64)));
    assert_eq!(u.tx_hash, tx.hash.map(|h| format!("{h:#x}")));

    let listed = unstakes_api(&api, Db::open(&path).unwrap(), &alice.to_string());
    assert_eq!(listed.len(), 1);
    let e = &listed[0];
    assert_eq!((e.kind.as_str(), e.status.as_str(), e.amount.as_str()), ("UNSTAKE", "PENDING", "5"));
    assert_eq!(e.address, u.recipient);
    assert_eq!(unstakes_api(&api, Db::open(&path).unwrap(), &u.recipient), listed, "by the SS58 address too");

    db.mark_unstake_paid(u.id, "2000-7").unwrap().unwrap();
    let paid = &unstakes_api(&api, Db::open(&path).unwrap(), &alice.to_string())[0];
    assert_eq!((paid.status.as_str(), paid.relay_extrinsic.as_deref()), ("PAID", Some("2000-7")));
    assert!(db.pending_unstakes().unwrap().is_empty());
}

#[test]
fn an_unstake_is_paid_once() {
    let mut api = Api::new("paidonce");
    let c = api.issued("10-2");
    assert!(api.submit(&c).success);
    let burn = DotPool::burnBondCall {
        bond: api.s.addr("aKSMb"),
        amount: U256::from(1_000_000_000_000_000_000u128),
        polkadotRecipient: api.alice_ksm.address(ss58::KUSAMA_PREFIX).into_bytes().into(),
    };
    let (pool, alice) = (api.s.addr("PolkadotPool"), api.alice());
    api.s.chain.ok(alice, pool, burn).unwrap();
    let db = Db::in_memory().unwrap();
    let follower = lst_backend::unstake::Unstakes::new(&api.s.m, SyncConfig::default()).unwrap();
    follower.sync(&mut api.s.client(), &db).unwrap();
    let id = db.pending_unstakes().unwrap()[0].id;
    assert_eq!(db.mark_unstake_paid(id, "1-1").unwrap(), Ok(()));
    assert_eq!(db.mark_unstake_paid(id, "1-1").unwrap(), Ok(()), "the same extrinsic again: a no-op");
    assert_eq!(
        db.mark_unstake_paid(id, "1-2").unwrap(),
        Err(lst_backend::db::PaidError::PaidBy(id, "1-1".into())),
        "another extrinsic is refused"
    );
    assert_eq!(db.mark_unstake_paid(id + 1, "1-2").unwrap(), Err(lst_backend::db::PaidError::Unknown(id + 1)));
}

// ---- The staking page the notary serves (`--page DIR`) ----

/// A page directory holding one `index.html`.
fn page_dir(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lst-page-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>staking</title>").unwrap();
    dir
}

fn get(api: &Api, router: axum::Router, uri: &str) -> (u16, String) {
    let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
    api.runtime.block_on(async {
        let res = router.oneshot(req).await.unwrap();
        let status = res.status().as_u16();
        (status, String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap())
    })
}

#[test]
fn the_page_config_names_the_chain_the_node_and_every_contract_of_the_manifest() {
    let api = Api::new("page-config");
    let config = PageConfig::new(&api.s.m, "http://127.0.0.1:8547");
    let json = serde_json::to_value(&config).unwrap();
    assert_eq!(json["chainId"], api.s.m.chain_id);
    assert_eq!(json["rpcUrl"], "http://127.0.0.1:8547");
    assert_eq!(json["platform"], api.s.m.platform);
    assert_eq!(json["startBlock"], api.s.m.start_block);
    for c in &api.s.m.contracts {
        let served: Address = json["contracts"][&c.name].as_str().unwrap().parse().unwrap();
        assert_eq!(served, c.address, "{}", c.name);
    }
    assert_eq!(json["networks"][0]["name"], "kusama");
    assert_eq!(json["networks"][0]["prefix"], 2);
    assert_eq!(json["networks"][1]["bond"], "aDOTb");
}

#[test]
fn the_page_config_carries_dev_keys_on_a_local_chain_only() {
    let api = Api::new("page-dev-keys");
    let local = PageConfig::new(&api.s.m, "http://127.0.0.1:8547");
    assert_eq!(local.dev_accounts.len(), lst_client::dev::dev_keys().len());
    assert_eq!(local.dev_accounts[0].address, lst_client::dev::dev_accounts()[0]);
    let mut sepolia = api.s.m.clone();
    sepolia.chain_id = 421_614;
    assert!(PageConfig::new(&sepolia, "https://sepolia-rollup.arbitrum.io/rpc").dev_accounts.is_empty());
}

#[test]
fn the_page_router_serves_the_directory_and_the_config() {
    let api = Api::new("page-router");
    let dir = page_dir("router");
    let router = || lst_backend::page::router(&dir, PageConfig::new(&api.s.m, "http://node"));
    let (status, body) = get(&api, router(), "/");
    assert_eq!((status, body.as_str()), (200, "<!doctype html><title>staking</title>"));
    let (status, body) = get(&api, router(), "/config.json");
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["rpcUrl"], "http://node");
    assert_eq!(get(&api, router(), "/app.js").0, 404, "a file the directory lacks");
    assert_eq!(get(&api, router(), "/../Cargo.toml").0, 404, "nothing outside the directory");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn beside_the_page_the_notary_api_still_answers() {
    let api = Api::new("page-merged");
    let dir = page_dir("merged");
    let router = api.notary.clone().router().merge(lst_backend::page::router(&dir, PageConfig::new(&api.s.m, "x")));
    assert_eq!(get(&api, router.clone(), "/").0, 200);
    let (status, body) = get(&api, router, "/healthz");
    assert_eq!(status, 200, "{body}");
    std::fs::remove_dir_all(dir).unwrap();
}

impl Api {
    /// `depositor`'s signed request for `amount` planck of `extrinsic` to
    /// `to` (the text served for that amount).
    fn signed_for(&self, depositor: &Depositor, extrinsic: &str, to: Address, amount: u128) -> Value {
        let uri = format!("/v1/deposits/kusama/{extrinsic}?ethAddress={to}&amount={amount}");
        let (status, body) = self.request_as(None, "GET", &uri, None);
        assert_eq!(status, 200, "{body}");
        let message = serde_json::from_str::<DepositReply>(&body).unwrap().message.unwrap();
        json!({
            "network": "kusama",
            "extrinsicId": extrinsic,
            "ethAddress": to.to_string(),
            "signatureType": depositor.scheme(),
            "signature": depositor.sign(&message),
            "amount": amount.to_string(),
        })
    }

    /// What a new claim may still take of `extrinsic` (planck).
    fn claimable(&self, extrinsic: &str) -> String {
        let uri = format!("/v1/deposits/kusama/{extrinsic}?ethAddress={}", self.alice());
        let (_, body) = self.request_as(None, "GET", &uri, None);
        serde_json::from_str::<DepositReply>(&body).unwrap().claimable.unwrap()
    }
}

#[test]
fn a_claim_may_take_part_of_a_deposit_and_the_next_one_the_rest() {
    let mut api = Api::new("partial");
    assert_eq!(api.report(api.ksm_deposit("100-9")).0, 201);
    assert_eq!(api.claimable("100-9"), "12123400000000", "all of it at first");
    let (status, body) = api.ask(api.signed_for(&api.alice_ksm, "100-9", api.alice(), 5_000_000_000_000));
    assert_eq!(status, 201, "{body}");
    let first: ClaimReply = serde_json::from_str(&body).unwrap();
    assert_eq!(first.claim.data.native_amount, "5000000000000");
    assert_eq!(api.claimable("100-9"), "7123400000000", "the rest");
    // Without an amount: all that is left (the text served for it).
    let rest = api.reissued("100-9");
    assert_eq!(rest.claim.data.native_amount, "7123400000000");
    assert_ne!(rest.claim.data.claim_id, first.claim.data.claim_id);
    assert!(api.submit(&first).success);
    assert!(api.submit(&rest).success);
    let minted = api.s.chain.view(api.s.addr("aKSMb"), Bond::balanceOfCall { account: api.alice() }).unwrap();
    assert_eq!(minted, U256::from(12_123_400_000_000_000_000u128), "both parts minted: the whole deposit");
    // Nothing left: asking again answers the latest claim.
    let (status, body) = api.ask(api.signed(&api.alice_ksm, "kusama", "100-9", api.alice()));
    assert_eq!(status, 409, "{body}");
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap().claim.data.claim_id, rest.claim.data.claim_id);
}

#[test]
fn a_claim_for_more_than_is_left_of_the_deposit_is_refused_and_issues_nothing() {
    let api = Api::new("too-much");
    assert_eq!(api.report(api.ksm_deposit("100-10")).0, 201);
    let (status, body) = api.ask(api.signed_for(&api.alice_ksm, "100-10", api.alice(), 12_123_400_000_001));
    assert_eq!(status, 400, "{body}");
    assert!(error_of(&body).contains("still claimable"), "{body}");
    assert_eq!(api.claimable("100-10"), "12123400000000", "nothing was issued");
    for bad in ["0", "-1", "1.5", "", "x"] {
        let mut body = api.signed(&api.alice_ksm, "kusama", "100-10", api.alice());
        body["amount"] = json!(bad);
        let (status, text) = api.ask(body);
        assert_eq!(status, 400, "{bad:?}: {text}");
        assert!(error_of(&text).contains("amount"), "{text}");
    }
}

#[test]
fn a_signature_over_another_amount_is_403() {
    let api = Api::new("amount-sig");
    assert_eq!(api.report(api.ksm_deposit("100-11")).0, 201);
    let mut body = api.signed_for(&api.alice_ksm, "100-11", api.alice(), 1_000_000_000_000);
    body["amount"] = json!("2000000000000");
    assert_eq!(api.ask(body).0, 403);
}
