//! Two notary processes on one PostgreSQL database (a real server, started
//! here from the machine's PostgreSQL: scripts/setup.sh installs it): a
//! deposit reported to both at once is recorded once, and a claim asked of
//! both at once is issued once.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, missing_docs)]

mod suite;

use lst_backend::{
    db::ClaimRow,
    notary::ClaimReply,
    store::{NotaryStore, PgStore},
};
use lst_core::ss58;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
};
use suite::{http, Suite};

const TOKEN: &str = "replica-watcher-token-0123456789";

/// A throwaway PostgreSQL server in a temporary directory.
struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Postgres {
    fn start(name: &str) -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|d| d.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).find(|b| b.join("initdb").exists()))
            .unwrap_or_else(|| {
                panic!("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh")
            });
        let dir = std::env::temp_dir().join(format!("lst-pg-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // PostgreSQL refuses to run as root: run it as its own user then.
        let as_postgres =
            String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap().trim() == "0";
        if as_postgres {
            assert!(Command::new("chown").args(["-R", "postgres", dir.to_str().unwrap()]).status().unwrap().success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let pg = Self { bin, dir, port, as_postgres };
        let data = pg.dir.join("data");
        pg.run("initdb", &["-D", data.to_str().unwrap(), "-A", "trust", "-U", "lst", "--no-sync"]);
        let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", pg.dir.display());
        let log = pg.dir.join("log");
        pg.run("pg_ctl", &["-D", data.to_str().unwrap(), "-o", &options, "-l", log.to_str().unwrap(), "-w", "start"]);
        pg
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = cmd.args(args).current_dir(&self.dir).output().unwrap();
        assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn url(&self) -> String {
        format!("postgres://lst@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        self.run("pg_ctl", &["-D", data.to_str().unwrap(), "-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn claim_row(issue: u32, id: u8) -> ClaimRow {
    ClaimRow {
        claim_id: alloy::primitives::U256::from(id),
        network: 2,
        extrinsic_id: "1-1".into(),
        address: "a".into(),
        eth_address: alloy::primitives::Address::repeat_byte(1),
        token: alloy::primitives::Address::repeat_byte(2),
        amount: alloy::primitives::U256::from(1u8),
        native_amount: alloy::primitives::U256::from(1u8),
        claim_before_block: 5,
        signature: vec![1, 2],
        created: 1,
        expires: 2,
        issue,
        loan_id: 9,
    }
}

#[test]
fn two_connections_inserting_one_claim_at_once_store_it_once() {
    let pg = Postgres::start("store");
    let url = pg.url();
    let results: Vec<bool> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2u8)
            .map(|i| {
                let url = url.clone();
                // Different ids, same deposit and issue: one may land.
                scope.spawn(move || PgStore::connect(&url).unwrap().insert_claim(&claim_row(0, 10 + i)).unwrap())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|&&ok| ok).count(), 1, "{results:?}");
    let mut store = PgStore::connect(&url).unwrap();
    let stored = store.claim_for_deposit(2, "1-1").unwrap().unwrap();
    assert!(stored == claim_row(0, 10) || stored == claim_row(0, 11));
    assert!(store.insert_claim(&claim_row(1, 12)).unwrap(), "the next issue is another row");
    assert_eq!(store.claim_for_deposit(2, "1-1").unwrap().unwrap().issue, 1);
    store.set_final_status(stored.claim_id, "EXPIRED").unwrap();
    assert_eq!(store.claim_counts().unwrap(), (2, 0, 1));
    assert_eq!(store.open_claims().unwrap().len(), 1);
}

/// A notary process on `pg`, serving the deployment under `root`.
fn notary(s: &Suite, root: &Path, pg: &Postgres) -> (suite::Process, String) {
    use std::io::BufRead;
    let mut child = Command::new(suite::backend_binary())
        .args(["--root", root.to_str().unwrap(), "notary", "--network", "test", "--rpc-url", &s.url])
        .args(["--listen", "127.0.0.1:0", "--validity-blocks", "50", "--database-url", &pg.url()])
        .env("LST_NOTARY_KEY", s.keys[2].to_string())
        .env("LST_WATCHER_TOKEN", TOKEN)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(out).lines();
    let base = lines
        .by_ref()
        .map(|l| l.unwrap())
        .find_map(|l| l.strip_prefix("notary listening on ").map(str::to_owned))
        .unwrap();
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (suite::Process(child), base)
}

/// `f` on both notaries at the same moment.
fn at_once<T: Send>(bases: &[String; 2], f: impl Fn(&str) -> T + Sync) -> [T; 2] {
    let barrier = std::sync::Barrier::new(2);
    let run = |base: &str| {
        barrier.wait();
        f(base)
    };
    std::thread::scope(|scope| {
        let a = scope.spawn(|| run(&bases[0]));
        let b = scope.spawn(|| run(&bases[1]));
        [a.join().unwrap(), b.join().unwrap()]
    })
}

#[test]
fn two_notaries_on_one_database_issue_one_claim_for_a_deposit_asked_of_both_at_once() {
    let pg = Postgres::start("replicas");
    let mut s = Suite::deploy("replicas");
    let root = suite::root_of("replicas");
    let (mut first, a) = notary(&s, &root, &pg);
    let (mut second, b) = notary(&s, &root, &pg);
    let bases = [a, b];

    let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
    let mut out = [0u8; ss58::MAX_ENCODED_LEN];
    let n = ss58::encode(ss58::KUSAMA_PREFIX, &alice.public().0, &mut out).unwrap();
    let address = String::from_utf8(out[..n].to_vec()).unwrap();
    let report =
        json!({"network": "kusama", "extrinsicId": "77-1", "nativeAmount": "5000000000000", "address": address})
            .to_string();
    let auth = format!("Bearer {TOKEN}");
    let reported = at_once(&bases, |base| http(base, "POST", "/v1/deposits", &[("Authorization", &auth)], &report).0);
    let mut reported = reported.to_vec();
    reported.sort();
    assert_eq!(reported, vec![200, 201], "recorded once, the same report again is 200");

    let to = s.accounts[5];
    let (_, deposit) = http(&bases[0], "GET", &format!("/v1/deposits/kusama/77-1?ethAddress={to}"), &[], "");
    let message = serde_json::from_str::<Value>(&deposit).unwrap()["message"].as_str().unwrap().to_owned();
    let request = json!({
        "network": "kusama", "extrinsicId": "77-1", "ethAddress": to.to_string(),
        "signatureType": "sr25519", "signature": format!("0x{}", alloy::hex::encode(alice.sign(message.as_bytes()).0)),
    })
    .to_string();
    let answers = at_once(&bases, |base| http(base, "POST", "/v1/claims", &[], &request));
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort();
    assert_eq!(statuses, vec![201, 409], "{answers:?}");
    let claims: Vec<ClaimReply> = answers.iter().map(|(_, body)| serde_json::from_str(body).unwrap()).collect();
    assert_eq!(claims[0].claim.data.claim_id, claims[1].claim.data.claim_id, "both answer the one claim");
    assert_eq!(claims[0].claim.data.signature, claims[1].claim.data.signature);
    for base in &bases {
        let (_, list) = http(base, "GET", &format!("/v1/claims?address={address}"), &[], "");
        assert_eq!(serde_json::from_str::<Vec<ClaimReply>>(&list).unwrap().len(), 1);
    }
    // And it mints once on chain.
    let d = &claims[0].claim.data;
    let call = lst_client::abi::IPolkadotPool::claimBondsCall {
        bond: s.addr("aKSMb"),
        claimId: d.claim_id.parse().unwrap(),
        amount: d.native_amount.parse::<alloy::primitives::U256>().unwrap()
            * alloy::primitives::U256::from(1_000_000u64),
        claimBeforeBlock: alloy::primitives::U256::from(d.claim_before_block),
        account: to,
        signature: d.signature.parse().unwrap(),
    };
    use lst_client::ChainExt;
    let pool = s.addr("PolkadotPool");
    s.chain.ok(s.accounts[6], pool, call).unwrap();
    for child in [&mut first, &mut second] {
        child.0.kill().unwrap();
        child.0.wait().unwrap();
    }
}
