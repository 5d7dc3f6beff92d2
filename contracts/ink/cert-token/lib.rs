//! ankrAVAX, the certificate token, for ink! 6 on pallet-revive,
//! with the Solidity ABI of `abi/CertToken.json`.
//!
//! A plain ERC-20 with EIP-2612 permits whose balances only the pool mints
//! and burns (the mint gate); a certificate is worth `1 / ratio` of the
//! staked asset, the ratio coming from the feed (`getRatioFor(this)`). The
//! owner (two-step transfer) sets the pool once and the pauser; the pauser
//! stops transfers, mints and burns.
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
pub const NAME: &str = "Ankr Staked AVAX";
/// The token's symbol.
pub const SYMBOL: &str = "ankrAVAX";

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither.
#[allow(missing_docs, clippy::panic)]
#[lst_ink_common::ownable_messages(ownable, native)]
#[lst_ink_common::mint_gate_messages(gate, ownable, native)]
#[ink::contract]
mod cert_token {
    use super::{NAME, SYMBOL};
    use ink::{prelude::string::String, U256};
    use lst_core::math;
    use lst_ink_common::{
        caller, calls, erc20::Erc20, erc5267::Eip712Domain, from_core, gate::MintGate, ownable::Ownable2Step, permit,
        permit::PermitCall, permit::Permits, to_core, Bytes32, Error, Result,
    };

    /// The certificate token's state.
    #[ink(storage)]
    pub struct CertToken {
        erc20: Erc20,
        permits: Permits,
        ownable: Ownable2Step,
        gate: MintGate,
        /// The ratio feed (rate provider).
        feed: Address,
    }

    impl CertToken {
        /// Makes `admin` owner and pauser and reads ratios from `feed`
        /// (`ZeroAddress` for a zero feed).
        #[ink(constructor)]
        pub fn new(admin: Address, feed: Address) -> Result<Self> {
            if feed == Address::zero() {
                return Err(Error::ZeroAddress {});
            }
            let mut token = Self {
                erc20: Erc20::default(),
                permits: Permits::default(),
                ownable: Ownable2Step::default(),
                gate: MintGate::default(),
                feed,
            };
            token.ownable.init_native(admin)?;
            token.gate.pausable.set_pauser(admin);
            Ok(token)
        }

        /// The feed's ratio for this token (shares per asset, 1e18); the
        /// feed's own error (e.g. `UnknownToken`) passes through.
        #[ink(message)]
        pub fn ratio(&self) -> Result<U256> {
            calls::get_ratio_for(self.feed, self.env().address())
        }

        /// Bonds (assets) worth `shares` certificates, rounded down.
        #[ink(message, name = "sharesToBonds")]
        pub fn shares_to_bonds(&self, shares: U256) -> Result<U256> {
            Ok(from_core(math::bonds_from_shares(to_core(shares), to_core(self.ratio()?))?))
        }

        /// Certificates worth `bonds` assets, rounded down.
        #[ink(message, name = "bondsToShares")]
        pub fn bonds_to_shares(&self, bonds: U256) -> Result<U256> {
            Ok(from_core(math::shares_from_bonds(to_core(bonds), to_core(self.ratio()?))?))
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

        /// 18.
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

        /// What `spender` may still move of `owner`'s certificates.
        #[ink(message)]
        pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
            self.erc20.allowances.get(owner, spender)
        }

        /// Moves `value` of the caller's certificates to `to` (not while paused).
        #[ink(message)]
        pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool> {
            self.gate.pausable.check_not_paused()?;
            self.erc20.transfer(caller(), to, value)?;
            Ok(true)
        }

        /// Lets `spender` move up to `value` of the caller's certificates.
        #[ink(message)]
        pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool> {
            self.erc20.allowances.approve(caller(), spender, value)?;
            Ok(true)
        }

        /// Moves `value` of `from`'s certificates to `to` within the caller's
        /// allowance (not while paused).
        #[ink(message, name = "transferFrom")]
        pub fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> Result<bool> {
            self.gate.pausable.check_not_paused()?;
            self.erc20.transfer_from(caller(), from, to, value)?;
            Ok(true)
        }

        /// `owner`'s next permit nonce.
        #[ink(message)]
        pub fn nonces(&self, owner: Address) -> U256 {
            self.permits.nonce(owner)
        }

        /// The EIP-712 domain separator permits are signed under.
        #[ink(message, name = "DOMAIN_SEPARATOR")]
        pub fn domain_separator(&self) -> Bytes32 {
            Permits::domain_separator(NAME, self.env().address()).into()
        }

        /// ERC-5267: the EIP-712 domain permits are signed under (name,
        /// version, chain id and this token's address).
        #[ink(message, name = "eip712Domain")]
        pub fn eip712_domain(&self) -> Eip712Domain {
            Eip712Domain::new(NAME, permit::VERSION, self.env().address())
        }

        /// EIP-2612: sets `owner`'s allowance for `spender` from `owner`'s
        /// signature.
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
            let call = PermitCall { owner, spender, value, deadline, v, r, s };
            self.permits.permit(NAME, self.env().address(), call, &mut self.erc20.allowances)
        }

        /// Pool: creates `amount` certificates for `to`.
        #[ink(message)]
        pub fn mint(&mut self, to: Address, amount: U256) -> Result<()> {
            self.gate.check_mint(caller())?;
            self.erc20.mint(to, amount)
        }

        /// Pool: destroys `amount` of `from`'s certificates.
        #[ink(message)]
        pub fn burn(&mut self, from: Address, amount: U256) -> Result<()> {
            self.gate.check_mint(caller())?;
            self.erc20.burn(from, amount)
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
