# SPDX-License-Identifier: Apache-2.0
"""harness.py adapter for pssst_c, the Python binding of libpssst (bindings/python).

pssst_c has the API of pssst 0.2.1 (adapter_reference.py), so this adapter
drives the same calls: PSSSTClient, pack_request and its reply handler,
PSSSTServer, unpack_request and its reply handler. Every refusal of
pssst_c is one of the reference's exception classes and carries `status`,
the spec 10.1 name of what libpssst returned; that name is the verdict. A
key refused at construction is a ValueError carrying `status` too, as the
reference raises ValueError for bad keys. Anything else raised is not
caught and harness.py reports a crash.

Ephemeral keys are given through the binding's known-answer call
(_pack_request_with_ephemeral, on pssst_pack_request_with_ephemeral), and
public keys are derived by libpssst (pssst_c.keys.derive_public).
"""
import importlib
import os

from adapter_base import AdapterError, Unsupported


class Adapter:
    def __init__(self, factory, suite):
        self.f = factory
        self.suite = suite
        self.client = self.server = self.handler = None

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except self.f.package.PSSSTException as err:
            raise AdapterError(err.status) from err
        except ValueError as err:
            status = getattr(err, "status", None)
            if status is None:
                raise  # a ValueError that is no refusal of libpssst: a crash
            raise AdapterError(status) from err

    def client_init(self, server_public, client_private):
        self.client = self._call(self.f.package.PSSSTClient, server_public, client_private,
                                 self.suite)

    def pack_request(self, ephemeral, message):
        packet, self.handler = self._call(self.client._pack_request_with_ephemeral,  # noqa: E501 pylint: disable=protected-access
                                          ephemeral, message)
        return packet

    def unpack_reply(self, packet):
        return self._call(self.handler, packet)

    def server_init(self, server_private):
        self.server = self._call(self.f.package.PSSSTServer, server_private, self.suite)

    def unpack_request(self, packet):
        message, client_key, self.handler = self._call(self.server.unpack_request, packet)
        if client_key is None:
            return message, None
        return message, self.f.raw_public(client_key)

    def pack_reply(self, message):
        return self._call(self.handler, message)

    def public_key(self, private_key):
        return self._call(self.f.keys.derive_public, private_key, self.suite)


class Factory:
    def __init__(self, module):
        self.package = importlib.import_module(module)
        self.keys = importlib.import_module(module + ".keys")
        # harness.py names the line of this package that raised a stray exception.
        self.package_dir = os.path.dirname(os.path.abspath(self.package.__file__))

    @staticmethod
    def raw_public(key):
        from cryptography.hazmat.primitives.serialization import (  # noqa: E501 pylint: disable=import-outside-toplevel
            Encoding, PublicFormat)
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    def capabilities(self):
        p = self.package
        return {"implementation": "%s %s on libpssst %s (%s backend)" % (
                    p.__name__, p.__version__, p.library_version(), p.library_backend()),
                "suites": [p.CipherSuite.X25519_AESGCM128.value], "roles": ["client", "server"],
                "modes": ["anonymous", "client_auth"], "ephemeral": True, "publicKey": True}

    def new(self, role, mode, suite):
        del role, mode
        if not isinstance(suite, int):
            raise Unsupported("suite %r" % (suite,))
        # The suite number goes to libpssst as it is: it decides what it supports.
        return Adapter(self, suite)
