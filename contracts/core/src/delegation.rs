//! How the AVAX pool spreads its stake over a set of validators, each its
//! own stake pool in `Staking` with its own operator: where a deposit goes,
//! how much one deposit can take, and where the unstake queue's unlocks
//! come from. The platform reads each validator's stake from `Staking`,
//! asks one function here, and makes the calls it answers.
//!
//! The policies, in one place for the auditor:
//!
//! - **Deposits** go whole to the validator furthest below an equal share
//!   of the pool's stake — the least staked — among those not retiring
//!   whose room takes the whole amount; the first of equals.
//!   [`collectable`] is the largest such room: what `collectStakes` can take
//!   now. Asking for more is [`CoreError::CollectAboveRoom`].
//! - **Unlocks** come from retiring validators first, then from the most
//!   active stake down (the furthest above an equal share), each giving
//!   all it has until the amount is covered.
//!
//! Both are O(set size), and the set holds at most [`MAX_VALIDATORS`].

use crate::{math, CoreError, CoreResult, U256};

/// The most validators the AVAX pool's set holds.
pub const MAX_VALIDATORS: usize = 8;

/// One validator of the set, as the policies see it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Validator {
    /// Everything the pool holds at it, in all four buckets.
    pub staked: U256,
    /// Its active stake: what an unlock can take.
    pub active: U256,
    /// How much one deposit can add now
    /// ([`crate::validator::StakePool::deposit_room`]).
    pub room: U256,
    /// Being retired: takes no deposits and gives its stake back first.
    pub retiring: bool,
}

/// The validator a deposit of `amount` goes to: the least staked of those
/// not retiring whose room takes it (the first of equals).
/// [`CoreError::ZeroAmount`] for nothing; [`CoreError::CollectAboveRoom`]
/// when no validator can take it.
pub fn deposit_target(set: &[Validator], amount: U256) -> CoreResult<usize> {
    if amount.is_zero() {
        return Err(CoreError::ZeroAmount);
    }
    set.iter()
        .enumerate()
        .filter(|(_, v)| !v.retiring && v.room >= amount)
        .min_by_key(|(_, v)| v.staked)
        .map(|(index, _)| index)
        .ok_or(CoreError::CollectAboveRoom)
}

/// What one deposit can take now: the largest room of a validator not
/// retiring (zero when there is none).
pub fn collectable(set: &[Validator]) -> U256 {
    set.iter().filter(|v| !v.retiring).map(|v| v.room).max().unwrap_or_default()
}

/// Where an unlock of `amount` comes from: how much each validator of
/// `set` gives, in set order — retiring validators first, then from the
/// most active stake down, each giving all it has until `amount` is
/// covered. [`CoreError::ZeroAmount`] for nothing;
/// [`CoreError::InsufficientStake`] when the set's active stake is short.
pub fn unlock_plan(set: &[Validator], amount: U256) -> CoreResult<[U256; MAX_VALIDATORS]> {
    if amount.is_zero() {
        return Err(CoreError::ZeroAmount);
    }
    let mut plan = [U256::ZERO; MAX_VALIDATORS];
    let mut left = amount;
    // Each pass takes the next validator in the policy's order; at most one
    // pass per validator.
    for _ in 0..set.len().min(MAX_VALIDATORS) {
        if left.is_zero() {
            break;
        }
        let next = set
            .iter()
            .zip(plan.iter())
            .enumerate()
            .filter(|(_, (v, taken))| taken.is_zero() && !v.active.is_zero())
            .max_by(|(ia, (a, _)), (ib, (b, _))| {
                // Retiring first, then the most active; the first of equals.
                (a.retiring, a.active).cmp(&(b.retiring, b.active)).then(ib.cmp(ia))
            })
            .map(|(index, (v, _))| (index, v.active));
        let Some((index, active)) = next else { break };
        let give = active.min(left);
        if let Some(slot) = plan.get_mut(index) {
            *slot = give;
        }
        left = math::sub(left, give)?;
    }
    if left.is_zero() {
        Ok(plan)
    } else {
        Err(CoreError::InsufficientStake)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u(x: u64) -> U256 {
        U256::from(x)
    }

    fn v(staked: u64, active: u64, room: u64) -> Validator {
        Validator { staked: u(staked), active: u(active), room: u(room), retiring: false }
    }

    fn retiring(staked: u64, active: u64) -> Validator {
        Validator { retiring: true, ..v(staked, active, 1_000) }
    }

    #[test]
    fn a_deposit_goes_to_the_least_staked_validator_that_can_take_it() {
        let set = [v(300, 300, 100), v(100, 100, 100), v(200, 200, 100)];
        assert_eq!(deposit_target(&set, u(50)), Ok(1));
    }

    #[test]
    fn a_deposit_skips_a_validator_whose_room_is_too_small() {
        let set = [v(300, 300, 100), v(100, 100, 10), v(200, 200, 100)];
        assert_eq!(deposit_target(&set, u(50)), Ok(2));
    }

    #[test]
    fn a_deposit_never_goes_to_a_retiring_validator() {
        let set = [v(300, 300, 100), retiring(0, 0)];
        assert_eq!(deposit_target(&set, u(50)), Ok(0));
    }

    #[test]
    fn equal_validators_take_deposits_in_set_order() {
        let set = [v(100, 100, 100), v(100, 100, 100)];
        assert_eq!(deposit_target(&set, u(1)), Ok(0));
    }

    #[test]
    fn a_deposit_no_validator_can_take_is_collect_above_room() {
        let set = [v(0, 0, 40), v(0, 0, 60), retiring(0, 0)];
        assert_eq!(collectable(&set), u(60));
        assert_eq!(deposit_target(&set, u(61)), Err(CoreError::CollectAboveRoom));
        assert_eq!(deposit_target(&[], u(1)), Err(CoreError::CollectAboveRoom));
    }

    #[test]
    fn a_zero_deposit_or_unlock_is_zero_amount() {
        let set = [v(100, 100, 100)];
        assert_eq!(deposit_target(&set, U256::ZERO), Err(CoreError::ZeroAmount));
        assert_eq!(unlock_plan(&set, U256::ZERO), Err(CoreError::ZeroAmount));
    }

    #[test]
    fn the_collectable_amount_is_the_largest_room_not_retiring() {
        assert_eq!(collectable(&[v(0, 0, 5), v(0, 0, 9), v(0, 0, 7)]), u(9));
        assert_eq!(collectable(&[retiring(0, 0)]), U256::ZERO);
        assert_eq!(collectable(&[]), U256::ZERO);
    }

    #[test]
    fn an_unlock_comes_from_the_most_active_validator_first() {
        let set = [v(100, 100, 0), v(300, 300, 0), v(200, 200, 0)];
        let plan = unlock_plan(&set, u(50)).unwrap();
        assert_eq!(&plan[..3], &[u(0), u(50), u(0)]);
    }

    #[test]
    fn an_unlock_larger_than_one_validator_takes_the_next_most_active() {
        let set = [v(100, 100, 0), v(300, 300, 0), v(200, 200, 0)];
        let plan = unlock_plan(&set, u(450)).unwrap();
        assert_eq!(&plan[..3], &[u(0), u(300), u(150)]);
    }

    #[test]
    fn an_unlock_takes_from_retiring_validators_first() {
        let set = [v(300, 300, 0), retiring(50, 50)];
        let plan = unlock_plan(&set, u(80)).unwrap();
        assert_eq!(&plan[..2], &[u(30), u(50)]);
    }

    #[test]
    fn an_unlock_beyond_the_sets_active_stake_is_insufficient_stake() {
        let set = [v(300, 100, 0), v(300, 100, 0)];
        assert_eq!(unlock_plan(&set, u(201)), Err(CoreError::InsufficientStake));
        assert!(unlock_plan(&set, u(200)).is_ok());
    }

    fn validator() -> impl Strategy<Value = Validator> {
        (0u64..1_000, 0u64..1_000, 0u64..1_000, prop::bool::weighted(0.2)).prop_map(
            |(staked, active, room, retiring)| Validator {
                staked: u(staked.max(active)),
                active: u(active),
                room: u(room),
                retiring,
            },
        )
    }

    proptest! {
        #[test]
        fn a_deposit_goes_to_an_eligible_validator_with_the_least_stake(
            set in prop::collection::vec(validator(), 0..MAX_VALIDATORS),
            amount in 1u64..1_000,
        ) {
            let eligible = |x: &Validator| !x.retiring && x.room >= u(amount);
            match deposit_target(&set, u(amount)) {
                Ok(i) => {
                    prop_assert!(eligible(&set[i]));
                    prop_assert!(set.iter().filter(|x| eligible(x)).all(|x| x.staked >= set[i].staked));
                    prop_assert!(u(amount) <= collectable(&set));
                }
                Err(e) => {
                    prop_assert_eq!(e, CoreError::CollectAboveRoom);
                    prop_assert!(!set.iter().any(eligible));
                    prop_assert!(u(amount) > collectable(&set));
                }
            }
        }

        #[test]
        fn an_unlock_plan_covers_the_amount_within_each_validators_active_stake(
            set in prop::collection::vec(validator(), 0..MAX_VALIDATORS),
            amount in 1u64..4_000,
        ) {
            let total: U256 = set.iter().map(|x| x.active).fold(U256::ZERO, |a, b| a + b);
            match unlock_plan(&set, u(amount)) {
                Ok(plan) => {
                    let given: U256 = plan.iter().fold(U256::ZERO, |a, b| a + *b);
                    prop_assert_eq!(given, u(amount));
                    for (x, give) in set.iter().zip(plan.iter()) {
                        prop_assert!(*give <= x.active);
                    }
                    // A validator not retiring gives only once every
                    // retiring one has given all it has.
                    let retiring_all_given = set.iter().zip(plan.iter()).filter(|(x, _)| x.retiring).all(|(x, g)| *g == x.active);
                    let others_gave = set.iter().zip(plan.iter()).any(|(x, g)| !x.retiring && !g.is_zero());
                    prop_assert!(!others_gave || retiring_all_given);
                }
                Err(e) => {
                    prop_assert_eq!(e, CoreError::InsufficientStake);
                    prop_assert!(total < u(amount));
                }
            }
        }
    }
}
