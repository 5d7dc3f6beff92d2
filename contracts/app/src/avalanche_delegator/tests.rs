//! Every message of `AvalancheDelegator`, once for both platforms, on the
//! memory chain with the pool, `Staking` and the feed as scripted answers.

use super::*;
use crate::abi::{selector, Call, Word};
use crate::calls::STAKING_PAYMENT;
use crate::memory::{abi_items, Answer, Chain, THIS};
use alloc::vec;
use lst_core::math::ONE;

const POOL: Address = [0xA1; 20];
const STAKING: Address = [0x5A; 20];
const VALIDATOR: Address = [0x0F; 20];
const POOL_OPERATOR: Address = [0x0E; 20];
const FEED: Address = [0xFE; 20];
const CERT: Address = [0xCE; 20];
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

type Delegator = Chain<State>;

impl Store for Delegator {
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

/// A deployed delegator; the pool, `Staking` and the stranger hold AVAX,
/// and each callee answers its functions.
fn deployed() -> Delegator {
    let mut c = Delegator::at(NOW);
    init(&mut c, POOL, STAKING, VALIDATOR).unwrap();
    for account in [POOL, STAKING, STRANGER] {
        c.fund(account, avax(1_000));
    }
    c.answer(POOL, "operator()", Answer::Words(vec![word(POOL_OPERATOR)]));
    c.answer(POOL, "onStakingPayment()", Answer::Words(vec![]));
    c.answer(POOL, "reportRewards(uint256)", Answer::Words(vec![]));
    c.answer(STAKING, "initializeStakePool(address,address)", Answer::Words(vec![]));
    c.answer(STAKING, "addStake()", Answer::Words(vec![]));
    c.answer(STAKING, "unlock(uint256)", Answer::Words(vec![]));
    c
}

/// A delegator whose stake pool exists, holding `stake` active.
fn delegating(stake: u64) -> Delegator {
    let mut c = deployed();
    c.send(POOL, avax(stake), on_staking_payment).unwrap();
    staking_holds(&mut c, [avax(stake), U256::ZERO, U256::ZERO, U256::ZERO], ValidatorState::Inactive, 0);
    c
}

/// Scripts what `Staking` says of the delegator's stake pool.
fn staking_holds(c: &mut Delegator, buckets: [U256; 4], state: ValidatorState, locked_until: u64) {
    c.answer(STAKING, "getStake(address)", Answer::Words(buckets.to_vec()));
    let stake_pool = vec![U256::from(state as u8), U256::from(locked_until), word(VALIDATOR), word(VALIDATOR)];
    c.answer(STAKING, "stakePool(address)", Answer::Words(stake_pool));
}

/// Scripts the pool's ledger and the feed: `pooled` AVAX besides what the
/// pool holds, for as many shares, nothing owed, a 10% fee, a ratio of one
/// and a 10% bound.
fn pool_accounts(c: &mut Delegator, pooled: U256) {
    let pooled = pooled + c.balance(POOL);
    c.answer(POOL, "totalPooledAvax()", Answer::Words(vec![pooled]));
    c.answer(POOL, "totalShares()", Answer::Words(vec![pooled]));
    c.answer(POOL, "owedToQueue()", Answer::Words(vec![U256::ZERO]));
    c.answer(POOL, "feeBps()", Answer::Words(vec![U256::from(1_000)]));
    c.answer(POOL, "contracts()", Answer::Words(vec![word(FEED), word(CERT)]));
    c.answer(FEED, "getRatioFor(address)", Answer::Words(vec![ONE]));
    c.answer(FEED, "ratioPolicy(address)", Answer::Words(vec![U256::from(1_000)]));
}

// --- deployment ---

#[test]
fn deployment_wires_the_pool_staking_and_the_validator_operator() {
    let c = deployed();
    assert_eq!(c.wiring(), Wiring { pool: POOL, staking: STAKING, validator_operator: VALIDATOR });
    assert!(!c.delegating());
}

#[test]
fn deployment_with_a_zero_address_is_zero_address() {
    for (pool, staking, operator) in
        [([0; 20], STAKING, VALIDATOR), (POOL, [0; 20], VALIDATOR), (POOL, STAKING, [0; 20])]
    {
        let mut c = Delegator::at(NOW);
        assert_eq!(init(&mut c, pool, staking, operator), Err(Error::ZeroAddress {}));
    }
}

// --- onStakingPayment ---

#[test]
fn the_pools_first_payment_creates_the_stake_pool_run_by_the_validator_operator() {
    let mut c = deployed();
    c.send(POOL, avax(10), on_staking_payment).unwrap();
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
fn the_pools_later_payments_add_to_the_stake_pool() {
    let mut c = delegating(10);
    c.send(POOL, avax(5), on_staking_payment).unwrap();
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
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| c.send(STRANGER, avax(1), on_staking_payment));
}

#[test]
fn a_stake_pool_staking_refuses_passes_its_revert_on() {
    let mut c = deployed();
    let refusal = lst_core::CoreError::StakeAboveMaximum.selector().to_vec();
    c.answer(STAKING, "initializeStakePool(address,address)", Answer::Revert(refusal.clone()));
    c.assert_refused(Error::Revert(refusal), |c| c.send(POOL, avax(1), on_staking_payment));
}

// --- unlockStakes ---

#[test]
fn the_pools_operator_unlocks_stake_for_the_queue() {
    let mut c = delegating(10);
    c.call(POOL_OPERATOR, |c| unlock_stakes(c, avax(4))).unwrap();
    assert!(c.called(&Call::new(STAKING, selector("unlock(uint256)")).arg(&avax(4))));
    assert!(c.emitted(&StakesUnlocked { amount: avax(4) }));
}

#[test]
fn an_unlock_from_anyone_else_is_unauthorized() {
    let mut c = delegating(10);
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| c.call(STRANGER, |c| unlock_stakes(c, avax(4))));
}

#[test]
fn an_unlock_staking_refuses_passes_its_revert_on() {
    let mut c = delegating(10);
    let refusal = lst_core::CoreError::InsufficientStake.selector().to_vec();
    c.answer(STAKING, "unlock(uint256)", Answer::Revert(refusal.clone()));
    c.assert_refused(Error::Revert(refusal), |c| c.call(POOL_OPERATOR, |c| unlock_stakes(c, avax(40))));
}

// --- withdrawStakes ---

#[test]
fn withdraw_stakes_brings_the_withdrawable_stake_back_to_the_pool() {
    let mut c = delegating(10);
    staking_holds(&mut c, [avax(6), avax(4), U256::ZERO, U256::ZERO], ValidatorState::Inactive, NOW);
    c.answer(STAKING, "withdraw(uint256)", Answer::Paying(vec![], avax(4)));
    let pool_before = c.balance(POOL);
    assert_eq!(c.call(STRANGER, withdraw_stakes), Ok(avax(4)));
    assert!(c.called(&Call::new(STAKING, selector("withdraw(uint256)")).arg(&avax(4)).reentrant()));
    assert!(c.called(&Call::new(POOL, STAKING_PAYMENT).with_value(avax(4))));
    assert_eq!(c.balance(POOL), pool_before + avax(4));
    assert_eq!(c.balance(THIS), U256::ZERO);
    assert!(c.emitted(&StakesWithdrawn { amount: avax(4) }));
}

#[test]
fn withdraw_stakes_before_the_first_payment_is_zero_amount() {
    let mut c = deployed();
    c.assert_refused(lst_core::CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw_stakes));
}

#[test]
fn withdraw_stakes_while_the_lockup_runs_is_zero_amount() {
    let mut c = delegating(10);
    staking_holds(&mut c, [avax(6), U256::ZERO, U256::ZERO, avax(4)], ValidatorState::Active, NOW + 1);
    c.assert_refused(lst_core::CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw_stakes));
}

#[test]
fn an_unknown_validator_state_counts_as_in_the_set() {
    let mut c = delegating(10);
    staking_holds(&mut c, [avax(6), U256::ZERO, U256::ZERO, avax(4)], ValidatorState::Inactive, NOW);
    c.answer(
        STAKING,
        "stakePool(address)",
        Answer::Words(vec![U256::from(9), U256::from(NOW), word(VALIDATOR), word(VALIDATOR)]),
    );
    // Outside the set the unlocking 4 AVAX would be withdrawable now.
    c.assert_refused(lst_core::CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw_stakes));
}

// --- reportRewards, measuredRewards ---

/// The report the core makes of 110 AVAX staked for 100 pooled, beside
/// `held` in the pool.
fn expected_report(held: U256) -> (U256, MeasuredReport) {
    let ledger = PoolLedger { pooled_assets: avax(100) + held, supply_shares: avax(100) + held };
    ledger.measure(avax(110) + held, U256::ZERO, 1_000, ONE, 1_000).unwrap()
}

#[test]
fn report_rewards_reports_the_measured_growth_to_the_pool() {
    let mut c = delegating(110);
    pool_accounts(&mut c, avax(100));
    let (growth, report) = expected_report(c.balance(POOL));
    assert_eq!(growth, avax(10));
    assert_eq!(measured_rewards(&c), Ok((growth, report.reported, report.carried)));
    c.call(STRANGER, report_rewards).unwrap();
    assert!(c.called(&Call::new(POOL, selector("reportRewards(uint256)")).arg(&report.reported)));
    assert!(c.emitted(&RewardsMeasured { growth, reported: report.reported, carried: report.carried }));
}

#[test]
fn report_rewards_counts_what_the_pool_and_the_delegator_hold() {
    let mut c = delegating(100);
    pool_accounts(&mut c, avax(100));
    c.fund(THIS, avax(4));
    assert_eq!(measured_rewards(&c).unwrap().0, avax(4));
}

#[test]
fn report_rewards_without_growth_is_no_rewards_to_report() {
    let mut c = delegating(100);
    pool_accounts(&mut c, avax(100));
    c.assert_refused(lst_core::CoreError::NoRewardsToReport, |c| c.call(STRANGER, report_rewards));
}

#[test]
fn a_report_the_pool_refuses_passes_its_revert_on() {
    let mut c = delegating(110);
    pool_accounts(&mut c, avax(100));
    let paused = crate::abi::selector("EnforcedPause()").to_vec();
    c.answer(POOL, "reportRewards(uint256)", Answer::Revert(paused.clone()));
    c.assert_refused(Error::Revert(paused), |c| c.call(STRANGER, report_rewards));
}

#[test]
fn a_view_answer_too_short_is_call_return_malformed() {
    let mut c = delegating(110);
    pool_accounts(&mut c, avax(100));
    c.answer(POOL, "feeBps()", Answer::Words(vec![]));
    assert_eq!(measured_rewards(&c), Err(Error::CallReturnMalformed {}));
    c.assert_refused(Error::CallReturnMalformed {}, |c| c.call(STRANGER, report_rewards));
}

#[test]
fn every_event_the_messages_log_is_declared_in_the_abi() {
    use crate::abi::Event;
    let declared = abi_items("AvalancheDelegator", "event");
    for signature in
        [StakesDelegated::SIGNATURE, StakesUnlocked::SIGNATURE, StakesWithdrawn::SIGNATURE, RewardsMeasured::SIGNATURE]
    {
        assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/AvalancheDelegator.json");
    }
    assert_eq!(declared.len(), 4, "an event of the ABI the app layer does not log");
}

#[test]
fn every_named_error_the_messages_raise_is_declared_in_the_abi() {
    let declared = abi_items("AvalancheDelegator", "error");
    for error in [Error::Unauthorized { account: STRANGER }, Error::ZeroAddress {}, Error::CallReturnMalformed {}] {
        let signature = error.signature().unwrap();
        assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/AvalancheDelegator.json");
    }
}
