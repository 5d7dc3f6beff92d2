//! The ArbOS precompiles a program or a user calls: ArbWasm at `0x71`
//! (activation, with the rules of [`crate::arbos`] and its data fee),
//! ArbWasmCache at `0x72` and the cache manager ([`crate::cache_manager`]),
//! ArbGasInfo at `0x6c` (the local chain's prices, see [`arb_gas_info`]),
//! and the StylusDeployer ([`crate::deployer`]). The executor reaches them
//! through [`dispatch`], which the chain installs in its state: the
//! executor depends on none of them, they depend on it.

use crate::arbos::{check, data_fee, Activation, EXPIRY_DAYS, INK_PRICE, KEEPALIVE_DAYS, PAGE_LIMIT, STYLUS_VERSION};
use crate::host::{Message, Outcome, State};
use alloy_primitives::{Address, Log, B256, U256};
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
                .map(|a| a.asm_size().abi_encode()),
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
                // Nitro (Stylus version 2): the full start-up cost, and
                // what a cached program pays.
                .map(|a| (a.uncached_gas(), a.cached_gas()).abi_encode_params()),
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

/// The outcome of `msg` when it calls ArbGasInfo, ArbWasm or the
/// StylusDeployer (the executor reverts what a failed one did); `None` for
/// any other address.
pub(crate) fn dispatch(
    ctx: &mut wasmi::StoreContextMut<'_, State>,
    msg: &Message,
) -> Option<Result<Outcome, wasmi::Error>> {
    let call = msg.kind == crate::CallKind::Call;
    if msg.code_address == lst_client::stylus::ARB_GAS_INFO {
        Some(Ok(arb_gas_info(&ctx.as_context().data().block, &msg.data)))
    } else if msg.code_address == ARB_WASM && call {
        Some(Ok(arb_wasm(ctx, msg)))
    } else if msg.code_address == crate::STYLUS_DEPLOYER && call {
        Some(crate::deployer::run(ctx, msg))
    } else if msg.code_address == lst_client::stylus::ARB_WASM_CACHE && call {
        Some(crate::cache_manager::arb_wasm_cache(ctx, msg))
    } else if msg.code_address == crate::cache_manager::CACHE_MANAGER && call {
        Some(crate::cache_manager::run(ctx, msg))
    } else {
        None
    }
}
