#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A deliberately broken port harness, for testing `pssst-conform port`.

Usage: broken_harness.py [--fault KIND=TCID[@OP] ...] -- HARNESS [ARGS...]

TCID may be a shell pattern (fnmatch): "unsupported=*-truncated-*".

Runs a correct harness (e.g. pssst-harness) as a child, relays the JSON
lines of spec/harness.md between it and the runner, and misbehaves on the
named tests only. OP is the operation at which the fault strikes (default:
the first operation after "begin"). Kinds:

  crash        die from SIGSEGV on receiving the request
  hang         never answer (sleep)
  exit         exit with status 0 on receiving the request
  flip         answer with the last byte of "packet", "message" or
               "publicKey" flipped
  wrong-error  answer another error name than the real harness did; with
               ERROR given as TCID@OP=ERROR... (see WRONG_ERROR below)
  accept       answer OK (empty message) where the real harness refused
  exception    answer status "crash": an error that is no PSSST error
  unsupported  answer status "unsupported"
  garbage      answer a line that is not JSON
  bad-id       answer with another request id
  bad-hex      answer OK with "packet"/"message" that is not hex
  no-status    answer without a status
  huge         answer a line of 5 MiB (more than the protocol allows)

What a refusal leaves in the outputs (spec 10.3, spec/harness.md 3.4):

  leftover     a refusal reports 3 bytes left in the message buffer
  keep-length  a refusal reports a one-byte message or packet output
  keep-key     a refused unpack_request reports a client key
  keep-flag    a refused unpack_request reports the client-authenticated flag set
  anon-flag    an accepted unpack_request reports the flag set (no key)
  needed       BUFFER_TOO_SMALL reports one byte more than the real harness
  short-ok     a call refused with BUFFER_TOO_SMALL answers OK instead
  too-small    an accepted call answers BUFFER_TOO_SMALL instead

Every request goes to the real harness first. A fault strikes at the first
operation OP whose real answer suits it: "needed" and "short-ok" only at a
BUFFER_TOO_SMALL answer (the call with a buffer one byte short), every
other kind never there, so that a runner's extra calls with small buffers
(spec/vectors.md 3.4) do not move where a fault strikes.

wrong-error answers WRONG_ERROR (spec 10.1 has no such name, so no test
allows it).
"""
import fnmatch
import json
import os
import signal
import subprocess
import sys
import time

KINDS = {"crash", "hang", "exit", "flip", "wrong-error", "accept", "exception",
         "unsupported", "garbage", "bad-id", "bad-hex", "no-status", "huge", "leftover",
         "keep-length", "keep-key", "keep-flag", "anon-flag", "needed", "short-ok", "too-small"}
TOO_SMALL_KINDS = {"needed", "short-ok"}
REFUSAL_KINDS = {"leftover", "keep-length", "keep-key", "keep-flag"}
HUGE = 5 * 1024 * 1024
WRONG_ERROR = "INVALID_ARGUMENT"


def parse_faults(args):
    faults = {}
    i = 0
    while i < len(args) and args[i] != "--":
        if args[i] != "--fault" or i + 1 >= len(args):
            raise SystemExit("broken_harness: bad argument %r\n%s" % (args[i], __doc__))
        kind, _, target = args[i + 1].partition("=")
        tc_id, _, op = target.partition("@")
        if kind not in KINDS or not tc_id:
            raise SystemExit("broken_harness: bad fault %r" % args[i + 1])
        faults[tc_id] = (kind, op or None)
        i += 2
    if i + 1 >= len(args):
        raise SystemExit(__doc__)
    return faults, args[i + 1:]


def fault_of(faults, tc_id):
    """The fault for a test: its own, else the first pattern that matches it."""
    if tc_id is None:
        return None
    if tc_id in faults:
        return faults[tc_id]
    for pattern, fault in faults.items():
        if fnmatch.fnmatchcase(tc_id, pattern):
            return fault
    return None


def emit(obj_or_text):
    text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def flip_last(hex_text):
    last = int(hex_text[-2:], 16) ^ 0x01
    return hex_text[:-2] + "%02x" % last


def suits(kind, answer):
    """Whether the fault strikes at this real answer (see the usage text)."""
    status = answer.get("status")
    if kind in TOO_SMALL_KINDS or status == "BUFFER_TOO_SMALL":
        return kind in TOO_SMALL_KINDS and status == "BUFFER_TOO_SMALL"
    if kind in REFUSAL_KINDS:
        return status != "OK"
    if kind in ("anon-flag", "too-small"):
        return status == "OK"
    return True


def corrupt_outputs(kind, request, response):
    """The output faults of spec 10.3."""
    if kind == "leftover":
        response["leftover"] = 3
    elif kind == "keep-length":
        response["message" if request["op"].startswith("unpack") else "packet"] = "00"
    elif kind == "keep-key":
        response["clientPublic"] = "11" * 32
    elif kind in ("keep-flag", "anon-flag"):
        response["authenticated"] = True
    elif kind == "needed":
        response["needed"] += 1
    elif kind == "short-ok":
        return {"id": request["id"], "status": "OK", "message": "", "packet": "",
                "clientPublic": None}
    elif kind == "too-small":
        return {"id": request["id"], "status": "BUFFER_TOO_SMALL",
                "needed": request.get("outputSize", 0) + 1}
    return response


def corrupt(kind, request, response):
    """The answer sent instead of the real harness's response."""
    if kind in REFUSAL_KINDS | TOO_SMALL_KINDS | {"anon-flag", "too-small"}:
        return corrupt_outputs(kind, request, response)
    if kind == "flip":
        for field in ("packet", "message", "publicKey"):
            if response.get(field):
                response[field] = flip_last(response[field])
        return response
    if kind == "wrong-error":
        response["status"] = WRONG_ERROR
        response.pop("packet", None)
        response.pop("message", None)
        return response
    if kind == "accept":
        return {"id": request["id"], "status": "OK", "message": "", "packet": "",
                "clientPublic": None}
    if kind == "exception":
        return {"id": request["id"], "status": "crash",
                "reason": "ValueError: injected by broken_harness.py"}
    if kind == "unsupported":
        return {"id": request["id"], "status": "unsupported",
                "reason": "injected by broken_harness.py"}
    if kind == "garbage":
        return "this is not JSON"
    if kind == "bad-hex":
        return {"id": request["id"], "status": "OK", "packet": "zz", "message": "zz",
                "clientPublic": None}
    if kind == "huge":
        return "x" * HUGE
    if kind == "no-status":
        response.pop("status", None)
        return response
    if kind == "bad-id":
        response["id"] = request["id"] + 1000
        return response
    return response


def main():
    faults, command = parse_faults(sys.argv[1:])
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, bufsize=1)
    current = None
    struck = False
    for line in sys.stdin:
        request = json.loads(line)
        op = request.get("op")
        if op == "begin":
            current, struck = request.get("tcId"), False
        fault = fault_of(faults, current)
        child.stdin.write(line)
        child.stdin.flush()
        answer = child.stdout.readline()
        if not answer:
            return 3
        strike = False
        if fault is not None and not struck and op not in ("hello", "begin"):
            strike = (fault[1] is None or fault[1] == op) and suits(fault[0], json.loads(answer))
        if strike:
            struck = True
            kind = fault[0]
            if kind == "crash":
                os.kill(os.getpid(), signal.SIGSEGV)
            if kind == "hang":
                time.sleep(3600)
            if kind == "exit":
                sys.exit(0)
        if strike:
            emit(corrupt(fault[0], request, json.loads(answer)))
        else:
            sys.stdout.write(answer)
            sys.stdout.flush()
    child.stdin.close()
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
