//! The minimal runtime: System, Balances, Timestamp and Revive, configured
//! from the pallets' test presets (as ink!'s sandbox runtime is) with what
//! the suite needs on top:
//!
//! - `AccountId32` accounts with pallet-revive's `AccountId32Mapper`
//!   (Ethereum addresses map to `address ‖ 0xEE × 12`);
//! - a `u128` balance where one planck is one wei (`NativeToEthRatio = 1`),
//!   so `msg.value` and balances read the same as on an EVM chain;
//! - zero storage deposits (the Stylus local chain charges no fees either:
//!   balances move only by the value contracts move);
//! - the chain id per chain ([`ChainId`]), which the contracts' EIP-712
//!   domains read;
//! - real signed extrinsics (`MultiAddress` senders, `MultiSignature`, the
//!   usual transaction extensions), blocks of `u32` numbers and FRAME's
//!   executive, so `subxt`, polkadot.js and `ink_e2e` build and sign
//!   transactions from the metadata as for any pallet-revive chain. There
//!   is no transaction-payment pallet: an extrinsic costs nothing here.
#![allow(missing_docs, unreachable_pub)]

use frame_support::{
    construct_runtime, derive_impl, parameter_types,
    traits::{ConstU128, ConstU32, VariantCountOf},
    weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use sp_runtime::{
    generic,
    traits::{AccountIdLookup, BlakeTwo256},
    AccountId32, BuildStorage,
};
use sp_version::RuntimeVersion;

/// A block's header (`u32` numbers, blake2-256).
pub type Header = lst_substrate_chain::Header;
/// The transaction extensions, as the relay chain's (without fees and the
/// metadata hash).
pub type TxExtension = lst_substrate_chain::TxExtension<Runtime>;
/// A transaction as it is sent and stored.
pub type UncheckedExtrinsic = lst_substrate_chain::UncheckedExtrinsic<Runtime, RuntimeCall>;
/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Block production: FRAME's executive.
pub type Executive =
    frame_executive::Executive<Runtime, Block, frame_system::ChainContext<Runtime>, Runtime, AllPalletsWithSystem>;

extern crate alloc;

/// The runtime's version. The API list names the runtime calls the node
/// answers over `state_call` (see `crate::substrate`).
pub const VERSION: RuntimeVersion = RuntimeVersion {
    spec_name: alloc::borrow::Cow::Borrowed("lst-revive"),
    impl_name: alloc::borrow::Cow::Borrowed("lst-revive"),
    authoring_version: 1,
    spec_version: 1,
    impl_version: 1,
    apis: alloc::borrow::Cow::Borrowed(&crate::substrate::RUNTIME_APIS),
    transaction_version: 1,
    system_version: 1,
};

/// The least balance an account may hold (one planck).
pub const EXISTENTIAL_DEPOSIT: u128 = 1;

construct_runtime!(
    pub enum Runtime {
        System: frame_system,
        Balances: pallet_balances,
        Timestamp: pallet_timestamp,
        Revive: pallet_revive,
    }
);

parameter_types! {
    /// Two seconds of execution and 10 MiB of proof per block (as
    /// pallet-revive's own test runtime).
    pub BlockWeights: frame_system::limits::BlockWeights =
        frame_system::limits::BlockWeights::simple_max(Weight::from_parts(2 * WEIGHT_REF_TIME_PER_SECOND, 10 * 1024 * 1024));
    /// The chain id (`block.chainid`); set per chain, on its thread.
    pub static ChainId: u64 = 420_420_420;
    pub const Version: RuntimeVersion = VERSION;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
    type Block = Block;
    type BlockWeights = BlockWeights;
    type AccountId = AccountId32;
    type Lookup = AccountIdLookup<AccountId32, ()>;
    type Hash = sp_core::H256;
    type Hashing = BlakeTwo256;
    type Nonce = u32;
    type AccountData = pallet_balances::AccountData<u128>;
    type BlockHashCount = ConstU32<4096>;
    type Version = Version;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
    type Balance = u128;
    type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
    type AccountStore = System;
    type RuntimeFreezeReason = RuntimeFreezeReason;
    type FreezeIdentifier = RuntimeFreezeReason;
    type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Runtime {}

#[derive_impl(pallet_revive::config_preludes::TestDefaultConfig)]
impl pallet_revive::Config for Runtime {
    type Time = Timestamp;
    type Balance = u128;
    type Currency = Balances;
    type AddressMapper = pallet_revive::AccountId32Mapper<Self>;
    type DepositPerByte = ConstU128<0>;
    type DepositPerItem = ConstU128<0>;
    type DepositPerChildTrieItem = ConstU128<0>;
    type NativeToEthRatio = ConstU32<1>;
    type ChainId = ChainId;
    type UploadOrigin = frame_system::EnsureSigned<AccountId32>;
    type InstantiateOrigin = frame_system::EnsureSigned<AccountId32>;
}

/// Genesis state with `balances` funded (and the pallet's own account
/// holding the existential deposit).
pub fn genesis_storage(balances: Vec<(AccountId32, u128)>) -> Result<sp_core::storage::Storage, String> {
    let mut balances = balances;
    balances.push((pallet_revive::Pallet::<Runtime>::checking_account(), EXISTENTIAL_DEPOSIT));
    let genesis = RuntimeGenesisConfig {
        balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
        ..Default::default()
    };
    genesis.build_storage()
}
