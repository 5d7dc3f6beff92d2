//! ERC-20 as OpenZeppelin writes it (ERC-6093 errors): the allowances and
//! events every token of the suite shares whatever its balances are, and
//! a plain balance ledger ([`Ledger`]) for the certificate token on ink!
//! (on Stylus it keeps OpenZeppelin's `Erc20`, the same rules).

use crate::{emit, Address, Error, Host, Result, U256};

/// A token's allowances: owner → spender → amount.
pub trait Allowances {
    /// How much `spender` may move of `owner`'s tokens.
    fn allowance(&self, owner: Address, spender: Address) -> U256;
    /// Stores an allowance.
    fn set_allowance(&mut self, owner: Address, spender: Address, value: U256);
}

crate::events! {
    /// `value` tokens moved from `from` to `to` (zero `from`: minted; zero
    /// `to`: burned).
    Transfer = "Transfer(address,address,uint256)" { topics { from: Address, to: Address } data { value: U256 } }
    /// `owner` lets `spender` move up to `value`.
    Approval = "Approval(address,address,uint256)" {
        topics { owner: Address, spender: Address } data { value: U256 }
    }
}

/// OpenZeppelin's `_approve` checks: neither party of an allowance may be
/// the zero address.
fn check_parties(owner: Address, spender: Address) -> Result<()> {
    if owner == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidApprover { approver: owner });
    }
    if spender == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidSpender { spender });
    }
    Ok(())
}

/// `approve(spender, value)`: the caller lets `spender` move up to
/// `value`, with an `Approval` event.
pub fn approve<C: Host + Allowances + ?Sized>(c: &mut C, spender: Address, value: U256) -> Result<bool> {
    let owner = c.caller();
    approve_for(c, owner, spender, value)?;
    Ok(true)
}

/// OpenZeppelin's `_approve`: `owner` lets `spender` move up to `value`,
/// with an `Approval` event (`approve`, and a permit for its signer).
pub fn approve_for<C: Host + Allowances + ?Sized>(
    c: &mut C,
    owner: Address,
    spender: Address,
    value: U256,
) -> Result<()> {
    check_parties(owner, spender)?;
    c.set_allowance(owner, spender, value);
    emit(c, Approval { owner, spender, value });
    Ok(())
}

/// Spends `value` of the caller's allowance from `owner` (OpenZeppelin's
/// `_spendAllowance`: an allowance of `type(uint256).max` is never spent;
/// a finite one is re-approved without an event, so a zero `owner` is
/// `ERC20InvalidApprover`). `ERC20InsufficientAllowance` when short.
pub fn spend_allowance<C: Host + Allowances + ?Sized>(c: &mut C, owner: Address, value: U256) -> Result<()> {
    let spender = c.caller();
    let current = c.allowance(owner, spender);
    if current == U256::MAX {
        return Ok(());
    }
    let left = current.checked_sub(value).ok_or(Error::ERC20InsufficientAllowance {
        spender,
        allowance: current.into(),
        needed: value.into(),
    })?;
    check_parties(owner, spender)?;
    c.set_allowance(owner, spender, left);
    Ok(())
}

/// A plain token's balances and supply.
pub trait Ledger: Allowances {
    /// All tokens in existence.
    fn total_supply(&self) -> U256;
    /// Stores the supply.
    fn set_total_supply(&mut self, supply: U256);
    /// `account`'s tokens.
    fn balance_of(&self, account: Address) -> U256;
    /// Stores `account`'s tokens.
    fn set_balance(&mut self, account: Address, balance: U256);
}

/// `transfer(to, value)`: moves `value` of the caller's tokens to `to`.
pub fn transfer<C: Host + Ledger + ?Sized>(c: &mut C, to: Address, value: U256) -> Result<bool> {
    let from = c.caller();
    move_tokens(c, from, to, value)?;
    Ok(true)
}

/// `transferFrom(from, to, value)`: moves `value` of `from`'s tokens to
/// `to`, spending the caller's allowance.
pub fn transfer_from<C: Host + Ledger + ?Sized>(c: &mut C, from: Address, to: Address, value: U256) -> Result<bool> {
    spend_allowance(c, from, value)?;
    move_tokens(c, from, to, value)?;
    Ok(true)
}

/// OpenZeppelin's `_transfer`: `ERC20InvalidSender` from zero,
/// `ERC20InvalidReceiver` to zero.
fn move_tokens<C: Host + Ledger + ?Sized>(c: &mut C, from: Address, to: Address, value: U256) -> Result<()> {
    if from == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidSender { sender: from });
    }
    if to == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidReceiver { receiver: to });
    }
    update(c, from, to, value)
}

/// Creates `value` tokens for `to` (`ERC20InvalidReceiver` for zero,
/// `MathOverflow` past the word).
pub fn mint<C: Host + Ledger + ?Sized>(c: &mut C, to: Address, value: U256) -> Result<()> {
    if to == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidReceiver { receiver: to });
    }
    update(c, lst_core::ZERO_ADDRESS, to, value)
}

/// Destroys `value` of `from`'s tokens (`ERC20InvalidSender` for zero,
/// `ERC20InsufficientBalance` beyond the balance).
pub fn burn<C: Host + Ledger + ?Sized>(c: &mut C, from: Address, value: U256) -> Result<()> {
    if from == lst_core::ZERO_ADDRESS {
        return Err(Error::ERC20InvalidSender { sender: from });
    }
    update(c, from, lst_core::ZERO_ADDRESS, value)
}

/// OpenZeppelin's `_update`: zero `from` mints, zero `to` burns; a
/// `Transfer` event either way.
fn update<C: Host + Ledger + ?Sized>(c: &mut C, from: Address, to: Address, value: U256) -> Result<()> {
    let supply = if from == lst_core::ZERO_ADDRESS {
        c.total_supply().checked_add(value).ok_or(lst_core::CoreError::MathOverflow)?
    } else {
        let balance = c.balance_of(from);
        let left = balance.checked_sub(value).ok_or(Error::ERC20InsufficientBalance {
            sender: from,
            balance: balance.into(),
            needed: value.into(),
        })?;
        c.set_balance(from, left);
        c.total_supply()
    };
    if to == lst_core::ZERO_ADDRESS {
        // Cannot underflow: `value` <= `from`'s balance <= the supply.
        c.set_total_supply(supply.saturating_sub(value));
    } else {
        // Cannot overflow: every balance is at most the total supply.
        let balance = c.balance_of(to).saturating_add(value);
        c.set_balance(to, balance);
        c.set_total_supply(supply);
    }
    emit(c, Transfer { from, to, value });
    Ok(())
}

#[cfg(test)]
mod tests;
