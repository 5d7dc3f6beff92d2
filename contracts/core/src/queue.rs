//! The unstake queue (docs/protocol.md, invariants): first-in first-out, every
//! request's amount fixed when it is made, paid at most once, and every
//! operation O(1) however long the queue grows.
//!
//! Each request stores the running total of assets requested up to and
//! including it. Serving "everything up to id N" therefore costs one read:
//! the funds needed are `cumulative(N) - total_finalized`, and requests
//! `1..=N` become claimable by moving one boundary. Owners then pull their
//! own request (or an operator pushes a bounded batch).
//!
//! The queue is generic over [`QueueStore`], so each platform plugs in its
//! own storage mappings; every function validates before it writes, so a
//! failed call leaves the store untouched.

use crate::math;
use crate::{Address, CoreError, CoreResult, U256};

/// A request's id. Ids start at 1 and increase by one per request.
pub type RequestId = u64;

/// The queue's totals and boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueHeader {
    /// Id of the newest request; 0 when none was ever made.
    pub tail: RequestId,
    /// Highest id finalised: requests `1..=finalized` are claimable.
    pub finalized: RequestId,
    /// Assets of every request ever made (the running total at `tail`).
    pub total_requested: U256,
    /// Assets of requests `1..=finalized` (the running total at `finalized`).
    pub total_finalized: U256,
    /// Assets already paid out to owners.
    pub total_withdrawn: U256,
}

impl QueueHeader {
    /// The next id waiting to be served (`tail + 1` when none waits).
    pub fn head(&self) -> RequestId {
        self.finalized.saturating_add(1)
    }

    /// Assets funded for finalised requests and not yet paid out: the pool
    /// must keep them and may not collect them.
    pub fn reserved(&self) -> U256 {
        self.total_finalized.saturating_sub(self.total_withdrawn)
    }

    /// Assets requested and not yet funded.
    pub fn unfunded(&self) -> U256 {
        self.total_requested.saturating_sub(self.total_finalized)
    }

    /// Assets owed to all owners: unfunded plus reserved.
    pub fn owed(&self) -> U256 {
        self.total_requested.saturating_sub(self.total_withdrawn)
    }
}

/// One unstake request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// Who may withdraw it.
    pub owner: Address,
    /// Assets owed, fixed when the request was made.
    pub assets: U256,
    /// Running total of assets requested up to and including this request.
    pub cumulative: U256,
    /// Whether it has been paid out.
    pub withdrawn: bool,
}

/// Where a request stands. The discriminants are the ABI's `uint8` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum RequestStatus {
    /// No request has this id.
    Unknown = 0,
    /// Waiting to be served.
    Pending = 1,
    /// Served: the owner can withdraw it.
    Claimable = 2,
    /// Paid out.
    Claimed = 3,
}

/// Storage the queue needs. Platforms implement it over their own maps.
pub trait QueueStore {
    /// The queue's totals and boundaries.
    fn header(&self) -> QueueHeader;
    /// Stores the totals and boundaries.
    fn set_header(&mut self, header: QueueHeader);
    /// The request with this id, if any.
    fn request(&self, id: RequestId) -> Option<Request>;
    /// Stores a request.
    fn set_request(&mut self, id: RequestId, request: Request);
    /// Assets owed to `owner` over all its requests not yet paid out.
    fn pending_of(&self, owner: &Address) -> U256;
    /// Stores what is owed to `owner`.
    fn set_pending_of(&mut self, owner: &Address, assets: U256);
}

/// Requests served by one [`finalize`] call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finalized {
    /// First id made claimable.
    pub first: RequestId,
    /// Last id made claimable.
    pub last: RequestId,
    /// Assets those requests are owed, now reserved for them.
    pub assets: U256,
}

/// Appends a request for `assets` owed to `owner` and returns its id.
pub fn enqueue<S: QueueStore>(store: &mut S, owner: &Address, assets: U256) -> CoreResult<RequestId> {
    if assets.is_zero() {
        return Err(CoreError::ZeroAmount);
    }
    let mut header = store.header();
    let id = header.tail.checked_add(1).ok_or(CoreError::MathOverflow)?;
    let cumulative = math::add(header.total_requested, assets)?;
    let pending = math::add(store.pending_of(owner), assets)?;
    header.tail = id;
    header.total_requested = cumulative;
    store.set_request(id, Request { owner: *owner, assets, cumulative, withdrawn: false });
    store.set_pending_of(owner, pending);
    store.set_header(header);
    Ok(id)
}

/// Makes every request up to `up_to` claimable, in O(1).
///
/// `available` is what the pool can put towards the queue now (the funds sent
/// with the call plus any unallocated buffer). Fails with
/// [`CoreError::ServeOutOfRange`] unless `finalized < up_to <= tail`, and with
/// [`CoreError::InsufficientFunding`] when `available` does not cover them.
pub fn finalize<S: QueueStore>(store: &mut S, up_to: RequestId, available: U256) -> CoreResult<Finalized> {
    let mut header = store.header();
    if up_to <= header.finalized || up_to > header.tail {
        return Err(CoreError::ServeOutOfRange);
    }
    let last = store.request(up_to).ok_or(CoreError::RequestNotFound)?;
    let assets = math::sub(last.cumulative, header.total_finalized)?;
    if assets > available {
        return Err(CoreError::InsufficientFunding);
    }
    let first = header.head();
    header.finalized = up_to;
    header.total_finalized = last.cumulative;
    store.set_header(header);
    Ok(Finalized { first, last: up_to, assets })
}

/// Where request `id` stands.
pub fn status<S: QueueStore>(store: &S, id: RequestId) -> RequestStatus {
    match store.request(id) {
        None => RequestStatus::Unknown,
        Some(r) if r.withdrawn => RequestStatus::Claimed,
        Some(_) if id <= store.header().finalized => RequestStatus::Claimable,
        Some(_) => RequestStatus::Pending,
    }
}

fn take<S: QueueStore>(store: &mut S, id: RequestId, caller: Option<&Address>) -> CoreResult<Request> {
    let mut request = store.request(id).ok_or(CoreError::RequestNotFound)?;
    if let Some(caller) = caller {
        if *caller != request.owner {
            return Err(CoreError::NotRequestOwner);
        }
    }
    let mut header = store.header();
    if request.withdrawn {
        return Err(CoreError::RequestAlreadyClaimed);
    }
    if id > header.finalized {
        return Err(CoreError::RequestNotClaimable);
    }
    let pending = math::sub(store.pending_of(&request.owner), request.assets)?;
    header.total_withdrawn = math::add(header.total_withdrawn, request.assets)?;
    request.withdrawn = true;
    store.set_request(id, request);
    store.set_pending_of(&request.owner, pending);
    store.set_header(header);
    Ok(request)
}

/// Marks claimable request `id` paid to its owner `caller` (the pull path)
/// and returns it; the platform then sends `assets` to `owner`.
///
/// Errors: [`CoreError::RequestNotFound`], [`CoreError::NotRequestOwner`],
/// [`CoreError::RequestAlreadyClaimed`], [`CoreError::RequestNotClaimable`].
pub fn withdraw<S: QueueStore>(store: &mut S, id: RequestId, caller: &Address) -> CoreResult<Request> {
    take(store, id, Some(caller))
}

/// Marks claimable request `id` paid on its owner's behalf (the operator's
/// push batch). Effects before interaction: if sending then fails, call
/// [`undo_withdraw`] so the owner can still pull it.
pub fn withdraw_for_owner<S: QueueStore>(store: &mut S, id: RequestId) -> CoreResult<Request> {
    take(store, id, None)
}

/// Reverses [`withdraw_for_owner`] for a request whose payment was refused
/// by its recipient, so it stays claimable and nobody else is blocked.
pub fn undo_withdraw<S: QueueStore>(store: &mut S, id: RequestId) -> CoreResult<Request> {
    let mut request = store.request(id).ok_or(CoreError::RequestNotFound)?;
    if !request.withdrawn {
        return Err(CoreError::RequestNotClaimable);
    }
    let mut header = store.header();
    let pending = math::add(store.pending_of(&request.owner), request.assets)?;
    header.total_withdrawn = math::sub(header.total_withdrawn, request.assets)?;
    request.withdrawn = false;
    store.set_request(id, request);
    store.set_pending_of(&request.owner, pending);
    store.set_header(header);
    Ok(request)
}

/// An in-memory [`QueueStore`] for off-chain simulation, the demo and tests.
#[cfg(any(feature = "alloc", test))]
#[derive(Clone, Debug, Default)]
pub struct MemoryQueue {
    header: QueueHeader,
    requests: alloc::collections::BTreeMap<RequestId, Request>,
    pending: alloc::collections::BTreeMap<Address, U256>,
}

#[cfg(any(feature = "alloc", test))]
impl QueueStore for MemoryQueue {
    fn header(&self) -> QueueHeader {
        self.header
    }
    fn set_header(&mut self, header: QueueHeader) {
        self.header = header;
    }
    fn request(&self, id: RequestId) -> Option<Request> {
        self.requests.get(&id).copied()
    }
    fn set_request(&mut self, id: RequestId, request: Request) {
        self.requests.insert(id, request);
    }
    fn pending_of(&self, owner: &Address) -> U256 {
        self.pending.get(owner).copied().unwrap_or_default()
    }
    fn set_pending_of(&mut self, owner: &Address, assets: U256) {
        self.pending.insert(*owner, assets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    const ALICE: Address = [0xa1; 20];
    const BOB: Address = [0xb0; 20];

    fn u(x: u64) -> U256 {
        U256::from(x)
    }

    fn queue_with(amounts: &[(Address, u64)]) -> MemoryQueue {
        let mut q = MemoryQueue::default();
        for (owner, assets) in amounts {
            enqueue(&mut q, owner, u(*assets)).unwrap();
        }
        q
    }

    #[test]
    fn ids_start_at_one_and_increase() {
        let mut q = MemoryQueue::default();
        assert_eq!(enqueue(&mut q, &ALICE, u(5)), Ok(1));
        assert_eq!(enqueue(&mut q, &BOB, u(7)), Ok(2));
        let h = q.header();
        assert_eq!((h.tail, h.head(), h.total_requested), (2, 1, u(12)));
    }

    #[test]
    fn enqueue_rejects_zero_assets_and_changes_nothing() {
        let mut q = queue_with(&[(ALICE, 5)]);
        let before = q.clone();
        assert_eq!(enqueue(&mut q, &ALICE, U256::ZERO), Err(CoreError::ZeroAmount));
        assert_eq!(q.header(), before.header());
        assert_eq!(q.pending_of(&ALICE), u(5));
    }

    #[test]
    fn pending_of_sums_an_owners_requests() {
        let q = queue_with(&[(ALICE, 5), (BOB, 1), (ALICE, 7)]);
        assert_eq!(q.pending_of(&ALICE), u(12));
        assert_eq!(q.pending_of(&BOB), u(1));
    }

    #[test]
    fn finalize_serves_a_prefix_for_its_exact_cost() {
        let mut q = queue_with(&[(ALICE, 5), (BOB, 7), (ALICE, 11)]);
        assert_eq!(finalize(&mut q, 2, u(100)), Ok(Finalized { first: 1, last: 2, assets: u(12) }));
        assert_eq!(status(&q, 1), RequestStatus::Claimable);
        assert_eq!(status(&q, 2), RequestStatus::Claimable);
        assert_eq!(status(&q, 3), RequestStatus::Pending);
        assert_eq!(finalize(&mut q, 3, u(11)), Ok(Finalized { first: 3, last: 3, assets: u(11) }));
        assert_eq!(q.header().reserved(), u(23));
    }

    #[test]
    fn finalize_rejects_insufficient_funding_and_changes_nothing() {
        let mut q = queue_with(&[(ALICE, 5), (BOB, 7)]);
        assert_eq!(finalize(&mut q, 2, u(11)), Err(CoreError::InsufficientFunding));
        assert_eq!(q.header().finalized, 0);
    }

    #[test]
    fn finalize_rejects_ids_behind_or_beyond_the_queue() {
        let mut q = queue_with(&[(ALICE, 5), (BOB, 7)]);
        assert_eq!(finalize(&mut q, 0, u(100)), Err(CoreError::ServeOutOfRange));
        assert_eq!(finalize(&mut q, 3, u(100)), Err(CoreError::ServeOutOfRange));
        finalize(&mut q, 1, u(5)).unwrap();
        assert_eq!(finalize(&mut q, 1, u(100)), Err(CoreError::ServeOutOfRange));
    }

    #[test]
    fn owner_withdraws_a_claimable_request_once() {
        let mut q = queue_with(&[(ALICE, 5)]);
        finalize(&mut q, 1, u(5)).unwrap();
        let r = withdraw(&mut q, 1, &ALICE).unwrap();
        assert_eq!((r.owner, r.assets), (ALICE, u(5)));
        assert_eq!(status(&q, 1), RequestStatus::Claimed);
        assert_eq!(q.pending_of(&ALICE), U256::ZERO);
        assert_eq!(withdraw(&mut q, 1, &ALICE), Err(CoreError::RequestAlreadyClaimed));
    }

    #[test]
    fn withdraw_rejects_pending_requests() {
        let mut q = queue_with(&[(ALICE, 5)]);
        assert_eq!(withdraw(&mut q, 1, &ALICE), Err(CoreError::RequestNotClaimable));
        assert_eq!(q.pending_of(&ALICE), u(5));
    }

    #[test]
    fn withdraw_rejects_someone_elses_request() {
        let mut q = queue_with(&[(ALICE, 5)]);
        finalize(&mut q, 1, u(5)).unwrap();
        assert_eq!(withdraw(&mut q, 1, &BOB), Err(CoreError::NotRequestOwner));
        assert_eq!(status(&q, 1), RequestStatus::Claimable);
    }

    #[test]
    fn withdraw_rejects_unknown_ids() {
        let mut q = MemoryQueue::default();
        assert_eq!(withdraw(&mut q, 1, &ALICE), Err(CoreError::RequestNotFound));
        assert_eq!(status(&q, 1), RequestStatus::Unknown);
    }

    #[test]
    fn a_refused_push_is_undone_and_stays_claimable() {
        let mut q = queue_with(&[(ALICE, 5)]);
        finalize(&mut q, 1, u(5)).unwrap();
        withdraw_for_owner(&mut q, 1).unwrap();
        undo_withdraw(&mut q, 1).unwrap();
        assert_eq!(status(&q, 1), RequestStatus::Claimable);
        assert_eq!(q.pending_of(&ALICE), u(5));
        assert_eq!(q.header().total_withdrawn, U256::ZERO);
        assert_eq!(undo_withdraw(&mut q, 1), Err(CoreError::RequestNotClaimable));
    }

    #[derive(Clone, Debug)]
    enum Op {
        Request(bool, u64),
        Serve(u64, u64),
        Withdraw(u64, bool),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (any::<bool>(), 1u64..1_000).prop_map(|(who, a)| Op::Request(who, a)),
            (0u64..40, 0u64..5_000).prop_map(|(id, f)| Op::Serve(id, f)),
            (0u64..40, any::<bool>()).prop_map(|(id, who)| Op::Withdraw(id, who)),
        ]
    }

    proptest! {
        #[test]
        fn queue_is_fifo_paid_once_and_conserves_assets(ops in proptest::collection::vec(op(), 1..120)) {
            let mut q = MemoryQueue::default();
            let mut paid: Vec<RequestId> = Vec::new();
            let mut funded = U256::ZERO;
            let mut out = U256::ZERO;
            for op in ops {
                let before = q.clone();
                let who = |b: bool| if b { ALICE } else { BOB };
                let result = match op {
                    Op::Request(w, a) => enqueue(&mut q, &who(w), u(a)).map(|_| ()),
                    Op::Serve(id, f) => finalize(&mut q, id, u(f)).map(|fin| {
                        // FIFO: what becomes claimable always starts right after the old boundary.
                        assert_eq!(fin.first, before.header().finalized + 1);
                        funded += fin.assets;
                    }),
                    Op::Withdraw(id, w) => withdraw(&mut q, id, &who(w)).map(|r| {
                        assert!(!paid.contains(&id), "paid twice");
                        paid.push(id);
                        out += r.assets;
                    }),
                };
                if result.is_err() {
                    // A failed call changes nothing.
                    prop_assert_eq!(q.header(), before.header());
                    prop_assert_eq!(&q.requests, &before.requests);
                    prop_assert_eq!(&q.pending, &before.pending);
                }
                let h = q.header();
                // Conservation: paid out never exceeds funded, funded never exceeds requested,
                // and what owners are owed adds up.
                prop_assert_eq!(h.total_withdrawn, out);
                prop_assert_eq!(h.total_finalized, funded);
                prop_assert!(out <= funded && funded <= h.total_requested);
                let owed: U256 = q.pending.values().copied().fold(U256::ZERO, |a, b| a + b);
                prop_assert_eq!(owed, h.owed());
                // Claimable is exactly a prefix of the queue.
                for id in 1..=h.tail {
                    let s = status(&q, id);
                    if id <= h.finalized { prop_assert!(s == RequestStatus::Claimable || s == RequestStatus::Claimed); }
                    else { prop_assert_eq!(s, RequestStatus::Pending); }
                }
            }
        }
    }
}
