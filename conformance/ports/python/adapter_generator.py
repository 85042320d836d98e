# SPDX-License-Identifier: Apache-2.0
"""harness.py adapter for pssstpy, the vector generator's own implementation
(vectors/generator/pssstpy.py). It exists to test harness.py's protocol
handling where the reference package cannot be installed: every vector
must pass through it."""
import os
import sys

from adapter_base import AdapterError, Unsupported


class Adapter:
    def __init__(self, pssstpy, suite):
        self.p = pssstpy
        self.suite = suite
        self.client = self.server = self.reply_ctx = None

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except self.p.PssstError as err:
            raise AdapterError(err.status) from err

    def client_init(self, server_public, client_private):
        self.client = self._call(self.p.Client, server_public, client_private, self.suite)

    def pack_request(self, ephemeral, message):
        self.reply_ctx = None
        packet, self.reply_ctx, _ = self._call(self.client.pack_request, ephemeral, message)
        return packet

    def unpack_reply(self, packet):
        return self._call(self.p.unpack_reply, self.reply_ctx, packet)

    def server_init(self, server_private):
        self.server = self._call(self.p.Server, server_private, self.suite)

    def unpack_request(self, packet):
        self.reply_ctx = None
        message, client_public, self.reply_ctx, _ = self._call(self.server.unpack_request, packet)
        return message, client_public

    def pack_reply(self, message):
        return self._call(self.p.pack_reply, self.reply_ctx, message)

    def public_key(self, private_key):
        return self._call(self.p.x25519_base, private_key)


class Factory:
    def __init__(self, generator_dir):
        sys.path.insert(0, os.path.abspath(generator_dir))
        import pssstpy  # pylint: disable=import-outside-toplevel
        self.p = pssstpy

    def capabilities(self):
        return {"implementation": "pssstpy (vector generator)",
                "suites": list(self.p.IMPLEMENTED_SUITES),
                "roles": ["client", "server"], "modes": ["anonymous", "client_auth"],
                "ephemeral": True, "publicKey": True}

    def new(self, role, mode, suite):
        del role, mode  # one adapter serves both roles and modes
        if suite not in self.p.IMPLEMENTED_SUITES:
            raise Unsupported("suite %d" % suite)
        return Adapter(self.p, suite)
