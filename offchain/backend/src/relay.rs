//! The relay-chain side of KSM/DOT staking, over `subxt`: reading blocks,
//! events, balances and staking ledgers of Kusama or Polkadot (or the
//! local relay chain, `lst-node --platform relay`), and sending the
//! backend's own extrinsics.
//!
//! [`RelayClient`] is the connection; [`RelayClient::find_deposit`] checks
//! a user's deposit by its extrinsic id (`<block>-<index>`, as the source
//! document has the user give it): the block must be finalized, the
//! extrinsic must have succeeded, and its `Balances.Transfer` events must
//! move at least the minimum from the depositor to the deposit address.
//! Each refusal is a [`DepositRefusal`] by name.
//!
//! Calls go by pallet and call name through subxt's dynamic API (the
//! metadata decides the encoding), so the same code sends to Kusama,
//! Polkadot and the local chain.

use subxt::{
    dynamic::{self, Value},
    rpcs::{rpc_params, RpcClient},
    OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// A 32-byte relay-chain account.
pub type AccountId = [u8; 32];

/// Why the relay chain could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The endpoint did not answer or answered something else.
    #[error("relay chain endpoint: {0}")]
    Rpc(String),
    /// The endpoint is another network than the one configured.
    #[error("the endpoint is {found} (SS58 prefix {prefix}), not {expected}: nothing was sent")]
    WrongNetwork {
        /// The network configured.
        expected: &'static str,
        /// What the endpoint reports.
        found: String,
        /// Its SS58 prefix.
        prefix: u16,
    },
    /// A transaction was refused or failed on chain.
    #[error("relay transaction {what}: {why}")]
    Transaction {
        /// What was sent.
        what: String,
        /// Why it failed.
        why: String,
    },
}

impl RelayError {
    fn rpc(e: impl std::fmt::Display) -> Self {
        Self::Rpc(e.to_string())
    }
}

/// Why a deposit was not credited (nothing was recorded).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DepositRefusal {
    /// Not `<block>-<index>`.
    #[error("malformed_extrinsic_id: {0:?} is not <block>-<index>")]
    MalformedId(String),
    /// No such block yet, or no such extrinsic in it.
    #[error("unknown_extrinsic: {0} is not an extrinsic of the chain")]
    UnknownExtrinsic(String),
    /// The block is not finalized yet (ask again later).
    #[error("not_finalized: block {block} is not finalized yet (finalized: {finalized})")]
    NotFinalized {
        /// The deposit's block.
        block: u32,
        /// The finalized head.
        finalized: u32,
    },
    /// The extrinsic failed on chain: it moved nothing.
    #[error("extrinsic_failed: {0} failed on chain")]
    Failed(String),
    /// It moved nothing to the deposit address.
    #[error("not_to_deposit_address: {0} transfers nothing to the deposit address")]
    NotToDepositAddress(String),
    /// It paid the deposit address, but from another account than the
    /// claimant's.
    #[error("wrong_sender: {0} was sent by another account than the claimant's")]
    WrongSender(String),
    /// Under the minimum deposit.
    #[error("under_minimum: {id} moved {amount}, under the minimum of {minimum}")]
    UnderMinimum {
        /// The extrinsic.
        id: String,
        /// What it moved.
        amount: u128,
        /// The minimum.
        minimum: u128,
    },
}

/// A transfer found in an extrinsic's events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// Who paid.
    pub from: AccountId,
    /// Who received.
    pub to: AccountId,
    /// How much (planck).
    pub amount: u128,
}

/// What an extrinsic did, as its events tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// `System.ExtrinsicSuccess` (not `ExtrinsicFailed`).
    pub success: bool,
    /// Its `Balances.Transfer` events.
    pub transfers: Vec<Transfer>,
    /// Its `Staking.Rewarded` events: (stash, amount).
    pub rewards: Vec<(AccountId, u128)>,
}

/// Decodes `Staking.Rewarded`'s fields: the stash, the destination
/// (`Staked`, `Stash`, `Controller`, `Account(id)`, `None`) and the amount.
fn decode_rewarded(mut bytes: &[u8]) -> Option<(AccountId, u128)> {
    use codec::Decode;
    let stash = AccountId::decode(&mut bytes).ok()?;
    let dest = u8::decode(&mut bytes).ok()?;
    if dest == 3 {
        AccountId::decode(&mut bytes).ok()?;
    }
    let amount = u128::decode(&mut bytes).ok()?;
    Some((stash, amount))
}

/// Parses `<block>-<index>`.
pub fn parse_extrinsic_id(id: &str) -> Result<(u32, u32), DepositRefusal> {
    let bad = || DepositRefusal::MalformedId(id.to_owned());
    let (block, index) = id.split_once('-').ok_or_else(bad)?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(block) || !digits(index) {
        return Err(bad());
    }
    Ok((block.parse().map_err(|_| bad())?, index.parse().map_err(|_| bad())?))
}

/// The deposit rule: `outcome` (of extrinsic `id`) must have succeeded and
/// moved at least `minimum` from `depositor` to `deposit_address`; returns
/// the amount moved.
pub fn check_deposit(
    id: &str,
    outcome: &Outcome,
    depositor: &AccountId,
    deposit_address: &AccountId,
    minimum: u128,
) -> Result<u128, DepositRefusal> {
    if !outcome.success {
        return Err(DepositRefusal::Failed(id.to_owned()));
    }
    let to_us: Vec<&Transfer> = outcome.transfers.iter().filter(|t| &t.to == deposit_address).collect();
    if to_us.is_empty() {
        return Err(DepositRefusal::NotToDepositAddress(id.to_owned()));
    }
    let amount = to_us.iter().filter(|t| &t.from == depositor).fold(0u128, |sum, t| sum.saturating_add(t.amount));
    if amount == 0 {
        return Err(DepositRefusal::WrongSender(id.to_owned()));
    }
    if amount < minimum {
        return Err(DepositRefusal::UnderMinimum { id: id.to_owned(), amount, minimum });
    }
    Ok(amount)
}

/// A bonded stash's ledger (`Staking.Ledger`), in planck.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Bonded and earning.
    pub active: u128,
    /// Unbonding: (amount, era it unlocks at).
    pub unlocking: Vec<(u128, u32)>,
}

impl Ledger {
    /// The unbonding total.
    pub fn unlocking_total(&self) -> u128 {
        self.unlocking.iter().fold(0, |s, (v, _)| s.saturating_add(*v))
    }
}

#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountInfo {
    nonce: u32,
    data: AccountData,
}

#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountData {
    free: u128,
    frozen: u128,
}

#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct StakingLedger {
    active: u128,
    unlocking: Vec<UnlockChunk>,
}

#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct UnlockChunk {
    value: u128,
    era: u32,
}

#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ActiveEra {
    index: u32,
}

#[derive(Debug, subxt::ext::scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Nominations {
    targets: Vec<AccountId>,
}

/// A balance's parts (planck).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balance {
    /// Free (includes what staking holds on newer runtimes).
    pub free: u128,
    /// Frozen (locked by staking on older runtimes).
    pub frozen: u128,
    /// The account's next nonce.
    pub nonce: u32,
}

/// An extrinsic the backend signed, before or after it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// Its bytes, as submitted.
    pub bytes: Vec<u8>,
    /// Its hash.
    pub hash: [u8; 32],
    /// The nonce it uses.
    pub nonce: u64,
    /// The block it was signed at (its mortality starts there).
    pub birth: u32,
}

/// Blocks a backend transaction stays valid for after the block it was
/// signed at (its mortality): if it is not in a block by then it never
/// will be, and may be signed again.
pub const MORTALITY: u32 = 64;

/// A connection to one relay chain.
#[derive(Clone)]
pub struct RelayClient {
    api: OnlineClient<PolkadotConfig>,
    rpc: RpcClient,
    /// The SS58 prefix the endpoint reports.
    pub prefix: u16,
    /// Its token's decimals.
    pub decimals: u32,
}

impl RelayClient {
    /// Connects to `url` (`ws://` or `wss://`) and checks that it is the
    /// network with SS58 prefix `prefix` (`expected` names it).
    pub async fn connect(url: &str, expected: &'static str, prefix: u16) -> Result<Self, RelayError> {
        let rpc = RpcClient::from_insecure_url(url).await.map_err(RelayError::rpc)?;
        let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone()).await.map_err(RelayError::rpc)?;
        let props: serde_json::Value =
            rpc.request("system_properties", rpc_params![]).await.map_err(RelayError::rpc)?;
        let found = props.get("ss58Format").and_then(serde_json::Value::as_u64).unwrap_or(42) as u16;
        let decimals = match props.get("tokenDecimals") {
            Some(serde_json::Value::Array(a)) => a.first().and_then(serde_json::Value::as_u64),
            Some(v) => v.as_u64(),
            None => None,
        }
        .unwrap_or(0) as u32;
        if found != prefix {
            let chain: String = rpc.request("system_chain", rpc_params![]).await.map_err(RelayError::rpc)?;
            return Err(RelayError::WrongNetwork { expected, found: chain, prefix: found });
        }
        Ok(Self { api, rpc, prefix, decimals })
    }

    /// The finalized head's number.
    pub async fn finalized(&self) -> Result<u32, RelayError> {
        let hash: serde_json::Value =
            self.rpc.request("chain_getFinalizedHead", rpc_params![]).await.map_err(RelayError::rpc)?;
        let header: serde_json::Value =
            self.rpc.request("chain_getHeader", rpc_params![hash]).await.map_err(RelayError::rpc)?;
        header_number(&header, "finalized")
    }

    /// What extrinsic `index` of block `block` did, if there is one.
    pub async fn outcome(&self, block: u32, index: u32) -> Result<Option<Outcome>, RelayError> {
        let Ok(at) = self.api.at_block(block).await else {
            return Ok(None);
        };
        let extrinsics = at.extrinsics().fetch().await.map_err(RelayError::rpc)?;
        let Some(ext) = extrinsics.iter().nth(index as usize) else {
            return Ok(None);
        };
        let ext = ext.map_err(RelayError::rpc)?;
        let events = ext.events().await.map_err(RelayError::rpc)?;
        let mut outcome = Outcome::default();
        for event in events.iter() {
            let event = event.map_err(RelayError::rpc)?;
            match (event.pallet_name(), event.event_name()) {
                ("System", "ExtrinsicSuccess") => outcome.success = true,
                ("Balances", "Transfer") => {
                    use codec::Decode;
                    let (from, to, amount) = <(AccountId, AccountId, u128)>::decode(&mut event.field_bytes())
                        .map_err(|e| RelayError::Rpc(format!("a Transfer event does not decode: {e}")))?;
                    outcome.transfers.push(Transfer { from, to, amount });
                }
                ("Staking", "Rewarded") => {
                    let reward = decode_rewarded(event.field_bytes())
                        .ok_or_else(|| RelayError::Rpc("a Rewarded event does not decode".into()))?;
                    outcome.rewards.push(reward);
                }
                _ => {}
            }
        }
        Ok(Some(outcome))
    }

    /// Checks the deposit `id` (see the module docs); returns the amount.
    pub async fn find_deposit(
        &self,
        id: &str,
        depositor: &AccountId,
        deposit_address: &AccountId,
        minimum: u128,
    ) -> Result<Result<u128, DepositRefusal>, RelayError> {
        let (block, index) = match parse_extrinsic_id(id) {
            Ok(x) => x,
            Err(e) => return Ok(Err(e)),
        };
        let finalized = self.finalized().await?;
        let Some(outcome) = self.outcome(block, index).await? else {
            return Ok(Err(DepositRefusal::UnknownExtrinsic(id.to_owned())));
        };
        if block > finalized {
            return Ok(Err(DepositRefusal::NotFinalized { block, finalized }));
        }
        Ok(check_deposit(id, &outcome, depositor, deposit_address, minimum))
    }

    /// `who`'s balance and nonce at the best block.
    pub async fn balance(&self, who: &AccountId) -> Result<Balance, RelayError> {
        let at = self.api.at_current_block().await.map_err(RelayError::rpc)?;
        let addr = dynamic::storage::<(AccountId,), AccountInfo>("System", "Account");
        let info = at.storage().try_fetch(addr, (*who,)).await.map_err(RelayError::rpc)?;
        match info {
            None => Ok(Balance::default()),
            Some(v) => {
                let info = v.decode().map_err(RelayError::rpc)?;
                Ok(Balance { free: info.data.free, frozen: info.data.frozen, nonce: info.nonce })
            }
        }
    }

    /// The staking ledger of `stash` (its own controller), if bonded.
    pub async fn ledger(&self, stash: &AccountId) -> Result<Option<Ledger>, RelayError> {
        let at = self.api.at_current_block().await.map_err(RelayError::rpc)?;
        let addr = dynamic::storage::<(AccountId,), StakingLedger>("Staking", "Ledger");
        let ledger = at.storage().try_fetch(addr, (*stash,)).await.map_err(RelayError::rpc)?;
        match ledger {
            None => Ok(None),
            Some(v) => {
                let l = v.decode().map_err(RelayError::rpc)?;
                Ok(Some(Ledger { active: l.active, unlocking: l.unlocking.iter().map(|c| (c.value, c.era)).collect() }))
            }
        }
    }

    /// The active era.
    pub async fn active_era(&self) -> Result<u32, RelayError> {
        let at = self.api.at_current_block().await.map_err(RelayError::rpc)?;
        let addr = dynamic::storage::<(), ActiveEra>("Staking", "ActiveEra");
        let era = at.storage().try_fetch(addr, ()).await.map_err(RelayError::rpc)?;
        match era {
            None => Ok(0),
            Some(v) => Ok(v.decode().map_err(RelayError::rpc)?.index),
        }
    }

    /// Whom `stash` nominates.
    pub async fn nominations(&self, stash: &AccountId) -> Result<Vec<AccountId>, RelayError> {
        let at = self.api.at_current_block().await.map_err(RelayError::rpc)?;
        let addr = dynamic::storage::<(AccountId,), Nominations>("Staking", "Nominators");
        let n = at.storage().try_fetch(addr, (*stash,)).await.map_err(RelayError::rpc)?;
        match n {
            None => Ok(Vec::new()),
            Some(v) => Ok(v.decode().map_err(RelayError::rpc)?.targets),
        }
    }

    /// Signs `call` (`pallet.call(args)`) by `signer` with `nonce`, mortal
    /// for [`MORTALITY`] blocks from the best block.
    pub async fn sign(
        &self,
        signer: &Keypair,
        pallet: &str,
        call: &str,
        args: Vec<Value>,
        nonce: u64,
    ) -> Result<Signed, RelayError> {
        let payload = dynamic::transaction(pallet, call, args);
        let mut tx = self.api.tx().await.map_err(RelayError::rpc)?;
        let birth = self.best().await?;
        let params = subxt::config::PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new()
            .nonce(nonce)
            .mortal(u64::from(MORTALITY))
            .build();
        let signed = tx
            .create_signed(&payload, signer, params)
            .await
            .map_err(|e| RelayError::Transaction { what: format!("{pallet}.{call}"), why: e.to_string() })?;
        Ok(Signed { bytes: signed.encoded().to_vec(), hash: signed.hash().0, nonce, birth })
    }

    /// The best block's number.
    pub async fn best(&self) -> Result<u32, RelayError> {
        let header: serde_json::Value =
            self.rpc.request("chain_getHeader", rpc_params![]).await.map_err(RelayError::rpc)?;
        header_number(&header, "best")
    }

    /// Submits signed bytes (the same bytes may be submitted again: the
    /// chain includes an extrinsic once).
    pub async fn submit(&self, bytes: &[u8]) -> Result<(), RelayError> {
        let hex = format!("0x{}", alloy::hex::encode(bytes));
        let _: serde_json::Value = self
            .rpc
            .request("author_submitExtrinsic", rpc_params![hex])
            .await
            .map_err(|e| RelayError::Transaction { what: "submission".into(), why: format!("{e:?}") })?;
        Ok(())
    }

    /// Where the extrinsic `hash` is, looking in blocks `from..=to` (at
    /// most [`MORTALITY`] + 1 of them): its extrinsic id and outcome.
    pub async fn find_included(
        &self,
        hash: &[u8; 32],
        from: u32,
        to: u32,
    ) -> Result<Option<(String, Outcome)>, RelayError> {
        self.find_included_in(hash, from, to, &mut BlockIndex::default()).await
    }

    /// [`Self::find_included`], reading each block's extrinsic hashes once
    /// into `index` (a round settling many extrinsics reads each block
    /// once, not once per extrinsic).
    pub async fn find_included_in(
        &self,
        hash: &[u8; 32],
        from: u32,
        to: u32,
        index: &mut BlockIndex,
    ) -> Result<Option<(String, Outcome)>, RelayError> {
        let to = to.min(from.saturating_add(MORTALITY));
        for block in from..=to {
            if let std::collections::hash_map::Entry::Vacant(slot) = index.0.entry(block) {
                let hashes = match self.api.at_block(block).await {
                    Err(_) => Vec::new(),
                    Ok(at) => {
                        let extrinsics = at.extrinsics().fetch().await.map_err(RelayError::rpc)?;
                        let mut hashes = Vec::new();
                        for ext in extrinsics.iter() {
                            let ext = ext.map_err(RelayError::rpc)?;
                            hashes.push(ext.hash().0);
                        }
                        hashes
                    }
                };
                slot.insert(hashes);
            }
            let found = index.0.get(&block).and_then(|hashes| hashes.iter().position(|h| h == hash));
            if let Some(i) = found {
                let i = i as u32;
                let outcome = self.outcome(block, i).await?.unwrap_or_default();
                return Ok(Some((format!("{block}-{i}"), outcome)));
            }
        }
        Ok(None)
    }

    /// Advances a local development chain by `count` blocks (`dev_newBlock`;
    /// live chains have no such method).
    pub async fn dev_new_blocks(&self, count: u32) -> Result<(), RelayError> {
        let _: serde_json::Value = self
            .rpc
            .request("dev_newBlock", rpc_params![serde_json::json!({ "count": count })])
            .await
            .map_err(RelayError::rpc)?;
        Ok(())
    }
}

/// `account` in SS58 with `prefix`.
pub fn ss58(account: &AccountId, prefix: u8) -> String {
    let mut out = [0u8; lst_core::ss58::MAX_ENCODED_LEN];
    let n = lst_core::ss58::encode(prefix, account, &mut out).unwrap_or(0);
    String::from_utf8_lossy(out.get(..n).unwrap_or_default()).into_owned()
}

/// A JSON header's block number (`"number": "0x…"`).
fn header_number(header: &serde_json::Value, which: &str) -> Result<u32, RelayError> {
    header
        .get("number")
        .and_then(serde_json::Value::as_str)
        .and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
        .ok_or_else(|| RelayError::Rpc(format!("the {which} header has no number")))
}

/// The extrinsic hashes of the blocks read so far, by block number.
#[derive(Debug, Default)]
pub struct BlockIndex(std::collections::HashMap<u32, Vec<[u8; 32]>>);

/// An account as a dynamic `MultiAddress::Id`.
pub fn multi_address(account: &AccountId) -> Value {
    Value::unnamed_variant("Id", [Value::from_bytes(account)])
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: AccountId = [1; 32];
    const POOL: AccountId = [2; 32];
    const OTHER: AccountId = [3; 32];

    fn outcome(success: bool, transfers: &[(AccountId, AccountId, u128)]) -> Outcome {
        Outcome {
            success,
            transfers: transfers.iter().map(|&(from, to, amount)| Transfer { from, to, amount }).collect(),
            rewards: Vec::new(),
        }
    }

    #[test]
    fn a_rewarded_event_decodes_with_each_destination() {
        use codec::Encode;
        let mut staked = [7u8; 32].encode();
        staked.push(1);
        staked.extend(5u128.encode());
        assert_eq!(decode_rewarded(&staked), Some(([7; 32], 5)));
        let mut account = [7u8; 32].encode();
        account.push(3);
        account.extend([9u8; 32]);
        account.extend(6u128.encode());
        assert_eq!(decode_rewarded(&account), Some(([7; 32], 6)));
        assert_eq!(decode_rewarded(&[1, 2, 3]), None);
    }

    #[test]
    fn a_transfer_from_the_user_to_the_deposit_address_is_credited_its_amount() {
        assert_eq!(check_deposit("5-1", &outcome(true, &[(USER, POOL, 7)]), &USER, &POOL, 5), Ok(7));
    }

    #[test]
    fn a_failed_extrinsic_is_refused() {
        assert_eq!(
            check_deposit("5-1", &outcome(false, &[]), &USER, &POOL, 5),
            Err(DepositRefusal::Failed("5-1".into()))
        );
    }

    #[test]
    fn a_transfer_to_another_address_is_refused() {
        assert_eq!(
            check_deposit("5-1", &outcome(true, &[(USER, OTHER, 9)]), &USER, &POOL, 5),
            Err(DepositRefusal::NotToDepositAddress("5-1".into()))
        );
    }

    #[test]
    fn a_transfer_from_another_account_is_refused() {
        assert_eq!(
            check_deposit("5-1", &outcome(true, &[(OTHER, POOL, 9)]), &USER, &POOL, 5),
            Err(DepositRefusal::WrongSender("5-1".into()))
        );
    }

    #[test]
    fn a_deposit_under_the_minimum_is_refused() {
        assert_eq!(
            check_deposit("5-1", &outcome(true, &[(USER, POOL, 4)]), &USER, &POOL, 5),
            Err(DepositRefusal::UnderMinimum { id: "5-1".into(), amount: 4, minimum: 5 })
        );
    }

    #[test]
    fn an_extrinsic_id_is_block_dash_index() {
        assert_eq!(parse_extrinsic_id("12-3"), Ok((12, 3)));
        for bad in ["12", "-3", "12-", "a-1", "1-b", "99999999999-1", "1-2-3"] {
            assert!(parse_extrinsic_id(bad).is_err(), "{bad}");
        }
    }
}
