#!/usr/bin/env bash
# The main job: starts a local node (lst-node), deploys the suite with
# `lst-deploy up` (and verifies it), starts the keeper and the notary, and
# plays a lifecycle as three users (lst-demo): staking for ankrAVAX and
# aAVAXb delegated to the validator staking contract, epochs earning
# rewards the keeper measures and reports (no reward figure typed anywhere),
# unstaking served from withdrawn stake by the keeper, and
# a KSM deposit claimed through the notary and burned back. Prints a table
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
case $PLATFORM in stylus|ink) ;; *) echo "--platform: stylus or ink, not $PLATFORM" >&2; exit 2 ;; esac
source scripts/env.sh
bash scripts/setup.sh >/dev/null
# Only the deployables of the platform played are built.
bash scripts/build.sh "--$PLATFORM" >/dev/null

echo "== building the off-chain tools"
cargo_off build --quiet -p lst-node -p lst-deploy -p lst-backend --bins
BIN="$OFFCHAIN_TARGET_DIR/debug"
ROOT="$CARGO_TARGET_DIR/demo-$PLATFORM"
rm -rf "$ROOT" && mkdir -p "$ROOT"
PERIOD=86400

pids=()
# On failure, the last lines of each service's log say why (CI shows only
# this script's output).
cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    for f in keeper notary node; do
      [ -f "$ROOT/$f.log" ] || continue
      echo "== the last lines of $f.log" >&2
      tail -n 40 "$ROOT/$f.log" >&2
    done
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# Waits for a line matching $2 in log $1 and prints its URL.
wait_for_url() {
  for _ in $(seq 1 300); do
    if url=$(grep -o "$2 http://[0-9.:]*" "$1" 2>/dev/null | head -1); then
      [ -n "$url" ] && { echo "${url##* }"; return 0; }
    fi
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

start_node "$ROOT/node.log" --platform "$PLATFORM"; pids+=("$NODE_PID")
RPC=$NODE_URL
# The dev accounts: 0 deploys and is the oracle (ratios and validator
# performance), 1 operates, 2 notarises, 3 is the treasury, 4 runs the AVAX
# pool's validator; 5-7 are the users.
KEYS=("${DEV_KEYS[@]}"); ADDRS=("${DEV_ADDRS[@]}")
echo "== lst-node ($PLATFORM) at $RPC"

echo "== lst-deploy up"
LST_DEPLOYER_KEY="${KEYS[0]}" "$BIN/lst-deploy" --root "$ROOT" up --network demo --platform "$PLATFORM" --rpc-url "$RPC" \
  --operator "${ADDRS[1]}" --notary "${ADDRS[2]}" --treasury "${ADDRS[3]}" --validator-operator "${ADDRS[4]}" \
  --reward-reserve 1000000000000000000000
echo "== lst-deploy verify"
"$BIN/lst-deploy" --root "$ROOT" verify --network demo --platform "$PLATFORM" --rpc-url "$RPC" | tail -1

# The deposit watcher's credential: a fresh token per run, shared by the
# notary and the demo (which plays the watcher reporting carol's deposit).
export LST_WATCHER_TOKEN="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
LST_NOTARY_KEY="${KEYS[2]}" "$BIN/lst-backend" --root "$ROOT" notary --network demo --rpc-url "$RPC" \
  --listen 127.0.0.1:0 >"$ROOT/notary.log" 2>&1 & pids+=($!)
NOTARY=$(wait_for_url "$ROOT/notary.log" "notary listening on")
echo "== notary at $NOTARY"
LST_OPERATOR_KEY="${KEYS[1]}" LST_ORACLE_KEY="${KEYS[0]}" LST_VALIDATOR_KEY="${KEYS[4]}" \
  "$BIN/lst-backend" --root "$ROOT" keeper --network demo --rpc-url "$RPC" --period-secs "$PERIOD" \
  --end-epochs --success-bps 9500 --join-validator --poll-ms 200 >"$ROOT/keeper.log" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do grep -q "keeper started" "$ROOT/keeper.log" && break; sleep 0.1; done
grep -q "keeper started" "$ROOT/keeper.log" || { cat "$ROOT/keeper.log" >&2; exit 1; }
echo "== keeper running (period ${PERIOD}s of chain time; ends epochs, reports 95% performance, reports measured rewards)"

"$BIN/lst-demo" --rpc-url "$RPC" --manifest "$ROOT/deployments/demo.json" --notary "$NOTARY" --period-secs "$PERIOD"
echo
echo "== what the keeper did"
grep -E "rewards reported|queue served|claims pushed|stakes collected|stakes unlocked|stakes withdrawn|joined the validator set|epoch ended|unstake requested" "$ROOT/keeper.log" | sed 's/^/  /'
