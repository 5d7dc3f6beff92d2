#!/usr/bin/env bash
# polkadot.js (@polkadot/api from npm, pinned in setup.sh) against the
# local relay chain: scripts/polkadot-js/transfer.cjs reads the chain's
# properties and balances and sends a signed transfer through
# `lst-node --platform relay` (scripts/polkadot-js.sh [--network
# kusama|polkadot]). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
NETWORK=kusama
[ "${1:-}" = --network ] && NETWORK=${2:?--network needs kusama or polkadot}
source scripts/env.sh
bash scripts/setup.sh >/dev/null
cargo_off build --quiet -p lst-node --bins
WORK=$(mktemp -d)
trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
start_node "$WORK/node.log" --platform relay --network "$NETWORK" --block-time 0
LST_TOOLS="$LST_TOOLS" RELAY_URL="${NODE_URL/http:/ws:}" node scripts/polkadot-js/transfer.cjs
