//! The scenario suite over JSON-RPC: `STYLUS_RPC_URL` (scripts/test.sh starts a devnode
//! process and sets it; run with `--test-threads=1`, the scenarios share
//! its dev accounts).
#![allow(missing_docs, clippy::panic)]

lst_e2e::scenario_tests!(lst_client::Rpc::from_env());
