//! `devnode`: the local Stylus chain over JSON-RPC.
//!
//! ```text
//! devnode [--port 8547] [--host 127.0.0.1] [--chain-id 412346]
//!         [--no-dev-accounts] [--fund ADDRESS=WEI]...
//! ```
//! `--no-dev-accounts` leaves the dev accounts unfunded and unlisted (a
//! chain like a public testnet, for rehearsals); `--fund` gives an address
//! a balance.
//! Prints the dev accounts and their keys, then `listening on http://…`.
#![allow(clippy::print_stdout)]

use lst_devnode::rpc::{self, Node};

fn main() {
    if let Err(e) = run() {
        eprintln!("devnode: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut host = "127.0.0.1".to_owned();
    let mut port = "8547".to_owned();
    let mut chain_id: u64 = 412_346;
    let mut dev_accounts = true;
    let mut funds = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => host = value()?,
            "--port" => port = value()?,
            "--chain-id" => chain_id = value()?.parse().map_err(|e| format!("--chain-id: {e}"))?,
            "--no-dev-accounts" => dev_accounts = false,
            "--fund" => {
                let v = value()?;
                let (address, wei) = v.split_once('=').ok_or_else(|| format!("--fund {v}: ADDRESS=WEI"))?;
                let address = address.parse().map_err(|e| format!("--fund {v}: {e}"))?;
                let wei = wei.parse().map_err(|e| format!("--fund {v}: {e}"))?;
                funds.push((address, wei));
            }
            "-h" | "--help" => {
                println!(
                    "devnode [--host 127.0.0.1] [--port 8547] [--chain-id 412346] [--no-dev-accounts] [--fund ADDRESS=WEI]..."
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other} (try --help)")),
        }
    }
    let node = Node::with_funds(chain_id, dev_accounts, &funds).map_err(|e| e.to_string())?;
    if dev_accounts {
        println!("lst-devnode: chain id {chain_id}; dev accounts (10,000 ETH each):");
        for key in rpc::dev_keys() {
            let address = rpc::address_of(key).map_err(|e| e.to_string())?;
            println!("  {address}  key {key}");
        }
    } else {
        println!("lst-devnode: chain id {chain_id}; no dev accounts");
    }
    for (address, wei) in &funds {
        println!("  funded {address} with {wei} wei");
    }
    rpc::serve(node, &format!("{host}:{port}"), |addr| {
        println!("listening on http://{addr}");
    })
}
