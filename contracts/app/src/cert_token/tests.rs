//! Every message of `CertToken`, once for both platforms, on the memory
//! chain (the feed answers `getRatioFor` as scripted).

use super::*;
use crate::erc20::{Ledger as _, Transfer};
use crate::memory::{abi_items, Answer, Token, THIS};
use crate::pausable::Store as _;
use alloc::vec;

const ADMIN: Address = [1; 20];
const POOL: Address = [4; 20];
const FEED: Address = [0xFE; 20];
const ALICE: Address = [0xA1; 20];
const BOB: Address = [0xB0; 20];
const ZERO: Address = [0; 20];
/// 0.8 certificates per AVAX.
const RATIO: u128 = 800_000_000_000_000_000;

fn n(v: u128) -> U256 {
    U256::from(v)
}

/// Deployed, its pool set, the ratio 0.8, Alice holding 100.
fn cert() -> Token {
    let mut c = Token::at(0);
    c.state.owner = ADMIN;
    init(&mut c, ADMIN, FEED).unwrap();
    c.call(ADMIN, |c| gate::set_pool(c, POOL)).unwrap();
    c.answer(FEED, "getRatioFor(address)", Answer::Words(vec![n(RATIO)]));
    c.call(POOL, |c| mint(c, ALICE, n(100))).unwrap();
    c
}

#[test]
fn deployment_keeps_the_feed_and_makes_the_admin_pauser() {
    let c = cert();
    assert_eq!((Store::feed(&c), c.pauser()), (FEED, ADMIN));
}

#[test]
fn a_zero_feed_is_zero_address() {
    let mut c = Token::at(0);
    c.assert_refused(Error::ZeroAddress {}, |c| init(c, ADMIN, ZERO));
}

#[test]
fn the_ratio_is_the_feeds_for_this_token() {
    let c = cert();
    assert_eq!(ratio(&c), Ok(n(RATIO)));
    assert!(c.calls.is_empty(), "a view, not a call");
    let _ = THIS;
}

#[test]
fn shares_and_bonds_convert_at_the_ratio_rounded_down() {
    let c = cert();
    assert_eq!(shares_to_bonds(&c, n(8)), Ok(n(10)));
    assert_eq!(bonds_to_shares(&c, n(10)), Ok(n(8)));
    assert_eq!(bonds_to_shares(&c, n(11)), Ok(n(8)));
}

#[test]
fn a_zero_ratio_is_ratio_zero() {
    let mut c = cert();
    c.answer(FEED, "getRatioFor(address)", Answer::Words(vec![n(0)]));
    assert_eq!(shares_to_bonds(&c, n(8)), Err(lst_core::CoreError::RatioZero.into()));
}

#[test]
fn the_feeds_revert_passes_on() {
    let mut c = cert();
    let unknown = Error::UnknownToken { token: THIS }.encode();
    c.answer(FEED, "getRatioFor(address)", Answer::Revert(unknown.clone()));
    assert_eq!(ratio(&c), Err(Error::Revert(unknown)));
}

#[test]
fn the_pool_mints_and_burns() {
    let mut c = cert();
    assert_eq!((c.balance_of(ALICE), c.total_supply()), (n(100), n(100)));
    c.call(POOL, |c| burn(c, ALICE, n(40))).unwrap();
    assert_eq!((c.balance_of(ALICE), c.total_supply()), (n(60), n(60)));
    assert!(c.emitted(&Transfer { from: ALICE, to: ZERO, value: n(40) }));
}

#[test]
fn minting_or_burning_by_anyone_but_the_pool_is_unauthorized() {
    let mut c = cert();
    c.assert_refused(Error::Unauthorized { account: ADMIN }, |c| c.call(ADMIN, |c| mint(c, BOB, n(1))));
    c.assert_refused(Error::Unauthorized { account: ADMIN }, |c| c.call(ADMIN, |c| burn(c, ALICE, n(1))));
}

#[test]
fn a_pause_stops_transfers_mints_and_burns() {
    let mut c = cert();
    c.call(ADMIN, pausable::pause).unwrap();
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(ALICE, |c| transfer(c, BOB, n(1))));
    c.call(ALICE, |c| erc20::approve(c, BOB, n(5))).unwrap();
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(BOB, |c| transfer_from(c, ALICE, BOB, n(1))));
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(POOL, |c| mint(c, BOB, n(1))));
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(POOL, |c| burn(c, ALICE, n(1))));
}

#[test]
fn transfers_move_certificates_when_not_paused() {
    let mut c = cert();
    assert_eq!(c.call(ALICE, |c| transfer(c, BOB, n(30))), Ok(true));
    c.call(ALICE, |c| erc20::approve(c, BOB, n(10))).unwrap();
    assert_eq!(c.call(BOB, |c| transfer_from(c, ALICE, BOB, n(10))), Ok(true));
    assert_eq!((c.balance_of(ALICE), c.balance_of(BOB)), (n(60), n(40)));
}

#[test]
fn the_events_and_errors_are_the_abis() {
    let events = abi_items("CertToken", "event");
    for signature in ["Transfer(address,address,uint256)", "Approval(address,address,uint256)", "PoolSet(address)"] {
        assert!(events.iter().any(|e| e == signature), "CertToken declares {signature}");
    }
    let errors = abi_items("CertToken", "error");
    for error in [
        Error::ECDSAInvalidSignature {},
        Error::ECDSAInvalidSignatureS { s: [0; 32] },
        Error::ERC2612ExpiredSignature { deadline: n(0) },
        Error::ERC2612InvalidSigner { signer: ZERO, owner: ZERO },
        Error::ERC20InsufficientBalance { sender: ZERO, balance: n(0).into(), needed: n(0).into() },
        Error::ERC20InvalidSender { sender: ZERO },
        Error::ERC20InvalidReceiver { receiver: ZERO },
        Error::ZeroAddress {},
    ] {
        let signature = error.signature().unwrap();
        assert!(errors.iter().any(|e| e == signature), "CertToken declares {signature}");
    }
}
