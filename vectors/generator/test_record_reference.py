#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Tests record_reference.py without the real reference, which cannot be
installed here: it records from the stand-in package pssst_standin (the
reference API's shape on top of pssstpy) and requires the recording to
equal transcripts/generated.json, which shows that the replaced
X25519PrivateKey.generate() really supplied every ephemeral key. It also
requires exit status 2 and a clear message for a missing module.
"""

import importlib.util
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "record_reference.py")
GENERATED = os.path.join(HERE, "..", "transcripts", "generated.json")

if importlib.util.find_spec("cryptography") is None:
    print("SKIPPED: python3-cryptography is not installed")
    sys.exit(77)


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=False)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "standin.json")
        r = run("--module", "pssst_standin", "--out", out, "--compare", GENERATED)
        if r.returncode != 0:
            failures.append("recording from the stand-in: exit %d\n%s" % (r.returncode, r.stderr))
        elif "pssst_standin" not in open(out, encoding="utf-8").read(200):
            failures.append("the recording does not name the module it came from")
    r = run("--module", "pssst_no_such_module_for_test")
    if r.returncode != 2 or "pip install pssst==0.2.1" not in r.stderr:
        failures.append("missing module: exit %d, stderr %r" % (r.returncode, r.stderr))
    for f in failures:
        print("test_record_reference: " + f)
    print("test_record_reference: %s" % ("FAILED" if failures else "ok (stand-in, not the reference)"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
