//! The local relay chain: FRAME's staking in process, served over the
//! Substrate JSON-RPC that `subxt` and polkadot.js speak.
//!
//! [`runtime`] assembles the published pallets a Kusama or Polkadot staker
//! uses — System, Timestamp, Balances, Authorship, Staking, Session and
//! Historical, with an on-chain sequential-Phragmén election — and
//! [`RelayChain`] produces blocks with FRAME's executive inside
//! `sp_io::TestExternalities` (as `lst-revive-chain` runs pallet-revive).
//! Every transaction is a real signed extrinsic, validated and applied by
//! the runtime; a block is sealed as soon as one arrives (instant seal),
//! on a timer if the node has one, or on `dev_newBlock`, and is final at
//! once. Block `n`'s timestamp is genesis + `n` × [`ChainParams::block_millis`]
//! (a simulated clock, so a replayed chain is the same chain).
//!
//! [`rpc`] answers the JSON-RPC methods (one typed request enum);
//! `lst-node --platform relay` serves them over HTTP and WebSocket with
//! subscriptions.
//! State is kept per block for the last [`STATE_BLOCKS`] blocks, so a
//! client may read at any recent block hash, as from a pruning node.

pub mod rpc;
pub mod runtime;

use codec::Decode;
use lst_substrate_chain::{Clock, JournalBlock};
use runtime::{AccountId, Balance, Block, BlockNumber, Executive, Header, Runtime, RuntimeCall, UncheckedExtrinsic};
use sp_core::{crypto::Pair as _, sr25519, H256};
use sp_runtime::{transaction_validity::TransactionSource, BuildStorage, Perbill};
use std::io::Write as _;
use std::path::Path;

/// The runtime calls [`rpc`] answers over `state_call`, as the runtime
/// version lists them: (blake2-64 of the API's name, version). A unit test
/// recomputes the ids.
pub const RUNTIME_APIS: [([u8; 8], u32); 4] = [
    // Core
    ([0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b], 5),
    // Metadata
    ([0x37, 0xe3, 0x97, 0xfc, 0x7c, 0x91, 0xf5, 0xe4], 2),
    // AccountNonceApi
    ([0xbc, 0x9d, 0x89, 0x90, 0x4f, 0x5b, 0x92, 0x3f], 1),
    // TaggedTransactionQueue
    ([0xd2, 0xbc, 0x98, 0x97, 0xee, 0xd0, 0x8f, 0x15], 3),
];

/// Which relay chain the local one imitates: its token, decimals, SS58
/// prefix and existential deposit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// KSM: 12 decimals, SS58 prefix 2.
    Kusama,
    /// DOT: 10 decimals, SS58 prefix 0.
    Polkadot,
}

impl Network {
    /// From `kusama` or `polkadot`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "kusama" => Some(Self::Kusama),
            "polkadot" => Some(Self::Polkadot),
            _ => None,
        }
    }
    /// `kusama` or `polkadot`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Kusama => "kusama",
            Self::Polkadot => "polkadot",
        }
    }
    /// The token's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Kusama => "KSM",
            Self::Polkadot => "DOT",
        }
    }
    /// The token's decimals.
    pub fn decimals(self) -> u32 {
        match self {
            Self::Kusama => 12,
            Self::Polkadot => 10,
        }
    }
    /// The SS58 address prefix.
    pub fn ss58_prefix(self) -> u16 {
        match self {
            Self::Kusama => 2,
            Self::Polkadot => 0,
        }
    }
    /// One whole token in planck.
    pub fn unit(self) -> Balance {
        10u128.pow(self.decimals())
    }
    /// The existential deposit, as on the live chain (KSM: 1/3000 KSM;
    /// DOT: 1 DOT).
    pub fn existential_deposit(self) -> Balance {
        match self {
            Self::Kusama => 333_333_333,
            Self::Polkadot => 10_000_000_000,
        }
    }
}

/// What the local relay chain is: its network and the staking clock.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChainParams {
    /// Kusama-like or Polkadot-like.
    pub network: Network,
    /// Chain milliseconds per block (the relay chains: 6,000).
    pub block_millis: u64,
    /// Blocks per session.
    pub session_blocks: u32,
    /// Sessions per era (an era is `session_blocks × sessions_per_era`
    /// blocks).
    pub sessions_per_era: u32,
    /// Eras an unbonded amount stays locked (Kusama 28 eras of 6 hours,
    /// Polkadot 28 eras of a day; a few eras locally).
    pub bonding_eras: u32,
    /// Yearly staking issuance, percent of the total issuance.
    pub yearly_inflation_percent: u32,
}

impl ChainParams {
    /// A local chain of `network`: 6-second blocks, 10-block sessions, an
    /// era per session (a minute of chain time), a bond unlocked 2 eras
    /// after `unbond`, 10% a year to stakers.
    pub fn local(network: Network) -> Self {
        Self {
            network,
            block_millis: 6_000,
            session_blocks: 10,
            sessions_per_era: 1,
            bonding_eras: 2,
            yearly_inflation_percent: 10,
        }
    }
    /// Blocks per era.
    pub fn era_blocks(&self) -> u32 {
        self.session_blocks.saturating_mul(self.sessions_per_era)
    }
    fn check(&self) -> Result<(), String> {
        if self.block_millis == 0 || self.session_blocks == 0 || self.sessions_per_era == 0 {
            return Err("block time, session length and sessions per era must be at least 1".into());
        }
        if self.bonding_eras == 0 || self.bonding_eras > 1_000 {
            return Err("the bonding duration must be 1 to 1,000 eras".into());
        }
        if self.yearly_inflation_percent > 100 {
            return Err("the yearly inflation is a percentage, 0 to 100".into());
        }
        Ok(())
    }
    /// Sets the runtime's parameters on this thread (they are thread-local
    /// statics: one chain per thread).
    fn apply(&self) {
        runtime::SS58Prefix::set(self.network.ss58_prefix());
        runtime::ExistentialDeposit::set(self.network.existential_deposit());
        runtime::SessionBlocks::set(self.session_blocks);
        runtime::SessionsPerEra::set(self.sessions_per_era);
        runtime::BondingDuration::set(self.bonding_eras);
        runtime::YearlyInflation::set(Perbill::from_percent(self.yearly_inflation_percent));
    }
}

/// The development accounts: the well-known sr25519 keys `//Alice` …
/// `//Ferdie`, each funded with a million tokens; Alice, Bob and Charlie
/// validate from genesis with 10,000 each bonded.
pub mod dev {
    use super::*;

    /// The dev accounts' names (their keys are `//Name`).
    pub const NAMES: [&str; 6] = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];
    /// The validators at genesis.
    pub const VALIDATORS: [&str; 3] = ["Alice", "Bob", "Charlie"];
    /// Each dev account's balance, in whole tokens.
    pub const BALANCE_TOKENS: u128 = 1_000_000;
    /// Each genesis validator's bond, in whole tokens.
    pub const VALIDATOR_BOND_TOKENS: u128 = 10_000;

    /// The key pair of `//name`.
    pub fn pair(name: &str) -> Option<sr25519::Pair> {
        sr25519::Pair::from_string(&format!("//{name}"), None).ok()
    }

    /// The account of `//name`.
    pub fn account(name: &str) -> Option<AccountId> {
        pair(name).map(|p| AccountId::from(p.public()))
    }
}

pub use lst_substrate_chain::{
    decode_extrinsic, extrinsic_hash, hex_decode, hex_encode, BlockStore, Rejected, SealedBlock, MAX_NEW_BLOCKS,
    STATE_BLOCKS,
};

/// The relay chain in process: its parameters and its blocks (read them
/// through [`BlockStore`], which the chain dereferences to).
pub struct RelayChain {
    params: ChainParams,
    store: BlockStore,
}

/// The first block's timestamp (ms): 2025-01-01, as the EVM chains'.
pub const GENESIS_MILLIS: u64 = 1_735_689_600_000;

impl std::ops::Deref for RelayChain {
    type Target = BlockStore;
    fn deref(&self) -> &BlockStore {
        &self.store
    }
}

impl RelayChain {
    /// A new chain with `params`: genesis, then block 1 (which records the
    /// genesis hash that transactions sign).
    pub fn new(params: ChainParams) -> Result<Self, String> {
        params.check()?;
        params.apply();
        let unit = params.network.unit();
        let mut balances = Vec::new();
        for name in dev::NAMES {
            let account = dev::account(name).ok_or("a dev key does not derive")?;
            balances.push((account, dev::BALANCE_TOKENS * unit));
        }
        let mut stakers = Vec::new();
        let mut keys = Vec::new();
        for (i, name) in dev::VALIDATORS.iter().enumerate() {
            let account = dev::account(name).ok_or("a dev key does not derive")?;
            stakers.push((
                account.clone(),
                account.clone(),
                dev::VALIDATOR_BOND_TOKENS * unit,
                pallet_staking::StakerStatus::Validator,
            ));
            let key = runtime::SessionKeys { dev: sp_runtime::testing::UintAuthorityId(i as u64 + 1) };
            keys.push((account.clone(), account, key));
        }
        let genesis = runtime::RuntimeGenesisConfig {
            balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
            staking: pallet_staking::GenesisConfig {
                validator_count: dev::VALIDATORS.len() as u32,
                minimum_validator_count: 1,
                stakers,
                min_nominator_bond: params.network.unit(),
                min_validator_bond: params.network.unit(),
                ..Default::default()
            },
            session: pallet_session::GenesisConfig { keys, ..Default::default() },
            ..Default::default()
        };
        let clock = Clock::Fixed { genesis_ms: GENESIS_MILLIS, block_ms: params.block_millis };
        let store = BlockStore::genesis(genesis.build_storage()?, clock);
        let mut chain = Self { params, store };
        chain.seal(Vec::new()).map_err(|e| e.to_string())?;
        Ok(chain)
    }

    /// The chain's parameters.
    pub fn params(&self) -> &ChainParams {
        &self.params
    }

    /// Replays the journal at `path` (if it exists) and appends every new
    /// block to it from now on. The journal's first line is the chain's
    /// parameters; a journal of other parameters is refused.
    pub fn persist_to(&mut self, path: &Path) -> Result<(), String> {
        let what = |e: std::io::Error| format!("{}: {e}", path.display());
        if path.exists() {
            let text = std::fs::read_to_string(path).map_err(what)?;
            let mut lines = text.lines();
            if let Some(first) = lines.next() {
                let params: ChainParams =
                    serde_json::from_str(first).map_err(|e| format!("{}: line 1: {e}", path.display()))?;
                if params != self.params {
                    return Err(format!(
                        "{}: a chain of other parameters ({params:?}); start with those or another file",
                        path.display()
                    ));
                }
                // Block 1 is sealed by `new`; the journal holds 2…
                for (i, line) in lines.enumerate() {
                    let at = |e: String| format!("{}: line {}: {e}", path.display(), i + 2);
                    let block: JournalBlock = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
                    let extrinsics = block.decode().map_err(at)?;
                    self.seal(extrinsics).map_err(|e| at(format!("replaying: {e}")))?;
                }
                let file = std::fs::OpenOptions::new().append(true).open(path).map_err(what)?;
                self.store.journal_to(file);
                return Ok(());
            }
        }
        let mut file = std::fs::File::create(path).map_err(what)?;
        let mut text = serde_json::to_string(&self.params).map_err(|e| e.to_string())? + "\n";
        for number in 2..=self.head() {
            if let Some(block) = self.block(number) {
                text += &JournalBlock::line(block)?;
            }
        }
        file.write_all(text.as_bytes()).map_err(what)?;
        self.store.journal_to(file);
        Ok(())
    }

    /// Runs `f` against the head's state, discarding anything it writes.
    pub fn read<R>(&mut self, f: impl FnOnce() -> R) -> R {
        self.store.read(f)
    }

    /// The blocks and state, to run a runtime call on the head.
    pub fn store_mut(&mut self) -> &mut BlockStore {
        &mut self.store
    }

    /// Whether the runtime would accept `extrinsic` in the next block.
    pub fn validate(&mut self, extrinsic: &[u8]) -> Result<UncheckedExtrinsic, Rejected> {
        self.store.validate::<Runtime>(extrinsic)
    }

    /// Validates `extrinsic` and seals a block with it; returns its hash
    /// and the block's.
    pub fn submit(&mut self, extrinsic: &[u8]) -> Result<(H256, H256), Rejected> {
        self.store.submit::<Runtime>(extrinsic)
    }

    /// Seals `count` empty blocks (at most [`MAX_NEW_BLOCKS`] a call).
    pub fn new_blocks(&mut self, count: u32) -> Result<H256, Rejected> {
        self.store.new_blocks::<Runtime>(count)
    }

    /// Seals the next block with the timestamp inherent and `extrinsics`
    /// (each already validated). If anything fails the block is discarded
    /// and the chain stays at its head.
    pub fn seal(&mut self, extrinsics: Vec<Vec<u8>>) -> Result<SealedBlock, Rejected> {
        self.store.seal::<Runtime>(extrinsics)
    }

    /// The events of block `at`, decoded.
    pub fn events(&self, at: BlockNumber) -> Vec<frame_system::EventRecord<runtime::RuntimeEvent, H256>> {
        self.store.events(at)
    }

    /// The active era's index, if one has started.
    pub fn active_era(&self) -> Option<u32> {
        let key = pallet_staking::ActiveEra::<Runtime>::hashed_key().to_vec();
        self.storage(&key, self.head())
            .and_then(|v| pallet_staking::ActiveEraInfo::decode(&mut &v[..]).ok())
            .map(|e| e.index)
    }
}

impl lst_substrate_chain::BlockRuntime for Runtime {
    type Extrinsic = UncheckedExtrinsic;
    fn initialize_block(header: &Header) {
        Executive::initialize_block(header);
    }
    fn timestamp_inherent(now_ms: u64) -> UncheckedExtrinsic {
        UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now: now_ms }))
    }
    fn inherents_applied() {
        Executive::inherents_applied();
    }
    fn apply_extrinsic(xt: UncheckedExtrinsic) -> sp_runtime::ApplyExtrinsicResult {
        Executive::apply_extrinsic(xt)
    }
    fn finalize_block() -> Header {
        Executive::finalize_block()
    }
    fn validate_transaction(
        xt: UncheckedExtrinsic,
        parent: H256,
    ) -> sp_runtime::transaction_validity::TransactionValidity {
        Executive::validate_transaction(TransactionSource::External, xt, parent)
    }
    fn metadata_versions() -> Vec<u32> {
        Runtime::metadata_versions()
    }
    fn metadata_at_version(version: u32) -> Option<sp_core::OpaqueMetadata> {
        Runtime::metadata_at_version(version)
    }
}

/// `account` in SS58 with `network`'s prefix.
pub fn ss58(account: &AccountId, network: Network) -> String {
    use sp_core::crypto::Ss58Codec;
    account.to_ss58check_with_version(network.ss58_prefix().into())
}

/// The block type, for clients of this crate.
pub type RelayBlock = Block;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_api_ids_are_the_blake2_64_of_their_names() {
        for (name, (id, _)) in
            ["Core", "Metadata", "AccountNonceApi", "TaggedTransactionQueue"].iter().zip(RUNTIME_APIS)
        {
            assert_eq!(sp_crypto_hashing::blake2_64(name.as_bytes()), id, "{name}");
        }
    }
}
