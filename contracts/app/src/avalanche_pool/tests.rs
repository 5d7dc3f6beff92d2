//! Every message of `AvalanchePool`, once for both platforms, on the
//! memory chain: the feed and the two tokens as scripted answers, AVAX as
//! the chain's balances.

use super::*;
use crate::memory::{abi_items, Answer, Chain, Changes, THIS};
use crate::operator::Store as _;
use crate::pausable::Store as _;
use alloc::collections::BTreeMap;
use alloc::vec;
use lst_core::queue::{QueueHeader, Request};

const E18: u128 = 1_000_000_000_000_000_000;
const DELAY: u64 = 48 * 3_600;
const ADMIN: Address = [1; 20];
const OPERATOR: Address = [2; 20];
const ALICE: Address = [0xA1; 20];
const BOB: Address = [0xB0; 20];
const FEED: Address = [0xFE; 20];
const CERT: Address = [0xCE; 20];
const BOND: Address = [0xB5; 20];
const TREASURY: Address = [0x7E; 20];
const DEPOSIT: Address = [0xDE; 20];
const ZERO: Address = [0; 20];
/// 0.9 ankrAVAX per AVAX.
const RATIO: u128 = 900_000_000_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    owner: Address,
    changes: Changes,
    pauser: Address,
    paused: bool,
    ledger: (U256, U256),
    min_stake: U256,
    fee_bps: u32,
    contracts: (Address, Address, Address),
    treasury: Address,
    deposit: Address,
    operator: Address,
    header: QueueHeader,
    requests: BTreeMap<RequestId, Request>,
    pending: BTreeMap<Address, U256>,
}

crate::memory::parts!(State: owner, changes, pause, operator);

type Pool = Chain<State>;

impl QueueStore for Pool {
    fn header(&self) -> QueueHeader {
        self.state.header
    }
    fn set_header(&mut self, header: QueueHeader) {
        self.state.header = header;
    }
    fn request(&self, id: RequestId) -> Option<Request> {
        self.state.requests.get(&id).copied()
    }
    fn set_request(&mut self, id: RequestId, request: Request) {
        self.state.requests.insert(id, request);
    }
    fn pending_of(&self, owner: &Address) -> U256 {
        self.state.pending.get(owner).copied().unwrap_or_default()
    }
    fn set_pending_of(&mut self, owner: &Address, assets: U256) {
        self.state.pending.insert(*owner, assets);
    }
}

impl Store for Pool {
    fn ledger(&self) -> PoolLedger {
        PoolLedger { pooled_assets: self.state.ledger.0, supply_shares: self.state.ledger.1 }
    }
    fn set_ledger(&mut self, ledger: PoolLedger) {
        self.state.ledger = (ledger.pooled_assets, ledger.supply_shares);
    }
    fn min_stake(&self) -> U256 {
        self.state.min_stake
    }
    fn set_min_stake(&mut self, min_stake: U256) {
        self.state.min_stake = min_stake;
    }
    fn fee_bps(&self) -> u32 {
        self.state.fee_bps
    }
    fn set_fee_bps(&mut self, fee_bps: u32) {
        self.state.fee_bps = fee_bps;
    }
    fn contracts(&self) -> (Address, Address, Address) {
        self.state.contracts
    }
    fn set_contracts(&mut self, feed: Address, cert: Address, bond: Address) {
        self.state.contracts = (feed, cert, bond);
    }
    fn treasury(&self) -> Address {
        self.state.treasury
    }
    fn set_treasury(&mut self, treasury: Address) {
        self.state.treasury = treasury;
    }
    fn deposit(&self) -> Address {
        self.state.deposit
    }
    fn set_deposit(&mut self, deposit: Address) {
        self.state.deposit = deposit;
    }
}

impl Payments for Pool {
    fn send(&mut self, to: Address, amount: U256, _pushed: bool) -> bool {
        Host::pay(self, to, amount)
    }
}

fn avax(n: u128) -> U256 {
    U256::from(n * E18)
}

/// A deployed pool: the feed answers 0.9, the tokens take mints and burns,
/// `OPERATOR` operates, `DEPOSIT` is the deposit address, Alice and Bob
/// hold 1,000 AVAX each.
fn pool() -> Pool {
    let mut c = Pool::at(1_700_000_000);
    c.state.owner = ADMIN;
    init(&mut c, ADMIN, (FEED, CERT, BOND), TREASURY, DELAY).unwrap();
    c.answer(FEED, "getRatioFor(address)", Answer::Words(vec![U256::from(RATIO)]));
    c.answer(FEED, "updateRatio(address,uint256)", Answer::Words(vec![]));
    for signature in ["mint(address,uint256)", "burn(address,uint256)"] {
        c.answer(CERT, signature, Answer::Words(vec![]));
    }
    for signature in ["mintShares(address,uint256)", "burnShares(address,uint256)"] {
        c.answer(BOND, signature, Answer::Words(vec![]));
    }
    c.call(ADMIN, |c| operator::set_operator(c, OPERATOR)).unwrap();
    c.call(ADMIN, |c| set_deposit_address(c, DEPOSIT)).unwrap();
    // The deposit address's validators can take 1,000 AVAX at once.
    c.answer(DEPOSIT, "stakeRoom()", Answer::Words(vec![avax(1_000)]));
    c.fund(ALICE, avax(1_000));
    c.fund(BOB, avax(1_000));
    c
}

/// Alice staked 10 AVAX for 9 ankrAVAX.
fn staked() -> Pool {
    let mut c = pool();
    c.send(ALICE, avax(10), |c| stake(c, false)).unwrap();
    c
}

/// Alice asked for 9 ankrAVAX back: request 1 for 10 AVAX, pending.
fn queued() -> Pool {
    let mut c = staked();
    c.call(ALICE, |c| claim_certs(c, avax(9))).unwrap();
    c
}

fn call(to: Address, signature: &str, words: &[&dyn crate::abi::Word]) -> crate::abi::Call {
    let mut call = crate::abi::Call::new(to, crate::abi::selector(signature));
    for word in words {
        call.input.extend_from_slice(&word.word());
    }
    call
}

// --- deployment ---

#[test]
fn deployment_sets_the_defaults_and_the_admins_roles() {
    let mut c = Pool::at(0);
    c.state.owner = ADMIN;
    init(&mut c, ADMIN, (FEED, CERT, BOND), TREASURY, DELAY).unwrap();
    assert_eq!((c.operator(), c.pauser(), c.deposit(), c.treasury()), (ADMIN, ADMIN, ZERO, TREASURY));
    assert_eq!((c.min_stake(), c.fee_bps()), (avax(1), 1_000));
}

#[test]
fn a_zero_contract_or_treasury_is_zero_address() {
    for (contracts, treasury) in [
        ((ZERO, CERT, BOND), TREASURY),
        ((FEED, ZERO, BOND), TREASURY),
        ((FEED, CERT, ZERO), TREASURY),
        ((FEED, CERT, BOND), ZERO),
    ] {
        let mut c = Pool::at(0);
        c.assert_refused(Error::ZeroAddress {}, |c| init(c, ADMIN, contracts, treasury, DELAY));
    }
}

// --- staking ---

#[test]
fn staking_for_certificates_mints_the_shares_at_the_ratio() {
    let c = staked();
    assert!(c.called(&call(CERT, "mint(address,uint256)", &[&ALICE, &avax(9)])));
    assert_eq!(c.ledger(), PoolLedger { pooled_assets: avax(10), supply_shares: avax(9) });
    assert_eq!(c.balance(THIS), avax(10));
    assert!(c.emitted(&StakePendingV2 { staker: ALICE, isRebasing: false, amount: avax(10) }));
}

#[test]
fn staking_for_bonds_mints_bond_shares() {
    let mut c = pool();
    c.send(ALICE, avax(10), |c| stake(c, true)).unwrap();
    assert!(c.called(&call(BOND, "mintShares(address,uint256)", &[&ALICE, &avax(9)])));
    assert!(c.emitted(&StakePendingV2 { staker: ALICE, isRebasing: true, amount: avax(10) }));
}

#[test]
fn a_stake_below_the_minimum_is_stake_below_minimum() {
    let mut c = pool();
    c.assert_refused(CoreError::StakeBelowMinimum, |c| c.send(ALICE, avax(1) / U256::from(2u8), |c| stake(c, false)));
}

#[test]
fn staking_while_paused_is_enforced_pause() {
    let mut c = pool();
    c.state.paused = true;
    c.assert_refused(Error::EnforcedPause {}, |c| c.send(ALICE, avax(10), |c| stake(c, false)));
}

#[test]
fn a_tokens_refusal_to_mint_passes_on() {
    let mut c = pool();
    let revert = Error::EnforcedPause {}.encode();
    c.answer(CERT, "mint(address,uint256)", Answer::Revert(revert.clone()));
    c.assert_refused(Error::Revert(revert), |c| c.send(ALICE, avax(10), |c| stake(c, false)));
}

// --- unstaking and the queue ---

#[test]
fn claiming_certificates_burns_them_and_queues_their_avax() {
    let c = queued();
    assert!(c.called(&call(CERT, "burn(address,uint256)", &[&ALICE, &avax(9)])));
    assert_eq!(claim_status(&c, U256::from(1u8)), (ALICE, avax(10), RequestStatus::Pending as u8));
    assert_eq!(c.pending_of(&ALICE), avax(10));
    assert!(c.emitted(&ClaimRequested { requestId: U256::from(1u8), claimer: ALICE, amount: avax(10) }));
}

#[test]
fn claiming_bonds_burns_the_shares_worth_the_amount() {
    let mut c = pool();
    c.send(ALICE, avax(10), |c| stake(c, true)).unwrap();
    c.call(ALICE, |c| claim_bonds(c, avax(10))).unwrap();
    assert!(c.called(&call(BOND, "burnShares(address,uint256)", &[&ALICE, &avax(9)])));
    assert!(c.emitted(&AvaxClaimPendingV2 { claimer: ALICE, isRebasing: true, amount: avax(10) }));
}

#[test]
fn the_operator_serves_and_the_owner_withdraws() {
    let mut c = queued();
    c.call(OPERATOR, |c| serve_claims(c, U256::from(1u8))).unwrap();
    assert_eq!(claim_status(&c, U256::from(1u8)).2, RequestStatus::Claimable as u8);
    let before = c.balance(ALICE);
    c.call(ALICE, |c| withdraw_claim(c, U256::from(1u8))).unwrap();
    assert_eq!(c.balance(ALICE), before + avax(10));
    assert_eq!(claim_status(&c, U256::from(1u8)).2, RequestStatus::Claimed as u8);
}

#[test]
fn serving_by_anyone_but_the_operator_is_unauthorized() {
    let mut c = queued();
    c.assert_refused(Error::Unauthorized { account: ALICE }, |c| c.call(ALICE, |c| serve_claims(c, U256::from(1u8))));
}

#[test]
fn withdrawing_a_pending_request_is_refused_by_the_core() {
    let mut c = queued();
    c.assert_refused(CoreError::RequestNotClaimable, |c| c.call(ALICE, |c| withdraw_claim(c, U256::from(1u8))));
}

#[test]
fn a_refused_withdrawal_is_transfer_failed_and_the_request_stays_claimable() {
    let mut c = queued();
    c.call(OPERATOR, |c| serve_claims(c, U256::from(1u8))).unwrap();
    c.refusing.insert(ALICE);
    c.assert_refused(Error::TransferFailed { to: ALICE, amount: avax(10) }, |c| {
        c.call(ALICE, |c| withdraw_claim(c, U256::from(1u8)))
    });
}

#[test]
fn pushing_pays_claimable_requests_and_skips_a_refusing_owner() {
    let mut c = queued();
    c.send(BOB, avax(10), |c| stake(c, false)).unwrap();
    c.call(BOB, |c| claim_certs(c, avax(9))).unwrap();
    c.call(OPERATOR, |c| serve_claims(c, U256::from(2u8))).unwrap();
    c.refusing.insert(BOB);
    assert_eq!(c.call(OPERATOR, |c| push_claims(c, U256::from(1u8), U256::from(5u8))), Ok(U256::from(1u8)));
    assert!(c.emitted(&ClaimPushFailed { requestId: U256::from(2u8), claimer: BOB }));
    assert_eq!(claim_status(&c, U256::from(2u8)).2, RequestStatus::Claimable as u8);
}

#[test]
fn a_push_batch_over_the_bound_is_batch_too_large() {
    let mut c = queued();
    let expected = Error::BatchTooLarge { max: U256::from(MAX_PUSH_BATCH) };
    c.assert_refused(expected, |c| {
        c.call(OPERATOR, |c| push_claims(c, U256::from(1u8), U256::from(MAX_PUSH_BATCH + 1)))
    });
}

// --- the deposit address ---

#[test]
fn the_operator_collects_stakes_for_the_deposit_address() {
    let mut c = staked();
    c.call(OPERATOR, |c| collect_stakes(c, avax(10))).unwrap();
    assert_eq!((c.balance(DEPOSIT), c.balance(THIS)), (avax(10), U256::ZERO));
    assert!(c.emitted(&StakesCollected { depositAddress: DEPOSIT, amount: avax(10) }));
}

#[test]
fn collecting_what_the_queue_needs_is_insufficient_funding() {
    let mut c = queued();
    c.assert_refused(CoreError::InsufficientFunding, |c| c.call(OPERATOR, |c| collect_stakes(c, avax(1))));
}

#[test]
fn collecting_more_than_the_validators_can_take_is_collect_above_room() {
    let mut c = staked();
    c.answer(DEPOSIT, "stakeRoom()", Answer::Words(vec![avax(4)]));
    assert_eq!(collectable_stakes(&c), Ok(avax(4)));
    c.assert_refused(CoreError::CollectAboveRoom, |c| c.call(OPERATOR, |c| collect_stakes(c, avax(5))));
    c.call(OPERATOR, |c| collect_stakes(c, avax(4))).unwrap();
}

#[test]
fn the_collectable_stakes_are_the_free_balance_within_the_validators_room() {
    let c = staked();
    assert_eq!(collectable_stakes(&c), Ok(c.balance(THIS)));
    let mut unset = pool();
    unset.state.deposit = [0; 20];
    assert_eq!(collectable_stakes(&unset), Ok(U256::ZERO));
}

#[test]
fn a_deposit_address_that_cannot_say_its_room_passes_its_revert_on() {
    let mut c = staked();
    c.answer(DEPOSIT, "stakeRoom()", Answer::Revert(vec![0xde, 0xad]));
    c.assert_refused(Error::Revert(vec![0xde, 0xad]), |c| c.call(OPERATOR, |c| collect_stakes(c, avax(1))));
}

#[test]
fn collecting_nothing_is_zero_amount() {
    let mut c = staked();
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(OPERATOR, |c| collect_stakes(c, U256::ZERO)));
}

#[test]
fn only_the_deposit_address_pays_back_or_reports() {
    let mut c = staked();
    c.assert_refused(Error::Unauthorized { account: ALICE }, |c| c.call(ALICE, on_staking_payment));
    c.assert_refused(Error::Unauthorized { account: ALICE }, |c| c.call(ALICE, |c| report_rewards(c, avax(1))));
    assert_eq!(c.call(DEPOSIT, on_staking_payment), Ok(()));
}

#[test]
fn a_reward_report_moves_the_ratio_and_mints_the_fee() {
    let mut c = staked();
    c.call(DEPOSIT, |c| report_rewards(c, avax(1))).unwrap();
    let reported = c.logs.last().cloned().unwrap();
    assert_eq!(reported.topics()[0], crate::abi::keccak("RewardsReported(uint256,uint256,uint256,uint256)"));
    assert_eq!(c.ledger().pooled_assets, avax(11));
    assert!(c.calls.iter().any(|k| k.to == FEED));
    assert!(c.calls.iter().any(|k| k.to == CERT && k.input[16..36] == TREASURY));
}

#[test]
fn a_zero_report_is_zero_amount() {
    let mut c = staked();
    c.assert_refused(CoreError::ZeroAmount, |c| c.call(DEPOSIT, |c| report_rewards(c, U256::ZERO)));
}

// --- the owner ---

#[test]
fn a_lower_fee_applies_at_once_and_a_higher_one_is_scheduled() {
    let mut c = pool();
    c.call(ADMIN, |c| set_fee_bps(c, 500)).unwrap();
    assert_eq!(c.fee_bps(), 500);
    c.call(ADMIN, |c| set_fee_bps(c, 2_000)).unwrap();
    assert_eq!(c.fee_bps(), 500);
    c.advance(DELAY);
    c.call(ADMIN, |c| set_fee_bps(c, 2_000)).unwrap();
    assert_eq!(c.fee_bps(), 2_000);
}

#[test]
fn a_fee_over_half_is_fee_too_high() {
    let mut c = pool();
    c.assert_refused(CoreError::FeeTooHigh, |c| c.call(ADMIN, |c| set_fee_bps(c, 5_001)));
}

#[test]
fn the_first_deposit_address_applies_at_once_and_a_new_one_is_scheduled() {
    let mut c = pool();
    c.call(ADMIN, |c| set_deposit_address(c, BOB)).unwrap();
    assert_eq!(c.deposit(), DEPOSIT);
    c.advance(DELAY);
    c.call(ADMIN, |c| set_deposit_address(c, BOB)).unwrap();
    assert_eq!(c.deposit(), BOB);
}

#[test]
fn a_new_treasury_is_scheduled() {
    let mut c = pool();
    c.call(ADMIN, |c| set_treasury(c, BOB)).unwrap();
    assert_eq!(c.treasury(), TREASURY);
    c.advance(DELAY);
    c.call(ADMIN, |c| set_treasury(c, BOB)).unwrap();
    assert!(c.emitted(&TreasuryChanged { previousTreasury: TREASURY, newTreasury: BOB }));
}

#[test]
fn a_minimum_stake_of_part_of_an_avax_is_refused_by_the_core() {
    let mut c = pool();
    c.assert_refused(CoreError::StakeNotWholeUnits, |c| c.call(ADMIN, |c| set_min_stake(c, avax(3) / U256::from(2u8))));
}

#[test]
fn every_owner_message_refuses_every_other_account() {
    let mut c = pool();
    let refused = Error::OwnableUnauthorizedAccount { account: ALICE };
    c.assert_refused(refused.clone(), |c| c.call(ALICE, |c| set_min_stake(c, avax(2))));
    c.assert_refused(refused.clone(), |c| c.call(ALICE, |c| set_fee_bps(c, 1)));
    c.assert_refused(refused.clone(), |c| c.call(ALICE, |c| operator::set_operator(c, ALICE)));
    c.assert_refused(refused.clone(), |c| c.call(ALICE, |c| pausable::set_pauser_non_zero(c, ALICE)));
    c.assert_refused(refused.clone(), |c| c.call(ALICE, |c| set_treasury(c, ALICE)));
    c.assert_refused(refused, |c| c.call(ALICE, |c| set_deposit_address(c, ALICE)));
}

#[test]
fn a_zero_role_is_zero_address() {
    let mut c = pool();
    for message in [
        operator::set_operator::<Pool>,
        pausable::set_pauser_non_zero::<Pool>,
        set_treasury::<Pool>,
        set_deposit_address::<Pool>,
    ] {
        c.assert_refused(Error::ZeroAddress {}, |c| c.call(ADMIN, |c| message(c, ZERO)));
    }
}

#[test]
fn the_events_and_errors_are_the_abis() {
    let events = abi_items("AvalanchePool", "event");
    for signature in [
        <StakePendingV2 as crate::abi::Event>::SIGNATURE,
        <AvaxClaimPendingV2 as crate::abi::Event>::SIGNATURE,
        <ClaimRequested as crate::abi::Event>::SIGNATURE,
        <ClaimsServed as crate::abi::Event>::SIGNATURE,
        <ClaimWithdrawn as crate::abi::Event>::SIGNATURE,
        <ClaimPushFailed as crate::abi::Event>::SIGNATURE,
        <StakesCollected as crate::abi::Event>::SIGNATURE,
        <RewardsReported as crate::abi::Event>::SIGNATURE,
        <MinStakeChanged as crate::abi::Event>::SIGNATURE,
        <FeeChanged as crate::abi::Event>::SIGNATURE,
        <operator::OperatorChanged as crate::abi::Event>::SIGNATURE,
        <TreasuryChanged as crate::abi::Event>::SIGNATURE,
        <DepositAddressChanged as crate::abi::Event>::SIGNATURE,
    ] {
        assert!(events.iter().any(|e| e == signature), "AvalanchePool declares {signature}");
    }
    let errors = abi_items("AvalanchePool", "error");
    for error in [Error::BatchTooLarge { max: U256::ZERO }, Error::TransferFailed { to: ZERO, amount: U256::ZERO }] {
        let signature = error.signature().unwrap();
        assert!(errors.iter().any(|e| e == signature), "AvalanchePool declares {signature}");
    }
}
