# SPDX-License-Identifier: Apache-2.0
"""harness.py adapter for the Python reference, PyPI pssst 0.2.1.

Written against its documented API: PSSSTClient(server_public_key,
client_private_key=None, cipher_suite=...), whose pack_request(data)
returns (packet, reply_handler) with reply_handler(packet) -> message;
PSSSTServer(server_private_key, cipher_suite=...), whose
unpack_request(packet) returns (message, client_public_key or None,
reply_handler) with reply_handler(data) -> packet; keys as raw bytes; and
the exceptions PSSSTUnsupportedCipher, PSSSTNotRequest, PSSSTNotReply,
PSSSTDecryptFailed, PSSSTClientAuthFailed, PSSSTReplyMismatch and
PSSSTHandlerReused (second use of a reply handler).

Ephemeral keys are injected the way the reference transcripts were made
(shared/reference-transcripts/README.md): the reference draws each one with
X25519PrivateKey.generate() through that name imported into its module
pssst.pssst; the name is replaced by an object whose generate() returns
the key given in the request, and from_private_bytes() is left as it is.

A request that the reference refuses returns no reply handler, so there is
nothing to reply with or to: pack_reply and unpack_reply after it answer
CONTEXT_USED, what spec 8.2 asks of a reply context that nothing filled
(spec/harness.md 3.3).

Every other exception (struct.error, ValueError, ...) is not caught here
and harness.py reports it as a crash of that test, which is what the
reference does for several malformed inputs (spec 12).
"""
import importlib
import os

from adapter_base import AdapterError, Unsupported

# Reference exception class -> status name of spec 10.1.
STATUS_OF = {
    "PSSSTUnsupportedCipher": "UNSUPPORTED_SUITE",
    "PSSSTNotRequest": "NOT_REQUEST",
    "PSSSTNotReply": "NOT_REPLY",
    "PSSSTDecryptFailed": "DECRYPT_FAILED",
    "PSSSTClientAuthFailed": "CLIENT_AUTH_FAILED",
    "PSSSTReplyMismatch": "REPLY_MISMATCH",
    "PSSSTHandlerReused": "CONTEXT_USED",
}


class InjectedEphemeral:
    """Stands in for the name X25519PrivateKey inside the reference module."""

    def __init__(self, original):
        self.original = original
        self.pending = None

    def generate(self):
        if self.pending is None:
            raise RuntimeError("the reference drew an ephemeral key outside pack_request")
        raw, self.pending = self.pending, None
        return self.original.from_private_bytes(raw)

    def from_private_bytes(self, raw):
        return self.original.from_private_bytes(raw)


class Adapter:
    def __init__(self, factory, suite):
        self.f = factory
        self.suite = suite
        self.client = self.server = self.handler = None

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except self.f.errors as err:
            status = STATUS_OF.get(type(err).__name__)
            if status is None:
                raise  # a PSSST exception this adapter does not know: a crash
            raise AdapterError(status) from err

    def client_init(self, server_public, client_private):
        self.client = self._call(self.f.package.PSSSTClient, server_public, client_private,
                                 self.suite)

    def _handler(self):
        if self.handler is None:
            raise AdapterError("CONTEXT_USED")  # no request returned a reply handler
        return self.handler

    def pack_request(self, ephemeral, message):
        self.handler = None
        self.f.injected.pending = bytes(ephemeral)
        try:
            packet, self.handler = self._call(self.client.pack_request, message)
        finally:
            self.f.injected.pending = None
        return packet

    def unpack_reply(self, packet):
        return self._call(self._handler(), packet)

    def server_init(self, server_private):
        self.server = self._call(self.f.package.PSSSTServer, server_private, self.suite)

    def unpack_request(self, packet):
        self.handler = None
        message, client_key, self.handler = self._call(self.server.unpack_request, packet)
        if client_key is None:
            return message, None
        return message, self.f.raw_public(client_key)

    def pack_reply(self, message):
        return self._call(self._handler(), message)


class Factory:
    def __init__(self, module):
        self.package = importlib.import_module(module)
        inner = importlib.import_module(module + ".pssst")
        if not hasattr(inner, "X25519PrivateKey"):
            raise ImportError("%s.pssst has no name X25519PrivateKey to replace" % module)
        self.injected = InjectedEphemeral(inner.X25519PrivateKey)
        inner.X25519PrivateKey = self.injected
        self.errors = getattr(self.package, "PSSSTException", ())
        self.version = getattr(self.package, "__version__", "unknown version")
        # harness.py names the line of this package that raised a stray exception.
        self.package_dir = os.path.dirname(os.path.abspath(self.package.__file__))

    @staticmethod
    def raw_public(key):
        from cryptography.hazmat.primitives.serialization import (  # noqa: E501 pylint: disable=import-outside-toplevel
            Encoding, PublicFormat)
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    def capabilities(self):
        return {"implementation": "%s %s (Python reference)" % (self.package.__name__, self.version),
                "suites": [1], "roles": ["client", "server"],
                "modes": ["anonymous", "client_auth"], "ephemeral": True,
                # The reference has no call that derives a public key from a
                # private one, so the public keys of the vectors go unchecked.
                "publicKey": False}

    def new(self, role, mode, suite):
        del role, mode
        try:
            return Adapter(self, self.package.CipherSuite(suite))
        except ValueError as err:
            raise Unsupported("suite %d: %s" % (suite, err)) from err
