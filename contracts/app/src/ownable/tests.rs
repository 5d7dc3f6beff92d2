//! Two-step ownership on the memory chain.

use super::*;
use crate::memory::{abi_items, Chain};

const OWNER: Address = [1; 20];
const BOB: Address = [2; 20];
const STRANGER: Address = [3; 20];
const ZERO: Address = [0; 20];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    owner: Address,
    pending: Address,
}

crate::memory::parts!(State: owner);

type Contract = Chain<State>;

impl Store for Contract {
    fn pending_owner(&self) -> Address {
        self.state.pending
    }
    fn set_owner(&mut self, owner: Address) {
        self.state.owner = owner;
    }
    fn set_pending_owner(&mut self, pending: Address) {
        self.state.pending = pending;
    }
}

fn owned() -> Contract {
    let mut c = Contract::at(0);
    init(&mut c, OWNER).unwrap();
    c
}

fn offered_to_bob() -> Contract {
    let mut c = owned();
    c.call(OWNER, |c| transfer_ownership(c, BOB)).unwrap();
    c
}

#[test]
fn deployment_makes_the_first_owner_with_an_event() {
    let c = owned();
    assert_eq!((c.owner(), c.pending_owner()), (OWNER, ZERO));
    assert!(c.emitted(&OwnershipTransferred { previousOwner: ZERO, newOwner: OWNER }));
}

#[test]
fn a_zero_first_owner_is_ownable_invalid_owner() {
    let mut c = Contract::at(0);
    c.assert_refused(Error::OwnableInvalidOwner { owner: ZERO }, |c| init(c, ZERO));
}

#[test]
fn the_owner_offers_ownership_with_an_event() {
    let c = offered_to_bob();
    assert_eq!((c.owner(), c.pending_owner()), (OWNER, BOB));
    assert!(c.emitted(&OwnershipTransferStarted { previousOwner: OWNER, newOwner: BOB }));
}

#[test]
fn only_the_owner_offers_ownership() {
    let mut c = owned();
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: BOB }, |c| {
        c.call(BOB, |c| transfer_ownership(c, BOB))
    });
}

#[test]
fn the_pending_owner_accepts_and_the_offer_is_spent() {
    let mut c = offered_to_bob();
    c.call(BOB, accept_ownership).unwrap();
    assert_eq!((c.owner(), c.pending_owner()), (BOB, ZERO));
    assert!(c.emitted(&OwnershipTransferred { previousOwner: OWNER, newOwner: BOB }));
}

#[test]
fn anyone_but_the_pending_owner_accepting_is_refused() {
    let mut c = offered_to_bob();
    for account in [STRANGER, OWNER] {
        c.assert_refused(Error::OwnableUnauthorizedAccount { account }, |c| c.call(account, accept_ownership));
    }
}

#[test]
fn accepting_without_an_offer_is_refused() {
    let mut c = owned();
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: BOB }, |c| c.call(BOB, accept_ownership));
}

#[test]
fn offering_to_zero_withdraws_the_offer() {
    let mut c = offered_to_bob();
    c.call(OWNER, |c| transfer_ownership(c, ZERO)).unwrap();
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: BOB }, |c| c.call(BOB, accept_ownership));
}

#[test]
fn renouncing_leaves_no_owner_for_good() {
    let mut c = offered_to_bob();
    c.call(OWNER, renounce_ownership).unwrap();
    assert_eq!((c.owner(), c.pending_owner()), (ZERO, ZERO));
    assert!(c.emitted(&OwnershipTransferred { previousOwner: OWNER, newOwner: ZERO }));
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: OWNER }, |c| c.call(OWNER, renounce_ownership));
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: BOB }, |c| c.call(BOB, accept_ownership));
}

#[test]
fn only_the_owner_renounces() {
    let mut c = owned();
    c.assert_refused(Error::OwnableUnauthorizedAccount { account: BOB }, |c| c.call(BOB, renounce_ownership));
}

#[test]
fn the_events_and_errors_are_the_abis() {
    for contract in ["RateProvider", "CertToken", "BondToken", "AvalanchePool", "PolkadotPool"] {
        let events = abi_items(contract, "event");
        let errors = abi_items(contract, "error");
        for event in ["OwnershipTransferred(address,address)", "OwnershipTransferStarted(address,address)"] {
            assert!(events.iter().any(|e| e == event), "{contract} declares {event}");
        }
        for error in ["OwnableUnauthorizedAccount(address)", "OwnableInvalidOwner(address)"] {
            assert!(errors.iter().any(|e| e == error), "{contract} declares {error}");
        }
    }
}
