//! What is Stylus's own in the pool (every message's behaviour and refusal
//! is tested once, in `lst_app::polkadot_pool`): the entry points reach the
//! app layer with a real feed and real aKSMb beside the pool, a claim
//! signed by a real key over the EIP-712 digest computed here with alloy
//! (not the contract's or the core's hashing) recovers through the
//! ecrecover precompile and mints, the logs are the events the ABI
//! declares, refusals revert with the ABI's error data, and the pause flag
//! and the limits read back from their slots.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::uint;
use alloy_signer::SignerSync;
use alloy_sol_types::{eip712_domain, SolError, SolStruct};
use lst_bond_token::BondToken;
use lst_rate_provider::RateProvider;
use motsu::prelude::*;

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
const DELAY: u64 = lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS;
/// 1,000 KSM per claim, 10,000 per day.
const PER_CLAIM: U256 = uint!(1_000_000_000_000_000_000_000_U256);
const PER_DAY: U256 = uint!(10_000_000_000_000_000_000_000_U256);
const KSM: U256 = uint!(1_000_000_000_000_000_000_U256);

struct Suite {
    aksmb: Contract<BondToken>,
    pool: Contract<PolkadotPool>,
    admin: Address,
    notary: Account,
    alice: Address,
    bob: Address,
    _feed: Contract<RateProvider>,
}

fn suite() -> Suite {
    VM::context().set_chain_id(CHAIN_ID);
    let s = Suite {
        _feed: Contract::new(),
        aksmb: Contract::new(),
        pool: Contract::new(),
        admin: Address::repeat_byte(0xad),
        notary: Account::from_seed("notary"),
        alice: Address::repeat_byte(0xa1),
        bob: Address::repeat_byte(0xb0),
    };
    let feed = &s._feed;
    feed.sender(s.admin).constructor(s.admin, DELAY).unwrap();
    feed.sender(s.admin).register_token(s.aksmb.address(), KSM_RATIO, s.admin).unwrap();
    s.aksmb
        .sender(s.admin)
        .constructor(s.admin, feed.address(), Address::ZERO, "Ankr KSM Bond".into(), "aKSMb".into())
        .unwrap();
    s.aksmb.sender(s.admin).set_pool(s.pool.address()).unwrap();
    s.pool.sender(s.admin).constructor(s.admin, s.notary.address(), DELAY).unwrap();
    s.pool.sender(s.admin).register_bond(s.aksmb.address(), PER_CLAIM, PER_DAY).unwrap();
    s
}

impl Suite {
    fn claim(&self, id: u64, amount: U256) -> typed::Claim {
        typed::Claim {
            token: self.aksmb.address(),
            claimId: U256::from(id),
            amount,
            claimBeforeBlock: U256::from(1_000_000),
            to: self.alice,
        }
    }

    /// `claim` signed by `signer` as r ‖ s ‖ v over alloy's EIP-712 digest.
    fn sign(&self, claim: &typed::Claim, signer: &Account) -> Vec<u8> {
        let domain = eip712_domain! {
            name: "PolkadotPool",
            version: "1",
            chain_id: CHAIN_ID,
            verifying_contract: self.pool.address(),
        };
        signer.signer().sign_hash_sync(&claim.eip712_signing_hash(&domain)).unwrap().as_bytes().to_vec()
    }

    fn submit(&self, claim: &typed::Claim, signature: Vec<u8>) -> Result<(), Error> {
        self.pool.sender(self.bob).claim_bonds(
            claim.token,
            claim.claimId,
            claim.amount,
            claim.claimBeforeBlock,
            claim.to,
            signature.into(),
        )
    }
}

fn data(result: Result<impl core::fmt::Debug, Error>) -> Vec<u8> {
    Vec::<u8>::from(result.motsu_unwrap_err())
}

#[motsu::test]
fn a_claim_signed_over_alloys_digest_mints_through_the_bond_and_logs_the_declared_event() {
    let s = suite();
    let claim = s.claim(7, KSM);
    let signature = s.sign(&claim, &s.notary);
    assert!(s.pool.sender(s.bob).is_claim_valid(
        claim.token,
        claim.claimId,
        claim.claimBeforeBlock,
        claim.amount,
        claim.to,
        signature.clone().into()
    ));
    s.submit(&claim, signature).unwrap();
    assert_eq!(s.aksmb.sender(s.bob).shares_of(s.alice), KSM_RATIO);
    assert!(s.pool.sender(s.bob).is_claim_used(claim.claimId));
    s.pool.assert_emitted(&TokensClaimed {
        token: claim.token,
        claimId: claim.claimId,
        amount: KSM,
        claimBeforeBlock: claim.claimBeforeBlock,
        account: s.alice,
    });
    let (per_claim, per_day, available) = s.pool.sender(s.bob).mint_limit(s.aksmb.address());
    assert_eq!((per_claim, per_day, available), (PER_CLAIM, PER_DAY, PER_DAY - KSM));
}

#[motsu::test]
fn a_claim_signed_by_another_key_reverts_with_the_cores_error() {
    let s = suite();
    let claim = s.claim(7, KSM);
    let refused = data(s.submit(&claim, s.sign(&claim, &Account::from_seed("mallory"))));
    assert_eq!(refused, lst_core::CoreError::ClaimSignerNotNotary.selector().to_vec());
}

#[motsu::test]
fn burning_burns_the_holders_shares_and_logs_the_declared_event() {
    let s = suite();
    let claim = s.claim(7, KSM);
    s.submit(&claim, s.sign(&claim, &s.notary)).unwrap();
    let recipient = vec![7u8; 32];
    s.pool.sender(s.alice).burn_bond(s.aksmb.address(), KSM, recipient.clone().into()).unwrap();
    assert_eq!(s.aksmb.sender(s.bob).shares_of(s.alice), U256::ZERO);
    s.pool.assert_emitted(&TokensBurned {
        token: s.aksmb.address(),
        account: s.alice,
        recipient: recipient.into(),
        amount: KSM,
        shares: KSM_RATIO,
    });
}

#[motsu::test]
fn the_pause_flag_reads_back_beside_the_roles() {
    let s = suite();
    s.pool.sender(s.admin).pause().unwrap();
    assert!(s.pool.sender(s.bob).paused());
    assert_eq!((s.pool.sender(s.bob).pauser(), s.pool.sender(s.bob).operator()), (s.admin, s.admin));
    let claim = s.claim(7, KSM);
    let refused = data(s.submit(&claim, s.sign(&claim, &s.notary)));
    assert_eq!(refused, lst_app::Error::EnforcedPause {}.encode());
}

#[motsu::test]
fn refusals_revert_with_the_abis_error_data() {
    let s = suite();
    let refused = data(s.pool.sender(s.bob).register_bond(s.bob, PER_CLAIM, PER_DAY));
    assert_eq!(refused, lst_stylus_common::Unauthorized { account: s.bob }.abi_encode());
    let refused = data(s.pool.sender(s.admin).register_bond(s.aksmb.address(), PER_CLAIM, PER_DAY));
    assert_eq!(refused, BondAlreadyRegistered { bond: s.aksmb.address() }.abi_encode());
    let refused = data(s.pool.sender(s.alice).burn_bond(s.bob, KSM, vec![7u8; 32].into()));
    assert_eq!(refused, UnknownBond { bond: s.bob }.abi_encode());
    let refused = data(s.pool.sender(s.bob).set_notary(s.bob));
    assert_eq!(refused, lst_app::Error::OwnableUnauthorizedAccount { account: s.bob.into_array() }.encode());
}

#[motsu::test]
fn a_bond_of_another_pool_is_bond_pool_mismatch() {
    let s = suite();
    let other: Contract<BondToken> = Contract::new();
    other.sender(s.admin).constructor(s.admin, s.bob, Address::ZERO, "n".into(), "s".into()).unwrap();
    other.sender(s.admin).set_pool(s.bob).unwrap();
    let refused = data(s.pool.sender(s.admin).register_bond(other.address(), PER_CLAIM, PER_DAY));
    assert_eq!(refused, BondPoolMismatch { bond: other.address(), bondPool: s.bob }.abi_encode());
}

#[motsu::test]
fn the_domain_separator_is_alloys_for_this_chain_and_pool() {
    let s = suite();
    let domain = eip712_domain! {
        name: "PolkadotPool",
        version: "1",
        chain_id: CHAIN_ID,
        verifying_contract: s.pool.address(),
    };
    assert_eq!(s.pool.sender(s.bob).domain_separator(), domain.separator());
}
