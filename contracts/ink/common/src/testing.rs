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

/// The revert data a refused message of the app layer reverts with.
pub fn revert_data(failure: crate::Failure) -> Vec<u8> {
    ink::sol::SolErrorEncode::encode(&failure)
}

/// Asserts that a message logged exactly what `event`'s `#[ink(event)]`
/// declaration logs (the app layer writes its logs itself; the declaration
/// is what cargo-contract lists in the ABI).
pub fn assert_logged<E: ink::env::Event<ink::abi::Sol>>(event: E) {
    let logged = logs();
    ink::env::emit_event(event);
    let declared = logs().pop();
    assert!(declared.as_ref().is_some_and(|d| logged.contains(d)), "{declared:?} not among {logged:?}");
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

/// Real secp256k1 keys for the permit tests: a holder signs an EIP-2612
/// permit as a wallet would, over the core's EIP-712 digest (checked against
/// alloy's in the core's tests). In this crate's tests, and for the tokens'
/// tests through the `test-keys` feature.
#[cfg(any(test, feature = "test-keys"))]
pub mod keys {
    use crate::{address_bytes, keccak256, to_core, Bytes32, Crypto};
    use ink::{Address, U256};
    use lst_core::claim::{self, Permit};

    /// A secp256k1 signing key (k256's).
    pub use k256::ecdsa::SigningKey;

    /// The key whose 32 secret bytes are all `seed` (`seed` > 0).
    pub fn key(seed: u8) -> SigningKey {
        SigningKey::from_slice(&[seed; 32]).expect("a non-zero scalar below the order")
    }

    /// The Ethereum address of `key`.
    pub fn address_of(key: &SigningKey) -> Address {
        let point = key.verifying_key().to_encoded_point(false);
        let hash = keccak256(&point.as_bytes()[1..]);
        Address::from_slice(&hash[12..])
    }

    /// What a permit signs besides the token's domain.
    #[derive(Debug, Clone, Copy)]
    pub struct PermitTerms {
        /// The holder the permit names (a forgery names someone else).
        pub owner: Address,
        /// Who may spend.
        pub spender: Address,
        /// The allowance.
        pub value: U256,
        /// The holder's nonce the permit uses.
        pub nonce: U256,
        /// Last timestamp (seconds) it is good for.
        pub deadline: U256,
    }

    /// `key`'s signature `(v, r, s)` of the permit `terms` for the token whose
    /// EIP-712 domain separator is `domain`.
    pub fn sign_permit(key: &SigningKey, domain: &[u8; 32], terms: PermitTerms) -> (u8, Bytes32, Bytes32) {
        let permit = Permit {
            owner: address_bytes(terms.owner),
            spender: address_bytes(terms.spender),
            value: to_core(terms.value),
            nonce: to_core(terms.nonce),
            deadline: to_core(terms.deadline),
        };
        let digest = claim::typed_data_digest(&Crypto, domain, &claim::permit_struct_hash(&Crypto, &permit));
        let (signature, id) = key.sign_prehash_recoverable(&digest).expect("signing a 32-byte digest");
        let bytes = signature.to_bytes();
        let mut r = [0u8; 32];
        let mut s = [0u8; 32];
        r.copy_from_slice(&bytes[..32]);
        s.copy_from_slice(&bytes[32..]);
        (27 + id.to_byte(), r.into(), s.into())
    }
}

/// Fails when `error` is a core rule missing from `listed` (the contract's
/// `CORE_ERRORS`): a rule a contract raises must be in its ABI.
pub fn assert_listed(error: &crate::Error, listed: &[lst_core::CoreError]) {
    if let crate::Error::Core(rule) = error {
        assert!(listed.contains(rule), "{rule:?} is raised but missing from the ABI (lst_core::error::raised)");
    }
}
