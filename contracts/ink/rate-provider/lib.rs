//! The bounded ratio feed and rate provider, for ink! 6 on
//! pallet-revive, with the Solidity ABI of `abi/RateProvider.json`.
//!
//! One contract per chain answers the redemption price of every registered
//! liquid-staking token: `ratio()` for this chain's own certificate token,
//! `getRatioFor(token)` for any registered (also bridged) token, and
//! Balancer's `getRate()`. Each token has its own updater (no account can
//! move another updater's token) and its own policy, enforced by
//! [`lst_core::policy`]: never up, at most the threshold per update, the
//! interval apart. The owner (two-step transfer) registers tokens, names
//! their updaters, tunes each policy within the core's hard limits, and may
//! repair a ratio downward within a bound, once per interval. A looser
//! policy and a new updater are scheduled changes
//! ([`lst_ink_common::timelock`]): they take effect only when asked for
//! again after the delay fixed at deployment; a stricter policy is
//! immediate.
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
// has neither.
#[allow(missing_docs, clippy::panic)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::timelock_messages(changes, ownable)]
#[ink::contract]
mod rate_provider {
    use ink::{prelude::vec::Vec, storage::Mapping, U256};
    use lst_core::policy::{self, RatioPolicy, RatioRecord};
    use lst_core::CoreError;
    use lst_ink_common::{
        caller, from_core, now_secs,
        ownable::Ownable2Step,
        selector,
        timelock::{self, Timelock},
        to_core, Error, Result,
    };

    /// The selectors that name the scheduled changes of this contract.
    const SET_RATIO_POLICY: [u8; 4] = selector!("setRatioPolicy(address,uint32,uint64,uint32)");
    const SET_RATIO_UPDATER: [u8; 4] = selector!("setRatioUpdater(address,address)");

    /// One token's policy in one word, for its scheduled change: threshold
    /// in bits 96.., interval in bits 32..96, repair bound in bits 0..32
    /// (the Stylus contract's encoding).
    fn policy_word(p: RatioPolicy) -> U256 {
        (U256::from(p.threshold_bps) << 96) | (U256::from(p.min_interval_secs) << 32) | U256::from(p.max_repair_bps)
    }

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

    impl TokenFeed {
        fn record(&self) -> RatioRecord {
            RatioRecord { ratio: to_core(self.ratio), last_updated: self.clocks.0, last_repaired: self.clocks.1 }
        }

        fn set_record(&mut self, r: RatioRecord) {
            self.ratio = from_core(r.ratio);
            self.clocks = (r.last_updated, r.last_repaired);
        }

        fn policy(&self) -> RatioPolicy {
            let (threshold_bps, min_interval_secs, max_repair_bps) = self.policy;
            RatioPolicy { threshold_bps, min_interval_secs, max_repair_bps }
        }
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

    impl RateProvider {
        /// Makes `admin` the owner; scheduled changes wait
        /// `changeDelaySecs` (one hour to 30 days; 48 hours by default in
        /// `lst-deploy`).
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(admin: Address, changeDelaySecs: u64) -> Result<Self> {
            let mut feed = Self {
                ownable: Ownable2Step::default(),
                tokens: Mapping::default(),
                changes: Timelock::default(),
                primary: Address::zero(),
            };
            feed.ownable.init(admin)?;
            feed.changes.init(changeDelaySecs)?;
            Ok(feed)
        }

        /// The ratio of this chain's own certificate token (shares per
        /// asset, 1e18).
        #[ink(message)]
        pub fn ratio(&self) -> Result<U256> {
            Ok(self.feed(self.primary_token()?)?.ratio)
        }

        /// The ratio of any registered liquid-staking token; `UnknownToken`
        /// otherwise.
        #[ink(message, name = "getRatioFor")]
        pub fn get_ratio_for(&self, token: Address) -> Result<U256> {
            Ok(self.feed(token)?.ratio)
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
            Ok(U256::from(self.feed(token)?.clocks.0))
        }

        /// The token `ratio()` answers for (zero until set).
        #[ink(message, name = "primaryTokenAddress")]
        pub fn primary_token_address(&self) -> Address {
            self.primary
        }

        /// `token`'s update bounds: (threshold bps, minimum interval
        /// seconds, repair bound bps); `UnknownToken` otherwise.
        #[ink(message, name = "ratioPolicy")]
        pub fn ratio_policy(&self, token: Address) -> Result<(u32, u64, u32)> {
            Ok(self.feed(token)?.policy)
        }

        /// The one account that may update `token`'s ratio; `UnknownToken`
        /// otherwise.
        #[ink(message, name = "ratioUpdater")]
        pub fn ratio_updater(&self, token: Address) -> Result<Address> {
            Ok(self.feed(token)?.updater)
        }

        /// `token`'s updater: sets its ratio within the token's policy.
        #[ink(message, name = "updateRatio")]
        #[allow(non_snake_case)]
        pub fn update_ratio(&mut self, token: Address, newRatio: U256) -> Result<()> {
            self.apply_updates(&[(token, newRatio)])
        }

        /// Several updates at once, each by its token's updater; all or
        /// nothing.
        #[ink(message, name = "updateRatios")]
        #[allow(non_snake_case)]
        pub fn update_ratios(&mut self, tokens: Vec<Address>, newRatios: Vec<U256>) -> Result<()> {
            if tokens.len() != newRatios.len() {
                return Err(Error::LengthMismatch {});
            }
            let updates: Vec<(Address, U256)> = tokens.into_iter().zip(newRatios).collect();
            self.apply_updates(&updates)
        }

        /// Owner: lowers `token`'s ratio by at most the repair bound, at
        /// most once per interval.
        #[ink(message, name = "repairRatio")]
        #[allow(non_snake_case)]
        pub fn repair_ratio(&mut self, token: Address, newRatio: U256) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let mut feed = self.feed(token)?;
            let old = feed.ratio;
            let next = policy::check_repair(&feed.policy(), &feed.record(), to_core(newRatio), now_secs())?;
            feed.set_record(next);
            self.store(token, old, &feed);
            Ok(())
        }

        /// Owner: registers `token` with its starting ratio in `(0, 1e18]`,
        /// the account that will update it, and the default policy (0.1%
        /// per update, 12 h apart, repairs within 1%).
        #[ink(message, name = "registerToken")]
        #[allow(non_snake_case)]
        pub fn register_token(&mut self, token: Address, initialRatio: U256, updater: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            if self.tokens.contains(token) {
                return Err(Error::TokenAlreadyRegistered { token });
            }
            let record = policy::initial_record(to_core(initialRatio), now_secs())?;
            check_updater(updater)?;
            let p = RatioPolicy::default();
            let feed = TokenFeed {
                ratio: from_core(record.ratio),
                clocks: (record.last_updated, record.last_repaired),
                updater,
                policy: (p.threshold_bps, p.min_interval_secs, p.max_repair_bps),
            };
            self.tokens.insert(token, &feed);
            lst_ink_common::emit(TokenRegistered { token, ratio: feed.ratio });
            lst_ink_common::emit(RatioUpdaterSet { token, updater });
            Ok(())
        }

        /// Owner, scheduled: makes `updater` the one account that may
        /// update `token`. The first call schedules it (`ChangeScheduled`);
        /// the same call after the delay applies it.
        #[ink(message, name = "setRatioUpdater")]
        pub fn set_ratio_updater(&mut self, token: Address, updater: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let mut feed = self.feed(token)?;
            check_updater(updater)?;
            if !self.changes.request(timelock::key(SET_RATIO_UPDATER, token), timelock::address_value(updater))? {
                return Ok(());
            }
            feed.updater = updater;
            self.tokens.insert(token, &feed);
            lst_ink_common::emit(RatioUpdaterSet { token, updater });
            Ok(())
        }

        /// Owner: sets the registered token `ratio()` and `getRate()`
        /// answer for.
        #[ink(message, name = "setPrimaryToken")]
        pub fn set_primary_token(&mut self, token: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            self.feed(token)?;
            self.primary = token;
            lst_ink_common::emit(PrimaryTokenSet { token });
            Ok(())
        }

        /// Owner: changes `token`'s update bounds (each step bound in
        /// 1..=1000 bps, the interval from 1 h to 30 days). Stricter bounds
        /// apply at once; looser ones (any larger step, shorter interval or
        /// larger repair) are scheduled: the first call schedules them, the
        /// same call after the delay applies them.
        #[ink(message, name = "setRatioPolicy")]
        #[allow(non_snake_case)]
        pub fn set_ratio_policy(
            &mut self,
            token: Address,
            thresholdBps: u32,
            minIntervalSecs: u64,
            maxRepairBps: u32,
        ) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let mut feed = self.feed(token)?;
            let p = RatioPolicy {
                threshold_bps: thresholdBps,
                min_interval_secs: minIntervalSecs,
                max_repair_bps: maxRepairBps,
            }
            .validate()?;
            if p.loosens(&feed.policy())
                && !self.changes.request(timelock::key(SET_RATIO_POLICY, token), policy_word(p))?
            {
                return Ok(());
            }
            feed.policy = (thresholdBps, minIntervalSecs, maxRepairBps);
            self.tokens.insert(token, &feed);
            lst_ink_common::emit(RatioPolicyChanged { token, thresholdBps, minIntervalSecs, maxRepairBps });
            Ok(())
        }

        fn feed(&self, token: Address) -> Result<TokenFeed> {
            self.tokens.get(token).ok_or(Error::UnknownToken { token })
        }

        fn store(&mut self, token: Address, old: U256, feed: &TokenFeed) {
            self.tokens.insert(token, feed);
            lst_ink_common::emit(RatioUpdated { token, oldRatio: old, newRatio: feed.ratio });
        }

        fn primary_token(&self) -> Result<Address> {
            if self.primary == Address::zero() {
                return Err(Error::PrimaryTokenNotSet {});
            }
            Ok(self.primary)
        }

        /// Checks updates in order, each by its token's updater and policy
        /// and against the previous one for the same token, and writes
        /// nothing unless all pass. An update that leaves a ratio unchanged
        /// writes and emits nothing.
        fn apply_updates(&mut self, updates: &[(Address, U256)]) -> Result<()> {
            let sender = caller();
            let now = now_secs();
            let mut planned: Vec<(Address, U256, TokenFeed)> = Vec::new();
            for &(token, new_ratio) in updates {
                let current = match planned.iter().rev().find(|(t, _, _)| *t == token) {
                    Some((_, _, earlier)) => earlier.clone(),
                    None => self.feed(token)?,
                };
                if current.updater != sender {
                    return Err(Error::NotRatioUpdater { token, account: sender });
                }
                if let Some(next) = policy::check_update(&current.policy(), &current.record(), to_core(new_ratio), now)?
                {
                    let mut feed = current.clone();
                    feed.set_record(next);
                    planned.push((token, current.ratio, feed));
                }
            }
            for (token, old, feed) in planned {
                self.store(token, old, &feed);
            }
            Ok(())
        }
    }

    /// A token's updater may not be the zero address.
    fn check_updater(updater: Address) -> Result<()> {
        if updater == Address::zero() {
            return Err(CoreError::InvalidRoleAccount.into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
