//! Signature parsing (`lst_core::claim::parse_signature`, the first check
//! of every notarised claim) against the rule written out with
//! arbitrary-precision integers and secp256k1's order, and against k256:
//! the core accepts exactly the 65-byte `r ‖ s ‖ v` with `v` 27 or 28,
//! `r ≠ 0` and `0 < s ≤ n/2` (low s: no malleable twin), returns what it
//! accepts unchanged, and whatever it accepts with `r < n` k256 parses as a
//! signature whose `s` needs no normalising. (`r ≥ n` is left to the
//! `ecrecover` precompile, which refuses it.)
#![no_main]

use k256::ecdsa::Signature;
use libfuzzer_sys::fuzz_target;
use lst_core::claim::parse_signature;
use num_bigint::BigUint;

/// secp256k1's group order.
const N: &str = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

fn canonical(bytes: &[u8]) -> bool {
    let Ok(bytes) = <&[u8; 65]>::try_from(bytes) else { return false };
    let (r, rest) = bytes.split_at(32);
    let (s, v) = rest.split_at(32);
    let n = BigUint::parse_bytes(N.as_bytes(), 16).expect("the order parses");
    let (r, s) = (BigUint::from_bytes_be(r), BigUint::from_bytes_be(s));
    matches!(v, [27] | [28]) && r != BigUint::ZERO && s != BigUint::ZERO && s <= n / 2u32
}

fuzz_target!(|bytes: &[u8]| {
    let core = parse_signature(bytes);
    assert_eq!(core.is_ok(), canonical(bytes), "parse_signature({bytes:?}) = {core:?}");
    if let Ok(sig) = core {
        assert_eq!([&sig.r[..], &sig.s[..], &[sig.v][..]].concat(), bytes, "accepted bytes come back unchanged");
        let n = BigUint::parse_bytes(N.as_bytes(), 16).expect("the order parses");
        if BigUint::from_bytes_be(&sig.r) < n {
            let parsed = Signature::from_slice(&[&sig.r[..], &sig.s[..]].concat()).expect("k256 parses it");
            assert!(parsed.normalize_s().is_none(), "k256 would flip the s the core accepted");
        }
    }
});
