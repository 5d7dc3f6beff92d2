#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: installs every tool the build, the
# tests and the demo need, and skips what is already there.
#   scripts/setup.sh           everything (the tests' tools and apt packages too)
#   scripts/setup.sh --build   only what building the contracts needs: the
#                              toolchain and wasm-opt (scripts/build.sh, and so
#                              `lst-deploy build` on a deployer's machine: no
#                              browser, no database, nothing with sudo)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

say() { printf '[setup] %s\n' "$*"; }

mode=${1:-all}
case "${mode}" in all|--build) ;; *) echo "usage: scripts/setup.sh [--build]" >&2; exit 2 ;; esac

# What this script installs for: Linux on x86-64 with Debian's apt (Debian
# or Ubuntu). The npm tools are Linux x86-64 binaries (Foundry's cast and
# anvil), the system packages come from apt, and the scripts use GNU tools
# and bash 4 (`mapfile`, `declare -A`, `grep -P`, `env -C`). Anywhere else
# it stops here, before installing anything, and says what to provide.
unsupported() {
  cat >&2 <<MSG
[setup] unsupported system: $1
[setup] scripts/setup.sh installs for Linux on x86-64 with apt (Debian or Ubuntu).
[setup] Elsewhere, provide by hand: rustup, node/npm, python3, bash >= 4 and the GNU
[setup] tools, Foundry's cast and anvil 1.7.1 for your system, chromium + chromedriver,
[setup] postgresql and curl; then run the scripts with LST_SKIP_PLATFORM_CHECK=1.
MSG
  exit 1
}
if [ -z "${LST_SKIP_PLATFORM_CHECK:-}" ]; then
  [ "$(uname -s)" = Linux ] || unsupported "$(uname -s) (not Linux)"
  [ "$(uname -m)" = x86_64 ] || unsupported "$(uname -m) (not x86-64)"
  command -v apt-get >/dev/null 2>&1 || unsupported "no apt-get (not Debian or Ubuntu)"
  [ "${BASH_VERSINFO[0]}" -ge 4 ] || unsupported "bash ${BASH_VERSION} (4 or later needed)"
fi

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

# npm_tool LABEL PACKAGE VERSION: installs PACKAGE@VERSION under
# $LST_TOOLS (under $HOME, so fresh clones reuse it) unless that version is
# there.
npm_tool() {
  local label=$1 package=$2 version=$3
  if [ "$(node -p "require('${LST_TOOLS}/node_modules/${package}/package.json').version" 2>/dev/null)" = "${version}" ]; then
    say "${label} ${version}: present"
  else
    command -v npm >/dev/null 2>&1 || { echo "[setup] npm (Node.js) is required for ${label} and was not found" >&2; exit 1; }
    say "${label} ${version}: installing"
    mkdir -p "${LST_TOOLS}"
    npm install --prefix "${LST_TOOLS}" --no-audit --no-fund --save-exact "${package}@${version}" >/dev/null
  fi
}

# wasm-opt (binaryen) shrinks the deployable Stylus wasm. Alone in
# `--build` mode (binaryen has no dependencies: the one package is its whole
# tree, at the lockfile's version); the full install below replaces it with
# the lockfile's tree.
npm_tool "binaryen (wasm-opt)" binaryen 132.0.0
if [ "${mode}" = --build ]; then
  mkdir -p "${CARGO_TARGET_DIR}"
  say "done (--build: the toolchain and wasm-opt; scripts/setup.sh alone installs the tests' tools)"
  exit 0
fi
# The tests' JavaScript tools, every package at the version the committed
# lockfile records (tools/js/package-lock.json, installed with `npm ci`,
# so a new machine gets the same tree to the last transitive package; run
# again only when the lockfile changes):
# - Foundry's cast and anvil (their Linux binaries on npm): scripts/cast.sh
#   uses cast against the devnode as a dapp developer would; the gas
#   benchmark (scripts/gas-compare.sh) runs the Solidity reference on anvil,
#   compiled by solc-js 0.8.30 against OpenZeppelin's contracts;
# - viem: scripts/viem.sh plays a dapp against the devnode with it;
# - polkadot.js (@polkadot/api 16.5.6; 17.0.1, the newest, names a
#   dependency release that was never published): scripts/polkadot-js.sh
#   reads balances and sends a transfer on the local relay chain;
# - TypeScript: scripts/dapp-package.sh type-checks the dapp package;
# - the staking page (packages/page, scripts/page.sh): esbuild bundles it;
#   it imports the SS58 codec's base58 and BLAKE2b from the versions viem
#   itself depends on (@scure/base, @noble/hashes, pinned so an upgrade of
#   viem cannot move them); its browser test drives Chromium with
#   selenium-webdriver and signs with @noble/curves' ed25519;
# - binaryen (wasm-opt), as above.
js_tools() {
  local lock="${LST_ROOT}/tools/js/package-lock.json" want
  want=$(sha256sum "${lock}" | cut -c1-16)
  if [ "$(cat "${LST_TOOLS}/.lockfile" 2>/dev/null)" = "${want}" ] && [ -d "${LST_TOOLS}/node_modules" ]; then
    say "npm tools (tools/js/package-lock.json ${want}): present"
    return
  fi
  command -v npm >/dev/null 2>&1 || { echo "[setup] npm (Node.js) is required for the test tools and was not found" >&2; exit 1; }
  say "npm tools (tools/js/package-lock.json ${want}): npm ci"
  mkdir -p "${LST_TOOLS}"
  cp "${LST_ROOT}/tools/js/package.json" "${lock}" "${LST_TOOLS}/"
  npm ci --prefix "${LST_TOOLS}" --no-audit --no-fund >/dev/null
  echo "${want}" >"${LST_TOOLS}/.lockfile"
}
js_tools

# The ink! contracts are built by tools/ink-build (lst-ink-build, the
# contract-build library behind `cargo contract build`), compiled from the
# clone by scripts/build.sh when it first builds them. cargo-contract itself
# is not installed: its chain client (subxt, sp-core, ...) made its
# `cargo install` about 25 minutes of a new machine's first run, against
# about 5 for lst-ink-build.
#
# What each tool costs a new machine (2 cores, measured): the toolchain's
# wasm32 target, rust-src, rustfmt and clippy: seconds (rustup downloads);
# binaryen from npm: seconds; lst-ink-build: ~5 min compile. Tools later
# work adds should come from a registry as a binary where one exists (npm,
# apt) rather than a source build, and be noted here with their cost.

# cargo-stylus: scripts/cargo-stylus.sh runs `cargo stylus check` and
# `cargo stylus deploy` against the Stylus node, as Stylus developers do.
# 0.6.3 is the release matching stylus-sdk 0.9 (later ones come with the
# 0.10 SDK). It is published as source only, so it is compiled once into
# $LST_TOOLS (its own target dir, removed afterwards: the binary is what is
# kept), with a lighter release profile (it runs two commands a test run):
# measured with the default profile, 17 CPU-minutes on 2 cores.
cargo_stylus_version=0.6.3
if [ "$("${LST_TOOLS}/cargo-stylus/bin/cargo-stylus" stylus --version 2>/dev/null | grep -o '[0-9.]*$')" = "${cargo_stylus_version}" ]; then
  say "cargo-stylus ${cargo_stylus_version}: present"
else
  say "cargo-stylus ${cargo_stylus_version}: installing (cargo install, a few minutes)"
  # Outside the project's environment: no lint wrapper, no unstable flags.
  env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS -u CARGO_UNSTABLE_CHECKSUM_FRESHNESS -u CARGO_TARGET_DIR \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo "+${toolchain}" install cargo-stylus --version "${cargo_stylus_version}" --locked --quiet \
    --root "${LST_TOOLS}/cargo-stylus" --target-dir "${LST_TOOLS}/cargo-stylus-build"
  rm -rf "${LST_TOOLS}/cargo-stylus-build"
fi

# apt_tool LABEL CHECK PACKAGE...: installs Debian's PACKAGEs (apt, as root
# or with sudo) unless the shell command CHECK succeeds.
apt_tool() {
  local label=$1 check=$2; shift 2
  if eval "${check}" >/dev/null 2>&1; then
    say "${label}: present"
  else
    say "${label}: installing (apt)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

# PostgreSQL (Debian's package): the notary's shared store for replicas is
# tested against a real server, which the test starts in a temporary
# directory from these binaries. A new machine: about a minute of apt.
apt_tool postgresql 'ls /usr/lib/postgresql/*/bin/initdb' postgresql
# Chromium and its WebDriver (Debian's packages): scripts/page.sh --test
# drives the staking page in headless Chromium. A new machine: about two
# minutes of apt.
apt_tool "chromium and chromedriver" 'command -v chromium && command -v chromedriver' chromium chromium-driver
# curl (Debian's package): scripts/node-faults.sh sends the hostile
# requests, a 50 MB body among them, to a running node with it.
apt_tool curl 'command -v curl' curl

mkdir -p "${CARGO_TARGET_DIR}"
say "cargo target dir: ${CARGO_TARGET_DIR}"
say "done"
