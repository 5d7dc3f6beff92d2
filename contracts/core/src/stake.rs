//! Stake rules of the pools (Ankr's documentation: "Minimum value to stake — 1 AVAX", "Stake
//! can only be a whole number").

use crate::math::ONE;
use crate::{CoreError, CoreResult, U256};

/// The rules a deposit must meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StakeRules {
    /// Smallest accepted deposit, in the asset's smallest unit.
    pub min_stake: U256,
    /// Deposits must be a multiple of this (1e18: whole AVAX). Never zero.
    pub unit: U256,
}

impl Default for StakeRules {
    /// 1 AVAX minimum, whole AVAX only.
    fn default() -> Self {
        Self { min_stake: ONE, unit: ONE }
    }
}

impl StakeRules {
    /// Checks a minimum stake an admin sets: a non-zero whole number of
    /// units ([`CoreError::StakeBelowMinimum`] for zero,
    /// [`CoreError::StakeNotWholeUnits`] for a fraction of a unit).
    pub fn with_min_stake(self, min_stake: U256) -> CoreResult<Self> {
        if min_stake.is_zero() {
            return Err(CoreError::StakeBelowMinimum);
        }
        if !crate::math::is_multiple_of(min_stake, self.unit)? {
            return Err(CoreError::StakeNotWholeUnits);
        }
        Ok(Self { min_stake, ..self })
    }
}

/// Checks a deposit: [`CoreError::StakeBelowMinimum`] first, then
/// [`CoreError::StakeNotWholeUnits`]. A zero deposit is below any minimum and
/// is reported as [`CoreError::ZeroAmount`].
pub fn check_stake(value: U256, rules: &StakeRules) -> CoreResult<U256> {
    if value.is_zero() {
        return Err(CoreError::ZeroAmount);
    }
    if value < rules.min_stake {
        return Err(CoreError::StakeBelowMinimum);
    }
    if !crate::math::is_multiple_of(value, rules.unit)? {
        return Err(CoreError::StakeNotWholeUnits);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn min_stake_may_be_any_whole_number_of_units() {
        let rules = StakeRules::default().with_min_stake(ONE * U256::from(32)).unwrap();
        assert_eq!(rules.min_stake, ONE * U256::from(32));
        assert_eq!(check_stake(ONE * U256::from(31), &rules), Err(CoreError::StakeBelowMinimum));
    }

    #[test]
    fn min_stake_of_zero_is_rejected() {
        assert_eq!(StakeRules::default().with_min_stake(U256::ZERO), Err(CoreError::StakeBelowMinimum));
    }

    #[test]
    fn min_stake_of_a_fraction_of_a_unit_is_rejected() {
        assert_eq!(StakeRules::default().with_min_stake(ONE + U256::from(1)), Err(CoreError::StakeNotWholeUnits));
    }

    #[test]
    fn one_whole_avax_is_accepted() {
        assert_eq!(check_stake(ONE, &StakeRules::default()), Ok(ONE));
    }

    #[test]
    fn below_minimum_is_rejected() {
        let half = ONE / U256::from(2u8);
        assert_eq!(check_stake(half, &StakeRules::default()), Err(CoreError::StakeBelowMinimum));
    }

    #[test]
    fn fractional_avax_is_rejected() {
        let v = ONE + U256::from(1u8);
        assert_eq!(check_stake(v, &StakeRules::default()), Err(CoreError::StakeNotWholeUnits));
    }

    #[test]
    fn zero_is_rejected() {
        assert_eq!(check_stake(U256::ZERO, &StakeRules::default()), Err(CoreError::ZeroAmount));
    }

    #[test]
    fn zero_unit_is_a_named_error() {
        let rules = StakeRules { min_stake: U256::from(1u8), unit: U256::ZERO };
        assert_eq!(check_stake(ONE, &rules), Err(CoreError::DivisionByZero));
    }

    proptest! {
        #[test]
        fn accepted_stakes_are_whole_and_above_minimum(whole in 0u64..1_000_000, dust in 0u64..1_000) {
            let rules = StakeRules::default();
            let v = U256::from(whole) * ONE + U256::from(dust);
            let ok = check_stake(v, &rules).is_ok();
            prop_assert_eq!(ok, whole >= 1 && dust == 0);
        }
    }
}
