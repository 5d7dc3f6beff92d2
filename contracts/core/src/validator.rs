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
//! operator's commission, from a reward reserve: a reserve that cannot pay
//! every validator in full pays each the same fraction ([`end_epoch`]).
//!
//! The operator's commission is not part of the pool: it accrues to the
//! operator who earned it, in a [`CommissionClaim`] that unlocks with the
//! owner's stake when the pool's current lockup ends.
//!
//! Ending an epoch touches only the validator set, whose size the
//! configuration caps ([`MAX_VALIDATOR_SET_SIZE`] at most): a pool outside
//! the set has nothing that moves at an epoch boundary (its deposits are
//! active at once, its unlocked stake turns withdrawable when its lockup has
//! passed, checked when it withdraws).
//!
//! Everything here is a pure transition on copyable values ([`StakePool`],
//! [`Roles`], [`CommissionClaim`], [`JoiningPower`], [`EpochClock`]): the
//! platform loads them, calls one function, and stores the results only on
//! `Ok`.

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
    /// Most pools in the validator set (pending_active, active and
    /// pending_inactive together), at most [`MAX_VALIDATOR_SET_SIZE`]: what
    /// ending an epoch iterates.
    pub max_validator_set_size: u32,
    /// Most voting power that may join the set in one epoch (pools joining
    /// plus stake added to validators), in basis points of the epoch's total
    /// voting power; unlimited while the set has no voting power.
    pub voting_power_increase_limit_bps: u32,
    /// Highest commission an owner may set, in basis points.
    pub max_commission_bps: u32,
    /// The performance floor, in basis points of proposals passed: a
    /// validator whose successful proposals are fewer than this share of its
    /// proposals earns nothing for the epoch (the AVAX document's rule that
    /// only validators online at least 80% of their period are rewarded).
    /// 0 keeps the Aptos formula unchanged.
    pub performance_floor_bps: u32,
}

/// 1 unit of an 18-decimal native token.
const UNIT: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// The hard cap on [`StakingConfig::max_validator_set_size`]: ending an epoch
/// settles every pool of the set in one call.
pub const MAX_VALIDATOR_SET_SIZE: u32 = 64;

impl StakingConfig {
    /// The configuration the deploy tool gives a staking contract on local
    /// networks and testnets, where epochs are short (a contract's
    /// configuration is fixed at its deployment).
    /// Stake of 1 to 1,000,000 units; one-hour epochs paying 913 / 10^8 per
    /// epoch (about 8% a year compounded hourly: 8,760 epochs); one-day
    /// lockups; at most 32 validators; at most 20% of the voting power
    /// joining per epoch; commission capped at 50%; a performance floor of
    /// 80% (the stake these networks carry is the AVAX pool's, and the AVAX
    /// document rewards only validators online 80% of their period).
    pub const LOCAL: Self = Self {
        minimum_stake: UNIT,
        // 10^24: 1,000,000 units.
        maximum_stake: U256::from_limbs([2_003_764_205_206_896_640, 54_210, 0, 0]),
        recurring_lockup_secs: 86_400,
        rewards_rate: U256::from_limbs([913, 0, 0, 0]),
        rewards_rate_denominator: U256::from_limbs([100_000_000, 0, 0, 0]),
        epoch_duration_secs: 3_600,
        max_validator_set_size: 32,
        voting_power_increase_limit_bps: 2_000,
        max_commission_bps: 5_000,
        performance_floor_bps: 8_000,
    };

    /// Checks the configuration is consistent: `0 < min <= max`, a non-zero
    /// denominator, a rate of at most 100% per epoch, non-zero durations, a
    /// set size of 1 to [`MAX_VALIDATOR_SET_SIZE`], a joining limit of
    /// 0.01% to 100%, a commission cap and a performance floor of at most
    /// 100%.
    pub fn validate(self) -> CoreResult<Self> {
        let consistent = !self.minimum_stake.is_zero()
            && self.minimum_stake <= self.maximum_stake
            && !self.rewards_rate_denominator.is_zero()
            && self.rewards_rate <= self.rewards_rate_denominator
            && self.recurring_lockup_secs > 0
            && self.epoch_duration_secs > 0
            && (1..=MAX_VALIDATOR_SET_SIZE).contains(&self.max_validator_set_size)
            && (1..=BPS).contains(&self.voting_power_increase_limit_bps)
            && self.max_commission_bps <= BPS
            && self.performance_floor_bps <= BPS;
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
    /// The state of its ABI code (`uint8`); `None` for any other number.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Self::Inactive),
            1 => Some(Self::PendingActive),
            2 => Some(Self::Active),
            3 => Some(Self::PendingInactive),
            _ => None,
        }
    }

    /// Whether the pool validated during the current epoch (and so earns).
    pub fn is_current_validator(self) -> bool {
        matches!(self, Self::Active | Self::PendingInactive)
    }

    /// Whether the pool is tracked in the validator set (every state but
    /// inactive): what ending an epoch settles.
    pub fn is_in_set(self) -> bool {
        self != Self::Inactive
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

impl Roles {
    /// A new pool's roles; no role may be the zero address
    /// ([`CoreError::InvalidRoleAccount`]).
    pub fn new(owner: Address, operator: Address, voter: Address) -> CoreResult<Self> {
        Ok(Self { owner: some_account(owner)?, operator: some_account(operator)?, voter: some_account(voter)? })
    }

    /// The owner names another operator. Commission the old operator earned
    /// stays its own ([`CommissionClaim`] is per operator).
    pub fn with_operator(self, operator: Address) -> CoreResult<Self> {
        Ok(Self { operator: some_account(operator)?, ..self })
    }

    /// The owner names another delegated voter.
    pub fn with_voter(self, voter: Address) -> CoreResult<Self> {
        Ok(Self { voter: some_account(voter)?, ..self })
    }
}

fn some_account(account: Address) -> CoreResult<Address> {
    if account == crate::ZERO_ADDRESS {
        Err(CoreError::InvalidRoleAccount)
    } else {
        Ok(account)
    }
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
    /// Set the operator's commission, within the configured cap (owner).
    SetCommission,
    /// Join the validator set (operator).
    JoinValidatorSet,
    /// Leave the validator set (operator).
    LeaveValidatorSet,
    /// Rotate the consensus key or change the network addresses (operator).
    UpdateNodeKeys,
}

/// Checks `caller` may perform `action` ([`CoreError::StakeUnauthorized`]):
/// the owner moves funds, names the operator and voter and sets the
/// operator's commission within the configured cap (Aptos' documentation:
/// "Bob can set the operator commission percentage"); the operator runs
/// the node: joins or leaves the set and rotates its keys ("Alice cannot
/// move funds unless Alice is the owner"). One account may hold several
/// roles; the voter's only power is its vote.
pub fn authorize(action: StakeAction, caller: &Address, roles: &Roles) -> CoreResult<()> {
    let allowed = match action {
        StakeAction::JoinValidatorSet | StakeAction::LeaveValidatorSet | StakeAction::UpdateNodeKeys => roles.operator,
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

impl Performance {
    /// Whether the validator passed at least `floor_bps` of its proposals
    /// ([`StakingConfig::performance_floor_bps`]); a floor of 0 passes
    /// everyone, and a validator that made no proposal passes only a floor
    /// of 0 (it earns nothing either way).
    pub fn meets_floor(&self, floor_bps: u32) -> bool {
        // Two u64 factors never overflow a u128: saturation never happens.
        let passed = u128::from(self.successful_proposals).saturating_mul(u128::from(BPS));
        passed >= u128::from(self.total_proposals).saturating_mul(u128::from(floor_bps))
    }

    /// What a report made in epoch `reported_in` counts for in epoch
    /// `epoch`: itself in the epoch it was made for, nothing after.
    pub fn for_epoch(self, reported_in: u64, epoch: u64) -> Self {
        if reported_in == epoch {
            self
        } else {
            Self::default()
        }
    }
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
    /// Operator's share of this epoch's rewards, in basis points.
    pub commission_bps: u32,
    /// Operator's share from the next epoch on: an increase the owner made
    /// while the pool validates waits here for the epoch boundary.
    pub next_commission_bps: u32,
}

/// The rewards a validator earns in one epoch by the seed's formula, before
/// the reserve pays them: on its active stake and on its unlocking stake
/// (which earns until its lockup ends).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlannedReward {
    /// Earned on active stake.
    pub on_active: U256,
    /// Earned on pending_inactive stake.
    pub on_pending_inactive: U256,
}

impl PlannedReward {
    /// Both parts together.
    pub fn total(&self) -> CoreResult<U256> {
        math::add(self.on_active, self.on_pending_inactive)
    }

    /// Each part times `payable / needed`, rounded down: what a reserve that
    /// holds `payable` of the `needed` total pays (unchanged when it holds
    /// enough).
    pub fn scaled(&self, payable: U256, needed: U256) -> CoreResult<Self> {
        if payable >= needed {
            return Ok(*self);
        }
        Ok(Self {
            on_active: mul_div(self.on_active, payable, needed, Rounding::Down)?,
            on_pending_inactive: mul_div(self.on_pending_inactive, payable, needed, Rounding::Down)?,
        })
    }
}

/// Rewards paid by one epoch transition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochRewards {
    /// All rewards paid from the reserve (added to stake plus commission).
    pub rewards: U256,
    /// The operator's part of `rewards`.
    pub commission: U256,
    /// When that commission unlocks: the end of the lockup it was earned in.
    pub commission_unlocks_at: u64,
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
    let numerator = math::mul(config.rewards_rate, U256::from(perf.successful_proposals))?;
    let denominator = math::mul(config.rewards_rate_denominator, U256::from(perf.total_proposals))?;
    mul_div(stake, numerator, denominator, Rounding::Down)
}

impl StakePool {
    /// Stake that will vote next epoch: active + pending_active + pending_inactive.
    pub fn next_epoch_voting_power(&self) -> CoreResult<U256> {
        math::add(math::add(self.active, self.pending_active)?, self.pending_inactive)
    }

    /// Every unit the pool holds, in all four buckets.
    pub fn total(&self) -> CoreResult<U256> {
        math::add(self.next_epoch_voting_power()?, self.inactive)
    }

    /// The pool's voting power this epoch: its active and unlocking stake
    /// while it validates, counted up to `maximum_stake`; zero otherwise.
    pub fn voting_power(&self, config: &StakingConfig) -> CoreResult<U256> {
        if !self.state.is_current_validator() {
            return Ok(U256::ZERO);
        }
        Ok(math::add(self.active, self.pending_inactive)?.min(config.maximum_stake))
    }

    /// The voting power an [`add_stake`](Self::add_stake) of `amount` brings
    /// into the set next epoch (zero for a pool outside it, whose deposit is
    /// active at once and votes only once it joins).
    pub fn joining_power_of_deposit(&self, amount: U256) -> U256 {
        if self.state.is_in_set() {
            amount
        } else {
            U256::ZERO
        }
    }

    /// How much a deposit can add now: up to the maximum stake by the next
    /// epoch's voting power, and within the epoch's joining room of
    /// `power` (no limit while the set has no voting power) — for a pool in
    /// the set the deposit itself joins; a pool outside it joins with all
    /// its stake, so its stake counts against the room too.
    /// [`add_stake`](Self::add_stake) and [`JoiningPower::add`] (of the
    /// deposit, or of the pool's whole stake when it joins) accept exactly
    /// the amounts up to it.
    pub fn deposit_room(&self, power: &JoiningPower, config: &StakingConfig) -> CoreResult<U256> {
        let held = self.next_epoch_voting_power()?;
        let under_maximum = config.maximum_stake.saturating_sub(held);
        let Some(joining) = power.room(config.voting_power_increase_limit_bps)? else {
            return Ok(under_maximum);
        };
        let joining = if self.state.is_in_set() { joining } else { joining.saturating_sub(held) };
        Ok(joining.min(under_maximum))
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

    /// What [`withdraw`](Self::withdraw) can take at `now`: the inactive
    /// stake, plus the pending_inactive stake of a pool outside the
    /// validator set whose lockup has ended.
    pub fn withdrawable(&self, now: u64) -> CoreResult<U256> {
        if self.state == ValidatorState::Inactive && now >= self.locked_until_secs {
            math::add(self.inactive, self.pending_inactive)
        } else {
            Ok(self.inactive)
        }
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

    /// The owner sets the operator's commission
    /// ([`CoreError::CommissionTooHigh`] above the configured cap). An
    /// increase for a validator applies from the next epoch on, never to
    /// the rewards of the epoch under way; a decrease, or any change to a
    /// pool that earns nothing this epoch, applies at once (and replaces an
    /// increase still waiting).
    pub fn set_commission(&self, commission_bps: u32, config: &StakingConfig) -> CoreResult<Self> {
        if commission_bps > config.max_commission_bps {
            return Err(CoreError::CommissionTooHigh);
        }
        let waits = self.state.is_current_validator() && commission_bps > self.commission_bps;
        let current = if waits { self.commission_bps } else { commission_bps };
        Ok(Self { commission_bps: current, next_commission_bps: commission_bps, ..*self })
    }

    /// Asks to join the validator set at the next epoch. The set must have
    /// room (`set_size` pools are in it; [`CoreError::ValidatorSetFull`]);
    /// the next epoch's voting power must lie within `[minimum_stake,
    /// maximum_stake]`; the stake is locked for at least one lockup period.
    /// The pool's next-epoch voting power is what joins
    /// ([`JoiningPower::add`]).
    pub fn join_validator_set(&self, set_size: u32, now: u64, config: &StakingConfig) -> CoreResult<Self> {
        if self.state != ValidatorState::Inactive {
            return Err(CoreError::AlreadyInValidatorSet);
        }
        if set_size >= config.max_validator_set_size {
            return Err(CoreError::ValidatorSetFull);
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

    /// Asks to leave (the operator), or is removed (governance): a pool
    /// still pending_active leaves at once; an active one becomes
    /// pending_inactive and leaves at the next epoch.
    pub fn leave_validator_set(&self) -> CoreResult<Self> {
        let state = match self.state {
            ValidatorState::PendingActive => ValidatorState::Inactive,
            ValidatorState::Active => ValidatorState::PendingInactive,
            ValidatorState::Inactive | ValidatorState::PendingInactive => return Err(CoreError::NotInValidatorSet),
        };
        Ok(Self { state, ..*self })
    }

    /// Checks a performance report for the pool: only a validator (active
    /// or leaving) is reported on ([`CoreError::NotInValidatorSet`]), and
    /// it cannot pass more proposals than it made
    /// ([`CoreError::InvalidPerformance`]).
    pub fn check_report(&self, perf: &Performance) -> CoreResult<()> {
        if !self.state.is_current_validator() {
            return Err(CoreError::NotInValidatorSet);
        }
        if perf.successful_proposals > perf.total_proposals {
            return Err(CoreError::InvalidPerformance);
        }
        Ok(())
    }

    /// What the pool earns in the ending epoch by the seed's formula, before
    /// the reserve pays it: nothing unless it validated (active or
    /// pending_inactive) at or above the performance floor. Over-maximum
    /// rule: rewards count at most `maximum_stake`, active stake first.
    pub fn planned_reward(&self, perf: &Performance, config: &StakingConfig) -> CoreResult<PlannedReward> {
        if perf.successful_proposals > perf.total_proposals {
            return Err(CoreError::InvalidPerformance);
        }
        if !self.state.is_current_validator() || !perf.meets_floor(config.performance_floor_bps) {
            return Ok(PlannedReward::default());
        }
        let active_base = self.active.min(config.maximum_stake);
        let room = config.maximum_stake.saturating_sub(active_base);
        let inactive_base = self.pending_inactive.min(room);
        Ok(PlannedReward {
            on_active: epoch_reward(active_base, perf, config)?,
            on_pending_inactive: epoch_reward(inactive_base, perf, config)?,
        })
    }

    /// The epoch transition, at time `now`, in the seed's order: add the
    /// rewards the reserve pays (`reward`, at most [`Self::planned_reward`])
    /// less the operator's commission, turn pending_active stake active,
    /// release pending_inactive stake whose lockup has ended, update the
    /// validator state (dropping a pool below the minimum), and renew the
    /// lockup of a pool that stays in the set; a commission increase that
    /// waited for the boundary applies from here. The commission unlocks
    /// when the lockup it was earned in ends.
    pub fn on_new_epoch(
        &self,
        reward: PlannedReward,
        now: u64,
        config: &StakingConfig,
    ) -> CoreResult<(Self, EpochRewards)> {
        let mut next = *self;
        let fee_active = bps_of(reward.on_active, self.commission_bps, Rounding::Down)?;
        let fee_inactive = bps_of(reward.on_pending_inactive, self.commission_bps, Rounding::Down)?;
        next.active = math::add(self.active, math::sub(reward.on_active, fee_active)?)?;
        next.pending_inactive = math::add(self.pending_inactive, math::sub(reward.on_pending_inactive, fee_inactive)?)?;
        let paid = EpochRewards {
            rewards: reward.total()?,
            commission: math::add(fee_active, fee_inactive)?,
            commission_unlocks_at: self.locked_until_secs,
        };

        next.commission_bps = self.next_commission_bps;
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

/// One pool of the validator set at an epoch boundary: its state and the
/// performance reported for the ending epoch going in, and what it was paid
/// coming out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochMember {
    /// The pool; its next state after [`end_epoch`].
    pub pool: StakePool,
    /// Its proposals in the ending epoch (zero when none were reported).
    pub performance: Performance,
    /// What the reserve paid it (set by [`end_epoch`]).
    pub paid: EpochRewards,
}

/// What one epoch boundary paid and left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochOutcome {
    /// The rewards the seed's formula asked for, over all members.
    pub needed: U256,
    /// The rewards the reserve paid (`needed`, or less when it was short).
    pub paid: U256,
    /// The set's voting power for the new epoch.
    pub total_voting_power: U256,
}

/// Ends an epoch for every pool of the validator set at time `now`: plans
/// each pool's reward, pays all of them from a reserve holding `reserve`
/// (each scaled by the same fraction, rounded down, when the reserve is
/// short: the epoch never fails for want of rewards), and moves each pool to
/// its next state. Members whose pool leaves the set (state inactive) are
/// for the caller to drop. Fails, changing nothing, only on a rule a member
/// breaks (its reported performance).
pub fn end_epoch(
    members: &mut [EpochMember],
    reserve: U256,
    now: u64,
    config: &StakingConfig,
) -> CoreResult<EpochOutcome> {
    let mut needed = U256::ZERO;
    for member in members.iter() {
        needed = math::add(needed, member.pool.planned_reward(&member.performance, config)?.total()?)?;
    }
    let payable = needed.min(reserve);
    let mut outcome = EpochOutcome { needed, ..EpochOutcome::default() };
    for member in members.iter_mut() {
        let reward = member.pool.planned_reward(&member.performance, config)?.scaled(payable, needed)?;
        let (next, paid) = member.pool.on_new_epoch(reward, now, config)?;
        outcome.paid = math::add(outcome.paid, paid.rewards)?;
        outcome.total_voting_power = math::add(outcome.total_voting_power, next.voting_power(config)?)?;
        *member = EpochMember { pool: next, performance: Performance::default(), paid };
    }
    Ok(outcome)
}

/// Voting power joining the validator set during the current epoch, against
/// the limit of [`StakingConfig::voting_power_increase_limit_bps`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JoiningPower {
    /// The set's voting power this epoch.
    pub total_voting_power: U256,
    /// Voting power that asked to join since the epoch began.
    pub joining: U256,
}

impl JoiningPower {
    /// A new epoch's counter: nothing joining yet.
    pub fn new_epoch(total_voting_power: U256) -> Self {
        Self { total_voting_power, joining: U256::ZERO }
    }

    /// How much more voting power may join this epoch under a limit of
    /// `limit_bps` of the set's: `None` while the set has no voting power
    /// (no limit). [`add`](Self::add) accepts exactly the amounts up to it,
    /// so an operator can size a deposit to pass (the keeper collects at
    /// most this much into a validating pool).
    pub fn room(&self, limit_bps: u32) -> CoreResult<Option<U256>> {
        if self.total_voting_power.is_zero() {
            return Ok(None);
        }
        let limit = bps_of(self.total_voting_power, limit_bps, Rounding::Down)?;
        Ok(Some(limit.saturating_sub(self.joining)))
    }

    /// Counts `amount` more joining ([`CoreError::VotingPowerIncreaseTooLarge`]
    /// past the limit). A set without voting power (the first validators)
    /// has no limit.
    pub fn add(&self, amount: U256, config: &StakingConfig) -> CoreResult<Self> {
        let joining = math::add(self.joining, amount)?;
        if !self.total_voting_power.is_zero()
            && joining > bps_of(self.total_voting_power, config.voting_power_increase_limit_bps, Rounding::Down)?
        {
            return Err(CoreError::VotingPowerIncreaseTooLarge);
        }
        Ok(Self { joining, ..*self })
    }
}

/// An operator's commission from one pool: what it may withdraw now and what
/// is still locked with the pool's stake.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommissionClaim {
    /// Unlocked: the operator may withdraw it.
    pub withdrawable: U256,
    /// Earned in a lockup that has not ended yet.
    pub locked: U256,
    /// When `locked` unlocks (seconds).
    pub unlocks_at: u64,
}

impl CommissionClaim {
    /// The claim at `now`: locked commission whose lockup has ended is
    /// withdrawable.
    pub fn settled(&self, now: u64) -> CoreResult<Self> {
        if now >= self.unlocks_at && !self.locked.is_zero() {
            return Ok(Self { withdrawable: math::add(self.withdrawable, self.locked)?, locked: U256::ZERO, ..*self });
        }
        Ok(*self)
    }

    /// Adds `amount` earned at `now` in a lockup ending at `unlocks_at`.
    /// Commission already locked keeps its own unlock time unless the new one
    /// is later (it was earned in the same lockup, renewed since).
    pub fn accrue(&self, amount: U256, unlocks_at: u64, now: u64) -> CoreResult<Self> {
        let mut next = self.settled(now)?;
        if amount.is_zero() {
            return Ok(next);
        }
        if unlocks_at <= now {
            next.withdrawable = math::add(next.withdrawable, amount)?;
        } else {
            next.locked = math::add(next.locked, amount)?;
            next.unlocks_at = next.unlocks_at.max(unlocks_at);
        }
        Ok(next)
    }

    /// Takes everything withdrawable at `now`; [`CoreError::NoCommission`]
    /// when nothing is.
    pub fn withdraw(&self, now: u64) -> CoreResult<(Self, U256)> {
        let settled = self.settled(now)?;
        if settled.withdrawable.is_zero() {
            return Err(CoreError::NoCommission);
        }
        Ok((Self { withdrawable: U256::ZERO, ..settled }, settled.withdrawable))
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
