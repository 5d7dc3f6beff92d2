//! The rebasing bond token, for Arbitrum Stylus: one
//! contract type, deployed as aAVAXb, aKSMb and aDOTb.
//!
//! Holdings are stored as shares of the pool; balances are shown in the
//! staked asset, `shares * 1e18 / ratio` (rounded down), so they grow as
//! the ratio falls while the share count stays fixed ("aKSMb always
//! represents 1 KSM"). The ratio is read from the ratio feed under a
//! configured token: the pool's certificate (aAVAXb shares ankrAVAX's
//! ratio) or, when none is given, the bond token itself (aKSMb, aDOTb).
//!
//! Amounts in `transfer`, `approve` and `transferFrom` are bond units. A
//! transfer moves the shares worth `amount`, rounded **up**, so a transfer
//! never moves more value than the sender gave up. Every balance change
//! emits ERC-20 `Transfer` (amount) and `SharesTransferred` (amount and
//! shares). Only the pool mints and burns, in shares.
//!
//! Every message is [`lst_app::bond_token`]'s (its pool and pause
//! [`lst_app::gate`]'s), where an auditor reads it once for both
//! platforms; this crate lays out the storage, declares the ABI, keeps the
//! ownership in OpenZeppelin's `Ownable2Step` and dispatches.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use lst_app::bond_token as app;
use lst_stylus_common::{gate::MintGate, Failure};
use openzeppelin_stylus::access::ownable_two_step::{IOwnable2Step, Ownable2Step};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageB256, StorageMap, StorageU256},
};

lst_stylus_common::sol_abi! {
    /// Shares moved between accounts (zero `from`: minted, zero `to`:
    /// burned), with the bond amount they were worth.
    #[derive(Debug, PartialEq, Eq)]
    event SharesTransferred(address indexed from, address indexed to, uint256 amount, uint256 shares);

    /// A name or symbol longer than 32 bytes.
    #[derive(Debug, PartialEq, Eq)]
    error MetadataTooLong();
}

/// Every way a call to the bond token fails: the app layer's refusal.
pub type Error = Failure;

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::BOND_TOKEN;

/// `text` zero-padded into one word (the app layer has checked it fits).
fn short_string(text: &str) -> B256 {
    let bytes = text.as_bytes();
    let mut word = [0_u8; 32];
    if let Some(start) = word.get_mut(..bytes.len()) {
        start.copy_from_slice(bytes);
    }
    B256::from(word)
}

/// The text stored by [`short_string`] (up to its first zero byte).
fn from_short_string(word: B256) -> String {
    let len = word.iter().position(|b| *b == 0).unwrap_or(32);
    String::from_utf8(word.get(..len).unwrap_or_default().to_vec()).unwrap_or_default()
}

/// The bond token's state.
#[entrypoint]
#[storage]
pub struct BondToken {
    ownable: Ownable2Step,
    /// The pool (only minter and burner), the pauser and the pause flag.
    gate: MintGate,
    /// Shares per holder.
    shares: StorageMap<Address, StorageU256>,
    /// Shares outstanding.
    total_shares: StorageU256,
    /// Allowances in bond units: owner → spender → amount.
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
    /// Name and symbol, UTF-8, zero-padded to 32 bytes (a fixed slot each:
    /// cheaper in code than dynamic strings).
    name: StorageB256,
    symbol: StorageB256,
    /// The ratio feed.
    feed: StorageAddress,
    /// The token whose ratio applies; zero means this token.
    ratio_token: StorageAddress,
}

lst_stylus_common::app_host!(BondToken);
lst_app::store_in!(gate: BondToken, gate);

impl lst_app::Owned for BondToken {
    fn owner(&self) -> lst_app::Address {
        self.ownable.owner().into_array()
    }
}

impl lst_app::erc20::Allowances for BondToken {
    fn allowance(&self, owner: lst_app::Address, spender: lst_app::Address) -> U256 {
        self.allowances.getter(Address::from(owner)).get(Address::from(spender))
    }

    fn set_allowance(&mut self, owner: lst_app::Address, spender: lst_app::Address, value: U256) {
        self.allowances.setter(Address::from(owner)).setter(Address::from(spender)).set(value);
    }
}

impl app::Store for BondToken {
    fn shares(&self, holder: lst_app::Address) -> U256 {
        self.shares.get(Address::from(holder))
    }

    fn set_shares(&mut self, holder: lst_app::Address, shares: U256) {
        self.shares.setter(Address::from(holder)).set(shares);
    }

    fn total_shares(&self) -> U256 {
        self.total_shares.get()
    }

    fn set_total_shares(&mut self, shares: U256) {
        self.total_shares.set(shares);
    }

    fn feed(&self) -> lst_app::Address {
        self.feed.get().into_array()
    }

    fn ratio_token_setting(&self) -> lst_app::Address {
        self.ratio_token.get().into_array()
    }

    fn init_settings(&mut self, feed: lst_app::Address, ratio_token: lst_app::Address, name: &str, symbol: &str) {
        self.feed.set(Address::from(feed));
        self.ratio_token.set(Address::from(ratio_token));
        self.name.set(short_string(name));
        self.symbol.set(short_string(symbol));
    }
}

/// The ABI entry points: each runs the message of [`lst_app::bond_token`]
/// (the pool and the pause [`lst_app::gate`]'s and
/// [`lst_app::pausable`]'s; ownership OpenZeppelin's).
#[public]
#[implements(IOwnable2Step<Error = Error>)]
impl BondToken {
    /// Makes `admin` the owner and the pauser (see
    /// [`lst_app::bond_token::init`]).
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        feed: Address,
        ratio_token: Address,
        name: String,
        symbol: String,
    ) -> Result<(), Error> {
        self.ownable.constructor(admin)?;
        Ok(app::init(self, admin.into_array(), feed.into_array(), ratio_token.into_array(), &name, &symbol)?)
    }

    /// The token's name (e.g. "Ankr AVAX Reward Earning Bond").
    pub fn name(&self) -> String {
        from_short_string(self.name.get())
    }

    /// The token's symbol.
    pub fn symbol(&self) -> String {
        from_short_string(self.symbol.get())
    }

    /// 18, as the staked assets' wei.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// See [`lst_app::bond_token::ratio`].
    pub fn ratio(&self) -> Result<U256, Error> {
        Ok(app::ratio(self)?)
    }

    /// See [`lst_app::bond_token::ratio_token`].
    pub fn ratio_token(&self) -> Address {
        Address::from(app::ratio_token(self))
    }

    /// The ratio feed.
    pub fn feed(&self) -> Address {
        self.feed.get()
    }

    /// See [`lst_app::bond_token::total_supply`].
    pub fn total_supply(&self) -> Result<U256, Error> {
        Ok(app::total_supply(self)?)
    }

    /// See [`lst_app::bond_token::balance_of`].
    pub fn balance_of(&self, account: Address) -> Result<U256, Error> {
        Ok(app::balance_of(self, account.into_array())?)
    }

    /// `account`'s shares.
    pub fn shares_of(&self, account: Address) -> U256 {
        self.shares.get(account)
    }

    /// Shares outstanding.
    pub fn total_shares(&self) -> U256 {
        self.total_shares.get()
    }

    /// See [`lst_app::bond_token::transfer`].
    pub fn transfer(&mut self, to: Address, amount: U256) -> Result<bool, Error> {
        Ok(app::transfer(self, to.into_array(), amount)?)
    }

    /// What `spender` may move of `owner`'s bonds.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// See [`lst_app::bond_token::approve`].
    pub fn approve(&mut self, spender: Address, amount: U256) -> Result<bool, Error> {
        Ok(app::approve(self, spender.into_array(), amount)?)
    }

    /// See [`lst_app::bond_token::transfer_from`].
    pub fn transfer_from(&mut self, from: Address, to: Address, amount: U256) -> Result<bool, Error> {
        Ok(app::transfer_from(self, from.into_array(), to.into_array(), amount)?)
    }

    /// See [`lst_app::bond_token::mint_shares`].
    pub fn mint_shares(&mut self, to: Address, shares: U256) -> Result<(), Error> {
        Ok(app::mint_shares(self, to.into_array(), shares)?)
    }

    /// See [`lst_app::bond_token::burn_shares`].
    pub fn burn_shares(&mut self, from: Address, shares: U256) -> Result<(), Error> {
        Ok(app::burn_shares(self, from.into_array(), shares)?)
    }

    /// The pool allowed to mint and burn (zero until set).
    pub fn pool(&self) -> Address {
        self.gate.pool()
    }

    /// The account allowed to pause.
    pub fn pauser(&self) -> Address {
        self.gate.pauser()
    }

    /// Whether transfers, minting and burning are stopped.
    pub fn paused(&self) -> bool {
        self.gate.paused()
    }

    /// See [`lst_app::gate::set_pool`].
    pub fn set_pool(&mut self, pool: Address) -> Result<(), Error> {
        Ok(lst_app::gate::set_pool(self, pool.into_array())?)
    }

    /// See [`lst_app::pausable::set_pauser`].
    pub fn set_pauser(&mut self, pauser: Address) -> Result<(), Error> {
        Ok(lst_app::pausable::set_pauser(self, pauser.into_array())?)
    }

    /// See [`lst_app::pausable::pause`].
    pub fn pause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::pause(self)?)
    }

    /// See [`lst_app::pausable::unpause`].
    pub fn unpause(&mut self) -> Result<(), Error> {
        Ok(lst_app::pausable::unpause(self)?)
    }
}

lst_stylus_common::public_ownable2step!(BondToken, ownable);

#[cfg(test)]
mod tests;
