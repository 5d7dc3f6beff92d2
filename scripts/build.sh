#!/usr/bin/env bash
# Builds every contract: `scripts/build.sh` both platforms, `--stylus` or
# `--ink` one of them (`--ink-tool`: only lst-ink-build, which the ink!
# builds compile first). Both at once run side by side (the ink! builds'
# output is printed when they end): each ends in single-threaded work
# (LTO, linking, wasm-opt) that leaves the other core idle.
#
# ink! 6: `lst-ink-build --release --metadata solidity` per contract of
# contracts/ink — the same contract-build call as `cargo contract build
# --release --metadata solidity` of cargo-contract 6.0.0-beta.2 (see
# tools/ink-build; scripts/ink-build-compare.sh checks the artifacts byte for
# byte against cargo-contract's). Artifacts (.polkavm code, Solidity .abi,
# .json metadata) are copied to $INK_ARTIFACTS_DIR/<crate>/.
# CARGO_UNSTABLE_JSON_TARGET_SPEC lets the pinned stable Rust 1.95 take
# contract-build's PolkaVM target spec.
#
# The PolkaVM code is compiled with `+unaligned-scalar-mem`: the target spec
# contract-build 6.0.0-beta.2 writes (polkavm-linker 0.30) lacks it, so LLVM
# assumed unaligned loads trap and copied every value that may sit at an odd
# address (an `Address` after an enum tag, a word read out of a byte buffer)
# byte by byte, with shifts and ors. PolkaVM executes unaligned loads and
# stores natively, and polkavm-linker 0.37's target spec declares the feature.
# contract-build sets the rustflags itself, so the feature goes in through
# the release profile's `rustflags` (cargo's unstable `profile-rustflags`,
# unlocked like the rest of contract-build's build by RUSTC_BOOTSTRAP).
# Measured .polkavm bytes, before -> after: RateProvider 39,690 -> 26,171,
# AvalanchePool 73,159 -> 50,548 (README). The profile also reaches
# contract-build's host build of the metadata generator, where LLVM ignores
# the RISC-V feature with a note per crate; those notes are dropped below.
# (A plain `cargo contract build` of these crates, without the feature,
# gives the larger code.)
#
# Stylus: `-Zmir-opt-level=0` leaves the optimising to LLVM: rustc's MIR
# inliner, ahead of it, copied bodies that -Oz would have kept as calls
# (measured, brotli-11 bytes: Staking 21,047 -> 20,116, AvalanchePool
# 20,001 -> 19,144, every contract smaller). The code means the same: MIR
# optimisations are the ones debug builds skip.
#
# Stylus: builds every Stylus contract to deployable wasm in $STYLUS_WASM_DIR
# (wasm32-unknown-unknown, release profile), then shrinks it with wasm-opt.
#
# Why the flags (measured on the rate provider, brotli-11 sizes in the
# README): the standard library is rebuilt (-Z build-std) with panics that
# abort immediately and carry no location, so no panic message formatting
# or source paths reach the contract (29.9 kB -> 19.2 kB), and wasm-opt -Oz
# takes it further (-> 17.6 kB), run until it stops shrinking the module
# (--converge: Staking 22,007 -> 21,677 bytes, the AVAX pool 21,446 ->
# 21,039, every contract smaller). The standard library is built with its
# `optimize_for_size` feature (smaller variants of core's algorithms; the
# AVAX pool 20,800 -> 20,751 bytes). The toolchain stays the pinned stable
# release; RUSTC_BOOTSTRAP=1 unlocks those two unstable flags for this build
# only, as `cargo stylus` does with its nightly option. Code generation
# targets the MVP plus bulk-memory, sign-ext and mutable-globals, the
# post-MVP features the Stylus runtime accepts (no reference types, no
# multi-value, no floats).
#
# The deployable code is not linted (RUSTC_WORKSPACE_WRAPPER is unset): the
# Stylus contracts' lints run on their host builds in scripts/test.sh, and
# the ink! contracts' libraries are linted by lst-ink-build --lint in their
# metadata compile (the host build `cargo clippy --lib` would do).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bash scripts/setup.sh --build >/dev/null
load_contracts

which=${1:-all}
case "${which}" in all|--stylus|--ink|--ink-tool) ;; *) echo "usage: scripts/build.sh [--stylus|--ink|--ink-tool]" >&2; exit 2 ;; esac

# lst-ink-build itself is linted as it compiles (as the host builds are).
tool_lint=(RUSTC_WORKSPACE_WRAPPER=clippy-driver "CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__")
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS

# inputs_hash EXTRA PATH...: a short hash of every file under PATH... (the
# build's inputs), the toolchain and EXTRA (flags, tools): the key under
# which a deployable build's outputs are kept and reused.
inputs_hash() {
  local extra=$1; shift
  { find "$@" -type f -not -path '*/target/*' | LC_ALL=C sort | xargs sha256sum; rustc --version; echo "${extra}"; } |
    sha256sum | cut -c1-16
}

# build_ink_tool: lst-ink-build into $LST_INK_BUILD (a no-op when built).
build_ink_tool() {
  env "${tool_lint[@]}" cargo build --quiet --locked --manifest-path tools/ink-build/Cargo.toml --target-dir "${LST_INK_BUILD_DIR}"
}

# build_ink: every ink! contract to $INK_ARTIFACTS_DIR, skipping those whose
# inputs are unchanged.
build_ink() {
  # contract-build builds each contract in a fresh temporary workspace, so
  # even an unchanged contract recompiles (about a minute each). Artifacts
  # are kept per contract, per hash of its inputs — its own folder, the
  # crates every contract shares (common, macros; common links
  # contracts/app), contracts/core and contracts/app, the ink! workspace's
  # manifest, lock file and cargo config, rustc and
  # lst-ink-build (its sources and lock file: the contract-build and
  # polkavm-linker versions) — and reused when nothing changed; the
  # contracts do not depend on one another, so a change to one rebuilds it
  # alone.
  local ink_rustflags="-Ctarget-feature=+unaligned-scalar-mem"
  # Drops rustc's and LLVM's notes on that feature (colours stripped first);
  # everything else contract-build prints passes.
  drop_feature_notes() {
    sed -u 's/\x1b\[[0-9;]*m//g' |
      grep --line-buffered -v -e 'unaligned-scalar-mem' -e '(ignoring feature)' -e 'this feature is not stably supported' -e "^'*$" -e '^ *|\{0,1\} *$' || true
  }
  # The builder: lst-ink-build, or the command in LST_INK_BUILDER (such as
  # `cargo contract build`, which takes the same arguments), used by
  # scripts/ink-build-compare.sh.
  local builder quick
  if [ -n "${LST_INK_BUILDER:-}" ]; then
    read -r -a builder <<<"${LST_INK_BUILDER}"
    quick=()
  else
    build_ink_tool
    builder=("${LST_INK_BUILD}")
    # The metadata generator compiled unoptimised: the same artifacts, each
    # contract's build about half as long (tools/ink-build/src/main.rs).
    # Unless LST_LINT=0, that compile of each contract's library is also its
    # clippy lint (-D warnings): the lint of the ink! libraries is here.
    quick=(--quick-metadata)
    [ "${LST_LINT:-1}" = 0 ] || quick+=(--lint)
  fi
  local inputs
  mkdir -p "${INK_ARTIFACTS_DIR}"
  for entry in "${INK_CONTRACTS[@]}"; do
    local dir=${entry%%:*}
    local crate="lst_ink_${dir//-/_}"
    local out="${INK_ARTIFACTS_DIR}/${crate}"
    inputs=$(inputs_hash "${ink_rustflags} ${builder[*]} ${quick[*]}" "contracts/ink/${dir}" contracts/ink/common \
      contracts/ink/macros contracts/ink/Cargo.toml contracts/ink/Cargo.lock contracts/ink/.cargo contracts/core \
      contracts/app contracts/const-keccak tools/ink-build)
    if [ "$(cat "${out}/.inputs" 2>/dev/null)" = "${inputs}" ]; then
      echo "[build] ${out}/${crate}.polkavm (inputs unchanged: ${inputs})"
      continue
    fi
    # From contracts/ink: cargo reads .cargo/config.toml (its [patch] of
    # keccak-const) from the working directory, and contract-build runs
    # `cargo metadata` from there; from the repository root that resolved
    # the crates.io keccak-const and rewrote contracts/ink/Cargo.lock.
    ( cd contracts/ink &&
      CARGO_TARGET_DIR="${INK_TARGET_DIR}" CARGO_UNSTABLE_JSON_TARGET_SPEC=true \
      RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_PROFILE_RUSTFLAGS=true CARGO_PROFILE_RELEASE_RUSTFLAGS="${ink_rustflags}" \
        "${builder[@]}" --release --metadata solidity --quiet "${quick[@]}" \
          --manifest-path "${dir}/Cargo.toml" \
          2> >(drop_feature_notes >&2) ) || return
    rm -rf "${out}" && mkdir -p "${out}"
    for ext in polkavm abi json; do
      cp "${INK_TARGET_DIR}/ink/${crate}/${crate}.${ext}" "${out}/"
    done
    echo "${inputs}" > "${out}/.inputs"
    echo "[build] ${out}/${crate}.polkavm"
  done
}

# stylus_cargo_build TARGET_DIR RUSTFLAGS ARGS...: one release wasm build.
stylus_cargo_build() {
  local target_dir=$1 flags=$2; shift 2
  RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${flags}" \
    cargo build --locked --lib --release --target wasm32-unknown-unknown \
      -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size --target-dir "${target_dir}" "$@"
}

# build_stylus: every Stylus contract to deployable wasm in $STYLUS_WASM_DIR.
build_stylus() {
  local deploy_target="${CARGO_TARGET_DIR}/stylus-deploy"
  # A 32 KiB stack (`-zstack-size`, as cargo-stylus' template sets it):
  # rustc's wasm default is 1 MiB, 16 pages that every call of a program
  # opened and paid for (Nitro gives a transaction 2 pages free, then 1,000
  # gas a page), about 16,000 gas per program in each transaction. The stack
  # comes first in memory, so an overflow traps (out of bounds) instead of
  # writing over data.
  local rustflags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zmir-opt-level=0 -Ctarget-cpu=mvp -Ctarget-feature=+bulk-memory,+sign-ext,+mutable-globals -Clink-arg=-zstack-size=32768"

  # As for ink!: every fresh clone sits at a new path, so cargo would
  # recompile the contracts (about two minutes) though nothing changed. The
  # wasm is kept per hash of every input — the sources of contracts/stylus,
  # contracts/core and contracts/app, the manifests and lock file, the
  # toolchain, the flags, the contract list, wasm-opt and its flags — and reused when
  # nothing changed.
  local inputs
  local wasm_opt_flags=(-Oz --converge --mvp-features --enable-bulk-memory --enable-sign-ext --enable-mutable-globals
    --strip-debug --strip-producers --strip-target-features)
  inputs=$(inputs_hash "${rustflags} ${STYLUS_FEATURES[*]} ${wasm_opt_flags[*]} $("${LST_TOOLS}/node_modules/.bin/wasm-opt" --version)" \
    contracts/stylus contracts/core contracts/app contracts/const-keccak tools/registry Cargo.toml Cargo.lock rust-toolchain.toml)
  local c all_present=1
  for c in "${STYLUS_CONTRACTS[@]}"; do [ -f "${STYLUS_WASM_DIR}/${c//-/_}.wasm" ] || all_present=0; done
  if [ "${all_present}" = 1 ] && [ "$(cat "${STYLUS_WASM_DIR}/.inputs" 2>/dev/null)" = "${inputs}" ]; then
    echo "[build] ${STYLUS_WASM_DIR}/*.wasm (inputs unchanged: ${inputs})"
    return
  fi
  rm -f "${STYLUS_WASM_DIR}/.inputs"

  # The contracts without features build in one cargo run; a contract whose
  # deployable needs features (the registry's `stylus_features`: the AVAX
  # pool's `reentrant`) builds in a run of its own, so cargo's feature
  # unification cannot hand them to the others.
  local plain=() entry crate features
  for entry in "${STYLUS_FEATURES[@]}"; do
    crate=${entry%%:*} features=${entry#*:}
    if [ -z "${features}" ]; then plain+=(-p "${crate}"); else
      stylus_cargo_build "${deploy_target}" "${rustflags}" -p "${crate}" --features "${features}"
    fi
  done
  stylus_cargo_build "${deploy_target}" "${rustflags}" "${plain[@]}"

  mkdir -p "${STYLUS_WASM_DIR}"
  for c in "${STYLUS_CONTRACTS[@]}"; do
    local stem=${c//-/_}
    "${LST_TOOLS}/node_modules/.bin/wasm-opt" "${wasm_opt_flags[@]}" \
      "${deploy_target}/wasm32-unknown-unknown/release/${stem}.wasm" -o "${STYLUS_WASM_DIR}/${stem}.wasm"
    # The constants of the data segments written by code at entry instead
    # (tools/registry/src/inline_data.rs: a data byte costs 0.75 gas of
    # every call's start-up on Nitro, a store of eight a tenth of a gas).
    # Only where the registry asks for it (it costs about 450 brotli bytes).
    if [[ " ${STYLUS_INLINE_DATA[*]} " == *" ${c} "* ]]; then
      "${LST_REGISTRY}" inline-data "${STYLUS_WASM_DIR}/${stem}.wasm" "${STYLUS_WASM_DIR}/${stem}.wasm" >/dev/null
    fi
    echo "[build] ${STYLUS_WASM_DIR}/${stem}.wasm"
  done
  echo "${inputs}" > "${STYLUS_WASM_DIR}/.inputs"
}

case "${which}" in
  --ink) build_ink ;;
  --ink-tool) build_ink_tool ;;
  --stylus) build_stylus ;;
  all)
    ink_log=$(mktemp)
    trap 'rm -f "${ink_log}"' EXIT
    build_ink >"${ink_log}" 2>&1 &
    ink_pid=$!
    stylus_rc=0
    build_stylus || stylus_rc=$?
    ink_rc=0
    wait "${ink_pid}" || ink_rc=$?
    cat "${ink_log}"
    [ "${ink_rc}" -eq 0 ] || { echo "[build] ink! build failed (exit ${ink_rc})" >&2; exit "${ink_rc}"; }
    [ "${stylus_rc}" -eq 0 ] || { echo "[build] Stylus build failed (exit ${stylus_rc})" >&2; exit "${stylus_rc}"; }
    ;;
esac
