//! The aKSMb/aDOTb ratio oracle: from a reward input — per network, the
//! KSM/DOT staked and the rewards of the latest era — it computes the
//! ratio the bonds should have, `totalShares / (staked + rewards × (1 −
//! 2%))` (the source document's fee, [`POLKADOT_FEE_BPS`], taken from the
//! rewards only and rounded up), and moves the feed towards it.
//!
//! Every move is checked first against the token's policy in the feed
//! (step threshold and minimum interval, read from the chain) with the same
//! rule the feed applies (`lst_core::policy::check_update`), so nothing is
//! sent that would revert. A move larger than one step is split: one step
//! now, the next once the interval has passed, until the target is reached.
//! Nothing is dropped: each round recomputes the target from the current
//! input and goes on from where the feed is. A target above the current
//! ratio (a loss: the ratio never rises) is refused by name and left to the
//! owner.
//!
//! The input is measured ([`RelayMeasure`]) from the two chains: the
//! bonds' principal is the KSM/DOT minted as bonds (deposits whose claim
//! is used on chain) less what was burned back (every `TokensBurned`), and
//! the rewards are what the relay service's payouts paid the stash (the
//! `Staking.Rewarded` events). The ratio is then
//! `totalShares / (principal + rewards × 98%)`. The stash's holdings on
//! the relay chain (bonded, unbonding, free) check it: they must cover the principal, the rewards,
//! the deposits not minted yet and the unstakes not paid yet, or the round
//! is refused as a loss (a slash) and left to the owner. A transfer to the
//! deposit address that nobody has credited yet changes nothing (it is
//! neither principal nor reward until it is).

use crate::{
    keeper::{KeeperError, Result},
    network::NETWORKS,
};
use alloy::primitives::{Address, U256};
use lst_client::{
    abi::{IBondToken as Bond, IRateProvider as Feed},
    Chain, ChainExt,
};
use lst_core::{
    math::{mul_div, Rounding, ONE},
    policy::{check_update, RatioPolicy, RatioRecord},
    rewards::{split_rewards, POLKADOT_FEE_BPS},
    CoreError,
};
use lst_deploy::Manifest;
use serde::Deserialize;

/// One network's latest era.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EraInput {
    /// The era's number (logged).
    pub era: u64,
    /// KSM/DOT staked behind the bonds, in the smallest unit.
    pub total_staked: String,
    /// What the era earned, in the smallest unit, before the fee.
    pub rewards: String,
}

/// The reward input: the networks present are updated.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RewardInput {
    /// Kusama (aKSMb).
    pub kusama: Option<EraInput>,
    /// Polkadot (aDOTb).
    pub polkadot: Option<EraInput>,
}

impl RewardInput {
    fn of(&self, index: usize) -> Option<&EraInput> {
        [&self.kusama, &self.polkadot][index].as_ref()
    }
}

fn amount(text: &str) -> std::result::Result<U256, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("must be a decimal integer, not {text:?}"));
    }
    text.parse().map_err(|_| format!("{text} is too large"))
}

/// One network's stake as the two chains show it (planck).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelayMeasure {
    /// The relay chain's active era (logged).
    pub era: u64,
    /// The stash's bonded + unbonding + free balance.
    pub holdings: u128,
    /// Minted as bonds: deposits whose claim is used.
    pub minted: u128,
    /// Burned back: every unstake, paid or not.
    pub burned: u128,
    /// Owed to unstakes not paid yet.
    pub owed: u128,
    /// Deposits credited and not minted as bonds yet.
    pub unminted: u128,
    /// Rewards the stash was paid so far.
    pub rewards: u128,
}

impl RelayMeasure {
    /// The era input: principal `minted − burned` and the rewards — after
    /// checking that the holdings cover the principal, the rewards, the
    /// unminted deposits and the unpaid unstakes (a shortfall is a loss,
    /// refused by name: the ratio never rises).
    pub fn era_input(&self) -> std::result::Result<EraInput, String> {
        let principal = self
            .minted
            .checked_sub(self.burned)
            .ok_or_else(|| format!("{} burned is more than the {} minted", self.burned, self.minted))?;
        let needed = principal.saturating_add(self.rewards).saturating_add(self.unminted).saturating_add(self.owed);
        if self.holdings < needed {
            return Err(format!(
                "the stash holds {} but the bonds' principal {principal}, the rewards {}, the unminted deposits {} \
                 and the unpaid unstakes {} need {needed}: a loss, left to the owner",
                self.holdings, self.rewards, self.unminted, self.owed
            ));
        }
        Ok(EraInput { era: self.era, total_staked: principal.to_string(), rewards: self.rewards.to_string() })
    }
}

/// Deposits of network `prefix` credited in `store`: (minted — what
/// their claims used on chain took, unminted — the rest), in planck.
pub fn deposits_minted(
    store: &mut dyn crate::store::NotaryStore,
    chain: &mut dyn Chain,
    pool: Address,
    prefix: u8,
) -> Result<(u128, u128)> {
    let (mut minted, mut unminted) = (0u128, 0u128);
    for d in store.deposits(prefix, None)? {
        // Every issue of the deposit's claims: what the used ones took is
        // minted (a claim may take part of a deposit).
        let mut used = U256::ZERO;
        if let Some(latest) = store.claim_for_deposit(prefix, &d.extrinsic_id)? {
            for issue in 0..=latest.issue {
                let id = crate::notary::claim_id(chain.chain_id()?, pool, prefix, &d.extrinsic_id, issue);
                let Some(row) = store.claim(id)? else { continue };
                if chain.view(pool, lst_client::abi::IPolkadotPool::isClaimUsedCall { claimId: id })? {
                    used = used.saturating_add(row.native_amount);
                }
            }
        }
        let used = used.min(d.native_amount);
        let native = |v: U256| u128::try_from(v).unwrap_or(u128::MAX);
        minted = minted.saturating_add(native(used));
        unminted = unminted.saturating_add(native(d.native_amount - used));
    }
    Ok((minted, unminted))
}

/// What the oracle did for one token in a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OracleAction {
    /// `updateRatio(token, to)`: one step (or the last) towards `target`.
    Updated {
        /// The bond token.
        token: Address,
        /// The ratio before.
        from: U256,
        /// The ratio set.
        to: U256,
        /// Where it is going.
        target: U256,
    },
    /// The next step waits for the token's interval.
    Waiting {
        /// The bond token.
        token: Address,
        /// Where it is going.
        target: U256,
        /// When the next step is allowed (unix seconds).
        until: u64,
    },
    /// The feed holds the target already.
    AtTarget {
        /// The bond token.
        token: Address,
    },
    /// The target is above the current ratio: a loss, which an update
    /// cannot express (the ratio never rises). Nothing sent.
    LossRefused {
        /// The bond token.
        token: Address,
        /// The ratio the input implies.
        target: U256,
        /// The feed's ratio.
        current: U256,
    },
}

/// The oracle for one deployment.
#[derive(Clone, Copy, Debug)]
pub struct RatioOracle {
    feed: Address,
    /// aKSMb and aDOTb, in [`NETWORKS`] order.
    bonds: [Address; 2],
    /// The updater of both (the feed's `ratioUpdater`).
    oracle: Address,
    dry_run: bool,
}

impl RatioOracle {
    /// Sends from `oracle` to the deployment `m`; `dry_run` sends nothing.
    pub fn new(m: &Manifest, oracle: Address, dry_run: bool) -> std::result::Result<Self, String> {
        Ok(Self {
            feed: m.address("RateProvider")?,
            bonds: [m.address(NETWORKS[0].bond)?, m.address(NETWORKS[1].bond)?],
            oracle,
            dry_run,
        })
    }

    /// The ratio `era` implies for network `index` of [`NETWORKS`]: the
    /// bond's shares over the staked KSM/DOT plus the rewards after the fee
    /// (in 18 decimals), rounded up (the protocol's side).
    pub fn target(&self, chain: &mut dyn Chain, index: usize, era: &EraInput) -> Result<U256> {
        let bad = |e: String| KeeperError::Invalid(e);
        let (staked, rewards) = (amount(&era.total_staked).map_err(bad)?, amount(&era.rewards).map_err(bad)?);
        let split = split_rewards(rewards, POLKADOT_FEE_BPS).map_err(core)?;
        let scale = U256::from(10u8).pow(U256::from(18 - NETWORKS[index].decimals));
        let pooled = staked
            .checked_add(split.net_assets)
            .and_then(|p| p.checked_mul(scale))
            .ok_or_else(|| KeeperError::Invalid("reward input: the amounts overflow".into()))?;
        let supply = chain.view(self.bonds[index], Bond::totalSharesCall {})?;
        if supply.is_zero() || pooled.is_zero() {
            // Nothing minted, or nothing staked: no ratio to move to.
            return chain.view(self.feed, Feed::getRatioForCall { token: self.bonds[index] }).map_err(Into::into);
        }
        mul_div(supply, ONE, pooled, Rounding::Up).map_err(core)
    }

    /// One round: for every network in `input`, one step towards its
    /// target where the feed's policy allows it now.
    pub fn round(&self, chain: &mut dyn Chain, input: &RewardInput) -> Result<Vec<OracleAction>> {
        let mut actions = Vec::new();
        for (index, network) in NETWORKS.iter().enumerate() {
            let Some(era) = input.of(index) else { continue };
            let target = self.target(chain, index, era)?;
            let action = self.step(chain, self.bonds[index], target)?;
            tracing::info!(network = network.name, era = era.era, ?action, "ratio oracle");
            actions.push(action);
        }
        Ok(actions)
    }

    /// Moves `token`'s ratio towards `target` by what its policy allows now.
    fn step(&self, chain: &mut dyn Chain, token: Address, target: U256) -> Result<OracleAction> {
        let current = chain.view(self.feed, Feed::getRatioForCall { token })?;
        if target > current {
            return Ok(OracleAction::LossRefused { token, target, current });
        }
        if target == current {
            return Ok(OracleAction::AtTarget { token });
        }
        let p = chain.view(self.feed, Feed::ratioPolicyCall { token })?;
        let policy = RatioPolicy { threshold_bps: p._0, min_interval_secs: p._1, max_repair_bps: p._2 };
        let last_updated = chain.view(self.feed, Feed::lastUpdatedCall { token })?.saturating_to::<u64>();
        // The largest step the feed takes: its own bound, rounded the same
        // way (down), so the step is never refused as too large.
        let floor = current
            - mul_div(current, U256::from(policy.threshold_bps), U256::from(10_000u32), Rounding::Down)
                .map_err(core)?;
        let next = target.max(floor);
        let record = RatioRecord { ratio: current, last_updated, last_repaired: 0 };
        let now = chain.timestamp()?;
        match check_update(&policy, &record, next, now) {
            Ok(_) => {}
            Err(CoreError::RatioUpdateTooSoon) => {
                return Ok(OracleAction::Waiting {
                    token,
                    target,
                    until: last_updated.saturating_add(policy.min_interval_secs),
                })
            }
            Err(e) => return Err(core(e)),
        }
        if !self.dry_run {
            let tx = chain.exec(self.oracle, self.feed, U256::ZERO, Feed::updateRatioCall { token, newRatio: next })?;
            if !tx.success {
                return Err(KeeperError::Reverted { what: "updateRatio", data: alloy::hex::encode(&tx.output) });
            }
        }
        Ok(OracleAction::Updated { token, from: current, to: next, target })
    }
}

fn core(e: CoreError) -> KeeperError {
    KeeperError::Invalid(format!("ratio oracle: {e:?}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const KSM: u128 = 1_000_000_000_000;

    fn measure() -> RelayMeasure {
        RelayMeasure {
            era: 9,
            holdings: 120 * KSM,
            minted: 110 * KSM,
            burned: 8 * KSM,
            owed: 5 * KSM,
            unminted: 10 * KSM,
            rewards: 3 * KSM,
        }
    }

    #[test]
    fn the_principal_is_what_was_minted_less_what_was_burned() {
        let input = measure().era_input().unwrap();
        assert_eq!(input.total_staked, (102 * KSM).to_string());
        assert_eq!(input.rewards, (3 * KSM).to_string());
        assert_eq!(input.era, 9);
    }

    #[test]
    fn an_uncredited_transfer_to_the_deposit_address_changes_nothing() {
        let more = RelayMeasure { holdings: 125 * KSM, ..measure() };
        assert_eq!(more.era_input(), measure().era_input());
    }

    #[test]
    fn holdings_short_of_what_they_back_are_a_loss_refused_by_name() {
        let short = RelayMeasure { holdings: 120 * KSM - 1, ..measure() };
        assert!(short.era_input().unwrap_err().contains("a loss"));
    }
}
