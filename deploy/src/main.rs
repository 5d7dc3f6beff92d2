//! `lst-deploy`: build, deploy and verify the suite.
//!
//! ```text
//! lst-deploy build
//! lst-deploy plan   [--network local|arbitrum-sepolia|passet-hub|NAME] [--rpc-url URL] [key] [roles…]
//! lst-deploy up     [--network …] [--platform stylus|ink] [--rpc-url URL] [--chain-id N] [key] [roles…] [--resume]
//! lst-deploy verify [--network …] [--platform stylus|ink] [--rpc-url URL]
//! lst-deploy new-account NAME | address --account NAME
//! ```
//! key: `--account NAME` (a Foundry keystore), `--keystore FILE`, or
//! `--key-env VAR`.
//!
//! A known `--network` brings its endpoint, chain id and platform; the
//! endpoint's chain id is checked before anything is sent. Without
//! `--rpc-url` (`ETH_RPC_URL`) on `local` the target is the devnode on
//! `http://127.0.0.1:8547`, started if nothing answers there. With the ink!
//! platform the `.polkavm` artifacts are deployed through a pallet-revive
//! eth-rpc endpoint. The key comes from a Foundry keystore (password from
//! `--password-file`, `ETH_PASSWORD` or a prompt) or from the environment
//! variable named by `--key-env` (default `LST_DEPLOYER_KEY`) — never from
//! the command line, and it is never printed. On the local devnode without
//! a key, dev account 0 deploys.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use alloy::{
    primitives::{Address, B256, U256},
    signers::local::PrivateKeySigner,
};
use clap::{Args, Parser, Subcommand};
use lst_client::{dev, Platform, Rpc};
use lst_deploy::{
    keys,
    network::{self, Preset},
    plan, up, verify, FileStore, Manifest, Roles, UpOptions,
};
use std::{
    net::{TcpStream, ToSocketAddrs},
    path::{Path, PathBuf},
    process::{Command, ExitCode, Stdio},
    time::{Duration, Instant},
};

/// Whether `network` is a local node's preset (`local`, `local-ink`),
/// which `lst-deploy` starts when nothing answers.
fn is_local(network: &str) -> bool {
    network::preset(network).is_some_and(|p| p.rpc_url.starts_with("http://127.0.0.1:"))
}

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
    /// Build the deployable artifacts (scripts/build.sh): both platforms',
    /// or only `--platform`'s. Installs only the toolchain and wasm-opt
    /// (`scripts/setup.sh --build`): no test tools, nothing with sudo.
    Build(BuildArgs),
    /// Deploy, initialise and wire the suite; resumable.
    Up(Box<UpArgs>),
    /// Print every transaction `up` would send now, with the node's gas
    /// estimates and the total cost; sends nothing.
    Plan(Box<UpArgs>),
    /// Check the chain against deployments/<network>.json (a contract handed
    /// to the admin but not yet accepted fails).
    Verify(Target),
    /// The admin's half of the ownership hand-over: `acceptOwnership` on
    /// every contract `up` handed to the admin (run with the admin's key;
    /// contracts already taken are skipped).
    AcceptOwnership(AcceptArgs),
    /// Create a Foundry-compatible keystore account
    /// (~/.foundry/keystores/NAME) with a new random key; prints its address.
    NewAccount(NewAccountArgs),
    /// Print the address of a keystore account (decrypts it: the password
    /// as for `up`).
    Address(AddressArgs),
}

#[derive(Args)]
struct AcceptArgs {
    #[command(flatten)]
    target: Target,
    /// The admin's key, as the deployer's is given to `up` (--account,
    /// --keystore, or the environment variable --key-env names).
    #[command(flatten)]
    key: KeyArgs,
}

#[derive(Args)]
struct AddressArgs {
    #[command(flatten)]
    key: KeyArgs,
}

#[derive(Args)]
struct NewAccountArgs {
    /// The account's name.
    name: String,
    /// The directory (default ~/.foundry/keystores).
    #[arg(long)]
    keystore_dir: Option<PathBuf>,
    /// A file holding the password to encrypt with (else ETH_PASSWORD,
    /// else a prompt).
    #[arg(long)]
    password_file: Option<PathBuf>,
}

#[derive(Args)]
struct Target {
    /// Network name: the manifest is deployments/<network>.json. Known
    /// names (`local`, `arbitrum-sepolia`, `passet-hub`) bring their
    /// endpoint, chain id and platform.
    #[arg(long, default_value = "local")]
    network: String,
    /// JSON-RPC endpoint (as in Foundry: ETH_RPC_URL); default: the
    /// network's public endpoint, or the local devnode (started when
    /// nothing answers).
    #[arg(long, env = "ETH_RPC_URL")]
    rpc_url: Option<String>,
    /// The chain id the endpoint must answer before anything is sent
    /// (default: the known network's).
    #[arg(long)]
    chain_id: Option<u64>,
    /// The contracts' platform: `stylus` (Arbitrum; the devnode) or `ink`
    /// (a pallet-revive eth-rpc endpoint); default: the known network's,
    /// else stylus.
    #[arg(long, value_parser = ["stylus", "ink"])]
    platform: Option<String>,
}

/// `build`'s options.
#[derive(clap::Args)]
struct BuildArgs {
    /// Only this platform's artifacts: `stylus` (the wasm) or `ink` (the
    /// `.polkavm` blobs); default: both.
    #[arg(long, value_parser = ["stylus", "ink"])]
    platform: Option<String>,
}

impl Target {
    /// What `verify` and `accept-ownership` start from: the platform, the
    /// endpoint (given, or the known network's), the manifest's path and
    /// the manifest, which must exist.
    fn deployment(&self, root: &Path) -> Result<(Platform, String, PathBuf, Manifest), String> {
        let platform = self.platform()?;
        let url = match (self.given_url(), self.preset()) {
            (Some(url), _) => url,
            (None, Some(p)) => p.rpc_url.to_owned(),
            (None, None) => return Err(format!("--network {} is not a known network: give --rpc-url", self.network)),
        };
        let path = Manifest::path(root, &self.network);
        let m = Manifest::load(&path)?.ok_or_else(|| format!("{}: no manifest (run `up` first)", path.display()))?;
        Ok((platform, url, path, m))
    }

    fn preset(&self) -> Option<&'static Preset> {
        network::preset(&self.network)
    }

    fn platform(&self) -> Result<Platform, String> {
        match &self.platform {
            Some(name) => Platform::from_name(name).ok_or_else(|| format!("unknown platform {name}")),
            None => Ok(self.preset().map_or(Platform::Stylus, |p| p.platform)),
        }
    }

    /// The endpoint given, the deprecated LST_RPC_URL, or the known
    /// network's (none for `local`: the devnode logic decides).
    fn given_url(&self) -> Option<String> {
        self.rpc_url
            .clone()
            .or_else(|| std::env::var("LST_RPC_URL").ok())
            .or_else(|| self.preset().filter(|p| !is_local(p.name)).map(|p| p.rpc_url.to_owned()))
    }

    /// The chain id the endpoint must have, if one is known.
    fn expected_chain_id(&self) -> Option<(u64, String)> {
        match (self.chain_id, self.preset()) {
            (Some(id), _) => Some((id, format!("--chain-id {id}"))),
            (None, Some(p)) => Some((p.chain_id, p.name.to_owned())),
            (None, None) => None,
        }
    }
}

/// Where the deployer's key comes from: a Foundry keystore account, a
/// keystore file, or an environment variable — never the command line.
#[derive(Args)]
struct KeyArgs {
    /// A Foundry keystore account: the file NAME in --keystore's directory
    /// (default ~/.foundry/keystores, as `cast wallet import` writes).
    #[arg(long)]
    account: Option<String>,
    /// A keystore file (or, with --account, the directory of accounts).
    #[arg(long, env = "ETH_KEYSTORE")]
    keystore: Option<PathBuf>,
    /// A file holding the keystore's password; else ETH_PASSWORD, else a
    /// prompt on the terminal.
    #[arg(long)]
    password_file: Option<PathBuf>,
    /// Environment variable holding the deployer's private key (hex), when
    /// no keystore is given.
    #[arg(long, default_value = "LST_DEPLOYER_KEY")]
    key_env: String,
}

#[derive(Args)]
struct UpArgs {
    #[command(flatten)]
    target: Target,
    #[command(flatten)]
    key: KeyArgs,
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
    /// Runs one of the AVAX pool's three validators (its stake pool's
    /// operator in `Staking`), in order; repeat it for each (the last one
    /// given runs the rest; default: deployer).
    #[arg(long)]
    validator_operator: Vec<Address>,
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
    /// excess is refunded); default: the known network's, else 0.01 ETH on
    /// Stylus and nothing on ink!.
    #[arg(long)]
    deploy_value: Option<U256>,
    /// Stop after this many transactions (a re-run continues).
    #[arg(long)]
    max_transactions: Option<usize>,
    /// Leave the Stylus programs out of Nitro's program cache (no bids).
    #[arg(long)]
    no_cache: bool,
    /// Continue a deployment an earlier run left unfinished (any failure:
    /// a revert, an RPC outage, --max-transactions); refuses to start a new
    /// one. Without it, `up` also continues one it finds.
    #[arg(long)]
    resume: bool,
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
        Cmd::Build(args) => {
            let mut build = Command::new("bash");
            build.arg("scripts/build.sh");
            if let Some(platform) = &args.platform {
                build.arg(format!("--{platform}"));
            }
            let status = build.current_dir(&cli.root).status().map_err(|e| format!("scripts/build.sh: {e}"))?;
            Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Cmd::NewAccount(args) => {
            let dir = match args.keystore_dir {
                Some(dir) => dir,
                None => foundry_keystores()?,
            };
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            if dir.join(&args.name).exists() {
                return Err(format!("{}: the account exists already", dir.join(&args.name).display()));
            }
            let password = password(args.password_file.as_deref(), "new keystore password")?;
            let mut rng = rand_core::OsRng;
            let (signer, _) = PrivateKeySigner::new_keystore(&dir, &mut rng, password, Some(args.name.as_str()))
                .map_err(|e| format!("keystore: {e}"))?;
            println!("{} {}", signer.address(), dir.join(&args.name).display());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Address(args) => {
            if args.key.account.is_none() && args.key.keystore.is_none() {
                return Err("give --account NAME or --keystore FILE".into());
            }
            let local = Target { network: "address".into(), rpc_url: None, chain_id: None, platform: None };
            let key = deployer_key(&args.key, &local)?;
            println!("{}", dev::address_of(key).ok_or("not a secp256k1 key")?);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Plan(args) => {
            let (mut chain, url, deployer, opts, path) = connect(&args, &cli.root)?;
            let existing = Manifest::load(&path)?;
            let planned = plan(&mut chain, deployer, existing, &opts).map_err(|e| e.to_string())?;
            let price = chain.gas_price().map_err(|e| e.to_string())?;
            let platform = args.target.platform()?;
            let assumed_gas = lst_deploy::assumed_wiring_gas(platform);
            println!(
                "plan for {} at {url} from {deployer} (gas price {price} wei); nothing is sent",
                args.target.network
            );
            println!("| # | transaction | to | value (wei) | gas |");
            println!("|--:|---|---|--:|--:|");
            let (mut gas_total, mut value_total, mut assumed) = (0u128, U256::ZERO, 0usize);
            for (i, tx) in planned.iter().enumerate() {
                let gas = if tx.ready {
                    chain.estimate_gas(deployer, tx.to, tx.value, &tx.data).map_err(|e| format!("{}: {e}", tx.what))?
                } else {
                    assumed += 1;
                    assumed_gas
                };
                gas_total += u128::from(gas);
                value_total += tx.value;
                let to = tx.to.map_or_else(|| "(create)".to_owned(), |a| a.to_string());
                let mark = if tx.ready { "" } else { "~" };
                println!("| {} | {} | {to} | {} | {mark}{gas} |", i + 1, tx.what, tx.value);
            }
            let fee = U256::from(gas_total) * U256::from(price);
            println!(
                "{} transactions, {gas_total} gas ({assumed} assumed at {} each: they call contracts the plan deploys), \
                 fee {fee} wei + value {value_total} wei = {} wei{}",
                planned.len(),
                assumed_gas,
                fee + value_total,
                match platform {
                    lst_client::Platform::Stylus => " (value sent for activation is refunded in part)",
                    lst_client::Platform::Ink => "",
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Up(args) => {
            let (mut chain, url, deployer, opts, path) = connect(&args, &cli.root)?;
            if args.resume && !path.exists() {
                return Err(format!("--resume: {} does not exist, nothing to resume", path.display()));
            }
            println!("deploying to {url} from {deployer}");
            let mut store = FileStore(path.clone());
            let (m, report) = up(&mut chain, deployer, &mut store, &opts, &mut |line| println!("  {line}"))
                .map_err(|e| e.to_string())?;
            if !report.stopped {
                // Complete: the address book others read.
                let book = m.address_book().save(&cli.root)?;
                println!("address book: {}", book.display());
            }
            println!(
                "{}: {} deployed, {} found, {} wired, {} cached, {} already in place -> {}",
                if report.stopped { "stopped at --max-transactions" } else { "done" },
                report.deployed,
                report.found,
                report.wired,
                report.cached,
                report.skipped,
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::AcceptOwnership(args) => {
            let target = &args.target;
            let (platform, url, _, m) = target.deployment(&cli.root)?;
            let key = deployer_key(&args.key, target)?;
            let admin = dev::address_of(key).ok_or("the admin key is not a secp256k1 secret key")?;
            let mut chain = Rpc::connect_to(&url, &[key], platform).map_err(|e| e.to_string())?;
            network::check_chain_id(&mut chain, m.chain_id, &format!("{} ({url})", target.network))?;
            let taken = lst_deploy::accept_ownership(&mut chain, &m, admin).map_err(|e| e.to_string())?;
            for name in &taken {
                println!("  accepted {name}");
            }
            println!("{} contracts accepted by {admin}; every owned contract is the admin's", taken.len());
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Verify(target) => {
            let (platform, url, path, m) = target.deployment(&cli.root)?;
            // Reads only: any key will do, none is used.
            let mut chain = Rpc::connect_to(&url, &[B256::with_last_byte(1)], platform).map_err(|e| e.to_string())?;
            if let Some((id, what)) = target.expected_chain_id() {
                network::check_chain_id(&mut chain, id, &what)?;
            }
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

/// The endpoint (its chain id checked), the deployer, the deployment
/// `args` ask for and the manifest's path: what `plan` and `up` start from.
fn connect(args: &UpArgs, root: &Path) -> Result<(Rpc, String, Address, UpOptions, PathBuf), String> {
    let url = endpoint(&args.target, root)?;
    let key = deployer_key(&args.key, &args.target)?;
    let deployer = dev::address_of(key).ok_or("the deployer key is not a secp256k1 secret key")?;
    let mut chain = Rpc::connect_to(&url, &[key], args.target.platform()?).map_err(|e| e.to_string())?;
    if let Some((id, what)) = args.target.expected_chain_id() {
        network::check_chain_id(&mut chain, id, &what)?;
    }
    Ok((chain, url, deployer, up_options(args, deployer), Manifest::path(root, &args.target.network)))
}

/// The deployment `args` ask for, from `deployer`.
fn up_options(args: &UpArgs, deployer: Address) -> UpOptions {
    let roles = Roles {
        admin: args.admin.unwrap_or(deployer),
        operator: args.operator.unwrap_or(deployer),
        oracle: args.oracle.unwrap_or(deployer),
        notary: args.notary.unwrap_or(deployer),
        pauser: args.pauser.unwrap_or(deployer),
        treasury: args.treasury.unwrap_or(deployer),
        validator_operators: if args.validator_operator.is_empty() {
            vec![deployer]
        } else {
            args.validator_operator.clone()
        },
        reward_reserve: args.reward_reserve,
        change_delay_secs: args.change_delay_secs,
        mint_limit_per_claim: args.mint_limit_per_claim,
        mint_limit_per_day: args.mint_limit_per_day,
    };
    UpOptions {
        network: args.target.network.clone(),
        roles,
        deploy_value: match (args.deploy_value, args.target.preset(), args.target.platform()) {
            (Some(v), _, _) => v,
            (None, Some(p), _) => U256::from(p.deploy_value_wei),
            (None, None, Ok(platform)) => lst_deploy::default_deploy_value(platform),
            (None, None, Err(_)) => U256::ZERO,
        },
        max_transactions: args.max_transactions,
        cache_programs: !args.no_cache,
    }
}
/// The endpoint to use; for the default local devnode, starts one when
/// nothing answers.
fn endpoint(target: &Target, root: &Path) -> Result<String, String> {
    if let Some(url) = target.given_url() {
        return Ok(url);
    }
    let preset = target.preset().filter(|p| is_local(p.name)).ok_or_else(|| {
        format!("--network {} is not a known network: give --rpc-url (or ETH_RPC_URL)", target.network)
    })?;
    let url = preset.rpc_url;
    if answers(url) {
        return Ok(url.to_owned());
    }
    let port = url.rsplit(':').next().unwrap_or_default().trim_end_matches('/');
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let node = exe.with_file_name("lst-node");
    let log_path = root.join("deployments").join(format!("node-{}.log", preset.name));
    std::fs::create_dir_all(root.join("deployments")).map_err(|e| e.to_string())?;
    let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let child = Command::new(&node)
        .args(["--platform", preset.platform.name(), "--port", port])
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("starting {}: {e} (build it: cargo build -p lst-node)", node.display()))?;
    let started = Instant::now();
    while !answers(url) {
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("the local node did not start; see {}", log_path.display()));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "started a local {} node (pid {}, log {}); stop it with `kill {}`",
        preset.platform.name(),
        child.id(),
        log_path.display(),
        child.id()
    );
    Ok(url.to_owned())
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

/// Foundry's keystore directory: `$FOUNDRY_DIR/keystores` or
/// `~/.foundry/keystores`.
fn foundry_keystores() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("FOUNDRY_DIR") {
        return Ok(PathBuf::from(dir).join("keystores"));
    }
    let home = std::env::var("HOME").map_err(|_| "HOME is not set: give --keystore")?;
    Ok(PathBuf::from(home).join(".foundry").join("keystores"))
}

/// A keystore password (see `lst_deploy::keys::password`).
fn password(file: Option<&Path>, prompt: &str) -> Result<String, String> {
    keys::password(file, prompt).map_err(|e| e.to_string())
}

/// The deployer's key: a Foundry account or keystore file, an environment
/// variable, or (on the local devnode only) dev account 0. Never printed.
fn deployer_key(key: &KeyArgs, target: &Target) -> Result<B256, String> {
    let file = match (&key.account, &key.keystore) {
        (Some(name), Some(dir)) => Some(dir.join(name)),
        (Some(name), None) => Some(foundry_keystores()?.join(name)),
        (None, Some(file)) => Some(file.clone()),
        (None, None) => None,
    };
    if let Some(path) = file {
        return keys::from_keystore(&path, key.password_file.as_deref()).map_err(|e| e.to_string());
    }
    match std::env::var(&key.key_env) {
        Ok(hex) => hex.trim().parse().map_err(|_| format!("{} does not hold a 32-byte hex key", key.key_env)),
        Err(_) if target.given_url().is_none() && is_local(&target.network) => {
            println!("no {} set: deploying from devnode dev account 0", key.key_env);
            Ok(dev::dev_keys()[0])
        }
        Err(_) => Err(format!(
            "no deployer key for {}: give --account NAME (a Foundry keystore), --keystore FILE, or set {}",
            target.network, key.key_env
        )),
    }
}
