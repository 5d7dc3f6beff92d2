//! Reward reports: the fee split and the new ratio (after Ankr's documentation:
//! `ratio = supply / (TVL + rewards * (1 - fee))`).
//!
//! The ratio is computed from *accounted* totals passed in by the pool, never
//! from a raw contract balance, so a donation cannot move it.

use crate::math::{self, bps_of, mul_div, Rounding, ONE};
use crate::{CoreError, CoreResult, U256};

/// The highest fee the protocol accepts: 50% of rewards, in basis points.
pub const MAX_FEE_BPS: u32 = 5_000;
/// The AVAX pool's fee (Ankr's documentation: 10% technical service fee).
pub const AVAX_FEE_BPS: u32 = 1_000;
/// The KSM/DOT fee (Ankr's documentation: 2% of the staking reward).
pub const POLKADOT_FEE_BPS: u32 = 200;

/// Checks a configured fee against the 50% cap.
pub fn check_fee(fee_bps: u32) -> CoreResult<u32> {
    if fee_bps > MAX_FEE_BPS {
        Err(CoreError::FeeTooHigh)
    } else {
        Ok(fee_bps)
    }
}

/// Rewards divided between stakers and the treasury.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RewardSplit {
    /// Assets that go to the treasury: `rewards * fee_bps / 10_000`, rounded up.
    pub fee_assets: U256,
    /// Assets that accrue to stakers: `rewards - fee_assets`.
    pub net_assets: U256,
}

/// Splits `rewards` into the fee (rounded up, in the protocol's favour) and
/// what accrues to stakers. The two always add up to `rewards`.
pub fn split_rewards(rewards: U256, fee_bps: u32) -> CoreResult<RewardSplit> {
    check_fee(fee_bps)?;
    let fee_assets = bps_of(rewards, fee_bps, Rounding::Up)?;
    let net_assets = math::sub(rewards, fee_assets)?;
    Ok(RewardSplit { fee_assets, net_assets })
}

/// `supply * 1e18 / pooled_assets`, rounded up (a higher ratio values each
/// share lower: the protocol's side), never above `current_ratio` so rounding
/// can never push the ratio up. 1e18 (or `current_ratio` if lower) when
/// nothing is supplied.
pub fn ratio_for(supply_shares: U256, pooled_assets: U256, current_ratio: U256) -> CoreResult<U256> {
    if current_ratio.is_zero() {
        return Err(CoreError::RatioZero);
    }
    if supply_shares.is_zero() {
        return Ok(current_ratio.min(ONE));
    }
    if pooled_assets.is_zero() {
        // Shares with nothing behind them: keep the ratio; the pool's own
        // accounting must never reach this state.
        return Ok(current_ratio);
    }
    let computed = mul_div(supply_shares, ONE, pooled_assets, Rounding::Up)?;
    Ok(computed.min(current_ratio))
}

/// What a reward report changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RewardOutcome {
    /// The fee split of the reported rewards.
    pub split: RewardSplit,
    /// The new ratio: `supply / (pooled + net rewards)`.
    pub new_ratio: U256,
    /// Certificate shares minted to the treasury for the fee, at the new ratio
    /// (rounded down).
    pub fee_shares: U256,
    /// Assets accounted after the report: `pooled + rewards`.
    pub pooled_assets_after: U256,
    /// Shares outstanding after the report: `supply + fee_shares`.
    pub supply_shares_after: U256,
}

/// Applies a reward report to a pool's accounted totals.
///
/// `supply_shares` counts every share outstanding (certificates and bond
/// shares alike), `pooled_assets` the assets they are backed by. The new
/// ratio leaves the treasury's fee out; the fee is then paid as shares at that
/// ratio, so after the report the shares are backed by `pooled + rewards`.
pub fn apply_rewards(
    supply_shares: U256,
    pooled_assets: U256,
    rewards: U256,
    fee_bps: u32,
    current_ratio: U256,
) -> CoreResult<RewardOutcome> {
    let split = split_rewards(rewards, fee_bps)?;
    let backing = math::add(pooled_assets, split.net_assets)?;
    let new_ratio = ratio_for(supply_shares, backing, current_ratio)?;
    let fee_shares = math::assets_to_shares(split.fee_assets, new_ratio)?;
    Ok(RewardOutcome {
        split,
        new_ratio,
        fee_shares,
        pooled_assets_after: math::add(pooled_assets, rewards)?,
        supply_shares_after: math::add(supply_shares, fee_shares)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::shares_to_assets;
    use proptest::prelude::*;

    fn u(x: u128) -> U256 {
        U256::from(x)
    }

    #[test]
    fn ten_percent_fee_of_avax_rewards() {
        let split = split_rewards(u(100) * ONE, AVAX_FEE_BPS).unwrap();
        assert_eq!(split.fee_assets, u(10) * ONE);
        assert_eq!(split.net_assets, u(90) * ONE);
    }

    #[test]
    fn fee_rounds_up_in_the_protocols_favour() {
        let split = split_rewards(u(11), AVAX_FEE_BPS).unwrap();
        assert_eq!(split.fee_assets, u(2));
        assert_eq!(split.net_assets, u(9));
    }

    #[test]
    fn fee_above_half_is_rejected() {
        assert_eq!(split_rewards(ONE, 5_001), Err(CoreError::FeeTooHigh));
        assert!(split_rewards(ONE, MAX_FEE_BPS).is_ok());
    }

    #[test]
    fn ratio_is_one_when_nothing_is_staked() {
        assert_eq!(ratio_for(U256::ZERO, U256::ZERO, ONE), Ok(ONE));
    }

    #[test]
    fn ratio_follows_the_seed_formula() {
        // 100 shares over 100 AVAX TVL + 10 AVAX rewards at 10% fee: 100 / 109.
        let out = apply_rewards(u(100) * ONE, u(100) * ONE, u(10) * ONE, AVAX_FEE_BPS, ONE).unwrap();
        assert_eq!(out.new_ratio, mul_div(u(100), ONE, u(109), Rounding::Up).unwrap());
        assert_eq!(out.pooled_assets_after, u(110) * ONE);
    }

    #[test]
    fn ratio_never_rises_from_rounding() {
        // A report of zero rewards keeps the ratio even where recomputing would round up.
        let ratio = u(999_999_999_999_999_999);
        let out = apply_rewards(u(3), u(3), U256::ZERO, AVAX_FEE_BPS, ratio).unwrap();
        assert_eq!(out.new_ratio, ratio);
    }

    #[test]
    fn zero_current_ratio_is_rejected() {
        assert_eq!(ratio_for(ONE, ONE, U256::ZERO), Err(CoreError::RatioZero));
    }

    #[test]
    fn treasury_fee_shares_are_worth_at_most_the_fee() {
        let out = apply_rewards(u(1_000) * ONE, u(1_000) * ONE, u(50) * ONE, AVAX_FEE_BPS, ONE).unwrap();
        let worth = shares_to_assets(out.fee_shares, out.new_ratio).unwrap();
        assert!(worth <= out.split.fee_assets);
        assert!(out.split.fee_assets - worth <= u(2));
    }

    proptest! {
        #[test]
        fn split_adds_up_and_fee_is_bounded(rewards in any::<u128>(), fee in 0u32..=MAX_FEE_BPS) {
            let s = split_rewards(U256::from(rewards), fee).unwrap();
            prop_assert_eq!(s.fee_assets + s.net_assets, U256::from(rewards));
            prop_assert!(s.fee_assets <= U256::from(rewards) / U256::from(2u8) + U256::from(1u8));
        }

        #[test]
        fn rewards_never_raise_the_ratio(
            supply in 1u128..u128::MAX / 4, pooled in 1u128..u128::MAX / 4,
            rewards in 0u128..u128::MAX / 4, fee in 0u32..=MAX_FEE_BPS,
        ) {
            let current = ratio_for(U256::from(supply), U256::from(pooled), ONE).unwrap();
            let out = apply_rewards(U256::from(supply), U256::from(pooled), U256::from(rewards), fee, current).unwrap();
            prop_assert!(out.new_ratio <= current);
        }

        #[test]
        fn shares_after_rewards_are_fully_backed(
            supply in 1u128..u128::MAX / 4, extra in 0u128..u128::MAX / 4,
            rewards in 0u128..u128::MAX / 4, fee in 0u32..=MAX_FEE_BPS,
        ) {
            // Pooled assets at least the supply (ratio <= 1), as a real pool has.
            let pooled = U256::from(supply) + U256::from(extra);
            let current = ratio_for(U256::from(supply), pooled, ONE).unwrap();
            let out = apply_rewards(U256::from(supply), pooled, U256::from(rewards), fee, current).unwrap();
            // Invariant 1: what all shares are worth never exceeds what backs them.
            let owed = shares_to_assets(out.supply_shares_after, out.new_ratio).unwrap();
            prop_assert!(owed <= out.pooled_assets_after);
        }
    }
}
