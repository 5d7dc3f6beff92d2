//! Off-chain unit tests of the ink! ankrAVAX: every message, its events,
//! every error path with unchanged state, and the access matrix. The feed
//! is the unit-test stand-in of `lst_ink_common::testing::feed`; the real
//! cross-contract call runs in the local-chain scenarios.

use crate::{cert_token::CertToken, NAME};
use ink::{Address, U256};
use k256::ecdsa::SigningKey;
use lst_core::claim::{self, Permit};
use lst_ink_common::{
    address_bytes, from_core,
    testing::{account, call_as, feed::set_ratio, last_log, log_count, set_time, uint, word, words, Log},
    to_core, Bytes32, Crypto, Error,
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

// --- permit ---

fn signer() -> SigningKey {
    SigningKey::from_slice(&[0x42; 32]).unwrap()
}

fn signer_address() -> Address {
    let point = signer().verifying_key().to_encoded_point(false);
    let hash = lst_ink_common::keccak256(&point.as_bytes()[1..]);
    Address::from_slice(&hash[12..])
}

/// Signs the permit digest the core computes (checked against alloy's
/// EIP-712 in the core's tests) with `key`; returns `(v, r, s)`.
fn sign(
    t: &CertToken,
    key: &SigningKey,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> (u8, Bytes32, Bytes32) {
    let owner = signer_address();
    let permit = Permit {
        owner: address_bytes(owner),
        spender: address_bytes(spender),
        value: to_core(value),
        nonce: to_core(nonce),
        deadline: to_core(deadline),
    };
    let digest =
        claim::typed_data_digest(&Crypto, &t.domain_separator().0, &claim::permit_struct_hash(&Crypto, &permit));
    let (sig, id) = key.sign_prehash_recoverable(&digest).unwrap();
    let bytes = sig.to_bytes();
    let mut r = [0u8; 32];
    let mut s = [0u8; 32];
    r.copy_from_slice(&bytes[..32]);
    s.copy_from_slice(&bytes[32..]);
    (27 + id.to_byte(), r.into(), s.into())
}

#[ink::test]
fn domain_separator_is_eip712_over_name_version_chain_and_address() {
    let t = token();
    let expected = claim::eip712_domain_separator(&Crypto, NAME, "1", 1, &address_bytes(ink::env::test::callee()));
    assert_eq!(t.domain_separator().0, expected);
}

#[ink::test]
fn permit_sets_an_allowance_from_the_owners_signature_and_uses_a_nonce() {
    let mut t = token();
    let owner = signer_address();
    let deadline = U256::from(2_000);
    let (v, r, s) = sign(&t, &signer(), bob(), U256::from(33), U256::zero(), deadline);
    call_as(bob());
    assert_eq!(t.permit(owner, bob(), U256::from(33), deadline, v, r, s), Ok(()));
    assert_eq!((t.allowance(owner, bob()), t.nonces(owner)), (U256::from(33), U256::one()));
    assert_eq!(
        last_log(),
        Log::new("Approval(address,address,uint256)", vec![word(owner), word(bob())], words(&[uint(33u64)]))
    );
    // The same signature again: the nonce moved, so it recovers someone else.
    let replay = t.permit(owner, bob(), U256::from(33), deadline, v, r, s);
    assert!(matches!(replay, Err(Error::ERC2612InvalidSigner { owner: o, .. }) if o == owner), "{replay:?}");
}

#[ink::test]
fn an_expired_permit_is_erc2612_expired_signature() {
    let mut t = token();
    let deadline = U256::from(999);
    let (v, r, s) = sign(&t, &signer(), bob(), U256::one(), U256::zero(), deadline);
    assert_fails_unchanged(&mut t, Error::ERC2612ExpiredSignature { deadline }, |t| {
        t.permit(signer_address(), bob(), U256::one(), deadline, v, r, s)
    });
}

#[ink::test]
fn a_permit_signed_by_another_key_is_erc2612_invalid_signer() {
    let mut t = token();
    let other = SigningKey::from_slice(&[0x07; 32]).unwrap();
    let deadline = U256::from(2_000);
    let (v, r, s) = sign(&t, &other, bob(), U256::one(), U256::zero(), deadline);
    let result = t.permit(alice(), bob(), U256::one(), deadline, v, r, s);
    assert!(matches!(result, Err(Error::ERC2612InvalidSigner { owner, .. }) if owner == alice()), "{result:?}");
    assert_eq!((t.allowance(alice(), bob()), t.nonces(alice())), (U256::zero(), U256::zero()));
}

#[ink::test]
fn a_permit_with_a_high_s_is_ecdsa_invalid_signature_s() {
    let mut t = token();
    let deadline = U256::from(2_000);
    let (v, r, s) = sign(&t, &signer(), bob(), U256::one(), U256::zero(), deadline);
    // s' = n - s: the same signature's malleable twin.
    let n = lst_core::U256::from_be_bytes(hex32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"));
    let high: Bytes32 = from_core(n - to_core(U256::from_big_endian(&s.0))).to_big_endian().into();
    let flipped = if v == 27 { 28 } else { 27 };
    assert_fails_unchanged(&mut t, Error::ECDSAInvalidSignatureS { s: high }, |t| {
        t.permit(signer_address(), bob(), U256::one(), deadline, flipped, r, high)
    });
}

#[ink::test]
fn a_permit_that_does_not_recover_is_ecdsa_invalid_signature() {
    let mut t = token();
    let deadline = U256::from(2_000);
    let (_, _, s) = sign(&t, &signer(), bob(), U256::one(), U256::zero(), deadline);
    // r = n is not a point's x coordinate below the order: nothing recovers.
    let r: Bytes32 = hex32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").into();
    assert_fails_unchanged(&mut t, Error::ECDSAInvalidSignature {}, |t| {
        t.permit(signer_address(), bob(), U256::one(), deadline, 27, r, s)
    });
}

fn hex32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}
