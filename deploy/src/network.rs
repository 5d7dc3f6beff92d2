//! The networks `lst-deploy` knows by name, and the check that an endpoint
//! is the network it claims to be before anything is sent.

use lst_client::{Chain, Platform};

/// A network known by name: its chain id, a public endpoint and the
/// platform its contracts run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// `--network` name (and the manifest's file name).
    pub name: &'static str,
    /// The chain id its endpoint must answer.
    pub chain_id: u64,
    /// A public JSON-RPC endpoint (`--rpc-url`/`ETH_RPC_URL` override it).
    pub rpc_url: &'static str,
    /// Stylus (Arbitrum) or ink! (pallet-revive's eth-rpc).
    pub platform: Platform,
    /// Wei sent with each deployment by default (Stylus program activation
    /// on Arbitrum; the StylusDeployer refunds the excess).
    pub deploy_value_wei: u128,
}

/// `local` and `local-ink` (`lst-node` on either platform, at the ports
/// and chain ids of the nitro-devnode and of pallet-revive's development
/// eth-rpc), `arbitrum-sepolia` and `passet-hub` (Polkadot's pallet-revive
/// testnet on Paseo, reached through its eth-rpc).
pub const PRESETS: [Preset; 4] = [
    Preset {
        name: "local",
        chain_id: 412_346,
        rpc_url: "http://127.0.0.1:8547",
        platform: Platform::Stylus,
        // lst-node charges an activation data fee, as Nitro does.
        deploy_value_wei: 10_000_000_000_000_000,
    },
    Preset {
        name: "local-ink",
        chain_id: 420_420_420,
        rpc_url: "http://127.0.0.1:8545",
        platform: Platform::Ink,
        deploy_value_wei: 0,
    },
    Preset {
        name: "arbitrum-sepolia",
        chain_id: 421_614,
        rpc_url: "https://sepolia-rollup.arbitrum.io/rpc",
        platform: Platform::Stylus,
        // 0.01 ETH: more than one activation's data fee of a 24 KiB program.
        deploy_value_wei: 10_000_000_000_000_000,
    },
    Preset {
        name: "passet-hub",
        chain_id: 420_420_422,
        rpc_url: "https://testnet-passet-hub-eth-rpc.polkadot.io",
        platform: Platform::Ink,
        deploy_value_wei: 0,
    },
];

/// The preset called `name`, if any.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Refuses an endpoint whose chain id is not `expected` (`what` names the
/// network in the error). Run before anything is signed or sent.
pub fn check_chain_id(chain: &mut dyn Chain, expected: u64, what: &str) -> Result<(), String> {
    let actual = chain.chain_id().map_err(|e| format!("reading the endpoint's chain id: {e}"))?;
    if actual == expected {
        Ok(())
    } else {
        Err(format!("the endpoint is chain {actual}, not {what} (chain {expected}): nothing was sent"))
    }
}
