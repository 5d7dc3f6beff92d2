//! ValidatorConfig, for ink! 6 on pallet-revive, with the Solidity ABI of
//! `abi/ValidatorConfig.json`: the validators' node data beside a `Staking`
//! contract. Every message is `lst_app::validator_config`'s, where an
//! auditor reads it once for both platforms; this crate lays out the
//! storage, declares the ABI (messages, events, errors) and dispatches to
//! it.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

// Its own errors, and those of `Staking` it passes on.
lst_ink_common::register_errors!(
    core: lst_core::error::raised::VALIDATOR_CONFIG, passes lst_core::error::raised::STAKING;
    Unauthorized, AlreadySet, ZeroAddress, CallReturnMalformed, TransferFailed
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[ink::contract]
mod validator_config {
    use ink::{prelude::vec::Vec, sol::DynBytes, storage::Mapping};
    use lst_app::validator_config as app;
    use lst_ink_common::Failure;

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

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

    lst_ink_common::app_host!(ValidatorConfig);

    impl ValidatorConfig {
        fn entry(&self, pool: lst_app::Address) -> Entry {
            self.entries.get(Address::from(pool)).unwrap_or_default()
        }
    }

    impl app::Store for ValidatorConfig {
        fn staking(&self) -> lst_app::Address {
            self.staking.0
        }

        fn set_staking(&mut self, staking: lst_app::Address) {
            self.staking = Address::from(staking);
        }

        fn consensus_key(&self, pool: lst_app::Address) -> Vec<u8> {
            self.entry(pool).0
        }

        fn set_consensus_key(&mut self, pool: lst_app::Address, key: &[u8]) {
            let (_, network, fullnode) = self.entry(pool);
            self.entries.insert(Address::from(pool), &(key.to_vec(), network, fullnode));
        }

        fn network_addresses(&self, pool: lst_app::Address) -> Vec<u8> {
            self.entry(pool).1
        }

        fn fullnode_addresses(&self, pool: lst_app::Address) -> Vec<u8> {
            self.entry(pool).2
        }

        fn set_network_addresses(&mut self, pool: lst_app::Address, network: &[u8], fullnode: &[u8]) {
            let (key, _, _) = self.entry(pool);
            self.entries.insert(Address::from(pool), &(key, network.to_vec(), fullnode.to_vec()));
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::validator_config`.
    impl ValidatorConfig {
        /// See `lst_app::validator_config::init`.
        #[ink(constructor)]
        pub fn new(staking: Address) -> Self {
            let mut this = Self { staking, entries: Mapping::default() };
            app::init(&mut this, staking.0);
            this
        }

        /// See `lst_app::validator_config::set_consensus_key`.
        #[ink(message, name = "setConsensusKey")]
        #[allow(non_snake_case)]
        pub fn set_consensus_key(&mut self, pool: Address, consensusKey: DynBytes) -> Result<()> {
            Ok(app::set_consensus_key(self, pool.0, consensusKey.0)?)
        }

        /// See `lst_app::validator_config::set_network_addresses`.
        #[ink(message, name = "setNetworkAddresses")]
        #[allow(non_snake_case)]
        pub fn set_network_addresses(
            &mut self,
            pool: Address,
            networkAddresses: DynBytes,
            fullnodeAddresses: DynBytes,
        ) -> Result<()> {
            Ok(app::set_network_addresses(self, pool.0, networkAddresses.0, fullnodeAddresses.0)?)
        }

        /// `pool`'s consensus key (empty until its operator sets it).
        #[ink(message, name = "consensusKey")]
        pub fn consensus_key(&self, pool: Address) -> DynBytes {
            DynBytes(self.entry(pool.0).0)
        }

        /// `pool`'s validator network addresses (empty until set).
        #[ink(message, name = "networkAddresses")]
        pub fn network_addresses(&self, pool: Address) -> DynBytes {
            DynBytes(self.entry(pool.0).1)
        }

        /// `pool`'s full-node network addresses (empty until set).
        #[ink(message, name = "fullnodeAddresses")]
        pub fn fullnode_addresses(&self, pool: Address) -> DynBytes {
            DynBytes(self.entry(pool.0).2)
        }

        /// The staking contract whose pools this keeps.
        #[ink(message)]
        pub fn staking(&self) -> Address {
            self.staking
        }
    }
}

#[cfg(test)]
mod tests;
