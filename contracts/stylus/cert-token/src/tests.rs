//! motsu tests of ankrAVAX with a real ratio feed: every external function,
//! its events, each error path (reverted, state unchanged) and the access
//! matrix.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use alloy_primitives::{keccak256, uint};
use alloy_signer::SignerSync;
use alloy_sol_types::SolError;
use alloy_sol_types::SolValue;
use lst_core::math::ONE;
use lst_rate_provider::RateProvider;
use lst_stylus_common::{gate::PauserChanged, gate::PoolSet};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::Transfer;

/// 0.95: one ankrAVAX is worth 1/0.95 AVAX.
const RATIO: U256 = uint!(950_000_000_000_000_000_U256);

struct Suite {
    feed: Contract<RateProvider>,
    cert: Contract<CertToken>,
    admin: Address,
    pool: Address,
    alice: Account,
    bob: Address,
}

fn suite() -> Suite {
    let s = Suite {
        feed: Contract::new(),
        cert: Contract::new(),
        admin: Address::repeat_byte(0xad),
        pool: Address::repeat_byte(0x90),
        alice: Account::from_seed("alice"),
        bob: Address::repeat_byte(0xb0),
    };
    s.feed.sender(s.admin).constructor(s.admin, lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS).unwrap();
    s.feed.sender(s.admin).register_token(s.cert.address(), RATIO, s.admin).unwrap();
    s.cert.sender(s.admin).constructor(s.admin, s.feed.address()).unwrap();
    s.cert.sender(s.admin).set_pool(s.pool).unwrap();
    s
}

impl Suite {
    fn balance(&self, who: Address) -> U256 {
        self.cert.sender(self.admin).balance_of(who)
    }

    fn mint(&self, to: Address, amount: U256) {
        self.cert.sender(self.pool).mint(to, amount).unwrap();
    }
}

fn unauthorized(result: Result<impl core::fmt::Debug, Error>, account: Address) {
    match result.motsu_res() {
        Err(Error::Gate(Failure(lst_app::Error::Unauthorized { account: a }))) => assert_eq!(a, account.into_array()),
        Err(Error::Gate(Failure(lst_app::Error::OwnableUnauthorizedAccount { .. }))) => {}
        Err(Error::Ownable(ownable::Error::UnauthorizedAccount(_))) => {}
        other => panic!("expected an authorisation error for {account}, got {other:?}"),
    }
}

fn paused_err(result: Result<impl core::fmt::Debug, Error>) {
    assert!(matches!(
        result.motsu_res(),
        Err(Error::Gate(Failure(lst_app::Error::EnforcedPause {} | lst_app::Error::ExpectedPause {})))
    ));
}

#[motsu::test]
fn metadata_is_ankr_avax_with_18_decimals() {
    let s = suite();
    let c = s.cert.sender(s.bob);
    assert_eq!((c.name(), c.symbol(), c.decimals()), ("Ankr Staked AVAX".into(), "ankrAVAX".into(), 18));
    assert_eq!((c.feed(), c.pool(), c.pauser(), c.owner()), (s.feed.address(), s.pool, s.admin, s.admin));
}

#[motsu::test]
fn constructor_refuses_a_zero_feed(cert: Contract<CertToken>, admin: Address) {
    let result = cert.sender(admin).constructor(admin, Address::ZERO).motsu_res();
    assert_eq!(Vec::<u8>::from(result.unwrap_err()), lst_stylus_common::ZeroAddress {}.abi_encode());
}

#[motsu::test]
fn ratio_comes_from_the_feed() {
    let s = suite();
    assert_eq!(s.cert.sender(s.bob).ratio().unwrap(), RATIO);
}

#[motsu::test]
fn ratio_of_an_unregistered_token_passes_the_feeds_error_through(
    cert: Contract<CertToken>,
    feed: Contract<RateProvider>,
    admin: Address,
) {
    feed.sender(admin).constructor(admin, lst_core::timelock::DEFAULT_CHANGE_DELAY_SECS).unwrap();
    cert.sender(admin).constructor(admin, feed.address()).unwrap();
    let refused = cert.sender(admin).ratio().motsu_res().unwrap_err();
    assert_eq!(Vec::<u8>::from(refused), lst_rate_provider::UnknownToken { token: cert.address() }.abi_encode());
}

#[motsu::test]
fn shares_and_bonds_convert_at_the_ratio_rounding_down() {
    let s = suite();
    let c = s.cert.sender(s.bob);
    // 0.95 ankrAVAX is worth 1 AVAX; 1 ankrAVAX is worth 1.052631578947368421 AVAX.
    assert_eq!(c.bonds_to_shares(ONE).unwrap(), RATIO);
    assert_eq!(c.shares_to_bonds(RATIO).unwrap(), ONE);
    assert_eq!(c.shares_to_bonds(ONE).unwrap(), uint!(1_052_631_578_947_368_421_U256));
    assert_eq!(c.shares_to_bonds(U256::from(1)).unwrap(), U256::from(1));
    assert_eq!(c.bonds_to_shares(U256::from(1)).unwrap(), U256::ZERO);
}

#[motsu::test]
fn pool_mints_and_burns_with_transfer_events() {
    let s = suite();
    let alice = s.alice.address();
    s.mint(alice, ONE);
    s.cert.assert_emitted(&Transfer { from: Address::ZERO, to: alice, value: ONE });
    s.cert.sender(s.pool).burn(alice, ONE / U256::from(4)).unwrap();
    s.cert.assert_emitted(&Transfer { from: alice, to: Address::ZERO, value: ONE / U256::from(4) });
    assert_eq!(s.balance(alice), ONE * U256::from(3) / U256::from(4));
    assert_eq!(s.cert.sender(s.bob).total_supply(), ONE * U256::from(3) / U256::from(4));
}

#[motsu::test]
fn burning_more_than_held_is_refused() {
    let s = suite();
    let alice = s.alice.address();
    s.mint(alice, ONE);
    let result = s.cert.sender(s.pool).burn(alice, ONE + U256::from(1)).motsu_res();
    let short = openzeppelin_stylus::token::erc20::ERC20InsufficientBalance {
        sender: alice,
        balance: ONE,
        needed: ONE + U256::from(1),
    };
    assert_eq!(Vec::<u8>::from(result.unwrap_err()), short.abi_encode());
    assert_eq!(s.balance(alice), ONE);
}

#[motsu::test]
fn transfers_move_tokens_and_spend_allowances() {
    let s = suite();
    let alice = s.alice.address();
    s.mint(alice, ONE);
    assert!(s.cert.sender(alice).transfer(s.bob, ONE / U256::from(2)).unwrap());
    assert!(s.cert.sender(alice).approve(s.bob, ONE).unwrap());
    assert!(s.cert.sender(s.bob).transfer_from(alice, s.bob, ONE / U256::from(4)).unwrap());
    assert_eq!(s.balance(s.bob), ONE * U256::from(3) / U256::from(4));
    assert_eq!(s.cert.sender(s.bob).allowance(alice, s.bob), ONE * U256::from(3) / U256::from(4));
    let result = s.cert.sender(alice).transfer(s.bob, ONE).motsu_res();
    assert!(matches!(result, Err(Error::Permit(permit::Error::InsufficientBalance(_)))));
}

#[motsu::test]
fn transfer_from_the_zero_address_is_erc20_invalid_approver_as_in_openzeppelin() {
    let s = suite();
    let result = s.cert.sender(s.bob).transfer_from(Address::ZERO, s.bob, U256::ZERO).motsu_res();
    assert!(matches!(result, Err(Error::Permit(permit::Error::InvalidApprover(_)))), "{result:?}");
    assert_eq!(s.balance(s.bob), U256::ZERO);
}

#[motsu::test]
fn permit_sets_an_allowance_from_a_signature() {
    let s = suite();
    let owner = s.alice.address();
    let deadline = U256::MAX;
    let value = ONE;
    let typehash = keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    let struct_hash = keccak256((typehash, owner, s.bob, value, U256::ZERO, deadline).abi_encode());
    let domain = s.cert.sender(s.bob).domain_separator();
    let digest = keccak256([&[0x19, 0x01][..], domain.as_slice(), struct_hash.as_slice()].concat());
    let sig = s.alice.signer().sign_hash_sync(&digest).unwrap();
    let v = 27 + u8::from(sig.v());
    s.cert.sender(s.bob).permit(owner, s.bob, value, deadline, v, sig.r().into(), sig.s().into()).unwrap();
    assert_eq!(s.cert.sender(s.bob).allowance(owner, s.bob), value);
    assert_eq!(s.cert.sender(s.bob).nonces(owner), U256::from(1));
    // The same signature cannot be replayed: the nonce moved on.
    let replay = s.cert.sender(s.bob).permit(owner, s.bob, value, deadline, v, sig.r().into(), sig.s().into());
    assert!(matches!(replay.motsu_res(), Err(Error::Permit(permit::Error::InvalidSigner(_)))));
}

#[motsu::test]
fn eip712_domain_reports_the_domain_permits_are_signed_under() {
    let s = suite();
    let (fields, name, version, chain_id, contract, salt, extensions) = s.cert.sender(s.bob).eip712_domain().0;
    assert_eq!((fields.0, name.as_str(), version.as_str()), ([0x0f], "Ankr Staked AVAX", "1"));
    assert_eq!((contract, salt, extensions), (s.cert.address(), B256::ZERO, vec![]));
    let reported = alloy_sol_types::eip712_domain! {
        name: name,
        version: version,
        chain_id: u64::try_from(chain_id).unwrap(),
        verifying_contract: contract,
    };
    assert_eq!(reported.separator(), s.cert.sender(s.bob).domain_separator());
}

#[motsu::test]
fn pause_stops_transfers_minting_and_burning() {
    let s = suite();
    let alice = s.alice.address();
    s.mint(alice, ONE);
    s.cert.sender(s.admin).approve(alice, ONE).unwrap();
    s.cert.sender(s.admin).pause().unwrap();
    assert!(s.cert.sender(s.bob).paused());
    paused_err(s.cert.sender(alice).transfer(s.bob, U256::from(1)));
    paused_err(s.cert.sender(alice).transfer_from(s.admin, s.bob, U256::ZERO));
    paused_err(s.cert.sender(s.pool).mint(alice, U256::from(1)));
    paused_err(s.cert.sender(s.pool).burn(alice, U256::from(1)));
    assert_eq!(s.balance(alice), ONE);
    s.cert.sender(s.admin).unpause().unwrap();
    s.cert.sender(alice).transfer(s.bob, U256::from(1)).unwrap();
}

#[motsu::test]
fn set_pool_is_once_only_and_never_zero(cert: Contract<CertToken>, admin: Address, feed: Address, pool: Address) {
    cert.sender(admin).constructor(admin, feed).unwrap();
    let zero = cert.sender(admin).set_pool(Address::ZERO).motsu_res();
    assert!(matches!(zero, Err(Error::Gate(Failure(lst_app::Error::ZeroAddress {})))));
    cert.sender(admin).set_pool(pool).unwrap();
    cert.assert_emitted(&PoolSet { pool });
    match cert.sender(admin).set_pool(admin).motsu_res() {
        Err(Error::Gate(Failure(lst_app::Error::AlreadySet {}))) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(cert.sender(admin).pool(), pool);
}

#[motsu::test]
fn set_pauser_hands_over_pausing() {
    let s = suite();
    s.cert.sender(s.admin).set_pauser(s.bob).unwrap();
    s.cert.assert_emitted(&PauserChanged { previousPauser: s.admin, newPauser: s.bob });
    s.cert.sender(s.bob).pause().unwrap();
    unauthorized(s.cert.sender(s.admin).unpause(), s.admin);
    let again = s.cert.sender(s.bob).pause().motsu_res();
    assert!(matches!(
        again,
        Err(Error::Gate(Failure(lst_app::Error::EnforcedPause {} | lst_app::Error::ExpectedPause {})))
    ));
}

#[motsu::test]
fn every_privileged_function_refuses_every_other_role() {
    let s = suite();
    let alice = s.alice.address();
    for who in [s.admin, alice, s.bob] {
        unauthorized(s.cert.sender(who).mint(who, ONE), who);
        unauthorized(s.cert.sender(who).burn(who, U256::ZERO), who);
    }
    for who in [s.pool, alice, s.bob] {
        unauthorized(s.cert.sender(who).pause(), who);
        unauthorized(s.cert.sender(who).unpause(), who);
        unauthorized(s.cert.sender(who).set_pool(who), who);
        unauthorized(s.cert.sender(who).set_pauser(who), who);
        unauthorized(s.cert.sender(who).transfer_ownership(who), who);
        unauthorized(s.cert.sender(who).renounce_ownership(), who);
    }
    assert_eq!(s.cert.sender(s.bob).total_supply(), U256::ZERO);
    assert_eq!(s.cert.sender(s.bob).pauser(), s.admin);
}

#[motsu::test]
fn ownership_moves_in_two_steps() {
    let s = suite();
    s.cert.sender(s.admin).transfer_ownership(s.bob).unwrap();
    assert_eq!(s.cert.sender(s.bob).pending_owner(), s.bob);
    s.cert.sender(s.bob).accept_ownership().unwrap();
    assert_eq!(s.cert.sender(s.bob).owner(), s.bob);
}
