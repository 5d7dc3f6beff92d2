//! Accounts for motsu tests that are contracts: motsu 0.10 sends value only
//! to a contract, so a test's users, owners and payees are [`Wallet`]s, and
//! a payee that refuses a payment is a [`Refuser`]. Behind the
//! `test-accounts` feature, a dev-dependency feature of the contracts'
//! tests: never in a deployed contract.
#![allow(unreachable_pub)]

use alloc::{vec, vec::Vec};
use stylus_sdk::prelude::*;

pub use self::{refuser::Refuser, wallet::Wallet};

/// An account that accepts every payment.
pub mod wallet {
    use super::*;

    /// Accepts every payment of the native token, as an account without
    /// code does whatever the calldata: a plain transfer, and `Staking`'s
    /// payment call (`onStakingPayment()`); as a deposit address, its
    /// `stakeRoom()` has no limit.
    #[entrypoint]
    #[storage]
    pub struct Wallet;

    #[public]
    impl Wallet {
        #[receive]
        fn receive(&mut self) -> Result<(), Vec<u8>> {
            Ok(())
        }

        #[payable]
        fn on_staking_payment(&mut self) -> Result<(), Vec<u8>> {
            Ok(())
        }

        /// As the AVAX pool's deposit address, it takes any amount.
        fn stake_room(&self) -> alloy_primitives::U256 {
            alloy_primitives::U256::MAX
        }
    }
}

/// An account that refuses every payment.
pub mod refuser {
    use super::*;

    /// Refuses every payment of the native token (reverts with `0xdead`).
    #[entrypoint]
    #[storage]
    pub struct Refuser;

    #[public]
    impl Refuser {
        #[receive]
        fn receive(&mut self) -> Result<(), Vec<u8>> {
            Err(vec![0xde, 0xad])
        }
    }
}
