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

ANVIL="$LST_TOOLS/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$ANVIL" --port "$port" --silent >"$log" 2>&1 &
anvil_pid=$!
trap 'kill "$anvil_pid" 2>/dev/null; rm -f "$log"' EXIT
url="http://127.0.0.1:${port}"
for _ in $(seq 1 100); do
  curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" >/dev/null && break
  kill -0 "$anvil_pid" 2>/dev/null || { cat "$log" >&2; echo "anvil exited" >&2; exit 1; }
  sleep 0.1
done
echo "anvil $("$ANVIL" --version | head -1 | awk '{print $3}') on $url"
cargo_off run --quiet -p lst-e2e --bin gas-compare -- "$url" "$artifacts"
