//! The Rust SDK of the LST suite: what a dapp backend, a bot or a deploy
//! script needs to talk to the contracts on either platform.
//!
//! - [`abi`]: typed bindings of every contract, generated from the
//!   committed `abi/*.sol` (alloy `sol!` with `rpc`: call them on any alloy
//!   provider), and the notary's EIP-712 [`abi::Claim`] with its signer.
//! - [`Chain`]: one synchronous interface to a chain (send, call, deploy,
//!   logs, time), with typed calls through [`ChainExt`]. [`Rpc`] implements
//!   it over JSON-RPC with alloy; the local chains (`lst-devnode`,
//!   `lst-revive-chain`) implement it in process.
//! - [`Contract`] and [`Platform`]: the deployable contracts and the two
//!   platforms they ship on, from the project's one registry
//!   (`lst-registry`); [`artifacts`] reads their builds.
//! - [`stylus`]: Stylus code, init code and the StylusDeployer (how a
//!   Stylus contract and its constructor are deployed in one transaction).
//! - [`dev`]: the local chains' funded development accounts.
//!
//! `examples/stake.rs` stakes, unstakes and withdraws against a node URL
//! with the async bindings.

pub mod abi;
pub mod artifacts;
pub mod book;
pub mod dev;
mod rpc;
pub mod stylus;

pub use alloy;
pub use artifacts::{ink_code, stylus_code, stylus_wasm};
pub use lst_registry::{Deployable, Platform};
pub use rpc::{receipt_of, Rpc, RECEIPT_TIMEOUT};

use alloy::{
    primitives::{Address, Log, B256, U256},
    sol_types::SolCall,
};

/// Why a backend could not do what was asked (not a revert: reverts are
/// [`Tx`] results).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ChainFailure(pub String);

impl ChainFailure {
    /// A failure that says `e`.
    pub fn from_display(e: impl std::fmt::Display) -> Self {
        Self(e.to_string())
    }
}

/// What backends return.
pub type Result<T> = std::result::Result<T, ChainFailure>;

/// A mined transaction (or, when it would revert, the revert).
#[derive(Clone, Debug)]
pub struct Tx {
    /// Whether it succeeded.
    pub success: bool,
    /// Revert data when it failed (return data is not in receipts).
    pub output: Vec<u8>,
    /// Its logs.
    pub logs: Vec<Log>,
    /// What it cost in the backend's unit: gas as Nitro counts it on the
    /// in-process Stylus chain, weight on the in-process pallet-revive
    /// chain, `gasUsed` over JSON-RPC.
    pub cost: u64,
    /// The fee its sender paid (`gasUsed * effectiveGasPrice`; zero in
    /// process and on the devnode, which charge none).
    pub fee: U256,
    /// Its hash, when it was sent to a node (`None` in process, and for a
    /// refused transaction, which is never sent).
    pub hash: Option<B256>,
    /// The block it was mined in (0 when it was refused).
    pub block: u64,
}

impl Tx {
    /// A transaction refused before it was sent (its gas estimate
    /// reverted with `output`).
    pub fn refused(output: Vec<u8>) -> Self {
        Self { success: false, output, logs: Vec::new(), cost: 0, fee: U256::ZERO, hash: None, block: 0 }
    }
}

/// A contract a [`Chain`] deployed.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// Its address.
    pub address: Address,
    /// The transaction that deployed it.
    pub tx: Tx,
}

/// The widest block range the SDK asks of `eth_getLogs` at once (the
/// keeper reads in smaller ranges still; `lst-node` refuses wider ones).
pub const LOG_RANGE: u64 = 10_000;

/// A chain: the operations the deploy tool, the keeper, the notary and the
/// scenarios need, the same on every backend.
pub trait Chain {
    /// The backend's name, for messages.
    fn backend(&self) -> String;
    /// The contracts it runs.
    fn platform(&self) -> Platform;
    /// The number of transactions `account` has sent (its next nonce).
    fn nonce(&mut self, account: Address) -> Result<u64>;
    /// Funded accounts the backend can send from; `[0]` deploys.
    fn accounts(&self) -> &[Address];
    /// The chain id.
    fn chain_id(&mut self) -> Result<u64>;
    /// Deploys this backend's build of `contract` (Stylus: the StylusDeployer
    /// with the brotli wasm; ink!: upload and instantiate the `.polkavm`),
    /// running its constructor with the ABI-encoded `constructor_args`;
    /// returns the new address and the deploying transaction. A reverted
    /// deployment is an error.
    fn deploy_tx(&mut self, from: Address, contract: Contract, constructor_args: &[u8]) -> Result<Deployment>;
    /// [`Chain::deploy_tx`], returning only the address.
    fn deploy(&mut self, from: Address, contract: Contract, constructor_args: &[u8]) -> Result<Address> {
        self.deploy_tx(from, contract, constructor_args).map(|d| d.address)
    }
    /// `from` calls `to` with `value` and `data` in a transaction.
    fn send(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Tx>;
    /// A read-only call: its output, or its revert data.
    fn call(&mut self, to: Address, data: &[u8]) -> Result<std::result::Result<Vec<u8>, Vec<u8>>>;
    /// The native balance of `account`.
    fn balance(&mut self, account: Address) -> Result<U256>;
    /// A digest of `account`'s contract storage and native balance that
    /// changes whenever either does, so what a view of an unchanged
    /// contract returned can be used again (the stateful fuzzer does);
    /// `None` where this backend cannot tell (then nothing is reused). Two
    /// equal digests mean nothing changed in between; the converse need not
    /// hold (a write that put back the value before may change it).
    fn state_digest(&mut self, account: Address) -> Result<Option<B256>> {
        let _ = account;
        Ok(None)
    }
    /// The latest block (`eth_blockNumber`).
    fn block_number(&mut self) -> Result<u64>;
    /// The block number contracts read as `block.number` now, the unit of
    /// every block deadline they check (`claimBeforeBlock`): on Arbitrum
    /// the sequencer's estimate of the L1 block number (the latest block's
    /// `l1BlockNumber`), not [`Chain::block_number`]; on pallet-revive the
    /// block number itself.
    fn contract_block_number(&mut self) -> Result<u64>;
    /// The latest block's timestamp (seconds).
    fn timestamp(&mut self) -> Result<u64>;
    /// The code at `account` (empty for an account without code).
    fn code(&mut self, account: Address) -> Result<Vec<u8>>;
    /// Mines `blocks` empty blocks.
    fn mine(&mut self, blocks: u64) -> Result<()>;
    /// Moves the clock forward.
    fn advance_time(&mut self, seconds: u64) -> Result<()>;
    /// The logs of `address` in blocks `from_block..=to_block`, in order,
    /// with where each was emitted.
    fn log_records(&mut self, address: Address, from_block: u64, to_block: u64) -> Result<Vec<ChainLog>>;
    /// The logs of `address` in blocks `from_block..=to_block`, in order.
    fn logs_between(&mut self, address: Address, from_block: u64, to_block: u64) -> Result<Vec<Log>> {
        Ok(self.log_records(address, from_block, to_block)?.into_iter().map(|r| r.log).collect())
    }
    /// The logs of `address` from block `from_block` to the head, asked in
    /// ranges of at most [`LOG_RANGE`] blocks (public nodes refuse longer
    /// ones, and so does `lst-node`).
    fn logs(&mut self, address: Address, from_block: u64) -> Result<Vec<Log>> {
        let head = self.block_number()?;
        let mut logs = Vec::new();
        let mut from = from_block;
        while from <= head {
            let to = head.min(from.saturating_add(LOG_RANGE - 1));
            logs.extend(self.logs_between(address, from, to)?);
            from = to.saturating_add(1);
            if to == u64::MAX {
                break;
            }
        }
        Ok(logs)
    }
}

/// Typed calls over any [`Chain`] with the `sol!` types of [`abi`].
pub trait ChainExt: Chain {
    /// Sends `call` from `from` with `value`.
    fn exec<C: SolCall>(&mut self, from: Address, to: Address, value: U256, call: C) -> Result<Tx> {
        self.send(from, to, value, &call.abi_encode())
    }

    /// Sends `call` and fails unless it succeeds.
    fn ok<C: SolCall>(&mut self, from: Address, to: Address, call: C) -> Result<Tx> {
        let tx = self.exec(from, to, U256::ZERO, call)?;
        if !tx.success {
            return Err(ChainFailure(format!("{} reverted: 0x{}", C::SIGNATURE, alloy::hex::encode(&tx.output))));
        }
        Ok(tx)
    }

    /// Reads `call` and decodes its return value.
    fn view<C: SolCall>(&mut self, to: Address, call: C) -> Result<C::Return> {
        match self.call(to, &call.abi_encode())? {
            Ok(out) => C::abi_decode_returns(&out).map_err(ChainFailure::from_display),
            Err(revert) => Err(ChainFailure(format!("{} reverted: 0x{}", C::SIGNATURE, alloy::hex::encode(revert)))),
        }
    }
}

impl<T: Chain + ?Sized> ChainExt for T {}

/// The deployable contracts, by role. Every backend deploys its own
/// platform's build of each, behind the same Solidity ABI (`abi/*.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Contract {
    /// The ratio feed / rate provider.
    RateProvider,
    /// ankrAVAX.
    CertToken,
    /// aAVAXb, aKSMb, aDOTb.
    BondToken,
    /// The validator staking module.
    Staking,
    /// The AVAX staking pool.
    AvalanchePool,
    /// The AVAX pool's operator side: its validator set.
    AvalancheDelegator,
    /// The AVAX pool's stake at one validator.
    StakeAccount,
    /// The KSM/DOT claims pool.
    PolkadotPool,
    /// The validators' node data beside the staking module.
    ValidatorConfig,
}

impl Contract {
    /// Every contract, in deployment order.
    pub const ALL: [Contract; 9] = [
        Self::RateProvider,
        Self::CertToken,
        Self::BondToken,
        Self::Staking,
        Self::AvalanchePool,
        Self::AvalancheDelegator,
        Self::StakeAccount,
        Self::PolkadotPool,
        Self::ValidatorConfig,
    ];

    /// Its entry in the registry of deployable contracts (`lst-registry`:
    /// names, crates, size budgets), which lists them in this same order.
    pub fn deployable(self) -> &'static Deployable {
        // The variants are declared in the registry's order, so the index is
        // in range (tested: `contracts_are_the_registrys`).
        &lst_registry::CONTRACTS[self as usize]
    }

    /// Its name in `abi/` (`abi/<name>.json`).
    pub fn name(self) -> &'static str {
        self.deployable().name
    }

    /// Its build for `platform`: the stem of `$STYLUS_WASM_DIR/<stem>.wasm`
    /// or of `$INK_ARTIFACTS_DIR/<stem>/<stem>.polkavm`.
    pub fn artifact(self, platform: Platform) -> String {
        match platform {
            Platform::Stylus => self.deployable().stylus_artifact(),
            Platform::Ink => self.deployable().ink_artifact(),
        }
    }

    /// What [`Chain::deploy`] puts on a chain of `platform` for it: the
    /// Stylus code (`0xEFF000` + brotli wasm) or the `.polkavm` blob —
    /// which is also the code the chain then reports at its address.
    pub fn code(self, platform: Platform) -> Result<Vec<u8>> {
        match platform {
            Platform::Stylus => stylus_code(&self.artifact(platform)),
            Platform::Ink => ink_code(&self.artifact(platform)),
        }
    }
}

/// A log and where it was emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainLog {
    /// The log.
    pub log: Log,
    /// Its block.
    pub block: u64,
    /// Its transaction (`None` on the in-process chains, which have no
    /// hashes).
    pub tx_hash: Option<B256>,
    /// Its index in the block (in process: in the chain's whole history).
    /// With the block, it identifies the log.
    pub index: u64,
}

/// Every log an in-process chain emitted, with its block: what
/// [`Chain::logs`] answers from when there is no node to ask.
#[derive(Clone, Debug, Default)]
pub struct LogHistory(Vec<(u64, Log)>);

impl LogHistory {
    /// Keeps `logs`, emitted in `block`.
    pub fn record(&mut self, block: u64, logs: &[Log]) {
        self.0.extend(logs.iter().map(|l| (block, l.clone())));
    }

    /// The logs of `address` in blocks `from_block..=to_block`, in order.
    pub fn between(&self, address: Address, from_block: u64, to_block: u64) -> Vec<ChainLog> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, (block, log))| (from_block..=to_block).contains(block) && log.address == address)
            .map(|(index, (block, log))| ChainLog {
                log: log.clone(),
                block: *block,
                tx_hash: None,
                index: index as u64,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contracts_are_the_registrys() {
        assert_eq!(Contract::ALL.len(), lst_registry::CONTRACTS.len());
        for (contract, entry) in Contract::ALL.into_iter().zip(lst_registry::CONTRACTS) {
            assert_eq!(format!("{contract:?}"), entry.name);
            assert_eq!(contract.deployable(), entry);
        }
    }

    #[test]
    fn log_history_answers_by_address_and_block() {
        let log = |byte: u8| Log::new_unchecked(Address::repeat_byte(byte), Vec::new(), Default::default());
        let mut history = LogHistory::default();
        history.record(1, &[log(1), log(2)]);
        history.record(3, &[log(1)]);
        assert_eq!(history.between(Address::repeat_byte(1), 0, 3).len(), 2);
        assert_eq!(history.between(Address::repeat_byte(1), 2, 3).len(), 1);
        assert_eq!(history.between(Address::repeat_byte(1), 0, 2).len(), 1, "up to block 2 only");
        assert!(history.between(Address::repeat_byte(3), 0, 3).is_empty());
    }
}
