#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A stand-in for the Go port's echo server, used by bench/test_race_smoke.py
where no Go binary is at hand. It is not the Go port and says nothing about
its speed: it behaves as bench/race expects of that server, so that the
smoke test can check the race's side of it.

Like the Go server it makes its own key pair, logs the public key after a
date and time before it binds, and then listens on one fixed UDP port; here
it becomes `pssst echo-server` on 127.0.0.1:PORT (same process id, so the
race stops it by its pid). If the race used any other key than the one in
this line, no reply would verify.

Usage: race_standin.py PSSST_BINARY PORT WORK_DIR
"""
import os
import subprocess
import sys
import time


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    pssst, port, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(work, exist_ok=True)
    key = os.path.join(work, "standin-%d.key" % os.getpid())
    subprocess.run([pssst, "keygen", "-o", key], check=True, stdout=subprocess.DEVNULL)
    pub = subprocess.run([pssst, "pubkey", key], check=True, capture_output=True,
                         text=True).stdout.strip()
    stamp = time.strftime("%Y/%m/%d %H:%M:%S")
    print("%s Loaded auth key. Public key is %s" % (stamp, pub), flush=True)
    os.execv(pssst, [pssst, "echo-server", "--key", key, "--listen", "127.0.0.1:%d" % port,
                     "--workers", "1", "--duration", "3600"])
    return 1  # not reached: execv replaces this process or raises


if __name__ == "__main__":
    sys.exit(main())
