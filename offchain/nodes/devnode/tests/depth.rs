//! Calls nested as deep as a transaction's gas allows: each nesting runs
//! the interpreter once more in the same thread, and the chain grows that
//! thread's stack on the heap instead of overflowing it (a program calling
//! itself once stopped the whole node). Nitro's rules bound the depth: all
//! but a 64th of the gas goes down a level, and the EVM's 1,024 levels.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::SolCall;
use lst_client::stylus::{code as stylus_code, init_code, IArbWasm, ARB_WASM};
use lst_devnode::testing::self_caller;
use lst_devnode::{Chain, MAX_CALL_DEPTH};

const ADMIN: Address = address!("00000000000000000000000000000000000000ad");

/// The self-calling program, created and activated; its address.
fn deployed(chain: &mut Chain) -> Address {
    chain.fund(ADMIN, U256::from(10u64).pow(U256::from(18)));
    let created = chain.create(ADMIN, &init_code(&stylus_code(&self_caller())), U256::ZERO).unwrap();
    let at = created.contract_address.unwrap();
    let call = IArbWasm::activateProgramCall { program: at };
    assert!(chain.send(ADMIN, ARB_WASM, U256::ZERO, &call.abi_encode()).unwrap().success);
    at
}

#[test]
fn a_program_calling_itself_with_all_its_gas_nests_hundreds_deep_on_a_small_thread_stack() {
    // 256 KiB: an eighth of a test thread's, and less than 30 levels of
    // the interpreter's frames; the chain must not depend on the caller's.
    let depth = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(|| {
            let mut chain = Chain::new(1).unwrap();
            let at = deployed(&mut chain);
            let r = chain.send_limited(ADMIN, at, U256::ZERO, &[], 30_000_000).unwrap();
            assert!(r.success, "the innermost call fails for want of gas, every caller ignores it");
            r.breakdown.program_calls
        })
        .unwrap()
        .join()
        .expect("the chain ran out of stack");
    assert!(depth > 200, "only {depth} levels deep");
    assert!(depth <= MAX_CALL_DEPTH as u64);
}

#[test]
fn calls_stop_at_the_evms_depth_of_1024() {
    let mut chain = Chain::new(1).unwrap();
    let at = deployed(&mut chain);
    // Cached, each level starts for a few hundred gas; with this much gas
    // the 64th kept back per level no longer stops the nesting first.
    let bid = lst_client::stylus::ICacheManager::placeBidCall { program: at }.abi_encode();
    assert!(chain.send(ADMIN, lst_devnode::cache_manager::CACHE_MANAGER, U256::ZERO, &bid).unwrap().success);
    let r = chain.send_limited(ADMIN, at, U256::ZERO, &[], 1_000_000_000_000).unwrap();
    assert!(r.success);
    assert_eq!(r.breakdown.program_calls, MAX_CALL_DEPTH as u64, "the 1,025th call never starts");
}
