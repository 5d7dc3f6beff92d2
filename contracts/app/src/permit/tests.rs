//! EIP-2612 permits on the memory chain, signed with real keys.

use super::*;
use crate::erc20::Allowances as _;
use crate::memory::{eth_address, sign, Token, CHAIN_ID, THIS};
use k256::ecdsa::SigningKey;

const NAME: &str = "Ankr Staked AVAX";
const SPENDER: Address = [0xB0; 20];
const NOW: u64 = 1_000;

fn holder() -> SigningKey {
    SigningKey::from_slice(&[0x42; 32]).unwrap()
}

fn owner() -> Address {
    eth_address(holder().verifying_key())
}

fn n(v: u64) -> U256 {
    U256::from(v)
}

/// A permit for `value` until `deadline`, signed by `key` with `nonce`.
fn signed(c: &Token, key: &SigningKey, value: U256, deadline: U256, nonce: U256) -> PermitCall {
    let permit = Permit { owner: owner(), spender: SPENDER, value, nonce, deadline };
    let digest = claim::typed_data_digest(c, &domain_separator(c, NAME), &claim::permit_struct_hash(c, &permit));
    let (v, r, s) = sign(key, &digest);
    PermitCall { owner: owner(), spender: SPENDER, value, deadline, v, r, s }
}

#[test]
fn the_domain_separator_names_the_token_version_chain_and_contract() {
    let c = Token::at(NOW);
    let expected = claim::eip712_domain_separator(&c, NAME, "1", CHAIN_ID, &THIS);
    assert_eq!(domain_separator(&c, NAME), expected);
}

#[test]
fn a_signed_permit_sets_the_allowance_and_spends_the_nonce() {
    let mut c = Token::at(NOW);
    let call = signed(&c, &holder(), n(500), n(NOW), n(0));
    permit(&mut c, NAME, call).unwrap();
    assert_eq!((c.allowance(owner(), SPENDER), c.nonce(owner())), (n(500), n(1)));
    assert!(c.emitted(&erc20::Approval { owner: owner(), spender: SPENDER, value: n(500) }));
}

#[test]
fn a_permit_used_twice_is_erc2612_invalid_signer() {
    let mut c = Token::at(NOW);
    let call = signed(&c, &holder(), n(500), n(NOW), n(0));
    permit(&mut c, NAME, call).unwrap();
    // The nonce moved on: the same signature recovers another key.
    let refused = permit(&mut c.clone(), NAME, call).unwrap_err();
    assert!(matches!(refused, Error::ERC2612InvalidSigner { owner: o, .. } if o == owner()), "{refused:?}");
    c.assert_refused(refused, |c| permit(c, NAME, call));
}

#[test]
fn a_permit_past_its_deadline_is_erc2612_expired_signature() {
    let mut c = Token::at(NOW);
    let call = signed(&c, &holder(), n(500), n(NOW - 1), n(0));
    c.assert_refused(Error::ERC2612ExpiredSignature { deadline: n(NOW - 1) }, |c| permit(c, NAME, call));
}

#[test]
fn a_permit_signed_by_another_key_is_erc2612_invalid_signer() {
    let mut c = Token::at(NOW);
    let other = SigningKey::from_slice(&[0x43; 32]).unwrap();
    let call = signed(&c, &other, n(500), n(NOW), n(0));
    let expected = Error::ERC2612InvalidSigner { signer: eth_address(other.verifying_key()), owner: owner() };
    c.assert_refused(expected, |c| permit(c, NAME, call));
}

#[test]
fn a_high_s_is_ecdsa_invalid_signature_s() {
    let mut c = Token::at(NOW);
    let mut call = signed(&c, &holder(), n(500), n(NOW), n(0));
    call.s = [0xFF; 32];
    c.assert_refused(Error::ECDSAInvalidSignatureS { s: [0xFF; 32] }, |c| permit(c, NAME, call));
}

#[test]
fn a_signature_that_recovers_no_key_is_ecdsa_invalid_signature() {
    let mut c = Token::at(NOW);
    let mut call = signed(&c, &holder(), n(500), n(NOW), n(0));
    call.v = 29;
    c.assert_refused(Error::ECDSAInvalidSignature {}, |c| permit(c, NAME, call));
}

#[test]
fn a_permit_for_the_zero_spender_is_erc20_invalid_spender() {
    let mut c = Token::at(NOW);
    let permit_zero = Permit { owner: owner(), spender: [0; 20], value: n(1), nonce: n(0), deadline: n(NOW) };
    let digest =
        claim::typed_data_digest(&c, &domain_separator(&c, NAME), &claim::permit_struct_hash(&c, &permit_zero));
    let (v, r, s) = sign(&holder(), &digest);
    let call = PermitCall { owner: owner(), spender: [0; 20], value: n(1), deadline: n(NOW), v, r, s };
    c.assert_refused(Error::ERC20InvalidSpender { spender: [0; 20] }, |c| permit(c, NAME, call));
}
