//! ValidatorConfig for Arbitrum Stylus: what the node software needs of each
//! validator of a `Staking` contract — its consensus key and its validator
//! and full-node network addresses — after the `ValidatorConfig` that Aptos
//! keeps beside each stake pool.
//!
//! Only the pool's operator, as `Staking.stakePool(pool)` names it at the
//! time of the call, writes a pool's entry; an account without a pool has
//! none (the call to `Staking` reverts with `StakePoolNotFound`, passed on).
//! The data is stored as given: the chain has no consensus of its own that
//! would check a key. It lives apart from `Staking` so that the staking
//! contract, which holds the funds, stays within its code-size budget and
//! holds nothing it does not need.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
// The SDK's #[entrypoint] exports an undocumented function on wasm; docs are
// still enforced by the host (test) builds.
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::Address;
use lst_core::validator::{authorize, Roles, StakeAction};
use lst_core::CoreError;
use lst_stylus_common::interfaces::IStaking;
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBytes, StorageMap},
};

lst_stylus_common::sol_abi! {
    #![sol(all_derives)]
    /// The operator rotated `pool`'s consensus key.
    event ConsensusKeyRotated(address indexed pool, bytes consensusKey);
    /// The operator changed `pool`'s validator and full-node network addresses.
    event NetworkAddressesUpdated(address indexed pool, bytes networkAddresses, bytes fullnodeAddresses);
}

lst_stylus_common::contract_error! {
    /// Every way a call to `ValidatorConfig` fails.
    pub enum Error {
        /// The caller does not operate the pool (`StakeUnauthorized`).
        Core(CoreError) => core,
        /// The staking contract's revert, passed on (`StakePoolNotFound`).
        Call(Vec<u8>) => raw,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::VALIDATOR_CONFIG;

/// One pool's node data.
#[storage]
pub struct Entry {
    consensus_key: StorageBytes,
    network_addresses: StorageBytes,
    fullnode_addresses: StorageBytes,
}

/// The node data of every pool of one staking contract.
#[entrypoint]
#[storage]
pub struct ValidatorConfig {
    staking: StorageAddress,
    entries: StorageMap<Address, Entry>,
}

impl ValidatorConfig {
    /// Checks the caller operates `pool` in the staking contract.
    fn check_operator(&self, pool: Address) -> Result<(), Error> {
        let operator = IStaking::new(self.staking.get()).stake_pool_operator(self.vm(), pool).map_err(Error::Call)?;
        // The owner is not consulted: node keys are the operator's alone.
        let roles = Roles { owner: [0; 20], operator: operator.into_array(), voter: [0; 20] };
        Ok(authorize(StakeAction::UpdateNodeKeys, &self.vm().msg_sender().into_array(), &roles)?)
    }
}

#[public]
impl ValidatorConfig {
    /// Keeps the node data of the pools of `staking`.
    #[constructor]
    pub fn constructor(&mut self, staking: Address) {
        self.staking.set(staking);
    }

    /// Operator: rotates `pool`'s consensus key.
    pub fn set_consensus_key(&mut self, pool: Address, consensus_key: Bytes) -> Result<(), Error> {
        self.check_operator(pool)?;
        self.entries.setter(pool).consensus_key.set_bytes(&consensus_key);
        log(self.vm(), ConsensusKeyRotated { pool, consensusKey: consensus_key.0.into() });
        Ok(())
    }

    /// Operator: sets `pool`'s validator and full-node network addresses.
    pub fn set_network_addresses(&mut self, pool: Address, network: Bytes, fullnode: Bytes) -> Result<(), Error> {
        self.check_operator(pool)?;
        {
            let mut entry = self.entries.setter(pool);
            entry.network_addresses.set_bytes(&network);
            entry.fullnode_addresses.set_bytes(&fullnode);
        }
        log(
            self.vm(),
            NetworkAddressesUpdated { pool, networkAddresses: network.0.into(), fullnodeAddresses: fullnode.0.into() },
        );
        Ok(())
    }

    /// `pool`'s consensus key (empty until its operator sets it).
    pub fn consensus_key(&self, pool: Address) -> Bytes {
        self.entries.getter(pool).consensus_key.get_bytes().into()
    }

    /// `pool`'s validator network addresses (empty until set).
    pub fn network_addresses(&self, pool: Address) -> Bytes {
        self.entries.getter(pool).network_addresses.get_bytes().into()
    }

    /// `pool`'s full-node network addresses (empty until set).
    pub fn fullnode_addresses(&self, pool: Address) -> Bytes {
        self.entries.getter(pool).fullnode_addresses.get_bytes().into()
    }

    /// The staking contract whose pools this keeps.
    pub fn staking(&self) -> Address {
        self.staking.get()
    }
}

#[cfg(test)]
mod tests;
