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

mkdir -p "${CARGO_TARGET_DIR}"
say "cargo target dir: ${CARGO_TARGET_DIR}"
say "done"
