#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A compatibility program (spec/harness.md section 2) on pssstpy.

Usage: compat_pssstpy.py [GENERATOR_DIR]

One side of the compatibility line protocol, written on the vector
generator's independent Python implementation (vectors/generator/pssstpy.py,
found in GENERATOR_DIR, default: this tree's). It stands in for another
port's compatibility program in tests: `pssst-conform peer` against it is
an exchange between two independent implementations.
Exit status: 0 once the exchange is complete, 1 on a failed check.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GENERATOR = os.path.join(HERE, "..", "..", "..", "vectors", "generator")
PLAINTEXT_SIZE = 64


def emit(tag, value=b""):
    sys.stdout.write("%s:%s\n" % (tag, bytes(value).hex()))
    sys.stdout.flush()


def fail(why):
    sys.stderr.write("compat_pssstpy: %s\n" % why)
    sys.exit(1)


class Side:
    def __init__(self, p):
        self.p = p
        self.server_private = os.urandom(32)
        self.client_private = os.urandom(32)
        self.plaintext = os.urandom(PLAINTEXT_SIZE)
        self.server = p.Server(self.server_private)
        self.pending = {}
        self.peer_client_key = self.peer_plaintext = None
        self.answered, self.verified = set(), set()

    def start(self):
        emit("SERVER_KEY", self.p.x25519_base(self.server_private))
        emit("CLIENT_KEY", self.p.x25519_base(self.client_private))
        emit("PLAINTEXT", self.plaintext)

    def on_server_key(self, key):
        for tag, private in (("REQUEST", None), ("REQUEST_AUTH", self.client_private)):
            client = self.p.Client(key, private)
            packet, ctx, _ = client.pack_request(os.urandom(32), self.plaintext)
            self.pending[tag] = ctx
            emit(tag, packet)

    def on_request(self, tag, packet):
        message, client_key, ctx, _ = self.server.unpack_request(packet)
        if message != self.peer_plaintext:
            fail("%s: message is not the peer's PLAINTEXT" % tag)
        if tag == "REQUEST" and client_key is not None:
            fail("REQUEST: an anonymous request carries a client key")
        if tag == "REQUEST_AUTH" and client_key != self.peer_client_key:
            fail("REQUEST_AUTH: authenticated key is not the peer's CLIENT_KEY")
        emit("REPLY" if tag == "REQUEST" else "REPLY_AUTH",
             self.p.pack_reply(ctx, bytes(reversed(message))))
        self.answered.add(tag)

    def on_reply(self, tag, packet):
        ctx = self.pending.get("REQUEST" if tag == "REPLY" else "REQUEST_AUTH")
        if ctx is None or self.p.unpack_reply(ctx, packet) != bytes(reversed(self.plaintext)):
            fail("%s: not our PLAINTEXT reversed" % tag)
        self.verified.add(tag)

    def handle(self, tag, value):
        if tag == "SERVER_KEY":
            self.on_server_key(value)
        elif tag == "CLIENT_KEY":
            self.peer_client_key = value
        elif tag == "PLAINTEXT":
            self.peer_plaintext = value
        elif tag in ("REQUEST", "REQUEST_AUTH"):
            self.on_request(tag, value)
        elif tag in ("REPLY", "REPLY_AUTH"):
            self.on_reply(tag, value)
        elif tag != "DONE":
            fail("unknown tag %r" % tag)
        return len(self.answered) == 2 and len(self.verified) == 2


def main():
    sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else DEFAULT_GENERATOR)
    import pssstpy  # pylint: disable=import-outside-toplevel
    side = Side(pssstpy)
    side.start()
    for line in sys.stdin:
        tag, sep, value = line.rstrip("\r\n").partition(":")
        if not sep:
            fail("line without TAG:")
        try:
            done = side.handle(tag, bytes.fromhex(value))
        except pssstpy.PssstError as err:
            fail("%s: refused with %s" % (tag, err.status))
        if done:
            emit("DONE")
            return 0
    fail("input ended before the exchange was complete")
    return 1


if __name__ == "__main__":
    sys.exit(main())
