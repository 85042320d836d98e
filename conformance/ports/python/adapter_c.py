# SPDX-License-Identifier: Apache-2.0
"""harness.py adapter for pssst_c, the Python binding of libpssst (bindings/python).

pssst_c has the API of pssst 0.2.1, so this adapter is the reference's
(adapter_reference.py), which drives PSSSTClient, pack_request and its reply
handler, PSSSTServer, unpack_request and its reply handler, with what
differs here: Every refusal of
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

import adapter_reference
from adapter_base import AdapterError, Unsupported


class Adapter(adapter_reference.Adapter):
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

    def pack_request(self, ephemeral, message):
        self.handler = None
        packet, self.handler = self._call(self.client._pack_request_with_ephemeral,  # noqa: E501 pylint: disable=protected-access
                                          ephemeral, message)
        return packet

    def public_key(self, private_key):
        return self._call(self.f.keys.derive_public, private_key, self.suite)


class Factory(adapter_reference.Factory):
    def __init__(self, module):  # pylint: disable=super-init-not-called
        # Nothing to inject: the binding takes the ephemeral key as an argument.
        self.package = importlib.import_module(module)
        self.keys = importlib.import_module(module + ".keys")
        # harness.py names the line of this package that raised a stray exception.
        self.package_dir = os.path.dirname(os.path.abspath(self.package.__file__))

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
