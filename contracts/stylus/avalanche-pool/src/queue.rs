//! The unstake queue's storage: the core's [`QueueStore`] over Stylus maps.
//! All queue rules (FIFO, O(1) finalisation, paid once) are in
//! [`lst_core::queue`]; this file only reads and writes slots.

use alloc::{vec, vec::Vec};
use alloy_primitives::{aliases::U64, Address, U256};
use lst_core::queue::{QueueHeader, QueueStore, Request, RequestId};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256, StorageU64},
};

/// One stored request (`owner` is zero for ids never issued): three slots,
/// `owner` and `withdrawn` share the last (words first, packed fields last,
/// as for [`QueueStorage`]).
#[storage]
pub struct StoredRequest {
    assets: StorageU256,
    cumulative: StorageU256,
    owner: StorageAddress,
    withdrawn: StorageBool,
}

/// The queue's header and its requests.
///
/// Maps and words first, packed fields last: stylus-sdk 0.9 miscounts the
/// slots of a struct whose later fields follow a partly filled slot (see
/// `lst_stylus_common::gate::MintGate`); the test below pins the size.
#[storage]
pub struct QueueStorage {
    requests: StorageMap<U64, StoredRequest>,
    pending: StorageMap<Address, StorageU256>,
    total_requested: StorageU256,
    total_finalized: StorageU256,
    total_withdrawn: StorageU256,
    tail: StorageU64,
    finalized: StorageU64,
}

impl QueueStore for QueueStorage {
    fn header(&self) -> QueueHeader {
        QueueHeader {
            tail: self.tail.get().to(),
            finalized: self.finalized.get().to(),
            total_requested: self.total_requested.get(),
            total_finalized: self.total_finalized.get(),
            total_withdrawn: self.total_withdrawn.get(),
        }
    }

    fn set_header(&mut self, header: QueueHeader) {
        self.tail.set(U64::from(header.tail));
        self.finalized.set(U64::from(header.finalized));
        self.total_requested.set(header.total_requested);
        self.total_finalized.set(header.total_finalized);
        self.total_withdrawn.set(header.total_withdrawn);
    }

    fn request(&self, id: RequestId) -> Option<Request> {
        let stored = self.requests.getter(U64::from(id));
        let owner = stored.owner.get();
        if owner.is_zero() {
            return None;
        }
        Some(Request {
            owner: owner.into_array(),
            assets: stored.assets.get(),
            cumulative: stored.cumulative.get(),
            withdrawn: stored.withdrawn.get(),
        })
    }

    fn set_request(&mut self, id: RequestId, request: Request) {
        let mut stored = self.requests.setter(U64::from(id));
        stored.owner.set(Address::from(request.owner));
        stored.assets.set(request.assets);
        stored.cumulative.set(request.cumulative);
        stored.withdrawn.set(request.withdrawn);
    }

    fn pending_of(&self, owner: &[u8; 20]) -> U256 {
        self.pending.get(Address::from(*owner))
    }

    fn set_pending_of(&mut self, owner: &[u8; 20], assets: U256) {
        self.pending.setter(Address::from(*owner)).set(assets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stylus_sdk::storage::StorageType;

    #[test]
    fn queue_storage_takes_six_slots() {
        assert_eq!(<QueueStorage as StorageType>::REQUIRED_SLOTS, 6);
    }

    #[test]
    fn a_request_takes_three_slots() {
        assert_eq!(<StoredRequest as StorageType>::REQUIRED_SLOTS, 3);
    }
}
