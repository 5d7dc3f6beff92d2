//! `PolkadotPool`: the Ethereum side of KSM and DOT liquid staking.
//!
//! KSM and DOT are staked on the relay chains; this pool mints their bond
//! tokens (aKSMb, aDOTb) against claims the notary signed, and burns them
//! when a holder unstakes to a Polkadot account.
//!
//! - [`claim_bonds`] mints the shares worth `amount` to `account` for a
//!   claim the notary signed over EIP-712 typed data (the domain
//!   "PolkadotPool", "1", the chain id and this pool binds it to one
//!   deployment); a claim id counts once, expires after `claimBeforeBlock`,
//!   and its signature must be canonical and recover to the notary — the
//!   core's [`lst_core::claim::check_claim`]. Each bond has a mint limit
//!   ([`lst_core::mint_limit`]: per claim, and a daily bucket).
//! - [`burn_bond`] burns the caller's shares worth `amount` (rounded up)
//!   for a recipient that is a raw account id or an SS58 address
//!   ([`lst_core::ss58`]).
//!
//! Roles: the owner registers bonds, rotates the notary (scheduled), sets
//! the limits (a raise is scheduled, a cut immediate), the operator and the
//! pauser; the operator may register bonds; the pauser stops claiming and
//! burning and may cancel a scheduled change.

use crate::abi::Word;
use crate::ownable::{only_owner, Owned};
use crate::permit::Signatures;
use crate::{calls, emit, non_zero, operator, pausable, timelock, Address, Error, Host, Result, U256};
use alloc::vec::Vec;
use lst_core::claim::{self, Claim, ClaimContext};
use lst_core::mint_limit::{self, MintLimit};
use lst_core::{math, ss58, CoreError};

/// The pool's storage, as each platform lays it out (its waiting changes
/// are [`timelock::Store`]'s, its pause [`pausable::Store`]'s).
pub trait Store: timelock::Store + pausable::Store + operator::Store {
    /// `bond`'s mint limit; `None` unless registered.
    fn bond_limit(&self, bond: Address) -> Option<MintLimit>;
    /// Stores `bond`'s mint limit (registering it).
    fn set_bond_limit(&mut self, bond: Address, limit: &MintLimit);
    /// Whether claim `id` was used.
    fn claim_used(&self, id: U256) -> bool;
    /// Marks claim `id` used.
    fn use_claim(&mut self, id: U256);
    /// The account whose signature mints.
    fn notary(&self) -> Address;
    /// Stores the notary.
    fn set_notary(&mut self, notary: Address);
}

crate::events! {
    /// A claim minted `amount` of `token` to `account`.
    TokensClaimed = "TokensClaimed(address,uint256,uint256,uint256,address)" {
        topics { token: Address, claimId: U256, account: Address } data { amount: U256, claimBeforeBlock: U256 }
    }
    /// `account` burned `amount` of `token` (`shares` shares) to be paid
    /// on the relay chain to `recipient`.
    TokensBurned = "TokensBurned(address,address,bytes,uint256,uint256)" {
        topics { token: Address, account: Address } dynamic { recipient: Vec<u8>, amount: U256, shares: U256 }
    }
    /// A bond token was registered.
    BondRegistered = "BondRegistered(address)" { topics { bond: Address } data {} }
    /// The notary changed.
    NotaryChanged = "NotaryChanged(address,address)" {
        topics { previousNotary: Address, newNotary: Address } data {}
    }
    /// A bond's mint limits changed.
    MintLimitChanged = "MintLimitChanged(address,uint256,uint256)" {
        topics { bond: Address } data { maxPerClaim: U256, maxPerDay: U256 }
    }
}

/// The setters whose selectors name their scheduled changes.
const SET_NOTARY: [u8; 4] = crate::abi::selector("setNotary(address)");
const SET_MINT_LIMIT: [u8; 4] = crate::abi::selector("setMintLimit(address,uint256,uint256)");

/// One claim's fields, as `claimBonds` and `isClaimValid` take them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimCall {
    /// The bond token to mint.
    pub bond: Address,
    /// The claim's id (used once).
    pub claim_id: U256,
    /// The amount of the asset, in bond units.
    pub amount: U256,
    /// The last block the claim is good for.
    pub claim_before_block: U256,
    /// Who receives the bonds.
    pub account: Address,
}

impl ClaimCall {
    fn claim(&self) -> Claim {
        Claim {
            token: self.bond,
            claim_id: self.claim_id,
            amount: self.amount,
            claim_before_block: self.claim_before_block,
            to: self.account,
        }
    }
}

/// Deployment, after the platform made `admin` the owner: `notary` signs
/// claims (`ZeroAddress` for zero), `admin` operates and pauses, scheduled
/// changes wait `change_delay_secs`.
pub fn init<C: Host + Store>(c: &mut C, admin: Address, notary: Address, change_delay_secs: u64) -> Result<()> {
    let notary = non_zero(notary)?;
    timelock::init(c, change_delay_secs)?;
    c.set_notary(notary);
    c.set_operator(admin);
    c.set_pauser(admin);
    Ok(())
}

/// `bond`'s limit; `UnknownBond` unless registered.
fn limit_of<C: Store + ?Sized>(c: &C, bond: Address) -> Result<MintLimit> {
    c.bond_limit(bond).ok_or(Error::UnknownBond { bond })
}

// --- claims ---

/// `domainSeparator()`: the EIP-712 domain claims are signed under.
pub fn domain_separator<C: Host + Signatures>(c: &C) -> [u8; 32] {
    claim::domain_separator(c, c.chain_id(), &c.this())
}

/// Checks a claim as `claimBonds` would (registered bond, its limit, the
/// core's claim rules), and returns the shares it mints at the bond's
/// ratio.
fn check_claim<C: Host + Store + Signatures>(c: &C, call: &ClaimCall, signature: &[u8]) -> Result<U256> {
    limit_of(c, call.bond)?.check(call.amount, c.now())?;
    let context = ClaimContext {
        domain_separator: domain_separator(c),
        notary: c.notary(),
        block_number: c.block_number(),
        used: c.claim_used(call.claim_id),
    };
    claim::check_claim(c, &context, &call.claim(), signature)?;
    let ratio = calls::bond::ratio(c, call.bond)?;
    Ok(claim::shares_to_mint(call.amount, ratio)?)
}

/// `claimBonds(bond, claimId, amount, claimBeforeBlock, account,
/// signature)`: mints the shares worth `amount` to `account` for the
/// notary's claim, within the bond's limit; the claim is used up.
pub fn claim_bonds<C: Host + Store + Signatures>(c: &mut C, call: ClaimCall, signature: &[u8]) -> Result<()> {
    pausable::when_not_paused(c)?;
    let shares = check_claim(c, &call, signature)?;
    let mut limit = limit_of(c, call.bond)?;
    limit.consume(call.amount, c.now())?;
    c.set_bond_limit(call.bond, &limit);
    c.use_claim(call.claim_id);
    calls::bond::mint_shares(c, call.bond, call.account, shares)?;
    emit(
        c,
        TokensClaimed {
            token: call.bond,
            claimId: call.claim_id,
            account: call.account,
            amount: call.amount,
            claimBeforeBlock: call.claim_before_block,
        },
    );
    Ok(())
}

/// `isClaimValid(...)`: whether `claimBonds` would mint for this claim now
/// (false while paused); never refuses.
pub fn is_claim_valid<C: Host + Store + Signatures>(c: &C, call: &ClaimCall, signature: &[u8]) -> bool {
    !c.paused() && check_claim(c, call, signature).is_ok()
}

/// `burnBond(bond, amount, polkadotRecipient)`: burns the caller's shares
/// worth `amount` (rounded up) to be paid to `recipient` on the relay
/// chain.
pub fn burn_bond<C: Host + Store>(c: &mut C, bond: Address, amount: U256, recipient: &[u8]) -> Result<()> {
    pausable::when_not_paused(c)?;
    limit_of(c, bond)?;
    if amount.is_zero() {
        return Err(CoreError::ZeroAmount.into());
    }
    ss58::parse_recipient(recipient)?;
    let account = c.caller();
    let shares = math::shares_for_bonds(amount, calls::bond::ratio(c, bond)?)?;
    calls::bond::burn_shares(c, bond, account, shares)?;
    emit(c, TokensBurned { token: bond, account, recipient: recipient.to_vec(), amount, shares });
    Ok(())
}

// --- bonds and limits ---

/// `registerBond(bond, maxPerClaim, maxPerDay)`, the owner or the
/// operator: registers a bond that names this pool as its minter, with its
/// limits.
pub fn register_bond<C: Host + Owned + Store>(
    c: &mut C,
    bond: Address,
    max_per_claim: U256,
    max_per_day: U256,
) -> Result<()> {
    let caller = c.caller();
    if caller != c.owner() && caller != c.operator() {
        return Err(Error::Unauthorized { account: caller });
    }
    if c.bond_limit(non_zero(bond)?).is_some() {
        return Err(Error::BondAlreadyRegistered { bond });
    }
    let bond_pool = calls::bond::pool(c, bond)?;
    if bond_pool != c.this() {
        return Err(Error::BondPoolMismatch { bond, bondPool: bond_pool });
    }
    let limit = MintLimit::new(max_per_claim, max_per_day, c.now())?;
    c.set_bond_limit(bond, &limit);
    emit(c, BondRegistered { bond });
    emit(c, MintLimitChanged { bond, maxPerClaim: max_per_claim, maxPerDay: max_per_day });
    Ok(())
}

/// `setMintLimit(bond, maxPerClaim, maxPerDay)`, the owner: a cut applies
/// at once; a raise is scheduled (the first call schedules it, the same
/// call after the delay applies it).
pub fn set_mint_limit<C: Host + Owned + Store>(
    c: &mut C,
    bond: Address,
    max_per_claim: U256,
    max_per_day: U256,
) -> Result<()> {
    only_owner(c)?;
    let mut limit = limit_of(c, bond)?;
    mint_limit::check_limits(max_per_claim, max_per_day)?;
    if limit.raises(max_per_claim, max_per_day)
        && !timelock::request(c, timelock::key(SET_MINT_LIMIT, bond), mint_limit::pack(max_per_claim, max_per_day))?
    {
        return Ok(());
    }
    limit.set(max_per_claim, max_per_day, c.now())?;
    c.set_bond_limit(bond, &limit);
    emit(c, MintLimitChanged { bond, maxPerClaim: max_per_claim, maxPerDay: max_per_day });
    Ok(())
}

/// `mintLimit(bond)`: (per claim, per day, available now); zeros for an
/// unregistered bond.
pub fn mint_limit<C: Host + Store>(c: &C, bond: Address) -> (U256, U256, U256) {
    let limit = c.bond_limit(bond).unwrap_or_default();
    (limit.per_claim, limit.per_day, limit.available_at(c.now()))
}

// --- roles ---

/// `setNotary(notary)`, the owner, scheduled: the account whose signature
/// mints.
pub fn set_notary<C: Host + Owned + Store>(c: &mut C, notary: Address) -> Result<()> {
    only_owner(c)?;
    let previous = c.notary();
    non_zero(notary)?;
    if !timelock::request(c, timelock::key(SET_NOTARY, lst_core::ZERO_ADDRESS), U256::from_be_bytes(notary.word()))? {
        return Ok(());
    }
    c.set_notary(notary);
    emit(c, NotaryChanged { previousNotary: previous, newNotary: notary });
    Ok(())
}

#[cfg(test)]
mod tests;
