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

impl lst_app::erc20::Allowances for Allowances {
    fn allowance(&self, owner: lst_app::Address, spender: lst_app::Address) -> lst_app::U256 {
        crate::to_core(self.get(Address::from(owner), Address::from(spender)))
    }

    fn set_allowance(&mut self, owner: lst_app::Address, spender: lst_app::Address, value: lst_app::U256) {
        self.allowed.insert((Address::from(owner), Address::from(spender)), &crate::from_core(value));
    }
}

impl Allowances {
    /// What `spender` may still move of `owner`'s tokens.
    pub fn get(&self, owner: Address, spender: Address) -> U256 {
        self.allowed.get((owner, spender)).unwrap_or_default()
    }

    /// Sets an allowance: `ERC20InvalidApprover`/`ERC20InvalidSpender` for zero.
    pub fn approve(&mut self, owner: Address, spender: Address, value: U256) -> Result<()> {
        check_parties(owner, spender)?;
        self.allowed.insert((owner, spender), &value);
        crate::emit(Approval { owner, spender, value });
        Ok(())
    }

    /// Checks `spender` may move `value` of `owner`'s tokens and returns the
    /// allowance left, without writing it (an infinite allowance stays);
    /// `ERC20InsufficientAllowance` otherwise. As OpenZeppelin's
    /// `_spendAllowance`, a finite allowance is then re-approved, so a zero
    /// `owner` is `ERC20InvalidApprover` (before any check of the transfer:
    /// `transferFrom(0, …)` fails the same way on both platforms).
    pub fn check_spend(&self, owner: Address, spender: Address, value: U256) -> Result<Option<U256>> {
        let current = self.get(owner, spender);
        if current == U256::MAX {
            return Ok(None);
        }
        let left = current.checked_sub(value).ok_or(Error::ERC20InsufficientAllowance {
            spender,
            allowance: current,
            needed: value,
        })?;
        check_parties(owner, spender)?;
        Ok(Some(left))
    }

    /// Writes the allowance [`Allowances::check_spend`] computed (no event,
    /// as OpenZeppelin's `_spendAllowance`).
    pub fn store_spend(&mut self, owner: Address, spender: Address, left: Option<U256>) {
        if let Some(left) = left {
            self.allowed.insert((owner, spender), &left);
        }
    }
}

/// OpenZeppelin's `_approve` checks: neither party of an allowance may be
/// the zero address.
fn check_parties(owner: Address, spender: Address) -> Result<()> {
    if owner == Address::zero() {
        return Err(Error::ERC20InvalidApprover { approver: owner });
    }
    if spender == Address::zero() {
        return Err(Error::ERC20InvalidSpender { spender });
    }
    Ok(())
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
        crate::emit(Transfer { from, to, value });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{account, last_log, log_count, uint, word, Log};

    fn alice() -> Address {
        account(1)
    }

    fn bob() -> Address {
        account(2)
    }

    fn token(alice_holds: u64) -> Erc20 {
        let mut t = Erc20::default();
        t.mint(alice(), U256::from(alice_holds)).unwrap();
        t
    }

    fn transfer_log(from: Address, to: Address, value: u64) -> Log {
        Log::new("Transfer(address,address,uint256)", vec![word(from), word(to)], uint(value).to_vec())
    }

    fn approval_log(owner: Address, spender: Address, value: U256) -> Log {
        Log::new("Approval(address,address,uint256)", vec![word(owner), word(spender)], uint(value).to_vec())
    }

    #[ink::test]
    fn minting_creates_tokens_with_a_transfer_from_zero() {
        let t = token(100);
        assert_eq!((t.balance_of(alice()), t.total_supply()), (U256::from(100), U256::from(100)));
        assert_eq!(last_log(), transfer_log(Address::zero(), alice(), 100));
    }

    #[ink::test]
    fn minting_to_zero_is_erc20_invalid_receiver() {
        let mut t = Erc20::default();
        assert_eq!(
            t.mint(Address::zero(), U256::from(1)),
            Err(Error::ERC20InvalidReceiver { receiver: Address::zero() })
        );
        assert_eq!((t.total_supply(), log_count()), (U256::zero(), 0));
    }

    #[ink::test]
    fn minting_past_the_word_is_math_overflow() {
        let mut t = token(1);
        assert_eq!(t.mint(bob(), U256::MAX), Err(lst_core::CoreError::MathOverflow.into()));
        assert_eq!((t.balance_of(bob()), t.total_supply()), (U256::zero(), U256::from(1)));
    }

    #[ink::test]
    fn burning_destroys_tokens_with_a_transfer_to_zero() {
        let mut t = token(100);
        assert_eq!(t.burn(alice(), U256::from(40)), Ok(()));
        assert_eq!((t.balance_of(alice()), t.total_supply()), (U256::from(60), U256::from(60)));
        assert_eq!(last_log(), transfer_log(alice(), Address::zero(), 40));
    }

    #[ink::test]
    fn burning_more_than_held_is_erc20_insufficient_balance() {
        let mut t = token(100);
        let needed = U256::from(101);
        let expected = Error::ERC20InsufficientBalance { sender: alice(), balance: U256::from(100), needed };
        assert_eq!(t.burn(alice(), needed), Err(expected));
        assert_eq!(t.balance_of(alice()), U256::from(100));
        assert_eq!(t.burn(Address::zero(), U256::from(1)), Err(Error::ERC20InvalidSender { sender: Address::zero() }));
    }

    #[ink::test]
    fn transfer_moves_tokens_with_a_transfer_event() {
        let mut t = token(100);
        assert_eq!(t.transfer(alice(), bob(), U256::from(30)), Ok(()));
        assert_eq!((t.balance_of(alice()), t.balance_of(bob())), (U256::from(70), U256::from(30)));
        assert_eq!(t.total_supply(), U256::from(100));
        assert_eq!(last_log(), transfer_log(alice(), bob(), 30));
    }

    #[ink::test]
    fn a_transfer_from_or_to_zero_or_beyond_the_balance_fails_by_name() {
        let mut t = token(100);
        let events = log_count();
        assert_eq!(
            t.transfer(alice(), Address::zero(), U256::from(1)),
            Err(Error::ERC20InvalidReceiver { receiver: Address::zero() })
        );
        assert_eq!(
            t.transfer(Address::zero(), bob(), U256::from(1)),
            Err(Error::ERC20InvalidSender { sender: Address::zero() })
        );
        let needed = U256::from(101);
        assert_eq!(
            t.transfer(alice(), bob(), needed),
            Err(Error::ERC20InsufficientBalance { sender: alice(), balance: U256::from(100), needed })
        );
        assert_eq!((t.balance_of(alice()), t.balance_of(bob()), log_count()), (U256::from(100), U256::zero(), events));
    }

    #[ink::test]
    fn approve_sets_an_allowance_with_an_approval_event() {
        let mut t = token(100);
        assert_eq!(t.allowances.approve(alice(), bob(), U256::from(50)), Ok(()));
        assert_eq!(t.allowances.get(alice(), bob()), U256::from(50));
        assert_eq!(last_log(), approval_log(alice(), bob(), U256::from(50)));
    }

    #[ink::test]
    fn approving_from_or_to_zero_fails_by_name() {
        let mut t = token(100);
        assert_eq!(
            t.allowances.approve(alice(), Address::zero(), U256::from(1)),
            Err(Error::ERC20InvalidSpender { spender: Address::zero() })
        );
        assert_eq!(
            t.allowances.approve(Address::zero(), bob(), U256::from(1)),
            Err(Error::ERC20InvalidApprover { approver: Address::zero() })
        );
        assert_eq!(log_count(), 1, "only the mint's event");
    }

    #[ink::test]
    fn transfer_from_spends_the_allowance_without_an_approval_event() {
        let mut t = token(100);
        t.allowances.approve(alice(), bob(), U256::from(50)).unwrap();
        assert_eq!(t.transfer_from(bob(), alice(), bob(), U256::from(20)), Ok(()));
        assert_eq!(t.allowances.get(alice(), bob()), U256::from(30));
        assert_eq!(t.balance_of(bob()), U256::from(20));
        assert_eq!(last_log(), transfer_log(alice(), bob(), 20));
    }

    #[ink::test]
    fn an_infinite_allowance_is_not_spent() {
        let mut t = token(100);
        t.allowances.approve(alice(), bob(), U256::MAX).unwrap();
        t.transfer_from(bob(), alice(), bob(), U256::from(20)).unwrap();
        assert_eq!(t.allowances.get(alice(), bob()), U256::MAX);
    }

    #[ink::test]
    fn transfer_from_beyond_the_allowance_is_erc20_insufficient_allowance() {
        let mut t = token(100);
        t.allowances.approve(alice(), bob(), U256::from(10)).unwrap();
        let expected =
            Error::ERC20InsufficientAllowance { spender: bob(), allowance: U256::from(10), needed: U256::from(11) };
        assert_eq!(t.transfer_from(bob(), alice(), bob(), U256::from(11)), Err(expected));
        assert_eq!((t.balance_of(alice()), t.allowances.get(alice(), bob())), (U256::from(100), U256::from(10)));
    }

    #[ink::test]
    fn transfer_from_the_zero_address_is_erc20_invalid_approver_as_in_openzeppelin() {
        let mut t = token(100);
        assert_eq!(
            t.transfer_from(bob(), Address::zero(), alice(), U256::zero()),
            Err(Error::ERC20InvalidApprover { approver: Address::zero() })
        );
        assert_eq!(log_count(), 1, "only the mint's event");
    }

    #[ink::test]
    fn transfer_from_beyond_the_balance_keeps_the_allowance() {
        let mut t = token(100);
        t.allowances.approve(alice(), bob(), U256::from(500)).unwrap();
        assert!(t.transfer_from(bob(), alice(), bob(), U256::from(101)).is_err());
        assert_eq!(t.allowances.get(alice(), bob()), U256::from(500));
    }
}
