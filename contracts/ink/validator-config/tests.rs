//! Off-chain unit tests of the ink! ValidatorConfig: each message, its
//! events, who may write, and each error path with state unchanged. The
//! staking contract is the test stand-in of `lst_ink_common::testing::staking`.

use crate::validator_config::ValidatorConfig;
use ink::{sol::DynBytes, Address};
use lst_core::CoreError;
use lst_ink_common::{
    testing::{account, call_as, last_log, logs, staking as stand_in, uint, word, Log},
    Error,
};

fn staking() -> Address {
    account(1)
}
fn operator() -> Address {
    account(3)
}
/// A pool's owner: its address is the pool's.
fn pool() -> Address {
    account(5)
}
fn stranger() -> Address {
    account(6)
}

fn bytes(b: &[u8]) -> DynBytes {
    DynBytes(b.to_vec())
}

/// `pool`'s (consensus key, network addresses, full-node addresses).
fn entry(c: &ValidatorConfig, pool: Address) -> (DynBytes, DynBytes, DynBytes) {
    (c.consensus_key(pool), c.network_addresses(pool), c.fullnode_addresses(pool))
}

/// A config for `staking()`, where `pool()` is run by `operator()`.
fn config() -> ValidatorConfig {
    stand_in::set_operator(staking(), pool(), operator());
    ValidatorConfig::new(staking())
}

/// The ABI encoding of `bytes` values as an event's only data fields.
fn dynamic_data(values: &[&[u8]]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for value in values {
        head.extend(uint(32 * values.len() as u64 + tail.len() as u64));
        tail.extend(uint(value.len() as u64));
        let mut padded = value.to_vec();
        padded.resize(value.len().div_ceil(32) * 32, 0);
        tail.extend(padded);
    }
    [head, tail].concat()
}

#[ink::test]
fn constructor_names_the_staking_contract_and_every_entry_starts_empty() {
    let c = config();
    assert_eq!(c.staking(), staking());
    assert_eq!(entry(&c, pool()), (bytes(b""), bytes(b""), bytes(b"")));
}

#[ink::test]
fn the_operator_rotates_the_consensus_key() {
    let mut c = config();
    call_as(operator());
    c.set_consensus_key(pool(), bytes(&[0xaa; 48])).unwrap();
    assert_eq!(entry(&c, pool()), (bytes(&[0xaa; 48]), bytes(b""), bytes(b"")));
    assert_eq!(
        last_log(),
        Log::new("ConsensusKeyRotated(address,bytes)", vec![word(pool())], dynamic_data(&[&[0xaa; 48]]))
    );
}

#[ink::test]
fn the_operator_sets_the_network_addresses_and_keeps_the_key() {
    let mut c = config();
    call_as(operator());
    c.set_consensus_key(pool(), bytes(b"key")).unwrap();
    c.set_network_addresses(pool(), bytes(b"/ip4/10.0.0.1/tcp/6180"), bytes(b"/ip4/10.0.0.1/tcp/6182")).unwrap();
    assert_eq!(entry(&c, pool()), (bytes(b"key"), bytes(b"/ip4/10.0.0.1/tcp/6180"), bytes(b"/ip4/10.0.0.1/tcp/6182")));
    assert_eq!(
        last_log(),
        Log::new(
            "NetworkAddressesUpdated(address,bytes,bytes)",
            vec![word(pool())],
            dynamic_data(&[b"/ip4/10.0.0.1/tcp/6180", b"/ip4/10.0.0.1/tcp/6182"])
        )
    );
}

#[ink::test]
fn the_key_survives_a_change_of_network_addresses_and_back() {
    let mut c = config();
    call_as(operator());
    c.set_network_addresses(pool(), bytes(b"a"), bytes(b"b")).unwrap();
    c.set_consensus_key(pool(), bytes(b"k")).unwrap();
    assert_eq!(entry(&c, pool()), (bytes(b"k"), bytes(b"a"), bytes(b"b")));
}

#[ink::test]
fn anyone_but_the_operator_is_stake_unauthorized_and_changes_nothing() {
    let mut c = config();
    for who in [pool(), stranger()] {
        call_as(who);
        let unauthorized = Err(Error::Core(CoreError::StakeUnauthorized));
        assert_eq!(c.set_consensus_key(pool(), bytes(b"k")), unauthorized.clone());
        assert_eq!(c.set_network_addresses(pool(), bytes(b"a"), bytes(b"b")), unauthorized);
    }
    assert_eq!(entry(&c, pool()), (bytes(b""), bytes(b""), bytes(b"")));
    assert!(logs().is_empty());
}

#[ink::test]
fn an_account_without_a_pool_passes_on_stake_pool_not_found() {
    let mut c = config();
    call_as(operator());
    let not_found = Err(Error::Revert(Error::Core(CoreError::StakePoolNotFound).encode()));
    assert_eq!(c.set_consensus_key(stranger(), bytes(b"k")), not_found.clone());
    assert_eq!(c.set_network_addresses(stranger(), bytes(b"a"), bytes(b"b")), not_found);
    assert_eq!(entry(&c, stranger()), (bytes(b""), bytes(b""), bytes(b"")));
    assert!(logs().is_empty());
}

#[ink::test]
fn a_new_operator_takes_over_the_entry() {
    let mut c = config();
    call_as(operator());
    c.set_consensus_key(pool(), bytes(b"old")).unwrap();
    stand_in::set_operator(staking(), pool(), stranger());
    assert_eq!(c.set_consensus_key(pool(), bytes(b"x")), Err(Error::Core(CoreError::StakeUnauthorized)));
    call_as(stranger());
    c.set_consensus_key(pool(), bytes(b"new")).unwrap();
    assert_eq!(c.consensus_key(pool()), bytes(b"new"));
}
