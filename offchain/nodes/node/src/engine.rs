//! The two chains behind the JSON-RPC layer: what [`crate::rpc::Node`]
//! needs of a chain ([`Engine`]) and its two implementations, the Stylus
//! chain of `lst-devnode` ([`StylusEngine`]) and pallet-revive of
//! `lst-revive-chain` ([`InkEngine`]).

use alloy_primitives::{Address, Log, B256, U256};
use alloy_rpc_types_eth::state::AccountOverride;
use lst_client::{Chain as _, Platform};
use lst_devnode::{code_from_init_code, gas, Chain};
use lst_revive_chain::{max_weight, InkChain, Weight};

/// Why the chain refused a request (a JSON-RPC `-32000` error).
pub type EngineError = String;

/// The chain's current block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    /// The block number (`eth_blockNumber`).
    pub number: u64,
    /// Its timestamp, seconds.
    pub timestamp: u64,
    /// On Arbitrum, the L1 block number programs read as `block.number`
    /// (the block objects' `l1BlockNumber`); `None` elsewhere.
    pub l1_number: Option<u64>,
}

/// What a transaction or a dry run did.
#[derive(Clone, Debug, Default)]
pub struct Executed {
    /// Whether it succeeded.
    pub success: bool,
    /// Return data, or revert data.
    pub output: Vec<u8>,
    /// Its logs (none when it failed).
    pub logs: Vec<Log>,
    /// Gas it used (see each engine for how it is measured).
    pub gas_used: u64,
    /// The gas limit it needs to succeed (`eth_estimateGas`).
    pub gas_required: u64,
    /// The contract a creation made.
    pub contract_address: Option<Address>,
    /// The block it is in.
    pub block_number: u64,
    /// Why it failed without revert data, when it did (a trap, out of gas).
    pub error: Option<String>,
}

/// A chain the JSON-RPC layer can serve. Every transaction is mined in a
/// block of its own, one second after the last; no fee is charged.
pub trait Engine {
    /// The chain's Substrate side, if it has one (the ink! chain's: its
    /// Substrate JSON-RPC over the same state).
    fn substrate(&mut self) -> Option<&mut dyn lst_substrate_chain::rpc::Backend> {
        None
    }
    /// What the Substrate extrinsic with hash `extrinsic` did in the block
    /// with hash `block`, for the Ethereum side's records (the ink! chain).
    fn extrinsic_receipt(&mut self, _extrinsic: B256, _block: B256) -> Option<lst_revive_chain::ExtrinsicReceipt> {
        None
    }
    /// Stylus or ink!.
    fn platform(&self) -> Platform;
    /// The chain id.
    fn chain_id(&mut self) -> u64;
    /// The current block.
    fn head(&mut self) -> Head;
    /// The base fee blocks report (wei per gas; nothing is charged).
    fn base_fee(&self) -> U256;
    /// The block gas limit, the most a transaction may use.
    fn gas_limit(&self) -> u64;
    /// `account`'s balance, wei.
    fn balance(&mut self, account: Address) -> Result<U256, EngineError>;
    /// Sets `account`'s balance.
    fn set_balance(&mut self, account: Address, wei: U256) -> Result<(), EngineError>;
    /// `account`'s nonce.
    fn nonce(&mut self, account: Address) -> Result<u64, EngineError>;
    /// `account`'s code (empty for none).
    fn code(&mut self, account: Address) -> Result<Vec<u8>, EngineError>;
    /// Storage word `slot` of `account`.
    fn storage_at(&mut self, account: Address, slot: B256) -> Result<B256, EngineError>;
    /// Runs a call (`to`) or creation (`to` `None`) on the current state
    /// and discards its effects.
    fn dry_run(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
    ) -> Result<Executed, EngineError>;
    /// Mines a block with one transaction of at most `gas`. An error
    /// means nothing was mined (the transaction is invalid, not failed).
    fn transact(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
        gas: u64,
    ) -> Result<Executed, EngineError>;
    /// Mines an empty block.
    fn mine(&mut self);
    /// Moves the clock `seconds` forward (the next block is that much later).
    fn advance_time(&mut self, seconds: u64);
    /// An independent copy of the chain as it is (`evm_snapshot`).
    fn snapshot(&mut self) -> Result<Box<dyn Engine>, EngineError>;
    /// Puts `code` at `account` (`anvil_setCode`).
    fn set_code(&mut self, account: Address, code: &[u8]) -> Result<(), EngineError>;
    /// Applies one account's state override of `eth_call` (to a
    /// [`Engine::snapshot`], which the call then runs on). What the engine
    /// cannot override is refused by name.
    fn override_account(&mut self, account: Address, with: &AccountOverride) -> Result<(), EngineError>;
}

/// Refuses `eth_call`'s `movePrecompileToAddress`: no engine here has
/// precompiles that could move.
fn no_precompile_move(account: Address, with: &AccountOverride) -> Result<(), EngineError> {
    match with.move_precompile_to {
        Some(_) => Err(format!("state override of {account}: movePrecompileToAddress is not supported")),
        None => Ok(()),
    }
}

/// The Stylus chain: the deployable wasm on wasmi, Arbitrum's two block
/// numbers, the StylusDeployer, ArbSys, ArbWasm. Gas is Nitro's (ink per
/// wasm operator and hostio, the EVM's gas for storage, logs and calls,
/// intrinsic gas; see `lst_devnode::gas` for the model and its tolerance);
/// a transaction's gas limit is enforced, and a nested call gets at most
/// its `gas` argument and all but a 64th of what is left.
pub struct StylusEngine {
    chain: Chain,
}

impl StylusEngine {
    /// A fresh chain with id `chain_id`, `funds` holding their balances.
    pub fn new(chain_id: u64, funds: &[(Address, U256)]) -> Result<Self, EngineError> {
        let mut chain = Chain::new(chain_id).map_err(|e| e.to_string())?;
        for (address, wei) in funds {
            chain.fund(*address, *wei);
        }
        Ok(Self { chain })
    }

    /// The chain underneath.
    pub fn chain(&mut self) -> &mut Chain {
        &mut self.chain
    }
}

fn from_receipt(r: lst_devnode::Receipt) -> Executed {
    Executed {
        success: r.success,
        output: r.output,
        logs: r.logs,
        gas_used: r.gas_used,
        gas_required: r.gas_used,
        contract_address: r.contract_address,
        block_number: r.block_number,
        error: None,
    }
}

impl Engine for StylusEngine {
    fn platform(&self) -> Platform {
        Platform::Stylus
    }

    fn chain_id(&mut self) -> u64 {
        self.chain.block().chain_id
    }

    fn head(&mut self) -> Head {
        let b = self.chain.block();
        Head { number: b.number, timestamp: b.timestamp, l1_number: Some(b.l1_number) }
    }

    fn base_fee(&self) -> U256 {
        self.chain.block().basefee
    }

    fn gas_limit(&self) -> u64 {
        self.chain.block().gas_limit
    }

    fn balance(&mut self, account: Address) -> Result<U256, EngineError> {
        Ok(self.chain.balance(account))
    }

    fn set_balance(&mut self, account: Address, wei: U256) -> Result<(), EngineError> {
        self.chain.set_balance(account, wei);
        Ok(())
    }

    fn nonce(&mut self, account: Address) -> Result<u64, EngineError> {
        Ok(self.chain.world().account(account).nonce)
    }

    fn code(&mut self, account: Address) -> Result<Vec<u8>, EngineError> {
        Ok(self.chain.world().program(account).map(|p| p.code.to_vec()).unwrap_or_default())
    }

    fn storage_at(&mut self, account: Address, slot: B256) -> Result<B256, EngineError> {
        Ok(self.chain.storage_at(account, slot))
    }

    fn dry_run(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
    ) -> Result<Executed, EngineError> {
        let Some(to) = to else {
            // A creation: check the init code would be accepted; it costs
            // its intrinsic gas and its code's deposit.
            let code = code_from_init_code(data).map_err(|e| e.to_string())?;
            self.chain.compile(code).map_err(|e| e.to_string())?;
            let gas = gas::intrinsic_gas(data, true) + gas::code_deposit_gas(code.len() as u64);
            let number = self.head().number;
            return Ok(Executed {
                success: true,
                block_number: number,
                gas_used: gas,
                gas_required: gas,
                ..Default::default()
            });
        };
        let mut done = self.chain.call(from, to, value, data).map(from_receipt).map_err(|e| e.to_string())?;
        // Room for the 64ths nested calls keep back, within the block.
        done.gas_required = done.gas_used.saturating_add(done.gas_used / 8).max(21_000).min(self.gas_limit());
        Ok(done)
    }

    fn transact(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
        gas: u64,
    ) -> Result<Executed, EngineError> {
        if to.is_none() {
            // Refuse code the chain cannot run before mining anything.
            let code = code_from_init_code(data).map_err(|e| e.to_string())?;
            self.chain.compile(code).map_err(|e| e.to_string())?;
        }
        let intrinsic = gas::intrinsic_gas(data, to.is_none());
        if gas < intrinsic {
            return Err(format!("intrinsic gas too low: have {gas}, want {intrinsic}"));
        }
        self.chain.mine(1);
        let mut done = match to {
            Some(to) => self.chain.send_limited(from, to, value, data, gas),
            None => self.chain.create_limited(from, data, value, gas),
        }
        .map(from_receipt)
        .map_err(|e| e.to_string())?;
        if !done.success && done.output.is_empty() && done.gas_used >= gas {
            done.error = Some(lst_devnode::OUT_OF_GAS.to_owned());
        }
        Ok(done)
    }

    fn mine(&mut self) {
        self.chain.mine(1);
    }

    fn advance_time(&mut self, seconds: u64) {
        self.chain.advance_time(seconds);
    }

    fn snapshot(&mut self) -> Result<Box<dyn Engine>, EngineError> {
        Ok(Box::new(Self { chain: self.chain.fork().map_err(|e| e.to_string())? }))
    }

    fn set_code(&mut self, account: Address, code: &[u8]) -> Result<(), EngineError> {
        self.chain.set_code(account, code).map_err(|e| e.to_string())
    }

    /// Balance, nonce, code (installed, not activated: Nitro's `eth_call`
    /// does the same, and `cargo stylus check` relies on it) and storage
    /// (`state` replaces the account's storage, `stateDiff` patches it).
    fn override_account(&mut self, account: Address, with: &AccountOverride) -> Result<(), EngineError> {
        no_precompile_move(account, with)?;
        if let Some(balance) = with.balance {
            self.chain.set_balance(account, balance);
        }
        if let Some(nonce) = with.nonce {
            self.chain.set_nonce(account, nonce);
        }
        if let Some(code) = &with.code {
            self.chain.put_code(account, code).map_err(|e| format!("state override of {account}'s code: {e}"))?;
        }
        if let Some(state) = &with.state {
            let slots: Vec<(B256, B256)> = state.iter().map(|(k, v)| (*k, *v)).collect();
            self.chain.set_storage(account, &slots, true);
        }
        if let Some(diff) = &with.state_diff {
            let slots: Vec<(B256, B256)> = diff.iter().map(|(k, v)| (*k, *v)).collect();
            self.chain.set_storage(account, &slots, false);
        }
        Ok(())
    }
}

/// Reference time (picoseconds) per unit of gas on the ink! node: one gas
/// is one nanosecond of pallet-revive's reference hardware, so a block's
/// two seconds are 2,000,000,000 gas. Proof size is not priced (a local
/// chain has no relay chain to prove to).
pub const REF_TIME_PER_GAS: u64 = 1_000;

/// pallet-revive in process (`lst-revive-chain`): the `.polkavm`
/// contracts, deployed as its eth-rpc deploys them (a creation whose input
/// is the blob and then the constructor input). Gas is weight: see
/// [`REF_TIME_PER_GAS`]; a transaction's gas limit becomes its weight
/// limit, so running out of gas fails it as on Ethereum.
pub struct InkEngine {
    chain: InkChain,
}

impl InkEngine {
    /// A fresh chain with id `chain_id`, the dev accounts funded when
    /// `dev_accounts`, and `funds` holding their balances.
    pub fn new(chain_id: u64, dev_accounts: bool, funds: &[(Address, U256)]) -> Result<Self, EngineError> {
        let mut chain = InkChain::with_dev_accounts(chain_id, dev_accounts).map_err(|e| e.to_string())?;
        for (address, wei) in funds {
            chain.set_balance(*address, *wei).map_err(|e| e.to_string())?;
        }
        Ok(Self { chain })
    }

    /// The chain underneath.
    pub fn chain(&mut self) -> &mut InkChain {
        &mut self.chain
    }
}

/// The weight limit of `gas`: its reference time, at most a block's, and
/// a block's proof size.
fn weight_for(gas: u64) -> Weight {
    let max = max_weight();
    Weight::from_parts(gas.saturating_mul(REF_TIME_PER_GAS).min(max.ref_time()), max.proof_size())
}

fn gas_of(ref_time: u64) -> u64 {
    ref_time.div_ceil(REF_TIME_PER_GAS)
}

fn from_executed(e: lst_revive_chain::Executed) -> Executed {
    Executed {
        success: e.success,
        output: e.output,
        logs: e.logs,
        gas_used: gas_of(e.weight.ref_time),
        gas_required: gas_of(e.required.ref_time),
        contract_address: e.contract_address,
        block_number: e.block,
        error: e.error,
    }
}

impl Engine for InkEngine {
    fn substrate(&mut self) -> Option<&mut dyn lst_substrate_chain::rpc::Backend> {
        Some(&mut self.chain)
    }

    fn extrinsic_receipt(&mut self, extrinsic: B256, block: B256) -> Option<lst_revive_chain::ExtrinsicReceipt> {
        self.chain.extrinsic_receipt(sp_core::H256(extrinsic.0), sp_core::H256(block.0))
    }

    fn platform(&self) -> Platform {
        Platform::Ink
    }

    fn chain_id(&mut self) -> u64 {
        self.chain.chain_id().unwrap_or_default()
    }

    fn head(&mut self) -> Head {
        Head {
            number: self.chain.block_number().unwrap_or_default(),
            timestamp: self.chain.timestamp().unwrap_or_default(),
            l1_number: None,
        }
    }

    fn base_fee(&self) -> U256 {
        U256::from(INK_BASE_FEE)
    }

    fn gas_limit(&self) -> u64 {
        gas_of(max_weight().ref_time())
    }

    fn balance(&mut self, account: Address) -> Result<U256, EngineError> {
        self.chain.balance(account).map_err(|e| e.to_string())
    }

    fn set_balance(&mut self, account: Address, wei: U256) -> Result<(), EngineError> {
        self.chain.set_balance(account, wei).map_err(|e| e.to_string())
    }

    fn nonce(&mut self, account: Address) -> Result<u64, EngineError> {
        self.chain.nonce(account).map_err(|e| e.to_string())
    }

    fn code(&mut self, account: Address) -> Result<Vec<u8>, EngineError> {
        self.chain.code(account).map_err(|e| e.to_string())
    }

    fn storage_at(&mut self, account: Address, slot: B256) -> Result<B256, EngineError> {
        self.chain.storage_at(account, slot).map_err(|e| e.to_string())
    }

    fn dry_run(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
    ) -> Result<Executed, EngineError> {
        self.chain.dry_run(from, to, value, data, weight_for(u64::MAX)).map(from_executed).map_err(|e| e.to_string())
    }

    fn transact(
        &mut self,
        from: Address,
        to: Option<Address>,
        value: U256,
        data: &[u8],
        gas: u64,
    ) -> Result<Executed, EngineError> {
        self.chain.transact(from, to, value, data, weight_for(gas)).map(from_executed).map_err(|e| e.to_string())
    }

    fn mine(&mut self) {
        // Sealing an empty block fails only if the runtime refuses one; the
        // chain then stays at its head, which the node's answers show.
        // Clock steps are checked by the node first (`check_clock`).
        drop(self.chain.mine(1));
    }

    fn advance_time(&mut self, seconds: u64) {
        drop(self.chain.advance_time(seconds));
    }

    fn snapshot(&mut self) -> Result<Box<dyn Engine>, EngineError> {
        Ok(Box::new(Self { chain: self.chain.fork().map_err(|e| e.to_string())? }))
    }

    fn set_code(&mut self, account: Address, _code: &[u8]) -> Result<(), EngineError> {
        Err(format!("anvil_setCode is not supported on the ink! node ({account}): pallet-revive code is uploaded"))
    }

    /// Balance only: pallet-revive keeps code, nonces and contract storage
    /// behind its own accounting (code is uploaded and deposited for, storage
    /// is a child trie per contract), which the local runtime does not let a
    /// call rewrite; each such override is refused by name.
    fn override_account(&mut self, account: Address, with: &AccountOverride) -> Result<(), EngineError> {
        no_precompile_move(account, with)?;
        let refused = [
            (with.nonce.is_some(), "nonce"),
            (with.code.is_some(), "code"),
            (with.state.is_some(), "state"),
            (with.state_diff.is_some(), "stateDiff"),
        ];
        if let Some((_, field)) = refused.iter().find(|(set, _)| *set) {
            return Err(format!("state override of {account}: {field} is not supported on the ink! node (balance is)"));
        }
        if let Some(balance) = with.balance {
            self.set_balance(account, balance)?;
        }
        Ok(())
    }
}

/// The base fee the ink! node's blocks report, wei per gas (nothing is
/// charged; wallets need a price to sign with).
pub const INK_BASE_FEE: u64 = 1_000;
