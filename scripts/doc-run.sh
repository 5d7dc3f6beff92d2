#!/usr/bin/env bash
# Runs, as written, every shell block of README.md, docs/*.md and the
# packages' READMEs whose first line is
#   # tested: documented commands run as written
# (scripts/doc-blocks.sh checks that every block says where it is tested).
#
#   scripts/doc-run.sh [FILE:LINE ...]   # all such blocks, or the ones named
#   scripts/doc-run.sh --self-test        # the runner fails what it must fail
#
# How a block runs: its lines, in order, in one bash in the repository's
# root, under `set -euo pipefail` (a failing command fails the block), each
# printed before it runs. Three things are not literally the user's:
# - A line that starts a node (`lst-node`, through cargo or the binary)
#   runs in the background, as the user's other shell would; the block goes
#   on once the node prints "listening on". Every process the block started
#   is stopped when it ends.
# - Placeholders the reader fills in are filled from the running node:
#   <dev key N> / <a dev key> (dev account N's / 0's key), <to> (dev account
#   9's address), <NAME> of a contract in deployments/local.json (its
#   address). Any other <...> in a command fails the block.
# - The ports the docs use (8545, 8547, 9944, 9945) must be free: a block
#   does not run against a node someone left running; the run fails saying
#   which port is taken.
# What a block says it prints is checked: every "quoted text" in its
# comment-only lines must appear in the block's output (a "…" inside stands
# for any text between the parts).
# deployments/ is moved aside while the blocks run and put back after, so a
# developer's own local deployment survives.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import os, re, shutil, signal, socket, subprocess, sys, tempfile, time

STEP = "documented commands run as written"
FILES = ["README.md"] + sorted("docs/" + f for f in os.listdir("docs") if f.endswith(".md")) \
    + sorted(f"packages/{p}/README.md" for p in os.listdir("packages") if os.path.exists(f"packages/{p}/README.md"))
PORTS = [8545, 8547, 9944, 9945]
TIMEOUT_S = 900


def blocks():
    """(file:line, lines) of every block tagged for this runner."""
    for path in FILES:
        lines = open(path).read().split("\n")
        for i, line in enumerate(lines):
            if not re.match(r"^```(sh|bash|shell|console)\s*$", line):
                continue
            if i + 1 >= len(lines) or not lines[i + 1].startswith("# tested: "):
                continue
            steps = [s.strip() for s in lines[i + 1][len("# tested: "):].split(" — ")[0].split(";")]
            if STEP not in steps:
                continue
            body = []
            for l in lines[i + 2:]:
                if l.startswith("```"):
                    break
                body.append(l)
            yield f"{path}:{i + 1}", body


def strip_comment(line):
    """The line without a trailing `# comment` (a # outside quotes, after a blank)."""
    quote = None
    for j, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (j == 0 or line[j - 1] in " \t"):
            return line[:j].rstrip()
    return line.rstrip()


def logical_lines(body):
    """Commands (continuation lines joined) and the block's expected output."""
    cmds, comments, cur = [], [], ""
    for raw in body:
        s = raw.strip()
        if not cur and s.startswith("#"):
            comments.append(s.lstrip("#").strip())
            continue
        part = strip_comment(raw)
        if part.endswith("\\"):
            cur += part[:-1] + " "
            continue
        cur += part
        if cur.strip():
            cmds.append(cur.strip())
        cur = ""
    # A quotation may run over several comment lines.
    return cmds, re.findall(r'"([^"]+)"', " ".join(comments))


def fill(cmd, where):
    def sub(m):
        name = m.group(1)
        if name == "a dev key":
            return '"$(doc_dev_key 0)"'
        if (k := re.fullmatch(r"dev key (\d)", name)):
            return f'"$(doc_dev_key {k.group(1)})"'
        if name == "to":
            return '"$(doc_dev_addr 9)"'
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
            return f'"$(doc_address {name})"'
        raise SystemExit(f"{where}: no value for the placeholder <{name}> in: {cmd}")
    # Only placeholders, not redirections: "<" directly followed by a name.
    return re.sub(r"<([A-Za-z][A-Za-z0-9 ]*)>", sub, cmd)


PRELUDE = r'''
set -euo pipefail
doc_logs=$DOC_LOGS
doc_dev_key() { grep -ho 'key 0x[0-9a-f]\{64\}' "$doc_logs"/node-*.log | sed -n "$(( $1 + 1 ))p" | cut -d' ' -f2; }
doc_dev_addr() { grep -ho '0x[0-9a-fA-F]\{40\}  key' "$doc_logs"/node-*.log | sed -n "$(( $1 + 1 ))p" | cut -d' ' -f1; }
doc_address() {
  local a
  a=$(sed -n "/\"name\": \"$1\"/,/address/s/.*\"address\": \"\(0x[0-9a-fA-F]*\)\".*/\1/p" deployments/local.json | head -1)
  [ -n "$a" ] || { echo "no $1 in deployments/local.json" >&2; return 1; }
  echo "$a"
}
doc_wait() {  # LOG PID: until the node logs "listening on", or fail
  for _ in $(seq 1 600); do
    grep -q '^listening on' "$1" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; echo "the node exited" >&2; return 1; }
    sleep 0.1
  done
  cat "$1" >&2; echo "the node did not listen within 60 s" >&2; return 1
}
'''


def script(cmds, where):
    out, n = [PRELUDE], 0
    for cmd in cmds:
        text = fill(cmd, where)
        out.append(f"printf '+ %s\\n' {shquote(cmd)}")
        if re.search(r"(^|[ /])lst-node\b", cmd) and "build" not in cmd.split()[:2]:
            log = f'"$doc_logs/node-{n}.log"'
            out.append(f"( {text} ) >{log} 2>&1 &")
            out.append(f"doc_wait {log} $!")
            out.append(f"cat {log}")
            n += 1
        else:
            out.append(text)
    return "\n".join(out) + "\n"


def shquote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def port_taken(port):
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def run(where, body):
    cmds, expect = logical_lines(body)
    taken = [p for p in PORTS if port_taken(p)]
    if taken:
        return f"port(s) {taken} already in use: stop what listens there and run again"
    logs = tempfile.mkdtemp(prefix="doc-run-")
    path = os.path.join(logs, "block.sh")
    open(path, "w").write(script(cmds, where))
    print(f"==> {where}", flush=True)
    started = time.time()
    p = subprocess.Popen(["bash", path], env={**os.environ, "DOC_LOGS": logs},
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    try:
        output, _ = p.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        output, _ = p.communicate()
        p.returncode = f"timeout after {TIMEOUT_S} s"
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    # The block's servers are gone before the next block looks at the ports.
    for _ in range(100):
        if not any(port_taken(q) for q in PORTS):
            break
        time.sleep(0.1)
    print(output, end="")
    shutil.rmtree(logs, ignore_errors=True)
    if p.returncode != 0:
        return f"exit {p.returncode}"
    missing = []
    for text in expect:
        parts = [r"\s+".join(map(re.escape, part.split())) for part in re.split(r"…|\.\.\.", text)]
        if not re.search(".*?".join(p for p in parts if p), output, re.S):
            missing.append(text)
    if missing:
        return f"the output lacks what the block says it prints: {missing}"
    print(f"<== {where}: ok in {time.time() - started:.0f} s", flush=True)
    return None


def self_test():
    """The runner refuses what it must: each case (body, expected verdict)."""
    cases = [
        (["echo 'listening on nowhere'", '#   prints "listening on … where"'], None),
        (["echo hello", '#   prints "goodbye"'], "the output lacks"),
        (["true", "false", "echo never"], "exit 1"),
        (["echo <NoSuchPlaceholder name>"], "no value for the placeholder"),
    ]
    bad = []
    for body, want in cases:
        try:
            got = run("self-test", body)
        except SystemExit as e:
            got = str(e)
        if (want is None) != (got is None) or (want and want not in got):
            bad.append(f"{body}: wanted {want!r}, got {got!r}")
    print("\n".join(bad) or f"self-test: {len(cases)} cases as expected")
    sys.exit(1 if bad else 0)


if sys.argv[1:] == ["--self-test"]:
    self_test()
wanted = set(sys.argv[1:])
todo = [(w, b) for w, b in blocks() if not wanted or w in wanted]
if wanted - {w for w, _ in todo}:
    sys.exit(f"no block tagged '{STEP}' at {sorted(wanted - {w for w, _ in todo})}")
if not todo:
    sys.exit(f"no block is tagged '# tested: {STEP}'")
aside = None
if os.path.exists("deployments"):
    aside = tempfile.mkdtemp(prefix="doc-run-deployments-")
    shutil.move("deployments", os.path.join(aside, "deployments"))
failed = []
try:
    for where, body in todo:
        why = run(where, body)
        if why:
            print(f"<== {where}: FAILED: {why}", flush=True)
            failed.append(where)
        shutil.rmtree("deployments", ignore_errors=True)
finally:
    if aside:
        shutil.move(os.path.join(aside, "deployments"), "deployments")
        os.rmdir(aside)
print(f"{len(todo) - len(failed)} of {len(todo)} documented blocks ran as written")
sys.exit(1 if failed else 0)
PY
