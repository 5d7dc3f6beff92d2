//! Scenarios on both platforms: the AVAX lifecycle and the validator
//! lifecycle on the Stylus contracts (in-process devnode) and on the ink!
//! contracts (in-process pallet-revive) end in the same state — balances,
//! ratio and queue; stake buckets and epoch — after the same sequence of
//! events.
#![allow(missing_docs, clippy::panic)]

use lst_devnode::InProcess;
use lst_e2e::scenarios::{avax_lifecycle_trace, validator_lifecycle_trace};
use lst_revive_chain::InkChain;

const CHAIN_ID: u64 = 412_346;

#[test]
fn avax_lifecycle_is_the_same_on_stylus_and_ink() {
    let stylus = InProcess::new(CHAIN_ID).and_then(|mut c| avax_lifecycle_trace(&mut c));
    let stylus = stylus.unwrap_or_else(|e| panic!("stylus: {e}"));
    let ink = InkChain::new(CHAIN_ID).and_then(|mut c| avax_lifecycle_trace(&mut c));
    let ink = ink.unwrap_or_else(|e| panic!("ink: {e}"));

    assert!(stylus.events.len() >= 10, "the lifecycle emitted only {} events", stylus.events.len());
    assert_eq!(stylus.balances, ink.balances, "native balance changes");
    assert_eq!(stylus.tokens, ink.tokens, "ankrAVAX and aAVAXb balances");
    assert_eq!(stylus.ratio, ink.ratio, "ratio");
    assert_eq!(stylus.queue, ink.queue, "queue bounds, pooled AVAX and shares");
    assert_eq!(stylus.events.len(), ink.events.len(), "number of events");
    for (i, (s, k)) in stylus.events.iter().zip(&ink.events).enumerate() {
        assert_eq!(s, k, "event {i}");
    }
}

#[test]
fn validator_lifecycle_is_the_same_on_stylus_and_ink() {
    let stylus = InProcess::new(CHAIN_ID).and_then(|mut c| validator_lifecycle_trace(&mut c));
    let stylus = stylus.unwrap_or_else(|e| panic!("stylus: {e}"));
    let ink = InkChain::new(CHAIN_ID).and_then(|mut c| validator_lifecycle_trace(&mut c));
    let ink = ink.unwrap_or_else(|e| panic!("ink: {e}"));

    assert!(stylus.events.len() >= 10, "the lifecycle emitted only {} events", stylus.events.len());
    assert_eq!(stylus.balances, ink.balances, "native balance changes");
    assert_eq!(stylus.stake, ink.stake, "the pool's buckets");
    assert_eq!(stylus.epoch, ink.epoch, "epoch, reserve and voting power");
    assert_eq!(stylus.events.len(), ink.events.len(), "number of events");
    for (i, (s, k)) in stylus.events.iter().zip(&ink.events).enumerate() {
        assert_eq!(s, k, "event {i}");
    }
}
