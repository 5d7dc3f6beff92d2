//! An in-memory chain for the behaviour tests: one contract's storage
//! (`S`, the contract's `Store` implemented over maps), the accounts'
//! balances, the logs, a clock that moves, and a chain's revert — a
//! message that fails leaves everything as it was, the value it brought
//! included.

use crate::abi::{Event, Log};
use crate::{Address, Host, Result, U256};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::fmt::Debug;

/// The contract's own address on the memory chain.
pub(crate) const THIS: Address = [0xC0; 20];

/// The chain: the contract's storage, balances, logs and the message's
/// context.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Chain<S> {
    pub(crate) state: S,
    pub(crate) balances: BTreeMap<Address, U256>,
    /// Accounts that refuse payments (a contract without a payable
    /// `onStakingPayment`).
    pub(crate) refusing: BTreeSet<Address>,
    pub(crate) logs: Vec<Log>,
    pub(crate) now: u64,
    caller: Address,
    value: U256,
}

impl<S: Clone + PartialEq + Debug + Default> Chain<S> {
    /// A chain at time `now` with nothing deployed on it yet.
    pub(crate) fn at(now: u64) -> Self {
        Self { now, ..Self::default() }
    }

    /// `account`'s balance.
    pub(crate) fn balance(&self, account: Address) -> U256 {
        self.balances.get(&account).copied().unwrap_or_default()
    }

    /// Gives `account` `amount` more.
    pub(crate) fn fund(&mut self, account: Address, amount: U256) {
        let balance = self.balance(account) + amount;
        self.balances.insert(account, balance);
    }

    /// Moves the clock on by `secs`.
    pub(crate) fn advance(&mut self, secs: u64) {
        self.now += secs;
    }

    /// Sends `message` from `from` with `value` (moved to the contract
    /// first, as a chain does); a failure reverts everything it did.
    pub(crate) fn send<T>(
        &mut self,
        from: Address,
        value: U256,
        message: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let before = self.clone();
        let held = self.balance(from);
        assert!(held >= value, "the test funds the sender first");
        self.balances.insert(from, held - value);
        self.fund(THIS, value);
        self.caller = from;
        self.value = value;
        let result = message(self);
        self.value = U256::ZERO;
        if result.is_err() {
            *self = before;
        }
        result
    }

    /// Sends a message without value.
    pub(crate) fn call<T>(&mut self, from: Address, message: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.send(from, U256::ZERO, message)
    }

    /// Whether `event` was logged.
    pub(crate) fn emitted(&self, event: &impl Event) -> bool {
        self.logs.contains(&event.log())
    }

    /// Asserts `message` fails with `expected` and changes nothing.
    pub(crate) fn assert_refused<T: Debug>(
        &mut self,
        expected: impl Into<crate::Error>,
        message: impl FnOnce(&mut Self) -> Result<T>,
    ) {
        let expected = expected.into();
        let before = self.clone();
        let err = message(self).expect_err("the message is refused");
        assert_eq!(err, expected);
        assert_eq!(*self, before, "a refused message changes nothing");
    }
}

impl<S> Host for Chain<S> {
    fn caller(&self) -> Address {
        self.caller
    }

    fn value(&self) -> U256 {
        self.value
    }

    fn now(&self) -> u64 {
        self.now
    }

    fn log(&mut self, log: &Log) {
        self.logs.push(log.clone());
    }

    fn pay(&mut self, to: Address, amount: U256) -> bool {
        let held = self.balances.get(&THIS).copied().unwrap_or_default();
        if self.refusing.contains(&to) || held < amount {
            return false;
        }
        self.balances.insert(THIS, held - amount);
        let balance = self.balances.get(&to).copied().unwrap_or_default() + amount;
        self.balances.insert(to, balance);
        true
    }
}
