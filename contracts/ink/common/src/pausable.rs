//! Pausing with OpenZeppelin's `Pausable` events and errors, by one pauser
//! account the owner sets (the tokens' mint gate and the pools).

use crate::{Error, Result};
use ink::Address;

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

/// The pauser and the paused flag.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Pausable {
    pauser: Address,
    paused: bool,
}

impl Pausable {
    /// Unpaused, with `pauser` from the start (a pool constructor's
    /// setting: no event, as the Stylus pools).
    pub fn new(pauser: Address) -> Self {
        Self { pauser, paused: false }
    }

    /// The account allowed to pause.
    pub fn pauser(&self) -> Address {
        self.pauser
    }

    /// Whether the contract is paused.
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// `EnforcedPause` while paused.
    pub fn check_not_paused(&self) -> Result<()> {
        if self.paused {
            return Err(Error::EnforcedPause {});
        }
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
