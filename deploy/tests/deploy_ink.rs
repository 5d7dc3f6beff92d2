//! The deploy tool on the ink! contracts, against pallet-revive in process
//! (the same `Chain` calls a pallet-revive eth-rpc endpoint answers): a
//! fresh deployment wires and verifies clean, an interrupted one resumes,
//! a deployment sent but not recorded is found at the address its nonce
//! fixed, and `verify` catches a drifted role.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use alloy::primitives::{keccak256, Address, U256};
use lst_deploy::{up, verify, DeployError, Manifest, Pending, Roles, UpOptions, CONTRACTS};
use lst_e2e::{scenarios::abi::IAvalanchePool as Pool, Chain, ChainExt, Platform};
use lst_revive_chain::InkChain;
use std::path::PathBuf;

struct Setup {
    chain: InkChain,
    deployer: Address,
    dir: PathBuf,
    opts: UpOptions,
}

impl Setup {
    fn new(test: &str) -> Self {
        let chain = InkChain::new(420_420_420).unwrap();
        let a = chain.accounts().to_vec();
        let dir = std::env::temp_dir().join(format!("lst-deploy-ink-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let roles = Roles {
            admin: a[1],
            operator: a[2],
            oracle: a[3],
            notary: a[4],
            pauser: a[5],
            treasury: a[6],
            deposit_address: a[7],
        };
        let opts = UpOptions { network: "revive".into(), roles, deploy_value: U256::ZERO, max_transactions: None };
        Self { chain, deployer: a[0], dir, opts }
    }

    fn path(&self) -> PathBuf {
        Manifest::path(&self.dir, "revive")
    }

    fn up(&mut self) -> Result<(Manifest, lst_deploy::UpReport), DeployError> {
        let path = self.path();
        up(&mut self.chain, self.deployer, &path, &self.opts, &mut |_| {})
    }

    fn failed_checks(&mut self, m: &Manifest) -> Vec<String> {
        verify(&mut self.chain, m).unwrap().into_iter().filter(|f| !f.ok).map(|f| f.what).collect()
    }
}

#[test]
fn a_fresh_ink_deployment_records_the_polkavm_code_and_verifies_clean() {
    let mut s = Setup::new("fresh");
    let (m, report) = s.up().unwrap();
    assert!(!report.stopped);
    assert_eq!(report.deployed, CONTRACTS.len());
    assert_eq!(report.wired, lst_deploy::steps(&m).unwrap().len());
    assert_eq!(m.platform, "ink");
    assert_eq!(m.pending, None);
    for (c, d) in CONTRACTS.iter().zip(&m.contracts) {
        let blob = c.kind.code(Platform::Ink).unwrap();
        assert_eq!(d.code_hash, keccak256(&blob), "{}", d.name);
        assert_eq!(d.artifact, c.kind.ink_artifact());
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
    let mut s = Setup::new("resume");
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
    let mut s = Setup::new("pending");
    s.opts.max_transactions = Some(2);
    s.up().unwrap();
    // The run died after sending its second deployment: the manifest holds
    // it as pending only.
    let mut m = Manifest::load(&s.path()).unwrap().unwrap();
    let lost = m.contracts.pop().unwrap();
    m.pending = Some(Pending { name: lost.name.clone(), address: lost.address });
    m.save(&s.path()).unwrap();

    s.opts.max_transactions = None;
    let (m, report) = s.up().unwrap();
    assert_eq!(report.found, 1);
    assert_eq!(report.deployed, CONTRACTS.len() - 2);
    assert_eq!(m.contract(&lost.name).unwrap().address, lost.address);
    assert_eq!(s.failed_checks(&m), Vec::<String>::new());
}

#[test]
fn verify_catches_a_wrong_role_on_ink() {
    let mut s = Setup::new("wrongrole");
    let (m, _) = s.up().unwrap();
    let pool = m.address("AvalanchePool").unwrap();
    let stranger = s.chain.accounts()[9];
    s.chain.ok(s.deployer, pool, Pool::setOperatorCall { operator: stranger }).unwrap();
    assert_eq!(s.failed_checks(&m), vec![format!("AvalanchePool.setOperator({})", s.opts.roles.operator)]);
}

#[test]
fn a_stylus_manifest_is_refused_on_an_ink_chain() {
    let mut s = Setup::new("platform");
    s.opts.max_transactions = Some(1);
    s.up().unwrap();
    let mut m = Manifest::load(&s.path()).unwrap().unwrap();
    m.platform = "stylus".into();
    m.save(&s.path()).unwrap();
    let err = s.up().unwrap_err();
    assert!(matches!(&err, DeployError::Manifest(msg) if msg.contains("stylus deployment")), "{err}");
    assert!(s.failed_checks(&m).contains(&"ink contracts (manifest stylus)".to_owned()));
}
