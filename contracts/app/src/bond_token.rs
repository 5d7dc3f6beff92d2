//! `BondToken`: aAVAXb, aKSMb and aDOTb, the bond tokens.
//!
//! A holder owns shares; a balance is `shares × 1e18 / ratio` bonds, the
//! ratio read from the feed under [`ratio_token`] (this token itself, or
//! the certificate token whose ratio it shares), so balances grow as the
//! ratio falls. Transfers move the shares worth the amount, rounded up
//! (the protocol's favour: [`lst_core::bond`]). Only the pool mints and
//! burns, by shares; the pauser stops transfers, minting and burning
//! ([`crate::gate`]); the owner fixes the pool and names the pauser.

use crate::{calls, emit, erc20, gate, pausable, Address, Error, Host, Result, U256};
use lst_core::bond::{self, BondError};
use lst_core::math;

/// The longest name or symbol, in bytes (one storage word on Stylus).
pub const MAX_METADATA_LEN: usize = 32;

/// The token's storage, as each platform lays it out (its allowances are
/// [`erc20::Allowances`], its pool and pause [`gate::Store`]).
pub trait Store: gate::Store + erc20::Allowances {
    /// `holder`'s shares.
    fn shares(&self, holder: Address) -> U256;
    /// Stores `holder`'s shares.
    fn set_shares(&mut self, holder: Address, shares: U256);
    /// Shares outstanding.
    fn total_shares(&self) -> U256;
    /// Stores the shares outstanding.
    fn set_total_shares(&mut self, shares: U256);
    /// The ratio feed.
    fn feed(&self) -> Address;
    /// The token whose ratio applies, as deployed (zero: this token).
    fn ratio_token_setting(&self) -> Address;
    /// Stores the deployment's settings: the feed, the ratio token, the
    /// name and symbol (each at most [`MAX_METADATA_LEN`] bytes).
    fn init_settings(&mut self, feed: Address, ratio_token: Address, name: &str, symbol: &str);
}

crate::events! {
    /// `shares` worth `amount` bonds moved from `from` to `to` (beside
    /// ERC-20's `Transfer` of `amount`).
    SharesTransferred = "SharesTransferred(address,address,uint256,uint256)" {
        topics { from: Address, to: Address } data { amount: U256, shares: U256 }
    }
}

/// A core bond rule's failure for `holder`: a shortfall is ERC-20's
/// `ERC20InsufficientBalance`.
fn bond_error(holder: Address, e: BondError) -> Error {
    match e {
        BondError::Core(e) => e.into(),
        BondError::InsufficientBalance { balance, needed } => {
            Error::ERC20InsufficientBalance { sender: holder, balance: balance.into(), needed: needed.into() }
        }
    }
}

/// Deployment, after the platform made `admin` the owner: balances use
/// the ratio of `ratio_token` in `feed` (zero: this token's own), `admin`
/// pauses. `ZeroAddress` for a zero feed, `MetadataTooLong` for a name or
/// symbol over [`MAX_METADATA_LEN`] bytes.
pub fn init<C: Host + Store + ?Sized>(
    c: &mut C,
    admin: Address,
    feed: Address,
    ratio_token: Address,
    name: &str,
    symbol: &str,
) -> Result<()> {
    if feed == lst_core::ZERO_ADDRESS {
        return Err(Error::ZeroAddress {});
    }
    if name.len() > MAX_METADATA_LEN || symbol.len() > MAX_METADATA_LEN {
        return Err(Error::MetadataTooLong {});
    }
    c.init_settings(feed, ratio_token, name, symbol);
    pausable::replace_pauser(c, admin);
    Ok(())
}

// --- views ---

/// `ratioToken()`: the token whose ratio applies (this one unless deployed
/// with another).
pub fn ratio_token<C: Host + Store + ?Sized>(c: &C) -> Address {
    match c.ratio_token_setting() {
        lst_core::ZERO_ADDRESS => c.this(),
        token => token,
    }
}

/// `ratio()`: the feed's ratio for [`ratio_token`] (shares per asset, 1e18).
pub fn ratio<C: Host + Store + ?Sized>(c: &C) -> Result<U256> {
    calls::feed::get_ratio_for(c, c.feed(), ratio_token(c))
}

/// The bonds `shares` are worth now (rounded down).
fn value_of<C: Host + Store + ?Sized>(c: &C, shares: U256) -> Result<U256> {
    Ok(math::bonds_from_shares(shares, ratio(c)?)?)
}

/// `totalSupply()`: every share's worth in bonds.
pub fn total_supply<C: Host + Store + ?Sized>(c: &C) -> Result<U256> {
    value_of(c, c.total_shares())
}

/// `balanceOf(account)`: `account`'s shares' worth in bonds.
pub fn balance_of<C: Host + Store + ?Sized>(c: &C, account: Address) -> Result<U256> {
    value_of(c, c.shares(account))
}

// --- holders ---

/// `transfer(to, amount)`: moves the caller's shares worth `amount` bonds
/// to `to`.
pub fn transfer<C: Host + Store + ?Sized>(c: &mut C, to: Address, amount: U256) -> Result<bool> {
    let from = c.caller();
    move_bonds(c, from, to, amount)?;
    Ok(true)
}

/// `approve(spender, amount)`: see [`erc20::approve`] (in bonds).
pub fn approve<C: Host + Store + ?Sized>(c: &mut C, spender: Address, amount: U256) -> Result<bool> {
    erc20::approve(c, spender, amount)
}

/// `transferFrom(from, to, amount)`: moves `from`'s shares worth `amount`
/// bonds to `to`, spending the caller's allowance.
pub fn transfer_from<C: Host + Store + ?Sized>(c: &mut C, from: Address, to: Address, amount: U256) -> Result<bool> {
    erc20::spend_allowance(c, from, amount)?;
    move_bonds(c, from, to, amount)?;
    Ok(true)
}

/// Moves the shares worth `amount` (rounded up) from `from` to `to`, with
/// `Transfer` and `SharesTransferred`.
fn move_bonds<C: Host + Store + ?Sized>(c: &mut C, from: Address, to: Address, amount: U256) -> Result<()> {
    if from == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidSender { sender: from });
    }
    if to == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidReceiver { receiver: to });
    }
    pausable::when_not_paused(c)?;
    let held = c.shares(from);
    let shares = bond::transfer_shares(amount, held, ratio(c)?).map_err(|e| bond_error(from, e))?;
    if from != to {
        let from_after = math::sub(held, shares)?;
        let to_after = math::add(c.shares(to), shares)?;
        c.set_shares(from, from_after);
        c.set_shares(to, to_after);
    }
    emit_transfer(c, from, to, amount, shares);
    Ok(())
}

fn emit_transfer<C: Host + ?Sized>(c: &mut C, from: Address, to: Address, amount: U256, shares: U256) {
    emit(c, erc20::Transfer { from, to, value: amount });
    emit(c, SharesTransferred { from, to, amount, shares });
}

// --- the pool ---

/// `mintShares(to, shares)`, the pool: mints `shares` to `to`.
pub fn mint_shares<C: Host + Store + ?Sized>(c: &mut C, to: Address, shares: U256) -> Result<()> {
    gate::check_mint(c)?;
    if to == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidReceiver { receiver: to });
    }
    let amount = value_of(c, shares)?;
    let total = math::add(c.total_shares(), shares)?;
    let held = math::add(c.shares(to), shares)?;
    c.set_total_shares(total);
    c.set_shares(to, held);
    emit_transfer(c, lst_core::ZERO_ADDRESS, to, amount, shares);
    Ok(())
}

/// `burnShares(from, shares)`, the pool: burns `shares` of `from` (no
/// allowance: the pool burns only what the holder asked it to redeem).
pub fn burn_shares<C: Host + Store + ?Sized>(c: &mut C, from: Address, shares: U256) -> Result<()> {
    gate::check_mint(c)?;
    let held = c.shares(from);
    let amount = bond::burn_value(shares, held, ratio(c)?).map_err(|e| bond_error(from, e))?;
    let total = math::sub(c.total_shares(), shares)?;
    c.set_shares(from, math::sub(held, shares)?);
    c.set_total_shares(total);
    emit_transfer(c, from, lst_core::ZERO_ADDRESS, amount, shares);
    Ok(())
}

#[cfg(test)]
mod tests;
