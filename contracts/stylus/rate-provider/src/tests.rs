//! What is Stylus's own in the feed (every message's behaviour and refusal
//! is tested once, in `lst_app::rate_provider` and `lst_app::timelock`):
//! the entry points reach the app layer, the logs are the events the ABI
//! declares (the timelock's included), refusals revert with the ABI's error
//! data, ownership is OpenZeppelin's two-step transfer, and the storage
//! keeps a token's clocks where the test support rewinds them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::{keccak256, uint};
use alloy_sol_types::{SolCall, SolError};
use lst_core::math::ONE;
use lst_core::policy::DEFAULT_MIN_INTERVAL_SECS;
use lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY;
use lst_stylus_common::timelock::{ChangeCancelled, ChangeExecuted, ChangeScheduled};
use motsu::prelude::*;

const RATIO: U256 = uint!(950_000_000_000_000_000_U256);
/// 0.1% below RATIO: the largest allowed step down.
const STEP: U256 = uint!(949_050_000_000_000_000_U256);

mod setters {
    #![allow(missing_docs)]
    alloy_sol_types::sol! {
        function setRatioUpdater(address token, address updater);
    }
}

fn deployed(feed: &Contract<RateProvider>, admin: Address, oracle: Address, token: Address) {
    feed.sender(admin).constructor(admin, DELAY).unwrap();
    feed.sender(admin).register_token(token, RATIO, oracle).unwrap();
}

fn data(result: Result<impl core::fmt::Debug, Error>) -> Vec<u8> {
    Vec::<u8>::from(result.unwrap_err())
}

#[motsu::test]
fn the_entry_points_run_the_app_layers_messages_and_log_the_declared_events(
    feed: Contract<RateProvider>,
    admin: Address,
    oracle: Address,
    token: Address,
) {
    deployed(&feed, admin, oracle, token);
    feed.assert_emitted(&TokenRegistered { token, ratio: RATIO });
    feed.assert_emitted(&RatioUpdaterSet { token, updater: oracle });
    feed.sender(admin).set_primary_token(token).unwrap();
    feed.assert_emitted(&PrimaryTokenSet { token });
    assert_eq!(feed.sender(oracle).ratio().unwrap(), RATIO);
    assert_eq!(feed.sender(oracle).get_rate().unwrap(), lst_core::math::rate_from_ratio(RATIO).unwrap());
    feed.sender(admin).rewind_clocks(token, DEFAULT_MIN_INTERVAL_SECS);
    feed.sender(oracle).update_ratio(token, STEP).unwrap();
    feed.assert_emitted(&RatioUpdated { token, oldRatio: RATIO, newRatio: STEP });
    assert_eq!(feed.sender(oracle).get_ratio_for(token).unwrap(), STEP);
    feed.sender(admin).set_ratio_policy(token, 5, DEFAULT_MIN_INTERVAL_SECS, 50).unwrap();
    feed.assert_emitted(&RatioPolicyChanged {
        token,
        thresholdBps: 5,
        minIntervalSecs: DEFAULT_MIN_INTERVAL_SECS,
        maxRepairBps: 50,
    });
    assert_eq!(feed.sender(oracle).ratio_policy(token).unwrap(), (5, DEFAULT_MIN_INTERVAL_SECS, 50));
    assert_eq!(feed.sender(oracle).ratio_updater(token).unwrap(), oracle);
    assert_eq!(feed.sender(oracle).primary_token_address(), token);
    assert!(feed.sender(oracle).last_updated(token).unwrap() > U256::ZERO);
}

#[motsu::test]
fn a_scheduled_change_logs_the_timelocks_events(
    feed: Contract<RateProvider>,
    admin: Address,
    oracle: Address,
    token: Address,
    next: Address,
) {
    deployed(&feed, admin, oracle, token);
    assert_eq!(feed.sender(admin).change_delay(), U256::from(DELAY));
    let key = lst_stylus_common::timelock::key(setters::setRatioUpdaterCall::SELECTOR, token);
    feed.sender(admin).set_ratio_updater(token, next).unwrap();
    let (value, at) = feed.sender(admin).pending_change(key);
    assert_eq!(value, next.into_word());
    feed.assert_emitted(&ChangeScheduled { key, value: next.into_word(), executableAt: at });
    feed.sender(admin).cancel_change(key).unwrap();
    feed.assert_emitted(&ChangeCancelled { key, value: next.into_word() });
    feed.sender(admin).set_ratio_updater(token, next).unwrap();
    feed.sender(admin).changes.rewind(key, DELAY);
    feed.sender(admin).set_ratio_updater(token, next).unwrap();
    feed.assert_emitted(&ChangeExecuted { key, value: next.into_word() });
    assert_eq!(feed.sender(admin).ratio_updater(token).unwrap(), next);
}

#[motsu::test]
fn refusals_revert_with_the_abis_error_data(
    feed: Contract<RateProvider>,
    admin: Address,
    oracle: Address,
    token: Address,
    stranger: Address,
) {
    deployed(&feed, admin, oracle, token);
    assert_eq!(data(feed.sender(oracle).update_ratio(token, ONE)), keccak256("RatioIncrease()")[..4].to_vec());
    assert_eq!(data(feed.sender(oracle).ratio()), PrimaryTokenNotSet {}.abi_encode());
    assert_eq!(data(feed.sender(oracle).get_ratio_for(stranger)), UnknownToken { token: stranger }.abi_encode());
    let not_updater = NotRatioUpdater { token, account: stranger }.abi_encode();
    assert_eq!(data(feed.sender(stranger).update_ratio(token, STEP)), not_updater);
    assert_eq!(data(feed.sender(oracle).update_ratios(vec![token], vec![])), LengthMismatch {}.abi_encode());
    let unauthorized = openzeppelin_stylus::access::ownable::OwnableUnauthorizedAccount { account: stranger };
    assert_eq!(data(feed.sender(stranger).set_primary_token(token)), unauthorized.abi_encode());
}

#[motsu::test]
fn ownership_moves_in_two_steps_and_the_new_owner_runs_the_feed(
    feed: Contract<RateProvider>,
    admin: Address,
    oracle: Address,
    token: Address,
    next: Address,
) {
    deployed(&feed, admin, oracle, token);
    feed.sender(admin).transfer_ownership(next).unwrap();
    assert_eq!((feed.sender(next).owner(), feed.sender(next).pending_owner()), (admin, next));
    feed.sender(next).accept_ownership().unwrap();
    feed.sender(next).set_primary_token(token).unwrap();
    let refused = data(feed.sender(admin).set_primary_token(token));
    let unauthorized = openzeppelin_stylus::access::ownable::OwnableUnauthorizedAccount { account: admin };
    assert_eq!(refused, unauthorized.abi_encode());
}

#[motsu::test]
fn a_refused_call_changes_nothing(feed: Contract<RateProvider>, admin: Address, oracle: Address, token: Address) {
    deployed(&feed, admin, oracle, token);
    feed.sender(admin).rewind_clocks(token, DEFAULT_MIN_INTERVAL_SECS);
    let before = feed.sender(oracle).last_updated(token).unwrap();
    feed.sender(oracle).update_ratios(vec![token, admin], vec![STEP, STEP]).motsu_unwrap_err();
    assert_eq!(
        (feed.sender(oracle).get_ratio_for(token).unwrap(), feed.sender(oracle).last_updated(token).unwrap()),
        (RATIO, before)
    );
}
