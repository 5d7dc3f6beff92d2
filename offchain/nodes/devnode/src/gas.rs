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
//! Here wasmi's fuel stands for ink: one unit of fuel is
//! [`INK_PER_FUEL`] ink, so [`FUEL_PER_GAS`] fuel is one gas. The figures
//! below are Nitro's published values (`arbutil::pricing`,
//! `prover::programs::meter`, `arbos/programs`); the code is this
//! project's. What differs, and so the tolerance:
//!
//! - wasmi keeps operator costs in a byte, in fuel: each operator's ink is
//!   rounded to the nearest 25 (a cheap operator such as `i32.add`, 70 ink,
//!   costs 75; `drop`, 9 ink, costs nothing) and capped at 255 fuel
//!   (`call_indirect`, 13,610 ink and more, costs 6,375; `memory.grow`
//!   8,050 costs 6,375). `br_table` costs its base (2,400) without the
//!   per-target term. Each operator is so within 12 ink of Nitro's price
//!   (the cheapest ALU operators up to 7 % off, loads, stores, branches and
//!   calls within 2 %); hostio and EVM gas are exact.
//! - Storage writes are priced as EIP-2200/2929 without refunds (Nitro
//!   refunds a clear at the end of the transaction, capped at a fifth);
//!   a reverted call's accesses stay warm.
//! - No L1 data cost: on Arbitrum a transaction's `gasUsed` also buys the
//!   L1 calldata of its batch (the poster fee over the base fee); a local
//!   node posts no batches.
//! - Memory is charged linearly (1,000 gas a page beyond two free pages per
//!   transaction); Nitro's exponential term is 1 gas below six pages and
//!   is left out.

use wasmi::OperatorCost;

/// Ink per gas: Nitro's default ink price (`tx_ink_price`).
pub const INK_PER_GAS: u64 = 10_000;
/// Ink one unit of wasmi fuel stands for.
pub const INK_PER_FUEL: u64 = 25;
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

/// An operator's fuel for its Nitro `ink`: the nearest whole fuel, at
/// most what wasmi's byte holds.
const fn op(ink: u64) -> u8 {
    let fuel = (ink + INK_PER_FUEL / 2) / INK_PER_FUEL;
    if fuel > u8::MAX as u64 {
        u8::MAX
    } else {
        fuel as u8
    }
}

/// wasmi's operator costs from Nitro's ink per operator. Operators Nitro
/// refuses at activation (floats, SIMD, reference types, ...) never run,
/// so they keep wasmi's defaults.
pub fn operator_cost() -> OperatorCost {
    let mut t = OperatorCost::default();
    (t.unreachable, t.return_, t.nop, t.i32_const, t.i64_const) = (op(1), op(1), op(1), op(1), op(1));
    t.drop = op(9);
    (t.block, t.loop_, t.else_, t.end) = (op(1), op(1), op(1), op(1));
    (t.br, t.br_if, t.if_) = (op(765), op(765), op(765));
    t.select = op(1250);
    t.call = op(3800);
    (t.local_get, t.local_tee, t.local_set) = (op(75), op(75), op(210));
    (t.global_get, t.global_set) = (op(225), op(575));
    let load32 = op(670);
    (t.i32_load, t.i32_load8_s, t.i32_load8_u, t.i32_load16_s, t.i32_load16_u) =
        (load32, load32, load32, load32, load32);
    let load64 = op(680);
    (t.i64_load, t.i64_load8_s, t.i64_load8_u, t.i64_load16_s, t.i64_load16_u, t.i64_load32_s, t.i64_load32_u) =
        (load64, load64, load64, load64, load64, load64, load64);
    let store32 = op(825);
    (t.i32_store, t.i32_store8, t.i32_store16) = (store32, store32, store32);
    let store64 = op(950);
    (t.i64_store, t.i64_store8, t.i64_store16, t.i64_store32) = (store64, store64, store64, store64);
    (t.memory_size, t.memory_grow) = (op(3000), op(8050));
    let cmp32 = op(170);
    (t.i32_eqz, t.i32_eq, t.i32_ne, t.i32_lt_s, t.i32_lt_u, t.i32_gt_s) = (cmp32, cmp32, cmp32, cmp32, cmp32, cmp32);
    (t.i32_gt_u, t.i32_le_s, t.i32_le_u, t.i32_ge_s, t.i32_ge_u) = (cmp32, cmp32, cmp32, cmp32, cmp32);
    let cmp64 = op(225);
    (t.i64_eqz, t.i64_eq, t.i64_ne, t.i64_lt_s, t.i64_lt_u, t.i64_gt_s) = (cmp64, cmp64, cmp64, cmp64, cmp64, cmp64);
    (t.i64_gt_u, t.i64_le_s, t.i64_le_u, t.i64_ge_s, t.i64_ge_u) = (cmp64, cmp64, cmp64, cmp64, cmp64);
    (t.i32_clz, t.i32_ctz, t.i64_clz, t.i64_ctz) = (op(210), op(210), op(210), op(210));
    let alu32 = op(70);
    (t.i32_add, t.i32_sub, t.i32_and, t.i32_or, t.i32_xor) = (alu32, alu32, alu32, alu32, alu32);
    (t.i32_shl, t.i32_shr_s, t.i32_shr_u, t.i32_rotl, t.i32_rotr) = (alu32, alu32, alu32, alu32, alu32);
    t.i32_mul = op(160);
    let div32 = op(1120);
    (t.i32_div_s, t.i32_div_u, t.i32_rem_s, t.i32_rem_u) = (div32, div32, div32, div32);
    let alu64 = op(100);
    (t.i64_add, t.i64_sub, t.i64_and, t.i64_or, t.i64_xor) = (alu64, alu64, alu64, alu64, alu64);
    (t.i64_shl, t.i64_shr_s, t.i64_shr_u, t.i64_rotl, t.i64_rotr) = (alu64, alu64, alu64, alu64, alu64);
    t.i64_mul = op(160);
    let div64 = op(1270);
    (t.i64_div_s, t.i64_div_u, t.i64_rem_s, t.i64_rem_u) = (div64, div64, div64, div64);
    (t.i32_popcnt, t.i64_popcnt) = (op(2650), op(6000));
    let conv = op(100);
    (t.i32_wrap_i64, t.i64_extend_i32_s, t.i64_extend_i32_u) = (conv, conv, conv);
    (t.i32_extend8_s, t.i32_extend16_s, t.i64_extend8_s, t.i64_extend16_s, t.i64_extend32_s) =
        (conv, conv, conv, conv, conv);
    (t.memory_copy, t.memory_fill) = (op(950), op(950));
    t.br_table = op(2400);
    t.call_indirect = op(13_610);
    t
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
    fn an_operators_fuel_is_its_ink_rounded_to_the_nearest_25_and_capped_at_a_byte() {
        assert_eq!(op(70), 3);
        assert_eq!(op(75), 3);
        assert_eq!(op(9), 0);
        assert_eq!(op(13_610), 255);
        assert_eq!(u64::from(op(3800)) * INK_PER_FUEL, 3800);
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
