//! The chain's state (accounts, balances, code, storage, logs) with a
//! journal, so a reverted call undoes exactly what it did, nested calls
//! included.

use crate::arbos::Activation;
use crate::code::Program;
use alloy_primitives::{Address, Log, B256, U256};
use std::{collections::HashMap, sync::Arc};

/// One account.
#[derive(Clone, Default)]
pub struct Account {
    /// Native balance in wei.
    pub balance: U256,
    /// Transactions sent (or contracts created).
    pub nonce: u64,
    /// The program, for a contract.
    pub program: Option<Arc<Program>>,
}

/// An undo record: the value before one change.
enum Undo {
    Storage(Address, B256, Option<B256>),
    Balance(Address, U256),
    Nonce(Address, u64),
    Program(Address, Option<Arc<Program>>),
    Activation(B256, Option<Activation>),
    Log,
}

/// Accounts, storage and the logs of the current transaction.
#[derive(Default)]
pub struct World {
    accounts: HashMap<Address, Account>,
    storage: HashMap<(Address, B256), B256>,
    /// Storage writes per account that were not undone (see
    /// [`World::storage_writes`]).
    writes: HashMap<Address, u64>,
    /// Activated programs, by code hash.
    activations: HashMap<B256, Activation>,
    journal: Vec<Undo>,
    logs: Vec<Log>,
}

/// A point the world can be rolled back to.
#[derive(Clone, Copy, Debug)]
pub struct Checkpoint(usize);

/// Why a value transfer failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InsufficientBalance;

impl World {
    /// The account at `address` (an empty one when it never appeared).
    pub fn account(&self, address: Address) -> Account {
        self.accounts.get(&address).cloned().unwrap_or_default()
    }

    /// The balance of `address`.
    pub fn balance(&self, address: Address) -> U256 {
        self.accounts.get(&address).map_or(U256::ZERO, |a| a.balance)
    }

    /// The program at `address`, if it is a contract.
    pub fn program(&self, address: Address) -> Option<Arc<Program>> {
        self.accounts.get(&address).and_then(|a| a.program.clone())
    }

    /// Storage slot `key` of `address` (zero when never written).
    pub fn storage(&self, address: Address, key: B256) -> B256 {
        self.storage.get(&(address, key)).copied().unwrap_or_default()
    }

    /// The logs emitted so far in this transaction.
    pub fn logs(&self) -> &[Log] {
        &self.logs
    }

    /// Takes the transaction's logs (at its end).
    pub fn take_logs(&mut self) -> Vec<Log> {
        std::mem::take(&mut self.logs)
    }

    /// The current point of the journal.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.journal.len())
    }

    /// Undoes every change made since `checkpoint`, newest first.
    pub fn revert_to(&mut self, checkpoint: Checkpoint) {
        while self.journal.len() > checkpoint.0 {
            let Some(undo) = self.journal.pop() else { break };
            match undo {
                Undo::Storage(a, k, None) => {
                    self.storage.remove(&(a, k));
                    self.uncount_write(a);
                }
                Undo::Storage(a, k, Some(v)) => {
                    self.storage.insert((a, k), v);
                    self.uncount_write(a);
                }
                Undo::Balance(a, v) => self.accounts.entry(a).or_default().balance = v,
                Undo::Nonce(a, v) => self.accounts.entry(a).or_default().nonce = v,
                Undo::Program(a, p) => self.accounts.entry(a).or_default().program = p,
                Undo::Activation(h, None) => {
                    self.activations.remove(&h);
                }
                Undo::Activation(h, Some(a)) => {
                    self.activations.insert(h, a);
                }
                Undo::Log => {
                    self.logs.pop();
                }
            }
        }
    }

    /// A copy of the accounts and storage between transactions (an empty
    /// journal and no logs): programs are shared, not recompiled.
    pub fn snapshot(&self) -> Self {
        Self {
            accounts: self.accounts.clone(),
            storage: self.storage.clone(),
            writes: self.writes.clone(),
            activations: self.activations.clone(),
            journal: Vec::new(),
            logs: Vec::new(),
        }
    }

    /// Forgets the journal (a transaction ended: its changes are final).
    pub fn commit(&mut self) {
        self.journal.clear();
    }

    /// Writes storage slot `key` of `address`.
    pub fn set_storage(&mut self, address: Address, key: B256, value: B256) {
        let old = if value.is_zero() {
            self.storage.remove(&(address, key))
        } else {
            self.storage.insert((address, key), value)
        };
        self.journal.push(Undo::Storage(address, key, old));
        self.count_write(address);
    }

    fn count_write(&mut self, address: Address) {
        let count = self.writes.entry(address).or_default();
        *count = count.wrapping_add(1);
    }

    fn uncount_write(&mut self, address: Address) {
        let count = self.writes.entry(address).or_default();
        *count = count.wrapping_sub(1);
    }

    /// How many writes to the storage of `address` stand (writes a revert
    /// undid do not count). Between transactions of one history it names
    /// the storage: a transaction that leaves any write standing raises
    /// it, one that leaves none leaves the storage as it was — so two equal
    /// counts read between transactions of one history (a fork shares its
    /// parent's up to the fork, not after) mean the storage did not change
    /// in between.
    pub fn storage_writes(&self, address: Address) -> u64 {
        self.writes.get(&address).copied().unwrap_or_default()
    }

    /// Sets the balance of `address`.
    pub fn set_balance(&mut self, address: Address, balance: U256) {
        let account = self.accounts.entry(address).or_default();
        self.journal.push(Undo::Balance(address, account.balance));
        account.balance = balance;
    }

    /// Sets the nonce of `address`.
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        let account = self.accounts.entry(address).or_default();
        self.journal.push(Undo::Nonce(address, account.nonce));
        account.nonce = nonce;
    }

    /// Clears every storage slot of `address`.
    pub fn clear_storage(&mut self, address: Address) {
        let keys: Vec<B256> = self.storage.keys().filter(|(a, _)| *a == address).map(|(_, k)| *k).collect();
        for key in keys {
            self.set_storage(address, key, B256::ZERO);
        }
    }

    /// Increments the nonce of `address`, returning the old one.
    pub fn bump_nonce(&mut self, address: Address) -> u64 {
        let account = self.accounts.entry(address).or_default();
        let old = account.nonce;
        self.journal.push(Undo::Nonce(address, old));
        account.nonce = old.saturating_add(1);
        old
    }

    /// Installs `program` at `address`.
    pub fn set_program(&mut self, address: Address, program: Arc<Program>) {
        let account = self.accounts.entry(address).or_default();
        self.journal.push(Undo::Program(address, account.program.replace(program)));
    }

    /// The activation of `codehash`, if any.
    pub fn activation(&self, codehash: B256) -> Option<Activation> {
        self.activations.get(&codehash).copied()
    }

    /// Records `codehash`'s activation (journaled).
    pub fn set_activation(&mut self, codehash: B256, activation: Activation) {
        let old = self.activations.insert(codehash, activation);
        self.journal.push(Undo::Activation(codehash, old));
    }

    /// Moves `value` wei from `from` to `to`.
    pub fn transfer(&mut self, from: Address, to: Address, value: U256) -> Result<(), InsufficientBalance> {
        if value.is_zero() || from == to {
            return if self.balance(from) >= value { Ok(()) } else { Err(InsufficientBalance) };
        }
        let remaining = self.balance(from).checked_sub(value).ok_or(InsufficientBalance)?;
        self.set_balance(from, remaining);
        let credited = self.balance(to).saturating_add(value);
        self.set_balance(to, credited);
        Ok(())
    }

    /// Records a log.
    pub fn push_log(&mut self, log: Log) {
        self.logs.push(log);
        self.journal.push(Undo::Log);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use alloy_primitives::Bytes;

    #[test]
    fn a_storage_write_that_stands_is_counted_and_one_undone_is_not() {
        let mut w = World::default();
        let a = Address::repeat_byte(1);
        w.set_storage(a, B256::ZERO, B256::repeat_byte(7));
        w.commit();
        assert_eq!(w.storage_writes(a), 1);
        let cp = w.checkpoint();
        w.set_storage(a, B256::ZERO, B256::repeat_byte(8));
        w.set_storage(a, B256::repeat_byte(1), B256::repeat_byte(8));
        assert_eq!(w.storage_writes(a), 3);
        w.revert_to(cp);
        assert_eq!(w.storage_writes(a), 1);
        assert_eq!(w.storage_writes(Address::repeat_byte(2)), 0);
    }

    #[test]
    fn reverting_undoes_storage_balances_and_logs_in_order() {
        let mut w = World::default();
        let (a, b) = (Address::repeat_byte(1), Address::repeat_byte(2));
        w.set_balance(a, U256::from(10));
        w.commit();
        let cp = w.checkpoint();
        w.set_storage(a, B256::ZERO, B256::repeat_byte(7));
        w.set_storage(a, B256::ZERO, B256::repeat_byte(8));
        w.transfer(a, b, U256::from(4)).unwrap();
        w.push_log(Log::new_unchecked(a, vec![], Bytes::new()));
        w.revert_to(cp);
        assert_eq!(w.storage(a, B256::ZERO), B256::ZERO);
        assert_eq!((w.balance(a), w.balance(b)), (U256::from(10), U256::ZERO));
        assert!(w.logs().is_empty());
    }

    #[test]
    fn a_transfer_beyond_the_balance_changes_nothing() {
        let mut w = World::default();
        let (a, b) = (Address::repeat_byte(1), Address::repeat_byte(2));
        w.set_balance(a, U256::from(3));
        assert_eq!(w.transfer(a, b, U256::from(4)), Err(InsufficientBalance));
        assert_eq!((w.balance(a), w.balance(b)), (U256::from(3), U256::ZERO));
    }
}
