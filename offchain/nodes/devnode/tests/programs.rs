//! The deployable wasm of the suite, run on the in-process chain: deploy
//! with constructors, calls, reverts with their custom errors, events,
//! nested calls between contracts and value transfers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolValue};
use lst_client::{
    abi::IRateProvider,
    stylus::{
        self as deployer, code as stylus_code, init_code, IArbWasm, IStylusDeployer, ARB_WASM, CONSTRUCTOR_SELECTOR,
    },
};
use lst_devnode::{Chain, ChainError, Receipt, STYLUS_DEPLOYER};
use std::path::PathBuf;

const ADMIN: Address = address!("00000000000000000000000000000000000000ad");
const TOKEN: Address = address!("00000000000000000000000000000000000000c0");
const ONE: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);
/// The feed's delay for scheduled changes (48 hours, lst-deploy's default).
const CHANGE_DELAY: u64 = 48 * 60 * 60;

/// The deployable wasm built by `scripts/build.sh`.
fn wasm(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("STYLUS_WASM_DIR").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/lst-target/stylus-wasm")
    });
    let path = dir.join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run scripts/build.sh first)", path.display()))
}

fn deploy_feed(chain: &mut Chain) -> Address {
    let args = (ADMIN, CHANGE_DELAY).abi_encode_params();
    let receipt = chain.deploy(ADMIN, &stylus_code(&wasm("lst_rate_provider")), Some(&args), U256::ZERO).unwrap();
    assert!(receipt.success, "constructor reverted: {:x?}", receipt.output);
    receipt.contract_address.unwrap()
}

fn send<C: SolCall>(chain: &mut Chain, from: Address, to: Address, call: C) -> Receipt {
    chain.send(from, to, U256::ZERO, &call.abi_encode()).unwrap()
}

fn view<C: SolCall>(chain: &mut Chain, to: Address, call: C) -> C::Return {
    let receipt = chain.call(ADMIN, to, U256::ZERO, &call.abi_encode()).unwrap();
    assert!(receipt.success, "call reverted: {:x?}", receipt.output);
    C::abi_decode_returns(&receipt.output).unwrap()
}

#[test]
fn constructor_selector_is_stylus_constructor() {
    assert_eq!(CONSTRUCTOR_SELECTOR, alloy_primitives::keccak256("stylus_constructor()")[..4]);
}

#[test]
fn the_rate_provider_deploys_and_its_constructor_sets_the_owner() {
    let mut chain = Chain::new(412_346).unwrap();
    let feed = deploy_feed(&mut chain);
    assert_eq!(view(&mut chain, feed, IRateProvider::ownerCall {}), ADMIN);
    assert!(!chain.world().program(feed).unwrap().code.is_empty());
}

#[test]
fn a_create_transaction_deploys_code_that_runs_once_activated_through_arb_wasm() {
    let mut chain = Chain::new(412_346).unwrap();
    let receipt = chain.create(ADMIN, &init_code(&stylus_code(&wasm("lst_rate_provider"))), U256::ZERO).unwrap();
    assert!(receipt.success);
    let feed = receipt.contract_address.unwrap();
    assert_eq!(feed, ADMIN.create(0));
    let refused = chain.call(ADMIN, feed, U256::ZERO, &IRateProvider::ownerCall {}.abi_encode()).unwrap();
    assert!(!refused.success);
    assert_eq!(refused.output, IArbWasm::ProgramNotActivated {}.abi_encode(), "not activated: refused by name");
    let activated = send(&mut chain, ADMIN, ARB_WASM, IArbWasm::activateProgramCall { program: feed });
    assert!(activated.success, "{:x?}", activated.output);
    assert_eq!(activated.logs[0].topics()[0], IArbWasm::ProgramActivated::SIGNATURE_HASH);
    assert_eq!(view(&mut chain, ARB_WASM, IArbWasm::programVersionCall { program: feed }), 2);
    // Activated, it runs; no constructor ran, so the owner is unset.
    assert_eq!(view(&mut chain, feed, IRateProvider::ownerCall {}), Address::ZERO);
    let ctor = [&CONSTRUCTOR_SELECTOR[..], &(ADMIN, CHANGE_DELAY).abi_encode_params()].concat();
    assert!(chain.send(ADMIN, feed, U256::ZERO, &ctor).unwrap().success);
    assert_eq!(view(&mut chain, feed, IRateProvider::ownerCall {}), ADMIN);
}

#[test]
fn evm_bytecode_is_refused_by_name() {
    let mut chain = Chain::new(1).unwrap();
    let solidity = [0x60, 0x80, 0x60, 0x40, 0x52, 0x34, 0x80, 0x15, 0x61, 0x00, 0x10, 0x57];
    assert!(matches!(chain.create(ADMIN, &solidity, U256::ZERO), Err(ChainError::EvmBytecode)));
}

#[test]
fn the_deployer_emits_contract_deployed_and_creates_from_its_own_nonce() {
    let mut chain = Chain::new(1).unwrap();
    let receipt = chain
        .deploy(
            ADMIN,
            &stylus_code(&wasm("lst_rate_provider")),
            Some(&(ADMIN, CHANGE_DELAY).abi_encode_params()),
            U256::ZERO,
        )
        .unwrap();
    let feed = receipt.contract_address.unwrap();
    assert_eq!(feed, STYLUS_DEPLOYER.create(0));
    let log = receipt.logs.iter().find(|l| l.address == STYLUS_DEPLOYER).unwrap();
    assert_eq!(IStylusDeployer::ContractDeployed::decode_log_data(&log.data).unwrap().deployedContract, feed);
}

#[test]
fn a_salted_deployment_lands_at_its_create2_address() {
    let mut chain = Chain::new(1).unwrap();
    let code = init_code(&stylus_code(&wasm("lst_rate_provider")));
    let init = [&CONSTRUCTOR_SELECTOR[..], &(ADMIN, CHANGE_DELAY).abi_encode_params()].concat();
    let salt = alloy_primitives::B256::repeat_byte(7);
    let data = deployer::deploy_calldata(&code, &init, U256::ZERO, salt);
    let receipt = chain.send(ADMIN, STYLUS_DEPLOYER, U256::ZERO, &data).unwrap();
    assert!(receipt.success, "{:x?}", receipt.output);
    let expected = deployer::create2_address(salt, &init, &code);
    assert_eq!(lst_devnode::deployer::deployed_address(&receipt.output).unwrap(), expected);
    // The same salt and init data again: the address is taken.
    let again = chain.send(ADMIN, STYLUS_DEPLOYER, U256::ZERO, &data).unwrap();
    assert!(!again.success);
    assert_eq!(again.output[..4], IStylusDeployer::ContractDeploymentError::SELECTOR);
}

#[test]
fn a_failing_constructor_leaves_no_contract_and_names_the_error() {
    let mut chain = Chain::new(1).unwrap();
    // The zero admin is refused by the rate provider's constructor.
    let receipt = chain
        .deploy(
            ADMIN,
            &stylus_code(&wasm("lst_rate_provider")),
            Some(&(Address::ZERO,).abi_encode_params()),
            U256::ZERO,
        )
        .unwrap();
    assert!(!receipt.success);
    let error = IStylusDeployer::ContractInitializationError::abi_decode(&receipt.output).unwrap();
    assert!(chain.world().program(error.newContract).is_none());
    assert!(receipt.logs.is_empty());
}

#[test]
fn value_beyond_the_init_value_is_refunded_and_init_value_needs_init_data() {
    let mut chain = Chain::new(1).unwrap();
    chain.fund(ADMIN, ONE);
    let code = init_code(&stylus_code(&wasm("lst_rate_provider")));
    let data = deployer::deploy_calldata(&code, &[], U256::ZERO, alloy_primitives::B256::ZERO);
    assert!(chain.send(ADMIN, STYLUS_DEPLOYER, ONE / U256::from(2), &data).unwrap().success);
    assert_eq!((chain.balance(ADMIN), chain.balance(STYLUS_DEPLOYER)), (ONE, U256::ZERO));
    let data = deployer::deploy_calldata(&code, &[], U256::from(1), alloy_primitives::B256::ZERO);
    let receipt = chain.send(ADMIN, STYLUS_DEPLOYER, U256::from(1), &data).unwrap();
    assert_eq!(receipt.output, IStylusDeployer::InitValueButNotInitData {}.abi_encode());
    assert_eq!(chain.balance(ADMIN), ONE);
}

#[test]
fn the_constructor_runs_once() {
    let mut chain = Chain::new(412_346).unwrap();
    let feed = deploy_feed(&mut chain);
    let again = [&CONSTRUCTOR_SELECTOR[..], &(TOKEN, CHANGE_DELAY).abi_encode_params()].concat();
    let receipt = chain.send(TOKEN, feed, U256::ZERO, &again).unwrap();
    assert!(!receipt.success);
    assert_eq!(view(&mut chain, feed, IRateProvider::ownerCall {}), ADMIN);
}

#[test]
fn a_write_persists_emits_its_event_and_burns_fuel() {
    let mut chain = Chain::new(412_346).unwrap();
    let feed = deploy_feed(&mut chain);
    let register = IRateProvider::registerTokenCall { token: TOKEN, initialRatio: ONE, updater: ADMIN };
    let receipt = send(&mut chain, ADMIN, feed, register);
    assert!(receipt.success, "{:x?}", receipt.output);
    assert!(receipt.fuel > 0);
    let log = &receipt.logs[0];
    assert_eq!(log.address, feed);
    let event = IRateProvider::TokenRegistered::decode_log_data(&log.data).unwrap();
    assert_eq!((event.token, event.ratio), (TOKEN, ONE));
    assert_eq!(view(&mut chain, feed, IRateProvider::getRatioForCall { token: TOKEN }), ONE);
}

#[test]
fn a_revert_returns_the_custom_error_and_changes_nothing() {
    let mut chain = Chain::new(412_346).unwrap();
    let feed = deploy_feed(&mut chain);
    let register = IRateProvider::registerTokenCall { token: TOKEN, initialRatio: ONE, updater: TOKEN };
    let receipt = send(&mut chain, TOKEN, feed, register);
    assert!(!receipt.success);
    assert!(receipt.logs.is_empty());
    let error = IRateProvider::OwnableUnauthorizedAccount::abi_decode(&receipt.output).unwrap();
    assert_eq!(error.account, TOKEN);
    let unknown =
        chain.call(ADMIN, feed, U256::ZERO, &IRateProvider::getRatioForCall { token: TOKEN }.abi_encode()).unwrap();
    assert_eq!(IRateProvider::UnknownToken::abi_decode(&unknown.output).unwrap().token, TOKEN);
}

#[test]
fn code_without_the_stylus_prefix_or_with_an_unknown_import_is_refused() {
    let mut chain = Chain::new(1).unwrap();
    assert!(matches!(chain.deploy(ADMIN, b"\x60\x80", None, U256::ZERO), Err(ChainError::InvalidCode(_))));
    // (module (import "vm_hooks" "create1" (func)))
    let wasm = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x14, 0x01, 0x08,
        b'v', b'm', b'_', b'h', b'o', b'o', b'k', b's', 0x07, b'c', b'r', b'e', b'a', b't', b'e', b'1', 0x00, 0x00,
    ];
    match chain.deploy(ADMIN, &stylus_code(&wasm), None, U256::ZERO) {
        Err(ChainError::UnknownImport { module, name }) => {
            assert_eq!((module.as_str(), name.as_str()), ("vm_hooks", "create1"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn value_moves_between_accounts_and_a_failed_transfer_reverts() {
    let mut chain = Chain::new(1).unwrap();
    chain.fund(ADMIN, ONE);
    assert!(chain.send(ADMIN, TOKEN, ONE / U256::from(4), &[]).unwrap().success);
    assert_eq!(
        (chain.balance(ADMIN), chain.balance(TOKEN)),
        (ONE * U256::from(3) / U256::from(4), ONE / U256::from(4))
    );
    assert!(!chain.send(TOKEN, ADMIN, ONE, &[]).unwrap().success);
    assert_eq!(chain.balance(TOKEN), ONE / U256::from(4));
}

use lst_client::abi::{IAvalanchePool, IBondToken, ICertToken};

const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
const TREASURY: Address = address!("0000000000000000000000000000000000007ea5");
const DEPOSIT: Address = address!("000000000000000000000000000000000000de90");

fn deploy(chain: &mut Chain, name: &str, args: Vec<u8>) -> Address {
    let receipt = chain.deploy(ADMIN, &stylus_code(&wasm(name)), Some(&args), U256::ZERO).unwrap();
    assert!(receipt.success, "{name} constructor reverted: {:x?}", receipt.output);
    receipt.contract_address.unwrap()
}

fn ok(receipt: Receipt) -> Receipt {
    assert!(receipt.success, "reverted: {:x?}", receipt.output);
    receipt
}

#[test]
fn the_avax_suite_stakes_claims_serves_and_withdraws_across_four_programs() {
    let mut chain = Chain::new(412_346).unwrap();
    let feed = deploy_feed(&mut chain);
    let cert = deploy(&mut chain, "lst_cert_token", (ADMIN, feed).abi_encode_params());
    let bond = deploy(
        &mut chain,
        "lst_bond_token",
        (ADMIN, feed, cert, "Ankr AVAX Bond".to_string(), "aAVAXb".to_string()).abi_encode_params(),
    );
    let change_delay_secs = 3_600u64;
    let pool = deploy(
        &mut chain,
        "lst_avalanche_pool",
        (ADMIN, feed, cert, bond, TREASURY, change_delay_secs).abi_encode_params(),
    );
    ok(send(&mut chain, ADMIN, pool, IAvalanchePool::setDepositAddressCall { deposit: DEPOSIT }));
    ok(send(
        &mut chain,
        ADMIN,
        feed,
        IRateProvider::registerTokenCall { token: cert, initialRatio: ONE, updater: pool },
    ));
    ok(send(&mut chain, ADMIN, cert, ICertToken::setPoolCall { pool }));
    ok(send(&mut chain, ADMIN, bond, IBondToken::setPoolCall { pool }));

    chain.fund(ALICE, ONE * U256::from(10));
    let stake = ok(chain
        .send(ALICE, pool, ONE * U256::from(3), &IAvalanchePool::stakeAndClaimCertsCall {}.abi_encode())
        .unwrap());
    assert!(stake.logs.iter().any(|l| l.topics()[0] == IAvalanchePool::StakePendingV2::SIGNATURE_HASH));
    ok(chain.send(ALICE, pool, ONE * U256::from(2), &IAvalanchePool::stakeAndClaimBondsCall {}.abi_encode()).unwrap());
    assert_eq!(view(&mut chain, cert, ICertToken::balanceOfCall { account: ALICE }), ONE * U256::from(3));
    assert_eq!(view(&mut chain, bond, IBondToken::balanceOfCall { account: ALICE }), ONE * U256::from(2));
    assert_eq!(chain.balance(pool), ONE * U256::from(5));

    // A claim beyond the balance reverts with the token's error, passed through.
    let too_much = send(&mut chain, ALICE, pool, IAvalanchePool::claimCertsCall { shares: ONE * U256::from(4) });
    assert!(!too_much.success);
    assert_eq!(too_much.output[..4], ICertToken::ERC20InsufficientBalance::SELECTOR);

    ok(send(&mut chain, ALICE, pool, IAvalanchePool::claimCertsCall { shares: ONE }));
    ok(send(&mut chain, ADMIN, pool, IAvalanchePool::serveClaimsCall { upToId: U256::from(1) }));
    let before = chain.balance(ALICE);
    let withdrawn = ok(send(&mut chain, ALICE, pool, IAvalanchePool::withdrawClaimCall { requestId: U256::from(1) }));
    assert_eq!(chain.balance(ALICE), before + ONE);
    assert_eq!(chain.balance(pool), ONE * U256::from(4));
    assert!(withdrawn.fuel > 0);
}

#[test]
fn a_fork_starts_from_the_same_state_and_then_goes_its_own_way() {
    let mut chain = Chain::new(1).unwrap();
    let feed = deploy_feed(&mut chain);
    let mut fork = chain.fork().unwrap();
    assert_eq!(view(&mut fork, feed, IRateProvider::ownerCall {}), ADMIN);
    assert_eq!(fork.block().number, chain.block().number);
    let moved = send(&mut fork, ADMIN, feed, IRateProvider::transferOwnershipCall { newOwner: TOKEN });
    assert!(moved.success);
    assert_eq!(view(&mut fork, feed, IRateProvider::pendingOwnerCall {}), TOKEN);
    assert_eq!(view(&mut chain, feed, IRateProvider::pendingOwnerCall {}), Address::ZERO);
}
