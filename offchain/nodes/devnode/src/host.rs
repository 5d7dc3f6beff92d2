//! The Stylus host: every `vm_hooks` import the suite's contracts use,
//! implemented over [`World`], and the execution of one call (a program run
//! in a fresh wasmi instance, nested calls re-entering the same store).

use crate::world::{Checkpoint, World};
use alloy_primitives::{keccak256, Address, Bytes, Log, LogData, Signature, B256, U256};
use std::{collections::HashMap, sync::Arc};
use wasmi::{AsContextMut, Caller, Error, Extern, Linker, Memory};

/// The block a transaction runs in.
#[derive(Clone, Debug)]
pub struct BlockEnv {
    /// The L2 block number: what `eth_blockNumber` answers and ArbSys's
    /// `arbBlockNumber()` returns.
    pub number: u64,
    /// `block.number` as a Stylus program reads it: on Arbitrum, the
    /// sequencer's estimate of the L1 block number, not the L2 one. It
    /// follows the clock, one L1 block per [`crate::L1_BLOCK_SECS`] from
    /// [`crate::L1_GENESIS_BLOCK`] (see [`crate::Chain::mine`]).
    pub l1_number: u64,
    /// `block.timestamp`, seconds.
    pub timestamp: u64,
    /// The chain id.
    pub chain_id: u64,
    /// `block.coinbase`.
    pub coinbase: Address,
    /// `block.basefee`, wei.
    pub basefee: U256,
    /// `block.gaslimit`.
    pub gas_limit: u64,
    /// The data fee of an activation, wei per byte of compressed code (a
    /// chain parameter, see [`crate::arbos::data_fee`]).
    pub activation_fee_per_byte: U256,
}

/// How a frame was entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// A plain call: the callee's code on the callee's storage, with value.
    Call,
    /// The callee's code on the caller's storage, caller and value kept.
    Delegate,
    /// A call that may not change state.
    Static,
}

/// One message to execute.
#[derive(Clone, Debug)]
pub struct Message {
    /// How it is entered.
    pub kind: CallKind,
    /// `msg.sender` in the callee.
    pub caller: Address,
    /// Whose storage and balance the code runs on.
    pub address: Address,
    /// Whose code runs.
    pub code_address: Address,
    /// `msg.value`.
    pub value: U256,
    /// Calldata.
    pub data: Vec<u8>,
    /// Whether state changes are forbidden (inherited by nested calls).
    pub is_static: bool,
}

/// What a message returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Whether it succeeded (state kept) or reverted (state rolled back).
    pub success: bool,
    /// Return data or revert data.
    pub output: Vec<u8>,
}

/// One running program.
struct Frame {
    address: Address,
    caller: Address,
    value: U256,
    args: Vec<u8>,
    result: Vec<u8>,
    return_data: Vec<u8>,
    /// The per-call storage cache: value and whether it is dirty.
    cache: HashMap<B256, (B256, bool)>,
    is_static: bool,
}

/// The store's data: the world, the call stack and the block.
pub(crate) struct State {
    /// Accounts, storage, logs.
    pub world: World,
    /// The block of the running transaction.
    pub block: BlockEnv,
    /// `tx.origin`.
    pub origin: Address,
    /// `tx.gasprice`.
    pub gas_price: U256,
    frames: Vec<Frame>,
    linker: Option<Arc<Linker<State>>>,
}

impl State {
    /// A state with nothing running.
    pub(crate) fn new(world: World, block: BlockEnv) -> Self {
        Self { world, block, origin: Address::ZERO, gas_price: U256::ZERO, frames: Vec::new(), linker: None }
    }
}

/// The address of the ecrecover precompile.
pub const ECRECOVER: Address = Address::with_last_byte(1);
/// The address of Arbitrum's ArbSys precompile (`0x64`).
pub const ARB_SYS: Address = Address::with_last_byte(0x64);

/// ArbSys, as far as the devnode has it: `arbBlockNumber()` (the L2 block
/// number, which `block.number` is not on Arbitrum) and `arbChainID()`;
/// anything else reverts with no data.
fn arb_sys(block: &BlockEnv, input: &[u8]) -> Outcome {
    // keccak256("arbBlockNumber()")[..4] and keccak256("arbChainID()")[..4].
    let answer = match input.get(..4) {
        Some([0xa3, 0xb1, 0xb3, 0x1d]) => block.number,
        Some([0xd1, 0x27, 0xf5, 0x4a]) => block.chain_id,
        _ => return Outcome { success: false, output: Vec::new() },
    };
    Outcome { success: true, output: U256::from(answer).to_be_bytes::<32>().to_vec() }
}

/// Gas reported to programs as left (there is no gas metering; execution
/// is metered in wasm fuel).
const GAS_LEFT: u64 = 30_000_000;
/// Ink per gas on Arbitrum (programs convert between the two).
const INK_PER_GAS: u64 = 10_000;

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

fn trap(message: &str) -> Error {
    Error::new(message.to_owned())
}

fn memory(caller: &Caller<'_, State>) -> Result<Memory, Error> {
    match caller.get_export("memory") {
        Some(Extern::Memory(m)) => Ok(m),
        _ => Err(trap("program exports no memory")),
    }
}

fn offset(ptr: i32) -> usize {
    // wasm32 pointers are unsigned 32-bit.
    ptr as u32 as usize
}

fn read(caller: &Caller<'_, State>, ptr: i32, len: usize) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; len];
    memory(caller)?.read(caller, offset(ptr), &mut buf).map_err(|_| trap("read out of bounds"))?;
    Ok(buf)
}

fn read_word(caller: &Caller<'_, State>, ptr: i32) -> Result<B256, Error> {
    Ok(B256::from_slice(&read(caller, ptr, 32)?))
}

fn read_address(caller: &Caller<'_, State>, ptr: i32) -> Result<Address, Error> {
    Ok(Address::from_slice(&read(caller, ptr, 20)?))
}

fn write(caller: &mut Caller<'_, State>, ptr: i32, bytes: &[u8]) -> Result<(), Error> {
    let mem = memory(caller)?;
    mem.write(caller, offset(ptr), bytes).map_err(|_| trap("write out of bounds"))
}

fn frame<'a>(caller: &'a Caller<'_, State>) -> Result<&'a Frame, Error> {
    caller.data().frames.last().ok_or_else(|| trap("no running program"))
}

fn frame_mut<'a>(caller: &'a mut Caller<'_, State>) -> Result<&'a mut Frame, Error> {
    caller.data_mut().frames.last_mut().ok_or_else(|| trap("no running program"))
}

/// Writes the dirty entries of the running frame's cache to the world.
fn flush(state: &mut State, clear: bool) -> Result<(), Error> {
    let Some(frame) = state.frames.last_mut() else { return Err(trap("no running program")) };
    let dirty: Vec<(B256, B256)> = frame
        .cache
        .iter_mut()
        .filter(|(_, (_, d))| *d)
        .map(|(k, (v, d))| {
            *d = false;
            (*k, *v)
        })
        .collect();
    if !dirty.is_empty() && frame.is_static {
        return Err(trap("storage write in a static call"));
    }
    let address = frame.address;
    if clear {
        frame.cache.clear();
    }
    for (key, value) in dirty {
        state.world.set_storage(address, key, value);
    }
    Ok(())
}

/// Builds the linker with every hostio.
pub(crate) fn linker(engine: &wasmi::Engine) -> Result<Linker<State>, Error> {
    let mut l = Linker::<State>::new(engine);
    const M: &str = "vm_hooks";
    l.func_wrap(M, "read_args", |mut c: Caller<'_, State>, dest: i32| {
        let args = frame(&c)?.args.clone();
        write(&mut c, dest, &args)
    })?;
    l.func_wrap(M, "write_result", |mut c: Caller<'_, State>, data: i32, len: i32| {
        let bytes = read(&c, data, offset(len))?;
        frame_mut(&mut c)?.result = bytes;
        Ok(())
    })?;
    l.func_wrap(M, "storage_load_bytes32", |mut c: Caller<'_, State>, key: i32, dest: i32| {
        let key = read_word(&c, key)?;
        let f = frame(&c)?;
        let value = match f.cache.get(&key) {
            Some((v, _)) => *v,
            None => {
                let v = c.data().world.storage(f.address, key);
                frame_mut(&mut c)?.cache.insert(key, (v, false));
                v
            }
        };
        write(&mut c, dest, value.as_slice())
    })?;
    l.func_wrap(M, "storage_cache_bytes32", |mut c: Caller<'_, State>, key: i32, value: i32| {
        let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
        frame_mut(&mut c)?.cache.insert(key, (value, true));
        Ok(())
    })?;
    l.func_wrap(M, "storage_flush_cache", |mut c: Caller<'_, State>, clear: i32| flush(c.data_mut(), clear != 0))?;
    l.func_wrap(M, "msg_sender", |mut c: Caller<'_, State>, dest: i32| {
        let a = frame(&c)?.caller;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "msg_value", |mut c: Caller<'_, State>, dest: i32| {
        let v = frame(&c)?.value;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "msg_reentrant", |c: Caller<'_, State>| {
        let me = frame(&c)?.address;
        Ok(i32::from(c.data().frames.iter().filter(|f| f.address == me).count() > 1))
    })?;
    l.func_wrap(M, "tx_origin", |mut c: Caller<'_, State>, dest: i32| {
        let a = c.data().origin;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "tx_gas_price", |mut c: Caller<'_, State>, dest: i32| {
        let v = c.data().gas_price;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "tx_ink_price", |_: Caller<'_, State>| Ok(10_000_i32))?;
    // Arbitrum: a program's `block.number` is the L1 estimate.
    l.func_wrap(M, "block_number", |c: Caller<'_, State>| Ok(c.data().block.l1_number as i64))?;
    l.func_wrap(M, "block_timestamp", |c: Caller<'_, State>| Ok(c.data().block.timestamp as i64))?;
    l.func_wrap(M, "block_gas_limit", |c: Caller<'_, State>| Ok(c.data().block.gas_limit as i64))?;
    l.func_wrap(M, "chainid", |c: Caller<'_, State>| Ok(c.data().block.chain_id as i64))?;
    l.func_wrap(M, "block_basefee", |mut c: Caller<'_, State>, dest: i32| {
        let v = c.data().block.basefee;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "block_coinbase", |mut c: Caller<'_, State>, dest: i32| {
        let a = c.data().block.coinbase;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "contract_address", |mut c: Caller<'_, State>, dest: i32| {
        let a = frame(&c)?.address;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "evm_gas_left", |_: Caller<'_, State>| Ok(GAS_LEFT as i64))?;
    l.func_wrap(M, "evm_ink_left", |_: Caller<'_, State>| Ok(GAS_LEFT.saturating_mul(INK_PER_GAS) as i64))?;
    l.func_wrap(M, "pay_for_memory_grow", |_: Caller<'_, State>, _pages: i32| Ok(()))?;
    l.func_wrap(M, "emit_log", |mut c: Caller<'_, State>, data: i32, len: i32, topics: i32| {
        let bytes = read(&c, data, offset(len))?;
        let topics = offset(topics);
        if topics > 4 || bytes.len() < topics * 32 {
            return Err(trap("malformed log"));
        }
        let f = frame(&c)?;
        if f.is_static {
            return Err(trap("log in a static call"));
        }
        let address = f.address;
        let (head, body) = bytes.split_at(topics * 32);
        let topics = head.chunks(32).map(B256::from_slice).collect();
        c.data_mut()
            .world
            .push_log(Log { address, data: LogData::new_unchecked(topics, Bytes::copy_from_slice(body)) });
        Ok(())
    })?;
    l.func_wrap(M, "native_keccak256", |mut c: Caller<'_, State>, data: i32, len: i32, dest: i32| {
        let hash = keccak256(read(&c, data, offset(len))?);
        write(&mut c, dest, hash.as_slice())
    })?;
    l.func_wrap(M, "account_balance", |mut c: Caller<'_, State>, address: i32, dest: i32| {
        let b = c.data().world.balance(read_address(&c, address)?);
        write(&mut c, dest, &b.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "account_code_size", |c: Caller<'_, State>, address: i32| {
        let code = c.data().world.program(read_address(&c, address)?).map_or(0, |p| p.code.len());
        Ok(code as i32)
    })?;
    l.func_wrap(M, "account_code", |mut c: Caller<'_, State>, address: i32, off: i32, size: i32, dest: i32| {
        let code = c.data().world.program(read_address(&c, address)?).map(|p| p.code.clone()).unwrap_or_default();
        let start = offset(off).min(code.len());
        let end = start.saturating_add(offset(size)).min(code.len());
        let slice = code[start..end].to_vec();
        write(&mut c, dest, &slice)?;
        Ok(slice.len() as i32)
    })?;
    l.func_wrap(M, "account_codehash", |mut c: Caller<'_, State>, address: i32, dest: i32| {
        let hash = match c.data().world.program(read_address(&c, address)?) {
            Some(p) => keccak256(&p.code),
            // The hash of empty code.
            None => keccak256([]),
        };
        write(&mut c, dest, hash.as_slice())
    })?;
    l.func_wrap(M, "return_data_size", |c: Caller<'_, State>| Ok(frame(&c)?.return_data.len() as i32))?;
    l.func_wrap(M, "read_return_data", |mut c: Caller<'_, State>, dest: i32, off: i32, size: i32| {
        let data = &frame(&c)?.return_data;
        let start = offset(off).min(data.len());
        let end = start.saturating_add(offset(size)).min(data.len());
        let slice = data[start..end].to_vec();
        write(&mut c, dest, &slice)?;
        Ok(slice.len() as i32)
    })?;
    l.func_wrap(
        M,
        "call_contract",
        |c: Caller<'_, State>, to: i32, data: i32, len: i32, value: i32, gas: i64, out_len: i32| {
            let value = U256::from_be_bytes(read_word(&c, value)?.0);
            sub_call(c, CallKind::Call, to, data, len, value, gas as u64, out_len)
        },
    )?;
    l.func_wrap(
        M,
        "delegate_call_contract",
        |c: Caller<'_, State>, to: i32, data: i32, len: i32, gas: i64, out_len: i32| {
            sub_call(c, CallKind::Delegate, to, data, len, U256::ZERO, gas as u64, out_len)
        },
    )?;
    l.func_wrap(
        M,
        "static_call_contract",
        |c: Caller<'_, State>, to: i32, data: i32, len: i32, gas: i64, out_len: i32| {
            sub_call(c, CallKind::Static, to, data, len, U256::ZERO, gas as u64, out_len)
        },
    )?;
    Ok(l)
}

/// A call from a running program: the status byte (0 success, 1 revert);
/// the callee's output becomes the caller's return data.
/// A nested call with at most `gas` (in fuel, this chain's gas): as on
/// Ethereum, the callee gets at most all but one 64th of what is left, and
/// what it does not burn comes back. A callee that runs out fails; the
/// caller goes on.
#[allow(clippy::too_many_arguments)]
fn sub_call(
    mut c: Caller<'_, State>,
    kind: CallKind,
    to: i32,
    data: i32,
    len: i32,
    value: U256,
    gas: u64,
    out_len: i32,
) -> Result<i32, Error> {
    let target = read_address(&c, to)?;
    let calldata = read(&c, data, offset(len))?;
    let current = frame(&c)?;
    let msg = match kind {
        CallKind::Call => Message {
            kind,
            caller: current.address,
            address: target,
            code_address: target,
            value,
            data: calldata,
            is_static: current.is_static,
        },
        CallKind::Delegate => Message {
            kind,
            caller: current.caller,
            address: current.address,
            code_address: target,
            value: current.value,
            data: calldata,
            is_static: current.is_static,
        },
        CallKind::Static => Message {
            kind,
            caller: current.address,
            address: target,
            code_address: target,
            value: U256::ZERO,
            data: calldata,
            is_static: true,
        },
    };
    let remaining = c.get_fuel()?;
    let limit = gas.min(remaining - remaining / 64);
    c.set_fuel(limit)?;
    let outcome = execute(&mut c, msg)?;
    let burnt = limit.saturating_sub(c.get_fuel().unwrap_or(0));
    c.set_fuel(remaining.saturating_sub(burnt))?;
    let size = outcome.output.len() as u32;
    frame_mut(&mut c)?.return_data = outcome.output;
    write(&mut c, out_len, &size.to_le_bytes())?;
    Ok(i32::from(!outcome.success))
}

/// The ecrecover precompile: the 32-byte left-padded signer, or nothing.
fn ecrecover(input: &[u8]) -> Vec<u8> {
    let mut buf = [0u8; 128];
    let n = input.len().min(128);
    buf[..n].copy_from_slice(&input[..n]);
    let hash = B256::from_slice(&buf[..32]);
    let v = U256::from_be_slice(&buf[32..64]);
    let (r, s) = (U256::from_be_slice(&buf[64..96]), U256::from_be_slice(&buf[96..128]));
    let parity = match v.to::<u64>() {
        27 if v < U256::from(256) => false,
        28 if v < U256::from(256) => true,
        _ => return Vec::new(),
    };
    let signature = Signature::new(r, s, parity);
    match signature.recover_address_from_prehash(&hash) {
        Ok(address) => {
            let mut out = vec![0u8; 32];
            out[12..].copy_from_slice(address.as_slice());
            out
        }
        Err(_) => Vec::new(),
    }
}

/// Executes `msg`: moves the value, runs the callee's program (or the
/// precompile, or nothing for an account without code) and rolls back all
/// of it, nested calls included, when it fails.
pub(crate) fn execute(ctx: &mut impl AsContextMut<Data = State>, msg: Message) -> Result<Outcome, Error> {
    let checkpoint: Checkpoint = ctx.as_context().data().world.checkpoint();
    if msg.kind == CallKind::Call && !msg.value.is_zero() {
        let mut cx = ctx.as_context_mut();
        let world = &mut cx.data_mut().world;
        if msg.is_static || world.transfer(msg.caller, msg.address, msg.value).is_err() {
            world.revert_to(checkpoint);
            return Ok(Outcome { success: false, output: Vec::new() });
        }
    }
    if msg.code_address == ECRECOVER {
        return Ok(Outcome { success: true, output: ecrecover(&msg.data) });
    }
    if msg.code_address == ARB_SYS {
        return Ok(arb_sys(&ctx.as_context().data().block, &msg.data));
    }
    if msg.code_address == lst_client::stylus::ARB_GAS_INFO {
        return Ok(crate::arbos::arb_gas_info(&ctx.as_context().data().block, &msg.data));
    }
    if msg.code_address == lst_client::stylus::ARB_WASM && msg.kind == CallKind::Call {
        let outcome = crate::arbos::arb_wasm(ctx, &msg);
        if !outcome.success {
            ctx.as_context_mut().data_mut().world.revert_to(checkpoint);
        }
        return Ok(outcome);
    }
    if msg.code_address == crate::STYLUS_DEPLOYER && msg.kind == CallKind::Call {
        let outcome = crate::deployer::run(ctx, &msg)?;
        if !outcome.success {
            ctx.as_context_mut().data_mut().world.revert_to(checkpoint);
        }
        return Ok(outcome);
    }
    let (program, linker) = {
        let cx = ctx.as_context();
        let state = cx.data();
        (state.world.program(msg.code_address), state.linker.clone())
    };
    let Some(program) = program else {
        return Ok(Outcome { success: true, output: Vec::new() });
    };
    if !crate::arbos::may_run(ctx, program.codehash) {
        ctx.as_context_mut().data_mut().world.revert_to(checkpoint);
        let refused = lst_client::stylus::IArbWasm::ProgramNotActivated {};
        return Ok(Outcome { success: false, output: alloy_sol_types::SolError::abi_encode(&refused) });
    }
    let linker = linker.ok_or_else(|| trap("no linker installed"))?;
    let len = msg.data.len() as i32;
    ctx.as_context_mut().data_mut().frames.push(Frame {
        address: msg.address,
        caller: msg.caller,
        value: msg.value,
        args: msg.data,
        result: Vec::new(),
        return_data: Vec::new(),
        cache: HashMap::new(),
        is_static: msg.is_static,
    });
    let status = run(ctx, &linker, &program.module, len);
    let status = match status {
        Ok(0) => flush(ctx.as_context_mut().data_mut(), true).map(|()| 0),
        other => other,
    };
    let mut cx = ctx.as_context_mut();
    let state = cx.data_mut();
    let frame = state.frames.pop().ok_or_else(|| trap("call stack underflow"))?;
    match status {
        Ok(0) => Ok(Outcome { success: true, output: frame.result }),
        Ok(_) => {
            state.world.revert_to(checkpoint);
            Ok(Outcome { success: false, output: frame.result })
        }
        // A trap (unreachable, out of bounds, out of fuel) reverts with no data.
        Err(_) => {
            state.world.revert_to(checkpoint);
            Ok(Outcome { success: false, output: Vec::new() })
        }
    }
}

fn run(
    ctx: &mut impl AsContextMut<Data = State>,
    linker: &Linker<State>,
    module: &wasmi::Module,
    len: i32,
) -> Result<i32, Error> {
    let instance = linker.instantiate_and_start(ctx.as_context_mut(), module)?;
    let entry = instance.get_typed_func::<i32, i32>(ctx.as_context(), "user_entrypoint")?;
    entry.call(ctx.as_context_mut(), len)
}

/// Installs the linker nested calls instantiate programs with.
pub(crate) fn install_linker(state: &mut State, linker: Arc<Linker<State>>) {
    state.linker = Some(linker);
}
