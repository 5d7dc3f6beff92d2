//! One event emitter for every contract of the suite: [`emit`].
//!
//! ink!'s `emit_event` is generic over the event type, and the PolkaVM
//! code of its body (a scoped buffer, the topics collected into a vector,
//! the data copied in behind them, the host call) is compiled again for
//! every event type a contract emits. [`emit`] asks the `#[ink(event)]`
//! value for its topics and its data — the encoding ink! itself uses, from
//! the code the event's macro generated — and hands the words and bytes to
//! one function that emits them, so that body is compiled once per topic
//! count (at most four) instead of once per event. The log is byte for byte
//! the one `self.env().emit_event(event)` writes (tested below), and the
//! events stay declared with `#[ink(event)]`, so cargo-contract lists them
//! in the contract's ABI as before.
//!
//! Measured (`.polkavm` bytes, `scripts/sizes.sh`, before -> after):
//! AvalanchePool 50,606 -> 48,555 (13 event types); RateProvider 25,878 ->
//! 26,149, whose four event types do not pay for the shared body.

use ink::{
    abi::{AbiEncodeWith, Sol},
    env::event::{state::HasRemainingTopics, Event, TopicsBuilder, TopicsBuilderBackend},
    prelude::vec::Vec,
    sol::{FixedBytes, SolEncode},
};

/// Emits `event` as ink!'s `emit_event` would, through one shared emitter.
pub fn emit<E: Event<Sol>>(event: E) {
    let topics = event.topics(TopicsBuilder::from(Topics::default()));
    emit_log(&topics, event.encode_data());
}

/// Logs an event of the app layer (`lst_app::abi::Log`): the same log an
/// `#[ink(event)]` of its declaration writes (tested below).
///
/// On chain the log goes straight to pallet-revive's `deposit_event`: the
/// app's log is already topics and data, and ink!'s event path (a type per
/// topic count, the data copied) cost 1,058 bytes of PolkaVM code in every
/// contract that logs only through the app layer.
#[cfg(not(feature = "std"))]
pub fn emit_app(log: &lst_app::abi::Log) {
    use pallet_revive_uapi::{HostFn, HostFnImpl};
    HostFnImpl::deposit_event(log.topics(), log.data());
}

/// Logs an event of the app layer in ink!'s off-chain test environment,
/// through ink!'s event path (which records it for the tests).
#[cfg(feature = "std")]
pub fn emit_app(log: &lst_app::abi::Log) {
    let mut topics = Topics::default();
    for (slot, word) in topics.words.iter_mut().zip(log.topics()) {
        *slot = *word;
        topics.len += 1;
    }
    emit_log(&topics, log.data().to_vec());
}

/// The topics of one event, as the words they are logged as.
#[derive(Default)]
struct Topics {
    words: [[u8; 32]; 4],
    len: usize,
}

impl TopicsBuilderBackend<Sol> for Topics {
    type Output = Self;

    fn push_topic<T>(&mut self, value: &T)
    where
        T: AbiEncodeWith<Sol>,
    {
        // ink!'s event macro refuses more than four topics, so there is
        // always a slot.
        if let Some(slot) = self.words.get_mut(self.len) {
            *slot = value.encode_topic(|data: &[u8], out: &mut [u8; 32]| *out = crate::keccak256(data));
            self.len += 1;
        }
    }

    fn output(self) -> Self {
        self
    }
}

/// Emits a log of the first `topics.len` words and `data` (the only
/// non-generic step: its body exists once per topic count).
#[inline(never)]
fn emit_log(topics: &Topics, data: Vec<u8>) {
    let [a, b, c, d] = topics.words.map(FixedBytes);
    match topics.len {
        1 => ink::env::emit_event(Log1 { topics: [a], data }),
        2 => ink::env::emit_event(Log2 { topics: [a, b], data }),
        3 => ink::env::emit_event(Log3 { topics: [a, b, c], data }),
        _ => ink::env::emit_event(Log4 { topics: [a, b, c, d], data }),
    }
}

/// A log of `N` topic words and its data bytes, as an ink! event.
macro_rules! log_type {
    ($name:ident, $n:literal, $($word:ident)+) => {
        struct $name {
            topics: [FixedBytes<32>; $n],
            data: Vec<u8>,
        }

        impl Event<Sol> for $name {
            type RemainingTopics = [HasRemainingTopics; $n];
            // The signature topic is the first word (every event of the
            // suite has one); ink!'s emitters read only `topics`.
            const SIGNATURE_TOPIC: Option<[u8; 32]> = None;

            fn topics<B>(&self, builder: TopicsBuilder<ink::env::event::state::Uninit, B, Sol>) -> B::Output
            where
                B: TopicsBuilderBackend<Sol>,
            {
                let [$($word),+] = &self.topics;
                builder.build::<Self>()$(.push_topic($word))+.finish()
            }

            fn encode_data(&self) -> Vec<u8> {
                self.data.clone()
            }
        }

        // `Event` requires an ABI encoding of the value itself, which no
        // emitter reads (they encode `topics` and `encode_data`).
        impl SolEncode<'_> for $name {
            type SolType = ();

            fn encode(&self) -> Vec<u8> {
                self.data.clone()
            }

            fn to_sol_type(&self) {}
        }
    };
}

log_type!(Log1, 1, a);
log_type!(Log2, 2, a b);
log_type!(Log3, 3, a b c);
log_type!(Log4, 4, a b c d);

#[cfg(test)]
mod tests {
    use super::*;
    use ink::{Address, U256};

    /// An event with two indexed fields and dynamic data.
    #[ink::event]
    pub struct Sample {
        #[ink(topic)]
        pool: Address,
        #[ink(topic)]
        epoch: u64,
        amount: U256,
        note: ink::sol::DynBytes,
    }

    /// An event without indexed fields.
    #[ink::event]
    pub struct Plain {
        value: u32,
    }

    fn sample() -> Sample {
        Sample {
            pool: Address::from([7u8; 20]),
            epoch: 42,
            amount: U256::from(1_000_000u64),
            note: ink::sol::DynBytes(vec![1, 2, 3]),
        }
    }

    fn recorded() -> Vec<(Vec<[u8; 32]>, Vec<u8>)> {
        ink::env::test::recorded_events().into_iter().map(|e| (e.topics, e.data)).collect()
    }

    #[ink::test]
    fn emit_logs_what_ink_emits_for_an_event_with_topics_and_dynamic_data() {
        ink::env::emit_event(sample());
        emit(sample());
        let logs = recorded();
        assert_eq!(logs.len(), 2);
        assert_eq!(logs[0], logs[1]);
        assert_eq!(logs[1].0.len(), 3);
    }

    /// An event of static fields, as the suite's are.
    #[ink::event]
    pub struct Static {
        #[ink(topic)]
        pool: Address,
        #[ink(topic)]
        epoch: u64,
        amount: U256,
        state: u8,
    }

    lst_app::events! {
        /// The app layer's declaration of `Static`.
        AppStatic = "Static(address,uint64,uint256,uint8)" {
            topics { pool: lst_core::Address, epoch: u64 } data { amount: lst_core::U256, state: u8 }
        }
    }

    #[ink::test]
    fn an_app_layer_event_logs_what_its_ink_declaration_logs() {
        ink::env::emit_event(Static {
            pool: Address::from([7u8; 20]),
            epoch: 42,
            amount: U256::from(1_000u64),
            state: 3,
        });
        let app = AppStatic { pool: [7u8; 20], epoch: 42, amount: lst_core::U256::from(1_000u64), state: 3 };
        emit_app(&lst_app::abi::Event::log(&app));
        let logs = recorded();
        assert_eq!(logs.len(), 2);
        assert_eq!(logs[0], logs[1]);
    }

    #[ink::test]
    fn emit_logs_what_ink_emits_for_an_event_without_indexed_fields() {
        ink::env::emit_event(Plain { value: 9 });
        emit(Plain { value: 9 });
        let logs = recorded();
        assert_eq!(logs[0], logs[1]);
        assert_eq!(logs[1].0.len(), 1);
    }
}
