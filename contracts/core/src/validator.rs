//! Aptos-style validator staking, after Aptos' stake pool module.
//!
//! A stake pool belongs to an owner, who alone moves funds, picks the
//! operator and the delegated voter, sets the operator's commission and
//! extends the lockup; the operator joins and leaves the validator set.
//! Stake lives in four buckets (inactive, pending_active, active,
//! pending_inactive) and moves between them at epoch boundaries, which anyone
//! may trigger once an epoch's duration has passed. Each epoch pays
//! `reward = stake * rewards_rate * successful_proposals / total_proposals`
//! on at most `maximum_stake` (the seed's over-maximum rule), minus the
//! operator's commission.
//!
//! Everything here is a pure transition on a copyable [`StakePool`]: the
//! platform loads it, calls one function, and stores the result only on `Ok`.

use crate::math::{self, bps_of, mul_div, Rounding, BPS};
use crate::{Address, CoreError, CoreResult, U256};

/// Governance parameters of the staking system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StakingConfig {
    /// Stake needed to join and to stay in the validator set.
    pub minimum_stake: U256,
    /// Most stake a pool may add; rewards count at most this much.
    pub maximum_stake: U256,
    /// Length of a lockup, renewed automatically while validating (seconds).
    pub recurring_lockup_secs: u64,
    /// Reward per epoch, as `rewards_rate / rewards_rate_denominator`.
    pub rewards_rate: U256,
    /// Denominator of the reward rate.
    pub rewards_rate_denominator: U256,
    /// Minimum length of an epoch (seconds).
    pub epoch_duration_secs: u64,
}

impl StakingConfig {
    /// Checks the configuration is consistent: `0 < min <= max`, a non-zero
    /// denominator, a rate of at most 100% per epoch, non-zero durations.
    pub fn validate(self) -> CoreResult<Self> {
        let consistent = !self.minimum_stake.is_zero()
            && self.minimum_stake <= self.maximum_stake
            && !self.rewards_rate_denominator.is_zero()
            && self.rewards_rate <= self.rewards_rate_denominator
            && self.recurring_lockup_secs > 0
            && self.epoch_duration_secs > 0;
        if consistent {
            Ok(self)
        } else {
            Err(CoreError::InvalidStakingConfig)
        }
    }
}

/// A pool's place in the validator set. Discriminants are the ABI's `uint8`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum ValidatorState {
    /// Not in the validator set.
    #[default]
    Inactive = 0,
    /// Joins the set at the next epoch.
    PendingActive = 1,
    /// Validating.
    Active = 2,
    /// Leaves the set at the next epoch.
    PendingInactive = 3,
}

impl ValidatorState {
    /// Whether the pool validated during the current epoch (and so earns).
    pub fn is_current_validator(self) -> bool {
        matches!(self, Self::Active | Self::PendingInactive)
    }
}

/// The three personas of a pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Roles {
    /// Owns the funds.
    pub owner: Address,
    /// Runs the validator node.
    pub operator: Address,
    /// Votes in governance on the owner's behalf.
    pub voter: Address,
}

/// Everything a caller can ask of a pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StakeAction {
    /// Deposit stake (owner).
    AddStake,
    /// Move active stake to pending_inactive (owner).
    Unlock,
    /// Take out inactive stake (owner).
    Withdraw,
    /// Move pending_inactive stake back to active (owner).
    ReactivateStake,
    /// Change the operator (owner).
    SetOperator,
    /// Change the delegated voter (owner).
    SetDelegatedVoter,
    /// Extend the lockup (owner).
    IncreaseLockup,
    /// Set the operator's commission (owner).
    SetCommission,
    /// Join the validator set (operator).
    JoinValidatorSet,
    /// Leave the validator set (operator).
    LeaveValidatorSet,
    /// Take out accrued commission (operator).
    WithdrawCommission,
}

/// Checks `caller` may perform `action` ([`CoreError::StakeUnauthorized`]):
/// the owner moves funds and configures the pool; the operator only joins or
/// leaves the set and collects its commission (Aptos' documentation: "Alice cannot move funds
/// unless Alice is the owner"). One account may hold several roles.
pub fn authorize(action: StakeAction, caller: &Address, roles: &Roles) -> CoreResult<()> {
    let allowed = match action {
        StakeAction::JoinValidatorSet | StakeAction::LeaveValidatorSet | StakeAction::WithdrawCommission => {
            roles.operator
        }
        _ => roles.owner,
    };
    if *caller == allowed {
        Ok(())
    } else {
        Err(CoreError::StakeUnauthorized)
    }
}

/// Proposer performance in the ending epoch, reported by the oracle role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Performance {
    /// Proposals that passed.
    pub successful_proposals: u64,
    /// Proposals made.
    pub total_proposals: u64,
}

/// A stake pool's balances and lifecycle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StakePool {
    /// Stake validating now.
    pub active: U256,
    /// Stake withdrawable by the owner.
    pub inactive: U256,
    /// Stake that becomes active at the next epoch.
    pub pending_active: U256,
    /// Stake unlocking: still earning, inactive once the lockup has passed.
    pub pending_inactive: U256,
    /// When the current lockup ends (seconds).
    pub locked_until_secs: u64,
    /// Place in the validator set.
    pub state: ValidatorState,
    /// Operator's share of rewards, in basis points.
    pub commission_bps: u32,
    /// Commission accrued to the operator and not yet withdrawn.
    pub operator_commission: U256,
}

/// Rewards paid by one epoch transition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochRewards {
    /// All rewards earned (added to stake plus commission).
    pub rewards: U256,
    /// The operator's part of `rewards`.
    pub commission: U256,
}

fn nonzero(amount: U256) -> CoreResult<U256> {
    if amount.is_zero() {
        Err(CoreError::ZeroAmount)
    } else {
        Ok(amount)
    }
}

fn take(bucket: U256, amount: U256) -> CoreResult<U256> {
    bucket.checked_sub(amount).ok_or(CoreError::InsufficientStake)
}

/// `stake * rewards_rate * successful / (denominator * total)`, rounded down.
pub fn epoch_reward(stake: U256, perf: &Performance, config: &StakingConfig) -> CoreResult<U256> {
    if perf.successful_proposals > perf.total_proposals {
        return Err(CoreError::InvalidPerformance);
    }
    if perf.total_proposals == 0 || stake.is_zero() {
        return Ok(U256::ZERO);
    }
    let numerator =
        config.rewards_rate.checked_mul(U256::from(perf.successful_proposals)).ok_or(CoreError::MathOverflow)?;
    let denominator =
        config.rewards_rate_denominator.checked_mul(U256::from(perf.total_proposals)).ok_or(CoreError::MathOverflow)?;
    mul_div(stake, numerator, denominator, Rounding::Down)
}

impl StakePool {
    /// Stake that will vote next epoch: active + pending_active + pending_inactive.
    pub fn next_epoch_voting_power(&self) -> CoreResult<U256> {
        math::add(math::add(self.active, self.pending_active)?, self.pending_inactive)
    }

    /// Every unit the pool accounts for, commission included.
    pub fn total(&self) -> CoreResult<U256> {
        math::add(math::add(self.next_epoch_voting_power()?, self.inactive)?, self.operator_commission)
    }

    /// Deposits `amount`: pending_active while validating (it votes from the
    /// next epoch), active otherwise. Fails with [`CoreError::StakeAboveMaximum`]
    /// when the next epoch's voting power would pass the maximum.
    pub fn add_stake(&self, amount: U256, config: &StakingConfig) -> CoreResult<Self> {
        let mut next = *self;
        nonzero(amount)?;
        if self.state.is_current_validator() {
            next.pending_active = math::add(self.pending_active, amount)?;
        } else {
            next.active = math::add(self.active, amount)?;
        }
        if next.next_epoch_voting_power()? > config.maximum_stake {
            return Err(CoreError::StakeAboveMaximum);
        }
        Ok(next)
    }

    /// Moves `amount` of active stake to pending_inactive; it becomes
    /// withdrawable when the lockup ends, and earns until then.
    pub fn unlock(&self, amount: U256) -> CoreResult<Self> {
        let mut next = *self;
        next.active = take(self.active, nonzero(amount)?)?;
        next.pending_inactive = math::add(self.pending_inactive, amount)?;
        Ok(next)
    }

    /// Moves `amount` of pending_inactive stake back to active.
    pub fn reactivate_stake(&self, amount: U256) -> CoreResult<Self> {
        let mut next = *self;
        next.pending_inactive = take(self.pending_inactive, nonzero(amount)?)?;
        next.active = math::add(self.active, amount)?;
        Ok(next)
    }

    /// Withdraws `amount` of inactive stake. A pool outside the validator
    /// set whose lockup has ended first turns its pending_inactive stake
    /// inactive (it has no epoch transition to wait for).
    pub fn withdraw(&self, amount: U256, now: u64) -> CoreResult<Self> {
        let mut next = *self;
        nonzero(amount)?;
        if self.state == ValidatorState::Inactive && now >= self.locked_until_secs {
            next.inactive = math::add(self.inactive, self.pending_inactive)?;
            next.pending_inactive = U256::ZERO;
        }
        next.inactive = take(next.inactive, amount)?;
        Ok(next)
    }

    /// Restarts the lockup at `now + recurring_lockup_secs`, which must end
    /// later than the current one ([`CoreError::LockupNotIncreased`]).
    pub fn increase_lockup(&self, now: u64, config: &StakingConfig) -> CoreResult<Self> {
        let until = now.checked_add(config.recurring_lockup_secs).ok_or(CoreError::MathOverflow)?;
        if until <= self.locked_until_secs {
            return Err(CoreError::LockupNotIncreased);
        }
        Ok(Self { locked_until_secs: until, ..*self })
    }

    /// Sets the operator's commission ([`CoreError::CommissionTooHigh`] above 100%).
    pub fn set_commission(&self, commission_bps: u32) -> CoreResult<Self> {
        if commission_bps > BPS {
            return Err(CoreError::CommissionTooHigh);
        }
        Ok(Self { commission_bps, ..*self })
    }

    /// Takes `amount` of the operator's accrued commission out of the pool.
    pub fn withdraw_commission(&self, amount: U256) -> CoreResult<Self> {
        let operator_commission = take(self.operator_commission, nonzero(amount)?)?;
        Ok(Self { operator_commission, ..*self })
    }

    /// Asks to join the validator set at the next epoch. The next epoch's
    /// voting power must lie within `[minimum_stake, maximum_stake]`; the
    /// stake is locked for at least one lockup period.
    pub fn join_validator_set(&self, now: u64, config: &StakingConfig) -> CoreResult<Self> {
        if self.state != ValidatorState::Inactive {
            return Err(CoreError::AlreadyInValidatorSet);
        }
        let power = self.next_epoch_voting_power()?;
        if power < config.minimum_stake {
            return Err(CoreError::StakeBelowValidatorMinimum);
        }
        if power > config.maximum_stake {
            return Err(CoreError::StakeAboveMaximum);
        }
        let until = now.checked_add(config.recurring_lockup_secs).ok_or(CoreError::MathOverflow)?;
        Ok(Self { state: ValidatorState::PendingActive, locked_until_secs: self.locked_until_secs.max(until), ..*self })
    }

    /// Asks to leave: a pool still pending_active leaves at once; an active
    /// one becomes pending_inactive and leaves at the next epoch.
    pub fn leave_validator_set(&self) -> CoreResult<Self> {
        let state = match self.state {
            ValidatorState::PendingActive => ValidatorState::Inactive,
            ValidatorState::Active => ValidatorState::PendingInactive,
            ValidatorState::Inactive | ValidatorState::PendingInactive => return Err(CoreError::NotInValidatorSet),
        };
        Ok(Self { state, ..*self })
    }

    /// The epoch transition, at time `now`, in the seed's order: pay the
    /// epoch's rewards (if the pool validated), turn pending_active stake
    /// active, release pending_inactive stake whose lockup has ended, update
    /// the validator state (dropping a pool below the minimum), and renew the
    /// lockup of a pool that stays in the set.
    pub fn on_new_epoch(
        &self,
        perf: &Performance,
        now: u64,
        config: &StakingConfig,
    ) -> CoreResult<(Self, EpochRewards)> {
        let mut next = *self;
        let mut paid = EpochRewards::default();
        if self.state.is_current_validator() {
            // Over-maximum rule: rewards count at most `maximum_stake`, active stake first.
            let active_base = self.active.min(config.maximum_stake);
            let room = config.maximum_stake.saturating_sub(active_base);
            let inactive_base = self.pending_inactive.min(room);
            let on_active = epoch_reward(active_base, perf, config)?;
            let on_inactive = epoch_reward(inactive_base, perf, config)?;
            let fee_active = bps_of(on_active, self.commission_bps, Rounding::Down)?;
            let fee_inactive = bps_of(on_inactive, self.commission_bps, Rounding::Down)?;
            next.active = math::add(self.active, math::sub(on_active, fee_active)?)?;
            next.pending_inactive = math::add(self.pending_inactive, math::sub(on_inactive, fee_inactive)?)?;
            paid.rewards = math::add(on_active, on_inactive)?;
            paid.commission = math::add(fee_active, fee_inactive)?;
            next.operator_commission = math::add(self.operator_commission, paid.commission)?;
        } else if perf.successful_proposals > perf.total_proposals {
            return Err(CoreError::InvalidPerformance);
        }

        next.active = math::add(next.active, next.pending_active)?;
        next.pending_active = U256::ZERO;
        if now >= next.locked_until_secs {
            next.inactive = math::add(next.inactive, next.pending_inactive)?;
            next.pending_inactive = U256::ZERO;
        }

        next.state = match self.state {
            ValidatorState::PendingActive | ValidatorState::Active => {
                if math::add(next.active, next.pending_inactive)? < config.minimum_stake {
                    ValidatorState::Inactive
                } else {
                    ValidatorState::Active
                }
            }
            ValidatorState::PendingInactive | ValidatorState::Inactive => ValidatorState::Inactive,
        };
        if next.state == ValidatorState::Active && next.locked_until_secs <= now {
            next.locked_until_secs = now.checked_add(config.recurring_lockup_secs).ok_or(CoreError::MathOverflow)?;
        }
        Ok((next, paid))
    }
}

/// The epoch counter that anyone may advance once an epoch has lasted long
/// enough.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochClock {
    /// The current epoch number.
    pub epoch: u64,
    /// When it started (seconds).
    pub started_at: u64,
}

impl EpochClock {
    /// Ends the current epoch at `now`; [`CoreError::EpochNotEnded`] before
    /// `started_at + epoch_duration_secs`.
    pub fn advance(&self, now: u64, config: &StakingConfig) -> CoreResult<Self> {
        let ends = self.started_at.checked_add(config.epoch_duration_secs).ok_or(CoreError::MathOverflow)?;
        if now < ends {
            return Err(CoreError::EpochNotEnded);
        }
        Ok(Self { epoch: self.epoch.checked_add(1).ok_or(CoreError::MathOverflow)?, started_at: now })
    }
}

#[cfg(test)]
mod tests;
