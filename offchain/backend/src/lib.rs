//! The off-chain operator of the suite ("Ankr backend" in the seeds):
//!
//! - [`keeper`]: follows the AvalanchePool and, at the end of each
//!   validating period, reports rewards, serves the unstake queue in FIFO
//!   order, pushes the AVAX out and collects the stakes;
//! - [`notary`]: the HTTP API that turns a KSM/DOT deposit — reported by
//!   the credentialed deposit watcher, requested by its depositor with a
//!   Substrate signature ([`depositor`]) — into a claim signed over the
//!   PolkadotPool's EIP-712 digest.
//!
//! - [`unstake`]: the KSM/DOT unstake pipeline (`TokensBurned` → unstake
//!   requests the operator pays on the relay chain);
//! - [`relay`]: the relay chain over subxt (deposits checked on chain,
//!   the backend's own extrinsics);
//! - [`staker`]: the relay service (bond, nominate, claim rewards, unbond,
//!   withdraw and pay unstakes, each extrinsic recorded before it is sent);
//! - [`page`]: the staking page's server (static files and its config),
//!   mounted by the notary;
//! - [`service`]: the keeper's HTTP listener (`/healthz`, `/metrics`, the
//!   users' unstake history).
//!
//! Both keep their state in SQLite ([`db`]) and reach the chain through a
//! [`lst_client::Chain`]: the devnode in tests and the demo, any JSON-RPC
//! endpoint otherwise.

pub mod db;
pub mod depositor;
pub mod keeper;
pub mod network;
pub mod notary;
pub mod oracle;
pub mod page;
pub mod relay;
pub mod service;
pub mod staker;
pub mod store;
pub mod unstake;
