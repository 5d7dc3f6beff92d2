//! The Solidity ABI as both chains log and revert with it: 32-byte words,
//! four-byte selectors, and logs (a signature topic, the indexed fields as
//! topics, the others as data).
//!
//! Only static types occur in the migrated messages' events and errors
//! (addresses, unsigned integers), each one word; [`Log`] and the error
//! encoder write them in declaration order.

use crate::{Address, U256};
use alloc::vec::Vec;

/// Keccak-256 of `text`, at compile time.
pub const fn keccak(text: &str) -> [u8; 32] {
    keccak_const::Keccak256::new().update(text.as_bytes()).finalize()
}

/// The four-byte selector of a function or error signature, at compile time.
pub const fn selector(signature: &str) -> [u8; 4] {
    let hash = keccak(signature);
    [hash[0], hash[1], hash[2], hash[3]]
}

/// A value as one ABI word (a static Solidity type).
pub trait Word {
    /// The 32-byte big-endian word.
    fn word(&self) -> [u8; 32];
}

impl Word for U256 {
    fn word(&self) -> [u8; 32] {
        self.to_be_bytes::<32>()
    }
}

impl Word for Address {
    fn word(&self) -> [u8; 32] {
        let mut word = [0u8; 32];
        if let Some(tail) = word.get_mut(12..) {
            tail.copy_from_slice(self);
        }
        word
    }
}

macro_rules! uint_word {
    ($($ty:ty),*) => {$(
        impl Word for $ty {
            fn word(&self) -> [u8; 32] {
                U256::from(*self).word()
            }
        }
    )*};
}
uint_word!(u8, u32, u64, u128);

/// One log: up to four topics and its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    topics: [[u8; 32]; 4],
    len: usize,
    data: Vec<u8>,
}

impl Log {
    /// A log whose first topic is `signature` (an event's hash).
    pub fn new(signature: [u8; 32]) -> Self {
        Self { topics: [signature, [0; 32], [0; 32], [0; 32]], len: 1, data: Vec::new() }
    }

    /// Adds an indexed field (events have at most three besides the
    /// signature; a fourth is dropped, which the event declarations below
    /// never ask for).
    pub fn topic(mut self, value: &impl Word) -> Self {
        if let Some(slot) = self.topics.get_mut(self.len) {
            *slot = value.word();
            self.len = self.len.saturating_add(1);
        }
        self
    }

    /// Adds a field to the data.
    pub fn word(mut self, value: &impl Word) -> Self {
        self.data.extend_from_slice(&value.word());
        self
    }

    /// The topics, signature first.
    pub fn topics(&self) -> &[[u8; 32]] {
        self.topics.get(..self.len).unwrap_or_default()
    }

    /// The data: the non-indexed fields' words.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

/// An event of the suite: its Solidity signature and its log.
pub trait Event {
    /// `Name(type,type,...)`, as the contract's ABI declares it.
    const SIGNATURE: &'static str;
    /// The event as it is logged.
    fn log(&self) -> Log;
}

/// Declares events: a struct per event, its indexed fields (`topics`) and
/// the others (`data`) each listed in ABI order, and its [`Event`]
/// implementation. The signature is written out as the ABI declares it; a
/// test checks each one against `abi/*.json`.
///
/// ```ignore
/// events! {
///     /// Stake was deposited.
///     StakeAdded = "StakeAdded(address,uint256)" { topics { pool: Address } data { amount: U256 } }
/// }
/// ```
#[macro_export]
macro_rules! events {
    ($(
        $(#[$meta:meta])*
        $name:ident = $signature:literal {
            topics { $($topic:ident : $topic_ty:ty),* $(,)? }
            data { $($field:ident : $field_ty:ty),* $(,)? }
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[allow(non_snake_case, missing_docs, unreachable_pub)]
        pub struct $name {
            $(pub $topic: $topic_ty,)*
            $(pub $field: $field_ty,)*
        }

        impl $crate::abi::Event for $name {
            const SIGNATURE: &'static str = $signature;

            fn log(&self) -> $crate::abi::Log {
                const TOPIC: [u8; 32] = $crate::abi::keccak($signature);
                $crate::abi::Log::new(TOPIC)
                    $(.topic(&self.$topic))*
                    $(.word(&self.$field))*
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiny_keccak::{Hasher, Keccak};

    fn reference_keccak(text: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        let mut hasher = Keccak::v256();
        hasher.update(text.as_bytes());
        hasher.finalize(&mut out);
        out
    }

    crate::events! {
        /// A sample with two indexed fields.
        Sample = "Sample(address,uint64,uint256)" { topics { pool: Address, epoch: u64 } data { amount: U256 } }
    }

    #[test]
    fn a_selector_is_the_first_four_bytes_of_the_signatures_keccak() {
        // keccak256("transfer(address,uint256)") = 0xa9059cbb…
        assert_eq!(selector("transfer(address,uint256)"), [0xa9, 0x05, 0x9c, 0xbb]);
        assert_eq!(keccak("Sample(address,uint64,uint256)"), reference_keccak("Sample(address,uint64,uint256)"));
    }

    #[test]
    fn an_address_word_is_left_padded() {
        let word = [7u8; 20].word();
        assert_eq!(word[..12], [0u8; 12]);
        assert_eq!(word[12..], [7u8; 20]);
    }

    #[test]
    fn an_integer_word_is_big_endian() {
        let word = 0x0102u64.word();
        assert_eq!(word[30..], [1, 2]);
        assert_eq!(word[..30], [0u8; 30]);
    }

    #[test]
    fn an_event_logs_its_signature_its_indexed_fields_then_its_data() {
        let log = Sample { pool: [9; 20], epoch: 3, amount: U256::from(5u8) }.log();
        assert_eq!(log.topics().len(), 3);
        assert_eq!(log.topics()[0], reference_keccak("Sample(address,uint64,uint256)"));
        assert_eq!(log.topics()[1], [9u8; 20].word());
        assert_eq!(log.topics()[2], 3u64.word());
        assert_eq!(log.data(), U256::from(5u8).word());
    }
}
