//! A pool's accounted totals (docs/protocol.md, invariants): what the
//! shares outstanding are, what assets back them, and how staking, redeeming
//! and reward reports change both.
//!
//! Certificates (ankrAVAX) and bonds (aAVAXb) of one pool live in the same
//! share space: a bond balance is `shares * 1e18 / ratio`. The totals are
//! accounted here, never read from a contract balance, so donations cannot
//! move the ratio and the first staker cannot be diluted.
//!
//! Invariant kept by every transition: `supply_shares * 1e18 <=
//! pooled_assets * ratio`, i.e. all shares together are never worth more
//! than the assets accounted for them.

use crate::math::{self, bps_of, mul_div, Rounding, BPS, ONE};
use crate::rewards::{apply_rewards, RewardOutcome};
use crate::stake::{check_stake, StakeRules};
use crate::{CoreError, CoreResult, U256};

/// The accounted totals of one pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolLedger {
    /// Assets backing the shares: staked deposits plus net rewards, minus
    /// what was moved to the unstake queue.
    pub pooled_assets: U256,
    /// Shares outstanding: certificate supply plus bond shares.
    pub supply_shares: U256,
}

impl PoolLedger {
    /// A deposit of `value` at `ratio`: checks the stake rules and returns
    /// the new totals and the shares to mint (rounded down).
    pub fn stake(&self, value: U256, rules: &StakeRules, ratio: U256) -> CoreResult<(Self, U256)> {
        check_stake(value, rules)?;
        let shares = math::assets_to_shares(value, ratio)?;
        if shares.is_zero() {
            return Err(CoreError::ZeroAmount);
        }
        Ok((
            Self {
                pooled_assets: math::add(self.pooled_assets, value)?,
                supply_shares: math::add(self.supply_shares, shares)?,
            },
            shares,
        ))
    }

    /// Redeems `shares` (certificates): returns the new totals and the
    /// assets owed, fixed now at `ratio` and rounded down.
    pub fn redeem_shares(&self, shares: U256, ratio: U256) -> CoreResult<(Self, U256)> {
        if shares.is_zero() {
            return Err(CoreError::ZeroAmount);
        }
        let assets = math::shares_to_assets(shares, ratio)?;
        if assets.is_zero() {
            return Err(CoreError::ZeroAmount);
        }
        Ok((
            Self {
                pooled_assets: math::sub(self.pooled_assets, assets)?,
                supply_shares: math::sub(self.supply_shares, shares)?,
            },
            assets,
        ))
    }

    /// Redeems `bonds` (one bond = one asset unit): returns the new totals
    /// and the shares to burn, rounded up.
    pub fn redeem_bonds(&self, bonds: U256, ratio: U256) -> CoreResult<(Self, U256)> {
        if bonds.is_zero() {
            return Err(CoreError::ZeroAmount);
        }
        let shares = math::shares_for_bonds(bonds, ratio)?;
        Ok((
            Self {
                pooled_assets: math::sub(self.pooled_assets, bonds)?,
                supply_shares: math::sub(self.supply_shares, shares)?,
            },
            shares,
        ))
    }

    /// Applies a reward report: fee split, new ratio (never above `ratio`),
    /// and the treasury's fee shares, which the new totals include.
    pub fn report_rewards(&self, rewards: U256, fee_bps: u32, ratio: U256) -> CoreResult<(Self, RewardOutcome)> {
        let outcome = apply_rewards(self.supply_shares, self.pooled_assets, rewards, fee_bps, ratio)?;
        Ok((Self { pooled_assets: outcome.pooled_assets_after, supply_shares: outcome.supply_shares_after }, outcome))
    }
}

/// A measured reward report: the part of the pool's unaccounted growth one
/// report applies, and the rest, carried to the next report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeasuredReport {
    /// Rewards this report applies (the ratio's move stays within the
    /// feed's bound).
    pub reported: U256,
    /// Growth left for a later report: nothing is ever dropped.
    pub carried: U256,
}

impl PoolLedger {
    /// Splits `growth` — what the pool holds beyond what it accounted for,
    /// measured on chain — into the largest report the feed's bound lets
    /// through now (at `ratio` with `fee_bps`, a move of at most
    /// `threshold_bps` of the ratio) and the rest, carried. Every amount
    /// reported passes [`PoolLedger::report_rewards`] and a ratio decrease
    /// of at most the threshold (tested); the report falls short of the
    /// largest one by rounding only.
    pub fn largest_report(
        &self,
        growth: U256,
        fee_bps: u32,
        ratio: U256,
        threshold_bps: u32,
    ) -> CoreResult<MeasuredReport> {
        let fits = |rewards: U256| -> CoreResult<bool> {
            let (_, outcome) = self.report_rewards(rewards, fee_bps, ratio)?;
            let decrease = math::sub(ratio, outcome.new_ratio)?;
            Ok(decrease <= bps_of(ratio, threshold_bps, Rounding::Down)?)
        };
        if growth.is_zero() || fits(growth)? {
            return Ok(MeasuredReport { reported: growth, carried: U256::ZERO });
        }
        // The lowest ratio allowed, the most backing that keeps the ratio at
        // or above it, the net rewards that reach that backing, and the
        // gross rewards whose net (the fee rounded up) is at most that.
        let floor = math::sub(ratio, bps_of(ratio, threshold_bps, Rounding::Down)?)?;
        // The ratio is `ceil(supply * 1e18 / backing)`, which stays at or
        // above `floor` while the exact quotient is above `floor - 1`.
        let below = floor.saturating_sub(U256::from(1u8));
        let backing = if below.is_zero() {
            mul_div(self.supply_shares, ONE, floor, Rounding::Down)?
        } else {
            mul_div(self.supply_shares, ONE, below, Rounding::Up)?.saturating_sub(U256::from(1u8))
        };
        let net = backing.saturating_sub(self.pooled_assets);
        let keep = U256::from(BPS.saturating_sub(fee_bps));
        let mut reported =
            if keep.is_zero() { U256::ZERO } else { mul_div(net, U256::from(BPS), keep, Rounding::Down)?.min(growth) };
        // Rounding in the fee and the ratio can leave the estimate a unit or
        // two over: step down a bounded number of times (a report of
        // nothing, everything carried, if that is not enough).
        for step in 1..8u64 {
            if reported.is_zero() || fits(reported)? {
                break;
            }
            reported = reported.saturating_sub(U256::from(step));
        }
        if !reported.is_zero() && !fits(reported)? {
            reported = U256::ZERO;
        }
        Ok(MeasuredReport { reported, carried: math::sub(growth, reported)? })
    }
}

impl PoolLedger {
    /// The pool's unaccounted growth: what it holds (`holdings`: its own
    /// balance plus its stake in every bucket of the staking contract) over
    /// what it owes (its accounted assets plus `owed_to_queue`, the unstake
    /// requests not yet paid). Zero when it holds no more than it owes.
    pub fn growth(&self, holdings: U256, owed_to_queue: U256) -> CoreResult<U256> {
        Ok(holdings.saturating_sub(math::add(self.pooled_assets, owed_to_queue)?))
    }

    /// A measured reward report: the [`growth`](Self::growth) and the
    /// [`largest_report`](Self::largest_report) of it the feed's bound
    /// allows (what to report, what is carried). The carried part needs no
    /// storage: it stays unaccounted, so the next measurement finds it
    /// again. The report itself is [`report_rewards`](Self::report_rewards)
    /// of the reported part.
    pub fn measure(
        &self,
        holdings: U256,
        owed_to_queue: U256,
        fee_bps: u32,
        ratio: U256,
        threshold_bps: u32,
    ) -> CoreResult<(U256, MeasuredReport)> {
        let growth = self.growth(holdings, owed_to_queue)?;
        Ok((growth, self.largest_report(growth, fee_bps, ratio, threshold_bps)?))
    }
}

/// Native assets the operator may delegate to the staking contract: the
/// contract's balance less what the unstake queue is owed.
pub fn collectable(balance: U256, reserved_for_queue: U256) -> U256 {
    balance.saturating_sub(reserved_for_queue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::ONE;
    use crate::rewards::AVAX_FEE_BPS;
    use proptest::prelude::*;
    use ruint::Uint;

    fn avax(x: u64) -> U256 {
        U256::from(x) * ONE
    }

    fn backed(l: &PoolLedger, ratio: U256) -> bool {
        let lhs: Uint<512, 8> = l.supply_shares.widening_mul(ONE);
        let rhs: Uint<512, 8> = l.pooled_assets.widening_mul(ratio);
        lhs <= rhs
    }

    /// A pool of 1,000 AVAX at ratio 1 and its feed's 0.1% bound.
    fn thousand() -> PoolLedger {
        PoolLedger { pooled_assets: avax(1_000), supply_shares: avax(1_000) }
    }

    /// Whether `rewards` moves `l`'s ratio by at most `bps` of it.
    fn within(l: &PoolLedger, rewards: U256, fee_bps: u32, ratio: U256, bps: u32) -> bool {
        let (_, out) = l.report_rewards(rewards, fee_bps, ratio).unwrap();
        ratio - out.new_ratio <= bps_of(ratio, bps, Rounding::Down).unwrap()
    }

    #[test]
    fn growth_within_the_bound_is_reported_whole() {
        // A day at about 8% a year: 0.022% of 1,000 AVAX.
        let daily = avax(1_000) * U256::from(22u8) / U256::from(100_000u32);
        let report = thousand().largest_report(daily, AVAX_FEE_BPS, ONE, 10).unwrap();
        assert_eq!(report, MeasuredReport { reported: daily, carried: U256::ZERO });
    }

    #[test]
    fn growth_past_the_bound_reports_the_largest_move_and_carries_the_rest() {
        let report = thousand().largest_report(avax(5), AVAX_FEE_BPS, ONE, 10).unwrap();
        assert_eq!(report.reported + report.carried, avax(5));
        assert!(report.carried > U256::ZERO);
        assert!(within(&thousand(), report.reported, AVAX_FEE_BPS, ONE, 10));
        // About 0.1% of 1,000 AVAX, grossed up for the 10% fee: ~1.112 AVAX.
        assert!(report.reported > avax(1) && report.reported < avax(1) + ONE / U256::from(8u8));
        assert!(!within(&thousand(), report.reported + U256::from(10u8), AVAX_FEE_BPS, ONE, 10));
    }

    #[test]
    fn growth_is_what_the_pool_holds_over_what_it_owes() {
        assert_eq!(thousand().growth(avax(1_105), avax(100)), Ok(avax(5)));
    }

    #[test]
    fn a_pool_holding_less_than_it_owes_has_no_growth() {
        assert_eq!(thousand().growth(avax(1_050), avax(100)), Ok(U256::ZERO));
    }

    #[test]
    fn measuring_a_pool_without_growth_reports_nothing() {
        let measured = thousand().measure(avax(1_100), avax(100), AVAX_FEE_BPS, ONE, 10);
        assert_eq!(measured, Ok((U256::ZERO, MeasuredReport::default())));
    }

    #[test]
    fn measuring_reports_growth_within_the_bound_whole() {
        let tenth = ONE / U256::from(10u8);
        let measured = thousand().measure(avax(1_100) + tenth, avax(100), AVAX_FEE_BPS, ONE, 10);
        assert_eq!(measured, Ok((tenth, MeasuredReport { reported: tenth, carried: U256::ZERO })));
    }

    #[test]
    fn growth_carried_past_the_bound_is_found_again_by_the_next_measurement() {
        let holdings = avax(1_105);
        let (_, first) = thousand().measure(holdings, avax(100), AVAX_FEE_BPS, ONE, 10).unwrap();
        assert!(first.carried > U256::ZERO);
        let (after, _) = thousand().report_rewards(first.reported, AVAX_FEE_BPS, ONE).unwrap();
        assert_eq!(after.growth(holdings, avax(100)), Ok(first.carried));
    }

    #[test]
    fn no_growth_reports_nothing() {
        assert_eq!(thousand().largest_report(U256::ZERO, AVAX_FEE_BPS, ONE, 10), Ok(MeasuredReport::default()));
    }

    #[test]
    fn a_pool_without_shares_reports_all_its_growth() {
        let report = PoolLedger::default().largest_report(avax(1), AVAX_FEE_BPS, ONE, 10).unwrap();
        assert_eq!(report, MeasuredReport { reported: avax(1), carried: U256::ZERO });
    }

    proptest! {
        #[test]
        fn a_measured_pool_never_accounts_more_than_it_holds(
            pooled in 1u64..1_000_000,
            owed in 0u64..1_000_000,
            growth in 1u64..100_000,
            fee_bps in 0u32..=5_000,
            threshold_bps in 1u32..=1_000,
        ) {
            let l = PoolLedger { pooled_assets: avax(pooled), supply_shares: avax(pooled) };
            let holdings = avax(pooled) + avax(owed) + avax(growth) / U256::from(100u8);
            let (growth, report) = l.measure(holdings, avax(owed), fee_bps, ONE, threshold_bps).unwrap();
            prop_assert_eq!(report.reported + report.carried, growth);
            let (next, outcome) = l.report_rewards(report.reported, fee_bps, ONE).unwrap();
            prop_assert!(next.pooled_assets + avax(owed) <= holdings);
            prop_assert_eq!(next.growth(holdings, avax(owed)).unwrap(), report.carried);
            prop_assert!(backed(&next, outcome.new_ratio));
        }
    }

    proptest! {
        #[test]
        fn a_measured_report_fits_the_bound_and_drops_nothing(
            pooled in 1u64..1_000_000,
            growth in 0u64..100_000,
            fee_bps in 0u32..=5_000,
            threshold_bps in 1u32..=1_000,
        ) {
            let l = PoolLedger { pooled_assets: avax(pooled), supply_shares: avax(pooled) };
            let growth = avax(growth) / U256::from(100u8);
            let report = l.largest_report(growth, fee_bps, ONE, threshold_bps).unwrap();
            prop_assert_eq!(report.reported + report.carried, growth);
            prop_assert!(within(&l, report.reported, fee_bps, ONE, threshold_bps));
            if !report.carried.is_zero() {
                // Nearly the largest: a little more no longer fits.
                prop_assert!(!within(&l, report.reported + U256::from(100u8), fee_bps, ONE, threshold_bps));
            }
        }
    }

    #[test]
    fn first_stake_mints_one_share_per_asset() {
        let (l, shares) = PoolLedger::default().stake(avax(10), &StakeRules::default(), ONE).unwrap();
        assert_eq!(shares, avax(10));
        assert_eq!(l, PoolLedger { pooled_assets: avax(10), supply_shares: avax(10) });
    }

    #[test]
    fn stake_rules_apply() {
        let l = PoolLedger::default();
        assert_eq!(l.stake(ONE / U256::from(2u8), &StakeRules::default(), ONE), Err(CoreError::StakeBelowMinimum));
        assert_eq!(l.stake(ONE + U256::from(1u8), &StakeRules::default(), ONE), Err(CoreError::StakeNotWholeUnits));
    }

    #[test]
    fn redeeming_after_rewards_pays_more_than_staked() {
        let (l, shares) = PoolLedger::default().stake(avax(100), &StakeRules::default(), ONE).unwrap();
        let (l, out) = l.report_rewards(avax(10), AVAX_FEE_BPS, ONE).unwrap();
        let (l, assets) = l.redeem_shares(shares, out.new_ratio).unwrap();
        assert!(assets > avax(108) && assets <= avax(109));
        // What is left belongs to the treasury's fee shares.
        assert_eq!(l.supply_shares, out.fee_shares);
    }

    #[test]
    fn redeeming_zero_is_rejected() {
        let l = PoolLedger { pooled_assets: avax(1), supply_shares: avax(1) };
        assert_eq!(l.redeem_shares(U256::ZERO, ONE), Err(CoreError::ZeroAmount));
        assert_eq!(l.redeem_bonds(U256::ZERO, ONE), Err(CoreError::ZeroAmount));
    }

    #[test]
    fn redeeming_more_than_the_supply_is_an_error() {
        let l = PoolLedger { pooled_assets: avax(1), supply_shares: avax(1) };
        assert_eq!(l.redeem_shares(avax(2), ONE), Err(CoreError::MathOverflow));
    }

    #[test]
    fn collectable_keeps_what_the_queue_is_owed() {
        assert_eq!(collectable(avax(10), avax(3)), avax(7));
        assert_eq!(collectable(avax(2), avax(3)), U256::ZERO);
    }

    #[derive(Clone, Debug)]
    enum Op {
        Stake(u64),
        RedeemShares(u16),
        RedeemBonds(u16),
        Report(u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1u64..1_000_000).prop_map(Op::Stake),
            (1u16..=1_000).prop_map(Op::RedeemShares),
            (1u16..=1_000).prop_map(Op::RedeemBonds),
            (0u64..1_000_000_000_000_000_000).prop_map(Op::Report),
        ]
    }

    proptest! {
        /// Invariants 1 and 3: shares never become worth more than the assets
        /// accounted for them, whatever users and reports do.
        #[test]
        fn shares_stay_fully_backed(ops in proptest::collection::vec(op(), 1..80)) {
            let rules = StakeRules::default();
            let mut l = PoolLedger::default();
            let mut ratio = ONE;
            for op in ops {
                // Redemptions take a per-mille of what is outstanding.
                let part = |x: U256, pm: u16| x * U256::from(pm) / U256::from(1_000u16);
                let result = match op {
                    Op::Stake(n) => l.stake(avax(n), &rules, ratio).map(|(next, _)| next),
                    Op::RedeemShares(pm) => l.redeem_shares(part(l.supply_shares, pm), ratio).map(|(next, _)| next),
                    Op::RedeemBonds(pm) => {
                        let bonds = part(math::shares_to_assets(l.supply_shares, ratio).unwrap(), pm);
                        l.redeem_bonds(bonds, ratio).map(|(next, _)| next)
                    }
                    Op::Report(r) => match l.report_rewards(U256::from(r), AVAX_FEE_BPS, ratio) {
                        Ok((next, out)) => {
                            prop_assert!(out.new_ratio <= ratio);
                            ratio = out.new_ratio;
                            Ok(next)
                        }
                        Err(e) => Err(e),
                    },
                };
                if let Ok(next) = result { l = next; }
                prop_assert!(backed(&l, ratio));
                prop_assert!(!ratio.is_zero() && ratio <= ONE);
            }
        }
    }
}
