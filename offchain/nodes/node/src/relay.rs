//! The relay chain's node (`lst-node --platform relay`): `lst-relay-chain`
//! on a thread of its own, served by [`crate::substrate`].

use crate::substrate::{BlockNote, SubstrateRpc, Work};
use lst_relay_chain::rpc::{self, RpcError};
use lst_relay_chain::{ChainParams, RelayChain};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// The relay node's default port (a Substrate node's).
pub const DEFAULT_PORT: u16 = 9944;

/// How to start a relay node.
#[derive(Clone, Debug)]
pub struct RelayConfig {
    /// The chain.
    pub params: ChainParams,
    /// Also seal an empty block this often (none: only on transactions
    /// and `dev_newBlock`).
    pub seal_every: Option<Duration>,
    /// A journal to replay at start and append to.
    pub state: Option<PathBuf>,
}

/// Builds the chain `config` describes (replaying its state file).
pub fn build(config: &RelayConfig) -> Result<rpc::RelayNode, String> {
    let mut chain = RelayChain::new(config.params.clone())?;
    if let Some(path) = &config.state {
        chain.persist_to(path)?;
    }
    Ok(rpc::RelayNode::new(chain))
}

/// Starts the chain's thread and returns its handle once it is ready;
/// `on_extrinsic` gets a line per included extrinsic.
pub fn start(config: RelayConfig, on_extrinsic: Option<fn(&str)>) -> Result<SubstrateRpc, String> {
    let (work, mut receiver) = mpsc::unbounded_channel::<Work>();
    let (blocks, _) = broadcast::channel::<Arc<BlockNote>>(1024);
    let (ready, started) = std::sync::mpsc::channel();
    let publish = blocks.clone();
    let seal_every = config.seal_every;
    std::thread::Builder::new()
        .name("lst-relay-chain".into())
        .spawn(move || {
            let mut node = match build(&config) {
                Ok(node) => node,
                Err(e) => return drop(ready.send(Err(e))),
            };
            if let Some(f) = on_extrinsic {
                node.on_extrinsic(f);
            }
            drop(ready.send(Ok(())));
            let mut head = node.chain().head();
            while let Some(work) = receiver.blocking_recv() {
                match work {
                    Work::Request(request, reply) => {
                        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| node.handle(request)))
                            .unwrap_or_else(|_| {
                                Err(RpcError::invalid_request("the request panicked the node; nothing changed"))
                            });
                        drop(reply.send(answer));
                    }
                    Work::Seal => {
                        // A failed timer block leaves the chain as it was.
                        drop(node.chain_mut().seal(Vec::new()));
                    }
                }
                let now = node.chain().head();
                for number in head + 1..=now {
                    if let Some(block) = node.chain().block(number) {
                        let note = BlockNote {
                            hash: block.hash,
                            header: node.header_of(number),
                            changes: block.changes.clone(),
                        };
                        // No subscriber is no error.
                        drop(publish.send(Arc::new(note)));
                    }
                }
                head = now;
            }
        })
        .map_err(|e| e.to_string())?;
    started.recv().map_err(|e| e.to_string())??;
    if let Some(every) = seal_every {
        let timer = work.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(every);
            interval.tick().await;
            loop {
                interval.tick().await;
                if timer.send(Work::Seal).is_err() {
                    return;
                }
            }
        });
    }
    let sender = work.clone();
    Ok(SubstrateRpc::new(Arc::new(move |w| sender.send(w).is_ok()), blocks))
}

/// Starts a relay node with `params` on a free local port in a background
/// thread that lives as long as the process; returns its URL
/// (`http://…`; the same port takes WebSocket connections).
pub fn spawn(params: ChainParams) -> Result<String, String> {
    let config = RelayConfig { params, seal_every: None, state: None };
    crate::spawn_router(move || start(config, None).map(crate::substrate::router))
}
