#!/usr/bin/env bash
# Sends a running lst-node, on each platform, every input an outside tester
# found to stop or stall it (a time step that overflows the clock, a huge
# anvil_mine, wrong-typed parameters, an empty batch, a 50 MB body, a log
# query over the whole chain, …), checks that each is refused by a JSON-RPC
# error and that the node answers `eth_blockNumber` right after, and prints
# the node's resident memory before and after the whole list.
#   scripts/node-faults.sh [--platform stylus|ink]   (default: both)
# Exits non-zero if any input is answered without an error, or the node
# stops answering, or its memory grows by more than 200 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

platforms=(stylus ink)
case "${1:-}" in
  --platform) platforms=("${2:?--platform needs stylus or ink}") ;;
  "") ;;
  *) echo "usage: scripts/node-faults.sh [--platform stylus|ink]" >&2; exit 2 ;;
esac
bash scripts/setup.sh >/dev/null
cargo_off build --quiet -p lst-node --bin lst-node
scratch=$(mktemp -d)
trap 'kill "${NODE_PID:-}" 2>/dev/null || true; rm -rf "$scratch"' EXIT
# A 50 MB body: one web3_sha3 of 25 MB of data.
python3 -c 'import sys; sys.stdout.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"0x" + "ab" * 25_000_000 + "\"]}")' >"$scratch/big.json"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# post BODY: the node's answer (HTTP status and body on one line).
post() {
  curl -s -m 60 -w ' HTTP %{http_code}' -H 'Content-Type: application/json' --data-binary "$1" "$NODE_URL" || echo " (no answer)"
}

failures=0
rows=()
for platform in "${platforms[@]}"; do
  start_node "$scratch/node-$platform.log" --platform "$platform" --quiet
  before=$(rss_kib "$NODE_PID")
  # A chain longer than one log query may span: the most blocks one
  # request may mine (accepted).
  [[ "$(post '{"jsonrpc":"2.0","id":1,"method":"anvil_mine","params":["0x2710"]}')" == *'"result"'* ]] ||
    { echo "node-faults: anvil_mine of 10,000 blocks was refused" >&2; exit 1; }
  cases=(
    'evm_increaseTime u64::MAX|{"jsonrpc":"2.0","id":1,"method":"evm_increaseTime","params":["0xffffffffffffffff"]}'
    'anvil_mine 0xffffffffffff blocks|{"jsonrpc":"2.0","id":1,"method":"anvil_mine","params":["0xffffffffffff"]}'
    'hardhat_mine 0xffffffffffff blocks|{"jsonrpc":"2.0","id":1,"method":"hardhat_mine","params":["0xffffffffffff"]}'
    'anvil_mine interval overflowing the clock|{"jsonrpc":"2.0","id":1,"method":"anvil_mine","params":["0x2","0xffffffffffffffff"]}'
    'eth_feeHistory of 2^64-1 blocks|{"jsonrpc":"2.0","id":1,"method":"eth_feeHistory","params":["0xffffffffffffffff","latest",[]]}'
    'eth_getBlockByNumber with a number, not a tag|{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":[1,false]}'
    'eth_getBlockByNumber with a string flag|{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["latest","yes"]}'
    'eth_getLogs with a string filter|{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":["latest"]}'
    'eth_getLogs with a boolean fromBlock|{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"fromBlock":true}]}'
    'eth_getLogs over 10,001 blocks|{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"fromBlock":"0x0","toBlock":"latest"}]}'
    'params by name|{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":{"address":"0x00"}}'
    'an empty batch|[]'
    'a request that is a number|7'
  )
  for c in "${cases[@]}"; do
    name=${c%%|*}
    answer=$(post "${c#*|}")
    head=$(post '{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"}')
    if [[ "$answer" == *'"error"'* ]] && [[ "$head" == *'"result"'* ]]; then
      result=refused
    else
      result=FAILED
      failures=$((failures + 1))
    fi
    code=$(sed -n 's/.*"code":\(-\{0,1\}[0-9]*\).*/\1/p' <<<"$answer" | head -1)
    rows+=("$platform|$name|${code:--}|$result")
  done
  answer=$(curl -s -m 120 -w ' HTTP %{http_code}' -H 'Content-Type: application/json' --data-binary "@$scratch/big.json" "$NODE_URL" || echo " (no answer)")
  head=$(post '{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"}')
  if [[ "$answer" == *'"error"'* && "$answer" == *'HTTP 413' && "$head" == *'"result"'* ]]; then result=refused; else result=FAILED; failures=$((failures + 1)); fi
  rows+=("$platform|a 50 MB body|$(sed -n 's/.*"code":\(-\{0,1\}[0-9]*\).*/\1/p' <<<"$answer" | head -1) (HTTP 413)|$result")
  after=$(rss_kib "$NODE_PID")
  grew=$(( (after - before) / 1024 ))
  if [ "$grew" -gt 200 ]; then failures=$((failures + 1)); fi
  rows+=("$platform|resident memory before → after|$((before / 1024)) MiB → $((after / 1024)) MiB|$([ "$grew" -gt 200 ] && echo FAILED || echo bounded)")
  kill "$NODE_PID"
  wait "$NODE_PID" 2>/dev/null || true
done

printf '| %-8s | %-45s | %-22s | %-8s |\n' platform input "error code" result
printf '|%s|%s|%s|%s|\n' "----------" "-----------------------------------------------" "------------------------" "----------"
for r in "${rows[@]}"; do
  IFS='|' read -r p n c res <<<"$r"
  printf '| %-8s | %-45s | %-22s | %-8s |\n' "$p" "$n" "$c" "$res"
done
[ "$failures" -eq 0 ] || { echo "node-faults: $failures input(s) not refused, or the node stopped answering" >&2; exit 1; }
echo "every input refused by name; the node kept answering"
