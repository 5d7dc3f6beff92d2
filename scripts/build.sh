#!/usr/bin/env bash
# Builds every contract: `scripts/build.sh` both platforms, `--stylus` or
# `--ink` one of them.
#
# ink! 6: `cargo contract build --release --metadata solidity` per contract of
# contracts/ink, artifacts (.polkavm code, Solidity .abi, .json metadata)
# copied to $INK_ARTIFACTS_DIR/<crate>/. CARGO_UNSTABLE_JSON_TARGET_SPEC lets
# the pinned stable Rust 1.95 take cargo-contract's PolkaVM target spec.
#
# The PolkaVM code is compiled with `+unaligned-scalar-mem`: the target spec
# cargo-contract 6.0.0-beta.2 writes (polkavm-linker 0.30) lacks it, so LLVM
# assumed unaligned loads trap and copied every value that may sit at an odd
# address (an `Address` after an enum tag, a word read out of a byte buffer)
# byte by byte, with shifts and ors. PolkaVM executes unaligned loads and
# stores natively, and polkavm-linker 0.37's target spec declares the feature.
# cargo-contract sets the rustflags itself, so the feature goes in through
# the release profile's `rustflags` (cargo's unstable `profile-rustflags`,
# unlocked like the rest of cargo-contract's build by RUSTC_BOOTSTRAP).
# Measured .polkavm bytes, before -> after: RateProvider 39,690 -> 26,171,
# AvalanchePool 73,159 -> 50,548 (README). The profile also reaches
# cargo-contract's host build of the metadata generator, where LLVM ignores
# the RISC-V feature with a note per crate; those notes are dropped below.
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
  ink_rustflags="-Ctarget-feature=+unaligned-scalar-mem"
  # Drops rustc's and LLVM's notes on that feature (colours stripped first);
  # everything else cargo-contract prints passes.
  drop_feature_notes() {
    sed -u 's/\x1b\[[0-9;]*m//g' |
      grep --line-buffered -v -e 'unaligned-scalar-mem' -e '(ignoring feature)' -e 'this feature is not stably supported' -e "^'*$" -e '^ *|\{0,1\} *$' || true
  }
  inputs=$( { find contracts/ink contracts/core -type f -not -path '*/target/*' | LC_ALL=C sort | xargs sha256sum;
              rustc --version; cargo-contract --version; echo "${ink_rustflags}"; } | sha256sum | cut -c1-16)
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
    RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_PROFILE_RUSTFLAGS=true CARGO_PROFILE_RELEASE_RUSTFLAGS="${ink_rustflags}" \
      cargo contract build --release --metadata solidity --quiet \
        --manifest-path "contracts/ink/${dir}/Cargo.toml" \
        2> >(drop_feature_notes >&2)
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
