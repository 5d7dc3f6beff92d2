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
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use lst_core::{
    bond::{self, BondError},
    math, CoreError,
};
use lst_stylus_common::{
    gate::{GateError, MintGate},
    interfaces::IRatioFeed,
    ZeroAddress,
};
use openzeppelin_stylus::{
    access::{
        ownable,
        ownable_two_step::{IOwnable2Step, Ownable2Step},
    },
    token::erc20::{
        self, Approval, ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidApprover,
        ERC20InvalidReceiver, ERC20InvalidSender, ERC20InvalidSpender, Transfer,
    },
};
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

lst_stylus_common::contract_error! {
    /// Every way a call to the bond token fails.
    pub enum Error {
        /// ERC-20 errors (`ERC20InsufficientBalance`, `ERC20InsufficientAllowance`, …).
        Erc20(erc20::Error) => wrap,
        /// The mint gate: `Unauthorized`, `AlreadySet`, `ZeroAddress`,
        /// `EnforcedPause`, `ExpectedPause`.
        Gate(GateError) => wrap,
        /// Not the owner, or an invalid new owner.
        Ownable(ownable::Error) => wrap,
        /// See [`ZeroAddress`]: the feed cannot be the zero address.
        ZeroAddress(ZeroAddress) => sol,
        /// See [`MetadataTooLong`].
        MetadataTooLong(MetadataTooLong) => sol,
        /// A protocol rule of the core (`MathOverflow`, …).
        Core(CoreError) => core,
        /// The feed's revert, passed through (for example `UnknownToken`).
        Feed(Vec<u8>) => raw,
    }
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`), and its tests check every one they meet is
/// listed.
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::BOND_TOKEN;

/// A core bond rule's failure for `holder`: a shortfall is ERC-20's
/// `ERC20InsufficientBalance`.
fn bond_error(holder: Address, e: BondError) -> Error {
    match e {
        BondError::Core(e) => Error::Core(e),
        BondError::InsufficientBalance { balance, needed } => {
            Error::Erc20(erc20::Error::InsufficientBalance(ERC20InsufficientBalance {
                sender: holder,
                balance,
                needed,
            }))
        }
    }
}

/// OpenZeppelin's `_approve` checks: neither party of an allowance may be
/// the zero address.
fn check_parties(owner: Address, spender: Address) -> Result<(), Error> {
    if owner.is_zero() {
        return Err(Error::Erc20(erc20::Error::InvalidApprover(ERC20InvalidApprover { approver: owner })));
    }
    if spender.is_zero() {
        return Err(Error::Erc20(erc20::Error::InvalidSpender(ERC20InvalidSpender { spender })));
    }
    Ok(())
}

/// `text` zero-padded into one word; over 32 bytes is `MetadataTooLong`.
fn short_string(text: &str) -> Result<B256, Error> {
    let bytes = text.as_bytes();
    let mut word = [0_u8; 32];
    word.get_mut(..bytes.len()).ok_or(Error::MetadataTooLong(MetadataTooLong {}))?.copy_from_slice(bytes);
    Ok(B256::from(word))
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

impl BondToken {
    fn value_of(&self, shares: U256) -> Result<U256, Error> {
        Ok(math::bonds_from_shares(shares, self.ratio()?)?)
    }

    /// Moves the shares worth `amount` (rounded up) from `from` to `to`.
    fn move_bonds(&mut self, from: Address, to: Address, amount: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::Erc20(erc20::Error::InvalidSender(ERC20InvalidSender { sender: from })));
        }
        if to.is_zero() {
            return Err(Error::Erc20(erc20::Error::InvalidReceiver(ERC20InvalidReceiver { receiver: to })));
        }
        self.gate.check_not_paused()?;
        let held = self.shares.get(from);
        let shares = bond::transfer_shares(amount, held, self.ratio()?).map_err(|e| bond_error(from, e))?;
        if from != to {
            let from_after = math::sub(held, shares)?;
            let to_after = math::add(self.shares.get(to), shares)?;
            self.shares.setter(from).set(from_after);
            self.shares.setter(to).set(to_after);
        }
        self.emit_transfer(from, to, amount, shares);
        Ok(())
    }

    fn emit_transfer(&self, from: Address, to: Address, amount: U256, shares: U256) {
        log(self.vm(), Transfer { from, to, value: amount });
        log(self.vm(), SharesTransferred { from, to, amount, shares });
    }

    fn set_allowance(&mut self, owner: Address, spender: Address, value: U256) -> Result<(), Error> {
        check_parties(owner, spender)?;
        self.allowances.setter(owner).setter(spender).set(value);
        log(self.vm(), Approval { owner, spender, value });
        Ok(())
    }
}

#[public]
#[implements(IOwnable2Step<Error = Error>)]
impl BondToken {
    /// Makes `admin` the owner and the pauser; balances use the ratio of
    /// `ratio_token` in `feed` (zero `ratio_token`: this token's own).
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        feed: Address,
        ratio_token: Address,
        name: String,
        symbol: String,
    ) -> Result<(), Error> {
        if feed.is_zero() {
            return Err(Error::ZeroAddress(ZeroAddress {}));
        }
        self.ownable.constructor(admin)?;
        self.feed.set(feed);
        self.ratio_token.set(ratio_token);
        self.name.set(short_string(&name)?);
        self.symbol.set(short_string(&symbol)?);
        self.gate.set_pauser(admin);
        Ok(())
    }

    /// The token's name (e.g. "Ankr AVAX Reward Earning Bond").
    pub fn name(&self) -> String {
        from_short_string(self.name.get())
    }

    /// The token's symbol (e.g. "aAVAXb").
    pub fn symbol(&self) -> String {
        from_short_string(self.symbol.get())
    }

    /// 18, as the staked asset.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// The ratio balances are computed with (shares per asset, 1e18).
    pub fn ratio(&self) -> Result<U256, Error> {
        let token = self.ratio_token();
        IRatioFeed::new(self.feed.get()).get_ratio_for(self.vm(), token).map_err(Error::Feed)
    }

    /// The token the ratio is read for (this token unless configured).
    pub fn ratio_token(&self) -> Address {
        let configured = self.ratio_token.get();
        if configured.is_zero() {
            self.vm().contract_address()
        } else {
            configured
        }
    }

    /// The ratio feed.
    pub fn feed(&self) -> Address {
        self.feed.get()
    }

    /// All bonds, in asset units: `totalShares * 1e18 / ratio`, rounded down.
    pub fn total_supply(&self) -> Result<U256, Error> {
        self.value_of(self.total_shares.get())
    }

    /// `account`'s bonds, in asset units: `shares * 1e18 / ratio`, rounded down.
    pub fn balance_of(&self, account: Address) -> Result<U256, Error> {
        self.value_of(self.shares.get(account))
    }

    /// `account`'s shares.
    pub fn shares_of(&self, account: Address) -> U256 {
        self.shares.get(account)
    }

    /// Shares outstanding.
    pub fn total_shares(&self) -> U256 {
        self.total_shares.get()
    }

    /// Moves `amount` bonds (the shares worth it, rounded up) to `to`.
    pub fn transfer(&mut self, to: Address, amount: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self.move_bonds(from, to, amount)?;
        Ok(true)
    }

    /// Bonds `spender` may still move for `owner`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// Lets `spender` move up to `amount` of the caller's bonds.
    pub fn approve(&mut self, spender: Address, amount: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self.set_allowance(owner, spender, amount)?;
        Ok(true)
    }

    /// Moves `amount` bonds of `from` to `to`, spending the caller's
    /// allowance (an allowance of `type(uint256).max` is never spent).
    pub fn transfer_from(&mut self, from: Address, to: Address, amount: U256) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        let allowed = self.allowances.getter(from).get(spender);
        if allowed < amount {
            return Err(Error::Erc20(erc20::Error::InsufficientAllowance(ERC20InsufficientAllowance {
                spender,
                allowance: allowed,
                needed: amount,
            })));
        }
        if allowed != U256::MAX {
            // As OpenZeppelin's `_spendAllowance`, which re-approves a finite
            // allowance: a zero `from` is `ERC20InvalidApprover`.
            check_parties(from, spender)?;
        }
        self.move_bonds(from, to, amount)?;
        if allowed != U256::MAX {
            // `allowed >= amount` was checked above.
            self.allowances.setter(from).setter(spender).set(math::sub(allowed, amount)?);
        }
        Ok(true)
    }

    /// Pool: mints `shares` to `to`.
    pub fn mint_shares(&mut self, to: Address, shares: U256) -> Result<(), Error> {
        self.gate.check_mint(self.vm().msg_sender())?;
        if to.is_zero() {
            return Err(Error::Erc20(erc20::Error::InvalidReceiver(ERC20InvalidReceiver { receiver: to })));
        }
        let amount = self.value_of(shares)?;
        let total = math::add(self.total_shares.get(), shares)?;
        let held = math::add(self.shares.get(to), shares)?;
        self.total_shares.set(total);
        self.shares.setter(to).set(held);
        self.emit_transfer(Address::ZERO, to, amount, shares);
        Ok(())
    }

    /// Pool: burns `shares` of `from` (no allowance: the pool burns only
    /// what the holder asked it to redeem).
    pub fn burn_shares(&mut self, from: Address, shares: U256) -> Result<(), Error> {
        self.gate.check_mint(self.vm().msg_sender())?;
        let held = self.shares.get(from);
        let amount = bond::burn_value(shares, held, self.ratio()?).map_err(|e| bond_error(from, e))?;
        let total = math::sub(self.total_shares.get(), shares)?;
        self.shares.setter(from).set(math::sub(held, shares)?);
        self.total_shares.set(total);
        self.emit_transfer(from, Address::ZERO, amount, shares);
        Ok(())
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

    /// Owner, once: fixes the pool that mints and burns.
    pub fn set_pool(&mut self, pool: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        Ok(self.gate.set_pool(pool)?)
    }

    /// Owner: changes the pauser.
    pub fn set_pauser(&mut self, pauser: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        self.gate.set_pauser(pauser);
        Ok(())
    }

    /// Pauser: stops transfers, minting and burning.
    pub fn pause(&mut self) -> Result<(), Error> {
        Ok(self.gate.pause(self.vm().msg_sender())?)
    }

    /// Pauser: resumes transfers, minting and burning.
    pub fn unpause(&mut self) -> Result<(), Error> {
        Ok(self.gate.unpause(self.vm().msg_sender())?)
    }
}

lst_stylus_common::public_ownable2step!(BondToken, ownable);

#[cfg(test)]
mod tests;
