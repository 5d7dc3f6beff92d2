//! Every message of `ValidatorConfig`, once for both platforms, on the
//! memory chain with `Staking` as scripted answers.

use super::*;
use crate::abi::Word;
use crate::memory::{abi_items, Answer, Chain};
use crate::{Error, U256};
use alloc::collections::BTreeMap;
use alloc::vec;
use lst_core::CoreError;

const STAKING: Address = [0x5A; 20];
const POOL: Address = [0xB0; 20];
const OPERATOR: Address = [3; 20];
const STRANGER: Address = [6; 20];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    staking: Address,
    keys: BTreeMap<Address, Vec<u8>>,
    addresses: BTreeMap<Address, (Vec<u8>, Vec<u8>)>,
}

type Config = Chain<State>;

impl Store for Config {
    fn staking(&self) -> Address {
        self.state.staking
    }
    fn set_staking(&mut self, staking: Address) {
        self.state.staking = staking;
    }
    fn consensus_key(&self, pool: Address) -> Vec<u8> {
        self.state.keys.get(&pool).cloned().unwrap_or_default()
    }
    fn set_consensus_key(&mut self, pool: Address, key: &[u8]) {
        self.state.keys.insert(pool, key.to_vec());
    }
    fn network_addresses(&self, pool: Address) -> Vec<u8> {
        self.state.addresses.get(&pool).map(|a| a.0.clone()).unwrap_or_default()
    }
    fn fullnode_addresses(&self, pool: Address) -> Vec<u8> {
        self.state.addresses.get(&pool).map(|a| a.1.clone()).unwrap_or_default()
    }
    fn set_network_addresses(&mut self, pool: Address, network: &[u8], fullnode: &[u8]) {
        self.state.addresses.insert(pool, (network.to_vec(), fullnode.to_vec()));
    }
}

/// A deployed config whose `Staking` names `OPERATOR` as `POOL`'s operator
/// and has no other pool.
fn deployed() -> Config {
    let mut c = Config::at(1_700_000_000);
    init(&mut c, STAKING);
    let operator = U256::from_be_bytes(OPERATOR.word());
    c.answer(STAKING, "stakePool(address)", Answer::Words(vec![U256::from(2), U256::ZERO, operator, operator]));
    c
}

#[test]
fn deployment_names_the_staking_contract_and_entries_start_empty() {
    let c = deployed();
    assert_eq!(c.staking(), STAKING);
    assert!(c.consensus_key(POOL).is_empty() && c.network_addresses(POOL).is_empty());
}

#[test]
fn the_operator_rotates_the_consensus_key() {
    let mut c = deployed();
    c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![0xAB; 48])).unwrap();
    assert_eq!(c.consensus_key(POOL), vec![0xAB; 48]);
    assert!(c.emitted(&ConsensusKeyRotated { pool: POOL, consensusKey: vec![0xAB; 48] }));
}

#[test]
fn the_operator_sets_the_network_addresses() {
    let mut c = deployed();
    c.call(OPERATOR, |c| set_network_addresses(c, POOL, b"/ip4/1".to_vec(), b"/ip4/2".to_vec())).unwrap();
    assert_eq!((c.network_addresses(POOL), c.fullnode_addresses(POOL)), (b"/ip4/1".to_vec(), b"/ip4/2".to_vec()));
    assert!(c.emitted(&NetworkAddressesUpdated {
        pool: POOL,
        networkAddresses: b"/ip4/1".to_vec(),
        fullnodeAddresses: b"/ip4/2".to_vec(),
    }));
}

#[test]
fn a_key_from_another_account_than_the_operator_is_stake_unauthorized() {
    let mut c = deployed();
    c.assert_refused(CoreError::StakeUnauthorized, |c| c.call(STRANGER, |c| set_consensus_key(c, POOL, vec![1])));
}

#[test]
fn addresses_from_another_account_than_the_operator_are_stake_unauthorized() {
    let mut c = deployed();
    c.assert_refused(CoreError::StakeUnauthorized, |c| {
        c.call(STRANGER, |c| set_network_addresses(c, POOL, vec![1], vec![2]))
    });
}

#[test]
fn an_account_without_a_pool_passes_stakings_stake_pool_not_found_on() {
    let mut c = deployed();
    let missing = CoreError::StakePoolNotFound.selector().to_vec();
    c.answer(STAKING, "stakePool(address)", Answer::Revert(missing.clone()));
    c.assert_refused(Error::Revert(missing.clone()), |c| c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![1])));
    c.assert_refused(Error::Revert(missing), |c| {
        c.call(OPERATOR, |c| set_network_addresses(c, POOL, vec![1], vec![2]))
    });
}

#[test]
fn every_event_the_messages_log_is_declared_in_the_abi() {
    use crate::abi::Event;
    let declared = abi_items("ValidatorConfig", "event");
    for signature in [ConsensusKeyRotated::SIGNATURE, NetworkAddressesUpdated::SIGNATURE] {
        assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/ValidatorConfig.json");
    }
    assert_eq!(declared.len(), 2, "an event of the ABI the app layer does not log");
}

#[test]
fn the_core_rule_the_messages_raise_is_in_the_abi() {
    assert!(lst_core::error::raised::VALIDATOR_CONFIG.contains(&CoreError::StakeUnauthorized));
}
