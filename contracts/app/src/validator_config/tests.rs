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
    active: BTreeMap<Address, NodeConfig>,
    pending: BTreeMap<Address, Pending>,
}

type Config = Chain<State>;

impl Store for Config {
    fn staking(&self) -> Address {
        self.state.staking
    }
    fn set_staking(&mut self, staking: Address) {
        self.state.staking = staking;
    }
    fn active(&self, pool: Address) -> NodeConfig {
        self.state.active.get(&pool).cloned().unwrap_or_default()
    }
    fn set_active(&mut self, pool: Address, config: &NodeConfig) {
        self.state.active.insert(pool, config.clone());
    }
    fn pending(&self, pool: Address) -> Option<Pending> {
        self.state.pending.get(&pool).cloned()
    }
    fn set_pending(&mut self, pool: Address, pending: Option<&Pending>) {
        match pending {
            Some(p) => self.state.pending.insert(pool, p.clone()),
            None => self.state.pending.remove(&pool),
        };
    }
}

/// `Staking` is in `epoch`.
fn at_epoch(c: &mut Config, epoch: u64) {
    c.answer(STAKING, "epochInfo()", Answer::Words(vec![U256::from(epoch), U256::ZERO, U256::ZERO]));
}

/// A deployed config whose `Staking` is in epoch 4 and names `OPERATOR` as
/// `POOL`'s operator and has no other pool.
fn deployed() -> Config {
    let mut c = Config::at(1_700_000_000);
    init(&mut c, STAKING);
    let operator = U256::from_be_bytes(OPERATOR.word());
    c.answer(STAKING, "stakePool(address)", Answer::Words(vec![U256::from(2), U256::ZERO, operator, operator]));
    at_epoch(&mut c, 4);
    c
}

fn key(c: &Config) -> Vec<u8> {
    config(c, POOL).unwrap().consensus_key
}

#[test]
fn deployment_names_the_staking_contract_and_entries_start_empty() {
    let c = deployed();
    assert_eq!(c.staking(), STAKING);
    assert_eq!(config(&c, POOL), Ok(NodeConfig::default()));
    assert_eq!(pending_config(&c, POOL), None);
}

#[test]
fn a_rotated_consensus_key_waits_for_the_next_epoch() {
    let mut c = deployed();
    c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![0xAB; 48])).unwrap();
    assert!(key(&c).is_empty(), "the key in force is unchanged this epoch");
    let waiting = pending_config(&c, POOL).unwrap();
    assert_eq!((waiting.effective_epoch, waiting.config.consensus_key), (5, vec![0xAB; 48]));
    assert!(c.emitted(&ConsensusKeyRotated { pool: POOL, effectiveEpoch: 5, consensusKey: vec![0xAB; 48] }));
}

#[test]
fn a_rotated_consensus_key_is_in_force_once_the_next_epoch_begins() {
    let mut c = deployed();
    c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![0xAB; 48])).unwrap();
    at_epoch(&mut c, 5);
    assert_eq!(key(&c), vec![0xAB; 48]);
    assert_eq!(pending_config(&c, POOL).map(|p| p.effective_epoch), Some(5), "the record stays, now in force");
}

#[test]
fn new_network_addresses_wait_for_the_next_epoch() {
    let mut c = deployed();
    c.call(OPERATOR, |c| set_network_addresses(c, POOL, b"/ip4/1".to_vec(), b"/ip4/2".to_vec())).unwrap();
    assert!(config(&c, POOL).unwrap().network_addresses.is_empty());
    assert!(c.emitted(&NetworkAddressesUpdated {
        pool: POOL,
        effectiveEpoch: 5,
        networkAddresses: b"/ip4/1".to_vec(),
        fullnodeAddresses: b"/ip4/2".to_vec(),
    }));
    at_epoch(&mut c, 5);
    let now = config(&c, POOL).unwrap();
    assert_eq!((now.network_addresses, now.fullnode_addresses), (b"/ip4/1".to_vec(), b"/ip4/2".to_vec()));
}

#[test]
fn changes_in_one_epoch_build_one_pending_config() {
    let mut c = deployed();
    c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![1])).unwrap();
    c.call(OPERATOR, |c| set_network_addresses(c, POOL, vec![2], vec![3])).unwrap();
    c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![4])).unwrap();
    let expected = NodeConfig { consensus_key: vec![4], network_addresses: vec![2], fullnode_addresses: vec![3] };
    assert_eq!(pending_config(&c, POOL).map(|p| p.config), Some(expected.clone()));
    at_epoch(&mut c, 5);
    assert_eq!(config(&c, POOL), Ok(expected));
}

#[test]
fn a_change_in_a_later_epoch_keeps_the_earlier_one_in_force() {
    let mut c = deployed();
    c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![1])).unwrap();
    at_epoch(&mut c, 7);
    c.call(OPERATOR, |c| set_network_addresses(c, POOL, vec![2], vec![3])).unwrap();
    assert_eq!(key(&c), vec![1], "the key from epoch 4 is in force");
    let waiting = pending_config(&c, POOL).unwrap();
    assert_eq!(waiting.effective_epoch, 8);
    assert_eq!(waiting.config.consensus_key, vec![1], "the waiting config starts from the one in force");
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
fn a_staking_contract_that_does_not_answer_its_epoch_is_call_return_malformed() {
    let mut c = deployed();
    c.answer(STAKING, "epochInfo()", Answer::Words(vec![]));
    c.assert_refused(Error::CallReturnMalformed {}, |c| c.call(OPERATOR, |c| set_consensus_key(c, POOL, vec![1])));
    assert_eq!(config(&c, POOL), Err(Error::CallReturnMalformed {}));
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
