# SPDX-License-Identifier: Apache-2.0
"""PSSST (Packet Security for Stateless Server Transactions) on libpssst.

A drop-in for the API of the Python package pssst 0.2.1: PSSSTClient,
PSSSTServer, their reply handlers, generate_key_pair, CipherSuite, Header,
HeaderFlag and the PSSST exception classes, with every packet built and
checked by the C library libpssst (found as _native.py says: the variable
PSSST_C_LIBRARY, then this package's folder, then the system loader).
"""
from . import _native
from .client import PSSSTClient
from .errors import (
    PSSSTClientAuthFailed, PSSSTDecryptFailed, PSSSTException, PSSSTHandlerReused,
    PSSSTNotReply, PSSSTNotRequest, PSSSTReplyMismatch, PSSSTUnsupportedCipher)
from .header import CipherSuite, Header, HeaderFlag
from .keys import generate_key_pair
from .server import PSSSTServer

__version__ = "0.1.0"
"""The version of this package (that of libpssst it is made for)."""
reference_api_version = "0.2.1"
"""The version of pssst whose API this package provides."""

library_version = _native.version
library_backend = _native.backend
library_path = _native.LIBRARY_PATH

__all__ = [
    "__version__",
    "PSSSTClient", "PSSSTServer", "generate_key_pair",
    "Header", "CipherSuite", "HeaderFlag",
    "PSSSTException", "PSSSTUnsupportedCipher", "PSSSTClientAuthFailed",
    "PSSSTReplyMismatch", "PSSSTNotReply", "PSSSTNotRequest",
    "PSSSTDecryptFailed", "PSSSTHandlerReused",
]
