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
//!   domains read.
#![allow(missing_docs, unreachable_pub)]

use frame_support::{
    construct_runtime, derive_impl, parameter_types,
    traits::{ConstU128, ConstU32, VariantCountOf},
    weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};

type Block = frame_system::mocking::MockBlock<Runtime>;

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
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
    type Block = Block;
    type BlockWeights = BlockWeights;
    type AccountId = AccountId32;
    type Lookup = IdentityLookup<AccountId32>;
    type AccountData = pallet_balances::AccountData<u128>;
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
/// holding the existential deposit), in test externalities.
pub fn new_externalities(balances: Vec<(AccountId32, u128)>) -> Result<sp_io::TestExternalities, String> {
    let mut balances = balances;
    balances.push((pallet_revive::Pallet::<Runtime>::checking_account(), EXISTENTIAL_DEPOSIT));
    let genesis = RuntimeGenesisConfig {
        balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
        ..Default::default()
    };
    let storage = genesis.build_storage()?;
    Ok(sp_io::TestExternalities::new(storage))
}
