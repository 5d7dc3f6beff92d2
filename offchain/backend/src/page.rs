//! The staking page's server: the built page (`packages/page`, bundled by
//! `scripts/page.sh`) as static files, and `/config.json`, which tells the
//! page where it is — the chain, the node's URL, the deployment's
//! addresses, the relay networks the notary accepts and, on a local dev
//! chain only, the dev accounts it may sign with.
//!
//! The notary mounts it (`lst-backend notary --page DIR`), so the page
//! calls the notary's API on its own origin and needs no CORS; the node is
//! called directly (the local node allows any origin).

use crate::network::{Network, NETWORKS};
use alloy::primitives::{Address, B256};
use axum::{routing::get, Json, Router};
use lst_deploy::Manifest;
use serde::Serialize;
use std::{collections::BTreeMap, path::Path, sync::Arc};
use tower_http::services::ServeDir;

/// What the page reads from `/config.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageConfig {
    /// The deployment's network name.
    pub network: String,
    /// `stylus` or `ink`.
    pub platform: String,
    /// The chain's id (the page refuses a wallet on another chain).
    pub chain_id: u64,
    /// The JSON-RPC endpoint the browser reads from.
    pub rpc_url: String,
    /// The block the deployment started at: event history is read from it.
    pub start_block: u64,
    /// Contract name → address, from the manifest.
    pub contracts: BTreeMap<String, Address>,
    /// The relay chains the notary issues claims for.
    pub networks: Vec<Network>,
    /// Network name → the deposit address users send KSM/DOT to, for the
    /// networks whose deposits the notary checks on chain.
    pub deposit_addresses: BTreeMap<String, String>,
    /// Dev accounts the page may sign with: only on a local dev chain,
    /// never on a public network.
    pub dev_accounts: Vec<DevAccount>,
}

/// A dev account's address and key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DevAccount {
    /// The account.
    pub address: Address,
    /// Its private key (public knowledge: the local chains' dev keys).
    pub key: B256,
}

/// Whether `chain_id` is a local dev chain's (the `local` and `local-ink`
/// presets): the only chains whose page config carries dev keys and on
/// which the services sign with the dev keys when no key is given.
pub fn is_local_dev_chain(chain_id: u64) -> bool {
    lst_deploy::network::PRESETS.iter().any(|p| p.name.starts_with("local") && p.chain_id == chain_id)
}

impl PageConfig {
    /// The config of deployment `m`, read from `rpc_url` by browsers.
    pub fn new(m: &Manifest, rpc_url: &str) -> Self {
        let dev_accounts = if is_local_dev_chain(m.chain_id) {
            lst_client::dev::dev_keys()
                .into_iter()
                .filter_map(|key| lst_client::dev::address_of(key).map(|address| DevAccount { address, key }))
                .collect()
        } else {
            Vec::new()
        };
        Self {
            network: m.network.clone(),
            platform: m.platform.clone(),
            chain_id: m.chain_id,
            rpc_url: rpc_url.to_owned(),
            start_block: m.start_block,
            contracts: m.contracts.iter().map(|c| (c.name.clone(), c.address)).collect(),
            networks: NETWORKS.to_vec(),
            deposit_addresses: BTreeMap::new(),
            dev_accounts,
        }
    }
}

/// The page's routes: `/config.json`, and every other path from `dir`
/// (`/` is `dir/index.html`).
pub fn router(dir: &Path, config: PageConfig) -> Router {
    let config = Arc::new(config);
    Router::new()
        .route("/config.json", get(move || async move { Json(config.as_ref().clone()) }))
        .fallback_service(ServeDir::new(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_local_dev_chains_get_dev_keys() {
        assert!(is_local_dev_chain(412_346));
        assert!(is_local_dev_chain(420_420_420));
        assert!(!is_local_dev_chain(421_614), "Arbitrum Sepolia");
        assert!(!is_local_dev_chain(420_420_422), "Passet Hub");
    }
}
