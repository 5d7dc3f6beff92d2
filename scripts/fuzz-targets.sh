#!/usr/bin/env bash
# Builds and runs the coverage-guided fuzz targets of fuzz/ (libFuzzer via
# libfuzzer-sys, instrumented as cargo-fuzz instruments them), each for a
# bounded time against its reference:
#   scripts/fuzz-targets.sh [--seconds N] [TARGET...]   (default: 60 s each, every target)
# Each target starts from its committed seeds (fuzz/seeds/<target>/) and
# the corpus earlier runs grew (kept outside the clone, in
# $CARGO_TARGET_DIR/fuzz-corpus/<target>/, so a long run resumes where the
# last one stopped). A crash stops the run; its input is written to
# fuzz/artifacts/<target>/ and should go into fuzz/seeds/<target>/ with the
# fix, where every later run replays it. Ends with a table of executions.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

seconds=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    -*) echo "usage: scripts/fuzz-targets.sh [--seconds N] [TARGET...]" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
case "$seconds" in '' | *[!0-9]*) echo "fuzz-targets.sh: --seconds takes a whole number" >&2; exit 2 ;; esac
all=(ss58_decode signature_parse mul_div share_conversions)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "fuzz-targets.sh: no target '$t' (targets: ${all[*]})" >&2; exit 2; }
done

# The flags cargo-fuzz builds with (`--sanitizer none`): SanitizerCoverage
# for libFuzzer's feedback, comparisons traced, debug assertions and
# overflow checks on, `cfg(fuzzing)`.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target (the host's), as cargo-fuzz passes: RUSTFLAGS then
# reach only the targets' code, not build scripts and proc macros.
host=$(rustc -vV | sed -n 's/^host: //p')
fuzz_target_dir="${CARGO_TARGET_DIR}/fuzz"
cargo build --manifest-path fuzz/Cargo.toml --locked --release --target "$host" --target-dir "$fuzz_target_dir" --bins
fuzz_bin_dir="$fuzz_target_dir/$host/release"

# One target per core at a time (libFuzzer runs one process per target).
parallel=$(nproc 2>/dev/null || echo 2)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
run_target() {
  local t=$1 corpus="${CARGO_TARGET_DIR}/fuzz-corpus/$1"
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  if "$fuzz_bin_dir/$t" "$corpus" "fuzz/seeds/$t" -max_total_time="$seconds" \
      -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 >"$logs/$t.log" 2>&1; then
    echo ok >"$logs/$t.rc"
  else
    echo CRASH >"$logs/$t.rc"
  fi
}
running=0
for t in "${targets[@]}"; do
  echo "==> $t (${seconds} s)"
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

results=()
status=0
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  outcome=$(cat "$logs/$t.rc" 2>/dev/null || echo CRASH)
  if [ "$outcome" != ok ]; then
    status=1
    echo "--- $t:"
    grep -v '^#' "$log" | tail -40
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  size=$(find "${CARGO_TARGET_DIR}/fuzz-corpus/$t" -type f | wc -l)
  results+=("$t|$runs|$((runs / (seconds > 0 ? seconds : 1)))|$cov|$size|$outcome")
done

echo
printf '| %-18s | %12s | %10s | %8s | %8s | %-7s |\n' "target" "executions" "per second" "coverage" "corpus" "result"
printf '|%s|%s:|%s:|%s:|%s:|%s|\n' "--------------------" "-------------" "-----------" "---------" "---------" "---------"
for r in "${results[@]}"; do
  IFS='|' read -r t runs rate cov size outcome <<<"$r"
  printf '| %-18s | %12s | %10s | %8s | %8s | %-7s |\n' "$t" "$runs" "$rate" "$cov" "$size" "$outcome"
done
exit "$status"
