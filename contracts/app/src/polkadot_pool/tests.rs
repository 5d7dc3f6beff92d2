//! Every message of `PolkadotPool`, once for both platforms, on the memory
//! chain: claims signed with a real notary key, the bond token as scripted
//! answers.

use super::*;
use crate::memory::{abi_items, eth_address, sign, Answer, Chain, Changes, THIS};
use crate::operator::Store as _;
use crate::pausable::Store as _;
use crate::timelock::Store as _;
use alloc::collections::{BTreeMap, BTreeSet};

use alloc::vec;
use k256::ecdsa::SigningKey;

const HOUR: u64 = 3_600;
const DELAY: u64 = 48 * HOUR;
const START: u64 = 1_700_000_000;
const ADMIN: Address = [1; 20];
const OPERATOR: Address = [2; 20];
const STRANGER: Address = [3; 20];
const HOLDER: Address = [0xA1; 20];
const BOND: Address = [0xB0; 20];
const ZERO: Address = [0; 20];
const E18: u128 = 1_000_000_000_000_000_000;
/// 0.8 shares per bond unit.
const RATIO: u128 = 800_000_000_000_000_000;
/// A raw 32-byte relay-chain account id.
const RECIPIENT: [u8; 32] = [7; 32];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    owner: Address,
    changes: Changes,
    pauser: Address,
    paused: bool,
    limits: BTreeMap<Address, MintLimit>,
    used: BTreeSet<U256>,
    notary: Address,
    operator: Address,
}

crate::memory::parts!(State: owner, changes, pause, operator);

type Pool = Chain<State>;

impl Store for Pool {
    fn bond_limit(&self, bond: Address) -> Option<MintLimit> {
        self.state.limits.get(&bond).copied()
    }
    fn set_bond_limit(&mut self, bond: Address, limit: &MintLimit) {
        self.state.limits.insert(bond, *limit);
    }
    fn claim_used(&self, id: U256) -> bool {
        self.state.used.contains(&id)
    }
    fn use_claim(&mut self, id: U256) {
        self.state.used.insert(id);
    }
    fn notary(&self) -> Address {
        self.state.notary
    }
    fn set_notary(&mut self, notary: Address) {
        self.state.notary = notary;
    }
}

fn n(v: u128) -> U256 {
    U256::from(v)
}

fn notary_key() -> SigningKey {
    SigningKey::from_slice(&[0x42; 32]).unwrap()
}

fn notary() -> Address {
    eth_address(notary_key().verifying_key())
}

/// A bond answering for this pool at ratio 0.8 and taking mints and burns.
fn bond_answers(c: &mut Pool) {
    c.answer(BOND, "ratio()", Answer::Words(vec![n(RATIO)]));
    c.answer(BOND, "pool()", Answer::Words(vec![U256::from_be_slice(&THIS)]));
    c.answer(BOND, "mintShares(address,uint256)", Answer::Words(vec![]));
    c.answer(BOND, "burnShares(address,uint256)", Answer::Words(vec![]));
}

/// A deployed pool with `BOND` registered: 100 per claim, 1,000 a day.
fn pool() -> Pool {
    let mut c = Pool::at(START);
    c.block = 100;
    c.state.owner = ADMIN;
    init(&mut c, ADMIN, notary(), DELAY).unwrap();
    bond_answers(&mut c);
    c.call(ADMIN, |c| register_bond(c, BOND, n(100 * E18), n(1_000 * E18))).unwrap();
    c
}

fn claim_of(id: u64, amount: u128) -> ClaimCall {
    ClaimCall { bond: BOND, claim_id: U256::from(id), amount: n(amount), claim_before_block: n(200), account: HOLDER }
}

/// `call` signed by `key`: 65 bytes, r ‖ s ‖ v.
fn signed_by(c: &Pool, key: &SigningKey, call: &ClaimCall) -> Vec<u8> {
    let digest = claim::claim_digest(c, &domain_separator(c), &call.claim());
    let (v, r, s) = sign(key, &digest);
    let mut out = r.to_vec();
    out.extend_from_slice(&s);
    out.push(v);
    out
}

fn signed(c: &Pool, call: &ClaimCall) -> Vec<u8> {
    signed_by(c, &notary_key(), call)
}

// --- deployment ---

#[test]
fn deployment_names_the_notary_and_makes_the_admin_operator_and_pauser() {
    let c = pool();
    assert_eq!((c.notary(), c.operator(), c.pauser(), c.delay()), (notary(), ADMIN, ADMIN, DELAY));
}

#[test]
fn a_zero_notary_is_zero_address() {
    let mut c = Pool::at(START);
    c.assert_refused(Error::ZeroAddress {}, |c| init(c, ADMIN, ZERO, DELAY));
}

#[test]
fn a_delay_out_of_range_is_change_delay_out_of_range() {
    let mut c = Pool::at(START);
    c.assert_refused(CoreError::ChangeDelayOutOfRange, |c| init(c, ADMIN, notary(), 1));
}

// --- registering bonds ---

#[test]
fn registering_a_bond_logs_it_and_its_limits() {
    let c = pool();
    assert!(c.emitted(&BondRegistered { bond: BOND }));
    assert!(c.emitted(&MintLimitChanged { bond: BOND, maxPerClaim: n(100 * E18), maxPerDay: n(1_000 * E18) }));
    assert_eq!(mint_limit(&c, BOND), (n(100 * E18), n(1_000 * E18), n(1_000 * E18)));
}

#[test]
fn the_operator_may_register_a_bond_and_a_stranger_may_not() {
    let mut c = pool();
    c.state.operator = OPERATOR;
    c.state.limits.clear();
    c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| {
        c.call(STRANGER, |c| register_bond(c, BOND, n(1), n(1)))
    });
    assert_eq!(c.call(OPERATOR, |c| register_bond(c, BOND, n(1), n(1))), Ok(()));
}

#[test]
fn registering_a_bond_twice_is_bond_already_registered() {
    let mut c = pool();
    c.assert_refused(Error::BondAlreadyRegistered { bond: BOND }, |c| {
        c.call(ADMIN, |c| register_bond(c, BOND, n(1), n(1)))
    });
}

#[test]
fn registering_the_zero_address_is_zero_address() {
    let mut c = pool();
    c.assert_refused(Error::ZeroAddress {}, |c| c.call(ADMIN, |c| register_bond(c, ZERO, n(1), n(1))));
}

#[test]
fn a_bond_minted_by_another_pool_is_bond_pool_mismatch() {
    let mut c = pool();
    c.state.limits.clear();
    c.answer(BOND, "pool()", Answer::Words(vec![n(9)]));
    let mut other = [0u8; 20];
    other[19] = 9;
    c.assert_refused(Error::BondPoolMismatch { bond: BOND, bondPool: other }, |c| {
        c.call(ADMIN, |c| register_bond(c, BOND, n(1), n(1)))
    });
}

#[test]
fn limits_out_of_order_are_mint_limit_invalid() {
    let mut c = pool();
    c.state.limits.clear();
    c.assert_refused(CoreError::MintLimitInvalid, |c| c.call(ADMIN, |c| register_bond(c, BOND, n(2), n(1))));
}

// --- claims ---

#[test]
fn a_claim_mints_its_shares_to_the_account_and_is_used_up() {
    let mut c = pool();
    let call = claim_of(1, 10 * E18);
    let signature = signed(&c, &call);
    c.call(STRANGER, |c| claim_bonds(c, call, &signature)).unwrap();
    let minted =
        crate::abi::Call::new(BOND, crate::abi::selector("mintShares(address,uint256)")).arg(&HOLDER).arg(&n(8 * E18));
    assert!(c.called(&minted));
    assert!(c.claim_used(n(1)));
    assert_eq!(mint_limit(&c, BOND).2, n(990 * E18));
    assert!(c.emitted(&TokensClaimed {
        token: BOND,
        claimId: n(1),
        account: HOLDER,
        amount: n(10 * E18),
        claimBeforeBlock: n(200)
    }));
}

#[test]
fn a_claim_used_twice_is_claim_already_used() {
    let mut c = pool();
    let call = claim_of(1, E18);
    let signature = signed(&c, &call);
    c.call(STRANGER, |c| claim_bonds(c, call, &signature)).unwrap();
    c.assert_refused(CoreError::ClaimAlreadyUsed, |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
}

#[test]
fn a_claim_past_its_block_is_claim_expired() {
    let mut c = pool();
    let call = claim_of(1, E18);
    let signature = signed(&c, &call);
    c.block = 201;
    c.assert_refused(CoreError::ClaimExpired, |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
}

#[test]
fn a_claim_signed_by_another_key_is_claim_signer_not_notary() {
    let mut c = pool();
    let call = claim_of(1, E18);
    let signature = signed_by(&c, &SigningKey::from_slice(&[0x43; 32]).unwrap(), &call);
    c.assert_refused(CoreError::ClaimSignerNotNotary, |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
}

#[test]
fn a_signature_of_the_wrong_length_is_signature_length() {
    let mut c = pool();
    let call = claim_of(1, E18);
    c.assert_refused(CoreError::SignatureLength, |c| c.call(STRANGER, |c| claim_bonds(c, call, &[0; 64])));
}

#[test]
fn a_claim_for_an_unknown_bond_is_unknown_bond() {
    let mut c = pool();
    let call = ClaimCall { bond: STRANGER, ..claim_of(1, E18) };
    let signature = signed(&c, &call);
    c.assert_refused(Error::UnknownBond { bond: STRANGER }, |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
}

#[test]
fn a_claim_over_the_per_claim_limit_is_mint_over_claim_limit_and_stays_unused() {
    let mut c = pool();
    let call = claim_of(1, 101 * E18);
    let signature = signed(&c, &call);
    c.assert_refused(CoreError::MintOverClaimLimit, |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
    assert!(!is_claim_valid(&c, &call, &signature));
}

#[test]
fn claims_past_the_daily_bucket_are_mint_over_daily_limit() {
    let mut c = pool();
    for id in 0..10 {
        let call = claim_of(id, 100 * E18);
        let signature = signed(&c, &call);
        c.call(STRANGER, |c| claim_bonds(c, call, &signature)).unwrap();
    }
    let call = claim_of(10, E18);
    let signature = signed(&c, &call);
    c.assert_refused(CoreError::MintOverDailyLimit, |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
}

#[test]
fn the_bonds_refusal_to_mint_passes_on() {
    let mut c = pool();
    let revert = Error::EnforcedPause {}.encode();
    c.answer(BOND, "mintShares(address,uint256)", Answer::Revert(revert.clone()));
    let call = claim_of(1, E18);
    let signature = signed(&c, &call);
    c.assert_refused(Error::Revert(revert), |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
}

#[test]
fn a_valid_claim_is_valid_until_paused_or_used() {
    let mut c = pool();
    let call = claim_of(1, E18);
    let signature = signed(&c, &call);
    assert!(is_claim_valid(&c, &call, &signature));
    c.state.paused = true;
    assert!(!is_claim_valid(&c, &call, &signature));
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(STRANGER, |c| claim_bonds(c, call, &signature)));
}

#[test]
fn the_domain_separator_is_the_claims_domain_for_this_pool() {
    let c = pool();
    assert_eq!(domain_separator(&c), claim::domain_separator(&c, crate::memory::CHAIN_ID, &THIS));
}

// --- burning ---

#[test]
fn burning_bonds_burns_the_shares_worth_the_amount_rounded_up() {
    let mut c = pool();
    c.call(HOLDER, |c| burn_bond(c, BOND, n(10), &RECIPIENT)).unwrap();
    // 10 units at 0.8 are 8 shares exactly.
    let burned =
        crate::abi::Call::new(BOND, crate::abi::selector("burnShares(address,uint256)")).arg(&HOLDER).arg(&n(8));
    assert!(c.called(&burned));
    assert!(c.emitted(&TokensBurned {
        token: BOND,
        account: HOLDER,
        recipient: RECIPIENT.to_vec(),
        amount: n(10),
        shares: n(8)
    }));
}

#[test]
fn burning_zero_is_zero_amount() {
    let mut c = pool();
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(HOLDER, |c| burn_bond(c, BOND, n(0), &RECIPIENT)));
}

#[test]
fn burning_to_a_recipient_that_is_no_address_is_refused_by_the_core() {
    let mut c = pool();
    c.assert_refused(CoreError::Ss58InvalidCharacter, |c| c.call(HOLDER, |c| burn_bond(c, BOND, n(10), &[1, 2, 3])));
}

#[test]
fn burning_an_unknown_bond_is_unknown_bond() {
    let mut c = pool();
    c.assert_refused(Error::UnknownBond { bond: STRANGER }, |c| {
        c.call(HOLDER, |c| burn_bond(c, STRANGER, n(10), &RECIPIENT))
    });
}

#[test]
fn burning_while_paused_is_enforced_pause() {
    let mut c = pool();
    c.state.paused = true;
    c.assert_refused(Error::EnforcedPause {}, |c| c.call(HOLDER, |c| burn_bond(c, BOND, n(10), &RECIPIENT)));
}

// --- limits ---

#[test]
fn a_lower_limit_applies_at_once() {
    let mut c = pool();
    c.call(ADMIN, |c| set_mint_limit(c, BOND, n(50 * E18), n(500 * E18))).unwrap();
    assert_eq!(mint_limit(&c, BOND).0, n(50 * E18));
    assert!(c.emitted(&MintLimitChanged { bond: BOND, maxPerClaim: n(50 * E18), maxPerDay: n(500 * E18) }));
}

#[test]
fn a_higher_limit_is_scheduled_then_applies_after_the_delay() {
    let mut c = pool();
    c.call(ADMIN, |c| set_mint_limit(c, BOND, n(200 * E18), n(2_000 * E18))).unwrap();
    assert_eq!(mint_limit(&c, BOND).0, n(100 * E18));
    c.advance(DELAY);
    c.call(ADMIN, |c| set_mint_limit(c, BOND, n(200 * E18), n(2_000 * E18))).unwrap();
    assert_eq!(mint_limit(&c, BOND).0, n(200 * E18));
}

#[test]
fn a_limit_for_an_unknown_bond_is_unknown_bond() {
    let mut c = pool();
    c.assert_refused(Error::UnknownBond { bond: STRANGER }, |c| {
        c.call(ADMIN, |c| set_mint_limit(c, STRANGER, n(1), n(1)))
    });
}

#[test]
fn an_unknown_bond_has_no_limits() {
    let c = pool();
    assert_eq!(mint_limit(&c, STRANGER), (n(0), n(0), n(0)));
}

// --- roles ---

#[test]
fn a_new_notary_is_scheduled_then_applies_after_the_delay() {
    let mut c = pool();
    c.call(ADMIN, |c| set_notary(c, STRANGER)).unwrap();
    assert_eq!(c.notary(), notary());
    c.advance(DELAY);
    c.call(ADMIN, |c| set_notary(c, STRANGER)).unwrap();
    assert_eq!(c.notary(), STRANGER);
    assert!(c.emitted(&NotaryChanged { previousNotary: notary(), newNotary: STRANGER }));
}

#[test]
fn a_zero_notary_operator_or_pauser_is_zero_address() {
    let mut c = pool();
    c.assert_refused(Error::ZeroAddress {}, |c| c.call(ADMIN, |c| set_notary(c, ZERO)));
    c.assert_refused(Error::ZeroAddress {}, |c| c.call(ADMIN, |c| operator::set_operator(c, ZERO)));
    c.assert_refused(Error::ZeroAddress {}, |c| c.call(ADMIN, |c| pausable::set_pauser_non_zero(c, ZERO)));
}

#[test]
fn the_owner_replaces_the_operator_and_the_pauser_with_events() {
    let mut c = pool();
    c.call(ADMIN, |c| operator::set_operator(c, OPERATOR)).unwrap();
    assert!(c.emitted(&operator::OperatorChanged { previousOperator: ADMIN, newOperator: OPERATOR }));
    c.call(ADMIN, |c| pausable::set_pauser_non_zero(c, OPERATOR)).unwrap();
    assert!(c.emitted(&pausable::PauserChanged { previousPauser: ADMIN, newPauser: OPERATOR }));
    assert_eq!((c.operator(), c.pauser()), (OPERATOR, OPERATOR));
}

#[test]
fn every_owner_message_refuses_every_other_account() {
    let mut c = pool();
    let refused = Error::OwnableUnauthorizedAccount { account: STRANGER };
    c.assert_refused(refused.clone(), |c| c.call(STRANGER, |c| set_mint_limit(c, BOND, n(1), n(1))));
    c.assert_refused(refused.clone(), |c| c.call(STRANGER, |c| set_notary(c, STRANGER)));
    c.assert_refused(refused.clone(), |c| c.call(STRANGER, |c| operator::set_operator(c, STRANGER)));
    c.assert_refused(refused, |c| c.call(STRANGER, |c| pausable::set_pauser_non_zero(c, STRANGER)));
}

#[test]
fn the_owner_or_the_pauser_cancels_a_scheduled_change_and_nobody_else() {
    let key = timelock::key(SET_NOTARY, ZERO);
    for canceller in [ADMIN, OPERATOR] {
        let mut c = pool();
        c.state.pauser = OPERATOR;
        c.call(ADMIN, |c| set_notary(c, STRANGER)).unwrap();
        c.assert_refused(Error::Unauthorized { account: STRANGER }, |c| {
            c.call(STRANGER, |c| timelock::cancel_change_by_owner_or_pauser(c, key))
        });
        c.call(canceller, |c| timelock::cancel_change_by_owner_or_pauser(c, key)).unwrap();
        assert_eq!(c.waiting(key), None);
    }
}

#[test]
fn the_events_and_errors_are_the_abis() {
    let events = abi_items("PolkadotPool", "event");
    for signature in [
        <TokensClaimed as crate::abi::Event>::SIGNATURE,
        <TokensBurned as crate::abi::Event>::SIGNATURE,
        <BondRegistered as crate::abi::Event>::SIGNATURE,
        <NotaryChanged as crate::abi::Event>::SIGNATURE,
        <operator::OperatorChanged as crate::abi::Event>::SIGNATURE,
        <MintLimitChanged as crate::abi::Event>::SIGNATURE,
        "PauserChanged(address,address)",
        "Paused(address)",
    ] {
        assert!(events.iter().any(|e| e == signature), "PolkadotPool declares {signature}");
    }
    let errors = abi_items("PolkadotPool", "error");
    for error in [
        Error::UnknownBond { bond: ZERO },
        Error::BondAlreadyRegistered { bond: ZERO },
        Error::BondPoolMismatch { bond: ZERO, bondPool: ZERO },
        Error::Unauthorized { account: ZERO },
        Error::ZeroAddress {},
        Error::EnforcedPause {},
    ] {
        let signature = error.signature().unwrap();
        assert!(errors.iter().any(|e| e == signature), "PolkadotPool declares {signature}");
    }
}
