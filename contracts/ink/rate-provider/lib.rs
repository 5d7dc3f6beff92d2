//! The bounded ratio feed and rate provider, for ink! 6 on
//! pallet-revive, with the Solidity ABI of `abi/RateProvider.json`.
//!
//! One contract per chain answers the redemption price of every registered
//! liquid-staking token: `ratio()` for this chain's own certificate token,
//! `getRatioFor(token)` for any registered (also bridged) token, and
//! Balancer's `getRate()`. Updates are restricted to the oracle role and
//! bounded by [`lst_core::policy`]: never up, at most a threshold per update,
//! a minimum interval apart. The owner (two-step transfer) registers tokens,
//! grants roles, tunes the policy within its hard limits, and may repair a
//! ratio within a bound.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    OwnableUnauthorizedAccount,
    OwnableInvalidOwner,
    AccessControlUnauthorizedAccount,
    AccessControlBadConfirmation,
    UnknownToken,
    TokenAlreadyRegistered,
    PrimaryTokenNotSet,
    LengthMismatch,
);

/// `keccak256("ORACLE_ROLE")`: accounts that may push ratio updates.
pub const ORACLE_ROLE: [u8; 32] = ink::keccak_256!("ORACLE_ROLE");

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[lst_ink_common::ownable_messages(ownable)]
#[ink::contract]
mod rate_provider {
    use super::ORACLE_ROLE;
    use ink::{prelude::vec::Vec, storage::Mapping, U256};
    use lst_core::policy::{self, RatioPolicy, RatioRecord};
    use lst_ink_common::{
        caller, from_core, now_secs, ownable::Ownable2Step, roles::Roles, to_core, Bytes32, Error, Result,
    };

    /// A token's ratio changed (oracle update or admin repair).
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct RatioUpdated {
        /// The token.
        #[ink(topic)]
        pub token: Address,
        /// The ratio before.
        pub oldRatio: U256,
        /// The ratio now.
        pub newRatio: U256,
    }

    /// A token was registered with its starting ratio.
    #[ink(event)]
    pub struct TokenRegistered {
        /// The token.
        #[ink(topic)]
        pub token: Address,
        /// Its starting ratio.
        pub ratio: U256,
    }

    /// The token `ratio()` and `getRate()` answer for was set.
    #[ink(event)]
    pub struct PrimaryTokenSet {
        /// The token.
        #[ink(topic)]
        pub token: Address,
    }

    /// The update bounds changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct RatioPolicyChanged {
        /// Largest move per update, in basis points.
        pub thresholdBps: u32,
        /// Seconds between updates of one token.
        pub minIntervalSecs: u64,
        /// Largest owner repair, in basis points.
        pub maxRepairBps: u32,
    }

    /// The ratio feed's state.
    #[ink(storage)]
    pub struct RateProvider {
        ownable: Ownable2Step,
        roles: Roles,
        /// Ratio and last change per registered token.
        records: Mapping<Address, (U256, u64)>,
        /// The token `ratio()` answers for (zero until set).
        primary: Address,
        policy: (u32, u64, u32),
    }

    impl RateProvider {
        /// Makes `admin` the owner and sets the default policy (0.1% per
        /// update, 12 h apart, repairs within 1%).
        #[ink(constructor)]
        pub fn new(admin: Address) -> Result<Self> {
            let mut feed = Self {
                ownable: Ownable2Step::default(),
                roles: Roles::default(),
                records: Mapping::default(),
                primary: Address::zero(),
                policy: (0, 0, 0),
            };
            feed.ownable.init(admin)?;
            feed.store_policy(RatioPolicy::default());
            Ok(feed)
        }

        /// The ratio of this chain's own certificate token (shares per
        /// asset, 1e18).
        #[ink(message)]
        pub fn ratio(&self) -> Result<U256> {
            Ok(from_core(self.record(self.primary_token()?)?.ratio))
        }

        /// The ratio of any registered liquid-staking token; `UnknownToken`
        /// otherwise.
        #[ink(message, name = "getRatioFor")]
        pub fn get_ratio_for(&self, token: Address) -> Result<U256> {
            Ok(from_core(self.record(token)?.ratio))
        }

        /// Balancer `IRateProvider`: assets per one whole primary token,
        /// `1e36 / ratio`.
        #[ink(message, name = "getRate")]
        pub fn get_rate(&self) -> Result<U256> {
            Ok(from_core(lst_core::math::rate_from_ratio(to_core(self.ratio()?))?))
        }

        /// When `token`'s ratio last changed (seconds); `UnknownToken`
        /// otherwise.
        #[ink(message, name = "lastUpdated")]
        pub fn last_updated(&self, token: Address) -> Result<U256> {
            Ok(U256::from(self.record(token)?.last_updated))
        }

        /// The token `ratio()` answers for (zero until set).
        #[ink(message, name = "primaryTokenAddress")]
        pub fn primary_token_address(&self) -> Address {
            self.primary
        }

        /// The update bounds: (threshold bps, minimum interval seconds,
        /// repair bound bps).
        #[ink(message, name = "ratioPolicy")]
        pub fn ratio_policy(&self) -> (u32, u64, u32) {
            self.policy
        }

        /// Oracle: sets `token`'s ratio within the policy's bounds.
        #[ink(message, name = "updateRatio")]
        #[allow(non_snake_case)]
        pub fn update_ratio(&mut self, token: Address, newRatio: U256) -> Result<()> {
            self.roles.only_role(ORACLE_ROLE, caller())?;
            self.apply_updates(&[(token, newRatio)])
        }

        /// Oracle: several updates at once; all or nothing.
        #[ink(message, name = "updateRatios")]
        #[allow(non_snake_case)]
        pub fn update_ratios(&mut self, tokens: Vec<Address>, newRatios: Vec<U256>) -> Result<()> {
            self.roles.only_role(ORACLE_ROLE, caller())?;
            if tokens.len() != newRatios.len() {
                return Err(Error::LengthMismatch {});
            }
            let updates: Vec<(Address, U256)> = tokens.into_iter().zip(newRatios).collect();
            self.apply_updates(&updates)
        }

        /// Owner: moves `token`'s ratio either way by at most the repair
        /// bound.
        #[ink(message, name = "repairRatio")]
        #[allow(non_snake_case)]
        pub fn repair_ratio(&mut self, token: Address, newRatio: U256) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let current = self.record(token)?;
            let next = policy::check_repair(&self.policy(), &current, to_core(newRatio), now_secs())?;
            self.store(token, current.ratio, next);
            Ok(())
        }

        /// Owner: registers `token` with its starting ratio in `(0, 1e18]`.
        #[ink(message, name = "registerToken")]
        #[allow(non_snake_case)]
        pub fn register_token(&mut self, token: Address, initialRatio: U256) -> Result<()> {
            self.ownable.only_owner(caller())?;
            if self.records.contains(token) {
                return Err(Error::TokenAlreadyRegistered { token });
            }
            let record = policy::initial_record(to_core(initialRatio), now_secs())?;
            self.records.insert(token, &(from_core(record.ratio), record.last_updated));
            lst_ink_common::emit(TokenRegistered { token, ratio: from_core(record.ratio) });
            Ok(())
        }

        /// Owner: sets the registered token `ratio()` and `getRate()`
        /// answer for.
        #[ink(message, name = "setPrimaryToken")]
        pub fn set_primary_token(&mut self, token: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            self.record(token)?;
            self.primary = token;
            lst_ink_common::emit(PrimaryTokenSet { token });
            Ok(())
        }

        /// Owner: changes the update bounds (each step bound in 1..=1000 bps).
        #[ink(message, name = "setRatioPolicy")]
        #[allow(non_snake_case)]
        pub fn set_ratio_policy(&mut self, thresholdBps: u32, minIntervalSecs: u64, maxRepairBps: u32) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let p = RatioPolicy {
                threshold_bps: thresholdBps,
                min_interval_secs: minIntervalSecs,
                max_repair_bps: maxRepairBps,
            }
            .validate()?;
            self.store_policy(p);
            lst_ink_common::emit(RatioPolicyChanged { thresholdBps, minIntervalSecs, maxRepairBps });
            Ok(())
        }

        /// Whether `account` holds `role`.
        #[ink(message, name = "hasRole")]
        pub fn has_role(&self, role: Bytes32, account: Address) -> bool {
            self.roles.has_role(role.0, account)
        }

        /// Owner: grants `role` (e.g. `ORACLE_ROLE`) to `account`.
        #[ink(message, name = "grantRole")]
        pub fn grant_role(&mut self, role: Bytes32, account: Address) -> Result<()> {
            let sender = caller();
            self.ownable.only_owner(sender)?;
            self.roles.grant(role.0, account, sender);
            Ok(())
        }

        /// Owner: revokes `role` from `account`.
        #[ink(message, name = "revokeRole")]
        pub fn revoke_role(&mut self, role: Bytes32, account: Address) -> Result<()> {
            let sender = caller();
            self.ownable.only_owner(sender)?;
            self.roles.revoke(role.0, account, sender);
            Ok(())
        }

        fn policy(&self) -> RatioPolicy {
            let (threshold_bps, min_interval_secs, max_repair_bps) = self.policy;
            RatioPolicy { threshold_bps, min_interval_secs, max_repair_bps }
        }

        fn store_policy(&mut self, p: RatioPolicy) {
            self.policy = (p.threshold_bps, p.min_interval_secs, p.max_repair_bps);
        }

        fn record(&self, token: Address) -> Result<RatioRecord> {
            let (ratio, last_updated) = self.records.get(token).ok_or(Error::UnknownToken { token })?;
            Ok(RatioRecord { ratio: to_core(ratio), last_updated })
        }

        fn store(&mut self, token: Address, old: lst_core::U256, record: RatioRecord) {
            let new_ratio = from_core(record.ratio);
            self.records.insert(token, &(new_ratio, record.last_updated));
            lst_ink_common::emit(RatioUpdated { token, oldRatio: from_core(old), newRatio: new_ratio });
        }

        fn primary_token(&self) -> Result<Address> {
            if self.primary == Address::zero() {
                return Err(Error::PrimaryTokenNotSet {});
            }
            Ok(self.primary)
        }

        /// Checks updates in order, each against the previous one for the
        /// same token, and writes nothing unless all pass.
        fn apply_updates(&mut self, updates: &[(Address, U256)]) -> Result<()> {
            let policy = self.policy();
            let now = now_secs();
            let mut planned: Vec<(Address, lst_core::U256, RatioRecord)> = Vec::new();
            for &(token, new_ratio) in updates {
                let current = match planned.iter().rev().find(|(t, _, _)| *t == token) {
                    Some((_, _, earlier)) => *earlier,
                    None => self.record(token)?,
                };
                let next = policy::check_update(&policy, &current, to_core(new_ratio), now)?;
                planned.push((token, current.ratio, next));
            }
            for (token, old, next) in planned {
                self.store(token, old, next);
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
