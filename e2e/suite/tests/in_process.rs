//! The scenario suite on the in-process devnode chain.
#![allow(missing_docs, clippy::panic)]

use lst_e2e::{scenarios, InProcess};

fn chain() -> InProcess {
    InProcess::new(412_346).unwrap_or_else(|e| panic!("{e}"))
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
