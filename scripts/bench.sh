#!/usr/bin/env bash
# Prints the wasm fuel of the AVAX pool's stake / claim / serve / withdraw
# with 1, 100 and 10,000 requests queued ahead (or the sizes given as
# arguments), run on the in-process chain with the deployable wasm.
# Fails if a cost grows by more than 5% with the queue (SPEC invariant 5).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh >/dev/null
[ -f "${STYLUS_WASM_DIR}/lst_avalanche_pool.wasm" ] || bash scripts/build.sh >/dev/null
cargo run --quiet --locked --manifest-path e2e/Cargo.toml -p lst-e2e --bin bench -- "$@"
