//! The mint gate on the memory chain.

use super::*;
use crate::memory::Token;
use crate::pausable::Store as _;

const OWNER: Address = [1; 20];
const POOL: Address = [4; 20];
const STRANGER: Address = [3; 20];
const ZERO: Address = [0; 20];

fn token() -> Token {
    let mut c = Token::at(0);
    c.state.owner = OWNER;
    c.state.pauser = OWNER;
    c
}

fn with_pool() -> Token {
    let mut c = token();
    c.call(OWNER, |c| set_pool(c, POOL)).unwrap();
    c
}

#[test]
fn the_owner_fixes_the_pool_with_an_event() {
    let c = with_pool();
    assert_eq!(c.pool(), POOL);
    assert!(c.emitted(&PoolSet { pool: POOL }));
}

#[test]
fn setting_the_pool_twice_is_already_set() {
    let mut c = with_pool();
    c.assert_refused(Error::AlreadySet {}, |c| c.call(OWNER, |c| set_pool(c, STRANGER)));
}

#[test]
fn a_zero_pool_is_zero_address() {
    let mut c = token();
    c.assert_refused(Error::ZeroAddress {}, |c| c.call(OWNER, |c| set_pool(c, ZERO)));
}

#[test]
fn anyone_but_the_owner_setting_the_pool_is_ownable_unauthorized() {
    let mut c = token();
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: POOL }, |c| c.call(POOL, |c| set_pool(c, POOL)));
}

#[test]
fn the_pool_may_mint() {
    let mut c = with_pool();
    assert_eq!(c.call(POOL, |c| check_mint(c)), Ok(()));
}

#[test]
fn anyone_but_the_pool_minting_is_unauthorized() {
    let mut c = with_pool();
    assert_eq!(c.call(STRANGER, |c| check_mint(c)), Err(Error::Unauthorized { account: STRANGER }));
}

#[test]
fn before_a_pool_is_set_nobody_mints_not_even_the_zero_address() {
    let mut c = token();
    assert_eq!(c.call(ZERO, |c| check_mint(c)), Err(Error::Unauthorized { account: ZERO }));
}

#[test]
fn the_pool_minting_while_paused_is_enforced_pause() {
    let mut c = with_pool();
    c.set_paused(true);
    assert_eq!(c.call(POOL, |c| check_mint(c)), Err(Error::EnforcedPause {}));
}
