#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A harness that answers every operation with as much as a line may hold
(huge_answers_harness.py) costs the runner bounded memory and bounded
reports (spec/harness.md 3.5): every value is kept to 4,096 hex digits and
every reason to 1,023 bytes, whatever the harness sent.

The bounds below are generous: the runner needs about 35 MB and writes
about 8 KB per test; keeping what the harness sent would need 8 MB per
test.

Usage: check_huge_answers.py PSSST_CONFORM VECTORS WORK_DIR"""
import os
import resource
import subprocess
import sys

import port_checks

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = "server-*-kat-*"          # 56 valid tests: every answer is kept or refused
PEAK_MEMORY_MB = 200              # of the runner and the harness, whichever is larger
REPORT_BYTES_PER_TEST = 16 * 1024
TERMINAL_BYTES = 64 * 1024


def main():
    conform, vectors, work = port_checks.arguments(__doc__)
    reports = {ext: os.path.join(work, "huge." + ext) for ext in ("json", "xml", "html")}
    env = port_checks.runner_env()
    cmd = [conform, "port", "--vectors", vectors, "--id", TESTS, "--json", reports["json"],
           "--junit", reports["xml"], "--html", reports["html"], "--",
           sys.executable, os.path.join(HERE, "huge_answers_harness.py")]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=240,
                          check=False, env=env)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = proc.stdout
    sys.stdout.write(out.decode(errors="replace")[-800:])
    problems = []
    if proc.returncode != 1:
        problems.append("exit %d, expected 1 (every test fails)" % proc.returncode)
    if b"0 passed, 56 failed" not in out:
        problems.append("the summary is not \"0 passed, 56 failed\"")
    if peak_mb > PEAK_MEMORY_MB:
        problems.append("peak memory %.0f MB, bound %d MB" % (peak_mb, PEAK_MEMORY_MB))
    if len(out) > TERMINAL_BYTES:
        problems.append("%d bytes on the terminal, bound %d" % (len(out), TERMINAL_BYTES))
    for ext, path in reports.items():
        size = os.path.getsize(path) if os.path.exists(path) else -1
        print("check_huge_answers: %s report %d bytes" % (ext, size))
        if size < 0 or size > 56 * REPORT_BYTES_PER_TEST:
            problems.append("%s report of %d bytes, bound %d" % (ext, size,
                                                                56 * REPORT_BYTES_PER_TEST))
    print("check_huge_answers: peak memory %.0f MB" % peak_mb)
    for p in problems:
        print("check_huge_answers: MISMATCH: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
