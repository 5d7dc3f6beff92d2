//! Two-step ownership with OpenZeppelin's `Ownable2Step` ABI: `owner()`,
//! `pendingOwner()`, `transferOwnership`, `acceptOwnership`,
//! `renounceOwnership`, and their events and errors.

use crate::{Error, Result};
use ink::Address;

/// Ownership moved from `previousOwner` to `newOwner`.
#[ink::event]
#[allow(non_snake_case)]
pub struct OwnershipTransferred {
    /// The owner before.
    #[ink(topic)]
    pub previousOwner: Address,
    /// The owner now (zero after a renounce).
    #[ink(topic)]
    pub newOwner: Address,
}

/// `newOwner` may now accept ownership.
#[ink::event]
#[allow(non_snake_case)]
pub struct OwnershipTransferStarted {
    /// The current owner.
    #[ink(topic)]
    pub previousOwner: Address,
    /// The pending owner.
    #[ink(topic)]
    pub newOwner: Address,
}

/// The owner and the pending owner.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Ownable2Step {
    owner: Address,
    pending: Address,
}

impl Ownable2Step {
    /// Makes `owner` the first owner; `OwnableInvalidOwner(0)` for zero.
    pub fn init(&mut self, owner: Address) -> Result<()> {
        if owner == Address::zero() {
            return Err(Error::OwnableInvalidOwner { owner });
        }
        self.transfer(owner);
        Ok(())
    }

    /// The owner (zero once renounced).
    pub fn owner(&self) -> Address {
        self.owner
    }

    /// The account that may accept ownership (zero when none).
    pub fn pending_owner(&self) -> Address {
        self.pending
    }

    /// `OwnableUnauthorizedAccount(caller)` unless `caller` is the owner.
    pub fn only_owner(&self, caller: Address) -> Result<()> {
        if caller != self.owner {
            return Err(Error::OwnableUnauthorizedAccount { account: caller });
        }
        Ok(())
    }

    /// Owner: offers ownership to `new_owner` (zero cancels an offer).
    pub fn transfer_ownership(&mut self, caller: Address, new_owner: Address) -> Result<()> {
        self.only_owner(caller)?;
        self.pending = new_owner;
        ink::env::emit_event(OwnershipTransferStarted { previousOwner: self.owner, newOwner: new_owner });
        Ok(())
    }

    /// Pending owner: takes ownership.
    pub fn accept_ownership(&mut self, caller: Address) -> Result<()> {
        if caller != self.pending {
            return Err(Error::OwnableUnauthorizedAccount { account: caller });
        }
        self.transfer(caller);
        Ok(())
    }

    /// Owner: leaves the contract without an owner, for good.
    pub fn renounce_ownership(&mut self, caller: Address) -> Result<()> {
        self.only_owner(caller)?;
        self.transfer(Address::zero());
        Ok(())
    }

    fn transfer(&mut self, new_owner: Address) {
        let previous = self.owner;
        self.pending = Address::zero();
        self.owner = new_owner;
        ink::env::emit_event(OwnershipTransferred { previousOwner: previous, newOwner: new_owner });
    }
}
