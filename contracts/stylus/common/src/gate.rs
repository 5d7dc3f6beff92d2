//! The mint gate of a token: the one pool that may mint and burn (fixed once
//! by the owner), and the pauser who stops transfers, minting and burning.
//! Shared by the certificate and bond tokens so the rule is written once.

use alloc::{vec, vec::Vec};
use alloy_primitives::Address;
use alloy_sol_types::SolError;
use openzeppelin_stylus::utils::{pausable, IPausable, Pausable};
use stylus_sdk::{prelude::*, storage::StorageAddress};

use crate::{AlreadySet, Unauthorized, ZeroAddress};

crate::sol_abi! {
    /// The pool that may mint and burn was fixed.
    #[derive(Debug, PartialEq, Eq)]
    event PoolSet(address indexed pool);
    /// The account that may pause and unpause changed.
    #[derive(Debug, PartialEq, Eq)]
    event PauserChanged(address indexed previousPauser, address indexed newPauser);
}

/// Why the gate refused.
#[derive(Debug)]
pub enum GateError {
    /// See [`Unauthorized`]: not the pool, or not the pauser.
    Unauthorized(Unauthorized),
    /// See [`AlreadySet`]: the pool is fixed once.
    AlreadySet(AlreadySet),
    /// See [`ZeroAddress`]: the pool cannot be the zero address.
    ZeroAddress(ZeroAddress),
    /// `EnforcedPause` / `ExpectedPause`.
    Pausable(pausable::Error),
}

impl From<pausable::Error> for GateError {
    fn from(e: pausable::Error) -> Self {
        Self::Pausable(e)
    }
}

impl From<GateError> for Vec<u8> {
    fn from(e: GateError) -> Vec<u8> {
        match e {
            GateError::Unauthorized(e) => e.abi_encode(),
            GateError::AlreadySet(e) => e.abi_encode(),
            GateError::ZeroAddress(e) => e.abi_encode(),
            GateError::Pausable(e) => e.into(),
        }
    }
}

fn unauthorized(account: Address) -> GateError {
    GateError::Unauthorized(Unauthorized { account })
}

/// The pool, the pauser and the pause flag of one token.
///
/// Field order matters: stylus-sdk 0.9 undercounts a struct's slots when a
/// nested struct follows a partly filled slot, and the next field of the
/// outer struct then overlaps it. Nested structs come first here (the test
/// `mint_gate_takes_three_slots` pins it).
#[storage]
pub struct MintGate {
    pausable: Pausable,
    pool: StorageAddress,
    pauser: StorageAddress,
}

impl MintGate {
    /// The pool allowed to mint and burn (zero until fixed).
    pub fn pool(&self) -> Address {
        self.pool.get()
    }

    /// The account allowed to pause and unpause.
    pub fn pauser(&self) -> Address {
        self.pauser.get()
    }

    /// Whether transfers, minting and burning are stopped.
    pub fn paused(&self) -> bool {
        self.pausable.paused()
    }

    /// Fails unless `caller` is the pool and the token is not paused.
    pub fn check_mint(&self, caller: Address) -> Result<(), GateError> {
        if caller.is_zero() || caller != self.pool.get() {
            return Err(unauthorized(caller));
        }
        Ok(self.pausable.when_not_paused()?)
    }

    /// Fails while the token is paused.
    pub fn check_not_paused(&self) -> Result<(), GateError> {
        Ok(self.pausable.when_not_paused()?)
    }

    /// Fixes the pool, once (the caller checked the owner).
    pub fn set_pool(&mut self, pool: Address) -> Result<(), GateError> {
        if pool.is_zero() {
            return Err(GateError::ZeroAddress(ZeroAddress {}));
        }
        if !self.pool.get().is_zero() {
            return Err(GateError::AlreadySet(AlreadySet {}));
        }
        self.pool.set(pool);
        log(self.vm(), PoolSet { pool });
        Ok(())
    }

    /// Changes the pauser (the caller checked the owner).
    pub fn set_pauser(&mut self, pauser: Address) {
        let previous = self.pauser.get();
        self.pauser.set(pauser);
        log(self.vm(), PauserChanged { previousPauser: previous, newPauser: pauser });
    }

    /// Pauser: stops transfers, minting and burning.
    pub fn pause(&mut self, caller: Address) -> Result<(), GateError> {
        if caller != self.pauser.get() {
            return Err(unauthorized(caller));
        }
        Ok(self.pausable.pause()?)
    }

    /// Pauser: resumes transfers, minting and burning.
    pub fn unpause(&mut self, caller: Address) -> Result<(), GateError> {
        if caller != self.pauser.get() {
            return Err(unauthorized(caller));
        }
        Ok(self.pausable.unpause()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stylus_sdk::storage::StorageType;

    #[test]
    fn mint_gate_takes_three_slots() {
        assert_eq!(<MintGate as StorageType>::REQUIRED_SLOTS, 3);
    }
}
