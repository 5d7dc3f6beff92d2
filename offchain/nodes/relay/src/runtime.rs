//! The relay chain's runtime: FRAME's System, Timestamp, Balances,
//! Authorship, Staking, Session (+ Historical), with an on-chain
//! sequential-Phragmén election — the pallets a Kusama or Polkadot staker
//! talks to, configured by [`ChainParams`](crate::ChainParams) through the
//! `static` parameters below (set on the chain's thread before genesis).
//!
//! Transactions are real signed extrinsics: `MultiAddress` senders,
//! `MultiSignature` (sr25519, ed25519, ecdsa), and the usual transaction
//! extensions (spec and transaction version, genesis, mortality, nonce,
//! weight), so `subxt` and polkadot.js build and sign them from the
//! metadata as they would for Kusama. There is no transaction-payment
//! pallet: a transaction costs nothing on this chain (the off-chain tools
//! still keep a margin, as on a live chain).
#![allow(missing_docs, unreachable_pub)]

use frame_election_provider_support::{bounds::ElectionBoundsBuilder, onchain, SequentialPhragmen};
use frame_support::traits::OneSessionHandler;
use frame_support::{
    construct_runtime, derive_impl, parameter_types,
    traits::{ConstBool, ConstU32, ConstU64, FindAuthor, VariantCountOf},
    weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use pallet_session::PeriodicSessions;
use sp_runtime::{
    generic, impl_opaque_keys,
    testing::UintAuthorityId,
    traits::{AccountIdLookup, BlakeTwo256},
    AccountId32, Perbill,
};
use sp_staking::{EraIndex, SessionIndex};
use sp_version::RuntimeVersion;

/// An account: 32 bytes, as on Kusama and Polkadot.
pub type AccountId = AccountId32;
/// Planck (KSM has 12 decimals, DOT 10).
pub type Balance = u128;
/// Block numbers are `u32`, as on the relay chains.
pub type BlockNumber = u32;
/// A block's header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// The transaction extensions, in the order the relay chains list them
/// (without fees and the metadata hash).
pub type TxExtension = lst_substrate_chain::TxExtension<Runtime>;
/// A transaction as it is sent and stored.
pub type UncheckedExtrinsic = lst_substrate_chain::UncheckedExtrinsic<Runtime, RuntimeCall>;
/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Block production: initialise, apply, finalise — FRAME's executive.
pub type Executive =
    frame_executive::Executive<Runtime, Block, frame_system::ChainContext<Runtime>, Runtime, AllPalletsWithSystem>;

construct_runtime!(
    pub enum Runtime {
        System: frame_system,
        Timestamp: pallet_timestamp,
        Balances: pallet_balances,
        Authorship: pallet_authorship,
        Staking: pallet_staking,
        Session: pallet_session,
        Historical: pallet_session::historical,
    }
);

/// The runtime's version. `spec_name` is our own (polkadot.js applies no
/// chain-specific type overrides to it); the API list names the runtime
/// calls the node answers over `state_call` (see `crate::rpc`).
pub const VERSION: RuntimeVersion = RuntimeVersion {
    spec_name: alloc::borrow::Cow::Borrowed("lst-relay"),
    impl_name: alloc::borrow::Cow::Borrowed("lst-relay"),
    authoring_version: 1,
    spec_version: 1,
    impl_version: 1,
    apis: alloc::borrow::Cow::Borrowed(&crate::RUNTIME_APIS),
    transaction_version: 1,
    system_version: 1,
};

extern crate alloc;

parameter_types! {
    /// Two seconds of execution per block (as the relay chains).
    pub BlockWeights: frame_system::limits::BlockWeights =
        frame_system::limits::BlockWeights::simple_max(Weight::from_parts(2 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX));
    pub const Version: RuntimeVersion = VERSION;
    /// The SS58 prefix: 2 Kusama, 0 Polkadot.
    pub static SS58Prefix: u16 = 2;
    /// The least balance an account may hold.
    pub static ExistentialDeposit: Balance = 333_333_333;
    /// Blocks per session.
    pub static SessionBlocks: BlockNumber = 10;
    /// Sessions per era.
    pub static SessionsPerEra: SessionIndex = 1;
    /// Eras an unbonded amount stays locked (Kusama: 28 eras of 6 hours;
    /// Polkadot: 28 eras of a day; a few eras locally).
    pub static BondingDuration: EraIndex = 2;
    /// Yearly issuance paid to stakers, parts per billion of the total
    /// issuance.
    pub static YearlyInflation: Perbill = Perbill::from_percent(10);
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
    type Block = Block;
    type BlockWeights = BlockWeights;
    type AccountId = AccountId;
    type Lookup = AccountIdLookup<AccountId, ()>;
    type Hash = sp_core::H256;
    type Hashing = BlakeTwo256;
    type Nonce = u32;
    type AccountData = pallet_balances::AccountData<Balance>;
    type BlockHashCount = ConstU32<4096>;
    type Version = Version;
    type SS58Prefix = SS58Prefix;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Runtime {
    type MinimumPeriod = ConstU64<0>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
    type Balance = Balance;
    type ExistentialDeposit = ExistentialDeposit;
    type AccountStore = System;
    type MaxLocks = ConstU32<64>;
    type RuntimeFreezeReason = RuntimeFreezeReason;
    type FreezeIdentifier = RuntimeFreezeReason;
    type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

/// Blocks are authored by the session's validators in turn (block `n` by
/// validator `n mod count`): staking's era points then reward each
/// validator for its share of the era's blocks, as BABE's slots would.
pub struct RoundRobinAuthor;
impl FindAuthor<AccountId> for RoundRobinAuthor {
    fn find_author<'a, I>(_digests: I) -> Option<AccountId>
    where
        I: 'a + IntoIterator<Item = (frame_support::ConsensusEngineId, &'a [u8])>,
    {
        let validators = Session::validators();
        let count = validators.len();
        (count > 0).then(|| validators[System::block_number() as usize % count].clone())
    }
}

impl pallet_authorship::Config for Runtime {
    type FindAuthor = RoundRobinAuthor;
    type EventHandler = Staking;
}

/// The validators' session key: a placeholder authority id (no consensus
/// engine runs here; blocks are sealed by the node).
pub struct DevSessionKey;
impl sp_runtime::BoundToRuntimeAppPublic for DevSessionKey {
    type Public = UintAuthorityId;
}
impl OneSessionHandler<AccountId> for DevSessionKey {
    type Key = UintAuthorityId;
    fn on_genesis_session<'a, I>(_: I)
    where
        I: 'a + Iterator<Item = (&'a AccountId, Self::Key)>,
    {
    }
    fn on_new_session<'a, I>(_: bool, _: I, _: I)
    where
        I: 'a + Iterator<Item = (&'a AccountId, Self::Key)>,
    {
    }
    fn on_disabled(_: u32) {}
}

impl_opaque_keys! {
    pub struct SessionKeys {
        pub dev: DevSessionKey,
    }
}

/// Sessions begin every [`SessionBlocks`] blocks.
pub type Sessions = PeriodicSessions<SessionBlocks, ConstU32<0>>;

impl pallet_session::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type ValidatorId = AccountId;
    type ValidatorIdOf = sp_runtime::traits::ConvertInto;
    type ShouldEndSession = Sessions;
    type NextSessionRotation = Sessions;
    type SessionManager = pallet_session::historical::NoteHistoricalRoot<Runtime, Staking>;
    type SessionHandler = (DevSessionKey,);
    type Keys = SessionKeys;
    type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy<3>;
    type WeightInfo = ();
    type Currency = Balances;
    type KeyDeposit = ();
}

impl pallet_session::historical::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type FullIdentification = ();
    type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

parameter_types! {
    pub ElectionBounds: frame_election_provider_support::bounds::ElectionBounds =
        ElectionBoundsBuilder::default().build();
}

/// The election: sequential Phragmén over all nominators and validators,
/// run in the block that plans the next era.
pub struct OnChainElection;
impl onchain::Config for OnChainElection {
    type System = Runtime;
    type Solver = SequentialPhragmen<AccountId, Perbill>;
    type DataProvider = Staking;
    type WeightInfo = ();
    type MaxBackersPerWinner = ConstU32<512>;
    type MaxWinnersPerPage = ConstU32<100>;
    type Bounds = ElectionBounds;
    type Sort = ConstBool<true>;
}

/// Stakers are paid [`YearlyInflation`] of the total issuance a year, pro
/// rata to the era's length; nothing goes elsewhere.
pub struct FixedInflation;
impl sp_staking::EraPayout<Balance> for FixedInflation {
    fn era_payout(_total_staked: Balance, total_issuance: Balance, era_duration_millis: u64) -> (Balance, Balance) {
        const YEAR_MILLIS: u128 = 365_250 * 24 * 3_600;
        let yearly = YearlyInflation::get() * total_issuance;
        let payout = yearly.saturating_mul(u128::from(era_duration_millis)) / YEAR_MILLIS;
        (payout, 0)
    }
}

#[derive_impl(pallet_staking::config_preludes::TestDefaultConfig)]
impl pallet_staking::Config for Runtime {
    type OldCurrency = Balances;
    type Currency = Balances;
    type UnixTime = Timestamp;
    type SessionsPerEra = SessionsPerEra;
    type BondingDuration = BondingDuration;
    type AdminOrigin = frame_system::EnsureRoot<AccountId>;
    type SessionInterface = Self;
    type EraPayout = FixedInflation;
    type NextNewSession = Session;
    type ElectionProvider = onchain::OnChainExecution<OnChainElection>;
    type GenesisElectionProvider = Self::ElectionProvider;
    type VoterList = pallet_staking::UseNominatorsAndValidatorsMap<Self>;
    type TargetList = pallet_staking::UseValidatorsMap<Self>;
}
