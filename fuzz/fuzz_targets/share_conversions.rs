//! The share conversions of `lst_core::math` against arbitrary-precision
//! integers: shares for assets (`× ratio / 1e18`, down, or up when the
//! protocol takes them), assets for shares (`× 1e18 / ratio`, down),
//! `RatioZero` for a zero ratio, `MathOverflow` when the result does not
//! fit; and the round trip never gives back more than went in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lst_core::{math, CoreError, U256};
use num_bigint::BigUint;

fn word(bytes: &[u8], i: usize) -> [u8; 32] {
    let mut w = [0u8; 32];
    for (dst, src) in w.iter_mut().zip(bytes.iter().skip(32 * i)) {
        *dst = *src;
    }
    w
}

fn big(v: U256) -> BigUint {
    BigUint::from_bytes_be(&v.to_be_bytes::<32>())
}

/// `x × num / den`, rounded up or down, if it fits in 256 bits.
fn reference(x: &BigUint, num: &BigUint, den: &BigUint, up: bool) -> Option<BigUint> {
    let product = x * num;
    let mut q = &product / den;
    if up && &product % den != BigUint::ZERO {
        q += 1u32;
    }
    (q.bits() <= 256).then_some(q)
}

fn same(got: Result<U256, CoreError>, want: Option<BigUint>, what: &str) {
    match want {
        Some(q) => assert_eq!(got.map(big), Ok(q), "{what}"),
        None => assert_eq!(got, Err(CoreError::MathOverflow), "{what}"),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let amount = U256::from_be_bytes(word(bytes, 0));
    // Mostly ratios near 1e18 (the range the feed allows), sometimes any.
    let raw_ratio = U256::from_be_bytes(word(bytes, 1));
    let ratio =
        if bytes.get(64).is_some_and(|x| x & 1 == 1) { raw_ratio } else { raw_ratio % (math::ONE * U256::from(4u8)) };
    if ratio.is_zero() {
        assert_eq!(math::assets_to_shares(amount, ratio), Err(CoreError::RatioZero));
        assert_eq!(math::shares_to_assets(amount, ratio), Err(CoreError::RatioZero));
        return;
    }
    let (x, r, one) = (big(amount), big(ratio), big(math::ONE));
    same(math::assets_to_shares(amount, ratio), reference(&x, &r, &one, false), "assets_to_shares");
    same(math::assets_to_shares_up(amount, ratio), reference(&x, &r, &one, true), "assets_to_shares_up");
    same(math::shares_to_assets(amount, ratio), reference(&x, &one, &r, false), "shares_to_assets");
    same(math::shares_for_bonds(amount, ratio), reference(&x, &r, &one, true), "shares_for_bonds");
    same(math::shares_from_bonds(amount, ratio), reference(&x, &r, &one, false), "shares_from_bonds");
    // Round trips favour the protocol: assets → shares (down) → assets
    // (down) never exceeds the assets; shares → assets → shares likewise.
    if let Ok(shares) = math::assets_to_shares(amount, ratio) {
        if let Ok(back) = math::shares_to_assets(shares, ratio) {
            assert!(back <= amount, "{amount} assets came back as {back}");
        }
    }
    if let Ok(assets) = math::shares_to_assets(amount, ratio) {
        if let Ok(back) = math::assets_to_shares(assets, ratio) {
            assert!(back <= amount, "{amount} shares came back as {back}");
        }
    }
});
