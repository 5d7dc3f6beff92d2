//! Full-width fixed-point math and the share/asset conversions
//! (docs/protocol.md, "Units and rounding").
//!
//! A ratio is `shares per asset`, scaled by [`ONE`]: it starts at exactly 1e18
//! and only goes down, so one share is worth more and more of the asset.
//!
//! Rounding always favours the protocol: shares minted and assets paid out
//! round down; shares burned for a given asset amount round up.

use crate::{CoreError, CoreResult, U256};

/// 1e18: the fixed-point scale of ratios, and one whole unit of an 18-decimal
/// asset.
pub const ONE: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// Basis points in one whole (100%).
pub const BPS: u32 = 10_000;

/// Which way a division that leaves a remainder is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Towards zero: what the protocol pays out or mints.
    Down,
    /// Away from zero: what the protocol takes in or burns.
    Up,
}

/// `(high·2²⁵⁶ + low) / divisor` and the remainder, by binary long division.
///
/// Fails with [`CoreError::MathOverflow`] when the quotient does not fit in
/// 256 bits (exactly when `high >= divisor`). `divisor` must be non-zero.
///
/// Why not ruint's 512-bit `div_rem`: it is about 4 kB of wasm, the largest
/// single function of every contract; this loop is a few hundred bytes and
/// costs 256 shift-compare-subtract steps per call. A property test checks
/// it against ruint's division.
fn div_rem_wide(high: U256, low: U256, divisor: U256) -> CoreResult<(U256, U256)> {
    if high >= divisor {
        return Err(CoreError::MathOverflow);
    }
    // Invariant: remainder < divisor. Shifting in one bit of `low` at a time,
    // remainder·2 + bit < 2·divisor, so one subtraction restores it; the bit
    // shifted out of the top (`carry`) means the true value is ≥ 2²⁵⁶ > divisor.
    let mut remainder = high;
    let mut quotient = U256::ZERO;
    for i in (0..256).rev() {
        let carry = remainder.bit(255);
        remainder = remainder.wrapping_shl(1) | U256::from(low.bit(i));
        if carry || remainder >= divisor {
            remainder = remainder.wrapping_sub(divisor);
            quotient.set_bit(i, true);
        }
    }
    Ok((quotient, remainder))
}

/// `a * b` in full, as (low, high) 256-bit halves: schoolbook
/// multiplication of the 64-bit limbs, as two loops.
///
/// Why not ruint's `widening_mul` (or `checked_mul`): ruint unrolls the
/// limb products, which made them the second largest function of the
/// contracts that use them; the loops are a fraction of that (Stylus
/// Staking, brotli-11 bytes, in docs/development.md's size notes). A
/// property test checks it against ruint.
fn wide_mul(a: U256, b: U256) -> (U256, U256) {
    let mut product = [0u64; 8];
    for (i, &x) in a.as_limbs().iter().enumerate() {
        let mut carry = 0u64;
        for (slot, &y) in product.iter_mut().skip(i).zip(b.as_limbs()) {
            // x·y + slot + carry ≤ (2⁶⁴−1)² + 2·(2⁶⁴−1) = 2¹²⁸ − 1: no wrap.
            let t = u128::from(x)
                .wrapping_mul(u128::from(y))
                .wrapping_add(u128::from(*slot))
                .wrapping_add(u128::from(carry));
            (*slot, carry) = split(t);
        }
        if let Some(top) = product.get_mut(i.wrapping_add(4)) {
            *top = carry;
        }
    }
    let [l0, l1, l2, l3, h0, h1, h2, h3] = product;
    (U256::from_limbs([l0, l1, l2, l3]), U256::from_limbs([h0, h1, h2, h3]))
}

/// A 128-bit value's low and high 64-bit halves.
#[allow(clippy::cast_possible_truncation)] // Each half is exactly 64 bits.
fn split(t: u128) -> (u64, u64) {
    (t as u64, (t >> 64) as u64)
}

/// `a * b`; [`CoreError::MathOverflow`] when it does not fit in 256 bits
/// (the same multiplication as [`mul_div`]'s).
pub fn mul(a: U256, b: U256) -> CoreResult<U256> {
    match wide_mul(a, b) {
        (low, high) if high.is_zero() => Ok(low),
        _ => Err(CoreError::MathOverflow),
    }
}

/// `a * b / denominator` with a 512-bit intermediate product, rounded as asked.
///
/// Never overflows in the intermediate; fails with
/// [`CoreError::MathOverflow`] when the true result does not fit in 256 bits
/// and with [`CoreError::DivisionByZero`] when `denominator` is zero.
pub fn mul_div(a: U256, b: U256, denominator: U256, rounding: Rounding) -> CoreResult<U256> {
    if denominator.is_zero() {
        return Err(CoreError::DivisionByZero);
    }
    let (low, high) = wide_mul(a, b);
    let (quotient, remainder) = div_rem_wide(high, low, denominator)?;
    match rounding {
        Rounding::Up if !remainder.is_zero() => quotient.checked_add(U256::from(1u8)).ok_or(CoreError::MathOverflow),
        _ => Ok(quotient),
    }
}

/// Whether `value` is a whole multiple of `unit` ([`CoreError::DivisionByZero`]
/// for a zero unit). Uses the same division as [`mul_div`], so a contract
/// links one division routine, not two.
pub fn is_multiple_of(value: U256, unit: U256) -> CoreResult<bool> {
    if unit.is_zero() {
        return Err(CoreError::DivisionByZero);
    }
    let (_, remainder) = div_rem_wide(U256::ZERO, value, unit)?;
    Ok(remainder.is_zero())
}

/// `amount * bps / 10_000`, rounded as asked (a basis-point share of an amount).
pub fn bps_of(amount: U256, bps: u32, rounding: Rounding) -> CoreResult<U256> {
    mul_div(amount, U256::from(bps), U256::from(BPS), rounding)
}

fn nonzero_ratio(ratio: U256) -> CoreResult<U256> {
    if ratio.is_zero() {
        Err(CoreError::RatioZero)
    } else {
        Ok(ratio)
    }
}

/// Shares minted for `assets` deposited: `assets * ratio / 1e18`, rounded down
/// (`lst = asset * ratio`).
pub fn assets_to_shares(assets: U256, ratio: U256) -> CoreResult<U256> {
    mul_div(assets, nonzero_ratio(ratio)?, ONE, Rounding::Down)
}

/// Shares that must be burned to take out exactly `assets`:
/// `assets * ratio / 1e18`, rounded up.
pub fn assets_to_shares_up(assets: U256, ratio: U256) -> CoreResult<U256> {
    mul_div(assets, nonzero_ratio(ratio)?, ONE, Rounding::Up)
}

/// Assets that `shares` are worth: `shares * 1e18 / ratio`, rounded down
/// (`asset = lst / ratio`). Used for payouts and for rebasing balances.
pub fn shares_to_assets(shares: U256, ratio: U256) -> CoreResult<U256> {
    mul_div(shares, ONE, nonzero_ratio(ratio)?, Rounding::Down)
}

/// Rebasing bond balance shown for `shares` (one bond = one asset unit):
/// `shares * 1e18 / ratio`, rounded down.
pub fn bonds_from_shares(shares: U256, ratio: U256) -> CoreResult<U256> {
    shares_to_assets(shares, ratio)
}

/// Shares a holder gives up to move or burn `bonds`: rounded up, so a
/// transfer never moves more value than the sender had.
pub fn shares_for_bonds(bonds: U256, ratio: U256) -> CoreResult<U256> {
    assets_to_shares_up(bonds, ratio)
}

/// Shares received for `bonds` (mint side, and the certificate token's
/// `bondsToShares` view): rounded down.
pub fn shares_from_bonds(bonds: U256, ratio: U256) -> CoreResult<U256> {
    assets_to_shares(bonds, ratio)
}

/// Balancer `IRateProvider.getRate()`: assets per one whole token,
/// `1e36 / ratio`, rounded down.
pub fn rate_from_ratio(ratio: U256) -> CoreResult<U256> {
    mul_div(ONE, ONE, nonzero_ratio(ratio)?, Rounding::Down)
}

/// `a + b`, or [`CoreError::MathOverflow`].
pub fn add(a: U256, b: U256) -> CoreResult<U256> {
    a.checked_add(b).ok_or(CoreError::MathOverflow)
}

/// `a - b`, or [`CoreError::MathOverflow`] when `b > a`.
pub fn sub(a: U256, b: U256) -> CoreResult<U256> {
    a.checked_sub(b).ok_or(CoreError::MathOverflow)
}

/// `|a - b|`, which cannot overflow.
pub fn abs_diff(a: U256, b: U256) -> U256 {
    a.checked_sub(b).or_else(|| b.checked_sub(a)).unwrap_or(U256::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ruint::Uint;

    fn u(x: u128) -> U256 {
        U256::from(x)
    }

    fn any_u256() -> impl Strategy<Value = U256> {
        any::<[u64; 4]>().prop_map(U256::from_limbs)
    }

    /// Values with every bit length equally likely, so small and large
    /// operands (and quotients near 2^256) all get exercised.
    fn any_width_u256() -> impl Strategy<Value = U256> {
        (any_u256(), 0usize..=256).prop_map(|(x, bits)| {
            if bits == 256 {
                x
            } else {
                x & ((U256::from(1u8) << bits) - U256::from(1u8))
            }
        })
    }

    proptest! {
        #[test]
        fn wide_division_equals_ruints_512_bit_division(high in any_width_u256(), low in any_u256(), divisor in any_width_u256()) {
            prop_assume!(!divisor.is_zero());
            type U512 = Uint<512, 8>;
            let [l0, l1, l2, l3] = *low.as_limbs();
            let [h0, h1, h2, h3] = *high.as_limbs();
            let numerator = U512::from_limbs([l0, l1, l2, l3, h0, h1, h2, h3]);
            let (q, r) = numerator.div_rem(U512::from(divisor));
            match div_rem_wide(high, low, divisor) {
                Ok((quotient, remainder)) => {
                    prop_assert_eq!(U512::from(quotient), q);
                    prop_assert_eq!(U512::from(remainder), r);
                }
                Err(e) => {
                    prop_assert_eq!(e, CoreError::MathOverflow);
                    prop_assert!(q >= U512::from(1u8) << 256);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn wide_multiplication_equals_ruints_widening_mul(a in any_width_u256(), b in any_width_u256()) {
            let product: Uint<512, 8> = a.widening_mul(b);
            let [l0, l1, l2, l3, h0, h1, h2, h3] = *product.as_limbs();
            prop_assert_eq!(wide_mul(a, b), (U256::from_limbs([l0, l1, l2, l3]), U256::from_limbs([h0, h1, h2, h3])));
        }

        #[test]
        fn mul_is_ruints_checked_mul_or_overflow(a in any_width_u256(), b in any_width_u256()) {
            prop_assert_eq!(mul(a, b), a.checked_mul(b).ok_or(CoreError::MathOverflow));
        }
    }

    #[test]
    fn wide_multiplication_of_the_largest_values_carries_through_every_limb() {
        // (2^256 - 1)^2 = 2^512 - 2^257 + 1: low half 1, high half 2^256 - 2.
        assert_eq!(wide_mul(U256::MAX, U256::MAX), (u(1), U256::MAX - u(1)));
        assert_eq!(mul(U256::MAX, u(1)), Ok(U256::MAX));
        assert_eq!(mul(U256::MAX, u(2)), Err(CoreError::MathOverflow));
    }

    #[test]
    fn wide_division_known_answers() {
        let max = U256::MAX;
        // (2^256 - 1)^2 / (2^256 - 1) = 2^256 - 1, remainder 0.
        let product: Uint<512, 8> = max.widening_mul(max);
        let [l0, l1, l2, l3, h0, h1, h2, h3] = *product.as_limbs();
        let (low, high) = (U256::from_limbs([l0, l1, l2, l3]), U256::from_limbs([h0, h1, h2, h3]));
        assert_eq!(div_rem_wide(high, low, max), Ok((max, U256::ZERO)));
        assert_eq!(div_rem_wide(U256::ZERO, u(7), u(2)), Ok((u(3), u(1))));
        assert_eq!(div_rem_wide(u(1), U256::ZERO, u(1)), Err(CoreError::MathOverflow));
    }

    /// Ratios a real deployment sees: (0, 1e18].
    fn any_ratio() -> impl Strategy<Value = U256> {
        (1u128..=1_000_000_000_000_000_000u128).prop_map(U256::from)
    }

    #[test]
    fn one_is_1e18() {
        assert_eq!(ONE, U256::from(10u8).pow(U256::from(18u8)));
    }

    #[test]
    fn mul_div_rounds_down_and_up() {
        assert_eq!(mul_div(u(7), u(3), u(2), Rounding::Down), Ok(u(10)));
        assert_eq!(mul_div(u(7), u(3), u(2), Rounding::Up), Ok(u(11)));
        assert_eq!(mul_div(u(6), u(3), u(2), Rounding::Up), Ok(u(9)));
    }

    #[test]
    fn mul_div_uses_a_full_width_intermediate() {
        // MAX * MAX / MAX does not fit in 256 bits in the middle, but the result does.
        assert_eq!(mul_div(U256::MAX, U256::MAX, U256::MAX, Rounding::Down), Ok(U256::MAX));
        assert_eq!(mul_div(U256::MAX, ONE, ONE, Rounding::Up), Ok(U256::MAX));
    }

    #[test]
    fn mul_div_reports_overflow_when_result_does_not_fit() {
        assert_eq!(mul_div(U256::MAX, u(2), u(1), Rounding::Down), Err(CoreError::MathOverflow));
    }

    #[test]
    fn mul_div_reports_overflow_when_rounding_up_passes_max() {
        // (MAX * 3) / 2 = 1.5 * MAX does not fit; MAX * 2 / 3 rounds up to fit.
        let two_thirds = mul_div(U256::MAX, u(2), u(3), Rounding::Up).unwrap();
        assert!(two_thirds < U256::MAX);
        assert_eq!(mul_div(U256::MAX, U256::MAX - u(1), U256::MAX - u(2), Rounding::Up), Err(CoreError::MathOverflow));
    }

    #[test]
    fn mul_div_rejects_zero_denominator() {
        assert_eq!(mul_div(u(1), u(1), U256::ZERO, Rounding::Down), Err(CoreError::DivisionByZero));
    }

    #[test]
    fn conversions_reject_zero_ratio() {
        assert_eq!(assets_to_shares(ONE, U256::ZERO), Err(CoreError::RatioZero));
        assert_eq!(shares_to_assets(ONE, U256::ZERO), Err(CoreError::RatioZero));
        assert_eq!(rate_from_ratio(U256::ZERO), Err(CoreError::RatioZero));
    }

    #[test]
    fn at_ratio_one_shares_equal_assets() {
        assert_eq!(assets_to_shares(u(123), ONE), Ok(u(123)));
        assert_eq!(shares_to_assets(u(123), ONE), Ok(u(123)));
        assert_eq!(rate_from_ratio(ONE), Ok(ONE));
    }

    #[test]
    fn certificate_worth_grows_as_ratio_falls() {
        let ratio = u(900_000_000_000_000_000); // 0.9
                                                // 10 AVAX mints 9 certificates; 9 certificates redeem 10 AVAX.
        let shares = assets_to_shares(u(10) * ONE, ratio).unwrap();
        assert_eq!(shares, u(9) * ONE);
        assert_eq!(shares_to_assets(shares, ratio), Ok(u(10) * ONE));
        // getRate: 1e36 / 0.9e18 = 1.111...e18, rounded down.
        assert_eq!(rate_from_ratio(ratio), Ok(u(1_111_111_111_111_111_111)));
    }

    #[test]
    fn burning_for_exact_assets_rounds_shares_up() {
        let ratio = u(333_333_333_333_333_333);
        assert_eq!(assets_to_shares(u(1), ratio), Ok(U256::ZERO));
        assert_eq!(assets_to_shares_up(u(1), ratio), Ok(u(1)));
    }

    #[test]
    fn bps_of_takes_a_basis_point_share() {
        assert_eq!(bps_of(u(1_000), 1_000, Rounding::Down), Ok(u(100)));
        assert_eq!(bps_of(u(999), 1, Rounding::Down), Ok(U256::ZERO));
        assert_eq!(bps_of(u(999), 1, Rounding::Up), Ok(u(1)));
    }

    #[test]
    fn is_multiple_of_rejects_a_zero_unit() {
        assert_eq!(is_multiple_of(ONE, U256::ZERO), Err(CoreError::DivisionByZero));
    }

    proptest! {
        #[test]
        fn is_multiple_of_agrees_with_the_remainder(v in any_u256(), unit in 1u128..) {
            let unit = U256::from(unit);
            prop_assert_eq!(is_multiple_of(v, unit), Ok((v % unit).is_zero()));
        }

        #[test]
        fn mul_div_matches_exact_quotient_with_remainder(a in any_u256(), b in any::<u128>(), d in 1u128..) {
            // Where the product fits in 256 bits, compare against plain division.
            if let Some(p) = a.checked_mul(U256::from(b)) {
                let d = U256::from(d);
                let down = mul_div(a, U256::from(b), d, Rounding::Down).unwrap();
                prop_assert_eq!(down, p / d);
                let up = mul_div(a, U256::from(b), d, Rounding::Up);
                if (p % d).is_zero() { prop_assert_eq!(up, Ok(down)); }
                else { prop_assert_eq!(up, down.checked_add(U256::from(1u8)).ok_or(CoreError::MathOverflow)); }
            }
        }

        #[test]
        fn mul_div_up_is_down_plus_at_most_one(a in any_u256(), b in any_u256(), d in any_u256()) {
            prop_assume!(!d.is_zero());
            match (mul_div(a, b, d, Rounding::Down), mul_div(a, b, d, Rounding::Up)) {
                (Ok(down), Ok(up)) => prop_assert!(up == down || up == down + U256::from(1u8)),
                (Ok(down), Err(e)) => { prop_assert_eq!(down, U256::MAX); prop_assert_eq!(e, CoreError::MathOverflow); }
                (Err(e), up) => { prop_assert_eq!(e, CoreError::MathOverflow); prop_assert_eq!(up, Err(CoreError::MathOverflow)); }
            }
        }

        #[test]
        fn assets_to_shares_to_assets_never_gains(assets in any::<u128>(), ratio in any_ratio()) {
            let shares = assets_to_shares(U256::from(assets), ratio).unwrap();
            let back = shares_to_assets(shares, ratio).unwrap();
            prop_assert!(back <= U256::from(assets));
        }

        #[test]
        fn shares_to_assets_to_shares_never_gains(shares in any::<u128>(), ratio in any_ratio()) {
            let assets = shares_to_assets(U256::from(shares), ratio).unwrap();
            prop_assert!(assets_to_shares(assets, ratio).unwrap() <= U256::from(shares));
        }

        #[test]
        fn burning_shares_for_assets_costs_at_least_their_value(assets in any::<u128>(), ratio in any_ratio()) {
            let burned = assets_to_shares_up(U256::from(assets), ratio).unwrap();
            // The burned shares are worth at least the assets paid out.
            prop_assert!(mul_div(burned, ONE, ratio, Rounding::Up).unwrap() >= U256::from(assets));
            prop_assert!(burned >= assets_to_shares(U256::from(assets), ratio).unwrap());
        }

        #[test]
        fn bond_transfer_never_moves_more_than_balance(shares in any::<u128>(), ratio in any_ratio()) {
            // Transferring the whole shown balance never needs more shares than held.
            let balance = bonds_from_shares(U256::from(shares), ratio).unwrap();
            prop_assert!(shares_for_bonds(balance, ratio).unwrap() <= U256::from(shares));
        }

        #[test]
        fn rate_times_ratio_never_exceeds_1e36(ratio in any_ratio()) {
            let rate = rate_from_ratio(ratio).unwrap();
            prop_assert!(rate.checked_mul(ratio).unwrap() <= ONE * ONE);
        }
    }
}
