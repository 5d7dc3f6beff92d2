//! The local ink! chain: pallet-revive in process, as an
//! [`lst_client::Chain`], so the deploy tool, the keeper and the scenarios
//! run unchanged on the ink! contracts.
//!
//! [`runtime`] is a minimal runtime from published polkadot-sdk crates
//! (System, Balances, Timestamp, Revive) driven inside
//! `sp_io::TestExternalities`, the way ink!'s own sandbox is. [`InkChain`]
//! uploads and instantiates the `.polkavm` artifacts of
//! `scripts/build.sh --ink`, calls them with Solidity-ABI calldata, moves
//! native value (one planck is one wei: `NativeToEthRatio = 1`), reads the
//! `ContractEmitted` events as Ethereum logs, sets block number and
//! timestamp, and reports each call's weight (ref_time, proof_size).
//!
//! Accounts are Ethereum-derived (`address ‖ 0xEE × 12`), so they need no
//! `map_account`; they are the devnode's dev accounts, funded the same, so a
//! scenario sees the same addresses on both platforms. Like the Stylus
//! in-process chain, each transaction is mined in a block of its own, one
//! second after the last, and charges no fees; storage deposits are zero, so
//! balances move only by the value the contracts move.
//!
//! Every block is sealed by FRAME's executive on `lst-substrate-chain`'s
//! [`BlockStore`] (a real header, state kept per block), so the same chain
//! also answers the Substrate JSON-RPC ([`substrate`]): signed extrinsics
//! (`Revive` upload, instantiate and call, balance transfers from the
//! sr25519 dev keys `//Alice` … `//Ferdie`, funded too) and the revive
//! runtime API's dry runs and traces — what `ink_e2e` and `cargo contract`
//! use. A transaction sent over the Ethereum side is the node's own work
//! inside a block (as a development node's unlocked accounts are), not an
//! extrinsic of it; its effects and events are in the block's state.

pub mod runtime;
pub mod substrate;

use alloy::primitives::{Address, Log, B256, U256};
use frame_support::storage::{with_transaction, TransactionOutcome};
pub use frame_support::weights::Weight;
use lst_client::{ChainFailure, ChainLog, Contract, Deployment, LogHistory, Platform, Result, Tx};
use lst_substrate_chain::{BlockNumber, BlockStore, Clock};
use pallet_revive::{AddressMapper, Code, ExecConfig, TransactionLimits};
use runtime::{Revive, Runtime, RuntimeEvent, RuntimeOrigin, System};
use sp_core::{H160, H256};
use sp_runtime::{AccountId32, DispatchError};

pub use lst_client::Chain;

/// The first block's timestamp (seconds), as on the Stylus devnode.
pub const GENESIS_TIMESTAMP: u64 = 1_735_689_600;

/// The weight one transaction may use: a whole block of
/// [`runtime::BlockWeights`].
pub fn max_weight() -> Weight {
    runtime::BlockWeights::get().max_block
}

/// What a call cost in pallet-revive's two weight dimensions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallWeight {
    /// Execution time (picoseconds of reference hardware).
    pub ref_time: u64,
    /// Proof-of-validity bytes (storage read for the call).
    pub proof_size: u64,
}

impl From<Weight> for CallWeight {
    fn from(w: Weight) -> Self {
        Self { ref_time: w.ref_time(), proof_size: w.proof_size() }
    }
}

/// pallet-revive in process, with the devnode's funded dev accounts.
pub struct InkChain {
    store: BlockStore,
    chain_id: u64,
    accounts: Vec<Address>,
    /// Every log so far, with its block.
    history: LogHistory,
    /// The weight of the last transaction.
    last_weight: CallWeight,
    /// Why the last transaction failed without revert data (a trap, out of
    /// weight, a failed transfer), for diagnostics.
    last_error: Option<String>,
}

/// The native account of an Ethereum address (the stateless fallback
/// mapping: `address ‖ 0xEE × 12`).
pub fn account_id(address: Address) -> AccountId32 {
    <Runtime as pallet_revive::Config>::AddressMapper::to_fallback_account_id(&h160(address))
}

fn h160(a: Address) -> H160 {
    H160(a.into_array())
}

fn to_sp(v: U256) -> sp_core::U256 {
    sp_core::U256::from_little_endian(&v.to_le_bytes::<32>())
}

fn from_sp(v: sp_core::U256) -> U256 {
    U256::from_le_bytes(v.to_little_endian())
}

fn dispatch_failure(what: &str, e: DispatchError) -> ChainFailure {
    ChainFailure(format!("{what}: {e:?}"))
}

/// The `ContractEmitted` events of the current block as Ethereum logs.
fn emitted_logs() -> Vec<Log> {
    logs_of(System::events())
}

/// The `ContractEmitted` events among `records` as Ethereum logs.
fn logs_of(records: Vec<frame_system::EventRecord<RuntimeEvent, H256>>) -> Vec<Log> {
    records
        .into_iter()
        .filter_map(|record| match record.event {
            RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted { contract, data, topics }) => {
                Some(Log::new_unchecked(
                    Address::from(contract.0),
                    topics.into_iter().map(|t: H256| B256::from(t.0)).collect(),
                    data.into(),
                ))
            }
            _ => None,
        })
        .collect()
}

fn limits() -> TransactionLimits<Runtime> {
    limits_with(max_weight())
}

fn limits_with(weight_limit: Weight) -> TransactionLimits<Runtime> {
    TransactionLimits::WeightAndDeposit { weight_limit, deposit_limit: u128::MAX }
}

/// What a sealed extrinsic did, in Ethereum's terms.
#[derive(Clone, Debug)]
pub struct ExtrinsicReceipt {
    /// Its signer's address (pallet-revive's mapping of the account; zero
    /// for an unsigned extrinsic).
    pub sender: Address,
    /// Whether it succeeded (`ExtrinsicSuccess`).
    pub success: bool,
    /// Its contract events, as logs (none when it failed).
    pub logs: Vec<Log>,
    /// Its block's number.
    pub block: u64,
}

/// Splits the input of a creation transaction, as pallet-revive's eth-rpc
/// sends it, into the PolkaVM blob (its length is in its header) and the
/// constructor input after it. `None` when it does not start with a blob.
pub fn split_init_code(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = polkavm::ProgramBlob::blob_length(input)?;
    input.split_at_checked(usize::try_from(len).ok()?)
}

/// What a transaction (or a dry run) did, in Ethereum's terms.
#[derive(Clone, Debug, Default)]
pub struct Executed {
    /// Whether it succeeded (a revert or a dispatch error did not).
    pub success: bool,
    /// Return data, or revert data.
    pub output: Vec<u8>,
    /// The logs it emitted (none when it failed, and none for a dry run).
    pub logs: Vec<Log>,
    /// The weight it used.
    pub weight: CallWeight,
    /// The weight it needs as a limit to succeed (pallet-revive's
    /// `weight_required`: at least `weight`, which refunds may lower).
    pub required: CallWeight,
    /// The contract a creation made.
    pub contract_address: Option<Address>,
    /// The block it was mined in (the current block, for a dry run).
    pub block: u64,
    /// The dispatch error when it failed without revert data (a trap, out
    /// of weight, code pallet-revive refuses, a failed transfer).
    pub error: Option<String>,
}

fn not_a_blob() -> ChainFailure {
    ChainFailure(
        "init code is not a PolkaVM blob (pallet-revive deploys .polkavm code followed by the constructor input)"
            .into(),
    )
}

/// Runs `to`'s code (or, with `to` `None`, a creation whose `input` is a
/// PolkaVM blob and its constructor input) as `from` with `value` and at
/// most `weight_limit`; inside the chain's externalities.
fn execute(from: Address, to: Option<Address>, value: U256, input: &[u8], weight_limit: Weight) -> Result<Executed> {
    let origin = RuntimeOrigin::signed(account_id(from));
    let config = ExecConfig::new_substrate_tx_without_bump();
    let failed = |weight: CallWeight, e: DispatchError| Executed {
        weight,
        required: weight,
        error: Some(format!("{e:?}")),
        ..Default::default()
    };
    match to {
        Some(to) => {
            let r =
                Revive::bare_call(origin, h160(to), to_sp(value), limits_with(weight_limit), input.to_vec(), &config);
            let (weight, required) = (r.weight_consumed.into(), r.weight_required.into());
            Ok(match r.result {
                Ok(ret) => {
                    Executed { success: !ret.did_revert(), output: ret.data, weight, required, ..Default::default() }
                }
                Err(e) => failed(weight, e),
            })
        }
        None => {
            let (code, data) = split_init_code(input).ok_or_else(not_a_blob)?;
            let r = Revive::bare_instantiate(
                origin,
                to_sp(value),
                limits_with(weight_limit),
                Code::Upload(code.to_vec()),
                data.to_vec(),
                None,
                &config,
            );
            let (weight, required) = (r.weight_consumed.into(), r.weight_required.into());
            Ok(match r.result {
                Ok(done) => {
                    let success = !done.result.did_revert();
                    Executed {
                        success,
                        contract_address: success.then(|| Address::from(done.addr.0)),
                        output: done.result.data,
                        weight,
                        required,
                        ..Default::default()
                    }
                }
                Err(e) => failed(weight, e),
            })
        }
    }
}

/// The sr25519 development keys funded on the chain for Substrate clients
/// (`//Alice` … `//Ferdie`, as on every Substrate development chain).
pub const SUBSTRATE_DEV_KEYS: [&str; 6] = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

/// The account of the sr25519 development key `//name`.
pub fn substrate_dev_account(name: &str) -> Option<AccountId32> {
    use sp_core::Pair as _;
    sp_core::sr25519::Pair::from_string(&format!("//{name}"), None).ok().map(|p| AccountId32::from(p.public()))
}

fn block_number(n: u64) -> Result<BlockNumber> {
    BlockNumber::try_from(n).map_err(|_| ChainFailure(format!("block {n} is beyond the chain's u32 block numbers")))
}

fn sealed(e: lst_substrate_chain::Rejected) -> ChainFailure {
    ChainFailure(format!("sealing a block: {e}"))
}

impl InkChain {
    /// A fresh chain with id `chain_id`, the dev accounts funded.
    pub fn new(chain_id: u64) -> Result<Self> {
        Self::with_dev_accounts(chain_id, true)
    }

    /// A fresh chain with id `chain_id`; with `dev_accounts`, the dev
    /// accounts funded and listed (and the sr25519 development keys
    /// funded), without, no account holds anything (as on a public
    /// testnet's endpoint).
    pub fn with_dev_accounts(chain_id: u64, dev_accounts: bool) -> Result<Self> {
        let accounts = if dev_accounts { lst_client::dev::dev_accounts() } else { Vec::new() };
        // The Ethereum view of a balance leaves out the existential deposit.
        let balance = u128::try_from(lst_client::dev::DEV_BALANCE).map_err(|e| ChainFailure(e.to_string()))?
            + runtime::EXISTENTIAL_DEPOSIT;
        let mut funded: Vec<(AccountId32, u128)> = accounts.iter().map(|a| (account_id(*a), balance)).collect();
        if dev_accounts {
            for name in SUBSTRATE_DEV_KEYS {
                let account =
                    substrate_dev_account(name).ok_or_else(|| ChainFailure("a dev key does not derive".into()))?;
                funded.push((account, balance));
            }
        }
        let storage = runtime::genesis_storage(funded).map_err(ChainFailure)?;
        let mut chain = Self {
            store: BlockStore::genesis(storage, Clock::Step { step_ms: 1000 }),
            chain_id,
            accounts,
            history: LogHistory::default(),
            last_weight: CallWeight::default(),
            last_error: None,
        };
        // Block 1 records the genesis hash that extrinsics sign, at the
        // first block's time.
        runtime::ChainId::set(chain_id);
        chain.store.seal_with::<Runtime, ()>(1, GENESIS_TIMESTAMP * 1000, Vec::new(), || ()).map_err(sealed)?;
        Ok(chain)
    }

    /// An independent copy of this chain between transactions: its blocks,
    /// state, accounts and log history, so a test can deploy once and run
    /// many cases from the same state.
    pub fn fork(&mut self) -> Result<Self> {
        Ok(Self {
            store: self.store.fork().map_err(ChainFailure)?,
            chain_id: self.chain_id,
            accounts: self.accounts.clone(),
            history: self.history.clone(),
            last_weight: self.last_weight,
            last_error: None,
        })
    }

    /// The chain's blocks and state.
    pub fn store(&self) -> &BlockStore {
        &self.store
    }

    /// Runs `f` against the head's state, discarding anything it writes.
    pub fn with<R>(&mut self, f: impl FnOnce() -> R) -> R {
        runtime::ChainId::set(self.chain_id);
        self.store.read(f)
    }

    /// Runs `f` against the head's state and keeps what it writes (the
    /// node's direct edits: balances, the clock).
    fn edit<R>(&mut self, f: impl FnOnce() -> R) -> Result<R> {
        runtime::ChainId::set(self.chain_id);
        self.store.edit_head(f).map_err(ChainFailure)
    }

    /// The weight of the last transaction (deployments included).
    pub fn last_weight(&self) -> CallWeight {
        self.last_weight
    }

    /// The dispatch error of the last transaction, when it failed without
    /// revert data (a trap, out of weight, a failed transfer).
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// Seals empty blocks up to block `number` (e.g. to test claim expiry
    /// at a given height; FRAME numbers blocks one after another); the
    /// next transaction is mined in the block after it. A number at or
    /// below the head is refused.
    pub fn set_block_number(&mut self, number: u64) -> Result<()> {
        let head = u64::from(self.store.head());
        block_number(number)?;
        if number <= head {
            return Err(ChainFailure(format!("block {number} is not after the head, {head}")));
        }
        self.mine(number - head)
    }

    /// Sets the head's timestamp, in seconds (the next block is a second
    /// after it).
    pub fn set_timestamp(&mut self, seconds: u64) -> Result<()> {
        self.edit(|| pallet_timestamp::Now::<Runtime>::put(seconds.saturating_mul(1000)))
    }

    /// Records `block`'s contract events in the log history.
    fn record(&mut self, block: BlockNumber, logs: &[Log]) -> u64 {
        self.history.record(u64::from(block), logs);
        u64::from(block)
    }

    /// Uploads `code` (a `.polkavm` blob) and instantiates it from `from`
    /// with constructor input `input` (ABI-encoded arguments, no selector):
    /// a creation transaction, as pallet-revive's eth-rpc sends one.
    pub fn instantiate(&mut self, from: Address, code: Vec<u8>, input: &[u8]) -> Result<Deployment> {
        let done = self.transact(from, None, U256::ZERO, &[&code[..], input].concat(), max_weight())?;
        if let Some(e) = done.error {
            return Err(ChainFailure(format!("instantiate: {e}")));
        }
        let address = match (done.success, done.contract_address) {
            (true, Some(address)) => address,
            _ => return Err(ChainFailure(format!("constructor reverted: 0x{}", alloy::hex::encode(&done.output)))),
        };
        let tx = Tx {
            success: true,
            output: Vec::new(),
            logs: done.logs,
            cost: done.weight.ref_time,
            fee: U256::ZERO,
            hash: None,
            block: done.block,
        };
        Ok(Deployment { address, tx })
    }

    /// Sets `account`'s balance to `wei` (the node's `--fund` and
    /// `anvil_setBalance`).
    pub fn set_balance(&mut self, account: Address, wei: U256) -> Result<()> {
        self.edit(|| Revive::set_evm_balance(&h160(account), to_sp(wei)))?
            .map_err(|e| ChainFailure(format!("setting the balance of {account}: {e:?}")))
    }

    /// Storage word `key` of contract `account` (zero when unset; ink!
    /// storage keys are ink!'s own, not Solidity's slots).
    pub fn storage_at(&mut self, account: Address, key: B256) -> Result<B256> {
        let value = self
            .with(|| Revive::get_storage(h160(account), key.0))
            .map_err(|e| ChainFailure(format!("storage of {account}: {e:?}")))?;
        let mut word = [0u8; 32];
        if let Some(v) = value {
            let n = v.len().min(32);
            word[32 - n..].copy_from_slice(&v[v.len() - n..]);
        }
        Ok(B256::from(word))
    }

    /// A transaction mined in a block of its own: `from` calls `to` (or
    /// creates, with `to` `None`) with `value` and `input`, with at most
    /// `weight_limit`. A revert, a trap or running out of weight fails it
    /// and undoes all but the nonce, as on an Ethereum chain. Init code that
    /// is not a PolkaVM blob is refused before anything is mined.
    pub fn transact(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        input: &[u8],
        weight_limit: Weight,
    ) -> Result<Executed> {
        if to.is_none() && split_init_code(input).is_none() {
            return Err(not_a_blob());
        }
        let head = self.store.head();
        let (number, now) = (head.saturating_add(1), self.store.now_ms(head).saturating_add(1000));
        runtime::ChainId::set(self.chain_id);
        let (_, done) = self
            .store
            .seal_with::<Runtime, _>(number, now, Vec::new(), || {
                // As `CheckNonce` does before dispatch: a deployment then
                // lands at `create1(from, nonce)`, the address an Ethereum
                // node gives it.
                System::inc_account_nonce(account_id(from));
                let done = execute(from, to, value, input, weight_limit);
                let logs = if matches!(&done, Ok(d) if d.success) { emitted_logs() } else { Vec::new() };
                done.map(|d| Executed { logs, ..d })
            })
            .map_err(sealed)?;
        let mut done = done?;
        self.last_weight = done.weight;
        self.last_error = done.error.clone();
        done.block = self.record(number, &done.logs);
        Ok(done)
    }

    /// Runs what [`InkChain::transact`] would, on top of the head, and
    /// discards every effect (`eth_call`, `eth_estimateGas`).
    pub fn dry_run(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        input: &[u8],
        weight_limit: Weight,
    ) -> Result<Executed> {
        let mut done = self.with(|| {
            // As a mined transaction is: its nonce bumped first, so a
            // creation derives the address it would get.
            System::inc_account_nonce(account_id(from));
            execute(from, to, value, input, weight_limit)
        })?;
        done.block = u64::from(self.store.head());
        Ok(done)
    }

    /// Validates a signed extrinsic and seals it in a block of its own;
    /// its contract events join the log history (so the Ethereum side sees
    /// them). Returns the extrinsic's hash and the block's.
    pub fn submit_extrinsic(
        &mut self,
        extrinsic: &[u8],
    ) -> std::result::Result<(H256, H256), lst_substrate_chain::Rejected> {
        runtime::ChainId::set(self.chain_id);
        let head = self.store.head();
        let done = self.store.submit::<Runtime>(extrinsic)?;
        self.record_new_blocks(head);
        Ok(done)
    }

    /// Seals `count` empty blocks (at most
    /// [`lst_substrate_chain::MAX_NEW_BLOCKS`] a call).
    pub fn new_blocks(&mut self, count: u32) -> std::result::Result<H256, lst_substrate_chain::Rejected> {
        runtime::ChainId::set(self.chain_id);
        self.store.new_blocks::<Runtime>(count)
    }

    /// What the extrinsic with hash `extrinsic` did in block `block`, in
    /// Ethereum's terms (for the node's Ethereum side): `None` if the block
    /// does not hold it.
    pub fn extrinsic_receipt(&self, extrinsic: H256, block: H256) -> Option<ExtrinsicReceipt> {
        let sealed = self.store.block_by_hash(&block)?;
        let index = sealed.extrinsics.iter().position(|x| lst_substrate_chain::extrinsic_hash(x) == extrinsic)?;
        let xt = lst_substrate_chain::decode_extrinsic::<Runtime>(&sealed.extrinsics[index]).ok()?;
        let sender = match &xt.preamble {
            sp_runtime::generic::Preamble::Signed(sp_runtime::MultiAddress::Id(account), _, _) => {
                Address::from(<Runtime as pallet_revive::Config>::AddressMapper::to_address(account).0)
            }
            _ => Address::ZERO,
        };
        let phase = frame_system::Phase::ApplyExtrinsic(u32::try_from(index).ok()?);
        let records: Vec<_> =
            self.store.events::<RuntimeEvent>(sealed.number()).into_iter().filter(|r| r.phase == phase).collect();
        let success = records
            .iter()
            .any(|r| matches!(r.event, RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })));
        Some(ExtrinsicReceipt {
            sender,
            success,
            logs: if success { logs_of(records) } else { Vec::new() },
            block: u64::from(sealed.number()),
        })
    }

    /// Records the contract events of the blocks after `from` in the log
    /// history.
    fn record_new_blocks(&mut self, from: BlockNumber) {
        for number in from.saturating_add(1)..=self.store.head() {
            let logs = logs_of(self.store.events::<RuntimeEvent>(number));
            if !logs.is_empty() {
                self.record(number, &logs);
            }
        }
    }
}

impl Chain for InkChain {
    fn backend(&self) -> String {
        "ink! in-process (pallet-revive)".into()
    }

    fn platform(&self) -> Platform {
        Platform::Ink
    }

    fn nonce(&mut self, account: Address) -> Result<u64> {
        let account = account_id(account);
        Ok(u64::from(self.with(|| System::account_nonce(&account))))
    }

    fn accounts(&self) -> &[Address] {
        &self.accounts
    }

    fn chain_id(&mut self) -> Result<u64> {
        Ok(self.chain_id)
    }

    fn deploy_tx(&mut self, from: Address, contract: Contract, constructor_args: &[u8]) -> Result<Deployment> {
        let code = contract.code(Platform::Ink)?;
        self.instantiate(from, code, constructor_args)
    }

    fn send(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Tx> {
        // A trap (no revert data) fails the transaction like an EVM revert
        // without data; the chain's state is unchanged either way.
        let done = self.transact(from, Some(to), value, data, max_weight())?;
        let output = if done.success { Vec::new() } else { done.output };
        Ok(Tx {
            success: done.success,
            output,
            logs: done.logs,
            cost: done.weight.ref_time,
            fee: U256::ZERO,
            hash: None,
            block: done.block,
        })
    }

    fn call(&mut self, to: Address, data: &[u8]) -> Result<std::result::Result<Vec<u8>, Vec<u8>>> {
        let origin = RuntimeOrigin::signed(account_id(Address::ZERO));
        let r = self.with(|| {
            with_transaction(|| {
                let r = Revive::bare_call(
                    origin,
                    h160(to),
                    sp_core::U256::zero(),
                    limits(),
                    data.to_vec(),
                    &ExecConfig::new_substrate_tx_without_bump(),
                );
                TransactionOutcome::Rollback(Ok::<_, DispatchError>(r))
            })
        });
        let r = r.map_err(|e| dispatch_failure("call", e))?;
        match r.result {
            Ok(ret) if ret.did_revert() => Ok(Err(ret.data)),
            Ok(ret) => Ok(Ok(ret.data)),
            Err(e) => Err(dispatch_failure("call", e)),
        }
    }

    fn balance(&mut self, account: Address) -> Result<U256> {
        Ok(from_sp(self.with(|| Revive::evm_balance(&h160(account)))))
    }

    fn state_digest(&mut self, account: Address) -> Result<Option<B256>> {
        // A contract's storage is its child trie, so the trie's root names
        // its content; an account without a contract has only a balance.
        let (root, balance) = self.with(|| {
            let root = pallet_revive::AccountInfo::<Runtime>::load_contract(&h160(account))
                .map(|info| {
                    sp_io::default_child_storage::root(
                        info.child_trie_info().storage_key(),
                        sp_runtime::StateVersion::V1,
                    )
                })
                .unwrap_or_default();
            (root, Revive::evm_balance(&h160(account)))
        });
        let mut bytes = root;
        bytes.extend_from_slice(&from_sp(balance).to_be_bytes::<32>());
        Ok(Some(alloy::primitives::keccak256(bytes)))
    }

    fn block_number(&mut self) -> Result<u64> {
        Ok(u64::from(self.store.head()))
    }

    fn contract_block_number(&mut self) -> Result<u64> {
        self.block_number()
    }

    fn timestamp(&mut self) -> Result<u64> {
        Ok(self.store.now_ms(self.store.head()) / 1000)
    }

    fn code(&mut self, account: Address) -> Result<Vec<u8>> {
        Ok(self.with(|| Revive::code(&h160(account))))
    }

    fn mine(&mut self, blocks: u64) -> Result<()> {
        let mut left = blocks;
        while left > 0 {
            let count = left.min(u64::from(lst_substrate_chain::MAX_NEW_BLOCKS));
            // `count` is at most MAX_NEW_BLOCKS, a u32.
            self.new_blocks(count as u32).map_err(sealed)?;
            left -= count;
        }
        Ok(())
    }

    fn advance_time(&mut self, seconds: u64) -> Result<()> {
        // The runtime's clock is in milliseconds: a step it cannot hold is
        // refused and the clock stays where it is.
        let now = self.store.now_ms(self.store.head());
        let then = seconds.checked_mul(1000).and_then(|ms| now.checked_add(ms)).ok_or_else(|| {
            ChainFailure(format!("a step of {seconds} s takes the clock past what it can hold (now {now} ms)"))
        })?;
        self.edit(|| pallet_timestamp::Now::<Runtime>::put(then))
    }

    fn log_records(&mut self, address: Address, from_block: u64, to_block: u64) -> Result<Vec<ChainLog>> {
        Ok(self.history.between(address, from_block, to_block))
    }
}
