//! The relay chains the backend serves (Kusama and Polkadot) and their
//! units: a leaf module the notary, the unstake pipeline, the oracle and
//! the page read, depending on none of them.

use alloy::primitives::U256;
use lst_core::ss58;
use serde::Serialize;

/// A relay chain the notary accepts deposits from (serialized for the
/// staking page's config).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Network {
    /// Its name in requests.
    pub name: &'static str,
    /// Its SS58 prefix (the claim's `network`).
    pub prefix: u8,
    /// Decimals of its native token (KSM 12, DOT 10).
    pub decimals: u8,
    /// The bond token's name in the manifest.
    pub bond: &'static str,
    /// Its native token's symbol.
    pub symbol: &'static str,
}

/// Kusama and Polkadot.
pub const NETWORKS: [Network; 2] = [
    Network { name: "kusama", prefix: ss58::KUSAMA_PREFIX, decimals: 12, bond: "aKSMb", symbol: "KSM" },
    Network { name: "polkadot", prefix: ss58::POLKADOT_PREFIX, decimals: 10, bond: "aDOTb", symbol: "DOT" },
];

/// `"12.1234"` for 12123400000000 with 12 decimals.
pub fn whole_units(native: U256, decimals: u8) -> String {
    let scale = U256::from(10u8).pow(U256::from(decimals));
    let (int, frac) = (native / scale, native % scale);
    if frac.is_zero() {
        return int.to_string();
    }
    let digits = format!("{:0>width$}", frac.to_string(), width = usize::from(decimals));
    format!("{int}.{}", digits.trim_end_matches('0'))
}
