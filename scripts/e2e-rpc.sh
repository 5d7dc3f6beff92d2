#!/usr/bin/env bash
# Runs the scenario suite over JSON-RPC: starts the `devnode` binary on a
# free port of 127.0.0.1, points STYLUS_RPC_URL at it, runs
# `cargo test -p lst-e2e --test rpc` (one thread: the scenarios share the
# node's dev accounts) and stops the node, whatever happens.
# With STYLUS_RPC_URL already set, runs against that endpoint instead
# (keys from STYLUS_PRIVATE_KEYS) and starts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [ -z "${STYLUS_RPC_URL:-}" ]; then
  cargo_e2e build --quiet -p lst-devnode --bin devnode
  log=$(mktemp)
  "${E2E_TARGET_DIR}/debug/devnode" --port 0 >"$log" 2>&1 &
  node_pid=$!
  trap 'kill "$node_pid" 2>/dev/null || true; rm -f "$log"' EXIT
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$log" && break
    kill -0 "$node_pid" 2>/dev/null || { cat "$log"; echo "devnode exited before listening" >&2; exit 1; }
    sleep 0.1
  done
  url=$(sed -n 's/^listening on //p' "$log")
  [ -n "$url" ] || { cat "$log"; echo "devnode did not start listening" >&2; exit 1; }
  echo "devnode pid ${node_pid} at ${url}"
  export STYLUS_RPC_URL="$url"
fi
cargo_e2e test --quiet -p lst-e2e --test rpc -- --test-threads=1
