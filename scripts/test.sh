#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, all tests, and the
# no_std build of the core for wasm32. Ends with one summary line
# ("summary: N passed, M failed") and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bash scripts/setup.sh || { echo "summary: 0 passed, 1 failed"; exit 1; }

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
failed_steps=()
tests_passed=0
tests_failed=0

# step NAME CMD...: runs one check, shows its output, records the outcome.
step() {
  local name=$1; shift
  local log="$log_dir/${name// /_}.log"
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  printf '<== %s: %s (%ss)\n' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")" "$((SECONDS - start))"
  [ "$rc" -eq 0 ] || failed_steps+=("$name")
  return 0
}

# count_tests LOG: adds cargo's per-binary "test result" counts to the totals.
count_tests() {
  local p f
  p=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed;' "$1" | awk '{s+=$1} END {print s+0}')
  tests_passed=$((tests_passed + p))
  tests_failed=$((tests_failed + f))
}

# Stylus contract crates. OpenZeppelin Stylus 0.3 builds only for wasm32 or
# under tests, so their host lints run with --tests.
stylus_pkgs=(-p lst-stylus-common)
for c in "${STYLUS_CONTRACTS[@]}"; do stylus_pkgs+=(-p "$c"); done

step "fmt" cargo fmt --all -- --check
step "fmt e2e" cargo fmt --manifest-path e2e/Cargo.toml --all -- --check
step "clippy core" cargo clippy -p lst-core --all-targets --all-features -- -D warnings
step "clippy stylus" cargo clippy "${stylus_pkgs[@]}" --tests -- -D warnings
step "tests" cargo test --workspace --exclude lst-abi --features lst-core/alloc
count_tests "$log_dir/tests.log"
# The ABI tool builds the contracts with `export-abi`, which must not meet
# motsu's `stylus-test` feature: it is linted and tested on its own.
step "clippy abi tool" cargo clippy -p lst-abi --all-targets -- -D warnings
step "abi files match the contracts" cargo test -p lst-abi
count_tests "$log_dir/abi_files_match_the_contracts.log"
step "core no_std wasm32 build" cargo build -p lst-core --no-default-features --target wasm32-unknown-unknown --release
# The ink! workspace (contracts/ink, its own Cargo.lock and target dir):
# format, lints and the off-chain #[ink::test] unit tests, all with the
# Solidity-ABI cfg of contracts/ink/.cargo/config.toml (cargo reads that
# config from the working directory, hence `env -C`).
step "fmt ink" env -C contracts/ink cargo fmt --all -- --check
step "clippy ink" env -C contracts/ink cargo clippy --locked --target-dir "${INK_TARGET_DIR}" --all-targets -- -D warnings
step "ink unit tests" env -C contracts/ink cargo test --locked --target-dir "${INK_TARGET_DIR}" --lib
count_tests "$log_dir/ink_unit_tests.log"
# Builds both platforms' deployables (.wasm, .polkavm + .abi) and prints sizes.
step "deployable sizes (stylus wasm, ink polkavm)" bash scripts/sizes.sh
ink_pairs=()
for entry in "${INK_CONTRACTS[@]}"; do
  dir=${entry%%:*}
  ink_pairs+=("${entry##*:}=lst_ink_${dir//-/_}")
done
step "ink abi parity with abi/*.json" python3 scripts/ink-abi-parity.py abi "${INK_ARTIFACTS_DIR}" "${ink_pairs[@]}"
# The e2e workspace (alloy 1.x, its own Cargo.lock) runs the wasm sizes.sh
# just built: the devnode's own tests, then the scenario suite on the
# in-process chain and over JSON-RPC against a devnode process.
step "clippy e2e" cargo clippy --manifest-path e2e/Cargo.toml --locked --all-targets -- -D warnings
step "e2e devnode tests" cargo test --manifest-path e2e/Cargo.toml --locked -p lst-devnode
count_tests "$log_dir/e2e_devnode_tests.log"
step "e2e scenarios in-process" cargo test --manifest-path e2e/Cargo.toml --locked -p lst-e2e --lib --test in_process
count_tests "$log_dir/e2e_scenarios_in-process.log"
step "e2e scenarios json-rpc" bash scripts/e2e-rpc.sh
count_tests "$log_dir/e2e_scenarios_json-rpc.log"
# The same scenarios on the ink! contracts in the in-process pallet-revive
# chain (issue 8), and the parity test: one lifecycle on both platforms
# must end in the same state after the same events.
step "e2e scenarios ink and parity" cargo test --manifest-path e2e/Cargo.toml --locked -p lst-revive-chain
count_tests "$log_dir/e2e_scenarios_ink_and_parity.log"
# The off-chain tools (issue 6), each test against a devnode over JSON-RPC
# served from inside the test process.
step "deploy tool" cargo test --manifest-path e2e/Cargo.toml --locked -p lst-deploy
count_tests "$log_dir/deploy_tool.log"
step "backend keeper and notary" cargo test --manifest-path e2e/Cargo.toml --locked -p lst-backend
count_tests "$log_dir/backend_keeper_and_notary.log"
# The README's main job, end to end: devnode, deploy, keeper, notary, users.
step "demo lifecycle" bash scripts/demo.sh
# SPEC invariant 5: the pool's costs do not grow with the queue (fails if
# stake / claim / serve / withdraw fuel grows from 1 to 10,000 queued).
step "bench: queue costs are flat" bash scripts/bench.sh
step "bench ink: queue weights are flat" bash scripts/bench.sh --ink

echo
if [ ${#failed_steps[@]} -eq 0 ]; then
  echo "all checks passed"
else
  printf 'failed checks: %s\n' "${failed_steps[*]}"
  # A failed step that ran no tests still counts as a failure.
  [ "$tests_failed" -gt 0 ] || tests_failed=${#failed_steps[@]}
fi
echo "summary: ${tests_passed} passed, ${tests_failed} failed"
[ ${#failed_steps[@]} -eq 0 ]
