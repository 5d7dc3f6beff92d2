//! The end-to-end suite: scenarios written once against
//! [`lst_client::Chain`] and the committed `abi/*.sol`, run on every
//! backend, and the tests of the shipped tools against the local chains.
//!
//! - [`scenarios`]: each deploys and wires the suite with
//!   `lst_deploy::deploy_suite` (the wiring `lst-deploy up` ships) and
//!   checks one behaviour. `tests/in_process.rs` runs them on the Stylus
//!   devnode in process, `tests/rpc.rs` over JSON-RPC against a devnode
//!   process (or any node: `STYLUS_RPC_URL`), `tests/ink.rs` on the ink!
//!   contracts in the in-process pallet-revive chain; `tests/parity.rs`
//!   compares one lifecycle across the platforms.
//! - [`fuzz`]: stateful fuzzing of the deployed suite (proptest state
//!   machines) with the invariants checked after every step;
//!   `tests/fuzz.rs` runs it on both platforms and compares them.
//! - [`access`]: the access-control matrix (every function × every role),
//!   written to `docs/ACCESS_MATRIX.md` and checked on both platforms by
//!   `tests/access.rs`.
//! - [`bench`](mod@bench): the queue-cost bench (`bench` and `ink-bench` binaries).
//! - `tests/deploy*.rs`, `tests/keeper.rs`, `tests/notary.rs`: the deploy
//!   tool, keeper and notary against the local chains.

pub mod access;
pub mod bench;
pub mod fuzz;
pub mod gas_compare;
pub mod scenarios;
