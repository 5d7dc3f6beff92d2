//! ArbOS as far as a user of the local chain would notice it: program
//! activation (the ArbWasm precompile at `0x71`, with Nitro's activation
//! rules and its data fee) and gas prices (ArbGasInfo at `0x6c`, see
//! [`arb_gas_info`]).
//!
//! The rules are Nitro's, from its published specification and source:
//! compressed code of at most [`MAX_CODE_SIZE`] bytes, at most
//! [`MAX_WASM_SIZE`] bytes of wasm, no floating-point instructions or types,
//! none of the proposals Nitro leaves out (SIMD, reference types, multiple
//! memories, 64-bit memory, tail calls), one memory exported as `memory`
//! starting with at most [`PAGE_LIMIT`] pages, a `user_entrypoint`
//! function `(i32) -> i32`, and imports from `vm_hooks` only (hostios this
//! chain has). A program is called only once its code is activated;
//! activation is per code hash, as on Arbitrum.

use crate::{ChainError, HOSTIOS};
use alloy_primitives::{keccak256, B256, U256};
use wasmi::{CompilationMode, Config, Engine, ExternType, Module};

/// The Stylus version programs are activated at (ArbOS 32's).
pub const STYLUS_VERSION: u16 = 2;
/// Most bytes of compressed code (Ethereum's contract size limit, which
/// Arbitrum keeps for Stylus code).
pub const MAX_CODE_SIZE: usize = 24_576;
/// Most bytes of uncompressed wasm.
pub const MAX_WASM_SIZE: usize = 128 * 1024;
/// Most 64 KiB pages a program's memory may start with.
pub const PAGE_LIMIT: u16 = 128;
/// Ink per unit of gas.
pub const INK_PRICE: u32 = 10_000;
/// Days an activation lasts before it must be renewed.
pub const EXPIRY_DAYS: u16 = 365;
/// Days after activation before a keepalive is accepted.
pub const KEEPALIVE_DAYS: u16 = 31;

/// Why a program cannot be activated; the text starts with the rule's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationError {
    /// The code is not Stylus code (`0xEFF000` prefix, brotli wasm).
    #[error("ProgramNotWasm: {0}")]
    NotWasm(String),
    /// Compressed code over [`MAX_CODE_SIZE`].
    #[error("ProgramTooLarge: {size} bytes of compressed code, over the limit of {MAX_CODE_SIZE}")]
    CodeTooLarge {
        /// Its size.
        size: usize,
    },
    /// Uncompressed wasm over [`MAX_WASM_SIZE`].
    #[error("ProgramWasmTooLarge: {size} bytes of wasm, over the limit of {MAX_WASM_SIZE}")]
    WasmTooLarge {
        /// Its size.
        size: usize,
    },
    /// A floating-point instruction or type.
    #[error("ProgramUsesFloats: Stylus programs may not use floating-point instructions or types ({0})")]
    Floats(String),
    /// A wasm feature Nitro does not accept, or invalid wasm.
    #[error("ProgramInvalidWasm: {0}")]
    Invalid(String),
    /// No `user_entrypoint(i32) -> i32` export.
    #[error("ProgramMissingEntrypoint: no exported function user_entrypoint(i32) -> i32")]
    NoEntrypoint,
    /// No exported `memory`.
    #[error("ProgramMissingMemory: no exported memory named memory")]
    NoMemory,
    /// Memory starting with more than [`PAGE_LIMIT`] pages.
    #[error("ProgramMemoryTooLarge: {pages} pages, over the limit of {PAGE_LIMIT}")]
    MemoryTooLarge {
        /// Its initial pages.
        pages: u64,
    },
    /// An import that is not a hostio of this chain.
    #[error("ProgramImport: {module}.{name} is not a Stylus hostio")]
    Import {
        /// The import's module.
        module: String,
        /// The import's name.
        name: String,
    },
}

/// What activating a program records (per code hash).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Activation {
    /// The Stylus version it was activated at.
    pub version: u16,
    /// When (unix seconds).
    pub activated_at: u64,
    /// Pages its memory starts with.
    pub footprint: u16,
    /// Size of its wasm.
    pub asm_size: u32,
    /// Gas to start it (uncached).
    pub init_gas: u64,
    /// Hash of its wasm.
    pub module_hash: B256,
}

/// Checks `code` (on-chain Stylus code) against the activation rules;
/// returns what activating it would record at time `now`.
pub fn check(code: &[u8], now: u64) -> Result<Activation, ActivationError> {
    if code.len() > MAX_CODE_SIZE {
        return Err(ActivationError::CodeTooLarge { size: code.len() });
    }
    let wasm = crate::stylus_wasm(code).map_err(|e| ActivationError::NotWasm(e.to_string()))?;
    if wasm.len() > MAX_WASM_SIZE {
        return Err(ActivationError::WasmTooLarge { size: wasm.len() });
    }
    let module = Module::new(&strict_engine(), &wasm[..]).map_err(|e| {
        // Tell floats apart: the same module with floats allowed compiles.
        let mut floats = strict_config();
        floats.floats(true);
        if Module::new(&Engine::new(&floats), &wasm[..]).is_ok() {
            ActivationError::Floats(e.to_string())
        } else {
            ActivationError::Invalid(e.to_string())
        }
    })?;
    for import in module.imports() {
        if import.module() != "vm_hooks" || !HOSTIOS.contains(&import.name()) {
            return Err(ActivationError::Import { module: import.module().to_owned(), name: import.name().to_owned() });
        }
    }
    let mut entrypoint = false;
    let mut pages = None;
    for export in module.exports() {
        match (export.name(), export.ty()) {
            ("user_entrypoint", ExternType::Func(f)) => {
                entrypoint = f.params() == [wasmi::ValType::I32] && f.results() == [wasmi::ValType::I32];
            }
            ("memory", ExternType::Memory(m)) => pages = Some(m.minimum()),
            _ => {}
        }
    }
    if !entrypoint {
        return Err(ActivationError::NoEntrypoint);
    }
    let pages = pages.ok_or(ActivationError::NoMemory)?;
    if pages > u64::from(PAGE_LIMIT) {
        return Err(ActivationError::MemoryTooLarge { pages });
    }
    let asm_size = u32::try_from(wasm.len()).unwrap_or(u32::MAX);
    Ok(Activation {
        version: STYLUS_VERSION,
        activated_at: now,
        footprint: u16::try_from(pages).unwrap_or(PAGE_LIMIT),
        asm_size,
        // Nitro's start-up cost: its minimum init gas and a term that grows
        // with the program, modelled as one gas per 32 bytes of wasm.
        init_gas: crate::gas::MIN_INIT_GAS + u64::from(asm_size) / 32,
        module_hash: keccak256(&wasm),
    })
}

/// The data fee of activating `code` at `fee_per_byte` wei per byte of
/// compressed code (Nitro prices the data an activation stores; its price
/// moves with demand, the local chain's is fixed).
pub fn data_fee(code: &[u8], fee_per_byte: U256) -> U256 {
    U256::from(code.len()).saturating_mul(fee_per_byte)
}

/// The wasm features Nitro accepts for user programs: mutable globals,
/// sign extension, multi-value and bulk memory; no floats, SIMD,
/// reference types, multiple memories, 64-bit memory, tail calls or
/// extended constants. Validated eagerly.
fn strict_config() -> Config {
    let mut c = Config::default();
    // SIMD is not built into this wasmi (its `simd` feature is off), so a
    // v128 instruction is refused as invalid wasm.
    c.floats(false)
        .wasm_reference_types(false)
        .wasm_multi_memory(false)
        .wasm_tail_call(false)
        .wasm_extended_const(false)
        .wasm_saturating_float_to_int(false)
        .compilation_mode(CompilationMode::Eager);
    c
}

fn strict_engine() -> Engine {
    Engine::new(&strict_config())
}

impl From<ActivationError> for ChainError {
    fn from(e: ActivationError) -> Self {
        ChainError::InvalidCode(e.to_string())
    }
}

use crate::host::{Message, Outcome, State};
use alloy_primitives::{Address, Log};
use alloy_sol_types::{Revert, SolCall, SolError, SolEvent, SolValue};
use lst_client::stylus::{IArbWasm, ARB_WASM};
use wasmi::{AsContext, AsContextMut};

fn ok(output: Vec<u8>) -> Outcome {
    Outcome { success: true, output }
}

fn fail(output: Vec<u8>) -> Outcome {
    Outcome { success: false, output }
}

/// The program at `address` and its activation: ProgramNotWasm or
/// ProgramNotActivated when there is none.
fn activated(state: &State, address: Address) -> Result<Activation, Outcome> {
    let program = state.world.program(address).ok_or_else(|| fail(IArbWasm::ProgramNotWasm {}.abi_encode()))?;
    state.world.activation(program.codehash).ok_or_else(|| fail(IArbWasm::ProgramNotActivated {}.abi_encode()))
}

fn by_hash(state: &State, codehash: B256) -> Result<Activation, Outcome> {
    state.world.activation(codehash).ok_or_else(|| fail(IArbWasm::ProgramNotActivated {}.abi_encode()))
}

fn seconds(days: u16) -> u64 {
    u64::from(days) * 86_400
}

/// ArbWasm at `0x71` (`msg.value` already credited to it): activation
/// with its data fee (the excess refunded to the caller), keepalive, and
/// the views cargo-stylus and cast read. Anything else reverts without
/// data, as an unknown selector on a precompile does.
pub(crate) fn arb_wasm(ctx: &mut impl AsContextMut<Data = State>, msg: &Message) -> Outcome {
    use IArbWasm::*;
    let mut cx = ctx.as_context_mut();
    let state = cx.data_mut();
    let now = state.block.timestamp;
    let data = &msg.data[..];
    let answer = |r: Result<Vec<u8>, Outcome>| r.map_or_else(|failed| failed, ok);
    let Some(selector) = data.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else { return fail(Vec::new()) };
    match selector {
        activateProgramCall::SELECTOR => {
            let Ok(call) = activateProgramCall::abi_decode(data) else { return fail(Vec::new()) };
            if msg.is_static {
                return fail(Vec::new());
            }
            let Some(program) = state.world.program(call.program) else { return fail(ProgramNotWasm {}.abi_encode()) };
            if state.world.activation(program.codehash).is_some_and(|a| a.version == STYLUS_VERSION) {
                return fail(ProgramUpToDate {}.abi_encode());
            }
            let activation = match check(&program.code, now) {
                Ok(a) => a,
                Err(e) => return fail(Revert::from(e.to_string()).abi_encode()),
            };
            let fee = data_fee(&program.code, state.block.activation_fee_per_byte);
            if msg.value < fee {
                return fail(ProgramInsufficientValue { have: msg.value, want: fee }.abi_encode());
            }
            state.world.set_activation(program.codehash, activation);
            let event = ProgramActivated {
                codehash: program.codehash,
                moduleHash: activation.module_hash,
                program: call.program,
                dataFee: fee,
                version: activation.version,
            };
            state.world.push_log(Log { address: ARB_WASM, data: event.encode_log_data() });
            // The excess goes back to the caller as a plain transfer.
            if state.world.transfer(ARB_WASM, msg.caller, msg.value - fee).is_err() {
                return fail(Vec::new());
            }
            ok((activation.version, fee).abi_encode_params())
        }
        codehashKeepaliveCall::SELECTOR => {
            let Ok(call) = codehashKeepaliveCall::abi_decode(data) else { return fail(Vec::new()) };
            if msg.is_static {
                return fail(Vec::new());
            }
            let mut activation = match by_hash(state, call.codehash) {
                Ok(a) => a,
                Err(failed) => return failed,
            };
            let age = now.saturating_sub(activation.activated_at);
            if age < seconds(KEEPALIVE_DAYS) {
                return fail(ProgramKeepaliveTooSoon { ageInSeconds: age }.abi_encode());
            }
            activation.activated_at = now;
            state.world.set_activation(call.codehash, activation);
            let event = ProgramLifetimeExtended { codehash: call.codehash, dataFee: U256::ZERO };
            state.world.push_log(Log { address: ARB_WASM, data: event.encode_log_data() });
            if state.world.transfer(ARB_WASM, msg.caller, msg.value).is_err() {
                return fail(Vec::new());
            }
            ok(Vec::new())
        }
        stylusVersionCall::SELECTOR => ok(STYLUS_VERSION.abi_encode()),
        inkPriceCall::SELECTOR => ok(INK_PRICE.abi_encode()),
        pageLimitCall::SELECTOR => ok(PAGE_LIMIT.abi_encode()),
        expiryDaysCall::SELECTOR => ok(EXPIRY_DAYS.abi_encode()),
        keepaliveDaysCall::SELECTOR => ok(KEEPALIVE_DAYS.abi_encode()),
        codehashVersionCall::SELECTOR => answer(
            codehashVersionCall::abi_decode(data)
                .map_err(|_| fail(Vec::new()))
                .and_then(|c| by_hash(state, c.codehash))
                .map(|a| a.version.abi_encode()),
        ),
        codehashAsmSizeCall::SELECTOR => answer(
            codehashAsmSizeCall::abi_decode(data)
                .map_err(|_| fail(Vec::new()))
                .and_then(|c| by_hash(state, c.codehash))
                .map(|a| a.asm_size.abi_encode()),
        ),
        programVersionCall::SELECTOR => answer(
            programVersionCall::abi_decode(data)
                .map_err(|_| fail(Vec::new()))
                .and_then(|c| activated(state, c.program))
                .map(|a| a.version.abi_encode()),
        ),
        programInitGasCall::SELECTOR => answer(
            programInitGasCall::abi_decode(data)
                .map_err(|_| fail(Vec::new()))
                .and_then(|c| activated(state, c.program))
                // A cached program starts at a quarter of the cost.
                .map(|a| (a.init_gas, a.init_gas / 4).abi_encode_params()),
        ),
        programMemoryFootprintCall::SELECTOR => answer(
            programMemoryFootprintCall::abi_decode(data)
                .map_err(|_| fail(Vec::new()))
                .and_then(|c| activated(state, c.program))
                .map(|a| a.footprint.abi_encode()),
        ),
        programTimeLeftCall::SELECTOR => answer(
            programTimeLeftCall::abi_decode(data)
                .map_err(|_| fail(Vec::new()))
                .and_then(|c| activated(state, c.program))
                .map(|a| seconds(EXPIRY_DAYS).saturating_sub(now.saturating_sub(a.activated_at)).abi_encode()),
        ),
        _ => fail(Vec::new()),
    }
}

/// ArbGasInfo at `0x6c`: the local chain's prices. There is no L1, so
/// every L1 price and fee is zero; the L2 price is the block's base fee,
/// and the gas limits are the block's. Anything else reverts without data.
pub(crate) fn arb_gas_info(block: &crate::BlockEnv, input: &[u8]) -> Outcome {
    use lst_client::stylus::IArbGasInfo::*;
    let Some(selector) = input.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else { return fail(Vec::new()) };
    let fee = block.basefee;
    let limit = U256::from(block.gas_limit);
    let zero = U256::ZERO;
    match selector {
        getPricesInWeiCall::SELECTOR => ok((zero, zero, zero, fee, zero, fee).abi_encode_params()),
        getMinimumGasPriceCall::SELECTOR => ok(fee.abi_encode()),
        getL1BaseFeeEstimateCall::SELECTOR | getCurrentTxL1GasFeesCall::SELECTOR => ok(zero.abi_encode()),
        // Nitro's speed limit (7M gas per second); the pool and the
        // transaction limit are the block's.
        getGasAccountingParamsCall::SELECTOR => ok((U256::from(7_000_000u64), limit, limit).abi_encode_params()),
        _ => fail(Vec::new()),
    }
}

/// Whether the program at `address` may run: its code is activated.
/// (Expiry is reported by `programTimeLeft` but not enforced: a local
/// chain's clock is moved by years in tests.)
pub(crate) fn may_run(ctx: &impl AsContext<Data = State>, codehash: B256) -> Option<Activation> {
    ctx.as_context().data().world.activation(codehash)
}
