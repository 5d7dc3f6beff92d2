//! `lst-deploy`: build, deploy and verify the suite.
//!
//! ```text
//! lst-deploy build
//! lst-deploy up     [--network local] [--platform stylus|ink] [--rpc-url URL] [--key-env VAR | --keystore FILE] [roles…]
//! lst-deploy verify [--network local] [--platform stylus|ink] [--rpc-url URL]
//! ```
//!
//! Without `--rpc-url` the target is the local devnode on
//! `http://127.0.0.1:8547`, started if nothing answers there. With
//! `--platform ink` the target is a pallet-revive eth-rpc endpoint
//! (`--rpc-url` required) and the ink! `.polkavm` artifacts are deployed. The key comes
//! from the environment variable named by `--key-env` (default
//! `LST_DEPLOYER_KEY`) or from an encrypted keystore file whose password is
//! in `LST_KEYSTORE_PASSWORD` — never from the command line, and it is never
//! printed. On the local devnode without a key, dev account 0 deploys.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use alloy::{
    primitives::{Address, B256, U256},
    signers::local::PrivateKeySigner,
};
use clap::{Args, Parser, Subcommand};
use lst_client::{dev, Platform, Rpc};
use lst_deploy::{up, verify, FileStore, Manifest, Roles, UpOptions};
use std::{
    net::{TcpStream, ToSocketAddrs},
    path::{Path, PathBuf},
    process::{Command, ExitCode, Stdio},
    time::{Duration, Instant},
};

/// The local devnode's default endpoint.
const LOCAL_URL: &str = "http://127.0.0.1:8547";

/// Why `--platform ink` needs an endpoint.
const NO_LOCAL_REVIVE: &str = "--platform ink needs --rpc-url (or LST_RPC_URL): a pallet-revive eth-rpc endpoint; \
                               the local devnode runs Stylus only (the ink! contracts run in process in offchain/nodes/revive)";

#[derive(Parser)]
#[command(name = "lst-deploy", about = "Build, deploy and verify the liquid-staking suite")]
struct Cli {
    /// The repository root (artifacts are found through scripts/env.sh's
    /// STYLUS_WASM_DIR; manifests go to <root>/deployments).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build every deployable artifact (scripts/build.sh).
    Build,
    /// Deploy, initialise and wire the suite; resumable.
    Up(Box<UpArgs>),
    /// Check the chain against deployments/<network>.json.
    Verify(Target),
}

#[derive(Args)]
struct Target {
    /// Network name: the manifest is deployments/<network>.json.
    #[arg(long, default_value = "local")]
    network: String,
    /// JSON-RPC endpoint; without it, the local devnode (started when
    /// nothing answers).
    #[arg(long, env = "LST_RPC_URL")]
    rpc_url: Option<String>,
    /// The contracts' platform: `stylus` (Arbitrum; the devnode) or `ink`
    /// (a pallet-revive eth-rpc endpoint, given by --rpc-url).
    #[arg(long, default_value = "stylus", value_parser = ["stylus", "ink"])]
    platform: String,
}

impl Target {
    fn platform(&self) -> Result<Platform, String> {
        Platform::from_name(&self.platform).ok_or_else(|| format!("unknown platform {}", self.platform))
    }
}

#[derive(Args)]
struct UpArgs {
    #[command(flatten)]
    target: Target,
    /// Environment variable holding the deployer's private key (hex).
    #[arg(long, default_value = "LST_DEPLOYER_KEY")]
    key_env: String,
    /// Encrypted JSON keystore of the deployer (password in
    /// LST_KEYSTORE_PASSWORD).
    #[arg(long)]
    keystore: Option<PathBuf>,
    /// Owner of every contract (handed over two-step; default: deployer).
    #[arg(long)]
    admin: Option<Address>,
    /// Operator of both pools (default: deployer).
    #[arg(long)]
    operator: Option<Address>,
    /// Oracle of the feed besides the AvalanchePool (default: deployer).
    #[arg(long)]
    oracle: Option<Address>,
    /// Notary of the PolkadotPool (default: deployer).
    #[arg(long)]
    notary: Option<Address>,
    /// Pauser of the pools and tokens (default: deployer).
    #[arg(long)]
    pauser: Option<Address>,
    /// Receiver of the fee shares (default: deployer).
    #[arg(long)]
    treasury: Option<Address>,
    /// Runs the AVAX pool's stake pool in `Staking` as its validator
    /// operator (default: deployer).
    #[arg(long)]
    validator_operator: Option<Address>,
    /// Wei put in `Staking`'s reward reserve (local networks; default 0).
    #[arg(long, default_value = "0")]
    reward_reserve: U256,
    /// Seconds a scheduled admin change waits before it may take effect
    /// (a looser ratio policy, a new ratio updater, …): 3600 to 2592000.
    #[arg(long, default_value_t = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS)]
    change_delay_secs: u64,
    /// The most one PolkadotPool claim mints of a bond, in wei of aKSMb or
    /// aDOTb (default: 10,000 tokens). Raising it later is scheduled.
    #[arg(long, default_value_t = lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_CLAIM)]
    mint_limit_per_claim: U256,
    /// The most a bond mints per rolling 24 hours, in wei (default: 100,000
    /// tokens): what a stolen notary key can mint before the pauser reacts.
    #[arg(long, default_value_t = lst_deploy::manifest::DEFAULT_MINT_LIMIT_PER_DAY)]
    mint_limit_per_day: U256,
    /// Wei sent with each deployment (program activation on Arbitrum; the
    /// excess is refunded).
    #[arg(long, default_value = "0")]
    deploy_value: U256,
    /// Stop after this many transactions (a re-run continues).
    #[arg(long)]
    max_transactions: Option<usize>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lst-deploy: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Cmd::Build => {
            let status = Command::new("bash")
                .arg("scripts/build.sh")
                .current_dir(&cli.root)
                .status()
                .map_err(|e| format!("scripts/build.sh: {e}"))?;
            Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Cmd::Up(args) => {
            let url = endpoint(&args.target, &cli.root)?;
            let key = deployer_key(&args)?;
            let deployer = dev::address_of(key).ok_or("the deployer key is not a secp256k1 secret key")?;
            let roles = Roles {
                admin: args.admin.unwrap_or(deployer),
                operator: args.operator.unwrap_or(deployer),
                oracle: args.oracle.unwrap_or(deployer),
                notary: args.notary.unwrap_or(deployer),
                pauser: args.pauser.unwrap_or(deployer),
                treasury: args.treasury.unwrap_or(deployer),
                validator_operator: args.validator_operator.unwrap_or(deployer),
                reward_reserve: args.reward_reserve,
                change_delay_secs: args.change_delay_secs,
                mint_limit_per_claim: args.mint_limit_per_claim,
                mint_limit_per_day: args.mint_limit_per_day,
            };
            let opts = UpOptions {
                network: args.target.network.clone(),
                roles,
                deploy_value: args.deploy_value,
                max_transactions: args.max_transactions,
            };
            let mut chain = Rpc::connect_to(&url, &[key], args.target.platform()?).map_err(|e| e.to_string())?;
            let path = Manifest::path(&cli.root, &args.target.network);
            println!("deploying to {url} from {deployer}");
            let mut store = FileStore(path.clone());
            let (_, report) = up(&mut chain, deployer, &mut store, &opts, &mut |line| println!("  {line}"))
                .map_err(|e| e.to_string())?;
            println!(
                "{}: {} deployed, {} found, {} wired, {} already in place -> {}",
                if report.stopped { "stopped at --max-transactions" } else { "done" },
                report.deployed,
                report.found,
                report.wired,
                report.skipped,
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Verify(target) => {
            let platform = target.platform()?;
            if platform == Platform::Ink && target.rpc_url.is_none() {
                return Err(NO_LOCAL_REVIVE.into());
            }
            let url = target.rpc_url.clone().unwrap_or_else(|| LOCAL_URL.to_owned());
            let path = Manifest::path(&cli.root, &target.network);
            let m =
                Manifest::load(&path)?.ok_or_else(|| format!("{}: no manifest (run `up` first)", path.display()))?;
            // Reads only: any key will do, none is used.
            let mut chain = Rpc::connect_to(&url, &[B256::with_last_byte(1)], platform).map_err(|e| e.to_string())?;
            let findings = verify(&mut chain, &m).map_err(|e| e.to_string())?;
            let failed = findings.iter().filter(|f| !f.ok).count();
            for f in &findings {
                println!("  {} {}", if f.ok { "ok  " } else { "FAIL" }, f.what);
            }
            println!("{} checks, {failed} failed ({} against {url})", findings.len(), path.display());
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
    }
}

/// The endpoint to use; for the default local devnode, starts one when
/// nothing answers.
fn endpoint(target: &Target, root: &Path) -> Result<String, String> {
    if let Some(url) = &target.rpc_url {
        return Ok(url.clone());
    }
    if target.platform()? == Platform::Ink {
        return Err(NO_LOCAL_REVIVE.into());
    }
    if target.network != "local" {
        return Err(format!("--network {} needs --rpc-url (or LST_RPC_URL)", target.network));
    }
    if answers(LOCAL_URL) {
        return Ok(LOCAL_URL.to_owned());
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let devnode = exe.with_file_name("devnode");
    let log_path = root.join("deployments").join("devnode-local.log");
    std::fs::create_dir_all(root.join("deployments")).map_err(|e| e.to_string())?;
    let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let child = Command::new(&devnode)
        .args(["--port", "8547"])
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("starting {}: {e} (build it: cargo build -p lst-devnode)", devnode.display()))?;
    let started = Instant::now();
    while !answers(LOCAL_URL) {
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("the devnode did not start; see {}", log_path.display()));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "started the local devnode (pid {}, log {}); stop it with `kill {}`",
        child.id(),
        log_path.display(),
        child.id()
    );
    Ok(LOCAL_URL.to_owned())
}

/// Whether something accepts connections at `url`'s host and port.
fn answers(url: &str) -> bool {
    let host_port = url.trim_start_matches("http://").trim_end_matches('/');
    host_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_millis(300)).is_ok())
}

/// The deployer's key: a keystore file, an environment variable, or (on
/// the local devnode only) dev account 0. Never printed.
fn deployer_key(args: &UpArgs) -> Result<B256, String> {
    if let Some(path) = &args.keystore {
        let password = std::env::var("LST_KEYSTORE_PASSWORD")
            .map_err(|_| format!("--keystore {} needs LST_KEYSTORE_PASSWORD", path.display()))?;
        let signer = PrivateKeySigner::decrypt_keystore(path, password)
            .map_err(|e| format!("keystore {}: {e}", path.display()))?;
        return Ok(B256::from_slice(&signer.credential().to_bytes()));
    }
    match std::env::var(&args.key_env) {
        Ok(hex) => hex.trim().parse().map_err(|_| format!("{} does not hold a 32-byte hex key", args.key_env)),
        Err(_) if args.target.rpc_url.is_none() && args.target.network == "local" => {
            println!("no {} set: deploying from devnode dev account 0", args.key_env);
            Ok(dev::dev_keys()[0])
        }
        Err(_) => Err(format!("set {} (or use --keystore) to deploy to {}", args.key_env, args.target.network)),
    }
}
