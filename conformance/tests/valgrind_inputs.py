#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs pssst-conform under valgrind memcheck on the malformed inputs of
tests/bad/ (each must still exit 2), the two control files, two reference
transcripts in both roles, a small vector selection with JSON and JUnit
reports, and explain on a valid and a forged packet. Any memcheck error or
leak fails the test.

Usage: valgrind_inputs.py PSSST_CONFORM SOURCE_DIR OUT_DIR
Data: conformance/tests/bad (make_bad_inputs.py), transcripts 0 and 3 of
vectors/reference/pssst-0.2.1.json (recorded from pssst 0.2.1), vectors/.
"""
import json
import os
import shutil
import subprocess
import sys

MEMCHECK_ERROR = 99
# The PSA key store, set up once per process, stays reachable until exit.
PSA_SUPPRESSIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "psa-keystore.supp")
VALGRIND = ["valgrind", "--error-exitcode=%d" % MEMCHECK_ERROR, "--leak-check=full",
            "--show-leak-kinds=all", "--errors-for-leak-kinds=all", "-q",
            "--suppressions=" + PSA_SUPPRESSIONS]


def run(cmd, want):
    proc = subprocess.run(VALGRIND + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          check=False, timeout=600)
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != want:
        print(out[-4000:])
        print("CHECK FAILED: exit %d (expected %d; %d means a memcheck error) for %s"
              % (proc.returncode, want, MEMCHECK_ERROR, " ".join(cmd)))
        sys.exit(1)


def bad_cases(folder):
    with open(os.path.join(folder, "cases.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, cmd, _ = line.rstrip("\n").split("|", 2)
                yield name, cmd


def main():
    conform, source, out_dir = sys.argv[1:4]
    if shutil.which("valgrind") is None:
        print("SKIPPED: valgrind is not installed")
        sys.exit(77)
    os.makedirs(out_dir, exist_ok=True)
    bad = os.path.join(source, "conformance", "tests", "bad")
    reference = os.path.join(source, "vectors", "reference", "pssst-0.2.1.json")
    runs = 0
    for name, cmd in bad_cases(bad):
        run([conform, cmd, os.path.join(bad, name)], 2)
        runs += 1
    run([conform, "vectors", os.path.join(bad, "control.json")], 0)
    run([conform, "transcripts", os.path.join(bad, "transcript-control.json")], 0)
    run([conform, "transcripts", "--id", "transcript-0", "--id", "transcript-3", reference], 0)
    runs += 3
    vectors = os.path.join(source, "vectors")
    if any(n.endswith(".json") for n in os.listdir(vectors)):
        run([conform, "vectors", "--id", "*-truncated-len-30", "--id", "*-seq-forged-tag*",
             "--json", os.path.join(out_dir, "r.json"), "--junit", os.path.join(out_dir, "r.xml"),
             vectors], 0)
        runs += 1
    with open(reference) as f:
        t = json.load(f)["transcripts"][3]
    forged = t["request_packet"][:-2] + ("00" if t["request_packet"][-2:] != "00" else "01")
    run([conform, "explain", "--server-private", t["server_private"], t["request_packet"]], 0)
    run([conform, "explain", "--server-private", t["server_private"], forged], 1)
    run([conform, "explain", "--server-private", t["server_private"], "--request",
         t["request_packet"], t["reply_packet"]], 0)
    runs += 3
    print("OK: %d runs under memcheck, no errors, no leaks" % runs)


if __name__ == "__main__":
    main()
