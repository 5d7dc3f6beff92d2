//! ArbOS's activation rules as far as a user of the local chain would
//! notice them: what a program must be to be activated (the ArbWasm
//! precompile, in `precompiles`, applies them) and its data fee.
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

use crate::code::{stylus_wasm, HOSTIOS};
use crate::ChainError;
use alloy_primitives::{keccak256, B256, U256};
pub use lst_client::stylus::ModuleStats;
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
    /// Nitro's estimate of its machine code, in KiB (rounded up).
    pub asm_estimate_kb: u32,
    /// The part of its start-up cost a cached program does not pay
    /// (Nitro's `initCost`, gas).
    pub init_cost: u16,
    /// The part every call pays, cached or not (Nitro's `cachedCost`, gas).
    pub cached_init_cost: u16,
    /// Whether it is in the program cache (ArbWasmCache).
    pub cached: bool,
    /// Hash of its wasm.
    pub module_hash: B256,
}

/// Gas every call of a program pays before its first instruction
/// (Nitro's `MinCachedInitGas`, 11 units of 32).
pub const MIN_CACHED_INIT_GAS: u64 = 11 * 32;
/// Gas an uncached program pays on top (Nitro's `MinInitGas` at Stylus
/// version 2, 69 units of 128).
pub const MIN_INIT_GAS: u64 = 69 * 128;

impl Activation {
    /// Bytes of machine code Nitro estimates (ArbWasm's `codehashAsmSize`;
    /// what the cache manager's space is counted in).
    pub fn asm_size(&self) -> u32 {
        self.asm_estimate_kb.saturating_mul(1024)
    }

    /// Gas a call of the program pays when it is cached: the minimum and
    /// the activation's cached cost, scaled at 100 % as Nitro's defaults
    /// do.
    pub fn cached_gas(&self) -> u64 {
        MIN_CACHED_INIT_GAS + u64::from(self.cached_init_cost)
    }

    /// Gas a call of the program pays when it is not cached: the cached
    /// part and the full init (ArbWasm's `programInitGas().gas`).
    pub fn uncached_gas(&self) -> u64 {
        self.cached_gas() + MIN_INIT_GAS + u64::from(self.init_cost)
    }

    /// What starting the program costs now.
    pub fn start_gas(&self) -> u64 {
        if self.cached {
            self.cached_gas()
        } else {
            self.uncached_gas()
        }
    }
}

/// Checks `code` (on-chain Stylus code) against the activation rules;
/// returns what activating it would record at time `now`.
pub fn check(code: &[u8], now: u64) -> Result<Activation, ActivationError> {
    if code.len() > MAX_CODE_SIZE {
        return Err(ActivationError::CodeTooLarge { size: code.len() });
    }
    let wasm = stylus_wasm(code).map_err(|e| ActivationError::NotWasm(e.to_string()))?;
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
    let footprint = u16::try_from(pages).unwrap_or(PAGE_LIMIT);
    let stats = ModuleStats::of(&wasm).map_err(ActivationError::Invalid)?;
    // Nitro refuses a program whose costs overflow their 16-bit fields.
    let too_costly = |what: &str| ActivationError::Invalid(format!("{what} too high"));
    Ok(Activation {
        version: STYLUS_VERSION,
        activated_at: now,
        footprint,
        asm_estimate_kb: u32::try_from(stats.asm_estimate().div_ceil(1024)).map_err(|_| too_costly("asm estimate"))?,
        init_cost: u16::try_from(stats.init_cost()).map_err(|_| too_costly("init cost"))?,
        cached_init_cost: u16::try_from(stats.cached_init_cost(footprint)).map_err(|_| too_costly("cached cost"))?,
        cached: false,
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
