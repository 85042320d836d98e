#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A harness that answers the hello, then never reads its input again but
keeps answering: it guesses the ids that follow and says "unsupported" to
each. The runner's requests fill the pipe to it; a runner whose writes have
no deadline blocks forever (spec/harness.md 3.5: writing counts against the
deadline). Used by the CTest conformance.port.harness_stops_reading."""
import json
import sys
import time

HELLO = {"status": "OK", "protocol": 1, "implementation": "stops reading its input",
         "suites": [1], "roles": ["client", "server"], "modes": ["anonymous", "client_auth"],
         "ephemeral": True}

hello = json.loads(sys.stdin.readline())
print(json.dumps(dict(HELLO, id=hello.get("id"))), flush=True)
next_id = hello.get("id", 0) + 1
try:
    for i in range(next_id, next_id + 100000):
        print(json.dumps({"id": i, "status": "unsupported", "reason": "never read"}),
              flush=True)
except BrokenPipeError:
    pass
time.sleep(3600)
