//! What is Stylus's own in the bond token (every message's behaviour and
//! refusal is tested once, in `lst_app::bond_token`, `lst_app::gate`,
//! `lst_app::pausable` and `lst_app::erc20`): the entry points reach the
//! app layer with a real ratio feed beside the token, the logs are the
//! events the ABI declares (OpenZeppelin's ERC-20 and `Pausable` ones
//! included), refusals revert with the ABI's error data, a feed's revert
//! passes on, the name and symbol come back from their one-word slots, and
//! ownership is OpenZeppelin's two-step transfer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::uint;
use alloy_sol_types::SolError;
use lst_core::math::ONE;
use lst_rate_provider::RateProvider;
use lst_stylus_common::gate::{PauserChanged, PoolSet};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::{Approval, Transfer};
use openzeppelin_stylus::utils::pausable::{Paused, Unpaused};

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

fn data(result: Result<impl core::fmt::Debug, Error>) -> Vec<u8> {
    Vec::<u8>::from(result.motsu_unwrap_err())
}

#[motsu::test]
fn deployment_keeps_the_metadata_in_word_slots_and_logs_the_declared_events() {
    let s = suite();
    let b = s.bond.sender(s.bob);
    assert_eq!((b.name(), b.symbol(), b.decimals()), ("Ankr KSM Bond".into(), "aKSMb".into(), 18));
    assert_eq!(
        (b.ratio_token(), b.feed(), b.pool(), b.pauser()),
        (s.bond.address(), s.feed.address(), s.pool, s.admin)
    );
    s.bond.assert_emitted(&PauserChanged { previousPauser: Address::ZERO, newPauser: s.admin });
    s.bond.assert_emitted(&PoolSet { pool: s.pool });
}

#[motsu::test]
fn the_entry_points_move_bonds_at_the_feeds_ratio_and_log_the_declared_events() {
    let s = suite();
    s.bond.sender(s.pool).mint_shares(s.alice, RATIO).unwrap();
    s.bond.assert_emitted(&Transfer { from: Address::ZERO, to: s.alice, value: ONE });
    s.bond.assert_emitted(&SharesTransferred { from: Address::ZERO, to: s.alice, amount: ONE, shares: RATIO });
    assert_eq!(s.bond.sender(s.bob).balance_of(s.alice).unwrap(), ONE);
    assert_eq!(s.bond.sender(s.bob).total_supply().unwrap(), ONE);
    s.bond.sender(s.alice).approve(s.bob, ONE).unwrap();
    s.bond.assert_emitted(&Approval { owner: s.alice, spender: s.bob, value: ONE });
    let half = ONE / U256::from(2);
    s.bond.sender(s.bob).transfer_from(s.alice, s.bob, half).unwrap();
    assert_eq!(s.bond.sender(s.bob).allowance(s.alice, s.bob), half);
    s.bond.sender(s.bob).transfer(s.alice, half).unwrap();
    s.bond.assert_emitted(&Transfer { from: s.bob, to: s.alice, value: half });
    s.bond.sender(s.pool).burn_shares(s.alice, RATIO).unwrap();
    assert_eq!(
        (s.bond.sender(s.bob).total_shares(), s.bond.sender(s.bob).shares_of(s.alice)),
        (U256::ZERO, U256::ZERO)
    );
}

#[motsu::test]
fn pause_and_unpause_log_openzeppelins_events() {
    let s = suite();
    s.bond.sender(s.admin).pause().unwrap();
    s.bond.assert_emitted(&Paused { account: s.admin });
    assert!(s.bond.sender(s.bob).paused());
    // The flag shares its slot with the pool: both read back.
    assert_eq!((s.bond.sender(s.bob).pool(), s.bond.sender(s.bob).pauser()), (s.pool, s.admin));
    s.bond.sender(s.admin).unpause().unwrap();
    s.bond.assert_emitted(&Unpaused { account: s.admin });
}

#[motsu::test]
fn refusals_revert_with_the_abis_error_data() {
    let s = suite();
    let refused = data(s.bond.sender(s.alice).transfer(Address::ZERO, ONE));
    assert_eq!(refused, lst_app::Error::ERC20InvalidReceiver { receiver: [0; 20] }.encode());
    let refused = data(s.bond.sender(s.alice).mint_shares(s.alice, ONE));
    assert_eq!(refused, lst_stylus_common::Unauthorized { account: s.alice }.abi_encode());
    let refused = data(s.bond.sender(s.alice).set_pool(s.alice));
    assert_eq!(refused, lst_app::Error::OwnableUnauthorizedAccount { account: s.alice.into_array() }.encode());
    let refused = data(s.bond.sender(s.admin).set_pool(s.alice));
    assert_eq!(refused, lst_stylus_common::AlreadySet {}.abi_encode());
    let refused = data(s.bond.sender(s.alice).transfer(s.bob, ONE));
    let short = lst_app::Error::ERC20InsufficientBalance {
        sender: s.alice.into_array(),
        balance: U256::ZERO.into(),
        needed: ONE.into(),
    };
    assert_eq!(refused, short.encode());
}

#[motsu::test]
fn a_long_name_or_a_zero_feed_refuses_the_deployment(bond: Contract<BondToken>, admin: Address, feed: Address) {
    let refused = data(bond.sender(admin).constructor(admin, feed, Address::ZERO, "x".repeat(33), "b".into()));
    assert_eq!(refused, MetadataTooLong {}.abi_encode());
    let refused = data(bond.sender(admin).constructor(admin, Address::ZERO, Address::ZERO, "a".into(), "b".into()));
    assert_eq!(refused, lst_stylus_common::ZeroAddress {}.abi_encode());
}

#[motsu::test]
fn a_balance_passes_the_feeds_revert_on(bond: Contract<BondToken>, feed: Contract<RateProvider>, admin: Address) {
    feed.sender(admin).constructor(admin, lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS).unwrap();
    bond.sender(admin).constructor(admin, feed.address(), Address::ZERO, "n".into(), "s".into()).unwrap();
    let refused = data(bond.sender(admin).balance_of(admin));
    assert_eq!(refused, lst_app::Error::UnknownToken { token: bond.address().into_array() }.encode());
}

#[motsu::test]
fn ownership_is_the_two_step_transfer() {
    let s = suite();
    s.bond.sender(s.admin).transfer_ownership(s.bob).unwrap();
    s.bond.sender(s.bob).accept_ownership().unwrap();
    s.bond.sender(s.bob).set_pauser(s.alice).unwrap();
    assert_eq!(s.bond.sender(s.bob).pauser(), s.alice);
    let refused = data(s.bond.sender(s.admin).set_pauser(s.admin));
    assert_eq!(refused, lst_app::Error::OwnableUnauthorizedAccount { account: s.admin.into_array() }.encode());
}
