//! Stake AVAX for ankrAVAX, unstake it and withdraw the AVAX, against any
//! node that runs the suite — with the async `rpc` bindings of
//! `lst_client::abi` on a plain alloy provider.
//!
//! ```text
//! cargo run -p lst-client --example stake -- \
//!     --rpc-url http://127.0.0.1:8547 --manifest deployments/local.json \
//!     --key 0x... [--operator-key 0x...] [--avax 1]
//! ```
//!
//! The manifest is the one `lst-deploy up` wrote (it names every contract's
//! address). Unstaking puts a request in the pool's FIFO queue; the
//! operator serves it (the keeper does, on a network). With
//! `--operator-key` the example serves it itself, funding it only when the
//! pool lacks the AVAX; without, it waits up to two minutes for a keeper.
#![allow(clippy::print_stdout)]

use alloy::{
    network::EthereumWallet,
    primitives::{utils::format_ether, Address, B256, U256},
    providers::{Provider, ProviderBuilder},
    signers::local::PrivateKeySigner,
};
use clap::Parser;
use lst_client::{
    abi::{IAvalanchePool, ICertToken},
    alloy,
};
use std::time::Duration;

#[derive(Parser)]
struct Args {
    /// The node's JSON-RPC endpoint.
    #[arg(long)]
    rpc_url: String,
    /// The deployment manifest `lst-deploy up` wrote.
    #[arg(long)]
    manifest: std::path::PathBuf,
    /// The staker's private key (on the local chains: a dev key).
    #[arg(long)]
    key: B256,
    /// The pool operator's key, to serve the request without a keeper.
    #[arg(long)]
    operator_key: Option<B256>,
    /// AVAX to stake (whole units).
    #[arg(long, default_value_t = 1)]
    avax: u64,
}

type Error = Box<dyn std::error::Error>;

/// The address of contract `name` in a deployment manifest.
fn address_in(manifest: &serde_json::Value, name: &str) -> Result<Address, Error> {
    let contracts = manifest["contracts"].as_array().ok_or("the manifest lists no contracts")?;
    let entry = contracts.iter().find(|c| c["name"] == name).ok_or_else(|| format!("{name} is not deployed"))?;
    Ok(entry["address"].as_str().ok_or("an address is not a string")?.parse()?)
}

/// A request's status, as `claimStatus` reports it.
fn status_name(code: u8) -> &'static str {
    match code {
        1 => "pending",
        2 => "claimable",
        3 => "withdrawn",
        _ => "unknown",
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let args = Args::parse();
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(&args.manifest)?)?;
    let (pool_address, cert_address) = (address_in(&manifest, "AvalanchePool")?, address_in(&manifest, "ankrAVAX")?);

    let staker = PrivateKeySigner::from_bytes(&args.key)?;
    let me = staker.address();
    let provider = ProviderBuilder::new().wallet(EthereumWallet::from(staker)).connect_http(args.rpc_url.parse()?);
    let pool = IAvalanchePool::new(pool_address, &provider);
    let cert = ICertToken::new(cert_address, &provider);

    // Stake: AVAX in, ankrAVAX shares out at the current ratio.
    let amount = U256::from(args.avax) * U256::from(10u64).pow(U256::from(18u64));
    let min = pool.minStake().call().await?;
    if amount < min {
        return Err(format!("{} AVAX is below the pool's minimum of {}", args.avax, format_ether(min)).into());
    }
    let shares_before = cert.balanceOf(me).call().await?;
    let receipt = pool.stakeAndClaimCerts().value(amount).send().await?.get_receipt().await?;
    if !receipt.status() {
        return Err("stakeAndClaimCerts reverted".into());
    }
    let shares = cert.balanceOf(me).call().await? - shares_before;
    println!(
        "staked {} AVAX: {} ankrAVAX (ratio {})",
        format_ether(amount),
        format_ether(shares),
        format_ether(cert.ratio().call().await?)
    );

    // Unstake: the shares are burnt and a request joins the queue.
    let receipt = pool.claimCerts(shares).send().await?.get_receipt().await?;
    let request =
        receipt.decoded_log::<IAvalanchePool::ClaimRequested>().ok_or("claimCerts emitted no ClaimRequested")?;
    let id = request.requestId;
    println!("unstaked: request {id} for {} AVAX", format_ether(request.amount));

    if let Some(key) = args.operator_key {
        // Serve it as the operator: with no AVAX first; if the pool lacks
        // it, the refusal names the error and the operator funds it.
        let operator = PrivateKeySigner::from_bytes(&key)?;
        let operator_provider =
            ProviderBuilder::new().wallet(EthereumWallet::from(operator)).connect_http(args.rpc_url.parse()?);
        let as_operator = IAvalanchePool::new(pool_address, &operator_provider);
        let funding = match as_operator.serveClaims(id).call().await {
            Ok(_) => U256::ZERO,
            Err(e) => match e.as_decoded_interface_error::<IAvalanchePool::IAvalanchePoolErrors>() {
                Some(IAvalanchePool::IAvalanchePoolErrors::InsufficientFunding(_)) => request.amount,
                Some(other) => return Err(format!("serveClaims would revert: {other:?}").into()),
                None => return Err(e.into()),
            },
        };
        let receipt = as_operator.serveClaims(id).value(funding).send().await?.get_receipt().await?;
        if !receipt.status() {
            return Err("serveClaims reverted".into());
        }
        println!("served up to request {id} (operator funding: {} AVAX)", format_ether(funding));
    }

    // Wait until the request is claimable (a keeper may also push it to us,
    // which withdraws it on our behalf).
    let mut status = 0;
    for _ in 0..240 {
        status = pool.claimStatus(id).call().await?._2;
        if status >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    match status {
        2 => {
            let before = provider.get_balance(me).await?;
            let receipt = pool.withdrawClaim(id).send().await?.get_receipt().await?;
            if !receipt.status() {
                return Err("withdrawClaim reverted".into());
            }
            let fee = U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
            let received = provider.get_balance(me).await? + fee - before;
            println!("withdrew request {id}: {} AVAX", format_ether(received));
        }
        3 => println!("request {id} was pushed to us by the keeper"),
        other => return Err(format!("request {id} is still {} after two minutes", status_name(other)).into()),
    }
    Ok(())
}
