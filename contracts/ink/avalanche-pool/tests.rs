//! What is ink!'s own in the pool (every message's behaviour and refusal
//! is tested once, in `lst_app::avalanche_pool`): the messages reach the
//! app layer, the logs are those of the `#[ink(event)]` declarations
//! cargo-contract lists, refusals revert with the ABI's error data, and
//! the settings and the queue read back from their storage. The feed and
//! the tokens are other contracts, which a unit test has none of (their
//! views revert with no data here); the scenarios and the fuzzer stake,
//! serve and pay on the chain.

use crate::avalanche_pool::*;
use crate::MAX_PUSH_BATCH;
use ink::{Address, U256};
use lst_core::{timelock::DEFAULT_CHANGE_DELAY_SECS as DELAY, CoreError};
use lst_ink_common::{
    ownable::OwnershipTransferred,
    pausable::{Paused, PauserChanged},
    testing::{account, assert_logged, call_as, revert_data, set_time},
    Error,
};

fn admin() -> Address {
    account(1)
}
fn alice() -> Address {
    account(3)
}
fn deposit() -> Address {
    account(5)
}

fn pool() -> AvalanchePool {
    set_time(1_000_000);
    call_as(admin());
    let mut p = AvalanchePool::new(admin(), account(10), account(11), account(12), account(13), DELAY).unwrap();
    p.set_deposit_address(deposit()).unwrap();
    p
}

#[ink::test]
fn deployment_sets_the_defaults_and_logs_the_declared_events() {
    let p = pool();
    assert_eq!((p.owner(), p.operator(), p.pauser()), (admin(), admin(), admin()));
    assert_eq!((p.fee_bps(), p.min_stake()), (1_000, U256::from(1_000_000_000_000_000_000u128)));
    assert_eq!(p.contracts(), (account(10), account(11), account(12)));
    assert_eq!((p.treasury(), p.deposit_address()), (account(13), deposit()));
    assert_eq!((p.queue_bounds(), p.owed_to_queue(), p.total_shares()), ((1, 0, 0), U256::zero(), U256::zero()));
    assert_logged(OwnershipTransferred { previousOwner: Address::zero(), newOwner: admin() });
    assert_logged(DepositAddressChanged { previousDeposit: Address::zero(), newDeposit: deposit() });
}

#[ink::test]
fn the_owners_settings_log_the_declared_events() {
    let mut p = pool();
    p.set_fee_bps(500).unwrap();
    assert_logged(FeeChanged { oldFeeBps: U256::from(1_000), newFeeBps: U256::from(500) });
    p.set_min_stake(U256::from(2_000_000_000_000_000_000u128)).unwrap();
    assert_logged(MinStakeChanged {
        oldMinStake: U256::from(1_000_000_000_000_000_000u128),
        newMinStake: U256::from(2_000_000_000_000_000_000u128),
    });
    p.set_operator(alice()).unwrap();
    assert_logged(OperatorChanged { previousOperator: admin(), newOperator: alice() });
    p.set_pauser(alice()).unwrap();
    assert_logged(PauserChanged { previousPauser: admin(), newPauser: alice() });
    call_as(alice());
    p.pause().unwrap();
    assert_logged(Paused { account: alice() });
    assert!(p.paused());
}

#[ink::test]
fn refusals_revert_with_the_abis_error_data() {
    let mut p = pool();
    call_as(alice());
    assert_eq!(
        revert_data(p.serve_claims(U256::one()).unwrap_err()),
        Error::Unauthorized { account: alice() }.encode()
    );
    assert_eq!(revert_data(p.on_staking_payment().unwrap_err()), Error::Unauthorized { account: alice() }.encode());
    let refused = p.set_fee_bps(1).unwrap_err();
    assert_eq!(revert_data(refused), Error::OwnableUnauthorizedAccount { account: alice() }.encode());
    assert_eq!(revert_data(p.withdraw_claim(U256::one()).unwrap_err()), CoreError::RequestNotFound.selector().to_vec());
    call_as(admin());
    let refused = p.push_claims(U256::one(), U256::from(MAX_PUSH_BATCH + 1)).unwrap_err();
    assert_eq!(revert_data(refused), Error::BatchTooLarge { max: U256::from(MAX_PUSH_BATCH) }.encode());
    assert_eq!(revert_data(p.collect_stakes(U256::zero()).unwrap_err()), CoreError::ZeroAmount.selector().to_vec());
    assert_eq!(revert_data(p.set_fee_bps(5_001).unwrap_err()), CoreError::FeeTooHigh.selector().to_vec());
}

#[ink::test]
fn a_zero_address_refuses_the_deployment() {
    call_as(admin());
    let refused = AvalanchePool::new(admin(), Address::zero(), account(11), account(12), account(13), DELAY).err();
    assert_eq!(refused.map(revert_data), Some(Error::ZeroAddress {}.encode()));
}

#[ink::test]
fn staking_passes_the_feeds_revert_on() {
    let mut p = pool();
    assert_eq!(p.stake_and_claim_certs().map_err(revert_data), Err(Vec::new()));
    assert_eq!(p.total_pooled_avax(), U256::zero());
}

#[ink::test]
fn the_deposit_address_pays_back_and_an_unknown_request_reads_as_nothing() {
    let mut p = pool();
    call_as(deposit());
    assert_eq!(p.on_staking_payment(), Ok(()));
    assert_eq!(p.claim_status(U256::from(7)), (Address::zero(), U256::zero(), 0));
    assert_eq!(p.pending_avax_claims_of(alice()), U256::zero());
}
