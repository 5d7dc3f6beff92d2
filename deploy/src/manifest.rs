//! `deployments/<network>.json`: what `up` put on a chain, written after
//! every step so an interrupted run resumes where it stopped.

use alloy::primitives::{uint, Address, B256, U256};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Who holds which role once the suite is wired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Roles {
    /// Owner of every contract (two-step: it must `acceptOwnership`).
    pub admin: Address,
    /// Operator of both pools (the keeper's account).
    pub operator: Address,
    /// Updates the aKSMb and aDOTb ratios in the feed (the AvalanchePool
    /// updates ankrAVAX's), and reports validator performance to `Staking`.
    pub oracle: Address,
    /// Signs PolkadotPool claims (the notary's key).
    pub notary: Address,
    /// May pause the pools and tokens.
    pub pauser: Address,
    /// Receives the fee shares (ankrAVAX).
    pub treasury: Address,
    /// Run the AVAX pool's validators, one per stake account in order (the
    /// operator and voter of its stake pool in `Staking`); the last runs
    /// the accounts past the list.
    pub validator_operators: Vec<Address>,
    /// Native currency `up` puts in `Staking`'s reward reserve (local
    /// networks; on a testnet, 0: whoever pays the rewards funds it).
    #[serde(default)]
    pub reward_reserve: U256,
    /// How long the contracts' scheduled admin changes wait, in seconds
    /// (one hour to 30 days).
    #[serde(default = "default_change_delay")]
    pub change_delay_secs: u64,
    /// The most one PolkadotPool claim mints of a bond (18 decimals).
    #[serde(default = "default_mint_limit_per_claim")]
    pub mint_limit_per_claim: U256,
    /// The most a bond mints per rolling 24 hours (18 decimals).
    #[serde(default = "default_mint_limit_per_day")]
    pub mint_limit_per_day: U256,
}

impl Roles {
    /// The operator of the `index`-th validator (0-based): its entry in
    /// [`Roles::validator_operators`], the last one past the list, the
    /// admin when the list is empty.
    pub fn validator_operator(&self, index: usize) -> Address {
        self.validator_operators.get(index).or(self.validator_operators.last()).copied().unwrap_or(self.admin)
    }
}

fn default_change_delay() -> u64 {
    lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS
}

/// The default per-claim mint limit of each bond: 10,000 KSM or DOT.
pub const DEFAULT_MINT_LIMIT_PER_CLAIM: U256 = uint!(10_000_000_000_000_000_000_000_U256);
/// The default daily mint limit of each bond: 100,000 KSM or DOT.
pub const DEFAULT_MINT_LIMIT_PER_DAY: U256 = uint!(100_000_000_000_000_000_000_000_U256);

fn default_mint_limit_per_claim() -> U256 {
    DEFAULT_MINT_LIMIT_PER_CLAIM
}

fn default_mint_limit_per_day() -> U256 {
    DEFAULT_MINT_LIMIT_PER_DAY
}

/// One deployed contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployed {
    /// The suite's name for it (`AvalanchePool`, `aKSMb`, …).
    pub name: String,
    /// The build artifact (`lst_avalanche_pool`).
    pub artifact: String,
    /// Where it lives.
    pub address: Address,
    /// `keccak256` of its code on chain.
    pub code_hash: B256,
    /// The deployment transaction (absent in process, or when an earlier,
    /// interrupted run deployed it and this one found it).
    pub tx_hash: Option<B256>,
    /// The block it was deployed in (0 when found, not deployed).
    pub block: u64,
    /// Its committed ABI, relative to the repository root.
    pub abi: String,
}

/// One wiring step that is in place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Done {
    /// The step (`ankrAVAX.setPool(AvalanchePool)`).
    pub step: String,
    /// Its transaction (absent when the chain already had it).
    pub tx_hash: Option<B256>,
    /// Its block (0 when the chain already had it).
    pub block: u64,
}

/// A deployment sent but not yet recorded (ink!: its address is fixed by
/// the deployer's nonce before it is sent, so a resumed run finds it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    /// The contract's name.
    pub name: String,
    /// Where the deployment lands: `create(deployer, nonce)`.
    pub address: Address,
}

fn stylus() -> String {
    "stylus".into()
}

/// The manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// The network's name (the file's stem).
    pub network: String,
    /// The contracts' platform: `stylus` (the StylusDeployer, CREATE2) or
    /// `ink` (pallet-revive, CREATE).
    #[serde(default = "stylus")]
    pub platform: String,
    /// The chain id it was deployed on.
    pub chain_id: u64,
    /// The account that deployed and wired everything.
    pub deployer: Address,
    /// Salt of this deployment: contract `name` goes to the CREATE2
    /// address of `keccak256(salt ‖ name)`, so a resumed run finds what an
    /// interrupted one deployed.
    pub salt: B256,
    /// The block the deployment started at.
    pub start_block: u64,
    /// The roles it was wired with.
    pub roles: Roles,
    /// Deployed contracts, in deployment order.
    pub contracts: Vec<Deployed>,
    /// Wiring steps in place, in order.
    pub steps: Vec<Done>,
    /// The deployment in flight (ink! only; Stylus finds an unrecorded
    /// contract at its CREATE2 address instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

impl Manifest {
    /// What others read of this deployment: its address book
    /// (`deployments/<chain-id>.json`, `lst_client::book`).
    pub fn address_book(&self) -> lst_client::book::AddressBook {
        let r = &self.roles;
        let mut roles: std::collections::BTreeMap<String, Address> = [
            ("admin", r.admin),
            ("operator", r.operator),
            ("oracle", r.oracle),
            ("notary", r.notary),
            ("pauser", r.pauser),
            ("treasury", r.treasury),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        for (i, v) in r.validator_operators.iter().enumerate() {
            roles.insert(format!("validatorOperator{i}"), *v);
        }
        let contracts = self
            .contracts
            .iter()
            .map(|c| {
                let entry = lst_client::book::Entry { address: c.address, code_hash: c.code_hash, abi: c.abi.clone() };
                (c.name.clone(), entry)
            })
            .collect();
        lst_client::book::AddressBook {
            chain_id: self.chain_id,
            network: self.network.clone(),
            platform: self.platform.clone(),
            start_block: self.start_block,
            roles,
            contracts,
        }
    }

    /// `deployments/<network>.json` under `root`.
    pub fn path(root: &Path, network: &str) -> PathBuf {
        root.join("deployments").join(format!("{network}.json"))
    }

    /// Reads `path`, or `None` when there is no such file.
    pub fn load(path: &Path) -> Result<Option<Self>, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes it to `path` (through a temporary file, so an interruption
    /// never leaves half a manifest).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text + "\n").map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The contract called `name`.
    pub fn contract(&self, name: &str) -> Option<&Deployed> {
        self.contracts.iter().find(|c| c.name == name)
    }

    /// The address of contract `name`.
    pub fn address(&self, name: &str) -> Result<Address, String> {
        self.contract(name).map(|c| c.address).ok_or_else(|| format!("the manifest has no {name}"))
    }

    /// Whether wiring `step` is recorded as done.
    pub fn is_done(&self, step: &str) -> bool {
        self.steps.iter().any(|d| d.step == step)
    }
}
