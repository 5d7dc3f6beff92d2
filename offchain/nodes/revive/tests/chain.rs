//! The pallet-revive backend itself: deployment, reverts, value, blocks,
//! time, logs and weight, each checked on the real `.polkavm` artifacts.
#![allow(missing_docs, clippy::panic, clippy::unwrap_used)]

use alloy::{
    primitives::{Address, U256},
    sol_types::{SolCall, SolError, SolEvent},
};
use lst_client::{abi::IRateProvider as Feed, Chain, ChainExt, Contract, Platform};
use lst_revive_chain::{InkChain, GENESIS_TIMESTAMP};

const ONE: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);
/// The feed's delay for scheduled changes (48 hours, lst-deploy's default).
const CHANGE_DELAY: u64 = 48 * 60 * 60;

fn chain() -> InkChain {
    InkChain::new(420_420_420).unwrap()
}

/// A chain with the rate provider deployed by account 0.
fn with_feed() -> (InkChain, Address, Address) {
    let mut chain = chain();
    let admin = chain.accounts()[0];
    let args = alloy::sol_types::SolValue::abi_encode_params(&(admin, CHANGE_DELAY));
    let feed = chain.deploy(admin, Contract::RateProvider, &args).unwrap();
    (chain, admin, feed)
}

#[test]
fn dev_accounts_are_the_devnodes_and_funded() {
    let mut chain = chain();
    let expected: Vec<Address> = lst_client::dev::dev_accounts();
    assert_eq!(chain.accounts(), expected.as_slice());
    for account in expected {
        assert_eq!(chain.balance(account).unwrap(), lst_client::dev::DEV_BALANCE);
    }
}

#[test]
fn a_deployment_lands_at_the_create_address_of_the_senders_nonce() {
    let mut chain = chain();
    let admin = chain.accounts()[0];
    let args = alloy::sol_types::SolValue::abi_encode_params(&(admin, CHANGE_DELAY));
    let first = chain.deploy(admin, Contract::RateProvider, &args).unwrap();
    let second = chain.deploy(admin, Contract::RateProvider, &args).unwrap();
    assert_eq!(first, admin.create(0));
    assert_eq!(second, admin.create(1));
}

#[test]
fn the_code_at_a_contract_is_its_polkavm_blob() {
    let (mut chain, _, feed) = with_feed();
    let blob = lst_client::ink_code(&Contract::RateProvider.artifact(Platform::Ink)).unwrap();
    assert_eq!(chain.code(feed).unwrap(), blob);
    assert!(chain.code(chain.accounts()[1]).unwrap().is_empty());
}

#[test]
fn a_missing_artifact_is_an_error_naming_the_build() {
    let err = lst_client::ink_code("lst_ink_no_such_contract").unwrap_err();
    assert!(err.0.contains("scripts/build.sh --ink"), "{err}");
}

#[test]
fn a_constructor_runs_with_abi_encoded_arguments() {
    let (mut chain, admin, feed) = with_feed();
    assert_eq!(chain.view(feed, Feed::ownerCall {}).unwrap(), admin);
}

#[test]
fn a_revert_returns_its_custom_error_and_changes_nothing() {
    let (mut chain, admin, feed) = with_feed();
    let mallory = chain.accounts()[7];
    let token = chain.accounts()[6];
    let tx = chain
        .exec(mallory, feed, U256::ZERO, Feed::registerTokenCall { token, initialRatio: ONE, updater: admin })
        .unwrap();
    assert!(!tx.success);
    assert!(tx.logs.is_empty());
    assert_eq!(tx.output, Feed::OwnableUnauthorizedAccount { account: mallory }.abi_encode());
    assert!(chain.call(feed, &Feed::getRatioForCall { token }.abi_encode()).unwrap().is_err());
    chain.ok(admin, feed, Feed::registerTokenCall { token, initialRatio: ONE, updater: admin }).unwrap();
    assert_eq!(chain.view(feed, Feed::getRatioForCall { token }).unwrap(), ONE);
}

#[test]
fn a_read_only_call_changes_nothing() {
    let (mut chain, _, feed) = with_feed();
    let block = chain.block_number().unwrap();
    let owner = Feed::ownerCall {}.abi_encode();
    assert!(chain.call(feed, &owner).unwrap().is_ok());
    assert_eq!(chain.block_number().unwrap(), block);
    assert!(chain.logs(feed, block + 1).unwrap().is_empty());
}

#[test]
fn value_moves_one_planck_per_wei() {
    let mut chain = chain();
    let (alice, bob) = (chain.accounts()[1], chain.accounts()[2]);
    let (alice_before, bob_before) = (chain.balance(alice).unwrap(), chain.balance(bob).unwrap());
    let amount = ONE * U256::from(3) + U256::from(1);
    let tx = chain.send(alice, bob, amount, &[]).unwrap();
    assert!(tx.success);
    assert_eq!(tx.fee, U256::ZERO);
    assert_eq!(chain.balance(alice).unwrap(), alice_before - amount);
    assert_eq!(chain.balance(bob).unwrap(), bob_before + amount);
}

#[test]
fn each_transaction_is_mined_in_a_block_of_its_own_one_second_later() {
    let (mut chain, admin, feed) = with_feed();
    let (block, time) = (chain.block_number().unwrap(), chain.timestamp().unwrap());
    let tx =
        chain.ok(admin, feed, Feed::registerTokenCall { token: admin, initialRatio: ONE, updater: admin }).unwrap();
    assert_eq!(tx.block, block + 1);
    assert_eq!(chain.block_number().unwrap(), block + 1);
    assert_eq!(chain.timestamp().unwrap(), time + 1);
    chain.mine(3).unwrap();
    assert_eq!(chain.block_number().unwrap(), block + 4);
}

#[test]
fn contracts_read_the_chains_timestamp_in_seconds() {
    let (mut chain, admin, feed) = with_feed();
    assert!(chain.timestamp().unwrap() > GENESIS_TIMESTAMP);
    chain.advance_time(3_600).unwrap();
    let token = chain.accounts()[6];
    chain.ok(admin, feed, Feed::registerTokenCall { token, initialRatio: ONE, updater: admin }).unwrap();
    let updated = chain.view(feed, Feed::lastUpdatedCall { token }).unwrap();
    assert_eq!(updated, U256::from(chain.timestamp().unwrap()));
}

#[test]
fn logs_are_contract_events_with_solidity_topics() {
    let (mut chain, admin, feed) = with_feed();
    let (oracle, token) = (chain.accounts()[5], chain.accounts()[6]);
    let tx = chain.ok(admin, feed, Feed::registerTokenCall { token, initialRatio: ONE, updater: oracle }).unwrap();
    let topic = Feed::RatioUpdaterSet::SIGNATURE_HASH;
    let log = tx.logs.iter().find(|l| l.topics().first() == Some(&topic)).unwrap();
    assert_eq!(log.address, feed);
    let event = Feed::RatioUpdaterSet::decode_log_data(&log.data).unwrap();
    assert_eq!((event.token, event.updater), (token, oracle));
    assert_eq!(chain.logs(feed, tx.block).unwrap(), tx.logs);
    assert!(chain.logs(feed, tx.block + 1).unwrap().is_empty());
}

#[test]
fn each_call_reports_its_weight_in_both_dimensions() {
    let (mut chain, admin, feed) = with_feed();
    let token = chain.accounts()[6];
    let tx = chain.ok(admin, feed, Feed::registerTokenCall { token, initialRatio: ONE, updater: admin }).unwrap();
    let weight = chain.last_weight();
    assert!(weight.ref_time > 0 && weight.proof_size > 0, "{weight:?}");
    assert_eq!(tx.cost, weight.ref_time);
}

#[test]
fn a_trap_fails_the_transaction_without_revert_data_and_says_why() {
    let (mut chain, admin, feed) = with_feed();
    let before = chain.balance(admin).unwrap();
    // Value sent to a non-payable message: ink! traps.
    let tx = chain.exec(admin, feed, U256::from(1), Feed::ownerCall {}).unwrap();
    assert!(!tx.success);
    assert!(tx.output.is_empty());
    assert!(chain.last_error().is_some_and(|e| e.contains("ContractTrapped")), "{:?}", chain.last_error());
    assert_eq!(chain.balance(feed).unwrap(), U256::ZERO);
    assert_eq!(chain.balance(admin).unwrap(), before);
}

#[test]
fn block_number_and_timestamp_can_be_set() {
    let (mut chain, admin, feed) = with_feed();
    chain.set_block_number(1_000).unwrap();
    chain.set_timestamp(GENESIS_TIMESTAMP + 86_400).unwrap();
    assert_eq!(chain.block_number().unwrap(), 1_000);
    assert_eq!(chain.timestamp().unwrap(), GENESIS_TIMESTAMP + 86_400);
    let token = chain.accounts()[6];
    let tx = chain.ok(admin, feed, Feed::registerTokenCall { token, initialRatio: ONE, updater: admin }).unwrap();
    assert_eq!(tx.block, 1_001);
    let updated = chain.view(feed, Feed::lastUpdatedCall { token }).unwrap();
    assert_eq!(updated, U256::from(GENESIS_TIMESTAMP + 86_401));
}

#[test]
fn a_failed_constructor_is_an_error_and_deploys_nothing() {
    let mut chain = chain();
    let admin = chain.accounts()[0];
    let before = chain.balance(admin).unwrap();
    // The rate provider's constructor takes an address: no input fails.
    let err = chain.deploy(admin, Contract::RateProvider, &[]).unwrap_err();
    assert!(err.0.contains("instantiate") || err.0.contains("constructor reverted"), "{err}");
    assert!(chain.code(admin.create(0)).unwrap().is_empty());
    assert_eq!(chain.balance(admin).unwrap(), before);
}

#[test]
fn a_fork_starts_from_the_same_state_and_then_goes_its_own_way() {
    let (mut chain, admin, feed) = with_feed();
    let mut fork = chain.fork().unwrap();
    assert_eq!(fork.view(feed, Feed::ownerCall {}).unwrap(), admin);
    assert_eq!(fork.block_number().unwrap(), chain.block_number().unwrap());
    let stranger = chain.accounts()[3];
    fork.ok(admin, feed, Feed::transferOwnershipCall { newOwner: stranger }).unwrap();
    assert_eq!(fork.view(feed, Feed::pendingOwnerCall {}).unwrap(), stranger);
    assert_eq!(chain.view(feed, Feed::pendingOwnerCall {}).unwrap(), Address::ZERO);
}
