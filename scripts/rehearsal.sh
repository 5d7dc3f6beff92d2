#!/usr/bin/env bash
# The testnet guide (docs/deploying.md), executed: the same lst-deploy
# commands, against a local node made to look like the testnet — its chain
# id and platform, no dev accounts, nothing funded but the deployer — with
# keys in Foundry keystores created as the guide says.
#
#   scripts/rehearsal.sh [--network arbitrum-sepolia|passet-hub]
#
# arbitrum-sepolia (the default) on the Stylus node, passet-hub (Polkadot's
# pallet-revive testnet) on the ink! node.
# Only the endpoint differs (ETH_RPC_URL points at the local node; the
# guide uses the network's public one). Also checks that a wrong chain is
# refused before anything is sent, and that an interrupted deployment
# resumes. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
NET=arbitrum-sepolia
[ "${1:-}" = --network ] && NET=${2:?--network needs arbitrum-sepolia or passet-hub}
case $NET in
  arbitrum-sepolia) CHAIN=421614; PLATFORM=stylus ;;
  passet-hub) CHAIN=420420422; PLATFORM=ink ;;
  *) echo "--network: arbitrum-sepolia or passet-hub, not $NET" >&2; exit 2 ;;
esac
source scripts/env.sh
node_tools "$PLATFORM"
BIN="$OFFCHAIN_TARGET_DIR/debug"
WORK=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
say() { printf '[rehearsal %s] %s\n' "$NET" "$*"; }

# The user's side: a Foundry keystore directory and a password.
export FOUNDRY_DIR="$WORK/foundry"
export ETH_PASSWORD="rehearsal-password"
ROOT="$WORK/repo"; mkdir -p "$ROOT"

# --- the guide's build: only this platform's artifacts (cached here) --------
say "building the $PLATFORM artifacts"
"$BIN/lst-deploy" build --platform "$PLATFORM" >/dev/null

# --- guide step 1: accounts -------------------------------------------------
say "creating the deployer and role accounts (Foundry keystores)"
for name in deployer admin operator oracle notary pauser treasury validator; do
  "$BIN/lst-deploy" new-account "$name" >/dev/null
done
addr() { "$BIN/lst-deploy" address --account "$1"; }
declare -A ADDR
for name in deployer admin operator oracle notary pauser treasury validator; do ADDR[$name]=$(addr "$name"); done
[ -f "$FOUNDRY_DIR/keystores/deployer" ] || { echo "no keystore written" >&2; exit 1; }

# --- the stand-in for Arbitrum Sepolia ---------------------------------------
start_node "$WORK/testnet.log" --platform "$PLATFORM" --chain-id "$CHAIN" --no-dev-accounts \
  --fund "${ADDR[deployer]}=1000000000000000000" --fund "${ADDR[admin]}=100000000000000000"
pids+=("$NODE_PID")
grep -q "no dev accounts" "$WORK/testnet.log"
export ETH_RPC_URL="$NODE_URL"
say "testnet stand-in at $ETH_RPC_URL (chain $CHAIN, $PLATFORM, only the deployer and the admin funded)"

# The guide's role flags, word for word.
ROLES=(--admin "$(addr admin)" --operator "$(addr operator)" --oracle "$(addr oracle)"
  --notary "$(addr notary)" --pauser "$(addr pauser)" --treasury "$(addr treasury)"
  --validator-operator "$(addr validator)")

# --- a wrong endpoint is refused before anything is sent ----------------------
start_node "$WORK/other.log" --platform "$PLATFORM"; pids+=("$NODE_PID")
if out=$(ETH_RPC_URL="$NODE_URL" "$BIN/lst-deploy" --root "$ROOT" up --network "$NET" \
    --account deployer "${ROLES[@]}" 2>&1); then
  echo "up against the local node's chain as $NET succeeded" >&2; exit 1
fi
grep -q "not $NET (chain $CHAIN): nothing was sent" <<<"$out" || { echo "$out" >&2; exit 1; }
[ ! -e "$ROOT/deployments/$NET.json" ] || { echo "a manifest was written" >&2; exit 1; }
say "wrong chain refused: $(tail -1 <<<"$out")"

# --- guide step 2: plan (nothing sent), then deploy (interrupted, resumed) ----
# eth_blockNumber with bash alone (no HTTP client to install).
block_number() {
  local hostport=${ETH_RPC_URL#http://} body='{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}'
  exec 3<>"/dev/tcp/${hostport%%:*}/${hostport##*:}"
  printf 'POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$hostport" "${#body}" "$body" >&3
  grep -o '"result":"0x[0-9a-f]*"' <&3
  exec 3<&-
}
head_before=$(block_number)
plan=$("$BIN/lst-deploy" --root "$ROOT" plan --network "$NET" --account deployer "${ROLES[@]}")
head_after=$(block_number)
[ -n "$head_before" ] || { echo "could not read the block number" >&2; exit 1; }
[ "$head_before" = "$head_after" ] || { echo "plan sent something" >&2; exit 1; }
[ ! -e "$ROOT/deployments/$NET.json" ] || { echo "plan wrote a manifest" >&2; exit 1; }
grep -q "| 1 | deploy RateProvider |" <<<"$plan" || { echo "$plan" >&2; exit 1; }
say "plan: $(tail -1 <<<"$plan")"
"$BIN/lst-deploy" --root "$ROOT" up --network "$NET" --account deployer "${ROLES[@]}" \
  --max-transactions 6 | tail -1
"$BIN/lst-deploy" --root "$ROOT" up --network "$NET" --account deployer "${ROLES[@]}" --resume | tail -1

# --- guide step 3: the admin accepts, then verify ---------------------------------
# Before the admin accepts, the deployer still owns the contracts: not done.
if out=$("$BIN/lst-deploy" --root "$ROOT" verify --network "$NET"); then
  echo "verify passed while ownership was pending" >&2; exit 1
fi
grep -q "pending: the admin has not accepted" <<<"$out" || { echo "$out" >&2; exit 1; }
say "before acceptOwnership: $(tail -1 <<<"$out")"
if out=$("$BIN/lst-deploy" --root "$ROOT" accept-ownership --network "$NET" --account deployer 2>&1); then
  echo "the deployer's key accepted for the admin" >&2; exit 1
fi
grep -q "deployment's admin" <<<"$out" || { echo "$out" >&2; exit 1; }
"$BIN/lst-deploy" --root "$ROOT" accept-ownership --network "$NET" --account admin | tail -1
"$BIN/lst-deploy" --root "$ROOT" verify --network "$NET" | tail -1
grep -q "\"chainId\": $CHAIN" "$ROOT/deployments/$NET.json"
# The address book others read, filed by chain id.
grep -q "\"network\": \"$NET\"" "$ROOT/deployments/$CHAIN.json"
grep -q "\"AvalanchePool\"" "$ROOT/deployments/$CHAIN.json"
grep -q "\"platform\": \"$PLATFORM\"" "$ROOT/deployments/$NET.json"
grep -qi "\"deployer\": \"${ADDR[deployer]}\"" "$ROOT/deployments/$NET.json"
grep -qi "$(addr admin)" <<<"$("$BIN/lst-deploy" --root "$ROOT" verify --network "$NET")"
say "the guide ran: deployed from a keystore account to chain $CHAIN ($PLATFORM), ownership accepted by the admin, verified"
