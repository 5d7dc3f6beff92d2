//! Platform-free protocol logic of the liquid-staking suite.
//!
//! Everything an auditor needs to read once lives here, with no Stylus or ink!
//! dependency: the full-width ratio math ([`math`]), the reward fee split and
//! ratio formula ([`rewards`]), a pool's accounted totals ([`ledger`]), the bounded ratio-feed policy ([`policy`]),
//! stake rules ([`stake`]), the bond token's share moves ([`bond`]), the
//! first-in first-out unstake queue ([`queue`]),
//! notarised EIP-712 claims ([`claim`]) and each bond's mint limit
//! ([`mint_limit`]), SS58 recipients ([`ss58`]) and the
//! Aptos-style validator stake pool ([`validator`]), how the AVAX pool
//! spreads its stake over a set of validators ([`delegation`]), and the
//! rule of scheduled admin changes ([`timelock`]).
//!
//! Functions are pure: inputs in, `Result<_, CoreError>` out. Structures that
//! need storage (the queue) are generic over a small trait each platform
//! implements with its own mappings. Every amount is a [`U256`] in the asset's
//! smallest unit; ratios are fixed point scaled by [`math::ONE`] (1e18).
#![no_std]
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::arithmetic_side_effects
    )
)]

#[cfg(any(feature = "alloc", test))]
extern crate alloc;

pub mod blake2b;
pub mod bond;
pub mod claim;
pub mod delegation;
pub mod error;
pub mod ledger;
pub mod math;
pub mod mint_limit;
pub mod policy;
pub mod queue;
pub mod rewards;
pub mod ss58;
pub mod stake;
pub mod timelock;
pub mod validator;

pub use error::CoreError;

/// 256-bit unsigned integer, the EVM word (the same type as
/// `alloy_primitives::U256`, so Stylus uses it without conversion).
pub type U256 = ruint::aliases::U256;

/// A 20-byte EVM account address.
pub type Address = [u8; 20];

/// The zero address.
pub const ZERO_ADDRESS: Address = [0u8; 20];

/// Result type of every fallible core function.
pub type CoreResult<T> = Result<T, CoreError>;
