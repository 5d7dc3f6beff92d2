//! `devnode`: the local Stylus chain over JSON-RPC.
//!
//! ```text
//! devnode [--port 8547] [--host 127.0.0.1] [--chain-id 412346]
//! ```
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
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => host = value()?,
            "--port" => port = value()?,
            "--chain-id" => chain_id = value()?.parse().map_err(|e| format!("--chain-id: {e}"))?,
            "-h" | "--help" => {
                println!("devnode [--host 127.0.0.1] [--port 8547] [--chain-id 412346]");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other} (try --help)")),
        }
    }
    let node = Node::new(chain_id).map_err(|e| e.to_string())?;
    println!("lst-devnode: chain id {chain_id}; dev accounts (10,000 ETH each):");
    for key in rpc::dev_keys() {
        let address = rpc::address_of(key).map_err(|e| e.to_string())?;
        println!("  {address}  key {key}");
    }
    rpc::serve(node, &format!("{host}:{port}"), |addr| {
        println!("listening on http://{addr}");
    })
}
