//! The mint gate of the suite's tokens: exactly one pool (set once) may
//! mint and burn, a pauser may pause transfers and mints. Events and errors
//! match the Stylus `MintGate`.

use crate::{pausable::Pausable, Error, Result};
use ink::Address;

/// The pool that may mint was set (once).
#[ink::event]
pub struct PoolSet {
    /// The pool.
    #[ink(topic)]
    pub pool: Address,
}

/// The pool and the pause switch.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct MintGate {
    pool: Address,
    /// The pauser and the paused flag.
    pub pausable: Pausable,
}

impl MintGate {
    /// The pool allowed to mint (zero until set).
    pub fn pool(&self) -> Address {
        self.pool
    }

    /// `Unauthorized(caller)` unless `caller` is the pool; `EnforcedPause`
    /// while paused.
    pub fn check_mint(&self, caller: Address) -> Result<()> {
        if caller == Address::zero() || caller != self.pool {
            return Err(Error::Unauthorized { account: caller });
        }
        self.pausable.check_not_paused()
    }

    /// Sets the pool once: `ZeroAddress`, then `AlreadySet`.
    pub fn set_pool(&mut self, pool: Address) -> Result<()> {
        if pool == Address::zero() {
            return Err(Error::ZeroAddress {});
        }
        if self.pool != Address::zero() {
            return Err(Error::AlreadySet {});
        }
        self.pool = pool;
        ink::env::emit_event(PoolSet { pool });
        Ok(())
    }
}
