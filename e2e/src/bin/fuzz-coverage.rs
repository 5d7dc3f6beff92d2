//! `fuzz-coverage`: what the stateful fuzzer ([`lst_e2e::fuzz`]) reaches.
//! Generates `N` sequences (default 100) with the fuzzer's own strategy
//! and a fixed seed, runs them on one platform (`stylus`, the default, or
//! `ink`) and prints, per kind of step, how often it was generated and how
//! often the call succeeded: a step that never succeeds is a part of the
//! contracts the fuzzer does not test. `scripts/fuzz.sh --coverage` runs it.
//!   fuzz-coverage [stylus|ink] [N]
#![allow(clippy::print_stdout)]

use lst_client::{ChainFailure, Result};
use lst_devnode::InProcess;
use lst_e2e::fuzz::{follow_ups, run_sequence, Action, Model, Run, Suite, Trace, FOLLOW_UPS};
use lst_revive_chain::InkChain;
use proptest::{
    strategy::{Strategy, ValueTree},
    test_runner::TestRunner,
};
use proptest_state_machine::ReferenceStateMachine;
use std::collections::BTreeMap;

/// The longest sequence, as in `tests/fuzz.rs`.
const MAX_STEPS: usize = 50;

fn sequences(n: usize) -> Result<Vec<Vec<Action>>> {
    let mut runner = TestRunner::deterministic();
    let strategy = Model::sequential_strategy(1..MAX_STEPS);
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).map(|tree| tree.current().1).map_err(ChainFailure::from_display))
        .collect()
}

fn run_all<C: lst_client::Chain>(
    mut template: C,
    fork: impl Fn(&mut C) -> Result<C>,
    all: &[Vec<Action>],
) -> Result<Vec<Trace>> {
    let suite = Suite::deploy(&mut template)?;
    let mut start = Run::new(template, suite)?;
    all.iter()
        .map(|actions| {
            let forked = fork(&mut start.chain)?;
            run_sequence(&start, forked, actions)
        })
        .collect()
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let platform = args.first().map(String::as_str).unwrap_or("stylus");
    let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let all = sequences(n)?;
    let traces = match platform {
        "stylus" => run_all(InProcess::new(412_346)?, |c| c.fork(), &all)?,
        "ink" => run_all(InkChain::new(412_346)?, |c| c.fork(), &all)?,
        other => return Err(ChainFailure(format!("no platform {other:?}: stylus or ink"))),
    };
    let names = lst_e2e::access::error_names()?;
    let mut tally: BTreeMap<&str, (u64, u64, BTreeMap<String, u64>)> = BTreeMap::new();
    for (actions, trace) in all.iter().zip(&traces) {
        for (action, step) in actions.iter().zip(&trace.steps) {
            let entry = tally.entry(action.kind()).or_default();
            entry.0 += 1;
            entry.1 += u64::from(step.success);
            if !step.success {
                let name = step
                    .error
                    .map(|sel| names.get(&sel).cloned().unwrap_or_else(|| format!("0x{}", alloy::hex::encode(sel))))
                    .unwrap_or_else(|| "(no data)".into());
                *entry.2.entry(name).or_default() += 1;
            }
        }
    }
    println!("{n} sequences on {platform}, {} steps", tally.values().map(|t| t.0).sum::<u64>());
    println!();
    println!("| step | generated | succeeded | share | most frequent errors |");
    println!("|---|---:|---:|---:|---|");
    for (kind, (tried, ok, errors)) in &tally {
        let mut errors: Vec<(&String, &u64)> = errors.iter().collect();
        errors.sort_by(|a, b| b.1.cmp(a.1));
        let top: Vec<String> = errors.iter().take(3).map(|(name, n)| format!("{name} ×{n}")).collect();
        let share = 100.0 * *ok as f64 / (*tried).max(1) as f64;
        println!("| {kind} | {tried} | {ok} | {share:.0} % | {} |", top.join(", "));
    }
    // How often the calls that share state meet: the share of sequences in
    // which the second of a pair succeeded after the first did.
    let mut met: BTreeMap<&str, u64> = BTreeMap::new();
    for (actions, trace) in all.iter().zip(&traces) {
        for pair in follow_ups(actions, &trace.steps) {
            *met.entry(pair).or_default() += 1;
        }
    }
    println!();
    println!("| pair of calls sharing state | sequences where both succeeded | share |");
    println!("|---|---:|---:|");
    for pair in FOLLOW_UPS {
        let n_met = met.get(pair).copied().unwrap_or_default();
        println!("| {pair} | {n_met} | {:.0} % |", 100.0 * n_met as f64 / all.len().max(1) as f64);
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("fuzz-coverage: {e}");
        std::process::exit(1);
    }
}
