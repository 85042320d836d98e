# SPDX-License-Identifier: Apache-2.0
"""Client, server and exceptions of the test double (see __init__.py)."""
import enum
import struct

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

import pssstpy


class CipherSuite(enum.Enum):
    NONE = 0
    X25519_AESGCM128 = 1


class PSSSTException(Exception):
    pass


class PSSSTUnsupportedCipher(PSSSTException):
    pass


class PSSSTClientAuthFailed(PSSSTException):
    pass


class PSSSTReplyMismatch(PSSSTException):
    pass


class PSSSTNotReply(PSSSTException):
    pass


class PSSSTNotRequest(PSSSTException):
    pass


class PSSSTDecryptFailed(PSSSTException):
    pass


class PSSSTHandlerReused(PSSSTException):
    pass


RAISED_FOR = {
    "UNSUPPORTED_SUITE": PSSSTUnsupportedCipher,
    "CLIENT_AUTH_FAILED": PSSSTClientAuthFailed,
    "REPLY_MISMATCH": PSSSTReplyMismatch,
    "NOT_REPLY": PSSSTNotReply,
    "NOT_REQUEST": PSSSTNotRequest,
    "DECRYPT_FAILED": PSSSTDecryptFailed,
    "CONTEXT_USED": PSSSTHandlerReused,
}


def _call(fn, *args):
    """Runs a pssstpy call, raising what the reference would raise instead."""
    try:
        return fn(*args)
    except pssstpy.PssstError as err:
        cls = RAISED_FOR.get(err.status)
        if cls is not None:
            raise cls() from err
        if err.status == "MALFORMED":
            raise struct.error("unpack requires a buffer of 4 bytes") from err
        raise ValueError("refused by pssstpy: %s" % err.status) from err


def _suite(cipher_suite):
    if cipher_suite != CipherSuite.X25519_AESGCM128:
        raise PSSSTUnsupportedCipher()
    return cipher_suite.value


class PSSSTClient:
    def __init__(self, server_public_key, client_private_key=None,
                 cipher_suite=CipherSuite.X25519_AESGCM128):
        suite = _suite(cipher_suite)
        self._client = _call(pssstpy.Client, bytes(server_public_key), client_private_key, suite)

    def pack_request(self, data):
        key = X25519PrivateKey.generate()  # the name the adapter replaces
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        packet, ctx, _ = _call(self._client.pack_request, raw, bytes(data))
        return packet, lambda reply_packet: _call(pssstpy.unpack_reply, ctx, bytes(reply_packet))


class PSSSTServer:
    def __init__(self, server_private_key, cipher_suite=CipherSuite.X25519_AESGCM128):
        self._server = _call(pssstpy.Server, bytes(server_private_key), _suite(cipher_suite))

    def unpack_request(self, packet):
        message, client_public, ctx, _ = _call(self._server.unpack_request, bytes(packet))
        key = None if client_public is None else X25519PublicKey.from_public_bytes(client_public)
        return message, key, lambda data: _call(pssstpy.pack_reply, ctx, bytes(data))
