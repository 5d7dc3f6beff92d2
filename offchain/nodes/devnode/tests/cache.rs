//! Nitro's program cache on the local Stylus chain: what a program's start
//! costs cached and uncached (Nitro's activation cost model), ArbWasmCache
//! (`0x72`) and the cache manager programs enter by bid, with every refusal
//! by name. Programs here are small hand-assembled wasm modules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use alloy_primitives::{address, aliases::U192, keccak256, Address, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use lst_client::stylus::{
    code as stylus_code, init_code, IArbWasm, IArbWasmCache, ICacheManager, ARB_WASM, ARB_WASM_CACHE,
};
use lst_devnode::arbos::{ModuleStats, MIN_CACHED_INIT_GAS, MIN_INIT_GAS};
use lst_devnode::cache_manager::{CACHE_MANAGER, MAX_MAKE_SPACE, MIN_CODESIZE};
use lst_devnode::testing::{program, RETURN_0};
use lst_devnode::{Chain, Receipt};

const ADMIN: Address = address!("00000000000000000000000000000000000000ad");
const STRANGER: Address = address!("00000000000000000000000000000000000000b0");
const ETHER: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

fn chain() -> Chain {
    let mut chain = Chain::new(1).unwrap();
    chain.fund(ADMIN, ETHER);
    chain.fund(STRANGER, ETHER);
    chain
}

/// Creates and activates `wasm`; its address.
fn activated(chain: &mut Chain, wasm: &[u8]) -> Address {
    let created = chain.create(ADMIN, &init_code(&stylus_code(wasm)), U256::ZERO).unwrap();
    let at = created.contract_address.unwrap();
    let call = IArbWasm::activateProgramCall { program: at };
    assert!(chain.send(ADMIN, ARB_WASM, U256::ZERO, &call.abi_encode()).unwrap().success);
    at
}

/// A distinct small program (its data differs by `n`).
fn small(chain: &mut Chain, n: u8) -> Address {
    activated(chain, &program(1, &RETURN_0, &[n; 64]))
}

fn codehash(chain: &Chain, at: Address) -> B256 {
    chain.world().program(at).unwrap().codehash
}

/// ArbWasm's `codehashAsmSize` of the program at `at`.
fn asm_size(chain: &mut Chain, at: Address) -> u64 {
    let codehash = codehash(chain, at);
    u64::from(view(chain, ARB_WASM, IArbWasm::codehashAsmSizeCall { codehash }))
}

fn view<C: SolCall>(chain: &mut Chain, to: Address, call: C) -> C::Return {
    let r = chain.call(ADMIN, to, U256::ZERO, &call.abi_encode()).unwrap();
    assert!(r.success, "{:x?}", r.output);
    C::abi_decode_returns(&r.output).unwrap()
}

fn bid(chain: &mut Chain, program: Address, value: U256) -> Receipt {
    chain.send(ADMIN, CACHE_MANAGER, value, &ICacheManager::placeBidCall { program }.abi_encode()).unwrap()
}

fn is_cached(chain: &mut Chain, at: Address) -> bool {
    let codehash = codehash(chain, at);
    view(chain, ARB_WASM_CACHE, IArbWasmCache::codehashIsCachedCall { codehash })
}

/// Shrinks the cache to `bytes` (what the chain owner's `setCacheSize`
/// does on Arbitrum; slot 0 of the manager is its size).
fn set_cache_size(chain: &mut Chain, bytes: u64) {
    chain.set_storage(CACHE_MANAGER, &[(B256::ZERO, B256::from(U256::from(bytes)))], false);
}

#[test]
fn start_up_costs_follow_nitros_activation_model() {
    let mut chain = chain();
    let wasm = program(1, &RETURN_0, &[7; 100]);
    let at = activated(&mut chain, &wasm);
    let stats = ModuleStats::of(&wasm).unwrap();
    // One function (i32) -> i32, no globals of its own, 100 bytes of data.
    assert_eq!((stats.funcs, stats.type_len, stats.globals, stats.data_len), (1, 2, 3, 100));
    let (funcs, type_len, globals, data, pages, wasm_len) = (1u64, 2u64, 3u64, 100u64, 1u64, wasm.len() as u64);
    // Nitro's activation cost model (prover/src/binary.rs), term by term.
    let cached = funcs * 13_420 / 100_000
        + type_len * 89 / 100_000
        + wasm_len * 122 / 100_000
        + globals * 1_628 / 1_000
        + data * 75_244 / 100_000
        + pages * 5;
    let init = funcs * 8_252 / 1_000 + type_len * 1_059 / 1_000 + wasm_len * 1_286 / 10_000;
    let gas = view(&mut chain, ARB_WASM, IArbWasm::programInitGasCall { program: at });
    assert_eq!(gas.gasWhenCached, MIN_CACHED_INIT_GAS + cached);
    assert_eq!(gas.gas, MIN_CACHED_INIT_GAS + cached + MIN_INIT_GAS + init);
}

#[test]
fn asm_size_is_nitros_machine_code_estimate_in_whole_kib() {
    let mut chain = chain();
    let wasm = program(1, &RETURN_0, &[]);
    let at = activated(&mut chain, &wasm);
    let stats = ModuleStats::of(&wasm).unwrap();
    let size = asm_size(&mut chain, at);
    assert_eq!(size, stats.asm_estimate().div_ceil(1024) * 1024);
    assert!(size >= 512_000, "Nitro's estimate starts at 512,000 bytes");
}

#[test]
fn a_cached_program_starts_for_its_init_gas_less() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    let uncached = chain.send(ADMIN, at, U256::ZERO, &[]).unwrap();
    assert!(bid(&mut chain, at, U256::ZERO).success);
    let cached = chain.send(ADMIN, at, U256::ZERO, &[]).unwrap();
    let activation = chain.activation(codehash(&chain, at)).unwrap();
    assert_eq!(uncached.gas_used - cached.gas_used, MIN_INIT_GAS + u64::from(activation.init_cost));
}

#[test]
fn arb_wasm_cache_names_the_cache_manager() {
    let mut chain = chain();
    assert_eq!(view(&mut chain, ARB_WASM_CACHE, IArbWasmCache::allCacheManagersCall {}), vec![CACHE_MANAGER]);
    assert!(view(&mut chain, ARB_WASM_CACHE, IArbWasmCache::isCacheManagerCall { manager: CACHE_MANAGER }));
    assert!(!view(&mut chain, ARB_WASM_CACHE, IArbWasmCache::isCacheManagerCall { manager: ADMIN }));
}

#[test]
fn a_bid_caches_the_program_and_logs_it() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    let r = bid(&mut chain, at, U256::from(5));
    assert!(r.success, "{:x?}", r.output);
    assert!(is_cached(&mut chain, at));
    let code = codehash(&chain, at);
    let update = IArbWasmCache::UpdateProgramCache::decode_log_data(&r.logs[0].data).unwrap();
    assert_eq!(
        (r.logs[0].address, update.manager, update.codehash, update.cached),
        (ARB_WASM_CACHE, CACHE_MANAGER, code, true)
    );
    let insert = ICacheManager::InsertBid::decode_log_data(&r.logs[1].data).unwrap();
    let size = asm_size(&mut chain, at);
    assert_eq!((insert.codehash, insert.program, insert.bid, insert.size), (code, at, U192::from(5), size));
    assert_eq!(view(&mut chain, CACHE_MANAGER, ICacheManager::queueSizeCall {}), size);
    let entries = view(&mut chain, CACHE_MANAGER, ICacheManager::getEntriesCall {});
    assert_eq!(entries, vec![ICacheManager::Entry { code, size, bid: U192::from(5) }]);
    assert_eq!(chain.balance(CACHE_MANAGER), U256::from(5), "the manager keeps the bid");
}

#[test]
fn a_bid_for_a_cached_program_is_refused_by_name() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    assert!(bid(&mut chain, at, U256::ZERO).success);
    let r = bid(&mut chain, at, U256::ZERO);
    assert_eq!(r.output, ICacheManager::AlreadyCached { codehash: codehash(&chain, at) }.abi_encode());
}

#[test]
fn a_bid_for_an_account_without_an_activated_program_is_refused_by_name() {
    let mut chain = chain();
    let r = bid(&mut chain, STRANGER, U256::from(3));
    assert_eq!(r.output, IArbWasm::ProgramNotActivated {}.abi_encode());
    assert_eq!(chain.balance(CACHE_MANAGER), U256::ZERO, "the value went back");
}

#[test]
fn callers_other_than_the_manager_cannot_cache_and_lose_their_gas() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    let call = IArbWasmCache::cacheProgramCall { addr: at }.abi_encode();
    let r = chain.send_limited(STRANGER, ARB_WASM_CACHE, U256::ZERO, &call, 200_000).unwrap();
    assert!(!r.success);
    assert_eq!(r.gas_used, 200_000, "Nitro burns out a caller without access");
    assert!(!is_cached(&mut chain, at));
}

#[test]
fn a_full_cache_evicts_the_smallest_bid_for_a_larger_one() {
    let mut chain = chain();
    let (a, b, c) = (small(&mut chain, 1), small(&mut chain, 2), small(&mut chain, 3));
    let size = asm_size(&mut chain, a);
    set_cache_size(&mut chain, 2 * size);
    assert!(bid(&mut chain, a, U256::from(10)).success);
    assert!(bid(&mut chain, b, U256::from(20)).success);
    let min = view(&mut chain, CACHE_MANAGER, ICacheManager::getMinBid_2Call { program: c });
    assert_eq!(min, U192::from(10), "the smallest bid it would evict");
    let r = bid(&mut chain, c, U256::from(15));
    assert!(r.success, "{:x?}", r.output);
    assert!(!is_cached(&mut chain, a), "the smallest bid left");
    assert!(is_cached(&mut chain, b) && is_cached(&mut chain, c));
    let deleted = r.logs.iter().find_map(|l| ICacheManager::DeleteBid::decode_log_data(&l.data).ok()).unwrap();
    assert_eq!((deleted.codehash, deleted.bid), (codehash(&chain, a), U192::from(10)));
    let entries = view(&mut chain, CACHE_MANAGER, ICacheManager::getEntriesCall {});
    assert_eq!(entries.len(), 2, "the new entry took the evicted one's index");
}

#[test]
fn a_bid_below_the_smallest_in_a_full_cache_is_refused_by_name_and_changes_nothing() {
    let mut chain = chain();
    let (a, b) = (small(&mut chain, 1), small(&mut chain, 2));
    let size = asm_size(&mut chain, a);
    set_cache_size(&mut chain, size);
    assert!(bid(&mut chain, a, U256::from(10)).success);
    let r = bid(&mut chain, b, U256::from(9));
    assert_eq!(r.output, ICacheManager::BidTooSmall { bid: U192::from(9), min: U192::from(10) }.abi_encode());
    assert!(is_cached(&mut chain, a), "the eviction was undone");
    assert!(!is_cached(&mut chain, b));
}

#[test]
fn a_program_larger_than_the_cache_is_refused_by_name() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    set_cache_size(&mut chain, MIN_CODESIZE);
    let code = codehash(&chain, at);
    let size = U256::from(asm_size(&mut chain, at));
    let r = bid(&mut chain, at, U256::ZERO);
    let refused = ICacheManager::AsmTooLarge { asm: size, queueSize: U256::ZERO, cacheSize: U256::from(MIN_CODESIZE) };
    assert_eq!(r.output, refused.abi_encode());
    let r =
        chain.call(ADMIN, CACHE_MANAGER, U256::ZERO, &ICacheManager::getMinBid_1Call { codehash: code }.abi_encode());
    assert_eq!(r.unwrap().output, refused.abi_encode(), "getMinBid refuses it the same way");
}

#[test]
fn the_min_bid_is_zero_while_the_cache_has_room() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    assert_eq!(view(&mut chain, CACHE_MANAGER, ICacheManager::getMinBid_2Call { program: at }), U192::ZERO);
    assert_eq!(view(&mut chain, CACHE_MANAGER, ICacheManager::getMinBid_0Call { size: 1 }), U192::ZERO);
}

#[test]
fn make_space_beyond_five_mib_is_refused_by_name() {
    let mut chain = chain();
    let call = ICacheManager::makeSpaceCall { size: MAX_MAKE_SPACE + 1 }.abi_encode();
    let r = chain.send(ADMIN, CACHE_MANAGER, U256::ZERO, &call).unwrap();
    assert_eq!(
        r.output,
        ICacheManager::MakeSpaceTooLarge { size: MAX_MAKE_SPACE + 1, limit: MAX_MAKE_SPACE }.abi_encode()
    );
}

#[test]
fn the_chain_owners_functions_refuse_everyone_by_name() {
    let mut chain = chain();
    for call in [
        ICacheManager::setCacheSizeCall { newSize: 1 }.abi_encode(),
        ICacheManager::setDecayRateCall { newDecay: 1 }.abi_encode(),
        ICacheManager::pausedCall {}.abi_encode(),
        ICacheManager::unpauseCall {}.abi_encode(),
        ICacheManager::evictAllCall {}.abi_encode(),
        ICacheManager::evictProgramsCall { count: U256::from(1) }.abi_encode(),
    ] {
        let r = chain.send(ADMIN, CACHE_MANAGER, U256::ZERO, &call).unwrap();
        assert_eq!(r.output, ICacheManager::NotChainOwner { sender: ADMIN }.abi_encode());
    }
}

#[test]
fn paused_bids_are_refused_by_name() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    chain.set_storage(CACHE_MANAGER, &[(B256::from(U256::from(3)), B256::from(U256::from(1)))], false);
    assert!(view(&mut chain, CACHE_MANAGER, ICacheManager::isPausedCall {}));
    assert_eq!(bid(&mut chain, at, U256::ZERO).output, ICacheManager::BidsArePaused {}.abi_encode());
}

#[test]
fn an_entry_past_the_end_is_an_out_of_bounds_panic() {
    let mut chain = chain();
    let r =
        chain.call(ADMIN, CACHE_MANAGER, U256::ZERO, &ICacheManager::entriesCall { index: U256::ZERO }.abi_encode());
    let r = r.unwrap();
    assert!(!r.success);
    assert_eq!(r.output[..4], keccak256("Panic(uint256)")[..4]);
}

#[test]
fn value_sent_to_a_function_that_is_not_payable_is_refused() {
    let mut chain = chain();
    let r = chain.send(ADMIN, CACHE_MANAGER, U256::from(1), &ICacheManager::cacheSizeCall {}.abi_encode()).unwrap();
    assert!(!r.success);
    assert_eq!(chain.balance(CACHE_MANAGER), U256::ZERO);
}

#[test]
fn a_bid_whose_value_overflows_192_bits_is_refused_by_name() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    let huge = U256::from(1) << 193;
    chain.fund(ADMIN, huge);
    let r = bid(&mut chain, at, huge);
    assert_eq!(r.output, ICacheManager::BidTooLarge { bid: huge }.abi_encode());
    assert!(!is_cached(&mut chain, at));
}

#[test]
fn make_space_while_paused_is_refused_by_name() {
    let mut chain = chain();
    chain.set_storage(CACHE_MANAGER, &[(B256::from(U256::from(3)), B256::from(U256::from(1)))], false);
    let call = ICacheManager::makeSpaceCall { size: 4096 }.abi_encode();
    let r = chain.send(ADMIN, CACHE_MANAGER, U256::ZERO, &call).unwrap();
    assert_eq!(r.output, ICacheManager::BidsArePaused {}.abi_encode());
}

#[test]
fn make_space_with_room_returns_the_free_bytes_and_evicts_nothing() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    assert!(bid(&mut chain, at, U256::ZERO).success);
    let call = ICacheManager::makeSpaceCall { size: 4096 }.abi_encode();
    let r = chain.send(ADMIN, CACHE_MANAGER, U256::ZERO, &call).unwrap();
    let free = ICacheManager::makeSpaceCall::abi_decode_returns(&r.output).unwrap();
    let (size, queue) = (
        view(&mut chain, CACHE_MANAGER, ICacheManager::cacheSizeCall {}),
        view(&mut chain, CACHE_MANAGER, ICacheManager::queueSizeCall {}),
    );
    assert_eq!(free, size - queue);
    assert!(is_cached(&mut chain, at));
}

#[test]
fn an_eth_call_of_a_bid_runs_it_and_keeps_nothing() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    let r = chain.call(ADMIN, CACHE_MANAGER, U256::ZERO, &ICacheManager::placeBidCall { program: at }.abi_encode());
    assert!(r.unwrap().success, "an eth_call of a bid runs it (cargo-stylus checks a bid so)");
    assert!(!is_cached(&mut chain, at), "and keeps nothing");
}

#[test]
fn swept_bids_go_to_the_coinbase() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    assert!(bid(&mut chain, at, U256::from(7)).success);
    let coinbase = chain.block().coinbase;
    let before = chain.balance(coinbase);
    let r = chain.send(STRANGER, CACHE_MANAGER, U256::ZERO, &ICacheManager::sweepFundsCall {}.abi_encode()).unwrap();
    assert!(r.success);
    assert_eq!(chain.balance(coinbase) - before, U256::from(7));
    assert_eq!(chain.balance(CACHE_MANAGER), U256::ZERO);
}

#[test]
fn the_deprecated_cache_codehash_burns_out_a_caller_without_access() {
    let mut chain = chain();
    let at = small(&mut chain, 1);
    let call = IArbWasmCache::cacheCodehashCall { codehash: codehash(&chain, at) }.abi_encode();
    let r = chain.send_limited(STRANGER, ARB_WASM_CACHE, U256::ZERO, &call, 100_000).unwrap();
    assert_eq!((r.success, r.gas_used), (false, 100_000));
    assert!(!is_cached(&mut chain, at));
}
