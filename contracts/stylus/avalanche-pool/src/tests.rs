//! What is Stylus's own in the pool (every message's behaviour and refusal
//! is tested once, in `lst_app::avalanche_pool`): the entry points reach
//! the app layer with the real feed, ankrAVAX and aAVAXb beside the pool,
//! AVAX moves as Nitro moves it (payable calls, a recipient that refuses,
//! a pushed payment's gas bound), the logs are the events the ABI declares,
//! refusals revert with the ABI's error data, and AVAX is conserved over
//! the whole lifecycle.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_sol_types::SolError;
use lst_bond_token::BondToken;
use lst_cert_token::CertToken;
use lst_core::math::ONE;
use lst_core::policy::DEFAULT_MIN_INTERVAL_SECS;
use lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY;
use lst_core::CoreError;

/// motsu's fixed block timestamp.
use lst_rate_provider::RateProvider;
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

/// The revert data of a refused call (reverting it, as a chain would).
fn data(result: Result<impl core::fmt::Debug, Error>) -> Vec<u8> {
    Vec::<u8>::from(result.motsu_unwrap_err())
}

const PENDING: U8 = U8::from_limbs([1]);
const CLAIMABLE: U8 = U8::from_limbs([2]);
const CLAIMED: U8 = U8::from_limbs([3]);

#[motsu::test]
fn the_lifecycle_moves_avax_as_the_chain_does_and_conserves_it() {
    let s = Suite::new();
    let total = s.total_avax();
    let (alice, admin) = (s.alice.address(), s.admin.address());
    s.stake_certs(&s.alice, avax(10)).unwrap();
    s.pool.assert_emitted(&StakePendingV2 { staker: alice, amount: avax(10), isRebasing: false });
    s.stake_bonds(&s.bob, avax(5)).unwrap();
    assert_eq!(s.cert.sender(admin).balance_of(alice), avax(10));
    s.pool.sender(admin).collect_stakes(avax(15)).unwrap();
    s.pool.assert_emitted(&StakesCollected { depositAddress: s.deposit.address(), amount: avax(15) });
    s.pool.sender_and_value(s.deposit.address(), avax(15)).on_staking_payment().unwrap();
    // 0.01 AVAX on 15: within the feed's 0.1% step.
    s.report(avax(1) / U256::from(100)).unwrap();
    s.assert_solvent();
    let id = s.pool.sender(alice).claim_certs(avax(4)).unwrap();
    s.pool.assert_emitted(&ClaimRequested { requestId: id, claimer: alice, amount: s.status(1).1 });
    assert_eq!(s.status(1).2, PENDING);
    s.pool.sender(admin).serve_claims(id).unwrap();
    assert_eq!(s.status(1).2, CLAIMABLE);
    let before = s.alice.balance();
    s.pool.sender(alice).withdraw_claim(id).unwrap();
    assert_eq!((s.status(1).2, s.alice.balance() > before), (CLAIMED, true));
    s.assert_solvent();
    assert_eq!(s.total_avax(), total, "AVAX is conserved");
}

#[motsu::test]
fn a_pushed_payment_refused_by_its_recipient_keeps_the_request() {
    let s = Suite::new();
    let refuser_contract = Contract::<Refuser>::new();
    let refuser = refuser_contract.address();
    refuser.fund(avax(5));
    s.pool.sender_and_value(refuser, avax(2)).stake_and_claim_certs().unwrap();
    s.pool.sender(refuser).claim_certs(avax(2)).unwrap();
    s.stake_certs(&s.alice, avax(1)).unwrap();
    s.pool.sender(s.alice.address()).claim_certs(avax(1)).unwrap();
    s.pool.sender(s.admin.address()).serve_claims(U256::from(2)).unwrap();
    let paid = s.pool.sender(s.admin.address()).push_claims(U256::from(1), U256::from(2)).unwrap();
    assert_eq!(paid, U256::from(1));
    s.pool.assert_emitted(&ClaimPushFailed { requestId: U256::from(1), claimer: refuser });
    assert_eq!((s.status(1).2, s.status(2).2), (CLAIMABLE, CLAIMED));
    let refused = data(s.pool.sender(refuser).withdraw_claim(U256::from(1)));
    assert_eq!(refused, TransferFailed { to: refuser, amount: avax(2) }.abi_encode());
    s.assert_solvent();
}

#[motsu::test]
fn refusals_revert_with_the_abis_error_data() {
    let s = Suite::new();
    let alice = s.alice.address();
    let refused = data(s.stake_certs(&s.alice, avax(1) / U256::from(2)));
    assert_eq!(refused, CoreError::StakeBelowMinimum.selector().to_vec());
    let refused = data(s.pool.sender(alice).serve_claims(U256::from(1)));
    assert_eq!(refused, lst_stylus_common::Unauthorized { account: alice }.abi_encode());
    let refused = data(s.pool.sender(s.admin.address()).push_claims(U256::ZERO, U256::from(MAX_PUSH_BATCH + 1)));
    assert_eq!(refused, BatchTooLarge { max: U256::from(MAX_PUSH_BATCH) }.abi_encode());
    let refused = data(s.pool.sender(alice).set_fee_bps(1));
    assert_eq!(refused, lst_app::Error::OwnableUnauthorizedAccount { account: alice.into_array() }.encode());
    s.pool.sender(s.admin.address()).pause().unwrap();
    assert!(s.pool.sender(alice).paused());
    let refused = data(s.stake_certs(&s.alice, avax(1)));
    assert_eq!(refused, lst_app::Error::EnforcedPause {}.encode());
}

#[motsu::test]
fn the_owners_settings_read_back_from_their_slots() {
    let s = Suite::new();
    let admin = s.admin.address();
    s.pool.sender(admin).set_fee_bps(500).unwrap();
    s.pool.assert_emitted(&FeeChanged { oldFeeBps: U256::from(1_000), newFeeBps: U256::from(500) });
    s.pool.sender(admin).set_min_stake(avax(2)).unwrap();
    s.pool.sender(admin).set_operator(s.bob.address()).unwrap();
    s.pool.sender(admin).set_pauser(s.bob.address()).unwrap();
    let p = s.pool.sender(admin);
    assert_eq!(
        (p.fee_bps(), p.min_stake(), p.operator(), p.pauser()),
        (500, avax(2), s.bob.address(), s.bob.address())
    );
    assert_eq!(p.contracts(), (s.feed.address(), s.cert.address(), s.bond.address()));
    assert_eq!((p.treasury(), p.deposit_address()), (s.treasury.address(), s.deposit.address()));
}
