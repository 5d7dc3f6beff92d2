//! AvalancheDelegator, for Arbitrum Stylus: the AVAX pool's operator side,
//! which spreads the pool's stake over a set of validators. Every message
//! is [`lst_app::avalanche_delegator`]'s, where an auditor reads it once
//! for both platforms (its scheduled changes [`lst_app::timelock`]'s); this
//! crate lays out the storage, declares the ABI and dispatches to it.
//!
//! It is a contract of its own because the pool with these functions was
//! over the Stylus size budget; the pool's user-facing ABI did not change.
//! Its deployable is built with stylus-sdk's `reentrant` feature: a stake
//! account pays withdrawn stake back while `withdrawStakes` is calling it.
//! Every message changes its state before its external calls, and the only
//! call that can come back is that payment, accepted from the set's
//! accounts alone.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
#![cfg_attr(any(target_arch = "wasm32", feature = "export-abi"), allow(missing_docs))]
extern crate alloc;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use lst_app::avalanche_delegator::{self as app, Member, Wiring};
use lst_stylus_common::{timelock::Timelock, Failure};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU256, StorageVec},
};

lst_stylus_common::sol_abi! {
    /// AVAX the pool collected, staked with the validator of `account`.
    #[derive(Debug, PartialEq, Eq)]
    event StakesDelegated(address indexed account, uint256 amount);
    /// Stake of `account`'s validator unlocking for the queue.
    #[derive(Debug, PartialEq, Eq)]
    event StakesUnlocked(address indexed account, uint256 amount);
    /// Unlocked stake brought back to the pool, from every validator.
    #[derive(Debug, PartialEq, Eq)]
    event StakesWithdrawn(uint256 amount);
    /// A measured report: the growth found, the part reported to the pool,
    /// and the part carried to the next report (past the feed's bound).
    #[derive(Debug, PartialEq, Eq)]
    event RewardsMeasured(uint256 growth, uint256 reported, uint256 carried);
    /// The validator of `account` joined the set.
    #[derive(Debug, PartialEq, Eq)]
    event ValidatorAdded(address indexed account);
    /// The validator of `account` was retired; `unlocked` of its stake
    /// started unlocking.
    #[derive(Debug, PartialEq, Eq)]
    event ValidatorRetired(address indexed account, uint256 unlocked);
    /// A retired validator left the set, everything it held back.
    #[derive(Debug, PartialEq, Eq)]
    event ValidatorRemoved(address indexed account);
}

/// The core rules this contract can raise: its ABI lists exactly these
/// (`lst_core::error::raised`).
pub const CORE_ERRORS: &[lst_core::CoreError] = lst_core::error::raised::AVALANCHE_DELEGATOR;

/// The delegator's state.
#[entrypoint]
#[storage]
pub struct AvalancheDelegator {
    pool: StorageAddress,
    staking: StorageAddress,
    /// The validator set: each account's address (bits 0..160) and its
    /// retiring flag (bit 160), one word each.
    members: StorageVec<StorageU256>,
    changes: Timelock,
    /// Whether any stake was ever delegated (additions then wait).
    delegating: StorageBool,
}

lst_stylus_common::app_host!(AvalancheDelegator);

lst_app::store_in!(timelock: AvalancheDelegator, changes);

/// A member as one word: the address in the low 160 bits, the retiring
/// flag above it.
fn pack(member: Member) -> U256 {
    let address = U256::from_be_slice(&member.account);
    if member.retiring {
        address | (U256::from(1u8) << 160)
    } else {
        address
    }
}

fn unpack(word: U256) -> Member {
    let bytes = word.to_be_bytes::<32>();
    let mut account = [0u8; 20];
    account.copy_from_slice(&bytes[12..]);
    Member { account, retiring: word.bit(160) }
}

impl app::Store for AvalancheDelegator {
    fn wiring(&self) -> Wiring {
        Wiring { pool: self.pool.get().into_array(), staking: self.staking.get().into_array() }
    }

    fn set_wiring(&mut self, wiring: Wiring) {
        self.pool.set(Address::from(wiring.pool));
        self.staking.set(Address::from(wiring.staking));
    }

    fn member_count(&self) -> u32 {
        // The set never holds more than MAX_VALIDATORS members.
        u32::try_from(self.members.len()).unwrap_or(u32::MAX)
    }

    fn member(&self, index: u32) -> Option<Member> {
        self.members.get(index as usize).map(unpack)
    }

    fn set_member(&mut self, index: u32, member: Member) {
        if let Some(mut slot) = self.members.setter(index as usize) {
            slot.set(pack(member));
        }
    }

    fn push_member(&mut self, member: Member) {
        self.members.push(pack(member));
    }

    fn pop_member(&mut self) {
        self.members.erase_last();
    }

    fn delegating(&self) -> bool {
        self.delegating.get()
    }

    fn set_delegating(&mut self) {
        self.delegating.set(true);
    }
}

/// The ABI entry points: each runs the message of
/// [`lst_app::avalanche_delegator`].
#[public]
impl AvalancheDelegator {
    /// See [`app::init`].
    #[constructor]
    pub fn constructor(&mut self, pool: Address, staking: Address, change_delay_secs: u64) -> Result<(), Failure> {
        Ok(app::init(self, pool.into_array(), staking.into_array(), change_delay_secs)?)
    }

    /// See [`app::on_staking_payment`].
    #[payable]
    pub fn on_staking_payment(&mut self) -> Result<(), Failure> {
        Ok(app::on_staking_payment(self)?)
    }

    /// See [`app::unlock_stakes`].
    pub fn unlock_stakes(&mut self, amount: U256) -> Result<(), Failure> {
        Ok(app::unlock_stakes(self, amount)?)
    }

    /// See [`app::withdraw_stakes`].
    pub fn withdraw_stakes(&mut self) -> Result<U256, Failure> {
        Ok(app::withdraw_stakes(self)?)
    }

    /// See [`app::report_rewards`].
    pub fn report_rewards(&mut self) -> Result<(), Failure> {
        Ok(app::report_rewards(self)?)
    }

    /// See [`app::measured_rewards`]: (growth, reported, carried).
    pub fn measured_rewards(&self) -> Result<(U256, U256, U256), Failure> {
        Ok(app::measured_rewards(self)?)
    }

    /// See [`app::stake_room`].
    pub fn stake_room(&self) -> Result<U256, Failure> {
        Ok(app::stake_room(self)?)
    }

    /// See [`app::add_validator`].
    pub fn add_validator(&mut self, account: Address) -> Result<(), Failure> {
        Ok(app::add_validator(self, account.into_array())?)
    }

    /// See [`app::retire_validator`].
    pub fn retire_validator(&mut self, account: Address) -> Result<(), Failure> {
        Ok(app::retire_validator(self, account.into_array())?)
    }

    /// See [`app::cancel_change`].
    pub fn cancel_change(&mut self, key: B256) -> Result<(), Failure> {
        Ok(app::cancel_change(self, key.0)?)
    }

    /// See [`lst_app::timelock::pending`].
    pub fn pending_change(&self, key: B256) -> (B256, U256) {
        let (value, at) = lst_app::timelock::pending(self, key.0);
        (B256::from(value), at)
    }

    /// See [`app::validators`].
    pub fn validators(&self) -> Vec<Address> {
        app::validators(self).into_iter().map(Address::from).collect()
    }

    /// See [`app::is_retiring`].
    pub fn is_retiring(&self, account: Address) -> Result<bool, Failure> {
        Ok(app::is_retiring(self, account.into_array())?)
    }

    /// The delegator's wiring: (pool, `Staking`).
    pub fn wiring(&self) -> (Address, Address) {
        let w = app::Store::wiring(self);
        (Address::from(w.pool), Address::from(w.staking))
    }
}

#[cfg(test)]
mod tests;
