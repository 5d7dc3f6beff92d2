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
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use lst_core::{
    claim::{self, Claim, ClaimContext, EcRecover, Keccak256, Signature},
    math,
    mint_limit::{self, MintLimit},
    ss58, CoreError,
};
use lst_stylus_common::erc5267::Eip712Domain;
use lst_stylus_common::{
    interfaces::IBondToken,
    timelock::{self, Timelock},
    Unauthorized, ZeroAddress,
};
use openzeppelin_stylus::{
    access::{
        ownable,
        ownable_two_step::{IOwnable2Step, Ownable2Step},
    },
    utils::{
        cryptography::eip712::IEip712,
        pausable::{self, IPausable, Pausable},
        structs::bitmap::BitMap,
    },
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256},
};

/// The setters whose selectors name their scheduled changes.
mod setters {
    #![allow(missing_docs)]
    alloy_sol_types::sol! {
        function setNotary(address notary);
        function setMintLimit(address bond, uint256 maxPerClaim, uint256 maxPerDay);
    }
}

lst_stylus_common::sol_abi! {
    /// Bonds were minted for a notarised claim.
    #[derive(Debug, PartialEq, Eq)]
    event TokensClaimed(
        address indexed token,
        uint256 indexed claimId,
        uint256 amount,
        uint256 claimBeforeBlock,
        address indexed account
    );
    /// Bonds were burned to be paid out on the relay chain to `recipient`
    /// (a 32-byte account id or SS58 text, as given).
    #[derive(Debug, PartialEq, Eq)]
    event TokensBurned(address indexed token, address indexed account, bytes recipient, uint256 amount, uint256 shares);
    /// A bond token (aKSMb, aDOTb) may now be claimed and burned here.
    #[derive(Debug, PartialEq, Eq)]
    event BondRegistered(address indexed bond);
    /// The key that signs claims changed.
    #[derive(Debug, PartialEq, Eq)]
    event NotaryChanged(address indexed previousNotary, address indexed newNotary);
    /// The operator changed.
    #[derive(Debug, PartialEq, Eq)]
    event OperatorChanged(address indexed previousOperator, address indexed newOperator);
    /// The pauser changed.
    #[derive(Debug, PartialEq, Eq)]
    event PauserChanged(address indexed previousPauser, address indexed newPauser);
    /// `bond`'s mint limits are now these (registration, or a change).
    #[derive(Debug, PartialEq, Eq)]
    event MintLimitChanged(address indexed bond, uint256 maxPerClaim, uint256 maxPerDay);

    /// `bond` is not a bond token registered with this pool.
    #[derive(Debug, PartialEq, Eq)]
    error UnknownBond(address bond);
    /// `bond` is registered already.
    #[derive(Debug, PartialEq, Eq)]
    error BondAlreadyRegistered(address bond);
    /// `bond` mints for `bondPool`, not for this pool: registering it would
    /// let `burnBond` announce burns that burn nothing.
    #[derive(Debug, PartialEq, Eq)]
    error BondPoolMismatch(address bond, address bondPool);
}

lst_stylus_common::contract_error! {
    /// Every way a call to the pool fails.
    pub enum Error {
        /// A rule of the core: the claim's (`ClaimExpired`, `ClaimAlreadyUsed`,
        /// `SignatureMalformed`, `ClaimSignerNotNotary`, …), the recipient's
        /// (`Ss58BadChecksum`, `RecipientLength`, …) or the amount's.
        Core(CoreError) => core,
        /// See [`Unauthorized`]: not the owner or operator, or not the pauser.
        Unauthorized(Unauthorized) => sol,
        /// See [`ZeroAddress`].
        ZeroAddress(ZeroAddress) => sol,
        /// See [`UnknownBond`].
        UnknownBond(UnknownBond) => sol,
        /// See [`BondAlreadyRegistered`].
        BondAlreadyRegistered(BondAlreadyRegistered) => sol,
        /// See [`BondPoolMismatch`].
        BondPoolMismatch(BondPoolMismatch) => sol,
        /// `EnforcedPause` / `ExpectedPause`.
        Pausable(pausable::Error) => wrap,
        /// Not the owner, or an invalid new owner.
        Ownable(ownable::Error) => wrap,
        /// A bond token's revert (or the feed's, through it), passed through.
        Call(Vec<u8>) => raw,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::POLKADOT_POOL;

/// The EIP-712 domain of claims: the core's name and version; OpenZeppelin
/// adds the chain id and this pool's address.
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
    /// Per bond: `maxPerClaim << 128 | maxPerDay`.
    limits: StorageMap<Address, StorageU256>,
    /// Per bond: the bucket, `available << 64 | updatedAt`.
    buckets: StorageMap<Address, StorageU256>,
    domain: ClaimDomain,
    pausable: Pausable,
    notary: StorageAddress,
    operator: StorageAddress,
    pauser: StorageAddress,
}

/// The platform's hashing (the keccak hostio) and signature recovery (the
/// ecrecover precompile, through `lst_stylus_common::interfaces::ecrecover`,
/// which fails by name where OpenZeppelin's panics), for the core's claim rules.
struct Crypto<'a>(&'a PolkadotPool);

impl Keccak256 for Crypto<'_> {
    fn keccak256(&self, data: &[u8]) -> [u8; 32] {
        alloy_primitives::keccak256(data).0
    }
}

impl EcRecover for Crypto<'_> {
    fn ecrecover(&self, digest: &[u8; 32], signature: &Signature) -> Option<lst_core::Address> {
        let (hash, r, s) = (B256::from(*digest), B256::from(signature.r), B256::from(signature.s));
        lst_stylus_common::interfaces::ecrecover(self.0.vm(), hash, signature.v, r, s).map(Address::into_array)
    }
}

fn non_zero(account: Address) -> Result<Address, Error> {
    if account.is_zero() {
        return Err(Error::ZeroAddress(ZeroAddress {}));
    }
    Ok(account)
}

impl PolkadotPool {
    fn unauthorized(&self) -> Error {
        Error::Unauthorized(Unauthorized { account: self.vm().msg_sender() })
    }

    fn only_role(&self, holder: Address) -> Result<(), Error> {
        if self.vm().msg_sender() != holder {
            return Err(self.unauthorized());
        }
        Ok(())
    }

    fn registered(&self, bond: Address) -> Result<(), Error> {
        if !self.bonds.get(bond) {
            return Err(Error::UnknownBond(UnknownBond { bond }));
        }
        Ok(())
    }

    /// The block number claims expire by. motsu 0.10 fixes `block.number`
    /// at 0, so unit tests set it here; a deployed pool reads the chain's.
    fn block_number(&self) -> u64 {
        #[cfg(test)]
        if let Some(number) = tests::block_number_override() {
            return number;
        }
        self.vm().block_number()
    }

    /// `bond`'s limits and bucket, unpacked.
    fn limit_of(&self, bond: Address) -> MintLimit {
        let (limits, bucket) = (self.limits.get(bond), self.buckets.get(bond));
        let low = |word: U256, bits: usize| word & ((U256::from(1u8) << bits) - U256::from(1u8));
        MintLimit {
            per_claim: limits >> 128,
            per_day: low(limits, 128),
            available: bucket >> 64,
            updated_at: low(bucket, 64).to::<u64>(),
        }
    }

    fn store_mint_limit(&mut self, bond: Address, limit: &MintLimit) {
        self.limits.setter(bond).set(mint_limit::pack(limit.per_claim, limit.per_day));
        self.buckets.setter(bond).set((limit.available << 64) | U256::from(limit.updated_at));
    }

    /// The time mint buckets refill by. motsu 0.10 fixes the timestamp, so
    /// unit tests may set it here; a deployed pool reads the chain's.
    fn now(&self) -> u64 {
        #[cfg(test)]
        if let Some(secs) = tests::timestamp_override() {
            return secs;
        }
        self.vm().block_timestamp()
    }

    /// Everything `claimBonds` checks before it writes: the bond, the claim
    /// (core rules), the bond's mint limit and a non-zero share count at
    /// the bond's ratio. Returns the shares to mint.
    fn check_claim(&self, claim: &Claim, signature: &[u8]) -> Result<U256, Error> {
        let bond = Address::from(claim.token);
        self.registered(bond)?;
        self.limit_of(bond).check(claim.amount, self.now())?;
        let ctx = ClaimContext {
            domain_separator: self.domain.domain_separator_v4().0,
            notary: self.notary.get().into_array(),
            block_number: self.block_number(),
            used: self.used_claims.get(claim.claim_id),
        };
        claim::check_claim(&Crypto(self), &ctx, claim, signature)?;
        let ratio = IBondToken::new(bond).ratio(self.vm()).map_err(Error::Call)?;
        Ok(claim::shares_to_mint(claim.amount, ratio)?)
    }
}

#[public]
#[implements(IOwnable2Step<Error = Error>, IPausable)]
impl PolkadotPool {
    /// `admin` becomes owner, operator and pauser; `notary` signs claims;
    /// scheduled changes wait `change_delay_secs` (one hour to 30 days).
    #[constructor]
    pub fn constructor(&mut self, admin: Address, notary: Address, change_delay_secs: u64) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        self.changes.init(change_delay_secs)?;
        self.notary.set(non_zero(notary)?);
        self.operator.set(admin);
        self.pauser.set(admin);
        Ok(())
    }

    /// Mints `amount` bonds (`bond`'s KSM/DOT units; the shares worth it at
    /// the bond's ratio, rounded down) to `account`, for a claim the notary
    /// signed, within the bond's mint limit. Marks `claimId` used.
    pub fn claim_bonds(
        &mut self,
        bond: Address,
        claim_id: U256,
        amount: U256,
        claim_before_block: U256,
        account: Address,
        signature: Bytes,
    ) -> Result<(), Error> {
        self.pausable.when_not_paused()?;
        let claim = Claim { token: bond.into_array(), claim_id, amount, claim_before_block, to: account.into_array() };
        let shares = self.check_claim(&claim, &signature)?;
        let mut limit = self.limit_of(bond);
        limit.consume(amount, self.now())?;
        self.store_mint_limit(bond, &limit);
        self.used_claims.set(claim_id);
        IBondToken::new(bond).mint_shares(self.vm(), account, shares).map_err(Error::Call)?;
        log(
            self.vm(),
            TokensClaimed { token: bond, claimId: claim_id, amount, claimBeforeBlock: claim_before_block, account },
        );
        Ok(())
    }

    /// Whether `claimBonds` would mint for this claim now: false, never a
    /// revert, while the pool is paused, and for an unknown bond, a bad,
    /// expired, used or malformed claim, an amount over the bond's mint
    /// limit, or an amount worth no share. Note the argument
    /// order, kept from Ankr's pool: `claimBeforeBlock` before `amount`.
    pub fn is_claim_valid(
        &self,
        token: Address,
        claim_id: U256,
        claim_before_block: U256,
        amount: U256,
        to: Address,
        signature: Bytes,
    ) -> bool {
        let claim = Claim { token: token.into_array(), claim_id, amount, claim_before_block, to: to.into_array() };
        !self.pausable.paused() && self.check_claim(&claim, &signature).is_ok()
    }

    /// Whether claim `claim_id` was used.
    pub fn is_claim_used(&self, claim_id: U256) -> bool {
        self.used_claims.get(claim_id)
    }

    /// Burns the caller's `bond` worth `amount` (the shares, rounded up) to
    /// be paid out on the relay chain to `polkadot_recipient`: a 32-byte
    /// account id, or an SS58 address (Polkadot, Kusama or generic prefix,
    /// checksum verified).
    pub fn burn_bond(&mut self, bond: Address, amount: U256, polkadot_recipient: Bytes) -> Result<(), Error> {
        self.pausable.when_not_paused()?;
        self.registered(bond)?;
        if amount.is_zero() {
            return Err(Error::Core(CoreError::ZeroAmount));
        }
        ss58::parse_recipient(&polkadot_recipient)?;
        let account = self.vm().msg_sender();
        let token = IBondToken::new(bond);
        let shares = math::shares_for_bonds(amount, token.ratio(self.vm()).map_err(Error::Call)?)?;
        token.burn_shares(self.vm(), account, shares).map_err(Error::Call)?;
        log(self.vm(), TokensBurned { token: bond, account, recipient: polkadot_recipient.0.into(), amount, shares });
        Ok(())
    }

    /// Owner or operator: registers a bond token whose pool is this one
    /// (`BondPoolMismatch` otherwise) with its mint limits (its bucket
    /// starts full).
    pub fn register_bond(&mut self, bond: Address, max_per_claim: U256, max_per_day: U256) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.ownable.owner() && caller != self.operator.get() {
            return Err(self.unauthorized());
        }
        if self.bonds.get(non_zero(bond)?) {
            return Err(Error::BondAlreadyRegistered(BondAlreadyRegistered { bond }));
        }
        let bond_pool = IBondToken::new(bond).pool(self.vm()).map_err(Error::Call)?;
        if bond_pool != self.vm().contract_address() {
            return Err(Error::BondPoolMismatch(BondPoolMismatch { bond, bondPool: bond_pool }));
        }
        let limit = MintLimit::new(max_per_claim, max_per_day, self.now())?;
        self.bonds.setter(bond).set(true);
        self.store_mint_limit(bond, &limit);
        log(self.vm(), BondRegistered { bond });
        log(self.vm(), MintLimitChanged { bond, maxPerClaim: max_per_claim, maxPerDay: max_per_day });
        Ok(())
    }

    /// Owner: sets `bond`'s mint limits. Lower ones are immediate (the
    /// bucket is cut to the new daily limit); raising either is scheduled:
    /// the first call schedules it, the same call after the delay applies
    /// it (the bucket keeps what it holds).
    pub fn set_mint_limit(&mut self, bond: Address, max_per_claim: U256, max_per_day: U256) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.registered(bond)?;
        mint_limit::check_limits(max_per_claim, max_per_day)?;
        let mut limit = self.limit_of(bond);
        if limit.raises(max_per_claim, max_per_day)
            && !self.changes.request(
                timelock::key(setters::setMintLimitCall::SELECTOR, bond),
                mint_limit::pack(max_per_claim, max_per_day),
            )?
        {
            return Ok(());
        }
        limit.set(max_per_claim, max_per_day, self.now())?;
        self.store_mint_limit(bond, &limit);
        log(self.vm(), MintLimitChanged { bond, maxPerClaim: max_per_claim, maxPerDay: max_per_day });
        Ok(())
    }

    /// `bond`'s limits and what it may mint now: `(maxPerClaim, maxPerDay,
    /// remaining)` (zeros for an unknown bond).
    pub fn mint_limit(&self, bond: Address) -> (U256, U256, U256) {
        let limit = self.limit_of(bond);
        (limit.per_claim, limit.per_day, limit.available_at(self.now()))
    }

    /// Owner, scheduled: rotates the notary (the first call schedules it,
    /// the same call after the delay applies it). Claims signed by the old
    /// key stop being valid when it takes effect.
    pub fn set_notary(&mut self, notary: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let previous = self.notary.get();
        non_zero(notary)?;
        if !self
            .changes
            .request(timelock::key(setters::setNotaryCall::SELECTOR, Address::ZERO), notary.into_word().into())?
        {
            return Ok(());
        }
        self.notary.set(notary);
        log(self.vm(), NotaryChanged { previousNotary: previous, newNotary: notary });
        Ok(())
    }

    /// How long a scheduled change waits, in seconds.
    pub fn change_delay(&self) -> U256 {
        U256::from(self.changes.delay())
    }

    /// `(value, executableAt)` of the change waiting for `key` (zeros when
    /// none): the key is the setter's selector, then the bond for a limit
    /// (`lst_core::timelock::change_key`).
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        self.changes.pending(key)
    }

    /// Owner or pauser: cancels the change waiting for `key`.
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.ownable.owner() && caller != self.pauser.get() {
            return Err(self.unauthorized());
        }
        Ok(self.changes.cancel(key)?)
    }

    /// Owner: changes the operator.
    pub fn set_operator(&mut self, operator: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let previous = self.operator.get();
        self.operator.set(non_zero(operator)?);
        log(self.vm(), OperatorChanged { previousOperator: previous, newOperator: operator });
        Ok(())
    }

    /// Owner: changes the pauser.
    pub fn set_pauser(&mut self, pauser: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        let previous = self.pauser.get();
        self.pauser.set(non_zero(pauser)?);
        log(self.vm(), PauserChanged { previousPauser: previous, newPauser: pauser });
        Ok(())
    }

    /// Pauser: stops claiming and burning.
    pub fn pause(&mut self) -> Result<(), Error> {
        self.only_role(self.pauser.get())?;
        Ok(self.pausable.pause()?)
    }

    /// Pauser: resumes claiming and burning.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.only_role(self.pauser.get())?;
        Ok(self.pausable.unpause()?)
    }

    /// Whether `bond` is registered.
    pub fn is_bond_registered(&self, bond: Address) -> bool {
        self.bonds.get(bond)
    }

    /// The key whose signatures claims need.
    pub fn notary(&self) -> Address {
        self.notary.get()
    }

    /// The operator.
    pub fn operator(&self) -> Address {
        self.operator.get()
    }

    /// The pauser.
    pub fn pauser(&self) -> Address {
        self.pauser.get()
    }

    /// The EIP-712 domain separator claims are signed under.
    pub fn domain_separator(&self) -> B256 {
        self.domain.domain_separator_v4()
    }

    /// ERC-5267: the EIP-712 domain claims are signed under (name,
    /// version, chain id and this pool's address).
    #[selector(name = "eip712Domain")]
    pub fn eip712_domain(&self) -> Eip712Domain {
        Eip712Domain::of::<ClaimDomain>()
    }
}

#[public]
impl IPausable for PolkadotPool {
    fn paused(&self) -> bool {
        self.pausable.paused()
    }
}

lst_stylus_common::public_ownable2step!(PolkadotPool, ownable);

#[cfg(test)]
mod tests;
