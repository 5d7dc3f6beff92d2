//! Keccak-256 as a `const fn`, written for rustc's const evaluator.
//!
//! ink! 6 (`ink::codegen::sol::selector_bytes`), stylus-sdk 0.9 and
//! OpenZeppelin Stylus 0.3 compute every Solidity selector, event topic and
//! role id at compile time with crates.io `keccak-const`. Const evaluation
//! interprets each MIR statement, and that crate's permutation is written for
//! clarity: byte-wise lane loads, loops with index arithmetic and bounds checks
//! on every step, the θ parity recomputed five times, round constants rebuilt
//! from the LFSR every round. Measured on this project, that evaluation was
//! most of each ink! contract's compile: the AvalanchePool's unit-test build
//! took 117 s, of which about 109 s were hashing selectors; every ink!
//! contract is compiled three times per run (unit tests, metadata generator,
//! `.polkavm`).
//!
//! This crate is a drop-in for the part of `keccak-const` 0.2 that our
//! dependencies use, [`Keccak256`] (`new`, `update`, `finalize`), patched in
//! through `[patch.crates-io]`. The state stays in 64-bit lanes (input bytes
//! are XORed into their lane, never converted back and forth), and one round
//! of Keccak-f[1600] is written out over 25 local variables, so evaluating it
//! is a few hundred arithmetic statements, with no indexing and no calls.
//! The result is the same function: the tests compare it with RustCrypto's
//! `sha3` on known answers and on random inputs of every length across
//! several blocks. (Written here rather than taken from a crate: no
//! maintained crate offers a const-evaluation-friendly Keccak.)
#![no_std]

/// Bytes absorbed per permutation for Keccak-256: 1600 bits minus twice the
/// 256-bit output.
const RATE: usize = 136;

/// Keccak-f[1600]'s round constants (ι), from the degree-8 LFSR of the Keccak
/// reference, computed once.
const ROUND_CONSTANTS: [u64; 24] = round_constants();

/// The ι step's constants: round `r` sets bit `2^j - 1` of lane (0, 0) when
/// output `7r + j` of the LFSR `x^8 + x^6 + x^5 + x^4 + 1` is one.
const fn round_constants() -> [u64; 24] {
    let mut constants = [0u64; 24];
    let mut lfsr: u8 = 1;
    let mut round = 0;
    while round < 24 {
        let mut j = 0;
        while j < 7 {
            if lfsr & 1 != 0 {
                constants[round] |= 1u64 << ((1u32 << j) - 1);
            }
            lfsr = if lfsr & 0x80 != 0 { (lfsr << 1) ^ 0x71 } else { lfsr << 1 };
            j += 1;
        }
        round += 1;
    }
    constants
}

/// Keccak-f[1600] on the state's 25 lanes; lane `(x, y)` is `a[x + 5y]`.
///
/// Rotations are spelled as two shifts: plain operations for the const
/// evaluator, where `u64::rotate_left` is a function call (no lane is rotated
/// by 0 or 64).
#[rustfmt::skip]
#[allow(clippy::manual_rotate)]
const fn permute(lanes: [u64; 25]) -> [u64; 25] {
    let [mut a00, mut a01, mut a02, mut a03, mut a04, mut a05, mut a06, mut a07, mut a08, mut a09, mut a10, mut a11, mut a12, mut a13, mut a14, mut a15, mut a16, mut a17, mut a18, mut a19, mut a20, mut a21, mut a22, mut a23, mut a24] = lanes;
    let mut round = 0;
    while round < 24 {
        // θ: each column's parity, folded into the neighbouring columns.
        let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
        let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
        let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
        let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
        let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
        let d0 = c4 ^ ((c1 << 1) | (c1 >> 63));
        let d1 = c0 ^ ((c2 << 1) | (c2 >> 63));
        let d2 = c1 ^ ((c3 << 1) | (c3 >> 63));
        let d3 = c2 ^ ((c4 << 1) | (c4 >> 63));
        let d4 = c3 ^ ((c0 << 1) | (c0 >> 63));
        a00 ^= d0; a01 ^= d1; a02 ^= d2; a03 ^= d3; a04 ^= d4;
        a05 ^= d0; a06 ^= d1; a07 ^= d2; a08 ^= d3; a09 ^= d4;
        a10 ^= d0; a11 ^= d1; a12 ^= d2; a13 ^= d3; a14 ^= d4;
        a15 ^= d0; a16 ^= d1; a17 ^= d2; a18 ^= d3; a19 ^= d4;
        a20 ^= d0; a21 ^= d1; a22 ^= d2; a23 ^= d3; a24 ^= d4;
        // ρ and π: lane (x, y) rotated into position (y, 2x + 3y).
        let b00 = a00;
        let b01 = (a06 << 44) | (a06 >> 20);
        let b02 = (a12 << 43) | (a12 >> 21);
        let b03 = (a18 << 21) | (a18 >> 43);
        let b04 = (a24 << 14) | (a24 >> 50);
        let b05 = (a03 << 28) | (a03 >> 36);
        let b06 = (a09 << 20) | (a09 >> 44);
        let b07 = (a10 << 3) | (a10 >> 61);
        let b08 = (a16 << 45) | (a16 >> 19);
        let b09 = (a22 << 61) | (a22 >> 3);
        let b10 = (a01 << 1) | (a01 >> 63);
        let b11 = (a07 << 6) | (a07 >> 58);
        let b12 = (a13 << 25) | (a13 >> 39);
        let b13 = (a19 << 8) | (a19 >> 56);
        let b14 = (a20 << 18) | (a20 >> 46);
        let b15 = (a04 << 27) | (a04 >> 37);
        let b16 = (a05 << 36) | (a05 >> 28);
        let b17 = (a11 << 10) | (a11 >> 54);
        let b18 = (a17 << 15) | (a17 >> 49);
        let b19 = (a23 << 56) | (a23 >> 8);
        let b20 = (a02 << 62) | (a02 >> 2);
        let b21 = (a08 << 55) | (a08 >> 9);
        let b22 = (a14 << 39) | (a14 >> 25);
        let b23 = (a15 << 41) | (a15 >> 23);
        let b24 = (a21 << 2) | (a21 >> 62);
        // χ: the only non-linear step, along each row.
        a00 = b00 ^ (!b01 & b02);
        a01 = b01 ^ (!b02 & b03);
        a02 = b02 ^ (!b03 & b04);
        a03 = b03 ^ (!b04 & b00);
        a04 = b04 ^ (!b00 & b01);
        a05 = b05 ^ (!b06 & b07);
        a06 = b06 ^ (!b07 & b08);
        a07 = b07 ^ (!b08 & b09);
        a08 = b08 ^ (!b09 & b05);
        a09 = b09 ^ (!b05 & b06);
        a10 = b10 ^ (!b11 & b12);
        a11 = b11 ^ (!b12 & b13);
        a12 = b12 ^ (!b13 & b14);
        a13 = b13 ^ (!b14 & b10);
        a14 = b14 ^ (!b10 & b11);
        a15 = b15 ^ (!b16 & b17);
        a16 = b16 ^ (!b17 & b18);
        a17 = b17 ^ (!b18 & b19);
        a18 = b18 ^ (!b19 & b15);
        a19 = b19 ^ (!b15 & b16);
        a20 = b20 ^ (!b21 & b22);
        a21 = b21 ^ (!b22 & b23);
        a22 = b22 ^ (!b23 & b24);
        a23 = b23 ^ (!b24 & b20);
        a24 = b24 ^ (!b20 & b21);
        // ι
        a00 ^= ROUND_CONSTANTS[round];
        round += 1;
    }
    [a00, a01, a02, a03, a04, a05, a06, a07, a08, a09, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24]
}

/// The Keccak-256 hash (Ethereum's `keccak256`: Keccak padding, not SHA-3's),
/// usable in constants:
///
/// ```
/// const TRANSFER: [u8; 32] = keccak_const::Keccak256::new()
///     .update(b"transfer(address,uint256)")
///     .finalize();
/// assert_eq!(TRANSFER[..4], [0xa9, 0x05, 0x9c, 0xbb]);
/// ```
#[derive(Clone, Debug)]
pub struct Keccak256 {
    /// The sponge state, lane `(x, y)` at `x + 5y`, bytes little-endian.
    lanes: [u64; 25],
    /// How many bytes of the current block have been absorbed.
    pos: usize,
}

impl Keccak256 {
    /// An empty hasher.
    #[allow(clippy::new_without_default)] // keccak-const's API: no Default
    pub const fn new() -> Self {
        Self { lanes: [0; 25], pos: 0 }
    }

    /// Absorbs `input`; may be called any number of times.
    pub const fn update(mut self, input: &[u8]) -> Self {
        let mut i = 0;
        while i < input.len() {
            self.lanes[self.pos / 8] ^= (input[i] as u64) << (8 * (self.pos % 8));
            self.pos += 1;
            if self.pos == RATE {
                self.lanes = permute(self.lanes);
                self.pos = 0;
            }
            i += 1;
        }
        self
    }

    /// Pads the input absorbed so far and returns its 32-byte digest.
    pub const fn finalize(&self) -> [u8; 32] {
        let mut lanes = self.lanes;
        // Keccak's pad10*1 with domain bit 0x01; both ends fall in one byte
        // (0x81) when a single byte of the block is left.
        lanes[self.pos / 8] ^= 0x01 << (8 * (self.pos % 8));
        lanes[(RATE - 1) / 8] ^= 0x80 << (8 * ((RATE - 1) % 8));
        let lanes = permute(lanes);
        let mut digest = [0u8; 32];
        let mut i = 0;
        while i < 32 {
            digest[i] = (lanes[i / 8] >> (8 * (i % 8))) as u8;
            i += 1;
        }
        digest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sha3::{Digest, Keccak256 as Reference};

    fn reference(input: &[u8]) -> [u8; 32] {
        Reference::digest(input).into()
    }

    #[test]
    fn round_constants_match_the_keccak_reference() {
        assert_eq!(ROUND_CONSTANTS[0], 0x0000_0000_0000_0001);
        assert_eq!(ROUND_CONSTANTS[1], 0x0000_0000_0000_8082);
        assert_eq!(ROUND_CONSTANTS[12], 0x0000_0000_8000_808b);
        assert_eq!(ROUND_CONSTANTS[23], 0x8000_0000_8000_8008);
    }

    #[test]
    fn empty_input_hashes_to_the_known_digest() {
        let empty = [
            0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00,
            0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
        ];
        assert_eq!(Keccak256::new().finalize(), empty);
    }

    #[test]
    fn a_selector_evaluated_in_a_constant_is_the_solidity_selector() {
        const SELECTOR: [u8; 32] = Keccak256::new().update(b"balanceOf(address)").finalize();
        assert_eq!(SELECTOR[..4], [0x70, 0xa0, 0x82, 0x31]);
    }

    #[test]
    fn every_length_around_the_block_boundaries_matches_sha3() {
        let input: [u8; 3 * RATE + 2] = core::array::from_fn(|i| (i * 7 + 3) as u8);
        for len in 0..input.len() {
            let digest = Keccak256::new().update(&input[..len]).finalize();
            assert_eq!(digest, reference(&input[..len]), "length {len}");
        }
    }

    proptest! {
        #[test]
        fn updates_in_pieces_hash_like_sha3(input in proptest::collection::vec(any::<u8>(), 0..700), cut in any::<prop::sample::Index>()) {
            let cut = cut.index(input.len() + 1);
            let digest = Keccak256::new().update(&input[..cut]).update(&input[cut..]).finalize();
            prop_assert_eq!(digest, reference(&input));
        }

        #[test]
        fn finalizing_does_not_consume_the_hasher(input in proptest::collection::vec(any::<u8>(), 0..300)) {
            let hasher = Keccak256::new().update(&input);
            prop_assert_eq!(hasher.finalize(), hasher.clone().finalize());
        }
    }
}
