#!/usr/bin/env bash
# The size tables of the deployable contracts (built by scripts/build.sh),
# measured by lst-registry (tools/registry) against each contract's budget:
# Stylus, the wasm brotli-11 compressed as it is deployed (budget 20,480
# bytes each; Nitro's limit is 24,576); ink!, the .polkavm blob as is
# (32,768 bytes each, AvalanchePool 57,344). Exits non-zero, naming the
# contract, when one is over its budget.
#   scripts/sizes.sh [--no-build] [lst-registry sizes options, e.g.
#                    --platform ink, --budget AvalanchePool=50000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
load_contracts

if [ "${1:-}" = "--no-build" ]; then shift; else bash scripts/build.sh >/dev/null; fi
exec "${LST_REGISTRY}" sizes --stylus-dir "${STYLUS_WASM_DIR}" --ink-dir "${INK_ARTIFACTS_DIR}" "$@"
