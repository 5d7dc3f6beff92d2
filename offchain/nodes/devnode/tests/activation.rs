//! Nitro's activation rules on the local Stylus chain: what ArbWasm
//! (`0x71`) and the StylusDeployer accept, what they refuse by name, and
//! the data fee. Programs here are small hand-assembled wasm modules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::{Revert, SolCall, SolError};
use lst_client::stylus::{code as stylus_code, init_code, IArbWasm, ARB_WASM};
use lst_devnode::testing::{program, FLOAT, RETURN_0};
use lst_devnode::{arbos, Chain, Receipt};

const ADMIN: Address = address!("00000000000000000000000000000000000000ad");
const ETHER: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// Creates `wasm` as a program (not activated), returns its address.
fn create(chain: &mut Chain, wasm: &[u8]) -> Address {
    chain.fund(ADMIN, ETHER);
    let receipt = chain.create(ADMIN, &init_code(&stylus_code(wasm)), U256::ZERO).unwrap();
    assert!(receipt.success);
    receipt.contract_address.unwrap()
}

fn activate(chain: &mut Chain, program: Address, value: U256) -> Receipt {
    let call = IArbWasm::activateProgramCall { program };
    chain.send(ADMIN, ARB_WASM, value, &call.abi_encode()).unwrap()
}

/// The reason of a failed activation (an `Error(string)`).
fn refusal(receipt: &Receipt) -> String {
    assert!(!receipt.success);
    Revert::abi_decode(&receipt.output).map(|r| r.reason).unwrap_or_else(|_| format!("{:x?}", receipt.output))
}

#[test]
fn a_program_that_keeps_the_rules_is_activated_at_version_2() {
    let mut chain = Chain::new(1).unwrap();
    let program = create(&mut chain, &program(1, &RETURN_0, b"hello"));
    assert!(activate(&mut chain, program, U256::ZERO).success);
    let footprint = IArbWasm::programMemoryFootprintCall { program }.abi_encode();
    let out = chain.call(ADMIN, ARB_WASM, U256::ZERO, &footprint).unwrap().output;
    assert_eq!(IArbWasm::programMemoryFootprintCall::abi_decode_returns(&out).unwrap(), 1);
    assert!(chain.call(ADMIN, program, U256::ZERO, &[]).unwrap().success, "activated, it runs");
}

#[test]
fn a_program_not_activated_is_refused_by_name() {
    let mut chain = Chain::new(1).unwrap();
    let program = create(&mut chain, &program(1, &RETURN_0, b""));
    let r = chain.send(ADMIN, program, U256::from(5), &[]).unwrap();
    assert_eq!(r.output, IArbWasm::ProgramNotActivated {}.abi_encode());
    assert_eq!(chain.balance(program), U256::ZERO, "the value did not move");
}

#[test]
fn a_program_over_the_size_limit_is_refused_by_name() {
    let mut chain = Chain::new(1).unwrap();
    // 30,000 bytes brotli cannot shrink (a xorshift stream).
    let mut x: u32 = 0x1234_5678;
    let noise: Vec<u8> = (0..30_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let wasm = program(1, &RETURN_0, &noise);
    assert!(stylus_code(&wasm).len() > arbos::MAX_CODE_SIZE);
    let program = create(&mut chain, &wasm);
    assert!(refusal(&activate(&mut chain, program, U256::ZERO)).starts_with("ProgramTooLarge"));
}

#[test]
fn a_program_with_a_float_instruction_is_refused_by_name() {
    let mut chain = Chain::new(1).unwrap();
    // f32.const 1.0; drop; i32.const 0
    let program = create(&mut chain, &program(1, &FLOAT, b""));
    let why = refusal(&activate(&mut chain, program, U256::ZERO));
    assert!(why.starts_with("ProgramUsesFloats"), "{why}");
}

#[test]
fn a_program_whose_memory_starts_over_the_page_limit_is_refused_by_name() {
    let mut chain = Chain::new(1).unwrap();
    let program = create(&mut chain, &program(129, &RETURN_0, b""));
    assert!(refusal(&activate(&mut chain, program, U256::ZERO)).starts_with("ProgramMemoryTooLarge"));
}

#[test]
fn the_deployer_refuses_what_activation_refuses_and_leaves_no_contract() {
    let mut chain = Chain::new(1).unwrap();
    chain.fund(ADMIN, ETHER);
    let float = program(1, &FLOAT, b"");
    let receipt = chain.deploy(ADMIN, &stylus_code(&float), None, U256::ZERO).unwrap();
    assert!(refusal(&receipt).starts_with("ProgramUsesFloats"));
    assert!(chain.world().program(lst_devnode::STYLUS_DEPLOYER.create(0)).is_none());
}

#[test]
fn activation_charges_the_data_fee_and_refunds_the_excess() {
    let mut chain = Chain::new(1).unwrap();
    chain.set_activation_fee(U256::from(1_000_000_000u64));
    let wasm = program(1, &RETURN_0, b"");
    let fee = arbos::data_fee(&stylus_code(&wasm), U256::from(1_000_000_000u64));
    let program = create(&mut chain, &wasm);
    let short = activate(&mut chain, program, fee - U256::from(1));
    assert_eq!(short.output, IArbWasm::ProgramInsufficientValue { have: fee - U256::from(1), want: fee }.abi_encode());
    let before = chain.balance(ADMIN);
    let paid = activate(&mut chain, program, fee * U256::from(10));
    assert!(paid.success);
    let r = IArbWasm::activateProgramCall::abi_decode_returns(&paid.output).unwrap();
    assert_eq!((r.version, r.dataFee), (2, fee));
    assert_eq!(before - chain.balance(ADMIN), fee, "only the fee was kept");
}

#[test]
fn activating_again_is_program_up_to_date() {
    let mut chain = Chain::new(1).unwrap();
    let program = create(&mut chain, &program(1, &RETURN_0, b""));
    assert!(activate(&mut chain, program, U256::ZERO).success);
    assert_eq!(activate(&mut chain, program, U256::ZERO).output, IArbWasm::ProgramUpToDate {}.abi_encode());
}

#[test]
fn activating_an_account_without_a_program_is_program_not_wasm() {
    let mut chain = Chain::new(1).unwrap();
    chain.fund(ADMIN, ETHER);
    assert_eq!(activate(&mut chain, ADMIN, U256::ZERO).output, IArbWasm::ProgramNotWasm {}.abi_encode());
}

#[test]
fn arb_gas_info_reports_the_base_fee_and_no_l1_costs() {
    use lst_client::stylus::{IArbGasInfo, ARB_GAS_INFO};
    let mut chain = Chain::new(1).unwrap();
    let read = |chain: &mut Chain, data: Vec<u8>| {
        let r = chain.call(ADMIN, ARB_GAS_INFO, U256::ZERO, &data).unwrap();
        assert!(r.success);
        r.output
    };
    let out = read(&mut chain, IArbGasInfo::getMinimumGasPriceCall {}.abi_encode());
    assert_eq!(IArbGasInfo::getMinimumGasPriceCall::abi_decode_returns(&out).unwrap(), chain.block().basefee);
    let out = read(&mut chain, IArbGasInfo::getPricesInWeiCall {}.abi_encode());
    let prices = IArbGasInfo::getPricesInWeiCall::abi_decode_returns(&out).unwrap();
    assert_eq!((prices._1, prices._5), (U256::ZERO, chain.block().basefee), "no L1 calldata price; L2 = base fee");
    let out = read(&mut chain, IArbGasInfo::getL1BaseFeeEstimateCall {}.abi_encode());
    assert_eq!(IArbGasInfo::getL1BaseFeeEstimateCall::abi_decode_returns(&out).unwrap(), U256::ZERO);
    assert!(!chain.call(ADMIN, ARB_GAS_INFO, U256::ZERO, &[1, 2, 3, 4]).unwrap().success, "unknown selector");
}
