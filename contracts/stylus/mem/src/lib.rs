//! `memcmp` and `bcmp` for the Stylus contracts, eight bytes a step.
//!
//! Comparing byte arrays (`address == Address::ZERO`, a fixed-size key
//! against another) compiles, at the size-first optimisation the contracts
//! use, to a call of `memcmp`. The one the standard library brings
//! (compiler-builtins) compares a byte per loop turn; on Nitro every turn
//! is two metered basic blocks, 2,450 ink of header each besides the
//! operators — about 0.9 gas a byte, 19 gas for an address. These compare
//! eight bytes (then four) per turn and look at single bytes only to find
//! where two words differ. compiler-builtins defines its symbols weakly,
//! so these, strong, are the ones the contracts link.
//!
//! The crate is `no_builtins`: LLVM must not turn the loops below back
//! into calls of `memcmp` itself. Off wasm (tests, tools) it defines
//! nothing and only [`compare`], the function the symbols wrap, exists.
//! The deployed wasm lists `memcmp` and `bcmp` among its exports (rustc
//! exports every `#[no_mangle]` function of a cdylib's crates); Stylus
//! calls nothing but `user_entrypoint`, so they are reachable only from
//! the contract's own code.
#![no_std]
#![no_builtins]

/// Compares `n` bytes at `a` and `b` as `memcmp` does: 0 if equal, else
/// the difference of the first differing bytes (as unsigned).
///
/// # Safety
///
/// `a` and `b` must each be valid for reads of `n` bytes.
#[inline]
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while n - i >= 8 {
        // SAFETY: i + 8 <= n, so both eight-byte reads are in bounds; they
        // may be unaligned.
        let (x, y) = unsafe { ((a.add(i) as *const u64).read_unaligned(), (b.add(i) as *const u64).read_unaligned()) };
        if x != y {
            // SAFETY: the eight bytes at i are in bounds.
            return unsafe { bytewise(a.add(i), b.add(i), 8) };
        }
        i += 8;
    }
    if n - i >= 4 {
        // SAFETY: i + 4 <= n.
        let (x, y) = unsafe { ((a.add(i) as *const u32).read_unaligned(), (b.add(i) as *const u32).read_unaligned()) };
        if x != y {
            // SAFETY: the four bytes at i are in bounds.
            return unsafe { bytewise(a.add(i), b.add(i), 4) };
        }
        i += 4;
    }
    // SAFETY: the n - i < 4 bytes left are in bounds.
    unsafe { bytewise(a.add(i), b.add(i), n - i) }
}

/// The byte-by-byte comparison of `n` (at most eight) bytes.
///
/// # Safety
///
/// `a` and `b` must each be valid for reads of `n` bytes.
unsafe fn bytewise(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i < n {
        // SAFETY: i < n.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

#[cfg(target_arch = "wasm32")]
mod symbols {
    /// C's `memcmp`.
    ///
    /// # Safety
    ///
    /// As C's: both regions readable for `n` bytes.
    #[no_mangle]
    pub(crate) unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        // SAFETY: the caller's contract.
        unsafe { super::compare(a, b, n) }
    }

    /// `bcmp`: zero when equal (`memcmp` answers that too).
    ///
    /// # Safety
    ///
    /// As C's: both regions readable for `n` bytes.
    #[no_mangle]
    pub(crate) unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
        // SAFETY: the caller's contract.
        unsafe { super::compare(a, b, n) }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::compare;
    use std::vec::Vec;

    fn cmp(a: &[u8], b: &[u8]) -> i32 {
        assert_eq!(a.len(), b.len());
        // SAFETY: both slices hold len bytes.
        unsafe { compare(a.as_ptr(), b.as_ptr(), a.len()) }
    }

    /// The sign the standard library's slice ordering gives.
    fn reference(a: &[u8], b: &[u8]) -> i32 {
        match a.cmp(b) {
            core::cmp::Ordering::Less => -1,
            core::cmp::Ordering::Equal => 0,
            core::cmp::Ordering::Greater => 1,
        }
    }

    #[test]
    fn equal_regions_of_every_length_up_to_forty_compare_equal() {
        let a: Vec<u8> = (0..40).collect();
        for n in 0..=40 {
            assert_eq!(cmp(&a[..n], &a[..n]), 0, "length {n}");
        }
    }

    #[test]
    fn the_first_differing_byte_decides_at_every_position() {
        let a: Vec<u8> = (0..40).collect();
        for n in 1..=40 {
            for at in 0..n {
                let mut b = a.clone();
                b[at] = 0xff;
                // A later difference the other way must not matter.
                if at + 1 < n {
                    b[at + 1] = 0;
                }
                let got = cmp(&a[..n], &b[..n]);
                assert_eq!(got.signum(), reference(&a[..n], &b[..n]), "length {n}, at {at}");
                assert_eq!(got, i32::from(a[at]) - 0xff, "the difference of the bytes, unsigned");
            }
        }
    }

    #[test]
    fn an_address_against_zero() {
        let zero = [0u8; 20];
        let mut one = [0u8; 20];
        one[19] = 1;
        assert_eq!(cmp(&zero, &zero), 0);
        assert_eq!(cmp(&one, &zero), 1);
        assert_eq!(cmp(&zero, &one), -1);
    }
}
