//! Every Ethereum JSON-RPC request the node answers, as one typed enum
//! ([`EthRequest`]) read by serde, the way anvil's `EthRequest` is: the
//! method name selects the variant ([`Method`], with anvil's and
//! hardhat's aliases), and the positional parameters deserialize into the
//! variant's typed fields — addresses, hashes, quantities, bytes, flags and
//! log filters. Each refusal is typed: an unknown method is `-32601`
//! (Method not found), a parameter of the wrong type or form `-32602`
//! (Invalid params), a request that is not a request object `-32600`
//! (Invalid Request; see [`crate::rpc::Node::handle_json`]).
//!
//! Missing trailing parameters read as absent (`null`), as most nodes take
//! them (`eth_getBalance` without a block is the latest); parameters past
//! the last a method takes are ignored. Block parameters and transaction
//! objects stay JSON values here: the node resolves them against its chain
//! (a tag, a number or `{blockHash}`; alloy's `TransactionRequest`) and
//! refuses them there, by name.

use crate::rpc::RpcError;
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_rpc_types_eth::Filter as LogFilter;
use serde::{de::DeserializeOwned, Deserialize, Deserializer};
use serde_json::Value;

/// A JSON-RPC method the node knows, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Method {
    /// `web3_clientVersion`.
    #[serde(rename = "web3_clientVersion")]
    ClientVersion,
    /// `web3_sha3`.
    #[serde(rename = "web3_sha3")]
    Sha3,
    /// `eth_chainId`.
    #[serde(rename = "eth_chainId")]
    ChainId,
    /// `net_version`.
    #[serde(rename = "net_version")]
    NetVersion,
    /// `net_listening`.
    #[serde(rename = "net_listening")]
    NetListening,
    /// `eth_syncing`.
    #[serde(rename = "eth_syncing")]
    Syncing,
    /// `eth_accounts`.
    #[serde(rename = "eth_accounts")]
    Accounts,
    /// `eth_coinbase`.
    #[serde(rename = "eth_coinbase")]
    Coinbase,
    /// `eth_blockNumber`.
    #[serde(rename = "eth_blockNumber")]
    BlockNumber,
    /// `eth_gasPrice`.
    #[serde(rename = "eth_gasPrice")]
    GasPrice,
    /// `eth_maxPriorityFeePerGas`.
    #[serde(rename = "eth_maxPriorityFeePerGas")]
    MaxPriorityFeePerGas,
    /// `eth_feeHistory`.
    #[serde(rename = "eth_feeHistory")]
    FeeHistory,
    /// `eth_getBalance`.
    #[serde(rename = "eth_getBalance")]
    GetBalance,
    /// `eth_getTransactionCount`.
    #[serde(rename = "eth_getTransactionCount")]
    GetTransactionCount,
    /// `eth_getCode`.
    #[serde(rename = "eth_getCode")]
    GetCode,
    /// `eth_getStorageAt`.
    #[serde(rename = "eth_getStorageAt")]
    GetStorageAt,
    /// `eth_call`.
    #[serde(rename = "eth_call")]
    Call,
    /// `eth_estimateGas`.
    #[serde(rename = "eth_estimateGas")]
    EstimateGas,
    /// `eth_sendRawTransaction`.
    #[serde(rename = "eth_sendRawTransaction")]
    SendRawTransaction,
    /// `eth_sendTransaction`.
    #[serde(rename = "eth_sendTransaction")]
    SendTransaction,
    /// `eth_getTransactionReceipt`.
    #[serde(rename = "eth_getTransactionReceipt")]
    GetTransactionReceipt,
    /// `eth_getTransactionByHash`.
    #[serde(rename = "eth_getTransactionByHash")]
    GetTransactionByHash,
    /// `eth_getBlockByNumber`.
    #[serde(rename = "eth_getBlockByNumber")]
    GetBlockByNumber,
    /// `eth_getBlockByHash`.
    #[serde(rename = "eth_getBlockByHash")]
    GetBlockByHash,
    /// `eth_getBlockTransactionCountByNumber`.
    #[serde(rename = "eth_getBlockTransactionCountByNumber")]
    GetBlockTransactionCountByNumber,
    /// `eth_getLogs`.
    #[serde(rename = "eth_getLogs")]
    GetLogs,
    /// `eth_newFilter`.
    #[serde(rename = "eth_newFilter")]
    NewFilter,
    /// `eth_newBlockFilter`.
    #[serde(rename = "eth_newBlockFilter")]
    NewBlockFilter,
    /// `eth_newPendingTransactionFilter`.
    #[serde(rename = "eth_newPendingTransactionFilter")]
    NewPendingTransactionFilter,
    /// `eth_uninstallFilter`.
    #[serde(rename = "eth_uninstallFilter")]
    UninstallFilter,
    /// `eth_getFilterChanges`.
    #[serde(rename = "eth_getFilterChanges")]
    GetFilterChanges,
    /// `eth_getFilterLogs`.
    #[serde(rename = "eth_getFilterLogs")]
    GetFilterLogs,
    /// `evm_mine`.
    #[serde(rename = "evm_mine")]
    EvmMine,
    /// `anvil_mine`, `hardhat_mine`.
    #[serde(rename = "anvil_mine", alias = "hardhat_mine")]
    Mine,
    /// `evm_increaseTime`, `anvil_increaseTime`.
    #[serde(rename = "evm_increaseTime", alias = "anvil_increaseTime")]
    IncreaseTime,
    /// `anvil_setBalance`, `hardhat_setBalance`.
    #[serde(rename = "anvil_setBalance", alias = "hardhat_setBalance")]
    SetBalance,
    /// `anvil_setCode`, `hardhat_setCode`.
    #[serde(rename = "anvil_setCode", alias = "hardhat_setCode")]
    SetCode,
    /// `evm_snapshot`, `anvil_snapshot`.
    #[serde(rename = "evm_snapshot", alias = "anvil_snapshot")]
    Snapshot,
    /// `evm_revert`, `anvil_revert`.
    #[serde(rename = "evm_revert", alias = "anvil_revert")]
    Revert,
}

impl Method {
    /// Whether a successful request of this method changes the chain (what
    /// a journal records).
    pub fn changes_state(self) -> bool {
        matches!(
            self,
            Method::SendRawTransaction
                | Method::SendTransaction
                | Method::EvmMine
                | Method::Mine
                | Method::IncreaseTime
                | Method::SetBalance
                | Method::SetCode
                | Method::Snapshot
                | Method::Revert
        )
    }
}

/// A quantity parameter: a hex or decimal string, or a JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity(pub U256);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match Value::deserialize(deserializer)? {
            Value::String(s) => s.parse().map(Quantity).map_err(|_| D::Error::custom(format!("invalid quantity {s}"))),
            Value::Number(n) => {
                n.as_u64().map(|n| Quantity(U256::from(n))).ok_or_else(|| D::Error::custom("invalid quantity"))
            }
            other => Err(D::Error::custom(format!("invalid quantity {other}"))),
        }
    }
}

/// A quantity parameter that must fit 64 bits (ids, counts, seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct U64(pub u64);

impl<'de> Deserialize<'de> for U64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let Quantity(q) = Quantity::deserialize(deserializer)?;
        u64::try_from(q).map(U64).map_err(|_| D::Error::custom(format!("{q} is out of range (at most 2^64 - 1)")))
    }
}

/// One request, typed.
#[derive(Clone, Debug, PartialEq)]
pub enum EthRequest {
    /// `web3_clientVersion`.
    ClientVersion,
    /// `web3_sha3(data)`.
    Sha3(Bytes),
    /// `eth_chainId`.
    ChainId,
    /// `net_version`.
    NetVersion,
    /// `net_listening`.
    NetListening,
    /// `eth_syncing`.
    Syncing,
    /// `eth_accounts`.
    Accounts,
    /// `eth_coinbase`.
    Coinbase,
    /// `eth_blockNumber`.
    BlockNumber,
    /// `eth_gasPrice`.
    GasPrice,
    /// `eth_maxPriorityFeePerGas`.
    MaxPriorityFeePerGas,
    /// `eth_feeHistory(blockCount, newestBlock, rewardPercentiles)`.
    FeeHistory(Option<U64>, Option<Value>, Option<Value>),
    /// `eth_getBalance(address, block)`.
    GetBalance(Address, Option<Value>),
    /// `eth_getTransactionCount(address, block)`.
    GetTransactionCount(Address, Option<Value>),
    /// `eth_getCode(address, block)`.
    GetCode(Address, Option<Value>),
    /// `eth_getStorageAt(address, slot, block)`.
    GetStorageAt(Address, Quantity, Option<Value>),
    /// `eth_call(transaction, block, stateOverrides)`.
    Call(Option<Value>, Option<Value>, Option<Value>),
    /// `eth_estimateGas(transaction, block, stateOverrides)`.
    EstimateGas(Option<Value>, Option<Value>, Option<Value>),
    /// `eth_sendRawTransaction(signedTransaction)`.
    SendRawTransaction(Bytes),
    /// `eth_sendTransaction(transaction)` from a dev account.
    SendTransaction(Option<Value>),
    /// `eth_getTransactionReceipt(hash)`.
    GetTransactionReceipt(B256),
    /// `eth_getTransactionByHash(hash)`.
    GetTransactionByHash(B256),
    /// `eth_getBlockByNumber(block, fullTransactions)`.
    GetBlockByNumber(Option<Value>, bool),
    /// `eth_getBlockByHash(hash, fullTransactions)`.
    GetBlockByHash(B256, bool),
    /// `eth_getBlockTransactionCountByNumber(block)`.
    GetBlockTransactionCountByNumber(Option<Value>),
    /// `eth_getLogs(filter)`.
    GetLogs(Box<LogFilter>),
    /// `eth_newFilter(filter)`.
    NewFilter(Box<LogFilter>),
    /// `eth_newBlockFilter`.
    NewBlockFilter,
    /// `eth_newPendingTransactionFilter`.
    NewPendingTransactionFilter,
    /// `eth_uninstallFilter(id)`.
    UninstallFilter(u64),
    /// `eth_getFilterChanges(id)`.
    GetFilterChanges(u64),
    /// `eth_getFilterLogs(id)`.
    GetFilterLogs(u64),
    /// `evm_mine` (one block, no interval) or `anvil_mine(blocks,
    /// interval)` (at least one block).
    Mine {
        /// Blocks to mine.
        blocks: u64,
        /// Seconds between them.
        interval: u64,
    },
    /// `evm_increaseTime(seconds)`.
    IncreaseTime(u64),
    /// `anvil_setBalance(address, wei)`.
    SetBalance(Address, U256),
    /// `anvil_setCode(address, code)`.
    SetCode(Address, Bytes),
    /// `evm_snapshot`.
    Snapshot,
    /// `evm_revert(id)`.
    Revert(u64),
}

/// The first `N` positional parameters as the tuple `T`: missing ones read
/// as `null`, extra ones are ignored; a parameter serde cannot read as its
/// type is Invalid params, naming the method.
fn params<T: DeserializeOwned>(method: &str, params: &Value, n: usize) -> Result<T, RpcError> {
    let mut list: Vec<Value> = params.as_array().map(|a| a.iter().take(n).cloned().collect()).unwrap_or_default();
    list.resize(n, Value::Null);
    serde_json::from_value(Value::Array(list)).map_err(|e| RpcError::invalid(format!("{method}: invalid params: {e}")))
}

/// A required log filter.
fn filter(method: &str, filter: Option<LogFilter>) -> Result<Box<LogFilter>, RpcError> {
    filter.map(Box::new).ok_or_else(|| RpcError::invalid(format!("{method}: missing filter object")))
}

impl EthRequest {
    /// Reads `method` with positional `params` (an array).
    pub fn parse(method: &str, p: &Value) -> Result<(Method, Self), RpcError> {
        let known: Method = serde_json::from_value(Value::String(method.to_owned()))
            .map_err(|_| RpcError::method_not_found(format!("method not supported by lst-node: {method}")))?;
        let m = method;
        let request = match known {
            Method::ClientVersion => EthRequest::ClientVersion,
            Method::Sha3 => {
                let (data,): (Option<Bytes>,) = params(m, p, 1)?;
                EthRequest::Sha3(data.unwrap_or_default())
            }
            Method::ChainId => EthRequest::ChainId,
            Method::NetVersion => EthRequest::NetVersion,
            Method::NetListening => EthRequest::NetListening,
            Method::Syncing => EthRequest::Syncing,
            Method::Accounts => EthRequest::Accounts,
            Method::Coinbase => EthRequest::Coinbase,
            Method::BlockNumber => EthRequest::BlockNumber,
            Method::GasPrice => EthRequest::GasPrice,
            Method::MaxPriorityFeePerGas => EthRequest::MaxPriorityFeePerGas,
            Method::FeeHistory => {
                let (count, newest, percentiles) = params(m, p, 3)?;
                EthRequest::FeeHistory(count, newest, percentiles)
            }
            Method::GetBalance => {
                let (address, block) = params(m, p, 2)?;
                EthRequest::GetBalance(address, block)
            }
            Method::GetTransactionCount => {
                let (address, block) = params(m, p, 2)?;
                EthRequest::GetTransactionCount(address, block)
            }
            Method::GetCode => {
                let (address, block) = params(m, p, 2)?;
                EthRequest::GetCode(address, block)
            }
            Method::GetStorageAt => {
                let (address, slot, block) = params(m, p, 3)?;
                EthRequest::GetStorageAt(address, slot, block)
            }
            Method::Call => {
                let (call, block, overrides) = params(m, p, 3)?;
                EthRequest::Call(call, block, overrides)
            }
            Method::EstimateGas => {
                let (call, block, overrides) = params(m, p, 3)?;
                EthRequest::EstimateGas(call, block, overrides)
            }
            Method::SendRawTransaction => {
                let (raw,): (Option<Bytes>,) = params(m, p, 1)?;
                EthRequest::SendRawTransaction(raw.unwrap_or_default())
            }
            Method::SendTransaction => {
                let (call,) = params(m, p, 1)?;
                EthRequest::SendTransaction(call)
            }
            Method::GetTransactionReceipt => {
                let (hash,) = params(m, p, 1)?;
                EthRequest::GetTransactionReceipt(hash)
            }
            Method::GetTransactionByHash => {
                let (hash,) = params(m, p, 1)?;
                EthRequest::GetTransactionByHash(hash)
            }
            Method::GetBlockByNumber => {
                let (block, full): (Option<Value>, Option<bool>) = params(m, p, 2)?;
                EthRequest::GetBlockByNumber(block, full.unwrap_or(false))
            }
            Method::GetBlockByHash => {
                let (hash, full): (B256, Option<bool>) = params(m, p, 2)?;
                EthRequest::GetBlockByHash(hash, full.unwrap_or(false))
            }
            Method::GetBlockTransactionCountByNumber => {
                let (block,) = params(m, p, 1)?;
                EthRequest::GetBlockTransactionCountByNumber(block)
            }
            Method::GetLogs => {
                let (f,) = params(m, p, 1)?;
                EthRequest::GetLogs(filter(m, f)?)
            }
            Method::NewFilter => {
                let (f,) = params(m, p, 1)?;
                EthRequest::NewFilter(filter(m, f)?)
            }
            Method::NewBlockFilter => EthRequest::NewBlockFilter,
            Method::NewPendingTransactionFilter => EthRequest::NewPendingTransactionFilter,
            Method::UninstallFilter => {
                let (U64(id),) = params(m, p, 1)?;
                EthRequest::UninstallFilter(id)
            }
            Method::GetFilterChanges => {
                let (U64(id),) = params(m, p, 1)?;
                EthRequest::GetFilterChanges(id)
            }
            Method::GetFilterLogs => {
                let (U64(id),) = params(m, p, 1)?;
                EthRequest::GetFilterLogs(id)
            }
            Method::EvmMine => EthRequest::Mine { blocks: 1, interval: 0 },
            Method::Mine => {
                let (blocks, interval): (Option<U64>, Option<U64>) = params(m, p, 2)?;
                EthRequest::Mine {
                    blocks: blocks.map_or(1, |U64(n)| n.max(1)),
                    interval: interval.map_or(0, |U64(n)| n),
                }
            }
            Method::IncreaseTime => {
                let (seconds,): (Option<U64>,) = params(m, p, 1)?;
                EthRequest::IncreaseTime(seconds.map_or(0, |U64(s)| s))
            }
            Method::SetBalance => {
                let (address, wei): (Address, Option<Quantity>) = params(m, p, 2)?;
                EthRequest::SetBalance(address, wei.map_or(U256::ZERO, |Quantity(w)| w))
            }
            Method::SetCode => {
                let (address, code): (Address, Option<Bytes>) = params(m, p, 2)?;
                EthRequest::SetCode(address, code.unwrap_or_default())
            }
            Method::Snapshot => EthRequest::Snapshot,
            Method::Revert => {
                let (U64(id),) = params(m, p, 1)?;
                EthRequest::Revert(id)
            }
        };
        Ok((known, request))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn an_unknown_method_is_method_not_found() {
        assert_eq!(EthRequest::parse("eth_mine", &json!([])).unwrap_err().code, -32601);
    }

    #[test]
    fn a_parameter_of_the_wrong_type_is_invalid_params() {
        let err = EthRequest::parse("eth_getBalance", &json!([42])).unwrap_err();
        assert_eq!(err.code, -32602);
        assert!(err.message.starts_with("eth_getBalance: invalid params"), "{}", err.message);
    }

    #[test]
    fn a_missing_required_parameter_is_invalid_params() {
        assert_eq!(EthRequest::parse("eth_getTransactionReceipt", &json!([])).unwrap_err().code, -32602);
    }

    #[test]
    fn missing_trailing_parameters_read_as_absent() {
        let address = Address::repeat_byte(7);
        let (_, request) = EthRequest::parse("eth_getBalance", &json!([address])).unwrap();
        assert_eq!(request, EthRequest::GetBalance(address, None));
    }

    #[test]
    fn aliases_name_the_same_request() {
        let anvil = EthRequest::parse("anvil_mine", &json!(["0x3", 2])).unwrap();
        let hardhat = EthRequest::parse("hardhat_mine", &json!(["0x3", 2])).unwrap();
        assert_eq!(anvil, hardhat);
        assert_eq!(anvil.1, EthRequest::Mine { blocks: 3, interval: 2 });
    }

    #[test]
    fn a_quantity_is_a_hex_or_decimal_string_or_a_number() {
        for q in [json!("0x10"), json!("16"), json!(16)] {
            let (_, r) = EthRequest::parse("evm_increaseTime", &json!([q])).unwrap();
            assert_eq!(r, EthRequest::IncreaseTime(16));
        }
    }

    #[test]
    fn a_quantity_past_64_bits_for_an_id_is_invalid_params() {
        let err = EthRequest::parse("evm_revert", &json!(["0x10000000000000000"])).unwrap_err();
        assert_eq!(err.code, -32602);
    }

    #[test]
    fn a_filter_of_the_wrong_shape_is_invalid_params() {
        assert_eq!(EthRequest::parse("eth_getLogs", &json!([{"fromBlock": 7}])).unwrap_err().code, -32602);
        assert_eq!(EthRequest::parse("eth_getLogs", &json!([])).unwrap_err().code, -32602);
    }

    #[test]
    fn the_methods_that_change_the_chain_are_journaled() {
        let (method, _) = EthRequest::parse("hardhat_setBalance", &json!([Address::ZERO, "0x1"])).unwrap();
        assert!(method.changes_state());
        let (method, _) = EthRequest::parse("eth_blockNumber", &json!([])).unwrap();
        assert!(!method.changes_state());
    }
}
