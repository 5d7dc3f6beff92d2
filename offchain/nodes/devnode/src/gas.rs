//! Gas as Nitro counts it for Stylus programs, to a stated tolerance.
//!
//! Nitro meters a program in *ink*: every wasm operator costs a fixed
//! amount of ink (its `pricing_v1` table), every hostio a base amount plus
//! the bytes it moves, and what a hostio does in the EVM (a storage read or
//! write, a log, a call) costs that operation's EVM gas, converted at the
//! transaction's ink price (10,000 ink per gas). A transaction pays the
//! intrinsic gas of Ethereum (21,000 and its calldata) and each program
//! call its init gas and memory.
//!
//! A program's operators are metered as Nitro meters them ([`crate::meter`]
//! writes Nitro's charges into the wasm): each basic block pays its
//! operators' ink ([`op_ink`], Nitro's `pricing_v1`) and a header of
//! [`HEADER_INK`] before it runs, `memory.copy` and `memory.fill` pay
//! [`COPY_INK_PER_BYTE`] and [`FILL_INK_PER_BYTE`] a byte, and code a
//! branch skips costs nothing. The host keeps the budget in ink: one unit
//! of the chain's "fuel" is one ink ([`INK_PER_FUEL`]), [`FUEL_PER_GAS`]
//! of them a gas. The figures are Nitro's published values
//! (`arbutil::pricing`, `prover::programs::meter` and `config` for Stylus
//! version 1 and 2, `arbos/programs`); the code is this project's. What
//! differs, and so the tolerance:
//!
//! - Storage writes are priced as EIP-2200/2929 without refunds (Nitro
//!   refunds a clear at the end of the transaction, capped at a fifth);
//!   a reverted call's accesses stay warm.
//! - No L1 data cost: on Arbitrum a transaction's `gasUsed` also buys the
//!   L1 calldata of its batch (the poster fee over the base fee); a local
//!   node posts no batches.
//! - Memory is charged linearly (1,000 gas a page beyond two free pages per
//!   transaction); Nitro's exponential term is 1 gas below six pages and
//!   is left out.
//! - Nitro's stack-depth check (`DepthChecker`) is not modelled: a program
//!   recursing past Nitro's frame limit runs here until the interpreter's
//!   own limit.

use wasmparser::Operator;

/// Ink per gas: Nitro's default ink price (`tx_ink_price`).
pub const INK_PER_GAS: u64 = 10_000;
/// Ink one unit of the chain's fuel stands for.
pub const INK_PER_FUEL: u64 = 1;
/// Fuel per gas.
pub const FUEL_PER_GAS: u64 = INK_PER_GAS / INK_PER_FUEL;

/// Gas `fuel` is worth, rounded up (a transaction pays whole gas).
pub const fn gas_of_fuel(fuel: u64) -> u64 {
    fuel.div_ceil(FUEL_PER_GAS)
}

/// Fuel `gas` buys.
pub const fn fuel_of_gas(gas: u64) -> u64 {
    gas.saturating_mul(FUEL_PER_GAS)
}

/// Fuel for `ink`, rounded up.
pub const fn fuel_of_ink(ink: u64) -> u64 {
    ink.div_ceil(INK_PER_FUEL)
}

/// Ink every basic block pays on top of its operators (Nitro's
/// `ink_header_cost`: the check it inserts).
pub const HEADER_INK: u64 = 2_450;
/// Ink per byte `memory.copy` moves (`memory_copy_ink`).
pub const COPY_INK_PER_BYTE: u64 = 100;
/// Ink per byte `memory.fill` writes (`memory_fill_ink`).
pub const FILL_INK_PER_BYTE: u64 = 100;

/// An operator's ink (Nitro's `pricing_v1`); `params` gives a type's
/// parameter count, for `call_indirect`. Operators Stylus refuses at
/// activation (floats, SIMD, reference types, ...) cost everything, as in
/// Nitro.
pub fn op_ink(op: &Operator<'_>, params: impl Fn(u32) -> u64) -> u64 {
    use Operator::*;
    match op {
        Unreachable | Return | Nop | I32Const { .. } | I64Const { .. } => 1,
        Drop => 9,
        Block { .. } | Loop { .. } | Else | End => 1,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1_250,
        Call { .. } => 3_800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. } | I32Load8S { .. } | I32Load8U { .. } | I32Load16S { .. } | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3_000,
        MemoryGrow { .. } => 8_050,
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS | I64GeU => 225,
        I32Clz | I32Ctz | I64Clz | I64Ctz => 210,
        I32Add | I32Sub => 70,
        I32Mul | I64Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1_120,
        I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,
        I64Add | I64Sub => 100,
        I64DivS | I64DivU | I64RemS | I64RemU => 1_270,
        I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,
        I32Popcnt => 2_650,
        I64Popcnt => 6_000,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U => 100,
        I32Extend8S | I32Extend16S | I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        BrTable { targets } => 2_400 + 325 * u64::from(targets.len()),
        CallIndirect { type_index, .. } => 13_610u64.saturating_add(650u64.saturating_mul(params(*type_index))),
        _ => u64::MAX,
    }
}

/// Ink every hostio pays (`HOSTIO_INK`).
pub const HOSTIO: u64 = 8_400;
/// Ink a hostio pays for each pointer argument (`PTR_INK`).
pub const PTR: u64 = 13_440 - HOSTIO;
/// Ink a hostio pays for going through the EVM (`EVM_API_INK`).
pub const EVM_API: u64 = 59_673;

/// Ink of writing `bytes` into the program's memory.
pub const fn write_ink(bytes: u64) -> u64 {
    5_040 + 30 * bytes.saturating_sub(32)
}

/// Ink of reading `bytes` out of the program's memory.
pub const fn read_ink(bytes: u64) -> u64 {
    16_381 + 55 * bytes.saturating_sub(32)
}

/// Ink of hashing `bytes` with the native keccak.
pub const fn keccak_ink(bytes: u64) -> u64 {
    121_800 + 21_000 * bytes.div_ceil(32).saturating_sub(2)
}

/// Gas of a storage read: EIP-2929's cold or warm access.
pub const fn sload_gas(warm: bool) -> u64 {
    if warm {
        100
    } else {
        2_100
    }
}

/// Gas of writing `new` over `current` (whose value when the transaction
/// began was `original`): EIP-2200 with EIP-2929's cold surcharge, no
/// refunds.
pub fn sstore_gas(original: [u8; 32], current: [u8; 32], new: [u8; 32], warm: bool) -> u64 {
    let cold = if warm { 0 } else { 2_100 };
    let zero = [0u8; 32];
    let write = if new == current || current != original {
        100
    } else if original == zero {
        20_000
    } else {
        2_900
    };
    cold + write
}

/// Gas of a log with `topics` topics and `data` bytes.
pub const fn log_gas(topics: u64, data: u64) -> u64 {
    375 * (1 + topics) + 8 * data
}

/// Gas of touching another account (balance, code, a call): EIP-2929.
pub const fn account_gas(warm: bool) -> u64 {
    if warm {
        100
    } else {
        2_600
    }
}

/// Gas a call adds for moving value (the callee gets a 2,300 stipend).
pub const CALL_VALUE_GAS: u64 = 9_000;
/// The stipend a call with value gives its callee.
pub const CALL_STIPEND: u64 = 2_300;

/// Intrinsic gas of a transaction with `data`: 21,000, 16 per nonzero and
/// 4 per zero byte, and 32,000 more for a creation.
pub fn intrinsic_gas(data: &[u8], create: bool) -> u64 {
    let zeros = data.iter().filter(|b| **b == 0).count() as u64;
    let nonzeros = data.len() as u64 - zeros;
    21_000 + 4 * zeros + 16 * nonzeros + if create { 32_000 } else { 0 }
}

/// Gas of storing `bytes` of code at a creation (EIP-170's 200 a byte).
pub const fn code_deposit_gas(bytes: u64) -> u64 {
    200 * bytes
}

/// Pages a transaction's programs get without paying.
pub const FREE_PAGES: u64 = 2;
/// Gas per wasm page beyond the free ones. (A program call's start-up gas,
/// cached or not, is [`crate::arbos::Activation::start_gas`].)
pub const PAGE_GAS: u64 = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_cost_nitros_ink() {
        let none = |_| 0;
        assert_eq!(op_ink(&Operator::I32Add, none), 70);
        assert_eq!(op_ink(&Operator::Call { function_index: 0 }, none), 3_800);
        assert_eq!(op_ink(&Operator::CallIndirect { type_index: 0, table_index: 0 }, |_| 2), 13_610 + 2 * 650);
        assert_eq!(op_ink(&Operator::F32Add, none), u64::MAX, "floats never run on Stylus");
    }

    #[test]
    fn one_gas_is_ten_thousand_ink() {
        assert_eq!(fuel_of_gas(1) * INK_PER_FUEL, INK_PER_GAS);
        assert_eq!(gas_of_fuel(1), 1, "a started gas is paid");
        assert_eq!(gas_of_fuel(FUEL_PER_GAS * 3), 3);
    }

    #[test]
    fn storage_writes_follow_eip_2200_and_2929() {
        let (zero, one, two) = ([0u8; 32], [1u8; 32], [2u8; 32]);
        assert_eq!(sstore_gas(zero, zero, one, false), 22_100, "a new slot, cold");
        assert_eq!(sstore_gas(one, one, two, true), 2_900, "a changed slot, warm");
        assert_eq!(sstore_gas(one, two, one, true), 100, "already dirty");
        assert_eq!(sstore_gas(one, one, one, true), 100, "no change");
    }

    #[test]
    fn intrinsic_gas_counts_calldata_bytes_as_ethereum_does() {
        assert_eq!(intrinsic_gas(&[], false), 21_000);
        assert_eq!(intrinsic_gas(&[0, 1], false), 21_020);
        assert_eq!(intrinsic_gas(&[], true), 53_000);
    }
}
