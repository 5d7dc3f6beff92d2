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

installed_targets=$(rustup target list --installed --toolchain "${toolchain}")
for target in wasm32-unknown-unknown; do
  if grep -qx "${target}" <<<"${installed_targets}"; then
    say "target ${target}: present"
  else
    say "target ${target}: installing"
    rustup target add --toolchain "${toolchain}" "${target}"
  fi
done

installed_components=$(rustup component list --installed --toolchain "${toolchain}")
for component in rust-src rustfmt clippy; do
  if grep -q "^${component}" <<<"${installed_components}"; then
    say "component ${component}: present"
  else
    say "component ${component}: installing"
    rustup component add --toolchain "${toolchain}" "${component}"
  fi
done

mkdir -p "${CARGO_TARGET_DIR}"
say "cargo target dir: ${CARGO_TARGET_DIR}"
say "done"
