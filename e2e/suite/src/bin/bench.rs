//! `bench`: wasm fuel of the AVAX pool's queue operations at 1, 100 and
//! 10,000 queued requests, on the in-process chain, as a Markdown table.
//! The cost of stake, claim, serve and withdraw must not grow with the
//! queue (SPEC invariant 5). `scripts/bench.sh` runs it.
#![allow(clippy::print_stdout)]

use alloy::{primitives::U256, sol_types::SolCall};
use lst_e2e::{
    scenarios::{abi::IAvalanchePool as Pool, AvaxSuite, ONE},
    Chain, ChainExt, ChainFailure, InProcess, Result, Tx,
};

fn ok(tx: Tx, what: &str) -> Result<u64> {
    if tx.success {
        Ok(tx.cost)
    } else {
        Err(ChainFailure(format!("{what} reverted: 0x{}", alloy::hex::encode(&tx.output))))
    }
}

/// Fuel of (stake, claim, serve, withdraw) with `queued` requests ahead.
fn measure(queued: u64) -> Result<[u64; 4]> {
    let mut chain = InProcess::new(412_346)?;
    let s = AvaxSuite::deploy(&mut chain)?;
    let alice = chain.accounts()[1];
    ok(chain.exec(alice, s.pool, ONE * U256::from(3), Pool::stakeAndClaimCertsCall {})?, "setup stake")?;
    // The queue: `queued` claims of 1e14 wei of ankrAVAX each.
    let small = U256::from(100_000_000_000_000u64);
    let claim = Pool::claimCertsCall { shares: small }.abi_encode();
    for _ in 0..queued {
        ok(chain.send(alice, s.pool, U256::ZERO, &claim)?, "queue claim")?;
    }
    let stake = ok(chain.exec(alice, s.pool, ONE, Pool::stakeAndClaimCertsCall {})?, "stake")?;
    let claim = ok(chain.send(alice, s.pool, U256::ZERO, &claim)?, "claim")?;
    let last = U256::from(queued + 1);
    let owed = small * last;
    let serve = ok(chain.exec(s.admin, s.pool, owed, Pool::serveClaimsCall { upToId: last })?, "serve")?;
    let withdraw = ok(chain.exec(alice, s.pool, U256::ZERO, Pool::withdrawClaimCall { requestId: last })?, "withdraw")?;
    Ok([stake, claim, serve, withdraw])
}

fn main() {
    let sizes: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1, 100, 10_000] } else { sizes };
    println!("| queued requests | stake | claim | serve (all) | withdraw |");
    println!("|---:|---:|---:|---:|---:|");
    let mut rows = Vec::new();
    for n in sizes {
        match measure(n) {
            Ok(fuel) => {
                println!("| {n} | {} | {} | {} | {} |", fuel[0], fuel[1], fuel[2], fuel[3]);
                rows.push(fuel);
            }
            Err(e) => {
                eprintln!("bench at {n} queued: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("(wasm fuel, about one unit per instruction, nested calls included)");
    // Flat means flat: more than 5% above the smallest queue is growth.
    if let Some(first) = rows.first() {
        for row in &rows[1..] {
            for (i, name) in ["stake", "claim", "serve", "withdraw"].iter().enumerate() {
                if row[i] * 100 > first[i] * 105 {
                    eprintln!("{name} grows with the queue: {} -> {}", first[i], row[i]);
                    std::process::exit(1);
                }
            }
        }
    }
}
