//! The relay chain in process: genesis, sessions and eras, transfers,
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! staking, the state kept per block, the journal.

use lst_relay_chain::{dev, ChainParams, Network, RelayChain};

fn chain() -> RelayChain {
    RelayChain::new(ChainParams::local(Network::Kusama)).unwrap()
}

#[test]
fn a_new_chain_has_genesis_and_block_one_with_the_dev_validators_elected() {
    let c = chain();
    assert_eq!(c.head(), 1);
    assert_eq!(c.active_era(), Some(0));
    let unit = Network::Kusama.unit();
    assert_eq!(c.free_balance(&dev::account("Dave").unwrap()), dev::BALANCE_TOKENS * unit);
}

#[test]
fn an_era_passes_every_session_blocks_times_sessions_per_era() {
    let mut c = chain();
    let era = c.params().era_blocks();
    c.new_blocks(era * 3).unwrap();
    assert!(c.active_era().unwrap() >= 2, "era {:?} at block {}", c.active_era(), c.head());
}
