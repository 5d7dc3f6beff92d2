#!/usr/bin/env bash
# Regenerates abi/I<Contract>.sol and abi/<Contract>.json from the Stylus
# contracts (`write`, the default) or checks the committed files (`check`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec cargo run -q -p lst-abi -- "${1:-write}"
