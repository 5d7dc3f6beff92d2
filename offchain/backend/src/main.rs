//! `lst-backend`: the keeper, the notary and the KSM/DOT ratio oracle.
//!
//! ```text
//! lst-backend keeper [--network local] [--rpc-url URL] [--keystore FILE [--password-file FILE]]
//!                    [--period-secs N] [--no-report]
//!                    [--end-epochs [--success-bps N]] [--no-push] [--dry-run] [--once] [--listen ADDR]
//!                    [--start-block N] [--log-range 2000] [--confirmations N]
//!                    [--relay-url ws://… [--relay-network kusama|polkadot] [--validator SS58]…
//!                     [--nomination-delay-secs 86400] [--relay-reserve 0.1] [--relay-keystore FILE]]
//! lst-backend notary [--network local] [--rpc-url URL] [--keystore FILE] [--listen 127.0.0.1:8600]
//!                    [--database-url postgres://…] [--cors-origin URL]… [--page DIR]
//!                    [--relay-url kusama=ws://… --deposit-address kusama=SS58]… [--keeper-db FILE]
//! lst-backend oracle [--network local] [--rpc-url URL] [--keystore FILE] --relay-url ws://… [--relay-network kusama]
//!                    --deposit-address SS58 [--database-url postgres://…] [--every-secs 3600]
//! lst-backend unstake-paid --network N --id ID --extrinsic <block>-<index>
//! ```
//!
//! All read the deployment from `deployments/<network>.json`. Keys come
//! from Ethereum keystore files (`--keystore FILE`, and for the keeper's
//! other roles `--oracle-keystore` and `--validator-keystore`; the
//! password from `--password-file`, `ETH_PASSWORD` or
//! `LST_KEYSTORE_PASSWORD`) or environment variables (`LST_OPERATOR_KEY`,
//! `LST_ORACLE_KEY`, `LST_NOTARY_KEY`, `LST_VALIDATOR_KEY`), never from the
//! command line, and are never printed; a keystore must hold the key of
//! the role the deployment names. On the local devnode without one, the
//! dev account holding the role in the manifest is used.
//! The relay stash's key is a secret URI in `LST_RELAY_SURI` or a
//! polkadot.js keystore (`--relay-keystore`, password in
//! `LST_RELAY_KEYSTORE_PASSWORD`); on a local deployment without either,
//! the dev phrase's `//LstStash`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use alloy::{
    primitives::{Address, B256},
    signers::local::PrivateKeySigner,
};
use clap::{Args, Parser, Subcommand};
use lst_backend::{
    db::Db,
    keeper::{EpochDuty, Keeper, KeeperConfig, SyncConfig},
    notary::{Notary, NotaryConfig},
    oracle::{RatioOracle, RelayMeasure, RewardInput},
    page::PageConfig,
    relay::RelayClient,
    service::Service,
    staker::{Staker, StakerConfig},
    store::{NotaryStore, PgStore},
    unstake::Unstakes,
};
use lst_client::{dev, Platform, Rpc};
use lst_deploy::Manifest;
use std::sync::atomic::{AtomicBool, Ordering};
use std::{path::PathBuf, process::ExitCode, sync::Arc, time::Duration};
use subxt_signer::sr25519::Keypair;

#[derive(Parser)]
#[command(name = "lst-backend", about = "The suite's keeper, notary and ratio oracle")]
struct Cli {
    /// Log lines as text or as JSON objects (one per line). What is logged
    /// follows RUST_LOG (default `info`).
    #[arg(long, global = true, env = "LST_LOG_FORMAT", value_enum, default_value = "text")]
    log_format: LogFormat,
    /// The repository root (manifests and databases live in
    /// <root>/deployments).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Cmd,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line (for log shippers).
    Json,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the unstake queue and report rewards every period.
    Keeper(KeeperArgs),
    /// Issue signed KSM/DOT claims over HTTP.
    Notary(NotaryArgs),
    /// Record the relay-chain extrinsic that paid a KSM/DOT unstake.
    UnstakePaid(UnstakePaidArgs),
    /// Publish the aKSMb/aDOTb ratio measured on the relay chain, on a schedule.
    Oracle(OracleArgs),
    /// Print the notary's OpenAPI description (what `GET /openapi.json`
    /// serves), generated from its code.
    Openapi,
}

#[derive(Args)]
struct OracleArgs {
    #[command(flatten)]
    target: Target,
    /// Environment variable holding the key of the bonds' ratio updater
    /// (hex), when no --keystore is given.
    #[arg(long, default_value = "LST_ORACLE_KEY")]
    key_env: String,
    #[command(flatten)]
    keystore: KeystoreArgs,
    /// The relay chain's WebSocket endpoint: the stash's holdings and era
    /// are read there.
    #[arg(long, env = "LST_RELAY_URL")]
    relay_url: String,
    /// Which relay chain: kusama (aKSMb) or polkadot (aDOTb).
    #[arg(long, default_value = "kusama", value_parser = ["kusama", "polkadot"])]
    relay_network: String,
    /// The deposit address (the relay service's stash), SS58.
    #[arg(long)]
    deposit_address: String,
    /// The notary's PostgreSQL store, when it keeps one (default: its
    /// SQLite file, deployments/<network>-notary.sqlite). Deposits not yet
    /// minted are read there; owed unstakes and received rewards in the
    /// keeper's database, deployments/<network>-keeper.sqlite.
    #[arg(long, env = "LST_NOTARY_DATABASE_URL")]
    database_url: Option<String>,
    /// Seconds between rounds.
    #[arg(long, default_value_t = 3600)]
    every_secs: u64,
    /// Run one round and exit.
    #[arg(long)]
    once: bool,
    /// Decide and log, send nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
struct UnstakePaidArgs {
    /// Network name (the keeper's database is
    /// deployments/<network>-keeper.sqlite).
    #[arg(long, default_value = "local")]
    network: String,
    /// The unstake's id (`GET /v1/unstakes`).
    #[arg(long)]
    id: u64,
    /// The relay-chain extrinsic that paid it (`<block>-<index>`).
    #[arg(long)]
    extrinsic: String,
}

/// Sets `stop` on SIGTERM or Ctrl-C.
async fn stop_on_signal(stop: Arc<AtomicBool>) {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    tracing::info!("stopping after the current round");
    stop.store(true, Ordering::SeqCst);
}

#[derive(Args)]
struct Target {
    /// Network name: the deployment is deployments/<network>.json.
    #[arg(long, default_value = "local")]
    network: String,
    /// JSON-RPC endpoint (as in Foundry: ETH_RPC_URL; default: the
    /// endpoint of the network's preset, e.g. the local node of `local` on
    /// :8547 or of `local-ink` on :8545). Its chain id must be the
    /// deployment's, or nothing is sent.
    #[arg(long, env = "ETH_RPC_URL")]
    rpc_url: Option<String>,
}

impl Target {
    /// The endpoint: `--rpc-url`, else the network preset's.
    fn rpc_url(&self) -> Result<String, String> {
        match (&self.rpc_url, lst_deploy::network::preset(&self.network)) {
            (Some(url), _) => Ok(url.clone()),
            (None, Some(preset)) => Ok(preset.rpc_url.to_owned()),
            (None, None) => {
                Err(format!("network {} has no preset endpoint: give --rpc-url or ETH_RPC_URL", self.network))
            }
        }
    }

    /// Connects to the endpoint of deployment `m` with `keys`, and refuses
    /// it unless it answers the deployment's chain id — before any other
    /// call.
    fn connect(&self, m: &Manifest, keys: &[B256]) -> Result<Rpc, String> {
        let url = self.rpc_url()?;
        let mut chain = Rpc::connect_to(&url, keys, platform(m)?).map_err(|e| e.to_string())?;
        lst_deploy::network::check_chain_id(&mut chain, m.chain_id, &format!("{} ({url})", self.network))?;
        Ok(chain)
    }
}

#[derive(Args)]
struct KeeperArgs {
    #[command(flatten)]
    target: Target,
    /// Environment variable holding the operator's key (hex), when no
    /// --keystore is given.
    #[arg(long, default_value = "LST_OPERATOR_KEY")]
    key_env: String,
    #[command(flatten)]
    keystore: KeystoreArgs,
    /// Validating period in seconds of chain time (4 weeks).
    #[arg(long, default_value_t = 28 * 24 * 60 * 60)]
    period_secs: u64,
    /// Leave reward reports to others (by default the keeper has the
    /// delegator report the measured rewards whenever the feed allows).
    #[arg(long)]
    no_report: bool,
    /// Serve the queue but leave each served request for its owner to
    /// withdraw (by default the keeper pushes the AVAX out after serving).
    #[arg(long)]
    no_push: bool,
    /// End `Staking`'s epochs when they are due.
    #[arg(long)]
    end_epochs: bool,
    /// Collections per period's end, each staked whole with one validator
    /// (the least staked that can take it); 0: one per validator of the
    /// AVAX pool's set, so its stakes spread over all of them.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=8))]
    collect_parts: u64,
    /// With --end-epochs: report every validator's performance first, this
    /// many basis points of its proposals passing, as the oracle (its key
    /// in --oracle-key-env; on the local devnode, the dev account holding
    /// the role); a comma-separated list gives the AVAX pool's validators
    /// one each, in the delegator's order (the last for the rest): under
    /// 8000, a validator earns nothing for the epoch. Without it another
    /// oracle reports.
    #[arg(
        long,
        requires = "end_epochs",
        value_delimiter = ',',
        value_parser = clap::value_parser!(u32).range(0..=10_000)
    )]
    success_bps: Vec<u32>,
    /// Environment variable holding the performance oracle's key.
    #[arg(long, default_value = "LST_ORACLE_KEY")]
    oracle_key_env: String,
    /// The performance oracle's key as an Ethereum keystore file instead
    /// (its password as --keystore's).
    #[arg(long)]
    oracle_keystore: Option<PathBuf>,
    /// With --end-epochs: join the delegator's stake pool into the
    /// validator set as its validator operator (key in
    /// --validator-key-env), once it holds the minimum stake.
    #[arg(long, requires = "end_epochs")]
    join_validator: bool,
    /// Environment variable holding the validator operator's key.
    #[arg(long, default_value = "LST_VALIDATOR_KEY")]
    validator_key_env: String,
    /// The validator operator's key as an Ethereum keystore file instead
    /// (its password as --keystore's).
    #[arg(long)]
    validator_keystore: Option<PathBuf>,
    /// Decide and log, send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Run one round and exit.
    #[arg(long)]
    once: bool,
    /// Milliseconds between rounds.
    #[arg(long, default_value_t = 1000)]
    poll_ms: u64,
    /// Serve /healthz, /metrics and /v1/unstakes on this address.
    #[arg(long)]
    listen: Option<String>,
    /// The first block to read events from on a fresh database (default:
    /// the manifest's start block).
    #[arg(long)]
    start_block: Option<u64>,
    /// Most blocks per eth_getLogs request.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..))]
    log_range: u64,
    /// Blocks on top of a block before its events are read.
    #[arg(long, default_value_t = 0)]
    confirmations: u64,
    /// Attempts per RPC read before the round fails (the next resumes).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..))]
    rpc_attempts: u32,
    /// Milliseconds before the second attempt, doubled after.
    #[arg(long, default_value_t = 500)]
    backoff_ms: u64,
    #[command(flatten)]
    relay: RelayArgs,
}

/// The relay service (run by the keeper each round when --relay-url is
/// given): bond, nominate, claim rewards, unbond, withdraw, pay unstakes.
#[derive(Args)]
struct RelayArgs {
    /// The relay chain's WebSocket endpoint (`ws://…`/`wss://…`): with it
    /// the keeper also runs the relay service.
    #[arg(long, env = "LST_RELAY_URL")]
    relay_url: Option<String>,
    /// Which relay chain: kusama (aKSMb) or polkadot (aDOTb).
    #[arg(long, default_value = "kusama", value_parser = ["kusama", "polkadot"])]
    relay_network: String,
    /// Environment variable holding the stash's secret URI (a mnemonic,
    /// optionally with a derivation path, or `//Name` of the dev phrase).
    /// The stash is the deposit address.
    #[arg(long, default_value = "LST_RELAY_SURI")]
    relay_key_env: String,
    /// The stash's key as a polkadot.js JSON keystore file instead (its
    /// password in LST_RELAY_KEYSTORE_PASSWORD).
    #[arg(long)]
    relay_keystore: Option<PathBuf>,
    /// A validator (SS58 stash address) to nominate; repeat it.
    #[arg(long = "validator")]
    validators: Vec<String>,
    /// Seconds a change of the validator list waits before it is nominated
    /// (the source document: at least a day).
    #[arg(long, default_value_t = 86_400)]
    nomination_delay_secs: u64,
    /// Free balance the stash always keeps, in whole KSM/DOT (the
    /// existential deposit and fees).
    #[arg(long, default_value = "0.1")]
    relay_reserve: String,
}

impl RelayArgs {
    /// The relay service these arguments describe, if any.
    fn staker(&self, runtime: &tokio::runtime::Runtime, local: bool) -> Result<Option<Staker>, String> {
        let Some(url) = &self.relay_url else { return Ok(None) };
        let network = lst_backend::network::NETWORKS
            .iter()
            .find(|n| n.name == self.relay_network)
            .ok_or_else(|| format!("--relay-network {}", self.relay_network))?;
        let key = relay_key(&self.relay_key_env, self.relay_keystore.as_deref(), local)?;
        let client = runtime
            .block_on(RelayClient::connect(url, network.name, u16::from(network.prefix)))
            .map_err(|e| e.to_string())?;
        let mut validators = Vec::new();
        for v in &self.validators {
            let account = lst_core::ss58::decode(v.as_bytes())
                .map_err(|e| format!("--validator {v}: not an SS58 address ({})", e.name()))?;
            validators.push(account.account_id);
        }
        let unit = 10u128.pow(u32::from(network.decimals));
        let reserve = alloy::primitives::utils::parse_units(&self.relay_reserve, network.decimals)
            .map_err(|e| format!("--relay-reserve {}: {e}", self.relay_reserve))?
            .get_absolute();
        let config = StakerConfig {
            validators,
            nomination_delay_secs: self.nomination_delay_secs,
            reserve: u128::try_from(reserve).map_err(|_| "--relay-reserve is too large")?,
            min_bond: unit,
            payout_eras: 28,
        };
        Ok(Some(Staker::new(client, key, network, config)))
    }
}

/// The dev phrase's `//LstStash`: the local relay chain's deposit address
/// when no key is given (never on a live chain).
const DEV_STASH_URI: &str = "//LstStash";

/// The stash's key: from `--relay-keystore` (polkadot.js JSON, password in
/// LST_RELAY_KEYSTORE_PASSWORD), else the secret URI in `env`; on a local
/// dev deployment without either, `//LstStash` of the dev phrase.
fn relay_key(env: &str, keystore: Option<&std::path::Path>, local: bool) -> Result<Keypair, String> {
    use std::str::FromStr;
    if let Some(path) = keystore {
        let json = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let password = std::env::var("LST_RELAY_KEYSTORE_PASSWORD")
            .map_err(|_| "set LST_RELAY_KEYSTORE_PASSWORD to the keystore's password")?;
        return subxt_signer::polkadot_js_compat::decrypt_json(&json, &password)
            .map_err(|e| format!("{}: {e}", path.display()));
    }
    let uri = match std::env::var(env) {
        Ok(uri) => uri,
        Err(_) if local => DEV_STASH_URI.to_owned(),
        Err(_) => return Err(format!("set {env} to the stash's secret URI, or give --relay-keystore")),
    };
    let secret = subxt_signer::SecretUri::from_str(uri.trim()).map_err(|e| format!("{env}: {e}"))?;
    Keypair::from_uri(&secret).map_err(|e| format!("{env}: {e}"))
}

#[derive(Args)]
struct NotaryArgs {
    #[command(flatten)]
    target: Target,
    /// Environment variable holding the notary's key (hex), when no
    /// --keystore is given.
    #[arg(long, default_value = "LST_NOTARY_KEY")]
    key_env: String,
    #[command(flatten)]
    keystore: KeystoreArgs,
    /// Address to serve HTTP on.
    #[arg(long, default_value = "127.0.0.1:8600")]
    listen: String,
    /// Blocks a claim stays usable for, in the block number the pool reads
    /// (on Arbitrum the L1 number: 7200 is about a day).
    #[arg(long, default_value_t = 7200)]
    validity_blocks: u64,
    /// Seconds per block of that number, to state expiry times (default:
    /// 12 on Arbitrum, whose contracts read the L1 number; 6 on
    /// pallet-revive).
    #[arg(long)]
    block_time_secs: Option<u64>,
    /// Environment variable holding the deposit watcher's bearer token (at
    /// least 16 characters): only its holder reports deposits.
    #[arg(long, default_value = "LST_WATCHER_TOKEN")]
    watcher_token_env: String,
    /// The smallest KSM deposit the notary accepts, in KSM.
    #[arg(long, default_value = "1")]
    min_ksm: String,
    /// The smallest DOT deposit the notary accepts, in DOT.
    #[arg(long, default_value = "1")]
    min_dot: String,
    /// An origin browsers may call the API from (repeat it; `*` for any).
    /// None: no cross-origin calls.
    #[arg(long)]
    cors_origin: Vec<String>,
    /// A PostgreSQL database to keep claims in (`postgres://user@host/db`),
    /// for notary replicas that share it; default: SQLite in
    /// deployments/<network>-notary.sqlite.
    #[arg(long, env = "LST_NOTARY_DATABASE_URL")]
    database_url: Option<String>,
    /// Also serve the staking page from this directory (built by
    /// scripts/page.sh) at `/`, with its `/config.json`.
    #[arg(long)]
    page: Option<PathBuf>,
    /// The JSON-RPC endpoint the page's browsers use (default: --rpc-url).
    #[arg(long, requires = "page")]
    page_rpc_url: Option<String>,
    /// Requests a client (IP address) may make per minute.
    #[arg(long, default_value_t = 120)]
    rate_per_minute: u32,
    /// Check deposits of a network on its relay chain (`POST /v1/stakes`):
    /// `kusama=ws://…` or `polkadot=wss://…` (repeat for both).
    #[arg(long = "relay-url", value_name = "NETWORK=URL")]
    relay_urls: Vec<String>,
    /// The deposit address of a network, `kusama=<SS58>` (the relay
    /// service's stash; repeat for both).
    #[arg(long = "deposit-address", value_name = "NETWORK=SS58")]
    deposit_addresses: Vec<String>,
    /// The keeper's database, for the `UNSTAKE` entries of `GET
    /// /v1/history` (default: deployments/<network>-keeper.sqlite, when
    /// it exists).
    #[arg(long)]
    keeper_db: Option<PathBuf>,
}

/// The platform the deployment's contracts run on (its manifest says).
fn platform(m: &Manifest) -> Result<Platform, String> {
    Platform::from_name(&m.platform).ok_or_else(|| format!("the manifest names an unknown platform {}", m.platform))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let fmt = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    match cli.log_format {
        LogFormat::Json => fmt.json().init(),
        LogFormat::Text => fmt.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout())).init(),
    }
    tracing::debug!(root = %cli.root.display(), "lst-backend starting");
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lst-backend: {e}");
            ExitCode::FAILURE
        }
    }
}

fn manifest(root: &std::path::Path, network: &str) -> Result<Manifest, String> {
    let path = Manifest::path(root, network);
    Manifest::load(&path)?.ok_or_else(|| format!("{}: no deployment (run lst-deploy up)", path.display()))
}

/// The key in `var`; on a local dev chain (deployment `m` on `local` or
/// `local-ink`'s chain id) without it, the dev key of `holder`.
/// Where a service's own key is kept, when not in an environment variable.
#[derive(Args)]
struct KeystoreArgs {
    /// The key as an Ethereum keystore file (as `cast wallet new` or
    /// `lst-deploy new-account` write it).
    #[arg(long)]
    keystore: Option<PathBuf>,
    /// A file holding the keystores' password; else ETH_PASSWORD, else
    /// LST_KEYSTORE_PASSWORD, else a prompt on the terminal.
    #[arg(long)]
    password_file: Option<PathBuf>,
}

/// The key of `holder`: from `keystore` when given (its password as
/// [`KeystoreArgs`] says), else as [`key`] finds it.
fn key_from(
    keystore: Option<&std::path::Path>,
    password_file: Option<&std::path::Path>,
    var: &str,
    m: &Manifest,
    holder: Address,
) -> Result<B256, String> {
    let Some(path) = keystore else { return key(var, m, holder) };
    let key = lst_deploy::keys::from_keystore(path, password_file).map_err(|e| e.to_string())?;
    match dev::address_of(key) {
        Some(a) if a == holder => Ok(key),
        Some(a) => {
            Err(format!("keystore {} holds the key of {a}, but the deployment's role is {holder}", path.display()))
        }
        None => Err(format!("keystore {}: not a secp256k1 secret key", path.display())),
    }
}

fn key(var: &str, m: &Manifest, holder: Address) -> Result<B256, String> {
    if let Ok(hex) = std::env::var(var) {
        return hex.trim().parse().map_err(|_| format!("{var} does not hold a 32-byte hex key"));
    }
    if lst_backend::page::is_local_dev_chain(m.chain_id) {
        if let Some(k) = dev::dev_keys().into_iter().find(|k| dev::address_of(*k) == Some(holder)) {
            return Ok(k);
        }
    }
    Err(format!("set {var} to the key of {holder}"))
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Cmd::Keeper(args) => {
            let m = manifest(&cli.root, &args.target.network)?;
            let (store, password) = (args.keystore.keystore.as_deref(), args.keystore.password_file.as_deref());
            let key = key_from(store, password, &args.key_env, &m, m.roles.operator)?;
            let operator = dev::address_of(key).ok_or("the operator key is not a secp256k1 secret key")?;
            let mut keys = vec![key];
            if !args.success_bps.is_empty() {
                keys.push(key_from(
                    args.oracle_keystore.as_deref(),
                    password,
                    &args.oracle_key_env,
                    &m,
                    m.roles.oracle,
                )?);
            }
            if args.join_validator {
                let validator = m.roles.validator_operator(0);
                keys.push(key_from(
                    args.validator_keystore.as_deref(),
                    password,
                    &args.validator_key_env,
                    &m,
                    validator,
                )?);
            }
            let mut chain = args.target.connect(&m, &keys)?;
            let db_path = cli.root.join("deployments").join(format!("{}-keeper.sqlite", args.target.network));
            let db = Db::open(&db_path).map_err(|e| e.to_string())?;
            let epochs = args.end_epochs.then_some(EpochDuty {
                report_as: (!args.success_bps.is_empty())
                    .then(|| (m.roles.oracle, lst_backend::keeper::SuccessPlan::of(&args.success_bps))),
                join_as: args.join_validator.then_some(m.roles.validator_operator(0)),
            });
            let config = KeeperConfig {
                period_secs: args.period_secs,
                report_rewards: !args.no_report,
                push_claims: !args.no_push,
                epochs,
                dry_run: args.dry_run,
                // At most 8 (clap's range): the set's cap.
                collect_parts: usize::try_from(args.collect_parts).unwrap_or(lst_core::delegation::MAX_VALIDATORS),
                sync: SyncConfig {
                    start_block: args.start_block,
                    log_range: args.log_range,
                    confirmations: args.confirmations,
                    attempts: args.rpc_attempts,
                    backoff: Duration::from_millis(args.backoff_ms),
                },
            };
            let unstakes = Unstakes::new(&m, config.sync)?;
            let service = Service::new(Db::open(&db_path).map_err(|e| e.to_string())?);
            let stop = Arc::new(AtomicBool::new(false));
            // Signals and the listener run on their own runtime; the rounds
            // stay on this thread, and a signal only stops the loop between
            // rounds, so a round (each step one transaction, recorded from
            // the chain) always finishes.
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.spawn(stop_on_signal(stop.clone()));
            if let Some(listen) = &args.listen {
                let listener =
                    runtime.block_on(tokio::net::TcpListener::bind(listen)).map_err(|e| format!("{listen}: {e}"))?;
                let local = listener.local_addr().map_err(|e| e.to_string())?;
                println!("keeper listening on http://{local}");
                let router = service.clone().router();
                runtime.spawn(async move { axum::serve(listener, router).await });
            }
            let local = lst_backend::page::is_local_dev_chain(m.chain_id);
            let staker = args.relay.staker(&runtime, local)?;
            if let Some(s) = &staker {
                let stash = lst_backend::relay::ss58(&s.stash(), s.network().prefix);
                println!("relay service: stash and deposit address {stash} on {}", s.network().name);
                tracing::info!(%stash, network = s.network().name, "relay service started");
            }
            let mut keeper = Keeper::new(&mut chain, &db, operator, &m, config).map_err(|e| e.to_string())?;
            let end = keeper.period_end().map_err(|e| e.to_string())?;
            tracing::info!(%operator, period_end = end, db = %db_path.display(), dry_run = args.dry_run, "keeper started");
            while !stop.load(Ordering::SeqCst) {
                let round = keeper.tick().and_then(|actions| {
                    actions.iter().for_each(|a| tracing::info!(?a, "done"));
                    let synced = unstakes.sync(keeper.chain(), &db)?;
                    if let Some(staker) = &staker {
                        let now = std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .map_or(0, |d| d.as_secs());
                        let r = runtime
                            .block_on(staker.round(&db, now))
                            .map_err(|e| lst_backend::keeper::KeeperError::Invalid(format!("relay: {e}")))?;
                        r.sent.iter().for_each(|kind| tracing::info!(kind = %kind, "relay extrinsic sent"));
                        let paid = db.paid_unstake_count()?;
                        service.publish(|s| {
                            s.relay = Some(lst_backend::service::RelayStatus {
                                bonded: r.active,
                                unbonding: r.unlocking,
                                free: r.free,
                                owed: r.owed,
                                paid,
                                in_flight: r.in_flight as u64,
                                finality_lag: u64::from(r.finality_lag),
                            })
                        });
                    }
                    let pending = db.pending_unstakes()?;
                    let status = keeper.status()?;
                    service.publish(|s| {
                        s.status = Some(status);
                        s.unstakes_synced_block = synced.unwrap_or_default();
                        s.unstakes_pending = pending.len() as u64;
                        s.unstakes_pending_native = pending.iter().map(|u| u.native_amount).sum();
                    });
                    Ok(())
                });
                service.publish(|s| {
                    s.rounds += 1;
                    s.failed_rounds += u64::from(round.is_err());
                    s.last_error = round.as_ref().err().map(|e| e.to_string());
                });
                match round {
                    Err(e) if args.once => return Err(e.to_string()),
                    Err(e) => tracing::error!("{e}; retrying next round"),
                    Ok(()) => {}
                }
                if args.once {
                    return Ok(());
                }
                let until = std::time::Instant::now() + Duration::from_millis(args.poll_ms);
                while std::time::Instant::now() < until && !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            tracing::info!("keeper stopped");
            Ok(())
        }
        Cmd::Oracle(args) => {
            let m = manifest(&cli.root, &args.target.network)?;
            let (store, password) = (args.keystore.keystore.as_deref(), args.keystore.password_file.as_deref());
            let key = key_from(store, password, &args.key_env, &m, m.roles.oracle)?;
            let oracle = dev::address_of(key).ok_or("the oracle key is not a secp256k1 secret key")?;
            let mut chain = args.target.connect(&m, &[key])?;
            let ratio_oracle = RatioOracle::new(&m, oracle, args.dry_run)?;
            let (index, network) = lst_backend::network::NETWORKS
                .iter()
                .enumerate()
                .find(|(_, n)| n.name == args.relay_network)
                .ok_or_else(|| format!("--relay-network {}", args.relay_network))?;
            let stash = lst_core::ss58::decode(args.deposit_address.as_bytes())
                .map_err(|e| format!("--deposit-address {}: {}", args.deposit_address, e.name()))?
                .account_id;
            let deployments = cli.root.join("deployments");
            let keeper_db = deployments.join(format!("{}-keeper.sqlite", args.target.network));
            if !keeper_db.exists() {
                return Err(format!(
                    "{}: no keeper database (the keeper records unstakes and rewards)",
                    keeper_db.display()
                ));
            }
            let keeper_db = Db::open(&keeper_db).map_err(|e| e.to_string())?;
            let mut store: Box<dyn NotaryStore> = match &args.database_url {
                Some(url) => Box::new(PgStore::connect(url).map_err(|e| e.to_string())?),
                None => {
                    let path = deployments.join(format!("{}-notary.sqlite", args.target.network));
                    Box::new(Db::open(&path).map_err(|e| e.to_string())?)
                }
            };
            let pool = m.address("PolkadotPool")?;
            let stop = Arc::new(AtomicBool::new(false));
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.spawn(stop_on_signal(stop.clone()));
            let client = runtime
                .block_on(RelayClient::connect(&args.relay_url, network.name, u16::from(network.prefix)))
                .map_err(|e| e.to_string())?;
            tracing::info!(%oracle, network = network.name, every_secs = args.every_secs, "ratio oracle started");
            while !stop.load(Ordering::SeqCst) {
                let round = (|| -> Result<_, String> {
                    let (era, holdings) = runtime
                        .block_on(async {
                            let balance = client.balance(&stash).await?;
                            let ledger = client.ledger(&stash).await?.unwrap_or_default();
                            let era = client.active_era().await?;
                            let holdings =
                                balance.free.saturating_add(ledger.active).saturating_add(ledger.unlocking_total());
                            Ok::<_, lst_backend::relay::RelayError>((era, holdings))
                        })
                        .map_err(|e| e.to_string())?;
                    let owed = keeper_db
                        .pending_unstakes()
                        .map_err(|e| e.to_string())?
                        .iter()
                        .filter(|u| u.network == network.prefix)
                        .fold(0u128, |s, u| s.saturating_add(u128::try_from(u.native_amount).unwrap_or(u128::MAX)));
                    let rewards = keeper_db
                        .meta(&lst_backend::staker::rewards_key(network))
                        .map_err(|e| e.to_string())?
                        .unwrap_or(0);
                    let (minted, unminted) =
                        lst_backend::oracle::deposits_minted(store.as_mut(), &mut chain, pool, network.prefix)
                            .map_err(|e| e.to_string())?;
                    let burned = keeper_db.burned_native(network.prefix).map_err(|e| e.to_string())?;
                    let measure = RelayMeasure {
                        era: u64::from(era),
                        holdings,
                        minted,
                        burned,
                        owed,
                        unminted,
                        rewards: u128::from(rewards),
                    };
                    tracing::info!(?measure, "measured on the relay chain");
                    let era_input = measure.era_input()?;
                    let mut input = RewardInput::default();
                    if index == 0 {
                        input.kusama = Some(era_input);
                    } else {
                        input.polkadot = Some(era_input);
                    }
                    ratio_oracle.round(&mut chain, &input).map_err(|e| e.to_string())
                })();
                match round {
                    Ok(actions) => actions.iter().for_each(|a| println!("{a:?}")),
                    Err(e) if args.once => return Err(e),
                    Err(e) => tracing::error!("{e}; retrying next round"),
                }
                if args.once {
                    return Ok(());
                }
                let until = std::time::Instant::now() + Duration::from_secs(args.every_secs);
                while std::time::Instant::now() < until && !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            Ok(())
        }
        Cmd::Openapi => {
            print!("{}", lst_backend::notary::openapi_json().map_err(|e| e.to_string())?);
            Ok(())
        }
        Cmd::UnstakePaid(args) => {
            let db_path = cli.root.join("deployments").join(format!("{}-keeper.sqlite", args.network));
            if !db_path.exists() {
                return Err(format!("{}: no keeper database", db_path.display()));
            }
            let valid = args.extrinsic.split_once('-').is_some_and(|(b, i)| {
                !b.is_empty() && !i.is_empty() && b.bytes().chain(i.bytes()).all(|c| c.is_ascii_digit())
            });
            if !valid {
                return Err(format!("--extrinsic must be <block>-<index>, not {:?}", args.extrinsic));
            }
            let db = Db::open(&db_path).map_err(|e| e.to_string())?;
            db.mark_unstake_paid(args.id, &args.extrinsic).map_err(|e| e.to_string())?.map_err(|e| e.to_string())?;
            println!("unstake {} paid by {}", args.id, args.extrinsic);
            Ok(())
        }
        Cmd::Notary(args) => {
            // Checked before anything starts.
            if let Some(dir) = args.page.as_ref().filter(|d| !d.join("index.html").is_file()) {
                return Err(format!("--page {}: no index.html there (build it with scripts/page.sh)", dir.display()));
            }
            let m = manifest(&cli.root, &args.target.network)?;
            let (store, password) = (args.keystore.keystore.as_deref(), args.keystore.password_file.as_deref());
            let key = key_from(store, password, &args.key_env, &m, m.roles.notary)?;
            let signer = PrivateKeySigner::from_bytes(&key).map_err(|e| e.to_string())?;
            // The notary only reads the chain; its key signs claims, never
            // transactions.
            let platform = platform(&m)?;
            let chain = args.target.connect(&m, &[key])?;
            let (store, db_path): (Box<dyn NotaryStore>, String) = match &args.database_url {
                Some(url) => {
                    let store = PgStore::connect(url).map_err(|e| e.to_string())?;
                    // The URL may hold a password: log only where it is.
                    let at = url.rsplit_once('@').map_or("postgres", |(_, host)| host);
                    (Box::new(store), format!("postgres {at}"))
                }
                None => {
                    let path = cli.root.join("deployments").join(format!("{}-notary.sqlite", args.target.network));
                    (Box::new(Db::open(&path).map_err(|e| e.to_string())?), path.display().to_string())
                }
            };
            let block_time_secs = args.block_time_secs.unwrap_or(match platform {
                // Arbitrum's contracts read the L1 block number: 12 s slots.
                Platform::Stylus => 12,
                Platform::Ink => 6,
            });
            let token = std::env::var(&args.watcher_token_env)
                .map_err(|_| format!("set {} to the deposit watcher's bearer token", args.watcher_token_env))?;
            let mut config = NotaryConfig::new(args.validity_blocks, block_time_secs, token);
            for (i, (flag, text)) in
                [("--min-ksm", &args.min_ksm), ("--min-dot", &args.min_dot)].into_iter().enumerate()
            {
                let decimals = lst_backend::network::NETWORKS[i].decimals;
                config.minimum[i] = alloy::primitives::utils::parse_units(text, decimals)
                    .map_err(|e| format!("{flag} {text}: {e}"))?
                    .get_absolute();
            }
            config.cors_origins = args.cors_origin;
            config.rate_per_minute = args.rate_per_minute;
            let mut notary = Notary::new(store, Box::new(chain), signer, &m, config)?;
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            for entry in &args.relay_urls {
                let (network, url) =
                    entry.split_once('=').ok_or_else(|| format!("--relay-url {entry}: NETWORK=URL"))?;
                let net = lst_backend::network::NETWORKS
                    .iter()
                    .find(|n| n.name == network)
                    .ok_or_else(|| format!("--relay-url {entry}: the network is kusama or polkadot"))?;
                let address = args
                    .deposit_addresses
                    .iter()
                    .find_map(|d| d.strip_prefix(&format!("{network}=")))
                    .ok_or_else(|| format!("--relay-url {entry}: give --deposit-address {network}=<SS58> too"))?;
                let deposit = lst_core::ss58::decode(address.as_bytes())
                    .map_err(|e| format!("--deposit-address {address}: {}", e.name()))?;
                let client = runtime
                    .block_on(RelayClient::connect(url, net.name, u16::from(net.prefix)))
                    .map_err(|e| e.to_string())?;
                notary = notary.with_relay(network, client, deposit.account_id)?;
                println!("notary checks {network} deposits to {address} on {url}");
            }
            let keeper_db = args
                .keeper_db
                .clone()
                .unwrap_or_else(|| cli.root.join("deployments").join(format!("{}-keeper.sqlite", args.target.network)));
            if args.keeper_db.is_some() || keeper_db.exists() {
                notary =
                    notary.with_unstakes(Db::open(&keeper_db).map_err(|e| format!("{}: {e}", keeper_db.display()))?);
            }
            let notary = Arc::new(notary);
            let mut router = notary.clone().router();
            if let Some(dir) = &args.page {
                let node_url = args.target.rpc_url()?;
                let rpc_url = args.page_rpc_url.as_deref().unwrap_or(&node_url);
                let mut page = PageConfig::new(&m, rpc_url);
                for d in &args.deposit_addresses {
                    if let Some((network, address)) = d.split_once('=') {
                        page.deposit_addresses.insert(network.to_owned(), address.to_owned());
                    }
                }
                router = router.merge(lst_backend::page::router(dir, page));
            }
            let served = runtime.block_on(async {
                let listener =
                    tokio::net::TcpListener::bind(&args.listen).await.map_err(|e| format!("{}: {e}", args.listen))?;
                let local = listener.local_addr().map_err(|e| e.to_string())?;
                println!("notary listening on http://{local}");
                if args.page.is_some() {
                    println!("staking page at http://{local}/");
                }
                tracing::info!(notary = %notary.address(), db = %db_path, "notary started");
                axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
                    // SIGTERM or Ctrl-C: stop accepting, finish the requests in
                    // flight (each claim is one database write), then exit.
                    .with_graceful_shutdown(async {
                        let stop = Arc::new(AtomicBool::new(false));
                        stop_on_signal(stop).await;
                    })
                    .await
                    .map_err(|e| e.to_string())
            });
            // The notary (and the chain client's own runtime inside it) is
            // dropped here, outside the server's runtime.
            drop(runtime);
            drop(notary);
            served
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Target;

    fn target(network: &str, rpc_url: Option<&str>) -> Target {
        Target { network: network.into(), rpc_url: rpc_url.map(str::to_owned) }
    }

    #[test]
    fn the_endpoint_defaults_to_the_networks_preset_on_either_local_node() {
        assert_eq!(target("local", None).rpc_url().unwrap(), "http://127.0.0.1:8547");
        assert_eq!(target("local-ink", None).rpc_url().unwrap(), "http://127.0.0.1:8545");
        assert_eq!(target("passet-hub", None).rpc_url().unwrap(), "https://testnet-passet-hub-eth-rpc.polkadot.io");
    }

    #[test]
    fn an_explicit_endpoint_wins_over_the_preset() {
        assert_eq!(target("local-ink", Some("http://10.0.0.1:9")).rpc_url().unwrap(), "http://10.0.0.1:9");
    }

    #[test]
    fn a_network_without_a_preset_needs_an_endpoint() {
        let err = target("mychain", None).rpc_url().unwrap_err();
        assert!(err.contains("--rpc-url"), "{err}");
    }

    #[test]
    fn dev_keys_stand_in_on_both_local_chains_only() {
        assert!(lst_backend::page::is_local_dev_chain(412_346));
        assert!(lst_backend::page::is_local_dev_chain(420_420_420));
        assert!(!lst_backend::page::is_local_dev_chain(421_614));
        assert!(!lst_backend::page::is_local_dev_chain(420_420_422));
    }
}
