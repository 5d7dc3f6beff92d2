//! The mint gate of the two tokens: the one pool that may mint and burn,
//! fixed once by the owner, and the pause switch ([`crate::pausable`]) that
//! stops transfers, minting and burning.

use crate::ownable::{only_owner, Owned};
use crate::{emit, pausable, Address, Error, Host, Result};

/// The gate's records, as each platform lays them out.
pub trait Store: pausable::Store {
    /// The pool allowed to mint and burn (zero until set).
    fn pool(&self) -> Address;
    /// Stores the pool.
    fn set_pool(&mut self, pool: Address);
}

crate::events! {
    /// The pool that mints and burns was fixed.
    PoolSet = "PoolSet(address)" { topics { pool: Address } data {} }
}

/// Refuses a mint or burn by anyone but the pool (`Unauthorized`, also
/// before a pool is set) and while paused (`EnforcedPause`).
pub fn check_mint<C: Host + Store + ?Sized>(c: &C) -> Result<()> {
    let caller = c.caller();
    if caller == lst_core::ZERO_ADDRESS || caller != c.pool() {
        return Err(Error::Unauthorized { account: caller });
    }
    pausable::when_not_paused(c)
}

/// `setPool(pool)`, the owner, once: fixes the pool that mints and burns
/// (`ZeroAddress` for zero, `AlreadySet` the second time).
pub fn set_pool<C: Host + Owned + Store + ?Sized>(c: &mut C, pool: Address) -> Result<()> {
    only_owner(c)?;
    if pool == lst_core::ZERO_ADDRESS {
        return Err(Error::ZeroAddress {});
    }
    if c.pool() != lst_core::ZERO_ADDRESS {
        return Err(Error::AlreadySet {});
    }
    c.set_pool(pool);
    emit(c, PoolSet { pool });
    Ok(())
}

#[cfg(test)]
mod tests;
