#!/usr/bin/env bash
# Runs the scenario suite over JSON-RPC: starts `lst-node` (Stylus, or the
# ink! engine with `--platform ink`) on a free port of 127.0.0.1, points
# STYLUS_RPC_URL at it, runs `cargo test -p lst-e2e --test rpc` (one
# thread: the scenarios share the node's dev accounts) and stops the node,
# whatever happens. The SDK sends every transaction with exactly the node's
# `eth_estimateGas`, so this also proves each scenario call's estimate is
# enough on that platform.
# With STYLUS_RPC_URL already set, runs against that endpoint instead
# (keys from STYLUS_PRIVATE_KEYS) and starts nothing.
#   scripts/e2e-rpc.sh [--platform stylus|ink]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

platform=stylus
case "${1:-}" in
  --platform) platform=${2:?--platform needs stylus or ink} ;;
  "") ;;
  *) echo "usage: scripts/e2e-rpc.sh [--platform stylus|ink]" >&2; exit 2 ;;
esac
export LST_RPC_PLATFORM="$platform"
if [ -z "${STYLUS_RPC_URL:-}" ]; then
  cargo_off build --quiet -p lst-node --bin lst-node
  log=$(mktemp)
  trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -f "$log"' EXIT
  start_node "$log" --platform "$platform"
  echo "lst-node (${platform}) pid ${NODE_PID} at ${NODE_URL}"
  export STYLUS_RPC_URL="$NODE_URL"
fi
cargo_off test --quiet -p lst-e2e --test rpc -- --test-threads=1
