//! The scenario suite, unchanged, on the ink! contracts in pallet-revive.
#![allow(missing_docs, clippy::panic)]

lst_e2e::scenario_tests!(lst_revive_chain::InkChain::new(420_420_420));
