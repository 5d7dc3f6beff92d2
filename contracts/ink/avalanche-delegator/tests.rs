//! What is ink!'s own in the delegator (every message's behaviour and
//! refusal is tested once, in `lst_app::avalanche_delegator`, and its calls
//! to the pool, `Staking` and the feed on pallet-revive, `lst-e2e`): the
//! constructor and the messages reach the app layer, refusals revert with
//! the ABI's error data, and the app layer's events log what the
//! `#[ink(event)]` declarations cargo-contract lists log.

use crate::avalanche_delegator::*;
use ink::{env::test, Address, U256};
use lst_ink_common::{
    events::emit_app,
    testing::{account, call_as, logs},
    Error, Failure,
};

fn pool() -> Address {
    account(20)
}
fn staking() -> Address {
    account(21)
}
fn validator() -> Address {
    account(22)
}

fn delegator() -> AvalancheDelegator {
    call_as(account(1));
    AvalancheDelegator::new(pool(), staking(), validator()).unwrap()
}

fn revert_data(failure: Failure) -> Vec<u8> {
    ink::sol::SolErrorEncode::encode(&failure)
}

#[ink::test]
fn the_constructor_records_the_wiring() {
    assert_eq!(delegator().wiring(), (pool(), staking(), validator()));
}

#[ink::test]
fn a_zero_address_reverts_with_zero_address() {
    let refused = AvalancheDelegator::new(Address::zero(), staking(), validator()).err().unwrap();
    assert_eq!(revert_data(refused), Error::ZeroAddress {}.encode());
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
fn a_payment_from_staking_is_taken() {
    let mut d = delegator();
    call_as(staking());
    test::set_value_transferred(U256::from(1));
    assert_eq!(d.on_staking_payment(), Ok(()));
}

#[ink::test]
fn the_app_layers_events_log_what_the_declarations_log() {
    use lst_app::abi::Event;
    use lst_app::avalanche_delegator as app;
    let amount = U256::from(7);
    let core = lst_ink_common::to_core(amount);
    let pairs: [(lst_app::abi::Log, fn(U256)); 4] = [
        (app::StakesDelegated { amount: core }.log(), |a| ink::env::emit_event(StakesDelegated { amount: a })),
        (app::StakesUnlocked { amount: core }.log(), |a| ink::env::emit_event(StakesUnlocked { amount: a })),
        (app::StakesWithdrawn { amount: core }.log(), |a| ink::env::emit_event(StakesWithdrawn { amount: a })),
        (app::RewardsMeasured { growth: core, reported: core, carried: core }.log(), |a| {
            ink::env::emit_event(RewardsMeasured { growth: a, reported: a, carried: a })
        }),
    ];
    for (log, declared) in pairs {
        emit_app(&log);
        declared(amount);
        let recorded = logs();
        let n = recorded.len();
        assert_eq!(recorded[n - 2], recorded[n - 1]);
    }
}
