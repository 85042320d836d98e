#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Generates the PSSST test vectors described in spec/vectors.md.

Usage: /usr/bin/python3 generate.py [--seed N] --out DIR

Writes DIR/server_anonymous.json, DIR/server_client_auth.json,
DIR/client_anonymous.json, DIR/client_client_auth.json, DIR/canary.json,
DIR/coverage.json, DIR/COVERAGE.md and DIR/transcripts/generated.json.
Everything is derived from the seed (Python's random.Random), so the output
is byte-identical on every run. The committed copies live in vectors/ and
were written by `generate.py --out vectors` with the default seed.

Every packet is computed here (with tiny_x25519 and the key schedule of
spec 5), and every test is then replayed through pssstpy, which checks the
declared result: a valid test must pass, an invalid one must fail at its
stage with its first listed error, and every canary must fail.
"""

import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    import pssstpy
    import replay
except ImportError as import_error:  # python3-cryptography missing
    print("SKIPPED: python3-cryptography is not installed (%s)" % import_error)
    sys.exit(77)

from pssstpy import (  # noqa: E402
    BASE_POINT,
    FLAG_CLIENT_AUTH,
    FLAG_REPLY,
    Keys,
    header_bytes,
    seal,
    tiny_x25519,
)

DEFAULT_SEED = 1307
GENERATOR_VERSION = "pssst-c vectors generator 1"
SCHEMA = "pssst_vectors.schema.json"
SUITE = pssstpy.SUITE_X25519_AESGCM128

# Known-answer message sizes (request); the reply size is taken from the same
# list, shifted, so that both directions see every size.
KAT_SIZES = (0, 1, 15, 16, 17, 63, 64, 65, 255, 256, 1024, 1400, 2048, 4096)

# spec 4.4: the largest UDP payload over IPv4; PSSST itself sets no maximum.
UDP_MAX_PAYLOAD = 65507
# The field prime and the order of the base point's subgroup (RFC 7748).
FIELD_P = 2**255 - 19
GROUP_Q = 2**252 + 27742317777372353535851937790883648493
# The base point with its top bit set, and its non-canonical encoding p + 9.
BASE_POINT_TOP_BIT = BASE_POINT[:31] + bytes([0x80])
BASE_POINT_PLUS_P = (FIELD_P + 9).to_bytes(32, "little")

# --------------------------------------------------------------------------
# Requirements: tests name requirement keys; requirements.json maps each key
# to one MUST sentence of spec/pssst.md (verbatim) and its section.

# --------------------------------------------------------------------------
# Flags: every flag used in a file is explained once in that file's notes.

FLAG_NOTES = {
    "KnownAnswer": (
        "BASIC",
        "A complete, correct transaction with its intermediate values. Every "
        "port must reproduce every byte in the role of the file.",
    ),
    "UnclampedScalar": (
        "EDGE_CASE",
        "Private keys and the ephemeral scalar are given unclamped. A port "
        "that does not clamp every scalar at use (spec 2.1) computes other "
        "bytes; in client-auth mode the ephemeral scalar still travels raw.",
    ),
    "EdgeCaseScalar": (
        "EDGE_CASE",
        "A private key or ephemeral scalar of all-zero or all-one bytes. Only "
        "its clamped value matters (spec 2.1); no scalar is invalid.",
    ),
    "TruncatedPacket": (
        "MEMORY_SAFETY",
        "The packet is shorter than the minimum of spec 4.4. A port that reads "
        "the fixed fields without a length check reads out of bounds or "
        "crashes; the reference raises stray exceptions here.",
    ),
    "ShortProof": (
        "MEMORY_SAFETY",
        "A CLIENT_AUTH request shorter than 116 bytes whose AEAD is valid, so "
        "the plaintext cannot hold the 64-byte proof (spec 6.2, 7.1 step 7). "
        "A port that decrypts first and then slices the proof reads past the "
        "plaintext.",
    ),
    "ExtendedPacket": (
        "MALLEABILITY",
        "A correct packet with bytes appended. The tag no longer matches.",
    ),
    "ReservedFlagBit": (
        "MISSING_CHECK",
        "A reserved flag bit is set (spec 4.3) and the AEAD is valid under the "
        "header as received, so a port that ignores reserved bits accepts the "
        "packet.",
    ),
    "ReservedFlagBitExpectedAad": (
        "MISSING_CHECK",
        "A reply with a reserved flag bit set whose AEAD is valid only under "
        "the header the client expected. A client that ignores reserved bits "
        "and authenticates the expected header instead of the received bytes "
        "(as the reference does) accepts it (spec 9.2).",
    ),
    "WrongDirection": (
        "MISSING_CHECK",
        "The REPLY bit says the packet travels the other way (a request given "
        "to a client, a reply given to a server), with an AEAD that is valid "
        "under the received header.",
    ),
    "UnsupportedSuite": (
        "MISSING_CHECK",
        "The suite field names a suite that is not implemented (spec 3.1); "
        "the AEAD is valid under the received header.",
    ),
    "Precedence": (
        "WRONG_PRECEDENCE",
        "Two or more checks fail; only the first in the order of spec 7.1 / "
        "9.1 may be reported (spec 10.2).",
    ),
    "ModifiedCiphertext": (
        "MALLEABILITY",
        "One bit of the ciphertext is flipped.",
    ),
    "ModifiedTag": (
        "MALLEABILITY",
        "One bit of the authentication tag is flipped.",
    ),
    "ModifiedHeader": (
        "MALLEABILITY",
        "One bit of the header is flipped after sealing. The check that owns "
        "the bit refuses the packet before decryption, except a CLIENT_AUTH "
        "flag cleared on a long enough request, which decryption refuses "
        "because the header is the AAD.",
    ),
    "ModifiedDhParam": (
        "MALLEABILITY",
        "One bit of dh_param is flipped. On a server this changes the derived "
        "key (the hash covers dh_param as received, even its top bit); on a "
        "client the reply no longer matches the request.",
    ),
    "UnauthenticatedHeader": (
        "MALLEABILITY",
        "The packet was sealed with empty additional data instead of its "
        "header (spec 4.1), so a port that does not authenticate the header "
        "accepts it.",
    ),
    "WrongKey": (
        "CONFIDENTIALITY",
        "The packet was sealed under a key that the receiver does not derive "
        "(another server, another request, or a key schedule a forger can "
        "compute without the secret).",
    ),
    "NonceConfusion": (
        "CONFIDENTIALITY",
        "The packet was sealed with the nonce of the other direction "
        "(spec 5.2).",
    ),
    "LowOrderPoint": (
        "MISSING_CHECK",
        "A low-order X25519 point (from Wycheproof) that makes the shared "
        "secret all zero. The packets are sealed under the key derived from "
        "the all-zero secret, so a port that skips the check of spec 5.3 "
        "gets a successful result instead of BAD_KEY.",
    ),
    "NonCanonicalPoint": (
        "EDGE_CASE",
        "A u-coordinate in non-canonical form (>= 2^255-19, or with the top "
        "bit set), from Wycheproof. It is accepted and reduced (spec 2.1); "
        "the key schedule hashes dh_param exactly as received.",
    ),
    "TwistPoint": (
        "EDGE_CASE",
        "A u-coordinate on the quadratic twist, from Wycheproof. X25519 is "
        "defined for it and the transaction is valid (spec 2.1).",
    ),
    "SpecialPoint": (
        "EDGE_CASE",
        "A u-coordinate of special form from Wycheproof that exercises edge "
        "cases of the field arithmetic. The transaction is valid.",
    ),
    "ForgedProof": (
        "AUTH_BYPASS",
        "The client-auth proof does not prove the claimed client key "
        "(spec 7.3), though the AEAD is valid.",
    ),
    "LowOrderProofKey": (
        "AUTH_BYPASS",
        "The client key C in the proof is a low-order point, so X25519(e, C) "
        "is all zero and must be refused (spec 7.3).",
    ),
    "ProofEncoding": (
        "EDGE_CASE",
        "The proof is encoded differently from what this implementation "
        "sends (a clamped ephemeral scalar, or C with its top bit set) but "
        "still proves the key, because scalars are clamped and "
        "u-coordinates masked at use (spec 2.1, 7.3).",
    ),
    "NonCanonicalDhParamProof": (
        "AUTH_BYPASS",
        "dh_param is a non-canonical encoding of X25519(e, C). The proof "
        "check compares bytes (spec 7.3), and X25519 output is canonical, "
        "so the proof fails.",
    ),
    "ClientAuthFlag": (
        "AUTH_BYPASS",
        "The CLIENT_AUTH flag does not match the content: set on an "
        "anonymous request, or cleared on a client-auth request (which is "
        "then an anonymous request whose message starts with the proof, and "
        "authenticates nobody).",
    ),
    "ReplyMismatch": (
        "MISSING_CHECK",
        "A reply that does not belong to the pending request (spec 9.1 "
        "step 6); the AEAD is valid under the received header and the "
        "pending request's key wherever that is possible.",
    ),
    "ContextReuse": (
        "CONFIDENTIALITY",
        "A reply context used twice (spec 8.2). Sealing twice reuses a "
        "key/nonce pair.",
    ),
    "EmptyMessage": (
        "MALLEABILITY",
        "The message is empty, so the packet holds no ciphertext (or, in a "
        "client-auth request, only the proof) and the tag is its only defence; "
        "each kind of tampering is applied to it: every tag byte, every header "
        "bit, dh_param, truncation, extension, another AAD or nonce.",
    ),
    "LargestDatagram": (
        "EDGE_CASE",
        "A packet of 65507 bytes, the largest UDP payload over IPv4, or one "
        "byte longer (spec 4.4). PSSST sets no maximum: both are valid. A port "
        "with a fixed buffer or a 16-bit length that wraps fails here.",
    ),
    "UnusualClientKey": (
        "EDGE_CASE",
        "The client key C of a proof is an unusual but valid u-coordinate (a "
        "non-canonical encoding, a point on the twist or a special value, from "
        "Wycheproof). The proof holds and the server reports C exactly as "
        "received (spec 2.1, 7.3).",
    ),
    "KnownLogPoint": (
        "EDGE_CASE",
        "The base point 9 (or a non-canonical encoding of it) as dh_param, "
        "client key or server key: its discrete logarithm is known, yet it is "
        "a valid point and must not be refused (spec 2.1).",
    ),
    "ReplySequence": (
        "CONFIDENTIALITY",
        "Several packets are offered to one client reply context (extension of "
        "spec/vectors.md): packets refused before decryption must leave it usable, "
        "a packet that reaches decryption must consume it (spec 8.2).",
    ),
    "Canary": (
        "HARNESS",
        "A deliberately unsatisfiable test: its expected result contradicts "
        "its data. A correct port makes the runner report it FAILED; a "
        "runner that reports it passing is broken. Canaries check the "
        "runner, not the port.",
    ),
}

# --------------------------------------------------------------------------
# Small helpers


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def flip(data, index, mask=0x01):
    b = bytearray(data)
    b[index] ^= mask
    return bytes(b)


def set_flags(packet, flags):
    return flags.to_bytes(2, "big") + packet[2:]


def random_scalar(rng, clamped):
    """A 32-byte scalar; unclamped ones have every clamping bit 'wrong'."""
    k = bytearray(rng.randbytes(32))
    if clamped:
        return pssstpy.clamp(bytes(k))
    k[0] |= 0x07
    k[31] = (k[31] | 0x80) & 0xBF
    return bytes(k)


def hex_or_none(value):
    return None if value is None else value.hex()


def section_key(section):
    return tuple(int(p) for p in section.split("."))


class Tx:
    """One transaction computed from first principles (tiny_x25519 and the
    key schedule of spec 5): the values a correct port produces, or for
    forbidden inputs the values a port that skips a check would produce.

    dh_param may be forced (server-side crafted requests); then the shared
    secret is the one the server derives from it. proof may be forced
    (forged client-auth proofs)."""

    def __init__(self, sp, spub, cp, e, request, reply, client_auth, dh=None, proof=None):
        self.sp = sp
        self.spub = spub if spub is not None else tiny_x25519(sp, BASE_POINT)
        self.cp = cp
        self.cpub = tiny_x25519(cp, BASE_POINT) if cp is not None else None
        self.e = e
        self.request = request
        self.reply = reply
        self.client_auth = client_auth
        if dh is None:
            if client_auth:
                dh = tiny_x25519(e, self.cpub)
                shared = tiny_x25519(e, tiny_x25519(cp, self.spub))
            else:
                dh = tiny_x25519(e, BASE_POINT)
                shared = tiny_x25519(e, self.spub)
        else:
            shared = tiny_x25519(sp, dh)
        self.keys = Keys(dh, shared)
        if proof is None and client_auth:
            proof = self.cpub + e
        self.proof = proof if proof is not None else b""
        self.flags = FLAG_CLIENT_AUTH if client_auth else 0
        self.request_packet = self.seal_request()
        self.reply_packet = self.seal_reply()

    @property
    def plaintext(self):
        return self.proof + self.request

    def seal_request(self, flags=None, suite=SUITE, plaintext=None, aad=None, nonce=None, key=None):
        flags = self.flags if flags is None else flags
        header = header_bytes(flags, suite)
        body = seal(
            self.keys.key if key is None else key,
            self.keys.client_nonce if nonce is None else nonce,
            header if aad is None else aad,
            self.plaintext if plaintext is None else plaintext,
        )
        return header + self.keys.dh_param + body

    def reply_flags(self):
        return FLAG_REPLY | self.flags

    def seal_reply(self, flags=None, suite=SUITE, dh=None, message=None, aad=None, nonce=None,
                   key=None):
        flags = self.reply_flags() if flags is None else flags
        header = header_bytes(flags, suite)
        body = seal(
            self.keys.key if key is None else key,
            self.keys.server_nonce if nonce is None else nonce,
            header if aad is None else aad,
            self.reply if message is None else message,
        )
        return header + (self.keys.dh_param if dh is None else dh) + body

    def data(self, **override):
        d = {
            "serverPrivate": hex_or_none(self.sp),
            "serverPublic": self.spub.hex(),
            "clientPrivate": hex_or_none(self.cp),
            "clientPublic": hex_or_none(self.cpub),
            "ephemeralPrivate": hex_or_none(self.e),
            "request": self.request.hex(),
            "requestPacket": self.request_packet.hex(),
            "reply": self.reply.hex(),
            "replyPacket": self.reply_packet.hex(),
            "intermediate": self.keys.as_hex(),
        }
        for name, value in override.items():
            d[name] = value.hex() if isinstance(value, (bytes, bytearray)) else value
        return d


FIELD_ORDER = (
    "serverPrivate",
    "serverPublic",
    "clientPrivate",
    "clientPublic",
    "ephemeralPrivate",
    "request",
    "requestPacket",
    "reply",
    "replyPacket",
    "intermediate",
    "repliesBefore",
)


class VectorFile:
    """The tests of one output file: one role, one mode."""

    def __init__(self, gen, name, role, mode, title):
        self.gen = gen
        self.name = name
        self.role = role
        self.mode = mode
        self.title = title
        self.tests = []
        self.ids = set()
        self.canary = False
        self.group_type = "PssstTest"
        self.output_name = name + ".json"

    @property
    def prefix(self):
        return "%s-%s-" % (self.role, "anon" if self.mode == "anonymous" else "auth")

    @property
    def client_auth(self):
        return self.mode == "client_auth"

    def rng(self, name):
        # One generator per test: adding a test never changes another one.
        return random.Random("%d:%s:%s" % (self.gen.seed, self.name, name))

    def tx(self, name, req_len=16, rep_len=16, clamped=True, **kw):
        rng = self.rng(name)
        sp = kw.pop("sp", random_scalar(rng, clamped))
        cp = kw.pop("cp", random_scalar(rng, clamped) if self.client_auth else None)
        e = kw.pop("e", random_scalar(rng, clamped))
        request = kw.pop("request", rng.randbytes(req_len))
        reply = kw.pop("reply", rng.randbytes(rep_len))
        return Tx(sp, kw.pop("spub", None), cp, e, request, reply, self.client_auth, **kw)

    def add(self, suffix, comment, reqs, flags, result, data, errors=None, stage=None):
        tc_id = suffix if self.canary else self.prefix + suffix
        if tc_id in self.ids:
            raise ValueError("duplicate tcId " + tc_id)
        self.ids.add(tc_id)
        test = {
            "tcId": tc_id,
            "comment": comment,
            "sections": self.gen.sections(reqs),
            "requirements": self.gen.sentences(reqs),
            "requirementKeys": list(reqs),
            "flags": list(flags),
            "result": result,
        }
        if result != "valid":
            test["errors"] = list(errors)
            test["stage"] = stage
        for name in FIELD_ORDER:
            test[name] = data.get(name)
        if result != "valid" and test["intermediate"] is None:
            del test["intermediate"]
        if test["repliesBefore"] is None:
            del test["repliesBefore"]
        self.tests.append(test)
        return test

    def valid(self, suffix, comment, reqs, flags, tx, **override):
        return self.add(suffix, comment, reqs, flags, "valid", tx.data(**override))

    def invalid(self, suffix, comment, reqs, flags, errors, stage, data):
        if isinstance(errors, str):
            errors = [errors]
        return self.add(suffix, comment, reqs, flags, "invalid", data, errors, stage)

    def document(self):
        used = sorted({f for t in self.tests for f in t["flags"]})
        notes = {f: {"bugType": FLAG_NOTES[f][0], "description": FLAG_NOTES[f][1]} for f in used}
        tests = [{k: v for k, v in t.items() if k != "requirementKeys"} for t in self.tests]
        return {
            "algorithm": "PSSST",
            "schema": SCHEMA,
            "generatorVersion": GENERATOR_VERSION,
            "source": "vectors/generator/generate.py --seed %d (pssstpy, an independent "
            "Python implementation; special X25519 points from Wycheproof "
            "x25519_test.json via vectors/generator/wycheproof_points.json)" % self.gen.seed,
            "numberOfTests": len(tests),
            "header": [
                self.title,
                "Format, procedures and the stage rule: spec/vectors.md. Protocol: spec/pssst.md.",
            ],
            "notes": notes,
            "testGroups": [
                {
                    "type": self.group_type,
                    "role": self.role,
                    "mode": self.mode,
                    "suite": SUITE,
                    "tests": tests,
                }
            ],
        }


# --------------------------------------------------------------------------
# Tests shared by both roles


def kat_requirements(f, size, rep, clamped):
    """The MUST sentences a known-answer test checks, by role and mode."""
    reqs = ["2.1-clamp", "5.1-hash", "5.1-key", "5.1-client-nonce", "5.1-server-nonce",
            "5.2-request-nonce", "5.2-reply-nonce", "4.3-send-zero"]
    if not clamped:
        reqs.append("2.1-raw-equals-clamped")
    if size == 0 or rep == 0:
        reqs.append("4.4-empty-message")
    if f.role == "client":
        reqs += ["3.1-no-suite-0", "4.2-request-reply-clear", "4.2-client-auth-iff-proof",
                 "4.1-whole-datagram", "6.1-request-aad", "9.2-aad"]
        if f.client_auth:
            reqs += ["6.2-dh-param", "6.2-shared", "6.2-plaintext", "6.3-known-answer-proof"]
        else:
            reqs += ["6.1-dh-param", "6.1-shared", "6.1-plaintext"]
    else:
        reqs += ["4.2-reply-flag-set", "4.2-reply-client-auth", "7.2-aad", "8.1-header",
                 "8.1-suite", "8.1-dh-param", "8.1-seal"]
        if f.client_auth:
            reqs += ["7.3-clamp-e", "7.3-verify", "7.3-message", "7.3-client-key"]
        else:
            reqs += ["7.2-no-key-anonymous"]
    return reqs


def kat_tests(f):
    """Known answers: many sizes, clamped and unclamped scalars."""
    n = len(KAT_SIZES)
    for clamped in (True, False):
        kind = "clamped" if clamped else "unclamped"
        flags = ["KnownAnswer"] if clamped else ["KnownAnswer", "UnclampedScalar"]
        for i, size in enumerate(KAT_SIZES):
            rep = KAT_SIZES[(i + (3 if clamped else 7)) % n]
            tx = f.tx("kat-%s-%d" % (kind, size), size, rep, clamped)
            reqs = kat_requirements(f, size, rep, clamped)
            f.valid("kat-%s-request-%d-reply-%d" % (kind, size, rep),
                    "%d-byte request, %d-byte reply, %s scalars" % (size, rep, kind),
                    reqs, flags, tx)


def edge_scalar_tests(f):
    zero, ones = bytes(32), b"\xff" * 32
    cases = [("server-key-zero", dict(sp=zero)), ("server-key-ff", dict(sp=ones)),
             ("ephemeral-zero", dict(e=zero)), ("ephemeral-ff", dict(e=ones))]
    if f.client_auth:
        cases += [("client-key-zero", dict(cp=zero)), ("client-key-ff", dict(cp=ones))]
    for name, kw in cases:
        tx = f.tx(name, 24, 24, **kw)
        reqs = ["2.1-clamp", "2.1-raw-equals-clamped"]
        f.valid("edge-scalar-" + name, "%s: only the clamped scalar matters" % name.replace("-", " "),
                reqs, ["EdgeCaseScalar"], tx)


def reuse_tests(f):
    for size in (0, 33):
        tx = f.tx("reuse-%d" % size, size, size)
        if f.role == "server":
            comment = "pack_reply twice on one reply context: the second call must fail"
        else:
            comment = "unpack_reply twice on one reply context: the second call must fail"
        if f.role == "server":
            reqs = ["8.2-server-once", "8.2-server-consumed", "8.2-used-status"]
        else:
            reqs = ["8.2-client-consumed", "8.2-used-status", "9.1-step-0"]
        f.invalid("context-reuse-%d" % size, comment, reqs, ["ContextReuse"],
                  "CONTEXT_USED", "reuse", tx.data())


# --------------------------------------------------------------------------
# Server role


def server_tests(f, points):
    auth = f.client_auth
    kat_tests(f)
    edge_scalar_tests(f)
    reuse_tests(f)
    base = f.tx("base", 40, 20)
    stage = "unpack_request"

    # spec 4.4: every length below the minimum.
    for n in range(pssstpy.OVERHEAD):
        f.invalid("truncated-len-%d" % n, "request truncated to %d bytes" % n,
                  (["7.1-step-1"] if n < 4 else ["4.4-min-length", "7.1-step-6"]) + ["10.1-typed"],
                  ["TruncatedPacket"], "MALFORMED", stage,
                  base.data(requestPacket=base.request_packet[:n]))
    if auth:
        # spec 6.2 / 7.1 step 7: too short for the proof, AEAD valid.
        proof_tx = f.tx("short-proof", 0, 8)
        for n in range(pssstpy.OVERHEAD, pssstpy.MIN_CLIENT_AUTH_REQUEST):
            pt = proof_tx.proof[: n - pssstpy.OVERHEAD]
            f.invalid("short-proof-len-%d" % n,
                      "CLIENT_AUTH request of %d bytes: %d plaintext bytes, AEAD valid" % (n, len(pt)),
                      ["4.4-proof-length", "7.1-step-7", "10.1-typed"], ["ShortProof"],
                      "CLIENT_AUTH_FAILED", stage,
                      proof_tx.data(request=b"", requestPacket=proof_tx.seal_request(plaintext=pt)))
    pkt = base.request_packet + b"\x00"
    f.invalid("extended-by-one-byte", "one zero byte appended to a correct request",
              ["4.1-whole-datagram", "7.1-step-10"], ["ExtendedPacket"], "DECRYPT_FAILED", stage,
              base.data(requestPacket=pkt))

    # spec 4.3: each reserved bit, AEAD valid under the received header.
    for bit in range(14):
        flags = base.flags | (1 << bit)
        f.invalid("reserved-bit-%d" % bit,
                  "reserved flag bit 0x%04x set; AEAD valid under the received header" % (1 << bit),
                  ["4.3-refuse", "7.1-step-5"], ["ReservedFlagBit"], "MALFORMED", stage,
                  base.data(requestPacket=base.seal_request(flags=flags)))
    # spec 4.2: REPLY bit.
    f.invalid("reply-bit-set", "REPLY bit set on a request; AEAD valid under the received header",
              ["7.1-step-3"], ["WrongDirection"], "NOT_REQUEST", stage,
              base.data(requestPacket=base.seal_request(flags=base.flags | FLAG_REPLY)))
    f.invalid("reflected-reply", "the server is given its own reply packet",
              ["7.1-step-3"], ["WrongDirection"], "NOT_REQUEST", stage,
              base.data(requestPacket=base.reply_packet))
    # spec 3.1: suites that are not implemented.
    for suite in (0, 2, 0xFFFF):
        f.invalid("suite-%d" % suite, "suite %d; AEAD valid under the received header" % suite,
                  ["3.1-unassigned-suites", "7.1-step-2"], ["UnsupportedSuite"], "UNSUPPORTED_SUITE",
                  stage, base.data(requestPacket=base.seal_request(suite=suite)))
    server_precedence_tests(f, base)
    server_corruption_tests(f, base)
    server_point_tests(f, points)
    largest_datagram_tests(f)
    empty_tamper_tests(f, server=True)
    server_known_log_tests(f)
    if auth:
        server_proof_tests(f, points)
        server_client_key_tests(f, points)
        server_auth_flag_tests(f)
    else:
        stripped = Tx(base.sp, None, random_scalar(f.rng("stripped-c"), True),
                      random_scalar(f.rng("stripped-e"), True), base.request, base.reply, True)
        stripped.flags = 0
        stripped.request_packet = stripped.seal_request()
        stripped.reply_packet = stripped.seal_reply()
        f.valid("client-auth-flag-cleared",
                "a client-auth request with CLIENT_AUTH cleared and resealed: an anonymous "
                "request whose message starts with the 64-byte proof; nobody is authenticated",
                ["7.2-no-key-anonymous", "7.2-aad"], ["ClientAuthFlag"], stripped,
                request=stripped.plaintext, clientPrivate=None, clientPublic=None)


def server_precedence_tests(f, base):
    stage = "unpack_request"
    reserved = 0x0001
    cases = [
        ("suite-2-and-reply-bit", base.seal_request(flags=base.flags | FLAG_REPLY, suite=2),
         "UNSUPPORTED_SUITE", "suite 2 and REPLY bit: the suite is checked first", "7.1-step-2"),
        ("suite-2-and-reserved-bit", base.seal_request(flags=base.flags | reserved, suite=2),
         "UNSUPPORTED_SUITE", "suite 2 and a reserved bit: the suite is checked first",
         "7.1-step-2"),
        ("suite-0-header-only", header_bytes(base.flags, 0), "UNSUPPORTED_SUITE",
         "a 4-byte packet with suite 0: the suite is checked before the length", "7.1-step-2"),
        ("reply-bit-and-reserved-bit",
         base.seal_request(flags=base.flags | FLAG_REPLY | reserved),
         "NOT_REQUEST", "REPLY bit and a reserved bit: the REPLY bit is checked first",
         "7.1-step-3"),
        ("reply-bit-header-only", header_bytes(base.flags | FLAG_REPLY, SUITE),
         "NOT_REQUEST", "a 4-byte packet with the REPLY bit: checked before the length",
         "7.1-step-3"),
        ("reserved-bit-and-short", base.seal_request(flags=base.flags | reserved)[:40],
         "MALFORMED", "a reserved bit in a 40-byte packet", "7.1-step-5"),
    ]
    if f.client_auth:
        cases.append(("reserved-bit-and-short-proof",
                      base.seal_request(flags=base.flags | reserved, plaintext=base.proof[:8]),
                      "MALFORMED", "a reserved bit in a 60-byte CLIENT_AUTH request: reserved "
                      "bits are checked before the proof length", "7.1-step-5"))
    # Each pair of neighbouring checks again, with other values, so that no
    # order of two checks is caught by a single vector.
    for suite in (0, 0xFFFF):
        cases.append(("suite-%d-and-reply-bit" % suite,
                      base.seal_request(flags=base.flags | FLAG_REPLY, suite=suite),
                      "UNSUPPORTED_SUITE", "suite %d and REPLY bit: the suite is checked first"
                      % suite, "7.1-step-2"))
        cases.append(("suite-%d-and-reply-bit-header-only" % suite,
                      header_bytes(base.flags | FLAG_REPLY, suite), "UNSUPPORTED_SUITE",
                      "a 4-byte packet with suite %d and the REPLY bit" % suite, "7.1-step-2"))
    for bit in (0x0100, 0x2000):
        cases.append(("reply-bit-and-reserved-bit-%04x" % bit,
                      base.seal_request(flags=base.flags | FLAG_REPLY | bit), "NOT_REQUEST",
                      "REPLY bit and reserved bit 0x%04x: the REPLY bit is checked first" % bit,
                      "7.1-step-3"))
        short_auth = base.flags | FLAG_CLIENT_AUTH | bit
        for n in (pssstpy.OVERHEAD, pssstpy.MIN_CLIENT_AUTH_REQUEST - 1):
            pt = (base.plaintext + bytes(pssstpy.PROOF_SIZE))[:n - pssstpy.OVERHEAD]
            cases.append(("reserved-bit-%04x-and-short-proof-len-%d" % (bit, n),
                          base.seal_request(flags=short_auth, plaintext=pt), "MALFORMED",
                          "reserved bit 0x%04x in a %d-byte CLIENT_AUTH request: reserved "
                          "bits are checked before the proof length" % (bit, n), "7.1-step-5"))
    for name, pkt, err, comment, step in cases:
        f.invalid("precedence-" + name, comment, ["7.1-first-check", step], ["Precedence"],
                  err, stage, base.data(requestPacket=pkt))
    low = bytes(32)
    zero_keys = Keys(low, bytes(32))
    zpkt = header_bytes(base.flags, SUITE) + low + seal(
        zero_keys.key, zero_keys.client_nonce, header_bytes(base.flags, SUITE), base.plaintext)
    f.invalid("precedence-low-order-and-bad-tag",
              "all-zero dh_param and a corrupted tag: the zero check comes before decryption",
              ["7.1-first-check", "7.1-step-9"], ["Precedence", "LowOrderPoint"],
              "BAD_KEY", stage, base.data(requestPacket=flip(zpkt, len(zpkt) - 1)))
    if f.client_auth:
        short = header_bytes(base.flags, SUITE) + low + seal(
            zero_keys.key, zero_keys.client_nonce, header_bytes(base.flags, SUITE), base.proof[:8])
        f.invalid("precedence-short-proof-and-low-order",
                  "60-byte CLIENT_AUTH request with an all-zero dh_param: the proof length is "
                  "checked before the key agreement",
                  ["7.1-first-check", "7.1-step-7"], ["Precedence", "ShortProof"],
                  "CLIENT_AUTH_FAILED", stage, base.data(requestPacket=short))


def server_corruption_tests(f, base):
    stage = "unpack_request"
    pkt = base.request_packet
    body = pssstpy.BODY_OFFSET
    tag = len(pkt) - pssstpy.TAG_SIZE
    cases = [
        ("ciphertext-first-byte", body, "ModifiedCiphertext"),
        ("ciphertext-last-byte", tag - 1, "ModifiedCiphertext"),
        ("tag-first-byte", tag, "ModifiedTag"),
        ("tag-last-byte", len(pkt) - 1, "ModifiedTag"),
        ("dh-param-first-byte", pssstpy.DH_OFFSET, "ModifiedDhParam"),
        ("dh-param-middle-byte", pssstpy.DH_OFFSET + 16, "ModifiedDhParam"),
        ("dh-param-last-byte", body - 1, "ModifiedDhParam"),
    ]
    for name, index, flag in cases:
        reqs = ["7.1-step-10", "7.2-no-plaintext"]
        if flag == "ModifiedTag":
            reqs += ["2.3-full-tag", "2.3-no-plaintext"]
        elif flag == "ModifiedDhParam":
            reqs = ["5.1-hash", "7.1-step-10"]
        f.invalid("modified-" + name, "bit 0 of byte %d flipped" % index,
                  reqs, [flag], "DECRYPT_FAILED", stage,
                  base.data(requestPacket=flip(pkt, index)))
    auth_flip = ("DECRYPT_FAILED", "7.1-step-10") if f.client_auth else ("CLIENT_AUTH_FAILED",
                                                                           "7.1-step-7")
    header_cases = [
        (0, 0x80, "NOT_REQUEST", "7.1-step-3"),
        (0, 0x40) + auth_flip,
        (0, 0x01, "MALFORMED", "7.1-step-5"),
        (1, 0x01, "MALFORMED", "7.1-step-5"),
        (2, 0x01, "UNSUPPORTED_SUITE", "7.1-step-2"),
        (3, 0x01, "UNSUPPORTED_SUITE", "7.1-step-2"),
    ]
    for index, mask, err, step in header_cases:
        f.invalid("modified-header-byte-%d-mask-%02x" % (index, mask),
                  "header byte %d xor 0x%02x after sealing" % (index, mask),
                  [step], ["ModifiedHeader"], err, stage,
                  base.data(requestPacket=flip(pkt, index, mask)))
    f.invalid("modified-dh-param-top-bit",
              "top bit of dh_param flipped: the same point, but the key schedule hashes the "
              "bytes as received", ["2.1-dh-param-as-carried", "5.1-hash", "7.1-step-10"],
              ["ModifiedDhParam"], "DECRYPT_FAILED", stage,
              base.data(requestPacket=flip(pkt, body - 1, 0x80)))
    f.invalid("header-not-authenticated", "request sealed with empty additional data",
              ["6.1-request-aad", "7.2-aad", "7.1-step-10"], ["UnauthenticatedHeader"],
              "DECRYPT_FAILED", stage,
              base.data(requestPacket=base.seal_request(aad=b"")))
    f.invalid("sealed-with-server-nonce", "request sealed with the reply nonce",
              ["5.2-request-nonce", "7.1-step-10"], ["NonceConfusion"], "DECRYPT_FAILED", stage,
              base.data(requestPacket=base.seal_request(nonce=base.keys.server_nonce)))
    other = f.tx("other-server", 40, 20)
    f.invalid("sealed-for-other-server", "a correct request for another server's key",
              ["7.1-step-10", "7.2-no-plaintext"], ["WrongKey"], "DECRYPT_FAILED", stage,
              base.data(requestPacket=other.request_packet, request=other.request))


def point_flags(point):
    wf = point["flags"]
    flags = []
    if "NonCanonicalPublic" in wf:
        flags.append("NonCanonicalPoint")
    if "Twist" in wf:
        flags.append("TwistPoint")
    if "SpecialPublicKey" in wf or "SmallPublicKey" in wf:
        flags.append("SpecialPoint")
    return flags or ["SpecialPoint"]


def point_requirements(u):
    """MUST sentences checked by a valid test whose special point is u."""
    reqs = ["2.1-dh-param-as-carried"]
    if is_twist(u):
        reqs.append("2.1-twist-accept")
    if u[31] & 0x80:
        reqs.append("2.1-u-top-bit")
    if int.from_bytes(pssstpy.mask_u(u), "little") >= 2**255 - 19:
        reqs += ["2.1-u-noncanonical-accept", "2.1-u-noncanonical-reduce"]
    return reqs


def point_name(point):
    return point["public"][:8] + point["public"][-8:]


def server_point_tests(f, points):
    """Every selected Wycheproof point as dh_param."""
    stage = "unpack_request"
    for i, point in enumerate(points):
        u = bytes.fromhex(point["public"])
        name = "dh-param-wycheproof-%02d-%s" % (i, point_name(point))
        low = pssstpy.is_low_order(u)
        if f.client_auth and not low:
            continue  # crafted dh_param cannot carry a valid proof
        rng = f.rng(name)
        sp = random_scalar(rng, True)
        e = random_scalar(rng, True)
        cp = random_scalar(rng, True) if f.client_auth else None
        # With an all-zero dh_param and C all zero, X25519(e, C) equals dh_param
        # bytewise: a port without either zero check would accept the proof.
        proof = u + e if (f.client_auth and u == bytes(32)) else None
        tx = Tx(sp, None, cp, e, rng.randbytes(20), rng.randbytes(20), f.client_auth, dh=u,
                proof=proof)
        comment = "dh_param %s (Wycheproof tcId %s, %s)" % (
            point["public"], point["tcIds"][0], "/".join(point["flags"]))
        if low:
            f.invalid(name, comment + "; AEAD valid under the key of the all-zero secret",
                      ["5.3-refuse-zero", "5.3-no-key-from-zero", "7.1-step-9", "10.1-typed"],
                      ["LowOrderPoint"], "BAD_KEY", stage,
                      tx.data())
        else:
            f.valid(name, comment, point_requirements(u) + ["8.1-dh-param"],
                    point_flags(point), tx, clientPrivate=None, ephemeralPrivate=None)


def server_proof_tests(f, points):
    stage = "unpack_request"
    reqs = ["7.3-verify", "7.3-differs", "7.1-step-11", "7.3-no-release"]

    def forged(name, comment, flags, tx, err="CLIENT_AUTH_FAILED", extra=()):
        f.invalid(name, comment, reqs + list(extra), flags, err, stage, tx.data())

    base = f.tx("proof-base", 30, 30)
    other = f.tx("proof-other", 30, 30, sp=base.sp)
    rng = f.rng("proof-forgery")
    stranger = tiny_x25519(random_scalar(rng, True), BASE_POINT)
    e2 = random_scalar(rng, True)
    forged("proof-wrong-client-key", "proof names another client key C' (e correct, AEAD valid)",
           ["ForgedProof"], Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True,
                               proof=stranger + base.e))
    forged("proof-wrong-ephemeral", "proof carries another ephemeral scalar (AEAD valid)",
           ["ForgedProof"], Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True,
                               proof=base.cpub + e2))
    forged("proof-of-other-client",
           "proof copied from another client's request to the same server (AEAD valid)",
           ["ForgedProof"], Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True,
                               proof=other.proof))
    # A forger who knows C but not c can build dh_param = X25519(e, C) and
    # the proof, but only seals with X25519(e, S).
    imp = Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True)
    imp.keys = Keys(imp.keys.dh_param, tiny_x25519(base.e, base.spub))
    imp.request_packet = imp.seal_request()
    imp.reply_packet = imp.seal_reply()
    f.invalid("impersonation-without-client-key",
              "dh_param and proof for the victim's key, sealed with X25519(e, S), which is all a "
              "forger without c can compute", ["6.2-shared", "7.1-step-10"],
              ["ForgedProof", "WrongKey"], "DECRYPT_FAILED", stage, imp.data())
    # Non-canonical dh_param: same point, other bytes.
    nc_dh = flip(base.keys.dh_param, 31, 0x80)
    nc = Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True, dh=nc_dh)
    forged("proof-dh-param-top-bit-set",
           "dh_param = X25519(e, C) with its top bit set; AEAD valid for those bytes",
           ["NonCanonicalDhParamProof"], nc,
           extra=["2.1-dh-param-as-carried", "7.3-noncanonical-dh-param"])
    # Encodings that still prove the key.
    go = Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True,
            proof=base.cpub + pssstpy.clamp(base.e))
    f.valid("proof-ephemeral-sent-clamped",
            "the proof carries the clamped form of e (as the Go port sends it)",
            ["7.3-clamp-e", "7.3-verify"], ["ProofEncoding"], go)
    raw = f.tx("proof-raw-ephemeral", 30, 30, clamped=False)
    f.valid("proof-ephemeral-unclamped",
            "the proof carries e unclamped (as the reference sends it); clamped at use",
            ["7.3-clamp-e", "2.1-clamp", "6.3-known-answer-proof"],
            ["ProofEncoding", "UnclampedScalar"], raw)
    top = flip(base.cpub, 31, 0x80)
    tb = Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True, proof=top + base.e)
    f.valid("proof-client-key-top-bit-set",
            "C in the proof has its top bit set: the same point; the authenticated key is C as "
            "received", ["7.3-client-key", "2.1-u-top-bit", "7.3-client-key-noncanonical"],
            ["ProofEncoding"], tb,
            clientPublic=top)
    # Low-order client keys in the proof.
    for i, point in enumerate(p for p in points if pssstpy.is_low_order(bytes.fromhex(p["public"]))):
        u = bytes.fromhex(point["public"])
        t = Tx(base.sp, None, base.cp, base.e, base.request, base.reply, True, proof=u + base.e)
        f.invalid("proof-low-order-client-key-%02d-%s" % (i, point_name(point)),
                  "C = %s (low order, Wycheproof tcId %s): X25519(e, C) is all zero"
                  % (point["public"], point["tcIds"][0]),
                  ["7.3-zero", "7.1-step-11", "10.1-typed"], ["LowOrderProofKey"],
                  "CLIENT_AUTH_FAILED", stage,
                  t.data(clientPublic=u))


def server_auth_flag_tests(f):
    stage = "unpack_request"
    rng = f.rng("flag-anon")
    sp, e = random_scalar(rng, True), random_scalar(rng, True)
    anon = Tx(sp, None, None, e, rng.randbytes(80), rng.randbytes(10), False)
    pkt = anon.seal_request(flags=FLAG_CLIENT_AUTH)
    f.invalid("client-auth-flag-set-on-anonymous",
              "an anonymous request with CLIENT_AUTH set and resealed; its first 64 message bytes "
              "are taken as a proof, which fails", ["7.1-step-11", "7.3-differs"],
              ["ClientAuthFlag"],
              "CLIENT_AUTH_FAILED", stage,
              anon.data(requestPacket=pkt, clientPublic=anon.request[:pssstpy.KEY_SIZE]))
    f.invalid("client-auth-flag-set-not-resealed",
              "CLIENT_AUTH set on an anonymous request after sealing",
              ["7.2-aad", "7.1-step-10"], ["ClientAuthFlag", "ModifiedTag"], "DECRYPT_FAILED",
              stage, anon.data(requestPacket=set_flags(anon.request_packet, FLAG_CLIENT_AUTH)))
    short = Tx(anon.sp, None, None, anon.e, anon.request[:10], anon.reply, False)
    f.invalid("client-auth-flag-set-on-short-anonymous",
              "a 62-byte anonymous request with CLIENT_AUTH set and resealed",
              ["4.4-proof-length", "7.1-step-7"], ["ClientAuthFlag", "ShortProof"],
              "CLIENT_AUTH_FAILED", stage,
              short.data(requestPacket=short.seal_request(flags=FLAG_CLIENT_AUTH)))


# --------------------------------------------------------------------------
# Client role


def client_tests(f, points):
    kat_tests(f)
    edge_scalar_tests(f)
    reuse_tests(f)
    base = f.tx("base", 20, 40)
    stage = "unpack_reply"
    for n in range(pssstpy.OVERHEAD):
        f.invalid("truncated-reply-len-%d" % n, "reply truncated to %d bytes" % n,
                  (["9.1-step-1"] if n < 4 else ["4.4-min-length", "9.1-step-5"]) + ["10.1-typed"],
                  ["TruncatedPacket"], "MALFORMED", stage,
                  base.data(replyPacket=base.reply_packet[:n]))
    f.invalid("extended-by-one-byte", "one zero byte appended to a correct reply",
              ["4.1-whole-datagram", "9.1-step-8"], ["ExtendedPacket"], "DECRYPT_FAILED", stage,
              base.data(replyPacket=base.reply_packet + b"\x00"))
    expected = header_bytes(base.reply_flags(), SUITE)
    for bit in range(14):
        flags = base.reply_flags() | (1 << bit)
        f.invalid("reserved-bit-%d-received-aad" % bit,
                  "reserved flag bit 0x%04x set; AEAD valid under the received header" % (1 << bit),
                  ["4.3-refuse", "9.1-step-4"], ["ReservedFlagBit"], "MALFORMED", stage,
                  base.data(replyPacket=base.seal_reply(flags=flags)))
        f.invalid("reserved-bit-%d-expected-aad" % bit,
                  "reserved flag bit 0x%04x set; AEAD valid only under the expected header"
                  % (1 << bit), ["4.3-refuse", "9.1-step-4", "9.2-aad"],
                  ["ReservedFlagBitExpectedAad"], "MALFORMED", stage,
                  base.data(replyPacket=base.seal_reply(flags=flags, aad=expected)))
    f.invalid("reply-bit-clear", "REPLY bit clear; AEAD valid under the received header",
              ["9.1-step-3"], ["WrongDirection"], "NOT_REPLY", stage,
              base.data(replyPacket=base.seal_reply(flags=base.flags)))
    f.invalid("reflected-request", "the client is given its own request packet",
              ["9.1-step-3"], ["WrongDirection"], "NOT_REPLY", stage,
              base.data(replyPacket=base.request_packet))
    for suite in (0, 2, 0xFFFF):
        f.invalid("suite-%d" % suite,
                  "reply with suite %d; AEAD valid under the received header" % suite,
                  ["3.1-unassigned-suites", "9.1-step-2"], ["UnsupportedSuite"], "UNSUPPORTED_SUITE",
                  stage, base.data(replyPacket=base.seal_reply(suite=suite)))
    client_mismatch_tests(f, base)
    client_corruption_tests(f, base)
    client_precedence_tests(f, base)
    client_point_tests(f, points)
    largest_datagram_tests(f)
    empty_tamper_tests(f, server=False)
    client_known_log_tests(f)


def client_mismatch_tests(f, base):
    stage = "unpack_reply"
    reqs = ["9.1-step-6"]
    wrong_auth = base.reply_flags() ^ FLAG_CLIENT_AUTH
    f.invalid("mismatch-client-auth-bit",
              "reply with the CLIENT_AUTH bit %s; AEAD valid under the received header and the "
              "request's key" % ("clear" if f.client_auth else "set"), reqs, ["ReplyMismatch"],
              "REPLY_MISMATCH", stage, base.data(replyPacket=base.seal_reply(flags=wrong_auth)))
    other = f.tx("other-request", 20, 40, sp=base.sp, cp=base.cp)
    f.invalid("mismatch-dh-param",
              "reply carrying another request's dh_param; AEAD valid under this request's key",
              reqs, ["ReplyMismatch"], "REPLY_MISMATCH", stage,
              base.data(replyPacket=base.seal_reply(dh=other.keys.dh_param)))
    f.invalid("mismatch-dh-param-top-bit",
              "reply whose dh_param has its top bit flipped (same point, other bytes); AEAD valid "
              "under this request's key", reqs + ["2.1-dh-param-as-carried"], ["ReplyMismatch"],
              "REPLY_MISMATCH", stage,
              base.data(replyPacket=base.seal_reply(dh=flip(base.keys.dh_param, 31, 0x80))))
    f.invalid("mismatch-reply-to-other-request",
              "a correct reply to another request of the same client", reqs, ["ReplyMismatch"],
              "REPLY_MISMATCH", stage, base.data(replyPacket=other.reply_packet))


def client_corruption_tests(f, base):
    stage = "unpack_reply"
    pkt = base.reply_packet
    body = pssstpy.BODY_OFFSET
    tag = len(pkt) - pssstpy.TAG_SIZE
    for name, index, flag in (("ciphertext-first-byte", body, "ModifiedCiphertext"),
                              ("ciphertext-last-byte", tag - 1, "ModifiedCiphertext"),
                              ("tag-first-byte", tag, "ModifiedTag"),
                              ("tag-last-byte", len(pkt) - 1, "ModifiedTag")):
        reqs = ["9.1-step-8", "9.2-no-plaintext"]
        if flag == "ModifiedTag":
            reqs += ["2.3-full-tag", "2.3-no-plaintext"]
        f.invalid("modified-" + name, "bit 0 of byte %d of the reply flipped" % index,
                  reqs, [flag], "DECRYPT_FAILED", stage,
                  base.data(replyPacket=flip(pkt, index)))
    header_cases = [
        (0, 0x80, "NOT_REPLY", "9.1-step-3"),
        (0, 0x40, "REPLY_MISMATCH", "9.1-step-6"),
        (0, 0x01, "MALFORMED", "9.1-step-4"),
        (1, 0x01, "MALFORMED", "9.1-step-4"),
        (2, 0x01, "UNSUPPORTED_SUITE", "9.1-step-2"),
        (3, 0x01, "UNSUPPORTED_SUITE", "9.1-step-2"),
    ]
    for index, mask, err, step in header_cases:
        f.invalid("modified-header-byte-%d-mask-%02x" % (index, mask),
                  "reply header byte %d xor 0x%02x after sealing" % (index, mask),
                  [step], ["ModifiedHeader"], err, stage,
                  base.data(replyPacket=flip(pkt, index, mask)))
    for name, index in (("first", pssstpy.DH_OFFSET), ("last", body - 1)):
        f.invalid("modified-dh-param-%s-byte" % name,
                  "bit 0 of byte %d (dh_param) of the reply flipped" % index,
                  ["9.1-step-6"], ["ModifiedDhParam", "ReplyMismatch"], "REPLY_MISMATCH", stage,
                  base.data(replyPacket=flip(pkt, index)))
    f.invalid("header-not-authenticated", "reply sealed with empty additional data",
              ["8.1-seal", "9.2-aad", "9.1-step-8"], ["UnauthenticatedHeader"], "DECRYPT_FAILED",
              stage,
              base.data(replyPacket=base.seal_reply(aad=b"")))
    f.invalid("sealed-with-client-nonce", "reply sealed with the request nonce",
              ["5.2-reply-nonce", "9.1-step-8"], ["NonceConfusion"], "DECRYPT_FAILED", stage,
              base.data(replyPacket=base.seal_reply(nonce=base.keys.client_nonce)))
    wrong = f.rng("wrong-key").randbytes(16)
    f.invalid("sealed-with-other-key",
              "reply with the right header and dh_param, sealed under another key",
              ["9.1-step-8", "9.2-no-plaintext"], ["WrongKey"], "DECRYPT_FAILED", stage,
              base.data(replyPacket=base.seal_reply(key=wrong)))


def client_precedence_tests(f, base):
    stage = "unpack_reply"
    reserved = 0x0001
    rf = base.reply_flags()
    cases = [
        ("suite-2-and-reply-bit-clear", base.seal_reply(flags=base.flags, suite=2),
         "UNSUPPORTED_SUITE", "suite 2 and REPLY bit clear: the suite is checked first",
         "9.1-step-2"),
        ("suite-65535-header-only", header_bytes(rf, 0xFFFF),
         "UNSUPPORTED_SUITE", "a 4-byte reply with suite 65535", "9.1-step-2"),
        ("reply-bit-clear-and-reserved-bit", base.seal_reply(flags=base.flags | reserved),
         "NOT_REPLY", "REPLY bit clear and a reserved bit: the REPLY bit is checked first",
         "9.1-step-3"),
        ("reply-bit-clear-header-only", header_bytes(base.flags, SUITE),
         "NOT_REPLY", "a 4-byte packet without the REPLY bit", "9.1-step-3"),
        ("reserved-bit-and-short", base.seal_reply(flags=rf | reserved)[:40],
         "MALFORMED", "a reserved bit in a 40-byte reply", "9.1-step-4"),
        ("reserved-bit-and-mismatch",
         base.seal_reply(flags=(rf ^ FLAG_CLIENT_AUTH) | reserved),
         "MALFORMED", "a reserved bit and the wrong CLIENT_AUTH bit: reserved bits come first",
         "9.1-step-4"),
        ("short-and-mismatch", base.seal_reply(flags=rf ^ FLAG_CLIENT_AUTH)[:51],
         "MALFORMED", "a 51-byte reply with the wrong CLIENT_AUTH bit: length comes first",
         "9.1-step-5"),
        ("mismatch-and-bad-tag", flip(base.seal_reply(dh=flip(base.keys.dh_param, 0)), -1),
         "REPLY_MISMATCH", "another dh_param and a corrupted tag: the match comes first",
         "9.1-step-6"),
    ]
    for suite in (0, 0xFFFF):
        cases.append(("suite-%d-and-reply-bit-clear" % suite,
                      base.seal_reply(flags=base.flags, suite=suite), "UNSUPPORTED_SUITE",
                      "suite %d and REPLY bit clear: the suite is checked first" % suite,
                      "9.1-step-2"))
        cases.append(("suite-%d-and-reply-bit-clear-header-only" % suite,
                      header_bytes(base.flags, suite), "UNSUPPORTED_SUITE",
                      "a 4-byte packet with suite %d and the REPLY bit clear" % suite,
                      "9.1-step-2"))
    for bit in (0x0100, 0x2000):
        cases.append(("reply-bit-clear-and-reserved-bit-%04x" % bit,
                      base.seal_reply(flags=base.flags | bit), "NOT_REPLY",
                      "REPLY bit clear and reserved bit 0x%04x: the REPLY bit is checked first"
                      % bit, "9.1-step-3"))
    for name, pkt, err, comment, step in cases:
        f.invalid("precedence-" + name, comment, ["9.1-first-check", step], ["Precedence"],
                  err, stage, base.data(replyPacket=pkt))


def client_point_tests(f, points):
    """Every selected Wycheproof point as the server public key."""
    for i, point in enumerate(points):
        u = bytes.fromhex(point["public"])
        low = pssstpy.is_low_order(u)
        name = "server-key-wycheproof-%02d-%s" % (i, point_name(point))
        rng = f.rng(name)
        cp = random_scalar(rng, True) if f.client_auth else None
        tx = Tx(None, u, cp, random_scalar(rng, True), rng.randbytes(20), rng.randbytes(20),
                f.client_auth)
        comment = "server public key %s (Wycheproof tcId %s, %s)" % (
            point["public"], point["tcIds"][0], "/".join(point["flags"]))
        if low:
            f.invalid(name, comment + "; the packets are what a port without the zero check "
                      "would send and accept",
                      ["6.2-low-order-server-key", "6.2-no-request-to-low-order",
                       "5.3-refuse-zero", "10.1-typed"], ["LowOrderPoint"], "BAD_KEY",
                      "client_init", tx.data())
        else:
            f.valid(name, comment, point_requirements(u) + ["5.1-hash"],
                    point_flags(point), tx)


# --------------------------------------------------------------------------
# Unusual u-coordinates (spec 2.1 table): twist points, the base point.


def reduced_u(u):
    return (int.from_bytes(pssstpy.mask_u(u), "little")) % FIELD_P


def is_twist(u):
    """True when u is a point of the quadratic twist: u^3 + A u^2 + u is not a
    square modulo p (Euler's criterion)."""
    x = reduced_u(u)
    v = (x * x * x + 486662 * x * x + x) % FIELD_P
    return v != 0 and pow(v, (FIELD_P - 1) // 2, FIELD_P) == FIELD_P - 1


def is_noncanonical(u):
    return bool(u[31] & 0x80) or int.from_bytes(pssstpy.mask_u(u), "little") >= FIELD_P


def key_for_base_point_proof(rng):
    """(e, C) with X25519(e, C) = 9: C = k*G for a clamped k whose product with
    clamp(e) is 1 modulo the order of G. Retries until k fits the clamped form
    2^254 + 8m with m < 2^251."""
    while True:
        e = random_scalar(rng, False)
        k = pow(int.from_bytes(pssstpy.clamp(e), "little"), -1, GROUP_Q)
        m = (k - 2**254) * pow(8, -1, GROUP_Q) % GROUP_Q
        if m < 2**251:
            c = (2**254 + 8 * m).to_bytes(32, "little")
            cpub = tiny_x25519(c, BASE_POINT)
            if tiny_x25519(e, cpub) == BASE_POINT:
                return e, cpub


def server_known_log_tests(f):
    """dh_param 9 and its non-canonical encodings (spec 2.1 table)."""
    stage = "unpack_request"
    rng = f.rng("known-log")
    sp = random_scalar(rng, True)
    if not f.client_auth:
        for name, u, extra in (("base-point", BASE_POINT, []),
                               ("base-point-top-bit", BASE_POINT_TOP_BIT, ["2.1-u-top-bit"]),
                               ("base-point-plus-p", BASE_POINT_PLUS_P,
                                ["2.1-u-noncanonical-accept", "2.1-u-noncanonical-reduce"])):
            tx = Tx(sp, None, None, random_scalar(rng, True), rng.randbytes(20), rng.randbytes(20),
                    False, dh=u)
            flags = ["KnownLogPoint"] + (["NonCanonicalPoint"] if extra else [])
            f.valid("dh-param-" + name,
                    "dh_param %s: the key is derived from X25519(s, 9) = S, which anyone can "
                    "compute, yet the point is valid and dh_param is hashed as received" % u.hex(),
                    ["2.1-known-log-accept", "2.1-dh-param-as-carried", "8.1-dh-param"] + extra,
                    flags, tx, ephemeralPrivate=None)
        return
    e, cpub = key_for_base_point_proof(rng)
    req, rep = rng.randbytes(20), rng.randbytes(20)
    tx = Tx(sp, None, None, e, req, rep, True, dh=BASE_POINT, proof=cpub + e)
    f.valid("dh-param-base-point",
            "C chosen so that X25519(e, C) = 9: dh_param is the base point, the proof holds",
            ["2.1-known-log-accept", "7.3-verify", "7.3-client-key"], ["KnownLogPoint"], tx,
            clientPublic=cpub)
    for name, u, extra in (("base-point-top-bit", BASE_POINT_TOP_BIT, []),
                           ("base-point-plus-p", BASE_POINT_PLUS_P, [])):
        bad = Tx(sp, None, None, e, req, rep, True, dh=u, proof=cpub + e)
        f.invalid("proof-dh-param-" + name,
                  "dh_param %s, a non-canonical encoding of X25519(e, C) = 9; AEAD valid for "
                  "those bytes; the proof compares bytes and fails" % u.hex(),
                  ["7.3-noncanonical-dh-param", "7.3-differs", "7.1-step-11",
                   "2.1-dh-param-as-carried"] + extra,
                  ["NonCanonicalDhParamProof", "KnownLogPoint"], "CLIENT_AUTH_FAILED", stage,
                  bad.data(clientPublic=cpub))
    for name, u in (("base-point", BASE_POINT), ("base-point-plus-p", BASE_POINT_PLUS_P)):
        e2 = random_scalar(rng, True)
        dh = tiny_x25519(e2, u)
        tx = Tx(sp, None, None, e2, rng.randbytes(20), rng.randbytes(20), True, dh=dh,
                proof=u + e2)
        reqs = ["2.1-known-log-accept", "7.3-verify", "7.3-client-key"]
        if u != BASE_POINT:
            reqs += ["7.3-client-key-noncanonical", "2.1-u-noncanonical-reduce"]
        f.valid("client-key-" + name,
                "C = %s, whose logarithm is known (anyone can build this proof); accepted and "
                "reported as received" % u.hex(), reqs, ["KnownLogPoint", "UnusualClientKey"],
                tx, clientPublic=u)


def server_client_key_tests(f, points):
    """Every Wycheproof point that is not of low order as the client key C
    of a proof: dh_param = X25519(e, C) (on the twist when C is), valid."""
    for i, point in enumerate(points):
        u = bytes.fromhex(point["public"])
        if pssstpy.is_low_order(u):
            continue
        name = "client-key-wycheproof-%02d-%s" % (i, point_name(point))
        rng = f.rng(name)
        sp, e = random_scalar(rng, True), random_scalar(rng, True)
        dh = tiny_x25519(e, u)
        tx = Tx(sp, None, None, e, rng.randbytes(20), rng.randbytes(20), True, dh=dh, proof=u + e)
        reqs = ["7.3-verify", "7.3-client-key"]
        if is_twist(u):
            reqs.append("2.1-twist-accept")
        if is_noncanonical(u):
            reqs.append("7.3-client-key-noncanonical")
        if u[31] & 0x80:
            reqs.append("2.1-u-top-bit")
        if int.from_bytes(pssstpy.mask_u(u), "little") >= FIELD_P:
            reqs += ["2.1-u-noncanonical-accept", "2.1-u-noncanonical-reduce"]
        f.valid(name, "client key C = %s (Wycheproof tcId %s, %s); dh_param = X25519(e, C)%s"
                % (point["public"], point["tcIds"][0], "/".join(point["flags"]),
                   ", a twist point" if is_twist(u) else ""),
                reqs, ["UnusualClientKey"] + point_flags(point), tx, clientPublic=u)


def client_known_log_tests(f):
    """The base point and its non-canonical encoding as the server key."""
    for name, u, extra in (("base-point", BASE_POINT, []),
                           ("base-point-plus-p", BASE_POINT_PLUS_P,
                            ["2.1-u-noncanonical-accept", "2.1-u-noncanonical-reduce"])):
        rng = f.rng("server-key-" + name)
        cp = random_scalar(rng, True) if f.client_auth else None
        tx = Tx(None, u, cp, random_scalar(rng, True), rng.randbytes(20), rng.randbytes(20),
                f.client_auth)
        f.valid("server-key-" + name,
                "server public key %s (logarithm 1: anyone can read the request); valid"
                % u.hex(), ["2.1-known-log-accept", "5.1-hash"] + extra,
                ["KnownLogPoint"] + (["NonCanonicalPoint"] if extra else []), tx)


# --------------------------------------------------------------------------
# Boundaries (spec 4.4): the largest datagram, and empty messages tampered.


def largest_datagram_tests(f):
    """Packets of 65507 bytes (the largest UDP payload over IPv4) and 65508."""
    request_overhead = pssstpy.OVERHEAD + (pssstpy.PROOF_SIZE if f.client_auth else 0)
    req_max = UDP_MAX_PAYLOAD - request_overhead
    rep_max = UDP_MAX_PAYLOAD - pssstpy.OVERHEAD
    reqs = kat_requirements(f, req_max, rep_max, True) + ["4.4-no-maximum"]
    tx = f.tx("largest-datagram", req_max, rep_max)
    f.valid("largest-datagram-request-%d-reply-%d" % (req_max, rep_max),
            "request and reply packets of %d bytes each, the largest UDP payload over IPv4"
            % UDP_MAX_PAYLOAD, reqs, ["KnownAnswer", "LargestDatagram"], tx)
    # One byte more than IPv4 carries, in the packet the role receives and
    # in the one it packs: neither end sets a maximum (spec 4.4).
    tx = f.tx("above-largest-datagram", req_max + 1, rep_max + 1)
    f.valid("above-largest-datagram-request-%d-reply-%d" % (len(tx.request_packet),
                                                             len(tx.reply_packet)),
            "request and reply packets of %d bytes each, one more than UDP over IPv4 "
            "carries: no maximum, valid" % (UDP_MAX_PAYLOAD + 1),
            kat_requirements(f, len(tx.request), len(tx.reply), True) + ["4.4-no-maximum"],
            ["KnownAnswer", "LargestDatagram"], tx)


def header_flip_outcome(role, client_auth, index, mask):
    """(status, requirement) of a packet whose header byte index is xored
    with mask, for an empty message (spec 7.1 / 9.1)."""
    if index >= 2:
        return "UNSUPPORTED_SUITE", ("7.1-step-2" if role == "server" else "9.1-step-2")
    if index == 0 and mask == 0x80:
        return ("NOT_REQUEST", "7.1-step-3") if role == "server" else ("NOT_REPLY", "9.1-step-3")
    if index == 0 and mask == 0x40:
        if role == "client":
            return "REPLY_MISMATCH", "9.1-step-6"
        if client_auth:  # cleared: a 116-byte anonymous request, the AAD differs
            return "DECRYPT_FAILED", "7.1-step-10"
        return "CLIENT_AUTH_FAILED", "7.1-step-7"  # set on a 52-byte request
    return "MALFORMED", ("7.1-step-5" if role == "server" else "9.1-step-4")


def empty_tamper_cases(f, tx, pkt, sealer, nonce):
    """(name, packet, status, requirements, flags) for one empty-message packet."""
    server = f.role == "server"
    decrypt = "7.1-step-10" if server else "9.1-step-8"
    no_pt = "7.2-no-plaintext" if server else "9.2-no-plaintext"
    tag = len(pkt) - pssstpy.TAG_SIZE
    cases = []
    for i in range(pssstpy.TAG_SIZE):
        cases.append(("tag-byte-%d" % i, flip(pkt, tag + i), "DECRYPT_FAILED",
                      [decrypt, "2.3-full-tag", "2.3-no-plaintext"], ["ModifiedTag"]))
    cases.append(("tag-zero", pkt[:tag] + bytes(pssstpy.TAG_SIZE), "DECRYPT_FAILED",
                  [decrypt, "2.3-full-tag"], ["ModifiedTag"]))
    for index in range(pssstpy.HEADER_SIZE):
        for bit in range(8):
            status, step = header_flip_outcome(f.role, f.client_auth, index, 1 << bit)
            reqs = [step] + (["3.1-unassigned-suites"] if index >= 2 else [])
            cases.append(("header-byte-%d-mask-%02x" % (index, 1 << bit),
                          flip(pkt, index, 1 << bit), status, reqs, ["ModifiedHeader"]))
    dh_status, dh_reqs = (("DECRYPT_FAILED", ["5.1-hash", decrypt]) if server
                          else ("REPLY_MISMATCH", ["9.1-step-6"]))
    for name, index, mask in (("first-byte", pssstpy.DH_OFFSET, 0x01),
                              ("last-byte", pssstpy.BODY_OFFSET - 1, 0x01),
                              ("top-bit", pssstpy.BODY_OFFSET - 1, 0x80)):
        extra = ["2.1-dh-param-as-carried"] if mask == 0x80 else []
        cases.append(("dh-param-" + name, flip(pkt, index, mask), dh_status, dh_reqs + extra,
                      ["ModifiedDhParam"]))
    if server and f.client_auth:
        short = ("CLIENT_AUTH_FAILED", ["4.4-proof-length", "7.1-step-7"])
    else:
        short = ("MALFORMED", ["4.4-min-length", "7.1-step-6" if server else "9.1-step-5"])
    for cut in (1, pssstpy.TAG_SIZE):
        cases.append(("truncated-by-%d" % cut, pkt[:-cut], short[0], short[1],
                      ["TruncatedPacket"]))
    cases.append(("extended-by-1", pkt + b"\x00", "DECRYPT_FAILED",
                  ["4.1-whole-datagram", decrypt], ["ExtendedPacket"]))
    cases.append(("extended-by-tag", pkt + pkt[tag:], "DECRYPT_FAILED",
                  ["4.1-whole-datagram", decrypt], ["ExtendedPacket"]))
    cases.append(("header-not-authenticated", sealer(aad=b""), "DECRYPT_FAILED",
                  [decrypt, "7.2-aad" if server else "9.2-aad", no_pt], ["UnauthenticatedHeader"]))
    cases.append(("sealed-with-other-nonce", sealer(nonce=nonce), "DECRYPT_FAILED",
                  [decrypt, "5.2-request-nonce" if server else "5.2-reply-nonce"],
                  ["NonceConfusion"]))
    return cases


def empty_tamper_tests(f, server):
    """Every tampering of an empty message, in the packet this role receives."""
    tx = f.tx("empty-tampered", 0, 0)
    if server:
        kind, pkt, sealer, nonce, op, member = ("request", tx.request_packet, tx.seal_request,
                                                tx.keys.server_nonce, "unpack_request",
                                                "requestPacket")
    else:
        kind, pkt, sealer, nonce, op, member = ("reply", tx.reply_packet, tx.seal_reply,
                                                tx.keys.client_nonce, "unpack_reply",
                                                "replyPacket")
    for name, bad, status, reqs, flags in empty_tamper_cases(f, tx, pkt, sealer, nonce):
        f.invalid("empty-%s-%s" % (kind, name),
                  "empty %s message, %s" % (kind, name.replace("-", " ")),
                  reqs, flags + ["EmptyMessage"], status, op, tx.data(**{member: bad}))


# --------------------------------------------------------------------------
# Reply sequences (extension, spec/vectors.md): several packets offered to
# one client reply context, checking spec 8.2.


def junk_replies(f, base):
    """(name, packet, status) of packets refused before decryption."""
    other = f.tx("seq-other", 8, 8, sp=base.sp, cp=base.cp)
    rf = base.reply_flags()
    return [
        ("truncated-3", base.reply_packet[:3], "MALFORMED"),
        ("truncated-51", base.reply_packet[:51], "MALFORMED"),
        ("suite-2", base.seal_reply(suite=2), "UNSUPPORTED_SUITE"),
        ("reflected-request", base.request_packet, "NOT_REPLY"),
        ("reserved-bit", base.seal_reply(flags=rf | 0x0100), "MALFORMED"),
        ("other-dh-param", base.seal_reply(dh=other.keys.dh_param), "REPLY_MISMATCH"),
        ("client-auth-bit", base.seal_reply(flags=rf ^ FLAG_CLIENT_AUTH), "REPLY_MISMATCH"),
    ]


def sequence_tests(f):
    base = f.tx("seq-base", 24, 24)
    junk = junk_replies(f, base)
    for name, pkt, status in junk:
        f.valid("seq-%s-then-reply" % name,
                "a packet refused with %s (before decryption) leaves the context usable; the "
                "genuine reply then succeeds" % status,
                ["8.2-client-usable", "9.1-first-check"], ["ReplySequence"], base,
                repliesBefore=[{"packet": pkt.hex(), "errors": [status]}])
    f.valid("seq-all-junk-then-reply", "seven refused packets in a row, then the genuine reply",
            ["8.2-client-usable"], ["ReplySequence"], base,
            repliesBefore=[{"packet": p.hex(), "errors": [st]} for _, p, st in junk])
    forged = [
        ("tag-modified", flip(base.reply_packet, -1)),
        ("ciphertext-modified", flip(base.reply_packet, pssstpy.BODY_OFFSET)),
        ("other-key", base.seal_reply(key=f.rng("seq-key").randbytes(16))),
    ]
    for name, pkt in forged:
        f.invalid("seq-forged-%s-then-reply" % name,
                  "a matching reply that fails authentication (DECRYPT_FAILED) consumes the "
                  "context; the genuine reply then gets CONTEXT_USED",
                  ["8.2-client-consumed", "8.2-used-status", "9.1-step-0"], ["ReplySequence"],
                  "CONTEXT_USED", "unpack_reply",
                  base.data(repliesBefore=[{"packet": pkt.hex(), "errors": ["DECRYPT_FAILED"]}]))
    f.invalid("seq-forged-then-truncated",
              "after a failed decryption even a 3-byte packet gets CONTEXT_USED (step 0 first)",
              ["9.1-step-0", "9.1-first-check"], ["ReplySequence", "Precedence"],
              "CONTEXT_USED", "unpack_reply",
              base.data(replyPacket=base.reply_packet[:3],
                        repliesBefore=[{"packet": forged[0][1].hex(),
                                        "errors": ["DECRYPT_FAILED"]}]))


# --------------------------------------------------------------------------
# Canaries: tests that no correct port can pass (spec/vectors.md).


def canary_tests(f):
    tx = f.tx("canary", 16, 16)
    flags = ["Canary"]
    wrong_reply = flip(tx.reply, 0)
    f.add("canary-client-wrong-reply",
          "valid transaction whose expected reply differs from what the reply packet holds",
          ["9.1-step-8"], flags, "valid", tx.data(reply=wrong_reply))
    f.add("canary-client-wrong-request-packet",
          "valid transaction whose expected request packet has a flipped tag bit",
          ["6.1-plaintext"], flags, "valid",
          tx.data(requestPacket=flip(tx.request_packet, -1)))
    f.add("canary-client-correct-reply-marked-invalid",
          "a correct transaction marked invalid (DECRYPT_FAILED at unpack_reply)",
          ["9.1-step-8"], flags, "invalid", tx.data(), ["DECRYPT_FAILED"], "unpack_reply")
    f.add("canary-client-wrong-error",
          "a truncated reply (MALFORMED) whose only allowed error is DECRYPT_FAILED",
          ["9.1-step-5"], flags, "invalid", tx.data(replyPacket=tx.reply_packet[:20]),
          ["DECRYPT_FAILED"], "unpack_reply")
    f.add("canary-client-reuse-wrong-error",
          "second unpack of the same reply whose only allowed error is DECRYPT_FAILED",
          ["9.1-step-0"], flags, "invalid", tx.data(), ["DECRYPT_FAILED"], "reuse")
    f.add("canary-server-wrong-request",
          "valid transaction whose expected request differs from the packet's message",
          ["6.1-plaintext"], flags, "valid", tx.data(request=flip(tx.request, 0)))
    f.add("canary-server-wrong-reply-packet",
          "valid transaction whose expected reply packet has a flipped ciphertext bit",
          ["8.1-seal"], flags, "valid",
          tx.data(replyPacket=flip(tx.reply_packet, pssstpy.BODY_OFFSET)))
    f.add("canary-server-correct-request-marked-invalid",
          "a correct request marked invalid (DECRYPT_FAILED at unpack_request)",
          ["7.1-step-10"], flags, "invalid", tx.data(), ["DECRYPT_FAILED"], "unpack_request")
    f.add("canary-server-wrong-stage",
          "a truncated request (fails at unpack_request) whose stage is reuse",
          ["7.1-step-6"], flags, "invalid", tx.data(requestPacket=tx.request_packet[:30]),
          ["MALFORMED"], "reuse")
    auth = Tx(tx.sp, None, random_scalar(f.rng("canary-c"), True), tx.e, tx.request, tx.reply,
              True)
    f.add("canary-server-wrong-client-key",
          "valid client-auth request whose expected authenticated key is another one",
          ["7.3-client-key"], flags, "valid", auth.data(clientPublic=flip(auth.cpub, 0)))
    f.add("canary-client-sequence-genuine-reply-before",
          "reply sequence whose packet before the reply is the genuine reply, which succeeds",
          ["8.2-client-usable"], flags, "valid",
          tx.data(repliesBefore=[{"packet": tx.reply_packet.hex(), "errors": ["MALFORMED"]}]))
    f.add("canary-client-sequence-wrong-error-before",
          "reply sequence whose truncated packet before the reply may only give DECRYPT_FAILED",
          ["8.2-client-usable"], flags, "valid",
          tx.data(repliesBefore=[{"packet": tx.reply_packet[:3].hex(),
                                  "errors": ["DECRYPT_FAILED"]}]))


CANARY_SPLIT = (
    # (canary tcId prefix, group type, role, mode); the first match wins.
    ("canary-client-sequence-", "PssstReplySequenceTest", "client", "anonymous"),
    ("canary-client-", "PssstTest", "client", "anonymous"),
    ("canary-server-wrong-client-key", "PssstTest", "server", "client_auth"),
    ("canary-server-", "PssstTest", "server", "anonymous"),
)


def canary_document(f):
    """Canaries come in several groups (type/role/mode); other files have one."""
    doc = f.document()
    groups = []
    placed = set()
    for prefix, group_type, role, mode in CANARY_SPLIT:
        tests = [t for t in doc["testGroups"][0]["tests"]
                 if t["tcId"].startswith(prefix) and t["tcId"] not in placed]
        placed.update(t["tcId"] for t in tests)
        if tests:
            groups.append({"type": group_type, "role": role, "mode": mode, "suite": SUITE,
                           "tests": tests})
    if placed != {t["tcId"] for t in doc["testGroups"][0]["tests"]}:
        raise ValueError("a canary matches no group of CANARY_SPLIT")
    doc["testGroups"] = groups
    return doc


# --------------------------------------------------------------------------
# Transcripts in the shared format (vectors/reference/README.md)

TRANSCRIPT_REQUEST_SIZES = (0, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 256, 1000, 1400)
TRANSCRIPT_REPLY_SIZES = (15, 64, 1, 33, 1400, 31, 256, 16, 65, 2, 63, 0, 32, 1000, 17, 255)


def transcript_inputs(seed):
    """Keys, ephemeral scalars and messages of the 32 transcripts of a seed.
    Shared with record_reference.py, so that a recording from the reference
    with the same seed must equal transcripts/generated.json."""
    rng = random.Random(seed)
    out = []
    for i in range(32):
        auth = i % 2 == 1
        clamped = (i // 2) % 2 == 0
        k = i % len(TRANSCRIPT_REQUEST_SIZES)
        sp = random_scalar(rng, clamped)
        cp = random_scalar(rng, clamped) if auth else None
        e = random_scalar(rng, clamped)
        request = rng.randbytes(TRANSCRIPT_REQUEST_SIZES[k])
        reply = rng.randbytes(TRANSCRIPT_REPLY_SIZES[k])
        out.append({"id": i, "client_auth": auth, "server_private": sp, "client_private": cp,
                    "ephemeral_private": e, "request": request, "reply": reply})
    return out


def transcript_record(inp, server_public, client_public, request_packet, reply_packet):
    """One transcript in the shared format (vectors/reference/README.md)."""
    return {
        "id": inp["id"],
        "client_auth": inp["client_auth"],
        "server_private": inp["server_private"].hex(),
        "server_public": server_public.hex(),
        "client_private": hex_or_none(inp["client_private"]),
        "client_public": hex_or_none(client_public),
        "ephemeral_private": inp["ephemeral_private"].hex(),
        "request": inp["request"].hex(),
        "request_packet": request_packet.hex(),
        "reply": inp["reply"].hex(),
        "reply_packet": reply_packet.hex(),
    }


def transcripts(seed):
    out = []
    for inp in transcript_inputs(seed):
        server = pssstpy.Server(inp["server_private"])
        client = pssstpy.Client(server.server_public, inp["client_private"])
        packet, _, _ = client.pack_request(inp["ephemeral_private"], inp["request"])
        _, _, ctx, _ = server.unpack_request(packet)
        reply_packet = pssstpy.pack_reply(ctx, inp["reply"])
        out.append(transcript_record(inp, server.server_public, client.client_public, packet,
                                     reply_packet))
    return {"generator": "pssst-c vectors/generator/generate.py (pssstpy)", "seed": seed,
            "transcripts": out}


# --------------------------------------------------------------------------
# Coverage (generated; spec/vectors.md links to it)


def family(tc_id):
    """Collapses numbered test ids into one family name for the table."""
    return re.sub(r"-\d+(-[0-9a-f]{16})?$", "-N", re.sub(r"-\d+-reply-\d+$", "-N-reply-N", tc_id))


def md_cell(text):
    return text.replace("|", "\\|")


def coverage(gen, files):
    """Which tests check which section and which MUST sentence."""
    sections = {}
    by_key = {}
    for f in files:
        if f.canary:
            continue
        for t in f.tests:
            for s in t["sections"]:
                sections.setdefault(s, []).append(t["tcId"])
            for k in t["requirementKeys"]:
                by_key.setdefault(k, []).append(t["tcId"])
    reasons = {n["key"]: n["reason"] for n in gen.not_testable}
    reqs = []
    for key, entry in gen.requirements.items():
        item = {"key": key, "section": entry["section"], "requirement": entry["sentence"],
                "tests": by_key.get(key, [])}
        if key in reasons:
            item["notTestable"] = reasons[key]
        reqs.append(item)
    cov = {
        "comment": "Generated by vectors/generator/generate.py; do not edit.",
        "sections": {s: sections[s] for s in sorted(sections, key=section_key)},
        "requirements": reqs,
    }
    lines = ["<!-- Generated by vectors/generator/generate.py; do not edit. -->",
             "# Coverage of spec/pssst.md by the test vectors", "",
             "Generated from the vector files; the full lists of test ids are in "
             "[coverage.json](coverage.json). Canaries appear only under Files and Flags.", "",
             "## Files", "",
             "| file | role | mode | tests | valid | invalid | acceptable |",
             "|---|---|---|---:|---:|---:|---:|"]
    for f in files:
        counts = [sum(t["result"] == r for t in f.tests) for r in ("valid", "invalid", "acceptable")]
        lines.append("| %s | %s | %s | %d | %d | %d | %d |" % (
            f.output_name, f.role if not f.canary else "both", f.mode if not f.canary else "both",
            len(f.tests), *counts))
    lines += ["", "## By section", "",
             "| section | tests | test families (`N` = numbered) |", "|---|---:|---|"]
    for s in sorted(sections, key=section_key):
        fams = sorted({family(t) for t in sections[s]})
        lines.append("| %s | %d | %s |" % (s, len(sections[s]), ", ".join("`%s`" % x for x in fams)))
    lines += ["", "## By MUST sentence", "",
              "| section | key | requirement | tests | example |", "|---|---|---|---:|---|"]
    for item in reqs:
        if "notTestable" in item:
            example = "not testable: " + item["notTestable"]
        else:
            example = "`%s`" % item["tests"][0] if item["tests"] else "**none**"
        lines.append("| %s | %s | %s | %d | %s |" % (item["section"], item["key"],
                                                    md_cell(item["requirement"]),
                                                    len(item["tests"]), md_cell(example)))
    flag_counts = {}
    for f in files:
        for t in f.tests:
            for flag in t["flags"]:
                flag_counts[flag] = flag_counts.get(flag, 0) + 1
    lines += ["", "## Flags", "", "Every flag is also explained in the `notes` of each file that "
              "uses it.", "", "| flag | bugType | tests | description |", "|---|---|---:|---|"]
    for flag in sorted(flag_counts):
        bug_type, description = FLAG_NOTES[flag]
        lines.append("| %s | %s | %d | %s |" % (flag, bug_type, flag_counts[flag], md_cell(description)))
    return cov, "\n".join(lines) + "\n"


# --------------------------------------------------------------------------


class Generator:
    def __init__(self, seed):
        self.seed = seed
        req = load_json(os.path.join(HERE, "requirements.json"))
        self.requirements = req["requirements"]
        self.not_testable = load_json(os.path.join(HERE, "not_testable.json"))["notTestable"]

    def entry(self, key):
        if key not in self.requirements:
            raise ValueError("unknown requirement key " + key)
        return self.requirements[key]

    def sentences(self, keys):
        out = []
        for k in keys:
            s = self.entry(k)["sentence"]
            if s not in out:
                out.append(s)
        return out

    def sections(self, keys):
        return sorted({self.entry(k)["section"] for k in keys}, key=section_key)

    def build(self):
        points = load_json(os.path.join(HERE, "wycheproof_points.json"))["points"]
        files = [
            VectorFile(self, "server_anonymous", "server", "anonymous",
                       "PSSST server role, anonymous requests: known answers and refusals."),
            VectorFile(self, "server_client_auth", "server", "client_auth",
                       "PSSST server role, client-authenticated requests."),
            VectorFile(self, "client_anonymous", "client", "anonymous",
                       "PSSST client role, anonymous client: requests and replies."),
            VectorFile(self, "client_client_auth", "client", "client_auth",
                       "PSSST client role, client with a static key pair."),
        ]
        for f in files:
            (server_tests if f.role == "server" else client_tests)(f, points)
        canary = VectorFile(self, "canary", "client", "anonymous",
                            "Canaries: every test here MUST be reported as FAILED by a working "
                            "runner (see spec/vectors.md).")
        canary.canary = True
        canary_tests(canary)
        sequences = []
        for mode in ("anonymous", "client_auth"):
            seq = VectorFile(self, "client_reply_sequences_" + mode, "client", mode, "")
            seq.group_type = "PssstReplySequenceTest"
            seq.output_name = "client_reply_sequences.json"
            sequence_tests(seq)
            sequences.append(seq)
        return files, sequences, canary


def merged_document(parts, title):
    """One file holding one group per part (role/mode)."""
    doc = parts[0].document()
    doc["header"][0] = title
    doc["notes"] = {}
    doc["testGroups"] = []
    for part in parts:
        d = part.document()
        doc["notes"].update(d["notes"])
        doc["testGroups"] += d["testGroups"]
    doc["notes"] = {k: doc["notes"][k] for k in sorted(doc["notes"])}
    doc["numberOfTests"] = sum(len(g["tests"]) for g in doc["testGroups"])
    return doc


def check(files, canary_doc):
    """Replays every test through pssstpy; canaries must all fail."""
    problems = []
    for f in files:
        for t in f.tests:
            why = replay.verdict(t, f.role, f.mode)
            if why is not None:
                problems.append("%s: %s" % (t["tcId"], why))
            elif t["result"] == "invalid" and not errors_first(t, f.role, f.mode):
                problems.append("%s: canonical error is not listed first" % t["tcId"])
    for g in canary_doc["testGroups"]:
        for t in g["tests"]:
            if replay.verdict(t, g["role"], g["mode"]) is None:
                problems.append("%s: canary passes" % t["tcId"])
    return problems


def errors_first(test, role, mode):
    out = replay.run_client(test, mode) if role == "client" else replay.run_server(test, mode)
    return out.status == test["errors"][0]


def dump(obj, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, indent=1, ensure_ascii=True)
        f.write("\n")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", required=True, help="output folder (vectors/ for the committed copy)")
    args = ap.parse_args(argv)
    gen = Generator(args.seed)
    files, sequences, canary = gen.build()
    canary_doc = canary_document(canary)
    problems = check(files + sequences, canary_doc)
    if problems:
        for p in problems:
            print("generate.py: " + p, file=sys.stderr)
        return 1
    for f in files:
        dump(f.document(), os.path.join(args.out, f.name + ".json"))
    dump(merged_document(sequences, "PSSST client role, extension: several packets offered to "
                         "one reply context (spec/vectors.md, Reply sequences)."),
         os.path.join(args.out, "client_reply_sequences.json"))
    dump(canary_doc, os.path.join(args.out, "canary.json"))
    cov, md = coverage(gen, files + sequences + [canary])
    dump(cov, os.path.join(args.out, "coverage.json"))
    with open(os.path.join(args.out, "COVERAGE.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(md)
    dump(transcripts(args.seed), os.path.join(args.out, "transcripts", "generated.json"))
    total = sum(len(f.tests) for f in files + sequences)
    print("wrote %d tests in %d files and %d canaries to %s"
          % (total, len(files) + 1, len(canary.tests), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
