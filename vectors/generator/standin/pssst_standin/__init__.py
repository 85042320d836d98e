# SPDX-License-Identifier: Apache-2.0
"""A STAND-IN for the PSSST Python reference (PyPI pssst 0.2.1). It is NOT
the reference and records nothing about it.

It has the shape of the reference's API (PSSSTClient, PSSSTServer,
reply handlers, keys given as raw bytes, ephemeral keys drawn through the
name X25519PrivateKey of the submodule .pssst) and does the protocol work
with pssstpy. Its only purpose is to test record_reference.py where the
real package cannot be installed; see test_record_reference.py.
"""

from .pssst import PSSSTClient, PSSSTServer, PSSSTStandInError

__version__ = "stand-in (pssstpy)"

__all__ = ["PSSSTClient", "PSSSTServer", "PSSSTStandInError", "__version__"]
