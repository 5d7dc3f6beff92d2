#!/usr/bin/env bash
# viem (npm, pinned in setup.sh) against the local node (lst-node, either
# platform: scripts/viem.sh [--platform stylus|ink]), as a
# dapp would use it: scripts/viem/stake.cjs stakes, unstakes and withdraws
# with a local account through the node, simulating each call first and
# decoding a refused one to the contract's named error. Exits non-zero on
# any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PLATFORM=stylus
[ "${1:-}" = --platform ] && PLATFORM=${2:?--platform needs stylus or ink}
case $PLATFORM in stylus|ink) ;; *) echo "--platform: stylus or ink" >&2; exit 2 ;; esac
source scripts/env.sh
node_tools "$PLATFORM"
[ -d "$LST_TOOLS/node_modules/viem" ] || { echo "viem is missing: run scripts/setup.sh" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
start_node "$WORK/node.log" --platform "$PLATFORM"
LST_DEPLOYER_KEY="${DEV_KEYS[0]}" "$OFFCHAIN_TARGET_DIR/debug/lst-deploy" --root "$WORK" up --network viem --platform "$PLATFORM" \
  --rpc-url "$NODE_URL" --operator "${DEV_ADDRS[1]}" >/dev/null
LST_TOOLS="$LST_TOOLS" RPC_URL="$NODE_URL" MANIFEST="$WORK/deployments/viem.json" \
  USER_KEY="${DEV_KEYS[6]}" OPERATOR_KEY="${DEV_KEYS[1]}" node scripts/viem/stake.cjs
