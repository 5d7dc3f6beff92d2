//! Pausing with OpenZeppelin's `Pausable` events and errors, by one pauser
//! account the owner sets (the tokens' mint gate and the pools).

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
    /// The account that may pause.
    pub fn pauser(&self) -> Address {
        self.pauser
    }

    /// Whether the contract is paused.
    pub fn paused(&self) -> bool {
        self.paused
    }
}
