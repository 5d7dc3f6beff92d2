//! The benches, once for every backend. The queue: the AVAX pool's stake,
//! claim, serve and withdraw with 1, 100 or 10,000 requests queued ahead
//! (invariant 5 of docs/protocol.md says none may grow with the queue). The
//! epoch: `Staking.endEpoch` with 1, 10 and the configured cap of
//! validators, every one paid (its cost grows with the set, which the cap
//! bounds). Each backend reports its own cost unit (Nitro-priced gas for Stylus,
//! weight for ink!).

use crate::scenarios::{deploy, AvaxSuite, ONE};
use alloy::{
    primitives::{keccak256, Address, U256},
    sol_types::{SolCall, SolEvent},
};
use lst_client::{
    abi::{IAvalanchePool as Pool, IStaking as Staking},
    Chain, ChainExt, ChainFailure, Result, Tx,
};

/// The four measured operations, in order.
pub const OPERATIONS: [&str; 4] = ["stake", "claim", "serve (all)", "withdraw"];

/// More than this many percent above the smallest queue counts as growth.
pub const FLAT_TOLERANCE_PERCENT: u64 = 5;

fn ok(tx: Tx, what: &str) -> Result<Tx> {
    if tx.success {
        Ok(tx)
    } else {
        Err(ChainFailure(format!("{what} reverted: 0x{}", alloy::hex::encode(&tx.output))))
    }
}

/// Deploys the AVAX suite on `chain`, queues `queued` claims of 1e14 wei
/// ankrAVAX, then stakes, claims, serves everything and withdraws the last
/// request, returning what `probe` reads of each of those four
/// transactions (it runs right after each one).
pub fn queue_costs<C: Chain, T>(chain: &mut C, queued: u64, mut probe: impl FnMut(&mut C, &Tx) -> T) -> Result<[T; 4]> {
    let s = AvaxSuite::deploy(chain)?;
    let alice = chain.accounts()[1];
    ok(chain.exec(alice, s.pool, ONE * U256::from(3), Pool::stakeAndClaimCertsCall {})?, "setup stake")?;
    let small = U256::from(100_000_000_000_000u64);
    let claim = Pool::claimCertsCall { shares: small }.abi_encode();
    for _ in 0..queued {
        ok(chain.send(alice, s.pool, U256::ZERO, &claim)?, "queue claim")?;
    }
    let tx = ok(chain.exec(alice, s.pool, ONE, Pool::stakeAndClaimCertsCall {})?, "stake")?;
    let stake = probe(chain, &tx);
    let tx = ok(chain.send(alice, s.pool, U256::ZERO, &claim)?, "claim")?;
    let claimed = probe(chain, &tx);
    let last = U256::from(queued + 1);
    let tx = ok(chain.exec(s.admin, s.pool, small * last, Pool::serveClaimsCall { upToId: last })?, "serve")?;
    let serve = probe(chain, &tx);
    let tx = ok(chain.exec(alice, s.pool, U256::ZERO, Pool::withdrawClaimCall { requestId: last })?, "withdraw")?;
    let withdraw = probe(chain, &tx);
    Ok([stake, claimed, serve, withdraw])
}

/// Fails when a cost in a later row is more than
/// [`FLAT_TOLERANCE_PERCENT`] above the same cost in the first row; `name`
/// labels the cost dimension in the message.
pub fn check_flat(rows: &[(u64, [u64; 4])], name: &str) -> Result<()> {
    let Some((first_n, first)) = rows.first() else { return Ok(()) };
    for (n, row) in &rows[1..] {
        for ((op, cost), base) in OPERATIONS.iter().zip(row).zip(first) {
            if u128::from(*cost) * 100 > u128::from(*base) * u128::from(100 + FLAT_TOLERANCE_PERCENT) {
                return Err(ChainFailure(format!(
                    "{op} {name} grows with the queue: {base} at {first_n} queued, {cost} at {n}"
                )));
            }
        }
    }
    Ok(())
}

/// The queue sizes given on the command line, or 1, 100 and 10,000.
pub fn sizes_from_args() -> Vec<u64> {
    let sizes: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        vec![1, 100, 10_000]
    } else {
        sizes
    }
}

/// The validator-set sizes `endEpoch` is measured at: 1, 10 and the cap of
/// the deploy tool's configuration (`StakingConfig::LOCAL`).
pub fn epoch_sizes() -> Vec<u32> {
    vec![1, 10, lst_core::validator::StakingConfig::LOCAL.max_validator_set_size]
}

/// Deploys the suite on `chain`, puts `validators` pools of 10 units each
/// into the validator set (owner, operator and voter one fresh account),
/// reports full performance for all and ends the epoch that pays them;
/// returns what `probe` reads of that `endEpoch` transaction.
pub fn epoch_cost<C: Chain, T>(chain: &mut C, validators: u32, mut probe: impl FnMut(&mut C, &Tx) -> T) -> Result<T> {
    let m = deploy(chain)?;
    let staking = m.address("Staking").map_err(ChainFailure)?;
    let (funder, oracle) = (chain.accounts()[0], m.roles.oracle);
    let epoch_secs = chain.view(staking, Staking::stakingConfigCall {})?._5;
    ok(chain.exec(funder, staking, ONE * U256::from(100), Staking::fundRewardsCall {})?, "fundRewards")?;
    let mut pools = Vec::new();
    for i in 0..validators {
        let owner = Address::from_word(keccak256(format!("lst-bench-validator-{i}")));
        ok(chain.send(funder, owner, ONE * U256::from(20), &[])?, "fund a validator")?;
        let create = Staking::initializeStakePoolCall { operator: owner, voter: owner };
        ok(chain.exec(owner, staking, ONE * U256::from(10), create)?, "initializeStakePool")?;
        ok(chain.exec(owner, staking, U256::ZERO, Staking::joinValidatorSetCall { pool: owner })?, "join")?;
        pools.push(owner);
    }
    chain.advance_time(epoch_secs + 1)?;
    ok(chain.exec(funder, staking, U256::ZERO, Staking::endEpochCall {})?, "the epoch the set joins")?;
    for &pool in &pools {
        let report = Staking::reportPerformanceCall { pool, successful: 10, total: 10 };
        ok(chain.exec(oracle, staking, U256::ZERO, report)?, "reportPerformance")?;
    }
    chain.advance_time(epoch_secs + 1)?;
    let tx = ok(chain.exec(funder, staking, U256::ZERO, Staking::endEpochCall {})?, "endEpoch")?;
    let paid = tx.logs.iter().filter(|l| l.topics().first() == Some(&Staking::RewardsDistributed::SIGNATURE_HASH));
    if paid.count() != pools.len() {
        return Err(ChainFailure(format!("endEpoch paid fewer than the {} validators", pools.len())));
    }
    Ok(probe(chain, &tx))
}
