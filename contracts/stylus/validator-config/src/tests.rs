//! What is Stylus's own in `ValidatorConfig` (every message's behaviour and
//! refusal is tested once, in `lst_app::validator_config`), against a real
//! `Staking`: the entry points reach the app layer and its call to
//! `Staking`, the logs are the declared events (their `bytes` data
//! included), and refusals revert with the ABI's error data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use lst_core::CoreError;
use lst_staking::Staking;
use motsu::prelude::*;

struct Suite {
    staking: Contract<Staking>,
    config: Contract<ValidatorConfig>,
    operator: Address,
    /// A pool's owner: its address is the pool's.
    pool: Address,
    stranger: Address,
}

impl Suite {
    fn new() -> Self {
        let s = Suite {
            staking: Contract::new(),
            config: Contract::new(),
            operator: Address::with_last_byte(3),
            pool: Address::with_last_byte(5),
            stranger: Address::with_last_byte(6),
        };
        let governance = Address::with_last_byte(1);
        s.staking.sender(governance).constructor(governance, Address::with_last_byte(2), 86_400).unwrap();
        s.staking.sender(s.pool).initialize_stake_pool(s.operator, Address::with_last_byte(4)).unwrap();
        s.config.sender(s.stranger).constructor(s.staking.address());
        s
    }

    fn entry(&self, pool: Address) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let key = self.config.sender(self.stranger).consensus_key(pool).unwrap().0.to_vec();
        let network = self.config.sender(self.stranger).network_addresses(pool).unwrap().0.to_vec();
        (key, network, self.config.sender(self.stranger).fullnode_addresses(pool).unwrap().0.to_vec())
    }

    /// The change waiting for `pool`: (key, network, full-node, epoch).
    fn pending(&self, pool: Address) -> (Vec<u8>, Vec<u8>, Vec<u8>, u64) {
        let (k, n, f, epoch) = self.config.sender(self.stranger).pending_config(pool).0;
        (k.0.to_vec(), n.0.to_vec(), f.0.to_vec(), epoch)
    }

    /// Ends `Staking`'s epoch (moving its start back: motsu's clock stands
    /// still).
    fn end_epoch(&self) {
        let mut staking = self.staking.sender(self.stranger);
        let clock = lst_app::staking::Store::clock(&*staking);
        let earlier = lst_core::validator::EpochClock { started_at: clock.started_at - 3_600, ..clock };
        lst_app::staking::Store::set_clock(&mut *staking, earlier);
        drop(staking);
        self.staking.sender(self.stranger).end_epoch().unwrap();
    }
}

fn empty() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    (vec![], vec![], vec![])
}

#[motsu::test]
fn constructor_names_the_staking_contract_and_every_entry_starts_empty() {
    let s = Suite::new();
    assert_eq!(s.config.sender(s.stranger).staking(), s.staking.address());
    assert_eq!(s.entry(s.pool), empty());
}

#[motsu::test]
fn the_operator_rotates_the_consensus_key_at_the_next_epoch() {
    let s = Suite::new();
    s.config.sender(s.operator).set_consensus_key(s.pool, vec![0xaa; 48].into()).unwrap();
    s.config.assert_emitted(&ConsensusKeyRotated {
        pool: s.pool,
        effectiveEpoch: 1,
        consensusKey: vec![0xaa; 48].into(),
    });
    assert_eq!(s.entry(s.pool), empty());
    assert_eq!(s.pending(s.pool), (vec![0xaa; 48], vec![], vec![], 1));
    s.end_epoch();
    assert_eq!(s.entry(s.pool), (vec![0xaa; 48], vec![], vec![]));
    assert_eq!(s.pending(s.pool).3, 1, "the record stays, now in force");
}

#[motsu::test]
fn the_operator_sets_the_network_addresses_and_keeps_the_key() {
    let s = Suite::new();
    s.config.sender(s.operator).set_consensus_key(s.pool, b"key".to_vec().into()).unwrap();
    s.config
        .sender(s.operator)
        .set_network_addresses(s.pool, b"/ip4/10.0.0.1".to_vec().into(), b"/ip4/10.0.0.2".to_vec().into())
        .unwrap();
    s.end_epoch();
    assert_eq!(s.entry(s.pool), (b"key".to_vec(), b"/ip4/10.0.0.1".to_vec(), b"/ip4/10.0.0.2".to_vec()));
    s.config.assert_emitted(&NetworkAddressesUpdated {
        pool: s.pool,
        effectiveEpoch: 1,
        networkAddresses: b"/ip4/10.0.0.1".to_vec().into(),
        fullnodeAddresses: b"/ip4/10.0.0.2".to_vec().into(),
    });
}

#[motsu::test]
fn anyone_but_the_operator_is_stake_unauthorized_and_changes_nothing() {
    let s = Suite::new();
    for who in [s.pool, s.stranger] {
        let err = s.config.sender(who).set_consensus_key(s.pool, vec![1].into()).motsu_unwrap_err();
        assert!(Vec::<u8>::from(err.clone()) == CoreError::StakeUnauthorized.selector(), "{err:?}");
        let err = s.config.sender(who).set_network_addresses(s.pool, vec![1].into(), vec![2].into()).motsu_unwrap_err();
        assert!(Vec::<u8>::from(err.clone()) == CoreError::StakeUnauthorized.selector(), "{err:?}");
    }
    assert_eq!(s.pending(s.pool), (vec![], vec![], vec![], 0));
}

#[motsu::test]
fn an_account_without_a_pool_passes_on_stake_pool_not_found() {
    let s = Suite::new();
    let not_found = CoreError::StakePoolNotFound.selector().to_vec();
    let err = s.config.sender(s.operator).set_consensus_key(s.stranger, vec![1].into()).motsu_unwrap_err();
    assert!(Vec::<u8>::from(err.clone()) == not_found, "{err:?}");
    let err = s
        .config
        .sender(s.operator)
        .set_network_addresses(s.stranger, vec![1].into(), vec![2].into())
        .motsu_unwrap_err();
    assert!(Vec::<u8>::from(err.clone()) == not_found, "{err:?}");
    assert_eq!(s.entry(s.stranger), empty());
}

#[motsu::test]
fn a_new_operator_takes_over_the_entry() {
    let s = Suite::new();
    s.config.sender(s.operator).set_consensus_key(s.pool, b"old".to_vec().into()).unwrap();
    s.staking.sender(s.pool).set_operator(s.stranger).unwrap();
    let err = s.config.sender(s.operator).set_consensus_key(s.pool, b"x".to_vec().into()).motsu_unwrap_err();
    assert!(Vec::<u8>::from(err.clone()) == CoreError::StakeUnauthorized.selector(), "{err:?}");
    s.config.sender(s.stranger).set_consensus_key(s.pool, b"new".to_vec().into()).unwrap();
    s.end_epoch();
    assert_eq!(s.entry(s.pool).0, b"new".to_vec());
}

#[test]
fn the_pending_config_is_four_values_as_a_parameter_list() {
    use alloy_sol_types::SolType;
    use stylus_sdk::abi::internal::EncodableReturnType;
    let key: Bytes = vec![0xaa; 3].into();
    let values: PendingValues = (key.clone(), vec![].into(), vec![].into(), 7u64);
    let data = PendingConfig(values.clone()).encode().unwrap();
    // Four heads (three offsets, the epoch) and no leading offset word.
    assert_eq!(data[31], 0x80, "the first head is the key's offset");
    let params =
        <<(Bytes, Bytes, Bytes, u64) as stylus_sdk::abi::AbiType>::SolType as SolType>::abi_encode_params(&values);
    assert_eq!(data, params);
    assert_eq!(
        <PendingConfig as stylus_sdk::abi::AbiType>::EXPORT_ABI_RET.as_str(),
        "(bytes memory, bytes memory, bytes memory, uint64)"
    );
}
