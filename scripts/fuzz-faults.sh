#!/usr/bin/env bash
# Plants each of a set of known faults in a scratch worktree, builds the
# faulty contracts into a scratch artifact directory, and runs the
# stateful fuzzer (at most 300 sequences, the CI budget; it stops at the
# first failure) against them; prints which check caught each fault and
# how long it took. The clone is not touched. Fails if any fault is not
# caught.
#   scripts/fuzz-faults.sh [FAULT...]   (default: all)
#   scripts/fuzz-faults.sh --platform-specific   (role pause allowance pause-ink: what test.sh runs)
# The faulty builds are kept under $CARGO_TARGET_DIR/faults/ and rebuilt
# only when their inputs change: a warm run only fuzzes. A fault in one
# ink! contract rebuilds that contract alone (the others are the clean
# build's); a fault in lst-core rebuilds every contract on both platforms
# (about 10 minutes cold on 2 cores).
# Faults — one per rounding rule of lst-core, and platform-specific ones on
# each platform:
#   rounding   lst-core shares_to_assets rounds up (payouts, bond balances)   both platforms rebuilt
#   mint-up    lst-core assets_to_shares rounds up (shares minted)            both platforms rebuilt
#   burn-down  lst-core assets_to_shares_up rounds down (shares burned)       both platforms rebuilt
#   twice      lst-core's queue never marks a request withdrawn              both platforms rebuilt
# The platform-specific faults sit where a platform can still be wrong
# once the messages are written once (lst-app): in its storage adapter.
#   role       the Stylus feed stores a token's repair bound as its step     Stylus rebuilt
#   pause      the Stylus PolkadotPool reads its pause flag as unset         Stylus rebuilt
#   allowance  the ink! BondToken's allowance store never lowers a value     ink! rebuilt
#   pause-ink  the ink! PolkadotPool reads its pause flag as unset           ink! rebuilt
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
root=$(pwd)
faults=("$@")
if [ "${1:-}" = --platform-specific ]; then faults=(role pause allowance pause-ink); fi
[ ${#faults[@]} -gt 0 ] || faults=(rounding mint-up burn-down twice role pause allowance pause-ink)
# The clean builds: what a fault's build starts from.
bash scripts/build.sh --stylus >/dev/null
bash scripts/build.sh --ink >/dev/null
cache="${CARGO_TARGET_DIR}/faults"
mkdir -p "$cache"
# One worktree path for every fault, so cargo's builds of one fault find
# what the last one compiled there.
tree="$cache/tree"
results=()
for fault in "${faults[@]}"; do
  git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  git worktree prune
  git worktree add --detach -q "$tree" HEAD
  both=no
  ink_only=no
  case "$fault" in
    rounding)
      both=yes
      python3 - "$tree/contracts/core/src/math.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="pub fn shares_to_assets(shares: U256, ratio: U256) -> CoreResult<U256> {\n    mul_div(shares, ONE, nonzero_ratio(ratio)?, Rounding::Down)"
assert old in s; open(p,'w').write(s.replace(old, old.replace("Rounding::Down", "Rounding::Up")))
PY
      ;;
    mint-up)
      both=yes
      python3 - "$tree/contracts/core/src/math.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="pub fn assets_to_shares(assets: U256, ratio: U256) -> CoreResult<U256> {\n    mul_div(assets, nonzero_ratio(ratio)?, ONE, Rounding::Down)"
assert old in s; open(p,'w').write(s.replace(old, old.replace("Rounding::Down", "Rounding::Up")))
PY
      ;;
    burn-down)
      both=yes
      python3 - "$tree/contracts/core/src/math.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="pub fn assets_to_shares_up(assets: U256, ratio: U256) -> CoreResult<U256> {\n    mul_div(assets, nonzero_ratio(ratio)?, ONE, Rounding::Up)"
assert old in s; open(p,'w').write(s.replace(old, old.replace("Rounding::Up", "Rounding::Down")))
PY
      ;;
    allowance)
      ink_only=yes
      python3 - "$tree/contracts/ink/bond-token/lib.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="            self.allowances.set_allowance(owner, spender, value);"
new="            if value >= self.allowances.allowance(owner, spender) { self.allowances.set_allowance(owner, spender, value); }"
assert old in s; open(p,'w').write(s.replace(old, new))
PY
      ;;
    pause-ink)
      ink_only=yes
      python3 - "$tree/contracts/ink/polkadot-pool/lib.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="    lst_app::store_in!(pausable: PolkadotPool, pausable);"
new="""    impl lst_app::pausable::Store for PolkadotPool {
        fn pauser(&self) -> lst_app::Address { lst_app::pausable::Store::pauser(&self.pausable) }
        fn set_pauser(&mut self, p: lst_app::Address) { lst_app::pausable::Store::set_pauser(&mut self.pausable, p) }
        fn paused(&self) -> bool { false }
        fn set_paused(&mut self, p: bool) { lst_app::pausable::Store::set_paused(&mut self.pausable, p) }
    }"""
assert old in s; open(p,'w').write(s.replace(old, new))
PY
      ;;
    role)
      python3 - "$tree/contracts/stylus/rate-provider/src/lib.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="stored.threshold_bps.set(U32::from(feed.policy.threshold_bps));"
assert old in s; open(p,'w').write(s.replace(old, "stored.threshold_bps.set(U32::from(feed.policy.max_repair_bps));"))
PY
      ;;
    twice)
      both=yes
      python3 - "$tree/contracts/core/src/queue.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="    request.withdrawn = true;\n    store.set_request(id, request);"
assert old in s; open(p,'w').write(s.replace(old, "    store.set_request(id, request);"))
PY
      ;;
    pause)
      python3 - "$tree/contracts/stylus/polkadot-pool/src/lib.rs" <<'PY'
import sys; p=sys.argv[1]; s=open(p).read()
old="lst_stylus_common::pause_fields!(PolkadotPool);"
new="""impl lst_app::pausable::Store for PolkadotPool {
    fn pauser(&self) -> lst_app::Address { self.pauser.get().into_array() }
    fn set_pauser(&mut self, p: lst_app::Address) { self.pauser.set(Address::from(p)); }
    fn paused(&self) -> bool { false }
    fn set_paused(&mut self, p: bool) { self.paused.set(p); }
}"""
assert old in s; open(p,'w').write(s.replace(old, new))
PY
      ;;
    *) echo "fuzz-faults.sh: no fault '$fault'" >&2; exit 2 ;;
  esac
  wasm="$cache/$fault-wasm"
  ink="$cache/$fault-ink"
  if [ "$ink_only" = yes ]; then
    wasm="$STYLUS_WASM_DIR"
  else
    (cd "$tree" && STYLUS_WASM_DIR="$wasm" bash scripts/build.sh --stylus >/dev/null)
  fi
  if [ "$both" = yes ] || [ "$ink_only" = yes ]; then
    # The ink! artifacts start as the clean build's: a contract whose
    # inputs the fault does not touch is not rebuilt.
    [ -d "$ink" ] || cp -a "$INK_ARTIFACTS_DIR" "$ink"
    (cd "$tree" && INK_ARTIFACTS_DIR="$ink" bash scripts/build.sh --ink >/dev/null)
  else
    ink="$INK_ARTIFACTS_DIR"
  fi
  start=$SECONDS
  log="$cache/$fault.log"
  # A caught fault's seed is not kept in the clone's regressions file.
  if STYLUS_WASM_DIR="$wasm" INK_ARTIFACTS_DIR="$ink" RUST_BACKTRACE=0 LST_FUZZ_CASES=300 LST_FUZZ_NO_PERSIST=1 \
      cargo_off test -q -p lst-e2e --test fuzz >"$log" 2>&1; then
    results+=("$fault|NOT CAUGHT|$((SECONDS - start))|-")
  else
    # The check that failed: an invariant's message, or the platforms'
    # difference.
    caught=$(grep -m1 -oE '^failed: .*|step [0-9]+ \(.*\) differs' "$log" | cut -c1-150 || true)
    [ -n "$caught" ] || caught=$(grep -m1 -E '^Test failed' "$log" | cut -c1-150 || true)
    results+=("$fault|caught|$((SECONDS - start))|$caught")
    sed -n '/minimal failing input/,/^)/p' "$log" | head -30 || true
  fi
done
git worktree remove --force "$tree"
echo
printf '| %-9s | %-10s | %9s | %s\n' "fault" "result" "seconds" "first report"
printf '|%s|%s|%s:|%s\n' "-----------" "------------" "----------" "------"
for r in "${results[@]}"; do
  IFS='|' read -r f res secs first <<<"$r"
  printf '| %-9s | %-10s | %9s | %s\n' "$f" "$res" "$secs" "$first"
done
missed=$(printf '%s\n' "${results[@]}" | grep -c '|NOT CAUGHT|' || true)
[ "$missed" -eq 0 ] || { echo "fuzz-faults: $missed planted fault(s) not caught" >&2; exit 1; }
