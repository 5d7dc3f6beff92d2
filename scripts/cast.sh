#!/usr/bin/env bash
# Foundry's `cast` against the local node (lst-node, either platform), as a
# dapp developer would use it: the suite deployed by lst-deploy, then reads (`call`,
# `balance`, `block-number`, `chain-id`), a send with its receipt, the
# event logs it left, `estimate`, and a refused call whose revert data
# decodes to the contract's named error. cast is Foundry's Linux binary from
# the npm registry (@foundry-rs/cast-linux-amd64, pinned in setup.sh).
# Exits non-zero on any failure.
#
#   scripts/cast.sh [--platform stylus|ink]
#
# The same commands on both platforms; what differs is the gas: the ink!
# node measures it as pallet-revive weight, the Stylus node prices it as
# Nitro does (docs/node.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PLATFORM=stylus
[ "${1:-}" = --platform ] && PLATFORM=${2:?--platform needs stylus or ink}
case $PLATFORM in stylus|ink) ;; *) echo "--platform: stylus or ink" >&2; exit 2 ;; esac
source scripts/env.sh
node_tools "$PLATFORM"
BIN="$OFFCHAIN_TARGET_DIR/debug"
CAST="$LST_TOOLS/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
[ -x "$CAST" ] || { echo "cast is missing: run scripts/setup.sh" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
say() { printf '[cast %s] %s\n' "$PLATFORM" "$*"; }
fail() { echo "[cast $PLATFORM] FAILED: $*" >&2; exit 1; }

start_node "$WORK/node.log" --platform "$PLATFORM"
export ETH_RPC_URL="$NODE_URL"
LST_DEPLOYER_KEY="${DEV_KEYS[0]}" "$BIN/lst-deploy" --root "$WORK" up --network cast --platform "$PLATFORM" \
  --operator "${DEV_ADDRS[1]}" >/dev/null
addr() { sed -n "/\"name\": \"$1\"/,/address/s/.*\"address\": \"\(0x[0-9a-fA-F]*\)\".*/\1/p" \
  "$WORK/deployments/cast.json" | head -1; }
POOL=$(addr AvalanchePool); CERT=$(addr ankrAVAX)
[ -n "$POOL" ] && [ -n "$CERT" ] || fail "no addresses in the manifest"
USER_KEY=${DEV_KEYS[5]}; USER=${DEV_ADDRS[5]}

# Reads.
want_chain=412346; [ "$PLATFORM" = ink ] && want_chain=420420420
[ "$("$CAST" chain-id)" = "$want_chain" ] || fail "chain-id"
"$CAST" block-number >/dev/null || fail "block-number"
ratio=$("$CAST" call "$CERT" "ratio()(uint256)" | cut -d' ' -f1)
[ "$ratio" = 1000000000000000000 ] || fail "ratio() = $ratio"
say "ankrAVAX ratio() = $ratio"
if [ "$PLATFORM" = stylus ]; then
  # ArbWasm (0x71): the pool was activated at the Stylus version the chain runs.
  arb_wasm=0x0000000000000000000000000000000000000071
  version=$("$CAST" call "$arb_wasm" "stylusVersion()(uint16)")
  [ "$("$CAST" call "$arb_wasm" "programVersion(address)(uint16)" "$POOL")" = "$version" ] || fail "programVersion"
  say "ArbWasm: stylusVersion() = $version, the pool is activated at it"
  # ArbGasInfo (0x6c): the minimum gas price is the node's gas price.
  min_price=$("$CAST" call 0x000000000000000000000000000000000000006C "getMinimumGasPrice()(uint256)" | cut -d' ' -f1)
  [ "$min_price" = "$("$CAST" gas-price)" ] || fail "ArbGasInfo getMinimumGasPrice() = $min_price"
  say "ArbGasInfo: getMinimumGasPrice() = $min_price wei, the node's gas price"
fi

# A send, its receipt and its logs.
before=$("$CAST" call "$CERT" "balanceOf(address)(uint256)" "$USER" | cut -d' ' -f1)
out=$("$CAST" send --private-key "$USER_KEY" "$POOL" "stakeAndClaimCerts()" --value 2ether --json)
hash=$(sed -n 's/.*"transactionHash":"\(0x[0-9a-f]*\)".*/\1/p' <<<"$out")
[ -n "$hash" ] || fail "send: $out"
status=$("$CAST" receipt "$hash" status)
case "$status" in true|"1 (success)") ;; *) fail "receipt status $status" ;; esac
after=$("$CAST" call "$CERT" "balanceOf(address)(uint256)" "$USER" | cut -d' ' -f1)
[ "$after" = "$((before + 2000000000000000000))" ] || fail "balance $before -> $after"
say "stakeAndClaimCerts{value: 2 ether}: tx $hash, ankrAVAX $before -> $after"
transfer_topic=$("$CAST" keccak "Transfer(address,address,uint256)")
logs=$("$CAST" logs --address "$CERT" --from-block 0 "$transfer_topic" --json)
grep -qi "${USER#0x}" <<<"$logs" || fail "no Transfer log to the user"
say "cast logs: the mint's Transfer is there"

# estimate, and a refused call decoded to its named error.
gas=$("$CAST" estimate "$POOL" "stakeAndClaimCerts()" --value 1ether --from "$USER")
[ "$gas" -gt 21000 ] || fail "estimate = $gas"
say "cast estimate: $gas"
if err=$("$CAST" send --private-key "$USER_KEY" "$POOL" "stakeAndClaimCerts()" --value 0.5ether 2>&1); then
  fail "a 0.5 AVAX stake (under the 1 AVAX minimum) was accepted"
fi
data=$(grep -o 'data: "0x[0-9a-f]*"' <<<"$err" | grep -o '0x[0-9a-f]*')
[ "$data" = "$("$CAST" sig "StakeBelowMinimum()")" ] || fail "revert data $data: $err"
decoded=$("$CAST" decode-error --sig "StakeBelowMinimum()" "$data" 2>&1) || fail "decode-error: $decoded"
say "a 0.5 AVAX stake reverts with $data = StakeBelowMinimum()"
say "ok"
