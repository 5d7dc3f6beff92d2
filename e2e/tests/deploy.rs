//! The deploy tool against the devnode over JSON-RPC: a fresh deployment
//! wires and verifies clean, an interrupted one resumes without doing
//! anything twice, and `verify` catches a chain that drifted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use alloy::{
    primitives::{Address, U256},
    sol_types::SolCall,
};
use lst_client::{
    abi::{IAvalanchePool as Pool, IBondToken as Bond, IRateProvider as Feed},
    dev,
    stylus::{IArbWasmCache, ARB_WASM_CACHE},
    Chain, ChainExt, Rpc,
};
use lst_deploy::{DeployError, Manifest, CONTRACTS};

mod setup;

type Setup = setup::Setup<Rpc>;

/// A fresh devnode behind JSON-RPC.
fn setup(test: &str) -> Setup {
    let url = lst_node::spawn(lst_client::Platform::Stylus, 412_346).unwrap();
    setup::Setup::on(Rpc::connect(&url, &dev::dev_keys()).unwrap(), test)
}

#[test]
fn a_fresh_deployment_wires_every_role_and_verifies_clean() {
    let mut s = setup("fresh");
    let (m, report) = s.up().unwrap();
    assert!(!report.stopped);
    assert_eq!(report.deployed, CONTRACTS.len());
    assert_eq!((report.found, report.skipped), (0, 0));
    assert_eq!(report.wired, lst_deploy::steps(&m).unwrap().len());
    // Every program is in Nitro's cache, bid for once per code hash (the
    // three stake accounts share theirs).
    let mut hashes: Vec<_> = m.contracts.iter().map(|c| c.code_hash).collect();
    hashes.dedup();
    hashes.sort();
    hashes.dedup();
    assert_eq!(report.cached, hashes.len());
    for codehash in hashes {
        let cached = IArbWasmCache::codehashIsCachedCall { codehash };
        let out = s.chain.call(ARB_WASM_CACHE, &cached.abi_encode()).unwrap().unwrap();
        assert!(IArbWasmCache::codehashIsCachedCall::abi_decode_returns(&out).unwrap());
    }

    // The manifest on disk is what `up` returned, with every field filled.
    let saved = Manifest::load(&s.path()).unwrap().unwrap();
    assert_eq!(saved, m);
    assert_eq!(saved.chain_id, 412_346);
    assert_eq!(saved.deployer, s.deployer);
    for c in &saved.contracts {
        assert!(c.tx_hash.is_some() && c.block > 0, "{c:?}");
        assert!(std::path::Path::new("../").join(&c.abi).exists(), "{}", c.abi);
    }

    // The roles, read back from the chain.
    let r = s.opts.roles.clone();
    let (feed, pool, cert, ksm, dot, dot_pool) = (
        m.address("RateProvider").unwrap(),
        m.address("AvalanchePool").unwrap(),
        m.address("ankrAVAX").unwrap(),
        m.address("aKSMb").unwrap(),
        m.address("aDOTb").unwrap(),
        m.address("PolkadotPool").unwrap(),
    );
    // Each token's ratio has its own updater.
    assert_eq!(s.chain.view(feed, Feed::ratioUpdaterCall { token: cert }).unwrap(), pool);
    assert_eq!(s.chain.view(feed, Feed::ratioUpdaterCall { token: ksm }).unwrap(), r.oracle);
    assert_eq!(s.chain.view(feed, Feed::ratioUpdaterCall { token: dot }).unwrap(), r.oracle);
    assert_eq!(s.chain.view(pool, Pool::operatorCall {}).unwrap(), r.operator);
    assert_eq!(s.chain.view(pool, Pool::pauserCall {}).unwrap(), r.pauser);
    assert_eq!(s.chain.view(ksm, Bond::poolCall {}).unwrap(), dot_pool);
    for c in CONTRACTS.iter().filter(|c| c.owned) {
        let at = m.address(c.name).unwrap();
        assert_eq!(s.chain.view(at, Pool::pendingOwnerCall {}).unwrap(), r.admin, "{}", c.name);
        assert_eq!(s.chain.view(at, Pool::ownerCall {}).unwrap(), s.deployer, "{}", c.name);
    }
    assert_eq!(s.failed_checks(&m), Vec::<String>::new());
}

#[test]
fn verify_fails_every_owned_contract_until_the_admin_accepts() {
    let mut s = setup("pendingowner");
    let (m, _) = s.up().unwrap();
    let owned: Vec<&str> = CONTRACTS.iter().filter(|c| c.owned).map(|c| c.name).collect();
    let pending = s.failed_ownership_checks(&m);
    assert_eq!(pending.len(), owned.len(), "{pending:?}");
    for (line, name) in pending.iter().zip(&owned) {
        assert!(line.starts_with(name) && line.contains("pending") && line.contains("accept-ownership"), "{line}");
    }
    assert_eq!(s.accept(&m).unwrap(), owned, "the admin takes every one");
    assert_eq!(s.failed_ownership_checks(&m), Vec::<String>::new());
    assert_eq!(s.failed_checks(&m), Vec::<String>::new());
    for name in &owned {
        let at = m.address(name).unwrap();
        assert_eq!(s.chain.view(at, Pool::ownerCall {}).unwrap(), s.opts.roles.admin, "{name}");
    }
}

#[test]
fn a_complete_deployment_is_an_address_book_the_sdk_reads_by_chain_id() {
    let mut s = setup("book");
    let (m, _) = s.up().unwrap();
    let root = s.path().parent().unwrap().parent().unwrap().to_owned();
    let path = m.address_book().save(&root).unwrap();
    assert_eq!(path, root.join("deployments/412346.json"));
    let book = lst_client::book::AddressBook::load(&root, 412_346).unwrap().unwrap();
    assert_eq!((book.chain_id, book.network.as_str(), book.start_block), (412_346, "test", m.start_block));
    for c in &m.contracts {
        assert_eq!(book.address(&c.name), Some(c.address), "{}", c.name);
        assert_eq!(book.contracts[&c.name].code_hash, c.code_hash, "{}", c.name);
    }
    assert_eq!(book.roles["admin"], s.opts.roles.admin);
    assert_eq!(book.roles["validatorOperator0"], s.opts.roles.validator_operators[0]);
}

#[test]
fn accepting_again_sends_nothing() {
    let mut s = setup("acceptagain");
    let (m, _) = s.up().unwrap();
    s.accept(&m).unwrap();
    let block = s.chain.block_number().unwrap();
    assert_eq!(s.accept(&m).unwrap(), Vec::<&str>::new());
    assert_eq!(s.chain.block_number().unwrap(), block, "no transaction");
}

#[test]
fn accepting_with_a_key_other_than_the_admins_is_refused_by_name() {
    let mut s = setup("acceptother");
    let (m, _) = s.up().unwrap();
    let block = s.chain.block_number().unwrap();
    let err = lst_deploy::accept_ownership(&mut s.chain, &m, s.deployer).unwrap_err();
    assert!(matches!(&err, DeployError::Mismatch(msg) if msg.contains("deployment's admin")), "{err}");
    assert_eq!(s.chain.block_number().unwrap(), block, "nothing sent");
    assert_eq!(s.failed_ownership_checks(&m).len(), CONTRACTS.iter().filter(|c| c.owned).count());
}

#[test]
fn a_second_run_changes_nothing() {
    let mut s = setup("rerun");
    let (first, _) = s.up().unwrap();
    let block = s.chain.block_number().unwrap();
    let (second, report) = s.up().unwrap();
    assert_eq!(second, first);
    assert_eq!((report.deployed, report.found, report.wired), (0, 0, 0));
    assert_eq!(report.skipped, CONTRACTS.len() + first.steps.len());
    assert_eq!(s.chain.block_number().unwrap(), block, "no transaction sent");
}

#[test]
fn an_interrupted_run_resumes_where_it_stopped() {
    let mut s = setup("resume");
    s.opts.max_transactions = Some(3);
    let (partial, report) = s.up().unwrap();
    assert!(report.stopped);
    assert_eq!(partial.contracts.len(), 3);
    let kept: Vec<Address> = partial.contracts.iter().map(|c| c.address).collect();

    s.opts.max_transactions = None;
    let (m, report) = s.up().unwrap();
    assert!(!report.stopped);
    assert_eq!(report.deployed, CONTRACTS.len() - 3);
    let now: Vec<Address> = m.contracts.iter().take(3).map(|c| c.address).collect();
    assert_eq!(now, kept, "the first three were not redeployed");
    assert_eq!(s.failed_checks(&m), Vec::<String>::new());
}

#[test]
fn a_contract_deployed_but_not_recorded_is_found_not_redeployed() {
    let mut s = setup("found");
    s.opts.max_transactions = Some(2);
    s.up().unwrap();
    // The run died after its second deployment, before writing it down.
    let mut lost = None;
    s.edit_manifest(|m| lost = m.contracts.pop());
    let lost = lost.unwrap();

    s.opts.max_transactions = None;
    let (m, report) = s.up().unwrap();
    assert_eq!(report.found, 1);
    assert_eq!(report.deployed, CONTRACTS.len() - 2);
    let again = m.contract(&lost.name).unwrap();
    assert_eq!(again.address, lost.address);
    assert_eq!(again.tx_hash, None);
}

#[test]
fn a_step_the_chain_already_shows_is_recorded_without_a_transaction() {
    let mut s = setup("onchain");
    let (m, _) = s.up().unwrap();
    let step = "AvalanchePool.setOperator";
    s.edit_manifest(|m| m.steps.retain(|d| !d.step.starts_with(step)));

    let block = s.chain.block_number().unwrap();
    let (again, report) = s.up().unwrap();
    assert_eq!(report.wired, 0);
    assert_eq!(s.chain.block_number().unwrap(), block);
    let done = again.steps.iter().find(|d| d.step.starts_with(step)).unwrap();
    assert_eq!(done.tx_hash, None);
    assert_eq!(again.steps.len(), m.steps.len());
}

#[test]
fn verify_catches_a_wrong_role() {
    let mut s = setup("wrongrole");
    let (m, _) = s.up().unwrap();
    let pool = m.address("AvalanchePool").unwrap();
    // The deployer still owns the pool (the admin has not accepted yet) and
    // moves the operator elsewhere.
    let stranger = s.chain.accounts()[9];
    s.chain.ok(s.deployer, pool, Pool::setOperatorCall { operator: stranger }).unwrap();
    let failed = s.failed_checks(&m);
    assert_eq!(failed, vec![format!("AvalanchePool.setOperator({})", s.opts.roles.operator)]);
}

#[test]
fn verify_catches_a_moved_ratio_updater() {
    let mut s = setup("oracle");
    let (m, _) = s.up().unwrap();
    let (feed, ksm) = (m.address("RateProvider").unwrap(), m.address("aKSMb").unwrap());
    // A new updater is a scheduled change: asked for, then again after the
    // delay.
    let moved = Feed::setRatioUpdaterCall { token: ksm, updater: s.deployer };
    assert!(s.chain.send(s.deployer, feed, U256::ZERO, &moved.abi_encode()).unwrap().success);
    assert!(s.failed_checks(&m).is_empty(), "nothing changes before the delay");
    s.chain.advance_time(s.opts.roles.change_delay_secs).unwrap();
    assert!(s.chain.send(s.deployer, feed, U256::ZERO, &moved.abi_encode()).unwrap().success);
    let failed = s.failed_checks(&m);
    let oracle = s.opts.roles.oracle;
    assert_eq!(failed, vec![format!("RateProvider.registerToken(aKSMb, updater oracle {oracle})")]);
}

#[test]
fn verify_catches_a_token_recorded_at_another_tokens_address() {
    let mut s = setup("swapped");
    let (mut m, _) = s.up().unwrap();
    // aDOTb recorded at aKSMb's address: same code, another token.
    let ksm = m.address("aKSMb").unwrap();
    m.contracts.iter_mut().find(|c| c.name == "aDOTb").unwrap().address = ksm;
    assert!(s.failed_checks(&m).contains(&"aDOTb.symbol() = aDOTb".to_owned()));
}

#[test]
fn verify_stops_at_an_address_without_the_recorded_code() {
    let mut s = setup("nocode");
    let (mut m, _) = s.up().unwrap();
    let nowhere = Address::repeat_byte(0x42);
    m.contracts.iter_mut().find(|c| c.name == "aDOTb").unwrap().address = nowhere;
    assert_eq!(s.failed_checks(&m), vec![format!("aDOTb at {nowhere} has the recorded code")]);
}

#[test]
fn a_manifest_for_another_chain_is_refused() {
    let mut s = setup("otherchain");
    let (mut m, _) = s.up().unwrap();
    m.chain_id = 1;
    m.save(&s.path()).unwrap();
    let err = s.up().unwrap_err();
    assert!(matches!(&err, DeployError::Manifest(msg) if msg.contains("chain 1")), "{err}");
}

#[test]
fn resuming_with_other_roles_is_refused() {
    let mut s = setup("otherroles");
    s.opts.max_transactions = Some(1);
    s.up().unwrap();
    s.opts.roles.operator = Address::repeat_byte(9);
    let err = s.up().unwrap_err();
    assert!(matches!(&err, DeployError::Manifest(msg) if msg.contains("other roles")), "{err}");
}

#[test]
fn a_manifest_whose_contracts_are_gone_is_refused() {
    // A restarted devnode starts empty: the manifest no longer fits.
    let mut s = setup("gone");
    s.up().unwrap();
    let manifest = std::fs::read(s.path()).unwrap();
    let mut fresh = setup("gone2");
    std::fs::create_dir_all(fresh.path().parent().unwrap()).unwrap();
    std::fs::write(fresh.path(), manifest).unwrap();
    fresh.deployer = s.deployer;
    let err = fresh.up().unwrap_err();
    assert!(matches!(&err, DeployError::Mismatch(msg) if msg.contains("no code")), "{err}");
}

#[test]
fn the_known_networks_have_their_chain_ids_and_platforms() {
    use lst_deploy::network::preset;
    assert_eq!(
        preset("arbitrum-sepolia").map(|p| (p.chain_id, p.platform)),
        Some((421_614, lst_client::Platform::Stylus))
    );
    assert_eq!(preset("passet-hub").map(|p| (p.chain_id, p.platform)), Some((420_420_422, lst_client::Platform::Ink)));
    assert_eq!(preset("local").map(|p| p.chain_id), Some(412_346));
    assert!(preset("mainnet").is_none());
}

#[test]
fn an_endpoint_of_another_chain_is_refused_by_name_before_anything_is_sent() {
    let url = lst_node::spawn(lst_client::Platform::Stylus, 412_346).unwrap();
    let mut chain = Rpc::connect(&url, &dev::dev_keys()).unwrap();
    assert_eq!(lst_deploy::network::check_chain_id(&mut chain, 412_346, "local"), Ok(()));
    let block = chain.block_number().unwrap();
    let err = lst_deploy::network::check_chain_id(&mut chain, 421_614, "arbitrum-sepolia").unwrap_err();
    assert_eq!(err, "the endpoint is chain 412346, not arbitrum-sepolia (chain 421614): nothing was sent");
    assert_eq!(chain.block_number().unwrap(), block);
}

#[test]
fn a_plan_lists_every_transaction_up_would_send_and_sends_nothing() {
    let mut s = setup("plan");
    let block = s.chain.block_number().unwrap();
    let planned = lst_deploy::plan(&mut s.chain, s.deployer, None, &s.opts).unwrap();
    assert_eq!(s.chain.block_number().unwrap(), block, "nothing sent");
    assert!(!s.path().exists(), "no manifest written");
    let deploys = planned.iter().filter(|t| t.what.starts_with("deploy ")).count();
    assert_eq!(deploys, CONTRACTS.len());
    assert!(
        planned.iter().all(|t| t.ready == t.what.starts_with("deploy ")),
        "wiring and bids wait for their contracts"
    );
    let bids: Vec<&str> = planned.iter().filter(|t| t.what.starts_with("cache ")).map(|t| t.what.as_str()).collect();
    assert!(bids.contains(&"cache AvalanchePool (placeBid)"), "{bids:?}");

    // What `up` sends is what was planned, in the same order.
    let (m, report) = s.up().unwrap();
    let is_wiring = |t: &&lst_deploy::PlannedTx| !t.what.starts_with("deploy ") && !t.what.starts_with("cache ");
    let steps: Vec<String> = planned.iter().filter(is_wiring).map(|t| t.what.clone()).collect();
    let done: Vec<String> = m.steps.iter().map(|d| d.step.clone()).collect();
    assert_eq!(steps, done);
    assert_eq!(report.cached, bids.len(), "one bid per planned cache entry");
}

#[test]
fn a_plan_after_an_interrupted_run_lists_only_what_is_left() {
    let mut s = setup("planresume");
    s.opts.max_transactions = Some(4);
    s.up().unwrap();
    let m = Manifest::load(&s.path()).unwrap();
    s.opts.max_transactions = None;
    let planned = lst_deploy::plan(&mut s.chain, s.deployer, m, &s.opts).unwrap();
    let deploys = planned.iter().filter(|t| t.what.starts_with("deploy ")).count();
    assert_eq!(deploys, CONTRACTS.len() - 4);
    let (_, report) = s.up().unwrap();
    assert_eq!(report.deployed + report.wired + report.cached, planned.len(), "up sent exactly the plan");
}

#[test]
fn a_deployment_without_the_cache_places_no_bid() {
    let mut s = setup("nocache");
    s.opts.cache_programs = false;
    let (m, report) = s.up().unwrap();
    assert_eq!(report.cached, 0);
    let pool = m.contract("AvalanchePool").unwrap().code_hash;
    let cached = IArbWasmCache::codehashIsCachedCall { codehash: pool };
    let out = s.chain.call(ARB_WASM_CACHE, &cached.abi_encode()).unwrap().unwrap();
    assert!(!IArbWasmCache::codehashIsCachedCall::abi_decode_returns(&out).unwrap());
    // A later `up` with the cache bids for what is missing, and only that.
    s.opts.cache_programs = true;
    let (_, report) = s.up().unwrap();
    assert!(report.cached > 0 && report.deployed == 0 && report.wired == 0, "{report:?}");
}
