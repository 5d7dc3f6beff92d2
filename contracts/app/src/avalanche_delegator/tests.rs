//! Every message of `AvalancheDelegator`, once for both platforms, on the
//! memory chain with the pool, `Staking`, the feed and three stake
//! accounts as scripted answers.

use super::*;
use crate::abi::{selector, Call, Word};
use crate::calls::STAKING_PAYMENT;
use crate::memory::{abi_items, Answer, Chain, Changes, THIS};
use alloc::vec;
use lst_core::math::ONE;
use lst_core::validator::{StakingConfig, ValidatorState};

const POOL: Address = [0xA1; 20];
const STAKING: Address = [0x5A; 20];
const OWNER: Address = [0x0A; 20];
const POOL_OPERATOR: Address = [0x0E; 20];
const FEED: Address = [0xFE; 20];
const CERT: Address = [0xCE; 20];
const STRANGER: Address = [6; 20];
const A1: Address = [0xB1; 20];
const A2: Address = [0xB2; 20];
const A3: Address = [0xB3; 20];
const FOREIGN: Address = [0xBF; 20];
const NOW: u64 = 1_700_000_000;
const DAY: u64 = 86_400;

fn avax(n: u64) -> U256 {
    U256::from(n) * ONE
}

fn word(account: Address) -> U256 {
    U256::from_be_bytes(account.word())
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    changes: Changes,
    wiring: Wiring,
    members: Vec<Member>,
    delegating: bool,
}

crate::memory::parts!(State: changes);

type Delegator = Chain<State>;

impl Store for Delegator {
    fn wiring(&self) -> Wiring {
        self.state.wiring
    }
    fn set_wiring(&mut self, wiring: Wiring) {
        self.state.wiring = wiring;
    }
    fn member_count(&self) -> u32 {
        self.state.members.len() as u32
    }
    fn member(&self, index: u32) -> Option<Member> {
        self.state.members.get(index as usize).copied()
    }
    fn set_member(&mut self, index: u32, member: Member) {
        self.state.members[index as usize] = member;
    }
    fn push_member(&mut self, member: Member) {
        self.state.members.push(member);
    }
    fn pop_member(&mut self) {
        self.state.members.pop();
    }
    fn delegating(&self) -> bool {
        self.state.delegating
    }
    fn set_delegating(&mut self) {
        self.state.delegating = true;
    }
}

/// Scripts what `Staking` says of `account`'s stake pool: its buckets
/// (active, inactive, pending_active, pending_inactive), state and lockup.
fn staking_holds(c: &mut Delegator, account: Address, buckets: [u64; 4], state: ValidatorState, locked_until: u64) {
    let words = buckets.iter().map(|&b| avax(b)).collect();
    c.answer_for(STAKING, "getStake(address)", account, Answer::Words(words));
    let pool = vec![U256::from(state as u8), U256::from(locked_until), word(account), word(account)];
    c.answer_for(STAKING, "stakePool(address)", account, Answer::Words(pool));
}

/// A deployed delegator with no validator yet; the pool, `Staking` and the
/// stranger hold AVAX, and each callee answers its functions. `Staking`'s
/// set has no voting power (no joining limit) and the local configuration.
fn deployed() -> Delegator {
    let mut c = Delegator::at(NOW);
    init(&mut c, POOL, STAKING, DAY).unwrap();
    for account in [POOL, STAKING, STRANGER, A1, A2, A3] {
        c.fund(account, avax(1_000));
    }
    c.answer(POOL, "owner()", Answer::Words(vec![word(OWNER)]));
    c.answer(POOL, "operator()", Answer::Words(vec![word(POOL_OPERATOR)]));
    c.answer(POOL, "onStakingPayment()", Answer::Words(vec![]));
    c.answer(POOL, "reportRewards(uint256)", Answer::Words(vec![]));
    for account in [A1, A2, A3] {
        c.answer(account, "wiring()", Answer::Words(vec![word(THIS), word(STAKING), word(account)]));
        c.answer(account, "onStakingPayment()", Answer::Words(vec![]));
        c.answer(account, "unlock(uint256)", Answer::Words(vec![]));
    }
    c.answer(FOREIGN, "wiring()", Answer::Words(vec![word(STRANGER), word(STAKING), word(FOREIGN)]));
    // No stake pool until an account's first stake.
    let missing = CoreError::StakePoolNotFound.selector().to_vec();
    c.answer(STAKING, "getStake(address)", Answer::Revert(missing.clone()));
    c.answer(STAKING, "stakePool(address)", Answer::Revert(missing));
    c.answer(STAKING, "epochInfo()", Answer::Words(vec![U256::ZERO; 6]));
    let k = StakingConfig::LOCAL;
    c.answer(
        STAKING,
        "stakingConfig()",
        Answer::Words(vec![
            k.minimum_stake,
            k.maximum_stake,
            U256::from(k.recurring_lockup_secs),
            k.rewards_rate,
            k.rewards_rate_denominator,
            U256::from(k.epoch_duration_secs),
            U256::from(k.max_validator_set_size),
            U256::from(k.voting_power_increase_limit_bps),
            U256::from(k.max_commission_bps),
            U256::from(k.performance_floor_bps),
        ]),
    );
    c
}

/// A delegator whose set is the three accounts, added before anything was
/// delegated.
fn with_set() -> Delegator {
    let mut c = deployed();
    for account in [A1, A2, A3] {
        c.call(OWNER, |c| add_validator(c, account)).unwrap();
    }
    c
}

/// The set staking `stakes` (active, outside `Staking`'s validator set),
/// something delegated already.
fn staked(stakes: [u64; 3]) -> Delegator {
    let mut c = with_set();
    c.state.delegating = true;
    for (account, stake) in [A1, A2, A3].into_iter().zip(stakes) {
        staking_holds(&mut c, account, [stake, 0, 0, 0], ValidatorState::Inactive, 0);
    }
    c
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

fn member(account: Address, retiring: bool) -> Member {
    Member { account, retiring }
}

// --- deployment ---

#[test]
fn deployment_wires_the_pool_and_staking_and_starts_with_an_empty_set() {
    let c = deployed();
    assert_eq!(c.wiring(), Wiring { pool: POOL, staking: STAKING });
    assert!(validators(&c).is_empty());
    assert_eq!(timelock::Store::delay(&c), DAY);
}

#[test]
fn deployment_with_a_zero_address_is_zero_address() {
    for (pool, staking) in [([0; 20], STAKING), (POOL, [0; 20])] {
        let mut c = Delegator::at(NOW);
        assert_eq!(init(&mut c, pool, staking, DAY), Err(Error::ZeroAddress {}));
    }
}

#[test]
fn deployment_with_a_change_delay_out_of_range_is_refused() {
    let mut c = Delegator::at(NOW);
    assert_eq!(init(&mut c, POOL, STAKING, 60), Err(Error::Core(CoreError::ChangeDelayOutOfRange)));
}

// --- the set ---

#[test]
fn validators_added_before_anything_was_delegated_join_at_once() {
    let c = with_set();
    assert_eq!(validators(&c), vec![A1, A2, A3]);
    assert!(c.emitted(&ValidatorAdded { account: A2 }));
    assert_eq!(is_retiring(&c, A2), Ok(false));
}

#[test]
fn a_validator_added_later_is_scheduled_and_joins_after_the_delay() {
    let mut c = deployed();
    c.call(OWNER, |c| add_validator(c, A1)).unwrap();
    c.state.delegating = true;
    c.call(OWNER, |c| add_validator(c, A2)).unwrap();
    assert_eq!(validators(&c), vec![A1], "scheduled, not added");
    c.advance(DAY);
    c.call(OWNER, |c| add_validator(c, A2)).unwrap();
    assert_eq!(validators(&c), vec![A1, A2]);
}

#[test]
fn an_addition_from_anyone_but_the_pools_owner_is_unauthorized() {
    let mut c = deployed();
    for caller in [POOL_OPERATOR, STRANGER, A1] {
        c.assert_refused(Error::Unauthorized { account: caller }, |c| c.call(caller, |c| add_validator(c, A1)));
    }
}

#[test]
fn an_account_another_delegator_manages_is_invalid_role_account() {
    let mut c = deployed();
    c.assert_refused(CoreError::InvalidRoleAccount, |c| c.call(OWNER, |c| add_validator(c, FOREIGN)));
}

#[test]
fn a_validator_added_twice_is_already_in_validator_set() {
    let mut c = with_set();
    c.assert_refused(CoreError::AlreadyInValidatorSet, |c| c.call(OWNER, |c| add_validator(c, A1)));
}

#[test]
fn a_validator_past_the_sets_cap_is_validator_set_full() {
    let mut c = deployed();
    c.state.members = (0..MAX_VALIDATORS as u8).map(|i| member([0xC0 + i; 20], false)).collect();
    c.assert_refused(CoreError::ValidatorSetFull, |c| c.call(OWNER, |c| add_validator(c, A1)));
}

#[test]
fn a_retirement_is_scheduled_then_unlocks_all_the_validators_active_stake() {
    let mut c = staked([10, 20, 30]);
    c.call(OWNER, |c| retire_validator(c, A2)).unwrap();
    assert_eq!(is_retiring(&c, A2), Ok(false), "scheduled");
    c.advance(DAY);
    c.call(OWNER, |c| retire_validator(c, A2)).unwrap();
    assert_eq!(is_retiring(&c, A2), Ok(true));
    assert!(c.called(&Call::new(A2, selector("unlock(uint256)")).arg(&avax(20))));
    assert!(c.emitted(&ValidatorRetired { account: A2, unlocked: avax(20) }));
}

#[test]
fn a_retirement_of_a_validator_outside_the_set_or_retiring_is_not_in_validator_set() {
    let mut c = staked([10, 20, 30]);
    c.assert_refused(CoreError::NotInValidatorSet, |c| c.call(OWNER, |c| retire_validator(c, FOREIGN)));
    c.state.members[0].retiring = true;
    c.assert_refused(CoreError::NotInValidatorSet, |c| c.call(OWNER, |c| retire_validator(c, A1)));
    assert_eq!(is_retiring(&c, FOREIGN), Err(Error::Core(CoreError::NotInValidatorSet)));
}

#[test]
fn a_retirement_from_anyone_but_the_pools_owner_is_unauthorized() {
    let mut c = staked([10, 20, 30]);
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| c.call(STRANGER, |c| retire_validator(c, A1)));
}

#[test]
fn the_pools_owner_cancels_a_waiting_change_and_nobody_else() {
    let mut c = staked([10, 20, 30]);
    c.call(OWNER, |c| retire_validator(c, A2)).unwrap();
    let key = timelock::key(RETIRE_VALIDATOR, A2);
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| c.call(STRANGER, |c| cancel_change(c, key)));
    c.call(OWNER, |c| cancel_change(c, key)).unwrap();
    c.assert_refused(CoreError::NoChangePending, |c| c.call(OWNER, |c| cancel_change(c, key)));
}

// --- onStakingPayment, stakeRoom ---

#[test]
fn collected_stake_goes_whole_to_the_least_staked_validator() {
    let mut c = staked([30, 10, 20]);
    c.send(POOL, avax(5), on_staking_payment).unwrap();
    assert!(c.called(&Call::new(A2, STAKING_PAYMENT).with_value(avax(5))));
    assert!(c.emitted(&StakesDelegated { account: A2, amount: avax(5) }));
    assert_eq!(c.balance(THIS), U256::ZERO);
}

#[test]
fn the_first_collection_goes_to_the_first_validator_and_marks_the_set_delegating() {
    let mut c = with_set();
    c.send(POOL, avax(5), on_staking_payment).unwrap();
    assert!(c.called(&Call::new(A1, STAKING_PAYMENT).with_value(avax(5))));
    assert!(c.delegating());
}

#[test]
fn collected_stake_never_goes_to_a_retiring_validator() {
    let mut c = staked([30, 10, 20]);
    c.state.members[1].retiring = true;
    c.send(POOL, avax(5), on_staking_payment).unwrap();
    assert!(c.called(&Call::new(A3, STAKING_PAYMENT).with_value(avax(5))));
}

#[test]
fn stake_room_is_the_largest_room_of_a_validator_not_retiring() {
    let c = staked([30, 10, 20]);
    let max = StakingConfig::LOCAL.maximum_stake;
    assert_eq!(stake_room(&c), Ok(max - avax(10)));
}

#[test]
fn a_collection_no_validator_can_take_is_collect_above_room() {
    let mut c = staked([30, 10, 20]);
    let too_much = stake_room(&c).unwrap() + U256::from(1);
    c.fund(POOL, too_much);
    c.assert_refused(CoreError::CollectAboveRoom, |c| c.send(POOL, too_much, on_staking_payment));
}

#[test]
fn a_payment_back_from_an_account_of_the_set_is_taken_as_it_is() {
    let mut c = staked([30, 10, 20]);
    let calls = c.calls.len();
    c.send(A1, avax(3), on_staking_payment).unwrap();
    assert_eq!((c.calls.len(), c.balance(THIS)), (calls, avax(3)));
}

#[test]
fn a_payment_from_anyone_else_is_unauthorized() {
    let mut c = staked([30, 10, 20]);
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| c.send(STRANGER, avax(1), on_staking_payment));
}

// --- unlockStakes ---

#[test]
fn an_unlock_comes_from_the_most_active_validator_first() {
    let mut c = staked([30, 10, 20]);
    c.call(POOL_OPERATOR, |c| unlock_stakes(c, avax(35))).unwrap();
    assert!(c.called(&Call::new(A1, selector("unlock(uint256)")).arg(&avax(30))));
    assert!(c.called(&Call::new(A3, selector("unlock(uint256)")).arg(&avax(5))));
    assert!(c.emitted(&StakesUnlocked { account: A3, amount: avax(5) }));
}

#[test]
fn an_unlock_beyond_the_sets_active_stake_is_insufficient_stake() {
    let mut c = staked([30, 10, 20]);
    c.assert_refused(CoreError::InsufficientStake, |c| c.call(POOL_OPERATOR, |c| unlock_stakes(c, avax(61))));
}

#[test]
fn an_unlock_from_anyone_but_the_pools_operator_is_unauthorized() {
    let mut c = staked([30, 10, 20]);
    c.assert_refused(Error::Unauthorized { account: OWNER }, |c| c.call(OWNER, |c| unlock_stakes(c, avax(1))));
}

// --- withdrawStakes ---

#[test]
fn withdraw_stakes_brings_every_validators_withdrawable_stake_to_the_pool() {
    let mut c = staked([30, 10, 20]);
    staking_holds(&mut c, A1, [26, 4, 0, 0], ValidatorState::Inactive, NOW);
    staking_holds(&mut c, A3, [18, 2, 0, 0], ValidatorState::Inactive, NOW);
    c.answer(A1, "withdraw()", Answer::Paying(vec![avax(4)], avax(4)));
    c.answer(A3, "withdraw()", Answer::Paying(vec![avax(2)], avax(2)));
    let before = c.balance(POOL);
    assert_eq!(c.call(STRANGER, withdraw_stakes), Ok(avax(6)));
    assert!(c.called(&Call::new(A1, selector("withdraw()")).reentrant()));
    assert!(!c.called(&Call::new(A2, selector("withdraw()")).reentrant()));
    assert!(c.called(&Call::new(POOL, STAKING_PAYMENT).with_value(avax(6))));
    assert_eq!(c.balance(POOL), before + avax(6));
    assert!(c.emitted(&StakesWithdrawn { amount: avax(6) }));
}

#[test]
fn a_retired_validator_whose_stake_is_all_back_leaves_the_set() {
    let mut c = staked([30, 10, 20]);
    c.state.members[1].retiring = true;
    staking_holds(&mut c, A2, [0, 10, 0, 0], ValidatorState::Inactive, NOW);
    c.answer(A2, "withdraw()", Answer::Paying(vec![avax(10)], avax(10)));
    assert_eq!(c.call(STRANGER, withdraw_stakes), Ok(avax(10)));
    assert_eq!(validators(&c), vec![A1, A3]);
    assert!(c.emitted(&ValidatorRemoved { account: A2 }));
}

#[test]
fn withdraw_stakes_with_nothing_withdrawable_is_zero_amount() {
    let mut c = staked([30, 10, 20]);
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw_stakes));
}

#[test]
fn withdraw_stakes_while_the_lockup_runs_is_zero_amount() {
    let mut c = staked([30, 10, 20]);
    staking_holds(&mut c, A1, [26, 0, 0, 4], ValidatorState::Active, NOW + 1);
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(STRANGER, withdraw_stakes));
}

// --- reportRewards, measuredRewards ---

#[test]
fn rewards_are_measured_across_every_validator() {
    let mut c = staked([40, 30, 40]);
    pool_accounts(&mut c, avax(100));
    let held = c.balance(POOL);
    let ledger = PoolLedger { pooled_assets: avax(100) + held, supply_shares: avax(100) + held };
    let accounts = c.balance(A1) + c.balance(A2) + c.balance(A3);
    let (growth, report) = ledger.measure(avax(110) + held + accounts, U256::ZERO, 1_000, ONE, 1_000).unwrap();
    assert_eq!(measured_rewards(&c), Ok((growth, report.reported, report.carried)));
    c.call(STRANGER, report_rewards).unwrap();
    assert!(c.called(&Call::new(POOL, selector("reportRewards(uint256)")).arg(&report.reported)));
    assert!(c.emitted(&RewardsMeasured { growth, reported: report.reported, carried: report.carried }));
}

#[test]
fn report_rewards_without_growth_is_no_rewards_to_report() {
    let mut c = staked([0, 0, 0]);
    pool_accounts(&mut c, avax(3_000));
    c.assert_refused(CoreError::NoRewardsToReport, |c| c.call(STRANGER, report_rewards));
}

#[test]
fn a_report_the_pool_refuses_passes_its_revert_on() {
    let mut c = staked([40, 30, 40]);
    pool_accounts(&mut c, avax(100));
    let paused = crate::abi::selector("EnforcedPause()").to_vec();
    c.answer(POOL, "reportRewards(uint256)", Answer::Revert(paused.clone()));
    c.assert_refused(Error::Revert(paused), |c| c.call(STRANGER, report_rewards));
}

#[test]
fn a_view_answer_too_short_is_call_return_malformed() {
    let mut c = staked([40, 30, 40]);
    pool_accounts(&mut c, avax(100));
    c.answer(POOL, "feeBps()", Answer::Words(vec![]));
    assert_eq!(measured_rewards(&c), Err(Error::CallReturnMalformed {}));
    c.assert_refused(Error::CallReturnMalformed {}, |c| c.call(STRANGER, report_rewards));
}

#[test]
fn every_event_the_messages_log_is_declared_in_the_abi() {
    use crate::abi::Event;
    let declared = abi_items("AvalancheDelegator", "event");
    for signature in [
        StakesDelegated::SIGNATURE,
        StakesUnlocked::SIGNATURE,
        StakesWithdrawn::SIGNATURE,
        RewardsMeasured::SIGNATURE,
        ValidatorAdded::SIGNATURE,
        ValidatorRetired::SIGNATURE,
        ValidatorRemoved::SIGNATURE,
        timelock::ChangeScheduled::SIGNATURE,
        timelock::ChangeExecuted::SIGNATURE,
        timelock::ChangeCancelled::SIGNATURE,
    ] {
        assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/AvalancheDelegator.json");
    }
    assert_eq!(declared.len(), 10, "an event of the ABI the app layer does not log");
}

#[test]
fn every_named_error_the_messages_raise_is_declared_in_the_abi() {
    let declared = abi_items("AvalancheDelegator", "error");
    for error in [Error::Unauthorized { account: STRANGER }, Error::ZeroAddress {}, Error::CallReturnMalformed {}] {
        let signature = error.signature().unwrap();
        assert!(declared.iter().any(|d| d == signature), "{signature} is not in abi/AvalancheDelegator.json");
    }
}
