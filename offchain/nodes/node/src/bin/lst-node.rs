//! `lst-node`: a local chain of either EVM platform over Ethereum JSON-RPC,
//! or the local relay chain over Substrate JSON-RPC (HTTP and WebSocket on
//! the same port). The ink! chain also answers the Substrate JSON-RPC
//! (`ink_e2e`, `cargo contract`, polkadot.js) on a second port.
//!
//! ```text
//! lst-node [--platform stylus|ink] [--host 127.0.0.1] [--port N] [--chain-id N]
//!          [--substrate-port 9944] [--no-dev-accounts] [--fund ADDRESS=WEI]...
//!          [--state FILE] [--quiet]
//! lst-node --platform relay [--network kusama|polkadot] [--block-time SECONDS]
//!          [--session-blocks N] [--sessions-per-era N] [--bonding-eras N]
//!          [--host 127.0.0.1] [--port 9944] [--state FILE] [--quiet]
//! ```
//! Prints the dev accounts and their keys, then `listening on http://…`,
//! then a line per mined transaction (unless `--quiet`).
#![allow(clippy::print_stdout)]

use alloy_primitives::{Address, U256};
use clap::Parser;
use lst_client::{dev, Platform};
use lst_node::Config;
use std::path::PathBuf;

/// A local Stylus or ink! chain over Ethereum JSON-RPC.
#[derive(Parser)]
#[command(name = "lst-node", version)]
struct Args {
    /// `stylus`: the contracts' wasm on an Arbitrum-like chain; `ink`: their
    /// `.polkavm` on pallet-revive; `relay`: the KSM/DOT relay chain
    /// (FRAME's staking) over Substrate JSON-RPC.
    #[arg(long, default_value = "stylus", value_parser = ["stylus", "ink", "relay"])]
    platform: String,
    /// relay: which relay chain to imitate (token, decimals, SS58 prefix).
    #[arg(long, default_value = "kusama", value_parser = ["kusama", "polkadot"])]
    network: String,
    /// relay: also seal an empty block every SECONDS (0: only on a
    /// transaction or `dev_newBlock`). Each block is 6 s of chain time.
    #[arg(long, default_value_t = 6.0)]
    block_time: f64,
    /// relay: blocks per session.
    #[arg(long, default_value_t = 10)]
    session_blocks: u32,
    /// relay: sessions per era.
    #[arg(long, default_value_t = 1)]
    sessions_per_era: u32,
    /// relay: eras an unbonded amount stays locked.
    #[arg(long, default_value_t = 2)]
    bonding_eras: u32,
    /// The interface to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// The port (0: any free one). Default: 8547 for Stylus (the
    /// nitro-devnode's), 8545 for ink! (pallet-revive's eth-rpc's), 9944
    /// for the relay chain (a Substrate node's).
    #[arg(long)]
    port: Option<u16>,
    /// ink!: the port of the chain's Substrate JSON-RPC (HTTP and
    /// WebSocket; 0: any free one), over the same state as its Ethereum
    /// JSON-RPC.
    #[arg(long, default_value_t = 9944)]
    substrate_port: u16,
    /// The chain id. Default: 412346 for Stylus, 420420420 for ink!.
    #[arg(long)]
    chain_id: Option<u64>,
    /// No dev accounts: none funded, none listed (like a public testnet's
    /// endpoint, for rehearsals).
    #[arg(long)]
    no_dev_accounts: bool,
    /// Gives ADDRESS a balance of WEI at start (repeatable).
    #[arg(long, value_name = "ADDRESS=WEI")]
    fund: Vec<String>,
    /// Keeps the chain across restarts: replays FILE at start, appends to it.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// No line per transaction.
    #[arg(long)]
    quiet: bool,
    /// Stylus: the data fee of activating a program, wei per byte of
    /// compressed code (Nitro charges one; its price moves with demand).
    #[arg(long, default_value_t = lst_node::ACTIVATION_FEE_PER_BYTE)]
    activation_fee_per_byte: U256,
}

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("lst-node: {e}");
        std::process::exit(1);
    }
}

fn print_tx(line: &str) {
    println!("{line}");
}

fn run(args: Args) -> Result<(), String> {
    if args.platform == "relay" {
        return run_relay(args);
    }
    let platform = Platform::from_name(&args.platform).ok_or_else(|| format!("unknown platform {}", args.platform))?;
    let mut config = Config::new(platform);
    if let Some(id) = args.chain_id {
        config.chain_id = id;
    }
    config.dev_accounts = !args.no_dev_accounts;
    config.state = args.state.clone();
    config.activation_fee_per_byte = args.activation_fee_per_byte;
    for v in &args.fund {
        let (address, wei) = v.split_once('=').ok_or_else(|| format!("--fund {v}: ADDRESS=WEI"))?;
        let address: Address = address.parse().map_err(|e| format!("--fund {v}: {e}"))?;
        let wei: U256 = wei.parse().map_err(|e| format!("--fund {v}: {e}"))?;
        config.funds.push((address, wei));
    }
    let port = args.port.unwrap_or(match platform {
        Platform::Stylus => 8547,
        Platform::Ink => 8545,
    });
    runtime()?.block_on(async move {
        let (listener, addr) = listen(&args.host, port).await?;
        println!("lst-node: {} chain, chain id {}", platform.name(), config.chain_id);
        if config.dev_accounts {
            println!("dev accounts (10,000 ETH each):");
            for key in dev::dev_keys() {
                let address = dev::address_of(key).ok_or("a dev key is not a secp256k1 key")?;
                println!("  {address}  key {key}");
            }
        } else {
            println!("no dev accounts");
        }
        for (address, wei) in &config.funds {
            println!("  funded {address} with {wei} wei");
        }
        if let Some(state) = &config.state {
            println!("state: {} (replayed, then appended to)", state.display());
        }
        let node = lst_node::start(config, (!args.quiet).then_some(print_tx as fn(&str)))?;
        let substrate = match node.substrate() {
            Some(rpc) => {
                let (listener, addr) = listen(&args.host, args.substrate_port).await?;
                println!("Substrate JSON-RPC on http://{addr} (WebSocket: ws://{addr}); sr25519 dev keys //Alice … //Ferdie funded");
                Some(lst_node::substrate::serve(listener, rpc))
            }
            None => None,
        };
        let serving = lst_node::serve(listener, node);
        println!("listening on http://{addr} (WebSocket: ws://{addr})");
        let substrate = async move {
            match substrate {
                Some(s) => s.await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = serving => r,
            r = substrate => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

/// The server's runtime: one worker thread (the chain has its own). With
/// two, on a two-core machine, a request's hops between the workers and the
/// chain's thread cost more than they ran in parallel (scripts/rpc-bench.sh:
/// eth_chainId 16,127 -> 23,229 requests/s with one).
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().map_err(|e| e.to_string())
}

/// Listens on `host:port`.
async fn listen(host: &str, port: u16) -> Result<(tokio::net::TcpListener, std::net::SocketAddr), String> {
    let listener = tokio::net::TcpListener::bind((host, port))
        .await
        .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    Ok((listener, addr))
}

/// `--platform relay`: the relay chain over Substrate JSON-RPC.
fn run_relay(args: Args) -> Result<(), String> {
    use lst_node::relay as server;
    use lst_relay_chain::{dev, ChainParams, Network};
    let network = Network::from_name(&args.network).ok_or_else(|| format!("unknown network {}", args.network))?;
    let params = ChainParams {
        session_blocks: args.session_blocks,
        sessions_per_era: args.sessions_per_era,
        bonding_eras: args.bonding_eras,
        ..ChainParams::local(network)
    };
    if !(0.0..=3_600.0).contains(&args.block_time) {
        return Err("--block-time: 0 to 3600 seconds".into());
    }
    let seal_every = (args.block_time > 0.0).then(|| std::time::Duration::from_secs_f64(args.block_time));
    let config = server::RelayConfig { params: params.clone(), seal_every, state: args.state.clone() };
    let port = args.port.unwrap_or(server::DEFAULT_PORT);
    runtime()?.block_on(async move {
        let (listener, addr) = listen(&args.host, port).await?;
        println!(
            "lst-node: relay chain ({}-like: {}, {} decimals, SS58 prefix {}); an era is {} blocks, a bond unlocks {} eras after unbond",
            network.name(),
            network.symbol(),
            network.decimals(),
            network.ss58_prefix(),
            params.era_blocks(),
            params.bonding_eras
        );
        println!("dev accounts ({} {} each; Alice, Bob and Charlie validate):", dev::BALANCE_TOKENS, network.symbol());
        for name in dev::NAMES {
            let account = dev::account(name).ok_or("a dev key does not derive")?;
            println!("  //{name:<7} {}", lst_relay_chain::ss58(&account, network));
        }
        if let Some(state) = &config.state {
            println!("state: {} (replayed, then appended to)", state.display());
        }
        let relay = server::start(config, (!args.quiet).then_some(print_tx as fn(&str)))?;
        let serving = lst_node::substrate::serve(listener, relay);
        println!("listening on http://{addr} (WebSocket: ws://{addr})");
        tokio::select! {
            r = serving => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}
