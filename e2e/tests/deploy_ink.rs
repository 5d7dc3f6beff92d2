//! The deploy tool on the ink! contracts, against pallet-revive in process
//! (the same `Chain` calls a pallet-revive eth-rpc endpoint answers): a
//! fresh deployment wires and verifies clean, an interrupted one resumes,
//! a deployment sent but not recorded is found at the address its nonce
//! fixed, and `verify` catches a drifted role.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use alloy::primitives::{keccak256, Address};
use lst_client::{abi::IAvalanchePool as Pool, Chain, ChainExt, Platform};
use lst_deploy::{DeployError, Pending, CONTRACTS};
use lst_revive_chain::InkChain;

mod setup;

type Setup = setup::Setup<InkChain>;

/// A fresh pallet-revive chain in process.
fn setup(test: &str) -> Setup {
    setup::Setup::on(InkChain::new(420_420_420).unwrap(), &format!("ink-{test}"))
}

#[test]
fn a_fresh_ink_deployment_records_the_polkavm_code_and_verifies_clean() {
    let mut s = setup("fresh");
    let (m, report) = s.up().unwrap();
    assert!(!report.stopped);
    assert_eq!(report.deployed, CONTRACTS.len());
    assert_eq!(report.wired, lst_deploy::steps(&m).unwrap().len());
    assert_eq!(m.platform, "ink");
    assert_eq!(m.pending, None);
    for (c, d) in CONTRACTS.iter().zip(&m.contracts) {
        let blob = c.kind.code(Platform::Ink).unwrap();
        assert_eq!(d.code_hash, keccak256(&blob), "{}", d.name);
        assert_eq!(d.artifact, c.kind.artifact(Platform::Ink));
        assert!(d.block > 0);
    }
    // Each deployment landed at CREATE(deployer, nonce), in order.
    let addresses: Vec<Address> = m.contracts.iter().map(|d| d.address).collect();
    let expected: Vec<Address> = (0..CONTRACTS.len() as u64).map(|n| s.deployer.create(n)).collect();
    assert_eq!(addresses, expected);
    assert_eq!(s.failed_checks(&m), Vec::<String>::new());
}

#[test]
fn an_interrupted_ink_run_resumes_where_it_stopped() {
    let mut s = setup("resume");
    s.opts.max_transactions = Some(3);
    let (partial, report) = s.up().unwrap();
    assert!(report.stopped);
    assert_eq!(partial.contracts.len(), 3);

    s.opts.max_transactions = None;
    let (m, report) = s.up().unwrap();
    assert_eq!(report.deployed, CONTRACTS.len() - 3);
    assert_eq!(m.contracts[..3], partial.contracts[..]);
    assert_eq!(s.failed_checks(&m), Vec::<String>::new());
}

#[test]
fn an_ink_deployment_sent_but_not_recorded_is_found_at_its_pending_address() {
    let mut s = setup("pending");
    s.opts.max_transactions = Some(2);
    s.up().unwrap();
    // The run died after sending its second deployment: the manifest holds
    // it as pending only.
    let mut lost = None;
    s.edit_manifest(|m| {
        let last = m.contracts.pop().unwrap();
        m.pending = Some(Pending { name: last.name.clone(), address: last.address });
        lost = Some(last);
    });
    let lost = lost.unwrap();

    s.opts.max_transactions = None;
    let (m, report) = s.up().unwrap();
    assert_eq!(report.found, 1);
    assert_eq!(report.deployed, CONTRACTS.len() - 2);
    assert_eq!(m.contract(&lost.name).unwrap().address, lost.address);
    assert_eq!(s.failed_checks(&m), Vec::<String>::new());
}

#[test]
fn verify_catches_a_wrong_role_on_ink() {
    let mut s = setup("wrongrole");
    let (m, _) = s.up().unwrap();
    let pool = m.address("AvalanchePool").unwrap();
    let stranger = s.chain.accounts()[9];
    s.chain.ok(s.deployer, pool, Pool::setOperatorCall { operator: stranger }).unwrap();
    assert_eq!(s.failed_checks(&m), vec![format!("AvalanchePool.setOperator({})", s.opts.roles.operator)]);
}

#[test]
fn a_stylus_manifest_is_refused_on_an_ink_chain() {
    let mut s = setup("platform");
    s.opts.max_transactions = Some(1);
    s.up().unwrap();
    let m = s.edit_manifest(|m| m.platform = "stylus".into());
    let err = s.up().unwrap_err();
    assert!(matches!(&err, DeployError::Manifest(msg) if msg.contains("stylus deployment")), "{err}");
    assert!(s.failed_checks(&m).contains(&"ink contracts (manifest stylus)".to_owned()));
}
