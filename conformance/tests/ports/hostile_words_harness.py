#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A harness whose words are hostile: its name and every reason carry
terminal escape sequences, a line break with a fake summary line, invalid
UTF-8 and U+FFFE, and it offers only the server role in anonymous mode.
The runner must print none of the control characters, keep its reports
valid, and still judge every test it can (all "crash"). Used by
check_hostile_words.py."""
import json
import sys

NAME = "evil\x1b[2J\x1b[H\ufffe"
# An escape sequence, a line break with a fake summary line, then a raw
# byte that is no UTF-8 (spliced in after json.dumps, which would escape it).
REASON = "boom\x1b[2J\n893 passed, 0 failed"
HELLO = {"status": "OK", "protocol": 1, "implementation": NAME, "suites": [1],
         "roles": ["server"], "modes": ["anonymous"], "ephemeral": False}

for line in sys.stdin:
    request = json.loads(line)
    op, rid = request.get("op"), request.get("id")
    if op == "hello":
        out = json.dumps(dict(HELLO, id=rid)).encode()
    elif op == "begin":
        out = json.dumps({"id": rid, "status": "OK"}).encode()
    else:
        text = json.dumps({"id": rid, "status": "crash", "reason": REASON}).encode()
        out = text.replace(b'failed"', b'failed \xff"')
    sys.stdout.buffer.write(out + b"\n")
    sys.stdout.flush()
