//! What is ink!'s own in the pool (every message's behaviour and refusal
//! is tested once, in `lst_app::polkadot_pool`, with claims signed by a
//! real key): the messages reach the app layer, the logs are those of the
//! `#[ink(event)]` declarations cargo-contract lists, refusals revert with
//! the ABI's error data, the claim domain is ink!'s chain id and contract
//! address, and the claim bitmap reads what it stores. A bond token is
//! another contract, which a unit test has none of (its views revert with
//! no data here); the scenarios and the fuzzer claim and burn on the chain.

use crate::polkadot_pool::*;
use ink::{sol::DynBytes, Address, U256};
use lst_core::{claim, timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY, CoreError};
use lst_ink_common::{
    address_bytes,
    ownable::OwnershipTransferred,
    pausable::{Paused, PauserChanged},
    selector,
    testing::{account, assert_logged, call_as, revert_data, set_time},
    timelock::{self, ChangeScheduled},
    Bytes32, Crypto, Error,
};

const START: u64 = 1_000_000;

fn admin() -> Address {
    account(1)
}
fn notary() -> Address {
    account(2)
}
fn stranger() -> Address {
    account(4)
}
fn bond() -> Address {
    account(20)
}

fn pool() -> PolkadotPool {
    set_time(START);
    call_as(admin());
    PolkadotPool::new(admin(), notary(), DELAY).unwrap()
}

#[ink::test]
fn deployment_makes_the_admin_owner_operator_and_pauser() {
    let pool = pool();
    assert_eq!((pool.owner(), pool.operator(), pool.pauser(), pool.notary()), (admin(), admin(), admin(), notary()));
    assert_eq!((pool.paused(), pool.change_delay()), (false, U256::from(DELAY)));
    assert_logged(OwnershipTransferred { previousOwner: Address::zero(), newOwner: admin() });
}

#[ink::test]
fn role_changes_log_the_declared_events() {
    let mut pool = pool();
    pool.set_operator(stranger()).unwrap();
    assert_logged(OperatorChanged { previousOperator: admin(), newOperator: stranger() });
    pool.set_pauser(stranger()).unwrap();
    assert_logged(PauserChanged { previousPauser: admin(), newPauser: stranger() });
    call_as(stranger());
    pool.pause().unwrap();
    assert_logged(Paused { account: stranger() });
    assert!(pool.paused());
}

#[ink::test]
fn a_new_notary_is_scheduled_then_applies_with_the_declared_events() {
    let mut pool = pool();
    pool.set_notary(stranger()).unwrap();
    let key = timelock::key(selector!("setNotary(address)"), Address::zero());
    let (value, at) = pool.pending_change(key);
    assert_logged(ChangeScheduled { key, value, executableAt: at });
    set_time(START + DELAY);
    pool.set_notary(stranger()).unwrap();
    assert_logged(NotaryChanged { previousNotary: notary(), newNotary: stranger() });
    assert_eq!(pool.notary(), stranger());
}

#[ink::test]
fn refusals_revert_with_the_abis_error_revert_data() {
    let mut pool = pool();
    call_as(stranger());
    let refused = pool.set_notary(stranger()).unwrap_err();
    assert_eq!(revert_data(refused), Error::OwnableUnauthorizedAccount { account: stranger() }.encode());
    let refused = pool.register_bond(bond(), U256::one(), U256::one()).unwrap_err();
    assert_eq!(revert_data(refused), Error::Unauthorized { account: stranger() }.encode());
    let refused = pool.burn_bond(bond(), U256::one(), DynBytes(vec![7; 32])).unwrap_err();
    assert_eq!(revert_data(refused), Error::UnknownBond { bond: bond() }.encode());
    let refused = pool.cancel_change(Bytes32::from([1; 32])).unwrap_err();
    assert_eq!(revert_data(refused), Error::Unauthorized { account: stranger() }.encode());
    call_as(admin());
    let refused = pool.cancel_change(Bytes32::from([1; 32])).unwrap_err();
    assert_eq!(revert_data(refused), CoreError::NoChangePending.selector().to_vec());
    let refused = pool.set_pauser(Address::zero()).unwrap_err();
    assert_eq!(revert_data(refused), Error::ZeroAddress {}.encode());
}

#[ink::test]
fn a_zero_notary_refuses_the_deployment() {
    call_as(admin());
    let refused = PolkadotPool::new(admin(), Address::zero(), DELAY).err().unwrap();
    assert_eq!(revert_data(refused), Error::ZeroAddress {}.encode());
}

#[ink::test]
fn registering_passes_the_bonds_revert_on() {
    let mut pool = pool();
    assert_eq!(pool.register_bond(bond(), U256::one(), U256::one()).map_err(revert_data), Err(Vec::new()));
    assert!(!pool.is_bond_registered(bond()));
}

#[ink::test]
fn the_claim_domain_is_this_chains_and_contracts() {
    let pool = pool();
    let expected = claim::domain_separator(&Crypto, 1, &address_bytes(ink::env::test::callee()));
    assert_eq!(pool.domain_separator().0, expected);
    let (_, name, version, chain_id, contract, _, _) = pool.eip712_domain().0;
    assert_eq!((name.as_str(), version.as_str()), (claim::DOMAIN_NAME, claim::DOMAIN_VERSION));
    assert_eq!((chain_id, contract), (U256::from(1), ink::env::test::callee()));
}

#[ink::test]
fn the_claim_bitmap_reads_what_it_stores() {
    use lst_app::polkadot_pool::Store as _;
    let mut pool = pool();
    for id in [0u64, 1, 255, 256, 1_000_000] {
        assert!(!pool.is_claim_used(U256::from(id)));
        pool.use_claim(lst_app::U256::from(id));
        assert!(pool.is_claim_used(U256::from(id)));
    }
    assert!(!pool.is_claim_used(U256::from(2)));
}
