//! An in-memory chain for the behaviour tests: one contract's storage
//! (`S`, the contract's `Store` implemented over maps), the accounts'
//! balances, the logs, a clock that moves, the other contracts as scripted
//! answers per function (the calls made are recorded), and a chain's revert
//! — a message that fails leaves everything as it was, the value it brought
//! included.

use crate::abi::{Call, Event, Log};
use crate::{Address, Host, Result, U256};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::fmt::Debug;

/// The contract's own address on the memory chain.
pub(crate) const THIS: Address = [0xC0; 20];

/// How another contract answers a call or a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Returns these words.
    Words(Vec<U256>),
    /// Returns these words and pays the caller this much back (as
    /// `Staking.withdraw` does).
    Paying(Vec<U256>, U256),
    /// Reverts with this data.
    Revert(Vec<u8>),
}

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
    /// The current block's number.
    pub(crate) block: u64,
    /// What another contract answers to a function: keyed by its address
    /// and the selector.
    pub(crate) answers: BTreeMap<(Address, [u8; 4]), Answer>,
    /// Answers to one exact input (selector and arguments), before those
    /// by selector: what a contract says of one account among several.
    pub(crate) exact: BTreeMap<(Address, Vec<u8>), Answer>,
    /// The calls made (not the views), in order.
    pub(crate) calls: Vec<Call>,
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

    /// Scripts `to`'s answer to `signature`.
    pub(crate) fn answer(&mut self, to: Address, signature: &str, answer: Answer) {
        self.answers.insert((to, crate::abi::selector(signature)), answer);
    }

    /// Scripts `to`'s answer to `signature` called with `account` as its one
    /// argument (other arguments keep the answer by selector).
    pub(crate) fn answer_for(&mut self, to: Address, signature: &str, account: Address, answer: Answer) {
        let mut input = Vec::from(crate::abi::selector(signature));
        input.extend_from_slice(&crate::abi::Word::word(&account));
        self.exact.insert((to, input), answer);
    }

    /// Whether `call` was made.
    pub(crate) fn called(&self, call: &Call) -> bool {
        self.calls.contains(call)
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

    fn block_number(&self) -> u64 {
        self.block
    }

    fn this(&self) -> Address {
        THIS
    }

    fn balance(&self, account: Address) -> U256 {
        self.balances.get(&account).copied().unwrap_or_default()
    }

    fn call(&mut self, call: &Call) -> core::result::Result<Vec<u8>, Vec<u8>> {
        let held = self.balance(THIS);
        if held < call.value {
            return Err(Vec::new());
        }
        let answer = self.answer_to(call.to, &call.input)?;
        self.balances.insert(THIS, held - call.value);
        let to = self.balance(call.to) + call.value;
        self.balances.insert(call.to, to);
        self.calls.push(call.clone());
        let (words, paid) = match answer {
            Answer::Words(words) => (words, U256::ZERO),
            Answer::Paying(words, paid) => (words, paid),
            Answer::Revert(_) => unreachable!("answer_to returns a revert as Err"),
        };
        let callee = self.balance(call.to);
        self.balances.insert(call.to, callee - paid);
        let mine = self.balance(THIS) + paid;
        self.balances.insert(THIS, mine);
        Ok(encode(&words))
    }

    fn view(&self, to: Address, input: &[u8]) -> core::result::Result<Vec<u8>, Vec<u8>> {
        match self.answer_to(to, input)? {
            Answer::Words(words) | Answer::Paying(words, _) => Ok(encode(&words)),
            Answer::Revert(data) => Err(data),
        }
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

impl<S> Chain<S> {
    /// The scripted answer of `to` to `input`'s selector; a revert as
    /// `Err`, and an unscripted function reverts with no data (as a call to
    /// a missing function does).
    fn answer_to(&self, to: Address, input: &[u8]) -> core::result::Result<Answer, Vec<u8>> {
        let selector: [u8; 4] = input.get(..4).and_then(|s| s.try_into().ok()).ok_or_else(Vec::new)?;
        let exact = self.exact.get(&(to, input.to_vec()));
        match exact.or_else(|| self.answers.get(&(to, selector))) {
            Some(Answer::Revert(data)) => Err(data.clone()),
            Some(answer) => Ok(answer.clone()),
            None => Err(Vec::new()),
        }
    }
}

/// Words as return data.
fn encode(words: &[U256]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_be_bytes::<32>()).collect()
}

/// `Name(type,...)` of each `kind` item (`event`, `error`) of a contract's
/// committed ABI.
pub(crate) fn abi_items(contract: &str, kind: &str) -> Vec<alloc::string::String> {
    let path = alloc::format!("{}/../../abi/{contract}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let abi: serde_json::Value = serde_json::from_str(&text).unwrap();
    abi.as_array()
        .unwrap()
        .iter()
        .filter(|item| item["type"] == kind)
        .map(|item| {
            let types: Vec<&str> =
                item["inputs"].as_array().unwrap().iter().map(|i| i["type"].as_str().unwrap()).collect();
            alloc::format!("{}({})", item["name"].as_str().unwrap(), types.join(","))
        })
        .collect()
}

/// A token's storage on the memory chain: everything the two tokens keep
/// (ownership, the pause switch, the mint gate, allowances, the bond
/// token's shares and settings), for the tests of those modules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct TokenState {
    pub(crate) owner: Address,
    pub(crate) pending_owner: Address,
    pub(crate) pauser: Address,
    pub(crate) paused: bool,
    pub(crate) pool: Address,
    pub(crate) allowances: BTreeMap<(Address, Address), U256>,
    pub(crate) shares: BTreeMap<Address, U256>,
    pub(crate) total_shares: U256,
    pub(crate) feed: Address,
    pub(crate) ratio_token: Address,
    pub(crate) name: alloc::string::String,
    pub(crate) symbol: alloc::string::String,
    pub(crate) balances: BTreeMap<Address, U256>,
    pub(crate) supply: U256,
    pub(crate) nonces: BTreeMap<Address, U256>,
}

/// A token on the memory chain.
pub(crate) type Token = Chain<TokenState>;

parts!(TokenState: owner, pause);

impl crate::ownable::Store for Token {
    fn pending_owner(&self) -> Address {
        self.state.pending_owner
    }
    fn set_owner(&mut self, owner: Address) {
        self.state.owner = owner;
    }
    fn set_pending_owner(&mut self, pending: Address) {
        self.state.pending_owner = pending;
    }
}

impl crate::gate::Store for Token {
    fn pool(&self) -> Address {
        self.state.pool
    }
    fn set_pool(&mut self, pool: Address) {
        self.state.pool = pool;
    }
}

impl crate::erc20::Allowances for Token {
    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.state.allowances.get(&(owner, spender)).copied().unwrap_or_default()
    }
    fn set_allowance(&mut self, owner: Address, spender: Address, value: U256) {
        self.state.allowances.insert((owner, spender), value);
    }
}

impl crate::bond_token::Store for Token {
    fn shares(&self, holder: Address) -> U256 {
        self.state.shares.get(&holder).copied().unwrap_or_default()
    }
    fn set_shares(&mut self, holder: Address, shares: U256) {
        self.state.shares.insert(holder, shares);
    }
    fn total_shares(&self) -> U256 {
        self.state.total_shares
    }
    fn set_total_shares(&mut self, shares: U256) {
        self.state.total_shares = shares;
    }
    fn feed(&self) -> Address {
        self.state.feed
    }
    fn ratio_token_setting(&self) -> Address {
        self.state.ratio_token
    }
    fn init_settings(&mut self, feed: Address, ratio_token: Address, name: &str, symbol: &str) {
        self.state.feed = feed;
        self.state.ratio_token = ratio_token;
        self.state.name = name.into();
        self.state.symbol = symbol.into();
    }
}

impl crate::erc20::Ledger for Token {
    fn total_supply(&self) -> U256 {
        self.state.supply
    }
    fn set_total_supply(&mut self, supply: U256) {
        self.state.supply = supply;
    }
    fn balance_of(&self, account: Address) -> U256 {
        self.state.balances.get(&account).copied().unwrap_or_default()
    }
    fn set_balance(&mut self, account: Address, balance: U256) {
        self.state.balances.insert(account, balance);
    }
}

impl crate::cert_token::Store for Token {
    fn feed(&self) -> Address {
        self.state.feed
    }
    fn set_feed(&mut self, feed: Address) {
        self.state.feed = feed;
    }
}

impl crate::cert_token::Minter for Token {
    fn mint_to(&mut self, to: Address, amount: U256) -> Result<()> {
        crate::erc20::mint(self, to, amount)
    }
    fn burn_from(&mut self, from: Address, amount: U256) -> Result<()> {
        crate::erc20::burn(self, from, amount)
    }
}

impl crate::permit::Store for Token {
    fn nonce(&self, owner: Address) -> U256 {
        self.state.nonces.get(&owner).copied().unwrap_or_default()
    }
    fn set_nonce(&mut self, owner: Address, nonce: U256) {
        self.state.nonces.insert(owner, nonce);
    }
}

/// The memory chain's id.
pub(crate) const CHAIN_ID: u64 = 31_337;

/// Keccak-256 in software (tiny-keccak).
pub(crate) fn keccak(data: &[u8]) -> [u8; 32] {
    use tiny_keccak::Hasher;
    let mut h = tiny_keccak::Keccak::v256();
    h.update(data);
    let mut out = [0u8; 32];
    h.finalize(&mut out);
    out
}

impl<S> lst_core::claim::Keccak256 for Chain<S> {
    fn keccak256(&self, data: &[u8]) -> [u8; 32] {
        keccak(data)
    }
}

impl<S> lst_core::claim::EcRecover for Chain<S> {
    fn ecrecover(&self, digest: &[u8; 32], sig: &lst_core::claim::Signature) -> Option<Address> {
        use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
        let rs = Signature::from_scalars(sig.r, sig.s).ok()?;
        let id = RecoveryId::from_byte(sig.v.checked_sub(27)?)?;
        let key = VerifyingKey::recover_from_prehash(digest, &rs, id).ok()?;
        Some(eth_address(&key))
    }
}

impl<S> crate::permit::Signatures for Chain<S> {
    fn chain_id(&self) -> u64 {
        CHAIN_ID
    }
}

/// The Ethereum address of a public key.
pub(crate) fn eth_address(key: &k256::ecdsa::VerifyingKey) -> Address {
    let point = key.to_encoded_point(false);
    let hash = keccak(&point.as_bytes()[1..]);
    hash[12..].try_into().unwrap()
}

/// Signs `digest` with `key` as Ethereum does: `(v, r, s)`, low `s`.
pub(crate) fn sign(key: &k256::ecdsa::SigningKey, digest: &[u8; 32]) -> (u8, [u8; 32], [u8; 32]) {
    use k256::ecdsa::RecoveryId;
    let (sig, id) = key.sign_prehash_recoverable(digest).unwrap();
    let (sig, id) = match sig.normalize_s() {
        Some(low) => (low, RecoveryId::new(!id.is_y_odd(), id.is_x_reduced())),
        None => (sig, id),
    };
    let bytes = sig.to_bytes();
    (27 + id.to_byte(), bytes[..32].try_into().unwrap(), bytes[32..].try_into().unwrap())
}

/// The records every contract with scheduled changes keeps: its delay and
/// waiting changes (a test state holds one and names it in
/// [`HasChanges`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Changes {
    pub(crate) delay: u64,
    pub(crate) slots: BTreeMap<[u8; 32], crate::timelock::Scheduled>,
}

/// A test state with scheduled changes.
pub(crate) trait HasChanges {
    fn changes(&self) -> &Changes;
    fn changes_mut(&mut self) -> &mut Changes;
}

impl<S: HasChanges> crate::timelock::Store for Chain<S> {
    fn delay(&self) -> u64 {
        self.state.changes().delay
    }
    fn set_delay(&mut self, delay_secs: u64) {
        self.state.changes_mut().delay = delay_secs;
    }
    fn waiting(&self, key: [u8; 32]) -> Option<crate::timelock::Scheduled> {
        self.state.changes().slots.get(&key).copied()
    }
    fn set_waiting(&mut self, key: [u8; 32], waiting: Option<crate::timelock::Scheduled>) {
        match waiting {
            Some(w) => self.state.changes_mut().slots.insert(key, w),
            None => self.state.changes_mut().slots.remove(&key),
        };
    }
}

/// A test state with an owner (its first field of that name).
pub(crate) trait HasOwner {
    fn owner(&self) -> Address;
}

impl<S: HasOwner> crate::Owned for Chain<S> {
    fn owner(&self) -> Address {
        self.state.owner()
    }
}

/// Gives a test state its shared records by their field names:
/// `parts!(State: owner, changes, pause, operator)` (fields `owner`,
/// `changes`, `pauser` and `paused`, `operator`).
macro_rules! parts {
    ($state:ty: $($part:ident),*) => { $(crate::memory::parts!(@ $state, $part);)* };
    (@ $state:ty, owner) => {
        impl crate::memory::HasOwner for $state {
            fn owner(&self) -> crate::Address {
                self.owner
            }
        }
    };
    (@ $state:ty, changes) => {
        impl crate::memory::HasChanges for $state {
            fn changes(&self) -> &crate::memory::Changes {
                &self.changes
            }
            fn changes_mut(&mut self) -> &mut crate::memory::Changes {
                &mut self.changes
            }
        }
    };
    (@ $state:ty, operator) => {
        impl crate::operator::Store for crate::memory::Chain<$state> {
            fn operator(&self) -> crate::Address {
                self.state.operator
            }
            fn set_operator(&mut self, operator: crate::Address) {
                self.state.operator = operator;
            }
        }
    };
    (@ $state:ty, pause) => {
        impl crate::memory::HasPause for $state {
            fn pause(&self) -> (crate::Address, bool) {
                (self.pauser, self.paused)
            }
            fn pause_mut(&mut self) -> (&mut crate::Address, &mut bool) {
                (&mut self.pauser, &mut self.paused)
            }
        }
    };
}
pub(crate) use parts;

/// A test state with a pause switch.
pub(crate) trait HasPause {
    fn pause(&self) -> (Address, bool);
    fn pause_mut(&mut self) -> (&mut Address, &mut bool);
}

impl<S: HasPause> crate::pausable::Store for Chain<S> {
    fn pauser(&self) -> Address {
        self.state.pause().0
    }
    fn set_pauser(&mut self, pauser: Address) {
        *self.state.pause_mut().0 = pauser;
    }
    fn paused(&self) -> bool {
        self.state.pause().1
    }
    fn set_paused(&mut self, paused: bool) {
        *self.state.pause_mut().1 = paused;
    }
}
