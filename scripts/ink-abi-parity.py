#!/usr/bin/env python3
"""ABI parity: each ink! contract's `.abi` (cargo-contract) against the
committed `abi/<Contract>.json` the Stylus contracts are checked against.

Compared order-insensitively: the constructor's inputs and payability; every
function's name, input types, output types and state mutability; every
event's name, inputs (name, type, indexed) and anonymity; every error's name
and inputs (name, type). Parameter names of functions are not part of the
wire format and are not compared.

One normalisation, which changes no byte on the wire: ink! declares a tuple
return value as one `tuple` output, solc/Stylus as several outputs; a tuple
of static types encodes the same either way, so its components are compared.

usage: ink-abi-parity.py ABI_DIR INK_ARTIFACT_DIR Contract=crate_name ...
Exits non-zero and prints every difference when any contract differs.
"""
import json
import sys
from pathlib import Path

STATIC = ("uint", "int", "address", "bool", "bytes1", "bytes2", "bytes4", "bytes8", "bytes16", "bytes20", "bytes32")


def outputs(items):
    out = []
    for o in items:
        comps = o.get("components")
        if o["type"] == "tuple" and comps is not None and len(items) == 1 and all(c["type"].startswith(STATIC) for c in comps):
            out.extend(c["type"] for c in comps)
        else:
            out.append(o["type"])
    return tuple(out)


def normalise(abi):
    """A set of hashable descriptions, one per ABI item."""
    items = set()
    for x in abi:
        kind = x["type"]
        if kind == "constructor":
            payable = x.get("stateMutability") == "payable"
            items.add(("constructor", tuple(i["type"] for i in x["inputs"]), payable))
        elif kind == "function":
            items.add(("function", x["name"], tuple(i["type"] for i in x["inputs"]), outputs(x.get("outputs", [])), x["stateMutability"]))
        elif kind == "event":
            ins = tuple((i["name"], i["type"], bool(i.get("indexed"))) for i in x["inputs"])
            items.add(("event", x["name"], ins, bool(x.get("anonymous"))))
        elif kind == "error":
            items.add(("error", x["name"], tuple((i["name"], i["type"]) for i in x["inputs"])))
        else:
            items.add((kind, json.dumps(x, sort_keys=True)))
    return items


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    abi_dir, art_dir = Path(sys.argv[1]), Path(sys.argv[2])
    failed = False
    for pair in sys.argv[3:]:
        contract, crate = pair.split("=")
        stylus = normalise(json.loads((abi_dir / f"{contract}.json").read_text()))
        ink_file = art_dir / crate / f"{crate}.abi"
        ink = normalise(json.loads(ink_file.read_text()))
        only_stylus, only_ink = sorted(stylus - ink, key=str), sorted(ink - stylus, key=str)
        if only_stylus or only_ink:
            failed = True
            print(f"{contract}: ink! ABI ({ink_file}) differs from abi/{contract}.json")
            for item in only_stylus:
                print(f"  only in abi/{contract}.json: {item}")
            for item in only_ink:
                print(f"  only in the ink! build:      {item}")
        else:
            print(f"{contract}: {len(ink)} items, same as abi/{contract}.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
