#!/usr/bin/env bash
# Prints the raw and brotli (quality 11, as Stylus compresses for deployment)
# size of every deployable Stylus contract built by scripts/build.sh, and
# fails if one is over the Stylus limit of 24,576 bytes compressed.
# Our own budget is 20,480 bytes; the table flags contracts over it.
# Then the ink! table: each .polkavm blob's size against the ink! budget of
# 32 KiB (flagged, not failed: pallet-revive's own code limit is far above).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

[ "${1:-}" = "--no-build" ] || bash scripts/build.sh >/dev/null
echo "Stylus (wasm, brotli-11 as deployed):"

files=()
for c in "${STYLUS_CONTRACTS[@]}"; do files+=("${STYLUS_WASM_DIR}/${c//-/_}.wasm"); done

node - "${files[@]}" <<'JS'
const zlib = require('zlib');
const fs = require('fs');
const path = require('path');
const LIMIT = 24576, BUDGET = 20480;
const rows = process.argv.slice(2).map((f) => {
  const raw = fs.readFileSync(f);
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;
  return { name: path.basename(f, '.wasm'), raw: raw.length, br };
});
const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`| ${pad('contract', 20)} | ${num('raw bytes', 10)} | ${num('brotli-11', 10)} | ${num('of limit', 8)} | status |`);
console.log(`|${'-'.repeat(22)}|${'-'.repeat(11)}:|${'-'.repeat(11)}:|${'-'.repeat(9)}:|--------|`);
let over = 0;
for (const r of rows) {
  const status = r.br > LIMIT ? 'OVER LIMIT' : r.br > BUDGET ? 'over budget' : 'ok';
  if (r.br > LIMIT) over++;
  console.log(`| ${pad(r.name, 20)} | ${num(r.raw, 10)} | ${num(r.br, 10)} | ${num((100 * r.br / LIMIT).toFixed(1) + '%', 8)} | ${status} |`);
}
console.log(`limit ${LIMIT} bytes compressed (Stylus), budget ${BUDGET}`);
process.exit(over ? 1 : 0);
JS

echo
echo "ink! 6 (PolkaVM blobs, deployed uncompressed):"
ink_files=()
for entry in "${INK_CONTRACTS[@]}"; do
  crate="lst_ink_$(tr - _ <<<"${entry%%:*}")"
  ink_files+=("${INK_ARTIFACTS_DIR}/${crate}/${crate}.polkavm")
done
node - "${ink_files[@]}" <<'JS'
const fs = require('fs');
const path = require('path');
const BUDGET = 32768;
const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`| ${pad('contract', 24)} | ${num('.polkavm bytes', 14)} | ${num('of budget', 9)} | status |`);
console.log(`|${'-'.repeat(26)}|${'-'.repeat(15)}:|${'-'.repeat(10)}:|--------|`);
for (const f of process.argv.slice(2)) {
  const size = fs.statSync(f).size;
  const status = size > BUDGET ? 'over budget' : 'ok';
  console.log(`| ${pad(path.basename(f, '.polkavm'), 24)} | ${num(size, 14)} | ${num((100 * size / BUDGET).toFixed(1) + '%', 9)} | ${status} |`);
}
console.log(`budget ${BUDGET} bytes per .polkavm`);
JS
