//! Keccak-256 for the Stylus contracts, behind the `tiny-keccak` 2 API.
//!
//! openzeppelin-stylus 0.3 turns on alloy-primitives' `tiny-keccak`
//! feature, which overrides stylus-sdk's `native-keccak`: every contract
//! then carries a software Keccak (about 1.5 kB compressed) and every
//! storage-map access, EIP-712 digest and event topic hashes in wasm
//! instead of through the host. The workspace patches crates.io
//! `tiny-keccak` with this crate (root `Cargo.toml`, `[patch.crates-io]`),
//! so the same alloy code reaches the host again:
//!
//! - on `wasm32` (the Stylus contracts) the input is buffered and hashed by
//!   the host's `vm_hooks.native_keccak256`, the hostio stylus-sdk itself
//!   uses with `native-keccak`;
//! - everywhere else (motsu tests, the ABI tool, proc-macros computing
//!   selectors at compile time) it is RustCrypto's `sha3::Keccak256`.
//!
//! Only what the build graph uses exists: [`Keccak::v256`] and [`Hasher`].
//! Any other `tiny-keccak` feature or function fails to compile, loudly.
#![no_std]

/// The streaming interface of `tiny-keccak` 2.
pub trait Hasher {
    /// Absorbs more input; may be called any number of times.
    fn update(&mut self, input: &[u8]);

    /// Writes the digest into `output` (Keccak-256: its first 32 bytes).
    ///
    /// # Panics
    ///
    /// If `output` is shorter than 32 bytes (as `tiny-keccak` does).
    fn finalize(self, output: &mut [u8]);
}

extern crate alloc;

/// The input so far. Up to [`Buffer::INLINE`] bytes are kept in the buffer
/// itself: a mapping slot's preimage (a key and a slot, 64 bytes) — what
/// nearly every hash of a contract call is — needs no heap allocation, and
/// on Stylus every allocation and every call costs ink. Longer input moves
/// to a `Vec`.
#[derive(Clone)]
struct Buffer {
    /// Bytes of `inline` in use, while `spilled` is empty.
    len: usize,
    inline: [u8; Buffer::INLINE],
    /// All the input, once it outgrew `inline`.
    spilled: alloc::vec::Vec<u8>,
}

impl Buffer {
    const INLINE: usize = 64;

    fn new() -> Self {
        Self { len: 0, inline: [0; Self::INLINE], spilled: alloc::vec::Vec::new() }
    }

    fn update(&mut self, input: &[u8]) {
        if self.spilled.is_empty() {
            let end = self.len + input.len();
            if let Some(room) = self.inline.get_mut(self.len..end) {
                room.copy_from_slice(input);
                self.len = end;
                return;
            }
            self.spilled.extend_from_slice(self.inline.get(..self.len).unwrap_or_default());
        }
        self.spilled.extend_from_slice(input);
    }

    fn bytes(&self) -> &[u8] {
        if self.spilled.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spilled
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    #[link(wasm_import_module = "vm_hooks")]
    extern "C" {
        /// The Stylus hostio: `keccak256(bytes[..len])` into `output[..32]`.
        fn native_keccak256(bytes: *const u8, len: usize, output: *mut u8);
    }

    /// Keccak-256 of `bytes`, by the host.
    pub(crate) fn keccak256(bytes: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        // SAFETY: the pointer and length describe one live buffer the host
        // only reads; `out` is 32 writable bytes, all the host writes.
        unsafe { native_keccak256(bytes.as_ptr(), bytes.len(), out.as_mut_ptr()) };
        out
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use sha3::Digest;

    /// Keccak-256 of `bytes`, by RustCrypto's `sha3`.
    pub(crate) fn keccak256(bytes: &[u8]) -> [u8; 32] {
        sha3::Keccak256::digest(bytes).into()
    }
}

/// A Keccak-256 hasher (`Keccak::v256()`), the only variant provided.
#[derive(Clone)]
pub struct Keccak(Buffer);

impl Keccak {
    /// A fresh Keccak-256 hasher.
    pub fn v256() -> Keccak {
        Keccak(Buffer::new())
    }
}

impl Hasher for Keccak {
    fn update(&mut self, input: &[u8]) {
        self.0.update(input);
    }

    fn finalize(self, output: &mut [u8]) {
        output[..32].copy_from_slice(&imp::keccak256(self.0.bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    fn keccak256(parts: &[&[u8]]) -> [u8; 32] {
        let mut h = Keccak::v256();
        for part in parts {
            h.update(part);
        }
        let mut out = [0u8; 32];
        h.finalize(&mut out);
        out
    }

    #[test]
    fn empty_input_hashes_to_the_known_keccak256() {
        assert_eq!(keccak256(&[]), hex!("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    }

    #[test]
    fn a_solidity_signature_hashes_to_its_selector() {
        // transfer(address,uint256) = 0xa9059cbb
        assert_eq!(keccak256(&[b"transfer(address,uint256)"])[..4], hex!("a9059cbb"));
    }

    #[test]
    fn streamed_input_hashes_like_the_whole() {
        let whole = keccak256(&[b"The quick brown fox jumps over the lazy dog"]);
        assert_eq!(whole, hex!("4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"));
        assert_eq!(keccak256(&[b"The quick brown ", b"", b"fox jumps over the lazy dog"]), whole);
    }

    #[test]
    fn a_longer_output_buffer_gets_the_digest_in_its_first_32_bytes() {
        let mut out = [0xffu8; 40];
        Keccak::v256().finalize(&mut out);
        assert_eq!(out[..32], keccak256(&[]));
        assert_eq!(out[32..], [0xff; 8]);
    }

    #[test]
    fn input_crossing_the_inline_buffer_hashes_like_the_whole() {
        let long: alloc::vec::Vec<u8> = (0..200u8).collect();
        let whole = imp::keccak256(&long);
        // Exactly full, one past, split across the boundary, and far past.
        for cut in [0, 1, 63, 64, 65, 128, 200] {
            let (a, b) = long.split_at(cut);
            assert_eq!(keccak256(&[a, b]), whole, "split at {cut}");
        }
        assert_eq!(keccak256(&[&long[..64]]), imp::keccak256(&long[..64]), "64 bytes stay inline");
        assert_eq!(keccak256(&[&long[..64], &[]]), imp::keccak256(&long[..64]));
    }

    #[test]
    fn up_to_sixty_four_bytes_need_no_heap() {
        let mut buffer = Buffer::new();
        buffer.update(&[1; 32]);
        buffer.update(&[2; 32]);
        assert!(buffer.spilled.is_empty());
        assert_eq!(buffer.bytes().len(), 64);
        buffer.update(&[3]);
        assert_eq!(buffer.spilled.len(), 65, "the 65th byte moves everything to the heap");
    }

    #[test]
    #[should_panic]
    fn a_short_output_buffer_panics() {
        Keccak::v256().finalize(&mut [0u8; 31]);
    }
}
