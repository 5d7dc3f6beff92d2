//! `lst-ink-build`: `cargo contract build` for this project, without
//! installing cargo-contract.
//!
//! cargo-contract 6.0.0-beta.2 links a chain client (subxt, sp-core,
//! contract-extrinsics, jsonschema, …) besides its build command; installing
//! it from source took about 25 minutes on a 2-core machine, most of a new
//! machine's set-up. Its `build` command is a thin wrapper around the
//! `contract-build` library. This binary calls the same function with the
//! same arguments `cargo contract build [--release] [--metadata SPEC]
//! [--quiet]` passes (cargo-contract's `src/cmd/build.rs`), so the
//! artifacts are the ones cargo-contract writes: `scripts/ink-build-compare.sh`
//! builds every contract both ways and compares them byte for byte.

use anyhow::Result;
use clap::Parser;
use contract_build::{
    BuildArtifacts, BuildMode, ComposeBuildArgs, ExecuteArgs, Features, ImageVariant, ManifestPath, MetadataSpec,
    Network, OutputType, UnstableFlags, Verbosity,
};
use std::path::PathBuf;

/// Builds one ink! contract: its `.polkavm` code and, unless `--code-only`,
/// its metadata, into `<target dir>/ink/<crate>/`.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Path to the contract's `Cargo.toml`.
    #[arg(long, default_value = "Cargo.toml")]
    manifest_path: PathBuf,
    /// Release build (what is deployed); debug otherwise.
    #[arg(long)]
    release: bool,
    /// Metadata to write: `solidity` (`.abi` + `.json`) or `ink`.
    #[arg(long, value_enum)]
    metadata: Option<MetadataSpec>,
    /// Only the `.polkavm` code, no metadata.
    #[arg(long)]
    code_only: bool,
    /// Cargo features of the contract to enable.
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
}

/// Verifiable (docker) builds are not offered, so nothing is composed for
/// them; contract-build only calls this for a verifiable build.
struct NoDockerArgs;

impl ComposeBuildArgs for NoDockerArgs {
    fn compose_build_args() -> Result<Vec<String>> {
        anyhow::bail!("lst-ink-build does not run verifiable (docker) builds")
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let execute = ExecuteArgs {
        manifest_path: ManifestPath::new(&args.manifest_path)?,
        verbosity: if args.quiet { Verbosity::Quiet } else { Verbosity::Default },
        build_mode: if args.release { BuildMode::Release } else { BuildMode::Debug },
        features: Features::from(args.features),
        network: Network::Online,
        build_artifact: if args.code_only { BuildArtifacts::CodeOnly } else { BuildArtifacts::All },
        unstable_flags: UnstableFlags::default(),
        keep_debug_symbols: false,
        extra_lints: false,
        output_type: OutputType::HumanReadable,
        image: ImageVariant::Default,
        metadata_spec: args.metadata,
        target_dir: None,
    };
    let result = contract_build::execute::<NoDockerArgs>(execute)?;
    if !args.quiet {
        println!("{}", result.display());
    }
    Ok(())
}
