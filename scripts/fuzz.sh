#!/usr/bin/env bash
# Runs the stateful fuzzer (e2e/tests/fuzz.rs) for a while: rounds
# of generated call sequences, each run on the Stylus and the ink! build at
# once (two worker threads, so both cores) with every invariant checked
# after every step and the two platforms compared. Every round starts by
# replaying the failures kept in e2e/tests/fuzz.proptest-regressions,
# so a run resumes from what earlier runs found.
#   scripts/fuzz.sh [--minutes N] [--round CASES]   (default: 10 minutes, 200 sequences a round)
#   scripts/fuzz.sh --coverage SEQUENCES             (what the steps reach, per platform; no checks skipped)
# Stops at the first failure (printed shrunk, as a list of calls) and ends
# with a table of what ran.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

minutes=10
round=200
coverage=
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=${2:?--minutes needs a number}; shift 2 ;;
    --round) round=${2:?--round needs a number}; shift 2 ;;
    --coverage) coverage=${2:?--coverage needs a number of sequences}; shift 2 ;;
    *) echo "usage: scripts/fuzz.sh [--minutes N] [--round CASES] | --coverage SEQUENCES" >&2; exit 2 ;;
  esac
done
case "${minutes}${round}${coverage}" in *[!0-9]*) echo "fuzz.sh: --minutes, --round and --coverage take whole numbers" >&2; exit 2 ;; esac

bash scripts/setup.sh >/dev/null
[ -f "${STYLUS_WASM_DIR}/lst_polkadot_pool.wasm" ] || bash scripts/build.sh --stylus >/dev/null
[ -f "${INK_ARTIFACTS_DIR}/lst_ink_polkadot_pool/lst_ink_polkadot_pool.polkavm" ] || bash scripts/build.sh --ink >/dev/null
if [ -n "$coverage" ]; then
  # What the generated steps reach: per kind of step, how often it ran and
  # succeeded, and the errors that refused it (a fixed seed, so the same
  # sequences on both platforms).
  for platform in stylus ink; do
    cargo_off run -q -p lst-e2e --bin fuzz-coverage -- "$platform" "$coverage"
    echo
  done
  exit 0
fi
cargo_off test -q -p lst-e2e --test fuzz --no-run

log=$(mktemp)
trap 'rm -f "$log"' EXIT
deadline=$((SECONDS + minutes * 60))
start=$SECONDS
rounds=0
status=ok
while [ "$SECONDS" -lt "$deadline" ]; do
  if ! RUST_BACKTRACE=0 LST_FUZZ_CASES="$round" cargo_off test -q -p lst-e2e --test fuzz >"$log" 2>&1; then
    status=failed
    grep -v '^\s*[0-9]*: \|^ *at \|^stack backtrace\|^note: ' "$log" | sed -n '/minimal failing input/,$p;/^Test failed/p' | head -80
    break
  fi
  rounds=$((rounds + 1))
  printf 'round %d: %d sequences, ok (%d s so far)\n' "$rounds" "$round" "$((SECONDS - start))"
done

elapsed=$((SECONDS - start))
sequences=$((rounds * round))
echo
printf '| %-10s | %-8s | %-9s | %-9s | %-16s | %-7s |\n' "minutes" "rounds" "sequences" "seconds" "sequences / s" "result"
printf '|%s|%s:|%s:|%s:|%s:|%s|\n' "------------" "---------" "----------" "----------" "-----------------" "---------"
printf '| %-10s | %8d | %9d | %9d | %16s | %-7s |\n' "$minutes" "$rounds" "$sequences" "$elapsed" \
  "$(awk -v n="$sequences" -v s="$elapsed" 'BEGIN { if (s > 0) printf "%.2f", n / s; else print "-" }')" "$status"
echo "(each sequence: 1 to 49 steps, run on both platforms; see docs/auditing.md)"
[ "$status" = ok ]
