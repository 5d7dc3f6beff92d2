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
use alloy_primitives::Address;
use lst_app::validator_config as app;
use lst_stylus_common::Failure;
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

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
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

lst_stylus_common::app_host!(ValidatorConfig);

impl app::Store for ValidatorConfig {
    fn staking(&self) -> lst_app::Address {
        self.staking.get().into_array()
    }

    fn set_staking(&mut self, staking: lst_app::Address) {
        self.staking.set(Address::from(staking));
    }

    fn consensus_key(&self, pool: lst_app::Address) -> Vec<u8> {
        self.entries.getter(Address::from(pool)).consensus_key.get_bytes()
    }

    fn set_consensus_key(&mut self, pool: lst_app::Address, key: &[u8]) {
        self.entries.setter(Address::from(pool)).consensus_key.set_bytes(key);
    }

    fn network_addresses(&self, pool: lst_app::Address) -> Vec<u8> {
        self.entries.getter(Address::from(pool)).network_addresses.get_bytes()
    }

    fn fullnode_addresses(&self, pool: lst_app::Address) -> Vec<u8> {
        self.entries.getter(Address::from(pool)).fullnode_addresses.get_bytes()
    }

    fn set_network_addresses(&mut self, pool: lst_app::Address, network: &[u8], fullnode: &[u8]) {
        let mut entry = self.entries.setter(Address::from(pool));
        entry.network_addresses.set_bytes(network);
        entry.fullnode_addresses.set_bytes(fullnode);
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

    /// `pool`'s consensus key (empty until its operator sets it).
    pub fn consensus_key(&self, pool: Address) -> Bytes {
        app::Store::consensus_key(self, pool.into_array()).into()
    }

    /// `pool`'s validator network addresses (empty until set).
    pub fn network_addresses(&self, pool: Address) -> Bytes {
        app::Store::network_addresses(self, pool.into_array()).into()
    }

    /// `pool`'s full-node network addresses (empty until set).
    pub fn fullnode_addresses(&self, pool: Address) -> Bytes {
        app::Store::fullnode_addresses(self, pool.into_array()).into()
    }

    /// The staking contract whose pools this keeps.
    pub fn staking(&self) -> Address {
        self.staking.get()
    }
}

#[cfg(test)]
mod tests;
