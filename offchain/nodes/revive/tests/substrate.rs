//! The ink! chain's Substrate side, request by request: signed extrinsics
//! (transfers, `Revive` instantiate and call) over the same state as the
//! Ethereum side, the revive runtime API's dry runs and traces, and every
//! refusal a named JSON-RPC error that changes nothing.
#![allow(missing_docs, clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use alloy::{
    primitives::Address,
    sol_types::{SolCall, SolValue},
};
use codec::{Decode, Encode};
use lst_client::{abi::IRateProvider as Feed, Chain, ChainExt, Contract, Platform};
use lst_revive_chain::runtime::{Runtime, RuntimeCall, TxExtension, UncheckedExtrinsic};
use lst_revive_chain::{substrate_dev_account, InkChain};
use lst_substrate_chain::hex_encode;
use lst_substrate_chain::rpc::{handle, parse, Answer, RpcError};
use pallet_revive::pallet_revive_types::runtime_api::{ContractResultV1, ExecReturnValueV1};
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, sr25519, H160};
use sp_runtime::{generic::Era, MultiAddress, MultiSignature};

const CHANGE_DELAY: u64 = 48 * 60 * 60;
/// Whom the owner hands the feed to in the tests.
const NEXT_OWNER: Address = Address::repeat_byte(0x42);

fn chain() -> InkChain {
    InkChain::new(420_420_420).unwrap()
}

fn call(chain: &mut InkChain, method: &str, params: Value) -> Result<Value, RpcError> {
    let (_, request) = parse(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}));
    match handle(chain, request?)? {
        Answer::Value(v) => Ok(v),
        Answer::Included { extrinsic, .. } => Ok(json!(extrinsic)),
    }
}

fn pair(name: &str) -> sr25519::Pair {
    sr25519::Pair::from_string(&format!("//{name}"), None).unwrap()
}

/// `call` signed by `//from` with `nonce`, as a wallet builds it.
fn signed(chain: &InkChain, from: &str, call: RuntimeCall, nonce: u32) -> Vec<u8> {
    let extension: TxExtension = (
        frame_system::CheckNonZeroSender::new(),
        frame_system::CheckSpecVersion::new(),
        frame_system::CheckTxVersion::new(),
        frame_system::CheckGenesis::new(),
        frame_system::CheckMortality::from(Era::Immortal),
        frame_system::CheckNonce::from(nonce),
        frame_system::CheckWeight::new(),
    );
    let genesis = chain.store().genesis_hash();
    let implicit = ((), 1u32, 1u32, genesis, genesis, (), ());
    let payload = (&call, &extension, implicit).encode();
    let signature = if payload.len() > 256 {
        pair(from).sign(&sp_crypto_hashing::blake2_256(&payload))
    } else {
        pair(from).sign(&payload)
    };
    UncheckedExtrinsic::new_signed(
        call,
        MultiAddress::Id(substrate_dev_account(from).unwrap()),
        MultiSignature::Sr25519(signature),
        extension,
    )
    .encode()
}

fn submit(chain: &mut InkChain, xt: &[u8]) -> Result<Value, RpcError> {
    call(chain, "author_submitExtrinsic", json!([hex_encode(xt)]))
}

/// `call` signed by `//from` with its next nonce, submitted.
fn send(chain: &mut InkChain, from: &str, call: RuntimeCall) -> Result<Value, RpcError> {
    let n = nonce(chain, from);
    let xt = signed(chain, from, call, n);
    submit(chain, &xt)
}

fn nonce(chain: &mut InkChain, name: &str) -> u32 {
    let account = substrate_dev_account(name).unwrap();
    chain.store().account_nonce(&account, chain.store().head())
}

/// The H160 pallet-revive gives the sr25519 account of `//name`.
fn address_of(name: &str) -> Address {
    use pallet_revive::AddressMapper;
    let h = <Runtime as pallet_revive::Config>::AddressMapper::to_address(&substrate_dev_account(name).unwrap());
    Address::from(h.0)
}

fn feed_code() -> Vec<u8> {
    lst_client::ink_code(&Contract::RateProvider.artifact(Platform::Ink)).unwrap()
}

/// `Revive::map_account` then `Revive::instantiate_with_code` of the rate
/// provider by `//Alice` (admin: her H160); the contract's address.
fn instantiate_feed_over_substrate(chain: &mut InkChain) -> Address {
    let map = RuntimeCall::Revive(pallet_revive::Call::map_account {});
    send(chain, "Alice", map).unwrap();
    let admin = address_of("Alice");
    let deploy = RuntimeCall::Revive(pallet_revive::Call::instantiate_with_code {
        value: 0,
        weight_limit: lst_revive_chain::max_weight() / 2,
        storage_deposit_limit: u128::MAX,
        code: feed_code(),
        data: (admin, CHANGE_DELAY).abi_encode_params(),
        salt: None,
    });
    send(chain, "Alice", deploy).unwrap();
    let head = chain.store().head();
    let events = chain.store().events::<lst_revive_chain::runtime::RuntimeEvent>(head);
    events
        .into_iter()
        .find_map(|r| match r.event {
            lst_revive_chain::runtime::RuntimeEvent::Revive(pallet_revive::Event::Instantiated {
                contract, ..
            }) => Some(Address::from(contract.0)),
            _ => None,
        })
        .expect("an Instantiated event")
}

/// `Revive::call` of the feed's `transferOwnership(NEXT_OWNER)`.
fn handover_to_next_owner(feed: Address) -> RuntimeCall {
    RuntimeCall::Revive(pallet_revive::Call::call {
        dest: H160(feed.0 .0),
        value: 0,
        weight_limit: lst_revive_chain::max_weight() / 2,
        storage_deposit_limit: u128::MAX,
        data: Feed::transferOwnershipCall { newOwner: NEXT_OWNER }.abi_encode(),
    })
}

#[test]
fn a_transfer_signed_by_alice_is_included_and_moves_the_balance() {
    let mut c = chain();
    let bob = substrate_dev_account("Bob").unwrap();
    let before = c.store().free_balance(&bob);
    let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
        dest: MultiAddress::Id(bob.clone()),
        value: 1_000,
    });
    let head = c.store().head();
    send(&mut c, "Alice", transfer).unwrap();
    assert_eq!(c.store().head(), head + 1);
    assert_eq!(c.store().free_balance(&bob), before + 1_000);
}

#[test]
fn a_contract_instantiated_by_an_extrinsic_is_read_over_the_ethereum_side() {
    let mut c = chain();
    let feed = instantiate_feed_over_substrate(&mut c);
    assert_eq!(c.view(feed, Feed::ownerCall {}).unwrap(), address_of("Alice"));
}

#[test]
fn a_contract_deployed_over_the_ethereum_side_answers_a_revive_dry_run_and_a_signed_call() {
    let mut c = chain();
    let admin = c.accounts()[0];
    let feed =
        c.deploy(admin, Contract::RateProvider, &(address_of("Alice"), CHANGE_DELAY).abi_encode_params()).unwrap();
    // The dry run: ReviveApi_call, as ink_e2e and cargo contract make it.
    let input = Feed::ownerCall {}.abi_encode();
    let args = (
        substrate_dev_account("Alice").unwrap(),
        H160(feed.0 .0),
        0u128,
        None::<lst_revive_chain::Weight>,
        None::<u128>,
        input,
    );
    let out = call(&mut c, "state_call", json!(["ReviveApi_call", hex_encode(&args.encode())])).unwrap();
    let bytes = lst_substrate_chain::hex_decode(out.as_str().unwrap()).unwrap();
    let result = ContractResultV1::<ExecReturnValueV1, u128>::decode(&mut &bytes[..]).unwrap();
    let returned = result.result.unwrap();
    assert_eq!(Address::abi_decode(&returned.data).unwrap(), address_of("Alice"));
    // A signed Revive::call by the owner, seen by the Ethereum side.
    let map = RuntimeCall::Revive(pallet_revive::Call::map_account {});
    send(&mut c, "Alice", map).unwrap();
    let handover = handover_to_next_owner(feed);
    send(&mut c, "Alice", handover).unwrap();
    assert_eq!(c.view(feed, Feed::pendingOwnerCall {}).unwrap(), NEXT_OWNER);
}

#[test]
fn a_signed_contract_calls_events_reach_the_ethereum_log_history() {
    let mut c = chain();
    let feed = instantiate_feed_over_substrate(&mut c);
    let handover = handover_to_next_owner(feed);
    send(&mut c, "Alice", handover).unwrap();
    let head = c.block_number().unwrap();
    let logs = c.log_records(feed, head, head).unwrap();
    assert_eq!(logs.len(), 1, "the OwnershipTransferStarted event");
}

#[test]
fn an_included_call_is_traced_from_its_parents_state() {
    let mut c = chain();
    let feed = instantiate_feed_over_substrate(&mut c);
    let handover = handover_to_next_owner(feed);
    send(&mut c, "Alice", handover).unwrap();
    let head = c.store().head_block().clone();
    let parent = c.store().block(head.number() - 1).unwrap().hash;
    let block = opaque_block(&head);
    let tracer = pallet_revive::pallet_revive_types::runtime_api::TracerTypeV1::CallTracer(None);
    let args = (block, 1u32, tracer).encode();
    let out = call(&mut c, "state_call", json!(["ReviveApi_trace_tx", hex_encode(&args), parent])).unwrap();
    let bytes = lst_substrate_chain::hex_decode(out.as_str().unwrap()).unwrap();
    // Some(Trace::Call(..)), in the layout ink_e2e decodes: the call from
    // Alice succeeded on the parent's state, contract storage included (the
    // owner check read it), and logged OwnershipTransferStarted.
    let trace = Option::<InkTrace>::decode(&mut &bytes[..]).unwrap().expect("a trace");
    let InkTrace::Call(call) = trace;
    assert_eq!(call.from.0, address_of("Alice").0 .0);
    assert_eq!(call.to.0, feed.0 .0);
    assert_eq!(call.error, None, "the replayed call did not revert");
    assert_eq!(call.logs.len(), 1);
}

/// `sealed` as `ReviveApi_trace_tx` takes a block (as `ink_e2e` sends it).
fn opaque_block(
    sealed: &lst_substrate_chain::SealedBlock,
) -> (lst_substrate_chain::Header, Vec<sp_runtime::OpaqueExtrinsic>) {
    let extrinsics =
        sealed.extrinsics.iter().map(|x| sp_runtime::OpaqueExtrinsic::try_from_encoded_extrinsic(x).unwrap()).collect();
    (sealed.header.clone(), extrinsics)
}

/// The call trace layout the node answers (`ink_e2e`'s).
#[derive(Decode)]
enum InkTrace {
    Call(InkCallTrace),
}

#[derive(Decode)]
#[allow(dead_code)]
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
    logs: Vec<pallet_revive::pallet_revive_types::runtime_api::CallLogV1>,
    value: Option<sp_core::U256>,
    call_type: pallet_revive::pallet_revive_types::runtime_api::CallTypeV1,
    child_call_count: u32,
}

#[test]
fn a_contracts_storage_is_read_over_the_child_state_methods() {
    let mut c = chain();
    let feed = instantiate_feed_over_substrate(&mut c);
    let trie = c
        .with(|| pallet_revive::AccountInfo::<Runtime>::load_contract(&H160(feed.0 .0)))
        .expect("a contract")
        .trie_id
        .to_vec();
    let child = sp_core::storage::ChildInfo::new_default(&trie).prefixed_storage_key().into_inner();
    let keys = call(&mut c, "childstate_getKeysPaged", json!([hex_encode(&child), null, 10, null])).unwrap();
    let keys = keys.as_array().unwrap();
    assert!(!keys.is_empty(), "the feed's storage");
    let value = call(&mut c, "childstate_getStorage", json!([hex_encode(&child), keys[0]])).unwrap();
    assert!(value.is_string());
    let entries = call(&mut c, "childstate_getStorageEntries", json!([hex_encode(&child), [keys[0]]])).unwrap();
    assert_eq!(entries[0], value);
    let e = call(&mut c, "childstate_getStorage", json!([hex_encode(b":child_storage:other:x"), keys[0]])).unwrap_err();
    assert_eq!(e.code, -32602);
}

#[test]
fn bytes_that_are_not_an_extrinsic_are_a_verification_error_and_seal_nothing() {
    let mut c = chain();
    let head = c.store().head();
    let e = submit(&mut c, &[1, 2, 3]).unwrap_err();
    assert_eq!(e.code, 1002);
    assert_eq!(c.store().head(), head);
}

#[test]
fn a_transfer_signed_by_another_key_is_refused_and_changes_nothing() {
    let mut c = chain();
    let bob = substrate_dev_account("Bob").unwrap();
    let before = c.store().free_balance(&bob);
    let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
        dest: MultiAddress::Id(bob.clone()),
        value: 1,
    });
    let mut xt = UncheckedExtrinsic::decode(&mut &signed(&c, "Alice", transfer.clone(), 0)[..]).unwrap();
    let other = UncheckedExtrinsic::decode(&mut &signed(&c, "Charlie", transfer, 0)[..]).unwrap();
    if let (sp_runtime::generic::Preamble::Signed(_, sig, _), sp_runtime::generic::Preamble::Signed(_, theirs, _)) =
        (&mut xt.preamble, &other.preamble)
    {
        *sig = theirs.clone();
    }
    let e = submit(&mut c, &xt.encode()).unwrap_err();
    assert_eq!(e.code, 1010);
    assert_eq!(c.store().free_balance(&bob), before);
}

#[test]
fn an_unknown_runtime_function_is_the_runtimes_error_4002() {
    let mut c = chain();
    let e = call(&mut c, "state_call", json!(["ReviveApi_eth_block", "0x"])).unwrap_err();
    assert_eq!(e.code, 4002);
}

#[test]
fn revive_api_arguments_that_do_not_decode_are_invalid_params() {
    let mut c = chain();
    for method in ["ReviveApi_call", "ReviveApi_instantiate", "ReviveApi_upload_code", "ReviveApi_trace_tx"] {
        let e = call(&mut c, "state_call", json!([method, "0x0102"])).unwrap_err();
        assert_eq!(e.code, -32602, "{method}");
    }
}

#[test]
fn a_dry_run_at_an_older_block_is_refused_by_name() {
    let mut c = chain();
    c.mine(1).unwrap();
    let genesis = c.store().genesis_hash();
    let args = (
        substrate_dev_account("Alice").unwrap(),
        H160::zero(),
        0u128,
        None::<lst_revive_chain::Weight>,
        None::<u128>,
        Vec::<u8>::new(),
    );
    let e = call(&mut c, "state_call", json!(["ReviveApi_call", hex_encode(&args.encode()), genesis])).unwrap_err();
    assert_eq!(e.code, 4003);
    assert!(e.message.contains("head"), "{}", e.message);
}

#[test]
fn the_upload_dry_run_answers_the_codes_hash_and_stores_nothing() {
    let mut c = chain();
    let code = feed_code();
    let args = (substrate_dev_account("Alice").unwrap(), code.clone(), None::<u128>).encode();
    let out = call(&mut c, "state_call", json!(["ReviveApi_upload_code", hex_encode(&args)])).unwrap();
    let bytes = lst_substrate_chain::hex_decode(out.as_str().unwrap()).unwrap();
    let r = Result::<
        pallet_revive::pallet_revive_types::runtime_api::CodeUploadReturnValueV1<u128>,
        sp_runtime::DispatchError,
    >::decode(&mut &bytes[..])
    .unwrap();
    assert_eq!(r.unwrap().code_hash.0, sp_io::hashing::keccak_256(&code));
    let head = c.store().head();
    assert_eq!(c.store().head(), head);
}

#[test]
fn the_metadata_and_the_version_name_the_revive_pallet_and_its_api() {
    let mut c = chain();
    let version = call(&mut c, "state_getRuntimeVersion", json!([])).unwrap();
    assert_eq!(version["specName"], "lst-revive");
    let apis = version["apis"].as_array().unwrap();
    assert!(apis.iter().any(|a| a[0] == "0x8c403e5c4a9fd442"), "ReviveApi listed");
    let metadata = call(&mut c, "state_getMetadata", json!([])).unwrap();
    assert!(metadata.as_str().unwrap().len() > 10_000);
}

#[test]
fn a_dry_run_that_panics_leaves_the_state_as_it_was() {
    let mut c = chain();
    let bob = substrate_dev_account("Bob").unwrap();
    let before = c.store().free_balance(&bob);
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.with(|| {
            frame_system::Account::<Runtime>::mutate(&bob, |a| a.data.free = 1);
            panic!("a runtime panic in a dry run");
        })
    }));
    assert!(panicked.is_err());
    // The next block commits nothing of it.
    c.mine(1).unwrap();
    assert_eq!(c.store().free_balance(&bob), before);
}

#[test]
fn child_key_requests_over_the_cap_are_refused() {
    let mut c = chain();
    let child = hex_encode(&sp_core::storage::ChildInfo::new_default(b"x").prefixed_storage_key().into_inner());
    let e = call(&mut c, "childstate_getKeysPaged", json!([child, null, 1_001, null])).unwrap_err();
    assert_eq!(e.code, -32602);
    let keys: Vec<String> = (0..1_001).map(|i: u32| hex_encode(&i.to_be_bytes())).collect();
    let e = call(&mut c, "childstate_getStorageEntries", json!([child, keys])).unwrap_err();
    assert_eq!(e.code, -32602);
}

#[test]
fn a_trace_of_a_block_that_cannot_follow_the_given_parent_is_refused_by_name() {
    let mut c = chain();
    c.mine(3).unwrap();
    let head = c.store().head_block().clone();
    let genesis = c.store().genesis_hash();
    // The head block replayed on genesis' state: FRAME refuses a block
    // number that does not follow its parent's.
    let block = opaque_block(&head);
    let tracer = pallet_revive::pallet_revive_types::runtime_api::TracerTypeV1::CallTracer(None);
    let args = (block, 0u32, tracer).encode();
    let e = call(&mut c, "state_call", json!(["ReviveApi_trace_tx", hex_encode(&args), genesis])).unwrap_err();
    assert_eq!(e.code, 4003, "{}", e.message);
    // The chain goes on.
    c.mine(1).unwrap();
}
