//! Off-chain unit tests of the ink! AvalanchePool: staking, claiming, the
//! queue (serve, withdraw, push), collecting, rewards, every setting, every
//! error path with unchanged state, and the access matrix. The feed and the
//! tokens are the unit-test stand-ins of `lst_ink_common::testing`; native
//! value moves in the ink! test environment's balances.

use crate::{avalanche_pool::AvalanchePool, MAX_PUSH_BATCH};
use ink::{env::test, Address, U256};
use lst_core::{timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY, CoreError};
use lst_ink_common::{
    selector,
    testing::{
        account, call_as, feed, last_log, log_count, logs, set_time,
        tokens::{self, Call},
        uint, word, words, Log,
    },
    timelock, Bytes32, Error, Failure,
};

const E18: u128 = 1_000_000_000_000_000_000;

fn admin() -> Address {
    account(1)
}
fn alice() -> Address {
    account(3)
}
fn bob() -> Address {
    account(4)
}
fn feed_address() -> Address {
    account(9)
}
fn cert() -> Address {
    account(10)
}
fn bond() -> Address {
    account(11)
}
fn treasury() -> Address {
    account(12)
}
fn deposit() -> Address {
    account(13)
}
fn this() -> Address {
    test::callee()
}

fn avax(n: u128) -> U256 {
    U256::from(n * E18)
}

/// A pool at ratio 1 (ankrAVAX registered in the feed), nothing staked.
fn pool() -> AvalanchePool {
    call_as(admin());
    let mut pool = AvalanchePool::new(admin(), feed_address(), cert(), bond(), treasury(), DELAY).unwrap();
    pool.set_deposit_address(deposit()).unwrap();
    feed::set_ratio(feed_address(), cert(), U256::from(E18));
    test::set_contract_balance(this(), U256::zero());
    pool
}

/// Calls a payable message with `value` from `who`, as the chain would:
/// the value is in the pool's balance when the message runs.
fn send<T>(pool: &mut AvalanchePool, who: Address, value: U256, f: impl FnOnce(&mut AvalanchePool) -> T) -> T {
    call_as(who);
    test::set_value_transferred(value);
    let balance = test::get_contract_balance::<lst_ink_common::Env>(this()).unwrap_or_default();
    test::set_contract_balance(this(), balance + value);
    let out = f(pool);
    test::set_value_transferred(U256::zero());
    out
}

fn balance_of(who: Address) -> U256 {
    test::get_contract_balance::<lst_ink_common::Env>(who).unwrap_or_default()
}

/// alice staked 10 AVAX for ankrAVAX and 10 for aAVAXb.
fn staked() -> AvalanchePool {
    let mut pool = pool();
    send(&mut pool, alice(), avax(10), |p| p.stake_and_claim_certs()).unwrap();
    send(&mut pool, alice(), avax(10), |p| p.stake_and_claim_bonds()).unwrap();
    pool
}

type Snapshot =
    (U256, U256, (u64, u64, u64), U256, Vec<Call>, u32, U256, Address, Address, Address, bool, Vec<(Bytes32, U256)>);

/// The keys of the pool's scheduled changes.
fn change_keys() -> [Bytes32; 3] {
    [
        timelock::key(selector!("setFeeBps(uint32)"), Address::zero()),
        timelock::key(selector!("setTreasury(address)"), Address::zero()),
        timelock::key(selector!("setDepositAddress(address)"), Address::zero()),
    ]
}

fn snapshot(p: &AvalanchePool) -> Snapshot {
    (
        p.total_pooled_avax(),
        p.total_shares(),
        p.queue_bounds(),
        p.pending_avax_claims_of(alice()),
        tokens::calls(),
        p.fee_bps(),
        p.min_stake(),
        p.operator(),
        p.treasury(),
        p.deposit_address(),
        p.paused(),
        change_keys().iter().map(|key| p.pending_change(*key)).collect(),
    )
}

/// Asserts `f` fails with `expected`, changes no state and emits nothing.
fn assert_fails_unchanged<T: core::fmt::Debug + PartialEq>(
    p: &mut AvalanchePool,
    expected: Error,
    f: impl FnOnce(&mut AvalanchePool) -> Result<T, Error>,
) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = (snapshot(p), log_count());
    assert_eq!(f(p), Err(expected));
    assert_eq!((snapshot(p), log_count()), before);
}

/// Asserts a message of the app layer (ownership, cancelling a change)
/// fails with `expected` and changes nothing.
fn assert_app_refused(
    p: &mut AvalanchePool,
    expected: lst_ink_common::lst_app::Error,
    f: impl FnOnce(&mut AvalanchePool) -> Result<(), Failure>,
) {
    let before = (snapshot(p), log_count());
    assert_eq!(f(p), Err(Failure(expected)));
    assert_eq!((snapshot(p), log_count()), before);
}

// --- constructor ---

#[ink::test]
fn constructor_wires_the_pool_with_default_fee_and_minimum() {
    let p = pool();
    assert_eq!(p.contracts(), (feed_address(), cert(), bond()));
    assert_eq!((p.owner(), p.operator(), p.pauser()), (admin(), admin(), admin()));
    assert_eq!((p.treasury(), p.deposit_address()), (treasury(), deposit()));
    assert_eq!((p.fee_bps(), p.min_stake()), (1_000, avax(1)));
    assert_eq!(p.queue_bounds(), (1, 0, 0));
    assert_eq!(p.change_delay(), U256::from(DELAY));
}

#[ink::test]
fn constructor_refuses_any_zero_address() {
    let z = Address::zero();
    for args in [
        (z, cert(), bond(), treasury()),
        (feed_address(), z, bond(), treasury()),
        (feed_address(), cert(), z, treasury()),
        (feed_address(), cert(), bond(), z),
    ] {
        assert_eq!(
            AvalanchePool::new(admin(), args.0, args.1, args.2, args.3, DELAY).err(),
            Some(Error::ZeroAddress {})
        );
    }
}

#[ink::test]
fn constructor_refuses_a_change_delay_out_of_range() {
    for delay in [0, 3_599, 30 * 86_400 + 1] {
        assert_eq!(
            AvalanchePool::new(admin(), feed_address(), cert(), bond(), treasury(), delay).err(),
            Some(CoreError::ChangeDelayOutOfRange.into())
        );
    }
}

#[ink::test]
fn the_deposit_address_starts_unset_and_collecting_waits_for_it() {
    call_as(admin());
    let mut p = AvalanchePool::new(admin(), feed_address(), cert(), bond(), treasury(), DELAY).unwrap();
    assert_eq!(p.deposit_address(), Address::zero());
    assert_fails_unchanged(&mut p, Error::ZeroAddress {}, |p| p.collect_stakes(avax(1)));
    // The first one is set at once.
    assert_eq!(p.set_deposit_address(deposit()), Ok(()));
    assert_eq!(
        last_log(),
        Log::new("DepositAddressChanged(address,address)", vec![word(Address::zero()), word(deposit())], vec![])
    );
    assert_eq!(p.deposit_address(), deposit());
}

// --- staking ---

#[ink::test]
fn staking_for_certs_mints_shares_at_the_ratio_and_emits_stake_pending() {
    let mut p = pool();
    feed::set_ratio(feed_address(), cert(), U256::from(E18 / 10 * 9));
    assert_eq!(send(&mut p, alice(), avax(10), |p| p.stake_and_claim_certs()), Ok(()));
    assert_eq!(tokens::calls(), vec![Call::Mint(cert(), alice(), avax(9))]);
    assert_eq!((p.total_pooled_avax(), p.total_shares()), (avax(10), avax(9)));
    assert_eq!(
        last_log(),
        Log::new("StakePendingV2(address,uint256,bool)", vec![word(alice()), uint(0u8)], words(&[uint(avax(10))]))
    );
}

#[ink::test]
fn staking_for_bonds_mints_bond_shares() {
    let mut p = pool();
    assert_eq!(send(&mut p, alice(), avax(2), |p| p.stake_and_claim_bonds()), Ok(()));
    assert_eq!(tokens::calls(), vec![Call::Mint(bond(), alice(), avax(2))]);
    assert_eq!(
        last_log(),
        Log::new("StakePendingV2(address,uint256,bool)", vec![word(alice()), uint(1u8)], words(&[uint(avax(2))]))
    );
}

#[ink::test]
fn staking_below_the_minimum_or_in_fractions_is_refused() {
    let mut p = pool();
    let half = U256::from(E18 / 2);
    let before = (snapshot(&p), log_count());
    assert_eq!(send(&mut p, alice(), half, |p| p.stake_and_claim_certs()), Err(CoreError::StakeBelowMinimum.into()));
    let fraction = avax(1) + half;
    assert_eq!(
        send(&mut p, alice(), fraction, |p| p.stake_and_claim_bonds()),
        Err(CoreError::StakeNotWholeUnits.into())
    );
    assert_eq!((snapshot(&p), log_count()), before);
}

#[ink::test]
fn staking_without_a_ratio_passes_the_feeds_revert_through() {
    let mut p = pool();
    call_as(admin());
    let mut other = AvalanchePool::new(admin(), feed_address(), account(30), bond(), treasury(), DELAY).unwrap();
    let revert = Error::Revert(Error::UnknownToken { token: account(30) }.encode());
    assert_eq!(send(&mut other, alice(), avax(1), |p| p.stake_and_claim_certs()), Err(revert));
    assert_eq!(send(&mut p, alice(), avax(1), |p| p.stake_and_claim_certs()), Ok(()));
}

// --- claiming ---

#[ink::test]
fn claim_certs_burns_now_and_queues_the_avax_owed() {
    let mut p = staked();
    tokens::set_balance(cert(), alice(), avax(10));
    call_as(alice());
    assert_eq!(p.claim_certs(avax(4)), Ok(U256::one()));
    assert_eq!(tokens::calls().last(), Some(&Call::Burn(cert(), alice(), avax(4))));
    assert_eq!((p.total_pooled_avax(), p.total_shares()), (avax(16), avax(16)));
    assert_eq!(p.claim_status(U256::one()), (alice(), avax(4), 1));
    assert_eq!(p.pending_avax_claims_of(alice()), avax(4));
    let all = logs();
    assert_eq!(
        all[all.len() - 2..],
        [
            Log::new(
                "AvaxClaimPendingV2(address,uint256,bool)",
                vec![word(alice()), uint(0u8)],
                words(&[uint(avax(4))])
            ),
            Log::new(
                "ClaimRequested(uint256,address,uint256)",
                vec![uint(1u8), word(alice())],
                words(&[uint(avax(4))])
            ),
        ]
    );
}

#[ink::test]
fn claim_bonds_burns_the_shares_worth_the_amount_and_queues_it() {
    let mut p = staked();
    tokens::set_balance(bond(), alice(), avax(10));
    feed::set_ratio(feed_address(), cert(), U256::from(E18 / 10 * 9));
    call_as(alice());
    assert_eq!(p.claim_bonds(avax(5)), Ok(U256::one()));
    // 5 AVAX at 0.9 = 4.5 shares.
    assert_eq!(tokens::calls().last(), Some(&Call::Burn(bond(), alice(), U256::from(45 * E18 / 10))));
    assert_eq!(p.claim_status(U256::one()), (alice(), avax(5), 1));
}

#[ink::test]
fn claiming_more_than_held_passes_the_tokens_error_through() {
    let mut p = staked();
    call_as(alice());
    // alice holds the 10 ankrAVAX she staked for.
    let revert = Error::ERC20InsufficientBalance { sender: alice(), balance: avax(10), needed: avax(11) }.encode();
    assert_fails_unchanged(&mut p, Error::Revert(revert), |p| p.claim_certs(avax(11)));
}

#[ink::test]
fn claiming_zero_is_zero_amount() {
    let mut p = staked();
    call_as(alice());
    assert_fails_unchanged(&mut p, CoreError::ZeroAmount.into(), |p| p.claim_certs(U256::zero()));
    assert_fails_unchanged(&mut p, CoreError::ZeroAmount.into(), |p| p.claim_bonds(U256::zero()));
}

/// alice queued requests 1 (3 AVAX) and 2 (2 AVAX).
fn queued() -> AvalanchePool {
    let mut p = staked();
    tokens::set_balance(cert(), alice(), avax(10));
    call_as(alice());
    p.claim_certs(avax(3)).unwrap();
    p.claim_certs(avax(2)).unwrap();
    p
}

// --- serveClaims ---

#[ink::test]
fn serve_claims_makes_requests_claimable_with_the_value_sent() {
    let mut p = queued();
    // The pool holds the 20 AVAX staked: serving needs no extra value.
    assert_eq!(send(&mut p, admin(), U256::zero(), |p| p.serve_claims(U256::from(2))), Ok(()));
    assert_eq!(p.queue_bounds(), (3, 2, 2));
    assert_eq!(p.claim_status(U256::from(2)), (alice(), avax(2), 2));
    assert_eq!(
        last_log(),
        Log::new("ClaimsServed(uint256,uint256,uint256)", vec![], words(&[uint(1u8), uint(2u8), uint(avax(5))]))
    );
}

#[ink::test]
fn serve_claims_without_enough_funds_is_insufficient_funding() {
    let mut p = queued();
    test::set_contract_balance(this(), avax(4));
    call_as(admin());
    assert_fails_unchanged(&mut p, CoreError::InsufficientFunding.into(), |p| p.serve_claims(U256::from(2)));
    assert_eq!(send(&mut p, admin(), avax(1), |p| p.serve_claims(U256::from(2))), Ok(()));
}

#[ink::test]
fn serve_claims_out_of_range_is_serve_out_of_range() {
    let mut p = queued();
    call_as(admin());
    assert_fails_unchanged(&mut p, CoreError::ServeOutOfRange.into(), |p| p.serve_claims(U256::from(3)));
    assert_fails_unchanged(&mut p, CoreError::ServeOutOfRange.into(), |p| p.serve_claims(U256::MAX));
    p.serve_claims(U256::from(1)).unwrap();
    assert_fails_unchanged(&mut p, CoreError::ServeOutOfRange.into(), |p| p.serve_claims(U256::from(1)));
}

#[ink::test]
fn serve_claims_by_anyone_but_the_operator_is_unauthorized() {
    let mut p = queued();
    call_as(alice());
    assert_fails_unchanged(&mut p, Error::Unauthorized { account: alice() }, |p| p.serve_claims(U256::one()));
}

// --- withdrawClaim ---

#[ink::test]
fn the_owner_withdraws_a_claimable_request_once() {
    let mut p = queued();
    call_as(admin());
    p.serve_claims(U256::from(2)).unwrap();
    let before = balance_of(alice());
    call_as(alice());
    assert_eq!(p.withdraw_claim(U256::one()), Ok(()));
    assert_eq!(balance_of(alice()), before + avax(3));
    assert_eq!(p.claim_status(U256::one()), (alice(), avax(3), 3));
    assert_eq!(p.pending_avax_claims_of(alice()), avax(2));
    assert_eq!(
        last_log(),
        Log::new("ClaimWithdrawn(uint256,address,uint256)", vec![uint(1u8), word(alice())], words(&[uint(avax(3))]))
    );
    assert_fails_unchanged(&mut p, CoreError::RequestAlreadyClaimed.into(), |p| p.withdraw_claim(U256::one()));
}

#[ink::test]
fn withdrawing_a_pending_unknown_or_foreign_request_fails() {
    let mut p = queued();
    call_as(alice());
    assert_fails_unchanged(&mut p, CoreError::RequestNotClaimable.into(), |p| p.withdraw_claim(U256::one()));
    assert_fails_unchanged(&mut p, CoreError::RequestNotFound.into(), |p| p.withdraw_claim(U256::from(9)));
    assert_fails_unchanged(&mut p, CoreError::RequestNotFound.into(), |p| p.withdraw_claim(U256::MAX));
    call_as(admin());
    p.serve_claims(U256::one()).unwrap();
    call_as(bob());
    assert_fails_unchanged(&mut p, CoreError::NotRequestOwner.into(), |p| p.withdraw_claim(U256::one()));
}

#[ink::test]
fn withdrawing_works_while_paused() {
    let mut p = queued();
    call_as(admin());
    p.serve_claims(U256::one()).unwrap();
    p.pause().unwrap();
    call_as(alice());
    assert_eq!(p.withdraw_claim(U256::one()), Ok(()));
}

// --- pushClaims ---

#[ink::test]
fn push_claims_pays_the_claimable_requests_of_a_range() {
    let mut p = queued();
    call_as(admin());
    p.serve_claims(U256::from(2)).unwrap();
    let before = balance_of(alice());
    assert_eq!(p.push_claims(U256::zero(), U256::from(5)), Ok(U256::from(2)));
    assert_eq!(balance_of(alice()), before + avax(5));
    assert_eq!((p.claim_status(U256::one()).2, p.claim_status(U256::from(2)).2), (3, 3));
    // Paid, pending and unknown ids are skipped.
    assert_eq!(p.push_claims(U256::one(), U256::from(5)), Ok(U256::zero()));
    assert_eq!(p.push_claims(U256::MAX, U256::from(5)), Ok(U256::zero()));
}

#[ink::test]
fn push_claims_beyond_the_batch_is_batch_too_large() {
    let mut p = queued();
    call_as(admin());
    assert_fails_unchanged(&mut p, Error::BatchTooLarge { max: U256::from(MAX_PUSH_BATCH) }, |p| {
        p.push_claims(U256::one(), U256::from(MAX_PUSH_BATCH + 1))
    });
}

#[ink::test]
fn push_claims_by_anyone_but_the_operator_is_unauthorized() {
    let mut p = queued();
    call_as(alice());
    assert_fails_unchanged(&mut p, Error::Unauthorized { account: alice() }, |p| {
        p.push_claims(U256::one(), U256::one())
    });
}

// --- collectStakes ---

#[ink::test]
fn collect_stakes_sends_what_the_queue_does_not_need() {
    let mut p = queued();
    // 20 AVAX held, 5 owed to the queue.
    assert_eq!(p.collectable_stakes(), avax(15));
    call_as(admin());
    assert_eq!(p.collect_stakes(avax(15)), Ok(()));
    assert_eq!(balance_of(deposit()), avax(15));
    assert_eq!(
        last_log(),
        Log::new("StakesCollected(address,uint256)", vec![word(deposit())], words(&[uint(avax(15))]))
    );
    assert_eq!(p.collectable_stakes(), U256::zero());
}

#[ink::test]
fn collecting_zero_or_too_much_fails() {
    let mut p = queued();
    call_as(admin());
    assert_fails_unchanged(&mut p, CoreError::ZeroAmount.into(), |p| p.collect_stakes(U256::zero()));
    assert_fails_unchanged(&mut p, CoreError::InsufficientFunding.into(), |p| p.collect_stakes(avax(16)));
    call_as(alice());
    assert_fails_unchanged(&mut p, Error::Unauthorized { account: alice() }, |p| p.collect_stakes(avax(1)));
}

// --- reportRewards ---

#[ink::test]
fn report_rewards_lowers_the_ratio_and_mints_the_fee_to_the_treasury() {
    let mut p = staked();
    call_as(deposit());
    assert_eq!(p.report_rewards(avax(2)), Ok(()));
    let new_ratio = feed::get_ratio_for(feed_address(), cert()).unwrap();
    assert!(new_ratio < U256::from(E18));
    let last = tokens::calls().last().copied();
    let Some(Call::Mint(token, to, fee_shares)) = last else { unreachable!("no fee mint: {last:?}") };
    assert_eq!((token, to), (cert(), treasury()));
    assert_eq!(p.total_pooled_avax(), avax(22));
    assert_eq!(p.total_shares(), avax(20) + fee_shares);
    assert_eq!(
        last_log(),
        Log::new(
            "RewardsReported(uint256,uint256,uint256,uint256)",
            vec![],
            words(&[uint(avax(2)), uint(U256::from(2 * E18 / 10)), uint(new_ratio), uint(fee_shares)])
        )
    );
}

#[ink::test]
fn reporting_zero_or_by_anyone_but_the_deposit_address_fails() {
    let mut p = staked();
    call_as(deposit());
    assert_fails_unchanged(&mut p, CoreError::ZeroAmount.into(), |p| p.report_rewards(U256::zero()));
    for who in [alice(), admin()] {
        call_as(who);
        assert_fails_unchanged(&mut p, Error::Unauthorized { account: who }, |p| p.report_rewards(avax(1)));
    }
}

#[ink::test]
fn reporting_while_paused_fails() {
    let mut p = staked();
    call_as(admin());
    p.pause().unwrap();
    call_as(deposit());
    assert_fails_unchanged(&mut p, Error::EnforcedPause {}, |p| p.report_rewards(avax(1)));
}

// --- onStakingPayment, owedToQueue ---

#[ink::test]
fn the_deposit_address_brings_staked_avax_back() {
    let mut p = staked();
    let before = balance_of(this());
    assert_eq!(send(&mut p, deposit(), avax(4), |p| p.on_staking_payment()), Ok(()));
    assert_eq!(balance_of(this()), before + avax(4));
}

#[ink::test]
fn only_the_deposit_address_may_pay_the_pool() {
    let mut p = staked();
    for who in [alice(), admin()] {
        call_as(who);
        test::set_value_transferred(avax(1));
        assert_fails_unchanged(&mut p, Error::Unauthorized { account: who }, |p| p.on_staking_payment());
        test::set_value_transferred(U256::zero());
    }
}

#[ink::test]
fn owed_to_queue_counts_requests_until_they_are_paid() {
    let mut p = staked();
    call_as(alice());
    let first = p.claim_certs(avax(3)).unwrap();
    p.claim_certs(avax(2)).unwrap();
    assert_eq!(p.owed_to_queue(), avax(5));
    call_as(admin());
    p.serve_claims(first).unwrap();
    assert_eq!(p.owed_to_queue(), avax(5));
    call_as(alice());
    p.withdraw_claim(first).unwrap();
    assert_eq!(p.owed_to_queue(), avax(2));
}

// --- settings ---

#[ink::test]
fn owner_settings_change_with_events() {
    let mut p = pool();
    call_as(admin());
    assert_eq!(p.set_min_stake(avax(2)), Ok(()));
    assert_eq!(
        last_log(),
        Log::new("MinStakeChanged(uint256,uint256)", vec![], words(&[uint(avax(1)), uint(avax(2))]))
    );
    assert_eq!(p.set_fee_bps(500), Ok(()), "a lower fee is immediate");
    assert_eq!(last_log(), Log::new("FeeChanged(uint256,uint256)", vec![], words(&[uint(1_000u32), uint(500u32)])));
    assert_eq!(p.set_operator(bob()), Ok(()));
    assert_eq!(last_log(), Log::new("OperatorChanged(address,address)", vec![word(admin()), word(bob())], vec![]));
    assert_eq!(p.set_pauser(bob()), Ok(()));
    assert_eq!(last_log(), Log::new("PauserChanged(address,address)", vec![word(admin()), word(bob())], vec![]));
    assert_eq!((p.min_stake(), p.fee_bps(), p.operator(), p.pauser()), (avax(2), 500, bob(), bob()));
}

/// Asserts the owner's `change` is scheduled (`ChangeScheduled` with
/// `value`, nothing changes), refused before the delay, and applied by the
/// same call after it (`ChangeExecuted`, then the setter's own event).
fn assert_scheduled(
    p: &mut AvalanchePool,
    key: Bytes32,
    value: [u8; 32],
    change: impl Fn(&mut AvalanchePool) -> Result<(), Error>,
    applied: Log,
) {
    call_as(admin());
    set_time(1_000);
    let before = snapshot(p);
    assert_eq!(change(p), Ok(()));
    let at = 1_000 + DELAY;
    assert_eq!(
        last_log(),
        Log::new("ChangeScheduled(bytes32,bytes32,uint256)", vec![key.0], words(&[value, uint(at)]))
    );
    assert_eq!(p.pending_change(key), (Bytes32::from(value), U256::from(at)));
    let mut after = snapshot(p);
    after.11 = before.11.clone();
    assert_eq!(after, before, "nothing changes yet");
    set_time(at - 1);
    assert_fails_unchanged(p, CoreError::ChangeNotReady.into(), |p| change(p));
    set_time(at);
    assert_eq!(change(p), Ok(()));
    let events = logs();
    let n = events.len();
    assert_eq!(events[n - 2], Log::new("ChangeExecuted(bytes32,bytes32)", vec![key.0], words(&[value])));
    assert_eq!(events[n - 1], applied);
    assert_eq!(p.pending_change(key), (Bytes32::from([0u8; 32]), U256::zero()));
}

#[ink::test]
fn a_higher_fee_is_scheduled_and_applies_after_the_delay() {
    // The attack run's finding: a stolen owner key could jump the fee to
    // 50% in one block.
    let mut p = pool();
    let applied = Log::new("FeeChanged(uint256,uint256)", vec![], words(&[uint(1_000u32), uint(5_000u32)]));
    assert_scheduled(&mut p, change_keys()[0], uint(5_000u32), |p| p.set_fee_bps(5_000), applied);
    assert_eq!(p.fee_bps(), 5_000);
}

#[ink::test]
fn a_new_treasury_is_scheduled_and_applies_after_the_delay() {
    let mut p = pool();
    let applied = Log::new("TreasuryChanged(address,address)", vec![word(treasury()), word(bob())], vec![]);
    assert_scheduled(&mut p, change_keys()[1], word(bob()), |p| p.set_treasury(bob()), applied);
    assert_eq!(p.treasury(), bob());
}

#[ink::test]
fn a_new_deposit_address_is_scheduled_and_applies_after_the_delay() {
    let mut p = pool();
    let applied = Log::new("DepositAddressChanged(address,address)", vec![word(deposit()), word(bob())], vec![]);
    assert_scheduled(&mut p, change_keys()[2], word(bob()), |p| p.set_deposit_address(bob()), applied);
    assert_eq!(p.deposit_address(), bob());
}

#[ink::test]
fn the_owner_or_the_pauser_cancels_a_scheduled_change() {
    let mut p = pool();
    call_as(admin());
    p.set_pauser(bob()).unwrap();
    let key = change_keys()[0];
    for canceller in [admin(), bob()] {
        call_as(admin());
        p.set_fee_bps(3_000).unwrap();
        call_as(alice());
        assert_app_refused(&mut p, lst_ink_common::lst_app::Error::Unauthorized { account: alice().0 }, |p| {
            p.cancel_change(key)
        });
        call_as(canceller);
        assert_eq!(p.cancel_change(key), Ok(()));
        assert_eq!(last_log(), Log::new("ChangeCancelled(bytes32,bytes32)", vec![key.0], words(&[uint(3_000u32)])));
        assert_eq!(p.pending_change(key), (Bytes32::from([0u8; 32]), U256::zero()));
    }
    assert_app_refused(&mut p, CoreError::NoChangePending.into(), |p| p.cancel_change(key));
    assert_eq!(p.fee_bps(), 1_000);
}

#[ink::test]
fn settings_out_of_range_or_zero_are_refused() {
    let mut p = pool();
    call_as(admin());
    assert_fails_unchanged(&mut p, CoreError::FeeTooHigh.into(), |p| p.set_fee_bps(5_001));
    assert_fails_unchanged(&mut p, CoreError::StakeBelowMinimum.into(), |p| p.set_min_stake(U256::zero()));
    assert_fails_unchanged(&mut p, CoreError::StakeNotWholeUnits.into(), |p| p.set_min_stake(U256::from(E18 / 2)));
    assert_fails_unchanged(&mut p, Error::ZeroAddress {}, |p| p.set_treasury(Address::zero()));
    assert_fails_unchanged(&mut p, Error::ZeroAddress {}, |p| p.set_deposit_address(Address::zero()));
    assert_fails_unchanged(&mut p, Error::ZeroAddress {}, |p| p.set_operator(Address::zero()));
    assert_fails_unchanged(&mut p, Error::ZeroAddress {}, |p| p.set_pauser(Address::zero()));
}

#[ink::test]
fn settings_by_anyone_but_the_owner_are_ownable_unauthorized() {
    let mut p = pool();
    call_as(bob());
    let expected = Error::OwnableUnauthorizedAccount { account: bob() };
    assert_fails_unchanged(&mut p, expected.clone(), |p| p.set_min_stake(avax(2)));
    assert_fails_unchanged(&mut p, expected.clone(), |p| p.set_fee_bps(1));
    assert_fails_unchanged(&mut p, expected.clone(), |p| p.set_treasury(bob()));
    assert_fails_unchanged(&mut p, expected.clone(), |p| p.set_deposit_address(bob()));
    assert_fails_unchanged(&mut p, expected.clone(), |p| p.set_operator(bob()));
    assert_fails_unchanged(&mut p, expected.clone(), |p| p.set_pauser(bob()));
    let expected = lst_ink_common::lst_app::Error::OwnableUnauthorizedAccount { account: bob().0 };
    assert_app_refused(&mut p, expected.clone(), |p| p.transfer_ownership(bob()));
    assert_app_refused(&mut p, expected.clone(), |p| p.renounce_ownership());
    assert_app_refused(&mut p, expected, |p| p.accept_ownership());
}

// --- pause ---

#[ink::test]
fn pause_stops_staking_and_claiming() {
    let mut p = staked();
    call_as(admin());
    assert_eq!(p.pause(), Ok(()));
    assert_eq!(last_log(), Log::new("Paused(address)", vec![], words(&[word(admin())])));
    call_as(alice());
    assert_fails_unchanged(&mut p, Error::EnforcedPause {}, |p| p.claim_certs(avax(1)));
    assert_fails_unchanged(&mut p, Error::EnforcedPause {}, |p| p.claim_bonds(avax(1)));
    let before = snapshot(&p);
    assert_eq!(send(&mut p, alice(), avax(1), |p| p.stake_and_claim_certs()), Err(Error::EnforcedPause {}));
    assert_eq!(send(&mut p, alice(), avax(1), |p| p.stake_and_claim_bonds()), Err(Error::EnforcedPause {}));
    assert_eq!(snapshot(&p), before);
    call_as(admin());
    assert_fails_unchanged(&mut p, Error::EnforcedPause {}, |p| p.pause());
    assert_eq!(p.unpause(), Ok(()));
    assert_eq!(last_log(), Log::new("Unpaused(address)", vec![], words(&[word(admin())])));
    assert_fails_unchanged(&mut p, Error::ExpectedPause {}, |p| p.unpause());
}

#[ink::test]
fn pausing_by_anyone_but_the_pauser_is_unauthorized() {
    let mut p = pool();
    call_as(bob());
    assert_fails_unchanged(&mut p, Error::Unauthorized { account: bob() }, |p| p.pause());
    assert_fails_unchanged(&mut p, Error::Unauthorized { account: bob() }, |p| p.unpause());
}

// --- ownership and reads ---

#[ink::test]
fn claim_status_of_an_unknown_or_huge_id_is_unknown() {
    let p = queued();
    assert_eq!(p.claim_status(U256::from(9)), (Address::zero(), U256::zero(), 0));
    assert_eq!(p.claim_status(U256::MAX), (Address::zero(), U256::zero(), 0));
}
