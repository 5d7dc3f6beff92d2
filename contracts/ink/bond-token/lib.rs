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
//!
//! Every message is `lst_app::bond_token`'s (its pool and pause
//! `lst_app::gate`'s, its ownership `lst_app::ownable`'s), where an auditor
//! reads it once for both platforms; this crate lays out the storage,
//! declares the ABI and dispatches.
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

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::mint_gate_messages(gate, ownable)]
#[ink::contract]
pub mod bond_token {
    use ink::{prelude::string::String, storage::Mapping, U256};
    use lst_app::bond_token as app;
    use lst_ink_common::{erc20::Allowances, from_core, gate::MintGate, ownable::Ownable2Step, to_core, Failure};

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// `shares` worth `amount` bonds moved from `from` to `to` (beside
    /// ERC-20's `Transfer` of `amount`).
    #[ink(event)]
    pub struct SharesTransferred {
        /// The sender (zero for a mint).
        #[ink(topic)]
        pub from: Address,
        /// The receiver (zero for a burn).
        #[ink(topic)]
        pub to: Address,
        /// Bond units moved.
        pub amount: U256,
        /// Shares moved.
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

    lst_ink_common::app_host!(BondToken);

    impl lst_app::erc20::Allowances for BondToken {
        fn allowance(&self, owner: lst_app::Address, spender: lst_app::Address) -> lst_app::U256 {
            self.allowances.allowance(owner, spender)
        }

        fn set_allowance(&mut self, owner: lst_app::Address, spender: lst_app::Address, value: lst_app::U256) {
            self.allowances.set_allowance(owner, spender, value);
        }
    }

    impl app::Store for BondToken {
        fn shares(&self, holder: lst_app::Address) -> lst_app::U256 {
            to_core(self.shares.get(Address::from(holder)).unwrap_or_default())
        }

        fn set_shares(&mut self, holder: lst_app::Address, shares: lst_app::U256) {
            self.shares.insert(Address::from(holder), &from_core(shares));
        }

        fn total_shares(&self) -> lst_app::U256 {
            to_core(self.total_shares)
        }

        fn set_total_shares(&mut self, shares: lst_app::U256) {
            self.total_shares = from_core(shares);
        }

        fn feed(&self) -> lst_app::Address {
            self.feed.0
        }

        fn ratio_token_setting(&self) -> lst_app::Address {
            self.ratio_token.0
        }

        fn init_settings(&mut self, feed: lst_app::Address, ratio_token: lst_app::Address, name: &str, symbol: &str) {
            self.feed = Address::from(feed);
            self.ratio_token = Address::from(ratio_token);
            self.name = String::from(name);
            self.symbol = String::from(symbol);
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::bond_token` (ownership, the pool and the pause: the
    /// attribute macros above).
    impl BondToken {
        /// Makes `admin` the owner and the pauser (see
        /// `lst_app::bond_token::init`).
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(admin: Address, feed: Address, ratioToken: Address, name: String, symbol: String) -> Result<Self> {
            let mut token = Self {
                ownable: Ownable2Step::default(),
                gate: MintGate::default(),
                shares: Mapping::default(),
                total_shares: U256::zero(),
                allowances: Allowances::default(),
                name: String::new(),
                symbol: String::new(),
                feed: Address::zero(),
                ratio_token: Address::zero(),
            };
            lst_app::ownable::init(&mut token.ownable, admin.0)?;
            app::init(&mut token, admin.0, feed.0, ratioToken.0, &name, &symbol)?;
            Ok(token)
        }

        /// The token's name.
        #[ink(message)]
        pub fn name(&self) -> String {
            self.name.clone()
        }

        /// The token's symbol.
        #[ink(message)]
        pub fn symbol(&self) -> String {
            self.symbol.clone()
        }

        /// 18, as the staked assets' wei.
        #[ink(message)]
        pub fn decimals(&self) -> u8 {
            18
        }

        /// See `lst_app::bond_token::ratio`.
        #[ink(message)]
        pub fn ratio(&self) -> Result<U256> {
            Ok(from_core(app::ratio(self)?))
        }

        /// See `lst_app::bond_token::ratio_token`.
        #[ink(message, name = "ratioToken")]
        pub fn ratio_token(&self) -> Address {
            Address::from(app::ratio_token(self))
        }

        /// The ratio feed.
        #[ink(message)]
        pub fn feed(&self) -> Address {
            self.feed
        }

        /// See `lst_app::bond_token::total_supply`.
        #[ink(message, name = "totalSupply")]
        pub fn total_supply(&self) -> Result<U256> {
            Ok(from_core(app::total_supply(self)?))
        }

        /// See `lst_app::bond_token::balance_of`.
        #[ink(message, name = "balanceOf")]
        pub fn balance_of(&self, account: Address) -> Result<U256> {
            Ok(from_core(app::balance_of(self, account.0)?))
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

        /// See `lst_app::bond_token::transfer`.
        #[ink(message)]
        pub fn transfer(&mut self, to: Address, amount: U256) -> Result<bool> {
            Ok(app::transfer(self, to.0, to_core(amount))?)
        }

        /// What `spender` may move of `owner`'s bonds.
        #[ink(message)]
        pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
            self.allowances.get(owner, spender)
        }

        /// See `lst_app::bond_token::approve`.
        #[ink(message)]
        pub fn approve(&mut self, spender: Address, amount: U256) -> Result<bool> {
            Ok(app::approve(self, spender.0, to_core(amount))?)
        }

        /// See `lst_app::bond_token::transfer_from`.
        #[ink(message, name = "transferFrom")]
        pub fn transfer_from(&mut self, from: Address, to: Address, amount: U256) -> Result<bool> {
            Ok(app::transfer_from(self, from.0, to.0, to_core(amount))?)
        }

        /// See `lst_app::bond_token::mint_shares`.
        #[ink(message, name = "mintShares")]
        pub fn mint_shares(&mut self, to: Address, shares: U256) -> Result<()> {
            Ok(app::mint_shares(self, to.0, to_core(shares))?)
        }

        /// See `lst_app::bond_token::burn_shares`.
        #[ink(message, name = "burnShares")]
        pub fn burn_shares(&mut self, from: Address, shares: U256) -> Result<()> {
            Ok(app::burn_shares(self, from.0, to_core(shares))?)
        }
    }
}

#[cfg(test)]
mod tests;
