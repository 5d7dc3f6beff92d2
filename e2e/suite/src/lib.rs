//! The end-to-end scenario suite, written once against [`Chain`] and the
//! committed `abi/*.sol` interfaces, and run on every backend:
//!
//! - [`InProcess`]: the devnode chain as a library (the deployable wasm on
//!   wasmi, no network);
//! - [`Rpc`]: any Ethereum JSON-RPC endpoint through an alloy provider —
//!   the `devnode` binary here, a Nitro devnode or Arbitrum Sepolia
//!   elsewhere (`STYLUS_RPC_URL`, keys from `STYLUS_PRIVATE_KEYS`).
//!
//! Both deploy through the StylusDeployer (init code + constructor in one
//! transaction), mine one block per transaction, and report a reverted
//! transaction as a [`Tx`] with `success == false` and the revert data.

pub mod bench;
pub mod scenarios;

use alloy::{
    eips::BlockNumberOrTag,
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, Log, B256, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{Filter, TransactionRequest},
    signers::local::PrivateKeySigner,
    sol_types::{SolCall, SolEvent},
};
use lst_devnode::{
    deployer::{self, IStylusDeployer},
    rpc, STYLUS_DEPLOYER,
};
use std::path::PathBuf;

/// Why a backend could not do what was asked (not a revert: reverts are
/// [`Tx`] results).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ChainFailure(pub String);

fn failure(e: impl std::fmt::Display) -> ChainFailure {
    ChainFailure(e.to_string())
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
    /// What it cost: wasm fuel in process, `gasUsed` over RPC.
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

/// Which contracts a chain runs: what [`Chain::deploy`] deploys and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    /// Arbitrum Stylus: brotli wasm through the StylusDeployer (CREATE2).
    Stylus,
    /// pallet-revive: the ink! `.polkavm` blob, uploaded and instantiated by
    /// a contract-creation transaction (CREATE from the sender's nonce).
    Ink,
}

impl Platform {
    /// Its name in manifests and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Stylus => "stylus",
            Self::Ink => "ink",
        }
    }

    /// The platform called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Stylus, Self::Ink].into_iter().find(|p| p.name() == name)
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

/// A chain the scenarios run on.
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
    /// The latest block.
    fn block_number(&mut self) -> Result<u64>;
    /// The latest block's timestamp (seconds).
    fn timestamp(&mut self) -> Result<u64>;
    /// The code at `account` (empty for an account without code).
    fn code(&mut self, account: Address) -> Result<Vec<u8>>;
    /// Mines `blocks` empty blocks.
    fn mine(&mut self, blocks: u64) -> Result<()>;
    /// Moves the clock forward.
    fn advance_time(&mut self, seconds: u64) -> Result<()>;
    /// The logs of `address` from block `from_block` on.
    fn logs(&mut self, address: Address, from_block: u64) -> Result<Vec<Log>>;
}

/// The suite's deployable contracts, by role. Every backend deploys its own
/// platform's build of each, behind the same Solidity ABI (`abi/*.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Contract {
    /// The ratio feed / rate provider.
    RateProvider,
    /// ankrAVAX.
    CertToken,
    /// aAVAXb, aKSMb, aDOTb.
    BondToken,
    /// The AVAX staking pool.
    AvalanchePool,
    /// The KSM/DOT claims pool.
    PolkadotPool,
}

impl Contract {
    /// Every contract, in deployment order.
    pub const ALL: [Contract; 5] =
        [Self::RateProvider, Self::CertToken, Self::BondToken, Self::AvalanchePool, Self::PolkadotPool];

    /// Its entry in the registry of deployable contracts (`lst-registry`:
    /// names, crates, size budgets), which lists them in this same order.
    pub fn deployable(self) -> &'static lst_registry::Deployable {
        // The variants are declared in the registry's order, so the index is
        // in range (tested: `contracts_are_the_registrys`).
        &lst_registry::CONTRACTS[self as usize]
    }

    /// Its name in `abi/` (`abi/<name>.json`).
    pub fn name(self) -> &'static str {
        self.deployable().name
    }

    /// Its Stylus build: `$STYLUS_WASM_DIR/<artifact>.wasm`.
    pub fn stylus_artifact(self) -> String {
        self.deployable().stylus_artifact()
    }

    /// Its build for `platform`.
    pub fn artifact(self, platform: Platform) -> String {
        match platform {
            Platform::Stylus => self.stylus_artifact(),
            Platform::Ink => self.ink_artifact(),
        }
    }

    /// What [`Chain::deploy`] puts on a chain of `platform` for it: the
    /// Stylus code (`0xEFF000` + brotli wasm) or the `.polkavm` blob —
    /// which is also the code the chain then reports at its address.
    pub fn code(self, platform: Platform) -> Result<Vec<u8>> {
        match platform {
            Platform::Stylus => stylus_code(&self.stylus_artifact()),
            Platform::Ink => ink_code(&self.ink_artifact()),
        }
    }

    /// Its ink! build: `$INK_ARTIFACTS_DIR/<artifact>/<artifact>.polkavm`.
    pub fn ink_artifact(self) -> String {
        self.deployable().ink_artifact()
    }
}

/// Typed calls over any [`Chain`] with the `sol!` types of `abi/*.sol`.
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
            Ok(out) => C::abi_decode_returns(&out).map_err(failure),
            Err(revert) => Err(ChainFailure(format!("{} reverted: 0x{}", C::SIGNATURE, alloy::hex::encode(revert)))),
        }
    }
}

impl<T: Chain + ?Sized> ChainExt for T {}

/// The cache directory `var` names, or `$HOME/.cache/lst-target/<default>`.
fn artifact_dir(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/lst-target").join(default)
    })
}

/// The `.polkavm` blob of `contract` (e.g. `lst_ink_rate_provider`) as
/// built by `scripts/build.sh --ink` into `$INK_ARTIFACTS_DIR`. Fails
/// loudly when the build is missing.
pub fn ink_code(contract: &str) -> Result<Vec<u8>> {
    let path = artifact_dir("INK_ARTIFACTS_DIR", "ink-artifacts").join(contract).join(format!("{contract}.polkavm"));
    std::fs::read(&path)
        .map_err(|e| ChainFailure(format!("{}: {e} (run scripts/build.sh --ink first)", path.display())))
}

/// The deployable wasm of `contract` (e.g. `lst_avalanche_pool`) as built
/// by `scripts/build.sh`, compressed into Stylus code. Fails loudly when
/// the build is missing.
pub fn stylus_code(contract: &str) -> Result<Vec<u8>> {
    let path = artifact_dir("STYLUS_WASM_DIR", "stylus-wasm").join(format!("{contract}.wasm"));
    let wasm = std::fs::read(&path)
        .map_err(|e| ChainFailure(format!("{}: {e} (run scripts/build.sh first)", path.display())))?;
    Ok(lst_devnode::stylus_code(&wasm))
}

fn deploy_data(code: &[u8], constructor_args: &[u8]) -> Vec<u8> {
    deployer::deploy_with_constructor(code, Some(constructor_args), U256::ZERO)
}

/// The address a StylusDeployer `deploy` transaction created (from its
/// `ContractDeployed` event); a reverted deployment is an error naming
/// `backend`.
pub fn deployed(tx: &Tx, backend: &str) -> Result<Address> {
    if !tx.success {
        return Err(ChainFailure(format!("{backend}: deployment reverted: 0x{}", alloy::hex::encode(&tx.output))));
    }
    tx.logs
        .iter()
        .filter(|l| l.address == STYLUS_DEPLOYER)
        .find_map(|l| IStylusDeployer::ContractDeployed::decode_log_data(&l.data).ok())
        .map(|e| e.deployedContract)
        .ok_or_else(|| ChainFailure(format!("{backend}: no ContractDeployed event")))
}

/// Starts the devnode's JSON-RPC server (the `devnode` binary's) on a free
/// local port, in a background thread that lives as long as the process;
/// returns its URL. Tests of off-chain tools use it to go through real
/// JSON-RPC without a separate process.
pub fn spawn_devnode(chain_id: u64) -> Result<String> {
    let node = rpc::Node::new(chain_id).map_err(failure)?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ready = tx.clone();
        if let Err(e) = rpc::serve(node, "127.0.0.1:0", move |addr| drop(ready.send(Ok(addr)))) {
            drop(tx.send(Err(e)));
        }
    });
    let addr = rx.recv().map_err(failure)?.map_err(ChainFailure)?;
    Ok(format!("http://{addr}"))
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

    /// The logs of `address` from block `from_block` on, in order.
    pub fn of(&self, address: Address, from_block: u64) -> Vec<Log> {
        self.0
            .iter()
            .filter(|(block, log)| *block >= from_block && log.address == address)
            .map(|(_, log)| log.clone())
            .collect()
    }
}

/// The devnode chain in process, with the same funded dev accounts as the
/// `devnode` binary.
pub struct InProcess {
    chain: lst_devnode::Chain,
    accounts: Vec<Address>,
    /// Every log so far, with its block.
    history: LogHistory,
}

impl InProcess {
    /// A fresh chain with id `chain_id`.
    pub fn new(chain_id: u64) -> Result<Self> {
        let mut chain = lst_devnode::Chain::new(chain_id).map_err(failure)?;
        let accounts = rpc::fund_dev_accounts(&mut chain).map_err(failure)?;
        Ok(Self { chain, accounts, history: LogHistory::default() })
    }

    /// The chain underneath (for fuel measurements and direct state).
    pub fn inner(&mut self) -> &mut lst_devnode::Chain {
        &mut self.chain
    }
}

impl Chain for InProcess {
    fn backend(&self) -> String {
        "in-process".into()
    }

    fn platform(&self) -> Platform {
        Platform::Stylus
    }

    fn nonce(&mut self, account: Address) -> Result<u64> {
        Ok(self.chain.world().account(account).nonce)
    }

    fn accounts(&self) -> &[Address] {
        &self.accounts
    }

    fn chain_id(&mut self) -> Result<u64> {
        Ok(self.chain.block().chain_id)
    }

    fn deploy_tx(&mut self, from: Address, contract: Contract, constructor_args: &[u8]) -> Result<Deployment> {
        let code = stylus_code(&contract.stylus_artifact())?;
        self.chain.compile(&code).map_err(failure)?;
        let tx = self.send(from, STYLUS_DEPLOYER, U256::ZERO, &deploy_data(&code, constructor_args))?;
        Ok(Deployment { address: deployed(&tx, "in-process")?, tx })
    }

    fn send(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Tx> {
        self.chain.mine(1);
        let r = self.chain.send(from, to, value, data).map_err(failure)?;
        self.history.record(r.block_number, &r.logs);
        Ok(Tx {
            success: r.success,
            output: if r.success { Vec::new() } else { r.output },
            logs: r.logs,
            cost: r.fuel,
            fee: U256::ZERO,
            hash: None,
            block: r.block_number,
        })
    }

    fn call(&mut self, to: Address, data: &[u8]) -> Result<std::result::Result<Vec<u8>, Vec<u8>>> {
        let r = self.chain.call(Address::ZERO, to, U256::ZERO, data).map_err(failure)?;
        Ok(if r.success { Ok(r.output) } else { Err(r.output) })
    }

    fn balance(&mut self, account: Address) -> Result<U256> {
        Ok(self.chain.balance(account))
    }

    fn block_number(&mut self) -> Result<u64> {
        Ok(self.chain.block().number)
    }

    fn timestamp(&mut self) -> Result<u64> {
        Ok(self.chain.block().timestamp)
    }

    fn code(&mut self, account: Address) -> Result<Vec<u8>> {
        Ok(self.chain.world().program(account).map(|p| p.code.to_vec()).unwrap_or_default())
    }

    fn mine(&mut self, blocks: u64) -> Result<()> {
        (0..blocks).for_each(|_| self.chain.mine(1));
        Ok(())
    }

    fn advance_time(&mut self, seconds: u64) -> Result<()> {
        self.chain.advance_time(seconds);
        Ok(())
    }

    fn logs(&mut self, address: Address, from_block: u64) -> Result<Vec<Log>> {
        Ok(self.history.of(address, from_block))
    }
}

/// A JSON-RPC endpoint through an alloy provider.
pub struct Rpc {
    url: String,
    platform: Platform,
    runtime: tokio::runtime::Runtime,
    provider: DynProvider,
    accounts: Vec<Address>,
}

impl Rpc {
    /// Connects to a Stylus chain at `url`, signing with `keys` (their
    /// accounts must be funded).
    pub fn connect(url: &str, keys: &[B256]) -> Result<Self> {
        Self::connect_to(url, keys, Platform::Stylus)
    }

    /// Connects to a chain of `platform` at `url` (for ink!, a
    /// pallet-revive eth-rpc endpoint), signing with `keys`.
    pub fn connect_to(url: &str, keys: &[B256], platform: Platform) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(failure)?;
        let signers: Vec<PrivateKeySigner> =
            keys.iter().map(PrivateKeySigner::from_bytes).collect::<std::result::Result<_, _>>().map_err(failure)?;
        let (first, rest) = signers.split_first().ok_or_else(|| ChainFailure("no keys".into()))?;
        let accounts: Vec<Address> = signers.iter().map(|s| s.address()).collect();
        let mut wallet = EthereumWallet::from(first.clone());
        for s in rest {
            wallet.register_signer(s.clone());
        }
        let endpoint = url.parse().map_err(failure)?;
        let provider = ProviderBuilder::new().wallet(wallet).connect_http(endpoint).erased();
        Ok(Self { url: url.to_owned(), platform, runtime, provider, accounts })
    }

    /// Connects to `STYLUS_RPC_URL` with `STYLUS_PRIVATE_KEYS`
    /// (comma-separated; the devnode's dev keys when unset). Fails loudly
    /// when no URL is given.
    pub fn from_env() -> Result<Self> {
        let url = std::env::var("STYLUS_RPC_URL").map_err(|_| {
            ChainFailure("STYLUS_RPC_URL is not set (scripts/test.sh starts a devnode and sets it)".into())
        })?;
        let keys = match std::env::var("STYLUS_PRIVATE_KEYS") {
            Ok(list) => list.split(',').map(|k| k.trim().parse().map_err(failure)).collect::<Result<Vec<B256>>>()?,
            Err(_) => rpc::dev_keys(),
        };
        Self::connect(&url, &keys)
    }

    fn raw(&self, method: &'static str, params: serde_json::Value) -> Result<serde_json::Value> {
        self.runtime.block_on(self.provider.raw_request(method.into(), params)).map_err(failure)
    }

    /// Sends `request` from `from` and waits for its receipt: a refused
    /// transaction (its gas estimate reverts) comes back as a failed [`Tx`]
    /// with the revert data and is never sent. Also returns the address a
    /// contract creation made.
    fn transact(&mut self, from: Address, request: TransactionRequest) -> Result<(Tx, Option<Address>)> {
        let provider = &self.provider;
        self.runtime.block_on(async {
            // Estimate first: a revert comes back with its data and nothing
            // is sent. The nonce is read per transaction, so a refused one
            // leaves no gap (alloy's cached nonces would).
            let gas = match provider.estimate_gas(request.clone()).await {
                Ok(gas) => gas,
                Err(e) => {
                    return match e.as_error_resp().and_then(|r| r.as_revert_data()) {
                        Some(data) => Ok((
                            Tx {
                                success: false,
                                output: data.to_vec(),
                                logs: Vec::new(),
                                cost: 0,
                                fee: U256::ZERO,
                                hash: None,
                                block: 0,
                            },
                            None,
                        )),
                        None => Err(failure(e)),
                    };
                }
            };
            let nonce = provider.get_transaction_count(from).await.map_err(failure)?;
            let pending = provider.send_transaction(request.gas_limit(gas).nonce(nonce)).await.map_err(failure)?;
            let receipt = pending.get_receipt().await.map_err(failure)?;
            let tx = Tx {
                success: receipt.status(),
                output: Vec::new(),
                logs: receipt.inner.logs().iter().map(|l| l.inner.clone()).collect(),
                cost: receipt.gas_used,
                fee: U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price),
                hash: Some(receipt.transaction_hash),
                block: receipt.block_number.unwrap_or_default(),
            };
            Ok((tx, receipt.contract_address))
        })
    }
}

impl Chain for Rpc {
    fn backend(&self) -> String {
        format!("json-rpc {} ({})", self.url, self.platform.name())
    }

    fn platform(&self) -> Platform {
        self.platform
    }

    fn nonce(&mut self, account: Address) -> Result<u64> {
        self.runtime.block_on(async { self.provider.get_transaction_count(account).await }).map_err(failure)
    }

    fn accounts(&self) -> &[Address] {
        &self.accounts
    }

    fn chain_id(&mut self) -> Result<u64> {
        self.runtime.block_on(self.provider.get_chain_id()).map_err(failure)
    }

    fn deploy_tx(&mut self, from: Address, contract: Contract, constructor_args: &[u8]) -> Result<Deployment> {
        let code = contract.code(self.platform)?;
        match self.platform {
            Platform::Stylus => {
                let tx = self.send(from, STYLUS_DEPLOYER, U256::ZERO, &deploy_data(&code, constructor_args))?;
                Ok(Deployment { address: deployed(&tx, &self.backend())?, tx })
            }
            Platform::Ink => {
                // pallet-revive's eth-rpc: a creation transaction whose input
                // is the PolkaVM blob followed by the constructor input.
                let input = [code.as_slice(), constructor_args].concat();
                let request = TransactionRequest::default().from(from).into_create().input(input.into());
                let (tx, address) = self.transact(from, request)?;
                if !tx.success {
                    return Err(ChainFailure(format!(
                        "{}: deployment reverted: 0x{}",
                        self.backend(),
                        alloy::hex::encode(&tx.output)
                    )));
                }
                let address = address
                    .ok_or_else(|| ChainFailure(format!("{}: no contract address in the receipt", self.backend())))?;
                Ok(Deployment { address, tx })
            }
        }
    }

    fn send(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Tx> {
        let request = TransactionRequest::default().from(from).to(to).value(value).input(data.to_vec().into());
        self.transact(from, request).map(|(tx, _)| tx)
    }

    fn call(&mut self, to: Address, data: &[u8]) -> Result<std::result::Result<Vec<u8>, Vec<u8>>> {
        let request = TransactionRequest::default().to(to).input(data.to_vec().into());
        match self.runtime.block_on(async { self.provider.call(request).await }) {
            Ok(out) => Ok(Ok(out.to_vec())),
            Err(e) => match e.as_error_resp().and_then(|r| r.as_revert_data()) {
                Some(data) => Ok(Err(data.to_vec())),
                None => Err(failure(e)),
            },
        }
    }

    fn balance(&mut self, account: Address) -> Result<U256> {
        self.runtime.block_on(async { self.provider.get_balance(account).await }).map_err(failure)
    }

    fn block_number(&mut self) -> Result<u64> {
        self.runtime.block_on(self.provider.get_block_number()).map_err(failure)
    }

    fn timestamp(&mut self) -> Result<u64> {
        let block = self
            .runtime
            .block_on(async { self.provider.get_block_by_number(BlockNumberOrTag::Latest).await })
            .map_err(failure)?
            .ok_or_else(|| ChainFailure("no latest block".into()))?;
        Ok(block.header.timestamp)
    }

    fn code(&mut self, account: Address) -> Result<Vec<u8>> {
        self.runtime.block_on(async { self.provider.get_code_at(account).await }).map(|c| c.to_vec()).map_err(failure)
    }

    fn mine(&mut self, blocks: u64) -> Result<()> {
        for _ in 0..blocks {
            self.raw("evm_mine", serde_json::json!([]))?;
        }
        Ok(())
    }

    fn advance_time(&mut self, seconds: u64) -> Result<()> {
        self.raw("evm_increaseTime", serde_json::json!([seconds])).map(drop)
    }

    fn logs(&mut self, address: Address, from_block: u64) -> Result<Vec<Log>> {
        let filter = Filter::new().address(address).from_block(from_block);
        let logs = self.runtime.block_on(self.provider.get_logs(&filter)).map_err(failure)?;
        Ok(logs.into_iter().map(|l| l.inner).collect())
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
    fn the_size_check_measures_the_code_the_devnode_deploys() -> std::io::Result<()> {
        // The size check (lst-registry) and the deployment (lst-devnode)
        // each compress; they must agree byte for byte.
        let wasm: Vec<u8> = (0u32..20_000).flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()).collect();
        let code = lst_devnode::stylus_code(&wasm);
        assert_eq!(code.len(), lst_devnode::code::STYLUS_PREFIX.len() + lst_registry::stylus_compressed_len(&wasm)?);
        Ok(())
    }
}
