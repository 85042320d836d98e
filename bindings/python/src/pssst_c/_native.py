# SPDX-License-Identifier: Apache-2.0
"""Loads libpssst and declares the functions of include/pssst.h for ctypes.

Where the library is looked for, in this order (the first that applies wins):

1. the environment variable PSSST_C_LIBRARY, a path to libpssst.so; when it
   is set and cannot be loaded, importing pssst_c fails and says so (it
   never falls back to another copy);
2. libpssst.so (or libpssst.so.0) in this package's folder;
3. the system loader: ctypes.util.find_library("pssst"), then "libpssst.so.0".

The context structures below mirror the complete types of include/pssst.h
field by field: the caller owns them, the library only fills them.
"""
import ctypes
import ctypes.util
import os
import threading
from ctypes import POINTER, c_bool, c_char_p, c_int, c_size_t, c_uint8, c_uint16, c_uint32
from typing import Any, List, SupportsIndex, Tuple

ENV_VAR = "PSSST_C_LIBRARY"
KEY_SIZE = 32
_AEAD_KEY_SIZE = 16
_NONCE_SIZE = 12
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_PACKAGE_NAMES = ("libpssst.so", "libpssst.so.0")


class Client(ctypes.Structure):
    """struct pssst_client of include/pssst.h."""
    _fields_ = [("magic_", c_uint32), ("suite_", c_uint16), ("client_auth_", c_uint8),
                ("server_public_", c_uint8 * KEY_SIZE), ("client_private_", c_uint8 * KEY_SIZE),
                ("client_public_", c_uint8 * KEY_SIZE),
                ("client_server_shared_", c_uint8 * KEY_SIZE)]


class Server(ctypes.Structure):
    """struct pssst_server of include/pssst.h."""
    _fields_ = [("magic_", c_uint32), ("suite_", c_uint16),
                ("server_private_", c_uint8 * KEY_SIZE), ("server_public_", c_uint8 * KEY_SIZE)]


class ReplyCtx(ctypes.Structure):
    """struct pssst_reply_ctx of include/pssst.h."""
    _fields_ = [("state_", c_uint32), ("flags_", c_uint16), ("suite_", c_uint16),
                ("dh_param_", c_uint8 * KEY_SIZE), ("key_", c_uint8 * _AEAD_KEY_SIZE),
                ("nonce_", c_uint8 * _NONCE_SIZE)]


class ReplyHandler:
    """What the client's and the server's reply handlers share: one reply
    context of libpssst, used under a lock, wiped when the handler goes."""

    def __init__(self, ctx: ReplyCtx):
        self._ctx = ctx
        self._lock = threading.Lock()

    def __reduce_ex__(self, protocol: SupportsIndex) -> Tuple[Any, ...]:
        # A copy would hold the reply key a second time (spec 8.2, 11.2).
        raise TypeError("a reply handler is single-use: it cannot be copied or pickled")

    def __del__(self) -> None:
        lib = globals().get("LIB")
        if lib is not None:
            lib.pssst_reply_ctx_free(self._ctx)


def candidates() -> List[str]:
    """The places tried, in order, when PSSST_C_LIBRARY is not set."""
    found = [os.path.join(_PACKAGE_DIR, name) for name in _PACKAGE_NAMES]
    found = [path for path in found if os.path.exists(path)]
    system = ctypes.util.find_library("pssst")
    if system:
        found.append(system)
    found.append("libpssst.so.0")
    return found


def _load() -> ctypes.CDLL:
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        try:
            return ctypes.CDLL(chosen)
        except OSError as err:
            raise ImportError("pssst_c: %s=%s cannot be loaded: %s" % (ENV_VAR, chosen, err)) from err
    tried = []
    for path in candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as err:
            tried.append("%s (%s)" % (path, err))
    raise ImportError("pssst_c: libpssst not found; set %s to the path of libpssst.so. Tried: %s"
                      % (ENV_VAR, "; ".join(tried)))


def _declare(lib: ctypes.CDLL) -> None:
    u8p = c_char_p  # const uint8_t *: bytes objects pass without a copy
    out = ctypes.c_void_p  # uint8_t * outputs: ctypes string buffers
    size_p = POINTER(c_size_t)
    table = {
        "pssst_status_name": (c_char_p, [c_int]),
        "pssst_strerror": (c_char_p, [c_int]),
        "pssst_version": (c_char_p, []),
        "pssst_x25519_backend": (c_char_p, []),
        "pssst_crypto_library": (c_char_p, []),
        "pssst_keypair_generate": (c_int, [c_int, out, out]),
        "pssst_public_key": (c_int, [c_int, u8p, out]),
        "pssst_client_init": (c_int, [POINTER(Client), c_int, u8p, u8p]),
        "pssst_client_free": (None, [POINTER(Client)]),
        "pssst_request_size": (c_size_t, [POINTER(Client), c_size_t]),
        "pssst_reply_size": (c_size_t, [c_size_t]),
        "pssst_pack_request": (c_int, [POINTER(Client), u8p, c_size_t, out, c_size_t, size_p,
                                       POINTER(ReplyCtx)]),
        "pssst_pack_request_with_ephemeral": (c_int, [POINTER(Client), u8p, u8p, c_size_t, out,
                                                      c_size_t, size_p, POINTER(ReplyCtx)]),
        "pssst_unpack_reply": (c_int, [POINTER(ReplyCtx), u8p, c_size_t, out, c_size_t, size_p]),
        "pssst_server_init": (c_int, [POINTER(Server), c_int, u8p]),
        "pssst_server_free": (None, [POINTER(Server)]),
        "pssst_unpack_request": (c_int, [POINTER(Server), u8p, c_size_t, out, c_size_t, size_p,
                                         out, POINTER(c_bool), POINTER(ReplyCtx)]),
        "pssst_pack_reply": (c_int, [POINTER(ReplyCtx), u8p, c_size_t, out, c_size_t, size_p]),
        "pssst_reply_ctx_free": (None, [POINTER(ReplyCtx)]),
    }
    for name, (restype, argtypes) in table.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


LIB = _load()
_declare(LIB)
LIBRARY_PATH = getattr(LIB, "_name", "")

OK = 0


def status_name(status: int) -> str:
    """The spec 10.1 name of a status: "DECRYPT_FAILED", ..."""
    name: bytes = LIB.pssst_status_name(status)
    return name.decode("ascii")


def strerror(status: int) -> str:
    """The library's sentence for a status."""
    text: bytes = LIB.pssst_strerror(status)
    return text.decode("utf-8", "replace")


def version() -> str:
    """The version of the loaded libpssst."""
    text: bytes = LIB.pssst_version()
    return text.decode("ascii")


def backend() -> str:
    """The X25519 backend of the loaded libpssst ("mbedtls", "psa", "libsodium")."""
    text: bytes = LIB.pssst_x25519_backend()
    return text.decode("ascii")


def crypto_library() -> str:
    """The crypto library and version the loaded libpssst was built against."""
    text: bytes = LIB.pssst_crypto_library()
    return text.decode("utf-8", "replace")


def as_bytes(data: object, what: str = "data") -> bytes:
    """bytes for any bytes-like argument (bytes, bytearray, memoryview); TypeError otherwise."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError("%s: expected bytes, not %s" % (what, type(data).__name__))
