# SPDX-License-Identifier: Apache-2.0
"""pssstpy: an independent Python implementation of PSSST (spec/pssst.md).

It exists to generate and cross-check the language-neutral test vectors in
vectors/*.json. It follows the validation order of spec 7.1 (server) and
spec 9.1 (client) exactly and reports every refusal as PssstError(status),
with the status names of spec 10.1.

X25519 goes through `cryptography` (OpenSSL). Vectors that need values the
protocol forbids (an all-zero shared secret, for instance) use tiny_x25519,
a small pure-Python Montgomery ladder (RFC 7748 section 5) that never
refuses; self_test() cross-checks the two.
"""

import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SUITE_X25519_AESGCM128 = 1
IMPLEMENTED_SUITES = (SUITE_X25519_AESGCM128,)
FLAG_REPLY = 0x8000
FLAG_CLIENT_AUTH = 0x4000
RESERVED_MASK = 0x3FFF
HEADER_SIZE = 4
KEY_SIZE = 32
TAG_SIZE = 16
AES_KEY_SIZE = 16
OVERHEAD = HEADER_SIZE + KEY_SIZE + TAG_SIZE  # 52, spec 4.4
PROOF_SIZE = 2 * KEY_SIZE  # 64, spec 6.2
MIN_CLIENT_AUTH_REQUEST = OVERHEAD + PROOF_SIZE  # 116
DH_OFFSET = HEADER_SIZE
BODY_OFFSET = HEADER_SIZE + KEY_SIZE
BASE_POINT = bytes([9]) + bytes(31)
ZERO32 = bytes(KEY_SIZE)

STATUS_NAMES = (
    "OK",
    "MALFORMED",
    "UNSUPPORTED_SUITE",
    "NOT_REQUEST",
    "NOT_REPLY",
    "DECRYPT_FAILED",
    "CLIENT_AUTH_FAILED",
    "REPLY_MISMATCH",
    "CONTEXT_USED",
    "BAD_KEY",
    "BUFFER_TOO_SMALL",
    "RANDOM_FAILED",
    "INVALID_ARGUMENT",
)


class PssstError(Exception):
    """A refusal with one of the status names of spec 10.1."""

    def __init__(self, status):
        if status not in STATUS_NAMES or status == "OK":
            raise ValueError("unknown status %r" % (status,))
        super().__init__(status)
        self.status = status


# --------------------------------------------------------------------------
# X25519 (spec 2.1)


def clamp(scalar):
    """RFC 7748 section 5 clamping of a 32-byte scalar."""
    if len(scalar) != KEY_SIZE:
        raise PssstError("INVALID_ARGUMENT")
    k = bytearray(scalar)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    return bytes(k)


def mask_u(u):
    """RFC 7748 section 5: the top bit of a u-coordinate is ignored."""
    if len(u) != KEY_SIZE:
        raise PssstError("INVALID_ARGUMENT")
    return u[:31] + bytes([u[31] & 0x7F])


def x25519(scalar, u):
    """X25519 through OpenSSL; an all-zero result is refused (spec 5.3).

    Clamping and masking are done here explicitly even though OpenSSL does
    them as well, so that the rule does not depend on the library.
    """
    priv = X25519PrivateKey.from_private_bytes(clamp(scalar))
    try:
        out = priv.exchange(X25519PublicKey.from_public_bytes(mask_u(u)))
    except ValueError as err:
        # OpenSSL refuses an all-zero output itself.
        raise PssstError("BAD_KEY") from err
    if hmac.compare_digest(out, ZERO32):
        raise PssstError("BAD_KEY")
    return out


def x25519_base(scalar):
    """Public key of a private key (any 32 bytes; clamped at use)."""
    priv = X25519PrivateKey.from_private_bytes(clamp(scalar))
    return priv.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


_P = 2**255 - 19
_A24 = 121665


def tiny_x25519(scalar, u):
    """Pure-Python X25519 (RFC 7748 section 5) that never refuses.

    Used only to build vectors for inputs the protocol forbids, such as
    low-order points whose result is all zero.
    """
    k = int.from_bytes(clamp(scalar), "little")
    x1 = (int.from_bytes(u, "little") & ((1 << 255) - 1)) % _P
    x2, z2, x3, z3 = 1, 0, x1, 1
    swap = 0
    for t in range(254, -1, -1):
        bit = (k >> t) & 1
        if swap ^ bit:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = bit
        a = (x2 + z2) % _P
        aa = a * a % _P
        b = (x2 - z2) % _P
        bb = b * b % _P
        e = (aa - bb) % _P
        c = (x3 + z3) % _P
        d = (x3 - z3) % _P
        da = d * a % _P
        cb = c * b % _P
        x3 = (da + cb) * (da + cb) % _P
        z3 = x1 * (da - cb) * (da - cb) % _P
        x2 = aa * bb % _P
        z2 = e * (aa + _A24 * e) % _P
    if swap:
        x2, x3, z2, z3 = x3, x2, z3, z2
    return (x2 * pow(z2, _P - 2, _P) % _P).to_bytes(KEY_SIZE, "little")


def is_low_order(u):
    """True when every clamped scalar maps u to zero (spec 5.3)."""
    return tiny_x25519(ZERO32, u) == ZERO32


# --------------------------------------------------------------------------
# Key schedule (spec 5) and AEAD (spec 2.3)


class Keys:
    """Output of the key schedule of spec 5.1 and 5.2."""

    def __init__(self, dh_param, shared):
        digest = hashlib.sha256(dh_param + shared).digest()
        self.dh_param = dh_param
        self.shared = shared
        self.key = digest[0:16]
        self.client_nonce = digest[16:24] + b"RQST"
        self.server_nonce = digest[24:32] + b"RPLY"

    def as_hex(self):
        return {
            "dhParam": self.dh_param.hex(),
            "shared": self.shared.hex(),
            "key": self.key.hex(),
            "clientNonce": self.client_nonce.hex(),
            "serverNonce": self.server_nonce.hex(),
        }


def header_bytes(flags, suite):
    return flags.to_bytes(2, "big") + suite.to_bytes(2, "big")


def seal(key, nonce, aad, plaintext):
    return AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key, nonce, aad, body):
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag as err:
        raise PssstError("DECRYPT_FAILED") from err


def build_packet(flags, suite, dh_param, key, nonce, plaintext, aad_header=None):
    """A packet sealed under (key, nonce). aad_header defaults to the packet's
    own header; vectors pass another one to build packets whose AEAD is
    valid only under an expected header."""
    header = header_bytes(flags, suite)
    aad = header if aad_header is None else aad_header
    return header + dh_param + seal(key, nonce, aad, plaintext)


def parse_header(packet):
    flags = int.from_bytes(packet[0:2], "big")
    suite = int.from_bytes(packet[2:4], "big")
    return flags, suite


# --------------------------------------------------------------------------
# Reply context (spec 8.2)


class ReplyContext:
    """Everything needed for the one reply of one request; single use."""

    def __init__(self, flags, suite, dh_param, keys):
        self.reply_flags = FLAG_REPLY | (flags & FLAG_CLIENT_AUTH)
        self.suite = suite
        self.dh_param = dh_param
        self.keys = keys
        self.used = False

    def reply_header(self):
        return header_bytes(self.reply_flags, self.suite)

    def consume(self):
        """Marks the context used (spec 8.2) and returns its keys."""
        if self.used:
            raise PssstError("CONTEXT_USED")
        self.used = True
        keys = self.keys
        self.keys = None
        return keys


# --------------------------------------------------------------------------
# Client (spec 6 and 9)

# Any clamped scalar maps a low-order point to zero (spec 5.3); this one is
# used to test an anonymous client's server key at init.
_PROBE_SCALAR = clamp(ZERO32)


class Client:
    def __init__(self, server_public, client_private=None, suite=SUITE_X25519_AESGCM128):
        if suite not in IMPLEMENTED_SUITES:
            raise PssstError("UNSUPPORTED_SUITE")
        if len(server_public) != KEY_SIZE:
            raise PssstError("INVALID_ARGUMENT")
        self.suite = suite
        self.server_public = bytes(server_public)
        self.client_private = None if client_private is None else bytes(client_private)
        if self.client_private is None:
            x25519(_PROBE_SCALAR, self.server_public)  # BAD_KEY for low order
            self.client_public = None
            self.client_server_shared = None
        else:
            self.client_public = x25519_base(self.client_private)
            self.client_server_shared = x25519(self.client_private, self.server_public)

    @property
    def client_auth(self):
        return self.client_private is not None

    def request_flags(self):
        return FLAG_CLIENT_AUTH if self.client_auth else 0

    def derive(self, ephemeral):
        """dh_param and shared secret of spec 6.1 / 6.2."""
        if len(ephemeral) != KEY_SIZE:
            raise PssstError("INVALID_ARGUMENT")
        if self.client_auth:
            dh_param = x25519(ephemeral, self.client_public)
            shared = x25519(ephemeral, self.client_server_shared)
        else:
            dh_param = x25519_base(ephemeral)
            shared = x25519(ephemeral, self.server_public)
        return Keys(dh_param, shared)

    def plaintext(self, ephemeral, message):
        if self.client_auth:
            # spec 6.2: the ephemeral scalar travels exactly as given.
            return self.client_public + bytes(ephemeral) + message
        return message

    def pack_request(self, ephemeral, message):
        """Returns (packet, reply context, keys)."""
        keys = self.derive(ephemeral)
        flags = self.request_flags()
        packet = build_packet(
            flags, self.suite, keys.dh_param, keys.key, keys.client_nonce,
            self.plaintext(ephemeral, message),
        )
        return packet, ReplyContext(flags, self.suite, keys.dh_param, keys), keys


def unpack_reply(ctx, packet):
    """Client processing of a reply, in the order of spec 9.1."""
    if ctx is None or ctx.used:
        raise PssstError("CONTEXT_USED")  # step 0
    if len(packet) < HEADER_SIZE:
        raise PssstError("MALFORMED")  # step 1
    flags, suite = parse_header(packet)
    if suite not in IMPLEMENTED_SUITES:
        raise PssstError("UNSUPPORTED_SUITE")  # step 2
    if not flags & FLAG_REPLY:
        raise PssstError("NOT_REPLY")  # step 3
    if flags & RESERVED_MASK:
        raise PssstError("MALFORMED")  # step 4
    if len(packet) < OVERHEAD:
        raise PssstError("MALFORMED")  # step 5
    if (
        suite != ctx.suite
        or (flags & FLAG_CLIENT_AUTH) != (ctx.reply_flags & FLAG_CLIENT_AUTH)
        or packet[DH_OFFSET:BODY_OFFSET] != ctx.dh_param
    ):
        raise PssstError("REPLY_MISMATCH")  # step 6
    keys = ctx.consume()  # spec 8.2: used up by reaching step 8
    return open_sealed(keys.key, keys.server_nonce, packet[0:HEADER_SIZE], packet[BODY_OFFSET:])


# --------------------------------------------------------------------------
# Server (spec 7 and 8)


class Server:
    def __init__(self, server_private, suite=SUITE_X25519_AESGCM128):
        if suite not in IMPLEMENTED_SUITES:
            raise PssstError("UNSUPPORTED_SUITE")
        if len(server_private) != KEY_SIZE:
            raise PssstError("INVALID_ARGUMENT")
        self.suite = suite
        self.server_private = bytes(server_private)
        self.server_public = x25519_base(self.server_private)

    def unpack_request(self, packet):
        """Returns (message, client public key or None, reply context, keys)."""
        if len(packet) < HEADER_SIZE:
            raise PssstError("MALFORMED")  # step 1
        flags, suite = parse_header(packet)
        if suite not in IMPLEMENTED_SUITES:
            raise PssstError("UNSUPPORTED_SUITE")  # step 2
        if flags & FLAG_REPLY:
            raise PssstError("NOT_REQUEST")  # step 3
        if suite != self.suite:
            raise PssstError("UNSUPPORTED_SUITE")  # step 4
        if flags & RESERVED_MASK:
            raise PssstError("MALFORMED")  # step 5
        if len(packet) < OVERHEAD:
            raise PssstError("MALFORMED")  # step 6
        client_auth = bool(flags & FLAG_CLIENT_AUTH)
        if client_auth and len(packet) < MIN_CLIENT_AUTH_REQUEST:
            raise PssstError("CLIENT_AUTH_FAILED")  # step 7
        dh_param = packet[DH_OFFSET:BODY_OFFSET]
        shared = x25519(self.server_private, dh_param)  # step 9: BAD_KEY
        keys = Keys(dh_param, shared)
        plaintext = open_sealed(
            keys.key, keys.client_nonce, packet[0:HEADER_SIZE], packet[BODY_OFFSET:]
        )  # step 10
        client_public = None
        if client_auth:
            client_public = plaintext[0:KEY_SIZE]
            proof_scalar = plaintext[KEY_SIZE:PROOF_SIZE]
            try:
                check = x25519(proof_scalar, client_public)  # step 11, clamped at use
            except PssstError as err:
                raise PssstError("CLIENT_AUTH_FAILED") from err
            if not hmac.compare_digest(check, dh_param):
                raise PssstError("CLIENT_AUTH_FAILED")
            plaintext = plaintext[PROOF_SIZE:]
        return plaintext, client_public, ReplyContext(flags, suite, dh_param, keys), keys


def pack_reply(ctx, message):
    """Server: the reply of spec 8.1; the context is used up when sealing."""
    if ctx is None:
        raise PssstError("CONTEXT_USED")
    header = ctx.reply_header()
    dh_param = ctx.dh_param
    keys = ctx.consume()
    return header + dh_param + seal(keys.key, keys.server_nonce, header, message)


# --------------------------------------------------------------------------
# Transcript replay (shared format of vectors/reference/README.md)


def _hex_or_none(value):
    return None if value is None else bytes.fromhex(value)


def replay_transcript_client(t):
    """Client role: returns None when the transcript replays, else a reason."""
    client = Client(bytes.fromhex(t["server_public"]), _hex_or_none(t["client_private"]))
    if t["client_auth"] != client.client_auth:
        return "client_auth flag inconsistent with client_private"
    if client.client_auth and client.client_public.hex() != t["client_public"]:
        return "client public key differs"
    packet, ctx, _ = client.pack_request(
        bytes.fromhex(t["ephemeral_private"]), bytes.fromhex(t["request"])
    )
    if packet.hex() != t["request_packet"]:
        return "request packet differs"
    if unpack_reply(ctx, bytes.fromhex(t["reply_packet"])).hex() != t["reply"]:
        return "reply differs"
    return None


def replay_transcript_server(t):
    """Server role: returns None when the transcript replays, else a reason."""
    server = Server(bytes.fromhex(t["server_private"]))
    if server.server_public.hex() != t["server_public"]:
        return "server public key differs"
    message, client_public, ctx, _ = server.unpack_request(bytes.fromhex(t["request_packet"]))
    if message.hex() != t["request"]:
        return "request differs"
    got = None if client_public is None else client_public.hex()
    want = t["client_public"] if t["client_auth"] else None
    if got != want:
        return "authenticated client key differs"
    if pack_reply(ctx, bytes.fromhex(t["reply"])).hex() != t["reply_packet"]:
        return "reply packet differs"
    return None
