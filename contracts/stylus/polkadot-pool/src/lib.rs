//! PolkadotPool: KSM and DOT are staked on the relay chains; this
//! contract mints their bonds (aKSMb, aDOTb) against claims the notary
//! signed, and burns them when a holder unstakes to a Polkadot account.
//!
//! - `claimBonds` mints `amount` bonds to `account` for a claim signed by
//!   the notary over EIP-712 typed data. The domain ("PolkadotPool", "1",
//!   chain id, this pool's address; OpenZeppelin's `Eip712`) binds the claim
//!   to one chain and one deployment. A claim id is used once (OpenZeppelin
//!   `BitMap`); a claim expires when `block.number > claimBeforeBlock`; the
//!   signature must be canonical (65 bytes, `v` 27/28, low `s`) and recover
//!   (the ecrecover precompile, `lst_stylus_common::interfaces::ecrecover`) to the notary. The
//!   rules are the core's `lst_core::claim::check_claim`.
//! - `isClaimValid` answers whether `claimBonds` would mint for that claim
//!   now (false while paused too), and never reverts.
//! - `burnBond` burns the caller's bonds (the shares worth `amount`, rounded
//!   up) for a recipient that is a raw 32-byte account id or an SS58 address
//!   of Polkadot, Kusama or generic Substrate (checksum verified).
//!
//! - Each bond has a mint limit (`lst_core::mint_limit`): at most
//!   `maxPerClaim` per claim and a bucket of `maxPerDay` that refills over
//!   24 hours. A claim over it is refused (`MintOverClaimLimit`,
//!   `MintOverDailyLimit`) and not used up; `isClaimValid` answers false.
//!
//! Roles: the owner (two-step) registers bonds with their limits, rotates
//! the notary, sets the limits and the operator and the pauser; the
//! operator may register bonds; the pauser stops claiming and burning.
//! A new notary and a higher limit are scheduled changes
//! ([`lst_stylus_common::timelock`]): they take effect when asked for again
//! after the delay fixed at deployment, and the owner or the pauser may
//! cancel them meanwhile. A lower limit is immediate.
//!
//! Every message is [`lst_app::polkadot_pool`]'s, where an auditor reads it
//! once for both platforms; this crate lays out the storage, declares the
//! ABI, keeps the ownership in OpenZeppelin's `Ownable2Step` and dispatches.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use lst_app::polkadot_pool::{self as app, ClaimCall};
use lst_core::claim::{self, EcRecover, Keccak256, Signature};
use lst_core::mint_limit::{self, MintLimit};
use lst_stylus_common::erc5267::Eip712Domain;
use lst_stylus_common::{timelock::Timelock, Failure};
use openzeppelin_stylus::{
    access::ownable_two_step::{IOwnable2Step, Ownable2Step},
    utils::{cryptography::eip712::IEip712, pausable::IPausable, structs::bitmap::BitMap},
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256},
};

lst_stylus_common::sol_abi! {
    #[derive(Debug, PartialEq, Eq)]
    event TokensClaimed(
        address indexed token,
        uint256 indexed claimId,
        uint256 amount,
        uint256 claimBeforeBlock,
        address indexed account
    );
    #[derive(Debug, PartialEq, Eq)]
    event TokensBurned(address indexed token, address indexed account, bytes recipient, uint256 amount, uint256 shares);
    #[derive(Debug, PartialEq, Eq)]
    event BondRegistered(address indexed bond);
    #[derive(Debug, PartialEq, Eq)]
    event NotaryChanged(address indexed previousNotary, address indexed newNotary);
    #[derive(Debug, PartialEq, Eq)]
    event OperatorChanged(address indexed previousOperator, address indexed newOperator);
    #[derive(Debug, PartialEq, Eq)]
    event PauserChanged(address indexed previousPauser, address indexed newPauser);
    #[derive(Debug, PartialEq, Eq)]
    event MintLimitChanged(address indexed bond, uint256 maxPerClaim, uint256 maxPerDay);

    #[derive(Debug, PartialEq, Eq)]
    error UnknownBond(address bond);
    #[derive(Debug, PartialEq, Eq)]
    error BondAlreadyRegistered(address bond);
    #[derive(Debug, PartialEq, Eq)]
    error BondPoolMismatch(address bond, address bondPool);
}

/// Every way a call to the pool fails: the app layer's refusal.
pub type Error = Failure;

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::POLKADOT_POOL;

/// The EIP-712 domain claims are signed under: "PolkadotPool", "1" (for
/// `eip712Domain()`; the separator is the app layer's).
#[storage]
pub struct ClaimDomain;

impl IEip712 for ClaimDomain {
    const NAME: &'static str = claim::DOMAIN_NAME;
    const VERSION: &'static str = claim::DOMAIN_VERSION;
}

/// The pool's state.
///
/// Nested structs and maps come before the packed words (stylus-sdk 0.9
/// miscounts slots when a nested struct follows a partly filled slot; see
/// `lst_stylus_common::gate::MintGate`).
#[entrypoint]
#[storage]
pub struct PolkadotPool {
    changes: Timelock,
    ownable: Ownable2Step,
    used_claims: BitMap,
    bonds: StorageMap<Address, StorageBool>,
    limits: StorageMap<Address, StorageU256>,
    buckets: StorageMap<Address, StorageU256>,
    notary: StorageAddress,
    operator: StorageAddress,
    pauser: StorageAddress,
    paused: StorageBool,
}

lst_stylus_common::app_host!(PolkadotPool);

impl lst_app::Owned for PolkadotPool {
    fn owner(&self) -> lst_app::Address {
        self.ownable.owner().into_array()
    }
}

lst_app::store_in!(timelock: PolkadotPool, changes);

lst_stylus_common::pause_fields!(PolkadotPool);

impl Keccak256 for PolkadotPool {
    fn keccak256(&self, data: &[u8]) -> [u8; 32] {
        alloy_primitives::keccak256(data).0
    }
}

impl EcRecover for PolkadotPool {
    fn ecrecover(&self, digest: &[u8; 32], signature: &Signature) -> Option<lst_core::Address> {
        let (hash, r, s) = (B256::from(*digest), B256::from(signature.r), B256::from(signature.s));
        lst_stylus_common::interfaces::ecrecover(self.vm(), hash, signature.v, r, s).map(Address::into_array)
    }
}

impl lst_app::permit::Signatures for PolkadotPool {
    fn chain_id(&self) -> u64 {
        self.vm().chain_id()
    }
}

impl lst_app::operator::Store for PolkadotPool {
    fn operator(&self) -> lst_app::Address {
        self.operator.get().into_array()
    }

    fn set_operator(&mut self, operator: lst_app::Address) {
        self.operator.set(Address::from(operator));
    }
}

impl app::Store for PolkadotPool {
    fn bond_limit(&self, bond: lst_app::Address) -> Option<MintLimit> {
        let bond = Address::from(bond);
        if !self.bonds.get(bond) {
            return None;
        }
        let (limits, bucket) = (self.limits.get(bond), self.buckets.get(bond));
        let low = |word: U256, bits: usize| word & ((U256::from(1u8) << bits) - U256::from(1u8));
        Some(MintLimit {
            per_claim: limits >> 128,
            per_day: low(limits, 128),
            available: bucket >> 64,
            updated_at: low(bucket, 64).to::<u64>(),
        })
    }

    fn set_bond_limit(&mut self, bond: lst_app::Address, limit: &MintLimit) {
        let bond = Address::from(bond);
        self.bonds.setter(bond).set(true);
        self.limits.setter(bond).set(mint_limit::pack(limit.per_claim, limit.per_day));
        self.buckets.setter(bond).set((limit.available << 64) | U256::from(limit.updated_at));
    }

    fn claim_used(&self, id: U256) -> bool {
        self.used_claims.get(id)
    }

    fn use_claim(&mut self, id: U256) {
        self.used_claims.set(id);
    }

    fn notary(&self) -> lst_app::Address {
        self.notary.get().into_array()
    }

    fn set_notary(&mut self, notary: lst_app::Address) {
        self.notary.set(Address::from(notary));
    }
}

/// One claim's fields as the app layer takes them.
fn claim_call(bond: Address, claim_id: U256, amount: U256, claim_before_block: U256, account: Address) -> ClaimCall {
    ClaimCall { bond: bond.into_array(), claim_id, amount, claim_before_block, account: account.into_array() }
}

/// The ABI entry points: each runs the message of
/// [`lst_app::polkadot_pool`] (ownership OpenZeppelin's).
#[public]
#[implements(IOwnable2Step<Error = Error>, IPausable)]
impl PolkadotPool {
    /// Makes `admin` the owner, operator and pauser (see
    /// [`lst_app::polkadot_pool::init`]).
    #[constructor]
    pub fn constructor(&mut self, admin: Address, notary: Address, change_delay_secs: u64) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        Ok(app::init(self, admin.into_array(), notary.into_array(), change_delay_secs)?)
    }

    /// See [`lst_app::polkadot_pool::claim_bonds`].
    pub fn claim_bonds(
        &mut self,
        bond: Address,
        claim_id: U256,
        amount: U256,
        claim_before_block: U256,
        account: Address,
        signature: Bytes,
    ) -> Result<(), Error> {
        let call = claim_call(bond, claim_id, amount, claim_before_block, account);
        Ok(app::claim_bonds(self, call, &signature)?)
    }

    /// See [`lst_app::polkadot_pool::is_claim_valid`].
    pub fn is_claim_valid(
        &self,
        token: Address,
        claim_id: U256,
        claim_before_block: U256,
        amount: U256,
        to: Address,
        signature: Bytes,
    ) -> bool {
        app::is_claim_valid(self, &claim_call(token, claim_id, amount, claim_before_block, to), &signature)
    }

    /// Whether claim `claim_id` was used.
    pub fn is_claim_used(&self, claim_id: U256) -> bool {
        self.used_claims.get(claim_id)
    }

    /// See [`lst_app::polkadot_pool::burn_bond`].
    pub fn burn_bond(&mut self, bond: Address, amount: U256, polkadot_recipient: Bytes) -> Result<(), Error> {
        Ok(app::burn_bond(self, bond.into_array(), amount, &polkadot_recipient)?)
    }

    /// See [`lst_app::polkadot_pool::register_bond`].
    pub fn register_bond(&mut self, bond: Address, max_per_claim: U256, max_per_day: U256) -> Result<(), Error> {
        Ok(app::register_bond(self, bond.into_array(), max_per_claim, max_per_day)?)
    }

    /// See [`lst_app::polkadot_pool::set_mint_limit`].
    pub fn set_mint_limit(&mut self, bond: Address, max_per_claim: U256, max_per_day: U256) -> Result<(), Error> {
        Ok(app::set_mint_limit(self, bond.into_array(), max_per_claim, max_per_day)?)
    }

    /// See [`lst_app::polkadot_pool::mint_limit`].
    pub fn mint_limit(&self, bond: Address) -> (U256, U256, U256) {
        app::mint_limit(self, bond.into_array())
    }

    /// See [`lst_app::polkadot_pool::set_notary`].
    pub fn set_notary(&mut self, notary: Address) -> Result<(), Error> {
        Ok(app::set_notary(self, notary.into_array())?)
    }

    /// How long a scheduled change waits, in seconds.
    pub fn change_delay(&self) -> U256 {
        U256::from(self.changes.delay())
    }

    /// `(value, executableAt)` of the change waiting for `key`.
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        let (value, at) = lst_app::timelock::pending(self, key.0);
        (B256::from(value), at)
    }

    /// See [`lst_app::timelock::cancel_change_by_owner_or_pauser`].
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Error> {
        Ok(lst_app::timelock::cancel_change_by_owner_or_pauser(self, key.0)?)
    }

    /// See [`lst_app::operator::set_operator`].
    pub fn set_operator(&mut self, operator: Address) -> Result<(), Error> {
        Ok(lst_app::operator::set_operator(self, operator.into_array())?)
    }

    /// See [`lst_app::pausable::set_pauser_non_zero`].
    pub fn set_pauser(&mut self, pauser: Address) -> Result<(), Error> {
        Ok(lst_app::pausable::set_pauser_non_zero(self, pauser.into_array())?)
    }

    /// See [`lst_app::pausable::pause`].
    pub fn pause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::pause(self)?)
    }

    /// See [`lst_app::pausable::unpause`].
    pub fn unpause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::unpause(self)?)
    }

    /// Whether `bond` is registered.
    pub fn is_bond_registered(&self, bond: Address) -> bool {
        self.bonds.get(bond)
    }

    /// The account whose signature mints.
    pub fn notary(&self) -> Address {
        self.notary.get()
    }

    /// The account that may register bonds.
    pub fn operator(&self) -> Address {
        self.operator.get()
    }

    /// The account that may pause.
    pub fn pauser(&self) -> Address {
        self.pauser.get()
    }

    /// See [`lst_app::polkadot_pool::domain_separator`].
    pub fn domain_separator(&self) -> B256 {
        B256::from(app::domain_separator(self))
    }

    /// ERC-5267: the domain claims are signed under.
    #[selector(name = "eip712Domain")]
    pub fn eip712_domain(&self) -> Eip712Domain {
        Eip712Domain::of::<ClaimDomain>()
    }
}

#[public]
impl IPausable for PolkadotPool {
    fn paused(&self) -> bool {
        self.paused.get()
    }
}

lst_stylus_common::public_ownable2step!(PolkadotPool, ownable);

#[cfg(test)]
mod tests;
