//! BLAKE2b-512 (RFC 7693), unkeyed, for the SS58 checksum.
//!
//! A compact implementation: one loop over the twelve rounds and one over
//! the eight mixing steps of a round, rather than the fully unrolled rounds
//! of the `blake2` crate. Unrolled, the compression function is one basic
//! block of about 2,600 PolkaVM instructions, which pallet-revive refuses
//! to upload (its limit is 1,000 per basic block); looped, it is also a
//! fraction of the code size on both platforms. The tests check it against
//! the `blake2` crate on random inputs of every length class.

// Every index below is either a constant below 16 from the tables or a
// loop counter bounded by an array length.
#![allow(clippy::indexing_slicing)]

/// BLAKE2b's initialisation vector (the SHA-512 IV).
const IV: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

/// The message word schedule of each round (rounds 10 and 11 repeat 0 and 1).
const SIGMA: [[u8; 16]; 12] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
];

/// The working-vector lanes `(a, b, c, d)` of the eight mixing steps of a
/// round: four columns, then four diagonals.
const STEPS: [[u8; 4]; 8] = [
    [0, 4, 8, 12],
    [1, 5, 9, 13],
    [2, 6, 10, 14],
    [3, 7, 11, 15],
    [0, 5, 10, 15],
    [1, 6, 11, 12],
    [2, 7, 8, 13],
    [3, 4, 9, 14],
];

/// Block size in bytes.
const BLOCK: usize = 128;

/// The compression function F: mixes one `block` into `h`; `t` counts the
/// bytes hashed so far (the high half of RFC 7693's 128-bit counter is
/// always zero here: inputs are slices), `last` marks the final block.
fn compress(h: &mut [u64; 8], block: &[u8; BLOCK], t: u64, last: bool) {
    let mut m = [0u64; 16];
    for (word, bytes) in m.iter_mut().zip(block.chunks_exact(8)) {
        let mut le = [0u8; 8];
        le.copy_from_slice(bytes);
        *word = u64::from_le_bytes(le);
    }
    let mut v = [0u64; 16];
    v[..8].copy_from_slice(h);
    v[8..].copy_from_slice(&IV);
    v[12] ^= t;
    if last {
        v[14] = !v[14];
    }
    for s in &SIGMA {
        for (words, &[a, b, c, d]) in s.chunks_exact(2).zip(&STEPS) {
            let (a, b, c, d) = (usize::from(a), usize::from(b), usize::from(c), usize::from(d));
            let x = m[usize::from(words[0])];
            let y = m[usize::from(words[1])];
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
            v[d] = (v[d] ^ v[a]).rotate_right(32);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(24);
            v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
            v[d] = (v[d] ^ v[a]).rotate_right(16);
            v[c] = v[c].wrapping_add(v[d]);
            v[b] = (v[b] ^ v[c]).rotate_right(63);
        }
    }
    let (low, high) = v.split_at(8);
    for ((word, l), h) in h.iter_mut().zip(low).zip(high) {
        *word ^= l ^ h;
    }
}

/// BLAKE2b-512 of `data` (no key).
pub fn blake2b_512(data: &[u8]) -> [u8; 64] {
    let mut h = IV;
    // Parameter block: digest length 64, key length 0, fanout 1, depth 1.
    h[0] ^= 0x0101_0000 ^ 64;
    let mut hashed: u64 = 0;
    // Every full block but the last is compressed as it comes; the last
    // block (full or not, possibly empty) is zero-padded and finalised.
    let mut rest = data;
    while rest.len() > BLOCK {
        let (head, tail) = rest.split_at(BLOCK);
        let mut block = [0u8; BLOCK];
        block.copy_from_slice(head);
        hashed = hashed.wrapping_add(BLOCK as u64);
        compress(&mut h, &block, hashed, false);
        rest = tail;
    }
    let mut block = [0u8; BLOCK];
    block[..rest.len()].copy_from_slice(rest);
    hashed = hashed.wrapping_add(rest.len() as u64);
    compress(&mut h, &block, hashed, true);
    let mut out = [0u8; 64];
    for (bytes, word) in out.chunks_exact_mut(8).zip(h) {
        bytes.copy_from_slice(&word.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::hex;
    use blake2::{Blake2b512, Digest};
    use proptest::prelude::*;

    fn reference(data: &[u8]) -> [u8; 64] {
        Blake2b512::digest(data).into()
    }

    #[test]
    fn empty_input_matches_rfc_7693() {
        // BLAKE2b-512("") from RFC 7693 / the reference implementation.
        let expected = hex!(
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"
        );
        assert_eq!(blake2b_512(b""), expected);
    }

    #[test]
    fn abc_matches_rfc_7693_appendix_a() {
        let expected = hex!(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        );
        assert_eq!(blake2b_512(b"abc"), expected);
    }

    #[test]
    fn block_boundaries_match_the_blake2_crate() {
        let mut buffer = [0u8; 384];
        for (i, byte) in buffer.iter_mut().enumerate() {
            *byte = i.wrapping_mul(7).to_le_bytes()[0];
        }
        for len in [127, 128, 129, 255, 256, 257, 384] {
            let data = &buffer[..len];
            assert_eq!(blake2b_512(data), reference(data), "length {len}");
        }
    }

    proptest! {
        #[test]
        fn matches_the_blake2_crate(data in proptest::collection::vec(any::<u8>(), 0..600)) {
            prop_assert_eq!(blake2b_512(&data), reference(&data));
        }
    }
}
