//! `lst_core::math::mul_div` (every conversion of the suite goes through
//! it) against arbitrary-precision integers: `a × b / d` rounded down or
//! up, `DivisionByZero` for `d = 0`, `MathOverflow` exactly when the
//! rounded result does not fit in 256 bits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lst_core::{
    math::{mul_div, Rounding},
    CoreError, U256,
};
use num_bigint::BigUint;

fn word(bytes: &[u8], i: usize) -> [u8; 32] {
    let mut w = [0u8; 32];
    for (dst, src) in w.iter_mut().zip(bytes.iter().skip(32 * i)) {
        *dst = *src;
    }
    w
}

fuzz_target!(|bytes: &[u8]| {
    let (a, b, d) = (word(bytes, 0), word(bytes, 1), word(bytes, 2));
    let up = bytes.get(96).is_some_and(|x| x & 1 == 1);
    let rounding = if up { Rounding::Up } else { Rounding::Down };
    let core = mul_div(U256::from_be_bytes(a), U256::from_be_bytes(b), U256::from_be_bytes(d), rounding);

    let (a, b, d) = (BigUint::from_bytes_be(&a), BigUint::from_bytes_be(&b), BigUint::from_bytes_be(&d));
    if d == BigUint::ZERO {
        assert_eq!(core, Err(CoreError::DivisionByZero));
        return;
    }
    let product = a * b;
    let mut quotient = &product / &d;
    if up && &product % &d != BigUint::ZERO {
        quotient += 1u32;
    }
    if quotient.bits() > 256 {
        assert_eq!(core, Err(CoreError::MathOverflow), "{quotient} does not fit");
    } else {
        let got = core.expect("a result that fits");
        assert_eq!(BigUint::from_bytes_be(&got.to_be_bytes::<32>()), quotient);
    }
});
