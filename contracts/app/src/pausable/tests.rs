//! The pause switch on the memory chain.

use super::*;
use crate::memory::Token;

const OWNER: Address = [1; 20];
const PAUSER: Address = [2; 20];
const STRANGER: Address = [3; 20];

fn token() -> Token {
    let mut c = Token::at(0);
    c.state.owner = OWNER;
    replace_pauser(&mut c, PAUSER);
    c
}

#[test]
fn the_pauser_pauses_with_an_event() {
    let mut c = token();
    c.call(PAUSER, pause).unwrap();
    assert!(c.paused());
    assert!(c.emitted(&Paused { account: PAUSER }));
    assert_eq!(when_not_paused(&c), Err(Error::EnforcedPause {}));
}

#[test]
fn the_pauser_unpauses_with_an_event() {
    let mut c = token();
    c.call(PAUSER, pause).unwrap();
    c.call(PAUSER, unpause).unwrap();
    assert!(!c.paused());
    assert!(c.emitted(&Unpaused { account: PAUSER }));
    assert_eq!(when_not_paused(&c), Ok(()));
}

#[test]
fn pausing_when_paused_is_enforced_pause() {
    let mut c = token();
    c.call(PAUSER, pause).unwrap();
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(PAUSER, pause));
}

#[test]
fn unpausing_when_not_paused_is_expected_pause() {
    let mut c = token();
    c.assert_refused(Error::ExpectedPause {}, |c| c.call(PAUSER, unpause));
}

#[test]
fn anyone_but_the_pauser_pausing_or_unpausing_is_unauthorized() {
    let mut c = token();
    for account in [STRANGER, OWNER] {
        c.assert_refused(Error::Unauthorized { account }, |c| c.call(account, pause));
    }
    c.call(PAUSER, pause).unwrap();
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| c.call(STRANGER, unpause));
}

#[test]
fn the_owner_replaces_the_pauser_with_an_event() {
    let mut c = token();
    c.call(OWNER, |c| set_pauser(c, STRANGER)).unwrap();
    assert_eq!(c.pauser(), STRANGER);
    assert!(c.emitted(&PauserChanged { previousPauser: PAUSER, newPauser: STRANGER }));
    c.assert_refused(Error::Unauthorized { account: PAUSER }, |c| c.call(PAUSER, pause));
}

#[test]
fn anyone_but_the_owner_setting_the_pauser_is_ownable_unauthorized() {
    let mut c = token();
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: PAUSER }, |c| {
        c.call(PAUSER, |c| set_pauser(c, STRANGER))
    });
}
