//! motsu tests of PolkadotPool with a real feed and real aKSMb and aDOTb
//! beside it. Claims are signed by a real secp256k1 key over the EIP-712
//! digest computed here with alloy (`SolStruct::eip712_signing_hash`), not
//! with the contract's or the core's hashing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::uint;
use alloy_signer::SignerSync;
use alloy_sol_types::SolError;
use alloy_sol_types::{eip712_domain, SolStruct};
use core::cell::Cell;
use lst_bond_token::BondToken;
use lst_core::math::ONE;
use lst_rate_provider::RateProvider;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::ERC20InsufficientBalance;

std::thread_local! {
    static BLOCK_NUMBER: Cell<Option<u64>> = const { Cell::new(None) };
    static TIMESTAMP: Cell<Option<u64>> = const { Cell::new(None) };
}

/// The time the pool's mint buckets see in this test thread (see
/// `PolkadotPool::now`).
pub(super) fn timestamp_override() -> Option<u64> {
    TIMESTAMP.with(Cell::get)
}

fn set_timestamp(secs: u64) {
    TIMESTAMP.with(|t| t.set(Some(secs)));
}

/// The block number the pool sees in this test thread (see
/// `PolkadotPool::block_number`).
pub(super) fn block_number_override() -> Option<u64> {
    BLOCK_NUMBER.with(Cell::get)
}

fn set_block_number(number: u64) {
    BLOCK_NUMBER.with(|b| b.set(Some(number)));
}

/// The claim as EIP-712 typed data, declared independently of the core.
mod typed {
    alloy_sol_types::sol! {
        struct Claim {
            address token;
            uint256 claimId;
            uint256 amount;
            uint256 claimBeforeBlock;
            address to;
        }
    }
}

/// The chain id the tests run on (motsu's default, set explicitly).
const CHAIN_ID: u64 = 42_161;
/// aKSMb's ratio: 0.9 shares per KSM.
const KSM_RATIO: U256 = uint!(900_000_000_000_000_000_U256);
/// aDOTb's ratio: 0.8.
const DOT_RATIO: U256 = uint!(800_000_000_000_000_000_U256);
const DEADLINE: u64 = 1_000;
/// motsu's fixed block timestamp.
const NOW: u64 = 1_735_689_600;
/// The suite's change delay.
const DELAY: u64 = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS;
/// The suite's mint limits: 1,000 KSM per claim, 10,000 per day.
const PER_CLAIM: U256 = uint!(1_000_000_000_000_000_000_000_U256);
const PER_DAY: U256 = uint!(10_000_000_000_000_000_000_000_U256);

/// The well-known `//Alice` account id and its SS58 forms.
const ALICE_ID: [u8; 32] = [
    0xd4, 0x35, 0x93, 0xc7, 0x15, 0xfd, 0xd3, 0x1c, 0x61, 0x14, 0x1a, 0xbd, 0x04, 0xa9, 0x9f, 0xd6, 0x82, 0x2c, 0x85,
    0x58, 0x85, 0x4c, 0xcd, 0xe3, 0x9a, 0x56, 0x84, 0xe7, 0xa5, 0x6d, 0xa2, 0x7d,
];
const ALICE_POLKADOT: &str = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
const ALICE_KUSAMA: &str = "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F";
const ALICE_GENERIC: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

struct Suite {
    feed: Contract<RateProvider>,
    aksmb: Contract<BondToken>,
    adotb: Contract<BondToken>,
    pool: Contract<PolkadotPool>,
    admin: Address,
    operator: Address,
    notary: Account,
    alice: Address,
    bob: Address,
}

fn suite() -> Suite {
    VM::context().set_chain_id(CHAIN_ID);
    let s = Suite {
        feed: Contract::new(),
        aksmb: Contract::new(),
        adotb: Contract::new(),
        pool: Contract::new(),
        admin: Address::repeat_byte(0xad),
        operator: Address::repeat_byte(0x0e),
        notary: Account::from_seed("notary"),
        alice: Address::repeat_byte(0xa1),
        bob: Address::repeat_byte(0xb0),
    };
    s.feed.sender(s.admin).constructor(s.admin, lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS).unwrap();
    s.feed.sender(s.admin).register_token(s.aksmb.address(), KSM_RATIO, s.admin).unwrap();
    s.feed.sender(s.admin).register_token(s.adotb.address(), DOT_RATIO, s.admin).unwrap();
    for (bond, name, symbol) in [(&s.aksmb, "Ankr KSM Bond", "aKSMb"), (&s.adotb, "Ankr DOT Bond", "aDOTb")] {
        bond.sender(s.admin).constructor(s.admin, s.feed.address(), Address::ZERO, name.into(), symbol.into()).unwrap();
        bond.sender(s.admin).set_pool(s.pool.address()).unwrap();
    }
    s.pool.sender(s.admin).constructor(s.admin, s.notary.address(), DELAY).unwrap();
    s.pool.sender(s.admin).set_operator(s.operator).unwrap();
    s.pool.sender(s.admin).register_bond(s.aksmb.address(), PER_CLAIM, PER_DAY).unwrap();
    s.pool.sender(s.operator).register_bond(s.adotb.address(), PER_CLAIM, PER_DAY).unwrap();
    s
}

/// One claim as the notary would issue it.
#[derive(Clone, Copy, Debug)]
struct ClaimArgs {
    token: Address,
    id: U256,
    amount: U256,
    before: U256,
    to: Address,
}

impl ClaimArgs {
    fn typed(&self) -> typed::Claim {
        typed::Claim {
            token: self.token,
            claimId: self.id,
            amount: self.amount,
            claimBeforeBlock: self.before,
            to: self.to,
        }
    }

    /// The 65-byte `r || s || v` signature of `signer` over the EIP-712
    /// digest for a pool at `pool` on `chain_id`.
    fn sign_for(&self, signer: &Account, chain_id: u64, pool: Address) -> Vec<u8> {
        let domain = eip712_domain! {
            name: "PolkadotPool",
            version: "1",
            chain_id: chain_id,
            verifying_contract: pool,
        };
        let digest = self.typed().eip712_signing_hash(&domain);
        signer.signer().sign_hash_sync(&digest).unwrap().as_bytes().to_vec()
    }
}

impl Suite {
    fn claim(&self, amount: U256) -> ClaimArgs {
        ClaimArgs {
            token: self.aksmb.address(),
            id: U256::from(7),
            amount,
            before: U256::from(DEADLINE),
            to: self.alice,
        }
    }

    fn sign(&self, claim: &ClaimArgs) -> Vec<u8> {
        claim.sign_for(&self.notary, CHAIN_ID, self.pool.address())
    }

    fn submit(&self, claim: &ClaimArgs, signature: &[u8]) -> Result<(), Error> {
        self.pool
            .sender(self.bob)
            .claim_bonds(claim.token, claim.id, claim.amount, claim.before, claim.to, signature.to_vec().into())
            .motsu_res()
    }

    fn valid(&self, claim: &ClaimArgs, signature: &[u8]) -> bool {
        self.pool.sender(self.bob).is_claim_valid(
            claim.token,
            claim.id,
            claim.before,
            claim.amount,
            claim.to,
            signature.to_vec().into(),
        )
    }

    fn ksm_balance(&self, who: Address) -> U256 {
        self.aksmb.sender(self.bob).balance_of(who).unwrap()
    }

    fn shares(&self) -> (U256, U256) {
        (self.aksmb.sender(self.bob).total_shares(), self.adotb.sender(self.bob).total_shares())
    }

    /// Asserts that `signature` over `claim` is refused by `claimBonds`
    /// with `expected`, reported invalid, and changed nothing.
    fn rejected(&self, claim: &ClaimArgs, signature: &[u8], expected: CoreError) {
        let before = (self.shares(), self.pool.sender(self.bob).is_claim_used(claim.id));
        assert!(!self.valid(claim, signature), "isClaimValid must say false");
        match self.submit(claim, signature) {
            Err(Error::Core(e)) => {
                assert_eq!(e, expected);
                assert!(
                    crate::CORE_ERRORS.contains(&expected),
                    "{expected:?} is raised but missing from the ABI (lst_core::error::raised)"
                );
            }
            other => panic!("expected {expected:?}, got {other:?}"),
        }
        assert_eq!((self.shares(), self.pool.sender(self.bob).is_claim_used(claim.id)), before);
    }

    fn claimed(&self, claim: &ClaimArgs) {
        let sig = self.sign(claim);
        self.submit(claim, &sig).unwrap();
    }
}

fn ksm(n: u64) -> U256 {
    U256::from(n) * ONE
}

// ---------------------------------------------------------------- claims --

#[motsu::test]
fn a_valid_claim_mints_exactly_the_amount_and_emits_tokens_claimed() {
    let s = suite();
    let claim = s.claim(ksm(10));
    let sig = s.sign(&claim);
    assert!(s.valid(&claim, &sig));
    s.submit(&claim, &sig).unwrap();
    assert_eq!(s.ksm_balance(s.alice), ksm(10));
    assert_eq!(s.aksmb.sender(s.bob).shares_of(s.alice), ksm(9), "10 KSM at 0.9 shares per KSM");
    assert!(s.pool.sender(s.bob).is_claim_used(claim.id));
    s.pool.assert_emitted(&TokensClaimed {
        token: claim.token,
        claimId: claim.id,
        amount: claim.amount,
        claimBeforeBlock: claim.before,
        account: s.alice,
    });
}

#[motsu::test]
fn a_claim_can_be_submitted_by_anyone_but_mints_to_its_account() {
    let s = suite();
    let claim = s.claim(ksm(1));
    s.claimed(&claim);
    assert_eq!(s.ksm_balance(s.bob), U256::ZERO);
    assert_eq!(s.ksm_balance(s.alice), ksm(1));
}

#[motsu::test]
fn the_same_claim_twice_is_refused() {
    let s = suite();
    let claim = s.claim(ksm(10));
    s.claimed(&claim);
    s.rejected(&claim, &s.sign(&claim), CoreError::ClaimAlreadyUsed);
    assert_eq!(s.ksm_balance(s.alice), ksm(10));
}

#[motsu::test]
fn a_claim_is_accepted_up_to_its_block_and_refused_after() {
    let s = suite();
    let claim = s.claim(ksm(1));
    set_block_number(DEADLINE + 1);
    s.rejected(&claim, &s.sign(&claim), CoreError::ClaimExpired);
    set_block_number(DEADLINE);
    s.claimed(&claim);
}

#[motsu::test]
fn a_claim_signed_by_another_key_is_refused() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let sig = claim.sign_for(&Account::from_seed("mallory"), CHAIN_ID, s.pool.address());
    s.rejected(&claim, &sig, CoreError::ClaimSignerNotNotary);
}

#[motsu::test]
fn a_claim_signed_for_another_pool_is_refused() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let sig = claim.sign_for(&s.notary, CHAIN_ID, Address::repeat_byte(0x77));
    s.rejected(&claim, &sig, CoreError::ClaimSignerNotNotary);
}

#[motsu::test]
fn a_claim_signed_for_another_chain_is_refused() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let sig = claim.sign_for(&s.notary, 1, s.pool.address());
    s.rejected(&claim, &sig, CoreError::ClaimSignerNotNotary);
}

#[motsu::test]
fn a_high_s_twin_of_a_valid_signature_is_refused() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let mut sig = s.sign(&claim);
    // (r, n - s, v ^ 1) recovers the same key: the malleable twin.
    let n = uint!(0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141_U256);
    let s_value = U256::from_be_slice(&sig[32..64]);
    sig[32..64].copy_from_slice(&(n - s_value).to_be_bytes::<32>());
    sig[64] = if sig[64] == 27 { 28 } else { 27 };
    s.rejected(&claim, &sig, CoreError::SignatureMalformed);
}

#[motsu::test]
fn signatures_of_the_wrong_length_are_refused() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let sig = s.sign(&claim);
    s.rejected(&claim, &sig[..64], CoreError::SignatureLength);
    s.rejected(&claim, &[], CoreError::SignatureLength);
    s.rejected(&claim, &[sig.as_slice(), &[0]].concat(), CoreError::SignatureLength);
}

#[motsu::test]
fn a_signature_with_a_bad_v_is_refused() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let mut sig = s.sign(&claim);
    sig[64] = 1;
    s.rejected(&claim, &sig, CoreError::SignatureBadV);
}

#[motsu::test]
fn a_signature_that_recovers_no_key_is_refused() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let mut sig = s.sign(&claim);
    // r = 1 is not the x coordinate of any point the digest maps to a key.
    sig[..32].copy_from_slice(&U256::from(1).to_be_bytes::<32>());
    assert!(!s.valid(&claim, &sig));
    let result = s.submit(&claim, &sig);
    assert!(
        matches!(result, Err(Error::Core(CoreError::SignatureInvalid | CoreError::ClaimSignerNotNotary))),
        "{result:?}"
    );
    assert!(!s.pool.sender(s.bob).is_claim_used(claim.id));
}

#[motsu::test]
fn changing_any_signed_field_voids_the_signature() {
    let s = suite();
    let claim = s.claim(ksm(1));
    let sig = s.sign(&claim);
    s.rejected(&ClaimArgs { to: s.bob, ..claim }, &sig, CoreError::ClaimSignerNotNotary);
    s.rejected(&ClaimArgs { amount: ksm(2), ..claim }, &sig, CoreError::ClaimSignerNotNotary);
    s.rejected(&ClaimArgs { id: U256::from(8), ..claim }, &sig, CoreError::ClaimSignerNotNotary);
    s.rejected(&ClaimArgs { before: U256::from(DEADLINE + 1), ..claim }, &sig, CoreError::ClaimSignerNotNotary);
    // Another registered bond: the signature names aKSMb.
    s.rejected(&ClaimArgs { token: s.adotb.address(), ..claim }, &sig, CoreError::ClaimSignerNotNotary);
}

#[motsu::test]
fn a_claim_for_an_unregistered_bond_is_refused() {
    let s = suite();
    let claim = ClaimArgs { token: Address::repeat_byte(0x55), ..s.claim(ksm(1)) };
    let sig = s.sign(&claim);
    assert!(!s.valid(&claim, &sig));
    match s.submit(&claim, &sig) {
        Err(Error::UnknownBond(e)) => assert_eq!(e.bond, claim.token),
        other => panic!("{other:?}"),
    }
}

#[motsu::test]
fn a_zero_claim_and_a_claim_worth_no_share_are_refused() {
    let s = suite();
    let zero = s.claim(U256::ZERO);
    s.rejected(&zero, &s.sign(&zero), CoreError::ZeroAmount);
    // 1 wei of KSM at 0.9 shares per KSM is 0.9 of a share: nothing to mint.
    let dust = s.claim(U256::from(1));
    s.rejected(&dust, &s.sign(&dust), CoreError::ZeroAmount);
}

#[motsu::test]
fn claims_of_both_bonds_mint_at_their_own_ratio() {
    let s = suite();
    let dot = ClaimArgs { token: s.adotb.address(), id: U256::from(9), ..s.claim(ksm(5)) };
    s.claimed(&dot);
    assert_eq!(s.adotb.sender(s.bob).shares_of(s.alice), ksm(4), "5 DOT at 0.8");
    assert_eq!(s.adotb.sender(s.bob).balance_of(s.alice).unwrap(), ksm(5));
}

#[motsu::test]
fn is_claim_valid_never_reverts_on_garbage() {
    let s = suite();
    let pool = s.pool.sender(s.bob);
    assert!(!pool.is_claim_valid(Address::ZERO, U256::MAX, U256::ZERO, U256::MAX, Address::ZERO, vec![0xff; 3].into()));
    assert!(!pool.is_claim_valid(s.aksmb.address(), U256::MAX, U256::MAX, U256::MAX, s.alice, vec![0; 65].into()));
}

#[motsu::test]
fn the_domain_separator_is_the_eip712_domain_of_this_pool_and_chain() {
    let s = suite();
    let domain = eip712_domain! {
        name: "PolkadotPool",
        version: "1",
        chain_id: CHAIN_ID,
        verifying_contract: s.pool.address(),
    };
    assert_eq!(s.pool.sender(s.bob).domain_separator(), domain.separator());
}

#[motsu::test]
fn eip712_domain_reports_the_domain_claims_are_signed_under() {
    let s = suite();
    let (fields, name, version, chain_id, contract, salt, extensions) = s.pool.sender(s.bob).eip712_domain().0;
    assert_eq!((fields.0, name.as_str(), version.as_str()), ([0x0f], "PolkadotPool", "1"));
    assert_eq!((chain_id, contract), (U256::from(CHAIN_ID), s.pool.address()));
    assert_eq!((salt, extensions), (B256::ZERO, vec![]));
    let reported = eip712_domain! {
        name: name,
        version: version,
        chain_id: CHAIN_ID,
        verifying_contract: contract,
    };
    assert_eq!(reported.separator(), s.pool.sender(s.bob).domain_separator());
}

// -------------------------------------------------------------- burnBond --

impl Suite {
    /// Alice holds 10 aKSMb.
    fn funded(self) -> Self {
        self.claimed(&self.claim(ksm(10)));
        self
    }

    fn burn(&self, amount: U256, recipient: &[u8]) -> Result<(), Error> {
        self.pool.sender(self.alice).burn_bond(self.aksmb.address(), amount, recipient.to_vec().into()).motsu_res()
    }

    fn burn_refused(&self, amount: U256, recipient: &[u8], expected: CoreError) {
        let before = (self.ksm_balance(self.alice), self.shares());
        match self.burn(amount, recipient) {
            Err(Error::Core(e)) => {
                assert_eq!(e, expected);
                assert!(
                    crate::CORE_ERRORS.contains(&expected),
                    "{expected:?} is raised but missing from the ABI (lst_core::error::raised)"
                );
            }
            other => panic!("expected {expected:?}, got {other:?}"),
        }
        assert_eq!((self.ksm_balance(self.alice), self.shares()), before);
    }
}

#[motsu::test]
fn burn_bond_to_a_raw_account_id_burns_the_shares_rounded_up() {
    let s = suite().funded();
    s.burn(ksm(4), &ALICE_ID).unwrap();
    assert_eq!(s.ksm_balance(s.alice), ksm(6));
    s.pool.assert_emitted(&TokensBurned {
        token: s.aksmb.address(),
        account: s.alice,
        recipient: ALICE_ID.to_vec().into(),
        amount: ksm(4),
        shares: uint!(3_600_000_000_000_000_000_U256),
    });
    // 1 wei of KSM is 0.9 of a share: a whole share is burned for it.
    s.burn(U256::from(1), &ALICE_ID).unwrap();
    assert_eq!(s.aksmb.sender(s.bob).shares_of(s.alice), ksm(9) - uint!(3_600_000_000_000_000_001_U256));
}

#[motsu::test]
fn burn_bond_accepts_polkadot_kusama_and_generic_ss58_addresses() {
    let s = suite().funded();
    for address in [ALICE_POLKADOT, ALICE_KUSAMA, ALICE_GENERIC] {
        s.burn(ksm(1), address.as_bytes()).unwrap();
        s.pool.assert_emitted(&TokensBurned {
            token: s.aksmb.address(),
            account: s.alice,
            recipient: address.as_bytes().to_vec().into(),
            amount: ksm(1),
            shares: uint!(900_000_000_000_000_000_U256),
        });
    }
    assert_eq!(s.ksm_balance(s.alice), ksm(7));
}

#[motsu::test]
fn burn_bond_refuses_a_bad_checksum() {
    let s = suite().funded();
    let mut text = ALICE_KUSAMA.as_bytes().to_vec();
    let last = text.len() - 1;
    text[last] = if text[last] == b'F' { b'G' } else { b'F' };
    s.burn_refused(ksm(1), &text, CoreError::Ss58BadChecksum);
}

#[motsu::test]
fn burn_bond_refuses_an_unknown_network_prefix() {
    let s = suite().funded();
    // Prefix 5 (Astar) is well-formed SS58 with a valid checksum, but not a
    // network this pool pays out on.
    let text = base58(&[&[5u8][..], &ALICE_ID, &ss58::checksum(5, &ALICE_ID)].concat());
    s.burn_refused(ksm(1), &text, CoreError::Ss58UnknownPrefix);
}

/// Plain base58 (Bitcoin alphabet) of `bytes`, for a test address with a
/// prefix the core refuses to encode.
fn base58(bytes: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    core::iter::repeat_n(b'1', zeros).chain(digits.iter().rev().map(|d| ALPHABET[usize::from(*d)])).collect()
}

#[motsu::test]
fn burn_bond_refuses_recipients_of_the_wrong_length() {
    let s = suite().funded();
    s.burn_refused(ksm(1), &[], CoreError::RecipientLength);
    s.burn_refused(ksm(1), &ALICE_GENERIC.as_bytes()[..40], CoreError::RecipientLength);
    s.burn_refused(ksm(1), &[ALICE_GENERIC.as_bytes(), b"1"].concat(), CoreError::RecipientLength);
    // Anything but exactly 32 bytes is SS58 text: 31 raw bytes are not base58.
    s.burn_refused(ksm(1), &ALICE_ID[..31], CoreError::Ss58InvalidCharacter);
}

#[motsu::test]
fn burn_bond_refuses_a_zero_amount() {
    let s = suite().funded();
    s.burn_refused(U256::ZERO, &ALICE_ID, CoreError::ZeroAmount);
}

#[motsu::test]
fn burn_bond_refuses_more_than_the_balance_with_the_bonds_error() {
    let s = suite().funded();
    let before = (s.ksm_balance(s.alice), s.shares());
    match s.burn(ksm(10) + U256::from(1), &ALICE_ID) {
        Err(Error::Call(data)) => {
            assert_eq!(&data[..4], ERC20InsufficientBalance::SELECTOR);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!((s.ksm_balance(s.alice), s.shares()), before);
    // The whole balance is always burnable.
    s.burn(ksm(10), &ALICE_ID).unwrap();
    assert_eq!(s.ksm_balance(s.alice), U256::ZERO);
}

#[motsu::test]
fn burn_bond_of_an_unregistered_bond_is_refused() {
    let s = suite().funded();
    let result = s.pool.sender(s.alice).burn_bond(Address::repeat_byte(0x55), ksm(1), ALICE_ID.to_vec().into());
    assert!(matches!(result.motsu_res(), Err(Error::UnknownBond(_))));
}

// ------------------------------------------------------- notary and roles --

#[motsu::test]
fn a_new_notary_is_scheduled_and_voids_the_old_key_when_it_applies() {
    // The attack run's finding: a stolen owner key could rotate the notary
    // to its own key and mint in the same block.
    let s = suite();
    let new_notary = Account::from_seed("new notary");
    let key = timelock::key(setters::setNotaryCall::SELECTOR, Address::ZERO);
    s.pool.sender(s.admin).set_notary(new_notary.address()).unwrap();
    let value = new_notary.address().into_word();
    s.pool.assert_emitted(&lst_stylus_common::timelock::ChangeScheduled {
        key,
        value,
        executableAt: U256::from(NOW + DELAY),
    });
    assert_eq!(s.pool.sender(s.bob).notary(), s.notary.address(), "nothing changes yet");
    assert_eq!(s.pool.sender(s.bob).pending_change(key), (value, U256::from(NOW + DELAY)));
    match s.pool.sender(s.admin).set_notary(new_notary.address()).motsu_res() {
        Err(Error::Core(e)) => assert_eq!(e, CoreError::ChangeNotReady),
        other => panic!("{other:?}"),
    }
    let early = s.claim(ksm(1));
    s.submit(&early, &s.sign(&early)).unwrap();
    s.pool.sender(s.admin).changes.rewind(key, DELAY);
    s.pool.sender(s.admin).set_notary(new_notary.address()).unwrap();
    s.pool.assert_emitted(&lst_stylus_common::timelock::ChangeExecuted { key, value });
    s.pool.assert_emitted(&NotaryChanged { previousNotary: s.notary.address(), newNotary: new_notary.address() });
    assert_eq!(s.pool.sender(s.bob).notary(), new_notary.address());
    let claim = ClaimArgs { id: U256::from(2), ..s.claim(ksm(1)) };
    s.rejected(&claim, &s.sign(&claim), CoreError::ClaimSignerNotNotary);
    let sig = claim.sign_for(&new_notary, CHAIN_ID, s.pool.address());
    s.submit(&claim, &sig).unwrap();
}

#[motsu::test]
fn the_notary_cannot_be_the_zero_address() {
    let s = suite();
    assert!(matches!(s.pool.sender(s.admin).set_notary(Address::ZERO).motsu_res(), Err(Error::ZeroAddress(_))));
    assert_eq!(s.pool.sender(s.bob).notary(), s.notary.address());
}

#[motsu::test]
fn constructor_refuses_a_zero_notary(pool: Contract<PolkadotPool>, admin: Address) {
    let result = pool.sender(admin).constructor(admin, Address::ZERO, DELAY).motsu_res();
    assert!(matches!(result, Err(Error::ZeroAddress(_))));
}

#[motsu::test]
fn constructor_refuses_a_change_delay_out_of_range(pool: Contract<PolkadotPool>, admin: Address) {
    for delay in [0, 3_599, 30 * 86_400 + 1] {
        match pool.sender(admin).constructor(admin, admin, delay).motsu_res() {
            Err(Error::Core(e)) => assert_eq!(e, CoreError::ChangeDelayOutOfRange),
            other => panic!("{other:?}"),
        }
    }
}

#[motsu::test]
fn constructor_makes_the_admin_owner_operator_and_pauser(pool: Contract<PolkadotPool>, admin: Address) {
    let notary = Address::repeat_byte(0x11);
    pool.sender(admin).constructor(admin, notary, DELAY).unwrap();
    let p = pool.sender(admin);
    assert_eq!((p.owner(), p.operator(), p.pauser(), p.notary(), p.paused()), (admin, admin, admin, notary, false));
    assert_eq!(pool.sender(admin).change_delay(), U256::from(DELAY));
}

impl Suite {
    /// A third bond token, minted by `pool` (motsu drops a contract with
    /// its handle: keep it while the test runs).
    fn bond_of(&self, pool: Address) -> Contract<BondToken> {
        let bond = Contract::<BondToken>::new();
        bond.sender(self.admin)
            .constructor(self.admin, self.feed.address(), Address::ZERO, "Other Bond".into(), "oB".into())
            .unwrap();
        bond.sender(self.admin).set_pool(pool).unwrap();
        bond
    }
}

#[motsu::test]
fn register_bond_by_owner_or_operator_emits_and_refuses_twice() {
    let s = suite();
    let token = s.bond_of(s.pool.address());
    let bond = token.address();
    s.pool.sender(s.operator).register_bond(bond, PER_CLAIM, PER_DAY).unwrap();
    s.pool.assert_emitted(&BondRegistered { bond });
    s.pool.assert_emitted(&MintLimitChanged { bond, maxPerClaim: PER_CLAIM, maxPerDay: PER_DAY });
    assert!(s.pool.sender(s.bob).is_bond_registered(bond));
    assert_eq!(s.pool.sender(s.bob).mint_limit(bond), (PER_CLAIM, PER_DAY, PER_DAY), "the bucket starts full");
    match s.pool.sender(s.admin).register_bond(bond, PER_CLAIM, PER_DAY).motsu_res() {
        Err(Error::BondAlreadyRegistered(e)) => assert_eq!(e.bond, bond),
        other => panic!("{other:?}"),
    }
    let zero = s.pool.sender(s.admin).register_bond(Address::ZERO, PER_CLAIM, PER_DAY).motsu_res();
    assert!(matches!(zero, Err(Error::ZeroAddress(_))));
    assert!(!s.pool.sender(s.bob).is_bond_registered(Address::ZERO));
}

#[motsu::test]
fn register_bond_refuses_a_token_another_pool_mints() {
    // The attack run's finding: a bond minted by another contract could be
    // registered, and then `burnBond` announced burns that burned nothing.
    let s = suite();
    let token = s.bond_of(s.alice);
    let elsewhere = token.address();
    match s.pool.sender(s.admin).register_bond(elsewhere, PER_CLAIM, PER_DAY).motsu_res() {
        Err(Error::BondPoolMismatch(e)) => assert_eq!((e.bond, e.bondPool), (elsewhere, s.alice)),
        other => panic!("{other:?}"),
    }
    assert!(!s.pool.sender(s.bob).is_bond_registered(elsewhere));
}

#[motsu::test]
fn setters_change_roles_with_events() {
    let s = suite();
    let p = Address::repeat_byte(0x44);
    s.pool.sender(s.admin).set_pauser(p).unwrap();
    s.pool.assert_emitted(&PauserChanged { previousPauser: s.admin, newPauser: p });
    s.pool.sender(s.admin).set_operator(p).unwrap();
    s.pool.assert_emitted(&OperatorChanged { previousOperator: s.operator, newOperator: p });
    assert_eq!((s.pool.sender(s.bob).pauser(), s.pool.sender(s.bob).operator()), (p, p));
    assert!(matches!(s.pool.sender(s.admin).set_pauser(Address::ZERO).motsu_res(), Err(Error::ZeroAddress(_))));
    assert!(matches!(s.pool.sender(s.admin).set_operator(Address::ZERO).motsu_res(), Err(Error::ZeroAddress(_))));
}

#[motsu::test]
fn pause_stops_claims_and_burns_and_unpause_resumes_them() {
    let s = suite().funded();
    s.pool.sender(s.admin).pause().unwrap();
    let claim = ClaimArgs { id: U256::from(99), ..s.claim(ksm(1)) };
    let sig = s.sign(&claim);
    assert!(matches!(s.submit(&claim, &sig), Err(Error::Pausable(_))));
    // The attack run's finding: `isClaimValid` said yes while `claimBonds`
    // could not work.
    assert!(!s.valid(&claim, &sig), "no claim is valid while paused");
    assert!(matches!(s.burn(ksm(1), &ALICE_ID), Err(Error::Pausable(_))));
    assert!(matches!(s.pool.sender(s.admin).pause().motsu_res(), Err(Error::Pausable(_))));
    s.pool.sender(s.admin).unpause().unwrap();
    assert!(s.valid(&claim, &sig));
    s.submit(&claim, &sig).unwrap();
    s.burn(ksm(1), &ALICE_ID).unwrap();
    assert!(matches!(s.pool.sender(s.admin).unpause().motsu_res(), Err(Error::Pausable(_))));
}

#[motsu::test]
fn only_the_owner_sets_roles_and_only_the_pauser_pauses() {
    let s = suite();
    let x = Address::repeat_byte(0x66);
    for caller in [s.operator, s.alice, s.notary.address()] {
        let p = || s.pool.sender(caller);
        let not_owner = |result: Result<(), Error>| {
            assert!(matches!(result.motsu_res(), Err(Error::Ownable(ownable::Error::UnauthorizedAccount(_)))));
        };
        not_owner(p().set_notary(x));
        not_owner(p().set_mint_limit(x, U256::ZERO, U256::ZERO));
        not_owner(p().set_operator(x));
        not_owner(p().set_pauser(x));
        let not_pauser = |result: Result<(), Error>| match result.motsu_res() {
            Err(Error::Unauthorized(e)) => assert_eq!(e.account, caller),
            other => panic!("{other:?}"),
        };
        not_pauser(p().pause());
        not_pauser(p().unpause());
        not_pauser(p().cancel_change(B256::ZERO));
    }
    for caller in [s.alice, s.notary.address()] {
        match s.pool.sender(caller).register_bond(x, PER_CLAIM, PER_DAY).motsu_res() {
            Err(Error::Unauthorized(e)) => assert_eq!(e.account, caller),
            other => panic!("{other:?}"),
        }
    }
    let p = s.pool.sender(s.bob);
    assert_eq!((p.notary(), p.operator(), p.pauser(), p.paused()), (s.notary.address(), s.operator, s.admin, false));
}

#[motsu::test]
fn ownership_moves_in_two_steps() {
    let s = suite();
    s.pool.sender(s.admin).transfer_ownership(s.bob).unwrap();
    assert_eq!(s.pool.sender(s.bob).owner(), s.admin);
    s.pool.sender(s.bob).accept_ownership().unwrap();
    assert_eq!(s.pool.sender(s.bob).owner(), s.bob);
    s.pool.sender(s.bob).set_notary(s.alice).unwrap();
}

// ------------------------------------------------------------ mint limits --

impl Suite {
    fn limit_key(&self, bond: Address) -> B256 {
        timelock::key(setters::setMintLimitCall::SELECTOR, bond)
    }

    fn aksmb_limit(&self) -> (U256, U256, U256) {
        self.pool.sender(self.bob).mint_limit(self.aksmb.address())
    }
}

#[motsu::test]
fn a_claim_over_the_per_claim_limit_is_refused_and_not_used_up() {
    let s = suite();
    let claim = s.claim(PER_CLAIM + U256::from(1));
    s.rejected(&claim, &s.sign(&claim), CoreError::MintOverClaimLimit);
    assert_eq!(s.aksmb_limit().2, PER_DAY, "the bucket is untouched");
}

#[motsu::test]
fn a_claim_of_the_largest_amount_is_refused_by_the_per_claim_limit() {
    // The attack run's finding: a claim of 2^256 - 1 minted 0.9 * 2^256
    // shares, after which every later mint of the bond overflowed.
    let s = suite();
    let claim = s.claim(U256::MAX);
    s.rejected(&claim, &s.sign(&claim), CoreError::MintOverClaimLimit);
}

#[motsu::test]
fn claims_beyond_the_daily_limit_are_refused_until_the_bucket_refills() {
    let s = suite();
    set_timestamp(1_000_000);
    for id in 1..=10u64 {
        let claim = ClaimArgs { id: U256::from(id), ..s.claim(PER_CLAIM) };
        s.submit(&claim, &s.sign(&claim)).unwrap();
    }
    assert_eq!(s.aksmb_limit(), (PER_CLAIM, PER_DAY, U256::ZERO));
    let next = ClaimArgs { id: U256::from(11), ..s.claim(ksm(1)) };
    let sig = s.sign(&next);
    s.rejected(&next, &sig, CoreError::MintOverDailyLimit);
    // aDOTb has its own bucket.
    let dot = ClaimArgs { token: s.adotb.address(), id: U256::from(12), ..s.claim(ksm(1)) };
    s.submit(&dot, &s.sign(&dot)).unwrap();
    // A tenth of a day refills a tenth of the daily limit.
    set_timestamp(1_000_000 + 8_640);
    assert_eq!(s.aksmb_limit().2, PER_CLAIM);
    assert!(s.valid(&next, &sig));
    s.submit(&next, &sig).unwrap();
    assert_eq!(s.aksmb_limit().2, PER_CLAIM - ksm(1));
}

#[motsu::test]
fn a_lower_mint_limit_is_immediate_and_cuts_the_bucket() {
    let s = suite();
    let bond = s.aksmb.address();
    s.pool.sender(s.admin).set_mint_limit(bond, ksm(10), ksm(100)).unwrap();
    s.pool.assert_emitted(&MintLimitChanged { bond, maxPerClaim: ksm(10), maxPerDay: ksm(100) });
    assert_eq!(s.aksmb_limit(), (ksm(10), ksm(100), ksm(100)));
    let claim = s.claim(ksm(11));
    s.rejected(&claim, &s.sign(&claim), CoreError::MintOverClaimLimit);
}

#[motsu::test]
fn a_higher_mint_limit_is_scheduled_and_applies_after_the_delay() {
    let s = suite();
    let bond = s.aksmb.address();
    let key = s.limit_key(bond);
    let (per_claim, per_day) = (PER_CLAIM * U256::from(2), PER_DAY * U256::from(2));
    s.pool.sender(s.admin).set_mint_limit(bond, per_claim, per_day).unwrap();
    let value = B256::from(lst_core::mint_limit::pack(per_claim, per_day));
    s.pool.assert_emitted(&lst_stylus_common::timelock::ChangeScheduled {
        key,
        value,
        executableAt: U256::from(NOW + DELAY),
    });
    assert_eq!(s.aksmb_limit(), (PER_CLAIM, PER_DAY, PER_DAY), "nothing changes yet");
    match s.pool.sender(s.admin).set_mint_limit(bond, per_claim, per_day).motsu_res() {
        Err(Error::Core(e)) => assert_eq!(e, CoreError::ChangeNotReady),
        other => panic!("{other:?}"),
    }
    s.pool.sender(s.admin).changes.rewind(key, DELAY);
    s.pool.sender(s.admin).set_mint_limit(bond, per_claim, per_day).unwrap();
    s.pool.assert_emitted(&MintLimitChanged { bond, maxPerClaim: per_claim, maxPerDay: per_day });
    assert_eq!(s.aksmb_limit(), (per_claim, per_day, PER_DAY), "a raise does not fill the bucket");
}

#[motsu::test]
fn invalid_mint_limits_and_unknown_bonds_are_refused() {
    let s = suite();
    let bond = s.aksmb.address();
    let too_big = U256::from(u128::MAX) + U256::from(1u8);
    for (per_claim, per_day) in [(ksm(2), ksm(1)), (U256::ZERO, too_big)] {
        match s.pool.sender(s.admin).set_mint_limit(bond, per_claim, per_day).motsu_res() {
            Err(Error::Core(e)) => assert_eq!(e, CoreError::MintLimitInvalid),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(s.aksmb_limit(), (PER_CLAIM, PER_DAY, PER_DAY));
    let token = s.bond_of(s.pool.address());
    match s.pool.sender(s.admin).register_bond(token.address(), ksm(2), ksm(1)).motsu_res() {
        Err(Error::Core(e)) => assert_eq!(e, CoreError::MintLimitInvalid),
        other => panic!("{other:?}"),
    }
    assert!(!s.pool.sender(s.bob).is_bond_registered(token.address()));
    match s.pool.sender(s.admin).set_mint_limit(s.alice, ksm(1), ksm(1)).motsu_res() {
        Err(Error::UnknownBond(e)) => assert_eq!(e.bond, s.alice),
        other => panic!("{other:?}"),
    }
}

#[motsu::test]
fn the_owner_or_the_pauser_cancels_a_scheduled_change() {
    let s = suite();
    let key = timelock::key(setters::setNotaryCall::SELECTOR, Address::ZERO);
    let pauser = Address::repeat_byte(0x44);
    s.pool.sender(s.admin).set_pauser(pauser).unwrap();
    for canceller in [s.admin, pauser] {
        s.pool.sender(s.admin).set_notary(s.alice).unwrap();
        s.pool.sender(canceller).cancel_change(key).unwrap();
        s.pool.assert_emitted(&lst_stylus_common::timelock::ChangeCancelled { key, value: s.alice.into_word() });
        assert_eq!(s.pool.sender(s.bob).pending_change(key), (B256::ZERO, U256::ZERO));
    }
    match s.pool.sender(s.admin).cancel_change(key).motsu_res() {
        Err(Error::Core(e)) => assert_eq!(e, CoreError::NoChangePending),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.pool.sender(s.bob).notary(), s.notary.address());
}
