//! `gas-compare`: the same operations on the project's Stylus contracts
//! (uncached, and with every program in Nitro's cache) and on the Solidity
//! reference (`bench/reference`, on anvil), gas side by side with the
//! ratios and their targets, then where the cached Stylus gas goes.
//! `scripts/gas-compare.sh` compiles the reference, starts anvil and runs
//! it:
//!
//! `gas-compare <anvil url> <reference artifacts dir>`
#![allow(clippy::print_stdout)]

use alloy::sol_types::SolCall;
use lst_client::{
    dev,
    stylus::{IArbWasm, ARB_WASM},
    Chain, ChainFailure, Result, Rpc,
};
use lst_devnode::{GasBreakdown, InProcess};
use lst_e2e::gas_compare::{
    fund_on_anvil, is_token_operation, run_operations, solidity_setup, stylus_setup, target_percent, OPERATIONS,
};

fn ratio(stylus: u64, solidity: u64) -> String {
    format!("{:.2}", stylus as f64 / solidity.max(1) as f64)
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, artifacts] = &args[..] else {
        return Err(ChainFailure("usage: gas-compare <anvil url> <reference artifacts dir>".into()));
    };

    let mut chain = InProcess::new(412_346)?;
    let (_, setup) = stylus_setup(&mut chain, false)?;
    let uncached = run_operations(&mut chain, setup, |_| ())?;

    // Cached as lst-deploy up leaves the suite: every program bid for.
    let mut chain = InProcess::new(412_346)?;
    let (suite, setup) = stylus_setup(&mut chain, true)?;
    let programs = [
        ("AvalanchePool", suite.pool),
        ("RateProvider", suite.feed),
        ("CertToken (ankrAVAX)", suite.cert),
        ("BondToken (aAVAXb)", suite.bond),
        ("AvalancheDelegator", suite.delegator),
        ("Staking", suite.staking),
        ("StakeAccount", suite.accounts[0]),
    ];
    let mut starts = Vec::new();
    for (name, at) in programs {
        let call = IArbWasm::programInitGasCall { program: at }.abi_encode();
        let out = chain.call(ARB_WASM, &call)?.map_err(|_| ChainFailure(format!("programInitGas({name}) reverted")))?;
        let gas = IArbWasm::programInitGasCall::abi_decode_returns(&out)
            .map_err(|e| ChainFailure(format!("programInitGas({name}): {e}")))?;
        starts.push((name, gas.gas, gas.gasWhenCached));
    }
    let cached = run_operations(&mut chain, setup, |c| c.last_breakdown())?;

    let keys = dev::dev_keys();
    let mut rpc = Rpc::connect(url, &keys)?;
    fund_on_anvil(&rpc, &dev::dev_accounts())?;
    let setup = solidity_setup(&mut rpc, std::path::Path::new(artifacts))?;
    let solidity = run_operations(&mut rpc, setup, |_| ())?;

    println!("| operation | Stylus, uncached | Stylus, cached | Solidity | cached ÷ Solidity | target | uncached ÷ Solidity |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut over = Vec::new();
    for (i, op) in OPERATIONS.iter().enumerate() {
        let (u, (c, _), (s, _)) = (uncached[i].0, cached[i], solidity[i]);
        let target = target_percent(i);
        let meets = u128::from(c) * 100 <= u128::from(s) * u128::from(target);
        if !meets {
            over.push(i);
        }
        let mark = if meets { "" } else { " (over)" };
        println!(
            "| {op} | {u} | {c} | {s} | {}{mark} | ≤ {}.{:02} | {} |",
            ratio(c, s),
            target / 100,
            target % 100,
            ratio(u, s)
        );
    }
    println!(
        "(gasUsed of each transaction; Stylus as Nitro prices it on the in-process chain, the gas lst-node reports; \
         Solidity: bench/reference compiled by solc, on anvil. Targets: ≤ 1.00 for the token operations, ≤ 1.50 for \
         the pool's.)"
    );
    println!();
    println!("Starting a program (ArbWasm.programInitGas, Nitro's cost model from the activation):");
    println!();
    println!("| program | uncached | cached |");
    println!("|---|---:|---:|");
    for (name, uncached, cached) in &starts {
        println!("| {name} | {uncached} | {cached} |");
    }
    println!();
    println!("Where the cached Stylus gas goes:");
    println!();
    println!("| operation | programs | start-up | memory | storage | accounts, value | logs | hostio ink | wasm | intrinsic |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (op, (_, b)) in OPERATIONS.iter().zip(&cached) {
        let GasBreakdown { intrinsic, program_calls, starts, memory, storage, accounts, logs, hostio, wasm } = *b;
        println!(
            "| {op} | {program_calls} | {starts} | {memory} | {storage} | {accounts} | {logs} | {hostio} | {wasm} | {intrinsic} |"
        );
    }
    println!(
        "(programs: program calls in the transaction; start-up: their init gas, cached; storage, accounts and logs: \
         EVM gas of what hostios did; hostio ink: the hostios' own price; wasm: the operators run)"
    );
    let names: Vec<&str> = over.iter().map(|i| OPERATIONS[*i]).collect();
    let tokens = over.iter().filter(|i| is_token_operation(**i)).count();
    if over.is_empty() {
        println!("\nevery operation is within its target");
    } else {
        println!("\nover target: {} ({tokens} of them token operations)", names.join(", "));
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("gas-compare: {e}");
        std::process::exit(1);
    }
}
