//! Stylus code in its on-chain and deployment forms.
//!
//! The chain's side of `lst_client::stylus`, which makes both forms:
//! - *Code* is what an account holds: `0xEFF000`, a dictionary byte (0:
//!   none) and the brotli-compressed wasm ([`stylus_wasm`] unpacks it).
//! - *Init code* is what a deployment sends: the EVM prelude cargo-stylus
//!   writes, then the code. The chain runs no EVM: it recognises exactly
//!   this prelude ([`code_from_init_code`]) and refuses any other bytecode
//!   by name.

use crate::ChainError;
use alloy_primitives::{Bytes, B256, U256};
use lst_client::stylus::{PRELUDE_LEN, PRELUDE_TAIL, STYLUS_PREFIX};
use std::io::Read;
use wasmi::{Engine, Module};

/// A deployed Stylus program: its wasm, compiled once.
#[derive(Clone)]
pub struct Program {
    /// The compiled module, instantiated afresh for every call.
    pub module: wasmi::Module,
    /// `keccak256(code)`: what activation is recorded against.
    pub codehash: B256,
    /// The code as stored on chain (`0xEFF000` prefix, dictionary byte and
    /// brotli-compressed wasm), what `eth_getCode` returns.
    pub code: Bytes,
}

/// The hostios this chain provides, by name: a program importing anything
/// else is refused at deployment, naming the import.
pub const HOSTIOS: &[&str] = &[
    "read_args",
    "write_result",
    "storage_load_bytes32",
    "storage_cache_bytes32",
    "storage_flush_cache",
    "msg_sender",
    "msg_value",
    "msg_reentrant",
    "tx_origin",
    "tx_gas_price",
    "tx_ink_price",
    "block_number",
    "block_timestamp",
    "block_basefee",
    "block_coinbase",
    "block_gas_limit",
    "chainid",
    "contract_address",
    "evm_gas_left",
    "evm_ink_left",
    "pay_for_memory_grow",
    "emit_log",
    "native_keccak256",
    "account_balance",
    "account_code",
    "account_code_size",
    "account_codehash",
    "return_data_size",
    "read_return_data",
    "call_contract",
    "delegate_call_contract",
    "static_call_contract",
];

/// The wasm inside deployable Stylus code.
pub fn stylus_wasm(code: &[u8]) -> Result<Vec<u8>, ChainError> {
    let body = code
        .strip_prefix(&STYLUS_PREFIX[..])
        .ok_or_else(|| ChainError::InvalidCode("missing the 0xEFF00000 prefix".into()))?;
    let mut wasm = Vec::new();
    brotli::Decompressor::new(body, 4096)
        .read_to_end(&mut wasm)
        .map_err(|e| ChainError::InvalidCode(format!("brotli: {e}")))?;
    Ok(wasm)
}

/// The code a deployment's init code returns. Anything but the Stylus
/// prelude is EVM bytecode, which this chain does not run.
pub fn code_from_init_code(init: &[u8]) -> Result<&[u8], ChainError> {
    let refuse = || ChainError::EvmBytecode;
    if init.len() < PRELUDE_LEN || init[0] != 0x7f {
        return Err(refuse());
    }
    let len = U256::from_be_slice(&init[1..33]);
    if init[33..PRELUDE_LEN] != PRELUDE_TAIL {
        return Err(refuse());
    }
    let body = &init[PRELUDE_LEN..];
    let len: usize = len.try_into().map_err(|_| refuse())?;
    // CODECOPY past the end of the init code copies zeros: refuse that
    // rather than deploy padded code.
    body.get(..len).ok_or_else(|| ChainError::InvalidCode(format!("init code holds {} of {len} bytes", body.len())))
}

/// Compiles Stylus `code`, checking every import is a hostio here.
pub fn compile(engine: &Engine, code: &[u8]) -> Result<Program, ChainError> {
    let wasm = stylus_wasm(code)?;
    let metered = crate::meter::instrument(&wasm).map_err(|e| ChainError::InvalidWasm(e.to_string()))?;
    let module = Module::new(engine, &metered).map_err(|e| ChainError::InvalidWasm(e.to_string()))?;
    for import in module.imports() {
        if import.module() != "vm_hooks" || !HOSTIOS.contains(&import.name()) {
            return Err(ChainError::UnknownImport {
                module: import.module().to_owned(),
                name: import.name().to_owned(),
            });
        }
    }
    Ok(Program { module, codehash: alloy_primitives::keccak256(code), code: Bytes::copy_from_slice(code) })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use lst_client::stylus::{code as stylus_code, init_code};

    #[test]
    fn init_code_round_trips() {
        let code = stylus_code(b"\0asm\x01\0\0\0");
        assert_eq!(code_from_init_code(&init_code(&code)).unwrap(), &code[..]);
    }

    #[test]
    fn bytes_after_the_code_are_ignored_as_the_evm_would() {
        let code = stylus_code(b"\0asm\x01\0\0\0");
        let mut init = init_code(&code);
        init.extend_from_slice(&[1, 2, 3]);
        assert_eq!(code_from_init_code(&init).unwrap(), &code[..]);
    }

    #[test]
    fn evm_bytecode_is_refused_by_name() {
        // A Solidity constructor prologue.
        let solidity = [0x60, 0x80, 0x60, 0x40, 0x52, 0x34, 0x80, 0x15];
        assert!(matches!(code_from_init_code(&solidity), Err(ChainError::EvmBytecode)));
        let mut init = init_code(&[0xef, 0xf0, 0, 0]);
        init[35] = 0x2a; // another copy offset
        assert!(matches!(code_from_init_code(&init), Err(ChainError::EvmBytecode)));
    }

    #[test]
    fn init_code_shorter_than_its_stated_length_is_refused() {
        let mut init = init_code(&[0xef, 0xf0, 0, 0, 9]);
        init.pop();
        assert!(matches!(code_from_init_code(&init), Err(ChainError::InvalidCode(_))));
    }
}
