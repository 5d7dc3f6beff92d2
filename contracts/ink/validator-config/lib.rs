//! ValidatorConfig, for ink! 6 on pallet-revive, with the Solidity ABI of
//! `abi/ValidatorConfig.json`: what the node software needs of each
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
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

// Its own errors, and those of `Staking` it passes on.
lst_ink_common::register_errors!(
    core: lst_core::error::raised::VALIDATOR_CONFIG, passes lst_core::error::raised::STAKING;
    Unauthorized, AlreadySet, ZeroAddress, CallReturnMalformed, TransferFailed
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[ink::contract]
mod validator_config {
    use ink::{prelude::vec::Vec, sol::DynBytes, storage::Mapping};
    use lst_core::validator::{authorize, Roles, StakeAction};
    use lst_ink_common::{address_bytes, caller, calls, emit, Result};

    /// The operator rotated `pool`'s consensus key.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct ConsensusKeyRotated {
        #[ink(topic)]
        pub pool: Address,
        pub consensusKey: DynBytes,
    }

    /// The operator changed `pool`'s validator and full-node network addresses.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct NetworkAddressesUpdated {
        #[ink(topic)]
        pub pool: Address,
        pub networkAddresses: DynBytes,
        pub fullnodeAddresses: DynBytes,
    }

    /// A pool's (consensus key, network addresses, full-node addresses).
    type Entry = (Vec<u8>, Vec<u8>, Vec<u8>);

    /// The node data of every pool of one staking contract.
    #[ink(storage)]
    pub struct ValidatorConfig {
        staking: Address,
        entries: Mapping<Address, Entry>,
    }

    impl ValidatorConfig {
        /// Keeps the node data of the pools of `staking`.
        #[ink(constructor)]
        pub fn new(staking: Address) -> Self {
            Self { staking, entries: Mapping::default() }
        }

        /// Operator: rotates `pool`'s consensus key.
        #[ink(message, name = "setConsensusKey")]
        #[allow(non_snake_case)]
        pub fn set_consensus_key(&mut self, pool: Address, consensusKey: DynBytes) -> Result<()> {
            let (_, network, fullnode) = self.operated_entry(pool)?;
            self.entries.insert(pool, &(consensusKey.0.clone(), network, fullnode));
            emit(ConsensusKeyRotated { pool, consensusKey });
            Ok(())
        }

        /// Operator: sets `pool`'s validator and full-node network addresses.
        #[ink(message, name = "setNetworkAddresses")]
        #[allow(non_snake_case)]
        pub fn set_network_addresses(
            &mut self,
            pool: Address,
            networkAddresses: DynBytes,
            fullnodeAddresses: DynBytes,
        ) -> Result<()> {
            let (key, _, _) = self.operated_entry(pool)?;
            self.entries.insert(pool, &(key, networkAddresses.0.clone(), fullnodeAddresses.0.clone()));
            emit(NetworkAddressesUpdated { pool, networkAddresses, fullnodeAddresses });
            Ok(())
        }

        /// `pool`'s consensus key (empty until its operator sets it).
        #[ink(message, name = "consensusKey")]
        pub fn consensus_key(&self, pool: Address) -> DynBytes {
            DynBytes(self.entries.get(pool).unwrap_or_default().0)
        }

        /// `pool`'s validator network addresses (empty until set).
        #[ink(message, name = "networkAddresses")]
        pub fn network_addresses(&self, pool: Address) -> DynBytes {
            DynBytes(self.entries.get(pool).unwrap_or_default().1)
        }

        /// `pool`'s full-node network addresses (empty until set).
        #[ink(message, name = "fullnodeAddresses")]
        pub fn fullnode_addresses(&self, pool: Address) -> DynBytes {
            DynBytes(self.entries.get(pool).unwrap_or_default().2)
        }

        /// The staking contract whose pools this keeps.
        #[ink(message)]
        pub fn staking(&self) -> Address {
            self.staking
        }

        /// `pool`'s entry, once the caller is checked to be its operator
        /// (`StakeUnauthorized`; `StakePoolNotFound` from `Staking`).
        fn operated_entry(&self, pool: Address) -> Result<Entry> {
            let operator = calls::stake_pool_operator(self.staking, pool)?;
            // The owner is not consulted: node keys are the operator's alone.
            let roles = Roles { owner: [0; 20], operator: address_bytes(operator), voter: [0; 20] };
            authorize(StakeAction::UpdateNodeKeys, &address_bytes(caller()), &roles)?;
            Ok(self.entries.get(pool).unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests;
