#!/usr/bin/env bash
# cargo-stylus, the tool every Stylus developer deploys with, against the
# local Stylus node (lst-node --platform stylus): `cargo stylus check` of the
# RateProvider's deployable wasm (which asks ArbWasm to activate it in an
# eth_call with state overrides) and `cargo stylus deploy` of it through the
# StylusDeployer with its constructor, then cast reads the deployed
# contract's owner and ArbWasm its version, and `cargo stylus cache`
# (status, suggest-bid, bid) puts it into Nitro's program cache through the
# node's cache manager. cargo-stylus is the crates.io
# release matching stylus-sdk 0.9 (0.6.3), installed by scripts/setup.sh.
# Exits non-zero on any failure.
#
#   scripts/cargo-stylus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
node_tools stylus
CARGO_STYLUS="$LST_TOOLS/cargo-stylus/bin/cargo-stylus"
CAST="$LST_TOOLS/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
[ -x "$CARGO_STYLUS" ] || { echo "cargo-stylus is missing: run scripts/setup.sh" >&2; exit 1; }
[ -x "$CAST" ] || { echo "cast is missing: run scripts/setup.sh" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
say() { printf '[cargo-stylus] %s\n' "$*"; }
fail() { echo "[cargo-stylus] FAILED: $*" >&2; exit 1; }
plain() { sed 's/\x1b\[[0-9;]*m//g'; }

start_node "$WORK/node.log" --platform stylus
export ETH_RPC_URL="$NODE_URL"
WASM="$STYLUS_WASM_DIR/lst_rate_provider.wasm"
[ -f "$WASM" ] || fail "$WASM is missing (scripts/build.sh --stylus)"
# cargo-stylus reads the project it runs in; a scratch folder with no
# Cargo.toml is fine with --wasm-file.
cd "$WORK"

# check: size, then activation in an eth_call (code put at an address with a
# state override), which reports the data fee.
"$CARGO_STYLUS" stylus check --wasm-file "$WASM" --endpoint "$NODE_URL" >"$WORK/check.log" 2>&1 \
  || { plain <"$WORK/check.log" >&2; fail "cargo stylus check"; }
plain <"$WORK/check.log" | grep -q 'wasm data fee' || { plain <"$WORK/check.log" >&2; fail "check reported no data fee"; }
say "check: $(plain <"$WORK/check.log" | grep -m1 'contract size')"
say "check: $(plain <"$WORK/check.log" | grep -m1 'wasm data fee')"

# deploy: through the StylusDeployer, which activates the program and runs
# the constructor (admin, changeDelaySecs) in one transaction.
ADMIN=${DEV_ADDRS[0]}
"$CARGO_STYLUS" stylus deploy --wasm-file "$WASM" --endpoint "$NODE_URL" --private-key "${DEV_KEYS[0]}" \
  --no-verify --constructor-signature 'constructor(address,uint64)' --constructor-args "$ADMIN" 3600 \
  >"$WORK/deploy.log" 2>&1 || { plain <"$WORK/deploy.log" >&2; fail "cargo stylus deploy"; }
ADDRESS=$(plain <"$WORK/deploy.log" | sed -n 's/.*deployed code at address: \(0x[0-9a-fA-F]\{40\}\).*/\1/p' | head -1)
[ -n "$ADDRESS" ] || { plain <"$WORK/deploy.log" >&2; fail "no deployed address in cargo stylus deploy's output"; }
say "deploy: RateProvider at $ADDRESS"

owner=$("$CAST" call "$ADDRESS" "owner()(address)")
[ "${owner,,}" = "${ADMIN,,}" ] || fail "owner() = $owner, want $ADMIN (the constructor did not run)"
say "cast: owner() = $owner (the constructor ran)"
arb_wasm=0x0000000000000000000000000000000000000071
version=$("$CAST" call "$arb_wasm" "programVersion(address)(uint16)" "$ADDRESS")
[ "$version" = "$("$CAST" call "$arb_wasm" "stylusVersion()(uint16)")" ] || fail "programVersion = $version"
say "ArbWasm: programVersion = $version (activated)"

# cache: Nitro's program cache through the chain's cache manager (found as
# ArbWasmCache.allCacheManagers names it): not cached, a bid of 0 taken
# while the cache has room, then cached.
cache() { "$CARGO_STYLUS" stylus cache "$@" --endpoint "$NODE_URL" 2>&1 | plain; }
cache status --address "$ADDRESS" >"$WORK/status.log" || { cat "$WORK/status.log" >&2; fail "cache status"; }
grep -q 'is not yet cached' "$WORK/status.log" || { cat "$WORK/status.log" >&2; fail "a new program reported cached"; }
say "cache status: $(grep -m1 'Cache size' "$WORK/status.log"), $(grep -m1 'is not yet cached' "$WORK/status.log" | sed 's/ please.*//')"
cache suggest-bid "$ADDRESS" >"$WORK/suggest.log" || { cat "$WORK/suggest.log" >&2; fail "cache suggest-bid"; }
grep -q ': 0 wei' "$WORK/suggest.log" || { cat "$WORK/suggest.log" >&2; fail "suggest-bid: a cache with room asks more than 0"; }
say "cache suggest-bid: $(grep -m1 'Minimum bid' "$WORK/suggest.log")"
cache bid "$ADDRESS" 0 --private-key "${DEV_KEYS[0]}" >"$WORK/bid.log" || { cat "$WORK/bid.log" >&2; fail "cache bid"; }
grep -q 'Successfully cached' "$WORK/bid.log" || { cat "$WORK/bid.log" >&2; fail "cache bid did not cache"; }
cache status --address "$ADDRESS" >"$WORK/status.log" || { cat "$WORK/status.log" >&2; fail "cache status"; }
grep -q 'is cached' "$WORK/status.log" || { cat "$WORK/status.log" >&2; fail "the program is not cached after the bid"; }
say "cache bid: cached ($(grep -m1 'Queue size' "$WORK/status.log"))"
# A second bid is refused by name (AlreadyCached).
if cache bid "$ADDRESS" 0 --private-key "${DEV_KEYS[0]}" >"$WORK/again-bid.log"; then
  fail "a second bid for a cached program was taken"
fi
grep -q 'already cached' "$WORK/again-bid.log" || { cat "$WORK/again-bid.log" >&2; fail "the second bid failed without AlreadyCached"; }
say "cache bid again: refused (already cached)"

# A second check of the same wasm finds it activated already.
"$CARGO_STYLUS" stylus check --wasm-file "$WASM" --endpoint "$NODE_URL" >"$WORK/again.log" 2>&1 \
  || { plain <"$WORK/again.log" >&2; fail "the second cargo stylus check"; }
say "passed"
