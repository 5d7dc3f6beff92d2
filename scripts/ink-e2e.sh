#!/usr/bin/env bash
# The ink! contracts' ink_e2e tests (contracts/ink/e2e) against the
# project's own node: starts `lst-node --platform ink` on free ports of
# 127.0.0.1, points CONTRACTS_NODE_URL (ink_e2e's way of naming an existing
# node) at its Substrate JSON-RPC and ETH_RPC_URL at its Ethereum JSON-RPC,
# runs `cargo test` in contracts/ink/e2e (one thread: the tests share the
# chain and its development keys) and stops the node, whatever happens.
# The .polkavm code is scripts/build.sh --ink's (INK_ARTIFACTS_DIR).
# With CONTRACTS_NODE_URL and ETH_RPC_URL already set, runs against that
# node instead and starts nothing.
#   scripts/ink-e2e.sh [cargo test arguments, e.g. a test name]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bash scripts/build.sh --ink >/dev/null
if [ -z "${CONTRACTS_NODE_URL:-}" ]; then
  cargo_off build --quiet -p lst-node --bin lst-node
  log=$(mktemp)
  trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -f "$log"' EXIT
  start_node "$log" --platform ink --quiet
  echo "lst-node (ink) pid ${NODE_PID}: Ethereum JSON-RPC ${NODE_URL}, Substrate JSON-RPC ${SUBSTRATE_URL}"
  export CONTRACTS_NODE_URL="${SUBSTRATE_URL/http:/ws:}" ETH_RPC_URL="$NODE_URL"
fi
# Its own workspace (ink_e2e's dependency graph), in the ink! target dir;
# linted as it compiles, as every build of the project is.
cd contracts/ink/e2e
CARGO_TARGET_DIR="$INK_TARGET_DIR" cargo test --locked "$@" -- --test-threads=1
