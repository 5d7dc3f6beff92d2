//! `rpc-bench`: requests per second and latency (p50, p99) of JSON-RPC
//! methods on `lst-node --platform stylus` and on anvil, measured in one
//! run by the same client: trivial reads (`eth_chainId`, `eth_blockNumber`,
//! `eth_getBalance`) and `eth_call` of a token's `balanceOf` — the project's
//! ankrAVAX on the node, the Solidity reference's on anvil
//! (`bench/reference`), each deployed and staked into first.
//! `scripts/rpc-bench.sh` starts both and runs it:
//!
//! `rpc-bench <node url> <anvil url> <reference artifacts dir> [seconds] [connections] [method]`
//!
//! With `method` (a name from the table, e.g. `eth_call`), only the rows
//! whose name starts with it are measured: what a profiler attached to
//! the node should see alone.
#![allow(clippy::print_stdout)]

use alloy::{
    primitives::{Address, U256},
    sol_types::SolCall,
};
use lst_client::{abi::ICertToken as Cert, dev, Chain, ChainFailure, Result, Rpc};
use lst_e2e::gas_compare::{fund_on_anvil, solidity_setup, stylus_setup, Setup};
use std::time::{Duration, Instant};

/// One method's measurement on one endpoint.
struct Measured {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    errors: u64,
}

/// `connections` clients each sending `body` to `url` back to back for
/// `seconds`.
async fn measure(url: &str, body: &str, seconds: u64, connections: usize) -> Result<Measured> {
    let client = reqwest::Client::builder().build().map_err(|e| ChainFailure(e.to_string()))?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (client, url, body) = (client.clone(), url.to_owned(), body.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            while Instant::now() < deadline {
                let start = Instant::now();
                let answer =
                    client.post(&url).header("content-type", "application/json").body(body.clone()).send().await;
                let ok = match answer {
                    Ok(response) => response.bytes().await.is_ok_and(|b| b.windows(9).any(|w| w == b"\"result\":")),
                    Err(_) => false,
                };
                if ok {
                    latencies.push(start.elapsed());
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await.map_err(|e| ChainFailure(e.to_string()))?;
        all.extend(latencies);
        errors += e;
    }
    all.sort_unstable();
    let pick = |q: f64| all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1))).copied();
    Ok(Measured {
        per_second: all.len() as f64 / seconds as f64,
        p50: pick(0.50).unwrap_or_default(),
        p99: pick(0.99).unwrap_or_default(),
        errors,
    })
}

fn request(method: &str, params: serde_json::Value) -> String {
    serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string()
}

/// The methods measured on an endpoint whose token is `token`, held by
/// `holder`.
fn methods(token: Address, holder: Address) -> Vec<(&'static str, String)> {
    let balance_of = alloy::hex::encode_prefixed(Cert::balanceOfCall { account: holder }.abi_encode());
    vec![
        ("eth_chainId", request("eth_chainId", serde_json::json!([]))),
        ("eth_blockNumber", request("eth_blockNumber", serde_json::json!([]))),
        ("eth_getBalance", request("eth_getBalance", serde_json::json!([holder, "latest"]))),
        ("eth_call balanceOf", request("eth_call", serde_json::json!([{"to": token, "data": balance_of}, "latest"]))),
    ]
}

/// One stake by `s`'s staker, so it holds a balance; the methods to
/// measure on that endpoint.
fn staked(chain: &mut Rpc, s: Setup) -> Result<Vec<(&'static str, String)>> {
    let stake = lst_client::abi::IAvalanchePool::stakeAndClaimCertsCall {}.abi_encode();
    let tx = chain.send(s.staker, s.pool, U256::from(10u64).pow(U256::from(18)), &stake)?;
    if !tx.success {
        return Err(ChainFailure("the setup stake reverted".into()));
    }
    Ok(methods(s.cert, s.staker))
}

fn micros(d: Duration) -> String {
    format!("{} µs", d.as_micros())
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (node, anvil, artifacts) =
        match &args[..] {
            [n, a, r, ..] => (n.clone(), a.clone(), r.clone()),
            _ => return Err(ChainFailure(
                "usage: rpc-bench <node url> <anvil url> <reference artifacts dir> [seconds] [connections] [method]"
                    .into(),
            )),
        };
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    let connections: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(4);
    let only = args.get(5).map(String::as_str).unwrap_or("");

    // The node: the AVAX suite deployed, one stake so the holder has a balance.
    let mut chain = Rpc::connect(&node, &dev::dev_keys())?;
    let (_, s) = stylus_setup(&mut chain, true)?;
    let node_methods = staked(&mut chain, s)?;
    // anvil: the reference, the same stake.
    let mut evm = Rpc::connect(&anvil, &dev::dev_keys())?;
    fund_on_anvil(&evm, &dev::dev_accounts())?;
    let r = solidity_setup(&mut evm, std::path::Path::new(&artifacts))?;
    let anvil_methods = staked(&mut evm, r)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ChainFailure(e.to_string()))?;
    println!("{connections} connections, {seconds} s per method and endpoint");
    println!();
    println!("| method | lst-node req/s | anvil req/s | node ÷ anvil | lst-node p50 / p99 | anvil p50 / p99 |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut errors = 0;
    for ((name, on_node), (_, on_anvil)) in node_methods.iter().zip(&anvil_methods) {
        if !name.starts_with(only) {
            continue;
        }
        let n = runtime.block_on(measure(&node, on_node, seconds, connections))?;
        let a = runtime.block_on(measure(&anvil, on_anvil, seconds, connections))?;
        errors += n.errors + a.errors;
        println!(
            "| {name} | {:.0} | {:.0} | {:.2} | {} / {} | {} / {} |",
            n.per_second,
            a.per_second,
            n.per_second / a.per_second.max(1.0),
            micros(n.p50),
            micros(n.p99),
            micros(a.p50),
            micros(a.p99)
        );
    }
    if errors > 0 {
        return Err(ChainFailure(format!("{errors} requests failed")));
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("rpc-bench: {e}");
        std::process::exit(1);
    }
}
