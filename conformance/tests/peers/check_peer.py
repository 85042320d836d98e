#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""CTest driver: `pssst-conform peer` reports one fake peer's fault precisely.

Usage: check_peer.py PSSST_CONFORM MODE

Runs `pssst-conform peer --timeout 2500 -- fake_peer.py MODE -- pssst-conform
compat` and checks the exit status and the exact set of FAIL lines that
name a fault (lines for steps merely "not reached" are not part of the set,
except where listed). Exit 0 when everything matches, 1 otherwise.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT_MS = 2500

REQ = "peer's anonymous REQUEST unpacked, matched and answered"
REQ_AUTH = "peer's REQUEST_AUTH unpacked, client key matched, answered"
REPLY = "peer's REPLY to our anonymous request verified"
TIMEOUT = ("timeout: no line from the peer for %d ms; it did not exit and was killed"
           % TIMEOUT_MS)

# mode -> (exit status, FAIL lines that must appear, exactly, besides "not reached")
EXPECTED = {
    "honest": (0, set()),
    "flip-reply": (1, {REPLY + ": unpack_reply failed: DECRYPT_FAILED"}),
    "swap-requests": (1, {REQ_AUTH + ": request is not client-authenticated"}),
    "drop-auth": (1, {TIMEOUT, REQ_AUTH + ": not reached"}),
    "garbage": (1, {'protocol: malformed line (no TAG:): "THIS IS NOT A PROTOCOL LINE"'}),
    "bad-hex": (1, {"protocol: REQUEST line: odd number of hex digits at character 233"}),
    "crash": (1, {"peer ended early: the peer crashed: killed by signal 11 "
                  "(Segmentation fault) before the exchange was complete"}),
    "exit-early": (1, {"peer ended early: the peer exited with status 3 before the "
                       "exchange was complete"}),
    "hang": (1, {TIMEOUT}),
    # Lines that each come in time cannot stretch the exchange: it has 3 timeouts in all.
    "dribble": (1, {"timeout: the exchange took longer than %d ms; the peer did not exit "
                    "and was killed" % (3 * TIMEOUT_MS)}),
    "wrong-key": (1, {REQ_AUTH + ": authenticated key is not the peer's CLIENT_KEY"}),
    "reorder": (1, {REQ + ": request arrived before the peer announced PLAINTEXT"}),
    "duplicate": (1, {REPLY + ": reply sent twice"}),
    # How the peer ends after the runner stops reading is up to it: a pattern.
    "long-line": (1, {re.escape("malformed output: a line longer than 16384 bytes; the peer ")
                      + "(exited with status 1|did not exit and was killed)"}),
}

# Lines for steps "not reached" that a mode must report on top of its fault.
MUST_NOT_REACH = {
    "drop-auth": {REQ_AUTH},
}


def fail_lines(output, mode):
    lines = set()
    for raw in output.splitlines():
        line = raw.strip()
        if not line.startswith("FAIL  "):
            continue
        text = line[len("FAIL  "):]
        step = text.rsplit(": not reached", 1)[0] if text.endswith(": not reached") else None
        if step is not None and step not in MUST_NOT_REACH.get(mode, set()):
            continue
        lines.add(text)
    return lines


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in EXPECTED:
        sys.stderr.write(__doc__)
        return 2
    conform, mode = sys.argv[1], sys.argv[2]
    want_rc, want_lines = EXPECTED[mode]
    cmd = [conform, "peer", "--timeout", str(TIMEOUT_MS), "--", sys.executable,
           os.path.join(HERE, "fake_peer.py"), mode, "--", conform, "compat"]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=60, check=False)
    sys.stdout.write(proc.stdout)
    got_lines = fail_lines(proc.stdout, mode)
    ok = True
    if proc.returncode != want_rc:
        print("check_peer: exit status %d, expected %d" % (proc.returncode, want_rc))
        ok = False
    patterns = [w if mode == "long-line" else re.escape(w) for w in want_lines]
    for pattern in patterns:
        if not any(re.fullmatch(pattern, line) for line in got_lines):
            print("check_peer: missing FAIL line: %s" % pattern)
            ok = False
    for line in sorted(got_lines):
        if not any(re.fullmatch(pattern, line) for pattern in patterns):
            print("check_peer: unexpected FAIL line: %s" % line)
            ok = False
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if want_rc == 0 and not summary.endswith(" passed, 0 failed"):
        print("check_peer: no clean summary line")
        ok = False
    print("check_peer %s: %s" % (mode, "ok" if ok else "MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
