//! Every message of `StakeAccount`, once for both platforms, on the memory
//! chain with its manager and `Staking` as scripted answers.

use super::*;
use crate::abi::{selector, Call, Word};
use crate::calls::STAKING_PAYMENT;
use crate::memory::{Answer, Chain, THIS};
use alloc::vec;
use lst_core::math::ONE;
use lst_core::validator::ValidatorState;

const MANAGER: Address = [0xDE; 20];
const POOL: Address = [0xA1; 20];
const STAKING: Address = [0x5A; 20];
const VALIDATOR: Address = [0x0F; 20];
const STRANGER: Address = [6; 20];
const NOW: u64 = 1_700_000_000;

fn avax(n: u64) -> U256 {
    U256::from(n) * ONE
}

fn word(account: Address) -> U256 {
    U256::from_be_bytes(account.word())
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    wiring: Wiring,
    delegating: bool,
}

type Account = Chain<State>;

impl Store for Account {
    fn wiring(&self) -> Wiring {
        self.state.wiring
    }
    fn set_wiring(&mut self, wiring: Wiring) {
        self.state.wiring = wiring;
    }
    fn delegating(&self) -> bool {
        self.state.delegating
    }
    fn set_delegating(&mut self) {
        self.state.delegating = true;
    }
}

/// A deployed account; its manager, the pool, `Staking` and the stranger
/// hold AVAX, and each callee answers its functions.
fn deployed() -> Account {
    let mut c = Account::at(NOW);
    init(&mut c, MANAGER, STAKING, VALIDATOR).unwrap();
    for account in [MANAGER, POOL, VALIDATOR, STAKING, STRANGER] {
        c.fund(account, avax(1_000));
    }
    c.answer(MANAGER, "onStakingPayment()", Answer::Words(vec![]));
    c.answer(STAKING, "initializeStakePool(address,address)", Answer::Words(vec![]));
    c.answer(STAKING, "addStake()", Answer::Words(vec![]));
    c.answer(STAKING, "unlock(uint256)", Answer::Words(vec![]));
    c
}

/// An account whose stake pool exists, holding `stake` active.
fn delegating(stake: u64) -> Account {
    let mut c = deployed();
    c.send(MANAGER, avax(stake), on_staking_payment).unwrap();
    staking_holds(&mut c, [avax(stake), U256::ZERO, U256::ZERO, U256::ZERO], ValidatorState::Inactive, 0);
    c
}

/// Scripts what `Staking` says of the account's stake pool.
fn staking_holds(c: &mut Account, buckets: [U256; 4], state: ValidatorState, locked_until: u64) {
    c.answer(STAKING, "getStake(address)", Answer::Words(buckets.to_vec()));
    let stake_pool = vec![U256::from(state as u8), U256::from(locked_until), word(VALIDATOR), word(VALIDATOR)];
    c.answer(STAKING, "stakePool(address)", Answer::Words(stake_pool));
}

#[test]
fn deployment_wires_the_manager_the_pool_staking_and_the_operator() {
    let c = deployed();
    assert_eq!(c.wiring(), Wiring { manager: MANAGER, staking: STAKING, operator: VALIDATOR });
    assert!(!c.delegating());
    assert_eq!(stake_pool(&c), Ok(StakePool::default()));
}

#[test]
fn deployment_with_a_zero_address_is_zero_address() {
    let z = [0; 20];
    for (manager, staking, operator) in [(z, STAKING, VALIDATOR), (MANAGER, z, VALIDATOR), (MANAGER, STAKING, z)] {
        let mut c = Account::at(NOW);
        assert_eq!(init(&mut c, manager, staking, operator), Err(Error::ZeroAddress {}));
    }
}

#[test]
fn the_managers_first_payment_creates_the_stake_pool_run_by_the_operator() {
    let mut c = deployed();
    c.send(MANAGER, avax(10), on_staking_payment).unwrap();
    let expected = Call::new(STAKING, selector("initializeStakePool(address,address)"))
        .arg(&VALIDATOR)
        .arg(&VALIDATOR)
        .with_value(avax(10));
    assert!(c.called(&expected));
    assert!(c.delegating());
    assert_eq!(c.balance(STAKING), avax(1_010));
    assert!(c.emitted(&StakesDelegated { amount: avax(10) }));
}

#[test]
fn the_managers_later_payments_add_to_the_stake_pool() {
    let mut c = delegating(10);
    c.send(MANAGER, avax(5), on_staking_payment).unwrap();
    assert!(c.called(&Call::new(STAKING, selector("addStake()")).with_value(avax(5))));
    assert!(c.emitted(&StakesDelegated { amount: avax(5) }));
}

#[test]
fn a_payment_from_staking_is_taken_as_it_is() {
    let mut c = delegating(10);
    let calls = c.calls.len();
    c.send(STAKING, avax(3), on_staking_payment).unwrap();
    assert_eq!(c.calls.len(), calls);
    assert_eq!(c.balance(THIS), avax(3));
}

#[test]
fn a_payment_from_anyone_else_is_unauthorized() {
    let mut c = deployed();
    for payer in [POOL, VALIDATOR, STRANGER] {
        c.assert_refused(Error::Unauthorized { account: payer }, |c| c.send(payer, avax(1), on_staking_payment));
    }
}

#[test]
fn a_stake_staking_refuses_passes_its_revert_on() {
    let mut c = deployed();
    let refusal = CoreError::StakeAboveMaximum.selector().to_vec();
    c.answer(STAKING, "initializeStakePool(address,address)", Answer::Revert(refusal.clone()));
    c.assert_refused(Error::Revert(refusal), |c| c.send(MANAGER, avax(1), on_staking_payment));
}

#[test]
fn the_manager_unlocks_stake_for_the_queue() {
    let mut c = delegating(10);
    c.call(MANAGER, |c| unlock(c, avax(4))).unwrap();
    assert!(c.called(&Call::new(STAKING, selector("unlock(uint256)")).arg(&avax(4))));
    assert!(c.emitted(&StakesUnlocked { amount: avax(4) }));
}

#[test]
fn an_unlock_from_anyone_else_is_unauthorized() {
    let mut c = delegating(10);
    for caller in [POOL, VALIDATOR, STRANGER] {
        c.assert_refused(Error::Unauthorized { account: caller }, |c| c.call(caller, |c| unlock(c, avax(4))));
    }
}

#[test]
fn an_unlock_staking_refuses_passes_its_revert_on() {
    let mut c = delegating(10);
    let refusal = CoreError::InsufficientStake.selector().to_vec();
    c.answer(STAKING, "unlock(uint256)", Answer::Revert(refusal.clone()));
    c.assert_refused(Error::Revert(refusal), |c| c.call(MANAGER, |c| unlock(c, avax(40))));
}

#[test]
fn withdraw_brings_the_withdrawable_stake_back_to_the_manager() {
    let mut c = delegating(10);
    staking_holds(&mut c, [avax(6), avax(4), U256::ZERO, U256::ZERO], ValidatorState::Inactive, NOW);
    c.answer(STAKING, "withdraw(uint256)", Answer::Paying(vec![], avax(4)));
    let manager_before = c.balance(MANAGER);
    assert_eq!(c.call(STRANGER, withdraw), Ok(avax(4)));
    assert!(c.called(&Call::new(STAKING, selector("withdraw(uint256)")).arg(&avax(4)).reentrant()));
    assert!(c.called(&Call::new(MANAGER, STAKING_PAYMENT).with_value(avax(4))));
    assert_eq!(c.balance(MANAGER), manager_before + avax(4));
    assert_eq!(c.balance(THIS), U256::ZERO);
    assert!(c.emitted(&StakesWithdrawn { amount: avax(4) }));
}

#[test]
fn withdraw_before_the_first_payment_is_zero_amount() {
    let mut c = deployed();
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw));
}

#[test]
fn withdraw_while_the_lockup_runs_is_zero_amount() {
    let mut c = delegating(10);
    staking_holds(&mut c, [avax(6), U256::ZERO, U256::ZERO, avax(4)], ValidatorState::Active, NOW + 1);
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw));
}

#[test]
fn an_unknown_validator_state_counts_as_in_the_set() {
    let mut c = delegating(10);
    staking_holds(&mut c, [U256::ZERO, U256::ZERO, U256::ZERO, avax(4)], ValidatorState::Inactive, 0);
    c.answer(STAKING, "stakePool(address)", Answer::Words(vec![U256::from(9), U256::ZERO, word(VALIDATOR)]));
    assert_eq!(stake_pool(&c).map(|p| p.state), Ok(ValidatorState::Active));
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw));
}
