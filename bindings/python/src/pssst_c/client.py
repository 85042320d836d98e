# SPDX-License-Identifier: Apache-2.0
"""PSSSTClient: packs requests and reads their replies, in libpssst (spec 6, 9)."""
import ctypes
from typing import Callable, Optional, Tuple

from . import _native
from .errors import (PSSSTException, PSSSTNotReply, PSSSTReplyMismatch, error_for, key_error)
from .header import CipherSuite, HeaderFlag, suite_value
from .keys import PrivateKeyLike, PublicKeyLike, private_key_bytes, public_key_bytes

_UNSUPPORTED_SUITE = "UNSUPPORTED_SUITE"
_KNOWN_SUITES = frozenset(s.value for s in CipherSuite)


def _reply_error(status: int, packet: bytes) -> PSSSTException:
    """The exception for a refused reply. pssst 0.2.1 knows suite NONE (0) by
    name, so it finds a reply with that suite to be a reply to another request
    (or no reply at all) where libpssst refuses the suite (spec 9.1 step 2);
    the reference's class is kept and `status` says what libpssst found."""
    if _native.status_name(status) != _UNSUPPORTED_SUITE or len(packet) < 4:
        return error_for(status)
    flags = int.from_bytes(packet[0:2], "big")
    suite = int.from_bytes(packet[2:4], "big")
    if suite not in _KNOWN_SUITES:
        return error_for(status)
    return error_for(status, PSSSTReplyMismatch if flags & HeaderFlag.REPLY else PSSSTNotReply)


class _ClientReplyHandler(_native.ReplyHandler):
    """Reads the reply to one request, once (spec 8.2).

    Call it with the reply packet; it returns the reply message. libpssst
    uses the handler up on any reply that reaches decryption, authentic or
    not; a packet refused before that (malformed, not a reply, a reply to
    another request) leaves it ready for the real reply.
    """

    def __call__(self, data: bytes) -> bytes:
        """Unpack the reply packet to the request; returns the reply message."""
        packet = _native.as_bytes(data, "reply packet")
        size = len(packet)
        message = ctypes.create_string_buffer(size)
        message_len = ctypes.c_size_t(0)
        with self._lock:
            status = _native.LIB.pssst_unpack_reply(self._ctx, packet, size, message, size,
                                                    ctypes.byref(message_len))
        if status != _native.OK:
            raise _reply_error(status, packet)
        return message.raw[:message_len.value]


class PSSSTClient:
    """PSSST client interface

    :param server_public_key: public key of the target server
    :param client_private_key: private key for client authentication, defaults to None
    :param cipher_suite: cipher suite to use

    :raises PSSSTUnsupportedCipher: requested cipher suite is not supported
    :raises ValueError: a key of the wrong length, a string that is not hex,
        or a server key of low order (every shared secret would be zero, spec 5.3)
    :raises TypeError: a key of a type that is no key
    """

    def __init__(self, server_public_key: PublicKeyLike,
                 client_private_key: Optional[PrivateKeyLike] = None,
                 cipher_suite: CipherSuite = CipherSuite.X25519_AESGCM128):
        """Return a new PSSSTClient."""
        self._client = _native.Client()
        server_public = public_key_bytes(server_public_key, "server public key")
        client_private = None
        if client_private_key is not None:
            client_private = private_key_bytes(client_private_key, "client private key")
        status = _native.LIB.pssst_client_init(self._client, suite_value(cipher_suite),
                                               server_public, client_private)
        if status == _native.OK:
            return
        if _native.status_name(status) == _UNSUPPORTED_SUITE:
            raise error_for(status)
        raise key_error(status, "server public key")

    def pack_request(self, data: bytes) -> Tuple[bytes, Callable[[bytes], bytes]]:
        """Pack an outbound request

        :param data: message bytes to be encrypted
        :type data: bytes

        :returns: tuple of encrypted packet and reply handler
        """
        return self._pack(None, data)

    def _pack_request_with_ephemeral(self, ephemeral_private_key: bytes, data: bytes
                                     ) -> Tuple[bytes, Callable[[bytes], bytes]]:
        """pack_request with a given ephemeral scalar, for known-answer tests
        only (pssst_pack_request_with_ephemeral): never use a scalar twice."""
        return self._pack(private_key_bytes(ephemeral_private_key, "ephemeral key"), data)

    def _pack(self, ephemeral: Optional[bytes], data: bytes
              ) -> Tuple[bytes, Callable[[bytes], bytes]]:
        message = _native.as_bytes(data, "request message")
        size = _native.LIB.pssst_request_size(self._client, len(message))
        packet = ctypes.create_string_buffer(size)
        packet_len = ctypes.c_size_t(0)
        ctx = _native.ReplyCtx()
        if ephemeral is None:
            status = _native.LIB.pssst_pack_request(self._client, message, len(message), packet,
                                                    size, ctypes.byref(packet_len), ctx)
        else:
            status = _native.LIB.pssst_pack_request_with_ephemeral(
                self._client, ephemeral, message, len(message), packet, size,
                ctypes.byref(packet_len), ctx)
        if status != _native.OK:
            raise error_for(status)
        return packet.raw[:packet_len.value], _ClientReplyHandler(ctx)

    def __del__(self) -> None:
        lib = getattr(_native, "LIB", None)
        client = getattr(self, "_client", None)
        if lib is not None and client is not None:
            lib.pssst_client_free(client)
