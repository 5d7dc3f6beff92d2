//! The bounded ratio feed and rate provider, for ink! 6 on pallet-revive,
//! with the Solidity ABI of `abi/RateProvider.json`. Every message is
//! `lst_app::rate_provider`'s, where an auditor reads it once for both
//! platforms (its scheduled changes `lst_app::timelock`'s); this crate lays
//! out the storage, declares the ABI (messages, events, errors), keeps the
//! ownership (`lst_ink_common::ownable`, OpenZeppelin's `Ownable2Step`
//! ABI) and dispatches to the app layer.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    core: lst_core::error::raised::RATE_PROVIDER;
    OwnableUnauthorizedAccount,
    OwnableInvalidOwner,
    UnknownToken,
    TokenAlreadyRegistered,
    PrimaryTokenNotSet,
    LengthMismatch,
    NotRatioUpdater,
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::timelock_messages(changes, ownable)]
#[ink::contract]
pub mod rate_provider {
    use ink::{prelude::vec::Vec, storage::Mapping, U256};
    use lst_app::rate_provider::{self as app, TokenFeed as Feed};
    use lst_core::policy::{RatioPolicy, RatioRecord};
    use lst_ink_common::{from_core, ownable::Ownable2Step, timelock::Timelock, to_core, Failure};

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

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

    /// A token was registered with its starting ratio and updater.
    #[ink(event)]
    pub struct TokenRegistered {
        /// The token.
        #[ink(topic)]
        pub token: Address,
        /// Its starting ratio.
        pub ratio: U256,
    }

    /// `updater` is now the one account that may update `token`'s ratio.
    #[ink(event)]
    pub struct RatioUpdaterSet {
        /// The token.
        #[ink(topic)]
        pub token: Address,
        /// Its updater.
        #[ink(topic)]
        pub updater: Address,
    }

    /// The token `ratio()` and `getRate()` answer for was set.
    #[ink(event)]
    pub struct PrimaryTokenSet {
        /// The token.
        #[ink(topic)]
        pub token: Address,
    }

    /// A token's update bounds changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct RatioPolicyChanged {
        /// The token.
        #[ink(topic)]
        pub token: Address,
        /// Largest move per update, in basis points.
        pub thresholdBps: u32,
        /// Seconds between updates of the token.
        pub minIntervalSecs: u64,
        /// Largest owner repair, in basis points.
        pub maxRepairBps: u32,
    }

    /// One registered token.
    #[derive(Clone)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct TokenFeed {
        /// Shares per asset, scaled by 1e18.
        ratio: U256,
        /// (last change, last repair) in seconds.
        clocks: (u64, u64),
        /// The one account that may update the ratio.
        updater: Address,
        /// (threshold bps, minimum interval seconds, repair bound bps).
        policy: (u32, u64, u32),
    }

    /// The ratio feed's state.
    #[ink(storage)]
    pub struct RateProvider {
        ownable: Ownable2Step,
        /// Every registered token.
        tokens: Mapping<Address, TokenFeed>,
        changes: Timelock,
        /// The token `ratio()` answers for (zero until set).
        primary: Address,
    }

    lst_ink_common::app_host!(RateProvider);

    lst_app::store_in!(timelock: RateProvider, changes);

    impl app::Store for RateProvider {
        fn feed(&self, token: lst_app::Address) -> Option<Feed> {
            let feed = self.tokens.get(Address::from(token))?;
            let (threshold_bps, min_interval_secs, max_repair_bps) = feed.policy;
            Some(Feed {
                record: RatioRecord {
                    ratio: to_core(feed.ratio),
                    last_updated: feed.clocks.0,
                    last_repaired: feed.clocks.1,
                },
                updater: feed.updater.0,
                policy: RatioPolicy { threshold_bps, min_interval_secs, max_repair_bps },
            })
        }

        fn set_feed(&mut self, token: lst_app::Address, feed: &Feed) {
            let p = feed.policy;
            let stored = TokenFeed {
                ratio: from_core(feed.record.ratio),
                clocks: (feed.record.last_updated, feed.record.last_repaired),
                updater: Address::from(feed.updater),
                policy: (p.threshold_bps, p.min_interval_secs, p.max_repair_bps),
            };
            self.tokens.insert(Address::from(token), &stored);
        }

        fn primary(&self) -> lst_app::Address {
            self.primary.0
        }

        fn set_primary(&mut self, token: lst_app::Address) {
            self.primary = Address::from(token);
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::rate_provider` (ownership and the timelock's views and
    /// cancel: the attribute macros above).
    impl RateProvider {
        /// Makes `admin` the owner; scheduled changes wait
        /// `changeDelaySecs` (see `lst_app::rate_provider::init`).
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(admin: Address, changeDelaySecs: u64) -> Result<Self> {
            let mut feed = Self {
                ownable: Ownable2Step::default(),
                tokens: Mapping::default(),
                changes: Timelock::default(),
                primary: Address::zero(),
            };
            lst_app::ownable::init(&mut feed.ownable, admin.0)?;
            app::init(&mut feed, changeDelaySecs)?;
            Ok(feed)
        }

        /// See `lst_app::rate_provider::ratio`.
        #[ink(message)]
        pub fn ratio(&self) -> Result<U256> {
            Ok(from_core(app::ratio(self)?))
        }

        /// See `lst_app::rate_provider::get_ratio_for`.
        #[ink(message, name = "getRatioFor")]
        pub fn get_ratio_for(&self, token: Address) -> Result<U256> {
            Ok(from_core(app::get_ratio_for(self, token.0)?))
        }

        /// See `lst_app::rate_provider::get_rate`.
        #[ink(message, name = "getRate")]
        pub fn get_rate(&self) -> Result<U256> {
            Ok(from_core(app::get_rate(self)?))
        }

        /// See `lst_app::rate_provider::last_updated`.
        #[ink(message, name = "lastUpdated")]
        pub fn last_updated(&self, token: Address) -> Result<U256> {
            Ok(from_core(app::last_updated(self, token.0)?))
        }

        /// The token `ratio()` answers for (zero until set).
        #[ink(message, name = "primaryTokenAddress")]
        pub fn primary_token_address(&self) -> Address {
            self.primary
        }

        /// See `lst_app::rate_provider::ratio_policy`.
        #[ink(message, name = "ratioPolicy")]
        pub fn ratio_policy(&self, token: Address) -> Result<(u32, u64, u32)> {
            Ok(app::ratio_policy(self, token.0)?)
        }

        /// See `lst_app::rate_provider::ratio_updater`.
        #[ink(message, name = "ratioUpdater")]
        pub fn ratio_updater(&self, token: Address) -> Result<Address> {
            Ok(Address::from(app::ratio_updater(self, token.0)?))
        }

        /// See `lst_app::rate_provider::update_ratio`.
        #[ink(message, name = "updateRatio")]
        #[allow(non_snake_case)]
        pub fn update_ratio(&mut self, token: Address, newRatio: U256) -> Result<()> {
            Ok(app::update_ratio(self, token.0, to_core(newRatio))?)
        }

        /// See `lst_app::rate_provider::update_ratios`.
        #[ink(message, name = "updateRatios")]
        #[allow(non_snake_case)]
        pub fn update_ratios(&mut self, tokens: Vec<Address>, newRatios: Vec<U256>) -> Result<()> {
            let tokens = tokens.iter().map(|t| t.0);
            Ok(app::update_ratios(self, tokens, newRatios.iter().map(|r| to_core(*r)))?)
        }

        /// See `lst_app::rate_provider::repair_ratio`.
        #[ink(message, name = "repairRatio")]
        #[allow(non_snake_case)]
        pub fn repair_ratio(&mut self, token: Address, newRatio: U256) -> Result<()> {
            Ok(app::repair_ratio(self, token.0, to_core(newRatio))?)
        }

        /// See `lst_app::rate_provider::register_token`.
        #[ink(message, name = "registerToken")]
        #[allow(non_snake_case)]
        pub fn register_token(&mut self, token: Address, initialRatio: U256, updater: Address) -> Result<()> {
            Ok(app::register_token(self, token.0, to_core(initialRatio), updater.0)?)
        }

        /// See `lst_app::rate_provider::set_ratio_updater`.
        #[ink(message, name = "setRatioUpdater")]
        pub fn set_ratio_updater(&mut self, token: Address, updater: Address) -> Result<()> {
            Ok(app::set_ratio_updater(self, token.0, updater.0)?)
        }

        /// See `lst_app::rate_provider::set_primary_token`.
        #[ink(message, name = "setPrimaryToken")]
        pub fn set_primary_token(&mut self, token: Address) -> Result<()> {
            Ok(app::set_primary_token(self, token.0)?)
        }

        /// See `lst_app::rate_provider::set_ratio_policy`.
        #[ink(message, name = "setRatioPolicy")]
        #[allow(non_snake_case)]
        pub fn set_ratio_policy(
            &mut self,
            token: Address,
            thresholdBps: u32,
            minIntervalSecs: u64,
            maxRepairBps: u32,
        ) -> Result<()> {
            let policy = RatioPolicy {
                threshold_bps: thresholdBps,
                min_interval_secs: minIntervalSecs,
                max_repair_bps: maxRepairBps,
            };
            Ok(app::set_ratio_policy(self, token.0, policy)?)
        }
    }
}

#[cfg(test)]
mod tests;
