//! motsu tests of the pool with a real feed, ankrAVAX and aAVAXb deployed
//! beside it: every external function, its events, each error path with
//! state unchanged, the access matrix, and the whole lifecycle with AVAX
//! conservation checked at every step.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::uint;
use lst_bond_token::BondToken;
use lst_cert_token::CertToken;
use lst_core::math::ONE;
use lst_core::policy::DEFAULT_MIN_INTERVAL_SECS;
use lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY;

/// motsu's fixed block timestamp.
const NOW: u64 = 1_735_689_600;
use lst_rate_provider::RateProvider;
use lst_stylus_common::timelock::{ChangeCancelled, ChangeExecuted, ChangeScheduled};
use lst_stylus_common::Unauthorized;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::IErc20;

const AVAX: U256 = ONE;

use lst_stylus_common::test_accounts::{Refuser, Wallet};

fn avax(n: u64) -> U256 {
    U256::from(n) * AVAX
}

/// The pool wired to a real feed and real tokens.
struct Suite {
    feed: Contract<RateProvider>,
    cert: Contract<CertToken>,
    bond: Contract<BondToken>,
    pool: Contract<AvalanchePool>,
    admin: Contract<Wallet>,
    alice: Contract<Wallet>,
    bob: Contract<Wallet>,
    treasury: Contract<Wallet>,
    deposit: Contract<Wallet>,
}

impl Suite {
    fn new() -> Self {
        let s = Suite {
            feed: Contract::new(),
            cert: Contract::new(),
            bond: Contract::new(),
            pool: Contract::new(),
            admin: Contract::new(),
            alice: Contract::new(),
            bob: Contract::new(),
            treasury: Contract::new(),
            deposit: Contract::new(),
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
        s.pool.sender(admin).constructor(admin, s.feed.address(), cert, bond, s.treasury.address(), DELAY).unwrap();
        s.pool.sender(admin).set_deposit_address(s.deposit.address()).unwrap();
        s.alice.fund(avax(1_000));
        s.bob.fund(avax(1_000));
        s.admin.fund(avax(1_000));
        s
    }

    fn stake_certs(&self, who: &Contract<Wallet>, value: U256) -> Result<(), Error> {
        self.pool.sender_and_value(who.address(), value).stake_and_claim_certs()
    }

    fn stake_bonds(&self, who: &Contract<Wallet>, value: U256) -> Result<(), Error> {
        self.pool.sender_and_value(who.address(), value).stake_and_claim_bonds()
    }

    /// Every account that ever holds AVAX in these tests.
    fn total_avax(&self) -> U256 {
        [&self.admin, &self.alice, &self.bob, &self.treasury, &self.deposit].iter().map(|a| a.balance()).sum::<U256>()
            + self.pool.balance()
            + self.feed.balance()
    }

    /// The deposit address reports `rewards`, once the feed's interval has
    /// passed (motsu's clock stands still, so the feed's clocks are moved
    /// back instead).
    fn report(&self, rewards: U256) -> Result<(), Error> {
        self.feed.sender(self.admin.address()).rewind_clocks(self.cert.address(), DEFAULT_MIN_INTERVAL_SECS);
        self.pool.sender(self.deposit.address()).report_rewards(rewards)
    }

    fn ratio(&self) -> U256 {
        self.feed.sender(self.admin.address()).get_ratio_for(self.cert.address()).unwrap()
    }

    /// The pool's invariants: what it owes is backed (invariant 1 of docs/protocol.md), and the
    /// AVAX reserved for claimable requests is in its balance.
    fn assert_solvent(&self) {
        let p = self.pool.sender(self.admin.address());
        let pooled = p.total_pooled_avax();
        let shares = p.total_shares();
        assert!(shares * ONE <= pooled * self.ratio(), "shares worth more than the pooled AVAX");
        let cert_supply = self.cert.sender(self.admin.address()).total_supply();
        let bond_shares = self.bond.sender(self.admin.address()).total_shares();
        assert_eq!(cert_supply + bond_shares, shares, "token supplies disagree with the ledger");
        let header = p.queue.header();
        assert!(self.pool.balance() >= header.reserved(), "claimable requests not funded");
    }

    fn status(&self, id: u64) -> (Address, U256, U8) {
        self.pool.sender(self.admin.address()).claim_status(U256::from(id))
    }
}

/// Asserts the call failed with the core rule `expected` (and reverts it,
/// as a chain would: motsu keeps a failed call's effects unless told).
fn core_err(result: Result<impl core::fmt::Debug, Error>, expected: CoreError) {
    match result.motsu_res() {
        Err(Error::Core(e)) => {
            assert_eq!(e, expected);
            assert!(
                crate::CORE_ERRORS.contains(&expected),
                "{expected:?} is raised but missing from the ABI (lst_core::error::raised)"
            );
        }
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

fn unauthorized(result: Result<impl core::fmt::Debug, Error>, account: Address) {
    match result.motsu_res() {
        Err(Error::Unauthorized(e)) => assert_eq!(e, Unauthorized { account }),
        Err(Error::Ownable(ownable::Error::UnauthorizedAccount(_))) => {}
        other => panic!("expected an authorisation error for {account}, got {other:?}"),
    }
}

const PENDING: U8 = uint!(1_U8);
const CLAIMABLE: U8 = uint!(2_U8);
const CLAIMED: U8 = uint!(3_U8);

// ---------------------------------------------------------------- staking

#[motsu::test]
fn stake_and_claim_certs_mints_ankr_avax_at_the_ratio() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    assert_eq!(s.cert.sender(s.alice.address()).balance_of(s.alice.address()), avax(10));
    s.pool.assert_emitted(&StakePendingV2 { staker: s.alice.address(), amount: avax(10), isRebasing: false });
    assert_eq!(s.pool.balance(), avax(10));
    assert_eq!(s.pool.sender(s.alice.address()).total_pooled_avax(), avax(10));
    s.assert_solvent();
}

#[motsu::test]
fn stake_and_claim_bonds_mints_a_avax_b_worth_the_stake() {
    let s = Suite::new();
    s.stake_bonds(&s.bob, avax(5)).unwrap();
    assert_eq!(s.bond.sender(s.bob.address()).balance_of(s.bob.address()).unwrap(), avax(5));
    s.pool.assert_emitted(&StakePendingV2 { staker: s.bob.address(), amount: avax(5), isRebasing: true });
    s.assert_solvent();
}

#[motsu::test]
fn stake_below_the_minimum_is_refused_and_changes_nothing() {
    let s = Suite::new();
    let before = s.alice.balance();
    core_err(s.stake_certs(&s.alice, AVAX / U256::from(2)), CoreError::StakeBelowMinimum);
    assert_eq!(s.alice.balance(), before);
    assert_eq!(s.pool.sender(s.alice.address()).total_pooled_avax(), U256::ZERO);
}

#[motsu::test]
fn stake_of_a_fraction_of_avax_is_refused() {
    let s = Suite::new();
    core_err(s.stake_bonds(&s.alice, avax(1) + U256::from(1)), CoreError::StakeNotWholeUnits);
    assert_eq!(s.bond.sender(s.alice.address()).total_shares(), U256::ZERO);
}

#[motsu::test]
fn stake_of_zero_is_refused() {
    let s = Suite::new();
    core_err(s.stake_certs(&s.alice, U256::ZERO), CoreError::ZeroAmount);
}

#[motsu::test]
fn staking_is_refused_while_paused() {
    let s = Suite::new();
    s.pool.sender(s.admin.address()).pause().unwrap();
    assert!(matches!(s.stake_certs(&s.alice, avax(1)).motsu_res(), Err(Error::Pausable(_))));
    assert!(matches!(s.stake_bonds(&s.alice, avax(1)).motsu_res(), Err(Error::Pausable(_))));
    assert_eq!(s.pool.balance(), U256::ZERO);
}

#[motsu::test]
fn a_donation_does_not_move_the_ratio() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    s.pool.fund(avax(100));
    s.stake_certs(&s.bob, avax(10)).unwrap();
    assert_eq!(s.cert.sender(s.bob.address()).balance_of(s.bob.address()), avax(10));
    assert_eq!(s.pool.sender(s.bob.address()).total_pooled_avax(), avax(20));
}

// ---------------------------------------------------------------- claims

#[motsu::test]
fn claim_certs_burns_now_and_queues_the_avax_owed() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    let id = s.pool.sender(s.alice.address()).claim_certs(avax(4)).unwrap();
    assert_eq!(id, U256::from(1));
    assert_eq!(s.cert.sender(s.alice.address()).balance_of(s.alice.address()), avax(6));
    s.pool.assert_emitted(&AvaxClaimPendingV2 { claimer: s.alice.address(), amount: avax(4), isRebasing: false });
    s.pool.assert_emitted(&ClaimRequested { requestId: id, claimer: s.alice.address(), amount: avax(4) });
    assert_eq!(s.status(1), (s.alice.address(), avax(4), PENDING));
    assert_eq!(s.pool.sender(s.bob.address()).pending_avax_claims_of(s.alice.address()), avax(4));
    s.assert_solvent();
}

#[motsu::test]
fn claim_bonds_burns_the_shares_worth_the_amount() {
    let s = Suite::new();
    s.stake_bonds(&s.bob, avax(5)).unwrap();
    let id = s.pool.sender(s.bob.address()).claim_bonds(avax(2)).unwrap();
    assert_eq!(s.bond.sender(s.bob.address()).balance_of(s.bob.address()).unwrap(), avax(3));
    s.pool.assert_emitted(&AvaxClaimPendingV2 { claimer: s.bob.address(), amount: avax(2), isRebasing: true });
    assert_eq!(s.status(id.to()), (s.bob.address(), avax(2), PENDING));
    s.assert_solvent();
}

#[motsu::test]
fn claim_of_zero_is_refused() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(1)).unwrap();
    core_err(s.pool.sender(s.alice.address()).claim_certs(U256::ZERO), CoreError::ZeroAmount);
    core_err(s.pool.sender(s.alice.address()).claim_bonds(U256::ZERO), CoreError::ZeroAmount);
    assert_eq!(s.pool.sender(s.alice.address()).queue_bounds(), (1, 0, 0));
}

#[motsu::test]
fn claim_of_more_certs_than_held_is_refused_by_the_token() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(2)).unwrap();
    s.stake_certs(&s.bob, avax(2)).unwrap();
    let err = s.pool.sender(s.alice.address()).claim_certs(avax(3)).motsu_unwrap_err();
    assert!(matches!(err, Error::Call(_)), "{err:?}");
    assert_eq!(s.cert.sender(s.alice.address()).balance_of(s.alice.address()), avax(2));
    assert_eq!(s.pool.sender(s.alice.address()).total_pooled_avax(), avax(4));
    assert_eq!(s.pool.sender(s.alice.address()).queue_bounds(), (1, 0, 0));
}

#[motsu::test]
fn claim_of_more_than_the_pool_holds_is_refused() {
    let s = Suite::new();
    s.stake_bonds(&s.bob, avax(2)).unwrap();
    core_err(s.pool.sender(s.bob.address()).claim_bonds(avax(3)), CoreError::MathOverflow);
    assert_eq!(s.bond.sender(s.bob.address()).balance_of(s.bob.address()).unwrap(), avax(2));
}

#[motsu::test]
fn claiming_is_refused_while_paused() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(2)).unwrap();
    s.pool.sender(s.admin.address()).pause().unwrap();
    assert!(matches!(s.pool.sender(s.alice.address()).claim_certs(avax(1)).motsu_res(), Err(Error::Pausable(_))));
    assert!(matches!(s.pool.sender(s.alice.address()).claim_bonds(avax(1)).motsu_res(), Err(Error::Pausable(_))));
}

// ---------------------------------------------------------------- serving and withdrawing

/// Alice stakes 10 and claims 3 then 4; the stakes are collected, so the
/// queue needs the operator's funding.
fn queued() -> Suite {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    s.pool.sender(s.admin.address()).collect_stakes(avax(10)).unwrap();
    s.pool.sender(s.alice.address()).claim_certs(avax(3)).unwrap();
    s.pool.sender(s.alice.address()).claim_certs(avax(4)).unwrap();
    s
}

#[motsu::test]
fn serve_claims_makes_requests_claimable_up_to_an_id() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    s.pool.assert_emitted(&ClaimsServed { firstId: U256::from(1), lastId: U256::from(1), amount: avax(3) });
    assert_eq!(s.status(1).2, CLAIMABLE);
    assert_eq!(s.status(2).2, PENDING);
    assert_eq!(s.pool.sender(s.alice.address()).queue_bounds(), (2, 1, 2));
    s.assert_solvent();
}

#[motsu::test]
fn serve_claims_without_enough_funds_is_refused() {
    let s = queued();
    let before = s.admin.balance();
    core_err(
        s.pool.sender_and_value(s.admin.address(), avax(6)).serve_claims(U256::from(2)),
        CoreError::InsufficientFunding,
    );
    assert_eq!(s.admin.balance(), before);
    assert_eq!(s.status(1).2, PENDING);
}

#[motsu::test]
fn serve_claims_beyond_the_tail_or_behind_the_head_is_refused() {
    let s = queued();
    core_err(
        s.pool.sender_and_value(s.admin.address(), avax(7)).serve_claims(U256::from(3)),
        CoreError::ServeOutOfRange,
    );
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    core_err(s.pool.sender(s.admin.address()).serve_claims(U256::from(1)), CoreError::ServeOutOfRange);
    core_err(s.pool.sender(s.admin.address()).serve_claims(U256::MAX), CoreError::ServeOutOfRange);
}

#[motsu::test]
fn withdraw_claim_pays_the_owner_once() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(7)).serve_claims(U256::from(2)).unwrap();
    let before = s.alice.balance();
    s.pool.sender(s.alice.address()).withdraw_claim(U256::from(2)).unwrap();
    assert_eq!(s.alice.balance(), before + avax(4));
    s.pool.assert_emitted(&ClaimWithdrawn { requestId: U256::from(2), claimer: s.alice.address(), amount: avax(4) });
    assert_eq!(s.status(2).2, CLAIMED);
    assert_eq!(s.pool.sender(s.alice.address()).pending_avax_claims_of(s.alice.address()), avax(3));
    core_err(s.pool.sender(s.alice.address()).withdraw_claim(U256::from(2)), CoreError::RequestAlreadyClaimed);
    assert_eq!(s.alice.balance(), before + avax(4));
    s.assert_solvent();
}

#[motsu::test]
fn withdraw_claim_of_a_pending_request_is_refused() {
    let s = queued();
    core_err(s.pool.sender(s.alice.address()).withdraw_claim(U256::from(1)), CoreError::RequestNotClaimable);
}

#[motsu::test]
fn withdraw_claim_by_someone_else_is_refused() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    core_err(s.pool.sender(s.bob.address()).withdraw_claim(U256::from(1)), CoreError::NotRequestOwner);
    assert_eq!(s.status(1).2, CLAIMABLE);
}

#[motsu::test]
fn withdraw_claim_of_an_unknown_id_is_refused() {
    let s = queued();
    core_err(s.pool.sender(s.alice.address()).withdraw_claim(U256::from(9)), CoreError::RequestNotFound);
    core_err(s.pool.sender(s.alice.address()).withdraw_claim(U256::MAX), CoreError::RequestNotFound);
}

#[motsu::test]
fn withdraw_claim_still_works_while_paused() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    s.pool.sender(s.admin.address()).pause().unwrap();
    s.pool.sender(s.alice.address()).withdraw_claim(U256::from(1)).unwrap();
    assert_eq!(s.status(1).2, CLAIMED);
}

#[motsu::test]
fn withdraw_claim_to_a_recipient_that_refuses_keeps_the_request() {
    let s = Suite::new();
    let refuser_contract = Contract::<Refuser>::new();
    let refuser = refuser_contract.address();
    refuser.fund(avax(5));
    s.pool.sender_and_value(refuser, avax(2)).stake_and_claim_certs().unwrap();
    s.pool.sender(refuser).claim_certs(avax(2)).unwrap();
    s.pool.sender(s.admin.address()).serve_claims(U256::from(1)).unwrap();
    let err = s.pool.sender(refuser).withdraw_claim(U256::from(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::TransferFailed(_)), "{err:?}");
    assert_eq!(s.status(1).2, CLAIMABLE);
    assert_eq!(s.pool.sender(refuser).pending_avax_claims_of(refuser), avax(2));
}

#[motsu::test]
fn push_claims_pays_claimable_requests_and_skips_the_rest() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    let before = s.alice.balance();
    // Ids 1..=5: 1 is claimable, 2 pending, 3..=5 never issued.
    let paid = s.pool.sender(s.admin.address()).push_claims(U256::from(1), U256::from(5)).unwrap();
    assert_eq!(paid, U256::from(1));
    s.pool.assert_emitted(&ClaimWithdrawn { requestId: U256::from(1), claimer: s.alice.address(), amount: avax(3) });
    assert_eq!(s.alice.balance(), before + avax(3));
    assert_eq!(s.status(1).2, CLAIMED);
    assert_eq!(s.status(2).2, PENDING);
    s.assert_solvent();
}

#[motsu::test]
fn push_claims_pays_a_request_once() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    s.pool.sender(s.admin.address()).push_claims(U256::from(1), U256::from(1)).unwrap();
    let before = s.alice.balance();
    let paid = s.pool.sender(s.admin.address()).push_claims(U256::from(1), U256::from(1)).unwrap();
    assert_eq!(paid, U256::ZERO);
    assert_eq!(s.alice.balance(), before);
}

#[motsu::test]
fn push_claims_from_an_id_past_every_request_pays_nothing() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    for first in [U256::from(u64::MAX), U256::MAX] {
        let paid = s.pool.sender(s.admin.address()).push_claims(first, U256::from(MAX_PUSH_BATCH)).unwrap();
        assert_eq!(paid, U256::ZERO);
    }
    assert_eq!(s.status(1).2, CLAIMABLE);
}

#[motsu::test]
fn push_claims_is_not_blocked_by_a_refusing_recipient() {
    let s = Suite::new();
    let refuser_contract = Contract::<Refuser>::new();
    let refuser = refuser_contract.address();
    refuser.fund(avax(5));
    s.pool.sender_and_value(refuser, avax(2)).stake_and_claim_certs().unwrap();
    s.pool.sender(refuser).claim_certs(avax(2)).unwrap();
    s.stake_certs(&s.alice, avax(1)).unwrap();
    s.pool.sender(s.alice.address()).claim_certs(avax(1)).unwrap();
    s.pool.sender(s.admin.address()).serve_claims(U256::from(2)).unwrap();
    let before = s.alice.balance();
    let paid = s.pool.sender(s.admin.address()).push_claims(U256::from(1), U256::from(2)).unwrap();
    assert_eq!(paid, U256::from(1));
    s.pool.assert_emitted(&ClaimPushFailed { requestId: U256::from(1), claimer: refuser });
    assert_eq!(s.status(1).2, CLAIMABLE);
    assert_eq!(s.alice.balance(), before + avax(1));
    s.assert_solvent();
}

#[motsu::test]
fn push_claims_longer_than_the_batch_limit_is_refused() {
    let s = queued();
    s.pool.sender_and_value(s.admin.address(), avax(3)).serve_claims(U256::from(1)).unwrap();
    let before = s.alice.balance();
    let count = U256::from(MAX_PUSH_BATCH + 1);
    match s.pool.sender(s.admin.address()).push_claims(U256::from(1), count).motsu_res() {
        Err(Error::BatchTooLarge(e)) => assert_eq!(e.max, U256::from(MAX_PUSH_BATCH)),
        other => panic!("{other:?}"),
    }
    // Nothing was paid: the claimable request is still there.
    assert_eq!(s.status(1).2, CLAIMABLE);
    assert_eq!(s.alice.balance(), before);
    assert!(s.pool.sender(s.admin.address()).push_claims(U256::from(1), U256::from(MAX_PUSH_BATCH)).is_ok());
}

// ---------------------------------------------------------------- collecting and rewards

#[motsu::test]
fn collect_stakes_moves_avax_to_the_deposit_address() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    let before = s.deposit.balance();
    s.pool.sender(s.admin.address()).collect_stakes(avax(6)).unwrap();
    assert_eq!(s.deposit.balance(), before + avax(6));
    s.pool.assert_emitted(&StakesCollected { depositAddress: s.deposit.address(), amount: avax(6) });
    assert_eq!(s.pool.sender(s.admin.address()).collectable_stakes(), avax(4));
}

#[motsu::test]
fn collect_stakes_never_takes_what_the_queue_is_owed() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    s.pool.sender(s.alice.address()).claim_certs(avax(4)).unwrap();
    assert_eq!(s.pool.sender(s.admin.address()).collectable_stakes(), avax(6));
    core_err(s.pool.sender(s.admin.address()).collect_stakes(avax(7)), CoreError::InsufficientFunding);
    assert_eq!(s.pool.balance(), avax(10));
    core_err(s.pool.sender(s.admin.address()).collect_stakes(U256::ZERO), CoreError::ZeroAmount);
}

#[motsu::test]
fn report_rewards_takes_the_fee_and_lowers_the_ratio_through_the_feed() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(100)).unwrap();
    let rewards = AVAX / U256::from(20); // 0.05 AVAX: within the feed's 0.1% step
    s.report(rewards).unwrap();
    let ratio = s.ratio();
    assert!(ratio < ONE);
    let fee = rewards / U256::from(10);
    let fee_shares = s.cert.sender(s.treasury.address()).balance_of(s.treasury.address());
    assert_eq!(fee_shares, lst_core::math::assets_to_shares(fee, ratio).unwrap());
    s.pool.assert_emitted(&RewardsReported { rewards, fee, newRatio: ratio, feeShares: fee_shares });
    assert_eq!(s.pool.sender(s.admin.address()).total_pooled_avax(), avax(100) + rewards);
    s.assert_solvent();
}

#[motsu::test]
fn report_rewards_beyond_the_feed_bound_is_refused_and_changes_nothing() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(100)).unwrap();
    let err = s.report(avax(5)).motsu_unwrap_err();
    match err {
        Error::Call(data) => assert_eq!(data, CoreError::RatioChangeTooLarge.selector().to_vec()),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.ratio(), ONE);
    assert_eq!(s.pool.sender(s.admin.address()).total_pooled_avax(), avax(100));
    assert_eq!(s.cert.sender(s.admin.address()).balance_of(s.treasury.address()), U256::ZERO);
}

#[motsu::test]
fn report_rewards_of_zero_is_refused() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(1)).unwrap();
    core_err(s.report(U256::ZERO), CoreError::ZeroAmount);
}

#[motsu::test]
fn report_rewards_while_paused_is_refused() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(100)).unwrap();
    s.pool.sender(s.admin.address()).pause().unwrap();
    let result = s.report(AVAX / U256::from(20)).motsu_res();
    assert!(matches!(result, Err(Error::Pausable(_))));
    assert_eq!(s.ratio(), ONE);
    assert_eq!(s.cert.sender(s.admin.address()).balance_of(s.treasury.address()), U256::ZERO);
}

#[motsu::test]
fn the_deposit_address_brings_staked_avax_back() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    s.pool.sender(s.admin.address()).collect_stakes(avax(10)).unwrap();
    s.pool.sender_and_value(s.deposit.address(), avax(4)).on_staking_payment().unwrap();
    assert_eq!(s.pool.balance(), avax(4));
    s.assert_solvent();
}

#[motsu::test]
fn only_the_deposit_address_may_pay_the_pool() {
    let s = Suite::new();
    for who in [&s.alice, &s.admin] {
        unauthorized(s.pool.sender_and_value(who.address(), avax(1)).on_staking_payment(), who.address());
    }
    assert_eq!(s.pool.balance(), U256::ZERO);
}

#[motsu::test]
fn owed_to_queue_counts_pending_and_claimable_requests_until_paid() {
    let s = Suite::new();
    s.stake_certs(&s.alice, avax(10)).unwrap();
    let first = s.pool.sender(s.alice.address()).claim_certs(avax(3)).unwrap();
    s.pool.sender(s.alice.address()).claim_certs(avax(2)).unwrap();
    assert_eq!(s.pool.sender(s.admin.address()).owed_to_queue(), avax(5));
    s.pool.sender(s.admin.address()).serve_claims(first).unwrap();
    assert_eq!(s.pool.sender(s.admin.address()).owed_to_queue(), avax(5));
    s.pool.sender(s.alice.address()).withdraw_claim(first).unwrap();
    assert_eq!(s.pool.sender(s.admin.address()).owed_to_queue(), avax(2));
}

// ---------------------------------------------------------------- admin settings

#[motsu::test]
fn set_min_stake_changes_the_minimum_with_an_event() {
    let s = Suite::new();
    s.pool.sender(s.admin.address()).set_min_stake(avax(32)).unwrap();
    s.pool.assert_emitted(&MinStakeChanged { oldMinStake: avax(1), newMinStake: avax(32) });
    core_err(s.stake_certs(&s.alice, avax(31)), CoreError::StakeBelowMinimum);
    core_err(s.pool.sender(s.admin.address()).set_min_stake(AVAX / U256::from(2)), CoreError::StakeNotWholeUnits);
    core_err(s.pool.sender(s.admin.address()).set_min_stake(U256::ZERO), CoreError::StakeBelowMinimum);
    assert_eq!(s.pool.sender(s.admin.address()).min_stake(), avax(32));
}

#[motsu::test]
fn a_lower_fee_is_immediate_and_the_fee_is_capped_at_half() {
    let s = Suite::new();
    s.pool.sender(s.admin.address()).set_fee_bps(200).unwrap();
    s.pool.assert_emitted(&FeeChanged { oldFeeBps: U256::from(1000), newFeeBps: U256::from(200) });
    core_err(s.pool.sender(s.admin.address()).set_fee_bps(5001), CoreError::FeeTooHigh);
    assert_eq!(s.pool.sender(s.admin.address()).fee_bps(), 200);
}

impl Suite {
    /// The key of the pool's scheduled `setter` change.
    fn key(&self, setter: [u8; 4]) -> B256 {
        lst_stylus_common::timelock::key(setter, Address::ZERO)
    }

    /// Lets the change waiting for `key` become due (motsu's clock is fixed).
    fn wait_out(&self, key: B256) {
        self.pool.sender(self.admin.address()).changes.rewind(key, DELAY);
    }
}

#[motsu::test]
fn a_higher_fee_is_scheduled_and_applies_after_the_delay() {
    // The attack run's finding: a stolen owner key could jump the fee to
    // 50% in one block.
    let s = Suite::new();
    let admin = s.admin.address();
    let key = s.key(setters::setFeeBpsCall::SELECTOR);
    s.pool.sender(admin).set_fee_bps(5000).unwrap();
    let value = B256::from(U256::from(5000));
    s.pool.assert_emitted(&ChangeScheduled { key, value, executableAt: U256::from(NOW + DELAY) });
    assert_eq!(s.pool.sender(admin).fee_bps(), 1000, "nothing changes yet");
    assert_eq!(s.pool.sender(admin).pending_change(key), (value, U256::from(NOW + DELAY)));
    core_err(s.pool.sender(admin).set_fee_bps(5000), CoreError::ChangeNotReady);
    assert_eq!(s.pool.sender(admin).fee_bps(), 1000);
    s.wait_out(key);
    s.pool.sender(admin).set_fee_bps(5000).unwrap();
    s.pool.assert_emitted(&ChangeExecuted { key, value });
    s.pool.assert_emitted(&FeeChanged { oldFeeBps: U256::from(1000), newFeeBps: U256::from(5000) });
    assert_eq!(s.pool.sender(admin).fee_bps(), 5000);
}

#[motsu::test]
fn a_new_treasury_is_scheduled_and_applies_after_the_delay() {
    let s = Suite::new();
    let (admin, bob) = (s.admin.address(), s.bob.address());
    let key = s.key(setters::setTreasuryCall::SELECTOR);
    s.pool.sender(admin).set_treasury(bob).unwrap();
    assert_eq!(s.pool.sender(admin).treasury(), s.treasury.address(), "nothing changes yet");
    core_err(s.pool.sender(admin).set_treasury(bob), CoreError::ChangeNotReady);
    s.wait_out(key);
    s.pool.sender(admin).set_treasury(bob).unwrap();
    s.pool.assert_emitted(&TreasuryChanged { previousTreasury: s.treasury.address(), newTreasury: bob });
    assert_eq!(s.pool.sender(admin).treasury(), bob);
}

#[motsu::test]
fn the_first_deposit_address_is_immediate_a_new_one_is_scheduled() {
    let s = Suite::new();
    let (admin, bob) = (s.admin.address(), s.bob.address());
    // The suite set the first one at once (Suite::new).
    s.pool.assert_emitted(&DepositAddressChanged { previousDeposit: Address::ZERO, newDeposit: s.deposit.address() });
    let key = s.key(setters::setDepositAddressCall::SELECTOR);
    s.pool.sender(admin).set_deposit_address(bob).unwrap();
    assert_eq!(s.pool.sender(admin).deposit_address(), s.deposit.address(), "nothing changes yet");
    core_err(s.pool.sender(admin).set_deposit_address(bob), CoreError::ChangeNotReady);
    s.wait_out(key);
    s.pool.sender(admin).set_deposit_address(bob).unwrap();
    s.pool.assert_emitted(&DepositAddressChanged { previousDeposit: s.deposit.address(), newDeposit: bob });
    assert_eq!(s.pool.sender(admin).deposit_address(), bob);
}

#[motsu::test]
fn collecting_before_a_deposit_address_is_set_is_refused(pool: Contract<AvalanchePool>, admin: Address, a: Address) {
    pool.sender(admin).constructor(admin, a, a, a, a, DELAY).unwrap();
    assert_eq!(pool.sender(admin).deposit_address(), Address::ZERO);
    let result = pool.sender(admin).collect_stakes(avax(1)).motsu_res();
    assert!(matches!(result, Err(Error::ZeroAddress(_))), "{result:?}");
}

#[motsu::test]
fn the_owner_or_the_pauser_cancels_a_scheduled_change() {
    let s = Suite::new();
    let (admin, pauser, alice) = (s.admin.address(), s.bob.address(), s.alice.address());
    s.pool.sender(admin).set_pauser(pauser).unwrap();
    let key = s.key(setters::setFeeBpsCall::SELECTOR);
    for canceller in [admin, pauser] {
        s.pool.sender(admin).set_fee_bps(3000).unwrap();
        unauthorized(s.pool.sender(alice).cancel_change(key), alice);
        s.pool.sender(canceller).cancel_change(key).unwrap();
        s.pool.assert_emitted(&ChangeCancelled { key, value: B256::from(U256::from(3000)) });
        assert_eq!(s.pool.sender(admin).pending_change(key), (B256::ZERO, U256::ZERO));
    }
    core_err(s.pool.sender(admin).cancel_change(key), CoreError::NoChangePending);
    assert_eq!(s.pool.sender(admin).fee_bps(), 1000);
}

#[motsu::test]
fn constructor_refuses_a_change_delay_out_of_range(pool: Contract<AvalanchePool>, admin: Address, a: Address) {
    for delay in [0, 3_599, 30 * 86_400 + 1] {
        core_err(pool.sender(admin).constructor(admin, a, a, a, a, delay), CoreError::ChangeDelayOutOfRange);
    }
}

#[motsu::test]
fn role_setters_change_the_roles_with_events_and_refuse_zero() {
    let s = Suite::new();
    let (admin, bob) = (s.admin.address(), s.bob.address());
    s.pool.sender(admin).set_operator(bob).unwrap();
    s.pool.assert_emitted(&OperatorChanged { previousOperator: admin, newOperator: bob });
    s.pool.sender(admin).set_pauser(bob).unwrap();
    s.pool.assert_emitted(&PauserChanged { previousPauser: admin, newPauser: bob });
    assert_eq!(s.pool.sender(admin).change_delay(), U256::from(DELAY));
    let p = s.pool.sender(admin);
    assert_eq!((p.operator(), p.pauser()), (bob, bob));
    assert!(matches!(s.pool.sender(admin).set_operator(Address::ZERO).motsu_res(), Err(Error::ZeroAddress(_))));
    assert!(matches!(s.pool.sender(admin).set_pauser(Address::ZERO).motsu_res(), Err(Error::ZeroAddress(_))));
    assert!(matches!(s.pool.sender(admin).set_treasury(Address::ZERO).motsu_res(), Err(Error::ZeroAddress(_))));
    assert!(matches!(s.pool.sender(admin).set_deposit_address(Address::ZERO).motsu_res(), Err(Error::ZeroAddress(_))));
}

#[motsu::test]
fn constructor_refuses_a_zero_address(pool: Contract<AvalanchePool>, admin: Address, a: Address) {
    let result = pool.sender(admin).constructor(admin, a, a, a, Address::ZERO, DELAY).motsu_res();
    assert!(matches!(result, Err(Error::ZeroAddress(_))));
}

#[motsu::test]
fn ownership_moves_in_two_steps() {
    let s = Suite::new();
    s.pool.sender(s.admin.address()).transfer_ownership(s.bob.address()).unwrap();
    assert_eq!(s.pool.sender(s.bob.address()).owner(), s.admin.address());
    s.pool.sender(s.bob.address()).accept_ownership().unwrap();
    assert_eq!(s.pool.sender(s.bob.address()).owner(), s.bob.address());
}

#[motsu::test]
fn pause_and_unpause_toggle_the_flag() {
    let s = Suite::new();
    s.pool.sender(s.admin.address()).pause().unwrap();
    assert!(s.pool.sender(s.admin.address()).paused());
    s.pool.sender(s.admin.address()).unpause().unwrap();
    assert!(!s.pool.sender(s.admin.address()).paused());
    s.stake_certs(&s.alice, avax(1)).unwrap();
}

#[motsu::test]
fn every_privileged_function_refuses_every_other_role() {
    let s = Suite::new();
    let (admin, ops, pauser, alice) = (s.admin.address(), s.bob.address(), s.treasury.address(), s.alice.address());
    s.pool.sender(admin).set_operator(ops).unwrap();
    s.pool.sender(admin).set_pauser(pauser).unwrap();
    // Operator functions: everyone but the operator.
    for who in [admin, pauser, alice] {
        unauthorized(s.pool.sender(who).serve_claims(U256::from(1)), who);
        unauthorized(s.pool.sender(who).push_claims(U256::from(1), U256::ZERO), who);
        unauthorized(s.pool.sender(who).collect_stakes(avax(1)), who);
    }
    // Reward reports: everyone but the deposit address.
    for who in [admin, ops, pauser, alice] {
        unauthorized(s.pool.sender(who).report_rewards(avax(1)), who);
    }
    // Pauser functions: everyone but the pauser.
    for who in [admin, ops, alice] {
        unauthorized(s.pool.sender(who).pause(), who);
        unauthorized(s.pool.sender(who).unpause(), who);
    }
    // Cancelling a scheduled change: everyone but the owner and the pauser.
    for who in [ops, alice] {
        unauthorized(s.pool.sender(who).cancel_change(B256::ZERO), who);
    }
    // Owner functions: everyone but the owner.
    for who in [ops, pauser, alice] {
        unauthorized(s.pool.sender(who).set_min_stake(avax(2)), who);
        unauthorized(s.pool.sender(who).set_fee_bps(1), who);
        unauthorized(s.pool.sender(who).set_operator(who), who);
        unauthorized(s.pool.sender(who).set_pauser(who), who);
        unauthorized(s.pool.sender(who).set_treasury(who), who);
        unauthorized(s.pool.sender(who).set_deposit_address(who), who);
        unauthorized(s.pool.sender(who).transfer_ownership(who), who);
    }
    let p = s.pool.sender(admin);
    assert_eq!((p.operator(), p.pauser(), p.min_stake(), p.fee_bps()), (ops, pauser, avax(1), 1000));
}

// ---------------------------------------------------------------- lifecycle

#[motsu::test]
fn full_lifecycle_conserves_avax_at_every_step() {
    let s = Suite::new();
    let total = s.total_avax();
    let check = |step: &str| {
        assert_eq!(s.total_avax(), total, "AVAX created or lost at: {step}");
        s.assert_solvent();
    };
    let (admin, alice, bob) = (s.admin.address(), s.alice.address(), s.bob.address());

    s.stake_certs(&s.alice, avax(60)).unwrap();
    s.stake_bonds(&s.bob, avax(40)).unwrap();
    check("stake");

    s.pool.sender(admin).collect_stakes(avax(100)).unwrap();
    assert_eq!(s.deposit.balance(), avax(100));
    check("collect");

    let rewards = AVAX / U256::from(20);
    s.report(rewards).unwrap();
    let ratio = s.ratio();
    assert!(ratio < ONE, "rewards lower the ratio");
    assert!(s.cert.sender(admin).balance_of(s.treasury.address()) > U256::ZERO, "fee paid to the treasury");
    let bob_bonds = s.bond.sender(bob).balance_of(bob).unwrap();
    assert!(bob_bonds > avax(40), "bonds grew with the rewards");
    check("report rewards");

    let alice_id = s.pool.sender(alice).claim_certs(avax(60)).unwrap();
    let bob_id = s.pool.sender(bob).claim_bonds(bob_bonds).unwrap();
    let alice_owed = s.status(alice_id.to()).1;
    assert!(alice_owed > avax(60), "certificates are worth more AVAX after rewards");
    assert_eq!(s.bond.sender(bob).balance_of(bob).unwrap(), U256::ZERO);
    check("claim");

    // The operator brings the unstaked AVAX back and serves the queue.
    let owed = alice_owed + bob_bonds;
    s.pool.sender_and_value(admin, owed).serve_claims(bob_id).unwrap();
    check("serve");

    let (alice_before, bob_before) = (s.alice.balance(), s.bob.balance());
    s.pool.sender(alice).withdraw_claim(alice_id).unwrap();
    s.pool.sender(admin).push_claims(bob_id, U256::from(1)).unwrap();
    assert_eq!(s.alice.balance(), alice_before + alice_owed);
    assert_eq!(s.bob.balance(), bob_before + bob_bonds);
    assert_eq!(s.pool.balance(), U256::ZERO);
    check("withdraw");

    // What is left backs the treasury's fee shares only.
    let p = s.pool.sender(admin);
    assert_eq!(p.total_shares(), s.cert.sender(admin).balance_of(s.treasury.address()));
    assert_eq!(p.queue_bounds(), (3, 2, 2));
}
