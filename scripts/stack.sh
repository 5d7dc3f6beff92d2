# The local stack the demo and the staking page run on (sourced after
# scripts/env.sh, not run): a fresh lst-node, the suite deployed and
# verified by lst-deploy, a local Kusama-like relay chain (lst-node
# --platform relay), the keeper running the relay service on it, and the
# notary checking KSM deposits there. stack_tools (below) builds what it
# runs.
#
#   start_stack ROOT PLATFORM
#
# The notary listens on NOTARY_LISTEN (default 127.0.0.1:0, a free port).
# ROOT holds the deployment and the logs (node.log, notary.log,
# keeper.log); PLATFORM is stylus or ink. Extra arguments for the services
# come from the arrays NOTARY_ARGS and KEEPER_ARGS (set them before). Sets
# RPC (the node's URL), NOTARY (the notary's URL), RELAY_WS (the relay
# chain's WebSocket URL), DEPOSIT_ADDRESS (the KSM deposit address: the
# relay service's stash, the dev phrase's //LstStash), KEYS / ADDRS (the dev
# accounts: 0 deploys and is the oracle, 1 operates, 2 notarises, 3 is the
# treasury, 4 runs the AVAX pool's validator; 5-9 are users),
# LST_WATCHER_TOKEN (exported: the deposit watcher's credential, fresh per
# run) and STACK_PIDS (the processes to stop). The keeper's period is
# PERIOD seconds of chain time (default a day); it ends epochs, reports 95%
# performance and joins the validator set, as an operator would.
#
# stop_stack RC: on a non-zero RC prints the last lines of each service's
# log (CI shows only the script's output), then stops the processes.

# stack_tools PLATFORM: checks PLATFORM (stylus or ink; exits 2 on another
# word), runs setup, builds the deployables of PLATFORM and the off-chain
# tools the stack runs (lst-node, lst-deploy, lst-backend).
stack_tools() {
  case $1 in stylus|ink) ;; *) echo "--platform: stylus or ink, not $1" >&2; exit 2 ;; esac
  bash scripts/setup.sh >/dev/null
  # Only the deployables of the platform played are built.
  bash scripts/build.sh "--$1" >/dev/null
  cargo_off build --quiet -p lst-node -p lst-deploy -p lst-backend --bins
}

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

start_stack() {
  local root=$1 platform=$2
  local bin="$OFFCHAIN_TARGET_DIR/debug"
  PERIOD=${PERIOD:-86400}
  STACK_ROOT=$root
  STACK_PIDS=()
  start_node "$root/node.log" --platform "$platform"; STACK_PIDS+=("$NODE_PID")
  RPC=$NODE_URL
  KEYS=("${DEV_KEYS[@]}"); ADDRS=("${DEV_ADDRS[@]}")
  echo "== lst-node ($platform) at $RPC"

  echo "== lst-deploy up"
  LST_DEPLOYER_KEY="${KEYS[0]}" "$bin/lst-deploy" --root "$root" up --network demo --platform "$platform" --rpc-url "$RPC" \
    --operator "${ADDRS[1]}" --notary "${ADDRS[2]}" --treasury "${ADDRS[3]}" --validator-operator "${ADDRS[4]}" \
    --reward-reserve 1000000000000000000000 || return 1
  echo "== lst-deploy verify"
  "$bin/lst-deploy" --root "$root" verify --network demo --platform "$platform" --rpc-url "$RPC" | tail -1

  "$bin/lst-node" --platform relay --port 0 --block-time 0 --quiet >"$root/relay.log" 2>&1 & STACK_PIDS+=($!)
  local relay_http
  relay_http=$(wait_for_url "$root/relay.log" "listening on") || return 1
  RELAY_WS=${relay_http/http:/ws:}
  local alice_ksm bob_ksm
  alice_ksm=$(awk '$1 == "//Alice" {print $2}' "$root/relay.log")
  bob_ksm=$(awk '$1 == "//Bob" {print $2}' "$root/relay.log")
  echo "== relay chain (kusama-like) at $RELAY_WS"
  LST_OPERATOR_KEY="${KEYS[1]}" LST_ORACLE_KEY="${KEYS[0]}" LST_VALIDATOR_KEY="${KEYS[4]}" \
    "$bin/lst-backend" --root "$root" keeper --network demo --rpc-url "$RPC" --period-secs "$PERIOD" \
    --end-epochs --success-bps 9500,9500,7000 --join-validator --poll-ms 200 \
    --relay-url "$RELAY_WS" --relay-network kusama --validator "$alice_ksm" --validator "$bob_ksm" \
    "${KEEPER_ARGS[@]}" >"$root/keeper.log" 2>&1 & STACK_PIDS+=($!)
  for _ in $(seq 1 300); do grep -q "keeper started" "$root/keeper.log" && break; sleep 0.1; done
  grep -q "keeper started" "$root/keeper.log" || { cat "$root/keeper.log" >&2; return 1; }
  DEPOSIT_ADDRESS=$(sed -n 's/^relay service: stash and deposit address \([^ ]*\).*/\1/p' "$root/keeper.log")
  export LST_WATCHER_TOKEN="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  LST_NOTARY_KEY="${KEYS[2]}" "$bin/lst-backend" --root "$root" notary --network demo --rpc-url "$RPC" \
    --listen "${NOTARY_LISTEN:-127.0.0.1:0}" \
    --relay-url "kusama=$RELAY_WS" --deposit-address "kusama=$DEPOSIT_ADDRESS" "${NOTARY_ARGS[@]}" >"$root/notary.log" 2>&1 & STACK_PIDS+=($!)
  NOTARY=$(wait_for_url "$root/notary.log" "notary listening on") || return 1
  echo "== notary at $NOTARY"
  # The aKSMb ratio, measured on the relay chain every second.
  LST_ORACLE_KEY="${KEYS[0]}" "$bin/lst-backend" --root "$root" oracle --network demo --rpc-url "$RPC" \
    --relay-url "$RELAY_WS" --relay-network kusama --deposit-address "$DEPOSIT_ADDRESS" --every-secs 1 \
    >"$root/oracle.log" 2>&1 & STACK_PIDS+=($!)
  for _ in $(seq 1 300); do grep -q "ratio oracle started" "$root/oracle.log" && break; sleep 0.1; done
  grep -q "ratio oracle started" "$root/oracle.log" || { cat "$root/oracle.log" >&2; return 1; }
  echo "== ratio oracle running (aKSMb, measured on the relay chain)"
  echo "== keeper running (period ${PERIOD}s of chain time; ends epochs, reports 95% performance, reports measured rewards)"
}

stop_stack() {
  local rc=$1
  if [ "$rc" -ne 0 ] && [ -n "${STACK_ROOT:-}" ]; then
    for f in keeper notary oracle node relay; do
      [ -f "$STACK_ROOT/$f.log" ] || continue
      echo "== the last lines of $f.log" >&2
      tail -n 40 "$STACK_ROOT/$f.log" >&2
    done
  fi
  for p in "${STACK_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
}
