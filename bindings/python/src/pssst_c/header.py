# SPDX-License-Identifier: Apache-2.0
"""Cipher suites, header flags and the packet header value of pssst 0.2.1's API.

pssst_c builds and checks its packets in libpssst only; Header is kept
because the reference exports it, for code that reads or writes the four
header bytes itself (spec 4.1: 16-bit flags, 16-bit suite, big-endian).
"""
import struct
from enum import Enum, IntFlag
from typing import Union

from .errors import PSSSTException, PSSSTUnsupportedCipher

_HEADER_FORMAT = ">HH"
_HEADER_SIZE = struct.calcsize(_HEADER_FORMAT)


class HeaderFlag(IntFlag):
    """Flag bits of the packet header (spec 4.2)."""
    REPLY = 0x8000
    CLIENT_AUTH = 0x4000


class CipherSuite(Enum):
    """Cipher suite identifiers (spec 3.1). NONE names no suite and is refused."""
    NONE = 0
    X25519_AESGCM128 = 1


class Header:
    """A packet header: flags and cipher suite."""

    def __init__(self, cipher_suite: CipherSuite = CipherSuite.NONE, reply: bool = False,
                 client_auth: bool = False):
        self._flags = ((HeaderFlag.REPLY if reply else 0) |
                       (HeaderFlag.CLIENT_AUTH if client_auth else 0))
        self._suite = cipher_suite

    def __repr__(self) -> str:
        return "%s(cipher_suite=%s, reply=%s, client_auth=%s)" % (
            type(self).__name__, self._suite, self.reply, self.client_auth)

    @classmethod
    def from_packet(cls, packet: Union[bytes, bytearray, memoryview]) -> "Header":
        """The header in the first four bytes of a packet (exactly four bytes, as in
        the reference). Raises PSSSTException for another length and
        PSSSTUnsupportedCipher for a suite CipherSuite does not name."""
        raw = bytes(packet)
        if len(raw) != _HEADER_SIZE:
            raise PSSSTException("a header is %d bytes, not %d" % (_HEADER_SIZE, len(raw)),
                                 status="MALFORMED")
        flags, suite = struct.unpack(_HEADER_FORMAT, raw)
        try:
            cipher_suite = CipherSuite(suite)
        except ValueError as err:
            raise PSSSTUnsupportedCipher("suite %d" % suite, status="UNSUPPORTED_SUITE") from err
        hdr = cls(cipher_suite)
        hdr._flags = flags
        return hdr

    def _set(self, flag: HeaderFlag, on: bool) -> None:
        self._flags = (self._flags | flag) if on else (self._flags & ~flag)

    @property
    def reply(self) -> bool:
        """True for a reply."""
        return bool(self._flags & HeaderFlag.REPLY)

    @reply.setter
    def reply(self, is_reply: bool) -> None:
        self._set(HeaderFlag.REPLY, is_reply)

    @property
    def client_auth(self) -> bool:
        """True when the request carries client authentication."""
        return bool(self._flags & HeaderFlag.CLIENT_AUTH)

    @client_auth.setter
    def client_auth(self, has_client_auth: bool) -> None:
        self._set(HeaderFlag.CLIENT_AUTH, has_client_auth)

    @property
    def cipher_suite(self) -> CipherSuite:
        """The cipher suite of the packet."""
        return self._suite

    @cipher_suite.setter
    def cipher_suite(self, suite: CipherSuite) -> None:
        self._suite = suite

    @property
    def packet_bytes(self) -> bytes:
        """The four header bytes."""
        return struct.pack(_HEADER_FORMAT, self._flags, self._suite.value)


def suite_value(cipher_suite: object) -> int:
    """The suite number of a CipherSuite member or an int; for anything else 0
    (NONE), which libpssst refuses as an unsupported suite."""
    if isinstance(cipher_suite, CipherSuite):
        return cipher_suite.value
    if isinstance(cipher_suite, int) and not isinstance(cipher_suite, bool) \
            and 0 <= cipher_suite <= 0xFFFF:
        return cipher_suite
    return CipherSuite.NONE.value
