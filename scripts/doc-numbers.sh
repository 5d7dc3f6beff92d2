#!/usr/bin/env bash
# The measured numbers the docs state, kept in one place: docs/numbers.json.
# In README.md and docs/*.md each such number sits between markers,
#   <!--n:KEY-->text<!--/n-->
# (invisible once rendered), and this script checks that every marked text
# is KEY's value as docs/numbers.json has it, formatted, and that the
# numbers the code fixes (the fuzzer's sequence count) are the code's.
#
#   scripts/doc-numbers.sh                      # check (a test.sh step)
#   scripts/doc-numbers.sh --write              # rewrite the marked texts
#   scripts/doc-numbers.sh --self-test          # the check fails what it must
#   scripts/doc-numbers.sh --record warm|new-machine LOG COMMIT
#       # take a run's test count and wall-clock time from the output of
#       # scripts/test.sh (LOG: "summary: N passed", "total (wall clock)"),
#       # store them as the latest warm or new-machine run, and --write
#
# Keys: ci_warm.tests, ci_warm.time, ci_warm.commit, the same for
# ci_new_machine, and fuzz.sequences. A marker naming a key the file lacks
# fails the check, as does a marked text that differs.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import json, re, sys

NUMBERS = "docs/numbers.json"
DOCS = ["README.md", "docs/quickstart.md", "docs/development.md", "docs/auditing.md"]
MARK = re.compile(r"<!--n:([a-z_.]+)-->(.*?)<!--/n-->", re.S)
# Numbers fixed by the code: (key, file, regex whose group 1 is the number).
FROM_CODE = [("fuzz.sequences", "e2e/tests/fuzz.rs", r"const DEFAULT_CASES: u32 = ([0-9_]+);")]


def formatted(numbers, key):
    group, _, field = key.partition(".")
    value = numbers.get(group, {}).get(field)
    if value is None:
        return None
    if field == "time":  # seconds
        return f"{value // 60} min {value % 60} s"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def check(numbers, write=False):
    bad, count = [], 0
    for key, path, pattern in FROM_CODE:
        m = re.search(pattern, open(path).read())
        if not m:
            bad.append(f"{path}: no match for {pattern}")
        elif int(m.group(1).replace("_", "")) != numbers["fuzz"]["sequences"]:
            bad.append(f"{key}: {NUMBERS} says {numbers['fuzz']['sequences']}, {path} says {m.group(1)}")
    for path in DOCS:
        text = open(path).read()

        def sub(m):
            nonlocal count
            count += 1
            want = formatted(numbers, m.group(1))
            line = text[:m.start()].count("\n") + 1
            if want is None:
                bad.append(f"{path}:{line}: {m.group(1)} is not in {NUMBERS}")
                return m.group(0)
            if m.group(2) != want and not write:
                bad.append(f"{path}:{line}: {m.group(1)} reads '{m.group(2)}', {NUMBERS} has '{want}'")
            return f"<!--n:{m.group(1)}-->{want}<!--/n-->"

        new = MARK.sub(sub, text)
        if write and new != text:
            open(path, "w").write(new)
    return bad, count


def self_test(numbers):
    """A changed number, a code that disagrees and an unknown key each fail."""
    import copy
    cases = []
    n = copy.deepcopy(numbers); n["ci_warm"]["tests"] += 1
    cases.append(("a doc that states another test count", n, "ci_warm.tests reads"))
    n = copy.deepcopy(numbers); n["fuzz"]["sequences"] += 1
    cases.append(("a fuzz count the code does not have", n, "e2e/tests/fuzz.rs says"))
    n = copy.deepcopy(numbers); del n["ci_new_machine"]
    cases.append(("a marker whose key is gone", n, "is not in"))
    bad = []
    for name, n, want in cases:
        errors, _ = check(n)
        if not any(want in e for e in errors):
            bad.append(f"{name}: wanted an error with '{want}', got {errors}")
    print("\n".join(bad) or f"self-test: {len(cases)} cases refused as expected")
    sys.exit(1 if bad else 0)


numbers = json.load(open(NUMBERS))
args = sys.argv[1:]
if args == ["--self-test"]:
    self_test(numbers)
if args[:1] == ["--record"]:
    kind, log, commit = args[1:4]
    out = open(log, errors="replace").read()
    tests = re.search(r"summary: (\d+) passed, 0 failed", out)
    total = re.search(r"\| total \(wall clock\)\s*\|\s*\|\s*(\d+) \|", out)
    if not (tests and total):
        sys.exit(f"{log}: no passing summary and wall-clock total (a run that failed is not a measurement)")
    group = {"warm": "ci_warm", "new-machine": "ci_new_machine"}[kind]
    numbers[group] = {"tests": int(tests.group(1)), "time": int(total.group(1)), "commit": commit}
    open(NUMBERS, "w").write(json.dumps(numbers, indent=2) + "\n")
    args = ["--write"]
write = args == ["--write"]
bad, count = check(numbers, write)
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"{count} marked numbers in the docs match {NUMBERS}" + (" (rewritten)" if write else ""))
PY
