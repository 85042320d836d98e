#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""What a harness's wrapper script starts is killed with the harness
(spec/harness.md 3.5).

Usage: check_process_group.py PSSST_CONFORM VECTORS WORK_DIR

Runs `pssst-conform port` on orphan_harness.sh, which starts `sleep 300` in
the background and then hangs; after the run has stopped at its first
timeout, that sleep must be gone."""
import os
import subprocess
import sys
import time

import port_checks

HERE = os.path.dirname(os.path.abspath(__file__))


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as fp:
            return fp.read().split()[2] != "Z"
    except OSError:
        return False


def main():
    conform, vectors, work = port_checks.arguments(__doc__)
    pid_file = os.path.join(work, "background.pid")
    if os.path.exists(pid_file):
        os.remove(pid_file)
    cmd = [conform, "port", "--vectors", vectors, "--id", "server-anon-kat-*",
           "--timeout", "300", "--max-timeouts", "1",
           "--", "/bin/sh", os.path.join(HERE, "orphan_harness.sh"), pid_file]
    try:
        # The background process holds our output pipe (its stderr) while it lives.
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=60, check=False)
    except subprocess.TimeoutExpired:
        proc = None
    with open(pid_file) as fp:
        pid = int(fp.read())
    if proc is None:
        os.kill(pid, 9)
        print("FAIL: the run did not end: the harness's background process %d outlived it" % pid)
        return 1
    sys.stdout.write(proc.stdout[-1500:])
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, 9)
        print("FAIL: the harness's background process %d outlived the run" % pid)
        return 1
    if proc.returncode != 2 or "STOPPED after 1 timeouts" not in proc.stdout:
        print("FAIL: exit %d, expected 2 and a run stopped after one timeout" % proc.returncode)
        return 1
    print("check_process_group: ok (background process %d killed with the harness)" % pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
