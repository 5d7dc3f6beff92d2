//! The mint gate of the suite's tokens: exactly one pool (set once) may
//! mint and burn, a pauser may pause transfers and mints. Events and errors
//! match the Stylus `MintGate` and OpenZeppelin's `Pausable`.

use crate::{Error, Result};
use ink::Address;

/// The pool that may mint was set (once).
#[ink::event]
pub struct PoolSet {
    /// The pool.
    #[ink(topic)]
    pub pool: Address,
}

/// The pauser changed.
#[ink::event]
#[allow(non_snake_case)]
pub struct PauserChanged {
    /// The pauser before.
    #[ink(topic)]
    pub previousPauser: Address,
    /// The pauser now.
    #[ink(topic)]
    pub newPauser: Address,
}

/// `account` paused the contract.
#[ink::event]
pub struct Paused {
    /// The pauser.
    pub account: Address,
}

/// `account` unpaused the contract.
#[ink::event]
pub struct Unpaused {
    /// The pauser.
    pub account: Address,
}

/// The pool, the pauser and the paused flag.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct MintGate {
    pool: Address,
    pauser: Address,
    paused: bool,
}

impl MintGate {
    /// The pool allowed to mint (zero until set).
    pub fn pool(&self) -> Address {
        self.pool
    }

    /// The account allowed to pause.
    pub fn pauser(&self) -> Address {
        self.pauser
    }

    /// Whether transfers and mints are paused.
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// `Unauthorized(caller)` unless `caller` is the pool; `EnforcedPause`
    /// while paused.
    pub fn check_mint(&self, caller: Address) -> Result<()> {
        if caller == Address::zero() || caller != self.pool {
            return Err(Error::Unauthorized { account: caller });
        }
        self.check_not_paused()
    }

    /// `EnforcedPause` while paused.
    pub fn check_not_paused(&self) -> Result<()> {
        if self.paused {
            return Err(Error::EnforcedPause {});
        }
        Ok(())
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

    /// Replaces the pauser (zero disables pausing).
    pub fn set_pauser(&mut self, pauser: Address) {
        let previous = self.pauser;
        self.pauser = pauser;
        ink::env::emit_event(PauserChanged { previousPauser: previous, newPauser: pauser });
    }

    /// Pauser: pauses; `Unauthorized`, then `EnforcedPause` when paused.
    pub fn pause(&mut self, caller: Address) -> Result<()> {
        self.only_pauser(caller)?;
        self.check_not_paused()?;
        self.paused = true;
        ink::env::emit_event(Paused { account: caller });
        Ok(())
    }

    /// Pauser: unpauses; `Unauthorized`, then `ExpectedPause` when not paused.
    pub fn unpause(&mut self, caller: Address) -> Result<()> {
        self.only_pauser(caller)?;
        if !self.paused {
            return Err(Error::ExpectedPause {});
        }
        self.paused = false;
        ink::env::emit_event(Unpaused { account: caller });
        Ok(())
    }

    fn only_pauser(&self, caller: Address) -> Result<()> {
        if caller != self.pauser {
            return Err(Error::Unauthorized { account: caller });
        }
        Ok(())
    }
}
