//! ERC-20's allowances and events, as OpenZeppelin writes them (ERC-6093
//! errors): what a token of the suite shares whatever its balances are.

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
    check_parties(owner, spender)?;
    c.set_allowance(owner, spender, value);
    emit(c, Approval { owner, spender, value });
    Ok(true)
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

#[cfg(test)]
mod tests;
