#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: installs every tool the build, the
# tests and the demo need, and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

say() { printf '[setup] %s\n' "$*"; }

toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)

if ! command -v rustup >/dev/null 2>&1; then
  echo "[setup] rustup is required (the machine's Rust toolchain manager) and was not found" >&2
  exit 1
fi

if rustup toolchain list | grep -q "^${toolchain}"; then
  say "toolchain ${toolchain}: present"
else
  say "toolchain ${toolchain}: installing"
  rustup toolchain install "${toolchain}" --profile minimal
fi

# ensure KIND ITEM...: adds each rustup target/component the toolchain lacks.
ensure() {
  local kind=$1; shift
  local installed
  installed=$(rustup "${kind}" list --installed --toolchain "${toolchain}")
  for item in "$@"; do
    if grep -q "^${item}" <<<"${installed}"; then
      say "${kind} ${item}: present"
    else
      say "${kind} ${item}: installing"
      rustup "${kind}" add --toolchain "${toolchain}" "${item}"
    fi
  done
}

ensure target wasm32-unknown-unknown
ensure component rust-src rustfmt clippy

# wasm-opt (binaryen) shrinks the deployable Stylus wasm; node also measures
# its brotli size. Pinned, installed under $HOME so fresh clones reuse it.
binaryen_version=132.0.0
if [ "$(node -p "require('${LST_TOOLS}/node_modules/binaryen/package.json').version" 2>/dev/null)" = "${binaryen_version}" ]; then
  say "binaryen ${binaryen_version} (wasm-opt): present"
else
  command -v npm >/dev/null 2>&1 || { echo "[setup] npm (Node.js) is required for wasm-opt and was not found" >&2; exit 1; }
  say "binaryen ${binaryen_version} (wasm-opt): installing"
  mkdir -p "${LST_TOOLS}"
  npm install --prefix "${LST_TOOLS}" --no-audit --no-fund --save-exact "binaryen@${binaryen_version}" >/dev/null
fi

# cargo-contract builds the ink! contracts (.polkavm, Solidity .abi). Pinned,
# --locked, installed under $HOME so fresh clones reuse it (cold: ~7 min here).
cargo_contract_version=6.0.0-beta.2
if cargo-contract --version 2>/dev/null | grep -q "^cargo-contract ${cargo_contract_version}-"; then
  say "cargo-contract ${cargo_contract_version}: present"
else
  say "cargo-contract ${cargo_contract_version}: installing (several minutes)"
  cargo +"${toolchain}" install cargo-contract --version "${cargo_contract_version}" --locked \
    --root "${CARGO_CONTRACT_ROOT}" --target-dir "${CARGO_TARGET_DIR}/cargo-contract-build"
fi

mkdir -p "${CARGO_TARGET_DIR}"
say "cargo target dir: ${CARGO_TARGET_DIR}"
say "done"
