#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""CTest driver: protocol handling of conformance/ports/python/harness.py.

Usage: check_python_harness.py HARNESS_PY

Speaks to `harness.py --impl generator` directly and checks each rule of
spec/harness.md section 3 that the vector run does not reach: the hello
capabilities, "error" for malformed requests, "crash" (with the exception
named) for an exception that is no PSSST error, status names for PSSST
errors, and that the harness goes on answering after each of them.
"""
import json
import subprocess
import sys

CASES = [
    # (request line, checks on the response)
    ('{"id": 1, "op": "hello", "protocol": 1}',
     {"status": "OK", "protocol": 1, "ephemeral": True, "id": 1}),
    ('this is not JSON', {"status": "error"}),
    ('{"id": 3, "op": "server_init", "serverPrivate": "00"}', {"status": "error", "id": 3}),
    ('{"id": 4, "op": "begin", "tcId": "t", "role": "client", "mode": "anonymous", "suite": 1}',
     {"status": "OK", "id": 4}),
    # pack_request before client_init: the adapter meets None, no PSSST error.
    ('{"id": 5, "op": "pack_request", "ephemeralPrivate": "%s", "message": ""}' % ("11" * 32),
     {"status": "crash", "id": 5, "reason_starts": "AttributeError: "}),
    ('{"id": 6, "op": "begin", "tcId": "t", "role": "server", "mode": "anonymous", "suite": 1}',
     {"status": "OK", "id": 6}),
    ('{"id": 7, "op": "server_init", "serverPrivate": "%s"}' % ("22" * 32),
     {"status": "OK", "id": 7}),
    ('{"id": 8, "op": "unpack_request", "packet": "000000"}', {"status": "MALFORMED", "id": 8}),
    ('{"id": 9, "op": "no_such_op"}', {"status": "error", "id": 9}),
    ('{"id": 10, "op": "unpack_request", "packet": "zz"}', {"status": "error", "id": 10}),
]


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    proc = subprocess.Popen([sys.executable, sys.argv[1], "--impl", "generator"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    problems = []
    for line, want in CASES:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        got = json.loads(proc.stdout.readline())
        for key, value in want.items():
            if key == "reason_starts":
                ok = str(got.get("reason", "")).startswith(value)
            else:
                ok = got.get(key) == value
            if not ok:
                problems.append("%s -> %s: %s should be %r" % (line[:50], got, key, value))
    proc.stdin.close()
    rc = proc.wait(timeout=30)
    if rc != 0:
        problems.append("harness.py exited with %d at the end of input" % rc)
    for p in problems:
        print("check_python_harness: " + p)
    print("check_python_harness: %d requests, %s" % (len(CASES), "ok" if not problems else "MISMATCH"))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
