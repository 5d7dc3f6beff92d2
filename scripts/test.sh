#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, all tests, the
# deployable builds and their sizes, the scenario suite on every backend,
# the benches and the demo. Ends with a table of where the time went (step,
# seconds) and one summary line ("summary: N passed, M failed"); exits
# non-zero if anything failed.
#
# How it stays inside CI's time on a new machine (2 cores):
# - Lints run while compiling: scripts/env.sh routes every host build of the
#   workspaces through clippy-driver with -D warnings (RUSTC_WORKSPACE_WRAPPER,
#   as `cargo clippy` does), so each "lint and test" step compiles its
#   dependency graph once, for the tests, instead of a second time in check
#   mode for clippy. A lint failure fails the build, and so the step.
# - The off-chain workspace (e2e/, the biggest dependency graph: alloy,
#   pallet-revive, wasmi, axum) compiles in the background from the start,
#   beside the contracts' steps; its tests run once both platforms'
#   deployables are built. Its step's seconds overlap the others'.
# - scripts/build.sh builds the Stylus and the ink! deployables side by side.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

run_start=$SECONDS
setup_start=$SECONDS
bash scripts/setup.sh || { echo "summary: 0 passed, 1 failed"; exit 1; }

log_dir=$(mktemp -d)
bg_pid=
trap '[ -n "$bg_pid" ] && kill "$bg_pid" 2>/dev/null; rm -rf "$log_dir"' EXIT
failed_steps=()
tests_passed=0
tests_failed=0
timings=()
timings+=("setup|$((SECONDS - setup_start))")

# step NAME CMD...: runs one check, shows its output, records the outcome
# and its time.
step() {
  local name=$1; shift
  local log="$log_dir/${name// /_}.log"
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  printf '<== %s: %s (%ss)\n' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")" "$((SECONDS - start))"
  [ "$rc" -eq 0 ] || failed_steps+=("$name")
  timings+=("$name|$((SECONDS - start))")
  return 0
}

# bg_step NAME CMD...: starts one check in the background (output to its
# log); bg_wait prints it and records it like `step` once it ends.
bg_name=
bg_start=0
bg_step() {
  bg_name=$1; shift
  bg_start=$SECONDS
  printf '\n==> %s (in the background)\n' "$bg_name"
  ( "$@"; echo $? >"$log_dir/bg.rc" ) >"$log_dir/${bg_name// /_}.log" 2>&1 &
  bg_pid=$!
}
bg_wait() {
  [ -n "$bg_pid" ] || return 0
  wait "$bg_pid"
  bg_pid=
  local rc
  rc=$(cat "$log_dir/bg.rc" 2>/dev/null || echo 1)
  printf '\n==> %s (background, output follows)\n' "$bg_name"
  cat "$log_dir/${bg_name// /_}.log"
  printf '<== %s: %s (%ss, beside the steps above)\n' "$bg_name" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")" "$((SECONDS - bg_start))"
  [ "$rc" -eq 0 ] || failed_steps+=("$bg_name")
  timings+=("$bg_name (background)|$((SECONDS - bg_start))")
}

# count_tests LOG: adds cargo's per-binary "test result" counts to the totals.
count_tests() {
  local p f
  p=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed;' "$1" | awk '{s+=$1} END {print s+0}')
  tests_passed=$((tests_passed + p))
  tests_failed=$((tests_failed + f))
}

# Both commands of a step must pass: `all CMD1 -- CMD2 ...`.
all() {
  local cmd=()
  for arg in "$@"; do
    if [ "$arg" = "--" ]; then "${cmd[@]}" || return; cmd=(); else cmd+=("$arg"); fi
  done
  [ ${#cmd[@]} -eq 0 ] || "${cmd[@]}"
}


step "fmt" cargo fmt --all -- --check
step "fmt e2e" cargo fmt --manifest-path e2e/Cargo.toml --all -- --check
step "fmt ink" env -C contracts/ink cargo fmt --all -- --check
step "fmt ink-build tool" cargo fmt --manifest-path tools/ink-build/Cargo.toml --all -- --check

# The off-chain workspace's lints and test builds (lib, bins, integration
# tests; clippy's --all-targets), beside everything up to its tests below.
bg_step "lint and build e2e" cargo_e2e test --workspace --no-run

# The root workspace: lst-core (lib, tests, example, all features) and the
# Stylus contracts (OpenZeppelin Stylus 0.3 builds only for wasm32 or under
# tests, so their host builds are their unit tests).
step "lint and test root" cargo test --workspace --exclude lst-abi --features lst-core/alloc
count_tests "$log_dir/lint_and_test_root.log"
# The ABI tool builds the contracts with `export-abi`, which must not meet
# motsu's `stylus-test` feature: it is linted, built and tested on its own.
step "lint abi tool, abi files match the contracts" all cargo build -p lst-abi --bins -- cargo test -p lst-abi
count_tests "$log_dir/lint_abi_tool,_abi_files_match_the_contracts.log"
step "core no_std wasm32 build" cargo build -p lst-core --no-default-features --target wasm32-unknown-unknown --release
# The ink! workspace (contracts/ink, its own Cargo.lock and target dir):
# lints of the libraries and of their #[ink::test] unit tests, then the
# tests, all with the Solidity-ABI cfg of contracts/ink/.cargo/config.toml
# (cargo reads that config from the working directory: cargo_ink runs there).
step "lint ink, ink unit tests" all cargo_ink build --workspace --lib -- cargo_ink test --workspace --lib
count_tests "$log_dir/lint_ink,_ink_unit_tests.log"
# Builds both platforms' deployables (.wasm, .polkavm + .abi) and prints sizes.
step "deployable sizes (stylus wasm, ink polkavm)" bash scripts/sizes.sh
ink_pairs=()
for entry in "${INK_CONTRACTS[@]}"; do
  dir=${entry%%:*}
  ink_pairs+=("${entry##*:}=lst_ink_${dir//-/_}")
done
step "ink abi parity with abi/*.json" python3 scripts/ink-abi-parity.py abi "${INK_ARTIFACTS_DIR}" "${ink_pairs[@]}"

# The e2e workspace runs the deployables sizes.sh just built: the devnode's
# own tests, then the scenario suite on the in-process chain and over
# JSON-RPC against a devnode process.
bg_wait
step "e2e devnode tests" cargo_e2e test -p lst-devnode
count_tests "$log_dir/e2e_devnode_tests.log"
step "e2e scenarios in-process" cargo_e2e test -p lst-e2e --lib --test in_process
count_tests "$log_dir/e2e_scenarios_in-process.log"
step "e2e scenarios json-rpc" bash scripts/e2e-rpc.sh
count_tests "$log_dir/e2e_scenarios_json-rpc.log"
# The same scenarios on the ink! contracts in the in-process pallet-revive
# chain, and the parity test: one lifecycle on both platforms must end in
# the same state after the same events.
step "e2e scenarios ink and parity" cargo_e2e test -p lst-revive-chain
count_tests "$log_dir/e2e_scenarios_ink_and_parity.log"
# The off-chain tools, each test against a devnode over JSON-RPC served from
# inside the test process.
step "deploy tool" cargo_e2e test -p lst-deploy
count_tests "$log_dir/deploy_tool.log"
step "backend keeper and notary" cargo_e2e test -p lst-backend
count_tests "$log_dir/backend_keeper_and_notary.log"
# The README's main job, end to end: devnode, deploy, keeper, notary, users.
step "demo lifecycle" bash scripts/demo.sh
# SPEC invariant 5: the pool's costs do not grow with the queue (fails if
# stake / claim / serve / withdraw fuel grows from 1 to 10,000 queued).
step "bench: queue costs are flat" bash scripts/bench.sh
step "bench ink: queue weights are flat" bash scripts/bench.sh --ink

echo
echo "where the time went:"
printf '| %-52s | %6s |\n' "step" "s"
printf '|%s|%s:|\n' "$(printf -- '-%.0s' {1..54})" "$(printf -- '-%.0s' {1..7})"
for t in "${timings[@]}"; do
  printf '| %-52s | %6s |\n' "${t%|*}" "${t##*|}"
done
printf '| %-52s | %6s |\n' "total (wall clock)" "$((SECONDS - run_start))"

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
