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

use codec::{Decode, Encode};
use runtime::{AccountId, Balance, Block, BlockNumber, Executive, Header, Runtime, RuntimeCall, UncheckedExtrinsic};
use sp_core::{crypto::Pair as _, sr25519, H256};
use sp_runtime::{
    traits::{Hash as _, Header as _},
    transaction_validity::{TransactionSource, TransactionValidityError},
    BuildStorage, Perbill,
};
use std::collections::{BTreeMap, HashMap};
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

/// How many recent blocks' state the node keeps for reads at a block hash
/// (Substrate's default pruning keeps 256).
pub const STATE_BLOCKS: u32 = 4_096;

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

/// Why a transaction was not accepted (nothing changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// The bytes are not an extrinsic of this runtime.
    Undecodable(String),
    /// The runtime refused it (bad signature or proof, stale or future
    /// nonce, wrong genesis or spec, an unpayable or unknown call…).
    Invalid(TransactionValidityError),
    /// Applying it failed before it could be included.
    Failed(String),
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Undecodable(e) => write!(f, "not an extrinsic of this chain: {e}"),
            Self::Invalid(e) => write!(f, "invalid transaction: {e:?}"),
            Self::Failed(e) => write!(f, "block production failed: {e}"),
        }
    }
}

/// A sealed block.
#[derive(Clone, Debug)]
pub struct SealedBlock {
    /// Its hash.
    pub hash: H256,
    /// Its header.
    pub header: Header,
    /// Its extrinsics, encoded (the timestamp inherent first).
    pub extrinsics: Vec<Vec<u8>>,
    /// The storage keys it changed and their new values (`None`: removed).
    pub changes: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

/// The values of one storage key over time: (block, value from then on).
type Versions = Vec<(BlockNumber, Option<Vec<u8>>)>;

/// The relay chain in process.
pub struct RelayChain {
    params: ChainParams,
    ext: sp_io::TestExternalities,
    /// Every block, by number (genesis first).
    blocks: Vec<SealedBlock>,
    by_hash: HashMap<H256, BlockNumber>,
    /// All storage, versioned by block (the oldest versions pruned to
    /// [`STATE_BLOCKS`]).
    state: BTreeMap<Vec<u8>, Versions>,
    /// The oldest block whose state is kept.
    oldest_state: BlockNumber,
    /// The journal appended to (`--state`).
    journal: Option<std::fs::File>,
}

/// The first block's timestamp (ms): 2025-01-01, as the EVM chains'.
pub const GENESIS_MILLIS: u64 = 1_735_689_600_000;

/// A journal line: one block's timestamp-free recipe.
#[derive(serde::Serialize, serde::Deserialize)]
struct JournalBlock {
    extrinsics: Vec<String>,
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
        let storage = genesis.build_storage()?;
        let mut state = BTreeMap::new();
        for (k, v) in &storage.top {
            state.insert(k.clone(), vec![(0, Some(v.clone()))]);
        }
        let mut ext = sp_io::TestExternalities::new(storage);
        let state_root = ext.execute_with(|| {
            H256::decode(&mut &sp_io::storage::root(sp_runtime::StateVersion::V1)[..]).unwrap_or_default()
        });
        let header = Header::new(
            0,
            sp_runtime::traits::BlakeTwo256::ordered_trie_root(Vec::new(), sp_runtime::StateVersion::V0),
            state_root,
            H256::zero(),
            Default::default(),
        );
        let genesis = SealedBlock { hash: header.hash(), header, extrinsics: Vec::new(), changes: Vec::new() };
        let mut chain = Self {
            params,
            ext,
            by_hash: HashMap::from([(genesis.hash, 0)]),
            blocks: vec![genesis],
            state,
            oldest_state: 0,
            journal: None,
        };
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
                    let block: JournalBlock =
                        serde_json::from_str(line).map_err(|e| format!("{}: line {}: {e}", path.display(), i + 2))?;
                    let mut extrinsics = Vec::new();
                    for x in &block.extrinsics {
                        extrinsics.push(hex_decode(x).map_err(|e| format!("{}: line {}: {e}", path.display(), i + 2))?);
                    }
                    self.seal(extrinsics).map_err(|e| format!("{}: replaying line {}: {e}", path.display(), i + 2))?;
                }
                let file = std::fs::OpenOptions::new().append(true).open(path).map_err(what)?;
                self.journal = Some(file);
                return Ok(());
            }
        }
        let mut file = std::fs::File::create(path).map_err(what)?;
        let mut text = serde_json::to_string(&self.params).map_err(|e| e.to_string())? + "\n";
        for block in self.blocks.iter().skip(2) {
            text += &journal_line(block)?;
        }
        file.write_all(text.as_bytes()).map_err(what)?;
        self.journal = Some(file);
        Ok(())
    }

    /// The best (and finalized) block's number.
    pub fn head(&self) -> BlockNumber {
        self.blocks.len().saturating_sub(1) as BlockNumber
    }

    /// The best (and finalized) block.
    pub fn head_block(&self) -> &SealedBlock {
        // `blocks` always holds genesis and block 1 (`new` seals both).
        &self.blocks[self.blocks.len() - 1]
    }

    /// Block `number`, if sealed.
    pub fn block(&self, number: BlockNumber) -> Option<&SealedBlock> {
        self.blocks.get(number as usize)
    }

    /// The block with `hash`, if sealed.
    pub fn block_by_hash(&self, hash: &H256) -> Option<&SealedBlock> {
        self.by_hash.get(hash).and_then(|n| self.block(*n))
    }

    /// The number of the block with `hash`, if sealed.
    pub fn number_of(&self, hash: &H256) -> Option<BlockNumber> {
        self.by_hash.get(hash).copied()
    }

    /// The genesis hash.
    pub fn genesis_hash(&self) -> H256 {
        self.blocks[0].hash
    }

    /// Whether block `number`'s state is still kept.
    pub fn has_state(&self, number: BlockNumber) -> bool {
        number >= self.oldest_state && number <= self.head()
    }

    /// The value under `key` after block `at`.
    pub fn storage(&self, key: &[u8], at: BlockNumber) -> Option<Vec<u8>> {
        let versions = self.state.get(key)?;
        value_at(versions, at)
    }

    /// Up to `count` keys starting with `prefix` and after `start_after`
    /// (exclusive) that hold a value after block `at`, in order.
    pub fn keys(&self, prefix: &[u8], count: usize, start_after: Option<&[u8]>, at: BlockNumber) -> Vec<Vec<u8>> {
        use std::ops::Bound;
        let lower = match start_after {
            Some(s) if s >= prefix => Bound::Excluded(s.to_vec()),
            _ => Bound::Included(prefix.to_vec()),
        };
        self.state
            .range((lower, Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix))
            .filter(|(_, v)| value_at(v, at).is_some())
            .take(count)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The account's next nonce after block `at`.
    pub fn account_nonce(&self, account: &AccountId, at: BlockNumber) -> u32 {
        let key = frame_system::Account::<Runtime>::hashed_key_for(account);
        self.storage(&key, at)
            .and_then(|v| {
                frame_system::AccountInfo::<u32, pallet_balances::AccountData<Balance>>::decode(&mut &v[..]).ok()
            })
            .map(|info| info.nonce)
            .unwrap_or_default()
    }

    /// The account's free balance at the head.
    pub fn free_balance(&self, account: &AccountId) -> Balance {
        let key = frame_system::Account::<Runtime>::hashed_key_for(account);
        self.storage(&key, self.head())
            .and_then(|v| {
                frame_system::AccountInfo::<u32, pallet_balances::AccountData<Balance>>::decode(&mut &v[..]).ok()
            })
            .map(|info| info.data.free)
            .unwrap_or_default()
    }

    /// Runs `f` against the head's state, discarding anything it writes.
    pub fn read<R>(&mut self, f: impl FnOnce() -> R) -> R {
        self.ext.execute_with(|| {
            sp_io::storage::start_transaction();
            let r = f();
            sp_io::storage::rollback_transaction();
            r
        })
    }

    /// Whether the runtime would accept `extrinsic` in the next block.
    pub fn validate(&mut self, extrinsic: &[u8]) -> Result<UncheckedExtrinsic, Rejected> {
        let xt = decode_extrinsic(extrinsic)?;
        let parent = self.head_block().hash;
        let checked = xt.clone();
        let validity = self.read(move || Executive::validate_transaction(TransactionSource::External, checked, parent));
        match validity {
            Ok(v) if v.requires.is_empty() => Ok(xt),
            // A nonce ahead of the account's: there is no pool to hold it.
            Ok(_) => Err(Rejected::Invalid(sp_runtime::transaction_validity::InvalidTransaction::Future.into())),
            Err(e) => Err(Rejected::Invalid(e)),
        }
    }

    /// Validates `extrinsic` and seals a block with it; returns its hash
    /// and the block's.
    ///
    /// A transaction that fits an empty block but not the next one (whose
    /// `on_initialize` may take most of it: a new era's election) goes in
    /// the block after, as a block builder would leave it in the pool.
    pub fn submit(&mut self, extrinsic: &[u8]) -> Result<(H256, H256), Rejected> {
        self.validate(extrinsic)?;
        let exhausted =
            Rejected::Invalid(sp_runtime::transaction_validity::InvalidTransaction::ExhaustsResources.into());
        let block = match self.seal(vec![extrinsic.to_vec()]) {
            Err(e) if e == exhausted => {
                self.seal(Vec::new())?;
                self.seal(vec![extrinsic.to_vec()])?
            }
            other => other?,
        };
        Ok((extrinsic_hash(extrinsic), block.hash))
    }

    /// Seals `count` empty blocks (at most 10,000 a call).
    pub fn new_blocks(&mut self, count: u32) -> Result<H256, Rejected> {
        if count > MAX_NEW_BLOCKS {
            return Err(Rejected::Failed(format!("at most {MAX_NEW_BLOCKS} blocks a call")));
        }
        for _ in 0..count {
            self.seal(Vec::new())?;
        }
        Ok(self.head_block().hash)
    }

    /// Seals the next block with the timestamp inherent and `extrinsics`
    /// (each already validated): FRAME's executive initialises it, applies
    /// them and finalises it. If anything fails the block is discarded and
    /// the chain stays at its head.
    pub fn seal(&mut self, extrinsics: Vec<Vec<u8>>) -> Result<SealedBlock, Rejected> {
        let number = self.head() + 1;
        let parent = self.head_block().hash;
        let now = GENESIS_MILLIS + u64::from(number) * self.params.block_millis;
        let mut decoded = Vec::new();
        for x in &extrinsics {
            decoded.push(decode_extrinsic(x)?);
        }
        let inherent = UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }));
        let mut all = vec![inherent.encode()];
        all.extend(extrinsics);
        let produced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.ext.execute_with(|| -> Result<Header, Rejected> {
                let header = Header::new(number, H256::zero(), H256::zero(), parent, Default::default());
                Executive::initialize_block(&header);
                match Executive::apply_extrinsic(inherent) {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => return Err(Rejected::Failed(format!("the timestamp inherent failed: {e:?}"))),
                    Err(e) => return Err(Rejected::Invalid(e)),
                }
                Executive::inherents_applied();
                for xt in decoded {
                    // A dispatch error is included (and reported by the
                    // ExtrinsicFailed event); a validity error is not.
                    if let Err(e) = Executive::apply_extrinsic(xt) {
                        return Err(Rejected::Invalid(e));
                    }
                }
                Ok(Executive::finalize_block())
            })
        }));
        let header = match produced {
            Ok(Ok(header)) => header,
            Ok(Err(e)) => {
                self.ext.reset_overlay();
                return Err(e);
            }
            Err(panic) => {
                self.ext.reset_overlay();
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                return Err(Rejected::Failed(format!("the runtime panicked: {why}")));
            }
        };
        let keys: Vec<Vec<u8>> = self.ext.overlayed_changes().changes().map(|(k, _)| k.clone()).collect();
        self.ext.commit_all().map_err(Rejected::Failed)?;
        let changes: Vec<(Vec<u8>, Option<Vec<u8>>)> = self.ext.execute_with(|| {
            keys.into_iter()
                .map(|k| {
                    let v = sp_io::storage::get(&k).map(|b| b.to_vec());
                    (k, v)
                })
                .collect()
        });
        for (k, v) in &changes {
            let versions = self.state.entry(k.clone()).or_default();
            if versions.last().map(|(_, old)| old) != Some(v) {
                versions.push((number, v.clone()));
            }
        }
        let block = SealedBlock { hash: header.hash(), header, extrinsics: all, changes };
        self.by_hash.insert(block.hash, number);
        if let Some(journal) = &mut self.journal {
            if number >= 2 {
                let line = journal_line(&block).map_err(Rejected::Failed)?;
                journal.write_all(line.as_bytes()).map_err(|e| Rejected::Failed(format!("the state file: {e}")))?;
            }
        }
        self.blocks.push(block.clone());
        if number.is_multiple_of(256) {
            self.prune();
        }
        Ok(block)
    }

    /// Forgets state older than [`STATE_BLOCKS`] blocks.
    fn prune(&mut self) {
        let keep_from = self.head().saturating_sub(STATE_BLOCKS);
        if keep_from <= self.oldest_state {
            return;
        }
        self.state.retain(|_, versions| {
            // The value at `keep_from` is the last version at or before it.
            let first_kept = versions.iter().rposition(|(b, _)| *b <= keep_from).unwrap_or(0);
            versions.drain(..first_kept);
            !(versions.len() == 1 && versions[0].1.is_none() && versions[0].0 <= keep_from)
        });
        self.oldest_state = keep_from;
    }

    /// The events of block `at`, decoded.
    pub fn events(&self, at: BlockNumber) -> Vec<frame_system::EventRecord<runtime::RuntimeEvent, H256>> {
        let key = frame_support::storage::storage_prefix(b"System", b"Events").to_vec();
        self.storage(&key, at)
            .and_then(|v| Vec::<frame_system::EventRecord<runtime::RuntimeEvent, H256>>::decode(&mut &v[..]).ok())
            .unwrap_or_default()
    }

    /// The active era's index, if one has started.
    pub fn active_era(&self) -> Option<u32> {
        let key = pallet_staking::ActiveEra::<Runtime>::hashed_key().to_vec();
        self.storage(&key, self.head())
            .and_then(|v| pallet_staking::ActiveEraInfo::decode(&mut &v[..]).ok())
            .map(|e| e.index)
    }
}

/// The most blocks one `dev_newBlock` seals.
pub const MAX_NEW_BLOCKS: u32 = 10_000;

fn value_at(versions: &Versions, at: BlockNumber) -> Option<Vec<u8>> {
    let i = versions.partition_point(|(b, _)| *b <= at);
    versions.get(i.checked_sub(1)?).and_then(|(_, v)| v.clone())
}

fn journal_line(block: &SealedBlock) -> Result<String, String> {
    // The timestamp inherent is rebuilt on replay.
    let recipe = JournalBlock { extrinsics: block.extrinsics.iter().skip(1).map(|x| hex_encode(x)).collect() };
    Ok(serde_json::to_string(&recipe).map_err(|e| e.to_string())? + "\n")
}

/// Decodes an extrinsic of this runtime (the whole input, with the depth
/// limit the executive uses).
pub fn decode_extrinsic(bytes: &[u8]) -> Result<UncheckedExtrinsic, Rejected> {
    <UncheckedExtrinsic as codec::DecodeLimit>::decode_all_with_depth_limit(256, &mut &bytes[..])
        .map_err(|e| Rejected::Undecodable(e.to_string()))
}

/// An extrinsic's hash (blake2-256 of its encoding), as Substrate names it.
pub fn extrinsic_hash(bytes: &[u8]) -> H256 {
    sp_runtime::traits::BlakeTwo256::hash(bytes)
}

/// `0x`-prefixed lowercase hex.
pub fn hex_encode(bytes: &[u8]) -> String {
    sp_core::bytes::to_hex(bytes, false)
}

/// Hex with or without `0x`.
pub fn hex_decode(text: &str) -> Result<Vec<u8>, String> {
    sp_core::bytes::from_hex(text).map_err(|e| format!("not hex: {e:?}"))
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
