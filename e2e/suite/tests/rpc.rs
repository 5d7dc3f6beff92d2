//! The scenario suite over JSON-RPC: `STYLUS_RPC_URL` (scripts/test.sh starts a devnode
//! process and sets it; run with `--test-threads=1`, the scenarios share
//! its dev accounts).
#![allow(missing_docs, clippy::panic)]

use lst_e2e::{scenarios, Rpc};

fn chain() -> Rpc {
    Rpc::from_env().unwrap_or_else(|e| panic!("{e}"))
}

macro_rules! scenario {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            if let Err(e) = scenarios::$name(&mut chain()) {
                panic!("{}: {e}", stringify!($name));
            }
        }
    )*};
}

scenario!(avax_lifecycle, rate_provider_bounds, pause_keeps_withdrawals_open, access_control, polkadot_claim_and_burn);
