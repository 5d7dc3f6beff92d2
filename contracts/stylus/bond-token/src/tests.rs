//! motsu tests of the bond token with a real ratio feed: rebasing balances,
//! share-moving transfers rounded down (never more value than named), every error path
//! (reverted, state unchanged) and the access matrix.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::uint;
use lst_core::math::ONE;
use lst_rate_provider::RateProvider;
use lst_stylus_common::{gate::PoolSet, Unauthorized};
use motsu::prelude::*;

/// 0.95 shares per KSM: one share is worth 1/0.95 KSM.
const RATIO: U256 = uint!(950_000_000_000_000_000_U256);

struct Suite {
    feed: Contract<RateProvider>,
    bond: Contract<BondToken>,
    admin: Address,
    pool: Address,
    alice: Address,
    bob: Address,
}

/// aKSMb: the ratio is the bond's own, registered in the feed.
fn suite() -> Suite {
    let s = Suite {
        feed: Contract::new(),
        bond: Contract::new(),
        admin: Address::repeat_byte(0xad),
        pool: Address::repeat_byte(0x90),
        alice: Address::repeat_byte(0xa1),
        bob: Address::repeat_byte(0xb0),
    };
    s.feed.sender(s.admin).constructor(s.admin, lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS).unwrap();
    s.feed.sender(s.admin).register_token(s.bond.address(), RATIO, s.admin).unwrap();
    s.bond
        .sender(s.admin)
        .constructor(s.admin, s.feed.address(), Address::ZERO, "Ankr KSM Bond".into(), "aKSMb".into())
        .unwrap();
    s.bond.sender(s.admin).set_pool(s.pool).unwrap();
    s
}

impl Suite {
    fn balance(&self, who: Address) -> U256 {
        self.bond.sender(self.admin).balance_of(who).unwrap()
    }

    fn shares(&self, who: Address) -> U256 {
        self.bond.sender(self.admin).shares_of(who)
    }

    /// Mints the shares worth `amount` (at the ratio) to `to`.
    fn mint_worth(&self, to: Address, amount: U256) -> U256 {
        let shares = lst_core::math::shares_from_bonds(amount, RATIO).unwrap();
        self.bond.sender(self.pool).mint_shares(to, shares).unwrap();
        shares
    }
}

fn unauthorized(result: Result<impl core::fmt::Debug, Error>, account: Address) {
    match result.motsu_res() {
        Err(Error::Gate(GateError::Unauthorized(e))) => assert_eq!(e, Unauthorized { account }),
        Err(Error::Ownable(ownable::Error::UnauthorizedAccount(_))) => {}
        other => panic!("expected an authorisation error for {account}, got {other:?}"),
    }
}

#[motsu::test]
fn metadata_and_ratio_source() {
    let s = suite();
    let b = s.bond.sender(s.bob);
    assert_eq!((b.name(), b.symbol(), b.decimals()), ("Ankr KSM Bond".into(), "aKSMb".into(), 18));
    assert_eq!(b.ratio_token(), s.bond.address());
    assert_eq!(b.ratio().unwrap(), RATIO);
    assert_eq!(b.feed(), s.feed.address());
}

#[motsu::test]
fn a_configured_ratio_token_is_used_instead(
    bond: Contract<BondToken>,
    feed: Contract<RateProvider>,
    admin: Address,
    cert: Address,
) {
    feed.sender(admin).constructor(admin, lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS).unwrap();
    feed.sender(admin).register_token(cert, RATIO, admin).unwrap();
    bond.sender(admin).constructor(admin, feed.address(), cert, "Ankr AVAX Bond".into(), "aAVAXb".into()).unwrap();
    assert_eq!(bond.sender(admin).ratio_token(), cert);
    assert_eq!(bond.sender(admin).ratio().unwrap(), RATIO);
}

#[motsu::test]
fn constructor_refuses_a_zero_feed_and_long_metadata(bond: Contract<BondToken>, admin: Address, feed: Address) {
    let zero = bond.sender(admin).constructor(admin, Address::ZERO, Address::ZERO, "a".into(), "b".into());
    assert!(matches!(zero.motsu_res(), Err(Error::ZeroAddress(_))));
    let long = bond.sender(admin).constructor(admin, feed, Address::ZERO, "x".repeat(33), "b".into());
    assert!(matches!(long.motsu_res(), Err(Error::MetadataTooLong(_))));
}

#[motsu::test]
fn minted_shares_show_as_their_value_in_the_asset() {
    let s = suite();
    let shares = s.mint_worth(s.alice, ONE);
    assert_eq!(shares, RATIO);
    assert_eq!(s.balance(s.alice), ONE);
    assert_eq!(s.bond.sender(s.bob).total_supply().unwrap(), ONE);
    assert_eq!(s.bond.sender(s.bob).total_shares(), RATIO);
    s.bond.assert_emitted(&SharesTransferred { from: Address::ZERO, to: s.alice, amount: ONE, shares: RATIO });
    s.bond.assert_emitted(&Transfer { from: Address::ZERO, to: s.alice, value: ONE });
}

#[motsu::test]
fn balances_grow_when_the_ratio_falls() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    s.feed.sender(s.admin).repair_ratio(s.bond.address(), uint!(940_500_000_000_000_000_U256)).unwrap();
    assert!(s.balance(s.alice) > ONE);
    assert_eq!(s.shares(s.alice), RATIO);
}

#[motsu::test]
fn transfer_moves_shares_rounded_down_never_more_value_than_named() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    // 1 wei of bond is 0.95 wei of shares: nothing moves (rounded up, the
    // sender gave a whole share, 1.05 wei of value, for 1 wei named).
    assert!(s.bond.sender(s.alice).transfer(s.bob, U256::from(1)).unwrap());
    assert_eq!((s.shares(s.alice), s.shares(s.bob)), (RATIO, U256::ZERO));
    s.bond.assert_emitted(&SharesTransferred { from: s.alice, to: s.bob, amount: U256::from(1), shares: U256::ZERO });
    // 3 wei = 2.85 shares -> 2.
    s.bond.sender(s.alice).transfer(s.bob, U256::from(3)).unwrap();
    assert_eq!(s.shares(s.bob), U256::from(2));
}

#[motsu::test]
fn one_wei_transfer_froms_never_pull_more_value_than_the_allowance() {
    // The attack run's finding: at ratio 0.5 a spender approved for 10,000
    // wei pulled 20,000 wei of value in 1-wei transferFrom calls.
    let s = suite();
    s.mint_worth(s.alice, ONE);
    s.bond.sender(s.alice).approve(s.bob, U256::from(100)).unwrap();
    for _ in 0..100 {
        s.bond.sender(s.bob).transfer_from(s.alice, s.bob, U256::from(1)).unwrap();
    }
    assert_eq!(s.bond.sender(s.bob).allowance(s.alice, s.bob), U256::ZERO);
    assert!(s.balance(s.bob) <= U256::from(100));
    assert_eq!(s.shares(s.alice) + s.shares(s.bob), RATIO);
}

#[motsu::test]
fn transferring_the_whole_balance_never_needs_more_shares_than_held() {
    let s = suite();
    s.bond.sender(s.pool).mint_shares(s.alice, U256::from(123_456_789)).unwrap();
    let all = s.balance(s.alice);
    s.bond.sender(s.alice).transfer(s.bob, all).unwrap();
    // The receiver may see up to 2 wei less than named, never more.
    assert!(s.balance(s.bob) <= all && all - s.balance(s.bob) <= U256::from(2));
    assert!(s.shares(s.alice) <= U256::from(1));
}

#[motsu::test]
fn transfer_of_more_than_the_balance_is_refused() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    let result = s.bond.sender(s.alice).transfer(s.bob, ONE + U256::from(2)).motsu_res();
    match result {
        Err(Error::Erc20(erc20::Error::InsufficientBalance(e))) => {
            assert_eq!((e.sender, e.balance, e.needed), (s.alice, ONE, ONE + U256::from(2)))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.shares(s.alice), RATIO);
}

#[motsu::test]
fn transfer_to_the_zero_address_is_refused() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    let result = s.bond.sender(s.alice).transfer(Address::ZERO, U256::from(1)).motsu_res();
    assert!(matches!(result, Err(Error::Erc20(erc20::Error::InvalidReceiver(_)))));
}

#[motsu::test]
fn transfer_to_oneself_changes_nothing() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    s.bond.sender(s.alice).transfer(s.alice, ONE / U256::from(2)).unwrap();
    assert_eq!(s.shares(s.alice), RATIO);
}

#[motsu::test]
fn transfer_from_spends_the_allowance_in_bond_units() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    s.bond.sender(s.alice).approve(s.bob, ONE / U256::from(2)).unwrap();
    s.bond.assert_emitted(&Approval { owner: s.alice, spender: s.bob, value: ONE / U256::from(2) });
    s.bond.sender(s.bob).transfer_from(s.alice, s.bob, ONE / U256::from(4)).unwrap();
    assert_eq!(s.bond.sender(s.bob).allowance(s.alice, s.bob), ONE / U256::from(4));
    let over = s.bond.sender(s.bob).transfer_from(s.alice, s.bob, ONE).motsu_res();
    assert!(matches!(over, Err(Error::Erc20(erc20::Error::InsufficientAllowance(_)))));
    assert_eq!(s.bond.sender(s.bob).allowance(s.alice, s.bob), ONE / U256::from(4));
}

#[motsu::test]
fn transfer_from_the_zero_address_is_erc20_invalid_approver_as_in_openzeppelin() {
    let s = suite();
    let result = s.bond.sender(s.bob).transfer_from(Address::ZERO, s.bob, U256::ZERO).motsu_res();
    assert!(matches!(result, Err(Error::Erc20(erc20::Error::InvalidApprover(_)))));
    assert_eq!(s.shares(s.bob), U256::ZERO);
}

#[motsu::test]
fn an_unlimited_allowance_is_never_spent() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    s.bond.sender(s.alice).approve(s.bob, U256::MAX).unwrap();
    s.bond.sender(s.bob).transfer_from(s.alice, s.bob, ONE / U256::from(2)).unwrap();
    assert_eq!(s.bond.sender(s.bob).allowance(s.alice, s.bob), U256::MAX);
}

#[motsu::test]
fn approve_of_the_zero_spender_is_refused() {
    let s = suite();
    let result = s.bond.sender(s.alice).approve(Address::ZERO, ONE).motsu_res();
    assert!(matches!(result, Err(Error::Erc20(erc20::Error::InvalidSpender(_)))));
}

#[motsu::test]
fn pool_burns_shares_with_events() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    s.bond.sender(s.pool).burn_shares(s.alice, RATIO / U256::from(2)).unwrap();
    s.bond.assert_emitted(&SharesTransferred {
        from: s.alice,
        to: Address::ZERO,
        amount: ONE / U256::from(2),
        shares: RATIO / U256::from(2),
    });
    assert_eq!(s.bond.sender(s.bob).total_shares(), RATIO / U256::from(2));
    let over = s.bond.sender(s.pool).burn_shares(s.alice, RATIO).motsu_res();
    assert!(matches!(over, Err(Error::Erc20(erc20::Error::InsufficientBalance(_)))));
    assert_eq!(s.shares(s.alice), RATIO / U256::from(2));
}

#[motsu::test]
fn minting_to_the_zero_address_is_refused() {
    let s = suite();
    let result = s.bond.sender(s.pool).mint_shares(Address::ZERO, ONE).motsu_res();
    assert!(matches!(result, Err(Error::Erc20(erc20::Error::InvalidReceiver(_)))));
}

#[motsu::test]
fn pause_stops_transfers_minting_and_burning() {
    let s = suite();
    s.mint_worth(s.alice, ONE);
    s.bond.sender(s.admin).pause().unwrap();
    assert!(s.bond.sender(s.bob).paused());
    for result in [
        s.bond.sender(s.alice).transfer(s.bob, U256::from(1)).map(|_| ()).motsu_res(),
        s.bond.sender(s.pool).mint_shares(s.alice, U256::from(1)).motsu_res(),
        s.bond.sender(s.pool).burn_shares(s.alice, U256::from(1)).motsu_res(),
    ] {
        assert!(matches!(result, Err(Error::Gate(GateError::Pausable(_)))));
    }
    assert_eq!(s.shares(s.alice), RATIO);
    s.bond.sender(s.admin).unpause().unwrap();
}

#[motsu::test]
fn set_pool_is_once_only(bond: Contract<BondToken>, admin: Address, feed: Address, pool: Address) {
    bond.sender(admin).constructor(admin, feed, Address::ZERO, "a".into(), "b".into()).unwrap();
    bond.sender(admin).set_pool(pool).unwrap();
    bond.assert_emitted(&PoolSet { pool });
    let again = bond.sender(admin).set_pool(admin).motsu_res();
    assert!(matches!(again, Err(Error::Gate(GateError::AlreadySet(_)))));
    assert_eq!(bond.sender(admin).pool(), pool);
}

#[motsu::test]
fn every_privileged_function_refuses_every_other_role() {
    let s = suite();
    for who in [s.admin, s.alice, s.bob] {
        unauthorized(s.bond.sender(who).mint_shares(who, ONE), who);
        unauthorized(s.bond.sender(who).burn_shares(who, U256::ZERO), who);
    }
    for who in [s.pool, s.alice, s.bob] {
        unauthorized(s.bond.sender(who).pause(), who);
        unauthorized(s.bond.sender(who).unpause(), who);
        unauthorized(s.bond.sender(who).set_pool(who), who);
        unauthorized(s.bond.sender(who).set_pauser(who), who);
        unauthorized(s.bond.sender(who).transfer_ownership(who), who);
    }
    assert_eq!(s.bond.sender(s.bob).total_shares(), U256::ZERO);
    assert_eq!(s.bond.sender(s.bob).pauser(), s.admin);
}
