#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A line-copying driver for two compatibility programs (spec/harness.md 2.1).

Usage: line_driver.py "CMD A ..." "CMD B ..."

Starts both programs (each command is split on spaces) and copies every
line one writes to the other's input, as the ports' own drivers do. Exits
0 when both programs exit 0, 1 otherwise, and 1 after 30 s.
"""
import shlex
import subprocess
import sys
import threading

LIMIT_S = 30


def copy(src, dst, label, log):
    for line in src:
        log.append("%s> %s" % (label, line.rstrip()[:60]))
        try:
            dst.write(line)
            dst.flush()
        except (BrokenPipeError, ValueError):
            return
    try:
        dst.close()
    except BrokenPipeError:
        pass


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    procs = [subprocess.Popen(shlex.split(cmd), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, bufsize=1) for cmd in sys.argv[1:]]
    log = []
    threads = [threading.Thread(target=copy, args=(procs[i].stdout, procs[1 - i].stdin,
                                                   "AB"[i], log), daemon=True) for i in (0, 1)]
    for t in threads:
        t.start()
    codes = []
    for p in procs:
        try:
            codes.append(p.wait(timeout=LIMIT_S))
        except subprocess.TimeoutExpired:
            p.kill()
            codes.append("timeout")
    print("\n".join(log))
    print("line_driver: exit statuses %s" % codes)
    return 0 if codes == [0, 0] else 1


if __name__ == "__main__":
    sys.exit(main())
