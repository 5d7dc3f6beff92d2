//! ERC-20 balances and allowances with OpenZeppelin's semantics, events and
//! ERC-6093 errors (the ankrAVAX certificate token; the bond token keeps its
//! own share balances and uses [`Allowances`]).

use crate::{Error, Result};
use ink::{storage::Mapping, Address, U256};

/// `value` tokens moved from `from` to `to` (zero `from`: mint; zero `to`: burn).
#[ink::event]
pub struct Transfer {
    /// The sender (zero for a mint).
    #[ink(topic)]
    pub from: Address,
    /// The receiver (zero for a burn).
    #[ink(topic)]
    pub to: Address,
    /// The amount.
    pub value: U256,
}

/// `owner` let `spender` move up to `value` of its tokens.
#[ink::event]
pub struct Approval {
    /// The holder.
    #[ink(topic)]
    pub owner: Address,
    /// Who may spend.
    #[ink(topic)]
    pub spender: Address,
    /// The allowance now.
    pub value: U256,
}

/// Who may move whose tokens, and how many.
#[ink::storage_item]
#[derive(Default)]
pub struct Allowances {
    allowed: Mapping<(Address, Address), U256>,
}

impl core::fmt::Debug for Allowances {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Allowances")
    }
}

impl Allowances {
    /// What `spender` may still move of `owner`'s tokens.
    pub fn get(&self, owner: Address, spender: Address) -> U256 {
        self.allowed.get((owner, spender)).unwrap_or_default()
    }

    /// Sets an allowance: `ERC20InvalidApprover`/`ERC20InvalidSpender` for zero.
    pub fn approve(&mut self, owner: Address, spender: Address, value: U256) -> Result<()> {
        if owner == Address::zero() {
            return Err(Error::ERC20InvalidApprover { approver: owner });
        }
        if spender == Address::zero() {
            return Err(Error::ERC20InvalidSpender { spender });
        }
        self.allowed.insert((owner, spender), &value);
        ink::env::emit_event(Approval { owner, spender, value });
        Ok(())
    }

    /// Checks `spender` may move `value` of `owner`'s tokens and returns the
    /// allowance left, without writing it (an infinite allowance stays);
    /// `ERC20InsufficientAllowance` otherwise.
    pub fn check_spend(&self, owner: Address, spender: Address, value: U256) -> Result<Option<U256>> {
        let current = self.get(owner, spender);
        if current == U256::MAX {
            return Ok(None);
        }
        match current.checked_sub(value) {
            Some(left) => Ok(Some(left)),
            None => Err(Error::ERC20InsufficientAllowance { spender, allowance: current, needed: value }),
        }
    }

    /// Writes the allowance [`Allowances::check_spend`] computed (no event,
    /// as OpenZeppelin's `_spendAllowance`).
    pub fn store_spend(&mut self, owner: Address, spender: Address, left: Option<U256>) {
        if let Some(left) = left {
            self.allowed.insert((owner, spender), &left);
        }
    }
}

/// Balances, allowances and the total supply of a plain ERC-20.
#[ink::storage_item]
#[derive(Default)]
pub struct Erc20 {
    total_supply: U256,
    balances: Mapping<Address, U256>,
    /// Allowances (`approve`, `transferFrom`, permits).
    pub allowances: Allowances,
}

impl core::fmt::Debug for Erc20 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Erc20").field("total_supply", &self.total_supply).finish_non_exhaustive()
    }
}

impl Erc20 {
    /// All tokens in existence.
    pub fn total_supply(&self) -> U256 {
        self.total_supply
    }

    /// `account`'s tokens.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account).unwrap_or_default()
    }

    /// Moves `value` from `from` to `to`: `ERC20InvalidSender`,
    /// `ERC20InvalidReceiver`, `ERC20InsufficientBalance`.
    pub fn transfer(&mut self, from: Address, to: Address, value: U256) -> Result<()> {
        if from == Address::zero() {
            return Err(Error::ERC20InvalidSender { sender: from });
        }
        if to == Address::zero() {
            return Err(Error::ERC20InvalidReceiver { receiver: to });
        }
        self.update(from, to, value)
    }

    /// Moves `value` of `from`'s tokens on behalf of `spender`.
    pub fn transfer_from(&mut self, spender: Address, from: Address, to: Address, value: U256) -> Result<()> {
        let left = self.allowances.check_spend(from, spender, value)?;
        self.transfer(from, to, value)?;
        self.allowances.store_spend(from, spender, left);
        Ok(())
    }

    /// Creates `value` tokens for `to`: `ERC20InvalidReceiver`, `MathOverflow`.
    pub fn mint(&mut self, to: Address, value: U256) -> Result<()> {
        if to == Address::zero() {
            return Err(Error::ERC20InvalidReceiver { receiver: to });
        }
        self.update(Address::zero(), to, value)
    }

    /// Destroys `value` of `from`'s tokens: `ERC20InvalidSender`,
    /// `ERC20InsufficientBalance`.
    pub fn burn(&mut self, from: Address, value: U256) -> Result<()> {
        if from == Address::zero() {
            return Err(Error::ERC20InvalidSender { sender: from });
        }
        self.update(from, Address::zero(), value)
    }

    /// OpenZeppelin's `_update`: zero `from` mints, zero `to` burns. Checks
    /// everything before writing.
    fn update(&mut self, from: Address, to: Address, value: U256) -> Result<()> {
        let supply = if from == Address::zero() {
            self.total_supply.checked_add(value).ok_or(lst_core::CoreError::MathOverflow)?
        } else {
            let balance = self.balance_of(from);
            let left = balance.checked_sub(value).ok_or(Error::ERC20InsufficientBalance {
                sender: from,
                balance,
                needed: value,
            })?;
            self.balances.insert(from, &left);
            self.total_supply
        };
        if to == Address::zero() {
            // Cannot underflow: `value` <= `from`'s balance <= the supply.
            self.total_supply = supply.saturating_sub(value);
        } else {
            // Cannot overflow: every balance is at most the total supply.
            let balance = self.balance_of(to).saturating_add(value);
            self.balances.insert(to, &balance);
            self.total_supply = supply;
        }
        ink::env::emit_event(Transfer { from, to, value });
        Ok(())
    }
}
