#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""`matrix` costs time and memory in proportion to its input: a report of a
failing run (wrong_nonce_harness.py), its tests copied under fresh ids to
32,768, gives a page in seconds. A matrix whose cost grew with the square
of the tests took 80 s for this; CTest's timeout for this check is 60 s,
and the memory bound below is three times what the runner needs (270 MB,
most of it the parsed JSON).

Usage: check_matrix_scale.py PSSST_CONFORM VECTORS WORK_DIR"""
import json
import os
import resource
import subprocess
import sys
import time

import port_checks

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = 32768
# Only tests whose entry in the report is smaller than this are copied: the
# check is about the number of tests. The largest-datagram vectors carry
# values of 130 KB, and 32,768 copies of those would pass the runner's 64 MB
# bound on an input file, a different limit from the one checked here.
ENTRY_BYTES = 16 * 1024
PEAK_MEMORY_MB = 800
PAGE_BYTES = 2 * 1024 * 1024


def failing_report(conform, vectors, path):
    """A report with failures in many groups, from a port with one bug."""
    cmd = [conform, "port", "--vectors", vectors, "--json", path, "--",
           sys.executable, os.path.join(HERE, "wrong_nonce_harness.py")]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
                   check=False)
    with open(path) as fp:
        return json.load(fp)


def grown(report, n):
    """The report with its small tests repeated under fresh ids up to n tests."""
    tests = [t for t in report["tests"] if len(json.dumps(t)) < ENTRY_BYTES]
    more = []
    for i in range(n):
        t = dict(tests[i % len(tests)])
        t["tcId"] = "%s-copy-%d" % (t["tcId"], i)
        more.append(t)
    return dict(report, tests=more)


def main():
    conform, vectors, work = port_checks.arguments(__doc__)
    base = failing_report(conform, vectors, os.path.join(work, "base.json"))
    big, page = os.path.join(work, "big.json"), os.path.join(work, "big.html")
    with open(big, "w") as fp:
        json.dump(grown(base, TESTS), fp)
    env = port_checks.runner_env()
    start = time.monotonic()
    proc = subprocess.run([conform, "matrix", big, "--html", page], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=300, check=False, env=env)
    seconds = time.monotonic() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = os.path.getsize(page) if os.path.exists(page) else -1
    print("check_matrix_scale: %d tests: %.2f s, peak memory %.0f MB, page %d bytes"
          % (TESTS, seconds, peak_mb, size))
    problems = []
    if proc.returncode != 0:
        problems.append("matrix exited %d: %s" % (proc.returncode, proc.stdout[-400:]))
    if peak_mb > PEAK_MEMORY_MB:
        problems.append("peak memory %.0f MB, bound %d MB" % (peak_mb, PEAK_MEMORY_MB))
    if size < 0 or size > PAGE_BYTES:
        problems.append("page of %d bytes, bound %d" % (size, PAGE_BYTES))
    for p in problems:
        print("check_matrix_scale: MISMATCH: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
