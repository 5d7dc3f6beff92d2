//! `ValidatorConfig`: what the node software needs of each validator of a
//! `Staking` contract — its consensus key and its validator and full-node
//! network addresses — after the `ValidatorConfig` Aptos keeps beside each
//! stake pool.
//!
//! Only the pool's operator, as `Staking.stakePool(pool)` names it at the
//! time of the call, writes a pool's entry; an account without a pool has
//! none (the call to `Staking` reverts with `StakePoolNotFound`, passed
//! on). The data is stored as given: the chain has no consensus of its own
//! that would check a key. It lives apart from `Staking` so that the staking
//! contract, which holds the funds, holds nothing it does not need.

use crate::calls::staking;
use crate::{emit, Address, Host, Result};
use alloc::vec::Vec;
use lst_core::validator::{authorize, Roles, StakeAction};

/// The contract's storage, as each platform lays it out.
pub trait Store {
    /// The staking contract whose pools this keeps.
    fn staking(&self) -> Address;
    /// Names the staking contract (at deployment).
    fn set_staking(&mut self, staking: Address);
    /// `pool`'s consensus key (empty until set).
    fn consensus_key(&self, pool: Address) -> Vec<u8>;
    /// Stores `pool`'s consensus key.
    fn set_consensus_key(&mut self, pool: Address, key: &[u8]);
    /// `pool`'s validator network addresses (empty until set).
    fn network_addresses(&self, pool: Address) -> Vec<u8>;
    /// `pool`'s full-node network addresses (empty until set).
    fn fullnode_addresses(&self, pool: Address) -> Vec<u8>;
    /// Stores `pool`'s validator and full-node network addresses.
    fn set_network_addresses(&mut self, pool: Address, network: &[u8], fullnode: &[u8]);
}

crate::events! {
    /// The operator rotated `pool`'s consensus key.
    ConsensusKeyRotated = "ConsensusKeyRotated(address,bytes)" {
        topics { pool: Address } dynamic { consensusKey: Vec<u8> }
    }
    /// The operator changed `pool`'s validator and full-node network addresses.
    NetworkAddressesUpdated = "NetworkAddressesUpdated(address,bytes,bytes)" {
        topics { pool: Address } dynamic { networkAddresses: Vec<u8>, fullnodeAddresses: Vec<u8> }
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

/// `setConsensusKey(pool, consensusKey)`, the pool's operator: rotates its
/// consensus key.
pub fn set_consensus_key<C: Host + Store>(c: &mut C, pool: Address, key: Vec<u8>) -> Result<()> {
    check_operator(c, pool)?;
    c.set_consensus_key(pool, &key);
    emit(c, ConsensusKeyRotated { pool, consensusKey: key });
    Ok(())
}

/// `setNetworkAddresses(pool, network, fullnode)`, the pool's operator:
/// sets its validator and full-node network addresses.
pub fn set_network_addresses<C: Host + Store>(
    c: &mut C,
    pool: Address,
    network: Vec<u8>,
    fullnode: Vec<u8>,
) -> Result<()> {
    check_operator(c, pool)?;
    c.set_network_addresses(pool, &network, &fullnode);
    emit(c, NetworkAddressesUpdated { pool, networkAddresses: network, fullnodeAddresses: fullnode });
    Ok(())
}

#[cfg(test)]
mod tests;
