# SPDX-License-Identifier: Apache-2.0
"""PSSSTServer: unpacks requests and packs their replies, in libpssst (spec 7, 8)."""
import ctypes
from typing import Callable, Optional, Tuple

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from . import _native
from .errors import error_for, key_error
from .header import CipherSuite, suite_value
from .keys import PrivateKeyLike, private_key_bytes, public_key_object

_UNSUPPORTED_SUITE = "UNSUPPORTED_SUITE"


class _ServerReplyHandler(_native.ReplyHandler):
    """Packs the reply to one request, once (spec 8.2).

    Call it with the reply message; it returns the reply packet.
    """

    def __call__(self, data: bytes) -> bytes:
        """Pack the reply message; returns the reply packet."""
        message = _native.as_bytes(data, "reply message")
        size = _native.LIB.pssst_reply_size(len(message))
        packet = ctypes.create_string_buffer(size)
        packet_len = ctypes.c_size_t(0)
        with self._lock:
            status = _native.LIB.pssst_pack_reply(self._ctx, message, len(message), packet, size,
                                                  ctypes.byref(packet_len))
        if status != _native.OK:
            raise error_for(status)
        return packet.raw[:packet_len.value]


class PSSSTServer:
    """PSSST server interface

    :param server_private_key: private key of the server
    :param cipher_suite: cipher suite to use

    :raises PSSSTUnsupportedCipher: requested cipher suite is not supported
    :raises ValueError: a key of the wrong length or a string that is not hex
    :raises TypeError: a key of a type that is no key
    """

    def __init__(self, server_private_key: PrivateKeyLike,
                 cipher_suite: CipherSuite = CipherSuite.X25519_AESGCM128):
        """Return a new PSSST server."""
        self._server = _native.Server()
        raw = private_key_bytes(server_private_key, "server private key")
        status = _native.LIB.pssst_server_init(self._server, suite_value(cipher_suite), raw)
        if status == _native.OK:
            return
        if _native.status_name(status) == _UNSUPPORTED_SUITE:
            raise error_for(status)
        raise key_error(status, "server private key")

    def unpack_request(self, packet: bytes
                       ) -> Tuple[bytes, Optional[X25519PublicKey], Callable[[bytes], bytes]]:
        """Unpack an incoming request

        :param packet: incoming packet to unpack
        :type packet: bytes

        :raises PSSSTUnsupportedCipher: cipher suite indicated in packet is not supported
        :raises PSSSTNotRequest: packet is not a request packet
        :raises PSSSTDecryptFailed: payload did not decrypt to valid and authentic data
        :raises PSSSTClientAuthFailed: client auth was present but did not match request
        :raises PSSSTException: the packet is malformed (too short, reserved flag bits set)
        :returns: tuple of unpacked data, authenticated client public key (or
            None) and reply handler
        """
        raw = _native.as_bytes(packet, "request packet")
        size = len(raw)
        message = ctypes.create_string_buffer(size)
        message_len = ctypes.c_size_t(0)
        client_public = ctypes.create_string_buffer(_native.KEY_SIZE)
        authenticated = ctypes.c_bool(False)
        ctx = _native.ReplyCtx()
        status = _native.LIB.pssst_unpack_request(self._server, raw, size, message, size,
                                                  ctypes.byref(message_len), client_public,
                                                  ctypes.byref(authenticated), ctx)
        if status != _native.OK:
            raise error_for(status)
        client_key = public_key_object(client_public.raw) if authenticated.value else None
        return message.raw[:message_len.value], client_key, _ServerReplyHandler(ctx)

    def __del__(self) -> None:
        lib = getattr(_native, "LIB", None)
        server = getattr(self, "_server", None)
        if lib is not None and server is not None:
            lib.pssst_server_free(server)
