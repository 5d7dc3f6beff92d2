//! What is Stylus's own in `StakeAccount` (every message's behaviour and
//! refusal is tested once, in `lst_app::stake_account`), with a real
//! `Staking` beside it: the entry points reach the app layer, its calls
//! reach `Staking` and `Staking`'s payment comes back into `withdraw` (the
//! reentrant build), the logs are the declared events, and refusals revert
//! with the ABI's error data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_sol_types::SolError;
use lst_core::{math::ONE, CoreError};
use lst_staking::Staking;
use lst_stylus_common::test_accounts::Wallet;
use lst_stylus_common::Unauthorized;
use motsu::prelude::*;

fn avax(n: u64) -> U256 {
    U256::from(n) * ONE
}

struct Suite {
    staking: Contract<Staking>,
    account: Contract<StakeAccount>,
    /// Stands for the delegator: pays the account and takes stake back.
    manager: Contract<Wallet>,
    operator: Address,
    stranger: Address,
}

impl Suite {
    fn new() -> Self {
        let s = Suite {
            staking: Contract::new(),
            account: Contract::new(),
            manager: Contract::new(),
            operator: Address::with_last_byte(0x7a),
            stranger: Address::with_last_byte(6),
        };
        let governance = Address::with_last_byte(1);
        s.staking.sender(governance).constructor(governance, governance, 86_400).unwrap();
        s.account.sender(s.stranger).constructor(s.manager.address(), s.staking.address(), s.operator).unwrap();
        s.manager.address().fund(avax(100));
        s.stranger.fund(avax(100));
        s
    }

    fn stake(&self, amount: U256) {
        self.account.sender_and_value(self.manager.address(), amount).on_staking_payment().unwrap();
    }

    fn buckets(&self) -> (U256, U256, U256, U256) {
        self.staking.sender(self.stranger).get_stake(self.account.address()).unwrap()
    }
}

fn reverts_with(result: Result<impl core::fmt::Debug, Failure>, data: Vec<u8>) {
    match result.motsu_res() {
        Err(e) => assert_eq!(Vec::<u8>::from(e), data),
        other => panic!("expected a revert, got {other:?}"),
    }
}

#[motsu::test]
fn the_constructor_records_the_wiring() {
    let s = Suite::new();
    let wiring = s.account.sender(s.stranger).wiring();
    assert_eq!(wiring, (s.manager.address(), s.staking.address(), s.operator));
}

#[motsu::test]
fn the_managers_first_payment_creates_the_stake_pool_run_by_the_operator() {
    let s = Suite::new();
    s.stake(avax(6));
    assert_eq!(s.buckets(), (avax(6), U256::ZERO, U256::ZERO, U256::ZERO));
    let (_, _, operator, voter, _, _) = s.staking.sender(s.stranger).stake_pool(s.account.address()).unwrap();
    assert_eq!((operator, voter), (s.operator, s.operator));
    s.account.assert_emitted(&StakesDelegated { amount: avax(6) });
    s.stake(avax(4));
    assert_eq!(s.buckets().0, avax(10));
}

#[motsu::test]
fn a_payment_from_anyone_but_the_manager_or_staking_reverts_with_unauthorized() {
    let s = Suite::new();
    let refused = s.account.sender_and_value(s.stranger, avax(1)).on_staking_payment();
    reverts_with(refused, Unauthorized { account: s.stranger }.abi_encode());
    assert_eq!(s.account.balance(), U256::ZERO);
}

#[motsu::test]
fn the_manager_unlocks_and_anyone_withdraws_the_stake_back_to_the_manager() {
    let s = Suite::new();
    s.stake(avax(10));
    reverts_with(s.account.sender(s.stranger).unlock(avax(4)), Unauthorized { account: s.stranger }.abi_encode());
    s.account.sender(s.manager.address()).unlock(avax(4)).unwrap();
    s.account.assert_emitted(&StakesUnlocked { amount: avax(4) });
    let before = s.manager.balance();
    // Outside the validator set with its lockup over: withdrawable at once.
    assert_eq!(s.account.sender(s.stranger).withdraw().unwrap(), avax(4));
    assert_eq!(s.manager.balance(), before + avax(4));
    assert_eq!(s.account.balance(), U256::ZERO);
    s.account.assert_emitted(&StakesWithdrawn { amount: avax(4) });
    assert_eq!(s.buckets(), (avax(6), U256::ZERO, U256::ZERO, U256::ZERO));
}

#[motsu::test]
fn a_withdrawal_with_nothing_withdrawable_reverts_with_zero_amount() {
    let s = Suite::new();
    reverts_with(s.account.sender(s.stranger).withdraw(), CoreError::ZeroAmount.selector().to_vec());
}

#[motsu::test]
fn an_unlock_staking_refuses_reverts_with_stakings_error() {
    let s = Suite::new();
    s.stake(avax(10));
    let refused = s.account.sender(s.manager.address()).unlock(avax(11));
    reverts_with(refused, CoreError::InsufficientStake.selector().to_vec());
}
