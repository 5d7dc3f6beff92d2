//! Two-step ownership with OpenZeppelin's `Ownable2Step` ABI: `owner()`,
//! `pendingOwner()`, `transferOwnership(address)`, `acceptOwnership()`,
//! `renounceOwnership()`, their events and errors.
//!
//! The ink! contracts keep their ownership through these messages. The
//! Stylus contracts reuse OpenZeppelin's `Ownable2Step` module, which has
//! the same ABI and the same rules; the app layer reads who owns such a
//! contract through [`Owned`] alone.

use crate::{emit, Address, Error, Host, Result};

/// A contract with an owner: all an owner-only message needs to know.
pub trait Owned {
    /// The current owner (zero once renounced).
    fn owner(&self) -> Address;
}

/// The ownership records of a contract that keeps them through this module.
pub trait Store: Owned {
    /// The account that may accept ownership (zero when none).
    fn pending_owner(&self) -> Address;
    /// Stores the owner.
    fn set_owner(&mut self, owner: Address);
    /// Stores the pending owner.
    fn set_pending_owner(&mut self, pending: Address);
}

crate::events! {
    /// Ownership moved from `previousOwner` to `newOwner` (zero after a
    /// renounce).
    OwnershipTransferred = "OwnershipTransferred(address,address)" {
        topics { previousOwner: Address, newOwner: Address } data {}
    }
    /// `newOwner` may now accept ownership.
    OwnershipTransferStarted = "OwnershipTransferStarted(address,address)" {
        topics { previousOwner: Address, newOwner: Address } data {}
    }
}

/// Refuses anyone but the owner (`OwnableUnauthorizedAccount`).
pub fn only_owner<C: Host + Owned + ?Sized>(c: &C) -> Result<()> {
    let caller = c.caller();
    if caller != c.owner() {
        return Err(Error::OwnableUnauthorizedAccount { account: caller });
    }
    Ok(())
}

/// Deployment: `owner` is the first owner; `OwnableInvalidOwner(0)` for
/// the zero address.
pub fn init<C: Host + Store + ?Sized>(c: &mut C, owner: Address) -> Result<()> {
    if owner == lst_core::ZERO_ADDRESS {
        return Err(Error::OwnableInvalidOwner { owner });
    }
    transfer(c, owner);
    Ok(())
}

/// `transferOwnership(newOwner)`, the owner: offers ownership to
/// `newOwner`, who accepts it with `acceptOwnership()`; zero withdraws an
/// offer.
pub fn transfer_ownership<C: Host + Store + ?Sized>(c: &mut C, new_owner: Address) -> Result<()> {
    only_owner(c)?;
    c.set_pending_owner(new_owner);
    let previous_owner = c.owner();
    emit(c, OwnershipTransferStarted { previousOwner: previous_owner, newOwner: new_owner });
    Ok(())
}

/// `acceptOwnership()`, the pending owner: takes ownership.
pub fn accept_ownership<C: Host + Store + ?Sized>(c: &mut C) -> Result<()> {
    let caller = c.caller();
    if caller != c.pending_owner() {
        return Err(Error::OwnableUnauthorizedAccount { account: caller });
    }
    transfer(c, caller);
    Ok(())
}

/// `renounceOwnership()`, the owner: leaves the contract without an owner,
/// for good (every owner-only message is refused from then on).
pub fn renounce_ownership<C: Host + Store + ?Sized>(c: &mut C) -> Result<()> {
    only_owner(c)?;
    transfer(c, lst_core::ZERO_ADDRESS);
    Ok(())
}

/// Makes `new_owner` the owner, withdrawing any offer.
fn transfer<C: Host + Store + ?Sized>(c: &mut C, new_owner: Address) {
    let previous_owner = c.owner();
    c.set_pending_owner(lst_core::ZERO_ADDRESS);
    c.set_owner(new_owner);
    emit(c, OwnershipTransferred { previousOwner: previous_owner, newOwner: new_owner });
}

#[cfg(test)]
mod tests;
