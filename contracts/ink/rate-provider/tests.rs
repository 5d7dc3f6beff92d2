//! What is ink!'s own in the feed (every message's behaviour and refusal is
//! tested once, in `lst_app::rate_provider` and `lst_app::timelock`): the
//! messages reach the app layer, the logs are those of the `#[ink(event)]`
//! declarations cargo-contract lists, refusals revert with the ABI's error
//! data, and the ownership and timelock messages the attribute macros write
//! work with the app layer's owner check and scheduled changes.

use crate::rate_provider::*;
use ink::{Address, U256};
use lst_ink_common::{
    testing::{account, assert_logged, call_as, revert_data, set_time},
    Bytes32, Error,
};

const E18: u128 = 1_000_000_000_000_000_000;
const DELAY: u64 = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS;
const T0: u64 = 1_000;

fn owner() -> Address {
    account(1)
}
fn oracle() -> Address {
    account(2)
}
fn stranger() -> Address {
    account(3)
}
fn token() -> Address {
    account(10)
}

/// 0.1% below one: the largest allowed step down.
fn step() -> U256 {
    U256::from(E18 - E18 / 1_000)
}

/// A feed owned by `owner()`, `token()` registered at one as primary and
/// updated by `oracle()`.
fn feed() -> RateProvider {
    set_time(T0);
    call_as(owner());
    let mut feed = RateProvider::new(owner(), DELAY).unwrap();
    feed.register_token(token(), U256::from(E18), oracle()).unwrap();
    feed.set_primary_token(token()).unwrap();
    feed
}

#[ink::test]
fn the_messages_run_the_app_layer_and_log_the_declared_events() {
    let mut f = feed();
    assert_logged(TokenRegistered { token: token(), ratio: U256::from(E18) });
    assert_logged(RatioUpdaterSet { token: token(), updater: oracle() });
    assert_logged(PrimaryTokenSet { token: token() });
    assert_eq!(f.ratio(), Ok(U256::from(E18)));
    assert_eq!(f.get_rate(), Ok(U256::from(E18)));
    set_time(T0 + lst_core::policy::DEFAULT_MIN_INTERVAL_SECS);
    call_as(oracle());
    f.update_ratio(token(), step()).unwrap();
    assert_logged(RatioUpdated { token: token(), oldRatio: U256::from(E18), newRatio: step() });
    call_as(owner());
    f.set_ratio_policy(token(), 5, lst_core::policy::DEFAULT_MIN_INTERVAL_SECS, 50).unwrap();
    assert_logged(RatioPolicyChanged {
        token: token(),
        thresholdBps: 5,
        minIntervalSecs: lst_core::policy::DEFAULT_MIN_INTERVAL_SECS,
        maxRepairBps: 50,
    });
    assert_eq!(f.ratio_policy(token()), Ok((5, lst_core::policy::DEFAULT_MIN_INTERVAL_SECS, 50)));
    assert_eq!((f.ratio_updater(token()), f.primary_token_address()), (Ok(oracle()), token()));
}

#[ink::test]
fn a_scheduled_change_logs_the_timelocks_declared_events() {
    use lst_ink_common::timelock::{ChangeCancelled, ChangeScheduled};
    let mut f = feed();
    let key = lst_ink_common::timelock::key(lst_ink_common::selector!("setRatioUpdater(address,address)"), token());
    f.set_ratio_updater(token(), stranger()).unwrap();
    let (value, at) = f.pending_change(key);
    assert_eq!(at, U256::from(T0 + DELAY));
    assert_logged(ChangeScheduled { key, value, executableAt: at });
    f.cancel_change(key).unwrap();
    assert_logged(ChangeCancelled { key, value });
    assert_eq!(f.pending_change(key), (Bytes32::from([0u8; 32]), U256::zero()));
    assert_eq!(f.change_delay(), U256::from(DELAY));
}

#[ink::test]
fn refusals_revert_with_the_abis_error_revert_data() {
    let mut f = feed();
    call_as(stranger());
    let refused = f.update_ratio(token(), step()).unwrap_err();
    assert_eq!(revert_data(refused), Error::NotRatioUpdater { token: token(), account: stranger() }.encode());
    let refused = f.set_primary_token(token()).unwrap_err();
    assert_eq!(revert_data(refused), Error::OwnableUnauthorizedAccount { account: stranger() }.encode());
    let refused = f.get_ratio_for(stranger()).unwrap_err();
    assert_eq!(revert_data(refused), Error::UnknownToken { token: stranger() }.encode());
}

#[ink::test]
fn the_new_owner_of_the_two_step_transfer_runs_the_feed() {
    let mut f = feed();
    f.transfer_ownership(stranger()).unwrap();
    call_as(stranger());
    f.accept_ownership().unwrap();
    f.set_primary_token(token()).unwrap();
    call_as(owner());
    let refused = f.set_primary_token(token()).unwrap_err();
    assert_eq!(revert_data(refused), Error::OwnableUnauthorizedAccount { account: owner() }.encode());
}
