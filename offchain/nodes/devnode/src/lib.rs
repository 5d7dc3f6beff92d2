//! A local Stylus chain that runs the contracts' deployable wasm — the exact
//! files `scripts/build.sh` produces — on the wasmi interpreter.
//!
//! - Code is deployed as on Arbitrum: init code (cargo-stylus' EVM prelude
//!   and the Stylus code, `0xEFF000`, a dictionary byte and the
//!   brotli-compressed wasm), by a create transaction or through the
//!   StylusDeployer at its canonical address, which also runs the
//!   constructor in the same transaction (see [`code`] and [`deployer`]).
//!   EVM bytecode is refused by name; so is a program importing a hostio
//!   this chain lacks.
//! - Each call runs the program's `user_entrypoint` in a fresh instance;
//!   nested calls (`call_contract`, `static_call_contract`,
//!   `delegate_call_contract`) re-enter the same store. State changes are
//!   journaled: a revert undoes the call and everything under it.
//! - Storage follows Stylus' per-call cache: loads fill it, writes stay in it
//!   until `storage_flush_cache` (or the program's successful exit).
//! - The ecrecover precompile lives at `0x01`, ArbSys at `0x64`
//!   (`arbBlockNumber`, `arbChainID`).
//! - Two block numbers, as on Arbitrum: `eth_blockNumber` is the L2 number
//!   (one per transaction or `evm_mine`), while a program's `block.number`
//!   is the sequencer's estimate of the L1 number, which follows the clock
//!   (one L1 block per [`L1_BLOCK_SECS`] seconds) and is the
//!   `l1BlockNumber` of the JSON-RPC block objects. They start far apart
//!   ([`L1_GENESIS_BLOCK`] against 1), so code that mixes them fails.
//! - Programs run once activated ([`arbos`]: ArbWasm at `0x71` with
//!   Nitro's activation rules, ArbGasInfo at `0x6c`); a program in Nitro's
//!   cache starts cheaper ([`cache_manager`]: ArbWasmCache at `0x72` and
//!   the cache manager that programs enter by bid).
//! - Gas is counted as Nitro counts it ([`gas`]): ink per basic block of
//!   wasm, written into the program as Nitro's compiler writes it
//!   ([`meter`]), ink per hostio, the EVM's gas for what hostios do in it (storage, logs,
//!   calls, account access, warm or cold), each program call's init gas and
//!   memory, and a transaction's intrinsic gas. A transaction's gas limit is
//!   enforced; a nested call gets at most its `gas` argument and all but a
//!   64th of what is left.
//!
//! [`InProcess`] is this chain as an `lst_client::Chain`; `lst-node` serves
//! it over JSON-RPC (`lst-node --platform stylus`).

pub mod arbos;
pub mod cache_manager;
pub mod code;
pub mod deployer;
pub mod gas;
mod host;
mod in_process;
pub mod meter;
mod precompiles;
pub mod testing;
mod world;

pub use code::{code_from_init_code, stylus_wasm, Program, HOSTIOS};
pub use host::{BlockEnv, CallKind, GasBreakdown, Message, Outcome, ARB_SYS, ECRECOVER, MAX_CALL_DEPTH, OUT_OF_GAS};

/// The L1 block number at the devnode's genesis.
pub const L1_GENESIS_BLOCK: u64 = 7_000_000;
/// Seconds of chain time per L1 block (Ethereum's slot).
pub const L1_BLOCK_SECS: u64 = 12;
/// The devnode's genesis timestamp.
pub const GENESIS_TIMESTAMP: u64 = 1_735_689_600;
pub use in_process::{fund_dev_accounts, InProcess};
pub use lst_client::stylus::STYLUS_DEPLOYER;
pub use world::{Account, World};

use alloy_primitives::{Address, Log, B256, U256};
use host::State;
use std::sync::Arc;
use wasmi::{Config, Engine, Store};
/// The gas limit of the transactions and calls the in-process chain runs
/// without one ([`Chain::send`], [`Chain::call`]): more than any block's,
/// so measurements at scale are not cut short.
pub const GAS_LIMIT: u64 = 1_000_000_000;

/// The L1 block number the sequencer would estimate at `timestamp`.
pub fn l1_block_at(timestamp: u64) -> u64 {
    L1_GENESIS_BLOCK.saturating_add(timestamp.saturating_sub(GENESIS_TIMESTAMP) / L1_BLOCK_SECS)
}

/// Why the chain refused something.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// The code is not `STYLUS_PREFIX || brotli(wasm)`.
    #[error("not Stylus code: {0}")]
    InvalidCode(String),
    /// Init code other than the Stylus deployment prelude: this chain runs
    /// Stylus programs only.
    #[error("EVM bytecode is not supported: deploy Stylus init code (cargo-stylus prelude + 0xEFF000 code)")]
    EvmBytecode,
    /// The wasm does not compile.
    #[error("invalid wasm: {0}")]
    InvalidWasm(String),
    /// The program imports a hostio this chain does not provide.
    #[error("unknown import {module}.{name}")]
    UnknownImport {
        /// The import's module.
        module: String,
        /// The import's name.
        name: String,
    },
    /// The transaction's gas limit does not cover its intrinsic gas (it is
    /// refused, not mined).
    #[error("intrinsic gas too low: have {have}, want {want}")]
    IntrinsicGasTooLow {
        /// The gas limit.
        have: u64,
        /// Its intrinsic gas.
        want: u64,
    },
    /// The engine failed (not a revert: a bug here or a resource limit).
    #[error("engine: {0}")]
    Engine(String),
}

/// What a transaction did.
#[derive(Clone, Debug)]
pub struct Receipt {
    /// Whether it succeeded.
    pub success: bool,
    /// Return data, or revert data.
    pub output: Vec<u8>,
    /// Logs (none when it reverted).
    pub logs: Vec<Log>,
    /// Wasm fuel burned, nested calls included (one fuel is
    /// [`gas::INK_PER_FUEL`] ink).
    pub fuel: u64,
    /// Gas used: intrinsic gas and the gas of the fuel burned.
    pub gas_used: u64,
    /// Where `gas_used` went.
    pub breakdown: GasBreakdown,
    /// The created contract, for a deployment.
    pub contract_address: Option<Address>,
    /// The block it was included in.
    pub block_number: u64,
}

/// The chain: world state, block and the wasm engine.
pub struct Chain {
    engine: Engine,
    store: Store<State>,
}

fn engine_error(e: impl std::fmt::Display) -> ChainError {
    ChainError::Engine(e.to_string())
}

impl Chain {
    /// An empty chain with id `chain_id` at block 1.
    pub fn new(chain_id: u64) -> Result<Self, ChainError> {
        let mut config = Config::default();
        // No interpreter fuel: programs carry Nitro's own metering
        // (`meter`), and the host keeps the rest of a call's budget.
        config.consume_fuel(false);
        let engine = Engine::new(&config);
        let linker = Arc::new(host::linker(&engine).map_err(engine_error)?);
        let block = BlockEnv {
            number: 1,
            l1_number: L1_GENESIS_BLOCK,
            timestamp: GENESIS_TIMESTAMP,
            chain_id,
            coinbase: Address::ZERO,
            basefee: U256::from(100_000_000u64),
            gas_limit: 30_000_000,
            activation_fee_per_byte: U256::ZERO,
        };
        let mut world = World::default();
        for (key, value) in cache_manager::genesis() {
            world.set_storage(cache_manager::CACHE_MANAGER, key, value);
        }
        world.commit();
        let mut state = State::new(world, block, precompiles::dispatch);
        host::install_linker(&mut state, linker);
        Ok(Self { store: Store::new(&engine, state), engine })
    }

    /// An independent copy of this chain between transactions: the same
    /// accounts, storage, block and engine (compiled programs are shared),
    /// so a test can deploy once and run many cases from the same state.
    pub fn fork(&self) -> Result<Self, ChainError> {
        let linker = Arc::new(host::linker(&self.engine).map_err(engine_error)?);
        let data = self.store.data();
        let mut state = State::new(data.world.snapshot(), data.block.clone(), precompiles::dispatch);
        host::install_linker(&mut state, linker);
        Ok(Self { store: Store::new(&self.engine, state), engine: self.engine.clone() })
    }

    /// The current block.
    pub fn block(&self) -> &BlockEnv {
        &self.store.data().block
    }

    /// Moves to the next block, `seconds` later (the L1 number follows
    /// the clock).
    pub fn mine(&mut self, seconds: u64) {
        let block = &mut self.store.data_mut().block;
        block.number = block.number.saturating_add(1);
        block.timestamp = block.timestamp.saturating_add(seconds);
        block.l1_number = l1_block_at(block.timestamp);
    }

    /// Moves the clock `seconds` forward without a new block (and the L1
    /// number with it).
    pub fn advance_time(&mut self, seconds: u64) {
        let block = &mut self.store.data_mut().block;
        block.timestamp = block.timestamp.saturating_add(seconds);
        block.l1_number = l1_block_at(block.timestamp);
    }

    /// Sets the data fee of activations, wei per byte of compressed code
    /// (zero on a new chain; `lst-node` charges one, as Nitro does).
    pub fn set_activation_fee(&mut self, wei_per_byte: U256) {
        self.store.data_mut().block.activation_fee_per_byte = wei_per_byte;
    }

    /// Puts Stylus `code` at `address` and activates it (`anvil_setCode`):
    /// for tests that need a contract at an address an account already
    /// uses. Code activation refuses is refused by name.
    pub fn set_code(&mut self, address: Address, code: &[u8]) -> Result<(), ChainError> {
        let program = Arc::new(self.compile(code)?);
        let now = self.block().timestamp;
        let activation = arbos::check(code, now)?;
        let world = &mut self.store.data_mut().world;
        world.set_activation(program.codehash, activation);
        world.set_program(address, program);
        world.commit();
        Ok(())
    }

    /// Puts Stylus `code` at `address` without activating it, as a state
    /// override of `eth_call` does on Nitro (`cargo stylus check` then asks
    /// ArbWasm to activate it). Code that does not compile is refused.
    pub fn put_code(&mut self, address: Address, code: &[u8]) -> Result<(), ChainError> {
        let program = Arc::new(self.compile(code)?);
        let world = &mut self.store.data_mut().world;
        world.set_program(address, program);
        world.commit();
        Ok(())
    }

    /// Sets `account`'s nonce.
    pub fn set_nonce(&mut self, account: Address, nonce: u64) {
        let world = &mut self.store.data_mut().world;
        world.set_nonce(account, nonce);
        world.commit();
    }

    /// Writes `slots` (key, value) of `account`'s storage; with `replace`,
    /// every other slot of the account is cleared first.
    pub fn set_storage(&mut self, account: Address, slots: &[(B256, B256)], replace: bool) {
        let world = &mut self.store.data_mut().world;
        if replace {
            world.clear_storage(account);
        }
        for (key, value) in slots {
            world.set_storage(account, *key, *value);
        }
        world.commit();
    }

    /// The activation of `codehash`, if it is activated.
    pub fn activation(&self, codehash: B256) -> Option<arbos::Activation> {
        self.world().activation(codehash)
    }

    /// Sets the block number (e.g. to test expiry).
    pub fn set_block_number(&mut self, number: u64) {
        self.store.data_mut().block.number = number;
    }

    /// The world state.
    pub fn world(&self) -> &World {
        &self.store.data().world
    }

    /// Gives `account` `amount` wei.
    pub fn fund(&mut self, account: Address, amount: U256) {
        let world = &mut self.store.data_mut().world;
        let balance = world.balance(account).saturating_add(amount);
        world.set_balance(account, balance);
        world.commit();
    }

    /// Sets `account`'s balance to `amount` wei.
    pub fn set_balance(&mut self, account: Address, amount: U256) {
        let world = &mut self.store.data_mut().world;
        world.set_balance(account, amount);
        world.commit();
    }

    /// The balance of `account`.
    pub fn balance(&self, account: Address) -> U256 {
        self.world().balance(account)
    }

    /// Storage slot `key` of `account`.
    pub fn storage_at(&self, account: Address, key: B256) -> B256 {
        self.world().storage(account, key)
    }

    /// Compiles Stylus `code`, checking every import is a hostio here.
    pub fn compile(&self, code: &[u8]) -> Result<Program, ChainError> {
        code::compile(&self.engine, code)
    }

    /// Starts a transaction from `from` to `to` with `data` and at most
    /// `gas`: what is left after the intrinsic gas becomes the fuel.
    /// Returns the intrinsic gas and the fuel limit.
    fn begin(&mut self, from: Address, to: Option<Address>, data: &[u8], gas: u64) -> Result<(u64, u64), ChainError> {
        let intrinsic = gas::intrinsic_gas(data, to.is_none());
        if gas < intrinsic {
            return Err(ChainError::IntrinsicGasTooLow { have: gas, want: intrinsic });
        }
        let fuel = gas::fuel_of_gas(gas - intrinsic);
        // A fresh store per transaction: a wasmi store keeps every instance
        // it ever created (with its linear memory), so one long-lived store
        // would grow with every call until the process runs out of memory.
        let empty = Store::new(&self.engine, State::new(World::default(), self.block().clone(), precompiles::dispatch));
        let state = std::mem::replace(&mut self.store, empty).into_data();
        self.store = Store::new(&self.engine, state);
        self.store.data_mut().begin_transaction(from, to, fuel);
        Ok((intrinsic, fuel))
    }

    fn fuel_used(&self, limit: u64) -> u64 {
        limit.saturating_sub(host::ink_left(&self.store))
    }

    fn finish(
        &mut self,
        outcome: Outcome,
        contract_address: Option<Address>,
        (intrinsic, limit): (u64, u64),
    ) -> Receipt {
        let fuel = self.fuel_used(limit);
        let gas_used = intrinsic.saturating_add(gas::gas_of_fuel(fuel));
        let breakdown = GasBreakdown::of(&self.store.data().access.spent, intrinsic, gas_used);
        let world = &mut self.store.data_mut().world;
        let logs = world.take_logs();
        world.commit();
        Receipt {
            success: outcome.success,
            output: outcome.output,
            logs: if outcome.success { logs } else { Vec::new() },
            fuel,
            gas_used,
            breakdown,
            contract_address: contract_address.filter(|_| outcome.success),
            block_number: self.block().number,
        }
    }

    /// Deploys Stylus `code` from `from` through the StylusDeployer (a
    /// `deploy(initCode, initData, value, 0)` transaction), running the
    /// `#[constructor]` with `constructor_args` and `value` when they are
    /// given: a failing constructor leaves no contract. The receipt's
    /// `contract_address` is the new contract. Code this chain cannot run
    /// is refused before anything is sent.
    pub fn deploy(
        &mut self,
        from: Address,
        code: &[u8],
        constructor_args: Option<&[u8]>,
        value: U256,
    ) -> Result<Receipt, ChainError> {
        self.compile(code)?;
        let data = lst_client::stylus::deploy_with_constructor(code, constructor_args, value);
        let mut receipt = self.send(from, STYLUS_DEPLOYER, value, &data)?;
        if receipt.success {
            receipt.contract_address = Some(deployer::deployed_address(&receipt.output)?);
        }
        Ok(receipt)
    }

    /// A create transaction: `from` deploys `init_code` (the Stylus
    /// prelude and code) with `value`, at the address `CREATE` derives. No
    /// constructor runs (use [`Chain::deploy`] for that, as on Arbitrum).
    pub fn create(&mut self, from: Address, init_code: &[u8], value: U256) -> Result<Receipt, ChainError> {
        self.create_limited(from, init_code, value, GAS_LIMIT)
    }

    /// [`Chain::create`] with at most `gas`: the intrinsic gas of a creation
    /// and 200 gas per byte of code stored; short of the latter, it fails
    /// and only the nonce moves.
    pub fn create_limited(
        &mut self,
        from: Address,
        init_code: &[u8],
        value: U256,
        gas: u64,
    ) -> Result<Receipt, ChainError> {
        let code = code_from_init_code(init_code)?;
        let deposit = gas::fuel_of_gas(gas::code_deposit_gas(code.len() as u64));
        let program = Arc::new(self.compile(code)?);
        let started = self.begin(from, None, init_code, gas)?;
        let address = from.create(self.store.data_mut().world.bump_nonce(from));
        if self.world().program(address).is_some() {
            return Err(ChainError::InvalidCode(format!("{address} already holds code")));
        }
        let left = host::ink_left(&self.store);
        host::set_ink_left(&mut self.store, left.saturating_sub(deposit)).map_err(engine_error)?;
        let world = &mut self.store.data_mut().world;
        let outcome = match (left >= deposit, world.transfer(from, address, value)) {
            (true, Ok(())) => {
                world.set_program(address, program);
                Outcome { success: true, output: Vec::new() }
            }
            _ => Outcome { success: false, output: Vec::new() },
        };
        Ok(self.finish(outcome, Some(address), started))
    }

    /// Sends a transaction: `from` calls `to` with `value` and `data`. A
    /// revert undoes everything but the nonce.
    pub fn send(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Receipt, ChainError> {
        self.send_limited(from, to, value, data, GAS_LIMIT)
    }

    /// [`Chain::send`] with at most `gas` (the transaction's gas limit): a
    /// transaction that runs out fails, and all but the nonce is undone; a
    /// limit under the intrinsic gas is refused.
    pub fn send_limited(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
        data: &[u8],
        gas: u64,
    ) -> Result<Receipt, ChainError> {
        let started = self.begin(from, Some(to), data, gas)?;
        self.store.data_mut().world.bump_nonce(from);
        let msg = Message {
            kind: CallKind::Call,
            caller: from,
            address: to,
            code_address: to,
            value,
            data: data.to_vec(),
            is_static: false,
        };
        let outcome = host::execute(&mut self.store, msg).map_err(engine_error)?;
        Ok(self.finish(outcome, None, started))
    }

    /// Runs a call and discards its effects (`eth_call`).
    pub fn call(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Receipt, ChainError> {
        let (intrinsic, limit) = self.begin(from, Some(to), data, GAS_LIMIT)?;
        let checkpoint = self.store.data().world.checkpoint();
        let msg = Message {
            kind: CallKind::Call,
            caller: from,
            address: to,
            code_address: to,
            value,
            data: data.to_vec(),
            is_static: false,
        };
        let outcome = host::execute(&mut self.store, msg).map_err(engine_error)?;
        let fuel = self.fuel_used(limit);
        let world = &mut self.store.data_mut().world;
        let logs = world.logs().to_vec();
        world.revert_to(checkpoint);
        world.take_logs();
        world.commit();
        let gas_used = intrinsic.saturating_add(gas::gas_of_fuel(fuel));
        Ok(Receipt {
            success: outcome.success,
            output: outcome.output,
            logs: if outcome.success { logs } else { Vec::new() },
            fuel,
            gas_used,
            breakdown: GasBreakdown::of(&self.store.data().access.spent, intrinsic, gas_used),
            contract_address: None,
            block_number: self.block().number,
        })
    }
}
