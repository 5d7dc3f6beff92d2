#!/usr/bin/env bash
# Prints what the local relay chain and the relay service sustain, as a
# table (e2e/src/bin/relay-bench.rs): blocks per second under a
# stream of signed transfers (each sealed in its own block), then, from a
# restart, a backlog of deposits checked on chain by extrinsic id and of
# burns paid by the relay service — seconds, per item, resident memory.
#   scripts/relay-bench.sh [--transfers 2000] [--backlog 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh >/dev/null
cargo_off run --quiet -p lst-e2e --bin relay-bench -- "$@"
