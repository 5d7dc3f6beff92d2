//! ValidatorConfig for Arbitrum Stylus: the validators' node data beside a
//! `Staking` contract. Every message is [`lst_app::validator_config`]'s,
//! where an auditor reads it once for both platforms; this crate lays out
//! the storage, declares the ABI and dispatches to it.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
// The SDK's #[entrypoint] exports an undocumented function on wasm; docs are
// still enforced by the host (test) builds.
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{aliases::U64, Address};
use lst_app::validator_config::{self as app, NodeConfig, Pending};
use lst_stylus_common::Failure;
use stylus_sdk::{
    abi::{AbiType, Bytes},
    prelude::*,
    storage::{StorageAddress, StorageBytes, StorageMap, StorageU64},
};

lst_stylus_common::sol_abi! {
    #![sol(all_derives)]
    /// The operator rotated `pool`'s consensus key, in force from `effectiveEpoch`.
    event ConsensusKeyRotated(address indexed pool, uint64 indexed effectiveEpoch, bytes consensusKey);
    /// The operator changed `pool`'s validator and full-node network
    /// addresses, in force from `effectiveEpoch`.
    event NetworkAddressesUpdated(address indexed pool, uint64 indexed effectiveEpoch, bytes networkAddresses, bytes fullnodeAddresses);
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::VALIDATOR_CONFIG;

/// `pendingConfig(pool)`'s four values: (consensus key, network
/// addresses, full-node addresses, effective epoch).
pub type PendingValues = (Bytes, Bytes, Bytes, u64);

/// Their Solidity tuple type.
type PendingTuple = <PendingValues as AbiType>::SolType;

lst_stylus_common::params_return! {
    /// What `pendingConfig(pool)` returns, ABI-encoded as a parameter list
    /// (see `lst_stylus_common::params_return!`).
    PendingConfig(PendingValues): PendingConfigSol(PendingTuple)
}

/// One node config.
#[storage]
pub struct ConfigSlots {
    consensus_key: StorageBytes,
    network_addresses: StorageBytes,
    fullnode_addresses: StorageBytes,
}

impl ConfigSlots {
    fn read(&self) -> NodeConfig {
        NodeConfig {
            consensus_key: self.consensus_key.get_bytes(),
            network_addresses: self.network_addresses.get_bytes(),
            fullnode_addresses: self.fullnode_addresses.get_bytes(),
        }
    }

    fn write(&mut self, config: &NodeConfig) {
        self.consensus_key.set_bytes(&config.consensus_key);
        self.network_addresses.set_bytes(&config.network_addresses);
        self.fullnode_addresses.set_bytes(&config.fullnode_addresses);
    }
}

/// One pool's node data: the config in force and the change waiting for
/// its epoch.
#[storage]
pub struct Entry {
    active: ConfigSlots,
    pending: ConfigSlots,
    /// The epoch the pending config is in force from; 0 when none waits
    /// (a change is always for epoch 1 or later).
    pending_epoch: StorageU64,
}

/// The node data of every pool of one staking contract.
#[entrypoint]
#[storage]
pub struct ValidatorConfig {
    staking: StorageAddress,
    entries: StorageMap<Address, Entry>,
}

lst_stylus_common::app_host!(ValidatorConfig);

impl app::Store for ValidatorConfig {
    fn staking(&self) -> lst_app::Address {
        self.staking.get().into_array()
    }

    fn set_staking(&mut self, staking: lst_app::Address) {
        self.staking.set(Address::from(staking));
    }

    fn active(&self, pool: lst_app::Address) -> NodeConfig {
        self.entries.getter(Address::from(pool)).active.read()
    }

    fn set_active(&mut self, pool: lst_app::Address, config: &NodeConfig) {
        self.entries.setter(Address::from(pool)).active.write(config);
    }

    fn pending(&self, pool: lst_app::Address) -> Option<Pending> {
        let entry = self.entries.getter(Address::from(pool));
        let effective_epoch: u64 = entry.pending_epoch.get().to();
        (effective_epoch != 0).then(|| Pending { effective_epoch, config: entry.pending.read() })
    }

    fn set_pending(&mut self, pool: lst_app::Address, pending: Option<&Pending>) {
        let mut entry = self.entries.setter(Address::from(pool));
        let waiting = pending.cloned().unwrap_or_default();
        entry.pending.write(&waiting.config);
        entry.pending_epoch.set(U64::from(waiting.effective_epoch));
    }
}

/// The ABI entry points: each runs the message of
/// [`lst_app::validator_config`].
#[public]
impl ValidatorConfig {
    /// See [`app::init`].
    #[constructor]
    pub fn constructor(&mut self, staking: Address) {
        app::init(self, staking.into_array());
    }

    /// See [`app::set_consensus_key`].
    pub fn set_consensus_key(&mut self, pool: Address, consensus_key: Bytes) -> Result<(), Failure> {
        Ok(app::set_consensus_key(self, pool.into_array(), consensus_key.0)?)
    }

    /// See [`app::set_network_addresses`].
    pub fn set_network_addresses(&mut self, pool: Address, network: Bytes, fullnode: Bytes) -> Result<(), Failure> {
        Ok(app::set_network_addresses(self, pool.into_array(), network.0, fullnode.0)?)
    }

    /// `pool`'s consensus key in force (empty until set; see [`app::config`]).
    pub fn consensus_key(&self, pool: Address) -> Result<Bytes, Failure> {
        Ok(app::config(self, pool.into_array())?.consensus_key.into())
    }

    /// `pool`'s validator network addresses in force (empty until set).
    pub fn network_addresses(&self, pool: Address) -> Result<Bytes, Failure> {
        Ok(app::config(self, pool.into_array())?.network_addresses.into())
    }

    /// `pool`'s full-node network addresses in force (empty until set).
    pub fn fullnode_addresses(&self, pool: Address) -> Result<Bytes, Failure> {
        Ok(app::config(self, pool.into_array())?.fullnode_addresses.into())
    }

    /// See [`app::pending_config`]: (consensus key, network addresses,
    /// full-node addresses, the epoch they are in force from); empty and 0
    /// before the first change.
    pub fn pending_config(&self, pool: Address) -> PendingConfig {
        let waiting = app::pending_config(self, pool.into_array()).unwrap_or_default();
        let c = waiting.config;
        PendingConfig((
            c.consensus_key.into(),
            c.network_addresses.into(),
            c.fullnode_addresses.into(),
            waiting.effective_epoch,
        ))
    }

    /// The staking contract whose pools this keeps.
    pub fn staking(&self) -> Address {
        self.staking.get()
    }
}

#[cfg(test)]
mod tests;
