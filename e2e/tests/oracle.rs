//! The aKSMb/aDOTb ratio oracle against the devnode over JSON-RPC: the
//! target follows the document's formula with its 2% fee, a move larger
//! than the feed's step is split across intervals and never dropped, a loss
//! is refused by name, and nothing is sent that the feed would refuse.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic, missing_docs)]

mod suite;

use alloy::{primitives::U256, signers::local::PrivateKeySigner};
use lst_backend::oracle::{EraInput, OracleAction, RatioOracle, RewardInput};
use lst_client::{
    abi::{sign_claim, Claim, IBondToken as Bond, IPolkadotPool as DotPool, IRateProvider as Feed},
    Chain, ChainExt,
};
use suite::Suite;

const KSM: u64 = 1_000_000_000_000; // planck per KSM
const E18: u128 = 1_000_000_000_000_000_000;

/// Mints `ksm` aKSMb to user 5 through a notary-signed claim.
fn mint_ksm(s: &mut Suite, ksm: u64) {
    let (pool, token) = (s.addr("PolkadotPool"), s.addr("aKSMb"));
    let block = s.chain.contract_block_number().unwrap();
    let claim = Claim {
        token,
        claimId: U256::from(ksm),
        amount: U256::from(ksm) * U256::from(E18),
        claimBeforeBlock: U256::from(block + 100),
        to: s.accounts[5],
    };
    let notary = PrivateKeySigner::from_bytes(&s.keys[2]).unwrap();
    let signature = sign_claim(&notary, &claim, 412_346, pool).unwrap();
    let call = DotPool::claimBondsCall {
        bond: token,
        claimId: claim.claimId,
        amount: claim.amount,
        claimBeforeBlock: claim.claimBeforeBlock,
        account: claim.to,
        signature,
    };
    s.chain.ok(s.accounts[6], pool, call).unwrap();
}

fn kusama(staked_ksm: u64, rewards_planck: u64) -> RewardInput {
    RewardInput {
        kusama: Some(EraInput {
            era: 6000,
            total_staked: (staked_ksm * KSM).to_string(),
            rewards: rewards_planck.to_string(),
        }),
        polkadot: None,
    }
}

fn ratio(s: &mut Suite) -> U256 {
    let token = s.addr("aKSMb");
    s.chain.view(s.addr("RateProvider"), Feed::getRatioForCall { token }).unwrap()
}

fn oracle(s: &Suite) -> RatioOracle {
    RatioOracle::new(&s.m, s.m.roles.oracle, false).unwrap()
}

#[test]
fn the_target_is_shares_over_staked_plus_rewards_after_the_two_percent_fee() {
    let mut s = Suite::deploy("oracle-target");
    mint_ksm(&mut s, 100);
    // 100 KSM staked, 1 KSM of rewards: the fee keeps 0.02 KSM.
    let era = kusama(100, KSM).kusama.unwrap();
    let target = oracle(&s).target(&mut s.chain, 0, &era).unwrap();
    let shares = U256::from(100) * U256::from(E18);
    let pooled = U256::from(100_980_000_000_000u64) * U256::from(1_000_000u64); // 100.98 KSM in wei
    let expected = (shares * U256::from(E18)).div_ceil(pooled);
    assert_eq!(target, expected);
    assert_eq!(s.chain.view(s.addr("aKSMb"), Bond::totalSharesCall {}).unwrap(), shares);
}

#[test]
fn a_weekly_move_larger_than_the_bound_is_split_across_updates_and_never_dropped() {
    let mut s = Suite::deploy("oracle-split");
    mint_ksm(&mut s, 100);
    let start = ratio(&mut s);
    // 0.357 KSM of rewards on 100: about 0.35% down, the feed steps 0.1%.
    let input = kusama(100, 357_000_000_000);
    let o = oracle(&s);
    let target = o.target(&mut s.chain, 0, &input.kusama.clone().unwrap()).unwrap();
    let (threshold, interval) = {
        let p = s.chain.view(s.addr("RateProvider"), Feed::ratioPolicyCall { token: s.addr("aKSMb") }).unwrap();
        (p._0, p._1)
    };
    assert_eq!((threshold, interval), (10, 12 * 3600), "the default policy: 0.1% per 12 h");
    // Registered at deployment: the first step waits one interval too.
    assert!(matches!(o.round(&mut s.chain, &input).unwrap()[..], [OracleAction::Waiting { .. }]));
    s.chain.advance_time(interval).unwrap();

    let mut updates = 0;
    let mut waited = 0;
    for _ in 0..12 {
        let actions = o.round(&mut s.chain, &input).unwrap();
        match &actions[..] {
            [OracleAction::Updated { from, to, target: t, .. }] => {
                assert_eq!(*t, target);
                assert!(*to >= *from - *from * U256::from(threshold) / U256::from(10_000u32), "within one step");
                updates += 1;
                // At once again: nothing sent (the interval has not passed,
                // or the target is reached).
                let block = s.chain.block_number().unwrap();
                let again = o.round(&mut s.chain, &input).unwrap();
                if *to == target {
                    assert!(matches!(again[..], [OracleAction::AtTarget { .. }]), "{again:?}");
                } else {
                    assert!(matches!(again[..], [OracleAction::Waiting { .. }]), "{again:?}");
                    waited += 1;
                }
                assert_eq!(s.chain.block_number().unwrap(), block);
            }
            [OracleAction::AtTarget { .. }] => break,
            other => panic!("{other:?}"),
        }
        s.chain.advance_time(interval).unwrap();
    }
    assert_eq!(ratio(&mut s), target, "the whole move arrived");
    assert_eq!(updates, 4, "0.35% in steps of 0.1%");
    assert_eq!(waited, 3, "between the steps");
    assert!(start > target);
}

#[test]
fn a_loss_is_refused_by_name_and_sends_nothing() {
    let mut s = Suite::deploy("oracle-loss");
    mint_ksm(&mut s, 100);
    let before = (ratio(&mut s), s.chain.block_number().unwrap());
    // 99 KSM behind 100 bonds: the ratio would rise.
    let actions = oracle(&s).round(&mut s.chain, &kusama(99, 0)).unwrap();
    assert!(matches!(actions[..], [OracleAction::LossRefused { .. }]), "{actions:?}");
    assert_eq!((ratio(&mut s), s.chain.block_number().unwrap()), before);
}

#[test]
fn a_dry_run_decides_and_sends_nothing() {
    let mut s = Suite::deploy("oracle-dry");
    mint_ksm(&mut s, 100);
    s.chain.advance_time(12 * 3600).unwrap();
    let before = (ratio(&mut s), s.chain.block_number().unwrap());
    let dry = RatioOracle::new(&s.m, s.m.roles.oracle, true).unwrap();
    let actions = dry.round(&mut s.chain, &kusama(100, KSM / 10)).unwrap();
    assert!(matches!(actions[..], [OracleAction::Updated { .. }]), "{actions:?}");
    assert_eq!((ratio(&mut s), s.chain.block_number().unwrap()), before);
}

#[test]
fn with_nothing_minted_the_ratio_stays() {
    let mut s = Suite::deploy("oracle-empty");
    let actions = oracle(&s).round(&mut s.chain, &kusama(100, KSM)).unwrap();
    assert!(matches!(actions[..], [OracleAction::AtTarget { .. }]), "{actions:?}");
}
