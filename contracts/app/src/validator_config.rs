//! `ValidatorConfig`: what the node software needs of each validator of a
//! `Staking` contract — its consensus key and its validator and full-node
//! network addresses — after the `ValidatorConfig` Aptos keeps beside each
//! stake pool.
//!
//! Only the pool's operator, as `Staking.stakePool(pool)` names it at the
//! time of the call, writes a pool's entry; an account without a pool has
//! none (the call to `Staking` reverts with `StakePoolNotFound`, passed
//! on). As in Aptos, a change takes effect on the epoch boundary: the
//! operator's change waits as the pool's pending config and becomes the
//! config in force when `Staking` starts its next epoch (read here from
//! `Staking.epochInfo()`, so no call needs to carry it over). Several
//! changes in one epoch build one pending config. The data is stored as
//! given: the chain has no consensus of its own that would check a key. It
//! lives apart from `Staking` so that the staking contract, which holds the
//! funds, holds nothing it does not need.

use crate::calls::staking;
use crate::{emit, Address, Host, Result};
use alloc::vec::Vec;
use lst_core::validator::{authorize, Roles, StakeAction};

/// A validator's node data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NodeConfig {
    /// The consensus public key.
    pub consensus_key: Vec<u8>,
    /// The validator network addresses.
    pub network_addresses: Vec<u8>,
    /// The full-node network addresses.
    pub fullnode_addresses: Vec<u8>,
}

/// A change waiting for the epoch boundary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pending {
    /// The `Staking` epoch from which it is in force (always at least 1).
    pub effective_epoch: u64,
    /// The config it puts in force.
    pub config: NodeConfig,
}

/// The contract's storage, as each platform lays it out.
pub trait Store {
    /// The staking contract whose pools this keeps.
    fn staking(&self) -> Address;
    /// Names the staking contract (at deployment).
    fn set_staking(&mut self, staking: Address);
    /// `pool`'s config as last put in force (empty until set).
    fn active(&self, pool: Address) -> NodeConfig;
    /// Stores `pool`'s config in force.
    fn set_active(&mut self, pool: Address, config: &NodeConfig);
    /// `pool`'s waiting change, if any.
    fn pending(&self, pool: Address) -> Option<Pending>;
    /// Stores (or, with `None`, clears) `pool`'s waiting change.
    fn set_pending(&mut self, pool: Address, pending: Option<&Pending>);
}

crate::events! {
    /// The operator rotated `pool`'s consensus key, in force from
    /// `effectiveEpoch`.
    ConsensusKeyRotated = "ConsensusKeyRotated(address,uint64,bytes)" {
        topics { pool: Address, effectiveEpoch: u64 } dynamic { consensusKey: Vec<u8> }
    }
    /// The operator changed `pool`'s validator and full-node network
    /// addresses, in force from `effectiveEpoch`.
    NetworkAddressesUpdated = "NetworkAddressesUpdated(address,uint64,bytes,bytes)" {
        topics { pool: Address, effectiveEpoch: u64 } dynamic { networkAddresses: Vec<u8>, fullnodeAddresses: Vec<u8> }
    }
}

/// Deployment: keeps the node data of the pools of `staking`.
pub fn init<C: Store>(c: &mut C, staking: Address) {
    c.set_staking(staking);
}

/// Checks the caller operates `pool` in the staking contract
/// (`StakeUnauthorized`; `Staking`'s `StakePoolNotFound` passes on).
fn check_operator<C: Host + Store>(c: &C, pool: Address) -> Result<()> {
    let (_, _, operator) = staking::state_lockup_operator(c, c.staking(), pool)?;
    // The owner is not consulted: node keys are the operator's alone.
    let roles = Roles { owner: [0; 20], operator, voter: [0; 20] };
    Ok(authorize(StakeAction::UpdateNodeKeys, &c.caller(), &roles)?)
}

/// `pool`'s config in force in `epoch` and the change still waiting then.
fn at_epoch<C: Store>(c: &C, pool: Address, epoch: u64) -> (NodeConfig, Option<Pending>) {
    match c.pending(pool) {
        Some(waiting) if waiting.effective_epoch <= epoch => (waiting.config, None),
        waiting => (c.active(pool), waiting),
    }
}

/// Records the operator's change of `pool`'s config (`edit` applied to the
/// waiting config, or to the one in force when none waits), in force from
/// the next epoch; answers that epoch.
fn stage<C: Host + Store>(c: &mut C, pool: Address, edit: impl FnOnce(&mut NodeConfig)) -> Result<u64> {
    check_operator(c, pool)?;
    let epoch = staking::epoch(c, c.staking())?;
    let (active, waiting) = at_epoch(c, pool, epoch);
    let mut config = waiting.map_or_else(|| active.clone(), |w| w.config);
    edit(&mut config);
    let effective_epoch = epoch.saturating_add(1);
    c.set_active(pool, &active);
    c.set_pending(pool, Some(&Pending { effective_epoch, config }));
    Ok(effective_epoch)
}

/// `setConsensusKey(pool, consensusKey)`, the pool's operator: rotates its
/// consensus key at the next epoch boundary.
pub fn set_consensus_key<C: Host + Store>(c: &mut C, pool: Address, key: Vec<u8>) -> Result<()> {
    let effective_epoch = stage(c, pool, |config| config.consensus_key.clone_from(&key))?;
    emit(c, ConsensusKeyRotated { pool, effectiveEpoch: effective_epoch, consensusKey: key });
    Ok(())
}

/// `setNetworkAddresses(pool, network, fullnode)`, the pool's operator:
/// changes its validator and full-node network addresses at the next epoch
/// boundary.
pub fn set_network_addresses<C: Host + Store>(
    c: &mut C,
    pool: Address,
    network: Vec<u8>,
    fullnode: Vec<u8>,
) -> Result<()> {
    let effective_epoch = stage(c, pool, |config| {
        config.network_addresses.clone_from(&network);
        config.fullnode_addresses.clone_from(&fullnode);
    })?;
    emit(
        c,
        NetworkAddressesUpdated {
            pool,
            effectiveEpoch: effective_epoch,
            networkAddresses: network,
            fullnodeAddresses: fullnode,
        },
    );
    Ok(())
}

/// `pool`'s config in force now (`consensusKey`, `networkAddresses`,
/// `fullnodeAddresses`): a waiting change counts once its epoch has begun.
pub fn config<C: Host + Store>(c: &C, pool: Address) -> Result<NodeConfig> {
    Ok(at_epoch(c, pool, staking::epoch(c, c.staking())?).0)
}

/// `pendingConfig(pool)`: the last change the operator recorded and the
/// epoch it is in force from, `None` before the first; once that epoch has
/// begun it is the config in force (compare with `Staking.epochInfo()`).
/// It reads no other contract, so it never fails.
pub fn pending_config<C: Store>(c: &C, pool: Address) -> Option<Pending> {
    c.pending(pool)
}

#[cfg(test)]
mod tests;
