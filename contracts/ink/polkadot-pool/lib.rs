//! PolkadotPool, for ink! 6 on pallet-revive, with the Solidity
//! ABI of `abi/PolkadotPool.json`. KSM and DOT are staked on the relay
//! chains; this contract mints their bonds (aKSMb, aDOTb) against claims the
//! notary signed, and burns them when a holder unstakes to a Polkadot
//! account.
//!
//! - `claimBonds` mints `amount` bonds to `account` for a claim signed by
//!   the notary over EIP-712 typed data (domain "PolkadotPool", "1", chain
//!   id, this pool's address). A claim id is used once; a claim expires when
//!   `block.number > claimBeforeBlock`; the signature must be canonical (65
//!   bytes, `v` 27/28, low `s` — checked by the core, as ink does not) and
//!   recover (the `ecrecover` precompile) to the notary. The rules are the
//!   core's `lst_core::claim::check_claim`.
//! - `isClaimValid` answers whether `claimBonds` would mint for that claim
//!   now (false while paused too), and never reverts.
//! - `burnBond` burns the caller's bonds (the shares worth `amount`, rounded
//!   up) for a recipient that is a raw 32-byte account id or an SS58 address
//!   of Polkadot, Kusama or generic Substrate (checksum verified).
//!
//! - Each bond has a mint limit (`lst_core::mint_limit`): at most
//!   `maxPerClaim` per claim and a bucket of `maxPerDay` that refills over
//!   24 hours. A claim over it is refused (`MintOverClaimLimit`,
//!   `MintOverDailyLimit`) and not used up; `isClaimValid` answers false.
//!
//! Roles: the owner (two-step) registers bonds with their limits, rotates
//! the notary, sets the limits, the operator and the pauser; the operator
//! may register bonds; the pauser stops claiming and burning. A new notary
//! and a higher limit are scheduled changes ([`lst_ink_common::timelock`]):
//! they take effect when asked for again after the delay fixed at
//! deployment, and the owner or the pauser may cancel them meanwhile. A
//! lower limit is immediate.
//!
//! Every message is `lst_app::polkadot_pool`'s, where an auditor reads it
//! once for both platforms; this crate lays out the storage, declares the
//! ABI and dispatches.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

lst_ink_common::register_errors!(
    core: lst_core::error::raised::POLKADOT_POOL, passes lst_core::error::raised::BOND_TOKEN;
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
    UnknownBond,
    BondAlreadyRegistered,
    BondPoolMismatch,
);

// ink!'s generated items carry no docs (the storage type alias) and its
// generated dispatch panics on undecodable input; the contract's own code
// has neither. The events are declared for the ABI (cargo-contract lists
// them); the app layer logs them.
#[allow(missing_docs, clippy::panic, dead_code)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::timelock_messages(changes, ownable, pausable)]
#[ink::contract]
pub mod polkadot_pool {
    use ink::{storage::Mapping, U256};
    use lst_app::polkadot_pool::{self as app, ClaimCall};
    use lst_core::{claim, mint_limit::MintLimit};
    use lst_ink_common::{
        erc5267::Eip712Domain, from_core, ownable::Ownable2Step, pausable::Pausable, timelock::Timelock, to_core,
        Bytes32, Crypto, Failure,
    };

    /// The result of a message: its answer or the app layer's refusal.
    type Result<T> = core::result::Result<T, Failure>;

    /// A bond's mint limit as stored: (per claim, per day, available,
    /// updated at).
    type StoredLimit = (U256, U256, U256, u64);

    /// A bond's mint limits changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct MintLimitChanged {
        /// The bond.
        #[ink(topic)]
        pub bond: Address,
        /// The most one claim may mint.
        pub maxPerClaim: U256,
        /// The most minted per day.
        pub maxPerDay: U256,
    }

    /// A claim minted `amount` of `token` to `account`.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct TokensClaimed {
        /// The bond token.
        #[ink(topic)]
        pub token: Address,
        /// The claim's id.
        #[ink(topic)]
        pub claimId: U256,
        /// Bond units minted.
        pub amount: U256,
        /// The last block the claim was good for.
        pub claimBeforeBlock: U256,
        /// Who received them.
        #[ink(topic)]
        pub account: Address,
    }

    /// `account` burned `amount` of `token` to be paid to `recipient`.
    #[ink(event)]
    pub struct TokensBurned {
        /// The bond token.
        #[ink(topic)]
        pub token: Address,
        /// Who burned.
        #[ink(topic)]
        pub account: Address,
        /// The relay-chain recipient, as given.
        pub recipient: ink::sol::DynBytes,
        /// Bond units burned.
        pub amount: U256,
        /// Shares burned.
        pub shares: U256,
    }

    /// A bond token was registered.
    #[ink(event)]
    pub struct BondRegistered {
        /// The bond.
        #[ink(topic)]
        pub bond: Address,
    }

    /// The notary changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct NotaryChanged {
        /// Before.
        #[ink(topic)]
        pub previousNotary: Address,
        /// Now.
        #[ink(topic)]
        pub newNotary: Address,
    }

    /// The operator changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct OperatorChanged {
        /// Before.
        #[ink(topic)]
        pub previousOperator: Address,
        /// Now.
        #[ink(topic)]
        pub newOperator: Address,
    }

    /// The pool's state.
    #[ink(storage)]
    pub struct PolkadotPool {
        ownable: Ownable2Step,
        /// Used claim ids, 256 to a word (`lst_core::claim::bitmap_position`).
        used_claims: Mapping<U256, U256>,
        /// Registered bonds' limits.
        bonds: Mapping<Address, StoredLimit>,
        changes: Timelock,
        pausable: Pausable,
        notary: Address,
        operator: Address,
    }

    lst_ink_common::app_host!(PolkadotPool);
    lst_app::store_in!(timelock: PolkadotPool, changes);
    lst_app::store_in!(pausable: PolkadotPool, pausable);

    impl claim::Keccak256 for PolkadotPool {
        fn keccak256(&self, data: &[u8]) -> [u8; 32] {
            claim::Keccak256::keccak256(&Crypto, data)
        }
    }

    impl claim::EcRecover for PolkadotPool {
        fn ecrecover(&self, digest: &[u8; 32], signature: &claim::Signature) -> Option<lst_app::Address> {
            claim::EcRecover::ecrecover(&Crypto, digest, signature)
        }
    }

    impl lst_app::permit::Signatures for PolkadotPool {
        fn chain_id(&self) -> u64 {
            lst_ink_common::chain_id()
        }
    }

    impl lst_app::operator::Store for PolkadotPool {
        fn operator(&self) -> lst_app::Address {
            self.operator.0
        }

        fn set_operator(&mut self, operator: lst_app::Address) {
            self.operator = Address::from(operator);
        }
    }

    impl app::Store for PolkadotPool {
        fn bond_limit(&self, bond: lst_app::Address) -> Option<MintLimit> {
            let (per_claim, per_day, available, updated_at) = self.bonds.get(Address::from(bond))?;
            Some(MintLimit {
                per_claim: to_core(per_claim),
                per_day: to_core(per_day),
                available: to_core(available),
                updated_at,
            })
        }

        fn set_bond_limit(&mut self, bond: lst_app::Address, l: &MintLimit) {
            let stored = (from_core(l.per_claim), from_core(l.per_day), from_core(l.available), l.updated_at);
            self.bonds.insert(Address::from(bond), &stored);
        }

        fn claim_used(&self, id: lst_app::U256) -> bool {
            let (word, mask) = claim::bitmap_position(id);
            !(to_core(self.used_claims.get(from_core(word)).unwrap_or_default()) & mask).is_zero()
        }

        fn use_claim(&mut self, id: lst_app::U256) {
            let (word, mask) = claim::bitmap_position(id);
            let bits = to_core(self.used_claims.get(from_core(word)).unwrap_or_default());
            self.used_claims.insert(from_core(word), &from_core(bits | mask));
        }

        fn notary(&self) -> lst_app::Address {
            self.notary.0
        }

        fn set_notary(&mut self, notary: lst_app::Address) {
            self.notary = Address::from(notary);
        }
    }

    /// One claim's fields as the app layer takes them.
    fn claim_call(
        bond: Address,
        claim_id: U256,
        amount: U256,
        claim_before_block: U256,
        account: Address,
    ) -> ClaimCall {
        ClaimCall {
            bond: bond.0,
            claim_id: to_core(claim_id),
            amount: to_core(amount),
            claim_before_block: to_core(claim_before_block),
            account: account.0,
        }
    }

    /// The ABI entry points: each runs the message of
    /// `lst_app::polkadot_pool` (ownership and the scheduled changes: the
    /// attribute macros above).
    impl PolkadotPool {
        /// Makes `admin` the owner, operator and pauser (see
        /// `lst_app::polkadot_pool::init`).
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(admin: Address, notary: Address, changeDelaySecs: u64) -> Result<Self> {
            let mut pool = Self {
                ownable: Ownable2Step::default(),
                used_claims: Mapping::default(),
                bonds: Mapping::default(),
                changes: Timelock::default(),
                pausable: Pausable::default(),
                notary: Address::zero(),
                operator: Address::zero(),
            };
            lst_app::ownable::init(&mut pool.ownable, admin.0)?;
            app::init(&mut pool, admin.0, notary.0, changeDelaySecs)?;
            Ok(pool)
        }

        /// See `lst_app::polkadot_pool::claim_bonds`.
        #[ink(message, name = "claimBonds")]
        #[allow(non_snake_case)]
        pub fn claim_bonds(
            &mut self,
            bond: Address,
            claimId: U256,
            amount: U256,
            claimBeforeBlock: U256,
            account: Address,
            signature: ink::sol::DynBytes,
        ) -> Result<()> {
            let call = claim_call(bond, claimId, amount, claimBeforeBlock, account);
            Ok(app::claim_bonds(self, call, &signature.0)?)
        }

        /// See `lst_app::polkadot_pool::is_claim_valid`.
        #[ink(message, name = "isClaimValid")]
        #[allow(non_snake_case)]
        pub fn is_claim_valid(
            &self,
            token: Address,
            claimId: U256,
            claimBeforeBlock: U256,
            amount: U256,
            to: Address,
            signature: ink::sol::DynBytes,
        ) -> bool {
            app::is_claim_valid(self, &claim_call(token, claimId, amount, claimBeforeBlock, to), &signature.0)
        }

        /// Whether claim `claimId` was used.
        #[ink(message, name = "isClaimUsed")]
        #[allow(non_snake_case)]
        pub fn is_claim_used(&self, claimId: U256) -> bool {
            app::Store::claim_used(self, to_core(claimId))
        }

        /// See `lst_app::polkadot_pool::burn_bond`.
        #[ink(message, name = "burnBond")]
        #[allow(non_snake_case)]
        pub fn burn_bond(&mut self, bond: Address, amount: U256, polkadotRecipient: ink::sol::DynBytes) -> Result<()> {
            Ok(app::burn_bond(self, bond.0, to_core(amount), &polkadotRecipient.0)?)
        }

        /// See `lst_app::polkadot_pool::register_bond`.
        #[ink(message, name = "registerBond")]
        #[allow(non_snake_case)]
        pub fn register_bond(&mut self, bond: Address, maxPerClaim: U256, maxPerDay: U256) -> Result<()> {
            Ok(app::register_bond(self, bond.0, to_core(maxPerClaim), to_core(maxPerDay))?)
        }

        /// See `lst_app::polkadot_pool::set_mint_limit`.
        #[ink(message, name = "setMintLimit")]
        #[allow(non_snake_case)]
        pub fn set_mint_limit(&mut self, bond: Address, maxPerClaim: U256, maxPerDay: U256) -> Result<()> {
            Ok(app::set_mint_limit(self, bond.0, to_core(maxPerClaim), to_core(maxPerDay))?)
        }

        /// See `lst_app::polkadot_pool::mint_limit`.
        #[ink(message, name = "mintLimit")]
        pub fn mint_limit(&self, bond: Address) -> (U256, U256, U256) {
            let (per_claim, per_day, available) = app::mint_limit(self, bond.0);
            (from_core(per_claim), from_core(per_day), from_core(available))
        }

        /// See `lst_app::polkadot_pool::set_notary`.
        #[ink(message, name = "setNotary")]
        pub fn set_notary(&mut self, notary: Address) -> Result<()> {
            Ok(app::set_notary(self, notary.0)?)
        }

        /// See `lst_app::operator::set_operator`.
        #[ink(message, name = "setOperator")]
        pub fn set_operator(&mut self, operator: Address) -> Result<()> {
            Ok(lst_app::operator::set_operator(self, operator.0)?)
        }

        /// See `lst_app::pausable::set_pauser_non_zero`.
        #[ink(message, name = "setPauser")]
        pub fn set_pauser(&mut self, pauser: Address) -> Result<()> {
            Ok(lst_app::pausable::set_pauser_non_zero(self, pauser.0)?)
        }

        /// See `lst_app::pausable::pause`.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            Ok(lst_app::pausable::pause(self)?)
        }

        /// See `lst_app::pausable::unpause`.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            Ok(lst_app::pausable::unpause(self)?)
        }

        /// Whether claiming and burning are stopped.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.pausable.paused()
        }

        /// Whether `bond` is registered.
        #[ink(message, name = "isBondRegistered")]
        pub fn is_bond_registered(&self, bond: Address) -> bool {
            self.bonds.contains(bond)
        }

        /// The account whose signature mints.
        #[ink(message)]
        pub fn notary(&self) -> Address {
            self.notary
        }

        /// The account that may register bonds.
        #[ink(message)]
        pub fn operator(&self) -> Address {
            self.operator
        }

        /// The account that may pause.
        #[ink(message)]
        pub fn pauser(&self) -> Address {
            self.pausable.pauser()
        }

        /// See `lst_app::polkadot_pool::domain_separator`.
        #[ink(message, name = "domainSeparator")]
        pub fn domain_separator(&self) -> Bytes32 {
            Bytes32::from(app::domain_separator(self))
        }

        /// ERC-5267: the domain claims are signed under.
        #[ink(message, name = "eip712Domain")]
        pub fn eip712_domain(&self) -> Eip712Domain {
            Eip712Domain::new(claim::DOMAIN_NAME, claim::DOMAIN_VERSION, self.env().address())
        }
    }
}

#[cfg(test)]
mod tests;
