#!/usr/bin/env bash
# The main job: starts a local node (lst-node), deploys the suite with
# `lst-deploy up` (and verifies it), starts the keeper and the notary, and
# plays a lifecycle as three users (lst-demo): staking for ankrAVAX and
# aAVAXb delegated to the validator staking contract, epochs earning
# rewards the keeper measures and reports (no reward figure typed anywhere),
# unstaking served from withdrawn stake by the keeper, and
# KSM sent on a local relay chain with a signed extrinsic, credited by the
# notary from the chain, claimed as aKSMb, bonded and rewarded by the
# keeper's relay service, burned back and paid out on the relay chain. Prints a table
# per step; exits non-zero if any step's check fails.
#
#   scripts/demo.sh [--platform stylus|ink]
#
# The same lifecycle on either platform: `--platform ink` (default stylus)
# runs the ink! contracts on pallet-revive behind the same JSON-RPC, with
# the same tools, unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
PLATFORM=stylus
while [ $# -gt 0 ]; do
  case $1 in
    --platform) PLATFORM=${2:?--platform needs stylus or ink}; shift 2 ;;
    *) echo "usage: scripts/demo.sh [--platform stylus|ink]" >&2; exit 2 ;;
  esac
done
source scripts/env.sh
source scripts/stack.sh
echo "== building the contracts and the off-chain tools"
stack_tools "$PLATFORM"
ROOT="$CARGO_TARGET_DIR/demo-$PLATFORM"
rm -rf "$ROOT" && mkdir -p "$ROOT"
PERIOD=86400
NOTARY_ARGS=() KEEPER_ARGS=()
trap 'stop_stack $?' EXIT
start_stack "$ROOT" "$PLATFORM"
BIN="$OFFCHAIN_TARGET_DIR/debug"

"$BIN/lst-demo" --rpc-url "$RPC" --manifest "$ROOT/deployments/demo.json" --notary "$NOTARY" --period-secs "$PERIOD" \
  --relay-url "$RELAY_WS" --deposit-address "$DEPOSIT_ADDRESS"
echo
echo "== what the keeper did"
grep -E "rewards reported|queue served|claims pushed|stakes collected|stakes unlocked|stakes withdrawn|joined the validator set|epoch ended|unstake requested|relay extrinsic settled" "$ROOT/keeper.log" | sed 's/^/  /'
