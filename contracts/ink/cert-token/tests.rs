//! Off-chain unit tests of the ink! ankrAVAX: every message, its events,
//! every error path with unchanged state, and the access matrix. The feed
//! is the unit-test stand-in of `lst_ink_common::testing::feed`; the real
//! cross-contract call runs in the local-chain scenarios.

use crate::{cert_token::CertToken, NAME};
use ink::{Address, U256};
use lst_core::claim;
use lst_ink_common::{
    address_bytes,
    testing::{
        account, call_as,
        feed::set_ratio,
        keys::{address_of, key, sign_permit, PermitTerms, SigningKey},
        last_log, log_count, set_time, uint, word, words, Log,
    },
    Bytes32, Crypto, Error,
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

type Snapshot = (U256, U256, U256, U256, Address, Address, bool, Address);

fn snapshot(t: &CertToken) -> Snapshot {
    (
        t.total_supply(),
        t.balance_of(alice()),
        t.balance_of(bob()),
        t.allowance(alice(), bob()),
        t.pool(),
        t.pauser(),
        t.paused(),
        t.owner(),
    )
}

/// Asserts `f` fails with `expected`, changes no state and emits nothing.
fn assert_fails_unchanged<T: core::fmt::Debug + PartialEq>(
    t: &mut CertToken,
    expected: Error,
    f: impl FnOnce(&mut CertToken) -> Result<T, Error>,
) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = (snapshot(t), t.nonces(alice()), log_count());
    assert_eq!(f(t), Err(expected));
    assert_eq!((snapshot(t), t.nonces(alice()), log_count()), before);
}

fn transfer_log(from: Address, to: Address, value: u64) -> Log {
    Log::new("Transfer(address,address,uint256)", vec![word(from), word(to)], words(&[uint(value)]))
}

// --- constructor and metadata ---

#[ink::test]
fn constructor_sets_owner_pauser_and_feed() {
    call_as(admin());
    let t = CertToken::new(admin(), feed()).unwrap();
    assert_eq!((t.owner(), t.pauser(), t.feed(), t.pool()), (admin(), admin(), feed(), Address::zero()));
    assert_eq!(
        last_log(),
        Log::new("PauserChanged(address,address)", vec![word(Address::zero()), word(admin())], vec![])
    );
}

#[ink::test]
fn constructor_refuses_a_zero_feed_or_admin() {
    assert_eq!(CertToken::new(admin(), Address::zero()).err(), Some(Error::ZeroAddress {}));
    assert_eq!(
        CertToken::new(Address::zero(), feed()).err(),
        Some(Error::OwnableInvalidOwner { owner: Address::zero() })
    );
}

#[ink::test]
fn metadata_is_ankr_avax_with_18_decimals() {
    let t = token();
    assert_eq!((t.name().as_str(), t.symbol().as_str(), t.decimals()), ("Ankr Staked AVAX", "ankrAVAX", 18));
}

// --- ratio ---

/// 0.95e18: one ankrAVAX is worth 1/0.95 AVAX.
const RATIO: u128 = 950_000_000_000_000_000;

#[ink::test]
fn ratio_comes_from_the_feed_for_this_token() {
    let t = token();
    set_ratio(feed(), ink::env::test::callee(), U256::from(RATIO));
    assert_eq!(t.ratio(), Ok(U256::from(RATIO)));
}

#[ink::test]
fn ratio_of_an_unregistered_token_passes_the_feeds_revert_through() {
    let t = token();
    let revert = Error::UnknownToken { token: ink::env::test::callee() }.encode();
    assert_eq!(t.ratio(), Err(Error::Revert(revert.clone())));
    assert_eq!(t.shares_to_bonds(U256::one()), Err(Error::Revert(revert.clone())));
    assert_eq!(t.bonds_to_shares(U256::one()), Err(Error::Revert(revert)));
}

#[ink::test]
fn shares_and_bonds_convert_at_the_ratio_rounding_down() {
    let t = token();
    set_ratio(feed(), ink::env::test::callee(), U256::from(RATIO));
    // 100 shares / 0.95 = 105.26… bonds; 100 bonds * 0.95 = 95 shares.
    assert_eq!(t.shares_to_bonds(U256::from(100)), Ok(U256::from(105)));
    assert_eq!(t.bonds_to_shares(U256::from(100)), Ok(U256::from(95)));
    assert_eq!(t.bonds_to_shares(U256::from(1)), Ok(U256::zero()));
}

// --- mint / burn ---

#[ink::test]
fn pool_mints_with_a_transfer_event() {
    let mut t = token();
    call_as(pool());
    assert_eq!(t.mint(bob(), U256::from(7)), Ok(()));
    assert_eq!((t.balance_of(bob()), t.total_supply()), (U256::from(7), U256::from(107)));
    assert_eq!(last_log(), transfer_log(Address::zero(), bob(), 7));
}

#[ink::test]
fn pool_burns_with_a_transfer_event() {
    let mut t = token();
    call_as(pool());
    assert_eq!(t.burn(alice(), U256::from(40)), Ok(()));
    assert_eq!((t.balance_of(alice()), t.total_supply()), (U256::from(60), U256::from(60)));
    assert_eq!(last_log(), transfer_log(alice(), Address::zero(), 40));
}

#[ink::test]
fn minting_or_burning_by_anyone_but_the_pool_is_unauthorized() {
    let mut t = token();
    call_as(admin());
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: admin() }, |t| t.mint(bob(), U256::one()));
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: admin() }, |t| t.burn(alice(), U256::one()));
}

// --- transfer / approve / transferFrom (the ERC-20 rules themselves are
// lst-ink-common's, tested there) ---

#[ink::test]
fn erc20_messages_act_for_the_caller() {
    let mut t = token();
    call_as(alice());
    assert_eq!(t.transfer(bob(), U256::from(30)), Ok(true));
    assert_eq!(last_log(), transfer_log(alice(), bob(), 30));
    assert_eq!(t.approve(bob(), U256::from(20)), Ok(true));
    assert_eq!(t.allowance(alice(), bob()), U256::from(20));
    call_as(bob());
    assert_eq!(t.transfer_from(alice(), bob(), U256::from(20)), Ok(true));
    assert_eq!(
        (t.balance_of(alice()), t.balance_of(bob()), t.allowance(alice(), bob())),
        (U256::from(50), U256::from(50), U256::zero())
    );
}

#[ink::test]
fn transfer_from_the_zero_address_is_erc20_invalid_approver_as_in_openzeppelin() {
    let mut t = token();
    call_as(bob());
    assert_fails_unchanged(&mut t, Error::ERC20InvalidApprover { approver: Address::zero() }, |t| {
        t.transfer_from(Address::zero(), bob(), U256::zero())
    });
}

// --- pause ---

#[ink::test]
fn pause_stops_transfers_mints_and_burns_but_not_approvals() {
    let mut t = token();
    call_as(admin());
    t.pause().unwrap();
    call_as(alice());
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.transfer(bob(), U256::one()));
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.transfer_from(alice(), bob(), U256::zero()));
    call_as(pool());
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.mint(bob(), U256::one()));
    assert_fails_unchanged(&mut t, Error::EnforcedPause {}, |t| t.burn(alice(), U256::one()));
    call_as(alice());
    assert_eq!(t.approve(bob(), U256::one()), Ok(true));
}

#[ink::test]
fn pausing_by_anyone_but_the_pauser_is_unauthorized() {
    let mut t = token();
    call_as(bob());
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: bob() }, |t| t.pause());
    call_as(admin());
    t.pause().unwrap();
    call_as(bob());
    assert_fails_unchanged(&mut t, Error::Unauthorized { account: bob() }, |t| t.unpause());
}

// --- owner settings ---

#[ink::test]
fn owner_settings_by_anyone_else_are_ownable_unauthorized() {
    call_as(admin());
    let mut t = CertToken::new(admin(), feed()).unwrap();
    call_as(bob());
    let expected = Error::OwnableUnauthorizedAccount { account: bob() };
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.set_pool(pool()));
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.set_pauser(bob()));
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.transfer_ownership(bob()));
    assert_fails_unchanged(&mut t, expected.clone(), |t| t.renounce_ownership());
    assert_fails_unchanged(&mut t, expected, |t| t.accept_ownership());
}

// --- permit (the kit's own paths are tested in lst-ink-common) ---

/// `key`'s permit, as the token's `permit` takes it, of `value` for `bob()`
/// from the holder of `key(0x42)`, nonce 0, good until 2,000 s.
fn signed_permit(t: &CertToken, signer: &SigningKey, value: u64) -> (Address, U256, U256, u8, Bytes32, Bytes32) {
    let terms = PermitTerms {
        owner: address_of(&key(0x42)),
        spender: bob(),
        value: U256::from(value),
        nonce: U256::zero(),
        deadline: U256::from(2_000),
    };
    let (v, r, s) = sign_permit(signer, &t.domain_separator().0, terms);
    (terms.owner, terms.value, terms.deadline, v, r, s)
}

#[ink::test]
fn domain_separator_is_eip712_over_the_tokens_name_version_chain_and_address() {
    let t = token();
    let expected = claim::eip712_domain_separator(&Crypto, NAME, "1", 1, &address_bytes(ink::env::test::callee()));
    assert_eq!(t.domain_separator().0, expected);
}

#[ink::test]
fn eip712_domain_reports_the_domain_permits_are_signed_under() {
    let t = token();
    let (fields, name, version, chain_id, contract, salt, extensions) = t.eip712_domain().0;
    assert_eq!((fields.0, name.as_str(), version.as_str()), ([0x0f], NAME, "1"));
    assert_eq!((chain_id, contract), (U256::from(1), ink::env::test::callee()));
    assert_eq!((salt.0, extensions), ([0; 32], vec![]));
    let reported = claim::eip712_domain_separator(&Crypto, &name, &version, 1, &address_bytes(contract));
    assert_eq!(reported, t.domain_separator().0);
}

#[ink::test]
fn permit_sets_an_allowance_from_the_owners_signature_and_uses_a_nonce() {
    let mut t = token();
    let (owner, value, deadline, v, r, s) = signed_permit(&t, &key(0x42), 33);
    call_as(bob());
    assert_eq!(t.permit(owner, bob(), value, deadline, v, r, s), Ok(()));
    assert_eq!((t.allowance(owner, bob()), t.nonces(owner)), (U256::from(33), U256::one()));
    assert_eq!(
        last_log(),
        Log::new("Approval(address,address,uint256)", vec![word(owner), word(bob())], words(&[uint(33u64)]))
    );
}

#[ink::test]
fn a_refused_permit_is_the_kits_error_and_changes_nothing() {
    let mut t = token();
    let (owner, value, deadline, v, r, s) = signed_permit(&t, &key(0x07), 1);
    assert_fails_unchanged(&mut t, Error::ERC2612InvalidSigner { signer: address_of(&key(0x07)), owner }, |t| {
        t.permit(owner, bob(), value, deadline, v, r, s)
    });
}
