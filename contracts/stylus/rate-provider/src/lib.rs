//! The bounded ratio feed and rate provider, for Arbitrum Stylus.
//!
//! One contract per chain answers the redemption price of every registered
//! liquid-staking token: `ratio()` for this chain's own certificate token,
//! `getRatioFor(token)` for any registered (also bridged) token, and
//! Balancer's `getRate()`. Each token has its own updater (the AvalanchePool
//! for its tokens, the KSM/DOT oracle for theirs: no account can move
//! another updater's token) and its own policy, enforced by
//! [`lst_core::policy`]: never up, at most the threshold per update, the
//! interval apart. The owner (two-step transfer) registers tokens, names
//! their updaters, tunes each policy within the core's hard limits, and may
//! repair a ratio downward within a bound, once per interval. A looser
//! policy and a new updater are scheduled changes
//! ([`lst_stylus_common::timelock`]): they take effect only when asked for
//! again after the delay fixed at deployment; a stricter policy is
//! immediate.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
// The SDK's #[entrypoint] exports an undocumented function on wasm; docs are
// still enforced by the host (test) builds.
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{
    aliases::{U32, U64},
    Address, B256, U256,
};
use alloy_sol_types::SolCall;
use lst_core::policy::{self, RatioPolicy, RatioRecord};
use lst_core::CoreError;
use lst_stylus_common::timelock::{self, Timelock};
use openzeppelin_stylus::access::{
    ownable,
    ownable_two_step::{IOwnable2Step, Ownable2Step},
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256, StorageU32, StorageU64},
};

lst_stylus_common::sol_abi! {
    #![sol(all_derives)]
    /// A token's ratio changed (oracle update or admin repair).
    event RatioUpdated(address indexed token, uint256 oldRatio, uint256 newRatio);
    /// A token was registered with its starting ratio and updater.
    event TokenRegistered(address indexed token, uint256 ratio);
    /// `updater` is now the one account that may update `token`'s ratio.
    event RatioUpdaterSet(address indexed token, address indexed updater);
    /// The token `ratio()` and `getRate()` answer for was set.
    event PrimaryTokenSet(address indexed token);
    /// A token's update bounds changed.
    event RatioPolicyChanged(address indexed token, uint32 thresholdBps, uint64 minIntervalSecs, uint32 maxRepairBps);

    /// The token is not registered.
    error UnknownToken(address token);
    /// The token is registered already.
    error TokenAlreadyRegistered(address token);
    /// `ratio()`/`getRate()` were asked before a primary token was set.
    error PrimaryTokenNotSet();
    /// Batch arrays differ in length.
    error LengthMismatch();
    /// `account` is not the updater of `token`.
    error NotRatioUpdater(address token, address account);
}

/// The setters whose selectors name their scheduled changes.
mod setters {
    #![allow(missing_docs)]
    alloy_sol_types::sol! {
        function setRatioPolicy(address token, uint32 thresholdBps, uint64 minIntervalSecs, uint32 maxRepairBps);
        function setRatioUpdater(address token, address updater);
    }
}

/// One token's policy in one word, for its scheduled change: threshold in
/// bits 96.., interval in bits 32..96, repair bound in bits 0..32.
fn policy_word(p: RatioPolicy) -> U256 {
    (U256::from(p.threshold_bps) << 96) | (U256::from(p.min_interval_secs) << 32) | U256::from(p.max_repair_bps)
}

lst_stylus_common::contract_error! {
    /// Every way a call to the feed fails.
    pub enum Error {
        /// A protocol rule of the core (`RatioIncrease`, `RatioChangeTooLarge`, …).
        Core(CoreError) => core,
        /// See [`UnknownToken`].
        UnknownToken(UnknownToken) => sol,
        /// See [`TokenAlreadyRegistered`].
        TokenAlreadyRegistered(TokenAlreadyRegistered) => sol,
        /// See [`PrimaryTokenNotSet`].
        PrimaryTokenNotSet(PrimaryTokenNotSet) => sol,
        /// See [`LengthMismatch`].
        LengthMismatch(LengthMismatch) => sol,
        /// See [`NotRatioUpdater`].
        NotRatioUpdater(NotRatioUpdater) => sol,
        /// Not the owner, or an invalid new owner.
        Ownable(ownable::Error) => wrap,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::RATE_PROVIDER;

/// One registered token: its ratio, clocks, updater and policy.
#[storage]
pub struct TokenFeed {
    /// Shares per asset, scaled by 1e18; zero means "not registered" (a
    /// registered ratio is always in `(0, 1e18]`).
    ratio: StorageU256,
    updated_at: StorageU64,
    repaired_at: StorageU64,
    updater: StorageAddress,
    threshold_bps: StorageU32,
    min_interval_secs: StorageU64,
    max_repair_bps: StorageU32,
}

impl TokenFeed {
    fn policy(&self) -> RatioPolicy {
        RatioPolicy {
            threshold_bps: self.threshold_bps.get().to(),
            min_interval_secs: self.min_interval_secs.get().to(),
            max_repair_bps: self.max_repair_bps.get().to(),
        }
    }

    fn set_policy(&mut self, p: RatioPolicy) {
        self.threshold_bps.set(U32::from(p.threshold_bps));
        self.min_interval_secs.set(U64::from(p.min_interval_secs));
        self.max_repair_bps.set(U32::from(p.max_repair_bps));
    }

    fn set_record(&mut self, r: RatioRecord) {
        self.ratio.set(r.ratio);
        self.updated_at.set(U64::from(r.last_updated));
        self.repaired_at.set(U64::from(r.last_repaired));
    }
}

/// The ratio feed's state.
#[entrypoint]
#[storage]
pub struct RateProvider {
    ownable: Ownable2Step,
    tokens: StorageMap<Address, TokenFeed>,
    changes: Timelock,
    /// The token `ratio()` answers for.
    primary: StorageAddress,
}

impl RateProvider {
    /// `token`'s record; `UnknownToken` unless registered.
    fn record(&self, token: Address) -> Result<RatioRecord, Error> {
        let feed = self.tokens.getter(token);
        let ratio = feed.ratio.get();
        if ratio.is_zero() {
            return Err(Error::UnknownToken(UnknownToken { token }));
        }
        Ok(RatioRecord { ratio, last_updated: feed.updated_at.get().to(), last_repaired: feed.repaired_at.get().to() })
    }

    fn store(&mut self, token: Address, old: U256, record: RatioRecord) {
        self.tokens.setter(token).set_record(record);
        log(self.vm(), RatioUpdated { token, oldRatio: old, newRatio: record.ratio });
    }

    fn primary_token(&self) -> Result<Address, Error> {
        let token = self.primary.get();
        if token.is_zero() {
            return Err(Error::PrimaryTokenNotSet(PrimaryTokenNotSet {}));
        }
        Ok(token)
    }

    fn set_updater(&mut self, token: Address, updater: Address) -> Result<(), Error> {
        self.tokens.setter(token).updater.set(updater);
        log(self.vm(), RatioUpdaterSet { token, updater });
        Ok(())
    }

    /// Checks updates in order, each by its token's updater and policy and
    /// against the previous one for the same token, and writes nothing
    /// unless all pass. An update that leaves a ratio unchanged writes and
    /// emits nothing.
    fn apply_updates(&mut self, updates: impl Iterator<Item = (Address, U256)>) -> Result<(), Error> {
        let sender = self.vm().msg_sender();
        let now = self.vm().block_timestamp();
        let mut planned: Vec<(Address, U256, RatioRecord)> = Vec::new();
        for (token, new_ratio) in updates {
            let current = match planned.iter().rev().find(|(t, _, _)| *t == token) {
                Some((_, _, earlier)) => *earlier,
                None => self.record(token)?,
            };
            let feed = self.tokens.getter(token);
            if feed.updater.get() != sender {
                return Err(Error::NotRatioUpdater(NotRatioUpdater { token, account: sender }));
            }
            if let Some(next) = policy::check_update(&feed.policy(), &current, new_ratio, now)? {
                planned.push((token, current.ratio, next));
            }
        }
        for (token, old, next) in planned {
            self.store(token, old, next);
        }
        Ok(())
    }
}

/// A token's updater may not be the zero address.
fn non_zero_updater(updater: Address) -> Result<(), Error> {
    if updater.is_zero() {
        return Err(CoreError::InvalidRoleAccount.into());
    }
    Ok(())
}

#[cfg(any(test, feature = "testing"))]
impl RateProvider {
    /// Test support (feature `testing`, never in a deployable): moves
    /// `token`'s update and repair clocks `secs` into the past, as motsu's
    /// block time stands still.
    pub fn rewind_clocks(&mut self, token: Address, secs: u64) {
        let mut feed = self.tokens.setter(token);
        let updated: u64 = feed.updated_at.get().to();
        let repaired: u64 = feed.repaired_at.get().to();
        feed.updated_at.set(U64::from(updated.saturating_sub(secs)));
        feed.repaired_at.set(U64::from(repaired.saturating_sub(secs)));
    }
}

#[public]
#[implements(IOwnable2Step<Error = Error>)]
impl RateProvider {
    /// Makes `admin` the owner; scheduled changes wait
    /// `change_delay_secs` (one hour to 30 days; 48 hours by default in
    /// `lst-deploy`).
    #[constructor]
    pub fn constructor(&mut self, admin: Address, change_delay_secs: u64) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        self.changes.init(change_delay_secs)?;
        Ok(())
    }

    /// How long a scheduled change waits, in seconds.
    pub fn change_delay(&self) -> U256 {
        U256::from(self.changes.delay())
    }

    /// `(value, executableAt)` of the change waiting for `key` (zeros when
    /// none): the key is the setter's selector then the token
    /// (`lst_core::timelock::change_key`).
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        self.changes.pending(key)
    }

    /// Owner: cancels the change waiting for `key`.
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        Ok(self.changes.cancel(key)?)
    }

    /// The ratio of this chain's own certificate token (shares per asset, 1e18).
    pub fn ratio(&self) -> Result<U256, Error> {
        let token = self.primary_token()?;
        Ok(self.record(token)?.ratio)
    }

    /// The ratio of any registered liquid-staking token; `UnknownToken` otherwise.
    pub fn get_ratio_for(&self, token: Address) -> Result<U256, Error> {
        Ok(self.record(token)?.ratio)
    }

    /// Balancer `IRateProvider`: assets per one whole primary token, `1e36 / ratio`.
    pub fn get_rate(&self) -> Result<U256, Error> {
        Ok(lst_core::math::rate_from_ratio(self.ratio()?)?)
    }

    /// When `token`'s ratio last changed (seconds); `UnknownToken` otherwise.
    pub fn last_updated(&self, token: Address) -> Result<U256, Error> {
        Ok(U256::from(self.record(token)?.last_updated))
    }

    /// The token `ratio()` answers for (zero until set).
    pub fn primary_token_address(&self) -> Address {
        self.primary.get()
    }

    /// `token`'s update bounds: (threshold bps, minimum interval seconds,
    /// repair bound bps); `UnknownToken` otherwise.
    pub fn ratio_policy(&self, token: Address) -> Result<(u32, u64, u32), Error> {
        self.record(token)?;
        let p = self.tokens.getter(token).policy();
        Ok((p.threshold_bps, p.min_interval_secs, p.max_repair_bps))
    }

    /// The one account that may update `token`'s ratio; `UnknownToken`
    /// otherwise.
    pub fn ratio_updater(&self, token: Address) -> Result<Address, Error> {
        self.record(token)?;
        Ok(self.tokens.getter(token).updater.get())
    }

    /// `token`'s updater: sets its ratio within the token's policy.
    pub fn update_ratio(&mut self, token: Address, new_ratio: U256) -> Result<(), Error> {
        self.apply_updates(core::iter::once((token, new_ratio)))
    }

    /// Several updates at once, each by its token's updater; all or nothing.
    pub fn update_ratios(&mut self, tokens: Vec<Address>, new_ratios: Vec<U256>) -> Result<(), Error> {
        if tokens.len() != new_ratios.len() {
            return Err(Error::LengthMismatch(LengthMismatch {}));
        }
        self.apply_updates(tokens.into_iter().zip(new_ratios))
    }

    /// Owner: lowers `token`'s ratio by at most the repair bound, at most
    /// once per interval.
    pub fn repair_ratio(&mut self, token: Address, new_ratio: U256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let current = self.record(token)?;
        let policy = self.tokens.getter(token).policy();
        let next = policy::check_repair(&policy, &current, new_ratio, self.vm().block_timestamp())?;
        self.store(token, current.ratio, next);
        Ok(())
    }

    /// Owner: registers `token` with its starting ratio in `(0, 1e18]`, the
    /// account that will update it, and the default policy (0.1% per
    /// update, 12 h apart, repairs within 1%).
    pub fn register_token(&mut self, token: Address, initial_ratio: U256, updater: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        if !self.tokens.getter(token).ratio.get().is_zero() {
            return Err(Error::TokenAlreadyRegistered(TokenAlreadyRegistered { token }));
        }
        let record = policy::initial_record(initial_ratio, self.vm().block_timestamp())?;
        non_zero_updater(updater)?;
        let mut feed = self.tokens.setter(token);
        feed.set_record(record);
        feed.set_policy(RatioPolicy::default());
        log(self.vm(), TokenRegistered { token, ratio: record.ratio });
        self.set_updater(token, updater)
    }

    /// Owner, scheduled: makes `updater` the one account that may update
    /// `token`. The first call schedules it (`ChangeScheduled`); the same
    /// call after the delay applies it.
    pub fn set_ratio_updater(&mut self, token: Address, updater: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.record(token)?;
        non_zero_updater(updater)?;
        let key = timelock::key(setters::setRatioUpdaterCall::SELECTOR, token);
        if self.changes.request(key, updater.into_word().into())? {
            self.set_updater(token, updater)?;
        }
        Ok(())
    }

    /// Owner: sets the registered token `ratio()` and `getRate()` answer for.
    pub fn set_primary_token(&mut self, token: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.record(token)?;
        self.primary.set(token);
        log(self.vm(), PrimaryTokenSet { token });
        Ok(())
    }

    /// Owner: changes `token`'s update bounds (each step bound in
    /// 1..=1000 bps, the interval from 1 h to 30 days). Stricter bounds
    /// apply at once; looser ones (any larger step, shorter interval or
    /// larger repair) are scheduled: the first call schedules them, the
    /// same call after the delay applies them.
    pub fn set_ratio_policy(
        &mut self,
        token: Address,
        threshold_bps: u32,
        min_interval_secs: u64,
        max_repair_bps: u32,
    ) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.record(token)?;
        let p = RatioPolicy { threshold_bps, min_interval_secs, max_repair_bps }.validate()?;
        if p.loosens(&self.tokens.getter(token).policy()) {
            let key = timelock::key(setters::setRatioPolicyCall::SELECTOR, token);
            if !self.changes.request(key, policy_word(p))? {
                return Ok(());
            }
        }
        self.tokens.setter(token).set_policy(p);
        log(
            self.vm(),
            RatioPolicyChanged {
                token,
                thresholdBps: threshold_bps,
                minIntervalSecs: min_interval_secs,
                maxRepairBps: max_repair_bps,
            },
        );
        Ok(())
    }
}

lst_stylus_common::public_ownable2step!(RateProvider, ownable);

#[cfg(test)]
mod tests;
