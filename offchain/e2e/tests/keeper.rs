//! The keeper against the devnode over JSON-RPC: it waits for the period's
//! end, then reports rewards (refusing what the feed would reject), serves
//! the queue in FIFO order with only the AVAX the pool lacks, pushes the
//! AVAX out and collects the rest — and a restart never does any of it
//! twice.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, missing_docs)]

mod suite;

use alloy::{primitives::U256, sol_types::SolEvent};
use lst_backend::{
    db::Db,
    keeper::{Action, EpochDuty, Keeper, KeeperConfig, RewardSource, PROPOSALS_PER_EPOCH},
};
use lst_client::{
    abi::{IAvalanchePool as Pool, ICertToken as Cert, IRateProvider as Feed, IStaking as Staking},
    Chain, ChainExt,
};
use suite::{avax, Suite};

const DAY: u64 = 24 * 60 * 60;

fn config(rewards: RewardSource) -> KeeperConfig {
    KeeperConfig { period_secs: DAY, rewards, epochs: None, dry_run: false }
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
    start(&s, &db, config(RewardSource::Bps(5)));
    queue_three(&mut s);
    s.chain.advance_time(DAY - 10).unwrap();
    let block = s.chain.block_number().unwrap();
    assert_eq!(tick(&s, &db, config(RewardSource::Bps(5))), vec![]);
    assert_eq!(s.chain.block_number().unwrap(), block);
}

#[test]
fn at_the_period_end_the_queue_is_served_and_paid_in_fifo_order() {
    let mut s = Suite::deploy("fifo");
    let db = Db::in_memory().unwrap();
    start(&s, &db, config(RewardSource::None));
    queue_three(&mut s);
    let pool = s.addr("AvalanchePool");
    let users: Vec<_> = (5..8).map(|u| s.accounts[u]).collect();
    let before: Vec<U256> = users.iter().map(|&u| s.chain.balance(u).unwrap()).collect();
    let from = s.chain.block_number().unwrap();
    s.chain.advance_time(DAY).unwrap();

    let actions = tick(&s, &db, config(RewardSource::None));
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 3, funding: U256::ZERO }, "the stakes cover it");
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
}

#[test]
fn the_keeper_sends_only_the_avax_the_pool_lacks() {
    let mut s = Suite::deploy("funding");
    let db = Db::in_memory().unwrap();
    let pool = s.addr("AvalanchePool");
    start(&s, &db, config(RewardSource::None));
    for user in 5..8 {
        assert!(s.chain.exec(s.accounts[user], pool, avax(10), Pool::stakeAndClaimCertsCall {}).unwrap().success);
    }
    s.chain.advance_time(DAY).unwrap();
    // Period 1: nothing queued, every stake collected.
    assert_eq!(tick(&s, &db, config(RewardSource::None)), vec![Action::Collected { amount: avax(30) }]);
    // Period 2: two requests, and 1 AVAX staked meanwhile stays in the pool.
    for (user, n) in [(5, 4), (6, 2)] {
        s.chain.ok(s.accounts[user], pool, Pool::claimCertsCall { shares: avax(n) }).unwrap();
    }
    assert!(s.chain.exec(s.accounts[7], pool, avax(1), Pool::stakeAndClaimCertsCall {}).unwrap().success);
    let operator_before = s.chain.balance(s.operator()).unwrap();
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, config(RewardSource::None));
    assert_eq!(actions[0], Action::Served { first: 1, up_to: 2, funding: avax(6 - 1) });
    assert_eq!(operator_before - s.chain.balance(s.operator()).unwrap(), avax(5));
    assert_eq!(s.chain.balance(pool).unwrap(), U256::ZERO, "everything paid out, nothing left over");
}

#[test]
fn rewards_are_reported_at_the_period_end_with_the_fee() {
    let mut s = Suite::deploy("rewards");
    let db = Db::in_memory().unwrap();
    let (pool, feed, cert) = (s.addr("AvalanchePool"), s.addr("RateProvider"), s.addr("ankrAVAX"));
    start(&s, &db, config(RewardSource::Bps(5)));
    queue_three(&mut s);
    let pooled = s.chain.view(pool, Pool::totalPooledAvaxCall {}).unwrap();
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, config(RewardSource::Bps(5)));
    let Action::Reported { rewards, new_ratio } = actions[0] else { panic!("{actions:?}") };
    assert_eq!(rewards, pooled * U256::from(5) / U256::from(10_000));
    assert_eq!(s.chain.view(feed, Feed::getRatioForCall { token: cert }).unwrap(), new_ratio);
    assert!(new_ratio < U256::from(suite::AVAX));
    let treasury = s.chain.view(cert, Cert::balanceOfCall { account: s.accounts[3] }).unwrap();
    assert!(treasury > U256::ZERO, "the fee went to the treasury");
}

#[test]
fn a_report_the_feed_would_reject_is_refused_before_sending() {
    let mut s = Suite::deploy("refused");
    let db = Db::in_memory().unwrap();
    let (feed, cert) = (s.addr("RateProvider"), s.addr("ankrAVAX"));
    start(&s, &db, config(RewardSource::Bps(100)));
    queue_three(&mut s);
    let updated = s.chain.view(feed, Feed::lastUpdatedCall { token: cert }).unwrap();
    s.chain.advance_time(DAY).unwrap();
    // 1% of rewards moves the ratio by far more than the feed's 0.1% step.
    let actions = tick(&s, &db, config(RewardSource::Bps(100)));
    assert!(
        matches!(&actions[0], Action::ReportRefused { reason, .. } if reason == "RatioChangeTooLarge"),
        "{actions:?}"
    );
    assert_eq!(s.chain.view(feed, Feed::lastUpdatedCall { token: cert }).unwrap(), updated);
    assert_eq!(s.chain.view(feed, Feed::getRatioForCall { token: cert }).unwrap(), U256::from(suite::AVAX));
    assert!(matches!(actions[1], Action::Served { .. }), "the rest of the period's work still runs");
}

#[test]
fn a_restart_in_the_same_period_sends_nothing() {
    let mut s = Suite::deploy("restart");
    let path = s.scratch("restart").join("keeper.sqlite");
    let cfg = config(RewardSource::Bps(5));
    start(&s, &Db::open(&path).unwrap(), cfg);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg).len(), 4);

    let block = s.chain.block_number().unwrap();
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg), vec![]);
    assert_eq!(s.chain.block_number().unwrap(), block);
}

#[test]
fn a_crash_before_the_period_clock_moved_does_not_report_or_serve_twice() {
    let mut s = Suite::deploy("crash");
    let path = s.scratch("crash").join("keeper.sqlite");
    let cfg = config(RewardSource::Bps(5));
    start(&s, &Db::open(&path).unwrap(), cfg);
    let end = Db::open(&path).unwrap().meta("keeper.period_end").unwrap().unwrap();
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    assert_eq!(tick(&s, &Db::open(&path).unwrap(), cfg).len(), 4);
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
    start(&s, &db, config(RewardSource::None));
    s.chain.advance_time(DAY).unwrap();
    let actions = tick(&s, &db, config(RewardSource::None));
    assert_eq!(actions[1], Action::Pushed { first: 1, count: 3, paid: Some(3) });
    assert_eq!(s.chain.view(pool, Pool::pendingAvaxClaimsOfCall { claimer: s.accounts[5] }).unwrap(), U256::ZERO);
}

#[test]
fn a_dry_run_reports_its_plan_and_sends_nothing() {
    let mut s = Suite::deploy("dryrun");
    let db = Db::in_memory().unwrap();
    let pool = s.addr("AvalanchePool");
    let dry = KeeperConfig { dry_run: true, ..config(RewardSource::Bps(5)) };
    start(&s, &db, dry);
    queue_three(&mut s);
    s.chain.advance_time(DAY).unwrap();
    let block = s.chain.block_number().unwrap();
    let actions = tick(&s, &db, dry);
    assert!(matches!(actions[0], Action::Reported { .. }));
    assert_eq!(actions[1], Action::Served { first: 1, up_to: 3, funding: U256::ZERO });
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
    let cfg = config(RewardSource::None);
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
        epochs: Some(EpochDuty { report_as: Some((s.m.roles.oracle, 8_000)) }),
        ..config(RewardSource::None)
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
    let end_only = KeeperConfig { epochs: Some(EpochDuty { report_as: None }), ..config(RewardSource::None) };
    for epoch in 0..2 {
        s.chain.advance_time(HOUR + 1).unwrap();
        assert_eq!(tick(&s, &db, end_only), vec![Action::EpochEnded { epoch, rewards_paid: Some(U256::ZERO) }]);
    }
}
