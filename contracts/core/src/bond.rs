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

/// The shares a transfer of `amount` bonds moves from a holder of `held`
/// shares at `ratio`: `amount * ratio / 1e18` rounded **down** (as stETH),
/// so a transfer never takes more value from the sender than it names nor
/// gives the receiver more; the receiver may see up to 2 wei less than
/// `amount` (the rounding of the shares moved and of its own balance). A
/// spender's allowance is charged `amount`, so it is never exceeded in
/// value either. [`BondError::InsufficientBalance`] (with `needed =
/// amount`) when `amount` is more than the holder's balance.
pub fn transfer_shares(amount: U256, held: U256, ratio: U256) -> Result<U256, BondError> {
    let balance = math::bonds_from_shares(held, ratio)?;
    if amount > balance {
        return Err(BondError::InsufficientBalance { balance, needed: amount });
    }
    // amount <= balance = held / ratio (rounded down), so the shares fit.
    Ok(math::shares_from_bonds(amount, ratio)?)
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
    fn a_transfer_moves_the_shares_worth_the_amount_rounded_down() {
        // 10 bonds at 0.8 = 8 shares; 11 bonds = 8.8 shares -> 8.
        assert_eq!(transfer_shares(U256::from(10u8), U256::from(80u8), RATIO), Ok(U256::from(8u8)));
        assert_eq!(transfer_shares(U256::from(11u8), U256::from(80u8), RATIO), Ok(U256::from(8u8)));
    }

    #[test]
    fn ten_thousand_one_wei_transfers_at_half_move_no_value() {
        // The attack run's finding: at ratio 0.5 each 1-wei transfer took a
        // whole share (2 wei of value). Rounded down, it moves nothing.
        let half = U256::from(500_000_000_000_000_000u64);
        let mut held = U256::from(10_000u32);
        let mut moved = U256::ZERO;
        for _ in 0..10_000 {
            let shares = transfer_shares(U256::from(1u8), held, half).unwrap();
            held -= shares;
            moved += shares;
        }
        assert_eq!(moved, U256::ZERO);
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
        fn a_transfer_never_moves_more_value_than_it_names(
            held in 0u128..u128::MAX / 2,
            amount in 0u128..u128::MAX / 2,
            ratio in 1u64..=1_000_000_000_000_000_000,
        ) {
            let (held, amount, ratio) = (U256::from(held), U256::from(amount), U256::from(ratio));
            if let Ok(shares) = transfer_shares(amount, held, ratio) {
                // The value of the shares moved, rounded up (what the sender
                // loses at most) is at most the amount named...
                let value_up = math::mul_div(shares, math::ONE, ratio, math::Rounding::Up).unwrap();
                prop_assert!(value_up <= amount);
                prop_assert!(math::bonds_from_shares(shares, ratio).unwrap() <= amount);
                // ...and the receiver's shortfall is a rounding, not a loss:
                // one more share would be worth more than named.
                prop_assert!(math::bonds_from_shares(shares + U256::from(1u8), ratio).unwrap() + U256::from(1u8) > amount);
                prop_assert!(shares <= held);
            }
        }

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
