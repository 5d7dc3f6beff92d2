//! ERC-20 allowances on the memory chain.

use super::*;
use crate::memory::Token;

const ALICE: Address = [0xA1; 20];
const BOB: Address = [0xB0; 20];
const ZERO: Address = [0; 20];

fn amount(n: u64) -> U256 {
    U256::from(n)
}

fn approved(value: U256) -> Token {
    let mut c = Token::at(0);
    c.call(ALICE, |c| approve(c, BOB, value)).unwrap();
    c
}

#[test]
fn approve_sets_the_allowance_with_an_event() {
    let c = approved(amount(50));
    assert_eq!(c.allowance(ALICE, BOB), amount(50));
    assert!(c.emitted(&Approval { owner: ALICE, spender: BOB, value: amount(50) }));
}

#[test]
fn approving_the_zero_address_is_erc20_invalid_spender() {
    let mut c = Token::at(0);
    c.assert_refused(Error::ERC20InvalidSpender { spender: ZERO }, |c| c.call(ALICE, |c| approve(c, ZERO, amount(1))));
}

#[test]
fn the_zero_address_approving_is_erc20_invalid_approver() {
    let mut c = Token::at(0);
    c.assert_refused(Error::ERC20InvalidApprover { approver: ZERO }, |c| c.call(ZERO, |c| approve(c, BOB, amount(1))));
}

#[test]
fn spending_lowers_a_finite_allowance_without_an_event() {
    let mut c = approved(amount(50));
    let logs = c.logs.len();
    c.call(BOB, |c| spend_allowance(c, ALICE, amount(20))).unwrap();
    assert_eq!((c.allowance(ALICE, BOB), c.logs.len()), (amount(30), logs));
}

#[test]
fn an_infinite_allowance_is_never_spent() {
    let mut c = approved(U256::MAX);
    c.call(BOB, |c| spend_allowance(c, ALICE, amount(20))).unwrap();
    assert_eq!(c.allowance(ALICE, BOB), U256::MAX);
}

#[test]
fn spending_more_than_allowed_is_erc20_insufficient_allowance() {
    let mut c = approved(amount(50));
    c.assert_refused(
        Error::ERC20InsufficientAllowance { spender: BOB, allowance: amount(50).into(), needed: amount(51).into() },
        |c| c.call(BOB, |c| spend_allowance(c, ALICE, amount(51))),
    );
}

#[test]
fn spending_from_the_zero_address_is_erc20_invalid_approver() {
    let mut c = Token::at(0);
    c.assert_refused(Error::ERC20InvalidApprover { approver: ZERO }, |c| {
        c.call(BOB, |c| spend_allowance(c, ZERO, U256::ZERO))
    });
}
