//! The rebasing bond token, for ink! 6 on pallet-revive,
//! with the Solidity ABI of `abi/BondToken.json`: one contract, deployed as
//! aAVAXb, aKSMb and aDOTb.
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
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    core: lst_core::error::raised::BOND_TOKEN;
    OwnableUnauthorizedAccount,
    OwnableInvalidOwner,
    UnknownToken,
    Unauthorized,
    AlreadySet,
    ZeroAddress,
    CallReturnMalformed,
    EnforcedPause,
    ExpectedPause,
    ERC20InsufficientBalance,
    ERC20InvalidSender,
    ERC20InvalidReceiver,
    ERC20InsufficientAllowance,
    ERC20InvalidApprover,
    ERC20InvalidSpender,
    MetadataTooLong,
);

/// Longest name or symbol, in bytes (one storage word on Stylus).
pub const MAX_METADATA_LEN: usize = 32;

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[lst_ink_common::ownable_messages(ownable, native)]
#[lst_ink_common::mint_gate_messages(gate, ownable)]
#[ink::contract]
mod bond_token {
    use super::MAX_METADATA_LEN;
    use ink::{prelude::string::String, storage::Mapping, U256};
    use lst_core::{
        bond::{self, BondError},
        math,
    };
    use lst_ink_common::{
        caller, calls,
        erc20::{Allowances, Transfer},
        from_core,
        gate::MintGate,
        ownable::Ownable2Step,
        to_core, Error, Result,
    };

    /// A core bond rule's failure for `holder`: a shortfall is ERC-20's
    /// `ERC20InsufficientBalance`.
    fn bond_error(holder: Address, e: BondError) -> Error {
        match e {
            BondError::Core(e) => Error::Core(e),
            BondError::InsufficientBalance { balance, needed } => Error::ERC20InsufficientBalance {
                sender: holder,
                balance: from_core(balance),
                needed: from_core(needed),
            },
        }
    }

    /// Shares moved between accounts (zero `from`: minted, zero `to`:
    /// burned), with the bond amount they were worth.
    #[ink(event)]
    pub struct SharesTransferred {
        /// The sender (zero for a mint).
        #[ink(topic)]
        pub from: Address,
        /// The receiver (zero for a burn).
        #[ink(topic)]
        pub to: Address,
        /// The bonds the shares were worth.
        pub amount: U256,
        /// The shares moved.
        pub shares: U256,
    }

    /// The bond token's state.
    #[ink(storage)]
    pub struct BondToken {
        ownable: Ownable2Step,
        /// The pool (only minter and burner), the pauser and the pause flag.
        gate: MintGate,
        /// Shares per holder.
        shares: Mapping<Address, U256>,
        /// Shares outstanding.
        total_shares: U256,
        /// Allowances in bond units.
        allowances: Allowances,
        name: String,
        symbol: String,
        /// The ratio feed.
        feed: Address,
        /// The token whose ratio applies; zero means this token.
        ratio_token: Address,
    }

    impl BondToken {
        /// Makes `admin` the owner and the pauser; balances use the ratio
        /// of `ratioToken` in `feed` (zero `ratioToken`: this token's own).
        /// `ZeroAddress` for a zero feed, `MetadataTooLong` for a name or
        /// symbol over 32 bytes.
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(admin: Address, feed: Address, ratioToken: Address, name: String, symbol: String) -> Result<Self> {
            if feed == Address::zero() {
                return Err(Error::ZeroAddress {});
            }
            if name.len() > MAX_METADATA_LEN || symbol.len() > MAX_METADATA_LEN {
                return Err(Error::MetadataTooLong {});
            }
            let mut token = Self {
                ownable: Ownable2Step::default(),
                gate: MintGate::default(),
                shares: Mapping::default(),
                total_shares: U256::zero(),
                allowances: Allowances::default(),
                name,
                symbol,
                feed,
                ratio_token: ratioToken,
            };
            token.ownable.init_native(admin)?;
            token.gate.pausable.set_pauser(admin);
            Ok(token)
        }

        /// The token's name (e.g. "Ankr AVAX Reward Earning Bond").
        #[ink(message)]
        pub fn name(&self) -> String {
            self.name.clone()
        }

        /// The token's symbol (e.g. "aAVAXb").
        #[ink(message)]
        pub fn symbol(&self) -> String {
            self.symbol.clone()
        }

        /// 18, as the staked asset.
        #[ink(message)]
        pub fn decimals(&self) -> u8 {
            18
        }

        /// The ratio balances are computed with (shares per asset, 1e18).
        #[ink(message)]
        pub fn ratio(&self) -> Result<U256> {
            calls::get_ratio_for(self.feed, self.ratio_token())
        }

        /// The token the ratio is read for (this token unless configured).
        #[ink(message, name = "ratioToken")]
        pub fn ratio_token(&self) -> Address {
            if self.ratio_token == Address::zero() {
                self.env().address()
            } else {
                self.ratio_token
            }
        }

        /// The ratio feed.
        #[ink(message)]
        pub fn feed(&self) -> Address {
            self.feed
        }

        /// All bonds, in asset units: `totalShares * 1e18 / ratio`, rounded
        /// down.
        #[ink(message, name = "totalSupply")]
        pub fn total_supply(&self) -> Result<U256> {
            self.value_of(self.total_shares)
        }

        /// `account`'s bonds, in asset units: `shares * 1e18 / ratio`,
        /// rounded down.
        #[ink(message, name = "balanceOf")]
        pub fn balance_of(&self, account: Address) -> Result<U256> {
            self.value_of(self.shares_of(account))
        }

        /// `account`'s shares.
        #[ink(message, name = "sharesOf")]
        pub fn shares_of(&self, account: Address) -> U256 {
            self.shares.get(account).unwrap_or_default()
        }

        /// Shares outstanding.
        #[ink(message, name = "totalShares")]
        pub fn total_shares(&self) -> U256 {
            self.total_shares
        }

        /// Moves `amount` bonds (the shares worth it, rounded up) to `to`.
        #[ink(message)]
        pub fn transfer(&mut self, to: Address, amount: U256) -> Result<bool> {
            self.move_bonds(caller(), to, amount)?;
            Ok(true)
        }

        /// Bonds `spender` may still move for `owner`.
        #[ink(message)]
        pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
            self.allowances.get(owner, spender)
        }

        /// Lets `spender` move up to `amount` of the caller's bonds.
        #[ink(message)]
        pub fn approve(&mut self, spender: Address, amount: U256) -> Result<bool> {
            self.allowances.approve(caller(), spender, amount)?;
            Ok(true)
        }

        /// Moves `amount` bonds of `from` to `to`, spending the caller's
        /// allowance (an allowance of `type(uint256).max` is never spent).
        #[ink(message, name = "transferFrom")]
        pub fn transfer_from(&mut self, from: Address, to: Address, amount: U256) -> Result<bool> {
            let spender = caller();
            let left = self.allowances.check_spend(from, spender, amount)?;
            self.move_bonds(from, to, amount)?;
            self.allowances.store_spend(from, spender, left);
            Ok(true)
        }

        /// Pool: mints `shares` to `to`.
        #[ink(message, name = "mintShares")]
        pub fn mint_shares(&mut self, to: Address, shares: U256) -> Result<()> {
            self.gate.check_mint(caller())?;
            if to == Address::zero() {
                return Err(Error::ERC20InvalidReceiver { receiver: to });
            }
            let amount = self.value_of(shares)?;
            let total = math::add(to_core(self.total_shares), to_core(shares))?;
            let held = math::add(to_core(self.shares_of(to)), to_core(shares))?;
            self.total_shares = from_core(total);
            self.shares.insert(to, &from_core(held));
            self.emit_transfer(Address::zero(), to, amount, shares);
            Ok(())
        }

        /// Pool: burns `shares` of `from` (no allowance: the pool burns only
        /// what the holder asked it to redeem).
        #[ink(message, name = "burnShares")]
        pub fn burn_shares(&mut self, from: Address, shares: U256) -> Result<()> {
            self.gate.check_mint(caller())?;
            let held = to_core(self.shares_of(from));
            let wanted = to_core(shares);
            let amount = bond::burn_value(wanted, held, to_core(self.ratio()?)).map_err(|e| bond_error(from, e))?;
            let total = math::sub(to_core(self.total_shares), wanted)?;
            self.shares.insert(from, &from_core(math::sub(held, wanted)?));
            self.total_shares = from_core(total);
            self.emit_transfer(from, Address::zero(), from_core(amount), shares);
            Ok(())
        }

        fn value_of(&self, shares: U256) -> Result<U256> {
            Ok(from_core(math::bonds_from_shares(to_core(shares), to_core(self.ratio()?))?))
        }

        /// Moves the shares worth `amount` (rounded up) from `from` to `to`.
        fn move_bonds(&mut self, from: Address, to: Address, amount: U256) -> Result<()> {
            if from == Address::zero() {
                return Err(Error::ERC20InvalidSender { sender: from });
            }
            if to == Address::zero() {
                return Err(Error::ERC20InvalidReceiver { receiver: to });
            }
            self.gate.pausable.check_not_paused()?;
            let held = to_core(self.shares_of(from));
            let shares = bond::transfer_shares(to_core(amount), held, to_core(self.ratio()?))
                .map_err(|e| bond_error(from, e))?;
            if from != to {
                let from_after = math::sub(held, shares)?;
                let to_after = math::add(to_core(self.shares_of(to)), shares)?;
                self.shares.insert(from, &from_core(from_after));
                self.shares.insert(to, &from_core(to_after));
            }
            self.emit_transfer(from, to, amount, from_core(shares));
            Ok(())
        }

        fn emit_transfer(&self, from: Address, to: Address, amount: U256, shares: U256) {
            lst_ink_common::emit(Transfer { from, to, value: amount });
            lst_ink_common::emit(SharesTransferred { from, to, amount, shares });
        }
    }
}

#[cfg(test)]
mod tests;
