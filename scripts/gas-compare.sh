#!/usr/bin/env bash
# Gas side by side: the same operations (stake, transfer, approve,
# transferFrom, claim, serve, withdraw) on the project's Stylus contracts,
# uncached and in Nitro's program cache, and on the Solidity reference of
# bench/reference (OpenZeppelin's ERC-20 and a pool written to the same
# rules, compiled with solc from npm, run on anvil from npm). Prints each
# operation's gas, the ratios and their targets, then where the cached
# Stylus gas goes (program starts, storage, hostios, wasm, ...).
#   scripts/gas-compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh >/dev/null
[ -f "${STYLUS_WASM_DIR}/lst_avalanche_pool.wasm" ] || bash scripts/build.sh --stylus >/dev/null

artifacts="${CARGO_TARGET_DIR}/gas-reference"
node bench/reference/compile.mjs "${LST_TOOLS}/node_modules" "$artifacts"

log=$(mktemp)
trap 'kill "${ANVIL_PID:-}" 2>/dev/null; rm -f "$log"' EXIT
start_anvil "$log"
echo "anvil $("$LST_TOOLS/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" --version | head -1 | awk '{print $3}') on $ANVIL_URL"
cargo_off run --quiet -p lst-e2e --bin gas-compare -- "$ANVIL_URL" "$artifacts"
