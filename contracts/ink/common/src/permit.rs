//! EIP-2612 permits on ink!: the nonces `lst_app::permit` keeps (its
//! message, digest and errors are written once in the app layer).

use crate::{from_core, to_core};
use ink::{storage::Mapping, Address, U256};

/// Every holder's next permit nonce.
#[ink::storage_item]
#[derive(Default)]
pub struct Permits {
    nonces: Mapping<Address, U256>,
}

impl core::fmt::Debug for Permits {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Permits")
    }
}

impl Permits {
    /// `owner`'s next nonce.
    pub fn nonce(&self, owner: Address) -> U256 {
        self.nonces.get(owner).unwrap_or_default()
    }

    /// `owner`'s next nonce, as the app layer reads it.
    pub fn app_nonce(&self, owner: lst_app::Address) -> lst_app::U256 {
        to_core(self.nonce(Address::from(owner)))
    }

    /// Stores `owner`'s next nonce for the app layer.
    pub fn set_app_nonce(&mut self, owner: lst_app::Address, nonce: lst_app::U256) {
        self.nonces.insert(Address::from(owner), &from_core(nonce));
    }
}
