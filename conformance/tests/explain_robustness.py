#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""pssst-conform explain must survive any packet: every truncation and a
set of single-byte changes of a recorded request and reply, with and
without the server key, must give exit status 0 or 1 and a verdict line (or
the "undecided" line), never a crash. With the server key, explain's own
walk of spec 7.1 must reach the status pssst_unpack_request returns. With
--json the same runs must print one JSON object with the same exit status
and verdict as the text.

Usage: explain_robustness.py PSSST_CONFORM TRANSCRIPTS_JSON
Data: transcripts 0 and 3 of the given transcript file (recorded from the
Python reference pssst 0.2.1).
"""
import json
import subprocess
import sys

# Byte positions changed one at a time: flags, suite, dh_param, body, tag.
MUTATED_OFFSETS = (0, 1, 2, 3, 4, 35, 36, 51, 52, 99, 100, -1)


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                          timeout=60)
    out = proc.stdout.decode("utf-8", "replace")
    run_json(cmd, proc.returncode, out)
    if proc.returncode not in (0, 1):
        print(out)
        print("CHECK FAILED: exit %d for %s" % (proc.returncode, " ".join(cmd)))
        sys.exit(1)
    if "DISAGREES" in out:
        print(out)
        print("CHECK FAILED: explain's walk of spec 7.1 and the library disagree: %s" % " ".join(cmd))
        sys.exit(1)
    if "verdict:" not in out:
        print(out)
        print("CHECK FAILED: no verdict line for %s" % " ".join(cmd))
        sys.exit(1)
    return proc.returncode


def text_verdict(out):
    """(decided, status) of the text's verdict line."""
    line = next(l for l in out.splitlines() if l.startswith("verdict: "))
    status = line.split()[1]
    return (False, None) if status == "undecided" else (True, status)


def run_json(cmd, text_rc, text_out):
    """The same command with --json: same exit status, same verdict, and JSON."""
    json_cmd = cmd[:2] + ["--json"] + cmd[2:]
    proc = subprocess.run(json_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
                          timeout=60)
    out = proc.stdout.decode("utf-8", "replace")
    try:
        verdict = json.loads(out)["verdict"]
    except (ValueError, KeyError) as e:
        print(out)
        print("CHECK FAILED: --json gave no object with a verdict (%s): %s" % (e, " ".join(cmd)))
        sys.exit(1)
    if proc.returncode != text_rc or (text_rc in (0, 1) and "verdict:" in text_out and
                                      (verdict["decided"], verdict["status"]) !=
                                      text_verdict(text_out)):
        print(text_out + out)
        print("CHECK FAILED: --json and text differ in exit status or verdict: %s" % " ".join(cmd))
        sys.exit(1)


def packets(t):
    for name in ("request_packet", "reply_packet"):
        p = bytes.fromhex(t[name])
        for n in range(0, min(len(p), 120) + 1):
            yield p[:n]
        for off in MUTATED_OFFSETS:
            if -len(p) <= off < len(p):
                b = bytearray(p)
                b[off] ^= 0x5a
                yield bytes(b)


def main():
    conform, transcripts = sys.argv[1], sys.argv[2]
    with open(transcripts) as f:
        data = json.load(f)["transcripts"]
    runs = 0
    rejected = 0
    for t in (data[0], data[3]):
        for p in packets(t):
            rejected += run([conform, "explain", p.hex()])
            rejected += run([conform, "explain", "--server-private", t["server_private"], p.hex()])
            runs += 2
    print("OK: %d explain runs (%d rejected), each also with --json, none crashed" %
          (runs, rejected))


if __name__ == "__main__":
    main()
