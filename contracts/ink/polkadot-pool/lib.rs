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
// has neither.
#[allow(missing_docs, clippy::panic)]
#[lst_ink_common::ownable_messages(ownable)]
#[lst_ink_common::timelock_messages(changes, ownable, pausable)]
#[ink::contract]
mod polkadot_pool {
    use ink::{storage::Mapping, U256};
    use lst_core::{
        claim::{self, Claim, ClaimContext},
        math,
        mint_limit::{self, MintLimit},
        ss58, CoreError,
    };
    use lst_ink_common::{
        address_bytes, block_number, caller, calls, chain_id,
        erc5267::Eip712Domain,
        from_core, non_zero, now_secs,
        operator::Operator,
        ownable::Ownable2Step,
        pausable::Pausable,
        selector,
        timelock::{self, Timelock},
        to_core, Bytes32, Crypto, Error, Result,
    };

    /// The selectors that name the scheduled changes of this contract.
    const SET_NOTARY: [u8; 4] = selector!("setNotary(address)");
    const SET_MINT_LIMIT: [u8; 4] = selector!("setMintLimit(address,uint256,uint256)");

    /// One bond's mint limit as stored: (per claim, per day, what the
    /// bucket held, when).
    type StoredLimit = (U256, U256, U256, u64);

    fn stored(l: &MintLimit) -> StoredLimit {
        (from_core(l.per_claim), from_core(l.per_day), from_core(l.available), l.updated_at)
    }

    /// `bond`'s mint limits are now these (registration, or a change).
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct MintLimitChanged {
        /// The bond token.
        #[ink(topic)]
        pub bond: Address,
        /// Most one claim mints.
        pub maxPerClaim: U256,
        /// Most the bucket holds, refilled per 24 hours.
        pub maxPerDay: U256,
    }

    /// Bonds were minted for a notarised claim.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct TokensClaimed {
        /// The bond token.
        #[ink(topic)]
        pub token: Address,
        /// The claim's id.
        #[ink(topic)]
        pub claimId: U256,
        /// Bonds minted.
        pub amount: U256,
        /// The claim's expiry block.
        pub claimBeforeBlock: U256,
        /// Who received them.
        #[ink(topic)]
        pub account: Address,
    }

    /// Bonds were burned to be paid out on the relay chain to `recipient`
    /// (a 32-byte account id or SS58 text, as given).
    #[ink(event)]
    pub struct TokensBurned {
        /// The bond token.
        #[ink(topic)]
        pub token: Address,
        /// Whose bonds were burned.
        #[ink(topic)]
        pub account: Address,
        /// The Polkadot recipient, as given.
        pub recipient: ink::sol::DynBytes,
        /// Bonds burned.
        pub amount: U256,
        /// Shares burned.
        pub shares: U256,
    }

    /// A bond token (aKSMb, aDOTb) may now be claimed and burned here.
    #[ink(event)]
    pub struct BondRegistered {
        /// The bond token.
        #[ink(topic)]
        pub bond: Address,
    }

    /// The key that signs claims changed.
    #[ink(event)]
    #[allow(non_snake_case)]
    pub struct NotaryChanged {
        /// The notary before.
        #[ink(topic)]
        pub previousNotary: Address,
        /// The notary now.
        #[ink(topic)]
        pub newNotary: Address,
    }

    /// The pool's state.
    #[ink(storage)]
    pub struct PolkadotPool {
        ownable: Ownable2Step,
        /// Used claim ids, 256 to a word (OpenZeppelin's `BitMaps` layout).
        used_claims: Mapping<U256, U256>,
        /// The registered bonds, with their mint limits.
        bonds: Mapping<Address, StoredLimit>,
        changes: Timelock,
        pausable: Pausable,
        notary: Address,
        operator: Operator,
    }

    impl PolkadotPool {
        /// `admin` becomes owner, operator and pauser; `notary` signs
        /// claims; scheduled changes wait `changeDelaySecs` (one hour to 30
        /// days).
        #[ink(constructor)]
        #[allow(non_snake_case)]
        pub fn new(admin: Address, notary: Address, changeDelaySecs: u64) -> Result<Self> {
            let mut pool = Self {
                ownable: Ownable2Step::default(),
                used_claims: Mapping::default(),
                bonds: Mapping::default(),
                changes: Timelock::default(),
                notary: non_zero(notary)?,
                operator: Operator::new(admin),
                pausable: Pausable::new(admin),
            };
            pool.ownable.init(admin)?;
            pool.changes.init(changeDelaySecs)?;
            Ok(pool)
        }

        /// Mints `amount` bonds (`bond`'s KSM/DOT units; the shares worth it
        /// at the bond's ratio, rounded down) to `account`, for a claim the
        /// notary signed, within the bond's mint limit. Marks `claimId`
        /// used.
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
            self.pausable.check_not_paused()?;
            let claim = claim_of(bond, claimId, amount, claimBeforeBlock, account);
            let shares = self.check_claim(&claim, &signature.0)?;
            let mut limit = self.limit_of(bond)?;
            limit.consume(to_core(amount), now_secs())?;
            self.bonds.insert(bond, &stored(&limit));
            self.mark_used(claimId);
            calls::mint_shares(bond, account, shares)?;
            lst_ink_common::emit(TokensClaimed { token: bond, claimId, amount, claimBeforeBlock, account });
            Ok(())
        }

        /// Whether `claimBonds` would mint for this claim now: false, never
        /// a revert, while the pool is paused, and for an unknown bond, a
        /// bad, expired, used or malformed claim, an amount over the bond's
        /// mint limit, or an amount worth no share. Note the
        /// argument order, kept from Ankr's pool: `claimBeforeBlock` before
        /// `amount`.
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
            let claim = claim_of(token, claimId, amount, claimBeforeBlock, to);
            !self.pausable.paused() && self.check_claim(&claim, &signature.0).is_ok()
        }

        /// Whether claim `claimId` was used.
        #[ink(message, name = "isClaimUsed")]
        #[allow(non_snake_case)]
        pub fn is_claim_used(&self, claimId: U256) -> bool {
            let (_, mask, bits) = self.used_word(claimId);
            !(bits & mask).is_zero()
        }

        /// Burns the caller's `bond` worth `amount` (the shares, rounded up)
        /// to be paid out on the relay chain to `polkadotRecipient`: a
        /// 32-byte account id, or an SS58 address (Polkadot, Kusama or
        /// generic prefix, checksum verified).
        #[ink(message, name = "burnBond")]
        #[allow(non_snake_case)]
        pub fn burn_bond(&mut self, bond: Address, amount: U256, polkadotRecipient: ink::sol::DynBytes) -> Result<()> {
            self.pausable.check_not_paused()?;
            self.registered(bond)?;
            if amount.is_zero() {
                return Err(CoreError::ZeroAmount.into());
            }
            ss58::parse_recipient(&polkadotRecipient.0)?;
            let account = caller();
            let shares = from_core(math::shares_for_bonds(to_core(amount), to_core(calls::bond_ratio(bond)?))?);
            calls::burn_shares(bond, account, shares)?;
            lst_ink_common::emit(TokensBurned { token: bond, account, recipient: polkadotRecipient, amount, shares });
            Ok(())
        }

        /// Owner or operator: registers a bond token whose pool is this one
        /// (`BondPoolMismatch` otherwise: a token another contract mints
        /// would let `burnBond` announce burns that burn nothing), with its
        /// mint limits (its bucket starts full).
        #[ink(message, name = "registerBond")]
        #[allow(non_snake_case)]
        pub fn register_bond(&mut self, bond: Address, maxPerClaim: U256, maxPerDay: U256) -> Result<()> {
            let sender = caller();
            if sender != self.ownable.owner() && sender != self.operator.get() {
                return Err(Error::Unauthorized { account: sender });
            }
            if self.bonds.contains(non_zero(bond)?) {
                return Err(Error::BondAlreadyRegistered { bond });
            }
            let bond_pool = calls::bond_pool(bond)?;
            if bond_pool != self.env().address() {
                return Err(Error::BondPoolMismatch { bond, bondPool: bond_pool });
            }
            let limit = MintLimit::new(to_core(maxPerClaim), to_core(maxPerDay), now_secs())?;
            self.bonds.insert(bond, &stored(&limit));
            lst_ink_common::emit(BondRegistered { bond });
            lst_ink_common::emit(MintLimitChanged { bond, maxPerClaim, maxPerDay });
            Ok(())
        }

        /// Owner: sets `bond`'s mint limits. Lower ones are immediate (the
        /// bucket is cut to the new daily limit); raising either is
        /// scheduled: the first call schedules it, the same call after the
        /// delay applies it (the bucket keeps what it holds).
        #[ink(message, name = "setMintLimit")]
        #[allow(non_snake_case)]
        pub fn set_mint_limit(&mut self, bond: Address, maxPerClaim: U256, maxPerDay: U256) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let mut limit = self.limit_of(bond)?;
            let (per_claim, per_day) = (to_core(maxPerClaim), to_core(maxPerDay));
            mint_limit::check_limits(per_claim, per_day)?;
            if limit.raises(per_claim, per_day)
                && !self
                    .changes
                    .request(timelock::key(SET_MINT_LIMIT, bond), from_core(mint_limit::pack(per_claim, per_day)))?
            {
                return Ok(());
            }
            limit.set(per_claim, per_day, now_secs())?;
            self.bonds.insert(bond, &stored(&limit));
            lst_ink_common::emit(MintLimitChanged { bond, maxPerClaim, maxPerDay });
            Ok(())
        }

        /// `bond`'s limits and what it may mint now: `(maxPerClaim,
        /// maxPerDay, remaining)` (zeros for an unknown bond).
        #[ink(message, name = "mintLimit")]
        pub fn mint_limit(&self, bond: Address) -> (U256, U256, U256) {
            let limit = self.limit_of(bond).unwrap_or_default();
            (from_core(limit.per_claim), from_core(limit.per_day), from_core(limit.available_at(now_secs())))
        }

        /// Owner, scheduled: rotates the notary (the first call schedules
        /// it, the same call after the delay applies it). Claims signed by
        /// the old key stop being valid when it takes effect.
        #[ink(message, name = "setNotary")]
        pub fn set_notary(&mut self, notary: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            let previous = self.notary;
            non_zero(notary)?;
            if !self.changes.request(timelock::key(SET_NOTARY, Address::zero()), timelock::address_value(notary))? {
                return Ok(());
            }
            self.notary = notary;
            lst_ink_common::emit(NotaryChanged { previousNotary: previous, newNotary: notary });
            Ok(())
        }

        /// Owner: changes the operator.
        #[ink(message, name = "setOperator")]
        pub fn set_operator(&mut self, operator: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            self.operator.set(operator)
        }

        /// Owner: changes the pauser.
        #[ink(message, name = "setPauser")]
        pub fn set_pauser(&mut self, pauser: Address) -> Result<()> {
            self.ownable.only_owner(caller())?;
            self.pausable.set_pauser(non_zero(pauser)?);
            Ok(())
        }

        /// Pauser: stops claiming and burning.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.pausable.pause(caller())
        }

        /// Pauser: resumes claiming and burning.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.pausable.unpause(caller())
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

        /// The key whose signatures claims need.
        #[ink(message)]
        pub fn notary(&self) -> Address {
            self.notary
        }

        /// The operator.
        #[ink(message)]
        pub fn operator(&self) -> Address {
            self.operator.get()
        }

        /// The pauser.
        #[ink(message)]
        pub fn pauser(&self) -> Address {
            self.pausable.pauser()
        }

        /// The EIP-712 domain separator claims are signed under.
        #[ink(message, name = "domainSeparator")]
        pub fn domain_separator(&self) -> Bytes32 {
            claim::domain_separator(&Crypto, chain_id(), &address_bytes(self.env().address())).into()
        }

        /// ERC-5267: the EIP-712 domain claims are signed under (name,
        /// version, chain id and this pool's address).
        #[ink(message, name = "eip712Domain")]
        pub fn eip712_domain(&self) -> Eip712Domain {
            Eip712Domain::new(claim::DOMAIN_NAME, claim::DOMAIN_VERSION, self.env().address())
        }

        fn registered(&self, bond: Address) -> Result<()> {
            self.limit_of(bond).map(|_| ())
        }

        /// A registered bond's mint limit (`UnknownBond` otherwise).
        fn limit_of(&self, bond: Address) -> Result<MintLimit> {
            let (per_claim, per_day, available, updated_at) =
                self.bonds.get(bond).ok_or(Error::UnknownBond { bond })?;
            Ok(MintLimit {
                per_claim: to_core(per_claim),
                per_day: to_core(per_day),
                available: to_core(available),
                updated_at,
            })
        }

        /// Where claim `claim_id` sits in the used-claims bitmap: (word
        /// index, bit mask, the word's bits).
        fn used_word(&self, claim_id: U256) -> (U256, lst_core::U256, lst_core::U256) {
            let (word, mask) = claim::bitmap_position(to_core(claim_id));
            let word = from_core(word);
            (word, mask, to_core(self.used_claims.get(word).unwrap_or_default()))
        }

        fn mark_used(&mut self, claim_id: U256) {
            let (word, mask, bits) = self.used_word(claim_id);
            self.used_claims.insert(word, &from_core(bits | mask));
        }

        /// Everything `claimBonds` checks before it writes: the bond, the
        /// claim (core rules), the bond's mint limit and a non-zero share
        /// count at the bond's ratio. Returns the shares to mint.
        fn check_claim(&self, claim: &Claim, signature: &[u8]) -> Result<U256> {
            let bond = Address::from(claim.token);
            self.limit_of(bond)?.check(claim.amount, now_secs())?;
            let ctx = ClaimContext {
                domain_separator: self.domain_separator().0,
                notary: address_bytes(self.notary),
                block_number: block_number(),
                used: self.is_claim_used(from_core(claim.claim_id)),
            };
            claim::check_claim(&Crypto, &ctx, claim, signature)?;
            let ratio = to_core(calls::bond_ratio(bond)?);
            Ok(from_core(claim::shares_to_mint(claim.amount, ratio)?))
        }
    }

    fn claim_of(token: Address, claim_id: U256, amount: U256, claim_before_block: U256, to: Address) -> Claim {
        Claim {
            token: address_bytes(token),
            claim_id: to_core(claim_id),
            amount: to_core(amount),
            claim_before_block: to_core(claim_before_block),
            to: address_bytes(to),
        }
    }
}

#[cfg(test)]
mod tests;
