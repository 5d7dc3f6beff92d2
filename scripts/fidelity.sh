#!/usr/bin/env bash
# Keeps docs/seed-fidelity.md honest: every `file:function` a row names
# must be a function of that file, every test a row names must exist, and
# every row names at least one test. Prints how many rows follow their
# source document as written and how many differ on purpose (with a
# reason), then exits non-zero on the first table that lies.
#   scripts/fidelity.sh
set -euo pipefail
cd "$(dirname "$0")/.."

doc=docs/seed-fidelity.md
failures=0
followed=0
differing=0
fail() { echo "fidelity: $*" >&2; failures=$((failures + 1)); }

# Where the named tests may live: every Rust source of the repository.
mapfile -t sources < <(git ls-files '*.rs')

while IFS= read -r row; do
  IFS='|' read -r _ id _ where shown differs _ <<<"$row"
  id=${id// /}
  mapfile -t places < <(grep -o '`[^`]*:[a-z_0-9]*`' <<<"$where" | tr -d '`')
  mapfile -t tests < <(grep -o '`[a-z_0-9]*`' <<<"$shown" | tr -d '`')
  [ "${#places[@]}" -gt 0 ] || fail "$id names no file:function"
  [ "${#tests[@]}" -gt 0 ] || fail "$id names no test"
  for place in "${places[@]}"; do
    file=${place%:*}
    function=${place##*:}
    if [ ! -f "$file" ]; then
      fail "$id: $file does not exist"
    elif ! grep -Eq "fn ${function}[<(]" "$file"; then
      fail "$id: $file has no function $function"
    fi
  done
  for test in "${tests[@]}"; do
    grep -Eq "fn ${test}[<(]" "${sources[@]}" || fail "$id: no test named $test"
  done
  if [ -n "${differs// /}" ]; then differing=$((differing + 1)); else followed=$((followed + 1)); fi
done < <(grep -E '^\| [A-Z][0-9]+ \|' "$doc")

rows=$((followed + differing))
[ "$rows" -gt 0 ] || fail "no rows found in $doc"
echo "seed fidelity: $rows statements, $followed followed as written, $differing differing with a reason"
if [ "$failures" -gt 0 ]; then
  echo "fidelity: $failures problem(s) in $doc" >&2
  exit 1
fi
