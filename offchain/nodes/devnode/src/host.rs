//! The Stylus host: every `vm_hooks` import the suite's contracts use,
//! implemented over [`World`], and the execution of one call (a program run
//! in a fresh wasmi instance, nested calls re-entering the same store).

use crate::arbos::Activation;
use crate::gas;
use crate::meter;
use crate::world::{Checkpoint, World};
use alloy_primitives::{keccak256, Address, Bytes, Log, LogData, Signature, B256, U256};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};
use wasmi::{AsContext, AsContextMut, Caller, Error, Extern, Linker, Memory, StoreContextMut, Val};

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

/// The precompiles the chain installs ([`crate::precompiles::dispatch`]):
/// the outcome of `msg` when it calls one, `None` otherwise. A function
/// the state holds, so that the executor does not depend on the
/// precompiles that call back into it.
pub(crate) type Precompiles = fn(&mut StoreContextMut<'_, State>, &Message) -> Option<Result<Outcome, Error>>;

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
    /// What the transaction has touched so far (EIP-2929's warm set).
    pub(crate) access: Access,
    /// The precompiles beyond ecrecover and ArbSys.
    precompiles: Precompiles,
    /// Where the running call's ink is kept.
    budget: Budget,
}

/// Where the ink of the running call is kept: in the host while no
/// program runs (a transaction's start, a precompile, a program's
/// start-up), in the running program's `stylus_ink_left` global while one
/// does (its metering takes from there, [`crate::meter`]). It is in one
/// place at a time; [`ink_left`] and [`set_ink_left`] read and write
/// wherever it is.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Budget {
    /// Held by the host.
    Host(u64),
    /// Held by a running program's ink global.
    Program(wasmi::Global),
}

/// The ink the running call has left.
pub(crate) fn ink_left(ctx: &impl AsContext<Data = State>) -> u64 {
    let cx = ctx.as_context();
    match cx.data().budget {
        Budget::Host(ink) => ink,
        // The global holds what `set_ink_left` put there less what the
        // metering took; the block headers never take it below zero (a
        // per-byte charge that would is caught after the subtraction, and
        // the program then stops: `execute` sets its budget to 0).
        Budget::Program(global) => global.get(cx).i64().unwrap_or(0) as u64,
    }
}

/// Sets the ink the running call has left.
pub(crate) fn set_ink_left(ctx: &mut impl AsContextMut<Data = State>, ink: u64) -> Result<(), Error> {
    let mut cx = ctx.as_context_mut();
    match cx.data().budget {
        Budget::Host(_) => cx.data_mut().budget = Budget::Host(ink),
        Budget::Program(global) => global.set(&mut cx, Val::I64(ink.min(i64::MAX as u64) as i64))?,
    }
    Ok(())
}

/// A transaction's warm accounts and slots, each slot's value when the
/// transaction began, and the wasm pages its programs hold open.
#[derive(Default)]
pub(crate) struct Access {
    accounts: HashSet<Address>,
    slots: HashSet<(Address, B256)>,
    originals: HashMap<(Address, B256), B256>,
    open_pages: u64,
    /// Fuel burnt so far, by what bought it.
    pub(crate) spent: Spent,
}

/// What a transaction's gas bought, as [`GasBreakdown`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cost {
    /// Starting a program (init gas, cached or not).
    Start,
    /// Wasm pages beyond the free ones.
    Memory,
    /// Storage reads and writes (EVM gas).
    Storage,
    /// Touching other accounts: calls, balances, code, value, code deposit.
    Account,
    /// Logs (EVM gas).
    Log,
}

/// Fuel burnt per [`Cost`], hostios' own ink, and the programs started.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Spent {
    start: u64,
    memory: u64,
    storage: u64,
    account: u64,
    log: u64,
    hostio: u64,
    programs: u64,
}

/// Where a transaction's gas went. Each part is the gas of what it bought;
/// `wasm` is the rest: the wasm operators the programs ran.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GasBreakdown {
    /// Ethereum's intrinsic gas (21,000 and the calldata).
    pub intrinsic: u64,
    /// Programs started (the transaction's own call and every nested one).
    pub program_calls: u64,
    /// Their start-up gas (Nitro's init gas, cached or uncached).
    pub starts: u64,
    /// Wasm memory pages beyond the free ones.
    pub memory: u64,
    /// Storage reads and writes (EIP-2929/2200 prices).
    pub storage: u64,
    /// Account access, value transfers and code deposits.
    pub accounts: u64,
    /// Logs.
    pub logs: u64,
    /// Hostios' own ink (their base price and the bytes they move).
    pub hostio: u64,
    /// The wasm operators: what is left of `gas_used`.
    pub wasm: u64,
}

impl GasBreakdown {
    /// The breakdown of a transaction that used `gas_used` in all, of which
    /// `intrinsic` before any program ran, with `spent` recorded.
    pub(crate) fn of(spent: &Spent, intrinsic: u64, gas_used: u64) -> Self {
        let gas = |fuel: u64| fuel / gas::FUEL_PER_GAS;
        let mut b = Self {
            intrinsic,
            program_calls: spent.programs,
            starts: gas(spent.start),
            memory: gas(spent.memory),
            storage: gas(spent.storage),
            accounts: gas(spent.account),
            logs: gas(spent.log),
            hostio: gas(spent.hostio),
            wasm: 0,
        };
        let parts = b.intrinsic + b.starts + b.memory + b.storage + b.accounts + b.logs + b.hostio;
        b.wasm = gas_used.saturating_sub(parts);
        b
    }
}

impl Access {
    /// Marks `account` warm; whether it already was.
    fn touch(&mut self, account: Address) -> bool {
        !self.accounts.insert(account)
    }

    /// Marks the slot warm; whether it already was.
    fn touch_slot(&mut self, account: Address, key: B256) -> bool {
        !self.slots.insert((account, key))
    }
}

impl State {
    /// A state with nothing running.
    pub(crate) fn new(world: World, block: BlockEnv, precompiles: Precompiles) -> Self {
        Self {
            world,
            block,
            origin: Address::ZERO,
            gas_price: U256::ZERO,
            frames: Vec::new(),
            linker: None,
            access: Access::default(),
            precompiles,
            budget: Budget::Host(0),
        }
    }

    /// Starts a transaction from `origin` with `ink` to spend: nothing is
    /// warm but the sender, the precompiles and, when it calls one, the
    /// recipient.
    pub(crate) fn begin_transaction(&mut self, origin: Address, to: Option<Address>, ink: u64) {
        self.origin = origin;
        self.budget = Budget::Host(ink);
        self.access = Access::default();
        self.access.touch(origin);
        if let Some(to) = to {
            self.access.touch(to);
        }
        for precompile in [
            ECRECOVER,
            ARB_SYS,
            lst_client::stylus::ARB_WASM,
            lst_client::stylus::ARB_WASM_CACHE,
            lst_client::stylus::ARB_GAS_INFO,
        ] {
            self.access.touch(precompile);
        }
    }
}

/// The error of a call that ran out of gas.
pub const OUT_OF_GAS: &str = "out of gas";

/// Burns `fuel` of what is left, or fails with [`OUT_OF_GAS`] having burnt
/// everything (as Nitro does when a program runs out of ink).
pub(crate) fn burn(ctx: &mut impl AsContextMut<Data = State>, fuel: u64) -> Result<(), Error> {
    let left = ink_left(ctx);
    match left.checked_sub(fuel) {
        Some(rest) => set_ink_left(ctx, rest),
        None => {
            set_ink_left(ctx, 0)?;
            Err(trap(OUT_OF_GAS))
        }
    }
}

/// Whether a trap is running out of gas: a hostio's [`OUT_OF_GAS`] (the
/// metering's own stop is turned into it by [`run`]).
fn is_out_of_gas(e: &Error) -> bool {
    e.to_string() == OUT_OF_GAS
}

/// Gives back the `pages` a returning program held open.
fn close_pages(ctx: &mut impl AsContextMut<Data = State>, pages: u64) {
    let mut cx = ctx.as_context_mut();
    let access = &mut cx.data_mut().access;
    access.open_pages = access.open_pages.saturating_sub(pages);
}

/// Burns `ink` (a hostio's price).
fn pay_ink(c: &mut Caller<'_, State>, ink: u64) -> Result<(), Error> {
    let fuel = gas::fuel_of_ink(ink);
    burn(c, fuel)?;
    c.data_mut().access.spent.hostio += fuel;
    Ok(())
}

/// Burns `amount` gas (what a hostio does in the EVM), recorded as `cost`.
pub(crate) fn pay_gas(ctx: &mut impl AsContextMut<Data = State>, amount: u64, cost: Cost) -> Result<(), Error> {
    let fuel = gas::fuel_of_gas(amount);
    burn(ctx, fuel)?;
    let mut cx = ctx.as_context_mut();
    let spent = &mut cx.data_mut().access.spent;
    let part = match cost {
        Cost::Start => &mut spent.start,
        Cost::Memory => &mut spent.memory,
        Cost::Storage => &mut spent.storage,
        Cost::Account => &mut spent.account,
        Cost::Log => &mut spent.log,
    };
    *part = part.saturating_add(fuel);
    Ok(())
}

/// Opens `pages` more wasm pages for the transaction and pays for those
/// beyond the free ones.
fn open_pages(ctx: &mut impl AsContextMut<Data = State>, pages: u64) -> Result<(), Error> {
    let mut cx = ctx.as_context_mut();
    let access = &mut cx.data_mut().access;
    let before = access.open_pages.saturating_sub(gas::FREE_PAGES);
    access.open_pages = access.open_pages.saturating_add(pages);
    let after = access.open_pages.saturating_sub(gas::FREE_PAGES);
    pay_gas(ctx, after.saturating_sub(before).saturating_mul(gas::PAGE_GAS), Cost::Memory)
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

/// Writes the dirty entries of the running frame's cache to the world,
/// paying each write as an SSTORE.
fn flush(ctx: &mut impl AsContextMut<Data = State>, clear: bool) -> Result<(), Error> {
    let mut cx = ctx.as_context_mut();
    let state = cx.data_mut();
    let Some(frame) = state.frames.last_mut() else { return Err(trap("no running program")) };
    let mut dirty: Vec<(B256, B256)> = frame
        .cache
        .iter_mut()
        .filter(|(_, (_, d))| *d)
        .map(|(k, (v, d))| {
            *d = false;
            (*k, *v)
        })
        .collect();
    // One order whatever the map's: the gas of a write depends on those before.
    dirty.sort_unstable();
    if !dirty.is_empty() && frame.is_static {
        return Err(trap("storage write in a static call"));
    }
    let address = frame.address;
    if clear {
        frame.cache.clear();
    }
    for (key, value) in dirty {
        store_slot(ctx, address, key, value)?;
    }
    Ok(())
}

/// Writes `value` to `address`'s slot `key`, paying it as an SSTORE
/// (EIP-2200 and 2929, no refunds).
pub(crate) fn store_slot(
    ctx: &mut impl AsContextMut<Data = State>,
    address: Address,
    key: B256,
    value: B256,
) -> Result<(), Error> {
    let mut cx = ctx.as_context_mut();
    let state = cx.data_mut();
    let current = state.world.storage(address, key);
    let original = *state.access.originals.entry((address, key)).or_insert(current);
    let warm = state.access.touch_slot(address, key);
    pay_gas(ctx, gas::sstore_gas(original.0, current.0, value.0, warm), Cost::Storage)?;
    ctx.as_context_mut().data_mut().world.set_storage(address, key, value);
    Ok(())
}

/// Reads `address`'s slot `key`, paying it as an SLOAD (EIP-2929).
pub(crate) fn load_slot(ctx: &mut impl AsContextMut<Data = State>, address: Address, key: B256) -> Result<B256, Error> {
    let mut cx = ctx.as_context_mut();
    let state = cx.data_mut();
    let value = state.world.storage(address, key);
    state.access.originals.entry((address, key)).or_insert(value);
    let warm = state.access.touch_slot(address, key);
    pay_gas(ctx, gas::sload_gas(warm), Cost::Storage)?;
    Ok(value)
}

/// Pays a hostio's `ink` and the EVM's account access to `who` (warm or
/// cold).
fn touch_account(c: &mut Caller<'_, State>, ink: u64, who: Address) -> Result<(), Error> {
    pay_ink(c, ink)?;
    let warm = c.data_mut().access.touch(who);
    pay_gas(c, gas::account_gas(warm), Cost::Account)
}

/// Builds the linker with every hostio.
pub(crate) fn linker(engine: &wasmi::Engine) -> Result<Linker<State>, Error> {
    let mut l = Linker::<State>::new(engine);
    const M: &str = "vm_hooks";
    l.func_wrap(M, "read_args", |mut c: Caller<'_, State>, dest: i32| {
        let args = frame(&c)?.args.clone();
        pay_ink(&mut c, gas::HOSTIO + gas::write_ink(args.len() as u64))?;
        write(&mut c, dest, &args)
    })?;
    l.func_wrap(M, "write_result", |mut c: Caller<'_, State>, data: i32, len: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::read_ink(offset(len) as u64))?;
        let bytes = read(&c, data, offset(len))?;
        frame_mut(&mut c)?.result = bytes;
        Ok(())
    })?;
    l.func_wrap(M, "storage_load_bytes32", |mut c: Caller<'_, State>, key: i32, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + 2 * gas::PTR)?;
        let key = read_word(&c, key)?;
        let f = frame(&c)?;
        let value = match f.cache.get(&key) {
            Some((v, _)) => *v,
            // A miss reads the world: an SLOAD, cold or warm.
            None => {
                let address = f.address;
                let v = c.data().world.storage(address, key);
                let state = c.data_mut();
                state.access.originals.entry((address, key)).or_insert(v);
                let warm = state.access.touch_slot(address, key);
                pay_gas(&mut c, gas::sload_gas(warm), Cost::Storage)?;
                frame_mut(&mut c)?.cache.insert(key, (v, false));
                v
            }
        };
        write(&mut c, dest, value.as_slice())
    })?;
    l.func_wrap(M, "storage_cache_bytes32", |mut c: Caller<'_, State>, key: i32, value: i32| {
        pay_ink(&mut c, gas::HOSTIO + 2 * gas::PTR)?;
        let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
        frame_mut(&mut c)?.cache.insert(key, (value, true));
        Ok(())
    })?;
    l.func_wrap(M, "storage_flush_cache", |mut c: Caller<'_, State>, clear: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::EVM_API)?;
        flush(&mut c, clear != 0)
    })?;
    l.func_wrap(M, "msg_sender", |mut c: Caller<'_, State>, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::PTR)?;
        let a = frame(&c)?.caller;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "msg_value", |mut c: Caller<'_, State>, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::PTR)?;
        let v = frame(&c)?.value;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "msg_reentrant", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        let me = frame(&c)?.address;
        Ok(i32::from(c.data().frames.iter().filter(|f| f.address == me).count() > 1))
    })?;
    l.func_wrap(M, "tx_origin", |mut c: Caller<'_, State>, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::PTR)?;
        let a = c.data().origin;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "tx_gas_price", |mut c: Caller<'_, State>, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::PTR)?;
        let v = c.data().gas_price;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "tx_ink_price", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(gas::INK_PER_GAS as i32)
    })?;
    // Arbitrum: a program's `block.number` is the L1 estimate.
    l.func_wrap(M, "block_number", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(c.data().block.l1_number as i64)
    })?;
    l.func_wrap(M, "block_timestamp", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(c.data().block.timestamp as i64)
    })?;
    l.func_wrap(M, "block_gas_limit", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(c.data().block.gas_limit as i64)
    })?;
    l.func_wrap(M, "chainid", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(c.data().block.chain_id as i64)
    })?;
    l.func_wrap(M, "block_basefee", |mut c: Caller<'_, State>, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::PTR)?;
        let v = c.data().block.basefee;
        write(&mut c, dest, &v.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "block_coinbase", |mut c: Caller<'_, State>, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::PTR)?;
        let a = c.data().block.coinbase;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "contract_address", |mut c: Caller<'_, State>, dest: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::PTR)?;
        let a = frame(&c)?.address;
        write(&mut c, dest, a.as_slice())
    })?;
    l.func_wrap(M, "evm_gas_left", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(gas::gas_of_fuel(ink_left(&c).saturating_sub(gas::FUEL_PER_GAS - 1)) as i64)
    })?;
    l.func_wrap(M, "evm_ink_left", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(ink_left(&c).saturating_mul(gas::INK_PER_FUEL) as i64)
    })?;
    l.func_wrap(M, "pay_for_memory_grow", |mut c: Caller<'_, State>, pages: i32| {
        pay_ink(&mut c, gas::HOSTIO)?;
        open_pages(&mut c, u64::from(pages as u16))
    })?;
    l.func_wrap(M, "emit_log", |mut c: Caller<'_, State>, data: i32, len: i32, topics: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::EVM_API + gas::read_ink(offset(len) as u64))?;
        let bytes = read(&c, data, offset(len))?;
        let topics = offset(topics);
        if topics > 4 || bytes.len() < topics * 32 {
            return Err(trap("malformed log"));
        }
        pay_gas(&mut c, gas::log_gas(topics as u64, (bytes.len() - topics * 32) as u64), Cost::Log)?;
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
        pay_ink(&mut c, gas::HOSTIO + gas::keccak_ink(offset(len) as u64))?;
        let hash = keccak256(read(&c, data, offset(len))?);
        write(&mut c, dest, hash.as_slice())
    })?;
    l.func_wrap(M, "account_balance", |mut c: Caller<'_, State>, address: i32, dest: i32| {
        let who = read_address(&c, address)?;
        touch_account(&mut c, gas::HOSTIO + 2 * gas::PTR + gas::EVM_API, who)?;
        let b = c.data().world.balance(who);
        write(&mut c, dest, &b.to_be_bytes::<32>())
    })?;
    l.func_wrap(M, "account_code_size", |mut c: Caller<'_, State>, address: i32| {
        let who = read_address(&c, address)?;
        touch_account(&mut c, gas::HOSTIO + gas::EVM_API, who)?;
        let code = c.data().world.program(who).map_or(0, |p| p.code.len());
        Ok(code as i32)
    })?;
    l.func_wrap(M, "account_code", |mut c: Caller<'_, State>, address: i32, off: i32, size: i32, dest: i32| {
        let who = read_address(&c, address)?;
        touch_account(&mut c, gas::HOSTIO + gas::EVM_API + gas::write_ink(offset(size) as u64), who)?;
        let code = c.data().world.program(who).map(|p| p.code.clone()).unwrap_or_default();
        let start = offset(off).min(code.len());
        let end = start.saturating_add(offset(size)).min(code.len());
        let slice = code[start..end].to_vec();
        write(&mut c, dest, &slice)?;
        Ok(slice.len() as i32)
    })?;
    l.func_wrap(M, "account_codehash", |mut c: Caller<'_, State>, address: i32, dest: i32| {
        let who = read_address(&c, address)?;
        touch_account(&mut c, gas::HOSTIO + 2 * gas::PTR + gas::EVM_API, who)?;
        let hash = match c.data().world.program(who) {
            Some(p) => keccak256(&p.code),
            // The hash of empty code.
            None => keccak256([]),
        };
        write(&mut c, dest, hash.as_slice())
    })?;
    l.func_wrap(M, "return_data_size", |mut c: Caller<'_, State>| {
        pay_ink(&mut c, gas::HOSTIO)?;
        Ok(frame(&c)?.return_data.len() as i32)
    })?;
    l.func_wrap(M, "read_return_data", |mut c: Caller<'_, State>, dest: i32, off: i32, size: i32| {
        pay_ink(&mut c, gas::HOSTIO + gas::EVM_API + gas::write_ink(offset(size) as u64))?;
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
/// A nested call with at most `gas`: as on
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
    let ink = gas::HOSTIO + 3 * gas::PTR + gas::EVM_API + gas::read_ink(offset(len) as u64);
    let target = read_address(&c, to)?;
    touch_account(&mut c, ink, target)?;
    let calldata = read(&c, data, offset(len))?;
    // Value moved costs the caller 9,000 gas and gives the callee a
    // stipend of 2,300 (and 25,000 more to bring a new account to life).
    let stipend = if kind == CallKind::Call && !value.is_zero() {
        let new_account = c.data().world.account(target).nonce == 0
            && c.data().world.balance(target).is_zero()
            && c.data().world.program(target).is_none();
        pay_gas(&mut c, gas::CALL_VALUE_GAS + if new_account { 25_000 } else { 0 }, Cost::Account)?;
        gas::fuel_of_gas(gas::CALL_STIPEND)
    } else {
        0
    };
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
    let remaining = ink_left(&c);
    let limit = gas::fuel_of_gas(gas).min(remaining - remaining / 64);
    // The callee's ink is the host's until its program runs; the caller's
    // stays in its global meanwhile.
    let caller = std::mem::replace(&mut c.data_mut().budget, Budget::Host(limit.saturating_add(stipend)));
    let outcome = execute(&mut c, msg);
    let left = ink_left(&c);
    c.data_mut().budget = caller;
    let outcome = outcome?;
    let burnt = limit.saturating_sub(left);
    set_ink_left(&mut c, remaining.saturating_sub(burnt))?;
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
    // A call beyond the EVM's depth fails without running, as on Nitro.
    if ctx.as_context().data().frames.len() >= MAX_CALL_DEPTH {
        return Ok(Outcome { success: false, output: Vec::new() });
    }
    // Each nested program call nests the interpreter in this thread; the
    // stack grows on the heap when little is left, so the deepest nesting
    // a transaction can reach fits whatever thread runs it.
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, move || execute_here(ctx, msg))
}

/// Most nested calls: the EVM's 1,024.
pub const MAX_CALL_DEPTH: usize = 1024;
/// Stack a nested call may need before the next one checks again.
const STACK_RED_ZONE: usize = 1 << 20;
/// Stack added when less than [`STACK_RED_ZONE`] is left.
const STACK_SEGMENT: usize = 16 << 20;

fn execute_here(ctx: &mut impl AsContextMut<Data = State>, msg: Message) -> Result<Outcome, Error> {
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
    let precompiles = ctx.as_context().data().precompiles;
    if let Some(outcome) = precompiles(&mut ctx.as_context_mut(), &msg) {
        let outcome = outcome?;
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
    let Some(activation) = may_run(ctx, program.codehash) else {
        ctx.as_context_mut().data_mut().world.revert_to(checkpoint);
        let refused = lst_client::stylus::IArbWasm::ProgramNotActivated {};
        return Ok(Outcome { success: false, output: alloy_sol_types::SolError::abi_encode(&refused) });
    };
    // Starting the program: its init gas and the pages it opens.
    let pages = u64::from(activation.footprint);
    ctx.as_context_mut().data_mut().access.spent.programs += 1;
    let started = pay_gas(ctx, activation.start_gas(), Cost::Start).and_then(|()| open_pages(ctx, pages));
    if started.is_err() {
        close_pages(ctx, pages);
        ctx.as_context_mut().data_mut().world.revert_to(checkpoint);
        return Ok(Outcome { success: false, output: Vec::new() });
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
        Ok(0) => flush(ctx, true).map(|()| 0),
        other => other,
    };
    close_pages(ctx, pages);
    let mut cx = ctx.as_context_mut();
    let state = cx.data_mut();
    let frame = state.frames.pop().ok_or_else(|| trap("call stack underflow"))?;
    match status {
        Ok(0) => Ok(Outcome { success: true, output: frame.result }),
        Ok(_) => {
            state.world.revert_to(checkpoint);
            Ok(Outcome { success: false, output: frame.result })
        }
        // A trap (unreachable, out of bounds, out of gas) reverts with no
        // data; running out of gas burns all the call had.
        Err(e) => {
            state.world.revert_to(checkpoint);
            if is_out_of_gas(&e) {
                state.budget = Budget::Host(0);
            }
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
    let (Some(ink), Some(status)) = (
        instance.get_global(ctx.as_context(), meter::INK_LEFT),
        instance.get_global(ctx.as_context(), meter::INK_STATUS),
    ) else {
        return Err(trap("the program is not metered"));
    };
    // The ink moves into the program's global while it runs, and back.
    let budget = ink_left(ctx);
    ink.set(ctx.as_context_mut(), Val::I64(budget.min(i64::MAX as u64) as i64))?;
    ctx.as_context_mut().data_mut().budget = Budget::Program(ink);
    let ran = entry.call(ctx.as_context_mut(), len);
    let left = ink_left(ctx);
    ctx.as_context_mut().data_mut().budget = Budget::Host(left);
    match ran {
        Err(_) if status.get(ctx.as_context()).i32() == Some(1) => Err(trap(OUT_OF_GAS)),
        other => other,
    }
}

/// Installs the linker nested calls instantiate programs with.
pub(crate) fn install_linker(state: &mut State, linker: Arc<Linker<State>>) {
    state.linker = Some(linker);
}

/// Whether the program at `address` may run: its code is activated.
/// (Expiry is reported by `programTimeLeft` but not enforced: a local
/// chain's clock is moved by years in tests.)
fn may_run(ctx: &impl AsContext<Data = State>, codehash: B256) -> Option<Activation> {
    ctx.as_context().data().world.activation(codehash)
}
