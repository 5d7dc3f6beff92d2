//! Every message of `BondToken`, once for both platforms, on the memory
//! chain (the feed answers `getRatioFor` as scripted).

use super::*;
use crate::erc20::Allowances as _;
use crate::memory::{abi_items, Answer, Token, THIS};
use crate::pausable::Store as _;
use crate::{gate::Store as _, Owned};
use alloc::vec;
use lst_core::CoreError;

const ADMIN: Address = [1; 20];
const POOL: Address = [4; 20];
const FEED: Address = [0xFE; 20];
const CERT: Address = [0xCE; 20];
const ALICE: Address = [0xA1; 20];
const BOB: Address = [0xB0; 20];
const ZERO: Address = [0; 20];
/// 0.8: a share is worth 1.25 bonds.
const RATIO: u128 = 800_000_000_000_000_000;

fn n(v: u128) -> U256 {
    U256::from(v)
}

fn set_ratio(c: &mut Token, ratio: U256) {
    c.answer(FEED, "getRatioFor(address)", Answer::Words(vec![ratio]));
}

/// A deployed token, its pool set, the ratio 0.8, 80 shares (100 bonds)
/// held by Alice.
fn bond() -> Token {
    let mut c = Token::at(0);
    c.state.owner = ADMIN;
    init(&mut c, ADMIN, FEED, ZERO, "Ankr KSM Bond", "aKSMb").unwrap();
    c.call(ADMIN, |c| gate::set_pool(c, POOL)).unwrap();
    set_ratio(&mut c, n(RATIO));
    c.call(POOL, |c| mint_shares(c, ALICE, n(80))).unwrap();
    c
}

fn transferred(c: &Token, from: Address, to: Address, amount: u128, shares: u128) -> bool {
    let transfer = erc20::Transfer { from, to, value: n(amount) }.log();
    let moved = SharesTransferred { from, to, amount: n(amount), shares: n(shares) }.log();
    c.logs.ends_with(&[transfer, moved])
}

use crate::abi::Event as _;

// --- deployment ---

#[test]
fn deployment_stores_the_settings_and_makes_the_admin_pauser() {
    let mut c = Token::at(0);
    init(&mut c, ADMIN, FEED, CERT, "Ankr KSM Bond", "aKSMb").unwrap();
    assert_eq!((c.feed(), c.ratio_token_setting(), c.pauser()), (FEED, CERT, ADMIN));
    assert_eq!((c.state.name.as_str(), c.state.symbol.as_str()), ("Ankr KSM Bond", "aKSMb"));
    assert!(c.emitted(&pausable::PauserChanged { previousPauser: ZERO, newPauser: ADMIN }));
}

#[test]
fn a_zero_feed_is_zero_address() {
    let mut c = Token::at(0);
    c.assert_refused(Error::ZeroAddress {}, |c| init(c, ADMIN, ZERO, ZERO, "n", "s"));
}

#[test]
fn a_name_or_symbol_over_32_bytes_is_metadata_too_long() {
    let long = "x".repeat(MAX_METADATA_LEN + 1);
    let fits = "x".repeat(MAX_METADATA_LEN);
    let mut c = Token::at(0);
    c.assert_refused(Error::MetadataTooLong {}, |c| init(c, ADMIN, FEED, ZERO, &long, "s"));
    c.assert_refused(Error::MetadataTooLong {}, |c| init(c, ADMIN, FEED, ZERO, "n", &long));
    assert_eq!(init(&mut c, ADMIN, FEED, ZERO, &fits, &fits), Ok(()));
}

// --- the ratio and balances ---

#[test]
fn without_a_ratio_token_the_ratio_is_this_tokens_own() {
    let c = bond();
    assert_eq!(ratio_token(&c), THIS);
    assert_eq!(ratio(&c), Ok(n(RATIO)));
}

#[test]
fn a_deployed_ratio_token_is_asked_for_instead() {
    let mut c = Token::at(0);
    init(&mut c, ADMIN, FEED, CERT, "n", "s").unwrap();
    assert_eq!(ratio_token(&c), CERT);
}

#[test]
fn reads_pass_the_feeds_revert_on() {
    let mut c = bond();
    let unknown = Error::UnknownToken { token: THIS }.encode();
    c.answer(FEED, "getRatioFor(address)", Answer::Revert(unknown.clone()));
    assert_eq!(ratio(&c), Err(Error::Revert(unknown.clone())));
    assert_eq!(balance_of(&c, ALICE), Err(Error::Revert(unknown.clone())));
    assert_eq!(total_supply(&c), Err(Error::Revert(unknown)));
}

#[test]
fn minted_shares_show_as_their_value_in_bonds() {
    let c = bond();
    assert_eq!((c.shares(ALICE), balance_of(&c, ALICE), total_supply(&c)), (n(80), Ok(n(100)), Ok(n(100))));
    assert!(transferred(&c, ZERO, ALICE, 100, 80));
}

#[test]
fn balances_grow_when_the_ratio_falls() {
    let mut c = bond();
    set_ratio(&mut c, n(RATIO / 2));
    assert_eq!(balance_of(&c, ALICE), Ok(n(200)));
}

// --- transfer ---

#[test]
fn transfer_moves_the_shares_worth_the_amount_rounded_down() {
    let mut c = bond();
    // 10 bonds at 0.8 are 8 shares exactly; 11 bonds are 8.8 shares -> 8.
    assert_eq!(c.call(ALICE, |c| transfer(c, BOB, n(10))), Ok(true));
    assert!(transferred(&c, ALICE, BOB, 10, 8));
    assert_eq!(c.call(ALICE, |c| transfer(c, BOB, n(11))), Ok(true));
    assert!(transferred(&c, ALICE, BOB, 11, 8));
    assert_eq!((c.shares(ALICE), c.shares(BOB)), (n(64), n(16)));
}

#[test]
fn one_wei_transfers_at_half_move_no_value() {
    // An attack run's finding: at ratio 0.5 one-wei transfers each moved a
    // whole share.
    let mut c = bond();
    set_ratio(&mut c, n(RATIO * 5 / 8));
    for _ in 0..100 {
        c.call(ALICE, |c| transfer(c, BOB, n(1))).unwrap();
    }
    assert_eq!((c.shares(ALICE), c.shares(BOB)), (n(80), n(0)));
}

#[test]
fn one_wei_transfer_froms_never_pull_more_value_than_the_allowance() {
    let mut c = bond();
    set_ratio(&mut c, n(RATIO * 5 / 8));
    c.call(ALICE, |c| approve(c, BOB, n(50))).unwrap();
    for _ in 0..50 {
        c.call(BOB, |c| transfer_from(c, ALICE, BOB, n(1))).unwrap();
    }
    assert_eq!(c.allowance(ALICE, BOB), n(0));
    assert!(balance_of(&c, BOB).unwrap() <= n(50));
    assert_eq!(c.shares(ALICE) + c.shares(BOB), n(80));
}

#[test]
fn transferring_the_whole_balance_never_needs_more_shares_than_held() {
    let mut c = bond();
    set_ratio(&mut c, n(333_333_333_333_333_333));
    let balance = balance_of(&c, ALICE).unwrap();
    assert_eq!(c.call(ALICE, |c| transfer(c, BOB, balance)), Ok(true));
    assert!(c.shares(ALICE) <= n(1));
}

#[test]
fn transferring_more_than_the_balance_is_erc20_insufficient_balance() {
    let mut c = bond();
    let expected = Error::ERC20InsufficientBalance { sender: ALICE, balance: n(100).into(), needed: n(101).into() };
    c.assert_refused(expected, |c| c.call(ALICE, |c| transfer(c, BOB, n(101))));
}

#[test]
fn transferring_to_zero_is_erc20_invalid_receiver() {
    let mut c = bond();
    c.assert_refused(Error::ERC20InvalidReceiver { receiver: ZERO }, |c| c.call(ALICE, |c| transfer(c, ZERO, n(1))));
}

#[test]
fn transferring_from_zero_is_erc20_invalid_sender() {
    let mut c = bond();
    c.assert_refused(Error::ERC20InvalidSender { sender: ZERO }, |c| c.call(ZERO, |c| transfer(c, BOB, n(0))));
}

#[test]
fn a_transfer_to_oneself_moves_nothing_but_still_logs() {
    let mut c = bond();
    assert_eq!(c.call(ALICE, |c| transfer(c, ALICE, n(10))), Ok(true));
    assert_eq!(c.shares(ALICE), n(80));
    assert!(transferred(&c, ALICE, ALICE, 10, 8));
}

#[test]
fn a_transfer_at_a_zero_ratio_is_ratio_zero() {
    let mut c = bond();
    set_ratio(&mut c, n(0));
    c.assert_refused(CoreError::RatioZero, |c| c.call(ALICE, |c| transfer(c, BOB, n(1))));
}

// --- approve / transferFrom ---

#[test]
fn approve_sets_an_allowance_in_bonds() {
    let mut c = bond();
    assert_eq!(c.call(ALICE, |c| approve(c, BOB, n(30))), Ok(true));
    assert_eq!(c.allowance(ALICE, BOB), n(30));
    assert!(c.emitted(&erc20::Approval { owner: ALICE, spender: BOB, value: n(30) }));
}

#[test]
fn transfer_from_spends_the_allowance_in_bonds() {
    let mut c = bond();
    c.call(ALICE, |c| approve(c, BOB, n(30))).unwrap();
    assert_eq!(c.call(BOB, |c| transfer_from(c, ALICE, BOB, n(20))), Ok(true));
    assert_eq!((c.allowance(ALICE, BOB), c.shares(BOB)), (n(10), n(16)));
}

#[test]
fn transfer_from_the_zero_address_is_erc20_invalid_approver_as_in_openzeppelin() {
    let mut c = bond();
    c.assert_refused(Error::ERC20InvalidApprover { approver: ZERO }, |c| {
        c.call(BOB, |c| transfer_from(c, ZERO, BOB, n(0)))
    });
}

#[test]
fn transfer_from_beyond_the_allowance_is_erc20_insufficient_allowance() {
    let mut c = bond();
    c.call(ALICE, |c| approve(c, BOB, n(5))).unwrap();
    let expected = Error::ERC20InsufficientAllowance { spender: BOB, allowance: n(5).into(), needed: n(6).into() };
    c.assert_refused(expected, |c| c.call(BOB, |c| transfer_from(c, ALICE, BOB, n(6))));
}

#[test]
fn transfer_from_beyond_the_balance_keeps_the_allowance() {
    let mut c = bond();
    c.call(ALICE, |c| approve(c, BOB, n(500))).unwrap();
    let expected = Error::ERC20InsufficientBalance { sender: ALICE, balance: n(100).into(), needed: n(101).into() };
    c.assert_refused(expected, |c| c.call(BOB, |c| transfer_from(c, ALICE, BOB, n(101))));
}

// --- mintShares / burnShares ---

#[test]
fn the_pool_burns_shares_with_events() {
    let mut c = bond();
    assert_eq!(c.call(POOL, |c| burn_shares(c, ALICE, n(40))), Ok(()));
    assert_eq!((c.shares(ALICE), c.total_shares()), (n(40), n(40)));
    assert!(transferred(&c, ALICE, ZERO, 50, 40));
}

#[test]
fn burning_more_shares_than_held_is_erc20_insufficient_balance() {
    let mut c = bond();
    // 81 shares are worth 101.25 bonds, shown rounded down.
    let expected = Error::ERC20InsufficientBalance { sender: ALICE, balance: n(100).into(), needed: n(101).into() };
    c.assert_refused(expected, |c| c.call(POOL, |c| burn_shares(c, ALICE, n(81))));
}

#[test]
fn minting_to_zero_is_erc20_invalid_receiver() {
    let mut c = bond();
    c.assert_refused(Error::ERC20InvalidReceiver { receiver: ZERO }, |c| c.call(POOL, |c| mint_shares(c, ZERO, n(1))));
}

#[test]
fn minting_past_the_word_is_math_overflow() {
    let mut c = bond();
    set_ratio(&mut c, lst_core::math::ONE);
    c.assert_refused(CoreError::MathOverflow, |c| c.call(POOL, |c| mint_shares(c, BOB, U256::MAX)));
}

#[test]
fn minting_or_burning_by_anyone_but_the_pool_is_unauthorized() {
    let mut c = bond();
    c.assert_refused(Error::Unauthorized { account: ADMIN }, |c| c.call(ADMIN, |c| mint_shares(c, BOB, n(1))));
    c.assert_refused(Error::Unauthorized { account: ADMIN }, |c| c.call(ADMIN, |c| burn_shares(c, ALICE, n(1))));
}

#[test]
fn a_pause_stops_transfers_minting_and_burning() {
    let mut c = bond();
    c.call(ADMIN, pausable::pause).unwrap();
    assert!(c.paused());
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(ALICE, |c| transfer(c, BOB, n(1))));
    c.call(ALICE, |c| approve(c, BOB, n(5))).unwrap();
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(BOB, |c| transfer_from(c, ALICE, BOB, n(1))));
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(POOL, |c| mint_shares(c, BOB, n(1))));
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(POOL, |c| burn_shares(c, ALICE, n(1))));
    assert_eq!((c.pool(), c.owner()), (POOL, ADMIN));
}

#[test]
fn the_events_and_errors_are_the_abis() {
    let events = abi_items("BondToken", "event");
    for signature in [
        "Transfer(address,address,uint256)",
        "Approval(address,address,uint256)",
        "SharesTransferred(address,address,uint256,uint256)",
        "Paused(address)",
        "Unpaused(address)",
        "PauserChanged(address,address)",
        "PoolSet(address)",
    ] {
        assert!(events.iter().any(|e| e == signature), "BondToken declares {signature}");
    }
    let errors = abi_items("BondToken", "error");
    for error in [
        Error::ZeroAddress {},
        Error::MetadataTooLong {},
        Error::AlreadySet {},
        Error::EnforcedPause {},
        Error::ExpectedPause {},
        Error::Unauthorized { account: ZERO },
        Error::ERC20InsufficientBalance { sender: ZERO, balance: n(0).into(), needed: n(0).into() },
        Error::ERC20InvalidSender { sender: ZERO },
        Error::ERC20InvalidReceiver { receiver: ZERO },
        Error::ERC20InsufficientAllowance { spender: ZERO, allowance: n(0).into(), needed: n(0).into() },
        Error::ERC20InvalidApprover { approver: ZERO },
        Error::ERC20InvalidSpender { spender: ZERO },
    ] {
        let signature = error.signature().unwrap();
        assert!(errors.iter().any(|e| e == signature), "BondToken declares {signature}");
    }
}
