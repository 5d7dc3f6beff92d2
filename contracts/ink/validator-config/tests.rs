//! What is ink!'s own in `ValidatorConfig` (every message's behaviour and
//! refusal is tested once, in `lst_app::validator_config`, and its call to
//! `Staking` on pallet-revive, `lst-e2e`): the constructor and the views,
//! and the app layer's events — their `bytes` data included — logging what
//! the `#[ink(event)]` declarations cargo-contract lists log.

use crate::validator_config::*;
use ink::{sol::DynBytes, Address};
use lst_ink_common::{
    events::emit_app,
    testing::{account, call_as, logs},
};

fn staking() -> Address {
    account(1)
}

fn config() -> ValidatorConfig {
    call_as(account(9));
    ValidatorConfig::new(staking())
}

#[ink::test]
fn the_constructor_names_the_staking_contract() {
    let c = config();
    assert_eq!(c.staking(), staking());
}

#[ink::test]
fn a_view_without_staking_beside_it_is_refused() {
    // The views read `Staking`'s epoch to tell which config is in force.
    let c = config();
    let refused = lst_ink_common::Failure(lst_app::Error::Revert(vec![]));
    assert_eq!(c.consensus_key(account(5)), Err(refused));
}

#[ink::test]
fn the_pending_config_is_a_parameter_list_as_solidity_returns_it() {
    use ink::sol::SolResultEncode;
    let c = config();
    // No change yet: three empty `bytes` and epoch 0, four heads then the
    // three tails (a length word each), no leading offset word.
    let encoded = c.pending_config(account(5)).encode();
    let words: Vec<&[u8]> = encoded.chunks(32).collect();
    assert_eq!(words.len(), 7);
    assert_eq!(words[0][31], 128, "the first bytes starts after the four heads");
    assert_eq!(words[3], [0u8; 32].as_slice(), "epoch 0");
    let decoded = <PendingConfig as ink::sol::SolDecode>::decode(&encoded).unwrap();
    assert_eq!(decoded, PendingConfig((DynBytes(vec![]), DynBytes(vec![]), DynBytes(vec![]), 0)));
}

#[ink::test]
fn a_write_without_staking_beside_it_is_refused() {
    // The off-chain environment runs no other contract: the operator check's
    // call to `Staking` reverts, and the refusal is the app layer's.
    let mut c = config();
    let refused = c.set_consensus_key(account(5), DynBytes(vec![1])).unwrap_err();
    assert_eq!(refused, lst_ink_common::Failure(lst_app::Error::Revert(vec![])));
}

#[ink::test]
fn the_app_layers_events_log_what_the_declarations_log() {
    use lst_app::abi::Event;
    use lst_app::validator_config as app;
    let pool = account(5);
    emit_app(&app::ConsensusKeyRotated { pool: pool.0, effectiveEpoch: 3, consensusKey: vec![0xAB; 48] }.log());
    ink::env::emit_event(ConsensusKeyRotated { pool, effectiveEpoch: 3, consensusKey: DynBytes(vec![0xAB; 48]) });
    emit_app(
        &app::NetworkAddressesUpdated {
            pool: pool.0,
            effectiveEpoch: 3,
            networkAddresses: b"/ip4/1".to_vec(),
            fullnodeAddresses: vec![],
        }
        .log(),
    );
    ink::env::emit_event(NetworkAddressesUpdated {
        pool,
        effectiveEpoch: 3,
        networkAddresses: DynBytes(b"/ip4/1".to_vec()),
        fullnodeAddresses: DynBytes(vec![]),
    });
    let recorded = logs();
    assert_eq!(recorded.len(), 4);
    assert_eq!(recorded[0], recorded[1]);
    assert_eq!(recorded[2], recorded[3]);
}
