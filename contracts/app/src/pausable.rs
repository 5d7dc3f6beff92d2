//! The pause switch and its one pauser (OpenZeppelin's `Pausable` events
//! and errors): the pauser stops and resumes what the contract guards with
//! [`when_not_paused`]; the owner names the pauser.

use crate::ownable::{only_owner, Owned};
use crate::{emit, Address, Error, Host, Result};

/// The pause records, as each platform lays them out.
pub trait Store {
    /// The one account that may pause and unpause.
    fn pauser(&self) -> Address;
    /// Stores the pauser.
    fn set_pauser(&mut self, pauser: Address);
    /// Whether the contract is paused.
    fn paused(&self) -> bool;
    /// Stores the pause flag.
    fn set_paused(&mut self, paused: bool);
}

crate::events! {
    /// `account` paused the contract.
    Paused = "Paused(address)" { topics {} data { account: Address } }
    /// `account` resumed the contract.
    Unpaused = "Unpaused(address)" { topics {} data { account: Address } }
    /// The pauser changed.
    PauserChanged = "PauserChanged(address,address)" {
        topics { previousPauser: Address, newPauser: Address } data {}
    }
}

/// Refuses while paused (`EnforcedPause`).
pub fn when_not_paused<C: Store + ?Sized>(c: &C) -> Result<()> {
    if c.paused() {
        return Err(Error::EnforcedPause {});
    }
    Ok(())
}

/// Refuses anyone but the pauser (`Unauthorized`).
pub fn only_pauser<C: Host + Store + ?Sized>(c: &C) -> Result<()> {
    let caller = c.caller();
    if caller != c.pauser() {
        return Err(Error::Unauthorized { account: caller });
    }
    Ok(())
}

/// `pause()`, the pauser: stops what the contract guards
/// (`EnforcedPause` when paused already).
pub fn pause<C: Host + Store + ?Sized>(c: &mut C) -> Result<()> {
    only_pauser(c)?;
    when_not_paused(c)?;
    c.set_paused(true);
    let account = c.caller();
    emit(c, Paused { account });
    Ok(())
}

/// `unpause()`, the pauser: resumes (`ExpectedPause` when not paused).
pub fn unpause<C: Host + Store + ?Sized>(c: &mut C) -> Result<()> {
    only_pauser(c)?;
    if !c.paused() {
        return Err(Error::ExpectedPause {});
    }
    c.set_paused(false);
    let account = c.caller();
    emit(c, Unpaused { account });
    Ok(())
}

/// Makes `pauser` the pauser, with its event (deployment, and the owner's
/// setter after its checks).
pub fn replace_pauser<C: Host + Store + ?Sized>(c: &mut C, pauser: Address) {
    let previous_pauser = c.pauser();
    c.set_pauser(pauser);
    emit(c, PauserChanged { previousPauser: previous_pauser, newPauser: pauser });
}

/// `setPauser(pauser)`, the owner: replaces the pauser.
pub fn set_pauser<C: Host + Owned + Store + ?Sized>(c: &mut C, pauser: Address) -> Result<()> {
    only_owner(c)?;
    replace_pauser(c, pauser);
    Ok(())
}

/// `setPauser(pauser)` of a pool, the owner: never zero (a pool must stay
/// pausable).
pub fn set_pauser_non_zero<C: Host + Owned + Store + ?Sized>(c: &mut C, pauser: Address) -> Result<()> {
    only_owner(c)?;
    replace_pauser(c, crate::non_zero(pauser)?);
    Ok(())
}

#[cfg(test)]
mod tests;
