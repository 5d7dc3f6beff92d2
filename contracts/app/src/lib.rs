//! The suite's messages, written once.
//!
//! [`lst_core`] holds the rules as pure functions; this crate holds each
//! message of each contract as the sequence an auditor reads: who may call
//! it, the core's rule, what is stored, which events are logged and which
//! error a refusal names. It is generic over a small platform interface —
//! [`Host`] (caller, value, time, logs, payments) and one storage trait per
//! contract (its slots and maps, as logical records) — which the Stylus and
//! ink! crates implement, beside their ABI entry points; they hold nothing
//! else.
//!
//! - [`abi`]: Solidity ABI words, selectors and logs, as the two chains
//!   write them;
//! - [`error`]: every named refusal of the migrated contracts and its
//!   revert data;
//! - [`calls`]: the calls the contracts make to each other, encoded and
//!   decoded once;
//! - [`cert_token`]: the certificate token (`CertToken`: ankrAVAX);
//! - [`bond_token`]: the bond tokens (`BondToken`: aAVAXb, aKSMb, aDOTb);
//! - [`erc20`], [`permit`], [`gate`], [`pausable`]: what the tokens share
//!   — ERC-20 and EIP-2612 permits, the pool that mints, the pause switch;
//! - [`operator`]: the pools' operator;
//! - [`ownable`]: two-step ownership (OpenZeppelin's `Ownable2Step` ABI);
//! - [`polkadot_pool`]: KSM/DOT bonds against notarised claims
//!   (`PolkadotPool`);
//! - [`rate_provider`]: the bounded ratio feed (`RateProvider`);
//! - [`staking`]: the validator staking contract (`Staking`);
//! - [`avalanche_delegator`]: the AVAX pool's operator side
//!   (`AvalancheDelegator`);
//! - [`validator_config`]: the validators' node data (`ValidatorConfig`);
//! - [`timelock`]: scheduled admin changes, shared by the feed and the
//!   pools on both platforms.
//!
//! A message either returns `Ok` with every write and log made, or an
//! [`Error`] — and both chains revert a failed call, so what a failed
//! message wrote before it refused is discarded there. The behaviour tests
//! run every message against an in-memory platform that reverts the same
//! way, and check that a refused call changes nothing.
#![no_std]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::cast_possible_truncation
    )
)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod abi;
pub mod avalanche_delegator;
pub mod avalanche_pool;
pub mod bond_token;
pub mod calls;
pub mod cert_token;
pub mod erc20;
pub mod error;
pub mod gate;
pub mod operator;
pub mod ownable;
pub mod pausable;
pub mod permit;
pub mod polkadot_pool;
pub mod rate_provider;
pub mod stake_account;
pub mod staking;
pub mod timelock;
pub mod validator_config;

#[cfg(test)]
mod memory;

use alloc::vec::Vec;
pub use error::{Error, Result};
pub use lst_core::{Address, U256};
pub use ownable::Owned;

/// What a message needs from the chain it runs on, besides its storage.
pub trait Host {
    /// The account that sent the current message.
    fn caller(&self) -> Address;
    /// The native value the message brought (zero for non-payable ones).
    fn value(&self) -> U256;
    /// The current block's timestamp, in seconds.
    fn now(&self) -> u64;
    /// The current block's number.
    fn block_number(&self) -> u64;
    /// This contract's address.
    fn this(&self) -> Address;
    /// `account`'s balance of the native currency.
    fn balance(&self, account: Address) -> U256;
    /// Appends `log` to the transaction's logs.
    fn log(&mut self, log: &abi::Log);
    /// Sends `amount` of the native currency to `to` with the calldata of
    /// `onStakingPayment()` (an account ignores it, a contract of the suite
    /// takes the payment there): whether `to` accepted it.
    fn pay(&mut self, to: Address, amount: U256) -> bool;
    /// Makes `call`: the callee's return data, or its revert data.
    fn call(&mut self, call: &abi::Call) -> core::result::Result<Vec<u8>, Vec<u8>>;
    /// Reads from `to` with `input` (a static call): its return data, or
    /// its revert data.
    fn view(&self, to: Address, input: &[u8]) -> core::result::Result<Vec<u8>, Vec<u8>>;
}

/// Logs `event` through `host`.
pub fn emit<H: Host + ?Sized, E: abi::Event>(host: &mut H, event: E) {
    host.log(&event.log());
}

/// `account`, or [`Error::ZeroAddress`] when it is the zero address.
pub fn non_zero(account: Address) -> Result<Address> {
    if account == lst_core::ZERO_ADDRESS {
        return Err(Error::ZeroAddress {});
    }
    Ok(account)
}

/// Implements an app-layer store for a contract, on either platform, by
/// handing each record to the field that keeps it:
/// `store_in!(timelock: Contract, changes)` ([`timelock::Store`]),
/// `store_in!(pausable: Contract, field)` ([`pausable::Store`]),
/// `store_in!(queue: Contract, field)` (the unstake queue's
/// [`avalanche_pool::QueueStore`]) and
/// `store_in!(gate: Contract, field)` ([`gate::Store`] and
/// [`pausable::Store`], a token's mint gate).
#[macro_export]
macro_rules! store_in {
    (timelock: $contract:ty, $field:ident) => {
        impl $crate::timelock::Store for $contract {
            fn delay(&self) -> u64 {
                $crate::timelock::Store::delay(&self.$field)
            }

            fn set_delay(&mut self, delay_secs: u64) {
                $crate::timelock::Store::set_delay(&mut self.$field, delay_secs)
            }

            fn waiting(&self, key: [u8; 32]) -> Option<$crate::timelock::Scheduled> {
                $crate::timelock::Store::waiting(&self.$field, key)
            }

            fn set_waiting(&mut self, key: [u8; 32], waiting: Option<$crate::timelock::Scheduled>) {
                $crate::timelock::Store::set_waiting(&mut self.$field, key, waiting)
            }
        }
    };
    (pausable: $contract:ty, $field:ident) => {
        impl $crate::pausable::Store for $contract {
            fn pauser(&self) -> $crate::Address {
                $crate::pausable::Store::pauser(&self.$field)
            }

            fn set_pauser(&mut self, pauser: $crate::Address) {
                $crate::pausable::Store::set_pauser(&mut self.$field, pauser)
            }

            fn paused(&self) -> bool {
                $crate::pausable::Store::paused(&self.$field)
            }

            fn set_paused(&mut self, paused: bool) {
                $crate::pausable::Store::set_paused(&mut self.$field, paused)
            }
        }
    };
    (queue: $contract:ty, $field:ident) => {
        impl $crate::avalanche_pool::QueueStore for $contract {
            fn header(&self) -> $crate::avalanche_pool::QueueHeader {
                $crate::avalanche_pool::QueueStore::header(&self.$field)
            }

            fn set_header(&mut self, header: $crate::avalanche_pool::QueueHeader) {
                $crate::avalanche_pool::QueueStore::set_header(&mut self.$field, header)
            }

            fn request(&self, id: $crate::avalanche_pool::RequestId) -> Option<$crate::avalanche_pool::Request> {
                $crate::avalanche_pool::QueueStore::request(&self.$field, id)
            }

            fn set_request(&mut self, id: $crate::avalanche_pool::RequestId, request: $crate::avalanche_pool::Request) {
                $crate::avalanche_pool::QueueStore::set_request(&mut self.$field, id, request)
            }

            fn pending_of(&self, owner: &$crate::Address) -> $crate::U256 {
                $crate::avalanche_pool::QueueStore::pending_of(&self.$field, owner)
            }

            fn set_pending_of(&mut self, owner: &$crate::Address, assets: $crate::U256) {
                $crate::avalanche_pool::QueueStore::set_pending_of(&mut self.$field, owner, assets)
            }
        }
    };
    (gate: $contract:ty, $field:ident) => {
        $crate::store_in!(pausable: $contract, $field);

        impl $crate::gate::Store for $contract {
            fn pool(&self) -> $crate::Address {
                $crate::gate::Store::pool(&self.$field)
            }

            fn set_pool(&mut self, pool: $crate::Address) {
                $crate::gate::Store::set_pool(&mut self.$field, pool)
            }
        }
    };
}
