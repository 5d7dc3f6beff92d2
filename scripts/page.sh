#!/usr/bin/env bash
# The staking page (packages/page) over a local stack: builds it (the
# TypeScript compiler checks it, esbuild bundles it with viem), starts a
# fresh lst-node, deploys the suite, starts the keeper (serving the queue
# at each period's end and leaving the requests for their owners to
# withdraw) and the notary, which serves the page. One command:
#
#   scripts/page.sh [--platform stylus|ink] [--port 8600]   # open the URL it prints
#   scripts/page.sh [--platform stylus|ink] --test          # the browser test
#
# --test runs the page's unit tests (packages/page/test/units.test.mjs),
# then drives the page in headless Chromium (packages/page/test/
# browser.mjs) and exits with the result; screenshots go to
# $CARGO_TARGET_DIR/page-<platform>/shots. Without it the stack runs until
# Ctrl-C. Move the chain's clock (the keeper's period is a day) with the
# node's evm_increaseTime and evm_mine (docs/quickstart.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PLATFORM=stylus TEST=0 PORT=8600
while [ $# -gt 0 ]; do
  case $1 in
    --platform) PLATFORM=${2:?--platform needs stylus or ink}; shift 2 ;;
    --port) PORT=${2:?--port needs a number}; shift 2 ;;
    --test) TEST=1; PORT=0; shift ;;
    *) echo "usage: scripts/page.sh [--platform stylus|ink] [--port N] [--test]" >&2; exit 2 ;;
  esac
done
source scripts/env.sh
source scripts/stack.sh
stack_tools "$PLATFORM"

ROOT="$CARGO_TARGET_DIR/page-$PLATFORM"
DIST="$ROOT/dist"
rm -rf "$ROOT" && mkdir -p "$DIST" "$ROOT/shots"
NM="$LST_TOOLS/node_modules"
for tool in typescript/bin/tsc esbuild/bin/esbuild selenium-webdriver/package.json; do
  [ -e "$NM/$tool" ] || { echo "$tool is missing: run scripts/setup.sh" >&2; exit 1; }
done
# The page resolves viem (and the dapp package's sources, by its tsconfig)
# through node_modules: the tools' copy, linked (git ignores the link).
ln -sfn "$NM" packages/page/node_modules
echo "== type-checking and bundling the page"
"$NM/typescript/bin/tsc" -p packages/page
"$NM/esbuild/bin/esbuild" packages/page/src/main.ts --bundle --format=esm --target=es2022 --minify --sourcemap \
  --tsconfig=packages/page/tsconfig.json --outfile="$DIST/app.js" --log-level=warning
cp packages/page/index.html packages/page/style.css "$DIST/"
echo "   $(du -k "$DIST/app.js" | cut -f1) KiB of script"
if [ "$TEST" = 1 ]; then
  echo "== the page's unit tests (SS58, amounts)"
  "$NM/esbuild/bin/esbuild" packages/page/test/units.test.mjs --bundle --platform=node --format=cjs \
    --outfile="$ROOT/units.test.cjs" --log-level=warning
  node --test --test-reporter=spec "$ROOT/units.test.cjs"
fi

NOTARY_LISTEN="127.0.0.1:$PORT"
NOTARY_ARGS=(--page "$DIST")
KEEPER_ARGS=(--no-push)
trap 'stop_stack $?' EXIT
start_stack "$ROOT" "$PLATFORM"
echo "== the staking page: $NOTARY/"

if [ "$TEST" = 1 ]; then
  for bin in "${CHROMIUM:-/usr/bin/chromium}" "${CHROMEDRIVER:-/usr/bin/chromedriver}"; do
    [ -x "$bin" ] || { echo "$bin is missing: run scripts/setup.sh (Debian's chromium and chromium-driver)" >&2; exit 1; }
  done
  "$NM/esbuild/bin/esbuild" packages/page/test/browser.mjs --bundle --platform=node --format=cjs \
    --external:selenium-webdriver --external:@polkadot/api --external:@polkadot/util-crypto \
    --outfile="$ROOT/browser.cjs" --log-level=warning
  PAGE_URL="$NOTARY/" RPC_URL="$RPC" RELAY_URL="$RELAY_WS" SHOTS="$ROOT/shots" PERIOD="$PERIOD" NODE_PATH="$NM" \
    node "$ROOT/browser.cjs"
else
  echo "   dev accounts 5-9 are users; Ctrl-C stops the node, the keeper and the notary"
  wait "${STACK_PIDS[0]}"
fi
