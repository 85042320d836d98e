#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Generates the seed corpus of every fuzz harness from the test vectors.

Reads vectors/*.json (the project's test vectors, spec/vectors.md) and
vectors/reference/pssst-0.2.1.json (transcripts recorded from the Python
reference) and writes fuzz/seeds/<harness>/<sha1-prefix> files, one input
each, in the input format of that harness (documented at the top of each
fuzz/fuzz_<harness>.c). Packets that must decrypt under a harness's fixed
keys (fuzz_keys.h, parsed here) are re-sealed with those keys by an
independent Python implementation of the key schedule (spec 5) on
python3-cryptography. Every run rewrites fuzz/seeds/ completely.

Usage: /usr/bin/python3 fuzz/gen_corpus.py [--out DIR]
"""
import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SEEDS_PER_KIND = 2
# Longer packets are left out: the harnesses take inputs of 2048 to 4096
# bytes (fuzz/lib.sh, fuzz_max_len_for), so a 65 KB seed would only be cut.
MAX_SEED_PACKET = 4096
FLAG_REPLY = 0x8000
FLAG_CLIENT_AUTH = 0x4000
SUITE = 1


def fixed_keys():
    """The fixed keys and messages of fuzz_keys.h."""
    text = open(os.path.join(HERE, "fuzz_keys.h")).read()
    values = dict(re.findall(r'#define (FUZZ_\w+) "([^"]*)"', text))
    return {
        "server": bytes.fromhex(values["FUZZ_SERVER_PRIVATE"]),
        "client": bytes.fromhex(values["FUZZ_CLIENT_PRIVATE"]),
        "ephemeral": bytes.fromhex(values["FUZZ_EPHEMERAL_PRIVATE"]),
        # sizeof of a C string literal counts its terminating NUL.
        "pending_request": values["FUZZ_PENDING_REQUEST"].encode() + b"\0",
        "pending_reply": values["FUZZ_PENDING_REPLY"].encode() + b"\0",
    }


def x25519(scalar, u):
    """RFC 7748 X25519; cryptography clamps the scalar itself."""
    key = X25519PrivateKey.from_private_bytes(scalar)
    return key.exchange(X25519PublicKey.from_public_bytes(u))


def public(scalar):
    key = X25519PrivateKey.from_private_bytes(scalar)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def schedule(dh_param, shared):
    """spec 5.1: key, client nonce, server nonce."""
    h = hashes.Hash(hashes.SHA256())
    h.update(dh_param + shared)
    d = h.finalize()
    return d[:16], d[16:24] + b"RQST", d[24:32] + b"RPLY"


def seal(flags, dh_param, key, nonce, plaintext):
    header = struct.pack(">HH", flags, SUITE)
    return header + dh_param + AESGCM(key).encrypt(nonce, plaintext, header)


def request_for(server_private, client_private, ephemeral, message):
    """A request to server_private, as a client would pack it (spec 6)."""
    s_pub = public(server_private)
    if client_private is None:
        dh = public(ephemeral)
        shared = x25519(ephemeral, s_pub)
        plaintext, flags = message, 0
    else:
        c_pub = public(client_private)
        dh = x25519(ephemeral, c_pub)
        shared = x25519(ephemeral, x25519(client_private, s_pub))
        plaintext, flags = c_pub + ephemeral + message, FLAG_CLIENT_AUTH
    key, client_nonce, _ = schedule(dh, shared)
    return seal(flags, dh, key, client_nonce, plaintext)


def reply_for(keys, client_auth, message):
    """A reply to the fixed pending request of fuzz_unpack_reply.c."""
    s_pub = public(keys["server"])
    e = keys["ephemeral"]
    if client_auth:
        c = keys["client"]
        dh = x25519(e, public(c))
        shared = x25519(e, x25519(c, s_pub))
    else:
        dh = public(e)
        shared = x25519(e, s_pub)
    key, _, server_nonce = schedule(dh, shared)
    flags = FLAG_REPLY | (FLAG_CLIENT_AUTH if client_auth else 0)
    return seal(flags, dh, key, server_nonce, message)


def unhex(value):
    if isinstance(value, str):
        try:
            return bytes.fromhex(value)
        except ValueError:
            return None
    return None


def load_cases():
    """Yields one dict per transaction: keys, messages, packets (bytes or None)."""
    cases = []
    ref = os.path.join(ROOT, "vectors", "reference", "pssst-0.2.1.json")
    for t in json.load(open(ref))["transcripts"]:
        cases.append({
            "source": "transcript %d" % t["id"],
            "transcript": t["id"],
            "server_public": unhex(t["server_public"]),
            "client_auth": t["client_auth"],
            "server_private": unhex(t["server_private"]),
            "client_private": unhex(t["client_private"]),
            "client_public": unhex(t["client_public"]),
            "ephemeral": unhex(t["ephemeral_private"]),
            "request": unhex(t["request"]),
            "reply": unhex(t["reply"]),
            "request_packet": unhex(t["request_packet"]),
            "reply_packet": unhex(t["reply_packet"]),
        })
    # The vector files hold about a thousand tests, many sharing packets: keep
    # the first few tests of every distinct (file, result, stage, flags) kind
    # so the seeds stay small and still show every kind of packet once.
    per_kind = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "vectors", "*.json"))):
        try:
            doc = json.load(open(path))
        except (OSError, ValueError):
            continue
        for group in doc.get("testGroups", []):
            for t in group.get("tests", []):
                kind = (path, group.get("role"), group.get("mode"), t.get("result"),
                        t.get("stage"), tuple(t.get("flags", [])))
                if max(len(t.get("requestPacket") or ""),
                       len(t.get("replyPacket") or "")) > 2 * MAX_SEED_PACKET:
                    continue
                per_kind[kind] = per_kind.get(kind, 0) + 1
                if per_kind[kind] > SEEDS_PER_KIND:
                    continue
                cases.append({
                    "source": "%s %s" % (os.path.basename(path), t.get("tcId")),
                    "client_auth": group.get("mode") == "client_auth",
                    "server_private": unhex(t.get("serverPrivate")),
                    "client_private": unhex(t.get("clientPrivate")),
                    "client_public": unhex(t.get("clientPublic")),
                    "server_public": unhex(t.get("serverPublic")),
                    "ephemeral": unhex(t.get("ephemeralPrivate")),
                    "request": unhex(t.get("request")),
                    "reply": unhex(t.get("reply")),
                    "request_packet": unhex(t.get("requestPacket")),
                    "reply_packet": unhex(t.get("replyPacket")),
                })
    return cases


def key_ok(k):
    return k is not None and len(k) == 32


class Corpus:
    def __init__(self, out):
        self.out = out
        self.counts = {}

    def add(self, harness, data):
        folder = os.path.join(self.out, harness)
        os.makedirs(folder, exist_ok=True)
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        self.counts[harness] = len(os.listdir(folder))


def gen_header(c, cases):
    for case in cases:
        for p in (case["request_packet"], case["reply_packet"]):
            if p is not None:
                c.add("header", p)
    first = cases[0]["request_packet"]
    # Every length around the two thresholds of spec 4.4.
    for n in (0, 1, 2, 3, 4, 5, 35, 36, 51, 52, 53):
        c.add("header", first[:n])


def gen_unpack_request(c, cases, keys):
    for case in cases:
        if case["request_packet"] is not None:
            c.add("unpack_request", case["request_packet"])
        if case["request"] is None or not key_ok(case["ephemeral"]):
            continue
        client = case["client_private"] if case["client_auth"] else None
        if case["client_auth"] and not key_ok(client):
            continue
        c.add("unpack_request",
              request_for(keys["server"], client, case["ephemeral"], case["request"]))
    # A client-auth packet one byte short of a proof (spec 7.1 step 7).
    full = request_for(keys["server"], keys["client"], keys["ephemeral"], b"")
    c.add("unpack_request", full[:115])


def gen_unpack_reply(c, cases, keys):
    for client_auth in (False, True):
        c.add("unpack_reply", reply_for(keys, client_auth, keys["pending_reply"]))
    for case in cases:
        if case["reply_packet"] is not None:
            c.add("unpack_reply", case["reply_packet"])
        if case["reply"] is not None:
            c.add("unpack_reply", reply_for(keys, case["client_auth"], case["reply"]))


def gen_sealed(c, cases):
    variants = (0x00, 0x08, 0x10, 0x20, 0x40)
    for i, case in enumerate(cases):
        if "transcript" not in case and i % 4 != 0:
            continue
        request, reply = case["request"], case["reply"]
        extra = variants[i % len(variants)]
        if request is not None:
            if case["client_auth"] and key_ok(case["client_public"]) and key_ok(case["ephemeral"]):
                proof = case["client_public"] + case["ephemeral"]
                c.add("sealed", bytes([0x02 | 0x04 | extra, i & 0xff]) + proof + request)
                # The same proof against the fixed dh_param: fails spec 7.3.
                c.add("sealed", bytes([0x02 | extra, i & 0xff]) + proof + request)
            else:
                c.add("sealed", bytes([extra, i & 0xff]) + request)
        if reply is not None:
            ctrl = 0x01 | (0x02 if case["client_auth"] else 0) | extra
            c.add("sealed", bytes([ctrl, i & 0xff]) + reply)


def gen_roundtrip(c, cases):
    # Each input costs about eight scalar multiplications: the 32 reference
    # transcripts (both modes, 0-1400 bytes, unclamped keys) are enough.
    for i, case in enumerate(cases):
        if "transcript" not in case:
            continue
        if not (key_ok(case["server_private"]) and key_ok(case["ephemeral"])):
            continue
        if case["request"] is None or case["reply"] is None:
            continue
        client = case["client_private"] if key_ok(case["client_private"]) else bytes(32)
        ctrl = (0x01 if case["client_auth"] else 0) | ((i % 8) << 1)
        body = struct.pack(">H", len(case["request"])) + case["request"] + case["reply"]
        c.add("roundtrip", bytes([ctrl]) + case["server_private"] + client +
              case["ephemeral"] + body)


def gen_hex(c, cases):
    seen = 0
    for case in cases[:8]:
        for key in ("server_private", "client_public", "ephemeral"):
            k = case[key]
            if key_ok(k):
                text = k.hex().encode()
                c.add("hex", bytes([32]) + text)
                c.add("hex", bytes([32]) + text.upper())
                c.add("hex", bytes([31]) + text)              # too long for 31
                c.add("hex", bytes([32]) + text[:-1])         # odd length
                c.add("hex", bytes([32]) + text[:10] + b"g" + text[11:])  # bad digit
    for case in cases:
        p = case["request_packet"]
        if p is not None and seen < 16:
            seen += 1
            c.add("hex", bytes([min(255, len(p))]) + p.hex().encode())


def gen_keyfile(c, cases):
    for case in cases[:6]:
        k = case["server_private"]
        if not key_ok(k):
            continue
        text = k.hex().encode()
        for v in (text + b"\n", text, text + b"\r\n", text.upper() + b"\n", text[:63] + b"\n",
                  text + b"0\n", text + b"\n\n", b" " + text, text[:20] + b"x" + text[21:]):
            c.add("keyfile", v)
        # With the first line of the current format (pssst.h, pssst_key_text_write).
        for first in (b"pssst private key v1", b"pssst public key v1"):
            for v in (first + b"\n" + text + b"\n", first + b"\r\n" + text.upper(),
                      first + text + b"\n", first[:-1] + b"2\n" + text + b"\n",
                      first + b"\n" + text[:63] + b"\n"):
                c.add("keyfile", v)
    c.add("keyfile", b"")


def gen_x25519_diff(c, cases):
    scalars = [case["server_private"] for case in cases if key_ok(case["server_private"])]
    for case in cases[:16]:
        for scalar, point in ((case["server_private"], case["client_public"]),
                              (case["ephemeral"], case["server_public"] if "server_public" in case
                               else None),
                              (case["client_private"], case["request_packet"][4:36]
                               if case["request_packet"] and len(case["request_packet"]) >= 36
                               else None)):
            if key_ok(scalar) and key_ok(point):
                c.add("x25519_diff", scalar + point)
    points = os.path.join(ROOT, "vectors", "generator", "wycheproof_points.json")
    if os.path.exists(points) and scalars:
        for i, p in enumerate(json.load(open(points)).get("points", [])):
            u = unhex(p.get("public"))
            if key_ok(u):
                c.add("x25519_diff", scalars[i % len(scalars)] + u)


def vector_doc(cases, client_auth, n):
    """A small file in the vector format of spec/vectors.md, from transcripts."""
    picked = [k for k in cases if k["client_auth"] == client_auth and k.get("transcript")][:n]
    mode = "client_auth" if client_auth else "anonymous"
    def test(k, role):
        t = {"tcId": "%s-%s-%d" % (role, mode, k["transcript"]), "comment": k["source"],
             "sections": ["6.1"], "requirements": [], "flags": [], "result": "valid",
             "serverPublic": k["server_public"].hex(),
             "clientPrivate": k["client_private"].hex() if client_auth else None,
             "clientPublic": k["client_public"].hex() if client_auth else None,
             "request": k["request"].hex(), "requestPacket": k["request_packet"].hex(),
             "reply": k["reply"].hex(), "replyPacket": k["reply_packet"].hex()}
        if role == "client":
            t["ephemeralPrivate"] = k["ephemeral"].hex()
        else:
            t["serverPrivate"] = k["server_private"].hex()
        return t
    groups = [{"type": "PssstTest", "role": role, "mode": mode, "suite": 1,
               "tests": [test(k, role) for k in picked]} for role in ("client", "server")]
    return {"algorithm": "PSSST", "schema": "pssst_vectors.schema.json",
            "generatorVersion": "fuzz/gen_corpus.py", "source": "vectors/reference transcripts",
            "numberOfTests": 2 * len(picked), "header": [], "notes": {}, "testGroups": groups}


def gen_loaders(c, cases):
    ref = json.load(open(os.path.join(ROOT, "vectors", "reference", "pssst-0.2.1.json")))
    for n in (0, 1, 2, 4):
        doc = dict(ref)
        doc["transcripts"] = ref["transcripts"][:n]
        c.add("transcript_load", json.dumps(doc, indent=1).encode())
    c.add("transcript_load", json.dumps(dict(ref, transcripts=ref["transcripts"][1:2])).encode())
    for client_auth in (False, True):
        for n in (1, 2):
            c.add("vector_load", json.dumps(vector_doc(cases, client_auth, n), indent=1).encode())
    for path in sorted(glob.glob(os.path.join(ROOT, "vectors", "*.json"))):
        try:
            doc = json.load(open(path))
        except (OSError, ValueError):
            continue
        for group in doc.get("testGroups", []):
            small = dict(doc, testGroups=[dict(group, tests=group.get("tests", [])[:2])])
            small["numberOfTests"] = len(small["testGroups"][0]["tests"])
            c.add("vector_load", json.dumps(small, indent=1).encode())


def gen_compat_line(c, cases):
    """Scripts for fuzz_compat_line.c: op bytes, see the harness header."""
    c.add("compat_line", b"")
    c.add("compat_line", bytes([0, 1] * 12))
    for pos in (5, 40):
        c.add("compat_line", bytes([4, pos, 0x01, 0, 1, 0, 1]))
        c.add("compat_line", bytes([0, 1, 5, pos, 0x20, 1, 0]))
    c.add("compat_line", bytes([6, 0, 1, 7]))
    # Each script runs two whole sessions (about twenty scalar
    # multiplications): a few transcripts' values are enough.
    for case in cases[:2]:
        lines = [b"SERVER_KEY:" + case["server_public"].hex().encode(), b"DONE:",
                 b"PLAINTEXT:" + (case["request"] or b"").hex().encode()]
        if key_ok(case["client_public"]):
            lines.append(b"CLIENT_KEY:" + case["client_public"].hex().encode())
        for tag, p in ((b"REQUEST:", case["request_packet"]), (b"REPLY_AUTH:", case["reply_packet"])):
            if p is not None:
                lines.append(tag + p.hex().encode())
        for line in lines:
            if len(line) <= 255:
                c.add("compat_line", bytes([2, len(line)]) + line + bytes([0, 1, 0, 1]))
                if case is cases[0]:
                    c.add("compat_line", bytes([1, 0, 3, len(line)]) + line)


def vector_errors():
    """Every status name the vector files expect, in order of first use."""
    names = []
    for path in sorted(glob.glob(os.path.join(ROOT, "vectors", "*.json"))):
        try:
            doc = json.load(open(path))
        except (OSError, ValueError):
            continue
        for group in doc.get("testGroups", []):
            for t in group.get("tests", []):
                for e in t.get("errors", []):
                    if e not in names:
                        names.append(e)
    return names


def jline(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def runner_session(case, role, with_hello=True):
    """The request lines pssst-conform port sends for one transaction (spec/harness.md 3)."""
    mode = "client_auth" if case["client_auth"] else "anonymous"
    lines = []
    if with_hello:
        lines.append({"op": "hello", "protocol": 1})
    lines.append({"op": "begin", "tcId": case["source"], "role": role, "mode": mode, "suite": SUITE})
    if role == "server":
        lines.append({"op": "server_init", "serverPrivate": case["server_private"].hex()})
        lines.append({"op": "unpack_request", "packet": case["request_packet"].hex()})
        if case["reply"] is not None:
            lines.append({"op": "pack_reply", "message": case["reply"].hex()})
    else:
        client = case["client_private"].hex() if key_ok(case["client_private"]) else None
        lines.append({"op": "client_init", "serverPublic": case["server_public"].hex(),
                      "clientPrivate": client})
        lines.append({"op": "pack_request", "ephemeralPrivate": case["ephemeral"].hex(),
                      "message": (case["request"] or b"").hex()})
        if case["reply_packet"] is not None:
            lines.append({"op": "unpack_reply", "packet": case["reply_packet"].hex()})
    if key_ok(case["server_private"]):
        lines.append({"op": "public_key", "privateKey": case["server_private"].hex()})
    out = []
    for n, obj in enumerate(lines, 1):
        out.append(jline(dict(obj, id=n)))
    return out


def usable_for_session(case, role):
    if not key_ok(case["server_private"]) or case["request_packet"] is None:
        return False
    if role == "client":
        return key_ok(case["server_public"]) and key_ok(case["ephemeral"])
    return True


def gen_harness_protocol(c, cases):
    """Request lines for fuzz_harness_request.c and response lines for
    fuzz_harness_response.c (operation byte, then the line), both in the
    shapes of spec/harness.md 3, carrying the vectors' keys and packets."""
    shapes = ["hello", "begin", "client_init", "pack_request", "unpack_reply", "server_init",
              "unpack_request", "pack_reply", "public_key"]
    op_byte = {name: i for i, name in enumerate(shapes)}
    picked = [case for case in cases if "transcript" in case][:3]
    picked += [case for case in cases if "transcript" not in case][:40]
    for case in picked:
        for role in ("server", "client"):
            if usable_for_session(case, role):
                lines = runner_session(case, role, with_hello=case is picked[0])
                c.add("harness_request", b"\n".join(lines) + b"\n")
    # Requests the harness must answer with "error".
    bad = [b"", b"not json", b"[]", b'{"id":1}', b'{"id":1,"op":"dance"}',
           b'{"id":1,"op":"server_init","serverPrivate":"00"}',
           b'{"id":1,"op":"unpack_request","packet":"0g"}',
           b'{"id":1,"op":"begin","role":"juggler","suite":1}',
           b'{"id":1,"op":"pack_reply","message":"00"}',
           b'{"op":"hello","protocol":1,"id":1,"op":"hello"}',
           b'{"op":"hello","protocol":1,"id":1e999}']
    for line in bad:
        c.add("harness_request", line + b"\r\n")

    def response(op, obj):
        c.add("harness_response", bytes([op_byte[op]]) + jline(dict({"id": 1}, **obj)))

    response("hello", {"status": "OK", "protocol": 1, "implementation": "pssst-c",
                       "suites": [SUITE], "roles": ["client", "server"],
                       "modes": ["anonymous", "client_auth"], "ephemeral": True,
                       "publicKey": True})
    response("hello", {"status": "OK", "protocol": 2, "implementation": "x", "suites": [],
                       "roles": [], "modes": [], "ephemeral": False})
    response("hello", {"status": "error", "reason": "no"})
    for op in ("begin", "client_init", "server_init"):
        response(op, {"status": "OK"})
    for word in ("unsupported", "crash", "error", "ok", ""):
        response("unpack_request", {"status": word, "reason": "why"})
    for name in vector_errors():
        response("unpack_request", {"status": name})
        response("unpack_reply", {"status": name})
    for case in picked[:6]:
        if case["request_packet"] is not None:
            response("pack_request", {"status": "OK", "packet": case["request_packet"].hex()})
        if case["reply_packet"] is not None:
            response("pack_reply", {"status": "OK", "packet": case["reply_packet"].hex()})
        if case["request"] is not None:
            auth = case["client_public"].hex() if case["client_auth"] and key_ok(
                case["client_public"]) else None
            response("unpack_request", {"status": "OK", "message": case["request"].hex(),
                                        "clientPublic": auth})
        if case["reply"] is not None:
            response("unpack_reply", {"status": "OK", "message": case["reply"].hex()})
        if key_ok(case["server_public"]):
            response("public_key", {"status": "OK", "publicKey": case["server_public"].hex()})
    # Lines that are no usable response: wrong id, not an object, broken JSON.
    for line in (b'{"id":2,"status":"OK"}', b'{"status":"OK"}', b"[1]", b"{", b""):
        c.add("harness_response", bytes([op_byte["begin"]]) + line)


def gen_faults(c):
    """Scripts for fuzz_faults.c: which wrapped backend call fails, and how.

    Not derived from the vectors: the input is only a fault position.
    """
    for index in range(0, 91):
        for ctrl in (0, 1):
            c.add("faults", struct.pack(">HBB", index, 0, ctrl))
        # With the library's own ephemeral, getrandom is among the calls:
        # vary how it fails (the kind only matters for getrandom).
        for ctrl in (2, 3):
            c.add("faults", struct.pack(">HBB", index, index % 3, ctrl))
    # Every kind of getrandom failure on the first call (keypair_generate).
    for kind in (1, 2):
        c.add("faults", struct.pack(">HBB", 0, kind, 0))
    c.add("faults", struct.pack(">HBB", 0xffff, 0, 3))


def gen_report_writers(c, cases):
    """Runs for fuzz_report_writers.c: a count byte, a control byte per test
    (verdict, outcome, canary), then NUL-separated strings (implementation,
    port name, then id, reason, expected, actual, comment per test). Ids
    and comments come from the vectors' names; the rest is what hostile harnesses
    send: escape sequences, line breaks, bytes that are no UTF-8, U+FFFE."""
    hostile = [b"\x1b[2J\x1b[H", b"line\nbreak 893 passed, 0 failed", b"\xff\xfe\xc0\x80",
               "\ufffe\uffff".encode(), b"<script>&amp;</script>\"'", b"\xed\xa0\x80",
               b"\x7f\x01\x1f"]
    picked = [case for case in cases if "transcript" not in case][:8]
    for n in range(1, 9):
        strings = [b"port " + hostile[n % len(hostile)], hostile[(n + 1) % len(hostile)]]
        for k, case in enumerate(picked[:n]):
            packet = case["request_packet"] or b""
            strings += [case["source"].split(" ")[-1].encode(), hostile[k % len(hostile)],
                        packet.hex().encode(), hostile[(k + 2) % len(hostile)],
                        case["source"].encode()]
        controls = bytes((k * 37 + n) & 0xff for k in range(n))
        c.add("report_writers", bytes([n - 1]) + controls + b"\0".join(strings))


def gen_replay(c):
    """Ports for fuzz_replay.c: a test byte, a capabilities byte, then one
    answer line per operation. Not derived from the vectors: the harness
    builds its own test (53-byte packets, a one-byte message 11), and each
    script is a sound port for it, or one that refuses at some call with an
    error a vector allows (MALFORMED), or with CONTEXT_USED."""
    size = 53

    def packet(flags):
        return struct.pack(">HH", flags, SUITE).hex() + "00" * (size - 4)

    for pick in range(0, 256, 5):
        server, auth = pick & 1, pick & 2
        flags = FLAG_CLIENT_AUTH if auth else 0
        ok = {"status": "OK"}
        key = dict(ok, publicKey="00" * 32)
        if server:
            opened = dict(ok, message="11", clientPublic="00" * 32 if auth else None)
            sound = [ok, key, opened, dict(ok, packet=packet(FLAG_REPLY | flags)),
                     {"status": "CONTEXT_USED"}]
        else:
            sound = [ok, key, dict(ok, packet=packet(flags)), dict(ok, message="11"),
                     {"status": "CONTEXT_USED"}]
        for caps in (0, 3):
            script = sound if caps & 2 else [a for a in sound if a is not key]
            c.add("replay", bytes([pick, caps]) + b"\n".join(jline(a) for a in script))
            for at in range(1, len(script)):
                refused = script[:at] + [{"status": "MALFORMED"}, {"status": "CONTEXT_USED"}]
                c.add("replay", bytes([pick, caps]) + b"\n".join(jline(a) for a in refused))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(HERE, "seeds"))
    args = ap.parse_args()
    keys = fixed_keys()
    cases = load_cases()
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    c = Corpus(args.out)
    gen_header(c, cases)
    gen_unpack_request(c, cases, keys)
    gen_unpack_reply(c, cases, keys)
    gen_sealed(c, cases)
    gen_roundtrip(c, cases)
    gen_hex(c, cases)
    gen_keyfile(c, cases)
    gen_x25519_diff(c, cases)
    gen_loaders(c, cases)
    gen_compat_line(c, cases)
    gen_harness_protocol(c, cases)
    gen_faults(c)
    gen_report_writers(c, cases)
    gen_replay(c)
    for h in sorted(c.counts):
        print("%-16s %4d seeds" % (h, c.counts[h]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
