# SPDX-License-Identifier: Apache-2.0
"""Statements Eva reached, per file of src/, from the "-metrics -metrics-eva-cover"
part of an Eva log (proofs/run.sh). Each function is found in the file that
defines it; a function inlined at its calls (-inline-calls) is counted where
it is inlined, and named apart.

Usage: python3 proofs/coverage.py eva.log src/a.c src/b.c ...
"""
import re
import sys

COVER = re.compile(r"^\s*(\w+): (\d+) stmts out of (\d+)")
DEFINITION = re.compile(r"^[A-Za-z_][\w \*]*?\b(\w+)\(")


def definitions(paths):
    """Maps each function defined in the files to its file: a name and "("
    at the start of a line, then a line "{" before any line ending in ";"."""
    owner = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            match = DEFINITION.match(line)
            if not match:
                continue
            for follow in lines[i:]:
                if follow.startswith("{"):
                    owner[match.group(1)] = path
                    break
                if follow.rstrip().endswith(";"):
                    break
    return owner


def main():
    log, paths = sys.argv[1], sys.argv[2:]
    owner = definitions(paths)
    reached, total, seen = {}, {}, set()
    with open(log, encoding="utf-8") as f:
        for line in f:
            match = COVER.match(line)
            if match and match.group(1) in owner:
                name = owner[match.group(1)]
                seen.add(match.group(1))
                reached[name] = reached.get(name, 0) + int(match.group(2))
                total[name] = total.get(name, 0) + int(match.group(3))
    print("statements reached per file (functions Eva analysed):")
    for name in sorted(total):
        print(f"  {name:<16} {reached[name]:4d} / {total[name]:4d}"
              f"  {100.0 * reached[name] / total[name]:5.1f}%")
    others = sorted(f"{owner[fn]}:{fn}" for fn in owner if fn not in seen)
    if others:
        print("  not analysed apart (inlined at their calls, or not in the analysed"
              " build): " + ", ".join(others))


if __name__ == "__main__":
    main()
