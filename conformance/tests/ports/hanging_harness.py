#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A harness that answers the hello and then never answers again, for
testing `pssst-conform port --max-timeouts` (spec/harness.md 3.5)."""
import json
import sys
import time

HELLO = {"status": "OK", "protocol": 1, "implementation": "hangs on every request",
         "suites": [1], "roles": ["client", "server"], "modes": ["anonymous", "client_auth"],
         "ephemeral": True}

for line in sys.stdin:
    request = json.loads(line)
    if request.get("op") != "hello":
        time.sleep(3600)
    print(json.dumps(dict(HELLO, id=request.get("id"))), flush=True)
