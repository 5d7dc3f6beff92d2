#!/usr/bin/env bash
# JSON-RPC throughput side by side: lst-node --platform stylus and anvil,
# the same client, the same methods (eth_chainId, eth_blockNumber,
# eth_getBalance, eth_call of a token's balanceOf), requests per second and
# p50 / p99 latency per method.
#   scripts/rpc-bench.sh [SECONDS] [CONNECTIONS]   (default 3 s, 4 connections)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
node_tools stylus
artifacts="${CARGO_TARGET_DIR}/gas-reference"
node bench/reference/compile.mjs "${LST_TOOLS}/node_modules" "$artifacts" >/dev/null
cargo_off build --quiet -p lst-e2e --bin rpc-bench

WORK=$(mktemp -d)
ANVIL="$LST_TOOLS/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ANVIL" --port "$port" --silent >"$WORK/anvil.log" 2>&1 &
anvil_pid=$!
trap 'kill "$anvil_pid" "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
start_node "$WORK/node.log" --platform stylus
anvil_url="http://127.0.0.1:${port}"
for _ in $(seq 1 100); do
  curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$anvil_url" >/dev/null && break
  kill -0 "$anvil_pid" 2>/dev/null || { cat "$WORK/anvil.log" >&2; echo "anvil exited" >&2; exit 1; }
  sleep 0.1
done
"${OFFCHAIN_TARGET_DIR}/debug/rpc-bench" "$NODE_URL" "$anvil_url" "$artifacts" "${1:-3}" "${2:-4}"
