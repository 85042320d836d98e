# SPDX-License-Identifier: Apache-2.0
"""A test double with the documented API of the Python reference (PyPI
pssst 0.2.1): the class, function and exception names of its API
documentation, on top of pssstpy (vectors/generator). It is NOT the
reference. It exists so that conformance/ports/python/adapter_reference.py
can be run where the reference cannot be installed (check_reference_adapter.py).

Like the reference, it draws every ephemeral key through the name
X25519PrivateKey of its submodule .pssst, and it raises exceptions that
are no PSSST error where the reference does for malformed input (spec 12):
struct.error for a packet refused as MALFORMED and ValueError for a
low-order point (BAD_KEY).
"""
from .pssst import (CipherSuite, PSSSTClient, PSSSTClientAuthFailed, PSSSTDecryptFailed,
                    PSSSTException, PSSSTHandlerReused, PSSSTNotReply, PSSSTNotRequest,
                    PSSSTReplyMismatch, PSSSTServer, PSSSTUnsupportedCipher)

__version__ = "test double"

__all__ = ["CipherSuite", "PSSSTClient", "PSSSTServer", "PSSSTException",
           "PSSSTUnsupportedCipher", "PSSSTClientAuthFailed", "PSSSTReplyMismatch",
           "PSSSTNotReply", "PSSSTNotRequest", "PSSSTDecryptFailed", "PSSSTHandlerReused",
           "__version__"]
