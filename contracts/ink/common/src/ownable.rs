//! Two-step ownership on ink!: the storage of `lst_app::ownable`, whose
//! messages (`transferOwnership`, `acceptOwnership`, `renounceOwnership`,
//! their events and errors, OpenZeppelin's `Ownable2Step` ABI) are written
//! once in the app layer. A contract keeps one [`Ownable2Step`] and gets
//! the five messages from `#[lst_ink_common::ownable_messages(field)]`.
//! The events stay declared here for cargo-contract's ABI; the app layer
//! logs them.

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

crate::app_host!(Ownable2Step);

impl lst_app::Owned for Ownable2Step {
    fn owner(&self) -> lst_app::Address {
        self.owner.0
    }
}

impl lst_app::ownable::Store for Ownable2Step {
    fn pending_owner(&self) -> lst_app::Address {
        self.pending.0
    }

    fn set_owner(&mut self, owner: lst_app::Address) {
        self.owner = Address::from(owner);
    }

    fn set_pending_owner(&mut self, pending: lst_app::Address) {
        self.pending = Address::from(pending);
    }
}

impl Ownable2Step {
    /// The owner (zero once renounced).
    pub fn owner(&self) -> Address {
        self.owner
    }

    /// The account that may accept ownership (zero when none).
    pub fn pending_owner(&self) -> Address {
        self.pending
    }
}
