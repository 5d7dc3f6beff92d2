//! The mint gate of the suite's tokens: exactly one pool (set once) may
//! mint and burn, a pauser may pause transfers and mints. Events and errors
//! match the Stylus `MintGate`.

use crate::pausable::Pausable;
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

impl lst_app::pausable::Store for MintGate {
    fn pauser(&self) -> lst_app::Address {
        lst_app::pausable::Store::pauser(&self.pausable)
    }

    fn set_pauser(&mut self, pauser: lst_app::Address) {
        lst_app::pausable::Store::set_pauser(&mut self.pausable, pauser);
    }

    fn paused(&self) -> bool {
        self.pausable.paused()
    }

    fn set_paused(&mut self, paused: bool) {
        lst_app::pausable::Store::set_paused(&mut self.pausable, paused);
    }
}

impl lst_app::gate::Store for MintGate {
    fn pool(&self) -> lst_app::Address {
        self.pool.0
    }

    fn set_pool(&mut self, pool: lst_app::Address) {
        self.pool = Address::from(pool);
    }
}

impl MintGate {
    /// The pool allowed to mint and burn (zero until set).
    pub fn pool(&self) -> Address {
        self.pool
    }
}
