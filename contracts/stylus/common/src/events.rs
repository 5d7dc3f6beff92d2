//! One log emitter for every contract of the suite: [`emit`].
//!
//! stylus-sdk's `log` is generic over the event type, and its body (the
//! topics written into an array, copied into a buffer ahead of the data,
//! the host call) is compiled again for every event a contract emits.
//! [`emit`] keeps only what differs per event — its topics and its data,
//! encoded by the code `sol!` generated for it — and hands them to one
//! function that builds the log, so that body exists once per contract.
//! The log is byte for byte the one `log` writes (tested below).

use alloc::vec::Vec;
use alloy_sol_types::{abi::token::WordToken, SolEvent, TopicList};
use stylus_sdk::stylus_core::host::Host;

/// Emits `event` as stylus-sdk's `log` would, through one shared function.
pub fn emit<E: SolEvent>(vm: &dyn Host, event: &E) {
    let mut topics = [WordToken::default(); 4];
    // Fails only when the array is shorter than the event's topics; the
    // EVM allows four, and `sol!` refuses events with more.
    if event.encode_topics_raw(&mut topics).is_ok() {
        let count = E::TopicList::COUNT;
        emit_log(vm, topics.get(..count).unwrap_or(&topics), &event.encode_data());
    }
}

/// Emits a log of `topics` and `data`: the topics' words, then the data.
#[inline(never)]
fn emit_log(vm: &dyn Host, topics: &[WordToken], data: &[u8]) {
    let mut bytes = Vec::with_capacity(32 * topics.len() + data.len());
    for topic in topics {
        bytes.extend_from_slice(topic.as_slice());
    }
    bytes.extend_from_slice(data);
    vm.emit_log(&bytes, topics.len());
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, unreachable_pub)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, Bytes, U256};
    use motsu::prelude::Contract;
    use stylus_sdk::prelude::*;

    alloy_sol_types::sol! {
        #[derive(Debug, PartialEq)]
        event Sample(address indexed pool, uint64 indexed epoch, uint256 amount, bytes note);
        #[derive(Debug, PartialEq)]
        event Plain(uint32 value);
    }

    #[entrypoint]
    #[storage]
    struct Emitter;

    #[public]
    impl Emitter {
        pub fn both(&self) {
            let sample = Sample {
                pool: Address::with_last_byte(7),
                epoch: 42,
                amount: U256::from(1_000_000),
                note: Bytes::from(vec![1, 2, 3]),
            };
            log(self.vm(), sample.clone());
            emit(self.vm(), &sample);
            log(self.vm(), Plain { value: 9 });
            emit(self.vm(), &Plain { value: 9 });
        }
    }

    #[motsu::test]
    fn emit_logs_what_log_writes() {
        let emitter: Contract<Emitter> = Contract::new();
        emitter.sender(Address::with_last_byte(1)).both();
        let logs = emitter.all_events();
        assert_eq!(logs.len(), 4);
        assert_eq!(logs[0], logs[1]);
        assert_eq!(logs[2], logs[3]);
    }
}
