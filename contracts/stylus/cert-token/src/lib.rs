//! ankrAVAX, the AVAX certificate token, for Arbitrum Stylus.
//!
//! A plain ERC-20 (18 decimals) with EIP-2612 `permit`, whose value grows
//! against AVAX as the ratio falls: one ankrAVAX is worth `1e18 / ratio`
//! AVAX. The ratio is read from the ratio feed under this token's
//! own address. Only the pool, fixed once by the owner, mints and burns; the
//! pauser stops transfers, minting and burning.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use lst_core::claim;
use lst_stylus_common::erc5267::Eip712Domain as Erc5267Domain;
use lst_stylus_common::{gate::MintGate, interfaces, Failure};
use openzeppelin_stylus::{
    access::{
        ownable,
        ownable_two_step::{IOwnable2Step, Ownable2Step},
    },
    token::erc20::{
        extensions::{permit, Erc20Permit, IErc20Permit},
        Erc20, IErc20,
    },
    utils::{
        cryptography::{ecdsa::ECDSAInvalidSignature, eip712::IEip712},
        nonces::{INonces, Nonces},
        IPausable,
    },
};
use stylus_sdk::{prelude::*, storage::StorageAddress};

/// The token's name.
pub const NAME: &str = lst_app::cert_token::NAME;
/// The token's symbol.
pub const SYMBOL: &str = lst_app::cert_token::SYMBOL;

lst_stylus_common::contract_error! {
    /// Every way a call to the token fails.
    pub enum Error {
        /// ERC-20 and permit errors (`ERC20InsufficientBalance`, `ERC2612InvalidSigner`, …).
        Permit(permit::Error) => wrap,
        /// Not the owner, or an invalid new owner.
        Ownable(ownable::Error) => wrap,
        /// The token's own messages, written once in the app layer
        /// (`lst_app::cert_token`: the gate, the pause, the ratio and the
        /// feed's revert passed on, core rules, a zero feed).
        Gate(Failure) => wrap,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::CERT_TOKEN;

impl From<openzeppelin_stylus::token::erc20::Error> for Error {
    fn from(e: openzeppelin_stylus::token::erc20::Error) -> Self {
        Self::Permit(e.into())
    }
}

/// The app layer's refusals (the mint gate, the pause).
impl From<lst_app::Error> for Error {
    fn from(e: lst_app::Error) -> Self {
        Self::Gate(Failure(e))
    }
}

/// The EIP-712 domain of `permit`: name "Ankr Staked AVAX", version "1".
#[storage]
pub struct PermitDomain;

impl IEip712 for PermitDomain {
    const NAME: &'static str = NAME;
    const VERSION: &'static str = "1";
}

/// Keccak-256 for the core's permit digest (the host's, through alloy).
struct Keccak;

impl claim::Keccak256 for Keccak {
    fn keccak256(&self, data: &[u8]) -> [u8; 32] {
        alloy_primitives::keccak256(data).0
    }
}

/// The certificate token's state.
#[entrypoint]
#[storage]
pub struct CertToken {
    erc20: Erc20,
    nonces: Nonces,
    permit: Erc20Permit<PermitDomain>,
    ownable: Ownable2Step,
    /// The pool (only minter and burner), the pauser and the pause flag.
    gate: MintGate,
    /// The ratio feed that answers `ratio()`.
    feed: StorageAddress,
}

lst_stylus_common::app_host!(CertToken);
lst_app::store_in!(gate: CertToken, gate);

impl lst_app::Owned for CertToken {
    fn owner(&self) -> lst_app::Address {
        self.ownable.owner().into_array()
    }
}

impl lst_app::cert_token::Store for CertToken {
    fn feed(&self) -> lst_app::Address {
        self.feed.get().into_array()
    }

    fn set_feed(&mut self, feed: lst_app::Address) {
        self.feed.set(Address::from(feed));
    }
}

/// Minting and burning on OpenZeppelin's `Erc20` (its refusals passed on
/// as their revert data).
impl lst_app::cert_token::Minter for CertToken {
    fn mint_to(&mut self, to: lst_app::Address, amount: U256) -> lst_app::Result<()> {
        self.erc20._mint(Address::from(to), amount).map_err(|e| lst_app::Error::Revert(e.into()))
    }

    fn burn_from(&mut self, from: lst_app::Address, amount: U256) -> lst_app::Result<()> {
        self.erc20._burn(Address::from(from), amount).map_err(|e| lst_app::Error::Revert(e.into()))
    }
}

#[public]
#[implements(IErc20<Error = Error>, INonces, IErc20Permit<Error = Error>, IPausable, IOwnable2Step<Error = Error>)]
impl CertToken {
    /// Makes `admin` the owner and the pauser, and reads ratios from `feed`.
    #[constructor]
    pub fn constructor(&mut self, admin: Address, feed: Address) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        Ok(lst_app::cert_token::init(self, admin.into_array(), feed.into_array())?)
    }

    /// See [`lst_app::cert_token::ratio`].
    pub fn ratio(&self) -> Result<U256, Error> {
        Ok(lst_app::cert_token::ratio(self)?)
    }

    /// See [`lst_app::cert_token::shares_to_bonds`].
    pub fn shares_to_bonds(&self, shares: U256) -> Result<U256, Error> {
        Ok(lst_app::cert_token::shares_to_bonds(self, shares)?)
    }

    /// See [`lst_app::cert_token::bonds_to_shares`].
    pub fn bonds_to_shares(&self, bonds: U256) -> Result<U256, Error> {
        Ok(lst_app::cert_token::bonds_to_shares(self, bonds)?)
    }

    /// "Ankr Staked AVAX".
    pub fn name(&self) -> String {
        String::from(NAME)
    }

    /// "ankrAVAX".
    pub fn symbol(&self) -> String {
        String::from(SYMBOL)
    }

    /// 18, as AVAX.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// ERC-5267: the EIP-712 domain permits are signed under (name,
    /// version, chain id and this token's address).
    #[selector(name = "eip712Domain")]
    pub fn eip712_domain(&self) -> Erc5267Domain {
        Erc5267Domain::of::<PermitDomain>()
    }

    /// See [`lst_app::cert_token::mint`].
    pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        Ok(lst_app::cert_token::mint(self, to.into_array(), amount)?)
    }

    /// See [`lst_app::cert_token::burn`].
    pub fn burn(&mut self, from: Address, amount: U256) -> Result<(), Error> {
        Ok(lst_app::cert_token::burn(self, from.into_array(), amount)?)
    }

    /// The pool allowed to mint and burn (zero until set).
    pub fn pool(&self) -> Address {
        self.gate.pool()
    }

    /// The account allowed to pause.
    pub fn pauser(&self) -> Address {
        self.gate.pauser()
    }

    /// The ratio feed.
    pub fn feed(&self) -> Address {
        self.feed.get()
    }

    /// Owner, once: fixes the pool that mints and burns.
    pub fn set_pool(&mut self, pool: Address) -> Result<(), Error> {
        Ok(lst_app::gate::set_pool(self, pool.into_array())?)
    }

    /// Owner: changes the pauser.
    pub fn set_pauser(&mut self, pauser: Address) -> Result<(), Error> {
        Ok(lst_app::pausable::set_pauser(self, pauser.into_array())?)
    }

    /// Pauser: stops transfers, minting and burning.
    pub fn pause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::pause(self)?)
    }

    /// Pauser: resumes transfers, minting and burning.
    pub fn unpause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::unpause(self)?)
    }
}

#[public]
impl IErc20 for CertToken {
    type Error = Error;

    fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        lst_app::pausable::when_not_paused(self)?;
        Ok(self.erc20.transfer(to, value)?)
    }

    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        Ok(self.erc20.approve(spender, value)?)
    }

    fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool, Error> {
        lst_app::pausable::when_not_paused(self)?;
        Ok(self.erc20.transfer_from(from, to, value)?)
    }
}

#[public]
impl INonces for CertToken {
    fn nonces(&self, owner: Address) -> U256 {
        self.nonces.nonces(owner)
    }
}

#[public]
impl IErc20Permit for CertToken {
    type Error = Error;

    #[selector(name = "DOMAIN_SEPARATOR")]
    fn domain_separator(&self) -> B256 {
        self.permit.domain_separator()
    }

    #[allow(clippy::too_many_arguments)]
    fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        // OpenZeppelin 0.3's permit panics (a trap, no revert data) when
        // ecrecover recovers no key; such a signature fails by name here
        // first (see `lst_stylus_common::interfaces::ecrecover`).
        let permit = claim::Permit {
            owner: owner.into_array(),
            spender: spender.into_array(),
            value,
            nonce: self.nonces.nonces(owner),
            deadline,
        };
        let separator = self.permit.domain_separator().0;
        let digest = claim::typed_data_digest(&Keccak, &separator, &claim::permit_struct_hash(&Keccak, &permit));
        // An expired permit and a high `s` are left to OpenZeppelin's
        // errors, which come first (as on ink!).
        let live = U256::from(self.vm().block_timestamp()) <= deadline;
        let low_s = U256::from_be_bytes(s.0) <= claim::SECP256K1_N_HALF;
        if live && low_s && interfaces::ecrecover(self.vm(), B256::from(digest), v, r, s).is_none() {
            return Err(Error::Permit(permit::Error::InvalidSignature(ECDSAInvalidSignature {})));
        }
        Ok(self.permit.permit(owner, spender, value, deadline, v, r, s, &mut self.erc20, &mut self.nonces)?)
    }
}

#[public]
impl IPausable for CertToken {
    fn paused(&self) -> bool {
        self.gate.paused()
    }
}

lst_stylus_common::public_ownable2step!(CertToken, ownable);

#[cfg(test)]
mod tests;
