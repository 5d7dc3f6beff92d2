//! `bench`: gas (Nitro's ink pricing, see `lst_devnode::gas`) of the AVAX pool's queue operations at 1, 100 and
//! 10,000 queued requests, on the in-process Stylus chain, as a Markdown
//! table. The cost of stake, claim, serve and withdraw must not grow with
//! the queue (invariant 5 of docs/protocol.md). Then `Staking.endEpoch`
//! paying 1, 10 and the cap of validators. `scripts/bench.sh` runs it.
#![allow(clippy::print_stdout)]

use lst_client::Result;
use lst_devnode::InProcess;
use lst_e2e::bench::{check_flat, epoch_cost, epoch_sizes, queue_costs, sizes_from_args};

fn run() -> Result<()> {
    println!("| queued requests | stake | claim | serve (all) | withdraw |");
    println!("|---:|---:|---:|---:|---:|");
    let mut rows = Vec::new();
    for n in sizes_from_args() {
        let gas = queue_costs(&mut InProcess::new(412_346)?, n, |_, tx| tx.cost)?;
        println!("| {n} | {} | {} | {} | {} |", gas[0], gas[1], gas[2], gas[3]);
        rows.push((n, gas));
    }
    println!(
        "(Stylus: gas as Nitro counts it — ink per basic block of wasm and per hostio, EVM gas for storage, logs and \
         calls, intrinsic gas — the gasUsed lst-node --platform stylus reports)"
    );
    check_flat(&rows, "gas")?;
    println!();
    println!("| validators paid | endEpoch | per validator |");
    println!("|---:|---:|---:|");
    for n in epoch_sizes() {
        let gas = epoch_cost(&mut InProcess::new(412_346)?, n, |_, tx| tx.cost)?;
        println!("| {n} | {gas} | {} |", gas / u64::from(n));
    }
    println!("(Stylus: gas of Staking.endEpoch; the set is capped, so is the cost)");
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}
