//! `relay-bench`: what the local relay chain and the relay service sustain,
//! printed as a table (`scripts/relay-bench.sh`).
//!
//! 1. The relay chain (`lst-node --platform relay`, here in process, over
//!    its WebSocket JSON-RPC): signed transfers submitted one after the
//!    other, each sealed in a block of its own — blocks per second, and the
//!    process's resident memory before and after.
//! 2. The backend from a restart, against a backlog: N deposits checked on
//!    chain by extrinsic id (the notary's `POST /v1/stakes` work:
//!    `RelayClient::find_deposit`), then N burns paid by the relay service
//!    from a fresh `Staker` (sign, record, submit each; settle them by
//!    hash) — seconds, per item, rounds, memory.
//!
//! ```text
//! relay-bench [--transfers 2000] [--backlog 1000]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use alloy::primitives::{Address, U256};
use lst_backend::{
    db::{Db, UnstakeRow},
    network::NETWORKS,
    relay::{multi_address, ss58, AccountId, RelayClient},
    staker::{Staker, StakerConfig},
};
use lst_relay_chain::{ChainParams, Network};
use std::time::Instant;
use subxt::dynamic::Value;
use subxt_signer::sr25519::{dev, Keypair};

const KSM: u128 = 1_000_000_000_000;

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn arg(name: &str, default: u32) -> Result<u32, String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| format!("{name} takes 1 to 100000")),
    }
}

/// Sends `count` transfers of `amount` to `to`, from the senders in turn;
/// returns the extrinsic ids and the seconds spent submitting (signing,
/// done in batches beforehand, is not counted).
async fn transfers(
    client: &RelayClient,
    senders: &[Keypair],
    to: &AccountId,
    amount: u128,
    count: u32,
) -> Result<(Vec<String>, f64), String> {
    let e = |x: lst_backend::relay::RelayError| x.to_string();
    let mut nonces = Vec::new();
    for s in senders {
        nonces.push(u64::from(client.balance(&s.public_key().0).await.map_err(e)?.nonce));
    }
    let (mut ids, mut submitting) = (Vec::new(), 0.0);
    let mut left = count;
    while left > 0 {
        // A batch: each sender's next nonces, signed (mortal for 64 blocks
        // from now, so a batch stays under that).
        let mut batch = Vec::new();
        'fill: for _ in 0..8 {
            for (i, s) in senders.iter().enumerate() {
                if left == 0 {
                    break 'fill;
                }
                let args = vec![multi_address(to), Value::u128(amount)];
                batch.push(client.sign(s, "Balances", "transfer_keep_alive", args, nonces[i]).await.map_err(e)?);
                nonces[i] += 1;
                left -= 1;
            }
        }
        let start = Instant::now();
        for signed in &batch {
            client.submit(&signed.bytes).await.map_err(e)?;
        }
        submitting += start.elapsed().as_secs_f64();
        let best = client.best().await.map_err(e)?;
        let first = batch.first().map_or(best, |s| s.birth);
        let mut index = lst_backend::relay::BlockIndex::default();
        for signed in &batch {
            let found = client.find_included_in(&signed.hash, first, best, &mut index).await.map_err(e)?;
            ids.push(found.ok_or("a transfer is in no block")?.0);
        }
    }
    Ok((ids, submitting))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("relay-bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let (n_transfers, backlog) = (arg("--transfers", 2_000)?, arg("--backlog", 1_000)?);
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let e = |x: lst_backend::relay::RelayError| x.to_string();
    let rss_start = rss_mib();
    let url = lst_node::relay::spawn(ChainParams::local(Network::Kusama))?.replace("http://", "ws://");
    let client = runtime.block_on(RelayClient::connect(&url, "kusama", 2)).map_err(e)?;
    let senders = [dev::alice(), dev::bob(), dev::charlie(), dev::dave(), dev::eve(), dev::ferdie()];
    let stash = subxt_signer::sr25519::Keypair::from_uri(
        &"//LstBench".parse::<subxt_signer::SecretUri>().map_err(|x| x.to_string())?,
    )
    .map_err(|x| x.to_string())?;

    // 1. The chain under a stream of transfers.
    let sink = dev::ferdie().public_key().0;
    let head_before = runtime.block_on(client.best()).map_err(e)?;
    let (_, secs) = runtime.block_on(transfers(&client, &senders[..5], &sink, KSM / 1_000, n_transfers))?;
    let blocks = runtime.block_on(client.best()).map_err(e)? - head_before;
    let rss_chain = rss_mib();

    // 2. The backend's backlog: deposits checked, burns paid.
    let (ids, _) = runtime.block_on(transfers(&client, &senders[3..], &stash.public_key().0, KSM, backlog))?;
    let depositors: Vec<AccountId> = senders[3..].iter().map(|s| s.public_key().0).collect();
    let start = Instant::now();
    for (i, id) in ids.iter().enumerate() {
        let from = depositors[i % depositors.len()];
        let credited = runtime
            .block_on(client.find_deposit(id, &from, &stash.public_key().0, KSM))
            .map_err(e)?
            .map_err(|r| r.to_string())?;
        if credited != KSM {
            return Err(format!("{id}: credited {credited}"));
        }
    }
    let deposits_secs = start.elapsed().as_secs_f64();
    let db = Db::in_memory().map_err(|x| x.to_string())?;
    for i in 0..backlog {
        let to = ss58(&dev::eve().public_key().0, 2);
        let row = UnstakeRow {
            id: 0,
            block: u64::from(i) + 1,
            log_index: 0,
            tx_hash: None,
            network: NETWORKS[0].prefix,
            token: Address::ZERO,
            account: Address::ZERO,
            recipient: to,
            amount: U256::from(KSM / 2) * U256::from(1_000_000u64),
            native_amount: U256::from(KSM / 2),
            shares: U256::from(KSM / 2),
            relay_extrinsic: None,
            status: "PENDING".into(),
        };
        db.insert_unstake(&row).map_err(|x| x.to_string())?;
    }
    let config = StakerConfig {
        validators: Vec::new(),
        nomination_delay_secs: 0,
        reserve: KSM / 10,
        // Nothing bonded: every burn is paid from the deposits' free balance.
        min_bond: u128::MAX,
        payout_eras: 0,
    };
    let staker = Staker::new(client.clone(), stash, &NETWORKS[0], config);
    let start = Instant::now();
    let mut rounds = 0;
    while !db.pending_unstakes().map_err(|x| x.to_string())?.is_empty() {
        runtime.block_on(staker.round(&db, 0)).map_err(|x| x.to_string())?;
        rounds += 1;
        if rounds > 100 {
            return Err("the burns are not paid after 100 rounds".into());
        }
    }
    let burns_secs = start.elapsed().as_secs_f64();
    let rss_end = rss_mib();

    println!("| measure | count | seconds | per item | rate | resident memory |");
    println!("|---|---:|---:|---:|---:|---|");
    println!(
        "| relay chain: signed transfers, a block each | {n_transfers} | {secs:.2} | {:.2} ms | {:.0} blocks/s | {rss_start:.0} → {rss_chain:.0} MiB (process) |",
        secs * 1_000.0 / f64::from(n_transfers),
        f64::from(blocks) / secs
    );
    println!(
        "| backend: deposits checked by extrinsic id | {backlog} | {deposits_secs:.2} | {:.2} ms | {:.0} /s | |",
        deposits_secs * 1_000.0 / f64::from(backlog),
        f64::from(backlog) / deposits_secs
    );
    println!(
        "| backend: burns paid from a restart ({rounds} rounds) | {backlog} | {burns_secs:.2} | {:.2} ms | {:.0} /s | {rss_chain:.0} → {rss_end:.0} MiB (process) |",
        burns_secs * 1_000.0 / f64::from(backlog),
        f64::from(backlog) / burns_secs
    );
    println!("\nrelay chain head: block {}", runtime.block_on(client.best()).map_err(e)?);
    Ok(())
}
