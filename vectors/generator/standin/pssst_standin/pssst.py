# SPDX-License-Identifier: Apache-2.0
"""Client and server of the stand-in (see __init__.py): the reference API's
shape on top of pssstpy. Not the reference."""

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

import pssstpy


class PSSSTStandInError(Exception):
    """Any refusal of the stand-in, carrying the pssstpy status name."""


def _raw_private(key):
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


class PSSSTClient:
    def __init__(self, server_public_key, client_private_key=None):
        try:
            self._client = pssstpy.Client(bytes(server_public_key), client_private_key)
        except pssstpy.PssstError as err:
            raise PSSSTStandInError(err.status) from err

    def pack_request(self, data):
        # The ephemeral key comes from the module-level name, as in the
        # reference, so that a recorder can replace it.
        ephemeral = _raw_private(X25519PrivateKey.generate())
        try:
            packet, ctx, _ = self._client.pack_request(ephemeral, bytes(data))
        except pssstpy.PssstError as err:
            raise PSSSTStandInError(err.status) from err

        def reply_handler(reply_packet):
            try:
                return pssstpy.unpack_reply(ctx, bytes(reply_packet))
            except pssstpy.PssstError as err:
                raise PSSSTStandInError(err.status) from err

        return packet, reply_handler


class PSSSTServer:
    def __init__(self, server_private_key):
        self._server = pssstpy.Server(bytes(server_private_key))

    def unpack_request(self, packet):
        try:
            message, client_public, ctx, _ = self._server.unpack_request(bytes(packet))
        except pssstpy.PssstError as err:
            raise PSSSTStandInError(err.status) from err
        client_key = None if client_public is None else X25519PublicKey.from_public_bytes(client_public)

        def reply_handler(data):
            try:
                return pssstpy.pack_reply(ctx, bytes(data))
            except pssstpy.PssstError as err:
                raise PSSSTStandInError(err.status) from err

        return message, client_key, reply_handler
