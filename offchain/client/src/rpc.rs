//! [`Rpc`]: a [`Chain`] over any Ethereum JSON-RPC endpoint, through an
//! alloy provider: the `devnode` binary, a Nitro devnode, Arbitrum Sepolia,
//! or a pallet-revive eth-rpc endpoint.

use crate::{stylus, Chain, ChainFailure, ChainLog, Contract, Deployment, Platform, Result, Tx};
use alloy::{
    eips::BlockNumberOrTag,
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, B256, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{Filter, TransactionRequest},
    signers::local::PrivateKeySigner,
};

fn failure(e: impl std::fmt::Display) -> ChainFailure {
    ChainFailure(e.to_string())
}

/// How long [`receipt_of`] waits for a sent transaction to be mined.
pub const RECEIPT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Waits for the receipt of `hash` by asking for it
/// (`eth_getTransactionReceipt`), first after 10 ms, then backing off to
/// one second between asks; [`ChainFailure`] after [`RECEIPT_TIMEOUT`].
///
/// Hand-written rather than alloy's `get_receipt`: that one watches new
/// blocks through a heartbeat that can miss the block holding the
/// transaction when another client mines blocks at the same moment, and
/// then waits forever (alloy-rs/alloy#3881, #4181). It did here: the
/// keeper stopped for good while the demo advanced the devnode's clock.
pub async fn receipt_of(provider: &DynProvider, hash: B256) -> Result<alloy::rpc::types::TransactionReceipt> {
    let deadline = tokio::time::Instant::now() + RECEIPT_TIMEOUT;
    let mut pause = std::time::Duration::from_millis(10);
    loop {
        if let Some(receipt) = provider.get_transaction_receipt(hash).await.map_err(failure)? {
            return Ok(receipt);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(ChainFailure(format!("no receipt for transaction {hash} within {RECEIPT_TIMEOUT:?}")));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(std::time::Duration::from_secs(1));
    }
}

/// A JSON-RPC endpoint through an alloy provider, blocking: it owns a
/// single-threaded tokio runtime and waits for every receipt, so the
/// synchronous [`Chain`] callers (the deploy tool, the keeper, the
/// scenarios) can use it; async code uses [`Rpc::provider`] or its own
/// provider. Transactions are estimated first: one that would revert comes
/// back as a failed [`Tx`] with its revert data and is never sent.
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
    /// (comma-separated; the devnode's dev keys when unset), a chain of the
    /// platform `LST_RPC_PLATFORM` names (`stylus`, the default, or `ink`).
    /// Fails loudly when no URL is given or the platform is unknown.
    pub fn from_env() -> Result<Self> {
        let url = std::env::var("STYLUS_RPC_URL").map_err(|_| {
            ChainFailure("STYLUS_RPC_URL is not set (scripts/test.sh starts a devnode and sets it)".into())
        })?;
        let keys = match std::env::var("STYLUS_PRIVATE_KEYS") {
            Ok(list) => list.split(',').map(|k| k.trim().parse().map_err(failure)).collect::<Result<Vec<B256>>>()?,
            Err(_) => crate::dev::dev_keys(),
        };
        let platform = match std::env::var("LST_RPC_PLATFORM") {
            Err(_) => Platform::Stylus,
            Ok(name) => Platform::from_name(&name)
                .ok_or_else(|| ChainFailure(format!("LST_RPC_PLATFORM={name}: stylus or ink")))?,
        };
        Self::connect_to(&url, &keys, platform)
    }

    /// The alloy provider underneath (with the keys' wallet): for async
    /// code, and for the `rpc` bindings of [`crate::abi`].
    pub fn provider(&self) -> &DynProvider {
        &self.provider
    }

    /// The node's gas estimate for a transaction from `from` (`to: None`: a
    /// contract creation); a revert is an error carrying its data.
    pub fn estimate_gas(&self, from: Address, to: Option<Address>, value: U256, data: &[u8]) -> Result<u64> {
        let mut request = TransactionRequest::default().from(from).value(value).input(data.to_vec().into());
        request = match to {
            Some(to) => request.to(to),
            None => request.into_create(),
        };
        self.runtime.block_on(async { self.provider.estimate_gas(request).await }).map_err(failure)
    }

    /// The node's gas price (wei).
    pub fn gas_price(&self) -> Result<u128> {
        self.runtime.block_on(self.provider.get_gas_price()).map_err(failure)
    }

    /// Calls JSON-RPC `method` with `params` as they are (a node's own
    /// methods: `anvil_setCode`, `evm_snapshot`, …).
    pub fn raw(&self, method: &'static str, params: serde_json::Value) -> Result<serde_json::Value> {
        self.runtime.block_on(self.provider.raw_request(method.into(), params)).map_err(failure)
    }

    /// Deploys EVM `init_code` from `from` in a creation transaction (a
    /// Solidity contract on an EVM chain; Stylus and ink! contracts deploy
    /// through [`Chain::deploy_tx`]); the transaction and the new address.
    /// A reverted creation is an error.
    pub fn create(&mut self, from: Address, init_code: &[u8]) -> Result<(Tx, Address)> {
        let request = TransactionRequest::default().from(from).into_create().input(init_code.to_vec().into());
        match self.transact(from, request)? {
            (tx, Some(address)) if tx.success => Ok((tx, address)),
            (tx, _) => Err(ChainFailure(format!(
                "{}: creation reverted: 0x{}",
                self.backend(),
                alloy::hex::encode(&tx.output)
            ))),
        }
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
                        Some(data) => Ok((Tx::refused(data.to_vec()), None)),
                        None => Err(failure(e)),
                    };
                }
            };
            let nonce = provider.get_transaction_count(from).await.map_err(failure)?;
            let pending = provider.send_transaction(request.gas_limit(gas).nonce(nonce)).await.map_err(failure)?;
            let receipt = receipt_of(provider, *pending.tx_hash()).await?;
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
                let data = stylus::deploy_with_constructor(&code, Some(constructor_args), U256::ZERO);
                // The activation's data fee comes out of the value; the
                // deployer refunds the rest.
                let tx = self.send(from, stylus::STYLUS_DEPLOYER, stylus::ACTIVATION_VALUE, &data)?;
                Ok(Deployment { address: stylus::deployed(&tx, &self.backend())?, tx })
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

    fn contract_block_number(&mut self) -> Result<u64> {
        match self.platform {
            Platform::Stylus => {
                let block = self.raw("eth_getBlockByNumber", serde_json::json!(["latest", false]))?;
                let l1 = block.get("l1BlockNumber").and_then(serde_json::Value::as_str).ok_or_else(|| {
                    ChainFailure(format!("{}: the latest block has no l1BlockNumber (not an Arbitrum node?)", self.url))
                })?;
                u64::from_str_radix(l1.trim_start_matches("0x"), 16)
                    .map_err(|e| ChainFailure(format!("l1BlockNumber {l1}: {e}")))
            }
            Platform::Ink => self.block_number(),
        }
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

    fn log_records(&mut self, address: Address, from_block: u64, to_block: u64) -> Result<Vec<ChainLog>> {
        let filter = Filter::new().address(address).from_block(from_block).to_block(to_block);
        let logs = self.runtime.block_on(self.provider.get_logs(&filter)).map_err(failure)?;
        logs.into_iter()
            .map(|l| {
                let block = l.block_number.ok_or_else(|| failure("a log without its block (pending?)"))?;
                Ok(ChainLog {
                    block,
                    tx_hash: l.transaction_hash,
                    index: l.log_index.unwrap_or_default(),
                    log: l.inner,
                })
            })
            .collect()
    }
}
