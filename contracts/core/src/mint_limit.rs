//! The mint limit of one bond: what a stolen notary key can mint.
//!
//! The PolkadotPool mints bonds against claims the notary signed; whoever
//! holds the notary key mints. Each bond therefore has two limits, in the
//! bond's units (KSM or DOT value, 18 decimals):
//!
//! - **per claim**: no single claim mints more (it also refuses the
//!   absurd claim of `2^256 - 1` that would overflow every later mint);
//! - **per day**: a token bucket that holds at most one day's limit and
//!   refills continuously at that limit per 24 hours. A claim takes its
//!   amount out of the bucket; one over what the bucket holds is refused
//!   (and, refused, uses up nothing: not its claim id, not the bucket).
//!
//! The bucket is rolling: there is no window boundary to time claims
//! around. Its guarantee, exactly: over any interval of `t` seconds the
//! bond mints at most `perDay + perDay * t / 86400` (a full bucket, then
//! the refill). So a key stolen from a pool whose bucket is full mints at
//! most one day's limit at once, then a trickle, until the pauser reacts.
//!
//! Raising either limit is a scheduled change ([`crate::timelock`]);
//! lowering is immediate and cuts what the bucket holds to the new daily
//! limit.

use crate::{
    math::{self, Rounding},
    CoreError, CoreResult, U256,
};

/// The period the daily limit refills over: 24 hours.
pub const MINT_PERIOD_SECS: u64 = 24 * 60 * 60;

/// A limit must fit in 128 bits (both are packed into one word when a
/// raise is scheduled); 2^128 wei is 3.4e20 whole tokens.
pub const MAX_MINT_LIMIT: u128 = u128::MAX;

/// One bond's limits and its bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MintLimit {
    /// Most one claim mints.
    pub per_claim: U256,
    /// Most the bucket holds, and what it refills per [`MINT_PERIOD_SECS`].
    pub per_day: U256,
    /// What the bucket held at `updated_at`.
    pub available: U256,
    /// When `available` was last written (seconds).
    pub updated_at: u64,
}

/// Checks a pair of limits: each below 2^128, and the per-claim limit not
/// above the daily one (a claim over the day's limit could never pass).
/// [`CoreError::MintLimitInvalid`] otherwise. Zero limits stop the bond's
/// mints.
pub fn check_limits(per_claim: U256, per_day: U256) -> CoreResult<()> {
    let max = U256::from(MAX_MINT_LIMIT);
    if per_claim > max || per_day > max || per_claim > per_day {
        return Err(CoreError::MintLimitInvalid);
    }
    Ok(())
}

/// Both limits in one word: `perClaim << 128 | perDay` (the value of a
/// scheduled raise). The limits must have passed [`check_limits`] (a bit
/// above 128 would be lost).
pub fn pack(per_claim: U256, per_day: U256) -> U256 {
    per_claim.wrapping_shl(128) | per_day
}

impl MintLimit {
    /// A bond's first limits, with a full bucket at `now`.
    pub fn new(per_claim: U256, per_day: U256, now: u64) -> CoreResult<Self> {
        check_limits(per_claim, per_day)?;
        Ok(Self { per_claim, per_day, available: per_day, updated_at: now })
    }

    /// What the bucket holds at `now`: what it held, plus the refill since
    /// (`perDay * elapsed / 86400`, rounded down), at most `perDay`.
    pub fn available_at(&self, now: u64) -> U256 {
        let elapsed = now.saturating_sub(self.updated_at);
        if elapsed >= MINT_PERIOD_SECS {
            return self.per_day;
        }
        // per_day < 2^128 and elapsed < 2^17: the product fits, so the
        // error arm is unreachable; a full bucket is the safe reading.
        math::mul_div(self.per_day, U256::from(elapsed), U256::from(MINT_PERIOD_SECS), Rounding::Down)
            .map_or(self.per_day, |refill| self.per_day.min(self.available.saturating_add(refill)))
    }

    /// Whether a claim of `amount` may mint at `now`:
    /// [`CoreError::MintOverClaimLimit`] above the per-claim limit,
    /// [`CoreError::MintOverDailyLimit`] above what the bucket holds.
    pub fn check(&self, amount: U256, now: u64) -> CoreResult<()> {
        if amount > self.per_claim {
            return Err(CoreError::MintOverClaimLimit);
        }
        if amount > self.available_at(now) {
            return Err(CoreError::MintOverDailyLimit);
        }
        Ok(())
    }

    /// Takes `amount` out of the bucket at `now` (after [`Self::check`]).
    pub fn consume(&mut self, amount: U256, now: u64) -> CoreResult<()> {
        self.check(amount, now)?;
        // check: amount <= available_at(now).
        self.available = self.available_at(now).saturating_sub(amount);
        self.updated_at = now;
        Ok(())
    }

    /// Whether the limits `(per_claim, per_day)` raise either limit: such a
    /// change is scheduled, a lowering is immediate.
    pub fn raises(&self, per_claim: U256, per_day: U256) -> bool {
        per_claim > self.per_claim || per_day > self.per_day
    }

    /// Applies new limits at `now`: the bucket keeps what it holds, cut to
    /// the new daily limit (a raise does not fill it).
    pub fn set(&mut self, per_claim: U256, per_day: U256, now: u64) -> CoreResult<()> {
        check_limits(per_claim, per_day)?;
        self.available = self.available_at(now).min(per_day);
        self.per_claim = per_claim;
        self.per_day = per_day;
        self.updated_at = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    const DAY: u64 = MINT_PERIOD_SECS;

    fn u(n: u64) -> U256 {
        U256::from(n)
    }

    fn limit() -> MintLimit {
        MintLimit::new(u(100), u(1_000), 0).unwrap()
    }

    #[test]
    fn a_new_bond_starts_with_a_full_bucket() {
        assert_eq!(limit().available_at(0), u(1_000));
    }

    #[test]
    fn a_claim_over_the_per_claim_limit_is_refused() {
        assert_eq!(limit().check(u(101), 0), Err(CoreError::MintOverClaimLimit));
        assert_eq!(limit().check(u(100), 0), Ok(()));
    }

    #[test]
    fn a_claim_over_what_the_bucket_holds_is_refused_and_takes_nothing() {
        let mut l = limit();
        for _ in 0..10 {
            l.consume(u(100), 0).unwrap();
        }
        let before = l;
        assert_eq!(l.consume(u(1), 0), Err(CoreError::MintOverDailyLimit));
        assert_eq!(l, before);
    }

    #[test]
    fn the_bucket_refills_at_the_daily_limit_per_day_and_no_further() {
        let mut l = limit();
        l.consume(u(100), 0).unwrap();
        assert_eq!(l.available_at(DAY / 10), u(1_000), "100 per 8,640 s refilled");
        assert_eq!(l.available_at(DAY / 20), u(950));
        assert_eq!(l.available_at(10 * DAY), u(1_000));
    }

    #[test]
    fn limits_above_128_bits_or_per_claim_above_per_day_are_invalid() {
        let big = U256::from(u128::MAX) + U256::from(1u8);
        assert_eq!(check_limits(u(1), big), Err(CoreError::MintLimitInvalid));
        assert_eq!(check_limits(u(2), u(1)), Err(CoreError::MintLimitInvalid));
        assert_eq!(check_limits(U256::ZERO, U256::ZERO), Ok(()), "zero stops the bond");
        assert_eq!(MintLimit::new(u(2), u(1), 0), Err(CoreError::MintLimitInvalid));
    }

    #[test]
    fn a_huge_claim_is_refused_by_the_per_claim_limit() {
        assert_eq!(limit().check(U256::MAX, 0), Err(CoreError::MintOverClaimLimit));
    }

    #[test]
    fn lowering_cuts_the_bucket_and_raising_does_not_fill_it() {
        let mut l = limit();
        l.consume(u(100), 0).unwrap();
        assert!(!l.raises(u(50), u(500)));
        l.set(u(50), u(500), 0).unwrap();
        assert_eq!(l.available_at(0), u(500));
        assert!(l.raises(u(50), u(2_000)));
        l.set(u(50), u(2_000), 0).unwrap();
        assert_eq!(l.available_at(0), u(500));
    }

    #[test]
    fn pack_puts_the_per_claim_limit_above_the_daily_one() {
        assert_eq!(pack(u(1), u(2)), (U256::from(1u8) << 128) + U256::from(2u8));
    }

    proptest! {
        /// The bound the module documents: over any interval of `t`
        /// seconds, at most `perDay + perDay * t / 86400` mints.
        #[test]
        fn mints_over_any_interval_stay_within_the_bucket_bound(
            per_day in 1u64..1_000_000,
            steps in proptest::collection::vec((0u64..3 * DAY, 0u64..1_000_000), 1..40),
        ) {
            let mut l = MintLimit::new(u(per_day), u(per_day), 0).unwrap();
            let mut now = 0;
            let mut minted: Vec<(u64, u64)> = Vec::new();
            for (gap, want) in steps {
                now += gap;
                let want = want % (per_day + 1);
                if l.consume(u(want), now).is_ok() {
                    minted.push((now, want));
                }
            }
            for (i, (start, _)) in minted.iter().enumerate() {
                let mut total = 0u128;
                for (at, amount) in &minted[i..] {
                    total += u128::from(*amount);
                    let bound = u128::from(per_day) + u128::from(per_day) * u128::from(at - start) / u128::from(DAY) + 1;
                    prop_assert!(total <= bound, "{total} minted in {} s, bound {bound}", at - start);
                }
            }
        }

        /// What the bucket holds never exceeds the daily limit.
        #[test]
        fn the_bucket_never_holds_more_than_a_day(
            per_day in 0u64..1_000_000, used in 0u64..1_000_000, later in 0u64..10 * DAY,
        ) {
            let mut l = MintLimit::new(U256::ZERO, u(per_day), 0).unwrap();
            l.per_claim = u(per_day);
            let _ = l.consume(u(used), 0);
            prop_assert!(l.available_at(later) <= u(per_day));
        }
    }
}
