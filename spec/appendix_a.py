#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Computes the worked examples of spec/pssst.md, Appendix A.

Data source: transcripts 0 (anonymous, clamped keys) and 3 (client
authentication, raw unclamped keys and ephemeral scalar) of
vectors/reference/pssst-0.2.1.json, recorded from the Python reference
implementation pssst 0.2.1. Every intermediate value is recomputed here from
the primitives (X25519, SHA-256, AES-128-GCM of the `cryptography` package)
following spec sections 5, 6 and 8, and the resulting request and reply
packets are checked to be byte-exact equal to the recorded ones; the script
exits non-zero otherwise.

Usage:
  /usr/bin/python3 spec/appendix_a.py [--transcripts FILE]
      prints the Markdown body of Appendix A on stdout;
  /usr/bin/python3 spec/appendix_a.py --check spec/pssst.md [--transcripts FILE]
      exits 0 when that body appears verbatim in the given specification,
      1 (with a message) when it does not.
"""
import argparse
import json
import os
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FLAG_REPLY = 0x8000
FLAG_CLIENT_AUTH = 0x4000
SUITE = 1
BASE = (9).to_bytes(32, "little")
DEFAULT_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors",
                            "reference", "pssst-0.2.1.json")


def require(ok: bool, what: str) -> None:
    """Stops with a message when a recomputed value disagrees (not an assert: -O keeps it)."""
    if not ok:
        raise SystemExit(f"appendix_a.py: {what} does not match the reference transcript")


def clamp(k: bytes) -> bytes:
    """spec 2.1: RFC 7748 section 5 clamping."""
    b = bytearray(k)
    b[0] &= 248
    b[31] &= 127
    b[31] |= 64
    return bytes(b)


def x25519(k: bytes, u: bytes) -> bytes:
    """spec 2.1: X25519(k, u); the library clamps k and masks u's top bit."""
    out = X25519PrivateKey.from_private_bytes(k).exchange(X25519PublicKey.from_public_bytes(u))
    if out == bytes(32):
        raise ValueError("all-zero X25519 result")
    return out


def public(k: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(k).public_key().public_bytes(Encoding.Raw,
                                                                            PublicFormat.Raw)


def sha256(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SHA256())
    h.update(data)
    return h.finalize()


def header(flags: int) -> bytes:
    return flags.to_bytes(2, "big") + SUITE.to_bytes(2, "big")


def compute(t: dict) -> list:
    """Returns (label, hex) rows of one transaction; checks the packets."""
    rows = []
    s_priv = bytes.fromhex(t["server_private"])
    s_pub = bytes.fromhex(t["server_public"])
    e = bytes.fromhex(t["ephemeral_private"])
    msg = bytes.fromhex(t["request"])
    reply = bytes.fromhex(t["reply"])
    auth = t["client_auth"]

    require(public(s_priv) == s_pub, "server public key")
    rows += [("server_private (s, raw)", s_priv), ("s clamped", clamp(s_priv)),
             ("server_public (S)", s_pub)]
    if auth:
        c_priv = bytes.fromhex(t["client_private"])
        c_pub = bytes.fromhex(t["client_public"])
        require(public(c_priv) == c_pub, "client public key")
        cs = x25519(c_priv, s_pub)
        rows += [("client_private (c, raw)", c_priv), ("c clamped", clamp(c_priv)),
                 ("client_public (C)", c_pub), ("CS = X25519(c, S)", cs)]
    rows += [("ephemeral e (raw)", e), ("e clamped", clamp(e))]
    if auth:
        dh_param = x25519(e, c_pub)
        shared = x25519(e, cs)
        rows += [("dh_param = X25519(e, C)", dh_param), ("shared = X25519(e, CS)", shared)]
        plaintext = c_pub + e + msg
        flags = FLAG_CLIENT_AUTH
    else:
        dh_param = public(e)
        shared = x25519(e, s_pub)
        rows += [("dh_param = X25519(e, 9)", dh_param), ("shared = X25519(e, S)", shared)]
        plaintext = msg
        flags = 0
    # The server side must arrive at the same shared secret.
    require(x25519(s_priv, dh_param) == shared, "server-side shared secret")

    h = sha256(dh_param + shared)
    key, client_nonce, server_nonce = h[0:16], h[16:24] + b"RQST", h[24:32] + b"RPLY"
    rows += [("H = SHA-256(dh_param || shared)", h), ("key = H[0:16]", key),
             ("client_nonce = H[16:24] || \"RQST\"", client_nonce),
             ("server_nonce = H[24:32] || \"RPLY\"", server_nonce)]

    req_header = header(flags)
    rows += [("request message", msg), ("request plaintext", plaintext),
             ("request header (AAD)", req_header)]
    sealed = AESGCM(key).encrypt(client_nonce, plaintext, req_header)
    ct, tag = sealed[:-16], sealed[-16:]
    request_packet = req_header + dh_param + sealed
    rows += [("request ciphertext", ct), ("request tag", tag), ("request packet", request_packet)]
    require(request_packet.hex() == t["request_packet"], "request packet")
    if auth:
        # spec 7.3: the server clamps the received e and recomputes dh_param.
        proof = x25519(plaintext[32:64], plaintext[0:32])
        require(proof == dh_param, "client-auth proof")
        rows.append(("server check X25519(clamp(pt[32:64]), pt[0:32])", proof))

    rep_header = header(FLAG_REPLY | flags)
    sealed = AESGCM(key).encrypt(server_nonce, reply, rep_header)
    ct, tag = sealed[:-16], sealed[-16:]
    reply_packet = rep_header + dh_param + sealed
    rows += [("reply message", reply), ("reply header (AAD)", rep_header),
             ("reply ciphertext", ct), ("reply tag", tag), ("reply packet", reply_packet)]
    require(reply_packet.hex() == t["reply_packet"], "reply packet")
    return rows


def wrap(hexstr: str, width: int = 64) -> list:
    if not hexstr:
        return ["(empty)"]
    return [hexstr[i:i + width] for i in range(0, len(hexstr), width)]


def render(title: str, rows: list) -> str:
    out = [title, "", "```"]
    for label, value in rows:
        lines = wrap(value.hex())
        unit = "byte" if len(value) == 1 else "bytes"
        suffix = f"  ({len(value)} {unit})" if len(value) != 32 else ""
        out.append(f"{label}:{suffix}")
        out.extend("  " + line for line in lines)
    out.append("```")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description="Generate or check Appendix A of spec/pssst.md")
    parser.add_argument("--transcripts", default=DEFAULT_JSON, help="reference transcripts JSON")
    parser.add_argument("--check", metavar="SPEC", help="check that SPEC contains the appendix")
    args = parser.parse_args()
    with open(args.transcripts, encoding="utf-8") as f:
        transcripts = {t["id"]: t for t in json.load(f)["transcripts"]}
    anon, auth = transcripts[0], transcripts[3]
    if anon["client_auth"] or not auth["client_auth"]:
        print("transcript 0 must be anonymous and 3 client-auth", file=sys.stderr)
        return 1
    body = "\n".join([
        render("### A.1 Anonymous request and reply (transcript 0)", compute(anon)), "",
        render("### A.2 Client-authenticated request and reply (transcript 3)", compute(auth)),
    ]) + "\n"
    if args.check is None:
        sys.stdout.write(body)
        return 0
    with open(args.check, encoding="utf-8") as f:
        if body in f.read():
            return 0
    print(f"{args.check}: Appendix A differs from the output of this script", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
