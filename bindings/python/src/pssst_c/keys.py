# SPDX-License-Identifier: Apache-2.0
"""Keys: what the constructors accept, and generate_key_pair.

A key is accepted in the forms pssst 0.2.1 accepts: a `cryptography`
X25519PrivateKey or X25519PublicKey object, 32 raw bytes (bytes, and also
bytearray or memoryview), or a hex string of 32 bytes. A key of the wrong
length or a string that is not hex raises ValueError, a key of the wrong
type TypeError, as in the reference.
"""
import ctypes
from typing import Tuple, Union

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding, NoEncryption, PrivateFormat, PublicFormat)

from . import _native
from .errors import error_for
from .header import CipherSuite, suite_value

PrivateKeyLike = Union[X25519PrivateKey, bytes, bytearray, memoryview, str]
PublicKeyLike = Union[X25519PublicKey, bytes, bytearray, memoryview, str]


def _raw(value: object, what: str) -> bytes:
    if isinstance(value, str):
        value = bytes.fromhex(value)
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError("%s: expected a key object, bytes or a hex string, not %s"
                        % (what, type(value).__name__))
    raw = bytes(value)
    if len(raw) != _native.KEY_SIZE:
        raise ValueError("%s: an X25519 key is %d bytes, not %d" % (what, _native.KEY_SIZE, len(raw)))
    return raw


def public_key_bytes(key: PublicKeyLike, what: str = "public key") -> bytes:
    """The 32 raw bytes of a public key given in any accepted form."""
    if isinstance(key, X25519PublicKey):
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    if isinstance(key, X25519PrivateKey):
        raise TypeError("%s: a private key was given" % what)
    return _raw(key, what)


def private_key_bytes(key: PrivateKeyLike, what: str = "private key") -> bytes:
    """The 32 raw bytes of a private key given in any accepted form."""
    if isinstance(key, X25519PrivateKey):
        return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    if isinstance(key, X25519PublicKey):
        raise TypeError("%s: a public key was given" % what)
    return _raw(key, what)


def public_key_object(raw: bytes) -> X25519PublicKey:
    """A `cryptography` public key object for 32 raw bytes."""
    return X25519PublicKey.from_public_bytes(raw)


def derive_public(private_key: PrivateKeyLike,
                  cipher_suite: object = CipherSuite.X25519_AESGCM128) -> bytes:
    """The public key of a private key, computed by libpssst (pssst_public_key)."""
    raw = private_key_bytes(private_key)
    public = ctypes.create_string_buffer(_native.KEY_SIZE)
    status = _native.LIB.pssst_public_key(suite_value(cipher_suite), raw, public)
    if status != _native.OK:
        raise error_for(status)
    return public.raw


def generate_key_pair(cipher_suite: object = CipherSuite.X25519_AESGCM128
                      ) -> Tuple[X25519PrivateKey, X25519PublicKey]:
    """A fresh key pair for the cipher suite, drawn by libpssst from the
    operating system's random source.

    :param cipher_suite: cipher suite for which to generate the key pair
    :raises PSSSTUnsupportedCipher: the cipher suite is not supported
    :return: (private_key, public_key) as `cryptography` X25519 key objects
    """
    private = ctypes.create_string_buffer(_native.KEY_SIZE)
    public = ctypes.create_string_buffer(_native.KEY_SIZE)
    status = _native.LIB.pssst_keypair_generate(suite_value(cipher_suite), private, public)
    if status != _native.OK:
        raise error_for(status)
    pair = (X25519PrivateKey.from_private_bytes(private.raw),
            X25519PublicKey.from_public_bytes(public.raw))
    ctypes.memset(private, 0, _native.KEY_SIZE)
    return pair
