#!/usr/bin/env bash
# Every shell block the README, docs/ and the packages' READMEs tell a user
# to run says, on its first line, where the tests run it or why they do not:
#   # tested: <step of scripts/test.sh>[; <another step>][ — <a note>]
#   # not tested: <why: a public testnet, a server left running, ...>
# A block without such a line, or naming a step test.sh does not have,
# fails; the table printed lists every block with its answer.
#   scripts/doc-blocks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - README.md docs/*.md packages/*/README.md <<'PY'
import re, sys
steps = set(re.findall(r'^\s*(?:bg_)?step "([^"]+)"', open("scripts/test.sh").read(), re.M))
bad, rows = [], []
for path in sys.argv[1:]:
    lines = open(path).read().split("\n")
    for i, line in enumerate(lines):
        if not re.match(r"^```(sh|bash|shell|console)\s*$", line):
            continue
        first = lines[i + 1] if i + 1 < len(lines) else ""
        where = f"{path}:{i + 1}"
        m = re.match(r"^# tested: (.+)$", first)
        n = re.match(r"^# not tested: (\S.*)$", first)
        if m:
            names = [s.strip() for s in m.group(1).split(" — ")[0].split(";")]
            missing = [s for s in names if s not in steps]
            if missing:
                bad.append(f"{where}: no test.sh step named {missing}")
            rows.append((where, "tested: " + "; ".join(names)))
        elif n:
            rows.append((where, "not tested: " + n.group(1)))
        else:
            bad.append(f"{where}: the block's first line says neither '# tested: <step>' nor '# not tested: <why>'")
print("| block | where the tests run it |")
print("|---|---|")
for where, what in rows:
    print(f"| {where} | {what} |")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"{len(rows)} blocks, each tested or saying why not")
PY
