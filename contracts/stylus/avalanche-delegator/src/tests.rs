//! What is Stylus's own in the delegator (every message's behaviour and
//! refusal is tested once, in `lst_app::avalanche_delegator`), with the
//! real pool, feed, ankrAVAX, aAVAXb, `Staking` and two stake accounts
//! beside it: the entry points reach the app layer, its calls reach the
//! other contracts and a stake account's payment comes back into
//! `withdrawStakes` (the reentrant build), the logs are the declared events,
//! refusals revert with the ABI's error data, and the delegated lifecycle
//! conserves AVAX and keeps the pool solvent at every step.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_sol_types::SolError;
use lst_avalanche_pool::AvalanchePool;
use lst_bond_token::BondToken;
use lst_cert_token::CertToken;
use lst_core::policy::DEFAULT_MIN_INTERVAL_SECS;
use lst_core::{math::ONE, CoreError};
use lst_rate_provider::RateProvider;
use lst_stake_account::StakeAccount;
use lst_staking::Staking;
use lst_stylus_common::test_accounts::Wallet;
use lst_stylus_common::Unauthorized;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::IErc20;

const AVAX: U256 = ONE;

fn avax(n: u64) -> U256 {
    U256::from(n) * AVAX
}

/// The delegator wired to a real pool, feed, tokens and `Staking`.
struct Suite {
    feed: Contract<RateProvider>,
    cert: Contract<CertToken>,
    bond: Contract<BondToken>,
    pool: Contract<AvalanchePool>,
    staking: Contract<Staking>,
    delegator: Contract<AvalancheDelegator>,
    /// The set: two validators, each its own stake account.
    accounts: [Contract<StakeAccount>; 2],
    /// Owner, operator and pauser of the pool.
    admin: Contract<Wallet>,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
    treasury: Contract<Wallet>,
    /// Run the two validators.
    validators: [Address; 2],
}

impl Suite {
    fn new() -> Self {
        let s = Suite {
            feed: Contract::new(),
            cert: Contract::new(),
            bond: Contract::new(),
            pool: Contract::new(),
            staking: Contract::new(),
            delegator: Contract::new(),
            accounts: [Contract::new(), Contract::new()],
            admin: Contract::new(),
            alice: Contract::new(),
            bob: Contract::new(),
            treasury: Contract::new(),
            validators: [Address::with_last_byte(0x7a), Address::with_last_byte(0x7b)],
        };
        let admin = s.admin.address();
        let (cert, bond, pool) = (s.cert.address(), s.bond.address(), s.pool.address());
        s.feed.sender(admin).constructor(admin, lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS).unwrap();
        s.feed.sender(admin).register_token(cert, ONE, pool).unwrap();
        s.feed.sender(admin).set_primary_token(cert).unwrap();
        s.cert.sender(admin).constructor(admin, s.feed.address()).unwrap();
        s.cert.sender(admin).set_pool(pool).unwrap();
        s.bond
            .sender(admin)
            .constructor(admin, s.feed.address(), cert, "Ankr AVAX Bond".into(), "aAVAXb".into())
            .unwrap();
        s.bond.sender(admin).set_pool(pool).unwrap();
        let delay = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS;
        s.staking.sender(admin).constructor(admin, admin, delay).unwrap();
        s.pool.sender(admin).constructor(admin, s.feed.address(), cert, bond, s.treasury.address(), delay).unwrap();
        s.pool.sender(admin).set_deposit_address(s.delegator.address()).unwrap();
        s.delegator.sender(admin).constructor(pool, s.staking.address(), delay).unwrap();
        for (account, validator) in s.accounts.iter().zip(s.validators) {
            account.sender(admin).constructor(s.delegator.address(), s.staking.address(), validator).unwrap();
            s.delegator.sender(admin).add_validator(account.address()).unwrap();
        }
        s.alice.fund(avax(1_000));
        s.bob.fund(avax(1_000));
        s
    }

    fn stake(&self, value: U256) {
        self.pool.sender_and_value(self.alice.address(), value).stake_and_claim_certs().unwrap();
    }

    fn collect(&self, amount: U256) {
        self.pool.sender(self.admin.address()).collect_stakes(amount).unwrap();
    }

    fn ratio(&self) -> U256 {
        self.feed.sender(self.admin.address()).get_ratio_for(self.cert.address()).unwrap()
    }

    fn pooled(&self) -> U256 {
        self.pool.sender(self.admin.address()).total_pooled_avax()
    }

    /// The buckets of validator `i`'s stake pool: (active, inactive,
    /// pending_active, pending_inactive).
    fn buckets(&self, i: usize) -> (U256, U256, U256, U256) {
        self.staking.sender(self.admin.address()).get_stake(self.accounts[i].address()).unwrap()
    }

    /// Everything staked, at every validator.
    fn staked(&self) -> U256 {
        self.accounts
            .iter()
            .map(|account| match self.staking.sender(self.admin.address()).get_stake(account.address()) {
                Ok((a, b, c, d)) => a + b + c + d,
                Err(_) => U256::ZERO,
            })
            .sum()
    }

    /// What the delegator and its accounts hold between calls.
    fn held_by_the_set(&self) -> U256 {
        self.delegator.balance() + self.accounts.iter().map(|a| a.balance()).sum::<U256>()
    }

    /// `who` asks the delegator to report, once the feed's interval has
    /// passed (motsu's clock stands still, so the feed's clocks are moved
    /// back instead).
    fn report_as(&self, who: Address) -> Result<(), Failure> {
        self.feed.sender(self.admin.address()).rewind_clocks(self.cert.address(), DEFAULT_MIN_INTERVAL_SECS);
        self.delegator.sender(who).report_rewards()
    }

    /// Rewards reach the first validator's account (motsu's clock stands
    /// still, so epochs cannot end here; the chain scenarios run them): what
    /// an account holds counts as the pool's.
    fn rewards_arrive(&self, amount: U256) {
        self.accounts[0].address().fund(amount);
    }

    /// Invariant 1 of docs/protocol.md: what the pool owes (its pooled AVAX
    /// and its queue's dues) is held by the pool, the delegator and the
    /// stake pool together; and the shares are backed.
    fn assert_solvent(&self) {
        let p = self.pool.sender(self.admin.address());
        let held = self.pool.balance() + self.held_by_the_set() + self.staked();
        assert!(held >= p.total_pooled_avax() + p.owed_to_queue(), "owes more than it holds and stakes");
        assert!(
            p.total_shares() * ONE <= p.total_pooled_avax() * self.ratio(),
            "shares worth more than the pooled AVAX"
        );
    }
}

/// Asserts `result` reverted with `data`.
fn reverts_with(result: Result<impl core::fmt::Debug, Failure>, data: Vec<u8>) {
    match result.motsu_res() {
        Err(e) => assert_eq!(Vec::<u8>::from(e), data),
        other => panic!("expected a revert, got {other:?}"),
    }
}

fn unauthorized(result: Result<impl core::fmt::Debug, Failure>, account: Address) {
    reverts_with(result, Unauthorized { account }.abi_encode());
}

// ---------------------------------------------------------------- wiring

#[motsu::test]
fn constructor_records_the_wiring_and_the_owner_adds_the_set() {
    let s = Suite::new();
    let wiring = s.delegator.sender(s.bob.address()).wiring();
    assert_eq!(wiring, (s.pool.address(), s.staking.address()));
    let accounts: Vec<Address> = s.accounts.iter().map(|a| a.address()).collect();
    assert_eq!(s.delegator.sender(s.bob.address()).validators(), accounts);
    s.delegator.assert_emitted(&ValidatorAdded { account: accounts[1] });
}

#[motsu::test]
fn collections_go_to_the_least_staked_validator_each_run_by_its_operator() {
    let s = Suite::new();
    s.stake(avax(10));
    s.collect(avax(6));
    assert_eq!(s.buckets(0), (avax(6), U256::ZERO, U256::ZERO, U256::ZERO));
    s.delegator.assert_emitted(&StakesDelegated { account: s.accounts[0].address(), amount: avax(6) });
    s.collect(avax(4));
    assert_eq!(s.buckets(1).0, avax(4));
    let (_, _, operator, voter, _, _) = s.staking.sender(s.bob.address()).stake_pool(s.accounts[1].address()).unwrap();
    assert_eq!((operator, voter), (s.validators[1], s.validators[1]));
    assert_eq!(s.held_by_the_set(), U256::ZERO);
    s.assert_solvent();
}

#[motsu::test]
fn a_collection_past_the_validators_room_reverts_with_collect_above_room() {
    let s = Suite::new();
    s.stake(avax(10));
    let room = s.delegator.sender(s.bob.address()).stake_room().unwrap();
    assert_eq!(s.pool.sender(s.bob.address()).collectable_stakes().unwrap(), avax(10).min(room));
    // More than any validator can take (its room under the maximum stake)
    // is refused before anything moves.
    s.pool.address().fund(room + U256::from(1));
    let too_much = s.delegator.sender_and_value(s.pool.address(), room + U256::from(1)).on_staking_payment();
    reverts_with(too_much, CoreError::CollectAboveRoom.selector().to_vec());
}

#[motsu::test]
fn only_the_pool_and_the_sets_accounts_may_pay_the_delegator() {
    let s = Suite::new();
    for who in [s.alice.address(), s.admin.address(), s.staking.address()] {
        who.fund(avax(1));
        unauthorized(s.delegator.sender_and_value(who, avax(1)).on_staking_payment(), who);
    }
    assert_eq!(s.delegator.balance(), U256::ZERO);
}

#[motsu::test]
fn unlock_stakes_beyond_the_sets_active_stake_reverts_with_insufficient_stake() {
    let s = Suite::new();
    s.stake(avax(10));
    s.collect(avax(10));
    let refused = s.delegator.sender(s.admin.address()).unlock_stakes(avax(11));
    reverts_with(refused, CoreError::InsufficientStake.selector().to_vec());
    assert_eq!(s.buckets(0).0, avax(10));
}

#[motsu::test]
fn withdraw_stakes_brings_unlocked_stake_back_to_the_pool() {
    let s = Suite::new();
    s.stake(avax(10));
    s.collect(avax(10));
    s.delegator.sender(s.admin.address()).unlock_stakes(avax(4)).unwrap();
    s.delegator.assert_emitted(&StakesUnlocked { account: s.accounts[0].address(), amount: avax(4) });
    // The stake pool is outside the validator set and its lockup is over,
    // so unlocked stake is withdrawable at once; anyone may bring it.
    let got = s.delegator.sender(s.bob.address()).withdraw_stakes().unwrap();
    assert_eq!(got, avax(4));
    assert_eq!(s.pool.balance(), avax(4));
    assert_eq!(s.held_by_the_set(), U256::ZERO);
    assert_eq!(s.buckets(0), (avax(6), U256::ZERO, U256::ZERO, U256::ZERO));
    s.delegator.assert_emitted(&StakesWithdrawn { amount: avax(4) });
    s.assert_solvent();
}

#[motsu::test]
fn report_rewards_measures_the_growth_and_the_pool_takes_the_fee_and_lowers_the_ratio() {
    let s = Suite::new();
    s.stake(avax(100));
    s.collect(avax(100));
    let rewards = AVAX / U256::from(20); // 0.05 AVAX: within the feed's 0.1% step
    s.rewards_arrive(rewards);
    assert_eq!(s.delegator.sender(s.bob.address()).measured_rewards().unwrap(), (rewards, rewards, U256::ZERO));
    s.report_as(s.bob.address()).unwrap();
    assert!(s.ratio() < ONE);
    assert_eq!(s.pooled(), avax(100) + rewards);
    let fee_shares = s.cert.sender(s.admin.address()).balance_of(s.treasury.address());
    assert_eq!(fee_shares, lst_core::math::assets_to_shares(rewards / U256::from(10), s.ratio()).unwrap());
    s.delegator.assert_emitted(&RewardsMeasured { growth: rewards, reported: rewards, carried: U256::ZERO });
    s.assert_solvent();
}

#[motsu::test]
fn a_ratio_update_the_feed_refuses_reverts_the_whole_report() {
    let s = Suite::new();
    s.stake(avax(100));
    s.rewards_arrive(AVAX / U256::from(20));
    // The feed's minimum interval has not passed since the ratio was set.
    reverts_with(
        s.delegator.sender(s.bob.address()).report_rewards(),
        CoreError::RatioUpdateTooSoon.selector().to_vec(),
    );
    assert_eq!((s.ratio(), s.pooled()), (ONE, avax(100)));
}

#[motsu::test]
fn the_pool_takes_reward_reports_from_its_delegator_only() {
    let s = Suite::new();
    s.stake(avax(100));
    let refused = s.pool.sender(s.bob.address()).report_rewards(AVAX).motsu_res();
    assert!(refused.is_err());
    assert_eq!(s.pooled(), avax(100));
}

// ---------------------------------------------------------------- lifecycle

#[motsu::test]
fn delegated_lifecycle_conserves_avax_and_keeps_the_pool_solvent_at_every_step() {
    let s = Suite::new();
    let (admin, alice, bob) = (s.admin.address(), s.alice.address(), s.bob.address());
    let everyone = || {
        [&s.admin, &s.alice, &s.bob, &s.treasury].iter().map(|a| a.balance()).sum::<U256>()
            + s.pool.balance()
            + s.held_by_the_set()
            + s.staking.balance()
    };
    // What exists: the accounts' AVAX, plus the rewards `Staking` pays.
    let total = core::cell::Cell::new(everyone());
    let check = |step: &str| {
        assert_eq!(everyone(), total.get(), "AVAX created or lost at: {step}");
        s.assert_solvent();
    };

    s.pool.sender_and_value(alice, avax(60)).stake_and_claim_certs().unwrap();
    s.pool.sender_and_value(bob, avax(40)).stake_and_claim_bonds().unwrap();
    check("stake");
    s.collect(avax(100));
    assert_eq!(s.staked(), avax(100));
    check("collect");

    let rewards = AVAX / U256::from(20);
    s.rewards_arrive(rewards);
    total.set(total.get() + rewards);
    s.report_as(alice).unwrap();
    assert!(s.ratio() < ONE, "rewards lower the ratio");
    check("report rewards");

    let alice_id = s.pool.sender(alice).claim_certs(avax(60)).unwrap();
    let bob_bonds = s.bond.sender(bob).balance_of(bob).unwrap();
    let bob_id = s.pool.sender(bob).claim_bonds(bob_bonds).unwrap();
    check("claim");

    // The operator unlocks what the queue needs beyond the free balance and
    // what the delegator holds (withdrawing brings both to the pool).
    let owed = s.pool.sender(admin).owed_to_queue();
    s.delegator.sender(admin).unlock_stakes(owed - s.pool.balance() - s.held_by_the_set()).unwrap();
    check("unlock");
    s.delegator.sender(bob).withdraw_stakes().unwrap();
    check("withdraw stakes");
    s.pool.sender(admin).serve_claims(bob_id).unwrap();
    check("serve");
    s.pool.sender(alice).withdraw_claim(alice_id).unwrap();
    s.pool.sender(bob).withdraw_claim(bob_id).unwrap();
    check("withdraw claims");
    assert_eq!(s.pool.sender(admin).owed_to_queue(), U256::ZERO);
}
