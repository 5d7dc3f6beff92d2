#!/usr/bin/env bash
# Runs the SDK's example (offchain/client/examples/stake.rs) as a user
# would: starts lst-node (Stylus), deploys the suite with `lst-deploy up`, then
# stakes 1 AVAX for ankrAVAX, unstakes it and withdraws it with the example
# (dev account 5 stakes; dev account 1, the operator, serves the request).
# Exits non-zero if any of it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
node_tools
cargo_off build --quiet -p lst-client --example stake
BIN="$OFFCHAIN_TARGET_DIR/debug"
ROOT=$(mktemp -d)
trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$ROOT"' EXIT

start_node "$ROOT/node.log"
LST_DEPLOYER_KEY="${DEV_KEYS[0]}" "$BIN/lst-deploy" --root "$ROOT" up --network example --rpc-url "$NODE_URL" \
  --operator "${DEV_ADDRS[1]}" --treasury "${DEV_ADDRS[3]}" --validator-operator "${DEV_ADDRS[4]}" >/dev/null
"$BIN/examples/stake" --rpc-url "$NODE_URL" --manifest "$ROOT/deployments/example.json" \
  --key "${DEV_KEYS[5]}" --operator-key "${DEV_KEYS[1]}"
