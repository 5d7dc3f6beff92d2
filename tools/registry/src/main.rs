//! `lst-registry`: the deployable contracts for the scripts, and the size
//! check.
//!
//! - `lst-registry shell` prints the lists as bash arrays (`scripts/env.sh`
//!   evaluates them): `STYLUS_CONTRACTS` (crate names), `STYLUS_FEATURES`
//!   (`<crate>:<features of its deployable build>`), `STYLUS_INLINE_DATA`
//!   (crates whose wasm gets its data moved into code) and `INK_CONTRACTS`
//!   (`<folder>:<ABI name>`).
//! - `lst-registry sizes --stylus-dir D --ink-dir D` prints each platform's
//!   size table and exits 1 when a contract is over its budget, naming it;
//!   `--budget <Name>=<bytes>` holds one contract to another figure (to try
//!   the check), `--platform` measures one platform only.
//! - `lst-registry inline-data IN OUT` writes the Stylus wasm IN to OUT with
//!   its data segments moved into code ([`lst_registry::inline_data`]);
//!   exit 1 when the module cannot be transformed.

use clap::{Parser, Subcommand, ValueEnum};
use lst_registry::{check_sizes, measure, Deployable, Measured, Platform, CONTRACTS, HEADROOM, STYLUS_LIMIT};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The deployable contracts, for scripts; and the size check.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Prints the contract lists as bash array assignments.
    Shell,
    /// Measures every built contract against its budget; exit 1 if one is
    /// over.
    Sizes {
        /// Where scripts/build.sh puts the Stylus wasm (`<crate>.wasm`).
        #[arg(long, env = "STYLUS_WASM_DIR")]
        stylus_dir: PathBuf,
        /// Where scripts/build.sh puts the ink! artifacts
        /// (`<crate>/<crate>.polkavm`).
        #[arg(long, env = "INK_ARTIFACTS_DIR")]
        ink_dir: PathBuf,
        /// Only this platform's table.
        #[arg(long, value_enum)]
        platform: Option<PlatformArg>,
        /// `<Name>=<bytes>`: hold that contract to this budget instead of its
        /// own (on every platform measured).
        #[arg(long = "budget", value_parser = parse_budget)]
        budgets: Vec<(&'static Deployable, usize)>,
    },
    /// Writes a Stylus program with its data segments moved into code (a
    /// byte of data costs 0.75 gas of every call's start-up on Nitro).
    InlineData {
        /// The wasm to read.
        input: PathBuf,
        /// Where to write the result (may be the input).
        output: PathBuf,
    },
}

/// A platform on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum PlatformArg {
    /// Arbitrum Stylus.
    Stylus,
    /// ink! 6 on pallet-revive.
    Ink,
}

fn parse_budget(arg: &str) -> Result<(&'static Deployable, usize), String> {
    let (name, bytes) = arg.split_once('=').ok_or_else(|| format!("{arg:?}: expected <Name>=<bytes>"))?;
    let contract = lst_registry::by_name(name).ok_or_else(|| {
        let names: Vec<_> = CONTRACTS.iter().map(|c| c.name).collect();
        format!("{name:?} is not a contract (one of: {})", names.join(", "))
    })?;
    let bytes = bytes.parse().map_err(|e| format!("{bytes:?}: not a byte count ({e})"))?;
    Ok((contract, bytes))
}

fn shell() {
    let stylus: Vec<_> = CONTRACTS.iter().map(|c| c.stylus_crate).collect();
    let ink: Vec<_> = CONTRACTS.iter().map(|c| format!("{}:{}", c.ink_dir, c.name)).collect();
    // <crate>:<features> (features comma-separated, often none).
    let features: Vec<_> = CONTRACTS.iter().map(|c| format!("{}:{}", c.stylus_crate, c.stylus_features)).collect();
    println!("STYLUS_CONTRACTS=({})", stylus.join(" "));
    println!("STYLUS_FEATURES=({})", features.join(" "));
    let inline: Vec<_> = CONTRACTS.iter().filter(|c| c.stylus_inline_data).map(|c| c.stylus_crate).collect();
    println!("STYLUS_INLINE_DATA=({})", inline.join(" "));
    println!("INK_CONTRACTS=({})", ink.join(" "));
}

/// The artifact of `contract` on `platform` under `dir`.
fn artifact(contract: &Deployable, platform: Platform, dir: &Path) -> PathBuf {
    match platform {
        Platform::Stylus => dir.join(format!("{}.wasm", contract.stylus_artifact())),
        Platform::Ink => {
            let stem = contract.ink_artifact();
            dir.join(&stem).join(format!("{stem}.polkavm"))
        }
    }
}

fn table(platform: Platform, rows: &[Measured]) {
    match platform {
        Platform::Stylus => {
            println!("Stylus (wasm, brotli-11 as deployed):");
            println!(
                "| {:<20} | {:>10} | {:>10} | {:>8} | {:>8} | {:>10} | status |",
                "contract", "raw bytes", "brotli-11", "budget", "headroom", "of limit"
            );
            println!(
                "|{}|{}:|{}:|{}:|{}:|{}:|--------|",
                "-".repeat(22),
                "-".repeat(11),
                "-".repeat(11),
                "-".repeat(9),
                "-".repeat(9),
                "-".repeat(11)
            );
        }
        Platform::Ink => {
            println!("ink! 6 (PolkaVM blobs, deployed uncompressed):");
            println!(
                "| {:<20} | {:>14} | {:>8} | {:>8} | {:>9} | status |",
                "contract", ".polkavm bytes", "budget", "headroom", "of budget"
            );
            println!(
                "|{}|{}:|{}:|{}:|{}:|--------|",
                "-".repeat(22),
                "-".repeat(15),
                "-".repeat(9),
                "-".repeat(9),
                "-".repeat(10)
            );
        }
    }
    for r in rows {
        let status = if !r.within_budget() {
            "OVER BUDGET"
        } else if !r.has_headroom() {
            "LOW HEADROOM"
        } else {
            "ok"
        };
        match platform {
            Platform::Stylus => {
                let of_limit = format!("{:.1}%", 100.0 * r.size as f64 / STYLUS_LIMIT as f64);
                println!(
                    "| {:<20} | {:>10} | {:>10} | {:>8} | {:>8} | {:>10} | {status} |",
                    r.contract.name,
                    r.raw,
                    r.size,
                    r.budget,
                    r.headroom(),
                    of_limit
                );
            }
            Platform::Ink => {
                let of_budget = format!("{:.1}%", 100.0 * r.size as f64 / r.budget as f64);
                println!(
                    "| {:<20} | {:>14} | {:>8} | {:>8} | {:>9} | {status} |",
                    r.contract.name,
                    r.size,
                    r.budget,
                    r.headroom(),
                    of_budget
                );
            }
        }
    }
    match platform {
        Platform::Stylus => {
            println!("Nitro's limit: {STYLUS_LIMIT} bytes compressed; every contract keeps {HEADROOM} under its budget")
        }
        Platform::Ink => println!(
            "pallet-revive takes far larger blobs; the budgets are the project's, each kept {HEADROOM} bytes under"
        ),
    }
}

fn sizes(
    stylus_dir: &Path,
    ink_dir: &Path,
    only: Option<PlatformArg>,
    budgets: &[(&'static Deployable, usize)],
) -> Result<bool, String> {
    let platforms: &[(Platform, &Path)] = match only {
        Some(PlatformArg::Stylus) => &[(Platform::Stylus, stylus_dir)],
        Some(PlatformArg::Ink) => &[(Platform::Ink, ink_dir)],
        None => &[(Platform::Stylus, stylus_dir), (Platform::Ink, ink_dir)],
    };
    let mut all_within = true;
    for (i, &(platform, dir)) in platforms.iter().enumerate() {
        let mut rows = Vec::new();
        for contract in CONTRACTS {
            let path = artifact(contract, platform, dir);
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("{}: {e} (build it with scripts/build.sh)", path.display()))?;
            let budget = budgets.iter().rev().find(|(c, _)| c.name == contract.name).map(|&(_, b)| b);
            rows.push(measure(contract, platform, &bytes, budget).map_err(|e| format!("{}: {e}", path.display()))?);
        }
        if i > 0 {
            println!();
        }
        table(platform, &rows);
        for r in check_sizes(&rows) {
            all_within = false;
            if r.within_budget() {
                eprintln!(
                    "lst-registry: {} ({:?}) is {} bytes, {} under its budget of {}: keep {HEADROOM}",
                    r.contract.name,
                    r.platform,
                    r.size,
                    r.headroom(),
                    r.budget
                );
            } else {
                eprintln!(
                    "lst-registry: {} ({:?}) is {} bytes, over its budget of {} by {}",
                    r.contract.name,
                    r.platform,
                    r.size,
                    r.budget,
                    r.size - r.budget
                );
            }
        }
    }
    Ok(all_within)
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Shell => {
            shell();
            ExitCode::SUCCESS
        }
        Command::Sizes { stylus_dir, ink_dir, platform, budgets } => {
            match sizes(&stylus_dir, &ink_dir, platform, &budgets) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("lst-registry: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::InlineData { input, output } => {
            let moved = std::fs::read(&input).map_err(|e| format!("{}: {e}", input.display())).and_then(|wasm| {
                let out =
                    lst_registry::inline_data::inline_data(&wasm).map_err(|e| format!("{}: {e}", input.display()))?;
                std::fs::write(&output, &out).map_err(|e| format!("{}: {e}", output.display()))?;
                Ok((wasm.len(), out.len()))
            });
            match moved {
                Ok((before, after)) => {
                    println!("[inline-data] {}: {before} -> {after} bytes of wasm", output.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("lst-registry inline-data: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
