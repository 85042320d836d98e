#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A deliberately faulty compatibility program, for testing `pssst-conform peer`.

Usage: fake_peer.py MODE -- CMD [ARGS...]

Runs a correct compatibility program CMD (e.g. `pssst-conform compat`) as a
child and relays lines between it and our own stdin/stdout, injecting one
fault chosen by MODE, so that each kind of broken port can be imitated
without a second protocol implementation:

  honest          relay unchanged (the control case)
  flip-reply      flip one byte of the ciphertext in REPLY packets
  swap-requests   send REQUEST_AUTH's packet as REQUEST and the reverse
  drop-auth       never send REQUEST_AUTH (the peer then waits for ever)
  garbage         send a line without a TAG: before anything else
  bad-hex         send REQUEST with an odd number of hex digits
  crash           read the runner's three announcements, then die from
                  SIGSEGV without having written anything
  exit-early      exit with status 3 after the first REPLY, once the runner's
                  REPLY_AUTH has arrived (see below)
  hang            after PLAINTEXT, relay nothing more and sleep
  wrong-key       announce another CLIENT_KEY than the one it authenticates with
  reorder         send PLAINTEXT only after REQUEST
  duplicate       send REPLY twice
  long-line       send a line of 20000 characters before anything else
  dribble         after PLAINTEXT, relay nothing more but send DONE: every
                  second, forever: each line comes in time, the exchange never ends
"""
import os
import signal
import subprocess
import sys
import threading
import time

MODES = {"honest", "flip-reply", "swap-requests", "drop-auth", "garbage",
         "bad-hex", "crash", "exit-early", "hang", "wrong-key", "reorder", "duplicate",
         "long-line", "dribble"}
DRIBBLE_S = 1.0
LONG_LINE = 20000
# exit-early waits at most this long for the runner's REPLY_AUTH.
REPLY_AUTH_WAIT_S = 30


def emit(line):
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        os._exit(1)  # the runner stopped listening: nothing more to do


def fault(mode, line, state):
    """Returns the lines to send for one line of the child, or None to stop."""
    tag, _, value = line.partition(":")
    if mode == "dribble" and state.get("dribbling"):
        return []
    if mode == "dribble" and tag == "PLAINTEXT":
        state["dribbling"] = True

        def dribble():
            while True:
                time.sleep(DRIBBLE_S)
                emit("DONE:")
        threading.Thread(target=dribble, daemon=True).start()
        return [line]
    if mode == "hang" and state.get("hung"):
        return []
    if mode == "hang" and tag == "PLAINTEXT":
        state["hung"] = True
        return [line]
    if mode == "flip-reply" and tag == "REPLY" and len(value) > 80:
        i = 80  # first ciphertext byte: 4 header + 32 dh_param bytes = 72 hex digits
        flipped = "%02x" % (int(value[i:i + 2], 16) ^ 0x01)
        return [tag + ":" + value[:i] + flipped + value[i + 2:]]
    if mode == "swap-requests" and tag in ("REQUEST", "REQUEST_AUTH"):
        return ["REQUEST_AUTH:" + value if tag == "REQUEST" else "REQUEST:" + value]
    if mode == "drop-auth" and tag == "REQUEST_AUTH":
        return []
    if mode == "bad-hex" and tag == "REQUEST":
        return [line + "0"]
    if mode == "wrong-key" and tag == "CLIENT_KEY":
        return [tag + ":" + value[:-2] + "%02x" % (int(value[-2:], 16) ^ 0x01)]
    if mode == "reorder" and tag == "PLAINTEXT":
        state["held"] = line
        return []
    if mode == "reorder" and tag == "REQUEST":
        return [line, state.pop("held")]
    if mode == "duplicate" and tag == "REPLY":
        return [line, line]
    if mode == "exit-early" and tag == "REPLY":
        # The runner answers our REQUEST_AUTH, sent before this REPLY, with
        # REPLY_AUTH. Exiting before that line has reached our stdin would
        # make the runner's report depend on timing (its write could fail
        # first); waiting makes "peer ended early" the one outcome.
        state["reply_auth"].wait(REPLY_AUTH_WAIT_S)
        emit(line)
        sys.exit(3)
    return [line]


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in MODES or sys.argv[2] != "--":
        sys.stderr.write(__doc__)
        return 2
    mode = sys.argv[1]
    if mode == "crash":
        # Dying after reading, not after writing, makes the runner's view
        # deterministic: its three writes all happened before the crash.
        for _ in range(3):
            sys.stdin.readline()
        os.kill(os.getpid(), signal.SIGSEGV)
    child = subprocess.Popen(sys.argv[3:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, bufsize=1)

    state = {"sent": 0, "reply_auth": threading.Event()}

    def relay_input():
        for line in sys.stdin:
            if line.startswith("REPLY_AUTH:"):
                state["reply_auth"].set()
            try:
                child.stdin.write(line)
                child.stdin.flush()
            except BrokenPipeError:
                return

    threading.Thread(target=relay_input, daemon=True).start()
    if mode == "garbage":
        emit("THIS IS NOT A PROTOCOL LINE")
    if mode == "long-line":
        emit("PLAINTEXT:" + "00" * LONG_LINE)
    for line in child.stdout:
        for out in fault(mode, line.rstrip("\n"), state):
            emit(out)
            state["sent"] += 1
    if state.get("hung") or mode == "drop-auth":
        time.sleep(3600)
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
