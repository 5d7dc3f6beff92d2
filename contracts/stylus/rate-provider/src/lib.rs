//! The bounded ratio feed and rate provider, for Arbitrum Stylus. Every
//! message is [`lst_app::rate_provider`]'s, where an auditor reads it once
//! for both platforms (its scheduled changes [`lst_app::timelock`]'s); this
//! crate lays out the storage, declares the ABI, keeps the ownership in
//! OpenZeppelin's `Ownable2Step` and dispatches to the app layer.
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
use lst_app::rate_provider::{self as app, TokenFeed as Feed};
use lst_core::policy::{RatioPolicy, RatioRecord};
use lst_stylus_common::{timelock::Timelock, Failure};
use openzeppelin_stylus::access::ownable_two_step::{IOwnable2Step, Ownable2Step};
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

/// Every way a call to the feed fails: the app layer's refusals and
/// OpenZeppelin's ownership errors, as their revert data.
pub type Error = Failure;

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
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

lst_stylus_common::app_host!(RateProvider);

impl lst_app::Owned for RateProvider {
    fn owner(&self) -> lst_app::Address {
        self.ownable.owner().into_array()
    }
}

lst_app::store_in!(timelock: RateProvider, changes);

impl app::Store for RateProvider {
    fn feed(&self, token: lst_app::Address) -> Option<Feed> {
        let feed = self.tokens.getter(Address::from(token));
        let ratio = feed.ratio.get();
        if ratio.is_zero() {
            return None;
        }
        Some(Feed {
            record: RatioRecord {
                ratio,
                last_updated: feed.updated_at.get().to(),
                last_repaired: feed.repaired_at.get().to(),
            },
            updater: feed.updater.get().into_array(),
            policy: RatioPolicy {
                threshold_bps: feed.threshold_bps.get().to(),
                min_interval_secs: feed.min_interval_secs.get().to(),
                max_repair_bps: feed.max_repair_bps.get().to(),
            },
        })
    }

    fn set_feed(&mut self, token: lst_app::Address, feed: &Feed) {
        let mut stored = self.tokens.setter(Address::from(token));
        stored.ratio.set(feed.record.ratio);
        stored.updated_at.set(U64::from(feed.record.last_updated));
        stored.repaired_at.set(U64::from(feed.record.last_repaired));
        stored.updater.set(Address::from(feed.updater));
        stored.threshold_bps.set(U32::from(feed.policy.threshold_bps));
        stored.min_interval_secs.set(U64::from(feed.policy.min_interval_secs));
        stored.max_repair_bps.set(U32::from(feed.policy.max_repair_bps));
    }

    fn primary(&self) -> lst_app::Address {
        self.primary.get().into_array()
    }

    fn set_primary(&mut self, token: lst_app::Address) {
        self.primary.set(Address::from(token));
    }
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

/// The ABI entry points: each runs the message of
/// [`lst_app::rate_provider`] (ownership: OpenZeppelin's, below).
#[public]
#[implements(IOwnable2Step<Error = Error>)]
impl RateProvider {
    /// Makes `admin` the owner; scheduled changes wait
    /// `change_delay_secs` (see [`app::init`]).
    #[constructor]
    pub fn constructor(&mut self, admin: Address, change_delay_secs: u64) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        Ok(app::init(self, change_delay_secs)?)
    }

    /// How long a scheduled change waits, in seconds.
    pub fn change_delay(&self) -> U256 {
        U256::from(self.changes.delay())
    }

    /// See [`lst_app::timelock::pending`].
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        let (value, at) = lst_app::timelock::pending(self, key.0);
        (B256::from(value), at)
    }

    /// See [`lst_app::timelock::cancel_change`].
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Error> {
        Ok(lst_app::timelock::cancel_change(self, key.0)?)
    }

    /// See [`app::ratio`].
    pub fn ratio(&self) -> Result<U256, Error> {
        Ok(app::ratio(self)?)
    }

    /// See [`app::get_ratio_for`].
    pub fn get_ratio_for(&self, token: Address) -> Result<U256, Error> {
        Ok(app::get_ratio_for(self, token.into_array())?)
    }

    /// See [`app::get_rate`].
    pub fn get_rate(&self) -> Result<U256, Error> {
        Ok(app::get_rate(self)?)
    }

    /// See [`app::last_updated`].
    pub fn last_updated(&self, token: Address) -> Result<U256, Error> {
        Ok(app::last_updated(self, token.into_array())?)
    }

    /// The token `ratio()` answers for (zero until set).
    pub fn primary_token_address(&self) -> Address {
        self.primary.get()
    }

    /// See [`app::ratio_policy`].
    pub fn ratio_policy(&self, token: Address) -> Result<(u32, u64, u32), Error> {
        Ok(app::ratio_policy(self, token.into_array())?)
    }

    /// See [`app::ratio_updater`].
    pub fn ratio_updater(&self, token: Address) -> Result<Address, Error> {
        Ok(Address::from(app::ratio_updater(self, token.into_array())?))
    }

    /// See [`app::update_ratio`].
    pub fn update_ratio(&mut self, token: Address, new_ratio: U256) -> Result<(), Error> {
        Ok(app::update_ratio(self, token.into_array(), new_ratio)?)
    }

    /// See [`app::update_ratios`].
    pub fn update_ratios(&mut self, tokens: Vec<Address>, new_ratios: Vec<U256>) -> Result<(), Error> {
        let tokens = tokens.iter().map(|t| t.into_array());
        Ok(app::update_ratios(self, tokens, new_ratios.into_iter())?)
    }

    /// See [`app::repair_ratio`].
    pub fn repair_ratio(&mut self, token: Address, new_ratio: U256) -> Result<(), Error> {
        Ok(app::repair_ratio(self, token.into_array(), new_ratio)?)
    }

    /// See [`app::register_token`].
    pub fn register_token(&mut self, token: Address, initial_ratio: U256, updater: Address) -> Result<(), Error> {
        Ok(app::register_token(self, token.into_array(), initial_ratio, updater.into_array())?)
    }

    /// See [`app::set_ratio_updater`].
    pub fn set_ratio_updater(&mut self, token: Address, updater: Address) -> Result<(), Error> {
        Ok(app::set_ratio_updater(self, token.into_array(), updater.into_array())?)
    }

    /// See [`app::set_primary_token`].
    pub fn set_primary_token(&mut self, token: Address) -> Result<(), Error> {
        Ok(app::set_primary_token(self, token.into_array())?)
    }

    /// See [`app::set_ratio_policy`].
    pub fn set_ratio_policy(
        &mut self,
        token: Address,
        threshold_bps: u32,
        min_interval_secs: u64,
        max_repair_bps: u32,
    ) -> Result<(), Error> {
        let policy = RatioPolicy { threshold_bps, min_interval_secs, max_repair_bps };
        Ok(app::set_ratio_policy(self, token.into_array(), policy)?)
    }
}

lst_stylus_common::public_ownable2step!(RateProvider, ownable);

#[cfg(test)]
mod tests;
