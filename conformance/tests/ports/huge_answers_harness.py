#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A harness that answers with as many bytes as the protocol allows: every
message and packet it returns is just under the 4 MiB line limit, and every
other test's unpack_request fails with a reason of 3 MiB. The runner must keep a bounded share of
it per test (spec/harness.md 3.5), in memory and in its reports. Offers the
server role in both modes. Used by check_huge_answers.py."""
import json
import sys

LINE_LIMIT = 4 * 1024 * 1024
# Hex digits of one answer: the line limit less room for the other members.
HUGE_HEX = "ab" * ((LINE_LIMIT - 1024) // 2)
HUGE_REASON = "r" * (3 * 1024 * 1024)
HELLO = {"status": "OK", "protocol": 1, "implementation": "huge-answers", "suites": [1],
         "roles": ["server"], "modes": ["anonymous", "client_auth"], "ephemeral": False}


def answer(request):
    op, rid = request.get("op"), request.get("id")
    if op == "hello":
        return dict(HELLO, id=rid)
    if op == "unpack_request" and rid % 2 == 1:
        return {"id": rid, "status": "crash", "reason": HUGE_REASON}
    if op == "unpack_request":
        return {"id": rid, "status": "OK", "message": HUGE_HEX, "clientPublic": None}
    if op == "pack_reply":
        return {"id": rid, "status": "OK", "packet": HUGE_HEX}
    if op in ("begin", "server_init"):
        return {"id": rid, "status": "OK"}
    return {"id": rid, "status": "crash", "reason": HUGE_REASON}


for line in sys.stdin:
    sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
    sys.stdout.flush()
