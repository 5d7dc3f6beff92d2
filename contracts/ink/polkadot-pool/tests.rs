//! Off-chain unit tests of the ink! PolkadotPool: claims signed with a real
//! secp256k1 key over the core's EIP-712 digest (checked against alloy in
//! the core), every claim and recipient rule, every error path with
//! unchanged state, and the access matrix. The bond tokens are the
//! unit-test stand-ins of `lst_ink_common::testing::tokens`.

use crate::polkadot_pool::PolkadotPool;
use ink::{sol::DynBytes, Address, U256};
use k256::ecdsa::SigningKey;
use lst_core::{
    claim::{self, Claim},
    mint_limit,
    timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY,
    CoreError,
};
use lst_ink_common::{
    address_bytes, from_core, selector, test_chain_id,
    testing::{
        account, call_as, last_log, log_count, logs, set_block, set_time,
        tokens::{self, Call},
        uint, word, words, Log,
    },
    timelock, to_core, Bytes32, Crypto, Error, Failure,
};

const E18: u128 = 1_000_000_000_000_000_000;
/// aKSMb's ratio: one share is worth 1/0.9 KSM.
const KSM_RATIO: u128 = 900_000_000_000_000_000;
const DEADLINE: u32 = 1_000;
/// The suite's mint limits: 1,000 KSM per claim, 10,000 per day.
const PER_CLAIM: u128 = 1_000 * E18;
const PER_DAY: u128 = 10_000 * E18;
/// The clock the suite starts at (seconds).
const START: u64 = 1_000_000;

/// The well-known `//Alice` account id and its SS58 forms.
const ALICE_ID: [u8; 32] = [
    0xd4, 0x35, 0x93, 0xc7, 0x15, 0xfd, 0xd3, 0x1c, 0x61, 0x14, 0x1a, 0xbd, 0x04, 0xa9, 0x9f, 0xd6, 0x82, 0x2c, 0x85,
    0x58, 0x85, 0x4c, 0xcd, 0xe3, 0x9a, 0x56, 0x84, 0xe7, 0xa5, 0x6d, 0xa2, 0x7d,
];
const ALICE_POLKADOT: &str = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
const ALICE_KUSAMA: &str = "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F";
const ALICE_GENERIC: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

fn admin() -> Address {
    account(1)
}
fn holder() -> Address {
    account(3)
}
fn stranger() -> Address {
    account(4)
}
fn aksmb() -> Address {
    account(20)
}
fn adotb() -> Address {
    account(21)
}
fn this() -> Address {
    ink::env::test::callee()
}

fn notary_key() -> SigningKey {
    SigningKey::from_slice(&[0x42; 32]).unwrap()
}

fn address_of(key: &SigningKey) -> Address {
    let point = key.verifying_key().to_encoded_point(false);
    Address::from_slice(&lst_ink_common::keccak256(&point.as_bytes()[1..])[12..])
}

fn ksm(n: u128) -> U256 {
    U256::from(n * E18)
}

/// A pool with aKSMb and aDOTb registered (ratios 0.9 and 0.8), at block 900.
fn pool() -> PolkadotPool {
    set_block(900);
    set_time(START);
    call_as(admin());
    let mut pool = PolkadotPool::new(admin(), address_of(&notary_key()), DELAY).unwrap();
    for bond in [aksmb(), adotb(), account(22), account(23)] {
        tokens::set_pool(bond, this());
    }
    register(&mut pool, aksmb()).unwrap();
    register(&mut pool, adotb()).unwrap();
    tokens::set_ratio(aksmb(), U256::from(KSM_RATIO));
    tokens::set_ratio(adotb(), U256::from(800_000_000_000_000_000u128));
    pool
}

/// Registers `bond` with the suite's limits.
fn register(pool: &mut PolkadotPool, bond: Address) -> Result<(), Error> {
    pool.register_bond(bond, U256::from(PER_CLAIM), U256::from(PER_DAY))
}

/// A claim's arguments as `claimBonds` takes them.
#[derive(Clone, Copy)]
struct ClaimArgs {
    bond: Address,
    id: U256,
    amount: U256,
    before: U256,
    to: Address,
}

fn claim_args(amount: U256) -> ClaimArgs {
    ClaimArgs { bond: aksmb(), id: U256::from(7), amount, before: U256::from(DEADLINE), to: holder() }
}

/// Signs `c` for the pool at `pool_address` on `chain_id` with `key`.
fn sign_for(c: &ClaimArgs, key: &SigningKey, chain_id: u64, pool_address: Address) -> Vec<u8> {
    let claim = Claim {
        token: address_bytes(c.bond),
        claim_id: to_core(c.id),
        amount: to_core(c.amount),
        claim_before_block: to_core(c.before),
        to: address_bytes(c.to),
    };
    let domain = claim::domain_separator(&Crypto, chain_id, &address_bytes(pool_address));
    let (sig, id) = key.sign_prehash_recoverable(&claim::claim_digest(&Crypto, &domain, &claim)).unwrap();
    let mut out = sig.to_bytes().to_vec();
    out.push(27 + id.to_byte());
    out
}

fn sign(c: &ClaimArgs) -> Vec<u8> {
    sign_for(c, &notary_key(), 1, this())
}

fn submit(pool: &mut PolkadotPool, c: &ClaimArgs, signature: &[u8]) -> Result<(), Error> {
    pool.claim_bonds(c.bond, c.id, c.amount, c.before, c.to, DynBytes(signature.to_vec()))
}

fn valid(pool: &PolkadotPool, c: &ClaimArgs, signature: &[u8]) -> bool {
    pool.is_claim_valid(c.bond, c.id, c.before, c.amount, c.to, DynBytes(signature.to_vec()))
}

/// Asserts the claim fails with `expected`, is reported invalid, mints
/// nothing, leaves the id unused and emits nothing.
fn rejected(pool: &mut PolkadotPool, c: &ClaimArgs, signature: &[u8], expected: Error) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = (tokens::calls(), pool.is_claim_used(c.id), log_count(), pool.mint_limit(c.bond));
    assert!(!valid(pool, c, signature));
    assert_eq!(submit(pool, c, signature), Err(expected));
    assert_eq!((tokens::calls(), pool.is_claim_used(c.id), log_count(), pool.mint_limit(c.bond)), before);
}

// --- claimBonds / isClaimValid ---

#[ink::test]
fn a_valid_claim_mints_the_shares_worth_the_amount_and_emits_tokens_claimed() {
    let mut pool = pool();
    let c = claim_args(ksm(10));
    let signature = sign(&c);
    assert!(valid(&pool, &c, &signature));
    call_as(stranger());
    assert_eq!(submit(&mut pool, &c, &signature), Ok(()));
    // 10 KSM at 0.9 = 9 shares, minted to the claim's account (not the caller).
    assert_eq!(tokens::calls(), vec![Call::Mint(aksmb(), holder(), ksm(9))]);
    assert!(pool.is_claim_used(c.id));
    assert_eq!(
        last_log(),
        Log::new(
            "TokensClaimed(address,uint256,uint256,uint256,address)",
            vec![word(aksmb()), uint(7u64), word(holder())],
            words(&[uint(ksm(10)), uint(DEADLINE)])
        )
    );
}

#[ink::test]
fn the_same_claim_twice_is_claim_already_used() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let signature = sign(&c);
    submit(&mut pool, &c, &signature).unwrap();
    rejected(&mut pool, &c, &signature, CoreError::ClaimAlreadyUsed.into());
}

#[ink::test]
fn a_claim_is_accepted_up_to_its_block_and_claim_expired_after() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let signature = sign(&c);
    set_block(DEADLINE + 1);
    rejected(&mut pool, &c, &signature, CoreError::ClaimExpired.into());
    set_block(DEADLINE);
    assert_eq!(submit(&mut pool, &c, &signature), Ok(()));
}

#[ink::test]
fn a_claim_signed_by_another_key_is_claim_signer_not_notary() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let signature = sign_for(&c, &SigningKey::from_slice(&[0x07; 32]).unwrap(), 1, this());
    rejected(&mut pool, &c, &signature, CoreError::ClaimSignerNotNotary.into());
}

#[ink::test]
fn a_claim_signed_for_another_pool_or_chain_is_claim_signer_not_notary() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let other_pool = sign_for(&c, &notary_key(), 1, stranger());
    rejected(&mut pool, &c, &other_pool, CoreError::ClaimSignerNotNotary.into());
    let other_chain = sign_for(&c, &notary_key(), 2, this());
    rejected(&mut pool, &c, &other_chain, CoreError::ClaimSignerNotNotary.into());
    test_chain_id::set(2);
    assert!(valid(&pool, &c, &other_chain), "the same signature is valid on its own chain");
}

#[ink::test]
fn a_high_s_twin_of_a_valid_signature_is_signature_malformed() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let mut signature = sign(&c);
    let n =
        lst_core::U256::from_str_radix("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16).unwrap();
    let s = lst_core::U256::from_be_slice(&signature[32..64]);
    signature[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
    signature[64] = if signature[64] == 27 { 28 } else { 27 };
    rejected(&mut pool, &c, &signature, CoreError::SignatureMalformed.into());
}

#[ink::test]
fn signatures_of_the_wrong_length_are_signature_length() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let signature = sign(&c);
    rejected(&mut pool, &c, &signature[..64], CoreError::SignatureLength.into());
    rejected(&mut pool, &c, &[signature.clone(), vec![0]].concat(), CoreError::SignatureLength.into());
    rejected(&mut pool, &c, &[], CoreError::SignatureLength.into());
}

#[ink::test]
fn a_signature_with_a_bad_v_is_signature_bad_v() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let mut signature = sign(&c);
    signature[64] -= 27;
    rejected(&mut pool, &c, &signature, CoreError::SignatureBadV.into());
}

#[ink::test]
fn a_signature_that_recovers_no_key_is_signature_invalid() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let mut signature = sign(&c);
    // r = n - 1 with a small s: no curve point has that x, nothing recovers.
    let n_minus_1 =
        lst_core::U256::from_str_radix("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", 16).unwrap();
    signature[..32].copy_from_slice(&n_minus_1.to_be_bytes::<32>());
    signature[32..64].copy_from_slice(&lst_core::U256::from(1u8).to_be_bytes::<32>());
    rejected(&mut pool, &c, &signature, CoreError::SignatureInvalid.into());
}

#[ink::test]
fn changing_any_signed_field_voids_the_signature() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let signature = sign(&c);
    let changed = [
        ClaimArgs { id: U256::from(8), ..c },
        ClaimArgs { amount: ksm(2), ..c },
        ClaimArgs { before: U256::from(DEADLINE + 1), ..c },
        ClaimArgs { to: stranger(), ..c },
        ClaimArgs { bond: adotb(), ..c },
    ];
    for other in changed {
        rejected(&mut pool, &other, &signature, CoreError::ClaimSignerNotNotary.into());
    }
}

#[ink::test]
fn a_claim_for_an_unregistered_bond_is_unknown_bond() {
    let mut pool = pool();
    let c = ClaimArgs { bond: stranger(), ..claim_args(ksm(1)) };
    let signature = sign(&c);
    rejected(&mut pool, &c, &signature, Error::UnknownBond { bond: stranger() });
}

#[ink::test]
fn a_zero_claim_and_a_claim_worth_no_share_are_zero_amount() {
    let mut pool = pool();
    let zero = claim_args(U256::zero());
    rejected(&mut pool, &zero, &sign(&zero), CoreError::ZeroAmount.into());
    let dust = ClaimArgs { id: U256::from(9), ..claim_args(U256::one()) };
    rejected(&mut pool, &dust, &sign(&dust), CoreError::ZeroAmount.into());
}

#[ink::test]
fn claims_of_both_bonds_mint_at_their_own_ratio() {
    let mut pool = pool();
    let ksm_claim = claim_args(ksm(10));
    let dot_claim = ClaimArgs { bond: adotb(), id: U256::from(8), ..claim_args(ksm(10)) };
    submit(&mut pool, &ksm_claim, &sign(&ksm_claim)).unwrap();
    submit(&mut pool, &dot_claim, &sign(&dot_claim)).unwrap();
    assert_eq!(tokens::calls(), vec![Call::Mint(aksmb(), holder(), ksm(9)), Call::Mint(adotb(), holder(), ksm(8))]);
}

#[ink::test]
fn a_bonds_revert_passes_through_a_claim() {
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let signature = sign(&c);
    tokens::set_ratio(aksmb(), U256::zero());
    rejected(&mut pool, &c, &signature, CoreError::RatioZero.into());
}

#[ink::test]
fn is_claim_valid_never_reverts_on_garbage() {
    let pool = pool();
    let c = claim_args(ksm(1));
    for garbage in [vec![], vec![0u8; 65], vec![0xff; 65], vec![1u8; 200]] {
        assert!(!valid(&pool, &c, &garbage));
    }
}

#[ink::test]
fn the_domain_separator_is_the_eip712_domain_of_this_pool_and_chain() {
    let pool = pool();
    assert_eq!(pool.domain_separator().0, claim::domain_separator(&Crypto, 1, &address_bytes(this())));
    test_chain_id::set(42);
    assert_eq!(pool.domain_separator().0, claim::domain_separator(&Crypto, 42, &address_bytes(this())));
}

#[ink::test]
fn eip712_domain_reports_the_domain_claims_are_signed_under() {
    let pool = pool();
    test_chain_id::set(42);
    let (fields, name, version, chain_id, contract, salt, extensions) = pool.eip712_domain().0;
    assert_eq!((fields.0, name.as_str(), version.as_str()), ([0x0f], "PolkadotPool", "1"));
    assert_eq!((chain_id, contract), (U256::from(42), this()));
    assert_eq!((salt.0, extensions), ([0; 32], vec![]));
    let reported = claim::eip712_domain_separator(&Crypto, &name, &version, 42, &address_bytes(contract));
    assert_eq!(reported, pool.domain_separator().0);
}

// --- burnBond ---

fn funded() -> PolkadotPool {
    let pool = pool();
    tokens::set_balance(aksmb(), holder(), ksm(9));
    pool
}

fn burn(pool: &mut PolkadotPool, amount: U256, recipient: &[u8]) -> Result<(), Error> {
    call_as(holder());
    pool.burn_bond(aksmb(), amount, DynBytes(recipient.to_vec()))
}

fn burn_refused(pool: &mut PolkadotPool, amount: U256, recipient: &[u8], expected: Error) {
    lst_ink_common::testing::assert_listed(&expected, crate::CORE_ERRORS);
    let before = (tokens::calls(), log_count());
    assert_eq!(burn(pool, amount, recipient), Err(expected));
    assert_eq!((tokens::calls(), log_count()), before);
}

#[ink::test]
fn burn_bond_to_a_raw_account_id_burns_the_shares_rounded_up() {
    let mut pool = funded();
    // 1 KSM + 1 wei at 0.9 = 0.9e18 + 0.9 shares -> rounded up.
    let amount = ksm(1) + U256::one();
    assert_eq!(burn(&mut pool, amount, &ALICE_ID), Ok(()));
    let shares = U256::from(900_000_000_000_000_001u128);
    assert_eq!(tokens::calls(), vec![Call::Burn(aksmb(), holder(), shares)]);
    // Non-indexed (bytes, uint256, uint256): the bytes sit after three head words.
    let mut data = words(&[uint(96u64), uint(amount), uint(shares), uint(32u64)]);
    data.extend_from_slice(&ALICE_ID);
    assert_eq!(
        last_log(),
        Log::new("TokensBurned(address,address,bytes,uint256,uint256)", vec![word(aksmb()), word(holder())], data)
    );
}

#[ink::test]
fn burn_bond_accepts_polkadot_kusama_and_generic_ss58_addresses() {
    let mut pool = funded();
    for address in [ALICE_POLKADOT, ALICE_KUSAMA, ALICE_GENERIC] {
        assert_eq!(burn(&mut pool, ksm(1), address.as_bytes()), Ok(()));
    }
    assert_eq!(tokens::balance(aksmb(), holder()), ksm(9) - U256::from(3 * 900_000_000_000_000_000u128));
}

#[ink::test]
fn burn_bond_refuses_a_bad_checksum() {
    let mut pool = funded();
    let mut text = ALICE_KUSAMA.as_bytes().to_vec();
    let last = text.len() - 1;
    text[last] = if text[last] == b'F' { b'G' } else { b'F' };
    burn_refused(&mut pool, ksm(1), &text, CoreError::Ss58BadChecksum.into());
}

#[ink::test]
fn burn_bond_refuses_recipients_of_the_wrong_length() {
    let mut pool = funded();
    burn_refused(&mut pool, ksm(1), &[], CoreError::RecipientLength.into());
    burn_refused(&mut pool, ksm(1), &ALICE_GENERIC.as_bytes()[..40], CoreError::RecipientLength.into());
    burn_refused(&mut pool, ksm(1), &ALICE_ID[..31], CoreError::Ss58InvalidCharacter.into());
}

#[ink::test]
fn burn_bond_refuses_an_unknown_network_prefix() {
    let mut pool = funded();
    // Astar's prefix 5, encoded by the core's encoder with a valid checksum.
    let mut out = [0u8; lst_core::ss58::MAX_ENCODED_LEN];
    match lst_core::ss58::encode(5, &ALICE_ID, &mut out) {
        Ok(len) => burn_refused(&mut pool, ksm(1), &out[..len], CoreError::Ss58UnknownPrefix.into()),
        Err(e) => assert_eq!(e, CoreError::Ss58UnknownPrefix, "the encoder refuses prefix 5 itself"),
    }
}

#[ink::test]
fn burn_bond_refuses_a_zero_amount() {
    let mut pool = funded();
    burn_refused(&mut pool, U256::zero(), &ALICE_ID, CoreError::ZeroAmount.into());
}

#[ink::test]
fn burn_bond_of_more_than_the_balance_passes_the_bonds_error_through() {
    let mut pool = funded();
    let shares = ksm(9) + U256::one();
    let revert = Error::ERC20InsufficientBalance { sender: holder(), balance: ksm(9), needed: shares }.encode();
    burn_refused(&mut pool, ksm(10) + U256::one(), &ALICE_ID, Error::Revert(revert));
}

#[ink::test]
fn burn_bond_of_an_unregistered_bond_is_unknown_bond() {
    let mut pool = funded();
    call_as(holder());
    let before = (tokens::calls(), log_count());
    assert_eq!(
        pool.burn_bond(stranger(), ksm(1), DynBytes(ALICE_ID.to_vec())),
        Err(Error::UnknownBond { bond: stranger() })
    );
    assert_eq!((tokens::calls(), log_count()), before);
}

// --- roles and settings ---

#[ink::test]
fn constructor_makes_the_admin_owner_operator_and_pauser() {
    let pool = pool();
    assert_eq!((pool.owner(), pool.operator(), pool.pauser()), (admin(), admin(), admin()));
    assert_eq!(pool.notary(), address_of(&notary_key()));
    assert!(!pool.paused());
    assert_eq!(pool.change_delay(), U256::from(DELAY));
}

#[ink::test]
fn constructor_refuses_a_zero_notary_or_admin() {
    assert_eq!(PolkadotPool::new(admin(), Address::zero(), DELAY).err(), Some(Error::ZeroAddress {}));
    // The ownership refusal is the app layer's, passed on as its revert data.
    assert_eq!(
        PolkadotPool::new(Address::zero(), admin(), DELAY).err().map(|e| e.encode()),
        Some(Error::OwnableInvalidOwner { owner: Address::zero() }.encode())
    );
}

#[ink::test]
fn constructor_refuses_a_change_delay_out_of_range() {
    for delay in [0, 3_599, 30 * 86_400 + 1] {
        assert_eq!(PolkadotPool::new(admin(), admin(), delay).err(), Some(CoreError::ChangeDelayOutOfRange.into()));
    }
}

#[ink::test]
fn register_bond_by_owner_or_operator_emits_and_refuses_twice() {
    let mut pool = pool();
    call_as(admin());
    pool.set_operator(stranger()).unwrap();
    call_as(stranger());
    let bond = account(22);
    assert_eq!(register(&mut pool, bond), Ok(()));
    assert!(pool.is_bond_registered(bond));
    let events = logs();
    assert_eq!(events[events.len() - 2], Log::new("BondRegistered(address)", vec![word(bond)], vec![]));
    assert_eq!(
        last_log(),
        Log::new(
            "MintLimitChanged(address,uint256,uint256)",
            vec![word(bond)],
            words(&[uint(PER_CLAIM), uint(PER_DAY)])
        )
    );
    assert_eq!(pool.mint_limit(bond), (U256::from(PER_CLAIM), U256::from(PER_DAY), U256::from(PER_DAY)));
    let before = log_count();
    assert_eq!(register(&mut pool, bond), Err(Error::BondAlreadyRegistered { bond }));
    assert_eq!(register(&mut pool, Address::zero()), Err(Error::ZeroAddress {}));
    call_as(holder());
    assert_eq!(register(&mut pool, account(23)), Err(Error::Unauthorized { account: holder() }));
    assert!(!pool.is_bond_registered(account(23)));
    assert_eq!(log_count(), before);
}

#[ink::test]
fn registering_a_bond_another_pool_mints_is_bond_pool_mismatch() {
    // The attack run's finding: a bond minted by another contract could be
    // registered, and then `burnBond` announced burns that burned nothing.
    let mut pool = pool();
    let elsewhere = account(24);
    tokens::set_pool(elsewhere, stranger());
    call_as(admin());
    let before = log_count();
    assert_eq!(register(&mut pool, elsewhere), Err(Error::BondPoolMismatch { bond: elsewhere, bondPool: stranger() }));
    assert!(!pool.is_bond_registered(elsewhere));
    assert_eq!(log_count(), before);
}

#[ink::test]
fn registering_an_account_that_is_no_bond_token_fails() {
    let mut pool = pool();
    call_as(admin());
    assert_eq!(register(&mut pool, account(25)), Err(Error::Revert(Vec::new())));
    assert!(!pool.is_bond_registered(account(25)));
}

#[ink::test]
fn a_new_notary_is_scheduled_and_voids_the_old_key_when_it_applies() {
    // The attack run's finding: a stolen owner key could rotate the notary
    // to its own key and mint in the same block.
    let mut pool = pool();
    let c = claim_args(ksm(1));
    let old = sign(&c);
    let new_key = SigningKey::from_slice(&[0x55; 32]).unwrap();
    let key = notary_key_slot();
    call_as(admin());
    assert_eq!(pool.set_notary(address_of(&new_key)), Ok(()));
    let at = START + DELAY;
    assert_eq!(
        last_log(),
        Log::new(
            "ChangeScheduled(bytes32,bytes32,uint256)",
            vec![key.0],
            words(&[word(address_of(&new_key)), uint(at)])
        )
    );
    assert_eq!(pool.notary(), address_of(&notary_key()), "nothing changes yet");
    assert!(valid(&pool, &c, &old), "the old key still signs");
    set_time(at - 1);
    let before = (pool.notary(), log_count());
    assert_eq!(pool.set_notary(address_of(&new_key)), Err(CoreError::ChangeNotReady.into()));
    assert_eq!((pool.notary(), log_count()), before);
    set_time(at);
    assert_eq!(pool.set_notary(address_of(&new_key)), Ok(()));
    assert_eq!(pool.pending_change(key), (Bytes32::from([0u8; 32]), U256::zero()));
    assert_eq!(
        last_log(),
        Log::new(
            "NotaryChanged(address,address)",
            vec![word(address_of(&notary_key())), word(address_of(&new_key))],
            vec![]
        )
    );
    rejected(&mut pool, &c, &old, CoreError::ClaimSignerNotNotary.into());
    assert!(valid(&pool, &c, &sign_for(&c, &new_key, 1, this())));
}

#[ink::test]
fn setters_change_roles_with_events_and_refuse_zero() {
    let mut pool = pool();
    call_as(admin());
    assert_eq!(pool.set_operator(stranger()), Ok(()));
    assert_eq!(last_log(), Log::new("OperatorChanged(address,address)", vec![word(admin()), word(stranger())], vec![]));
    assert_eq!(pool.set_pauser(stranger()), Ok(()));
    assert_eq!(last_log(), Log::new("PauserChanged(address,address)", vec![word(admin()), word(stranger())], vec![]));
    let before = log_count();
    assert_eq!(pool.set_notary(Address::zero()), Err(Error::ZeroAddress {}));
    assert_eq!(pool.set_operator(Address::zero()), Err(Error::ZeroAddress {}));
    assert_eq!(pool.set_pauser(Address::zero()), Err(Error::ZeroAddress {}));
    assert_eq!((pool.operator(), pool.pauser(), log_count()), (stranger(), stranger(), before));
}

#[ink::test]
fn pause_stops_claims_and_burns_and_unpause_resumes_them() {
    let mut pool = funded();
    call_as(admin());
    assert_eq!(pool.pause(), Ok(()));
    assert_eq!(last_log(), Log::new("Paused(address)", vec![], words(&[word(admin())])));
    let c = claim_args(ksm(1));
    let signature = sign(&c);
    call_as(holder());
    // The attack run's finding: `isClaimValid` said yes while `claimBonds`
    // could not work.
    assert!(!valid(&pool, &c, &signature), "no claim is valid while paused");
    assert_eq!(submit(&mut pool, &c, &signature), Err(Error::EnforcedPause {}));
    burn_refused(&mut pool, ksm(1), &ALICE_ID, Error::EnforcedPause {});
    call_as(admin());
    assert_eq!(pool.pause(), Err(Error::EnforcedPause {}));
    assert_eq!(pool.unpause(), Ok(()));
    assert_eq!(pool.unpause(), Err(Error::ExpectedPause {}));
    assert!(valid(&pool, &c, &signature));
    assert_eq!(submit(&mut pool, &c, &signature), Ok(()));
}

#[ink::test]
fn only_the_owner_sets_roles_and_only_the_pauser_pauses() {
    let mut pool = pool();
    call_as(stranger());
    let not_owner = Error::OwnableUnauthorizedAccount { account: stranger() };
    let before = (pool.notary(), pool.operator(), pool.pauser(), log_count());
    assert_eq!(pool.set_notary(stranger()), Err(not_owner.clone()));
    assert_eq!(pool.set_mint_limit(aksmb(), U256::zero(), U256::zero()), Err(not_owner.clone()));
    assert_eq!(pool.set_operator(stranger()), Err(not_owner.clone()));
    assert_eq!(pool.set_pauser(stranger()), Err(not_owner.clone()));
    let app_not_owner = Failure(lst_ink_common::lst_app::Error::OwnableUnauthorizedAccount { account: stranger().0 });
    assert_eq!(pool.transfer_ownership(stranger()), Err(app_not_owner.clone()));
    assert_eq!(pool.renounce_ownership(), Err(app_not_owner.clone()));
    assert_eq!(pool.accept_ownership(), Err(app_not_owner));
    let _ = not_owner;
    assert_eq!(pool.pause(), Err(Error::Unauthorized { account: stranger() }));
    assert_eq!(pool.unpause(), Err(Error::Unauthorized { account: stranger() }));
    assert_eq!(
        pool.cancel_change(notary_key_slot()),
        Err(Failure(lst_ink_common::lst_app::Error::Unauthorized { account: stranger().0 }))
    );
    assert_eq!((pool.notary(), pool.operator(), pool.pauser(), log_count()), before);
}

/// The slot of the scheduled notary change.
fn notary_key_slot() -> Bytes32 {
    timelock::key(selector!("setNotary(address)"), Address::zero())
}

/// The slot of `bond`'s scheduled limit raise.
fn limit_key(bond: Address) -> Bytes32 {
    timelock::key(selector!("setMintLimit(address,uint256,uint256)"), bond)
}

#[ink::test]
fn the_owner_or_the_pauser_cancels_a_scheduled_change() {
    let mut pool = pool();
    call_as(admin());
    pool.set_pauser(stranger()).unwrap();
    let key = notary_key_slot();
    for canceller in [admin(), stranger()] {
        call_as(admin());
        pool.set_notary(holder()).unwrap();
        call_as(canceller);
        assert_eq!(pool.cancel_change(key), Ok(()));
        assert_eq!(last_log(), Log::new("ChangeCancelled(bytes32,bytes32)", vec![key.0], words(&[word(holder())])));
        assert_eq!(pool.pending_change(key), (Bytes32::from([0u8; 32]), U256::zero()));
    }
    assert_eq!(pool.cancel_change(key), Err(Failure(CoreError::NoChangePending.into())));
    assert_eq!(pool.notary(), address_of(&notary_key()));
}

// --- mint limits ---

#[ink::test]
fn a_claim_over_the_per_claim_limit_is_refused_and_not_used_up() {
    let mut pool = pool();
    let c = claim_args(U256::from(PER_CLAIM + 1));
    rejected(&mut pool, &c, &sign(&c), CoreError::MintOverClaimLimit.into());
}

#[ink::test]
fn a_claim_of_the_largest_amount_is_refused_by_the_per_claim_limit() {
    // The attack run's finding: a claim of 2^256 - 1 minted 0.9 * 2^256
    // shares, after which every later mint of the bond overflowed.
    let mut pool = pool();
    let c = claim_args(U256::MAX);
    rejected(&mut pool, &c, &sign(&c), CoreError::MintOverClaimLimit.into());
}

#[ink::test]
fn claims_beyond_the_daily_limit_are_refused_until_the_bucket_refills() {
    let mut pool = pool();
    for id in 1..=10u64 {
        let c = ClaimArgs { id: U256::from(id), ..claim_args(U256::from(PER_CLAIM)) };
        assert_eq!(submit(&mut pool, &c, &sign(&c)), Ok(()));
    }
    assert_eq!(pool.mint_limit(aksmb()).2, U256::zero());
    let next = ClaimArgs { id: U256::from(11), ..claim_args(ksm(1)) };
    let signature = sign(&next);
    rejected(&mut pool, &next, &signature, CoreError::MintOverDailyLimit.into());
    // aDOTb has its own bucket.
    let dot = ClaimArgs { bond: adotb(), id: U256::from(12), ..claim_args(ksm(1)) };
    assert_eq!(submit(&mut pool, &dot, &sign(&dot)), Ok(()));
    // A tenth of a day refills a tenth of the daily limit.
    set_time(START + 8_640);
    assert_eq!(pool.mint_limit(aksmb()).2, U256::from(PER_CLAIM));
    assert!(valid(&pool, &next, &signature));
    assert_eq!(submit(&mut pool, &next, &signature), Ok(()));
    assert_eq!(pool.mint_limit(aksmb()).2, U256::from(PER_CLAIM) - ksm(1));
}

#[ink::test]
fn a_lower_mint_limit_is_immediate_and_cuts_the_bucket() {
    let mut pool = pool();
    call_as(admin());
    assert_eq!(pool.set_mint_limit(aksmb(), ksm(10), ksm(100)), Ok(()));
    assert_eq!(
        last_log(),
        Log::new(
            "MintLimitChanged(address,uint256,uint256)",
            vec![word(aksmb())],
            words(&[uint(ksm(10)), uint(ksm(100))])
        )
    );
    assert_eq!(pool.mint_limit(aksmb()), (ksm(10), ksm(100), ksm(100)));
    let c = claim_args(ksm(11));
    rejected(&mut pool, &c, &sign(&c), CoreError::MintOverClaimLimit.into());
}

#[ink::test]
fn a_higher_mint_limit_is_scheduled_and_applies_after_the_delay() {
    let mut pool = pool();
    call_as(admin());
    let (per_claim, per_day) = (U256::from(2 * PER_CLAIM), U256::from(2 * PER_DAY));
    let key = limit_key(aksmb());
    assert_eq!(pool.set_mint_limit(aksmb(), per_claim, per_day), Ok(()));
    let value = from_core(mint_limit::pack(to_core(per_claim), to_core(per_day))).to_big_endian();
    let at = START + DELAY;
    assert_eq!(
        last_log(),
        Log::new("ChangeScheduled(bytes32,bytes32,uint256)", vec![key.0], words(&[value, uint(at)]))
    );
    let unchanged = (U256::from(PER_CLAIM), U256::from(PER_DAY), U256::from(PER_DAY));
    assert_eq!(pool.mint_limit(aksmb()), unchanged, "nothing changes yet");
    set_time(at - 1);
    assert_eq!(pool.set_mint_limit(aksmb(), per_claim, per_day), Err(CoreError::ChangeNotReady.into()));
    set_time(at);
    assert_eq!(pool.set_mint_limit(aksmb(), per_claim, per_day), Ok(()));
    let events = logs();
    assert_eq!(events[events.len() - 2], Log::new("ChangeExecuted(bytes32,bytes32)", vec![key.0], words(&[value])));
    assert_eq!(pool.mint_limit(aksmb()), (per_claim, per_day, U256::from(PER_DAY)), "a raise does not fill it");
}

#[ink::test]
fn invalid_mint_limits_and_unknown_bonds_are_refused() {
    let mut pool = pool();
    call_as(admin());
    let before = (pool.mint_limit(aksmb()), log_count());
    let too_big = U256::from(u128::MAX) + U256::from(1u8);
    for (per_claim, per_day) in [(ksm(2), ksm(1)), (U256::zero(), too_big)] {
        assert_eq!(pool.set_mint_limit(aksmb(), per_claim, per_day), Err(CoreError::MintLimitInvalid.into()));
        assert_eq!(pool.register_bond(account(22), per_claim, per_day), Err(CoreError::MintLimitInvalid.into()));
    }
    assert_eq!(pool.set_mint_limit(stranger(), ksm(1), ksm(1)), Err(Error::UnknownBond { bond: stranger() }));
    assert_eq!((pool.mint_limit(aksmb()), log_count()), before);
    assert!(!pool.is_bond_registered(account(22)));
}
