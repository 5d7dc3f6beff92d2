//! `Chain::state_digest` on both in-process chains: what the stateful
//! fuzzer's view cache trusts. A digest moves when a contract's storage or
//! balance does, and stays when a call only reads or reverts.
#![allow(missing_docs, clippy::panic, clippy::unwrap_used)]

use alloy::{primitives::U256, sol_types::SolValue};
use lst_client::{abi::IRateProvider as Feed, Chain, ChainExt, Contract};
use lst_devnode::InProcess;
use lst_revive_chain::InkChain;

const ONE: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// The feed deployed by account 0, with its delay for scheduled changes.
fn with_feed<C: Chain>(mut chain: C) -> (C, alloy::primitives::Address) {
    let admin = chain.accounts()[0];
    let feed = chain.deploy(admin, Contract::RateProvider, &(admin, 3_600u64).abi_encode_params()).unwrap();
    (chain, feed)
}

fn a_read_and_a_revert_leave_the_digest<C: Chain>(chain: C) {
    let (mut chain, feed) = with_feed(chain);
    let before = chain.state_digest(feed).unwrap().unwrap();
    chain.view(feed, Feed::ownerCall {}).unwrap();
    let stranger = chain.accounts()[7];
    let token = chain.accounts()[6];
    let tx =
        chain.exec(stranger, feed, U256::ZERO, Feed::registerTokenCall { token, initialRatio: ONE, updater: stranger });
    assert!(!tx.unwrap().success);
    assert_eq!(chain.state_digest(feed).unwrap(), Some(before));
}

fn a_write_moves_the_digest_of_that_contract_only<C: Chain>(chain: C) {
    let (mut chain, feed) = with_feed(chain);
    let admin = chain.accounts()[0];
    let (other_chain_feed, token) = (chain.accounts()[5], chain.accounts()[6]);
    let before = (chain.state_digest(feed).unwrap(), chain.state_digest(other_chain_feed).unwrap());
    chain.ok(admin, feed, Feed::registerTokenCall { token, initialRatio: ONE, updater: admin }).unwrap();
    assert_ne!(chain.state_digest(feed).unwrap(), before.0);
    assert_eq!(chain.state_digest(other_chain_feed).unwrap(), before.1);
}

fn a_balance_change_moves_the_digest<C: Chain>(chain: C) {
    let mut chain = chain;
    let (from, to) = (chain.accounts()[1], chain.accounts()[2]);
    let before = chain.state_digest(to).unwrap();
    assert!(chain.send(from, to, U256::from(1_000_000_000_000u64), &[]).unwrap().success);
    assert_ne!(chain.state_digest(to).unwrap(), before);
}

#[test]
fn stylus_a_read_and_a_revert_leave_the_digest() {
    a_read_and_a_revert_leave_the_digest(InProcess::new(412_346).unwrap());
}

#[test]
fn ink_a_read_and_a_revert_leave_the_digest() {
    a_read_and_a_revert_leave_the_digest(InkChain::new(420_420_420).unwrap());
}

#[test]
fn stylus_a_write_moves_the_digest_of_that_contract_only() {
    a_write_moves_the_digest_of_that_contract_only(InProcess::new(412_346).unwrap());
}

#[test]
fn ink_a_write_moves_the_digest_of_that_contract_only() {
    a_write_moves_the_digest_of_that_contract_only(InkChain::new(420_420_420).unwrap());
}

#[test]
fn stylus_a_balance_change_moves_the_digest() {
    a_balance_change_moves_the_digest(InProcess::new(412_346).unwrap());
}

#[test]
fn ink_a_balance_change_moves_the_digest() {
    a_balance_change_moves_the_digest(InkChain::new(420_420_420).unwrap());
}

#[test]
fn a_fork_starts_with_the_digests_of_its_parent() {
    let (mut chain, feed) = with_feed(InkChain::new(420_420_420).unwrap());
    let mut fork = chain.fork().unwrap();
    assert_eq!(fork.state_digest(feed).unwrap(), chain.state_digest(feed).unwrap());
    let (mut chain, feed) = with_feed(InProcess::new(412_346).unwrap());
    let mut fork = chain.fork().unwrap();
    assert_eq!(fork.state_digest(feed).unwrap(), chain.state_digest(feed).unwrap());
}
