//! `RateProvider`: the bounded ratio feed and rate provider.
//!
//! One contract per chain answers the redemption price of every registered
//! liquid-staking token: [`ratio`] for this chain's own certificate token,
//! [`get_ratio_for`] for any registered (also bridged) token, and
//! Balancer's [`get_rate`]. Each token has its own updater (the AVAX pool
//! for its tokens, the KSM/DOT oracle for theirs: no account can move
//! another updater's token) and its own policy, enforced by
//! [`lst_core::policy`]: never up, at most the threshold per update, the
//! interval apart. The owner (two-step transfer, the platform's ownership
//! module) registers tokens, names their updaters, tunes each policy within
//! the core's hard limits, and may repair a ratio downward within a bound,
//! once per interval. A looser policy and a new updater are scheduled
//! changes ([`crate::timelock`]); a stricter policy is immediate.

use crate::abi::{selector, Word};
use crate::ownable::only_owner;
use crate::{emit, timelock, Address, Error, Host, Owned, Result, U256};
use alloc::vec::Vec;
use lst_core::policy::{self, RatioPolicy, RatioRecord};
use lst_core::CoreError;

/// One registered token: its record, its updater and its policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenFeed {
    /// Ratio and clocks.
    pub record: RatioRecord,
    /// The one account that may update the ratio.
    pub updater: Address,
    /// The token's update bounds.
    pub policy: RatioPolicy,
}

/// The feed's storage, as each platform lays it out (its change delay and
/// waiting changes are [`timelock::Store`]'s).
pub trait Store: timelock::Store {
    /// `token`'s feed; `None` unless registered.
    fn feed(&self, token: Address) -> Option<TokenFeed>;
    /// Stores `token`'s feed.
    fn set_feed(&mut self, token: Address, feed: &TokenFeed);
    /// The token `ratio()` answers for (zero until set).
    fn primary(&self) -> Address;
    /// Stores the primary token.
    fn set_primary(&mut self, token: Address);
}

crate::events! {
    /// A token's ratio changed (oracle update or admin repair).
    RatioUpdated = "RatioUpdated(address,uint256,uint256)" {
        topics { token: Address } data { oldRatio: U256, newRatio: U256 }
    }
    /// A token was registered with its starting ratio and updater.
    TokenRegistered = "TokenRegistered(address,uint256)" { topics { token: Address } data { ratio: U256 } }
    /// `updater` is now the one account that may update `token`'s ratio.
    RatioUpdaterSet = "RatioUpdaterSet(address,address)" { topics { token: Address, updater: Address } data {} }
    /// The token `ratio()` and `getRate()` answer for was set.
    PrimaryTokenSet = "PrimaryTokenSet(address)" { topics { token: Address } data {} }
    /// A token's update bounds changed.
    RatioPolicyChanged = "RatioPolicyChanged(address,uint32,uint64,uint32)" {
        topics { token: Address } data { thresholdBps: u32, minIntervalSecs: u64, maxRepairBps: u32 }
    }
}

/// The setters whose selectors name their scheduled changes.
const SET_RATIO_POLICY: [u8; 4] = selector("setRatioPolicy(address,uint32,uint64,uint32)");
const SET_RATIO_UPDATER: [u8; 4] = selector("setRatioUpdater(address,address)");

/// One token's policy in one word, for its scheduled change: threshold in
/// bits 96.., interval in bits 32..96, repair bound in bits 0..32.
fn policy_word(p: RatioPolicy) -> U256 {
    (U256::from(p.threshold_bps) << 96) | (U256::from(p.min_interval_secs) << 32) | U256::from(p.max_repair_bps)
}

/// `token`'s feed; `UnknownToken` unless registered.
fn feed<C: Store + ?Sized>(c: &C, token: Address) -> Result<TokenFeed> {
    c.feed(token).ok_or(Error::UnknownToken { token })
}

/// A token's updater may not be the zero address.
fn non_zero_updater(updater: Address) -> Result<()> {
    if updater == lst_core::ZERO_ADDRESS {
        return Err(CoreError::InvalidRoleAccount.into());
    }
    Ok(())
}

/// Deployment (after the platform made `admin` the owner): scheduled
/// changes wait `change_delay_secs`.
pub fn init<C: Store>(c: &mut C, change_delay_secs: u64) -> Result<()> {
    Ok(timelock::init(c, change_delay_secs)?)
}

// --- views ---

/// `ratio()`: the ratio of this chain's own certificate token (shares per
/// asset, 1e18); `PrimaryTokenNotSet` before one is set.
pub fn ratio<C: Store>(c: &C) -> Result<U256> {
    let token = c.primary();
    if token == lst_core::ZERO_ADDRESS {
        return Err(Error::PrimaryTokenNotSet {});
    }
    Ok(feed(c, token)?.record.ratio)
}

/// `getRatioFor(token)`: the ratio of any registered token.
pub fn get_ratio_for<C: Store>(c: &C, token: Address) -> Result<U256> {
    Ok(feed(c, token)?.record.ratio)
}

/// `getRate()`, Balancer's `IRateProvider`: assets per one whole primary
/// token, `1e36 / ratio`.
pub fn get_rate<C: Store>(c: &C) -> Result<U256> {
    Ok(lst_core::math::rate_from_ratio(ratio(c)?)?)
}

/// `lastUpdated(token)`: when its ratio last changed (seconds).
pub fn last_updated<C: Store>(c: &C, token: Address) -> Result<U256> {
    Ok(U256::from(feed(c, token)?.record.last_updated))
}

/// `ratioPolicy(token)`: (threshold bps, minimum interval seconds, repair
/// bound bps).
pub fn ratio_policy<C: Store>(c: &C, token: Address) -> Result<(u32, u64, u32)> {
    let p = feed(c, token)?.policy;
    Ok((p.threshold_bps, p.min_interval_secs, p.max_repair_bps))
}

/// `ratioUpdater(token)`: the one account that may update its ratio.
pub fn ratio_updater<C: Store>(c: &C, token: Address) -> Result<Address> {
    Ok(feed(c, token)?.updater)
}

// --- the updaters ---

/// `updateRatio(token, newRatio)`: `token`'s updater sets its ratio within
/// the token's policy.
pub fn update_ratio<C: Host + Store>(c: &mut C, token: Address, new_ratio: U256) -> Result<()> {
    apply_updates(c, core::iter::once((token, new_ratio)))
}

/// `updateRatios(tokens, newRatios)`: several updates at once, each by its
/// token's updater; all or nothing. `LengthMismatch` when the lists differ
/// in length. The lists come as the platform decoded them (no copy).
pub fn update_ratios<C, T, R>(c: &mut C, tokens: T, new_ratios: R) -> Result<()>
where
    C: Host + Store,
    T: ExactSizeIterator<Item = Address>,
    R: ExactSizeIterator<Item = U256>,
{
    if tokens.len() != new_ratios.len() {
        return Err(Error::LengthMismatch {});
    }
    apply_updates(c, tokens.zip(new_ratios))
}

/// Checks updates in order, each by its token's updater and policy and
/// against the previous one for the same token, and writes nothing unless
/// all pass. An update that leaves a ratio unchanged writes and logs
/// nothing.
fn apply_updates<C: Host + Store>(c: &mut C, updates: impl Iterator<Item = (Address, U256)>) -> Result<()> {
    let sender = c.caller();
    let now = c.now();
    let mut planned: Vec<(Address, U256, TokenFeed)> = Vec::new();
    for (token, new_ratio) in updates {
        let current = match planned.iter().rev().find(|(t, _, _)| *t == token) {
            Some((_, _, earlier)) => *earlier,
            None => feed(c, token)?,
        };
        if current.updater != sender {
            return Err(Error::NotRatioUpdater { token, account: sender });
        }
        if let Some(record) = policy::check_update(&current.policy, &current.record, new_ratio, now)? {
            planned.push((token, current.record.ratio, TokenFeed { record, ..current }));
        }
    }
    for (token, old, next) in planned {
        c.set_feed(token, &next);
        emit(c, RatioUpdated { token, oldRatio: old, newRatio: next.record.ratio });
    }
    Ok(())
}

// --- the owner ---

/// `repairRatio(token, newRatio)`, the owner: lowers the ratio by at most
/// the repair bound, at most once per interval.
pub fn repair_ratio<C: Host + Owned + Store>(c: &mut C, token: Address, new_ratio: U256) -> Result<()> {
    only_owner(c)?;
    let current = feed(c, token)?;
    let record = policy::check_repair(&current.policy, &current.record, new_ratio, c.now())?;
    c.set_feed(token, &TokenFeed { record, ..current });
    emit(c, RatioUpdated { token, oldRatio: current.record.ratio, newRatio: record.ratio });
    Ok(())
}

/// `registerToken(token, initialRatio, updater)`, the owner: registers
/// `token` with its starting ratio in `(0, 1e18]`, its updater and the
/// default policy (0.1% per update, 12 h apart, repairs within 1%).
pub fn register_token<C: Host + Owned + Store>(
    c: &mut C,
    token: Address,
    initial_ratio: U256,
    updater: Address,
) -> Result<()> {
    only_owner(c)?;
    if c.feed(token).is_some() {
        return Err(Error::TokenAlreadyRegistered { token });
    }
    let record = policy::initial_record(initial_ratio, c.now())?;
    non_zero_updater(updater)?;
    c.set_feed(token, &TokenFeed { record, updater, policy: RatioPolicy::default() });
    emit(c, TokenRegistered { token, ratio: record.ratio });
    emit(c, RatioUpdaterSet { token, updater });
    Ok(())
}

/// `setRatioUpdater(token, updater)`, the owner, scheduled: makes
/// `updater` the one account that may update `token`. The first call
/// schedules it; the same call after the delay applies it.
pub fn set_ratio_updater<C: Host + Owned + Store>(c: &mut C, token: Address, updater: Address) -> Result<()> {
    only_owner(c)?;
    let current = feed(c, token)?;
    non_zero_updater(updater)?;
    let key = timelock::key(SET_RATIO_UPDATER, token);
    if timelock::request(c, key, U256::from_be_bytes(updater.word()))? {
        c.set_feed(token, &TokenFeed { updater, ..current });
        emit(c, RatioUpdaterSet { token, updater });
    }
    Ok(())
}

/// `setPrimaryToken(token)`, the owner: the registered token `ratio()` and
/// `getRate()` answer for.
pub fn set_primary_token<C: Host + Owned + Store>(c: &mut C, token: Address) -> Result<()> {
    only_owner(c)?;
    feed(c, token)?;
    c.set_primary(token);
    emit(c, PrimaryTokenSet { token });
    Ok(())
}

/// `setRatioPolicy(token, thresholdBps, minIntervalSecs, maxRepairBps)`,
/// the owner: each step bound in 1..=1000 bps, the interval from 1 h to 30
/// days. Stricter bounds apply at once; looser ones (any larger step,
/// shorter interval or larger repair) are scheduled: the first call
/// schedules them, the same call after the delay applies them.
pub fn set_ratio_policy<C: Host + Owned + Store>(c: &mut C, token: Address, policy: RatioPolicy) -> Result<()> {
    only_owner(c)?;
    let current = feed(c, token)?;
    let p = policy.validate()?;
    if p.loosens(&current.policy) && !timelock::request(c, timelock::key(SET_RATIO_POLICY, token), policy_word(p))? {
        return Ok(());
    }
    c.set_feed(token, &TokenFeed { policy: p, ..current });
    emit(
        c,
        RatioPolicyChanged {
            token,
            thresholdBps: p.threshold_bps,
            minIntervalSecs: p.min_interval_secs,
            maxRepairBps: p.max_repair_bps,
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests;
