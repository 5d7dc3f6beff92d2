#!/usr/bin/env bash
# The main job. For now: prints what the core computes for a sample AVAX
# staking lifecycle (stake -> rewards with fee -> ratio -> unstake -> serve ->
# withdraw). The deployed lifecycle on the local chain replaces it once the
# contracts, the devnode and the deploy tool exist.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh >/dev/null
cargo run --quiet -p lst-core --features alloc --example lifecycle
