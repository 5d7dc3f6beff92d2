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
  cargo_off build --quiet -p lst-devnode --bin devnode
  log=$(mktemp)
  trap 'kill "${DEVNODE_PID:-}" 2>/dev/null || true; rm -f "$log"' EXIT
  start_devnode "$log"
  echo "devnode pid ${DEVNODE_PID} at ${DEVNODE_URL}"
  export STYLUS_RPC_URL="$DEVNODE_URL"
fi
cargo_off test --quiet -p lst-e2e --test rpc -- --test-threads=1
