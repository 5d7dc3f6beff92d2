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
//!
//! One difference in how, none in what: contract-build writes the metadata
//! by compiling and running a host program (`metadata-gen`) that prints the
//! contract's ABI, in the release profile with thin LTO — a second
//! optimised compile of ink! and its dependencies, and an LTO link per
//! contract, about half of each contract's build time. That program's output
//! does not depend on how it was optimised, so `--quick-metadata` builds the
//! code first (contract-build's own code-only build), then calls
//! contract-build's own metadata step for that code with the generator
//! compiled unoptimised. The `.polkavm` is the same build either way; the
//! `.abi` is byte-identical to the full path's, and the `.json` the same JSON (its
//! NatSpec map is a HashMap in contract-build, in a random order per run).
//!
//! One thing cargo-contract does not do: contract-build compiles each
//! contract's code from a temporary directory, where the `[patch]` of the
//! cargo config around the contract (`contracts/ink/.cargo/config.toml`'s
//! `keccak-const`, a function-for-function replacement) does not apply.
//! [`carry_config_patches`] carries it there, so the code is built against
//! the dependency graph the unit tests and the metadata step use.
//!
//! `--lint` makes that metadata compile the contract's lint as well
//! ([`lint_wrapper`]): it is the compile `cargo clippy --lib` would do, and
//! each ink! contract takes about as long to type-check as to build (ink!'s
//! Solidity selectors are computed by const evaluation at every use), so a
//! separate clippy build of the libraries cost as much as a third build.

use anyhow::Result;
use clap::Parser;
use contract_build::{
    BuildArtifacts, BuildInfo, BuildMode, ComposeBuildArgs, CrateMetadata, ExecuteArgs, Features, ImageVariant,
    ManifestPath, MetadataArtifacts, MetadataSpec, Network, OutputType, SolidityMetadataArtifacts, UnstableFlags,
    Verbosity,
};
use std::path::{Path, PathBuf};

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
    /// Compile the metadata generator without optimisation (see the crate
    /// docs); the artifacts are the same.
    #[arg(long)]
    quick_metadata: bool,
    /// Lint the contract's library with clippy (`-D warnings`) while the
    /// metadata step compiles it (needs `--quick-metadata`; see the crate
    /// docs).
    #[arg(long)]
    lint: bool,
}

/// The version contract-build records as `cargo_contract_version` in the
/// metadata: its own crate version, pinned in Cargo.toml.
const CONTRACT_BUILD_VERSION: &str = "6.0.0-beta.2";

/// The release-profile settings, as cargo environment overrides, under which
/// the metadata generator compiles quickly. Cargo reads them for every
/// build it runs from this process on, so they are set only after the code
/// build.
const QUICK_PROFILE: [(&str, &str); 3] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ("CARGO_PROFILE_RELEASE_LTO", "off"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
];

/// Set (to the contract's crate name) in the environment of the metadata
/// step's cargo when `--lint` is given; this binary is then cargo's
/// `RUSTC_WORKSPACE_WRAPPER` and runs as [`lint_wrapper`].
const LINT_CRATE_VAR: &str = "LST_INK_BUILD_LINT_CRATE";

/// `-D warnings`, as `cargo clippy -- -D warnings` passes it to clippy-driver.
const CLIPPY_ARGS: &str = "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__";

/// Verifiable (docker) builds are not offered, so nothing is composed for
/// them; contract-build only calls this for a verifiable build.
struct NoDockerArgs;

impl ComposeBuildArgs for NoDockerArgs {
    fn compose_build_args() -> Result<Vec<String>> {
        anyhow::bail!("lst-ink-build does not run verifiable (docker) builds")
    }
}

/// cargo's `RUSTC_WORKSPACE_WRAPPER` in the metadata step of `--lint`,
/// called as `lst-ink-build <rustc> <args>` for the temporary workspace's
/// members: the contract, and contract-build's `metadata-gen` program.
///
/// contract-build's metadata step compiles the contract as `cargo clippy
/// --lib` does (the library, for the host, with `std` and the Solidity-ABI
/// cfg), but with `--cap-lints=allow` in its rustflags, which would silence
/// every lint. For the contract alone this drops the cap and runs
/// clippy-driver with `-D warnings`, so that one compile is both the lint and
/// the metadata generator's dependency; a lint fails the build. Every other
/// crate (metadata-gen is contract-build's generated code) compiles with
/// plain rustc, unchanged. clippy-driver is rustc plus the lint passes: the
/// compiled code, and so the metadata, is the same.
fn lint_wrapper(lint_crate: &str) -> Result<()> {
    let mut argv = std::env::args_os().skip(1);
    let rustc = argv.next().ok_or_else(|| anyhow::anyhow!("{LINT_CRATE_VAR} is set: expected `<rustc> <args>`"))?;
    let rest: Vec<std::ffi::OsString> = argv.collect();
    let is_lint_crate = rest.windows(2).any(|w| w[0] == "--crate-name" && w[1] == lint_crate);
    let status = if is_lint_crate {
        let mut uncapped = Vec::with_capacity(rest.len());
        let mut args = rest.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--cap-lints=allow" {
                continue;
            }
            if arg == "--cap-lints" {
                args.next();
                continue;
            }
            uncapped.push(arg);
        }
        std::process::Command::new("clippy-driver")
            .arg(&rustc)
            .args(uncapped)
            .env("CLIPPY_ARGS", CLIPPY_ARGS)
            .status()?
    } else {
        std::process::Command::new(&rustc).args(rest).status()?
    };
    std::process::exit(status.code().unwrap_or(1));
}

/// Makes the `[patch]` tables of the cargo config files around the
/// contract (`.cargo/config.toml` in its directory's ancestors: what a
/// `cargo build` run there reads) apply to contract-build's code build too.
///
/// contract-build's metadata step runs cargo from the contract's directory
/// and so reads those files; its code build runs cargo from a temporary copy
/// of the contract's manifest (made with `tempfile`, under the system
/// temporary directory) and would not. This writes their patch tables, with
/// paths made absolute, to `.cargo/config.toml` in a new directory and
/// points `TMPDIR` there, so every temporary workspace contract-build makes
/// from here on lies below that config. Returns the directory (removed when
/// dropped), or `None` when there is nothing to patch.
fn carry_config_patches(manifest_path: &Path) -> Result<Option<tempfile::TempDir>> {
    let manifest_path = manifest_path.canonicalize()?;
    let mut patch = toml::Table::new();
    for dir in manifest_path.ancestors().skip(1) {
        let Ok(text) = std::fs::read_to_string(dir.join(".cargo").join("config.toml")) else { continue };
        let mut config: toml::Table = text.parse()?;
        let Some(toml::Value::Table(registries)) = config.remove("patch") else { continue };
        for (registry, crates) in registries {
            let toml::Value::Table(crates) = crates else { continue };
            let entry = patch.entry(registry).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let toml::Value::Table(merged) = entry else { continue };
            for (name, mut source) in crates {
                // A config's relative paths are relative to the directory
                // holding its `.cargo`; the nearest config wins, as in cargo.
                if let Some(toml::Value::String(path)) = source.get_mut("path") {
                    *path = dir.join(path.as_str()).canonicalize()?.display().to_string();
                }
                merged.entry(name).or_insert(source);
            }
        }
    }
    if patch.is_empty() {
        return Ok(None);
    }
    let dir = tempfile::Builder::new().prefix("lst-ink-build").tempdir()?;
    std::fs::create_dir(dir.path().join(".cargo"))?;
    let config = toml::to_string(&toml::Table::from_iter([("patch".to_string(), toml::Value::Table(patch))]))?;
    std::fs::write(dir.path().join(".cargo").join("config.toml"), config)?;
    std::env::set_var("TMPDIR", dir.path());
    Ok(Some(dir))
}

fn main() -> Result<()> {
    if let Ok(lint_crate) = std::env::var(LINT_CRATE_VAR) {
        return lint_wrapper(&lint_crate);
    }
    let args = Args::parse();
    let quick = args.quick_metadata && !args.code_only;
    if quick && args.metadata != Some(MetadataSpec::Solidity) {
        anyhow::bail!("--quick-metadata writes Solidity metadata: pass --metadata solidity");
    }
    if args.lint && !quick {
        anyhow::bail!("--lint runs in the metadata step of --quick-metadata: pass --quick-metadata");
    }
    // Kept until the builds are done.
    let _patches = carry_config_patches(&args.manifest_path)?;
    let features = Features::from(args.features);
    let execute = ExecuteArgs {
        manifest_path: ManifestPath::new(&args.manifest_path)?,
        verbosity: if args.quiet { Verbosity::Quiet } else { Verbosity::Default },
        build_mode: if args.release { BuildMode::Release } else { BuildMode::Debug },
        features: features.clone(),
        network: Network::Online,
        build_artifact: if args.code_only || quick { BuildArtifacts::CodeOnly } else { BuildArtifacts::All },
        unstable_flags: UnstableFlags::default(),
        keep_debug_symbols: false,
        extra_lints: false,
        output_type: OutputType::HumanReadable,
        image: ImageVariant::Default,
        metadata_spec: args.metadata,
        target_dir: None,
    };
    let verbosity = execute.verbosity;
    let build_mode = execute.build_mode;
    let unstable_flags = execute.unstable_flags.clone();
    let manifest_path = execute.manifest_path.clone();
    let result = contract_build::execute::<NoDockerArgs>(execute)?;
    if quick {
        // What contract-build's `execute` does after its code build for
        // `--metadata solidity`, on the code just built.
        let crate_metadata = CrateMetadata::collect(&manifest_path)?;
        let artifacts = MetadataArtifacts::Solidity(SolidityMetadataArtifacts {
            dest_abi: crate_metadata.artifact_directory.join(format!("{}.abi", crate_metadata.contract_artifact_name)),
            dest_metadata: crate_metadata
                .artifact_directory
                .join(format!("{}.json", crate_metadata.contract_artifact_name)),
        });
        let build_info = BuildInfo {
            rust_toolchain: contract_build::util::rust_toolchain()?,
            cargo_contract_version: CONTRACT_BUILD_VERSION.parse()?,
            build_mode,
        };
        for (key, value) in QUICK_PROFILE {
            std::env::set_var(key, value);
        }
        if args.lint {
            std::env::set_var("RUSTC_WORKSPACE_WRAPPER", std::env::current_exe()?);
            std::env::set_var(LINT_CRATE_VAR, &crate_metadata.contract_artifact_name);
        }
        contract_build::metadata::execute(
            &crate_metadata,
            &crate_metadata.dest_binary,
            &artifacts,
            &features,
            Network::Online,
            verbosity,
            &unstable_flags,
            build_info,
        )?;
    }
    if !args.quiet {
        println!("{}", result.display());
    }
    Ok(())
}
