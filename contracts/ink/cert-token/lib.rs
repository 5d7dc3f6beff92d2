//! ankrAVAX, the certificate token, for ink! 6 on pallet-revive,
//! with the Solidity ABI of `abi/CertToken.json`.
//!
//! A plain ERC-20 with EIP-2612 permits whose balances only the pool mints
//! and burns (the mint gate); a certificate is worth `1 / ratio` of the
//! staked asset, the ratio coming from the feed (`getRatioFor(this)`). The
//! owner (two-step transfer) sets the pool once and the pauser; the pauser
//! stops transfers, mints and burns.
//!
//! Every message is `lst_app::cert_token`'s (ERC-20 `lst_app::erc20`'s,
//! permits `lst_app::permit`'s, the pool and pause `lst_app::gate`'s,
//! ownership `lst_app::ownable`'s), where an auditor reads it once; this
//! crate lays out the storage, declares the ABI and dispatches.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    core: lst_core::error::raised::CERT_TOKEN;
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
    ECDSAInvalidSignature,
    ECDSAInvalidSignatureS,
    ERC2612ExpiredSignature,
    ERC2612InvalidSigner,
);

/// The token's name (also its EIP-712 domain name).
/// The token's name (its EIP-712 domain's).
pub const NAME: &str = lst_app::cert_token::NAME;
/// The token's symbol.
pub const SYMBOL: &str = lst_app::cert_token::SYMBOL;

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::mint_gate_messages(gate, ownable)]
#[ink::contract]
pub mod cert_token {
    use super::{NAME, SYMBOL};
    use ink::{prelude::string::String, U256};
    use lst_app::cert_token as app;
    use lst_ink_common::{
        erc20::Erc20, erc5267::Eip712Domain, from_core, gate::MintGate, ownable::Ownable2Step, permit::Permits,
        to_core, Bytes32, Crypto, Failure,
    };

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// ankrAVAX's state.
    #[ink(storage)]
    pub struct CertToken {
        erc20: Erc20,
        permits: Permits,
        ownable: Ownable2Step,
        gate: MintGate,
        feed: Address,
    }

    lst_ink_common::app_host!(CertToken);

    impl lst_app::erc20::Allowances for CertToken {
        fn allowance(&self, owner: lst_app::Address, spender: lst_app::Address) -> lst_app::U256 {
            lst_app::erc20::Allowances::allowance(&self.erc20, owner, spender)
        }

        fn set_allowance(&mut self, owner: lst_app::Address, spender: lst_app::Address, value: lst_app::U256) {
            lst_app::erc20::Allowances::set_allowance(&mut self.erc20, owner, spender, value);
        }
    }

    impl lst_app::erc20::Ledger for CertToken {
        fn total_supply(&self) -> lst_app::U256 {
            lst_app::erc20::Ledger::total_supply(&self.erc20)
        }

        fn set_total_supply(&mut self, supply: lst_app::U256) {
            lst_app::erc20::Ledger::set_total_supply(&mut self.erc20, supply);
        }

        fn balance_of(&self, account: lst_app::Address) -> lst_app::U256 {
            lst_app::erc20::Ledger::balance_of(&self.erc20, account)
        }

        fn set_balance(&mut self, account: lst_app::Address, balance: lst_app::U256) {
            lst_app::erc20::Ledger::set_balance(&mut self.erc20, account, balance);
        }
    }

    impl lst_app::permit::Store for CertToken {
        fn nonce(&self, owner: lst_app::Address) -> lst_app::U256 {
            self.permits.app_nonce(owner)
        }

        fn set_nonce(&mut self, owner: lst_app::Address, nonce: lst_app::U256) {
            self.permits.set_app_nonce(owner, nonce);
        }
    }

    impl lst_core::claim::Keccak256 for CertToken {
        fn keccak256(&self, data: &[u8]) -> [u8; 32] {
            lst_core::claim::Keccak256::keccak256(&Crypto, data)
        }
    }

    impl lst_core::claim::EcRecover for CertToken {
        fn ecrecover(&self, digest: &[u8; 32], signature: &lst_core::claim::Signature) -> Option<lst_app::Address> {
            lst_core::claim::EcRecover::ecrecover(&Crypto, digest, signature)
        }
    }

    impl lst_app::permit::Signatures for CertToken {
        fn chain_id(&self) -> u64 {
            lst_ink_common::chain_id()
        }
    }

    impl app::Store for CertToken {
        fn feed(&self) -> lst_app::Address {
            self.feed.0
        }

        fn set_feed(&mut self, feed: lst_app::Address) {
            self.feed = Address::from(feed);
        }
    }

    impl app::Minter for CertToken {
        fn mint_to(&mut self, to: lst_app::Address, amount: lst_app::U256) -> lst_app::Result<()> {
            lst_app::erc20::mint(self, to, amount)
        }

        fn burn_from(&mut self, from: lst_app::Address, amount: lst_app::U256) -> lst_app::Result<()> {
            lst_app::erc20::burn(self, from, amount)
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::cert_token` (ERC-20 `lst_app::erc20`'s, permits
    /// `lst_app::permit`'s, ownership and the gate the attribute macros'
    /// above).
    impl CertToken {
        /// Makes `admin` the owner and the pauser (see
        /// `lst_app::cert_token::init`).
        #[ink(constructor)]
        pub fn new(admin: Address, feed: Address) -> Result<Self> {
            let mut token = Self {
                erc20: Erc20::default(),
                permits: Permits::default(),
                ownable: Ownable2Step::default(),
                gate: MintGate::default(),
                feed: Address::zero(),
            };
            lst_app::ownable::init(&mut token.ownable, admin.0)?;
            app::init(&mut token, admin.0, feed.0)?;
            Ok(token)
        }

        /// See `lst_app::cert_token::ratio`.
        #[ink(message)]
        pub fn ratio(&self) -> Result<U256> {
            Ok(from_core(app::ratio(self)?))
        }

        /// See `lst_app::cert_token::shares_to_bonds`.
        #[ink(message, name = "sharesToBonds")]
        pub fn shares_to_bonds(&self, shares: U256) -> Result<U256> {
            Ok(from_core(app::shares_to_bonds(self, to_core(shares))?))
        }

        /// See `lst_app::cert_token::bonds_to_shares`.
        #[ink(message, name = "bondsToShares")]
        pub fn bonds_to_shares(&self, bonds: U256) -> Result<U256> {
            Ok(from_core(app::bonds_to_shares(self, to_core(bonds))?))
        }

        /// "Ankr Staked AVAX".
        #[ink(message)]
        pub fn name(&self) -> String {
            String::from(NAME)
        }

        /// "ankrAVAX".
        #[ink(message)]
        pub fn symbol(&self) -> String {
            String::from(SYMBOL)
        }

        /// 18, as AVAX's wei.
        #[ink(message)]
        pub fn decimals(&self) -> u8 {
            18
        }

        /// All certificates in existence.
        #[ink(message, name = "totalSupply")]
        pub fn total_supply(&self) -> U256 {
            self.erc20.total_supply()
        }

        /// `account`'s certificates.
        #[ink(message, name = "balanceOf")]
        pub fn balance_of(&self, account: Address) -> U256 {
            self.erc20.balance_of(account)
        }

        /// What `spender` may move of `owner`'s certificates.
        #[ink(message)]
        pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
            self.erc20.allowances.get(owner, spender)
        }

        /// See `lst_app::cert_token::transfer`.
        #[ink(message)]
        pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool> {
            Ok(app::transfer(self, to.0, to_core(value))?)
        }

        /// See `lst_app::erc20::approve`.
        #[ink(message)]
        pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool> {
            Ok(lst_app::erc20::approve(self, spender.0, to_core(value))?)
        }

        /// See `lst_app::cert_token::transfer_from`.
        #[ink(message, name = "transferFrom")]
        pub fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool> {
            Ok(app::transfer_from(self, from.0, to.0, to_core(value))?)
        }

        /// `owner`'s next permit nonce.
        #[ink(message)]
        pub fn nonces(&self, owner: Address) -> U256 {
            self.permits.nonce(owner)
        }

        /// See `lst_app::permit::domain_separator`.
        #[ink(message, name = "DOMAIN_SEPARATOR")]
        pub fn domain_separator(&self) -> Bytes32 {
            Bytes32::from(lst_app::permit::domain_separator(self, NAME))
        }

        /// ERC-5267: the fields of the permit domain.
        #[ink(message, name = "eip712Domain")]
        pub fn eip712_domain(&self) -> Eip712Domain {
            Eip712Domain::new(NAME, lst_app::permit::VERSION, self.env().address())
        }

        /// See `lst_app::cert_token::permit`.
        #[ink(message)]
        #[allow(clippy::too_many_arguments)]
        pub fn permit(
            &mut self,
            owner: Address,
            spender: Address,
            value: U256,
            deadline: U256,
            v: u8,
            r: Bytes32,
            s: Bytes32,
        ) -> Result<()> {
            let call = lst_app::permit::PermitCall {
                owner: owner.0,
                spender: spender.0,
                value: to_core(value),
                deadline: to_core(deadline),
                v,
                r: r.0,
                s: s.0,
            };
            Ok(app::permit(self, call)?)
        }

        /// See `lst_app::cert_token::mint`.
        #[ink(message)]
        pub fn mint(&mut self, to: Address, amount: U256) -> Result<()> {
            Ok(app::mint(self, to.0, to_core(amount))?)
        }

        /// See `lst_app::cert_token::burn`.
        #[ink(message)]
        pub fn burn(&mut self, from: Address, amount: U256) -> Result<()> {
            Ok(app::burn(self, from.0, to_core(amount))?)
        }

        /// The ratio feed.
        #[ink(message)]
        pub fn feed(&self) -> Address {
            self.feed
        }
    }
}

#[cfg(test)]
mod tests;
