//! KSM/DOT staking on the relay chain: a user's real signed transfer to
//! the deposit address, given to the notary by its extrinsic id, is
//! credited once and claimed as aKSMb (every other transfer is refused by
//! name and credits nothing); the relay service bonds it, nominates,
//! claims era rewards, and pays a burn back on the relay chain after
//! unbonding — once, even when stopped between sending and recording.
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
    network::NETWORKS,
    notary::{ClaimReply, DepositReply, History, Notary, NotaryConfig},
    oracle::{deposits_minted, OracleAction, RatioOracle, RelayMeasure, RewardInput},
    relay::{multi_address, AccountId, RelayClient},
    staker::{Intent, Staker, StakerConfig},
    unstake::Unstakes,
};
use lst_client::{
    abi::{IBondToken as Bond, IPolkadotPool as DotPool},
    Chain, ChainExt,
};
use lst_core::ss58;
use lst_node::relay as server;
use lst_relay_chain::{ChainParams, Network};
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
        Self::with_db(test, Db::in_memory().unwrap())
    }

    fn with_db(test: &str, db: Db) -> Self {
        Self::with_dbs(test, db, None)
    }

    /// With the notary's store `db` and the keeper's database `keeper`
    /// (for the history's unstakes).
    fn with_dbs(test: &str, db: Db, keeper: Option<Db>) -> Self {
        let s = Suite::deploy(test);
        let url = server::spawn(ChainParams::local(Network::Kusama)).unwrap().replace("http://", "ws://");
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let client = runtime.block_on(RelayClient::connect(&url, "kusama", 2)).unwrap();
        let deposit = key("//LstStash").public_key().0;
        let signer = PrivateKeySigner::from_bytes(&s.keys[2]).unwrap();
        let notary = Notary::new(
            db,
            Box::new(s.client()),
            signer,
            &s.m,
            NotaryConfig::new(20, 6, "watcher-token-for-tests-0123456789"),
        )
        .unwrap()
        .with_relay("kusama", client.clone(), deposit)
        .unwrap();
        let notary = match keeper {
            Some(keeper) => notary.with_unstakes(keeper),
            None => notary,
        };
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
    let id = r.deposit_and_claim(&key("//Dave"), 5 * KSM);
    let (status, body) = r.request("GET", &format!("/v1/deposits/kusama/{id}"), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<DepositReply>(&body).unwrap().native_amount, (5 * KSM).to_string());
    let minted = r.s.chain.view(r.s.addr("aKSMb"), Bond::balanceOfCall { account: r.s.accounts[5] }).unwrap();
    assert_eq!(minted, U256::from(5u8) * U256::from(10u8).pow(U256::from(18)), "5 aKSMb");
}

impl Relay {
    /// `who` sends `amount` to the deposit address, gives the notary the
    /// extrinsic id, signs the claim request and claims the aKSMb to user
    /// 5; returns the extrinsic id.
    fn deposit_and_claim(&mut self, who: &Keypair, amount: u128) -> String {
        let id = self.transfer(who, &self.deposit, amount);
        let (status, body) = self.stake(&id, who);
        assert_eq!(status, 201, "{body}");
        let to: Address = self.s.accounts[5];
        let (_, body) = self.request("GET", &format!("/v1/deposits/kusama/{id}?ethAddress={to}"), None);
        let message = serde_json::from_str::<DepositReply>(&body).unwrap().message.unwrap();
        let signature = format!("0x{}", alloy::hex::encode(who.sign(message.as_bytes()).0));
        let ask = json!({"network": "kusama", "extrinsicId": id, "ethAddress": to.to_string(),
            "signatureType": "sr25519", "signature": signature});
        let (status, body) = self.request("POST", "/v1/claims", Some(ask));
        assert_eq!(status, 201, "{body}");
        let c: ClaimReply = serde_json::from_str(&body).unwrap();
        let d = &c.claim.data;
        let call = DotPool::claimBondsCall {
            bond: c.token_address.parse().unwrap(),
            claimId: d.claim_id.parse().unwrap(),
            amount: U256::from(amount) * U256::from(1_000_000u64),
            claimBeforeBlock: U256::from(d.claim_before_block),
            account: to,
            signature: d.signature.parse::<Bytes>().unwrap(),
        };
        let pool = self.s.addr("PolkadotPool");
        let sender = self.s.accounts[6];
        assert!(self.s.chain.exec(sender, pool, U256::ZERO, call).unwrap().success);
        id
    }
}

#[test]
fn the_ratio_measured_on_the_relay_chain_moves_by_the_rewards_less_two_percent() {
    let dir = std::env::temp_dir().join(format!("lst-relay-ratio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let notary_db = dir.join("notary.sqlite");
    let _ = std::fs::remove_file(&notary_db);
    let mut r = Relay::with_db("relay-ratio", Db::open(&notary_db).unwrap());
    let keeper_db = Db::in_memory().unwrap();
    // 5 KSM minted as aKSMb; 2 KSM more credited and not claimed.
    r.deposit_and_claim(&key("//Dave"), 5 * KSM);
    let eve = key("//Eve");
    let unclaimed = r.transfer(&eve, &r.deposit, 2 * KSM);
    assert_eq!(r.stake(&unclaimed, &eve).0, 201);
    let staker = r.staker(service_config(&["//Alice"]));
    r.settle(&staker, &keeper_db, 1_000, 4);
    r.eras(3);
    r.settle(&staker, &keeper_db, 1_000, 4);
    let rewards = u128::from(keeper_db.meta(&lst_backend::staker::rewards_key(&NETWORKS[0])).unwrap().unwrap());
    assert!(rewards > 0, "the payouts' rewards are recorded");
    let balance = r.runtime.block_on(r.client.balance(&r.deposit)).unwrap();
    let ledger = r.runtime.block_on(r.client.ledger(&r.deposit)).unwrap().unwrap();
    let holdings = balance.free + ledger.active + ledger.unlocking_total();
    assert_eq!(holdings, 7 * KSM + rewards, "the stash holds the deposits and the rewards");
    let pool = r.s.addr("PolkadotPool");
    let mut store = Db::open(&notary_db).unwrap();
    let (minted, unminted) = deposits_minted(&mut store, &mut r.s.chain, pool, NETWORKS[0].prefix).unwrap();
    assert_eq!((minted, unminted), (5 * KSM, 2 * KSM), "dave's deposit is minted, eve's credited only");
    let measure = RelayMeasure { era: 3, holdings, minted, burned: 0, owed: 0, unminted, rewards };
    let input = RewardInput { kusama: Some(measure.era_input().unwrap()), polkadot: None };
    assert_eq!(input.kusama.as_ref().unwrap().total_staked, (5 * KSM).to_string(), "the principal");
    r.s.chain.advance_time(7 * 86_400).unwrap();
    let oracle = RatioOracle::new(&r.s.m, r.s.m.roles.oracle, false).unwrap();
    let actions = oracle.round(&mut r.s.chain, &input).unwrap();
    let fee = (rewards * 2).div_ceil(100);
    let pooled = U256::from(5 * KSM + rewards - fee) * U256::from(1_000_000u64);
    let shares = r.s.chain.view(r.s.addr("aKSMb"), Bond::totalSharesCall {}).unwrap();
    let e18 = U256::from(10u8).pow(U256::from(18));
    let expected = (shares * e18).div_ceil(pooled);
    match &actions[..] {
        [OracleAction::Updated { to, target, .. }] => {
            assert_eq!(*target, expected);
            assert_eq!(*to, expected, "one step: the move is within the feed's bound");
        }
        other => panic!("{other:?}"),
    }
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

fn service_config(validators: &[&str]) -> StakerConfig {
    StakerConfig {
        validators: validators.iter().map(|v| key(v).public_key().0).collect(),
        nomination_delay_secs: 86_400,
        reserve: KSM / 10,
        min_bond: KSM,
        payout_eras: 8,
    }
}

impl Relay {
    fn staker(&self, config: StakerConfig) -> Staker {
        Staker::new(self.client.clone(), key("//LstStash"), &NETWORKS[0], config)
    }

    fn round(&self, staker: &Staker, db: &Db, now: u64) -> lst_backend::staker::Round {
        self.runtime.block_on(staker.round(db, now)).unwrap()
    }

    fn free(&self, who: &AccountId) -> u128 {
        self.runtime.block_on(self.client.balance(who)).unwrap().free
    }

    fn eras(&self, n: u32) {
        let era_blocks = ChainParams::local(Network::Kusama).era_blocks();
        self.runtime.block_on(self.client.dev_new_blocks(era_blocks * n)).unwrap();
    }

    /// An unstake of `amount` to `to`, as the burn pipeline records it.
    fn unstake(&self, db: &Db, id_block: u64, to: &AccountId, amount: u128) {
        let row = lst_backend::db::UnstakeRow {
            id: 0,
            block: id_block,
            log_index: 0,
            tx_hash: None,
            network: NETWORKS[0].prefix,
            token: self.s.addr("aKSMb"),
            account: self.s.accounts[5],
            recipient: ss58_of(to),
            amount: U256::from(amount) * U256::from(1_000_000u64),
            native_amount: U256::from(amount),
            shares: U256::from(amount) * U256::from(1_000_000u64),
            relay_extrinsic: None,
            status: "PENDING".into(),
        };
        assert!(db.insert_unstake(&row).unwrap());
    }

    /// Rounds until one sends nothing and waits for nothing (at most
    /// `max`).
    fn settle(&self, staker: &Staker, db: &Db, now: u64, max: usize) {
        for _ in 0..max {
            let round = self.round(staker, db, now);
            if round.sent.is_empty() && round.in_flight == 0 {
                return;
            }
        }
        panic!("the service still sends after {max} rounds");
    }
}

#[test]
fn the_relay_service_bonds_deposits_and_nominates_the_validators() {
    let r = Relay::new("relay-bond");
    let db = Db::in_memory().unwrap();
    r.transfer(&key("//Dave"), &r.deposit, 50 * KSM);
    let staker = r.staker(service_config(&["//Alice", "//Bob"]));
    let first = r.round(&staker, &db, 1_000);
    assert_eq!(first.sent, vec!["bond".to_owned()]);
    let second = r.round(&staker, &db, 1_000);
    assert_eq!(second.sent, vec!["nominate".to_owned()]);
    let ledger = r.runtime.block_on(r.client.ledger(&r.deposit)).unwrap().unwrap();
    assert_eq!(ledger.active, 50 * KSM - KSM / 10, "all but the reserve is bonded");
    let mut nominated = r.runtime.block_on(r.client.nominations(&r.deposit)).unwrap();
    nominated.sort();
    let mut wanted = service_config(&["//Alice", "//Bob"]).validators;
    wanted.sort();
    assert_eq!(nominated, wanted);
    assert!(r.round(&staker, &db, 1_000).sent.is_empty(), "nothing more to do");
}

#[test]
fn a_change_of_validators_is_nominated_only_after_the_delay() {
    let r = Relay::new("relay-delay");
    let db = Db::in_memory().unwrap();
    r.transfer(&key("//Dave"), &r.deposit, 50 * KSM);
    r.settle(&r.staker(service_config(&["//Alice"])), &db, 1_000, 4);
    let changed = r.staker(service_config(&["//Bob"]));
    assert!(r.round(&changed, &db, 2_000).sent.is_empty(), "the new list waits");
    assert!(r.round(&changed, &db, 2_000 + 86_399).sent.is_empty(), "a second short of a day");
    assert_eq!(r.round(&changed, &db, 2_000 + 86_400).sent, vec!["nominate".to_owned()]);
    assert_eq!(r.runtime.block_on(r.client.nominations(&r.deposit)).unwrap(), vec![key("//Bob").public_key().0]);
}

#[test]
fn the_relay_service_claims_the_era_rewards_of_its_validators() {
    let r = Relay::new("relay-rewards");
    let db = Db::in_memory().unwrap();
    r.transfer(&key("//Dave"), &r.deposit, 500 * KSM);
    let staker = r.staker(service_config(&["//Alice"]));
    r.settle(&staker, &db, 1_000, 4);
    let before = r.runtime.block_on(r.client.ledger(&r.deposit)).unwrap().unwrap().active + r.free(&r.deposit);
    r.eras(3);
    let round = r.round(&staker, &db, 1_000);
    assert!(round.sent.iter().any(|k| k == "payout"), "{round:?}");
    r.settle(&staker, &db, 1_000, 4);
    let after = r.runtime.block_on(r.client.ledger(&r.deposit)).unwrap().unwrap().active + r.free(&r.deposit);
    assert!(after > before, "rewarded: {before} -> {after}");
}

#[test]
fn an_unstake_the_free_balance_cannot_pay_is_unbonded_withdrawn_and_paid() {
    let r = Relay::new("relay-unbond");
    let db = Db::in_memory().unwrap();
    r.transfer(&key("//Dave"), &r.deposit, 50 * KSM);
    let staker = r.staker(service_config(&["//Alice"]));
    r.settle(&staker, &db, 1_000, 4);
    let eve = key("//Eve").public_key().0;
    let eve_before = r.free(&eve);
    r.unstake(&db, 100, &eve, 3 * KSM);
    assert_eq!(r.round(&staker, &db, 1_000).sent, vec!["unbond".to_owned()]);
    assert_eq!(db.pending_unstakes().unwrap()[0].status, "UNBONDING");
    // The bond unlocks after the bonding duration (2 eras locally).
    r.eras(3);
    assert_eq!(r.round(&staker, &db, 1_000).sent, vec!["withdraw".to_owned()]);
    let round = r.round(&staker, &db, 1_000);
    assert_eq!(round.sent.iter().filter(|k| *k == "pay").count(), 1, "{round:?}");
    r.round(&staker, &db, 1_000);
    let paid = db.unstakes_of(&ss58_of(&eve)).unwrap();
    assert_eq!(paid[0].status, "PAID");
    let extrinsic = paid[0].relay_extrinsic.clone().unwrap();
    assert!(lst_backend::relay::parse_extrinsic_id(&extrinsic).is_ok(), "{extrinsic}");
    assert_eq!(r.free(&eve), eve_before + 3 * KSM);
}

/// The payment of unstake `id`: `amount` to `to`, as the service signs it.
fn payment(id: u64, to: &AccountId, amount: u128) -> Intent {
    Intent {
        kind: "pay".into(),
        key: id.to_string(),
        pallet: "Balances".into(),
        call: "transfer_keep_alive".into(),
        args: vec![multi_address(to), Arg::u128(amount)],
        amount,
    }
}

/// A stash holding 20 KSM free and an unstake of 4 KSM to //Eve: the
/// chain, the keeper's database, Eve's account, her balance, the
/// unstake's id.
fn owing_eve(test: &str) -> (Relay, Db, AccountId, u128, u64) {
    let r = Relay::new(test);
    let db = Db::in_memory().unwrap();
    r.transfer(&key("//Dave"), &r.deposit, 20 * KSM);
    let eve = key("//Eve").public_key().0;
    r.unstake(&db, 100, &eve, 4 * KSM);
    let eve_before = r.free(&eve);
    let id = db.pending_unstakes().unwrap()[0].id;
    (r, db, eve, eve_before, id)
}

#[test]
fn a_payout_stopped_after_submission_and_before_its_record_is_paid_once_on_restart() {
    let (r, db, eve, eve_before, id) = owing_eve("relay-kill");
    // The service signs and records the payment, submits it — and is
    // stopped there, before it learns the payment's block.
    {
        let staker = r.staker(service_config(&[]));
        let mut nonce = 0;
        r.runtime.block_on(staker.send_intent(&db, payment(id, &eve, 4 * KSM), &mut nonce)).unwrap();
    }
    assert_eq!(r.free(&eve), eve_before + 4 * KSM, "the payment is on chain");
    assert_eq!(db.pending_unstakes().unwrap().len(), 1, "and not recorded");
    // Restarted: the payment is found on chain, not sent again.
    let staker = r.staker(service_config(&[]));
    r.settle(&staker, &db, 1_000, 4);
    assert_eq!(r.free(&eve), eve_before + 4 * KSM, "paid once");
    assert_eq!(db.unstakes_of(&ss58_of(&eve)).unwrap()[0].status, "PAID");
}

#[test]
fn a_payout_recorded_but_never_submitted_is_submitted_on_restart_and_paid_once() {
    let (r, db, eve, eve_before, id) = owing_eve("relay-unsent");
    {
        let staker = r.staker(service_config(&[]));
        r.runtime.block_on(staker.record(&db, payment(id, &eve, 4 * KSM), 0)).unwrap();
    }
    assert_eq!(r.free(&eve), eve_before, "stopped before submitting");
    let staker = r.staker(service_config(&[]));
    r.settle(&staker, &db, 1_000, 4);
    assert_eq!(r.free(&eve), eve_before + 4 * KSM, "paid once");
    assert_eq!(db.unstakes_of(&ss58_of(&eve)).unwrap()[0].status, "PAID");
}

#[test]
fn a_burn_of_aksmb_is_paid_to_its_ss58_recipient_on_the_relay_chain() {
    let mut r = Relay::new("relay-loop");
    let dave = key("//Dave");
    // Deposit, credit, claim: 5 aKSMb to the user.
    r.deposit_and_claim(&dave, 5 * KSM);
    let (to, pool) = (r.s.accounts[5], r.s.addr("PolkadotPool"));
    // The service bonds the deposit.
    let db = Db::in_memory().unwrap();
    let staker = r.staker(service_config(&["//Alice"]));
    r.settle(&staker, &db, 1_000, 4);
    // The user burns 2 aKSMb to its own Kusama address.
    let burn = DotPool::burnBondCall {
        bond: r.s.addr("aKSMb"),
        amount: U256::from(2u8) * U256::from(10u8).pow(U256::from(18)),
        polkadotRecipient: Bytes::from(ss58_of(&dave.public_key().0).into_bytes()),
    };
    assert!(r.s.chain.exec(to, pool, U256::ZERO, burn).unwrap().success);
    let unstakes = Unstakes::new(&r.s.m, SyncConfig::default()).unwrap();
    unstakes.sync(&mut r.s.chain, &db).unwrap();
    let dave_before = r.free(&dave.public_key().0);
    // Unbond, wait the bonding duration, withdraw, pay.
    assert_eq!(r.round(&staker, &db, 1_000).sent, vec!["unbond".to_owned()]);
    r.eras(3);
    r.settle(&staker, &db, 1_000, 8);
    let paid = db.unstakes_of(&ss58_of(&dave.public_key().0)).unwrap();
    assert_eq!(paid[0].status, "PAID", "{paid:?}");
    assert_eq!(r.free(&dave.public_key().0), dave_before + 2 * KSM, "2 KSM arrived on the relay chain");
}

#[test]
fn the_history_lists_stakes_claims_and_paid_unstakes_with_what_is_left_to_claim() {
    let dir = std::env::temp_dir().join(format!("lst-relay-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keeper_path = dir.join("keeper.sqlite");
    let _ = std::fs::remove_file(&keeper_path);
    let mut r = Relay::with_dbs("relay-history", Db::in_memory().unwrap(), Some(Db::open(&keeper_path).unwrap()));
    let keeper_db = Db::open(&keeper_path).unwrap();
    let dave = key("//Dave");
    let minted = r.deposit_and_claim(&dave, 5 * KSM);
    let unclaimed = r.transfer(&dave, &r.deposit, 2 * KSM);
    assert_eq!(r.stake(&unclaimed, &dave).0, 201);
    r.unstake(&keeper_db, 100, &dave.public_key().0, KSM);
    r.settle(&r.staker(service_config(&[])), &keeper_db, 1_000, 4);
    let address = ss58_of(&dave.public_key().0);
    let (status, body) = r.request("GET", &format!("/v1/history?network=kusama&address={address}"), None);
    assert_eq!(status, 200, "{body}");
    let h: History = serde_json::from_str(&body).unwrap();
    assert_eq!(h.claimable, (2 * KSM).to_string(), "the unclaimed deposit");
    let seen: Vec<(&str, &str, Option<&str>)> =
        h.entries.iter().map(|e| (e.kind.as_str(), e.status.as_str(), e.extrinsic_id.as_deref())).collect();
    assert_eq!(seen[0], ("STAKE", "CLAIMED", Some(minted.as_str())));
    assert_eq!(seen[1], ("CLAIM", "CLAIMED", Some(minted.as_str())));
    assert_eq!(seen[2], ("STAKE", "CLAIMABLE", Some(unclaimed.as_str())));
    assert_eq!((seen[3].0, seen[3].1), ("UNSTAKE", "PAID"));
    assert!(seen[3].2.is_some(), "the payout's extrinsic id");
    assert_eq!(h.entries.len(), 4);
    let (status, _) = r.request("GET", "/v1/history?network=kusama&address=nope", None);
    assert_eq!(status, 400);
}
