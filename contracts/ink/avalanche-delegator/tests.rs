//! What is ink!'s own in the delegator (every message's behaviour and
//! refusal is tested once, in `lst_app::avalanche_delegator`, and its calls
//! to the pool, `Staking`, the stake accounts and the feed on pallet-revive,
//! `lst-e2e`): the constructor and the messages reach the app layer,
//! refusals revert with the ABI's error data, and the app layer's events log
//! what the `#[ink(event)]` declarations cargo-contract lists log.

use crate::avalanche_delegator::*;
use ink::{env::test, Address, U256};
use lst_ink_common::{
    events::emit_app,
    testing::{account, call_as, logs},
    Error, Failure,
};

const DAY: u64 = 86_400;

fn pool() -> Address {
    account(20)
}
fn staking() -> Address {
    account(21)
}

fn delegator() -> AvalancheDelegator {
    call_as(account(1));
    AvalancheDelegator::new(pool(), staking(), DAY).unwrap()
}

fn revert_data(failure: Failure) -> Vec<u8> {
    ink::sol::SolErrorEncode::encode(&failure)
}

#[ink::test]
fn the_constructor_records_the_wiring_and_an_empty_set() {
    let d = delegator();
    assert_eq!(d.wiring(), (pool(), staking()));
    assert!(d.validators().is_empty());
}

#[ink::test]
fn a_zero_address_reverts_with_zero_address() {
    let refused = AvalancheDelegator::new(Address::zero(), staking(), DAY).err().unwrap();
    assert_eq!(revert_data(refused), Error::ZeroAddress {}.encode());
}

#[ink::test]
fn a_delay_out_of_range_reverts_with_change_delay_out_of_range() {
    let refused = AvalancheDelegator::new(pool(), staking(), 60).err().unwrap();
    assert_eq!(revert_data(refused), lst_core::CoreError::ChangeDelayOutOfRange.selector().to_vec());
}

#[ink::test]
fn a_payment_from_a_stranger_reverts_with_unauthorized() {
    let mut d = delegator();
    call_as(account(3));
    test::set_value_transferred(U256::from(1));
    let refused = d.on_staking_payment().unwrap_err();
    assert_eq!(revert_data(refused), Error::Unauthorized { account: account(3) }.encode());
}

#[ink::test]
fn a_validator_outside_the_set_is_not_in_validator_set() {
    let d = delegator();
    let refused = d.is_retiring(account(9)).unwrap_err();
    assert_eq!(revert_data(refused), lst_core::CoreError::NotInValidatorSet.selector().to_vec());
}

#[ink::test]
fn the_app_layers_events_log_what_the_declarations_log() {
    use lst_app::abi::Event;
    use lst_app::avalanche_delegator as app;
    let amount = U256::from(7);
    let core = lst_ink_common::to_core(amount);
    let who = account(9);
    /// An app-layer log and how the declaration logs the same event.
    type Pair = (lst_app::abi::Log, fn(U256, Address));
    let pairs: [Pair; 7] = [
        (app::StakesDelegated { account: who.0, amount: core }.log(), |a, w| {
            ink::env::emit_event(StakesDelegated { account: w, amount: a })
        }),
        (app::StakesUnlocked { account: who.0, amount: core }.log(), |a, w| {
            ink::env::emit_event(StakesUnlocked { account: w, amount: a })
        }),
        (app::StakesWithdrawn { amount: core }.log(), |a, _| ink::env::emit_event(StakesWithdrawn { amount: a })),
        (app::RewardsMeasured { growth: core, reported: core, carried: core }.log(), |a, _| {
            ink::env::emit_event(RewardsMeasured { growth: a, reported: a, carried: a })
        }),
        (app::ValidatorAdded { account: who.0 }.log(), |_, w| ink::env::emit_event(ValidatorAdded { account: w })),
        (app::ValidatorRetired { account: who.0, unlocked: core }.log(), |a, w| {
            ink::env::emit_event(ValidatorRetired { account: w, unlocked: a })
        }),
        (app::ValidatorRemoved { account: who.0 }.log(), |_, w| ink::env::emit_event(ValidatorRemoved { account: w })),
    ];
    for (log, declared) in pairs {
        emit_app(&log);
        declared(amount, who);
        let recorded = logs();
        let n = recorded.len();
        assert_eq!(recorded[n - 2], recorded[n - 1]);
    }
}
