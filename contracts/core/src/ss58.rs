//! Polkadot recipients for `burnBond`: a raw 32-byte account id, or
//! an SS58 address whose checksum is verified and whose network is Polkadot
//! (0), Kusama (2) or the generic Substrate prefix (42).
//!
//! SS58 = base58(prefix || account_id || checksum), where checksum is the
//! first two bytes of `blake2b-512("SS58PRE" || prefix || account_id)`. The
//! accepted prefixes all fit in one byte, so a valid address decodes to
//! exactly 35 bytes. Base58 is done on fixed buffers: no allocation.

use crate::blake2b::blake2b_512;
use crate::{CoreError, CoreResult};

/// Polkadot relay chain prefix.
pub const POLKADOT_PREFIX: u8 = 0;
/// Kusama relay chain prefix.
pub const KUSAMA_PREFIX: u8 = 2;
/// Generic Substrate prefix.
pub const GENERIC_PREFIX: u8 = 42;

/// Decoded length of an accepted SS58 address: prefix, account id, checksum.
const DECODED_LEN: usize = 35;
/// Longest base58 text of 35 bytes.
pub const MAX_ENCODED_LEN: usize = 48;

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// A validated Polkadot-side recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolkadotAccount {
    /// The SS58 network prefix, or `None` for a raw 32-byte account id.
    pub prefix: Option<u8>,
    /// The 32-byte account id (public key).
    pub account_id: [u8; 32],
}

fn digit_value(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == c).and_then(|i| u8::try_from(i).ok())
}

/// The two checksum bytes of `prefix || account_id`.
pub fn checksum(prefix: u8, account_id: &[u8; 32]) -> [u8; 2] {
    let mut input = [0u8; 40];
    input[..7].copy_from_slice(b"SS58PRE");
    input[7] = prefix;
    input[8..].copy_from_slice(account_id);
    let hash = blake2b_512(&input);
    let mut out = [0u8; 2];
    out.copy_from_slice(hash.get(..2).unwrap_or(&[0, 0]));
    out
}

/// Multiplies the big-endian number in `buf` by `base` and adds `carry`,
/// in place. Returns the carry out of the most significant byte.
fn mul_add(buf: &mut [u8], base: u32, mut carry: u32) -> u32 {
    for byte in buf.iter_mut().rev() {
        let v = u32::from(*byte).wrapping_mul(base).wrapping_add(carry);
        *byte = v.to_le_bytes()[0];
        carry = v >> 8;
    }
    carry
}

/// Decodes base58 text that must hold exactly 35 bytes.
fn base58_decode_35(text: &[u8]) -> CoreResult<[u8; DECODED_LEN]> {
    if text.is_empty() || text.len() > MAX_ENCODED_LEN {
        return Err(CoreError::RecipientLength);
    }
    let mut out = [0u8; DECODED_LEN];
    for &c in text {
        let digit = digit_value(c).ok_or(CoreError::Ss58InvalidCharacter)?;
        if mul_add(&mut out, 58, u32::from(digit)) != 0 {
            return Err(CoreError::RecipientLength);
        }
    }
    // Each leading '1' stands for one leading zero byte, and the number itself
    // must not have more leading zero bytes than that.
    let ones = text.iter().take_while(|&&c| c == b'1').count();
    let zeros = out.iter().take_while(|&&b| b == 0).count();
    if ones != zeros {
        return Err(CoreError::RecipientLength);
    }
    Ok(out)
}

/// Encodes 35 bytes as base58 into `out`, returning the text length.
fn base58_encode_35(bytes: &[u8; DECODED_LEN], out: &mut [u8; MAX_ENCODED_LEN]) -> usize {
    // Digits in base 58, most significant first, right-aligned in `digits`.
    let mut digits = [0u8; MAX_ENCODED_LEN];
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut().rev() {
            let v = u32::from(*d).wrapping_mul(256).wrapping_add(carry);
            *d = u8::try_from(v % 58).unwrap_or(0);
            carry = v / 58;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let significant = digits.iter().skip_while(|&&d| d == 0);
    let mut len = 0usize;
    let ones = core::iter::repeat_n(0u8, zeros);
    for (slot, d) in out.iter_mut().zip(ones.chain(significant.copied())) {
        *slot = ALPHABET.get(usize::from(d)).copied().unwrap_or(b'1');
        len = len.saturating_add(1);
    }
    len
}

/// Decodes and checks an SS58 address: [`CoreError::Ss58InvalidCharacter`],
/// [`CoreError::RecipientLength`], [`CoreError::Ss58UnknownPrefix`],
/// [`CoreError::Ss58BadChecksum`].
pub fn decode(text: &[u8]) -> CoreResult<PolkadotAccount> {
    let raw = base58_decode_35(text)?;
    let (prefix, rest) = raw.split_first().ok_or(CoreError::RecipientLength)?;
    let (account, sum) = rest.split_at(32);
    if !matches!(*prefix, POLKADOT_PREFIX | KUSAMA_PREFIX | GENERIC_PREFIX) {
        return Err(CoreError::Ss58UnknownPrefix);
    }
    let account_id: [u8; 32] = account.try_into().map_err(|_| CoreError::RecipientLength)?;
    if sum != checksum(*prefix, &account_id) {
        return Err(CoreError::Ss58BadChecksum);
    }
    Ok(PolkadotAccount { prefix: Some(*prefix), account_id })
}

/// Encodes `account_id` as an SS58 address with `prefix` (which must be one
/// of the accepted single-byte prefixes) into `out`; returns the text length.
pub fn encode(prefix: u8, account_id: &[u8; 32], out: &mut [u8; MAX_ENCODED_LEN]) -> CoreResult<usize> {
    if !matches!(prefix, POLKADOT_PREFIX | KUSAMA_PREFIX | GENERIC_PREFIX) {
        return Err(CoreError::Ss58UnknownPrefix);
    }
    let mut raw = [0u8; DECODED_LEN];
    let (p, rest) = raw.split_at_mut(1);
    let (account, sum) = rest.split_at_mut(32);
    p.fill(prefix);
    account.copy_from_slice(account_id);
    sum.copy_from_slice(&checksum(prefix, account_id));
    Ok(base58_encode_35(&raw, out))
}

/// Validates `burnBond`'s `polkadotRecipient`: 32 bytes are a raw account id,
/// anything else must be an SS58 address as text.
pub fn parse_recipient(bytes: &[u8]) -> CoreResult<PolkadotAccount> {
    match <[u8; 32]>::try_from(bytes) {
        Ok(account_id) => Ok(PolkadotAccount { prefix: None, account_id }),
        Err(_) => decode(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::{string::String, vec};
    use proptest::prelude::*;

    /// The well-known `//Alice` development key.
    const ALICE: [u8; 32] = [
        0xd4, 0x35, 0x93, 0xc7, 0x15, 0xfd, 0xd3, 0x1c, 0x61, 0x14, 0x1a, 0xbd, 0x04, 0xa9, 0x9f, 0xd6, 0x82, 0x2c,
        0x85, 0x58, 0x85, 0x4c, 0xcd, 0xe3, 0x9a, 0x56, 0x84, 0xe7, 0xa5, 0x6d, 0xa2, 0x7d,
    ];
    const ALICE_GENERIC: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    const ALICE_POLKADOT: &str = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
    const ALICE_KUSAMA: &str = "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F";
    /// The seed's Ankr deposit address on Kusama.
    const ANKR_KUSAMA_DEPOSIT: &str = "GUDy5gwmUTaHxcX8v2U3wyYdjSF8Zswnt47ZhYBuTCobDqX";

    fn enc(prefix: u8, id: &[u8; 32]) -> String {
        let mut buf = [0u8; MAX_ENCODED_LEN];
        let n = encode(prefix, id, &mut buf).unwrap();
        String::from_utf8(buf[..n].to_vec()).unwrap()
    }

    #[test]
    fn known_alice_addresses_decode_to_her_key() {
        for (text, prefix) in [(ALICE_GENERIC, 42), (ALICE_POLKADOT, 0), (ALICE_KUSAMA, 2)] {
            assert_eq!(
                decode(text.as_bytes()),
                Ok(PolkadotAccount { prefix: Some(prefix), account_id: ALICE }),
                "{text}"
            );
        }
    }

    #[test]
    fn alice_encodes_to_the_known_addresses() {
        assert_eq!(enc(42, &ALICE), ALICE_GENERIC);
        assert_eq!(enc(0, &ALICE), ALICE_POLKADOT);
        assert_eq!(enc(2, &ALICE), ALICE_KUSAMA);
    }

    #[test]
    fn the_seeds_kusama_deposit_address_is_valid() {
        assert_eq!(decode(ANKR_KUSAMA_DEPOSIT.as_bytes()).unwrap().prefix, Some(KUSAMA_PREFIX));
    }

    #[test]
    fn a_raw_32_byte_account_id_is_accepted() {
        assert_eq!(parse_recipient(&ALICE), Ok(PolkadotAccount { prefix: None, account_id: ALICE }));
    }

    #[test]
    fn a_changed_character_fails_the_checksum() {
        let mut text = ALICE_POLKADOT.as_bytes().to_vec();
        text[10] = if text[10] == b'a' { b'b' } else { b'a' };
        assert_eq!(parse_recipient(&text), Err(CoreError::Ss58BadChecksum));
    }

    #[test]
    fn an_unknown_prefix_is_rejected() {
        // The same key under Astar's prefix 5.
        let mut raw = [0u8; DECODED_LEN];
        raw[0] = 5;
        raw[1..33].copy_from_slice(&ALICE);
        raw[33..].copy_from_slice(&checksum(5, &ALICE));
        let mut buf = [0u8; MAX_ENCODED_LEN];
        let n = base58_encode_35(&raw, &mut buf);
        assert_eq!(parse_recipient(&buf[..n]), Err(CoreError::Ss58UnknownPrefix));
        assert_eq!(encode(5, &ALICE, &mut buf), Err(CoreError::Ss58UnknownPrefix));
    }

    #[test]
    fn non_base58_characters_are_rejected() {
        let mut text = ALICE_GENERIC.as_bytes().to_vec();
        text[3] = b'0';
        assert_eq!(parse_recipient(&text), Err(CoreError::Ss58InvalidCharacter));
    }

    #[test]
    fn wrong_lengths_are_rejected() {
        assert_eq!(parse_recipient(&[]), Err(CoreError::RecipientLength));
        assert_eq!(parse_recipient(&ALICE[..31]), Err(CoreError::Ss58InvalidCharacter));
        assert_eq!(parse_recipient(&ALICE_GENERIC.as_bytes()[..40]), Err(CoreError::RecipientLength));
        let long = [ALICE_GENERIC, "1"].concat();
        assert_eq!(parse_recipient(long.as_bytes()), Err(CoreError::RecipientLength));
        // An extra leading '1' is an extra zero byte: 36 bytes.
        let padded = ["1", ALICE_GENERIC].concat();
        assert_eq!(parse_recipient(padded.as_bytes()), Err(CoreError::RecipientLength));
    }

    proptest! {
        #[test]
        fn encode_then_decode_round_trips(id in any::<[u8; 32]>(), p in prop::sample::select(vec![0u8, 2, 42])) {
            let text = enc(p, &id);
            prop_assert_eq!(decode(text.as_bytes()), Ok(PolkadotAccount { prefix: Some(p), account_id: id }));
        }

        #[test]
        fn a_flipped_checksum_bit_is_caught(id in any::<[u8; 32]>(), bit in 0u8..16) {
            let mut raw = [0u8; DECODED_LEN];
            raw[0] = KUSAMA_PREFIX;
            raw[1..33].copy_from_slice(&id);
            raw[33..].copy_from_slice(&checksum(KUSAMA_PREFIX, &id));
            raw[33 + usize::from(bit / 8)] ^= 1 << (bit % 8);
            let mut buf = [0u8; MAX_ENCODED_LEN];
            let n = base58_encode_35(&raw, &mut buf);
            prop_assert_eq!(decode(&buf[..n]), Err(CoreError::Ss58BadChecksum));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = parse_recipient(&bytes);
        }
    }
}
