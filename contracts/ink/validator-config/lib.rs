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
pub mod validator_config {
    use ink::{
        prelude::vec::Vec,
        sol::{DynBytes, SolDecode, SolEncode, SolResultEncode},
        storage::Mapping,
    };
    use lst_app::validator_config::{self as app, NodeConfig, Pending};
    use lst_ink_common::Failure;

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// The operator rotated `pool`'s consensus key, in force from
    /// `effectiveEpoch`.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct ConsensusKeyRotated {
        #[ink(topic)]
        pub pool: Address,
        #[ink(topic)]
        pub effectiveEpoch: u64,
        pub consensusKey: DynBytes,
    }

    /// The operator changed `pool`'s validator and full-node network
    /// addresses, in force from `effectiveEpoch`.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct NetworkAddressesUpdated {
        #[ink(topic)]
        pub pool: Address,
        #[ink(topic)]
        pub effectiveEpoch: u64,
        pub networkAddresses: DynBytes,
        pub fullnodeAddresses: DynBytes,
    }

    /// A node config as stored: (consensus key, network addresses, full-node
    /// addresses).
    type Stored = (Vec<u8>, Vec<u8>, Vec<u8>);

    fn stored(config: &NodeConfig) -> Stored {
        (config.consensus_key.clone(), config.network_addresses.clone(), config.fullnode_addresses.clone())
    }

    fn read((consensus_key, network_addresses, fullnode_addresses): Stored) -> NodeConfig {
        NodeConfig { consensus_key, network_addresses, fullnode_addresses }
    }

    /// `pendingConfig(pool)`'s four values: (consensus key, network
    /// addresses, full-node addresses, effective epoch).
    pub type PendingValues = (DynBytes, DynBytes, DynBytes, u64);

    /// What `pendingConfig(pool)` returns, ABI-encoded as a parameter list
    /// (three `bytes` and a `uint64`): ink! 6.0.0-beta.1 encodes a returned
    /// tuple with a dynamic member as one value, with a leading offset word
    /// and one `tuple` output, which Solidity callers would misread (see
    /// `lst_ink_common::erc5267`).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct PendingConfig(pub PendingValues);

    impl<'a> SolResultEncode<'a> for PendingConfig {
        type SolType = <PendingValues as SolEncode<'a>>::SolType;

        /// The outputs' types without the enclosing parentheses:
        /// cargo-contract writes `returns (<SOL_NAME>)`, four outputs.
        const SOL_NAME: &'static str = "bytes,bytes,bytes,uint64";

        fn encode(&'a self) -> Vec<u8> {
            ink::sol::encode_sequence(&self.0)
        }
    }

    /// Decodes the return data as a parameter list (what a contract calling
    /// `pendingConfig` through ink!'s call builder reads).
    impl SolDecode for PendingConfig {
        type SolType = <PendingValues as SolDecode>::SolType;

        fn decode(data: &[u8]) -> core::result::Result<Self, ink::sol::Error> {
            ink::sol::decode_sequence::<PendingValues>(data).map(Self)
        }

        fn from_sol_type(value: Self::SolType) -> core::result::Result<Self, ink::sol::Error> {
            PendingValues::from_sol_type(value).map(Self)
        }
    }

    /// The node data of every pool of one staking contract, the config in
    /// force and the waiting change in cells of their own (pallet-revive
    /// refuses values over 416 bytes).
    #[ink(storage)]
    pub struct ValidatorConfig {
        staking: Address,
        active: Mapping<Address, Stored>,
        /// The waiting change and the epoch it is in force from.
        pending: Mapping<Address, (u64, Stored)>,
    }

    lst_ink_common::app_host!(ValidatorConfig);

    impl app::Store for ValidatorConfig {
        fn staking(&self) -> lst_app::Address {
            self.staking.0
        }

        fn set_staking(&mut self, staking: lst_app::Address) {
            self.staking = Address::from(staking);
        }

        fn active(&self, pool: lst_app::Address) -> NodeConfig {
            read(self.active.get(Address::from(pool)).unwrap_or_default())
        }

        fn set_active(&mut self, pool: lst_app::Address, config: &NodeConfig) {
            self.active.insert(Address::from(pool), &stored(config));
        }

        fn pending(&self, pool: lst_app::Address) -> Option<Pending> {
            let (effective_epoch, config) = self.pending.get(Address::from(pool))?;
            Some(Pending { effective_epoch, config: read(config) })
        }

        fn set_pending(&mut self, pool: lst_app::Address, pending: Option<&Pending>) {
            match pending {
                Some(p) => {
                    self.pending.insert(Address::from(pool), &(p.effective_epoch, stored(&p.config)));
                }
                None => self.pending.remove(Address::from(pool)),
            }
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::validator_config`.
    impl ValidatorConfig {
        /// See `lst_app::validator_config::init`.
        #[ink(constructor)]
        pub fn new(staking: Address) -> Self {
            let mut this = Self { staking, active: Mapping::default(), pending: Mapping::default() };
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

        /// `pool`'s consensus key in force (empty until set; see
        /// `lst_app::validator_config::config`).
        #[ink(message, name = "consensusKey")]
        pub fn consensus_key(&self, pool: Address) -> Result<DynBytes> {
            Ok(DynBytes(app::config(self, pool.0)?.consensus_key))
        }

        /// `pool`'s validator network addresses in force (empty until set).
        #[ink(message, name = "networkAddresses")]
        pub fn network_addresses(&self, pool: Address) -> Result<DynBytes> {
            Ok(DynBytes(app::config(self, pool.0)?.network_addresses))
        }

        /// `pool`'s full-node network addresses in force (empty until set).
        #[ink(message, name = "fullnodeAddresses")]
        pub fn fullnode_addresses(&self, pool: Address) -> Result<DynBytes> {
            Ok(DynBytes(app::config(self, pool.0)?.fullnode_addresses))
        }

        /// See `lst_app::validator_config::pending_config`: (consensus key,
        /// network addresses, full-node addresses, the epoch they are in
        /// force from); empty and 0 before the first change.
        #[ink(message, name = "pendingConfig")]
        pub fn pending_config(&self, pool: Address) -> PendingConfig {
            let Pending { effective_epoch, config } = app::pending_config(self, pool.0).unwrap_or_default();
            PendingConfig((
                DynBytes(config.consensus_key),
                DynBytes(config.network_addresses),
                DynBytes(config.fullnode_addresses),
                effective_epoch,
            ))
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
