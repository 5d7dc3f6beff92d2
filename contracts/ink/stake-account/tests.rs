//! What is ink!'s own in `StakeAccount` (every message's behaviour and
//! refusal is tested once, in `lst_app::stake_account`, and its calls to
//! `Staking` on pallet-revive, `lst-e2e`): the constructor and the messages
//! reach the app layer, refusals revert with the ABI's error data, and the
//! app layer's events log what the `#[ink(event)]` declarations
//! cargo-contract lists log.

use crate::stake_account::*;
use ink::{env::test, Address, U256};
use lst_ink_common::{
    events::emit_app,
    testing::{account, call_as, logs},
    Error, Failure,
};

fn manager() -> Address {
    account(20)
}
fn staking() -> Address {
    account(21)
}
fn validator() -> Address {
    account(22)
}

fn stake_account() -> StakeAccount {
    call_as(account(1));
    StakeAccount::new(manager(), staking(), validator()).unwrap()
}

fn revert_data(failure: Failure) -> Vec<u8> {
    ink::sol::SolErrorEncode::encode(&failure)
}

#[ink::test]
fn the_constructor_records_the_wiring() {
    assert_eq!(stake_account().wiring(), (manager(), staking(), validator()));
}

#[ink::test]
fn a_zero_address_reverts_with_zero_address() {
    let refused = StakeAccount::new(manager(), Address::zero(), validator()).err().unwrap();
    assert_eq!(revert_data(refused), Error::ZeroAddress {}.encode());
}

#[ink::test]
fn a_payment_from_a_stranger_reverts_with_unauthorized() {
    let mut a = stake_account();
    call_as(account(3));
    test::set_value_transferred(U256::from(1));
    let refused = a.on_staking_payment().unwrap_err();
    assert_eq!(revert_data(refused), Error::Unauthorized { account: account(3) }.encode());
}

#[ink::test]
fn a_payment_from_staking_is_taken() {
    let mut a = stake_account();
    call_as(staking());
    test::set_value_transferred(U256::from(1));
    assert_eq!(a.on_staking_payment(), Ok(()));
}

#[ink::test]
fn an_unlock_from_anyone_but_the_manager_reverts_with_unauthorized() {
    let mut a = stake_account();
    call_as(account(3));
    let refused = a.unlock(U256::from(1)).unwrap_err();
    assert_eq!(revert_data(refused), Error::Unauthorized { account: account(3) }.encode());
}

#[ink::test]
fn a_withdrawal_before_the_first_stake_reverts_with_zero_amount() {
    let mut a = stake_account();
    call_as(account(3));
    let refused = a.withdraw().unwrap_err();
    assert_eq!(revert_data(refused), lst_core::CoreError::ZeroAmount.selector().to_vec());
}

#[ink::test]
fn the_app_layers_events_log_what_the_declarations_log() {
    use lst_app::abi::Event;
    use lst_app::stake_account as app;
    let amount = U256::from(7);
    let core = lst_ink_common::to_core(amount);
    let pairs: [(lst_app::abi::Log, fn(U256)); 3] = [
        (app::StakesDelegated { amount: core }.log(), |a| ink::env::emit_event(StakesDelegated { amount: a })),
        (app::StakesUnlocked { amount: core }.log(), |a| ink::env::emit_event(StakesUnlocked { amount: a })),
        (app::StakesWithdrawn { amount: core }.log(), |a| ink::env::emit_event(StakesWithdrawn { amount: a })),
    ];
    for (log, declared) in pairs {
        emit_app(&log);
        declared(amount);
        let recorded = logs();
        let n = recorded.len();
        assert_eq!(recorded[n - 2], recorded[n - 1]);
    }
}
