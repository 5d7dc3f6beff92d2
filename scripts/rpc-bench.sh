#!/usr/bin/env bash
# JSON-RPC throughput side by side: lst-node --platform stylus and anvil,
# the same client, the same methods (eth_chainId, eth_blockNumber,
# eth_getBalance, eth_call of a token's balanceOf), requests per second and
# p50 / p99 latency per method.
#   scripts/rpc-bench.sh [SECONDS] [CONNECTIONS] [METHOD]   (default 3 s, 4
#   connections, every method; METHOD: only the rows starting with it)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
node_tools stylus
artifacts="${CARGO_TARGET_DIR}/gas-reference"
node bench/reference/compile.mjs "${LST_TOOLS}/node_modules" "$artifacts" >/dev/null
cargo_off build --quiet -p lst-e2e --bin rpc-bench

WORK=$(mktemp -d)
trap 'kill "${ANVIL_PID:-}" "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
start_anvil "$WORK/anvil.log"
start_node "$WORK/node.log" --platform stylus
"${OFFCHAIN_TARGET_DIR}/debug/rpc-bench" "$NODE_URL" "$ANVIL_URL" "$artifacts" "${1:-3}" "${2:-4}" "${3:-}"
