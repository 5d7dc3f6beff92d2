//! ERC-20 on ink!: the storage of `lst_app::erc20`, whose messages
//! (`transfer`, `approve`, `transferFrom`, minting and burning, their
//! events and ERC-6093 errors) are written once in the app layer. The
//! events stay declared here for cargo-contract's ABI; the app layer logs
//! them.

use ink::{storage::Mapping, Address, U256};

/// `value` tokens moved from `from` to `to` (zero `from`: minted; zero
/// `to`: burned).
#[ink::event]
pub struct Transfer {
    /// The sender.
    #[ink(topic)]
    pub from: Address,
    /// The receiver.
    #[ink(topic)]
    pub to: Address,
    /// How many.
    pub value: U256,
}

/// `owner` lets `spender` move up to `value`.
#[ink::event]
pub struct Approval {
    /// The holder.
    #[ink(topic)]
    pub owner: Address,
    /// Who may move them.
    #[ink(topic)]
    pub spender: Address,
    /// How many.
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

impl lst_app::erc20::Allowances for Erc20 {
    fn allowance(&self, owner: lst_app::Address, spender: lst_app::Address) -> lst_app::U256 {
        lst_app::erc20::Allowances::allowance(&self.allowances, owner, spender)
    }

    fn set_allowance(&mut self, owner: lst_app::Address, spender: lst_app::Address, value: lst_app::U256) {
        lst_app::erc20::Allowances::set_allowance(&mut self.allowances, owner, spender, value);
    }
}

impl lst_app::erc20::Ledger for Erc20 {
    fn total_supply(&self) -> lst_app::U256 {
        crate::to_core(self.total_supply)
    }

    fn set_total_supply(&mut self, supply: lst_app::U256) {
        self.total_supply = crate::from_core(supply);
    }

    fn balance_of(&self, account: lst_app::Address) -> lst_app::U256 {
        crate::to_core(self.balance_of(Address::from(account)))
    }

    fn set_balance(&mut self, account: lst_app::Address, balance: lst_app::U256) {
        self.balances.insert(Address::from(account), &crate::from_core(balance));
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
}
