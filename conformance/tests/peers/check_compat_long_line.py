#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""`pssst-conform compat` refuses a line longer than its limit without
keeping it: a 50 MB line gives exit status 1, the limit in the message, and
no more than a few MB of memory.

Usage: check_compat_long_line.py PSSST_CONFORM"""
import resource
import subprocess
import sys

LINE_BYTES = 50 * 1000 * 1000
MAX_RSS_KB = 32 * 1024  # the old reader kept the whole line: 51 MB for this one


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    # The line is written in chunks, never held here: a child forked from a
    # large process would count that process's memory as its own.
    proc = subprocess.Popen([sys.argv[1], "compat"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    chunk = b"A" * 65536
    try:
        for _ in range(LINE_BYTES // len(chunk)):
            proc.stdin.write(chunk)
        proc.stdin.write(b"\n")
        proc.stdin.close()
    except BrokenPipeError:
        pass  # it stopped reading at its limit, as it should
    message = proc.stderr.read().decode(errors="replace").strip()
    proc.wait(timeout=60)
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    problems = []
    if proc.returncode != 1:
        problems.append("exit %d, expected 1" % proc.returncode)
    if "a line longer than 16384 bytes" not in message:
        problems.append("message %r does not give the limit" % message[:200])
    if rss_kb > MAX_RSS_KB:
        problems.append("%d kB of memory for one refused line" % rss_kb)
    for p in problems:
        print("FAIL: " + p)
    if not problems:
        print("check_compat_long_line: ok (%d kB)" % rss_kb)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
