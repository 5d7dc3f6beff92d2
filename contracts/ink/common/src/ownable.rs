//! Two-step ownership on ink!: the storage of `lst_app::ownable`, whose
//! messages (`transferOwnership`, `acceptOwnership`, `renounceOwnership`,
//! their events and errors, OpenZeppelin's `Ownable2Step` ABI) are written
//! once in the app layer. A contract keeps one [`Ownable2Step`] and gets
//! the five messages from `#[lst_ink_common::ownable_messages(field)]`.
//! The events stay declared here for cargo-contract's ABI; the app layer
//! logs them.

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
    /// See `lst_app::ownable::init`, for a contract whose own messages
    /// are not in the app layer yet.
    pub fn init(&mut self, owner: Address) -> Result<()> {
        Ok(lst_app::ownable::init(self, owner.0)?)
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
}

/// The two tokens' ownership, until their messages move to the app layer:
/// the same rules as `lst_app::ownable`, with ink!'s own events and
/// errors. A token has no bytes for both error encoders and both log
/// writers (measured: CertToken 34,348 bytes through the app layer's
/// ownership against a 32,768 budget), so it keeps these until its
/// ERC-20 messages log and refuse through the app layer too; they go then.
impl Ownable2Step {
    /// Makes `owner` the first owner; `OwnableInvalidOwner(0)` for zero.
    pub fn init_native(&mut self, owner: Address) -> Result<()> {
        if owner == Address::zero() {
            return Err(Error::OwnableInvalidOwner { owner });
        }
        self.transfer(owner);
        Ok(())
    }

    /// Owner: offers ownership to `new_owner` (zero cancels an offer).
    pub fn transfer_ownership(&mut self, caller: Address, new_owner: Address) -> Result<()> {
        self.only_owner(caller)?;
        self.pending = new_owner;
        crate::emit(OwnershipTransferStarted { previousOwner: self.owner, newOwner: new_owner });
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
        crate::emit(OwnershipTransferred { previousOwner: previous, newOwner: new_owner });
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, last_log, log_count, word, Log};

    fn owner() -> Address {
        account(1)
    }

    fn bob() -> Address {
        account(2)
    }

    fn owned() -> Ownable2Step {
        let mut o = Ownable2Step::default();
        o.init_native(owner()).unwrap();
        o
    }

    fn transferred(from: Address, to: Address) -> Log {
        Log::new("OwnershipTransferred(address,address)", vec![word(from), word(to)], vec![])
    }

    #[ink::test]
    fn the_first_owner_is_set_with_an_event() {
        let o = owned();
        assert_eq!((o.owner(), o.pending_owner()), (owner(), Address::zero()));
        assert_eq!(last_log(), transferred(Address::zero(), owner()));
    }

    #[ink::test]
    fn a_zero_first_owner_is_ownable_invalid_owner() {
        let mut o = Ownable2Step::default();
        assert_eq!(o.init_native(Address::zero()), Err(Error::OwnableInvalidOwner { owner: Address::zero() }));
        assert_eq!((o.owner(), log_count()), (Address::zero(), 0));
    }

    #[ink::test]
    fn ownership_moves_in_two_steps() {
        let mut o = owned();
        assert_eq!(o.transfer_ownership(owner(), bob()), Ok(()));
        assert_eq!((o.owner(), o.pending_owner()), (owner(), bob()));
        assert_eq!(
            last_log(),
            Log::new("OwnershipTransferStarted(address,address)", vec![word(owner()), word(bob())], vec![])
        );
        assert_eq!(o.accept_ownership(bob()), Ok(()));
        assert_eq!((o.owner(), o.pending_owner()), (bob(), Address::zero()));
        assert_eq!(last_log(), transferred(owner(), bob()));
    }

    #[ink::test]
    fn only_the_owner_offers_ownership() {
        let mut o = owned();
        let events = log_count();
        assert_eq!(o.transfer_ownership(bob(), bob()), Err(Error::OwnableUnauthorizedAccount { account: bob() }));
        assert_eq!((o.pending_owner(), log_count()), (Address::zero(), events));
    }

    #[ink::test]
    fn only_the_pending_owner_accepts() {
        let mut o = owned();
        o.transfer_ownership(owner(), bob()).unwrap();
        let events = log_count();
        let stranger = account(3);
        assert_eq!(o.accept_ownership(stranger), Err(Error::OwnableUnauthorizedAccount { account: stranger }));
        assert_eq!(o.accept_ownership(owner()), Err(Error::OwnableUnauthorizedAccount { account: owner() }));
        assert_eq!((o.owner(), o.pending_owner(), log_count()), (owner(), bob(), events));
    }

    #[ink::test]
    fn offering_to_zero_cancels_an_offer() {
        let mut o = owned();
        o.transfer_ownership(owner(), bob()).unwrap();
        o.transfer_ownership(owner(), Address::zero()).unwrap();
        assert_eq!(o.accept_ownership(bob()), Err(Error::OwnableUnauthorizedAccount { account: bob() }));
        assert_eq!(o.owner(), owner());
    }

    #[ink::test]
    fn renouncing_leaves_no_owner_for_good() {
        let mut o = owned();
        assert_eq!(o.renounce_ownership(bob()), Err(Error::OwnableUnauthorizedAccount { account: bob() }));
        assert_eq!(o.renounce_ownership(owner()), Ok(()));
        assert_eq!(o.owner(), Address::zero());
        assert_eq!(last_log(), transferred(owner(), Address::zero()));
        assert_eq!(o.only_owner(owner()), Err(Error::OwnableUnauthorizedAccount { account: owner() }));
    }
}
