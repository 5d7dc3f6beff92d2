//! The ink! chain over the Substrate JSON-RPC of `lst-substrate-chain`:
//! [`InkChain`] is a [`Backend`], so `lst-node --platform ink` answers the
//! RPC `ink_e2e`, `cargo contract` (with its `--url`), subxt and
//! polkadot.js use, over the same state as its Ethereum JSON-RPC.
//!
//! Beyond the calls every chain answers (`Core_version`,
//! `Metadata_metadata`, `AccountNonceApi_account_nonce`), `state_call`
//! answers `Metadata_metadata_versions`, `Metadata_metadata_at_version`,
//! `TaggedTransactionQueue_validate_transaction` and the revive runtime
//! API's dry runs and traces — `ReviveApi_call`, `ReviveApi_instantiate`,
//! `ReviveApi_upload_code` and `ReviveApi_trace_tx` — each as pallet-revive
//! 0.20.2's `impl_runtime_apis_plus_revive_traits!` implements it, calling
//! the pallet's own functions (`bare_call`, `bare_instantiate`,
//! `bare_upload_code`, its EVM tracer). Its other runtime-API functions
//! are answered with the runtime's error 4002 by name.

use crate::runtime::{self, Block, Executive, Revive, Runtime, RuntimeOrigin};
use crate::InkChain;
use codec::{Decode, Encode};
use lst_substrate_chain::rpc::{Backend, RpcError};
use lst_substrate_chain::{BlockNumber, BlockRuntime, BlockStore, Rejected};
use pallet_revive::pallet_revive_types::runtime_api as api;
use pallet_revive::{ExecConfig, TransactionLimits, H160};
use serde_json::{json, Value};
use sp_core::H256;
use sp_runtime::{traits::Block as _, transaction_validity::TransactionSource, AccountId32};
use sp_version::RuntimeVersion;
use std::sync::OnceLock;

/// The runtime calls the node answers over `state_call`, as the runtime
/// version lists them: (blake2-64 of the API's name, version). A unit test
/// recomputes the ids.
pub const RUNTIME_APIS: [([u8; 8], u32); 5] = [
    // Core
    ([0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b], 5),
    // Metadata
    ([0x37, 0xe3, 0x97, 0xfc, 0x7c, 0x91, 0xf5, 0xe4], 2),
    // AccountNonceApi
    ([0xbc, 0x9d, 0x89, 0x90, 0x4f, 0x5b, 0x92, 0x3f], 1),
    // TaggedTransactionQueue
    ([0xd2, 0xbc, 0x98, 0x97, 0xee, 0xd0, 0x8f, 0x15], 3),
    // ReviveApi (pallet-revive 0.20.2 declares version 2)
    ([0x8c, 0x40, 0x3e, 0x5c, 0x4a, 0x9f, 0xd4, 0x42], 2),
];

/// The token the ink! chain's Substrate side reports: one planck is one
/// wei (`NativeToEthRatio = 1`), so 18 decimals.
pub const TOKEN_DECIMALS: u32 = 18;

/// The runtime's metadata, encoded once.
fn metadata() -> &'static Vec<u8> {
    static METADATA: OnceLock<Vec<u8>> = OnceLock::new();
    METADATA.get_or_init(|| Runtime::metadata().encode())
}

impl BlockRuntime for Runtime {
    type Extrinsic = runtime::UncheckedExtrinsic;
    fn initialize_block(header: &lst_substrate_chain::Header) {
        Executive::initialize_block(header);
    }
    fn timestamp_inherent(now_ms: u64) -> Self::Extrinsic {
        runtime::UncheckedExtrinsic::new_bare(runtime::RuntimeCall::Timestamp(pallet_timestamp::Call::set {
            now: now_ms,
        }))
    }
    fn inherents_applied() {
        Executive::inherents_applied();
    }
    fn apply_extrinsic(xt: Self::Extrinsic) -> sp_runtime::ApplyExtrinsicResult {
        Executive::apply_extrinsic(xt)
    }
    fn finalize_block() -> lst_substrate_chain::Header {
        Executive::finalize_block()
    }
    fn validate_transaction(
        xt: Self::Extrinsic,
        parent: H256,
    ) -> sp_runtime::transaction_validity::TransactionValidity {
        Executive::validate_transaction(TransactionSource::External, xt, parent)
    }
    fn metadata_versions() -> Vec<u32> {
        Runtime::metadata_versions()
    }
    fn metadata_at_version(version: u32) -> Option<sp_core::OpaqueMetadata> {
        Runtime::metadata_at_version(version)
    }
}

/// The weight and deposit limits of a dry run: a whole block's weight and
/// any deposit unless the caller names them.
fn dry_run_limits(weight: Option<crate::Weight>, deposit: Option<u128>) -> TransactionLimits<Runtime> {
    TransactionLimits::WeightAndDeposit {
        weight_limit: weight.unwrap_or_else(crate::max_weight),
        deposit_limit: deposit.unwrap_or(u128::MAX),
    }
}

/// `ReviveApi_call`'s arguments.
type CallArgs = (AccountId32, H160, u128, Option<crate::Weight>, Option<u128>, Vec<u8>);
/// `ReviveApi_instantiate`'s arguments.
type InstantiateArgs = (AccountId32, u128, Option<crate::Weight>, Option<u128>, api::CodeV1, Vec<u8>, Option<[u8; 32]>);
/// `ReviveApi_upload_code`'s arguments.
type UploadArgs = (AccountId32, Vec<u8>, Option<u128>);
/// `ReviveApi_trace_tx`'s arguments.
type TraceTxArgs = (Block, u32, api::TracerTypeV1);

impl InkChain {
    /// `ReviveApi_trace_tx`: replays `block` on top of the state after
    /// block `at` (its parent) up to extrinsic `tx_index`, tracing that
    /// one with pallet-revive's EVM tracer.
    fn trace_tx(&self, at: BlockNumber, (block, tx_index, config): TraceTxArgs) -> Result<Vec<u8>, RpcError> {
        let mut ext = sp_io::TestExternalities::new(self.store().state_at(at));
        let chain_id = self.chain_id;
        let traced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ext.execute_with(|| {
                use pallet_revive::{evm::TraceEntry, runtime_api::TraceTxOutputPayload, tracing::trace};
                runtime::ChainId::set(chain_id);
                let mut tracer = Revive::evm_tracer(config.into());
                let (header, extrinsics) = block.deconstruct();
                Executive::initialize_block(&header);
                let mut entry = None;
                for (index, xt) in extrinsics.into_iter().enumerate() {
                    if index as u32 == tx_index {
                        let result = trace(tracer.as_tracing(), || Executive::apply_extrinsic(xt));
                        entry = match tracer.collect_trace() {
                            Some(tx_trace) => Some(TraceEntry::Traced(tx_trace)),
                            None => TraceEntry::for_untraced(&result),
                        };
                        break;
                    }
                    let _ = Executive::apply_extrinsic(xt);
                }
                match api::TraceTxOutputPayloadV1::from(TraceTxOutputPayload { entry }).trace {
                    Some(api::TraceV1::Call(call)) => Some(InkTrace::Call(call.into())).encode(),
                    other => other.encode(),
                }
            })
        }));
        traced.map_err(|_| RpcError::new(4003, "ReviveApi_trace_tx: replaying the block panicked the runtime"))
    }
}

/// A call trace in the layout `ink_e2e` 6.0.0-beta.2 decodes
/// (`ink_revive_types` 6.0.0-beta.1's `Trace::Call(CallTrace<U256>)`):
/// pallet-revive 0.20.2's V1 call trace with its gas as a 256-bit word,
/// as the pallet had it when that ink! release was made. `ink_e2e` traces
/// every extrinsic it submits and stops at a trace it cannot decode; the
/// other tracers' answers keep the pallet's own layout.
#[derive(Encode)]
enum InkTrace {
    Call(InkCallTrace),
}

/// [`InkTrace`]'s call trace.
#[derive(Encode)]
struct InkCallTrace {
    from: H160,
    gas: sp_core::U256,
    gas_used: sp_core::U256,
    to: H160,
    input: Vec<u8>,
    output: Vec<u8>,
    error: Option<String>,
    revert_reason: Option<String>,
    calls: Vec<InkCallTrace>,
    logs: Vec<api::CallLogV1>,
    value: Option<sp_core::U256>,
    call_type: api::CallTypeV1,
    child_call_count: u32,
}

impl From<api::CallTraceV1> for InkCallTrace {
    fn from(t: api::CallTraceV1) -> Self {
        Self {
            from: t.from,
            gas: t.gas.into(),
            gas_used: t.gas_used.into(),
            to: t.to,
            input: t.input.0,
            output: t.output.0,
            error: t.error,
            revert_reason: t.revert_reason,
            calls: t.calls.into_iter().map(Into::into).collect(),
            logs: t.logs,
            value: t.value,
            call_type: t.call_type,
            child_call_count: t.child_call_count,
        }
    }
}

impl Backend for InkChain {
    fn store(&self) -> &BlockStore {
        self.store()
    }

    fn chain_name(&self) -> String {
        format!("LST local ink! (pallet-revive, chain id {})", self.chain_id)
    }

    fn properties(&self) -> Value {
        json!({"ss58Format": 42, "tokenDecimals": TOKEN_DECIMALS, "tokenSymbol": "UNIT"})
    }

    fn version(&self) -> RuntimeVersion {
        runtime::VERSION
    }

    fn metadata(&self) -> Vec<u8> {
        metadata().clone()
    }

    fn submit(&mut self, extrinsic: &[u8]) -> Result<(H256, H256), Rejected> {
        self.submit_extrinsic(extrinsic)
    }

    fn new_blocks(&mut self, count: u32) -> Result<H256, Rejected> {
        InkChain::new_blocks(self, count)
    }

    fn runtime_call(&mut self, method: &str, data: &[u8], at: BlockNumber) -> Result<Vec<u8>, RpcError> {
        let args = |what: &str| RpcError::invalid_params(format!("{method}: the arguments do not decode as {what}"));
        // Dry runs read the head's state; an earlier block's is refused by
        // name rather than answered from the wrong state.
        let at_head = |chain: &Self| {
            if at == chain.store().head() {
                Ok(())
            } else {
                Err(RpcError::new(4003, format!("{method} runs on the head's state only (block {at} is older)")))
            }
        };
        Ok(match method {
            "ReviveApi_call" => {
                at_head(self)?;
                let (origin, dest, value, weight, deposit, input) = CallArgs::decode(&mut &data[..])
                    .map_err(|_| args("(origin, dest, value, gas limit, deposit limit, input)"))?;
                self.with(|| {
                    Revive::prepare_dry_run(&origin);
                    let contract_result = Revive::bare_call(
                        RuntimeOrigin::signed(origin),
                        dest,
                        Revive::convert_native_to_evm(value),
                        dry_run_limits(weight, deposit),
                        input,
                        &ExecConfig::new_substrate_tx().with_dry_run(None),
                    );
                    api::CallOutputPayloadV1::from(pallet_revive::runtime_api::CallOutputPayload { contract_result })
                        .contract_result
                })
                .encode()
            }
            "ReviveApi_instantiate" => {
                at_head(self)?;
                let (origin, value, gas_limit, storage_deposit_limit, code, data, salt) =
                    InstantiateArgs::decode(&mut &data[..])
                        .map_err(|_| args("(origin, value, gas limit, deposit limit, code, data, salt)"))?;
                let input = pallet_revive::runtime_api::InstantiateInputPayload::from(api::InstantiateInputPayloadV1 {
                    origin,
                    value,
                    gas_limit,
                    storage_deposit_limit,
                    code,
                    data,
                    salt,
                });
                self.with(|| {
                    Revive::prepare_dry_run(&input.origin);
                    let contract_result = Revive::bare_instantiate(
                        RuntimeOrigin::signed(input.origin),
                        Revive::convert_native_to_evm(input.value),
                        dry_run_limits(input.gas_limit, input.storage_deposit_limit),
                        input.code,
                        input.data,
                        input.salt,
                        &ExecConfig::new_substrate_tx().with_dry_run(None),
                    );
                    api::InstantiateOutputPayloadV1::from(pallet_revive::runtime_api::InstantiateOutputPayload {
                        contract_result,
                    })
                    .contract_result
                })
                .encode()
            }
            "ReviveApi_upload_code" => {
                at_head(self)?;
                let (origin, code, deposit) =
                    UploadArgs::decode(&mut &data[..]).map_err(|_| args("(origin, code, deposit limit)"))?;
                self.with(|| {
                    Revive::bare_upload_code(RuntimeOrigin::signed(origin), code, deposit.unwrap_or(u128::MAX)).map(
                        |code_upload_return_value| {
                            api::UploadCodeOutputPayloadV1::from(pallet_revive::runtime_api::UploadCodeOutputPayload {
                                code_upload_return_value,
                            })
                            .code_upload_return_value
                        },
                    )
                })
                .encode()
            }
            "ReviveApi_trace_tx" => {
                let trace_args = <TraceTxArgs as codec::DecodeLimit>::decode_all_with_depth_limit(256, &mut &data[..])
                    .map_err(|_| args("(block, transaction index, tracer)"))?;
                self.trace_tx(at, trace_args)?
            }
            other => {
                runtime::ChainId::set(self.chain_id);
                return lst_substrate_chain::rpc::runtime_call::<Runtime>(&mut self.store, other, data);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_api_ids_are_the_blake2_64_of_their_names() {
        for (name, (id, _)) in
            ["Core", "Metadata", "AccountNonceApi", "TaggedTransactionQueue", "ReviveApi"].iter().zip(RUNTIME_APIS)
        {
            assert_eq!(sp_crypto_hashing::blake2_64(name.as_bytes()), id, "{name}");
        }
    }
}
