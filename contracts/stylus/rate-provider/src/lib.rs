//! The bounded ratio feed and rate provider, for Arbitrum Stylus.
//!
//! One contract per chain answers the redemption price of every registered
//! liquid-staking token: `ratio()` for this chain's own certificate token,
//! `getRatioFor(token)` for any registered (also bridged) token, and
//! Balancer's `getRate()`. Updates are restricted to the oracle role and
//! bounded by [`lst_core::policy`]: never up, at most a threshold per update,
//! a minimum interval apart. The owner (two-step transfer) registers tokens,
//! grants roles, tunes the policy within its hard limits, and may repair a
//! ratio within a bound.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
// The SDK's #[entrypoint] exports an undocumented function on wasm; docs are
// still enforced by the host (test) builds.
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use lst_core::policy::{self, RatioPolicy, RatioRecord};
use lst_core::CoreError;
// Links the suite's wasm panic handler.
use lst_stylus_common as _;
use openzeppelin_stylus::access::{
    control::{self, AccessControl, IAccessControl},
    ownable,
    ownable_two_step::{IOwnable2Step, Ownable2Step},
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU256, StorageU32, StorageU64},
};

/// `keccak256("ORACLE_ROLE")`: accounts that may push ratio updates.
pub const ORACLE_ROLE: [u8; 32] = [
    0x68, 0xe7, 0x9a, 0x7b, 0xf1, 0xe0, 0xbc, 0x45, 0xd0, 0xa3, 0x30, 0xc5, 0x73, 0xbc, 0x36, 0x7f, 0x9c, 0xf4, 0x64,
    0xfd, 0x32, 0x60, 0x78, 0x81, 0x2f, 0x30, 0x11, 0x65, 0xfb, 0xda, 0x4e, 0xf1,
];

lst_stylus_common::sol_abi! {
    #![sol(all_derives)]
    /// A token's ratio changed (oracle update or admin repair).
    event RatioUpdated(address indexed token, uint256 oldRatio, uint256 newRatio);
    /// A token was registered with its starting ratio.
    event TokenRegistered(address indexed token, uint256 ratio);
    /// The token `ratio()` and `getRate()` answer for was set.
    event PrimaryTokenSet(address indexed token);
    /// The update bounds changed.
    event RatioPolicyChanged(uint32 thresholdBps, uint64 minIntervalSecs, uint32 maxRepairBps);

    /// The token is not registered.
    error UnknownToken(address token);
    /// The token is registered already.
    error TokenAlreadyRegistered(address token);
    /// `ratio()`/`getRate()` were asked before a primary token was set.
    error PrimaryTokenNotSet();
    /// Batch arrays differ in length.
    error LengthMismatch();
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
        /// Not the owner, or an invalid new owner.
        Ownable(ownable::Error) => wrap,
        /// Missing role.
        AccessControl(control::Error) => wrap,
    }
}

/// The ratio feed's state.
#[entrypoint]
#[storage]
pub struct RateProvider {
    ownable: Ownable2Step,
    access: AccessControl,
    /// Ratio per token, scaled by 1e18; zero means "not registered" (a
    /// registered ratio is always in `(0, 1e18]`).
    ratios: StorageMap<Address, StorageU256>,
    /// Timestamp of each token's last change.
    updated_at: StorageMap<Address, StorageU64>,
    /// The token `ratio()` answers for.
    primary: StorageAddress,
    threshold_bps: StorageU32,
    min_interval_secs: StorageU64,
    max_repair_bps: StorageU32,
}

impl RateProvider {
    fn policy(&self) -> RatioPolicy {
        RatioPolicy {
            threshold_bps: self.threshold_bps.get().to(),
            min_interval_secs: self.min_interval_secs.get().to(),
            max_repair_bps: self.max_repair_bps.get().to(),
        }
    }

    fn store_policy(&mut self, p: RatioPolicy) {
        self.threshold_bps.set(alloy_primitives::aliases::U32::from(p.threshold_bps));
        self.min_interval_secs.set(alloy_primitives::aliases::U64::from(p.min_interval_secs));
        self.max_repair_bps.set(alloy_primitives::aliases::U32::from(p.max_repair_bps));
    }

    fn record(&self, token: Address) -> Result<RatioRecord, Error> {
        let ratio = self.ratios.get(token);
        if ratio.is_zero() {
            return Err(Error::UnknownToken(UnknownToken { token }));
        }
        Ok(RatioRecord { ratio, last_updated: self.updated_at.get(token).to() })
    }

    fn store(&mut self, token: Address, old: U256, record: RatioRecord) {
        self.ratios.setter(token).set(record.ratio);
        self.updated_at.setter(token).set(alloy_primitives::aliases::U64::from(record.last_updated));
        log(self.vm(), RatioUpdated { token, oldRatio: old, newRatio: record.ratio });
    }

    fn primary_token(&self) -> Result<Address, Error> {
        let token = self.primary.get();
        if token.is_zero() {
            return Err(Error::PrimaryTokenNotSet(PrimaryTokenNotSet {}));
        }
        Ok(token)
    }

    /// Checks updates in order, each against the previous one for the same
    /// token, and writes nothing unless all pass.
    fn apply_updates(&mut self, updates: impl Iterator<Item = (Address, U256)>) -> Result<(), Error> {
        let policy = self.policy();
        let now = self.vm().block_timestamp();
        let mut planned: Vec<(Address, U256, RatioRecord)> = Vec::new();
        for (token, new_ratio) in updates {
            let current = match planned.iter().rev().find(|(t, _, _)| *t == token) {
                Some((_, _, earlier)) => *earlier,
                None => self.record(token)?,
            };
            let next = policy::check_update(&policy, &current, new_ratio, now)?;
            planned.push((token, current.ratio, next));
        }
        for (token, old, next) in planned {
            self.store(token, old, next);
        }
        Ok(())
    }
}

#[public]
#[implements(IOwnable2Step<Error = Error>)]
impl RateProvider {
    /// Makes `admin` the owner and sets the default policy (0.1% per update,
    /// 12 h apart, repairs within 1%).
    #[constructor]
    pub fn constructor(&mut self, admin: Address) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        self.store_policy(RatioPolicy::default());
        Ok(())
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

    /// The update bounds: (threshold bps, minimum interval seconds, repair bound bps).
    pub fn ratio_policy(&self) -> (u32, u64, u32) {
        let p = self.policy();
        (p.threshold_bps, p.min_interval_secs, p.max_repair_bps)
    }

    /// Oracle: sets `token`'s ratio within the policy's bounds.
    pub fn update_ratio(&mut self, token: Address, new_ratio: U256) -> Result<(), Error> {
        self.access.only_role(ORACLE_ROLE.into())?;
        self.apply_updates(core::iter::once((token, new_ratio)))
    }

    /// Oracle: several updates at once; all or nothing.
    pub fn update_ratios(&mut self, tokens: Vec<Address>, new_ratios: Vec<U256>) -> Result<(), Error> {
        self.access.only_role(ORACLE_ROLE.into())?;
        if tokens.len() != new_ratios.len() {
            return Err(Error::LengthMismatch(LengthMismatch {}));
        }
        self.apply_updates(tokens.into_iter().zip(new_ratios))
    }

    /// Owner: moves `token`'s ratio either way by at most the repair bound.
    pub fn repair_ratio(&mut self, token: Address, new_ratio: U256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let current = self.record(token)?;
        let next = policy::check_repair(&self.policy(), &current, new_ratio, self.vm().block_timestamp())?;
        self.store(token, current.ratio, next);
        Ok(())
    }

    /// Owner: registers `token` with its starting ratio in `(0, 1e18]`.
    pub fn register_token(&mut self, token: Address, initial_ratio: U256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        if !self.ratios.get(token).is_zero() {
            return Err(Error::TokenAlreadyRegistered(TokenAlreadyRegistered { token }));
        }
        let record = policy::initial_record(initial_ratio, self.vm().block_timestamp())?;
        self.ratios.setter(token).set(record.ratio);
        self.updated_at.setter(token).set(alloy_primitives::aliases::U64::from(record.last_updated));
        log(self.vm(), TokenRegistered { token, ratio: record.ratio });
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

    /// Owner: changes the update bounds (each step bound in 1..=1000 bps).
    pub fn set_ratio_policy(
        &mut self,
        threshold_bps: u32,
        min_interval_secs: u64,
        max_repair_bps: u32,
    ) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let p = RatioPolicy { threshold_bps, min_interval_secs, max_repair_bps }.validate()?;
        self.store_policy(p);
        log(
            self.vm(),
            RatioPolicyChanged {
                thresholdBps: threshold_bps,
                minIntervalSecs: min_interval_secs,
                maxRepairBps: max_repair_bps,
            },
        );
        Ok(())
    }

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    /// Owner: grants `role` (e.g. `ORACLE_ROLE`) to `account`.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.access._grant_role(role, account);
        Ok(())
    }

    /// Owner: revokes `role` from `account`.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.access._revoke_role(role, account);
        Ok(())
    }
}

lst_stylus_common::public_ownable2step!(RateProvider, ownable);

#[cfg(test)]
mod tests;
