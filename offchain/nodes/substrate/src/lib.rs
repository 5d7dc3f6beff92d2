//! Block production for a FRAME runtime run natively in process, and the
//! Substrate JSON-RPC over it ([`rpc`]).
//!
//! [`BlockStore`] holds a chain's blocks and its state, versioned per block:
//! a client may read at any recent block hash, as from a pruning node
//! ([`STATE_BLOCKS`]). Blocks are sealed by FRAME's executive through the
//! [`BlockRuntime`] a runtime implements (initialise, the timestamp
//! inherent, the extrinsics, finalise) inside `sp_io::TestExternalities`,
//! with a real state root and extrinsics root; a block is final at once.
//!
//! Two chains run on it: the relay chain (`lst-relay-chain`: staking) and
//! the ink! chain (`lst-revive-chain`: pallet-revive), so both answer the
//! same RPC the same way.

pub mod rpc;

use codec::{Decode, Encode};
use sp_core::H256;
use sp_runtime::{
    generic,
    traits::{BlakeTwo256, Hash as _, Header as _},
    transaction_validity::{InvalidTransaction, TransactionValidity, TransactionValidityError},
    ApplyExtrinsicResult, StateVersion,
};
use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;

/// Block numbers are `u32`, as on the relay chains and Polkadot Hub.
pub type BlockNumber = u32;
/// A block's header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// An account: 32 bytes.
pub type AccountId = sp_runtime::AccountId32;

/// What block production needs of a runtime: FRAME's executive, typed.
pub trait BlockRuntime {
    /// The runtime's extrinsic.
    type Extrinsic: Encode + Decode + Clone;
    /// `Executive::initialize_block`.
    fn initialize_block(header: &Header);
    /// The timestamp inherent setting the block's time (milliseconds).
    fn timestamp_inherent(now_ms: u64) -> Self::Extrinsic;
    /// `Executive::inherents_applied`.
    fn inherents_applied();
    /// `Executive::apply_extrinsic`.
    fn apply_extrinsic(xt: Self::Extrinsic) -> ApplyExtrinsicResult;
    /// `Executive::finalize_block`.
    fn finalize_block() -> Header;
    /// `Executive::validate_transaction` from outside, on top of `parent`.
    fn validate_transaction(xt: Self::Extrinsic, parent: H256) -> TransactionValidity;
    /// The metadata versions the runtime answers.
    fn metadata_versions() -> Vec<u32>;
    /// The metadata at `version`, if the runtime has it.
    fn metadata_at_version(version: u32) -> Option<sp_core::OpaqueMetadata>;
}

/// The transaction extensions of the chains here, in the order the relay
/// chains list them (without fees and the metadata hash).
pub type TxExtension<R> = (
    frame_system::CheckNonZeroSender<R>,
    frame_system::CheckSpecVersion<R>,
    frame_system::CheckTxVersion<R>,
    frame_system::CheckGenesis<R>,
    frame_system::CheckMortality<R>,
    frame_system::CheckNonce<R>,
    frame_system::CheckWeight<R>,
);

/// A transaction of runtime `R` with calls `Call`, as it is sent and
/// stored: `MultiAddress` senders, `MultiSignature`, [`TxExtension`].
pub type UncheckedExtrinsic<R, Call> = generic::UncheckedExtrinsic<
    sp_runtime::MultiAddress<AccountId, ()>,
    Call,
    sp_runtime::MultiSignature,
    TxExtension<R>,
>;

/// How many recent blocks' state the node keeps for reads at a block hash
/// (Substrate's default pruning keeps 256).
pub const STATE_BLOCKS: u32 = 4_096;
/// The most blocks one `dev_newBlock` (or one call of
/// [`BlockStore::new_blocks`]) seals.
pub const MAX_NEW_BLOCKS: u32 = 10_000;

/// Why a transaction or block was not accepted (nothing changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// The bytes are not an extrinsic of this runtime.
    Undecodable(String),
    /// The runtime refused it (bad signature or proof, stale or future
    /// nonce, wrong genesis or spec, an unpayable or unknown call…).
    Invalid(TransactionValidityError),
    /// Producing the block failed before it could be sealed.
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
    /// The storage keys it changed and their new values.
    pub changes: Changes,
}

impl SealedBlock {
    /// The block's number.
    pub fn number(&self) -> BlockNumber {
        *self.header.number()
    }
}

/// How a block's timestamp follows from its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Block `n` at `genesis_ms + n × block_ms` (a simulated clock: a
    /// replayed chain is the same chain).
    Fixed {
        /// Block 0's time (ms).
        genesis_ms: u64,
        /// Milliseconds per block.
        block_ms: u64,
    },
    /// Each block `step_ms` after the time the head holds (which the node
    /// may move forward, as `evm_increaseTime` does).
    Step {
        /// Milliseconds from one block to the next.
        step_ms: u64,
    },
}

/// Storage keys and their new values (`None`: removed).
pub type Changes = Vec<(Vec<u8>, Option<Vec<u8>>)>;
/// Default child trie changes: (the trie's storage key, key, new value).
type ChildChanges = Vec<(Vec<u8>, Vec<u8>, Option<Vec<u8>>)>;

/// The values of one storage key over time: (block, value from then on).
type Versions = Vec<(BlockNumber, Option<Vec<u8>>)>;

/// A chain's blocks and state.
pub struct BlockStore {
    ext: sp_io::TestExternalities,
    clock: Clock,
    /// Every block, in order of number (genesis first; numbers may skip
    /// where the node jumped the height).
    blocks: Vec<SealedBlock>,
    by_hash: HashMap<H256, BlockNumber>,
    /// All storage, versioned by block (the oldest versions pruned to
    /// [`STATE_BLOCKS`]).
    state: BTreeMap<Vec<u8>, Versions>,
    /// The default child tries (pallet-revive keeps each contract's storage
    /// in one), by their unprefixed storage key, versioned the same way.
    children: BTreeMap<Vec<u8>, BTreeMap<Vec<u8>, Versions>>,
    /// The oldest block whose state is kept.
    oldest_state: BlockNumber,
    /// Where each sealed block's extrinsics are appended, one JSON line a
    /// block (the journal a chain replays at start).
    journal: Option<std::fs::File>,
}

/// A journal line: one block's timestamp-free recipe.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct JournalBlock {
    /// The block's extrinsics after the timestamp inherent, hex.
    pub extrinsics: Vec<String>,
}

impl JournalBlock {
    /// The journal line of `block` (the timestamp inherent is rebuilt on
    /// replay).
    pub fn line(block: &SealedBlock) -> Result<String, String> {
        let recipe = Self { extrinsics: block.extrinsics.iter().skip(1).map(|x| hex_encode(x)).collect() };
        Ok(serde_json::to_string(&recipe).map_err(|e| e.to_string())? + "\n")
    }
    /// The extrinsics, decoded from hex.
    pub fn decode(&self) -> Result<Vec<Vec<u8>>, String> {
        self.extrinsics.iter().map(|x| hex_decode(x)).collect()
    }
}

fn storage_root_now() -> H256 {
    H256::decode(&mut &sp_io::storage::root(StateVersion::V1)[..]).unwrap_or_default()
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

impl BlockStore {
    /// A chain whose genesis state is `storage`, its blocks timed by
    /// `clock`: the genesis block (number 0, no extrinsics).
    pub fn genesis(storage: sp_core::storage::Storage, clock: Clock) -> Self {
        let mut state = BTreeMap::new();
        for (k, v) in &storage.top {
            state.insert(k.clone(), vec![(0, Some(v.clone()))]);
        }
        let mut children: BTreeMap<Vec<u8>, BTreeMap<Vec<u8>, Versions>> = BTreeMap::new();
        for child in storage.children_default.values() {
            let trie = children.entry(child.child_info.storage_key().to_vec()).or_default();
            for (k, v) in &child.data {
                trie.insert(k.clone(), vec![(0, Some(v.clone()))]);
            }
        }
        let mut ext = sp_io::TestExternalities::new(storage);
        let state_root = ext.execute_with(storage_root_now);
        let header = Header::new(
            0,
            BlakeTwo256::ordered_trie_root(Vec::new(), StateVersion::V0),
            state_root,
            H256::zero(),
            Default::default(),
        );
        let genesis = SealedBlock { hash: header.hash(), header, extrinsics: Vec::new(), changes: Vec::new() };
        Self {
            ext,
            clock,
            by_hash: HashMap::from([(genesis.hash, 0)]),
            blocks: vec![genesis],
            state,
            children,
            oldest_state: 0,
            journal: None,
        }
    }

    /// Appends every block sealed from now on to `file`, a line each.
    pub fn journal_to(&mut self, file: std::fs::File) {
        self.journal = Some(file);
    }

    /// An independent copy of the chain as it is now: its blocks and state
    /// (the journal stays with this one).
    pub fn fork(&mut self) -> Result<Self, String> {
        self.ext.commit_all()?;
        let mut ext = sp_io::TestExternalities::new_empty();
        ext.backend = self.ext.backend.clone();
        ext.state_version = self.ext.state_version;
        Ok(Self {
            ext,
            clock: self.clock,
            by_hash: self.by_hash.clone(),
            blocks: self.blocks.clone(),
            state: self.state.clone(),
            children: self.children.clone(),
            oldest_state: self.oldest_state,
            journal: None,
        })
    }

    /// The best (and finalized) block's number.
    pub fn head(&self) -> BlockNumber {
        self.head_block().number()
    }

    /// The best (and finalized) block.
    pub fn head_block(&self) -> &SealedBlock {
        // `blocks` is never empty: it starts with genesis and only grows
        // (a fork keeps its head).
        &self.blocks[self.blocks.len() - 1]
    }

    /// Block `number`, if sealed.
    pub fn block(&self, number: BlockNumber) -> Option<&SealedBlock> {
        let i = self.blocks.binary_search_by_key(&number, SealedBlock::number).ok()?;
        self.blocks.get(i)
    }

    /// The block with `hash`, if sealed.
    pub fn block_by_hash(&self, hash: &H256) -> Option<&SealedBlock> {
        self.by_hash.get(hash).and_then(|n| self.block(*n))
    }

    /// The number of the block with `hash`, if sealed.
    pub fn number_of(&self, hash: &H256) -> Option<BlockNumber> {
        self.by_hash.get(hash).copied()
    }

    /// The genesis hash (a fork's first block's).
    pub fn genesis_hash(&self) -> H256 {
        self.blocks[0].hash
    }

    /// Whether block `number`'s state is still kept.
    pub fn has_state(&self, number: BlockNumber) -> bool {
        number >= self.oldest_state && number <= self.head()
    }

    /// The value under `key` after block `at`.
    pub fn storage(&self, key: &[u8], at: BlockNumber) -> Option<Vec<u8>> {
        value_at(self.state.get(key)?, at)
    }

    /// Up to `count` keys starting with `prefix` and after `start_after`
    /// (exclusive) that hold a value after block `at`, in order.
    pub fn keys(&self, prefix: &[u8], count: usize, start_after: Option<&[u8]>, at: BlockNumber) -> Vec<Vec<u8>> {
        keys_in(&self.state, prefix, count, start_after, at)
    }

    /// The whole state after block `at` (to run something on top of an
    /// earlier block: a trace re-executes a block from its parent's state).
    pub fn state_at(&self, at: BlockNumber) -> sp_core::storage::Storage {
        let top = self.state.iter().filter_map(|(k, v)| value_at(v, at).map(|v| (k.clone(), v))).collect();
        let children_default = self
            .children
            .iter()
            .filter_map(|(storage_key, trie)| {
                let data: std::collections::BTreeMap<Vec<u8>, Vec<u8>> =
                    trie.iter().filter_map(|(k, v)| value_at(v, at).map(|v| (k.clone(), v))).collect();
                let child_info = sp_core::storage::ChildInfo::new_default(storage_key);
                (!data.is_empty()).then(|| {
                    (
                        child_info.prefixed_storage_key().into_inner(),
                        sp_core::storage::StorageChild { data, child_info },
                    )
                })
            })
            .collect();
        sp_core::storage::Storage { top, children_default }
    }

    /// The value under `key` in the default child trie `storage_key`
    /// (unprefixed) after block `at`.
    pub fn child_storage(&self, storage_key: &[u8], key: &[u8], at: BlockNumber) -> Option<Vec<u8>> {
        value_at(self.children.get(storage_key)?.get(key)?, at)
    }

    /// Up to `count` keys of the default child trie `storage_key` starting
    /// with `prefix` and after `start_after`, holding a value after `at`.
    pub fn child_keys(
        &self,
        storage_key: &[u8],
        prefix: &[u8],
        count: usize,
        start_after: Option<&[u8]>,
        at: BlockNumber,
    ) -> Vec<Vec<u8>> {
        self.children.get(storage_key).map(|trie| keys_in(trie, prefix, count, start_after, at)).unwrap_or_default()
    }

    /// `frame_system::Account`'s entry of `account` after block `at`
    /// (nonce and balances; the runtimes here all hold `u128` balances).
    fn account_info(
        &self,
        account: &AccountId,
        at: BlockNumber,
    ) -> Option<frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>> {
        let mut key = frame_support::storage::storage_prefix(b"System", b"Account").to_vec();
        key.extend(sp_io::hashing::blake2_128(&account.encode()));
        key.extend(account.encode());
        self.storage(&key, at).and_then(|v| Decode::decode(&mut &v[..]).ok())
    }

    /// The account's next nonce after block `at`.
    pub fn account_nonce(&self, account: &AccountId, at: BlockNumber) -> u32 {
        self.account_info(account, at).map(|i| i.nonce).unwrap_or_default()
    }

    /// The account's free balance at the head.
    pub fn free_balance(&self, account: &AccountId) -> u128 {
        self.account_info(account, self.head()).map(|i| i.data.free).unwrap_or_default()
    }

    /// The time block `at` holds (`pallet_timestamp::Now`, ms).
    pub fn now_ms(&self, at: BlockNumber) -> u64 {
        let key = frame_support::storage::storage_prefix(b"Timestamp", b"Now");
        self.storage(&key, at).and_then(|v| u64::decode(&mut &v[..]).ok()).unwrap_or_default()
    }

    /// The events of block `at`, decoded as the runtime's `E`.
    pub fn events<E: frame_support::Parameter + sp_runtime::traits::Member>(
        &self,
        at: BlockNumber,
    ) -> Vec<frame_system::EventRecord<E, H256>> {
        let key = frame_support::storage::storage_prefix(b"System", b"Events").to_vec();
        self.storage(&key, at)
            .and_then(|v| Vec::<frame_system::EventRecord<E, H256>>::decode(&mut &v[..]).ok())
            .unwrap_or_default()
    }

    /// Runs `f` against the head's state, discarding anything it writes —
    /// also when it panics (the panic goes on to the caller, the state
    /// stays as it was).
    pub fn read<R>(&mut self, f: impl FnOnce() -> R) -> R {
        self.ext.execute_with(|| {
            sp_io::storage::start_transaction();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            sp_io::storage::rollback_transaction();
            r.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Runs `f` against the head's state and keeps what it writes, as part
    /// of the head block's state (a development node's direct edits:
    /// setting a balance, moving the clock). The head's hash and header
    /// stay as they were sealed.
    pub fn edit_head<R>(&mut self, f: impl FnOnce() -> R) -> Result<R, String> {
        // A panic leaves nothing half-written (and goes on to the caller).
        let r = self.ext.execute_with(|| {
            sp_io::storage::start_transaction();
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
                Ok(r) => {
                    sp_io::storage::commit_transaction();
                    r
                }
                Err(panic) => {
                    sp_io::storage::rollback_transaction();
                    std::panic::resume_unwind(panic)
                }
            }
        });
        let (changes, child_changes) = self.commit()?;
        let head = self.head();
        let note = |versions: &mut Versions, v: Option<Vec<u8>>| match versions.last_mut() {
            Some((b, old)) if *b == head => *old = v,
            Some((_, old)) if *old == v => {}
            _ => versions.push((head, v)),
        };
        for (k, v) in changes {
            note(self.state.entry(k).or_default(), v);
        }
        for (storage_key, k, v) in child_changes {
            note(self.children.entry(storage_key).or_default().entry(k).or_default(), v);
        }
        Ok(r)
    }

    /// Commits the externalities' pending writes; returns the keys they
    /// changed and their new values, at the top and in the default child
    /// tries (storage key, key, value).
    fn commit(&mut self) -> Result<(Changes, ChildChanges), String> {
        let overlay = self.ext.overlayed_changes();
        let keys: Vec<Vec<u8>> = overlay.changes().map(|(k, _)| k.clone()).collect();
        let child_keys: Vec<(Vec<u8>, Vec<u8>)> = overlay
            .children()
            .flat_map(|(changes, info)| {
                let storage_key = info.storage_key().to_vec();
                changes.map(move |(k, _)| (storage_key.clone(), k.clone()))
            })
            .collect();
        self.ext.commit_all()?;
        Ok(self.ext.execute_with(|| {
            let top = keys
                .into_iter()
                .map(|k| {
                    let v = sp_io::storage::get(&k).map(|b| b.to_vec());
                    (k, v)
                })
                .collect();
            let children = child_keys
                .into_iter()
                .map(|(storage_key, k)| {
                    let v = sp_io::default_child_storage::get(&storage_key, &k);
                    (storage_key, k, v)
                })
                .collect();
            (top, children)
        }))
    }

    /// Whether the runtime would accept `extrinsic` in the next block.
    pub fn validate<R: BlockRuntime>(&mut self, extrinsic: &[u8]) -> Result<R::Extrinsic, Rejected> {
        let xt = decode_extrinsic::<R>(extrinsic)?;
        let parent = self.head_block().hash;
        let checked = xt.clone();
        let validity =
            self.read(move || R::validate_transaction(checked, parent).map_err(Rejected::Invalid).map(|v| v.requires));
        match validity {
            Ok(requires) if requires.is_empty() => Ok(xt),
            // A nonce ahead of the account's: there is no pool to hold it.
            Ok(_) => Err(Rejected::Invalid(InvalidTransaction::Future.into())),
            Err(e) => Err(e),
        }
    }

    /// The next block's number and time.
    fn next(&self) -> (BlockNumber, u64) {
        let number = self.head().saturating_add(1);
        let now = match self.clock {
            Clock::Fixed { genesis_ms, block_ms } => genesis_ms.saturating_add(u64::from(number) * block_ms),
            Clock::Step { step_ms } => self.now_ms(self.head()).saturating_add(step_ms),
        };
        (number, now)
    }

    /// Validates `extrinsic` and seals a block with it; returns its hash
    /// and the block's.
    ///
    /// A transaction that fits an empty block but not the next one (whose
    /// `on_initialize` may take most of it: a new era's election) goes in
    /// the block after, as a block builder would leave it in the pool.
    pub fn submit<R: BlockRuntime>(&mut self, extrinsic: &[u8]) -> Result<(H256, H256), Rejected> {
        self.validate::<R>(extrinsic)?;
        let exhausted = Rejected::Invalid(InvalidTransaction::ExhaustsResources.into());
        let block = match self.seal::<R>(vec![extrinsic.to_vec()]) {
            Err(e) if e == exhausted => {
                self.seal::<R>(Vec::new())?;
                self.seal::<R>(vec![extrinsic.to_vec()])?
            }
            other => other?,
        };
        Ok((extrinsic_hash(extrinsic), block.hash))
    }

    /// Seals `count` empty blocks (at most [`MAX_NEW_BLOCKS`] a call).
    pub fn new_blocks<R: BlockRuntime>(&mut self, count: u32) -> Result<H256, Rejected> {
        if count > MAX_NEW_BLOCKS {
            return Err(Rejected::Failed(format!("at most {MAX_NEW_BLOCKS} blocks a call")));
        }
        for _ in 0..count {
            self.seal::<R>(Vec::new())?;
        }
        Ok(self.head_block().hash)
    }

    /// Seals the next block with the timestamp inherent and `extrinsics`
    /// (each already validated).
    pub fn seal<R: BlockRuntime>(&mut self, extrinsics: Vec<Vec<u8>>) -> Result<SealedBlock, Rejected> {
        let (number, now) = self.next();
        self.seal_with::<R, ()>(number, now, extrinsics, || ()).map(|(b, ())| b)
    }

    /// Seals block `number` at time `now_ms` (ms) on top of the head: FRAME's
    /// executive initialises it, applies the timestamp inherent and
    /// `extrinsics`, then runs `during` (what the node itself does in the
    /// block: a development transaction), then finalises it. If anything
    /// fails or panics the block is discarded and the chain stays at its
    /// head.
    pub fn seal_with<R: BlockRuntime, T>(
        &mut self,
        number: BlockNumber,
        now_ms: u64,
        extrinsics: Vec<Vec<u8>>,
        during: impl FnOnce() -> T,
    ) -> Result<(SealedBlock, T), Rejected> {
        if number <= self.head() {
            return Err(Rejected::Failed(format!("block {number} is not after the head, {}", self.head())));
        }
        let parent = self.head_block().hash;
        let mut decoded = Vec::new();
        for x in &extrinsics {
            decoded.push(decode_extrinsic::<R>(x)?);
        }
        let inherent = R::timestamp_inherent(now_ms);
        let mut all = vec![inherent.encode()];
        all.extend(extrinsics);
        let produced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.ext.execute_with(|| -> Result<(Header, T), Rejected> {
                let header = Header::new(number, H256::zero(), H256::zero(), parent, Default::default());
                R::initialize_block(&header);
                match R::apply_extrinsic(inherent) {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => return Err(Rejected::Failed(format!("the timestamp inherent failed: {e:?}"))),
                    Err(e) => return Err(Rejected::Invalid(e)),
                }
                R::inherents_applied();
                for xt in decoded {
                    // A dispatch error is included (and reported by the
                    // ExtrinsicFailed event); a validity error is not.
                    if let Err(e) = R::apply_extrinsic(xt) {
                        return Err(Rejected::Invalid(e));
                    }
                }
                let t = during();
                Ok((R::finalize_block(), t))
            })
        }));
        let (header, t) = match produced {
            Ok(Ok(done)) => done,
            Ok(Err(e)) => {
                self.ext.reset_overlay();
                return Err(e);
            }
            Err(panic) => {
                self.ext.reset_overlay();
                return Err(Rejected::Failed(format!("the runtime panicked: {}", panic_text(&*panic))));
            }
        };
        let (changes, child_changes) = self.commit().map_err(Rejected::Failed)?;
        for (k, v) in &changes {
            let versions = self.state.entry(k.clone()).or_default();
            if versions.last().map(|(_, old)| old) != Some(v) {
                versions.push((number, v.clone()));
            }
        }
        for (storage_key, k, v) in child_changes {
            let versions = self.children.entry(storage_key).or_default().entry(k).or_default();
            if versions.last().map(|(_, old)| old) != Some(&v) {
                versions.push((number, v));
            }
        }
        let block = SealedBlock { hash: header.hash(), header, extrinsics: all, changes };
        self.by_hash.insert(block.hash, number);
        if let Some(journal) = &mut self.journal {
            let line = JournalBlock::line(&block).map_err(Rejected::Failed)?;
            journal.write_all(line.as_bytes()).map_err(|e| Rejected::Failed(format!("the state file: {e}")))?;
        }
        self.blocks.push(block.clone());
        if self.blocks.len().is_multiple_of(256) {
            self.prune();
        }
        Ok((block, t))
    }

    /// Forgets state and blocks older than [`STATE_BLOCKS`] blocks' worth
    /// of state (the blocks' headers stay).
    fn prune(&mut self) {
        let keep_from = self.head().saturating_sub(STATE_BLOCKS);
        if keep_from <= self.oldest_state {
            return;
        }
        let keep = |versions: &mut Versions| {
            // The value at `keep_from` is the last version at or before it.
            let first_kept = versions.iter().rposition(|(b, _)| *b <= keep_from).unwrap_or(0);
            versions.drain(..first_kept);
            !(versions.len() == 1 && versions[0].1.is_none() && versions[0].0 <= keep_from)
        };
        self.state.retain(|_, versions| keep(versions));
        for trie in self.children.values_mut() {
            trie.retain(|_, versions| keep(versions));
        }
        self.children.retain(|_, trie| !trie.is_empty());
        for block in &mut self.blocks {
            if block.number() < keep_from {
                block.changes = Vec::new();
            }
        }
        self.oldest_state = keep_from;
    }
}

/// Up to `count` keys of `map` starting with `prefix` and after
/// `start_after` (exclusive) that hold a value after block `at`, in order.
fn keys_in(
    map: &BTreeMap<Vec<u8>, Versions>,
    prefix: &[u8],
    count: usize,
    start_after: Option<&[u8]>,
    at: BlockNumber,
) -> Vec<Vec<u8>> {
    use std::ops::Bound;
    let lower = match start_after {
        Some(s) if s >= prefix => Bound::Excluded(s.to_vec()),
        _ => Bound::Included(prefix.to_vec()),
    };
    map.range((lower, Bound::Unbounded))
        .take_while(|(k, _)| k.starts_with(prefix))
        .filter(|(_, v)| value_at(v, at).is_some())
        .take(count)
        .map(|(k, _)| k.clone())
        .collect()
}

fn value_at(versions: &Versions, at: BlockNumber) -> Option<Vec<u8>> {
    let i = versions.partition_point(|(b, _)| *b <= at);
    versions.get(i.checked_sub(1)?).and_then(|(_, v)| v.clone())
}

/// Decodes an extrinsic of runtime `R` (the whole input, with the depth
/// limit the executive uses).
pub fn decode_extrinsic<R: BlockRuntime>(bytes: &[u8]) -> Result<R::Extrinsic, Rejected> {
    <R::Extrinsic as codec::DecodeLimit>::decode_all_with_depth_limit(256, &mut &bytes[..])
        .map_err(|e| Rejected::Undecodable(e.to_string()))
}

/// An extrinsic's hash (blake2-256 of its encoding), as Substrate names it.
pub fn extrinsic_hash(bytes: &[u8]) -> H256 {
    BlakeTwo256::hash(bytes)
}

/// `0x`-prefixed lowercase hex.
pub fn hex_encode(bytes: &[u8]) -> String {
    sp_core::bytes::to_hex(bytes, false)
}

/// Hex with or without `0x`.
pub fn hex_decode(text: &str) -> Result<Vec<u8>, String> {
    sp_core::bytes::from_hex(text).map_err(|e| format!("not hex: {e:?}"))
}
