#!/usr/bin/env bash
# Builds every contract: `scripts/build.sh` both platforms, `--stylus` or
# `--ink` one of them.
#
# ink! 6: `cargo contract build --release --metadata solidity` per contract of
# contracts/ink, artifacts (.polkavm code, Solidity .abi, .json metadata)
# copied to $INK_ARTIFACTS_DIR/<crate>/. CARGO_UNSTABLE_JSON_TARGET_SPEC lets
# the pinned stable Rust 1.95 take cargo-contract's PolkaVM target spec.
#
# Stylus: builds every Stylus contract to deployable wasm in $STYLUS_WASM_DIR
# (wasm32-unknown-unknown, release profile), then shrinks it with wasm-opt.
#
# Why the flags (measured on the rate provider, brotli-11 sizes in the
# README): the standard library is rebuilt (-Z build-std) with panics that
# abort immediately and carry no location, so no panic message formatting
# or source paths reach the contract (29.9 kB -> 19.2 kB), and wasm-opt -Oz
# takes it further (-> 17.6 kB). The standard library is built with its
# `optimize_for_size` feature (smaller variants of core's algorithms; the
# AVAX pool 20,800 -> 20,751 bytes). The toolchain stays the pinned stable
# release; RUSTC_BOOTSTRAP=1 unlocks those two unstable flags for this build
# only, as `cargo stylus` does with its nightly option. Code generation
# targets the MVP plus bulk-memory, sign-ext and mutable-globals, the
# post-MVP features the Stylus runtime accepts (no reference types, no
# multi-value, no floats).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bash scripts/setup.sh >/dev/null

which=${1:-all}
case "${which}" in all|--stylus|--ink) ;; *) echo "usage: scripts/build.sh [--stylus|--ink]" >&2; exit 2 ;; esac

if [ "${which}" != "--stylus" ]; then
  # cargo-contract builds each contract in a fresh temporary workspace, so
  # even an unchanged contract recompiles (about a minute each). Artifacts
  # are kept per hash of every input — the sources of contracts/ink and
  # contracts/core, the lock file, rustc and cargo-contract — and reused
  # when nothing changed.
  inputs=$( { find contracts/ink contracts/core -type f -not -path '*/target/*' | LC_ALL=C sort | xargs sha256sum;
              rustc --version; cargo-contract --version; } | sha256sum | cut -c1-16)
  mkdir -p "${INK_ARTIFACTS_DIR}"
  for entry in "${INK_CONTRACTS[@]}"; do
    dir=${entry%%:*}
    crate="lst_ink_${dir//-/_}"
    out="${INK_ARTIFACTS_DIR}/${crate}"
    if [ "$(cat "${out}/.inputs" 2>/dev/null)" = "${inputs}" ]; then
      echo "[build] ${out}/${crate}.polkavm (inputs unchanged: ${inputs})"
      continue
    fi
    CARGO_TARGET_DIR="${INK_TARGET_DIR}" CARGO_UNSTABLE_JSON_TARGET_SPEC=true \
      cargo contract build --release --metadata solidity --quiet \
        --manifest-path "contracts/ink/${dir}/Cargo.toml"
    rm -rf "${out}" && mkdir -p "${out}"
    for ext in polkavm abi json; do
      cp "${INK_TARGET_DIR}/ink/${crate}/${crate}.${ext}" "${out}/"
    done
    echo "${inputs}" > "${out}/.inputs"
    echo "[build] ${out}/${crate}.polkavm"
  done
  [ "${which}" = "--ink" ] && exit 0
fi

deploy_target="${CARGO_TARGET_DIR}/stylus-deploy"
pkgs=()
for c in "${STYLUS_CONTRACTS[@]}"; do pkgs+=(-p "$c"); done

RUSTC_BOOTSTRAP=1 \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Ctarget-cpu=mvp -Ctarget-feature=+bulk-memory,+sign-ext,+mutable-globals" \
  cargo build --locked --lib --release --target wasm32-unknown-unknown \
    -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size --target-dir "${deploy_target}" "${pkgs[@]}"

mkdir -p "${STYLUS_WASM_DIR}"
for c in "${STYLUS_CONTRACTS[@]}"; do
  stem=${c//-/_}
  "${LST_TOOLS}/node_modules/.bin/wasm-opt" -Oz --mvp-features \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --strip-debug --strip-producers --strip-target-features \
    "${deploy_target}/wasm32-unknown-unknown/release/${stem}.wasm" -o "${STYLUS_WASM_DIR}/${stem}.wasm"
  echo "[build] ${STYLUS_WASM_DIR}/${stem}.wasm"
done
