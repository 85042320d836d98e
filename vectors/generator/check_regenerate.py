#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerates the vectors into a temporary folder and requires every
generated file to be byte-identical to the committed copy in VECTORS_DIR,
and every committed generated file to still be generated.

Usage: /usr/bin/python3 check_regenerate.py VECTORS_DIR
Exits 77 (CTest skip) when python3-cryptography is missing.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Files in VECTORS_DIR that generate.py does not write.
NOT_GENERATED = {"pssst_vectors.schema.json", "CMakeLists.txt", "README.md"}
SKIP = 77


def listing(root):
    out = set()
    for base, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("generator", "reference")]
        for name in files:
            rel = os.path.relpath(os.path.join(base, name), root)
            if rel not in NOT_GENERATED and not name.startswith("."):
                out.add(rel)
    return out


def main(argv):
    if len(argv) != 1:
        print("usage: check_regenerate.py VECTORS_DIR", file=sys.stderr)
        return 2
    committed_dir = argv[0]
    with tempfile.TemporaryDirectory(prefix="pssst-vectors-") as tmp:
        run = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--out", tmp],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
        print(run.stdout.rstrip())
        if run.returncode != 0:
            return run.returncode if run.returncode == SKIP else 1
        generated = listing(tmp)
        committed = listing(committed_dir)
        problems = []
        for rel in sorted(committed - generated):
            problems.append("%s is committed but no longer generated" % rel)
        for rel in sorted(generated):
            if rel not in committed:
                problems.append("%s is generated but not committed" % rel)
                continue
            with open(os.path.join(tmp, rel), "rb") as a, open(os.path.join(committed_dir, rel), "rb") as b:
                if a.read() != b.read():
                    problems.append("%s differs from a fresh generation" % rel)
    for p in problems:
        print("check_regenerate: " + p)
    print("check_regenerate: %d generated files: %s" % (len(generated), "FAILED" if problems else "identical"))
    if problems:
        print("check_regenerate: run `/usr/bin/python3 vectors/generator/generate.py --out vectors` "
              "and commit the result")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
