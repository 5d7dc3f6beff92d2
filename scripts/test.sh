#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, all tests, the
# deployable builds and their sizes, the scenario suite on every backend,
# the benches and the demo. Ends with a table of where the time went (step,
# its start and its seconds) and one summary line ("summary: N passed, M failed"); exits
# non-zero if anything failed.
#
# How it stays inside CI's time on a new machine (2 cores):
# - Lints run while compiling: scripts/env.sh routes every host build of the
#   workspaces through clippy-driver with -D warnings (RUSTC_WORKSPACE_WRAPPER,
#   as `cargo clippy` does), so each "lint and test" step compiles its
#   dependency graph once, for the tests, instead of a second time in check
#   mode for clippy. A lint failure fails the build, and so the step.
# - Features are unified per workspace (scripts/env.sh: cargo_off,
#   cargo_ink), so the per-package test runs, the demo's and the benches'
#   builds reuse the one build of the lint step instead of recompiling
#   dependencies with other features.
# - Two lanes run in the background beside the root workspace's steps: the
#   off-chain workspace's build (offchain/, the biggest dependency graph: alloy,
#   pallet-revive, wasmi, axum), and the ink! workspace's lints, unit tests
#   and .polkavm builds (mostly single-threaded: each contract's LTO and
#   metadata generator). Their tests run once what they need is built.
# - The ink! contracts are built by lst-ink-build (scripts/build.sh), not by
#   an installed cargo-contract.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

run_start=$SECONDS
setup_start=$SECONDS
bash scripts/setup.sh || { echo "summary: 0 passed, 1 failed"; exit 1; }

log_dir=$(mktemp -d)
trap 'for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$log_dir"' EXIT
failed_steps=()
tests_passed=0
tests_failed=0
timings=()
timings+=("setup|0|$((SECONDS - setup_start))")

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
  timings+=("$name|$((start - run_start))|$((SECONDS - start))")
  return 0
}

# scripts/setup.sh on a system it does not install for (a fake `uname`
# saying Darwin / arm64) stops at once with a message, before installing
# anything.
setup_refuses_unsupported() {
  local fake out rc=0
  fake=$(mktemp -d)
  printf '#!/bin/sh\n[ "$1" = -s ] && echo Darwin || echo arm64\n' >"$fake/uname"
  chmod +x "$fake/uname"
  out=$(PATH="$fake:$PATH" bash scripts/setup.sh 2>&1) || rc=$?
  rm -rf "$fake"
  printf '%s\n' "$out"
  [ "$rc" -eq 1 ] && grep -q 'unsupported system: Darwin (not Linux)' <<<"$out" && ! grep -q '^\[setup\] toolchain' <<<"$out"
}

# one_license: the project is MIT — the LICENSE file at the root, and every
# Cargo and npm manifest says so (or inherits its workspace's).
one_license() {
  local bad
  grep -q '^MIT License$' LICENSE || { echo "LICENSE is not the MIT license"; return 1; }
  bad=$(git ls-files '*Cargo.toml' '*package.json' | xargs grep -HnE '^license *=|"license" *:' |
    grep -vE 'license *= *"MIT"$|license\.workspace *= *true|"license" *: *"MIT",?$' || true)
  [ -z "$bad" ] || { echo "manifests with another license:"; echo "$bad"; return 1; }
  echo "LICENSE and $(git ls-files '*Cargo.toml' '*package.json' | xargs grep -lE '^license|"license"' | wc -l) manifests: MIT"
}

# bg_step NAME CMD...: starts one check in the background (output to its
# log); bg_wait NAME prints it and records it like `step` once it ends.
declare -A bg_pids=() bg_starts=()
bg_step() {
  local name=$1; shift
  local key=${name// /_}
  printf '\n==> %s (in the background)\n' "$name"
  bg_starts[$name]=$SECONDS
  ( "$@"; echo $? >"$log_dir/$key.rc"; echo "$SECONDS" >"$log_dir/$key.end" ) >"$log_dir/$key.log" 2>&1 &
  bg_pids[$name]=$!
}
bg_wait() {
  local name=$1
  local key=${name// /_}
  [ -n "${bg_pids[$name]:-}" ] || return 0
  wait "${bg_pids[$name]}"
  unset "bg_pids[$name]"
  local rc
  rc=$(cat "$log_dir/$key.rc" 2>/dev/null || echo 1)
  printf '\n==> %s (background, output follows)\n' "$name"
  cat "$log_dir/$key.log"
  # Its own time, from its start to its end (it may have ended long before
  # this wait).
  local took=$(( $(cat "$log_dir/$key.end" 2>/dev/null || echo "$SECONDS") - bg_starts[$name] ))
  printf '<== %s: %s (%ss, beside the steps above)\n' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")" "$took"
  [ "$rc" -eq 0 ] || failed_steps+=("$name")
  timings+=("$name (background)|$((bg_starts[$name] - run_start))|$took")
}

# count_tests LOG: adds cargo's per-binary "test result" counts to the totals.
count_tests() {
  local p f
  p=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed;' "$1" | awk '{s+=$1} END {print s+0}')
  tests_passed=$((tests_passed + p))
  tests_failed=$((tests_failed + f))
}

# strict_docs CMD...: runs a `cargo doc` with rustdoc's warnings as errors.
strict_docs() {
  RUSTDOCFLAGS="-D warnings" "$@"
}

# Both commands of a step must pass: `all CMD1 -- CMD2 ...`.
all() {
  local cmd=()
  for arg in "$@"; do
    if [ "$arg" = "--" ]; then "${cmd[@]}" || return; cmd=(); else cmd+=("$arg"); fi
  done
  [ ${#cmd[@]} -eq 0 ] || "${cmd[@]}"
}

step "setup refuses an unsupported system" setup_refuses_unsupported
step "one license (MIT) in LICENSE and every manifest" one_license
step "every documented command block says where the tests run it" bash scripts/doc-blocks.sh
step "measured numbers in the docs match docs/numbers.json and the code" all bash scripts/doc-numbers.sh --self-test -- bash scripts/doc-numbers.sh
step "fmt" cargo fmt --all -- --check
step "fmt offchain" cargo fmt --manifest-path offchain/Cargo.toml --all -- --check
step "fmt ink" env -C contracts/ink cargo fmt --all -- --check
step "fmt ink-build tool" cargo fmt --manifest-path tools/ink-build/Cargo.toml --all -- --check
step "fmt ink e2e" env -C contracts/ink/e2e cargo fmt --all -- --check

# Three lanes run in the background from here, beside the root workspace's
# steps: the off-chain workspace's lints and test builds (lib, bins,
# integration tests: clippy's --all-targets), the ink! workspace's lints and
# unit tests, and (once lst-ink-build is built) its .polkavm builds. The ink! builds are mostly single-threaded
# (each contract's LTO, its metadata generator's link), so they fill the
# core the other steps leave idle; nothing needs their artifacts before the
# ink! steps at the end.
bg_step "lint and build offchain" cargo_off test --workspace --no-run
# The ink! workspace (contracts/ink, its own Cargo.lock and target dir):
# the #[ink::test] unit tests, linted as they compile (the tests, and
# lst-ink-common's library, which they link), with the Solidity-ABI cfg of
# contracts/ink/.cargo/config.toml (cargo reads that config from the working
# directory: cargo_ink runs there). The libraries themselves are linted in
# the .polkavm builds below: the metadata's host compile of each contract's
# library is its lint (lst-ink-build --lint). An ink! contract takes as long
# to type-check as to build, so a separate lint build of the libraries was
# a third build of each.
bg_step "lint ink, ink unit tests" cargo_ink test --workspace --lib

# lst-ink-build compiles first in the foreground lane; the .polkavm builds
# then start in a lane of their own, beside the unit tests' (they use other
# target dirs, so neither waits for the other's lock): the seven contract
# builds run one after the other, mostly on one core, and are the longest
# chain of the run, so they start as early as they can.
step "ink build tool (lst-ink-build)" bash scripts/build.sh --ink-tool
bg_step "ink deployables, lint ink libraries" bash scripts/build.sh --ink
# The root workspace: lst-core (lib, tests, example, all features) and the
# Stylus contracts (OpenZeppelin Stylus 0.3 builds only for wasm32 or under
# tests, so their host builds are their unit tests). One test thread:
# motsu 0.10 keeps every test's contract storage in one DashMap and gives
# up after ten 1 ms waits for a shard another test thread holds ("storage
# is locked"); with the ink! builds beside it on two cores that happened
# once. The tests themselves take seconds; the build is the step's time.
step "lint and test root" cargo test --workspace --exclude lst-abi --features lst-core/alloc -- --test-threads=1
count_tests "$log_dir/lint_and_test_root.log"
# API docs, warning-free (broken intra-doc links fail) for the libraries
# a user builds on: lst-core, lst-app (the messages an auditor reads) and
# lst-registry here, the SDK (lst-client)
# and the deploy and backend libraries in the off-chain lane below.
# rustdoc needs its own (check-mode) build of every dependency, so the
# contract crates (their ABI is docs/abi.md) and the ABI tool are not
# documented this way: the whole root workspace cost 358 s of a new
# machine's run; their doc comments are held by rustc's missing_docs lint
# in every build.
step "docs root (cargo doc)" strict_docs cargo doc --no-deps -p lst-core -p lst-app -p lst-registry --features lst-core/alloc
step "seed fidelity table names real code and tests" bash scripts/fidelity.sh
step "core and app no_std wasm32 build" cargo build -p lst-core -p lst-app --no-default-features --target wasm32-unknown-unknown --release
# The ABI tool builds the contracts with `export-abi`, which must not meet
# motsu's `stylus-test` feature: it is linted, built and tested on its own,
# in the background: it needs only the root target dir, and the steps up to
# the ink! ABI parity check (which runs its binary) use other target dirs.
bg_step "lint abi tool, abi files match the contracts" all cargo build -p lst-abi --bins -- cargo test -p lst-abi
step "stylus deployables" bash scripts/build.sh --stylus

# The off-chain workspace runs the deployables: the client's and the
# devnode's own tests, the scenario suite on the in-process chain and over
# JSON-RPC against a devnode process, the client example, the keeper and
# notary, the demo and the Stylus bench.
bg_wait "lint and build offchain"
# In a target dir of its own, so it never holds the lock the steps below
# build in; it runs beside them (they are mostly waiting on chains).
bg_step "docs offchain (cargo doc: client, deploy, backend)" env OFFCHAIN_TARGET_DIR="${CARGO_TARGET_DIR}/offchain-doc" \
  bash -c 'source scripts/env.sh && RUSTDOCFLAGS="-D warnings" cargo_off doc --no-deps -p lst-client -p lst-deploy -p lst-backend'
step "client and node tests" cargo_off test -p lst-client -p lst-devnode -p lst-node -p lst-relay-chain
# polkadot.js against the relay chain (lst-node --platform relay) of each
# network: properties, balances, a signed transfer watched to finality.
step "polkadot.js against the relay node (kusama, polkadot)" all bash scripts/polkadot-js.sh -- bash scripts/polkadot-js.sh --network polkadot
# The relay bench's table (docs/node.md has a full run's), on a small
# backlog: the script works; nothing here is timed.
step "relay bench runs (small sizes)" bash scripts/relay-bench.sh --transfers 60 --backlog 30
count_tests "$log_dir/client_and_node_tests.log"
step "e2e scenarios in-process" cargo_off test -p lst-e2e --lib --test in_process
count_tests "$log_dir/e2e_scenarios_in-process.log"
step "e2e scenarios json-rpc" bash scripts/e2e-rpc.sh
count_tests "$log_dir/e2e_scenarios_json-rpc.log"
# Every input an outside tester used to stop or stall the node, sent to a
# running lst-node of each platform: each is refused by a JSON-RPC error,
# the node answers right after, its memory stays bounded (printed).
step "node refuses hostile inputs and keeps serving (both platforms)" bash scripts/node-faults.sh
# The SDK's example (offchain/client/examples/stake.rs) against a devnode
# process with the suite deployed by lst-deploy.
step "client example: stake, unstake, withdraw" bash scripts/example.sh
# Foundry's cast against the devnode: reads, a send and its receipt, logs,
# estimate, a revert decoded to its named error.
step "cast against the stylus node" bash scripts/cast.sh
# viem as a dapp: stake, unstake, withdraw through the devnode.
step "viem against the stylus node" bash scripts/viem.sh
# cargo-stylus (the crates.io release for stylus-sdk 0.9): check (activation
# in an eth_call with state overrides) and deploy with a constructor.
step "cargo stylus check and deploy against the stylus node" bash scripts/cargo-stylus.sh
# The dapp package (packages/contracts): it and its README's viem snippet
# type-check with TypeScript.
step "dapp package type-checks" bash scripts/dapp-package.sh
# The Rust SDK as crates.io would take it: lst-registry and lst-client
# packaged and each package built on its own (`cargo publish --dry-run`).
step "cargo publish --dry-run of the Rust SDK" bash scripts/publish-check.sh
# The off-chain tools, each test against a chain served over JSON-RPC from
# inside the test process.
step "backend keeper notary and oracle" all cargo_off test -p lst-backend -- cargo_off test -p lst-e2e --test keeper --test notary --test oracle --test replicas --test relay
count_tests "$log_dir/backend_keeper_notary_and_oracle.log"
# The README's main job, end to end: devnode, deploy, keeper, notary, users.
step "demo lifecycle on stylus" bash scripts/demo.sh
# The staking page in headless Chromium against the same stack.
step "staking page in a browser (stylus node)" bash scripts/page.sh --test
# Invariant 5 (docs/protocol.md): the pool's costs do not grow with the queue (fails if
# stake / claim / serve / withdraw gas grows from 1 to 10,000 queued).
step "bench: queue costs are flat" bash scripts/bench.sh
# The project's Stylus contracts (uncached and in Nitro's cache) against the
# Solidity reference (bench/reference: OpenZeppelin's ERC-20 and a pool to
# the same rules, solc and anvil from npm): gas per operation, the ratios
# and their targets, and where the cached gas goes (docs/gas.md has a run).
step "gas against the Solidity reference (anvil)" bash scripts/gas-compare.sh
# JSON-RPC throughput of lst-node against anvil's, side by side (a short
# run: the script works; docs/node.md has a longer one).
step "rpc throughput: lst-node and anvil side by side" bash scripts/rpc-bench.sh 1 4

# The ink! artifacts from here on.
bg_wait "lint ink, ink unit tests"
count_tests "$log_dir/lint_ink,_ink_unit_tests.log"
bg_wait "ink deployables, lint ink libraries"
# Both platforms' size tables (built above; fails over the Stylus limit).
bg_wait "docs offchain (cargo doc: client, deploy, backend)"
step "deployable sizes (stylus wasm, ink polkavm)" bash scripts/sizes.sh --no-build
bg_wait "lint abi tool, abi files match the contracts"
count_tests "$log_dir/lint_abi_tool,_abi_files_match_the_contracts.log"
# Every ink! contract's Solidity ABI against the committed abi/*.json
# (lst-abi's parity check, built by the ABI step above).
step "ink abi parity with abi/*.json" cargo run --quiet -p lst-abi -- ink-parity "${INK_ARTIFACTS_DIR}"
# The deploy tool's tests deploy to both platforms.
step "deploy tool" cargo_off test -p lst-deploy -p lst-e2e --test deploy --test deploy_ink
# The docs' blocks tagged "# tested: documented commands run as written",
# run verbatim against nodes on the ports the docs name (scripts/doc-run.sh;
# its self-test first: a wrong output, a failing command and an unknown
# placeholder each fail a block).
step "documented commands run as written" all bash scripts/doc-run.sh --self-test -- bash scripts/doc-run.sh
# The testnet guide (docs/deploying.md), executed against a local node made
# to look like Arbitrum Sepolia.
step "testnet rehearsal arbitrum-sepolia (stylus node)" bash scripts/rehearsal.sh
count_tests "$log_dir/deploy_tool.log"
# The in-process pallet-revive chain's own tests, the same scenarios on the
# ink! contracts in it, and the parity test: one lifecycle on both
# platforms must end in the same state after the same events. (Two runs:
# `--test ink` would filter the chain crate's own tests out.)
# The access-control matrix (docs/ACCESS_MATRIX.md) is recomputed on both
# platforms here, both builds being ready.
step "e2e scenarios ink, parity, access matrix" all cargo_off test -p lst-revive-chain -- cargo_off test -p lst-e2e --test ink --test parity --test access --test state_digest
count_tests "$log_dir/e2e_scenarios_ink,_parity,_access_matrix.log"
step "bench ink: queue weights are flat" bash scripts/bench.sh --ink
# The node's ink! engine: cast, viem, the pallet-revive testnet guide and
# the whole demo (deploy, keeper, notary, users) against lst-node
# --platform ink, as on Stylus above.
# The scenarios over JSON-RPC on the ink! node: every call sent with
# exactly the node's gas estimate.
step "e2e scenarios json-rpc (ink node)" bash scripts/e2e-rpc.sh --platform ink
count_tests "$log_dir/e2e_scenarios_json-rpc_(ink_node).log"
# ink!'s own end-to-end framework over the node's Substrate JSON-RPC: the
# contracts deployed, wired and played through with ink_e2e, and one
# contract used over both of the node's RPCs (contracts/ink/e2e).
step "ink_e2e against the ink node (Substrate JSON-RPC)" bash scripts/ink-e2e.sh
count_tests "$log_dir/ink_e2e_against_the_ink_node_(Substrate_JSON-RPC).log"
step "cast against the ink node" bash scripts/cast.sh --platform ink
step "viem against the ink node" bash scripts/viem.sh --platform ink
step "testnet rehearsal passet-hub (ink node)" bash scripts/rehearsal.sh --network passet-hub
step "demo lifecycle on ink" bash scripts/demo.sh --platform ink
step "staking page in a browser (ink node)" bash scripts/page.sh --platform ink --test
# The stateful fuzzer: generated call sequences (LST_FUZZ_CASES, default
# DEFAULT_CASES of e2e/tests/fuzz.rs: 2,000, about 130 s warm, see
# docs/auditing.md), each on both platforms with every invariant checked
# after every step, the two runs compared.
fuzz_cases=${LST_FUZZ_CASES:-$(grep -Po 'const DEFAULT_CASES: u32 = \K[0-9_]+' e2e/tests/fuzz.rs)}
fuzz_cases=${fuzz_cases//_/}
echo "fuzz: ${fuzz_cases} sequences of 1 to 49 steps, each on both platforms"
step "fuzz: call sequences on stylus and ink, compared" cargo_off test -p lst-e2e --test fuzz
count_tests "$log_dir/fuzz:_call_sequences_on_stylus_and_ink,_compared.log"
# The fuzzer as a proof: faults planted in one platform's messages (the
# feed's updater check and the pool's pause on Stylus; the bond's
# allowance and the pool's pause on ink!) must each be caught within the
# 300 sequences. The faulty builds are cached, so a warm run only fuzzes;
# the four lst-core rounding faults rebuild every contract and are run by
# `scripts/fuzz-faults.sh` on its own (docs/auditing.md has their results).
step "fuzz: planted platform-specific faults are caught" bash scripts/fuzz-faults.sh --platform-specific
# The libFuzzer targets of fuzz/ (its own workspace: formatted here, built
# instrumented by the script), 60 s each, two at a time.
step "fuzz targets: ss58, signatures, mul_div, shares (60 s each)" \
  bash -c 'cd fuzz && cargo fmt --check && cd .. && bash scripts/fuzz-targets.sh --seconds 60'

echo
echo "where the time went (background steps overlap the steps beside them):"
printf '| %-60s | %8s | %6s |\n' "step" "start s" "s"
printf '|%s|%s:|%s:|\n' "$(printf -- '-%.0s' {1..62})" "$(printf -- '-%.0s' {1..9})" "$(printf -- '-%.0s' {1..7})"
for t in "${timings[@]}"; do
  IFS='|' read -r t_name t_start t_secs <<<"$t"
  printf '| %-60s | %8s | %6s |\n' "$t_name" "$t_start" "$t_secs"
done
printf '| %-60s | %8s | %6s |\n' "total (wall clock)" "" "$((SECONDS - run_start))"

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
