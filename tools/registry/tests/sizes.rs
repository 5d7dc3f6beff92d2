//! The `lst-registry sizes` check as scripts/sizes.sh runs it, on artifacts
//! written here (pseudo-random bytes, so brotli cannot shrink them much).
#![allow(clippy::expect_used)]

use lst_registry::CONTRACTS;
use std::path::PathBuf;
use std::process::{Command, Output};

/// A fresh directory with every contract's artifacts on both platforms,
/// `len` bytes each.
fn artifacts(test: &str, len: usize) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("lst-registry-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (stylus, ink) = (root.join("stylus"), root.join("ink"));
    // xorshift: incompressible enough, and the same every run.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    std::fs::create_dir_all(&stylus).expect("temp dir");
    for c in CONTRACTS {
        std::fs::write(stylus.join(format!("{}.wasm", c.stylus_artifact())), &bytes).expect("write wasm");
        let dir = ink.join(c.ink_artifact());
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join(format!("{}.polkavm", c.ink_artifact())), &bytes).expect("write polkavm");
    }
    (stylus, ink)
}

fn sizes(stylus: &PathBuf, ink: &PathBuf, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lst-registry"))
        .arg("sizes")
        .arg("--stylus-dir")
        .arg(stylus)
        .arg("--ink-dir")
        .arg(ink)
        .args(extra)
        .output()
        .expect("runs lst-registry")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn contracts_within_their_budgets_pass() {
    let (stylus, ink) = artifacts("within", 4_000);
    let out = sizes(&stylus, &ink, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    for c in CONTRACTS {
        assert_eq!(table.matches(&format!("| {:<20} |", c.name)).count(), 2, "{} on both platforms", c.name);
    }
    assert!(!table.contains("OVER BUDGET"));
}

#[test]
fn a_budget_below_the_current_size_fails_the_check() {
    let (stylus, ink) = artifacts("below", 4_000);
    let out = sizes(&stylus, &ink, &["--platform", "ink", "--budget", "AvalanchePool=3999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("OVER BUDGET"));
    assert!(
        text(&out.stderr).contains("AvalanchePool (Ink) is 4000 bytes, over its budget of 3999 by 1"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_ink_blob_over_32_kib_fails_unless_it_is_the_avalanche_pool() {
    let (stylus, ink) = artifacts("ink-over", 40_000);
    let out = sizes(&stylus, &ink, &["--platform", "ink"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("RateProvider (Ink) is 40000 bytes, over its budget of 32768"), "{err}");
    assert!(!err.contains("AvalanchePool"), "56 KiB budget: {err}");
}

#[test]
fn a_stylus_program_is_held_to_its_compressed_size() {
    let (stylus, ink) = artifacts("stylus-over", 22_000);
    let out = sizes(&stylus, &ink, &["--platform", "stylus"]);
    assert_eq!(out.status.code(), Some(1), "22 kB of noise stays over 20,480 compressed");
    assert!(text(&out.stderr).contains("(Stylus) is "), "{}", text(&out.stderr));
}

#[test]
fn a_missing_artifact_is_a_named_error() {
    let (stylus, ink) = artifacts("missing", 100);
    std::fs::remove_file(stylus.join("lst_bond_token.wasm")).expect("remove");
    let out = sizes(&stylus, &ink, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("lst_bond_token.wasm"), "{}", text(&out.stderr));
}

#[test]
fn a_budget_for_an_unknown_contract_is_refused() {
    let (stylus, ink) = artifacts("unknown", 100);
    let out = sizes(&stylus, &ink, &["--budget", "Staking9=1"]);
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
    assert!(text(&out.stderr).contains("\"Staking9\" is not a contract"), "{}", text(&out.stderr));
}

#[test]
fn the_shell_lists_name_every_contract_once() {
    let out = Command::new(env!("CARGO_BIN_EXE_lst-registry")).arg("shell").output().expect("runs");
    assert!(out.status.success());
    let shell = text(&out.stdout);
    assert!(shell.contains(
        "STYLUS_CONTRACTS=(lst-rate-provider lst-cert-token lst-bond-token lst-staking lst-avalanche-pool \
         lst-avalanche-delegator lst-stake-account lst-polkadot-pool lst-validator-config)"
    ));
    assert!(shell.contains(
        "STYLUS_FEATURES=(lst-rate-provider: lst-cert-token: lst-bond-token: lst-staking: lst-avalanche-pool: \
         lst-avalanche-delegator:reentrant lst-stake-account:reentrant lst-polkadot-pool: lst-validator-config:)"
    ));
    assert!(shell.contains(
        "INK_CONTRACTS=(rate-provider:RateProvider cert-token:CertToken bond-token:BondToken staking:Staking \
         avalanche-pool:AvalanchePool avalanche-delegator:AvalancheDelegator stake-account:StakeAccount \
         polkadot-pool:PolkadotPool validator-config:ValidatorConfig)"
    ));
}
