//! The deploy tests' fixture, for any `Chain`: a scratch manifest directory
//! and roles spread over the dev accounts (admin 1 ≠ deployer 0, so
//! ownership is handed over).
#![allow(dead_code)]

use alloy::primitives::{Address, U256};
use lst_client::Chain;
use lst_deploy::{up, verify, DeployError, FileStore, Manifest, Roles, UpOptions, UpReport};
use std::path::PathBuf;

/// The manifests' network name in the tests.
pub(crate) const NETWORK: &str = "test";

pub(crate) struct Setup<C: Chain> {
    pub(crate) chain: C,
    pub(crate) deployer: Address,
    pub(crate) dir: PathBuf,
    pub(crate) opts: UpOptions,
}

impl<C: Chain> Setup<C> {
    /// `chain` with a fresh manifest directory named after `test`.
    pub(crate) fn on(chain: C, test: &str) -> Self {
        let a = chain.accounts().to_vec();
        let dir = std::env::temp_dir().join(format!("lst-deploy-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let roles = Roles {
            admin: a[1],
            operator: a[2],
            oracle: a[3],
            notary: a[4],
            pauser: a[5],
            treasury: a[6],
            validator_operators: vec![a[7]],
            reward_reserve: U256::ZERO,
            change_delay_secs: lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS,
            mint_limit_per_claim: lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_CLAIM,
            mint_limit_per_day: lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_DAY,
        };
        let opts = UpOptions {
            network: NETWORK.into(),
            roles,
            deploy_value: lst_deploy::default_deploy_value(chain.platform()),
            max_transactions: None,
            cache_programs: true,
        };
        Self { chain, deployer: a[0], dir, opts }
    }

    pub(crate) fn path(&self) -> PathBuf {
        Manifest::path(&self.dir, NETWORK)
    }

    pub(crate) fn up(&mut self) -> Result<(Manifest, UpReport), DeployError> {
        let mut store = FileStore(self.path());
        up(&mut self.chain, self.deployer, &mut store, &self.opts, &mut |_| {})
    }

    /// Rewrites the saved manifest with `edit` (as an interrupted run or a
    /// stale file would leave it) and returns what was saved.
    pub(crate) fn edit_manifest(&self, edit: impl FnOnce(&mut Manifest)) -> Manifest {
        let mut m = Manifest::load(&self.path()).unwrap().unwrap();
        edit(&mut m);
        m.save(&self.path()).unwrap();
        m
    }

    /// The failed checks of `verify` but the ownership ones (a contract
    /// handed to the admin and not yet accepted fails those; the tests of
    /// the hand-over look at them, [`Setup::failed_ownership_checks`]).
    pub(crate) fn failed_checks(&mut self, m: &Manifest) -> Vec<String> {
        let all = self.all_failed_checks(m);
        all.into_iter().filter(|f| !Self::is_ownership(f)).collect()
    }

    /// The failed ownership checks of `verify`.
    pub(crate) fn failed_ownership_checks(&mut self, m: &Manifest) -> Vec<String> {
        self.all_failed_checks(m).into_iter().filter(|f| Self::is_ownership(f)).collect()
    }

    fn is_ownership(what: &str) -> bool {
        what.contains(" is owned by the admin ")
    }

    fn all_failed_checks(&mut self, m: &Manifest) -> Vec<String> {
        verify(&mut self.chain, m).unwrap().into_iter().filter(|f| !f.ok).map(|f| f.what).collect()
    }

    /// The admin accepts every contract handed to it.
    pub(crate) fn accept(&mut self, m: &Manifest) -> Result<Vec<&'static str>, DeployError> {
        lst_deploy::accept_ownership(&mut self.chain, m, self.opts.roles.admin)
    }
}
