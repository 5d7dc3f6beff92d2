//! What is ink!'s own in the bond token (every message's behaviour and
//! refusal is tested once, in `lst_app::bond_token`, `lst_app::gate`,
//! `lst_app::pausable`, `lst_app::erc20` and `lst_app::ownable`): the
//! messages reach the app layer, the logs are those of the `#[ink(event)]`
//! declarations cargo-contract lists, refusals revert with the ABI's error
//! data, and the name and symbol are stored as given. Balances need the
//! feed's ratio, which a unit test has no contract to answer (a view
//! reverts with no data here); the scenarios and the fuzzer move bonds on
//! the real chain.

use crate::bond_token::*;
use ink::{Address, U256};
use lst_ink_common::{
    erc20::Approval,
    gate::PoolSet,
    ownable::OwnershipTransferred,
    pausable::{Paused, PauserChanged, Unpaused},
    testing::{account, assert_logged, call_as, revert_data},
    Error,
};

fn admin() -> Address {
    account(1)
}
fn pool() -> Address {
    account(2)
}
fn alice() -> Address {
    account(3)
}
fn feed() -> Address {
    account(9)
}

fn bond() -> BondToken {
    call_as(admin());
    let mut t = BondToken::new(admin(), feed(), Address::zero(), "Ankr KSM Bond".into(), "aKSMb".into()).unwrap();
    t.set_pool(pool()).unwrap();
    t
}

#[ink::test]
fn deployment_stores_the_metadata_and_logs_the_declared_events() {
    let t = bond();
    assert_eq!((t.name(), t.symbol(), t.decimals()), ("Ankr KSM Bond".into(), "aKSMb".into(), 18));
    assert_eq!((t.owner(), t.pauser(), t.pool(), t.feed()), (admin(), admin(), pool(), feed()));
    assert_logged(OwnershipTransferred { previousOwner: Address::zero(), newOwner: admin() });
    assert_logged(PauserChanged { previousPauser: Address::zero(), newPauser: admin() });
    assert_logged(PoolSet { pool: pool() });
}

#[ink::test]
fn without_a_ratio_token_the_ratio_token_is_this_one() {
    let t = bond();
    assert_eq!(t.ratio_token(), ink::env::address());
}

#[ink::test]
fn approve_and_pause_log_the_declared_events() {
    let mut t = bond();
    call_as(alice());
    assert_eq!(t.approve(pool(), U256::from(30)), Ok(true));
    assert_eq!(t.allowance(alice(), pool()), U256::from(30));
    assert_logged(Approval { owner: alice(), spender: pool(), value: U256::from(30) });
    call_as(admin());
    t.pause().unwrap();
    assert!(t.paused());
    assert_logged(Paused { account: admin() });
    t.unpause().unwrap();
    assert_logged(Unpaused { account: admin() });
}

#[ink::test]
fn refusals_revert_with_the_abis_error_revert_data() {
    let mut t = bond();
    call_as(alice());
    let refused = t.transfer(Address::zero(), U256::one()).unwrap_err();
    assert_eq!(revert_data(refused), Error::ERC20InvalidReceiver { receiver: Address::zero() }.encode());
    let refused = t.mint_shares(alice(), U256::one()).unwrap_err();
    assert_eq!(revert_data(refused), Error::Unauthorized { account: alice() }.encode());
    let refused = t.set_pool(alice()).unwrap_err();
    assert_eq!(revert_data(refused), Error::OwnableUnauthorizedAccount { account: alice() }.encode());
    let refused = t.transfer_from(admin(), alice(), U256::one()).unwrap_err();
    let short = Error::ERC20InsufficientAllowance { spender: alice(), allowance: U256::zero(), needed: U256::one() };
    assert_eq!(revert_data(refused), short.encode());
    call_as(admin());
    assert_eq!(revert_data(t.set_pool(alice()).unwrap_err()), Error::AlreadySet {}.encode());
}

#[ink::test]
fn a_long_name_or_a_zero_feed_refuses_the_deployment() {
    call_as(admin());
    let long = "x".repeat(33);
    let refused = BondToken::new(admin(), feed(), Address::zero(), long, "s".into()).err().unwrap();
    assert_eq!(revert_data(refused), Error::MetadataTooLong {}.encode());
    let refused = BondToken::new(admin(), Address::zero(), Address::zero(), "n".into(), "s".into()).err().unwrap();
    assert_eq!(revert_data(refused), Error::ZeroAddress {}.encode());
}

#[ink::test]
fn a_balance_passes_the_feeds_revert_on() {
    let t = bond();
    assert_eq!(t.balance_of(alice()).map_err(revert_data), Err(Vec::new()));
}
