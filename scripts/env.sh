# Shared environment for the project's scripts (sourced, not run).
# One cargo target dir outside the clone, so fresh clones reuse warm builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lst-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# No incremental caches: every fresh clone sits at a new path, so CI runs
# would each leave gigabytes of incremental state behind and reuse none.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# A fresh clone reuses the warm builds of the last one: cargo decides that
# a source file changed by its content (its checksum in the dep-info),
# not by its mtime (`-Z checksum-freshness`, unlocked on the pinned stable
# toolchain by RUSTC_BOOTSTRAP as build-std is). By mtime every file of a
# new clone is newer than every build, so each CI run rebuilt every
# workspace crate and all that depends on them: through the patched
# tiny-keccak (contracts/stylus/native-keccak), all of alloy, stylus-sdk and
# OpenZeppelin. Every build of the project sets both, so all share one
# cache.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_CHECKSUM_FRESHNESS=true
# Tools the scripts install outside the clone (npm packages such as binaryen).
export LST_TOOLS="${LST_TOOLS:-$HOME/.cache/lst-tools}"
# Where scripts/build.sh puts the deployable Stylus wasm.
export STYLUS_WASM_DIR="${STYLUS_WASM_DIR:-$CARGO_TARGET_DIR/stylus-wasm}"
# lst-ink-build (tools/ink-build: contract-build, the library behind
# `cargo contract build`) builds the ink! contracts; scripts/build.sh
# compiles it into the shared target dir on first use.
export LST_INK_BUILD_DIR="${LST_INK_BUILD_DIR:-$CARGO_TARGET_DIR/ink-build}"
export LST_INK_BUILD="${LST_INK_BUILD_DIR}/debug/lst-ink-build"
# Where scripts/build.sh puts the ink! artifacts (.polkavm, .abi, .json).
export INK_ARTIFACTS_DIR="${INK_ARTIFACTS_DIR:-$CARGO_TARGET_DIR/ink-artifacts}"
# The ink! workspace builds with its own target dir: its `ink_abi` cfg
# (contracts/ink/.cargo/config.toml) would otherwise invalidate the shared
# dependencies of the Stylus workspace on every switch.
export INK_TARGET_DIR="${INK_TARGET_DIR:-$CARGO_TARGET_DIR/ink}"

# Lint while compiling: every host build of the project's workspaces runs
# through clippy-driver with -D warnings, as `cargo clippy` itself does
# (RUSTC_WORKSPACE_WRAPPER applies to the workspace's own crates only;
# dependencies compile with plain rustc). `cargo test` then is the lint too,
# and the dependency graphs compile once instead of once for `cargo clippy`
# (check) and again for the tests (build). Every script sets it the same way
# so their builds share one cache: cargo keys the workspace crates' builds
# on the wrapper. LST_LINT=0 turns it off (plain rustc, a separate cache).
if [ "${LST_LINT:-1}" != 0 ]; then
  export RUSTC_WORKSPACE_WRAPPER="${RUSTC_WORKSPACE_WRAPPER:-clippy-driver}"
  export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
fi

# Features unified across the whole workspace whatever `-p` selects (cargo's
# unstable `feature-unification = "workspace"`, unlocked by RUSTC_BOOTSTRAP
# as scripts/build.sh unlocks build-std). Without it every `cargo test -p X`
# or `cargo build --bins` of the off-chain workspace resolved its own features
# (alloy, hyper, reqwest, ...) and recompiled hundreds of dependencies the
# previous command had built with other features; with it each later
# command's build is a subset of the first. Used for the off-chain and ink!
# workspaces; the root workspace keeps per-package features (the ABI tool's
# `export-abi` must not meet motsu's `stylus-test`).
LST_UNIFY_ENV=(RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_FEATURE_UNIFICATION=true CARGO_RESOLVER_FEATURE_UNIFICATION=workspace)
LST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The deployable contracts come from their one list, the registry
# (tools/registry, lst-registry). load_contracts builds its binary (into a
# target dir of its own, so it never waits on another build's lock; a no-op
# once built) and sets STYLUS_CONTRACTS (crate names; the wasm file stems
# with `_`) and INK_CONTRACTS (<folder under contracts/ink>:<ABI name>).
# STYLUS_INLINE_DATA lists the crates whose wasm gets its data segments
# moved into code. Scripts call it after scripts/setup.sh, which needs no
# list.
export LST_REGISTRY_DIR="${LST_REGISTRY_DIR:-$CARGO_TARGET_DIR/registry}"
export LST_REGISTRY="${LST_REGISTRY_DIR}/debug/lst-registry"
load_contracts() {
  local lists
  if ! cargo build --quiet --locked --manifest-path "${LST_ROOT}/Cargo.toml" -p lst-registry --bin lst-registry --target-dir "${LST_REGISTRY_DIR}" ||
     ! lists=$("${LST_REGISTRY}" shell); then
    echo "scripts/env.sh: could not build or run lst-registry (tools/registry)" >&2
    return 1
  fi
  eval "${lists}"
}
# The off-chain workspace (offchain/: client, local nodes, deploy tool,
# backend, end-to-end tests) builds in a target dir of its own: its builds
# run beside the root workspace's (one target dir would make them wait for
# each other's lock), and few of its dependencies are the root's (alloy 1.x
# against 0.8, other serde).
export OFFCHAIN_TARGET_DIR="${OFFCHAIN_TARGET_DIR:-$CARGO_TARGET_DIR/offchain}"
# cargo_off SUBCOMMAND ARGS...: cargo on the off-chain workspace
# (offchain/Cargo.toml, its lock file, unified features, its target dir).
cargo_off() {
  local sub=$1; shift
  env "${LST_UNIFY_ENV[@]}" cargo "$sub" --manifest-path "${LST_ROOT}/offchain/Cargo.toml" --locked --target-dir "${OFFCHAIN_TARGET_DIR}" "$@"
}
# cargo_ink SUBCOMMAND ARGS...: cargo on the ink! workspace, from its folder
# (its .cargo/config.toml sets the Solidity-ABI cfg), in its own target dir.
cargo_ink() {
  local sub=$1; shift
  env -C "${LST_ROOT}/contracts/ink" "${LST_UNIFY_ENV[@]}" cargo "$sub" --locked --target-dir "${INK_TARGET_DIR}" "$@"
}

# node_tools [PLATFORM]: what the scripts that run against a fresh local
# node need first — setup, the deployables of PLATFORM (stylus, the
# default, or ink), lst-node and lst-deploy.
node_tools() {
  bash scripts/setup.sh >/dev/null
  bash scripts/build.sh "--${1:-stylus}" >/dev/null
  cargo_off build --quiet -p lst-node -p lst-deploy --bins
}

# start_node LOG [ARGS...]: starts lst-node (built by the caller with
# `cargo_off build -p lst-node`; ARGS such as `--platform ink` go to it) on
# a free port of 127.0.0.1, logging to LOG; sets NODE_PID and NODE_URL, and
# DEV_KEYS / DEV_ADDRS (arrays, from the log: 0 deploys, 1 operates, 2
# notarises, 3 is the treasury, 4 runs the AVAX pool's validator, 5-9 are
# users). The ink! node's Substrate JSON-RPC takes a free port too
# (SUBSTRATE_URL; empty on the other platforms), so nodes run side by side.
# Fails if it exits or does not listen within 10 s. The caller stops it.
start_node() {
  local log=$1
  # The log exists before the node starts: the background child opens its
  # redirection only once forked, and a `sed` of a file not there yet fails
  # the caller under `set -e` (seen once in CI).
  : >"$log"
  "${OFFCHAIN_TARGET_DIR}/debug/lst-node" --port 0 --substrate-port 0 "${@:2}" >"$log" 2>&1 &
  NODE_PID=$!
  NODE_URL=
  for _ in $(seq 1 100); do
    NODE_URL=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log")
    [ -n "$NODE_URL" ] && break
    kill -0 "$NODE_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$NODE_URL" ]; then
    cat "$log" >&2
    echo "the node did not start listening" >&2
    return 1
  fi
  SUBSTRATE_URL=$(sed -n 's/^Substrate JSON-RPC on \(http:[^ ]*\).*/\1/p' "$log")
  mapfile -t DEV_KEYS < <(grep -o 'key 0x[0-9a-f]*' "$log" | cut -d' ' -f2)
  mapfile -t DEV_ADDRS < <(grep -o '0x[0-9a-fA-F]\{40\}  key' "$log" | cut -d' ' -f1)
}

# start_anvil LOG: starts anvil (Foundry's, installed by scripts/setup.sh)
# on a free port of 127.0.0.1, logging to LOG; sets ANVIL_PID and
# ANVIL_URL. Fails if it exits or does not answer within 10 s. The caller
# stops it.
start_anvil() {
  local log=$1 port
  local anvil="$LST_TOOLS/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$anvil" --port "$port" --silent >"$log" 2>&1 &
  ANVIL_PID=$!
  ANVIL_URL="http://127.0.0.1:${port}"
  for _ in $(seq 1 100); do
    curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' \
      "$ANVIL_URL" >/dev/null && return 0
    kill -0 "$ANVIL_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  echo "anvil did not answer at $ANVIL_URL" >&2
  return 1
}
