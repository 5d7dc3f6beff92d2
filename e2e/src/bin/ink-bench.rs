//! `ink-bench`: pallet-revive weight (ref_time, proof_size) of the ink!
//! AVAX pool's queue operations at 1, 100 and 10,000 queued requests, on
//! the in-process pallet-revive chain, as a Markdown table. Neither
//! dimension may grow with the queue (invariant 5 of docs/protocol.md).
//! Then `Staking.endEpoch` paying 1, 10 and the cap of validators.
//! `scripts/bench.sh --ink` runs it.
#![allow(clippy::print_stdout)]

use lst_client::Result;
use lst_e2e::bench::{check_flat, epoch_cost, epoch_sizes, queue_costs, sizes_from_args};
use lst_revive_chain::{CallWeight, InkChain};

fn run() -> Result<()> {
    println!("| queued requests | stake | claim | serve (all) | withdraw |");
    println!("|---:|---:|---:|---:|---:|");
    let (mut ref_times, mut proofs) = (Vec::new(), Vec::new());
    for n in sizes_from_args() {
        let w: [CallWeight; 4] = queue_costs(&mut InkChain::new(420_420_420)?, n, |chain, _| chain.last_weight())?;
        let cell = |w: CallWeight| format!("{} / {} ({} gas)", w.ref_time, w.proof_size, gas(w.ref_time));
        println!("| {n} | {} | {} | {} | {} |", cell(w[0]), cell(w[1]), cell(w[2]), cell(w[3]));
        ref_times.push((n, w.map(|w| w.ref_time)));
        proofs.push((n, w.map(|w| w.proof_size)));
    }
    println!(
        "(ink!: pallet-revive weight, ref_time picoseconds / proof_size bytes, nested calls included; gas as lst-node \
         --platform ink counts it, {} ps of ref_time per gas)",
        lst_node::engine::REF_TIME_PER_GAS
    );
    check_flat(&ref_times, "ref_time")?;
    check_flat(&proofs, "proof_size")?;
    println!();
    println!("| validators paid | endEpoch | per validator |");
    println!("|---:|---:|---:|");
    for n in epoch_sizes() {
        let w = epoch_cost(&mut InkChain::new(420_420_420)?, n, |chain, _| chain.last_weight())?;
        let each = u64::from(n);
        println!("| {n} | {} / {} | {} / {} |", w.ref_time, w.proof_size, w.ref_time / each, w.proof_size / each);
    }
    println!("(ink!: weight of Staking.endEpoch, ref_time / proof_size; the set is capped, so is the cost)");
    Ok(())
}

/// The gas `lst-node --platform ink` reports for `ref_time`.
fn gas(ref_time: u64) -> u64 {
    ref_time.div_ceil(lst_node::engine::REF_TIME_PER_GAS)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("ink-bench: {e}");
        std::process::exit(1);
    }
}
