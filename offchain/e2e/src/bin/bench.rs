//! `bench`: wasm fuel of the AVAX pool's queue operations at 1, 100 and
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
        let fuel = queue_costs(&mut InProcess::new(412_346)?, n, |_, tx| tx.cost)?;
        println!("| {n} | {} | {} | {} | {} |", fuel[0], fuel[1], fuel[2], fuel[3]);
        rows.push((n, fuel));
    }
    println!(
        "(Stylus: wasm fuel, about one unit per instruction, nested calls included; lst-node --platform stylus \
         reports it as gas)"
    );
    check_flat(&rows, "fuel")?;
    println!();
    println!("| validators paid | endEpoch | per validator |");
    println!("|---:|---:|---:|");
    for n in epoch_sizes() {
        let fuel = epoch_cost(&mut InProcess::new(412_346)?, n, |_, tx| tx.cost)?;
        println!("| {n} | {fuel} | {} |", fuel / u64::from(n));
    }
    println!("(Stylus: wasm fuel of Staking.endEpoch; the set is capped, so is the cost)");
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}
