//! The StylusDeployer at its canonical address, built in: deploys init
//! code, then calls the new contract with the init data and value, in one
//! transaction (the way `cargo stylus deploy` runs a `#[constructor]` on
//! Arbitrum). Its ABI, address derivation (`CREATE` from the deployer, or
//! `CREATE2` with `keccak256(salt ‖ initData)`), refund, event and errors
//! follow the Nitro contract, so one deploy path serves this chain and a
//! testnet. Activation is implicit and free here.

use crate::host::{execute, CallKind, Message, Outcome, State};
use crate::{code, ChainError};
use alloy_primitives::{address, keccak256, Address, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use std::sync::Arc;
use wasmi::{AsContext, AsContextMut, Error};

/// Where the StylusDeployer lives (the same address on Arbitrum chains).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

sol! {
    /// The StylusDeployer's interface.
    interface IStylusDeployer {
        /// Deploys `bytecode` (init code), then calls the new contract with
        /// `initData` and `initValue`; returns its address.
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt)
            external payable returns (address);
        /// `CREATE2` salt used for a non-zero `salt`.
        function initSalt(bytes32 salt, bytes initData) external pure returns (bytes32);
        /// A contract was deployed.
        event ContractDeployed(address deployedContract);
        /// The init code could not be deployed.
        error ContractDeploymentError(bytes bytecode);
        /// The call with `initData` reverted with `data`.
        error ContractInitializationError(address newContract, bytes data);
        /// The value left over could not be refunded to the caller.
        error RefundExcessValueError(uint256 excessValue);
        /// No init code.
        error EmptyBytecode();
        /// Value for a call that is not made.
        error InitValueButNotInitData();
    }
}
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
    world.set_program(address, program);

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

    // Solidity's checked subtraction: a panic (no data) when short.
    let Some(excess) = msg.value.checked_sub(call.initValue) else { return revert(Vec::new()) };
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

/// The `CREATE2` salt of a deployment: `keccak256(salt ‖ initData)`.
pub fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    keccak256([salt.as_slice(), init_data].concat())
}

/// The address the deployer gives a deployment with non-zero `salt`.
pub fn create2_address(salt: B256, init_data: &[u8], init_code: &[u8]) -> Address {
    STYLUS_DEPLOYER.create2(init_salt(salt, init_data), keccak256(init_code))
}

/// Calldata of `deploy(bytecode, initData, initValue, salt)`.
pub fn deploy_calldata(init_code: &[u8], init_data: &[u8], init_value: U256, salt: B256) -> Vec<u8> {
    deployCall { bytecode: init_code.to_vec().into(), initData: init_data.to_vec().into(), initValue: init_value, salt }
        .abi_encode()
}

/// The deployer's `initData` that runs a Stylus `#[constructor]` with
/// `constructor_args` (ABI-encoded): its selector, then the arguments.
pub fn constructor_data(constructor_args: &[u8]) -> Vec<u8> {
    [&crate::CONSTRUCTOR_SELECTOR[..], constructor_args].concat()
}

/// Calldata that deploys Stylus `code` and runs its `#[constructor]` with
/// `constructor_args` (ABI-encoded) in the same transaction, or no
/// constructor when `None` (zero salt: `CREATE`).
pub fn deploy_with_constructor(code: &[u8], constructor_args: Option<&[u8]>, value: U256) -> Vec<u8> {
    let init_data = constructor_args.map(constructor_data).unwrap_or_default();
    deploy_calldata(&code::init_code(code), &init_data, value, B256::ZERO)
}

/// The deployed address in a successful `deploy` call's output.
pub fn deployed_address(output: &[u8]) -> Result<Address, ChainError> {
    deployCall::abi_decode_returns(output).map_err(|e| ChainError::Engine(format!("deployer output: {e}")))
}
