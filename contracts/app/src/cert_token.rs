//! `CertToken`: ankrAVAX, the certificate token.
//!
//! A plain ERC-20 ([`crate::erc20`]) with EIP-2612 permits
//! ([`crate::permit`]) whose balances only the pool mints and burns
//! ([`crate::gate`]); the pauser stops transfers, mints and burns. A
//! certificate is worth `1 / ratio` of the staked asset, the ratio read
//! from the feed under this token's own address. These are the messages
//! of the ink! build; the Stylus build keeps OpenZeppelin's `Erc20` and
//! `Erc20Permit` for the ERC-20 ones and runs [`ratio`],
//! [`shares_to_bonds`], [`bonds_to_shares`], [`mint`], [`burn`] and the
//! gate from here over [`Minter`].

use crate::{calls, erc20, gate, pausable, permit, Address, Error, Host, Result, U256};
use lst_core::math;

/// The token's name, in its EIP-712 domain.
pub const NAME: &str = "Ankr Staked AVAX";
/// The token's symbol.
pub const SYMBOL: &str = "ankrAVAX";

/// What the token's own messages need of its storage: the gate and the
/// feed (the ledger behind it is [`Minter`]).
pub trait Store: gate::Store {
    /// The ratio feed.
    fn feed(&self) -> Address;
    /// Stores the feed (deployment).
    fn set_feed(&mut self, feed: Address);
}

/// Minting and burning on the token's ledger: [`erc20::mint`] and
/// [`erc20::burn`] over the app's [`erc20::Ledger`], or the platform's
/// own ERC-20 module (OpenZeppelin's on Stylus).
pub trait Minter {
    /// Creates `amount` tokens for `to`.
    fn mint_to(&mut self, to: Address, amount: U256) -> Result<()>;
    /// Destroys `amount` of `from`'s tokens.
    fn burn_from(&mut self, from: Address, amount: U256) -> Result<()>;
}

/// Deployment, after the platform made `admin` the owner: the ratio comes
/// from `feed` (`ZeroAddress` for zero), `admin` pauses.
pub fn init<C: Host + Store + ?Sized>(c: &mut C, admin: Address, feed: Address) -> Result<()> {
    if feed == lst_core::ZERO_ADDRESS {
        return Err(Error::ZeroAddress {});
    }
    c.set_feed(feed);
    pausable::replace_pauser(c, admin);
    Ok(())
}

/// `ratio()`: the feed's ratio for this token (shares per asset, 1e18).
pub fn ratio<C: Host + Store + ?Sized>(c: &C) -> Result<U256> {
    calls::feed::get_ratio_for(c, c.feed(), c.this())
}

/// `sharesToBonds(shares)`: what `shares` certificates are worth in the
/// asset (rounded down).
pub fn shares_to_bonds<C: Host + Store + ?Sized>(c: &C, shares: U256) -> Result<U256> {
    Ok(math::bonds_from_shares(shares, ratio(c)?)?)
}

/// `bondsToShares(bonds)`: the certificates `bonds` of the asset are worth
/// (rounded down).
pub fn bonds_to_shares<C: Host + Store + ?Sized>(c: &C, bonds: U256) -> Result<U256> {
    Ok(math::shares_from_bonds(bonds, ratio(c)?)?)
}

/// `mint(to, amount)`, the pool: creates `amount` certificates for `to`.
pub fn mint<C: Host + Store + Minter + ?Sized>(c: &mut C, to: Address, amount: U256) -> Result<()> {
    gate::check_mint(c)?;
    c.mint_to(to, amount)
}

/// `burn(from, amount)`, the pool: destroys `amount` of `from`'s
/// certificates (no allowance: the pool burns what the holder redeems).
pub fn burn<C: Host + Store + Minter + ?Sized>(c: &mut C, from: Address, amount: U256) -> Result<()> {
    gate::check_mint(c)?;
    c.burn_from(from, amount)
}

/// `transfer(to, value)` on the app's ledger: refused while paused.
pub fn transfer<C: Host + Store + erc20::Ledger + ?Sized>(c: &mut C, to: Address, value: U256) -> Result<bool> {
    pausable::when_not_paused(c)?;
    erc20::transfer(c, to, value)
}

/// `transferFrom(from, to, value)` on the app's ledger: refused while
/// paused.
pub fn transfer_from<C: Host + Store + erc20::Ledger + ?Sized>(
    c: &mut C,
    from: Address,
    to: Address,
    value: U256,
) -> Result<bool> {
    pausable::when_not_paused(c)?;
    erc20::transfer_from(c, from, to, value)
}

/// `permit(...)` on the app's ledger: see [`permit::permit`] (a permit
/// only approves, so a pause does not stop it).
pub fn permit<C: Host + permit::Store + permit::Signatures>(c: &mut C, call: permit::PermitCall) -> Result<()> {
    permit::permit(c, NAME, call)
}

#[cfg(test)]
mod tests;
