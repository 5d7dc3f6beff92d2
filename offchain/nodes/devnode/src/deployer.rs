//! The StylusDeployer at its canonical address, built in (its interface
//! and calldata are `lst_client::stylus`'s): deploys init
//! code, then calls the new contract with the init data and value, in one
//! transaction (the way `cargo stylus deploy` runs a `#[constructor]` on
//! Arbitrum). Its ABI, address derivation (`CREATE` from the deployer, or
//! `CREATE2` with `keccak256(salt ‖ initData)`), refund, event and errors
//! follow the Nitro contract, so one deploy path serves this chain and a
//! testnet. As Nitro's, it activates the new program through ArbWasm
//! (paying the data fee from the value beyond `initValue`) before calling it,
//! and refunds what is left.

use crate::host::{execute, CallKind, Message, Outcome, State};
use crate::{code, ChainError};
use alloy_primitives::U256;
use alloy_primitives::{keccak256, Address, Log};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolValue};
use lst_client::stylus::{init_salt, IArbWasm, IStylusDeployer, ARB_WASM, STYLUS_DEPLOYER};
use std::sync::Arc;
use wasmi::{AsContext, AsContextMut, Error};

use IStylusDeployer::{
    deployCall, initSaltCall, ContractDeployed, ContractDeploymentError, ContractInitializationError, EmptyBytecode,
    InitValueButNotInitData, RefundExcessValueError,
};

fn revert(data: Vec<u8>) -> Result<Outcome, Error> {
    Ok(Outcome { success: false, output: data })
}

/// Runs a call to the deployer (`msg.value` already credited to it).
/// Reverts roll back through the caller's checkpoint.
pub(crate) fn run(ctx: &mut impl AsContextMut<Data = State>, msg: &Message) -> Result<Outcome, Error> {
    if let Ok(call) = initSaltCall::abi_decode(&msg.data) {
        return Ok(Outcome { success: true, output: init_salt(call.salt, &call.initData).abi_encode() });
    }
    let Ok(call) = deployCall::abi_decode(&msg.data) else { return revert(Vec::new()) };
    if msg.is_static {
        return revert(Vec::new());
    }
    if call.bytecode.is_empty() {
        return revert(EmptyBytecode {}.abi_encode());
    }
    let deployment_error = || revert(ContractDeploymentError { bytecode: call.bytecode.clone() }.abi_encode());
    let program =
        match code::code_from_init_code(&call.bytecode).and_then(|c| code::compile(ctx.as_context().engine(), c)) {
            Ok(program) => Arc::new(program),
            Err(_) => return deployment_error(),
        };
    // Storing the code: 200 gas a byte, as a creation pays.
    let code_len = code::code_from_init_code(&call.bytecode).map_or(0, <[u8]>::len) as u64;
    if crate::host::pay_gas(ctx, crate::gas::code_deposit_gas(code_len), crate::host::Cost::Account).is_err() {
        return revert(Vec::new());
    }
    let mut cx = ctx.as_context_mut();
    let world = &mut cx.data_mut().world;
    let address = if call.salt.is_zero() {
        STYLUS_DEPLOYER.create(world.bump_nonce(STYLUS_DEPLOYER))
    } else {
        STYLUS_DEPLOYER.create2(init_salt(call.salt, &call.initData), keccak256(&call.bytecode))
    };
    if world.program(address).is_some() {
        return deployment_error();
    }
    let codehash = program.codehash;
    world.set_program(address, program);
    // Solidity's checked subtraction: a panic (no data) when short.
    let Some(activation_value) = msg.value.checked_sub(call.initValue) else { return revert(Vec::new()) };
    let mut fee = U256::ZERO;
    if world.activation(codehash).is_none() {
        let activate = Message {
            kind: CallKind::Call,
            caller: STYLUS_DEPLOYER,
            address: ARB_WASM,
            code_address: ARB_WASM,
            value: activation_value,
            data: IArbWasm::activateProgramCall { program: address }.abi_encode(),
            is_static: false,
        };
        let outcome = execute(ctx, activate)?;
        if !outcome.success {
            return revert(outcome.output);
        }
        fee = IArbWasm::activateProgramCall::abi_decode_returns(&outcome.output).map_or(U256::ZERO, |r| r.dataFee);
    }

    if !call.initData.is_empty() {
        let init = Message {
            kind: CallKind::Call,
            caller: STYLUS_DEPLOYER,
            address,
            code_address: address,
            value: call.initValue,
            data: call.initData.to_vec(),
            is_static: false,
        };
        let outcome = execute(ctx, init)?;
        if !outcome.success {
            return revert(
                ContractInitializationError { newContract: address, data: outcome.output.into() }.abi_encode(),
            );
        }
    } else if !call.initValue.is_zero() {
        return revert(InitValueButNotInitData {}.abi_encode());
    }

    let excess = activation_value.saturating_sub(fee);
    if !excess.is_zero() {
        let refund = Message {
            kind: CallKind::Call,
            caller: STYLUS_DEPLOYER,
            address: msg.caller,
            code_address: msg.caller,
            value: excess,
            data: Vec::new(),
            is_static: false,
        };
        if !execute(ctx, refund)?.success {
            return revert(RefundExcessValueError { excessValue: excess }.abi_encode());
        }
    }
    let event = ContractDeployed { deployedContract: address };
    ctx.as_context_mut().data_mut().world.push_log(Log { address: STYLUS_DEPLOYER, data: event.encode_log_data() });
    Ok(Outcome { success: true, output: address.abi_encode() })
}

/// The deployed address in a successful `deploy` call's output.
pub fn deployed_address(output: &[u8]) -> Result<Address, ChainError> {
    deployCall::abi_decode_returns(output).map_err(|e| ChainError::Engine(format!("deployer output: {e}")))
}
