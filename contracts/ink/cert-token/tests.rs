//! What is ink!'s own in ankrAVAX (every message's behaviour and refusal is
//! tested once, in `lst_app::cert_token`, `lst_app::erc20`,
//! `lst_app::permit`, `lst_app::gate`, `lst_app::pausable` and
//! `lst_app::ownable`): the messages reach the app layer, the logs are
//! those of the `#[ink(event)]` declarations cargo-contract lists, refusals
//! revert with the ABI's error data, the permit domain is ink!'s chain id
//! and contract address, and a permit signed with a real key sets the
//! allowance. The ratio needs the feed, which a unit test has no contract
//! to answer (a view reverts with no data here); the scenarios read it.

use crate::{cert_token::CertToken, NAME};
use ink::{Address, U256};
use lst_core::claim;
use lst_ink_common::{
    address_bytes,
    erc20::{Approval, Transfer},
    gate::PoolSet,
    ownable::OwnershipTransferred,
    pausable::{Paused, PauserChanged},
    testing::{
        account, assert_logged, call_as,
        keys::{address_of, key, sign_permit, PermitTerms},
        revert_data, set_time,
    },
    Crypto, Error,
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
fn bob() -> Address {
    account(4)
}
fn feed() -> Address {
    account(9)
}

/// ankrAVAX owned and paused by `admin()`, minted by `pool()`, with 100
/// certificates for `alice()`.
fn token() -> CertToken {
    set_time(1_000);
    call_as(admin());
    let mut token = CertToken::new(admin(), feed()).unwrap();
    token.set_pool(pool()).unwrap();
    call_as(pool());
    token.mint(alice(), U256::from(100)).unwrap();
    token
}

#[ink::test]
fn deployment_and_minting_log_the_declared_events() {
    let t = token();
    assert_eq!((t.name(), t.symbol(), t.decimals()), (NAME.into(), "ankrAVAX".into(), 18));
    assert_eq!((t.owner(), t.pauser(), t.pool(), t.feed()), (admin(), admin(), pool(), feed()));
    assert_logged(OwnershipTransferred { previousOwner: Address::zero(), newOwner: admin() });
    assert_logged(PauserChanged { previousPauser: Address::zero(), newPauser: admin() });
    assert_logged(PoolSet { pool: pool() });
    assert_logged(Transfer { from: Address::zero(), to: alice(), value: U256::from(100) });
    assert_eq!((t.balance_of(alice()), t.total_supply()), (U256::from(100), U256::from(100)));
}

#[ink::test]
fn transfers_approvals_and_burns_reach_the_ledger() {
    let mut t = token();
    call_as(alice());
    assert_eq!(t.transfer(bob(), U256::from(30)), Ok(true));
    assert_logged(Transfer { from: alice(), to: bob(), value: U256::from(30) });
    assert_eq!(t.approve(bob(), U256::from(20)), Ok(true));
    assert_logged(Approval { owner: alice(), spender: bob(), value: U256::from(20) });
    call_as(bob());
    assert_eq!(t.transfer_from(alice(), bob(), U256::from(20)), Ok(true));
    call_as(pool());
    t.burn(bob(), U256::from(50)).unwrap();
    assert_eq!(
        (t.balance_of(alice()), t.balance_of(bob()), t.total_supply()),
        (U256::from(50), U256::zero(), U256::from(50))
    );
    call_as(admin());
    t.pause().unwrap();
    assert_logged(Paused { account: admin() });
}

#[ink::test]
fn refusals_revert_with_the_abis_error_revert_data() {
    let mut t = token();
    call_as(alice());
    let refused = t.transfer(bob(), U256::from(101)).unwrap_err();
    let short = Error::ERC20InsufficientBalance { sender: alice(), balance: U256::from(100), needed: U256::from(101) };
    assert_eq!(revert_data(refused), short.encode());
    assert_eq!(
        revert_data(t.mint(alice(), U256::one()).unwrap_err()),
        Error::Unauthorized { account: alice() }.encode()
    );
    let refused = t.set_pool(alice()).unwrap_err();
    assert_eq!(revert_data(refused), Error::OwnableUnauthorizedAccount { account: alice() }.encode());
    call_as(admin());
    t.pause().unwrap();
    call_as(alice());
    assert_eq!(revert_data(t.transfer(bob(), U256::one()).unwrap_err()), Error::EnforcedPause {}.encode());
}

#[ink::test]
fn a_zero_feed_refuses_the_deployment() {
    call_as(admin());
    let refused = CertToken::new(admin(), Address::zero()).err().unwrap();
    assert_eq!(revert_data(refused), Error::ZeroAddress {}.encode());
}

#[ink::test]
fn the_ratio_passes_the_feeds_revert_on() {
    let t = token();
    assert_eq!(t.ratio().map_err(revert_data), Err(Vec::new()));
}

#[ink::test]
fn the_permit_domain_is_this_chains_and_contracts() {
    let t = token();
    let expected = claim::eip712_domain_separator(&Crypto, NAME, "1", 1, &address_bytes(ink::env::test::callee()));
    assert_eq!(t.domain_separator().0, expected);
    let (fields, name, version, chain_id, contract, _, _) = t.eip712_domain().0;
    assert_eq!((fields.0, name.as_str(), version.as_str()), ([0x0f], NAME, "1"));
    assert_eq!((chain_id, contract), (U256::from(1), ink::env::test::callee()));
}

#[ink::test]
fn a_permit_signed_with_a_real_key_sets_the_allowance() {
    let mut t = token();
    let terms = PermitTerms {
        owner: address_of(&key(0x42)),
        spender: bob(),
        value: U256::from(33),
        nonce: U256::zero(),
        deadline: U256::from(2_000),
    };
    let (v, r, s) = sign_permit(&key(0x42), &t.domain_separator().0, terms);
    call_as(bob());
    assert_eq!(t.permit(terms.owner, bob(), terms.value, terms.deadline, v, r, s), Ok(()));
    assert_eq!((t.allowance(terms.owner, bob()), t.nonces(terms.owner)), (U256::from(33), U256::one()));
    assert_logged(Approval { owner: terms.owner, spender: bob(), value: U256::from(33) });
    let refused = t.permit(terms.owner, bob(), terms.value, terms.deadline, v, r, s).unwrap_err();
    assert_eq!(revert_data(refused)[..4], ink::sol_error_selector!("ERC2612InvalidSigner", (Address, Address)));
}
