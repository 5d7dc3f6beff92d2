//! The notary's HTTP API against the devnode over JSON-RPC: the seed's
//! claim JSON, claims that mint on chain, statuses that follow the chain,
//! deposits never claimable twice, and a clear 4xx for bad input.
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
    notary::{claim_id, whole_units, ClaimReply, Notary, NotaryConfig},
};
use lst_client::{
    abi::{IBondToken as Bond, IPolkadotPool as DotPool},
    Chain, ChainExt,
};
use lst_core::ss58;
use serde_json::{json, Value};
use std::sync::Arc;
use suite::Suite;
use tower::ServiceExt;

const CONFIG: NotaryConfig = NotaryConfig { validity_blocks: 20, block_time_secs: 6 };

fn ss58_address(prefix: u8, seed: u8) -> String {
    let mut out = [0u8; ss58::MAX_ENCODED_LEN];
    let n = ss58::encode(prefix, &[seed; 32], &mut out).unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

struct Api {
    s: Suite,
    notary: Arc<Notary>,
    runtime: tokio::runtime::Runtime,
}

impl Api {
    fn new(test: &str) -> Self {
        let s = Suite::deploy(test);
        Self::with_db(s, Db::in_memory().unwrap())
    }

    fn with_db(s: Suite, db: Db) -> Self {
        let signer = PrivateKeySigner::from_bytes(&s.keys[2]).unwrap();
        let notary = Arc::new(Notary::new(db, Box::new(s.client()), signer, &s.m, CONFIG).unwrap());
        let runtime = tokio::runtime::Runtime::new().unwrap();
        Self { s, notary, runtime }
    }

    /// `(status, raw body)`.
    fn request(&self, method: &str, uri: &str, body: Option<String>) -> (u16, String) {
        let router = self.notary.clone().router();
        let req = Request::builder().method(method).uri(uri).header("content-type", "application/json");
        let req = req.body(body.map_or_else(Body::empty, Body::from)).unwrap();
        self.runtime.block_on(async {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status().as_u16();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        })
    }

    fn deposit(&self, body: Value) -> (u16, String) {
        self.request("POST", "/v1/deposits", Some(body.to_string()))
    }

    fn claim(&self, id: &str) -> (u16, String) {
        self.request("GET", &format!("/v1/claims/{id}"), None)
    }

    fn alice(&self) -> Address {
        self.s.accounts[5]
    }

    /// A valid Kusama deposit of 12.1234 KSM for alice.
    fn ksm_deposit(&self, extrinsic: &str) -> Value {
        json!({
            "network": "kusama",
            "extrinsicId": extrinsic,
            "nativeAmount": "12123400000000",
            "address": ss58_address(ss58::KUSAMA_PREFIX, 7),
            "ethAddress": self.alice().to_string(),
        })
    }

    fn issued(&self, extrinsic: &str) -> ClaimReply {
        let (status, body) = self.deposit(self.ksm_deposit(extrinsic));
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

fn bad(api: &Api, body: Value, says: &str) {
    let (status, text) = api.deposit(body);
    assert_eq!(status, 400, "{text}");
    let message = serde_json::from_str::<Value>(&text).unwrap()["error"].as_str().unwrap().to_owned();
    assert!(message.contains(says), "{message:?} does not say {says:?}");
}

#[test]
fn a_deposit_is_answered_with_the_seeds_claim_json_byte_for_byte() {
    let api = Api::new("shape");
    let (status, raw) = api.deposit(api.ksm_deposit("100-1"));
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
        ss58_address(ss58::KUSAMA_PREFIX, 7),
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
    assert_eq!(d.claim_id, format!("{:#x}", claim_id(412_346, pool, 2, "100-1")));
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
    assert!(l1.abs_diff(l2) > CONFIG.validity_blocks, "the devnode keeps the two numbers apart");
    let c = api.issued("100-4");
    let deadline = c.claim.data.claim_before_block;
    assert_eq!(deadline, l1 + CONFIG.validity_blocks);
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
fn a_polkadot_deposit_is_scaled_from_ten_decimals() {
    let mut api = Api::new("dot");
    let (status, body) = api.deposit(json!({
        "network": "polkadot",
        "extrinsicId": "7-0",
        "nativeAmount": "15000000000",
        "address": ss58_address(ss58::POLKADOT_PREFIX, 9),
        "ethAddress": api.alice().to_string(),
    }));
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
fn a_deposit_registered_twice_gets_409_and_the_same_claim() {
    let api = Api::new("twice");
    let first = api.issued("100-4");
    let (status, body) = api.deposit(api.ksm_deposit("100-4"));
    assert_eq!(status, 409);
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap(), first);
}

#[test]
fn claims_survive_a_restart_and_ids_are_never_reused() {
    let s = Suite::deploy("restart");
    let path = s.scratch("notary").join("notary.sqlite");
    let api = Api::with_db(s, Db::open(&path).unwrap());
    let first = api.issued("100-5");
    let Api { s, notary, runtime } = api;
    drop(runtime);
    drop(notary);

    let api = Api::with_db(s, Db::open(&path).unwrap());
    let (status, body) = api.claim(&first.claim.data.claim_id);
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<ClaimReply>(&body).unwrap(), first);
    let second = api.issued("100-6");
    assert_ne!(second.claim.data.claim_id, first.claim.data.claim_id);
    assert_eq!(api.deposit(api.ksm_deposit("100-5")).0, 409);
}

#[test]
fn a_lost_database_cannot_make_a_deposit_claimable_twice() {
    let mut api = Api::new("lost");
    let first = api.issued("100-7");
    assert!(api.submit(&first).success);
    let Api { s, notary, runtime } = api;
    drop(runtime);
    drop(notary);
    // Same deposit, empty database: the same claim id, already used.
    let mut api = Api::with_db(s, Db::in_memory().unwrap());
    let again = api.issued("100-7");
    assert_eq!(again.claim.data.claim_id, first.claim.data.claim_id);
    assert_eq!(again.claim.status, "CLAIMED");
    assert!(!api.submit(&again).success);
}

#[test]
fn a_depositors_claims_are_listed_by_address() {
    let api = Api::new("list");
    let a = api.issued("1-1");
    let b = api.issued("1-2");
    let (status, body) = api.request("GET", &format!("/v1/claims?address={}", ss58_address(2, 7)), None);
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
        json!({"network": "westend", "extrinsicId": "1-1", "nativeAmount": "1", "address": ss58_address(2, 7), "ethAddress": api.alice().to_string()}),
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
    bad(&api, d, "above zero");
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
fn a_bad_or_zero_eth_address_is_refused() {
    let api = Api::new("eth");
    let mut d = api.ksm_deposit("1-1");
    d["ethAddress"] = json!("0x1234");
    bad(&api, d.clone(), "ethAddress");
    d["ethAddress"] = json!(Address::ZERO.to_string());
    bad(&api, d, "zero address");
}

#[test]
fn malformed_json_missing_and_unknown_fields_are_refused() {
    let api = Api::new("json");
    let (status, _) = api.request("POST", "/v1/deposits", Some("{not json".into()));
    assert_eq!(status, 400);
    let mut d = api.ksm_deposit("1-1");
    d.as_object_mut().unwrap().remove("ethAddress");
    bad(&api, d, "ethAddress");
    let mut d = api.ksm_deposit("1-1");
    d["loanId"] = json!(3);
    bad(&api, d, "loanId");
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
    let err = Notary::new(Db::in_memory().unwrap(), Box::new(s.client()), signer, &s.m, CONFIG).err().unwrap();
    assert!(err.contains("notary is"), "{err}");
}

#[test]
fn whole_units_trim_trailing_zeros() {
    assert_eq!(whole_units(U256::from(12_123_400_000_000u64), 12), "12.1234");
    assert_eq!(whole_units(U256::from(5_000_000_000_000u64), 12), "5");
    assert_eq!(whole_units(U256::from(1u8), 10), "0.0000000001");
}
