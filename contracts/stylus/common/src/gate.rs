//! The mint gate of a token on Stylus: the storage of [`lst_app::gate`]
//! and [`lst_app::pausable`] (the one pool that may mint and burn, fixed
//! once by the owner, and the pauser who stops transfers, minting and
//! burning), whose messages are written once for both platforms. The
//! events stay declared here for the ABI export; the app layer logs them.

use alloc::{vec, vec::Vec};
use alloy_primitives::Address;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool},
};

crate::sol_abi! {
    /// The pool that mints and burns was fixed.
    #[derive(Debug, PartialEq, Eq)]
    event PoolSet(address indexed pool);
    /// The pauser changed.
    #[derive(Debug, PartialEq, Eq)]
    event PauserChanged(address indexed previousPauser, address indexed newPauser);
}

/// The pause flag, the pool and the pauser: the flag and the pool share a
/// slot (1 + 20 bytes), the pauser takes the next. No nested struct inside,
/// so stylus-sdk 0.9 counts the slots right (it undercounts a struct whose
/// nested struct follows a partly filled slot; the test pins the count).
#[storage]
pub struct MintGate {
    paused: StorageBool,
    pool: StorageAddress,
    pauser: StorageAddress,
}

/// Implements [`lst_app::pausable::Store`] for a Stylus struct over its
/// `pauser: StorageAddress` and `paused: StorageBool` fields (the mint
/// gate, the two pools).
#[macro_export]
macro_rules! pause_fields {
    ($contract:ty) => {
        impl lst_app::pausable::Store for $contract {
            fn pauser(&self) -> lst_app::Address {
                self.pauser.get().into_array()
            }

            fn set_pauser(&mut self, pauser: lst_app::Address) {
                self.pauser.set(alloy_primitives::Address::from(pauser));
            }

            fn paused(&self) -> bool {
                self.paused.get()
            }

            fn set_paused(&mut self, paused: bool) {
                self.paused.set(paused);
            }
        }
    };
}

crate::pause_fields!(MintGate);

impl lst_app::gate::Store for MintGate {
    fn pool(&self) -> lst_app::Address {
        self.pool.get().into_array()
    }

    fn set_pool(&mut self, pool: lst_app::Address) {
        self.pool.set(Address::from(pool));
    }
}

impl MintGate {
    /// The pool allowed to mint and burn (zero until set).
    pub fn pool(&self) -> Address {
        self.pool.get()
    }

    /// The account allowed to pause.
    pub fn pauser(&self) -> Address {
        self.pauser.get()
    }

    /// Whether transfers, minting and burning are stopped.
    pub fn paused(&self) -> bool {
        self.paused.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stylus_sdk::storage::StorageType;

    #[test]
    fn mint_gate_takes_two_slots() {
        assert_eq!(<MintGate as StorageType>::REQUIRED_SLOTS, 2);
    }
}
