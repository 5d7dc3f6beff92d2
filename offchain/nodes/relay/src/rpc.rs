//! The relay chain's node for the Substrate JSON-RPC of
//! `lst-substrate-chain` ([`rpc`](lst_substrate_chain::rpc), re-exported
//! here): [`RelayNode`] is its [`Backend`].
//!
//! Its runtime calls are the ones every chain here answers
//! ([`runtime_call`](lst_substrate_chain::rpc::runtime_call)).

pub use lst_substrate_chain::rpc::*;

use crate::runtime::{Runtime, VERSION};
use crate::{Rejected, RelayChain};
use codec::Encode;
use lst_substrate_chain::{BlockNumber, BlockStore};
use serde_json::{json, Value};
use sp_core::H256;
use sp_version::RuntimeVersion;

/// The node: the chain and what it tells clients about itself.
pub struct RelayNode {
    chain: RelayChain,
    metadata: Vec<u8>,
    /// A line per sealed block's extrinsic (the binary prints it).
    on_extrinsic: Option<fn(&str)>,
}

impl RelayNode {
    /// A node over `chain`.
    pub fn new(chain: RelayChain) -> Self {
        let metadata = Runtime::metadata().encode();
        Self { chain, metadata, on_extrinsic: None }
    }

    /// Calls `f` with a line per included extrinsic.
    pub fn on_extrinsic(&mut self, f: fn(&str)) {
        self.on_extrinsic = Some(f);
    }

    /// The chain.
    pub fn chain(&self) -> &RelayChain {
        &self.chain
    }

    /// The chain, to seal blocks.
    pub fn chain_mut(&mut self) -> &mut RelayChain {
        &mut self.chain
    }

    /// The JSON of block `number`'s header (for subscriptions).
    pub fn header_of(&self, number: BlockNumber) -> Value {
        header_json(&self.chain, number)
    }

    /// Answers `request` (subscriptions: their first value, or the
    /// submission of a watched extrinsic).
    pub fn handle(&mut self, request: Request) -> Result<Answer, RpcError> {
        handle(self, request)
    }
}

impl Backend for RelayNode {
    fn store(&self) -> &BlockStore {
        &self.chain
    }

    fn chain_name(&self) -> String {
        let n = self.chain.params().network;
        format!("LST local {}", if n == crate::Network::Kusama { "Kusama" } else { "Polkadot" })
    }

    fn properties(&self) -> Value {
        let n = self.chain.params().network;
        json!({"ss58Format": n.ss58_prefix(), "tokenDecimals": n.decimals(), "tokenSymbol": n.symbol()})
    }

    fn version(&self) -> RuntimeVersion {
        VERSION
    }

    fn metadata(&self) -> Vec<u8> {
        self.metadata.clone()
    }

    fn submit(&mut self, extrinsic: &[u8]) -> Result<(H256, H256), Rejected> {
        let (xt, block) = self.chain.submit(extrinsic)?;
        if let (Some(f), Some(b)) = (self.on_extrinsic, self.chain.block_by_hash(&block)) {
            for x in b.extrinsics.iter().skip(1) {
                f(&format!("block {} extrinsic {:?}", b.number(), crate::extrinsic_hash(x)));
            }
        }
        Ok((xt, block))
    }

    fn new_blocks(&mut self, count: u32) -> Result<H256, Rejected> {
        self.chain.new_blocks(count)
    }

    fn runtime_call(&mut self, method: &str, data: &[u8], _at: BlockNumber) -> Result<Vec<u8>, RpcError> {
        runtime_call::<Runtime>(self.chain.store_mut(), method, data)
    }
}
