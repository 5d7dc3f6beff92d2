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

// --- the ledger ---

fn holding(alice: u64) -> Token {
    let mut c = Token::at(0);
    mint(&mut c, ALICE, amount(alice)).unwrap();
    c
}

#[test]
fn minting_adds_to_the_balance_and_the_supply_with_a_transfer_from_zero() {
    let c = holding(100);
    assert_eq!((c.balance_of(ALICE), c.total_supply()), (amount(100), amount(100)));
    assert!(c.emitted(&Transfer { from: ZERO, to: ALICE, value: amount(100) }));
}

#[test]
fn minting_to_zero_is_erc20_invalid_receiver() {
    let mut c = Token::at(0);
    c.assert_refused(Error::ERC20InvalidReceiver { receiver: ZERO }, |c| mint(c, ZERO, amount(1)));
}

#[test]
fn minting_past_the_word_is_math_overflow() {
    let mut c = holding(1);
    c.assert_refused(lst_core::CoreError::MathOverflow, |c| mint(c, BOB, U256::MAX));
}

#[test]
fn burning_takes_from_the_balance_and_the_supply_with_a_transfer_to_zero() {
    let mut c = holding(100);
    burn(&mut c, ALICE, amount(40)).unwrap();
    assert_eq!((c.balance_of(ALICE), c.total_supply()), (amount(60), amount(60)));
    assert!(c.emitted(&Transfer { from: ALICE, to: ZERO, value: amount(40) }));
}

#[test]
fn burning_more_than_held_is_erc20_insufficient_balance() {
    let mut c = holding(100);
    let short =
        Error::ERC20InsufficientBalance { sender: ALICE, balance: amount(100).into(), needed: amount(101).into() };
    c.assert_refused(short, |c| burn(c, ALICE, amount(101)));
}

#[test]
fn burning_from_zero_is_erc20_invalid_sender() {
    let mut c = holding(1);
    c.assert_refused(Error::ERC20InvalidSender { sender: ZERO }, |c| burn(c, ZERO, amount(0)));
}

#[test]
fn transfer_moves_the_callers_tokens_with_an_event() {
    let mut c = holding(100);
    assert_eq!(c.call(ALICE, |c| transfer(c, BOB, amount(30))), Ok(true));
    assert_eq!((c.balance_of(ALICE), c.balance_of(BOB), c.total_supply()), (amount(70), amount(30), amount(100)));
    assert!(c.emitted(&Transfer { from: ALICE, to: BOB, value: amount(30) }));
}

#[test]
fn a_transfer_to_oneself_keeps_the_balance() {
    let mut c = holding(100);
    c.call(ALICE, |c| transfer(c, ALICE, amount(30))).unwrap();
    assert_eq!(c.balance_of(ALICE), amount(100));
}

#[test]
fn transferring_more_than_held_is_erc20_insufficient_balance() {
    let mut c = holding(10);
    let short =
        Error::ERC20InsufficientBalance { sender: ALICE, balance: amount(10).into(), needed: amount(11).into() };
    c.assert_refused(short, |c| c.call(ALICE, |c| transfer(c, BOB, amount(11))));
}

#[test]
fn transferring_to_zero_is_erc20_invalid_receiver() {
    let mut c = holding(10);
    c.assert_refused(Error::ERC20InvalidReceiver { receiver: ZERO }, |c| {
        c.call(ALICE, |c| transfer(c, ZERO, amount(1)))
    });
}

#[test]
fn transferring_from_zero_is_erc20_invalid_sender() {
    let mut c = holding(10);
    c.assert_refused(Error::ERC20InvalidSender { sender: ZERO }, |c| c.call(ZERO, |c| transfer(c, BOB, amount(0))));
}

#[test]
fn transfer_from_spends_the_allowance_and_moves_the_tokens() {
    let mut c = holding(100);
    c.call(ALICE, |c| approve(c, BOB, amount(50))).unwrap();
    assert_eq!(c.call(BOB, |c| transfer_from(c, ALICE, BOB, amount(20))), Ok(true));
    assert_eq!((c.allowance(ALICE, BOB), c.balance_of(BOB)), (amount(30), amount(20)));
}

#[test]
fn transfer_from_beyond_the_balance_keeps_the_allowance() {
    let mut c = holding(10);
    c.call(ALICE, |c| approve(c, BOB, amount(50))).unwrap();
    let short =
        Error::ERC20InsufficientBalance { sender: ALICE, balance: amount(10).into(), needed: amount(11).into() };
    c.assert_refused(short, |c| c.call(BOB, |c| transfer_from(c, ALICE, BOB, amount(11))));
}
