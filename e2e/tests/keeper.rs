//! The keeper against the devnode over JSON-RPC: every round it unlocks
//! delegated stake ahead of the queue's needs, brings back what is
//! withdrawable, and has the delegator report the measured rewards; at the
//! period's end it serves the queue in FIFO order from the pool's balance,
//! pushes the AVAX out and collects the rest — and a restart never does any
//! of it twice.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, missing_docs)]

mod suite;

use alloy::{primitives::U256, sol_types::SolEvent};
use lst_backend::{
    db::Db,
    keeper::{Action, EpochDuty, Keeper, KeeperConfig, SuccessPlan, SyncConfig, PROPOSALS_PER_EPOCH},
};
use lst_client::{
    abi::{IAvalanchePool as Pool, ICertToken as Cert, IRateProvider as Feed, IStaking as Staking},
    Chain, ChainExt,
};
use std::time::Duration;
use suite::{avax, Suite};

const DAY: u64 = 24 * 60 * 60;

fn config() -> KeeperConfig {
    KeeperConfig {
        period_secs: DAY,
        report_rewards: true,
        push_claims: true,
        epochs: None,
        dry_run: false,
        sync: SyncConfig { backoff: Duration::from_millis(1), ..SyncConfig::default() },
        // One collection per period: the amounts these tests name.
        collect_parts: 1,
    }
}

/// Alice, bob and carol stake 10 AVAX each for ankrAVAX, then unstake 3, 2
/// and 1 (requests 1, 2, 3).
fn queue_three(s: &mut Suite) {
    let pool = s.addr("AvalanchePool");
    for user in 5..8 {
        assert!(s.chain.exec(s.accounts[user], pool, avax(10), Pool::stakeAndClaimCertsCall {}).unwrap().success);
    }
    for (user, n) in [(5, 3), (6, 2), (7, 1)] {
        s.chain.ok(s.accounts[user], pool, Pool::claimCertsCall { shares: avax(n) }).unwrap();
    }
}

fn tick(s: &Suite, db: &Db, config: KeeperConfig) -> Vec<Action> {
    let mut chain = s.client();
    let mut keeper = Keeper::new(&mut chain, db, s.operator(), &s.m, config).unwrap();
    keeper.tick().unwrap()
}

/// Starts the keeper's clock (its first round sets the period's end).
fn start(s: &Suite, db: &Db, config: KeeperConfig) {
    assert_eq!(tick(s, db, config), vec![]);
}

#[test]
fn nothing_is_sent_before_the_period_ends() {
    let mut s = Suite::deploy("early");
    let db = Db::in_memory().unwrap();
    start(&s, &db, config());
    queue_three(&mut s);
    s.chain.advance_time(DAY - 10).unwrap();
    let block = s.chain.block_number().unwrap();
    assert_eq!(tick(&s, &db, config()), vec![]);
    assert_eq!(s.chain.block_number().unwrap(), block);
}

#[test]
fn at_the_period_end_the_queue_is_served_from_the_pool_and_paid_in_fifo_order() {
    let mut s = Suite::deploy("fifo");
    let db = Db::in_memory().unwrap();
    start(&s, &db, config());
    queue_three(&mut s);
    let pool = s.addr("AvalanchePool");
    let users: Vec<_> = (5..8).map(|u| s.accounts[u]).collect();
    let before: Vec<U256> = users.iter().map(|&u| s.chain.balance(u).unwrap()).collect();
    let from = s.chain.block_number().unwrap();
    s.chain.advance_time(DAY).unwrap();

    let actions = tick(&s, &db, config());
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 3 }, "the stakes cover it");
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 3, paid: Some(3) });
    assert_eq!(actions[2], Action::Collected { amount: avax(30 - 6) });

    let paid: Vec<(U256, U256)> = s
        .chain
        .logs(pool, from)
        .unwrap()
        .iter()
        .filter_map(|l| Pool::ClaimWithdrawn::decode_log_data(&l.data).ok())
        .map(|e| (e.requestId, e.amount))
        .collect();
    assert_eq!(paid, vec![(U256::from(1), avax(3)), (U256::from(2), avax(2)), (U256::from(3), avax(1))]);
    for (i, (&u, b)) in users.iter().zip(before).enumerate() {
        assert_eq!(s.chain.balance(u).unwrap() - b, avax([3, 2, 1][i]));
    }
    assert_eq!(s.chain.view(pool, Pool::collectableStakesCall {}).unwrap(), U256::ZERO);
    let staked = s.chain.view(s.addr("Staking"), Staking::getStakeCall { pool: s.addr("StakeAccount1") }).unwrap();
    assert_eq!(staked._0, avax(24), "the first validator staked what was collected");
}

#[test]
fn without_pushing_the_served_requests_wait_claimable_for_their_owners() {
    let mut s = Suite::deploy("no-push");
    let db = Db::in_memory().unwrap();
    let cfg = KeeperConfig { push_claims: false, ..config() };
    start(&s, &db, cfg);
    queue_three(&mut s);
    let pool = s.addr("AvalanchePool");
    s.chain.advance_time(DAY).unwrap();

    let actions = tick(&s, &db, cfg);
    assert_eq!(actions, vec![Action::Served { first: 1, up_to: 3 }, Action::Collected { amount: avax(30 - 6) }]);
    for id in 1..=3u64 {
        let status = s.chain.view(pool, Pool::claimStatusCall { requestId: U256::from(id) }).unwrap();
        assert_eq!(status._2, 2, "request {id} is claimable, not paid");
    }
    let alice = s.accounts[5];
    let before = s.chain.balance(alice).unwrap();
    s.chain.ok(alice, pool, Pool::withdrawClaimCall { requestId: U256::from(1) }).unwrap();
    assert!(s.chain.balance(alice).unwrap() > before, "the owner withdraws it herself");
}

#[test]
fn delegated_stake_is_unlocked_for_the_queue_withdrawn_and_served() {
    let mut s = Suite::deploy("unlock");
    let db = Db::in_memory().unwrap();
    let pool = s.addr("AvalanchePool");
    start(&s, &db, config());
    for user in 5..8 {
        assert!(s.chain.exec(s.accounts[user], pool, avax(10), Pool::stakeAndClaimCertsCall {}).unwrap().success);
    }
    s.chain.advance_time(DAY).unwrap();
    // Period 1: nothing queued, every stake collected (and delegated).
    assert_eq!(tick(&s, &db, config()), vec![Action::Collected { amount: avax(30) }]);
    // Two requests, and 1 AVAX staked meanwhile stays in the pool: the
    // keeper unlocks what the pool's balance lacks, at once.
    for (user, n) in [(5, 4), (6, 2)] {
        s.chain.ok(s.accounts[user], pool, Pool::claimCertsCall { shares: avax(n) }).unwrap();
    }
    assert!(s.chain.exec(s.accounts[7], pool, avax(1), Pool::stakeAndClaimCertsCall {}).unwrap().success);
    assert_eq!(tick(&s, &db, config()), vec![Action::Unlocked { amount: avax(6 - 1) }]);
    // The delegator's stake pool validates for nobody, so its lockup is
    // over: the next round brings the stake back, and unlocks nothing more.
    assert_eq!(tick(&s, &db, config()), vec![Action::Withdrawn { amount: Some(avax(5)) }]);
    assert_eq!(s.chain.balance(pool).unwrap(), avax(6));
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, config());
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 2 });
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 2, paid: Some(2) });
    assert_eq!(s.chain.balance(pool).unwrap(), U256::ZERO, "everything paid out, nothing left over");
}

#[test]
fn measured_rewards_are_reported_once_the_validator_earns_them() {
    let mut s = Suite::deploy("rewards");
    let db = Db::in_memory().unwrap();
    let (feed, cert, staking, delegator) =
        (s.addr("RateProvider"), s.addr("ankrAVAX"), s.addr("Staking"), s.addr("StakeAccount1"));
    let cfg = KeeperConfig {
        epochs: Some(EpochDuty {
            report_as: Some((s.m.roles.oracle, SuccessPlan::all(8_000))),
            join_as: Some(s.m.roles.validator_operator(0)),
        }),
        ..config()
    };
    start(&s, &db, cfg);
    queue_three(&mut s);
    // The period ends: the queue is served and the rest collected (staked).
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, cfg);
    assert!(actions.contains(&Action::Collected { amount: avax(24) }), "{actions:?}");
    // The keeper joins the stake pool as its validator; an epoch activates it.
    s.chain.advance_time(HOUR + 1).unwrap();
    let actions = tick(&s, &db, cfg);
    assert_eq!(actions[0], Action::Joined);
    assert_eq!(s.chain.view(staking, Staking::stakePoolCall { pool: delegator }).unwrap()._0, 2);
    // An epoch at 80%: the reward is measured and reported, fee taken.
    s.chain.advance_time(HOUR + 1).unwrap();
    let actions = tick(&s, &db, cfg);
    let reward = avax(24) * U256::from(913 * 8) / U256::from(1_000_000_000u64);
    assert!(actions.contains(&Action::Reported { rewards: reward, carried: U256::ZERO }), "{actions:?}");
    assert!(s.chain.view(feed, Feed::getRatioForCall { token: cert }).unwrap() < U256::from(suite::AVAX));
    let treasury = s.chain.view(cert, Cert::balanceOfCall { account: s.accounts[3] }).unwrap();
    assert!(treasury > U256::ZERO, "the fee went to the treasury");
    // Within the feed's interval nothing more is reported.
    s.chain.advance_time(HOUR + 1).unwrap();
    let actions = tick(&s, &db, cfg);
    assert!(!actions.iter().any(|a| matches!(a, Action::Reported { .. })), "{actions:?}");
}

#[test]
fn collected_in_one_part_per_validator_the_stakes_spread_over_the_set() {
    let mut s = Suite::deploy("spread");
    let db = Db::in_memory().unwrap();
    let cfg = KeeperConfig { collect_parts: 0, ..config() };
    start(&s, &db, cfg);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    let collected: Vec<Action> =
        tick(&s, &db, cfg).into_iter().filter(|a| matches!(a, Action::Collected { .. })).collect();
    assert_eq!(collected, vec![Action::Collected { amount: avax(8) }; 3]);
    for name in ["StakeAccount1", "StakeAccount2", "StakeAccount3"] {
        let staked = s.chain.view(s.addr("Staking"), Staking::getStakeCall { pool: s.addr(name) }).unwrap();
        assert_eq!(staked._0, avax(8), "{name}");
    }
}

#[test]
fn a_huge_part_count_still_collects_in_at_most_as_many_parts_as_the_set_may_hold() {
    let mut s = Suite::deploy("parts-cap");
    let db = Db::in_memory().unwrap();
    let cfg = KeeperConfig { collect_parts: usize::MAX, ..config() };
    start(&s, &db, cfg);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    let collected: Vec<U256> = tick(&s, &db, cfg)
        .into_iter()
        .filter_map(|a| match a {
            Action::Collected { amount } => Some(amount),
            _ => None,
        })
        .collect();
    assert_eq!(collected.len(), lst_core::delegation::MAX_VALIDATORS);
    assert_eq!(collected.iter().copied().sum::<U256>(), avax(24));
}

#[test]
fn collection_into_the_validating_pool_stops_at_the_epochs_joining_limit() {
    let mut s = Suite::deploy("joining-limit");
    let db = Db::in_memory().unwrap();
    let (pool, staking, delegator) = (s.addr("AvalanchePool"), s.addr("Staking"), s.addr("StakeAccount1"));
    let cfg = KeeperConfig {
        epochs: Some(EpochDuty { report_as: None, join_as: Some(s.m.roles.validator_operator(0)) }),
        ..config()
    };
    start(&s, &db, cfg);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    assert!(tick(&s, &db, cfg).contains(&Action::Collected { amount: avax(24) }));
    // The delegator's pool joins and, an epoch later, validates with 24.
    s.chain.advance_time(HOUR + 1).unwrap();
    assert_eq!(tick(&s, &db, cfg)[0], Action::Joined);
    s.chain.advance_time(HOUR + 1).unwrap();
    tick(&s, &db, cfg);
    assert_eq!(s.chain.view(staking, Staking::stakePoolCall { pool: delegator }).unwrap()._0, 2);
    // 100 AVAX more: 20% of the set's 24 may join this epoch.
    assert!(s.chain.exec(s.accounts[8], pool, avax(100), Pool::stakeAndClaimCertsCall {}).unwrap().success);
    s.chain.advance_time(DAY).unwrap();
    let room = avax(24) / U256::from(5);
    let actions = tick(&s, &db, cfg);
    assert!(actions.contains(&Action::Collected { amount: room }), "{actions:?}");
    // What the validators can still take this epoch is within the room;
    // the rest waits in the pool.
    assert!(s.chain.view(pool, Pool::collectableStakesCall {}).unwrap() <= room, "the rest waits");
    assert!(s.chain.balance(pool).unwrap() >= avax(100) - room);
}

#[test]
fn a_restart_in_the_same_period_sends_nothing() {
    let mut s = Suite::deploy("restart");
    let path = s.scratch("restart").join("keeper.sqlite");
    let cfg = config();
    start(&s, &Db::open(&path).unwrap(), cfg);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg).len(), 3);

    let block = s.chain.block_number().unwrap();
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg), vec![]);
    assert_eq!(s.chain.block_number().unwrap(), block);
}

#[test]
fn a_crash_before_the_period_clock_moved_does_not_report_or_serve_twice() {
    let mut s = Suite::deploy("crash");
    let path = s.scratch("crash").join("keeper.sqlite");
    let cfg = config();
    start(&s, &Db::open(&path).unwrap(), cfg);
    let end = Db::open(&path).unwrap().meta("keeper.period_end").unwrap().unwrap();
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg).len(), 3);
    // The process died after its transactions, before it saved the clock.
    Db::open(&path).unwrap().set_meta("keeper.period_end", end).unwrap();

    let block = s.chain.block_number().unwrap();
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg), vec![], "the chain shows the period's work done");
    assert_eq!(s.chain.block_number().unwrap(), block);
}

#[test]
fn a_lost_database_is_rebuilt_from_the_chain() {
    let mut s = Suite::deploy("lostdb");
    let pool = s.addr("AvalanchePool");
    queue_three(&mut s);
    // A keeper with an empty database learns the queue from the events.
    let db = Db::in_memory().unwrap();
    start(&s, &db, config());
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, config());
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 3, paid: Some(3) });
    assert_eq!(s.chain.view(pool, Pool::pendingAvaxClaimsOfCall { claimer: s.accounts[5] }).unwrap(), U256::ZERO);
}

#[test]
fn a_dry_run_reports_its_plan_and_sends_nothing() {
    let mut s = Suite::deploy("dryrun");
    let db = Db::in_memory().unwrap();
    let pool = s.addr("AvalanchePool");
    let dry = KeeperConfig { dry_run: true, ..config() };
    start(&s, &db, dry);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    let block = s.chain.block_number().unwrap();
    let actions = tick(&s, &db, dry);
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 3 });
    assert_eq!(actions[1], Action::Collected { amount: avax(24) });
    assert_eq!(s.chain.block_number().unwrap(), block);
    let bounds = s.chain.view(pool, Pool::queueBoundsCall {}).unwrap();
    assert_eq!((bounds._1, bounds._2), (0, 3), "nothing served");
}

#[test]
fn a_keeper_without_the_operator_role_fails_by_name_and_changes_nothing() {
    let mut s = Suite::deploy("notoperator");
    let db = Db::in_memory().unwrap();
    let pool = s.addr("AvalanchePool");
    let stranger = s.accounts[8];
    let mut chain = s.client();
    let cfg = config();
    assert_eq!(Keeper::new(&mut chain, &db, stranger, &s.m, cfg).unwrap().tick().unwrap(), vec![]);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    let block = s.chain.block_number().unwrap();
    let err = Keeper::new(&mut chain, &db, stranger, &s.m, cfg).unwrap().tick().unwrap_err();
    assert!(matches!(err, lst_backend::keeper::KeeperError::Reverted { what: "serveClaims", .. }), "{err}");
    assert_eq!(s.chain.block_number().unwrap(), block, "a reverting call is not sent");
    let bounds = s.chain.view(pool, Pool::queueBoundsCall {}).unwrap();
    assert_eq!((bounds._1, bounds._2), (0, 3));
}

const HOUR: u64 = 60 * 60;

/// A keeper that ends epochs and reports 80% performance as the oracle.
fn epochs(s: &Suite) -> KeeperConfig {
    KeeperConfig {
        epochs: Some(EpochDuty { report_as: Some((s.m.roles.oracle, SuccessPlan::all(8_000))), join_as: None }),
        ..config()
    }
}

/// A pool of 10 AVAX (owner account 5, operator account 6) that joins the
/// validator set, and a funded reward reserve.
fn validator(s: &mut Suite) -> alloy::primitives::Address {
    let staking = s.addr("Staking");
    let (owner, operator) = (s.accounts[5], s.accounts[6]);
    let create = Staking::initializeStakePoolCall { operator, voter: owner };
    assert!(s.chain.exec(owner, staking, avax(10), create).unwrap().success);
    s.chain.ok(operator, staking, Staking::joinValidatorSetCall { pool: owner }).unwrap();
    assert!(s.chain.exec(s.accounts[8], staking, avax(1), Staking::fundRewardsCall {}).unwrap().success);
    owner
}

#[test]
fn an_epoch_is_ended_once_it_is_due_and_validators_are_reported_first() {
    let mut s = Suite::deploy("epochs");
    let db = Db::in_memory().unwrap();
    let pool = validator(&mut s);
    assert_eq!(tick(&s, &db, epochs(&s)), vec![], "the first epoch is not due yet");

    // The pool joined during epoch 0: nobody validated, nothing to report.
    s.chain.advance_time(HOUR + 1).unwrap();
    assert_eq!(tick(&s, &db, epochs(&s)), vec![Action::EpochEnded { epoch: 0, rewards_paid: Some(U256::ZERO) }]);

    // Epoch 1: the validator is reported at 80% and paid.
    s.chain.advance_time(HOUR + 1).unwrap();
    let actions = tick(&s, &db, epochs(&s));
    let successful = PROPOSALS_PER_EPOCH * 8 / 10;
    assert_eq!(actions[0], Action::PerformanceReported { pool, successful, total: PROPOSALS_PER_EPOCH });
    let reward = avax(10) * U256::from(913 * 8) / U256::from(1_000_000_000u64);
    assert_eq!(actions[1], Action::EpochEnded { epoch: 1, rewards_paid: Some(reward) });
    let staking = s.addr("Staking");
    assert_eq!(s.chain.view(staking, Staking::getStakeCall { pool }).unwrap()._0, avax(10) + reward);
}

#[test]
fn a_second_round_in_the_same_epoch_sends_nothing() {
    let mut s = Suite::deploy("epochs-once");
    let db = Db::in_memory().unwrap();
    validator(&mut s);
    s.chain.advance_time(HOUR + 1).unwrap();
    assert_eq!(tick(&s, &db, epochs(&s)).len(), 1);
    let block = s.chain.block_number().unwrap();
    assert_eq!(tick(&s, &db, epochs(&s)), vec![]);
    assert_eq!(s.chain.block_number().unwrap(), block, "no transaction sent");
}

#[test]
fn without_the_oracle_key_the_keeper_only_ends_epochs() {
    let mut s = Suite::deploy("epochs-no-oracle");
    let db = Db::in_memory().unwrap();
    validator(&mut s);
    let end_only = KeeperConfig { epochs: Some(EpochDuty { report_as: None, join_as: None }), ..config() };
    for epoch in 0..2 {
        s.chain.advance_time(HOUR + 1).unwrap();
        assert_eq!(tick(&s, &db, end_only), vec![Action::EpochEnded { epoch, rewards_paid: Some(U256::ZERO) }]);
    }
}

// ---- Reading the chain like a testnet keeper ----

/// A node that records the keeper's `eth_getLogs` ranges and can fail
/// them: `fail_next` reads fail once each, and while `down` every read
/// fails (an outage). With `clock_jump`, the chain's clock moves that many
/// seconds just after the keeper first reads it (someone else's
/// transaction, mid-round).
struct Node {
    inner: lst_client::Rpc,
    ranges: Vec<(u64, u64)>,
    fail_next: u32,
    down_after: Option<usize>,
    clock_jump: Option<u64>,
}

impl Node {
    fn new(s: &Suite) -> Self {
        Self { inner: s.client(), ranges: Vec::new(), fail_next: 0, down_after: None, clock_jump: None }
    }
}

impl Chain for Node {
    fn backend(&self) -> String {
        self.inner.backend()
    }
    fn platform(&self) -> lst_client::Platform {
        self.inner.platform()
    }
    fn nonce(&mut self, account: alloy::primitives::Address) -> lst_client::Result<u64> {
        self.inner.nonce(account)
    }
    fn accounts(&self) -> &[alloy::primitives::Address] {
        self.inner.accounts()
    }
    fn chain_id(&mut self) -> lst_client::Result<u64> {
        self.inner.chain_id()
    }
    fn deploy_tx(
        &mut self,
        from: alloy::primitives::Address,
        contract: lst_client::Contract,
        args: &[u8],
    ) -> lst_client::Result<lst_client::Deployment> {
        self.inner.deploy_tx(from, contract, args)
    }
    fn send(
        &mut self,
        from: alloy::primitives::Address,
        to: alloy::primitives::Address,
        value: U256,
        data: &[u8],
    ) -> lst_client::Result<lst_client::Tx> {
        self.inner.send(from, to, value, data)
    }
    fn call(
        &mut self,
        to: alloy::primitives::Address,
        data: &[u8],
    ) -> lst_client::Result<std::result::Result<Vec<u8>, Vec<u8>>> {
        self.inner.call(to, data)
    }
    fn balance(&mut self, account: alloy::primitives::Address) -> lst_client::Result<U256> {
        self.inner.balance(account)
    }
    fn block_number(&mut self) -> lst_client::Result<u64> {
        self.inner.block_number()
    }
    fn contract_block_number(&mut self) -> lst_client::Result<u64> {
        self.inner.contract_block_number()
    }
    fn timestamp(&mut self) -> lst_client::Result<u64> {
        let now = self.inner.timestamp()?;
        if let Some(seconds) = self.clock_jump.take() {
            self.inner.advance_time(seconds)?;
        }
        Ok(now)
    }
    fn code(&mut self, account: alloy::primitives::Address) -> lst_client::Result<Vec<u8>> {
        self.inner.code(account)
    }
    fn mine(&mut self, blocks: u64) -> lst_client::Result<()> {
        self.inner.mine(blocks)
    }
    fn advance_time(&mut self, seconds: u64) -> lst_client::Result<()> {
        self.inner.advance_time(seconds)
    }
    fn log_records(
        &mut self,
        address: alloy::primitives::Address,
        from: u64,
        to: u64,
    ) -> lst_client::Result<Vec<lst_client::ChainLog>> {
        if self.down_after.is_some_and(|n| self.ranges.len() >= n) {
            return Err(lst_client::ChainFailure("connection refused".into()));
        }
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Err(lst_client::ChainFailure("503 Service Unavailable".into()));
        }
        self.ranges.push((from, to));
        self.inner.log_records(address, from, to)
    }
}

fn ranged(log_range: u64) -> KeeperConfig {
    KeeperConfig { sync: SyncConfig { log_range, ..config().sync }, ..config() }
}

fn sync(node: &mut Node, s: &Suite, db: &Db, cfg: KeeperConfig) -> Result<Option<u64>, String> {
    let mut keeper = Keeper::new(node, db, s.operator(), &s.m, cfg).unwrap();
    keeper.sync().map_err(|e| e.to_string())
}

/// The ranges cover `from..=to` in order, each at most `max` blocks, none
/// read twice.
fn assert_covers(ranges: &[(u64, u64)], from: u64, to: u64, max: u64) {
    let mut next = from;
    for &(a, b) in ranges {
        assert_eq!(a, next, "contiguous, nothing read twice: {ranges:?}");
        assert!(b >= a && b - a < max, "at most {max} blocks: {ranges:?}");
        next = b + 1;
    }
    assert_eq!(next, to + 1, "{ranges:?}");
}

#[test]
fn the_keeper_reads_from_the_manifests_start_block_in_bounded_ranges() {
    let mut s = Suite::deploy("ranges");
    queue_three(&mut s);
    let head = s.chain.block_number().unwrap();
    assert!(s.m.start_block > 0 && head - s.m.start_block > 6, "a deployment of many blocks");
    let db = Db::in_memory().unwrap();
    let mut node = Node::new(&s);
    assert_eq!(sync(&mut node, &s, &db, ranged(3)), Ok(Some(head)));
    assert_covers(&node.ranges, s.m.start_block, head, 3);
    assert_eq!(db.ids(lst_backend::db::RequestState::Pending).unwrap(), vec![1, 2, 3]);
}

#[test]
fn a_configured_start_block_overrides_the_manifests() {
    let mut s = Suite::deploy("startblock");
    let from = s.chain.block_number().unwrap();
    queue_three(&mut s);
    let head = s.chain.block_number().unwrap();
    let db = Db::in_memory().unwrap();
    let mut node = Node::new(&s);
    let cfg = KeeperConfig { sync: SyncConfig { start_block: Some(from), ..config().sync }, ..config() };
    sync(&mut node, &s, &db, cfg).unwrap();
    assert_eq!(node.ranges, vec![(from, head)]);
}

#[test]
fn events_wait_for_their_confirmations() {
    let mut s = Suite::deploy("confirmations");
    queue_three(&mut s);
    let head = s.chain.block_number().unwrap();
    let db = Db::in_memory().unwrap();
    let cfg = KeeperConfig { sync: SyncConfig { confirmations: 2, ..config().sync }, ..config() };
    let mut node = Node::new(&s);
    assert_eq!(sync(&mut node, &s, &db, cfg), Ok(Some(head - 2)));
    assert_eq!(db.ids(lst_backend::db::RequestState::Pending).unwrap(), vec![1], "requests 2 and 3 are too young");
    s.chain.mine(2).unwrap();
    assert_eq!(sync(&mut node, &s, &db, cfg), Ok(Some(head)));
    assert_eq!(db.ids(lst_backend::db::RequestState::Pending).unwrap(), vec![1, 2, 3]);
}

#[test]
fn a_failed_read_is_retried_with_backoff() {
    let mut s = Suite::deploy("retry");
    queue_three(&mut s);
    let db = Db::in_memory().unwrap();
    let mut node = Node::new(&s);
    node.fail_next = 3; // three failures, the fourth attempt succeeds
    let head = s.chain.block_number().unwrap();
    assert_eq!(sync(&mut node, &s, &db, config()), Ok(Some(head)));
    assert_eq!(db.ids(lst_backend::db::RequestState::Pending).unwrap(), vec![1, 2, 3]);
}

#[test]
fn an_rpc_outage_fails_the_round_and_the_next_resumes_where_it_stopped() {
    let mut s = Suite::deploy("outage");
    queue_three(&mut s);
    let head = s.chain.block_number().unwrap();
    let path = s.scratch("outage").join("keeper.sqlite");
    let mut node = Node::new(&s);
    node.down_after = Some(2); // two ranges read, then the node goes away
    let err = sync(&mut node, &s, &Db::open(&path).unwrap(), ranged(3)).unwrap_err();
    assert!(err.contains("connection refused"), "{err}");
    let (_, stopped) = node.ranges[1];
    assert_eq!(Db::open(&path).unwrap().meta("keeper.synced_block").unwrap(), Some(stopped));

    // The node is back; a new process on the same database goes on.
    node.down_after = None;
    assert_eq!(sync(&mut node, &s, &Db::open(&path).unwrap(), ranged(3)), Ok(Some(head)));
    assert_covers(&node.ranges, s.m.start_block, head, 3);
    let db = Db::open(&path).unwrap();
    assert_eq!(db.ids(lst_backend::db::RequestState::Pending).unwrap(), vec![1, 2, 3]);
}

#[test]
fn a_keeper_killed_mid_period_resumes_and_serves_once() {
    let mut s = Suite::deploy("killed");
    let path = s.scratch("killed").join("keeper.sqlite");
    let cfg = ranged(4);
    start(&s, &Db::open(&path).unwrap(), cfg);
    queue_three(&mut s);
    // Killed after reading part of the period's events.
    let mut node = Node::new(&s);
    node.down_after = Some(1);
    assert!(sync(&mut node, &s, &Db::open(&path).unwrap(), cfg).is_err());
    s.chain.advance_time(DAY).unwrap();
    // Restarted: it reads the rest and does the period's work, once.
    let actions = tick(&s, &Db::open(&path).unwrap(), cfg);
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 3 });
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 3, paid: Some(3) });
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg), vec![]);
}

#[test]
fn a_round_decides_on_one_clock_reading_so_a_period_end_passed_mid_round_waits_for_the_next() {
    let mut s = Suite::deploy("clock");
    let db = Db::in_memory().unwrap();
    start(&s, &db, config());
    queue_three(&mut s);
    let mut node = Node::new(&s);
    node.clock_jump = Some(DAY);
    let mut keeper = Keeper::new(&mut node, &db, s.operator(), &s.m, config()).unwrap();
    assert_eq!(keeper.tick().unwrap(), vec![], "the round read the clock before the period ended");
    let actions = keeper.tick().unwrap();
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 3 }, "the next round does the period's work");
}

/// A suite with three requests queued (ids 1 to 3, the keeper's clock
/// started) whose first requester's address now holds a program that burns
/// all the gas it is given, a period later: the pool's 30,000-gas push to
/// it runs out. Returns the burner.
fn queue_three_with_a_burner(s: &mut Suite, db: &Db) -> alloy::primitives::Address {
    use lst_devnode::testing::{program, LOOP_FOREVER};
    start(s, db, config());
    queue_three(s);
    let burner = s.accounts[5];
    let code = lst_client::stylus::code(&program(1, &LOOP_FOREVER, b""));
    s.client().raw("anvil_setCode", serde_json::json!([burner, alloy::hex::encode_prefixed(code)])).unwrap();
    s.chain.advance_time(DAY).unwrap();
    burner
}

#[test]
fn a_recipient_that_runs_out_of_the_push_gas_keeps_its_claim_and_the_others_are_paid() {
    let mut s = Suite::deploy("push-gas");
    let db = Db::in_memory().unwrap();
    let burner = queue_three_with_a_burner(&mut s, &db);
    let actions = tick(&s, &db, config());
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 3 });
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 3, paid: Some(2) }, "the other two were paid");
    let pool = s.addr("AvalanchePool");
    assert!(s.chain.view(pool, Pool::pendingAvaxClaimsOfCall { claimer: burner }).unwrap() > U256::ZERO);
    let failed = s.chain.logs(pool, 0).unwrap();
    assert!(
        failed.iter().any(|l| l.topics().first() == Some(&Pool::ClaimPushFailed::SIGNATURE_HASH)),
        "the failed push is reported"
    );
}

#[test]
fn a_recipient_whose_push_failed_is_not_pushed_again_and_stays_claimable_by_pull() {
    let mut s = Suite::deploy("push-once");
    let db = Db::in_memory().unwrap();
    let burner = queue_three_with_a_burner(&mut s, &db);
    let actions = tick(&s, &db, config());
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 3, paid: Some(2) });
    // Two more requests (ids 4 and 5), covered by new stakes in the pool,
    // served at the next period's end.
    let pool = s.addr("AvalanchePool");
    for user in [6, 7] {
        assert!(s.chain.exec(s.accounts[user], pool, avax(2), Pool::stakeAndClaimCertsCall {}).unwrap().success);
        s.chain.ok(s.accounts[user], pool, Pool::claimCertsCall { shares: avax(1) }).unwrap();
    }
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, config());
    assert!(actions.contains(&Action::Served { first: 4, up_to: 5 }), "{actions:?}");
    let pushes: Vec<&Action> = actions.iter().filter(|a| matches!(a, Action::Pushed { .. })).collect();
    assert_eq!(pushes, [&Action::Pushed { first: 4, count: 2, paid: Some(2) }], "request 1 is not in the push");
    let failures = s
        .chain
        .logs(pool, 0)
        .unwrap()
        .iter()
        .filter(|l| l.topics().first() == Some(&Pool::ClaimPushFailed::SIGNATURE_HASH))
        .count();
    assert_eq!(failures, 1, "one ClaimPushFailed, not one per period");
    // A third period with nothing new sends nothing at all.
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, config());
    assert!(!actions.iter().any(|a| matches!(a, Action::Pushed { .. })), "no push is sent: {actions:?}");
    let mut chain = s.client();
    let mut keeper = Keeper::new(&mut chain, &db, s.operator(), &s.m, config()).unwrap();
    assert_eq!(keeper.status().unwrap().push_failed_requests, 1, "the metric counts it");
    assert!(s.chain.view(pool, Pool::pendingAvaxClaimsOfCall { claimer: burner }).unwrap() > U256::ZERO);
}

// ---- The keeper as a process: its listener and SIGTERM ----

#[test]
fn the_keeper_process_serves_metrics_and_stops_cleanly_on_sigterm() {
    use std::io::BufRead;
    let mut s = Suite::deploy("process");
    queue_three(&mut s);
    let root = std::env::temp_dir().join(format!("lst-backend-process-{}", std::process::id()));
    let mut child = suite::Process(
        std::process::Command::new(suite::backend_binary())
            .args(["--root", root.to_str().unwrap(), "keeper", "--network", "test", "--rpc-url", &s.url])
            .args(["--listen", "127.0.0.1:0", "--poll-ms", "100"])
            .env("LST_OPERATOR_KEY", s.keys[1].to_string())
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut lines = std::io::BufReader::new(child.0.stdout.take().unwrap()).lines();
    let base = lines
        .by_ref()
        .map(|l| l.unwrap())
        .find_map(|l| l.strip_prefix("keeper listening on ").map(str::to_owned))
        .unwrap();
    // Wait for the first round's snapshot.
    let mut metrics = String::new();
    for _ in 0..100 {
        let (status, body) = suite::http_get(&base, "/metrics");
        assert_eq!(status, 200);
        if body.contains("lst_keeper_synced_block") {
            metrics = body;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let head = s.chain.block_number().unwrap();
    for series in [
        "lst_keeper_synced_block",
        "lst_keeper_lag_blocks",
        "lst_queue_pending_requests 3",
        "lst_queue_claimable_gwei 0",
        "lst_keeper_period_end_seconds",
        "lst_staking_epoch 0",
        "lst_staking_epoch_end_seconds",
        "lst_staking_reserve_gwei 100000000000",
        "lst_operator_balance_gwei",
        "lst_unstakes_pending 0",
        "# TYPE lst_keeper_rounds_total counter",
        "# TYPE lst_keeper_failed_rounds_total counter",
        "lst_keeper_rounds_total",
    ] {
        assert!(metrics.contains(series), "{series} missing from\n{metrics}");
    }
    assert!(metrics.contains(&format!("lst_keeper_synced_block {head}")), "{metrics}");
    let (status, health) = suite::http_get(&base, "/healthz");
    assert_eq!(status, 200, "{health}");
    assert!(health.contains("\"status\":\"ok\""), "{health}");

    let pid = child.0.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let exit = child.0.wait().unwrap();
    assert!(exit.success(), "a SIGTERM ends the keeper cleanly: {exit:?}");
    assert!(lines.map(|l| l.unwrap()).any(|l| l.contains("keeper stopped")));
}

/// Keystore `name` in a fresh directory for `test`, holding `key` under
/// `password`.
fn keystore(test: &str, key: alloy::primitives::B256, password: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lst-keystore-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = rand_core::OsRng;
    alloy::signers::local::PrivateKeySigner::encrypt_keystore(&dir, &mut rng, key, password, Some("key")).unwrap();
    dir.join("key")
}

/// One keeper round (`--once`) with the operator's key from `keystore`,
/// its password in LST_KEYSTORE_PASSWORD: the process's output.
fn keeper_once_with_keystore(
    s: &Suite,
    test: &str,
    keystore: &std::path::Path,
    password: &str,
) -> std::process::Output {
    let root = std::env::temp_dir().join(format!("lst-backend-{test}-{}", std::process::id()));
    std::process::Command::new(suite::backend_binary())
        .args(["--root", root.to_str().unwrap(), "keeper", "--network", "test", "--rpc-url", &s.url, "--once"])
        .args(["--keystore", keystore.to_str().unwrap()])
        .env_remove("LST_OPERATOR_KEY")
        .env_remove("ETH_PASSWORD")
        .env("LST_KEYSTORE_PASSWORD", password)
        .output()
        .unwrap()
}

#[test]
fn the_keeper_signs_with_the_operator_key_from_a_keystore() {
    let mut s = Suite::deploy("keystore");
    queue_three(&mut s);
    let store = keystore("right", s.keys[1], "operator password");
    let out = keeper_once_with_keystore(&s, "keystore", &store, "operator password");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_keystore_with_the_wrong_password_stops_the_keeper_by_name_before_any_call() {
    let mut s = Suite::deploy("keystore-wrong");
    let store = keystore("wrong", s.keys[1], "operator password");
    let block = s.chain.block_number().unwrap();
    let out = keeper_once_with_keystore(&s, "keystore-wrong", &store, "not the password");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("keystore {}: wrong password", store.display())), "{stderr}");
    assert_eq!(s.chain.block_number().unwrap(), block, "nothing was sent");
}

#[test]
fn a_keystore_holding_another_roles_key_is_refused_by_name() {
    let mut s = Suite::deploy("keystore-other");
    // The notary's key where the operator's belongs.
    let store = keystore("other", s.keys[2], "p");
    let block = s.chain.block_number().unwrap();
    let out = keeper_once_with_keystore(&s, "keystore-other", &store, "p");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("but the deployment's role is"), "{stderr}");
    assert_eq!(s.chain.block_number().unwrap(), block, "nothing was sent");
}

#[test]
fn the_keeper_refuses_an_endpoint_of_another_chain_before_any_call() {
    let mut s = Suite::deploy("wrong-chain");
    let root = std::env::temp_dir().join(format!("lst-backend-wrong-chain-{}", std::process::id()));
    // The deployment is on the Stylus node; this endpoint is an ink! node.
    let ink = lst_node::spawn(lst_client::Platform::Ink, 420_420_420).unwrap();
    let block = s.chain.block_number().unwrap();
    for command in ["keeper", "notary", "oracle"] {
        let mut args = vec!["--root", root.to_str().unwrap(), command, "--network", "test", "--rpc-url", &ink];
        if command == "keeper" {
            args.push("--once");
        }
        if command == "oracle" {
            // The relay chain is never reached: the EVM endpoint is checked
            // first.
            let alice = "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F";
            args.extend(["--relay-url", "ws://127.0.0.1:1", "--deposit-address", alice, "--once"]);
        }
        let out = std::process::Command::new(suite::backend_binary())
            .args(&args)
            .env("LST_OPERATOR_KEY", s.keys[1].to_string())
            .env("LST_NOTARY_KEY", s.keys[2].to_string())
            .env("LST_ORACLE_KEY", s.keys[0].to_string())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{command}: {stderr}");
        assert!(
            stderr.contains("the endpoint is chain 420420420, not test") && stderr.contains("nothing was sent"),
            "{command}: {stderr}"
        );
    }
    assert_eq!(s.chain.block_number().unwrap(), block, "nothing was sent to the deployment's chain either");
}

/// A TCP proxy in front of the node that can be stopped (connections
/// refused, open ones cut) and started again on the same port: an RPC
/// outage as the keeper's HTTP client sees it.
struct Proxy {
    port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The open connections (both sides), cut when the proxy goes down:
    /// the node keeps connections alive, so a client reuses them.
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Proxy {
    fn new(target: &str) -> Self {
        use std::sync::atomic::Ordering;
        let target = target.trim_start_matches("http://").to_owned();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let flag = up.clone();
        let open = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let conns = open.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if !flag.load(Ordering::SeqCst) {
                    // Down: cut the connection at once.
                    drop(client);
                    continue;
                }
                let Ok(server) = std::net::TcpStream::connect(&target) else { continue };
                conns.lock().unwrap().extend([client.try_clone().unwrap(), server.try_clone().unwrap()]);
                for (mut from, mut to) in [(client.try_clone().unwrap(), server.try_clone().unwrap()), (server, client)]
                {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Self { port, up, open }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn set_up(&self, up: bool) {
        self.up.store(up, std::sync::atomic::Ordering::SeqCst);
        if !up {
            for stream in self.open.lock().unwrap().drain(..) {
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
        }
    }
}

#[test]
fn the_keeper_survives_its_rpc_going_down_and_coming_back_repeating_nothing() {
    let mut s = Suite::deploy("rpcdown");
    let proxy = Proxy::new(&s.url);
    let path = s.scratch("rpcdown").join("keeper.sqlite");
    let cfg = KeeperConfig { sync: SyncConfig { attempts: 2, ..config().sync }, ..ranged(3) };
    let (operator, m) = (s.operator(), s.m.clone());
    let run = |chain: &mut lst_client::Rpc| {
        let db = Db::open(&path).unwrap();
        let mut keeper = Keeper::new(chain, &db, operator, &m, cfg).unwrap();
        keeper.tick()
    };
    let mut chain = lst_client::Rpc::connect(&proxy.url(), &s.keys).unwrap();
    assert_eq!(run(&mut chain).unwrap(), vec![], "the period starts");
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();

    // The node goes away: the round fails by name, sends nothing.
    proxy.set_up(false);
    let block = s.chain.block_number().unwrap();
    let err = run(&mut chain).unwrap_err();
    assert!(matches!(err, lst_backend::keeper::KeeperError::Chain(_)), "{err}");
    assert_eq!(s.chain.block_number().unwrap(), block);

    // Back: the next round reads what it missed and does the period's work
    // once; the one after has nothing left to do.
    proxy.set_up(true);
    let actions = run(&mut chain).unwrap();
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 3 });
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 3, paid: Some(3) });
    let block = s.chain.block_number().unwrap();
    assert_eq!(run(&mut chain).unwrap(), vec![]);
    assert_eq!(s.chain.block_number().unwrap(), block, "nothing repeated");
}
