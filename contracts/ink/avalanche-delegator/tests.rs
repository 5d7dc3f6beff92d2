//! Off-chain unit tests of the ink! AvalancheDelegator: every message, its
//! events, each error path with unchanged state, and who may call what.
//! `Staking`, the pool and the feed are the unit-test stand-ins of
//! `lst_ink_common::testing` (the stake pool runs the core's rules); native
//! value moves in the ink! test environment's balances.

use crate::avalanche_delegator::AvalancheDelegator;
use ink::{env::test, Address, U256};
use lst_core::{validator::StakePool, CoreError};
use lst_ink_common::{
    calls::avax_pool::PoolView,
    testing::{account, avax_pool, call_as, feed, last_log, log_count, staking, uint, words, Log},
    to_core, Error,
};

const E18: u128 = 1_000_000_000_000_000_000;

fn operator() -> Address {
    account(1)
}
fn alice() -> Address {
    account(3)
}
fn feed_address() -> Address {
    account(9)
}
fn cert() -> Address {
    account(10)
}
fn pool() -> Address {
    account(20)
}
fn staking_address() -> Address {
    account(21)
}
fn validator() -> Address {
    account(22)
}
fn this() -> Address {
    test::callee()
}

fn avax(n: u128) -> U256 {
    U256::from(n * E18)
}

fn balance_of(who: Address) -> U256 {
    test::get_contract_balance::<lst_ink_common::Env>(who).unwrap_or_default()
}

/// A delegator for a pool holding `pooled` AVAX of stakers (all collected
/// already unless the test sends it), at ratio 1 with a 10% fee.
fn delegator(pooled: u128) -> AvalancheDelegator {
    call_as(alice());
    let d = AvalancheDelegator::new(pool(), staking_address(), validator()).unwrap();
    avax_pool::set(
        pool(),
        PoolView {
            operator: operator(),
            pooled_assets: avax(pooled),
            supply_shares: avax(pooled),
            owed_to_queue: U256::zero(),
            fee_bps: 1_000,
            feed: feed_address(),
            cert: cert(),
        },
    );
    feed::set_ratio(feed_address(), cert(), U256::from(E18));
    for a in [this(), pool(), staking_address()] {
        test::set_contract_balance(a, U256::zero());
    }
    d
}

/// The pool pays `value` to the delegator, as `collectStakes` does.
fn collect(d: &mut AvalancheDelegator, value: U256) -> Result<(), Error> {
    call_as(pool());
    test::set_value_transferred(value);
    test::set_contract_balance(this(), balance_of(this()) + value);
    let out = d.on_staking_payment();
    test::set_value_transferred(U256::zero());
    out
}

/// A delegator whose stake pool holds `stake` AVAX, all collected.
fn delegating(stake: u128) -> AvalancheDelegator {
    let mut d = delegator(stake);
    collect(&mut d, avax(stake)).unwrap();
    d
}

fn stake_pool() -> StakePool {
    staking::pool_of(staking_address(), this()).expect("the stake pool exists")
}

/// Rewards land in the stake pool's active stake, as an epoch pays them.
fn rewards_arrive(amount: U256) {
    let p = stake_pool();
    staking::set_pool(staking_address(), this(), StakePool { active: p.active + to_core(amount), ..p });
    test::set_contract_balance(staking_address(), balance_of(staking_address()) + amount);
}

fn reports() -> Vec<U256> {
    avax_pool::state(pool()).reports
}

/// Asserts `f` fails with `expected`, leaves the stake pool and the
/// pool's reports as they were, and emits nothing.
fn assert_fails_unchanged<T: core::fmt::Debug + PartialEq>(
    d: &mut AvalancheDelegator,
    expected: Error,
    f: impl FnOnce(&mut AvalancheDelegator) -> Result<T, Error>,
) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = (staking::pool_of(staking_address(), this()), reports(), log_count());
    assert_eq!(f(d), Err(expected));
    assert_eq!((staking::pool_of(staking_address(), this()), reports(), log_count()), before);
}

fn passed_through(e: CoreError) -> Error {
    Error::Revert(Error::Core(e).encode())
}

// --- constructor ---

#[ink::test]
fn constructor_records_the_wiring() {
    let d = delegator(0);
    assert_eq!(d.wiring(), (pool(), staking_address(), validator()));
}

#[ink::test]
fn constructor_refuses_a_zero_address() {
    let (z, a) = (Address::zero(), account(7));
    for (p, s, v) in [(z, a, a), (a, z, a), (a, a, z)] {
        assert_eq!(AvalancheDelegator::new(p, s, v).err(), Some(Error::ZeroAddress {}));
    }
}

// --- onStakingPayment ---

#[ink::test]
fn the_first_collect_creates_the_stake_pool_run_by_the_validator_operator() {
    let mut d = delegator(10);
    assert_eq!(collect(&mut d, avax(6)), Ok(()));
    assert_eq!(stake_pool().active, to_core(avax(6)));
    assert_eq!(staking::operator(staking_address(), this()), Ok(validator()));
    assert_eq!((balance_of(this()), balance_of(staking_address())), (U256::zero(), avax(6)));
    assert_eq!(last_log(), Log::new("StakesDelegated(uint256)", vec![], words(&[uint(avax(6))])));
}

#[ink::test]
fn a_later_collect_adds_to_the_same_stake_pool() {
    let mut d = delegating(6);
    assert_eq!(collect(&mut d, avax(4)), Ok(()));
    assert_eq!(stake_pool().active, to_core(avax(10)));
}

#[ink::test]
fn only_the_pool_and_staking_may_pay_the_delegator() {
    let mut d = delegator(10);
    for who in [alice(), operator(), validator()] {
        call_as(who);
        test::set_value_transferred(avax(1));
        assert_fails_unchanged(&mut d, Error::Unauthorized { account: who }, |d| d.on_staking_payment());
    }
    call_as(staking_address());
    assert_eq!(d.on_staking_payment(), Ok(()));
    assert_eq!(staking::pool_of(staking_address(), this()), None);
}

// --- unlockStakes ---

#[ink::test]
fn unlock_stakes_moves_active_stake_to_unlocking() {
    let mut d = delegating(10);
    call_as(operator());
    assert_eq!(d.unlock_stakes(avax(3)), Ok(()));
    let p = stake_pool();
    assert_eq!((p.active, p.pending_inactive), (to_core(avax(7)), to_core(avax(3))));
    assert_eq!(last_log(), Log::new("StakesUnlocked(uint256)", vec![], words(&[uint(avax(3))])));
}

#[ink::test]
fn only_the_pools_operator_may_unlock_stakes() {
    let mut d = delegating(10);
    for who in [alice(), validator(), pool()] {
        call_as(who);
        assert_fails_unchanged(&mut d, Error::Unauthorized { account: who }, |d| d.unlock_stakes(avax(1)));
    }
}

#[ink::test]
fn unlock_stakes_beyond_the_active_stake_passes_stakings_error_through() {
    let mut d = delegating(10);
    call_as(operator());
    assert_fails_unchanged(&mut d, passed_through(CoreError::InsufficientStake), |d| d.unlock_stakes(avax(11)));
}

// --- withdrawStakes ---

#[ink::test]
fn withdraw_stakes_brings_unlocked_stake_back_to_the_pool() {
    let mut d = delegating(10);
    call_as(operator());
    d.unlock_stakes(avax(4)).unwrap();
    // Outside the validator set with its lockup over: withdrawable at once.
    call_as(alice());
    assert_eq!(d.withdraw_stakes(), Ok(avax(4)));
    assert_eq!((balance_of(pool()), balance_of(this())), (avax(4), U256::zero()));
    let p = stake_pool();
    assert_eq!(
        (p.active, p.pending_inactive, p.inactive),
        (to_core(avax(6)), to_core(U256::zero()), to_core(U256::zero()))
    );
    assert_eq!(last_log(), Log::new("StakesWithdrawn(uint256)", vec![], words(&[uint(avax(4))])));
}

#[ink::test]
fn withdraw_stakes_with_nothing_unlocked_is_refused() {
    let mut d = delegator(10);
    call_as(alice());
    assert_fails_unchanged(&mut d, CoreError::ZeroAmount.into(), |d| d.withdraw_stakes());
    collect(&mut d, avax(10)).unwrap();
    call_as(alice());
    assert_fails_unchanged(&mut d, CoreError::ZeroAmount.into(), |d| d.withdraw_stakes());
}

// --- reportRewards, measuredRewards ---

#[ink::test]
fn report_rewards_reports_the_measured_growth_to_the_pool() {
    let mut d = delegating(100);
    let rewards = avax(1) / 20; // 0.05 AVAX: within the 0.1% bound
    rewards_arrive(rewards);
    assert_eq!(d.measured_rewards(), Ok((rewards, rewards, U256::zero())));
    call_as(alice());
    assert_eq!(d.report_rewards(), Ok(()));
    assert_eq!(reports(), vec![rewards]);
    assert_eq!(
        last_log(),
        Log::new("RewardsMeasured(uint256,uint256,uint256)", vec![], words(&[uint(rewards), uint(rewards), uint(0)]))
    );
}

#[ink::test]
fn report_rewards_past_the_feed_bound_reports_the_largest_move_and_carries_the_rest() {
    let mut d = delegating(100);
    rewards_arrive(avax(5));
    call_as(alice());
    assert_eq!(d.report_rewards(), Ok(()));
    let first = reports()[0];
    assert!(first > U256::zero() && first < avax(5));
    let (growth, _, _) = d.measured_rewards().unwrap();
    assert_eq!(growth, avax(5) - first, "the rest is carried, not dropped");
}

#[ink::test]
fn report_rewards_counts_what_the_pool_and_the_delegator_hold() {
    let d = delegating(100);
    test::set_contract_balance(pool(), avax(1) / 40);
    test::set_contract_balance(this(), avax(1) / 40);
    assert_eq!(d.measured_rewards().map(|m| m.0), Ok(avax(1) / 20));
}

#[ink::test]
fn report_rewards_with_no_growth_is_refused() {
    let mut d = delegating(100);
    call_as(alice());
    assert_fails_unchanged(&mut d, CoreError::NoRewardsToReport.into(), |d| d.report_rewards());
}

#[ink::test]
fn report_rewards_to_a_paused_pool_passes_its_error_through() {
    let mut d = delegating(100);
    rewards_arrive(avax(1) / 20);
    avax_pool::set_paused(pool(), true);
    call_as(alice());
    assert_fails_unchanged(&mut d, Error::Revert(Error::EnforcedPause {}.encode()), |d| d.report_rewards());
}
