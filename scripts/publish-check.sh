#!/usr/bin/env bash
# The Rust SDK as crates.io would take it: `cargo publish --dry-run` of
# lst-registry and of lst-client (the SDK; lst-registry is the one crate
# of ours it needs), each packaged and its package built on its own, as
# the upload would. lst-client's package resolves lst-registry from
# crates.io, where it is not yet, so its check patches it in from the
# repository (it is published first; its own dry run checks its package).
# The npm package is checked by scripts/dapp-package.sh (`npm pack`).
#   scripts/publish-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# The packages build in the default dev profile (the workspaces' profiles
# are not part of a package), so in a target dir of their own.
target="${CARGO_TARGET_DIR}/publish"
# --allow-dirty: a working tree with uncommitted changes (a developer's
# run) packages them too; a fresh clone is clean.
cargo publish --dry-run --locked --allow-dirty -p lst-registry --target-dir "${target}"
(cd offchain && cargo publish --dry-run --locked --allow-dirty -p lst-client --target-dir "${target}" \
  --config 'patch.crates-io.lst-registry.path="../tools/registry"')
echo "cargo publish --dry-run: lst-registry and lst-client package and build"
