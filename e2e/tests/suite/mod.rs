//! A deployed suite on a fresh devnode, reached over JSON-RPC.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::indexing_slicing)]

use alloy::primitives::{Address, B256, U256};
use lst_client::{dev, Chain, Rpc};
use lst_deploy::{up, FileStore, Manifest, Roles, UpOptions};

/// One AVAX.
pub const AVAX: u64 = 1_000_000_000_000_000_000;

pub fn avax(n: u64) -> U256 {
    U256::from(n) * U256::from(AVAX)
}

pub struct Suite {
    pub url: String,
    pub chain: Rpc,
    pub m: Manifest,
    pub keys: Vec<B256>,
    pub accounts: Vec<Address>,
}

impl Suite {
    /// Deploys from dev account 0 (also the oracle); operator 1, notary 2,
    /// treasury 3, validator operator 4; users are 5, 6 and 7; 100 AVAX in
    /// `Staking`'s reward reserve.
    pub fn deploy(test: &str) -> Self {
        let url = lst_node::spawn(lst_client::Platform::Stylus, 412_346).unwrap();
        let keys = dev::dev_keys();
        let mut chain = Rpc::connect(&url, &keys).unwrap();
        let a = chain.accounts().to_vec();
        let roles = Roles {
            admin: a[0],
            operator: a[1],
            oracle: a[0],
            notary: a[2],
            pauser: a[0],
            treasury: a[3],
            validator_operators: vec![a[4]],
            reward_reserve: avax(100),
            change_delay_secs: lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS,
            mint_limit_per_claim: lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_CLAIM,
            mint_limit_per_day: lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_DAY,
        };
        let dir = std::env::temp_dir().join(format!("lst-backend-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let opts = UpOptions {
            network: "test".into(),
            roles,
            deploy_value: lst_deploy::default_deploy_value(chain.platform()),
            max_transactions: None,
            cache_programs: true,
        };
        let mut store = FileStore(Manifest::path(&dir, "test"));
        let (m, _) = up(&mut chain, a[0], &mut store, &opts, &mut |_| {}).unwrap();
        Self { url, chain, m, keys, accounts: a }
    }

    pub fn operator(&self) -> Address {
        self.accounts[1]
    }

    pub fn addr(&self, name: &str) -> Address {
        self.m.address(name).unwrap()
    }

    /// Another client of the same node (the keeper's or the notary's).
    pub fn client(&self) -> Rpc {
        Rpc::connect(&self.url, &self.keys).unwrap()
    }

    pub fn scratch(&self, test: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("lst-backend-db-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

/// The `lst-backend` binary beside this test's (built by `cargo test -p
/// lst-backend`, which scripts/test.sh runs first).
pub fn backend_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("lst-backend");
    assert!(bin.exists(), "{} is missing: run `cargo test -p lst-backend` first", bin.display());
    bin
}

/// A service process the test started: killed when this is dropped if it
/// is still running, so a test that fails half-way leaves no service
/// behind (the child would outlive the test binary otherwise).
pub struct Process(pub std::process::Child);

impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// `method path` on `base` (`http://host:port`) with the standard library:
/// `(status, body)`.
pub fn http(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// `GET path` on `base`.
pub fn http_get(base: &str, path: &str) -> (u16, String) {
    http(base, "GET", path, &[], "")
}

/// The directory `Suite::deploy(test)` saved its manifest under
/// (`<root>/deployments/test.json`): the `--root` of the binaries.
pub fn root_of(test: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("lst-backend-{test}-{}", std::process::id()))
}
