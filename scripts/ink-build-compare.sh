#!/usr/bin/env bash
# Checks that lst-ink-build (tools/ink-build) writes the artifacts
# cargo-contract 6.0.0-beta.2 writes: builds every ink! contract with both,
# with scripts/build.sh's flags, and compares each .polkavm and .abi byte for
# byte and each .json as JSON data. (contract-build keeps the .json's NatSpec
# docs and sources in Rust HashMaps, so their key order changes from one run
# to the next, of cargo-contract as of lst-ink-build: two cargo-contract
# builds of one contract differ in bytes there.) Prints a table; exits
# non-zero on any difference.
#
#   scripts/ink-build-compare.sh [CARGO_CONTRACT]
#
# CARGO_CONTRACT is a cargo-contract 6.0.0-beta.2 binary; without it the
# script installs one (`cargo install --locked`, about 25 minutes on 2
# cores) under $LST_TOOLS/cargo-contract. Not part of scripts/test.sh: that
# install is what lst-ink-build exists to avoid.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
load_contracts

version=6.0.0-beta.2
cc=${1:-}
if [ -z "${cc}" ]; then
  root="${LST_TOOLS}/cargo-contract"
  cc="${root}/bin/cargo-contract"
  if ! "${cc}" --version 2>/dev/null | grep -q "^cargo-contract ${version}-"; then
    echo "[compare] installing cargo-contract ${version} under ${root}"
    cargo install cargo-contract --version "${version}" --locked --root "${root}" \
      --target-dir "${CARGO_TARGET_DIR}/cargo-contract-build"
  fi
fi
"${cc}" --version

out=$(mktemp -d)
trap 'rm -rf "${out}"' EXIT
INK_ARTIFACTS_DIR="${out}/lst-ink-build" bash scripts/build.sh --ink
# cargo-contract as a cargo subcommand: `<binary> contract build ...`.
INK_ARTIFACTS_DIR="${out}/cargo-contract" LST_INK_BUILDER="${cc} contract build" bash scripts/build.sh --ink

printf '| %-24s | %-8s | %10s | %s |\n' contract artifact bytes "lst-ink-build vs cargo-contract"
printf '|%s|%s|%s:|%s|\n' "$(printf -- '-%.0s' {1..26})" "----------" "-----------" "----------------------------------"
diffs=0
for entry in "${INK_CONTRACTS[@]}"; do
  crate="lst_ink_$(tr - _ <<<"${entry%%:*}")"
  for ext in polkavm abi json; do
    a="${out}/lst-ink-build/${crate}/${crate}.${ext}"
    b="${out}/cargo-contract/${crate}/${crate}.${ext}"
    if cmp -s "${a}" "${b}"; then
      verdict="identical bytes"
    elif [ "${ext}" = json ] && python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "${a}" "${b}"; then
      verdict="identical JSON (key order differs)"
    else
      verdict="DIFFERENT"; diffs=$((diffs + 1))
    fi
    printf '| %-24s | %-8s | %10s | %s |\n' "${crate}" ".${ext}" "$(stat -c %s "${a}")" "${verdict}"
  done
done
[ "${diffs}" -eq 0 ] || { echo "${diffs} artifact(s) differ" >&2; exit 1; }
echo "all artifacts identical"
