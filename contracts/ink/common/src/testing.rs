//! Helpers for the contracts' off-chain `#[ink::test]` unit tests: accounts,
//! time, and the Solidity-encoded events the test environment recorded.

#![allow(clippy::expect_used, clippy::indexing_slicing)] // test support: a missing event is a failed test
use ink::{env::test, Address, U256};

/// Makes `account` the caller of the next messages.
pub fn call_as(account: Address) {
    test::set_caller(account);
}

/// Sets the block timestamp (seconds).
pub fn set_time(secs: u64) {
    test::set_block_timestamp::<crate::Env>(secs);
}

/// Sets the block number.
pub fn set_block(number: u32) {
    test::set_block_number::<crate::Env>(number);
}

/// A distinct test account: `0x00…00NN`.
pub fn account(n: u8) -> Address {
    let mut bytes = [0u8; 20];
    bytes[19] = n;
    Address::from(bytes)
}

/// One emitted event: its Solidity signature hash, indexed topics and data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// `keccak256` of the event's signature.
    pub signature: [u8; 32],
    /// The indexed fields, one 32-byte word each.
    pub topics: Vec<[u8; 32]>,
    /// The ABI-encoded non-indexed fields.
    pub data: Vec<u8>,
}

impl Log {
    /// Builds the expected log of `signature` (e.g. `"Paused(address)"`).
    pub fn new(signature: &str, topics: Vec<[u8; 32]>, data: Vec<u8>) -> Self {
        Self { signature: crate::keccak256(signature.as_bytes()), topics, data }
    }
}

/// Every event recorded so far, oldest first.
pub fn logs() -> Vec<Log> {
    test::recorded_events()
        .into_iter()
        .map(|e| {
            let mut topics = e.topics.into_iter();
            let signature = topics.next().unwrap_or_default();
            Log { signature, topics: topics.collect(), data: e.data }
        })
        .collect()
}

/// The most recent event.
pub fn last_log() -> Log {
    logs().pop().expect("no event was emitted")
}

/// How many events were recorded so far (to check a failed call added none).
pub fn log_count() -> usize {
    test::recorded_events().len()
}

/// An address as a 32-byte ABI word.
pub fn word(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_bytes());
    w
}

/// A number as a 32-byte ABI word.
pub fn uint(v: impl Into<U256>) -> [u8; 32] {
    v.into().to_big_endian()
}

/// Concatenated words: the ABI encoding of static non-indexed fields.
pub fn words(ws: &[[u8; 32]]) -> Vec<u8> {
    ws.concat()
}

/// The ratio feed as the contracts' unit tests see it (see
/// [`crate::calls`]): answers what a test set, and reverts like the real
/// feed (`UnknownToken(token)`) for a token it was not told about.
pub mod feed {
    use crate::{Error, Result};
    use core::cell::RefCell;
    use ink::{Address, U256};
    use std::collections::HashMap;

    std::thread_local!(static RATIOS: RefCell<HashMap<(Address, Address), U256>> = RefCell::new(HashMap::new()));

    /// Makes `feed.getRatioFor(token)` answer `ratio`.
    pub fn set_ratio(feed: Address, token: Address, ratio: U256) {
        RATIOS.with(|r| r.borrow_mut().insert((feed, token), ratio));
    }

    /// What `feed.getRatioFor(token)` answers.
    pub fn get_ratio_for(feed: Address, token: Address) -> Result<U256> {
        RATIOS
            .with(|r| r.borrow().get(&(feed, token)).copied())
            .ok_or_else(|| Error::Revert(Error::UnknownToken { token }.encode()))
    }
}
