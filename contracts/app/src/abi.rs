//! The Solidity ABI as both chains log and revert with it: 32-byte words,
//! four-byte selectors, and logs (a signature topic, the indexed fields as
//! topics, the others as data).
//!
//! Static types (addresses, unsigned integers) are one word each; a `bytes`
//! field of an event's data is a word of offset in the head and its length
//! and padded bytes in the tail ([`Param`], [`Log::data`]). Errors have
//! static fields only.

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

impl Word for bool {
    fn word(&self) -> [u8; 32] {
        U256::from(u8::from(*self)).word()
    }
}

impl Word for [u8; 32] {
    fn word(&self) -> [u8; 32] {
        *self
    }
}

impl<T: Word> Word for alloc::boxed::Box<T> {
    fn word(&self) -> [u8; 32] {
        (**self).word()
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

/// A call to another contract: its address, the value it sends, its
/// calldata (a selector and argument words) and whether the callee may call
/// back into this contract while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The callee.
    pub to: Address,
    /// Native value sent with the call.
    pub value: U256,
    /// The calldata.
    pub input: Vec<u8>,
    /// Whether the callee may call back into this contract (pallet-revive's
    /// `ALLOW_REENTRY`; a Stylus contract that takes such a call back is
    /// built reentrant).
    pub reentry: bool,
}

impl Call {
    /// A call of `selector` on `to`, without arguments or value.
    pub fn new(to: Address, selector: [u8; 4]) -> Self {
        Self { to, value: U256::ZERO, input: Vec::from(selector), reentry: false }
    }

    /// Adds an argument word.
    pub fn arg(mut self, value: &impl Word) -> Self {
        self.input.extend_from_slice(&value.word());
        self
    }

    /// Sends `value` with the call.
    pub fn with_value(mut self, value: U256) -> Self {
        self.value = value;
        self
    }

    /// Lets the callee call back into this contract.
    pub fn reentrant(mut self) -> Self {
        self.reentry = true;
        self
    }
}

/// The `N` first words of a call's return data; `CallReturnMalformed` if it
/// is shorter.
pub fn words<const N: usize>(data: &[u8]) -> crate::Result<[U256; N]> {
    let mut out = [U256::ZERO; N];
    for (i, word) in out.iter_mut().enumerate() {
        let start = i.saturating_mul(32);
        let bytes = data.get(start..start.saturating_add(32)).ok_or(crate::Error::CallReturnMalformed {})?;
        *word = U256::from_be_slice(bytes);
    }
    Ok(out)
}

/// The address in a word (its low 20 bytes).
pub fn address(word: U256) -> Address {
    let bytes = word.to_be_bytes::<32>();
    let mut out = [0u8; 20];
    if let Some(tail) = bytes.get(12..) {
        out.copy_from_slice(tail);
    }
    out
}

/// One field of an event's data: a static word, or dynamic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    /// A static value's word.
    Word([u8; 32]),
    /// A `bytes` value.
    Bytes(&'a [u8]),
}

/// A value an event's data can hold.
pub trait Param {
    /// The value as a data field.
    fn field(&self) -> Field<'_>;
}

impl<T: Word> Param for T {
    fn field(&self) -> Field<'_> {
        Field::Word(self.word())
    }
}

impl Param for Vec<u8> {
    fn field(&self) -> Field<'_> {
        Field::Bytes(self)
    }
}

/// The ABI encoding of `fields` as a tuple: the heads (a static value, or
/// the offset of a dynamic one), then the tails (a `bytes` value's length
/// and its bytes padded to whole words).
pub fn encode(fields: &[Field<'_>]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let head_len = fields.len().saturating_mul(32);
    for field in fields {
        match field {
            Field::Word(word) => head.extend_from_slice(word),
            Field::Bytes(bytes) => {
                head.extend_from_slice(&U256::from(head_len.saturating_add(tail.len())).word());
                tail.extend_from_slice(&U256::from(bytes.len()).word());
                tail.extend_from_slice(bytes);
                let padding = (32 - bytes.len() % 32) % 32;
                tail.resize(tail.len().saturating_add(padding), 0);
            }
        }
    }
    head.extend_from_slice(&tail);
    head
}

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

    /// Appends a static field's word to the data.
    pub fn word(mut self, value: &impl Word) -> Self {
        self.data.extend_from_slice(&value.word());
        self
    }

    /// Sets the data: non-indexed fields with `bytes` among them,
    /// ABI-encoded.
    pub fn data_fields(mut self, fields: &[Field<'_>]) -> Self {
        self.data = encode(fields);
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
/// the others each listed in ABI order — `data { .. }` when they are all
/// static (one word each, appended), `dynamic { .. }` when `bytes` are
/// among them (heads and tails, [`encode`]) — and its [`Event`]
/// implementation. The signature is written out as the ABI declares it; a
/// test checks each one against `abi/*.json`.
///
/// ```text
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
            $kind:ident { $($field:ident : $field_ty:ty),* $(,)? }
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
                let log = $crate::abi::Log::new(TOPIC) $(.topic(&self.$topic))*;
                $crate::events!(@data $kind log self $($field)*)
            }
        }
    )*};
    // Static fields: one word each, appended.
    (@data data $log:ident $self:ident $($field:ident)*) => { $log $(.word(&$self.$field))* };
    // Fields with `bytes` among them: ABI-encoded with heads and tails.
    (@data dynamic $log:ident $self:ident $($field:ident)*) => {
        $log.data_fields(&[$($crate::abi::Param::field(&$self.$field)),*])
    };
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
    fn bytes_in_the_data_are_an_offset_then_their_length_and_padded_bytes() {
        let data = encode(&[Field::Word(7u8.word()), Field::Bytes(&[1, 2, 3]), Field::Bytes(&[])]);
        assert_eq!(data.len(), 32 * 3 + 64 + 32);
        assert_eq!(data[32..64], U256::from(96u8).word());
        assert_eq!(data[64..96], U256::from(160u8).word());
        assert_eq!(data[96..128], U256::from(3u8).word());
        assert_eq!(data[128..131], [1, 2, 3]);
        assert_eq!(data[131..160], [0u8; 29]);
        assert_eq!(data[160..192], U256::ZERO.word());
    }

    #[test]
    fn a_call_is_its_selector_then_its_argument_words() {
        let call = Call::new([1; 20], selector("unlock(uint256)")).arg(&U256::from(7u8));
        assert_eq!(call.input[..4], selector("unlock(uint256)"));
        assert_eq!(call.input[4..], U256::from(7u8).word());
        assert!(!call.reentry && call.value.is_zero());
    }

    #[test]
    fn return_data_shorter_than_its_words_is_call_return_malformed() {
        assert_eq!(words::<2>(&[0u8; 63]), Err(crate::Error::CallReturnMalformed {}));
        assert_eq!(words::<1>(&U256::from(9u8).word()), Ok([U256::from(9u8)]));
    }

    #[test]
    fn an_address_is_the_low_twenty_bytes_of_its_word() {
        assert_eq!(address(U256::from_be_bytes([5u8; 20].word())), [5u8; 20]);
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
