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

impl lst_app::pausable::Store for Pausable {
    fn pauser(&self) -> lst_app::Address {
        self.pauser.0
    }

    fn set_pauser(&mut self, pauser: lst_app::Address) {
        self.pauser = Address::from(pauser);
    }

    fn paused(&self) -> bool {
        self.paused
    }

    fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }
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
        crate::emit(PauserChanged { previousPauser: previous, newPauser: pauser });
    }

    /// Pauser: pauses; `Unauthorized`, then `EnforcedPause` when paused.
    pub fn pause(&mut self, caller: Address) -> Result<()> {
        self.only_pauser(caller)?;
        self.check_not_paused()?;
        self.paused = true;
        crate::emit(Paused { account: caller });
        Ok(())
    }

    /// Pauser: unpauses; `Unauthorized`, then `ExpectedPause` when not paused.
    pub fn unpause(&mut self, caller: Address) -> Result<()> {
        self.only_pauser(caller)?;
        if !self.paused {
            return Err(Error::ExpectedPause {});
        }
        self.paused = false;
        crate::emit(Unpaused { account: caller });
        Ok(())
    }

    fn only_pauser(&self, caller: Address) -> Result<()> {
        if caller != self.pauser {
            return Err(Error::Unauthorized { account: caller });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, last_log, log_count, word, Log};

    fn pauser() -> Address {
        account(1)
    }

    fn bob() -> Address {
        account(2)
    }

    #[ink::test]
    fn the_pauser_pauses_and_unpauses_with_events() {
        let mut p = Pausable::new(pauser());
        assert_eq!((p.pauser(), p.paused(), log_count()), (pauser(), false, 0));
        assert_eq!(p.pause(pauser()), Ok(()));
        assert!(p.paused());
        assert_eq!(p.check_not_paused(), Err(Error::EnforcedPause {}));
        assert_eq!(last_log(), Log::new("Paused(address)", vec![], word(pauser()).to_vec()));
        assert_eq!(p.unpause(pauser()), Ok(()));
        assert_eq!((p.paused(), p.check_not_paused()), (false, Ok(())));
        assert_eq!(last_log(), Log::new("Unpaused(address)", vec![], word(pauser()).to_vec()));
    }

    #[ink::test]
    fn pausing_twice_is_enforced_pause_and_unpausing_unpaused_is_expected_pause() {
        let mut p = Pausable::new(pauser());
        assert_eq!(p.unpause(pauser()), Err(Error::ExpectedPause {}));
        p.pause(pauser()).unwrap();
        let events = log_count();
        assert_eq!(p.pause(pauser()), Err(Error::EnforcedPause {}));
        assert_eq!((p.paused(), log_count()), (true, events));
    }

    #[ink::test]
    fn pausing_by_anyone_but_the_pauser_is_unauthorized() {
        let mut p = Pausable::new(pauser());
        assert_eq!(p.pause(bob()), Err(Error::Unauthorized { account: bob() }));
        assert!(!p.paused());
        p.pause(pauser()).unwrap();
        assert_eq!(p.unpause(bob()), Err(Error::Unauthorized { account: bob() }));
        assert!(p.paused());
    }

    #[ink::test]
    fn set_pauser_hands_over_pausing_with_an_event() {
        let mut p = Pausable::new(pauser());
        p.set_pauser(bob());
        assert_eq!(last_log(), Log::new("PauserChanged(address,address)", vec![word(pauser()), word(bob())], vec![]));
        assert_eq!(p.pause(pauser()), Err(Error::Unauthorized { account: pauser() }));
        assert_eq!(p.pause(bob()), Ok(()));
    }

    #[ink::test]
    fn a_zero_pauser_disables_pausing() {
        let mut p = Pausable::new(pauser());
        p.set_pauser(Address::zero());
        assert_eq!(p.pause(pauser()), Err(Error::Unauthorized { account: pauser() }));
    }
}
