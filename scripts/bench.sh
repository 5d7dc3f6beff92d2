#!/usr/bin/env bash
# Prints what the AVAX pool's stake / claim / serve / withdraw cost with 1,
# 100 and 10,000 requests queued ahead (or the sizes given as arguments):
#   scripts/bench.sh [SIZES...]        Stylus: gas (Nitro's ink pricing) on the in-process devnode chain;
#   scripts/bench.sh --ink [SIZES...]  ink!: pallet-revive weight (ref_time / proof_size)
#                                      on the in-process pallet-revive chain.
# Fails if a cost grows by more than 5% with the queue (invariant 5 of docs/protocol.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh >/dev/null
if [ "${1:-}" = "--ink" ]; then
  shift
  [ -f "${INK_ARTIFACTS_DIR}/lst_ink_avalanche_pool/lst_ink_avalanche_pool.polkavm" ] || bash scripts/build.sh --ink >/dev/null
  cargo_off run --quiet -p lst-e2e --bin ink-bench -- "$@"
else
  [ -f "${STYLUS_WASM_DIR}/lst_avalanche_pool.wasm" ] || bash scripts/build.sh --stylus >/dev/null
  cargo_off run --quiet -p lst-e2e --bin bench -- "$@"
fi
