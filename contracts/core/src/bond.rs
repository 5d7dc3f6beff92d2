//! The rebasing bond token's holding rules: holdings are shares,
//! balances are shown in the asset at the ratio. Both platforms' bond
//! tokens move and burn shares through these two functions, so the rounding
//! (never against the other holders) and the shortfall they report are one
//! rule.

use crate::{math, CoreError, U256};

/// Why a bond transfer or burn cannot happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BondError {
    /// A core rule (`RatioZero`, `MathOverflow`, …).
    Core(CoreError),
    /// The holder has `balance` bonds and the call needs `needed` (both in
    /// asset units): the platform's `ERC20InsufficientBalance`.
    InsufficientBalance {
        /// What the holder's shares are worth, rounded down.
        balance: U256,
        /// What the call needed.
        needed: U256,
    },
}

impl From<CoreError> for BondError {
    fn from(e: CoreError) -> Self {
        Self::Core(e)
    }
}

/// The shares a transfer of `amount` bonds takes from a holder of `held`
/// shares at `ratio`: rounded up, so the sender never gives less than the
/// value moved. [`BondError::InsufficientBalance`] (with `needed = amount`)
/// when they are more than held.
pub fn transfer_shares(amount: U256, held: U256, ratio: U256) -> Result<U256, BondError> {
    let shares = math::shares_for_bonds(amount, ratio)?;
    if shares > held {
        return Err(BondError::InsufficientBalance { balance: math::bonds_from_shares(held, ratio)?, needed: amount });
    }
    Ok(shares)
}

/// The bonds a burn of `shares` from a holder of `held` shares is worth at
/// `ratio`, rounded down. [`BondError::InsufficientBalance`] (both sides in
/// bonds) when `shares` are more than held.
pub fn burn_value(shares: U256, held: U256, ratio: U256) -> Result<U256, BondError> {
    if shares > held {
        return Err(BondError::InsufficientBalance {
            balance: math::bonds_from_shares(held, ratio)?,
            needed: math::bonds_from_shares(shares, ratio)?,
        });
    }
    Ok(math::bonds_from_shares(shares, ratio)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RATIO: U256 = U256::from_limbs([800_000_000_000_000_000, 0, 0, 0]);

    #[test]
    fn a_transfer_takes_the_shares_worth_the_amount_rounded_up() {
        // 10 bonds at 0.8 = 8 shares; 11 bonds = 8.8 shares -> 9.
        assert_eq!(transfer_shares(U256::from(10u8), U256::from(80u8), RATIO), Ok(U256::from(8u8)));
        assert_eq!(transfer_shares(U256::from(11u8), U256::from(80u8), RATIO), Ok(U256::from(9u8)));
    }

    #[test]
    fn a_transfer_beyond_the_holding_reports_balance_and_amount_in_bonds() {
        assert_eq!(
            transfer_shares(U256::from(101u8), U256::from(80u8), RATIO),
            Err(BondError::InsufficientBalance { balance: U256::from(100u8), needed: U256::from(101u8) })
        );
    }

    #[test]
    fn a_burn_is_worth_its_shares_rounded_down_and_refuses_more_than_held() {
        assert_eq!(burn_value(U256::from(40u8), U256::from(80u8), RATIO), Ok(U256::from(50u8)));
        assert_eq!(
            burn_value(U256::from(81u8), U256::from(80u8), RATIO),
            Err(BondError::InsufficientBalance { balance: U256::from(100u8), needed: U256::from(101u8) })
        );
    }

    #[test]
    fn a_zero_ratio_is_a_core_error() {
        assert_eq!(transfer_shares(U256::from(1u8), U256::from(1u8), U256::ZERO), Err(CoreError::RatioZero.into()));
    }

    proptest! {
        #[test]
        fn transferring_the_whole_shown_balance_always_fits(
            held in 0u128..u128::MAX / 2,
            ratio in 1u64..=1_000_000_000_000_000_000,
        ) {
            let (held, ratio) = (U256::from(held), U256::from(ratio));
            let balance = math::bonds_from_shares(held, ratio).unwrap();
            let shares = transfer_shares(balance, held, ratio).unwrap();
            prop_assert!(shares <= held);
        }
    }
}
