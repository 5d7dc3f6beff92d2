//! Nitro's program cache: the ArbWasmCache precompile at `0x72` and the
//! cache manager, the contract through which anyone caches a program by
//! bidding for a place in the cache.
//!
//! A cached program starts for its cached init gas alone
//! ([`Activation::cached_gas`]) instead of also paying the full init
//! ([`Activation::uncached_gas`]); see [`crate::arbos`] for both. On
//! Arbitrum only cache managers (and the chain owner) may call ArbWasmCache's
//! `cacheProgram` / `evictCodehash`; anyone else's call burns all its gas.
//! The one cache manager is a Solidity contract (`CacheManager.sol` of
//! nitro-contracts) that keeps programs in the cache by bid: a program
//! enters for `msg.value` (plus `decay` × the time, so older bids lose
//! weight), and when the cache is full the smallest bids are evicted to make
//! room; a bid below the smallest it would evict is refused.
//!
//! This chain runs EVM bytecode for no one, so the cache manager is built
//! in at [`CACHE_MANAGER`] (as the StylusDeployer is), with the same ABI,
//! rules, events and errors ([`lst_client::stylus::ICacheManager`]);
//! `ArbWasmCache.allCacheManagers()` names it, which is how cargo-stylus
//! and lst-deploy find it. Its state lives in its account's storage,
//! charged as storage (EIP-2929/2200 prices), so a failed bid changes
//! nothing and `eth_getStorageAt` shows it: slot 0 the cache size, 1 the
//! queue size, 2 the decay, 3 the pause flag, 4 the entries' count, and
//! entry `i` at `keccak256(4) + 2i` (its code hash) and the slot after (its
//! bid above its size, packed as Solidity packs `uint64 size; uint192
//! bid`). What differs from the Solidity contract: the smallest bids are
//! found by a scan of the live entries instead of a heap kept in storage
//! (the heap's own slots are not charged), there is no chain owner on this
//! chain (the owner's functions revert with `NotChainOwner`), and the
//! collected bids are swept to the block's coinbase.

use crate::arbos::{Activation, STYLUS_VERSION};
use crate::host::{load_slot, pay_gas, store_slot, Cost, Message, Outcome, State};
use alloy_primitives::{address, keccak256, Address, Log, B256, U256};
use alloy_sol_types::{Panic, PanicKind, SolError, SolEvent, SolInterface, SolValue};
use lst_client::stylus::{IArbWasm, IArbWasmCache, ICacheManager, ARB_WASM_CACHE};
use wasmi::{AsContext, AsContextMut, Error};

/// Where the built-in cache manager lives on this chain.
pub const CACHE_MANAGER: Address = address!("0000000000000000000000000000000000cac4e0");
/// The cache's size on a new chain: 1 GiB of machine code (Nitro's
/// estimate, about 1 MiB for each of this project's programs).
pub const INITIAL_CACHE_SIZE: u64 = 1 << 30;
/// The smallest size a bid counts (`MIN_CODESIZE`).
pub const MIN_CODESIZE: u64 = 4096;
/// The most `makeSpace` frees in one call (`MAX_MAKE_SPACE`).
pub const MAX_MAKE_SPACE: u64 = 5 * 1024 * 1024;

const CACHE_SIZE: u64 = 0;
const QUEUE_SIZE: u64 = 1;
const DECAY: u64 = 2;
const PAUSED: u64 = 3;
const ENTRIES: u64 = 4;

fn ok(output: Vec<u8>) -> Outcome {
    Outcome { success: true, output }
}

fn fail(output: Vec<u8>) -> Outcome {
    Outcome { success: false, output }
}

fn slot(n: u64) -> B256 {
    B256::from(U256::from(n))
}

/// The slot of word `word` (0: code, 1: size and bid) of entry `index`.
fn entry_slot(index: u64, word: u64) -> B256 {
    let base = U256::from_be_bytes(keccak256(slot(ENTRIES)).0);
    B256::from(base.wrapping_add(U256::from(index).wrapping_mul(U256::from(2))).wrapping_add(U256::from(word)))
}

/// The storage words a chain starts with at [`CACHE_MANAGER`].
pub(crate) fn genesis() -> [(B256, B256); 1] {
    [(slot(CACHE_SIZE), slot(INITIAL_CACHE_SIZE))]
}

/// A cache entry as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    code: B256,
    size: u64,
    bid: U256,
}

impl Entry {
    fn abi(&self) -> ICacheManager::Entry {
        ICacheManager::Entry { code: self.code, size: self.size, bid: alloy_primitives::aliases::U192::from(self.bid) }
    }
}

/// The cache manager's storage, read and written at storage prices.
struct Store<'a, C: AsContextMut<Data = State>> {
    ctx: &'a mut C,
}

impl<C: AsContextMut<Data = State>> Store<'_, C> {
    fn word(&mut self, key: B256) -> Result<U256, Error> {
        Ok(U256::from_be_bytes(load_slot(self.ctx, CACHE_MANAGER, key)?.0))
    }

    fn set_word(&mut self, key: B256, value: U256) -> Result<(), Error> {
        store_slot(self.ctx, CACHE_MANAGER, key, B256::from(value))
    }

    fn number(&mut self, n: u64) -> Result<u64, Error> {
        Ok(self.word(slot(n))?.saturating_to())
    }

    fn set_number(&mut self, n: u64, value: u64) -> Result<(), Error> {
        self.set_word(slot(n), U256::from(value))
    }

    fn entry(&mut self, index: u64) -> Result<Entry, Error> {
        let code = B256::from(self.word(entry_slot(index, 0))?);
        let packed = self.word(entry_slot(index, 1))?;
        let size = (packed & U256::from(u64::MAX)).saturating_to();
        Ok(Entry { code, size, bid: packed >> 64 })
    }

    fn set_entry(&mut self, index: u64, entry: Entry) -> Result<(), Error> {
        self.set_word(entry_slot(index, 0), U256::from_be_bytes(entry.code.0))?;
        self.set_word(entry_slot(index, 1), (entry.bid << 64) | U256::from(entry.size))
    }

    /// The live entries (code hash not zero) by bid, then index, smallest
    /// first: the order of the Solidity contract's heap of packed
    /// `bid << 64 | index`.
    /// Read without charge: it stands for the contract's heap, whose own
    /// slots this chain does not keep (the entries a call then evicts or
    /// returns are charged when read).
    fn by_bid(&mut self) -> Result<Vec<(U256, u64, Entry)>, Error> {
        let count = self.number(ENTRIES)?;
        let cx = self.ctx.as_context();
        let world = &cx.data().world;
        let word = |key: B256| U256::from_be_bytes(world.storage(CACHE_MANAGER, key).0);
        let mut live = Vec::new();
        for index in 0..count {
            let code = B256::from(word(entry_slot(index, 0)));
            if !code.is_zero() {
                let packed = word(entry_slot(index, 1));
                let entry = Entry { code, size: (packed & U256::from(u64::MAX)).saturating_to(), bid: packed >> 64 };
                live.push((entry.bid, index, entry));
            }
        }
        live.sort_unstable_by_key(|(bid, index, _)| (*bid, *index));
        Ok(live)
    }

    fn decay_now(&mut self) -> Result<U256, Error> {
        let decay = self.number(DECAY)?;
        let now = self.ctx.as_context().data().block.timestamp;
        Ok(U256::from(now).saturating_mul(U256::from(decay)))
    }
}

/// `cacheProgram` / `evictCodehash` as ArbWasmCache runs them for an
/// allowed caller: sets whether `codehash` is cached, burning its init
/// cost when that changes, and logs `UpdateProgramCache`. Refusals are
/// ArbWasmCache's errors.
fn set_cached(
    ctx: &mut impl AsContextMut<Data = State>,
    manager: Address,
    codehash: B256,
    cache: bool,
) -> Result<Result<(), Outcome>, Error> {
    let mut cx = ctx.as_context_mut();
    let state = cx.data_mut();
    let activation = state.world.activation(codehash);
    let Some(mut activation) = activation.filter(|a| a.version == STYLUS_VERSION) else {
        if !cache {
            return Ok(Ok(()));
        }
        let version = activation.map_or(0, |a| a.version);
        let refused = IArbWasmCache::ProgramNeedsUpgrade { version, stylusVersion: STYLUS_VERSION };
        return Ok(Err(fail(refused.abi_encode())));
    };
    if activation.cached == cache {
        return Ok(Ok(()));
    }
    let event = IArbWasmCache::UpdateProgramCache { manager, codehash, cached: cache };
    state.world.push_log(Log { address: ARB_WASM_CACHE, data: event.encode_log_data() });
    activation.cached = cache;
    state.world.set_activation(codehash, activation);
    // Nitro charges the program's init cost to cache or evict it.
    pay_gas(ctx, u64::from(activation.init_cost), Cost::Storage)?;
    Ok(Ok(()))
}

/// Burns everything the call has: how ArbWasmCache refuses a caller that is
/// neither a cache manager nor a chain owner.
fn burn_out(ctx: &mut impl AsContextMut<Data = State>) -> Result<Outcome, Error> {
    crate::host::set_ink_left(ctx, 0)?;
    Ok(fail(Vec::new()))
}

/// ArbWasmCache at `0x72`. Unknown selectors revert without data.
pub(crate) fn arb_wasm_cache(ctx: &mut impl AsContextMut<Data = State>, msg: &Message) -> Result<Outcome, Error> {
    use IArbWasmCache::IArbWasmCacheCalls as Calls;
    let Ok(call) = Calls::abi_decode(&msg.data) else { return Ok(fail(Vec::new())) };
    let writes = matches!(call, Calls::cacheCodehash(_) | Calls::cacheProgram(_) | Calls::evictCodehash(_));
    if writes && (msg.is_static || msg.caller != CACHE_MANAGER) {
        return burn_out(ctx);
    }
    let outcome = match call {
        Calls::isCacheManager(c) => ok((c.manager == CACHE_MANAGER).abi_encode()),
        Calls::allCacheManagers(_) => ok(vec![CACHE_MANAGER].abi_encode()),
        // Since ArbOS 31 caching needs the program's address.
        Calls::cacheCodehash(_) => fail(Vec::new()),
        Calls::cacheProgram(c) => {
            let codehash = ctx.as_context().data().world.program(c.addr).map_or(B256::ZERO, |p| p.codehash);
            set_cached(ctx, msg.caller, codehash, true)?.map_or_else(|refused| refused, |()| ok(Vec::new()))
        }
        Calls::evictCodehash(c) => {
            set_cached(ctx, msg.caller, c.codehash, false)?.map_or_else(|refused| refused, |()| ok(Vec::new()))
        }
        Calls::codehashIsCached(c) => {
            let cached = ctx.as_context().data().world.activation(c.codehash).is_some_and(|a| a.cached);
            ok(cached.abi_encode())
        }
    };
    Ok(outcome)
}

/// The activation of `codehash`, or ArbWasm's `ProgramNotActivated` (what
/// `codehashAsmSize` reverts with).
fn activated(ctx: &impl AsContext<Data = State>, codehash: B256) -> Result<Activation, Outcome> {
    ctx.as_context()
        .data()
        .world
        .activation(codehash)
        .ok_or_else(|| fail(IArbWasm::ProgramNotActivated {}.abi_encode()))
}

/// The size a bid for `codehash` counts: its machine code, at least
/// [`MIN_CODESIZE`].
fn asm_size(ctx: &impl AsContext<Data = State>, codehash: B256) -> Result<u64, Outcome> {
    activated(ctx, codehash).map(|a| u64::from(a.asm_size()).max(MIN_CODESIZE))
}

fn codehash_of(ctx: &impl AsContext<Data = State>, program: Address) -> B256 {
    ctx.as_context().data().world.program(program).map_or(keccak256([]), |p| p.codehash)
}

fn min_bid(store: &mut Store<'_, impl AsContextMut<Data = State>>, size: u64) -> Result<Result<U256, Outcome>, Error> {
    let cache_size = store.number(CACHE_SIZE)?;
    if size > cache_size {
        let refused = ICacheManager::AsmTooLarge {
            asm: U256::from(size),
            queueSize: U256::ZERO,
            cacheSize: U256::from(cache_size),
        };
        return Ok(Err(fail(refused.abi_encode())));
    }
    let size = size.max(MIN_CODESIZE);
    let total = u128::from(store.number(QUEUE_SIZE)?) + u128::from(size);
    if total <= u128::from(cache_size) {
        return Ok(Ok(U256::ZERO));
    }
    let mut need = total - u128::from(cache_size);
    let mut min = U256::ZERO;
    for (bid, _, entry) in store.by_bid()? {
        if need <= u128::from(entry.size) {
            min = bid;
            break;
        }
        need -= u128::from(entry.size);
    }
    let decay = store.decay_now()?;
    Ok(Ok(min.saturating_sub(decay)))
}

/// Evicts entry `index` (bid `bid`): ArbWasmCache's `evictCodehash`, the
/// queue shrinks, `DeleteBid`, the entry zeroed.
fn delete_entry(store: &mut Store<'_, impl AsContextMut<Data = State>>, bid: U256, index: u64) -> Result<(), Error> {
    let entry = store.entry(index)?;
    // Evicting never refuses (an unknown or outdated code is a no-op).
    let _ = set_cached(store.ctx, CACHE_MANAGER, entry.code, false)?;
    let queue = store.number(QUEUE_SIZE)?;
    store.set_number(QUEUE_SIZE, queue.saturating_sub(entry.size))?;
    let event = ICacheManager::DeleteBid {
        codehash: entry.code,
        bid: alloy_primitives::aliases::U192::from(bid),
        size: entry.size,
    };
    store.ctx.as_context_mut().data_mut().world.push_log(Log { address: CACHE_MANAGER, data: event.encode_log_data() });
    store.set_entry(index, Entry { code: B256::ZERO, size: 0, bid: U256::ZERO })
}

/// `_makeSpace`: the caller's bid (value plus decay) and the index the new
/// entry takes, having evicted the smallest bids until `size` fits.
fn make_space(
    store: &mut Store<'_, impl AsContextMut<Data = State>>,
    value: U256,
    size: u64,
) -> Result<Result<(U256, u64), Outcome>, Error> {
    let bid = value.saturating_add(store.decay_now()?);
    if bid > U256::from(alloy_primitives::aliases::U192::MAX) {
        return Ok(Err(fail(ICacheManager::BidTooLarge { bid }.abi_encode())));
    }
    let mut index = store.number(ENTRIES)?;
    let cache_size = store.number(CACHE_SIZE)?;
    let mut min = U256::ZERO;
    let mut smallest = store.by_bid()?.into_iter();
    while u128::from(store.number(QUEUE_SIZE)?) + u128::from(size) > u128::from(cache_size) {
        let Some((evicted, at, _)) = smallest.next() else {
            // Nothing left to evict: the program can never fit.
            let queue = store.number(QUEUE_SIZE)?;
            let refused = ICacheManager::AsmTooLarge {
                asm: U256::from(size),
                queueSize: U256::from(queue),
                cacheSize: U256::from(cache_size),
            };
            return Ok(Err(fail(refused.abi_encode())));
        };
        delete_entry(store, evicted, at)?;
        (min, index) = (evicted, at);
    }
    if bid < min {
        let refused = ICacheManager::BidTooSmall {
            bid: alloy_primitives::aliases::U192::from(bid),
            min: alloy_primitives::aliases::U192::from(min),
        };
        return Ok(Err(fail(refused.abi_encode())));
    }
    Ok(Ok((bid, index)))
}

fn place_bid(
    store: &mut Store<'_, impl AsContextMut<Data = State>>,
    value: U256,
    program: Address,
) -> Result<Outcome, Error> {
    if store.number(PAUSED)? != 0 {
        return Ok(fail(ICacheManager::BidsArePaused {}.abi_encode()));
    }
    let codehash = codehash_of(store.ctx, program);
    if activated(store.ctx, codehash).is_ok_and(|a| a.cached) {
        return Ok(fail(ICacheManager::AlreadyCached { codehash }.abi_encode()));
    }
    let size = match asm_size(store.ctx, codehash) {
        Ok(size) => size,
        Err(refused) => return Ok(refused),
    };
    let (bid, index) = match make_space(store, value, size)? {
        Ok(placed) => placed,
        Err(refused) => return Ok(refused),
    };
    let (queue, cache_size) = (store.number(QUEUE_SIZE)?, store.number(CACHE_SIZE)?);
    if u128::from(queue) + u128::from(size) > u128::from(cache_size) {
        let refused = ICacheManager::AsmTooLarge {
            asm: U256::from(size),
            queueSize: U256::from(queue),
            cacheSize: U256::from(cache_size),
        };
        return Ok(fail(refused.abi_encode()));
    }
    // ArbWasmCache.cacheProgram(program), as the manager.
    if let Err(refused) = set_cached(store.ctx, CACHE_MANAGER, codehash, true)? {
        return Ok(refused);
    }
    store.set_number(QUEUE_SIZE, queue + size)?;
    let count = store.number(ENTRIES)?;
    if index == count {
        store.set_number(ENTRIES, count + 1)?;
    }
    store.set_entry(index, Entry { code: codehash, size, bid })?;
    let event = ICacheManager::InsertBid { codehash, program, bid: alloy_primitives::aliases::U192::from(bid), size };
    store.ctx.as_context_mut().data_mut().world.push_log(Log { address: CACHE_MANAGER, data: event.encode_log_data() });
    Ok(ok(Vec::new()))
}

/// The cache manager at [`CACHE_MANAGER`] (`msg.value` already credited
/// to it); the caller's checkpoint undoes a refused call. Unknown selectors
/// revert without data.
pub(crate) fn run(ctx: &mut impl AsContextMut<Data = State>, msg: &Message) -> Result<Outcome, Error> {
    use ICacheManager::ICacheManagerCalls as Calls;
    let Ok(call) = Calls::abi_decode(&msg.data) else { return Ok(fail(Vec::new())) };
    let writes = matches!(
        call,
        Calls::placeBid(_)
            | Calls::makeSpace(_)
            | Calls::setCacheSize(_)
            | Calls::setDecayRate(_)
            | Calls::paused(_)
            | Calls::unpause(_)
            | Calls::evictAll(_)
            | Calls::evictPrograms(_)
            | Calls::sweepFunds(_)
    );
    if writes && msg.is_static {
        return Ok(fail(Vec::new()));
    }
    // Only payable functions take value (Solidity's check).
    if !msg.value.is_zero() && !matches!(call, Calls::placeBid(_) | Calls::makeSpace(_)) {
        return Ok(fail(Vec::new()));
    }
    let mut store = Store { ctx };
    let answer = |r: Result<Vec<u8>, Outcome>| r.map_or_else(|refused| refused, ok);
    let not_owner = || fail(ICacheManager::NotChainOwner { sender: msg.caller }.abi_encode());
    let outcome = match call {
        Calls::cacheSize(_) => ok(store.number(CACHE_SIZE)?.abi_encode()),
        Calls::queueSize(_) => ok(store.number(QUEUE_SIZE)?.abi_encode()),
        Calls::decay(_) => ok(store.number(DECAY)?.abi_encode()),
        Calls::isPaused(_) => ok((store.number(PAUSED)? != 0).abi_encode()),
        Calls::entries(c) => {
            let count = store.number(ENTRIES)?;
            match u64::try_from(c.index).ok().filter(|i| *i < count) {
                Some(index) => {
                    let e = store.entry(index)?.abi();
                    ok((e.code, e.size, e.bid).abi_encode_params())
                }
                None => fail(Panic::from(PanicKind::ArrayOutOfBounds).abi_encode()),
            }
        }
        Calls::getEntries(_) => {
            let count = store.number(ENTRIES)?;
            let mut all = Vec::new();
            for index in 0..count {
                all.push(store.entry(index)?.abi());
            }
            ok(all.abi_encode())
        }
        Calls::getSmallestEntries(c) => {
            let smallest = store.by_bid()?;
            let k = usize::try_from(c.k).unwrap_or(usize::MAX).min(smallest.len());
            ok(smallest[..k].iter().map(|(_, _, e)| e.abi()).collect::<Vec<_>>().abi_encode())
        }
        Calls::getMinBid_0(c) => answer(min_bid(&mut store, c.size)?.map(|m| m.abi_encode())),
        Calls::getMinBid_1(c) => match asm_size(store.ctx, c.codehash) {
            Ok(size) => answer(min_bid(&mut store, size)?.map(|m| m.abi_encode())),
            Err(refused) => refused,
        },
        Calls::getMinBid_2(c) => match asm_size(store.ctx, codehash_of(store.ctx, c.program)) {
            Ok(size) => answer(min_bid(&mut store, size)?.map(|m| m.abi_encode())),
            Err(refused) => refused,
        },
        Calls::placeBid(c) => place_bid(&mut store, msg.value, c.program)?,
        Calls::makeSpace(c) => {
            if store.number(PAUSED)? != 0 {
                fail(ICacheManager::BidsArePaused {}.abi_encode())
            } else if c.size > MAX_MAKE_SPACE {
                fail(ICacheManager::MakeSpaceTooLarge { size: c.size, limit: MAX_MAKE_SPACE }.abi_encode())
            } else {
                match make_space(&mut store, msg.value, c.size)? {
                    Ok(_) => {
                        let free = store.number(CACHE_SIZE)?.saturating_sub(store.number(QUEUE_SIZE)?);
                        ok(free.abi_encode())
                    }
                    Err(refused) => refused,
                }
            }
        }
        Calls::setCacheSize(_)
        | Calls::setDecayRate(_)
        | Calls::paused(_)
        | Calls::unpause(_)
        | Calls::evictAll(_)
        | Calls::evictPrograms(_) => not_owner(),
        Calls::sweepFunds(_) => {
            let mut cx = store.ctx.as_context_mut();
            let state = cx.data_mut();
            let (coinbase, balance) = (state.block.coinbase, state.world.balance(CACHE_MANAGER));
            if state.world.transfer(CACHE_MANAGER, coinbase, balance).is_err() {
                fail(Vec::new())
            } else {
                ok(Vec::new())
            }
        }
    };
    Ok(outcome)
}
