//! AvalancheDelegator, for ink! 6 on pallet-revive, with the Solidity ABI
//! of `abi/AvalancheDelegator.json`: the AVAX pool's operator side, its
//! deposit address on the project's chains. It owns the pool's stake pool
//! in `Staking`, run by a validator operator fixed at deployment.
//!
//! - AVAX the pool's operator collects arrives here (`onStakingPayment`
//!   from the pool) and is staked at once: the first payment creates the
//!   stake pool, later ones add to it.
//! - The pool's operator unlocks stake for the unstake queue
//!   (`unlockStakes`); once the lockup has passed anyone brings it back
//!   (`withdrawStakes`): `Staking` pays it here (a call back into this
//!   contract, which the withdrawal allows with `ALLOW_REENTRY`) and it goes
//!   straight on to the pool.
//! - Rewards are measured, not typed (`reportRewards`, anyone): the pool's
//!   balance, this contract's and the stake in every bucket over what the
//!   pool owes is the growth; the core reports the largest part the feed's
//!   bound allows, through the pool, and the rest stays for the next report.
//!
//! A contract of its own because the pool with these functions was over the
//! Stylus size budget; both platforms keep one ABI. No admin, no funds held
//! between calls.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

// Its own errors, and those of the contracts it calls and passes on (the
// pool's, which include the feed's and the tokens', and `Staking`'s): the
// same list as the Stylus ABI's.
lst_ink_common::register_errors!(
    core: lst_core::error::raised::AVALANCHE_DELEGATOR, passes lst_core::error::raised::AVALANCHE_POOL, passes lst_core::error::raised::RATE_PROVIDER, passes lst_core::error::raised::STAKING;
    Unauthorized,
    ZeroAddress,
    CallReturnMalformed,
    EnforcedPause,
    ExpectedPause,
    TransferFailed,
    BatchTooLarge,
    UnknownToken,
    TokenAlreadyRegistered,
    PrimaryTokenNotSet,
    LengthMismatch,
    NotRatioUpdater,
    AlreadySet,
    OwnableUnauthorizedAccount,
    OwnableInvalidOwner,
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[ink::contract]
mod avalanche_delegator {
    use ink::U256;
    use lst_core::{
        ledger::{MeasuredReport, PoolLedger},
        validator::{StakePool, ValidatorState},
        CoreError,
    };
    use lst_ink_common::{
        caller,
        calls::{self, avax_pool, staking},
        emit, from_core, now_secs, to_core, Error, Result,
    };

    /// AVAX the pool collected, staked in its stake pool in `Staking`.
    #[ink(event)]
    pub struct StakesDelegated {
        pub amount: U256,
    }

    /// Delegated AVAX unlocking for the queue (withdrawable after the lockup).
    #[ink(event)]
    pub struct StakesUnlocked {
        pub amount: U256,
    }

    /// Unlocked AVAX brought back from `Staking` to the pool.
    #[ink(event)]
    pub struct StakesWithdrawn {
        pub amount: U256,
    }

    /// A measured report: the growth found, the part reported to the pool,
    /// and the part carried to the next report.
    #[ink(event)]
    pub struct RewardsMeasured {
        pub growth: U256,
        pub reported: U256,
        pub carried: U256,
    }

    /// The delegator's wiring (it keeps no other state).
    #[ink(storage)]
    pub struct AvalancheDelegator {
        pool: Address,
        staking: Address,
        validator_operator: Address,
        /// Whether the stake pool exists (created by the first payment).
        delegating: bool,
    }

    fn non_zero(account: Address) -> Result<Address> {
        if account == Address::zero() {
            Err(Error::ZeroAddress {})
        } else {
            Ok(account)
        }
    }

    impl AvalancheDelegator {
        /// Wires the delegator to its pool and `Staking`, and names the
        /// validator operator that will run the stake pool (its voter too).
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(pool: Address, staking: Address, validatorOperator: Address) -> Result<Self> {
            Ok(Self {
                pool: non_zero(pool)?,
                staking: non_zero(staking)?,
                validator_operator: non_zero(validatorOperator)?,
                delegating: false,
            })
        }

        /// Takes a payment: from the pool, collected AVAX, staked at once
        /// (the first creates the stake pool, run by the validator
        /// operator); from `Staking`, withdrawn stake, which
        /// `withdrawStakes` passes on. Anyone else: `Unauthorized`.
        #[ink(message, payable, name = "onStakingPayment")]
        pub fn on_staking_payment(&mut self) -> Result<()> {
            let account = caller();
            if account == self.staking {
                return Ok(());
            }
            if account != self.pool {
                return Err(Error::Unauthorized { account });
            }
            let amount = self.env().transferred_value();
            if self.delegating {
                staking::add_stake(self.staking, amount)?;
            } else {
                self.delegating = true;
                staking::initialize_stake_pool(self.staking, amount, self.validator_operator, self.validator_operator)?;
            }
            emit(StakesDelegated { amount });
            Ok(())
        }

        /// The pool's operator: unlocks `amount` of active stake for the
        /// queue; it keeps earning until the lockup ends. `Staking`'s
        /// errors (`InsufficientStake`, ...) pass through.
        #[ink(message, name = "unlockStakes")]
        pub fn unlock_stakes(&mut self, amount: U256) -> Result<()> {
            let account = caller();
            if account != avax_pool::read(self.pool)?.operator {
                return Err(Error::Unauthorized { account });
            }
            staking::unlock(self.staking, amount)?;
            emit(StakesUnlocked { amount });
            Ok(())
        }

        /// Anyone: brings every unlocked AVAX whose lockup has ended back
        /// from `Staking` to the pool — with anything else the delegator
        /// holds — and returns how much went to the pool. `ZeroAmount` when
        /// nothing is withdrawable.
        #[ink(message, name = "withdrawStakes")]
        pub fn withdraw_stakes(&mut self) -> Result<U256> {
            let withdrawable = self.stake_pool()?.withdrawable(now_secs())?;
            if withdrawable.is_zero() {
                return Err(CoreError::ZeroAmount.into());
            }
            staking::withdraw(self.staking, from_core(withdrawable))?;
            let amount = self.env().balance();
            avax_pool::pay(self.pool, amount)?;
            emit(StakesWithdrawn { amount });
            Ok(amount)
        }

        /// Anyone: measures the rewards and reports to the pool the largest
        /// part of the growth the feed's bound allows; the pool takes the
        /// fee and moves the ratio. Open to anyone: the amount is measured,
        /// not chosen, and the feed's minimum interval bounds how often the
        /// ratio moves. `NoRewardsToReport` when there is nothing to report;
        /// the pool's `EnforcedPause` while it is paused, the feed's errors
        /// as they are.
        #[ink(message, name = "reportRewards")]
        pub fn report_rewards(&mut self) -> Result<()> {
            let (growth, report) = self.measure()?;
            if report.reported.is_zero() {
                return Err(CoreError::NoRewardsToReport.into());
            }
            let reported = from_core(report.reported);
            avax_pool::report_rewards(self.pool, reported)?;
            emit(RewardsMeasured { growth: from_core(growth), reported, carried: from_core(report.carried) });
            Ok(())
        }

        /// What a report now would find: (growth, reported, carried).
        #[ink(message, name = "measuredRewards")]
        pub fn measured_rewards(&self) -> Result<(U256, U256, U256)> {
            let (growth, report) = self.measure()?;
            Ok((from_core(growth), from_core(report.reported), from_core(report.carried)))
        }

        /// The delegator's wiring: (pool, `Staking`, validator operator).
        #[ink(message)]
        pub fn wiring(&self) -> (Address, Address, Address) {
            (self.pool, self.staking, self.validator_operator)
        }

        /// The stake pool in `Staking` (empty before the first payment).
        fn stake_pool(&self) -> Result<StakePool> {
            if !self.delegating {
                return Ok(StakePool::default());
            }
            let me = self.env().address();
            let (active, inactive, pending_active, pending_inactive) = staking::get_stake(self.staking, me)?;
            let (state, locked_until_secs) = staking::state_and_lockup(self.staking, me)?;
            Ok(StakePool {
                active: to_core(active),
                inactive: to_core(inactive),
                pending_active: to_core(pending_active),
                pending_inactive: to_core(pending_inactive),
                locked_until_secs,
                // `Staking` answers a valid code; anything else counts as in
                // the set, so nothing unlocking becomes withdrawable early.
                state: ValidatorState::from_code(state).unwrap_or(ValidatorState::Active),
                commission_bps: 0,
            })
        }

        /// The growth and what of it the feed's bound lets through now.
        fn measure(&self) -> Result<(lst_core::U256, MeasuredReport)> {
            let pool = avax_pool::read(self.pool)?;
            let ledger =
                PoolLedger { pooled_assets: to_core(pool.pooled_assets), supply_shares: to_core(pool.supply_shares) };
            let staked = self.stake_pool()?.total()?;
            let holdings = to_core(calls::balance_of(self.pool))
                .checked_add(to_core(self.env().balance()))
                .and_then(|held| held.checked_add(staked))
                .ok_or(Error::Core(CoreError::MathOverflow))?;
            Ok(ledger.measure(
                holdings,
                to_core(pool.owed_to_queue),
                pool.fee_bps,
                to_core(calls::ratio_word(pool.feed, pool.cert)?),
                calls::threshold_bps(pool.feed, pool.cert)?,
            )?)
        }
    }
}

#[cfg(test)]
mod tests;
