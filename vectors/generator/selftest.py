#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Self-test of the vector generator's own PSSST implementation.

Usage: /usr/bin/python3 selftest.py VECTORS_DIR [WYCHEPROOF_X25519_JSON]

 1. pssstpy reproduces every transcript of VECTORS_DIR/reference/
    pssst-0.2.1.json (recorded from the Python reference) byte for byte, in
    the client and in the server role, and those of
    VECTORS_DIR/transcripts/generated.json;
 2. tiny_x25519 agrees with cryptography's X25519 on random inputs and on
    the RFC 7748 section 5.2 example, and returns zero exactly for the
    low-order points; with the Wycheproof file given, it reproduces every
    shared secret of it;
 3. every committed vector replays through pssstpy as declared, and every
    canary fails;
 4. with each of a few known bugs planted into pssstpy (reserved bits
    ignored, no all-zero check, ...), at least one vector fails.
Exits 77 (CTest skip) when python3-cryptography is missing.
"""

import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    import pssstpy
    import replay
except ImportError as err:
    print("SKIPPED: python3-cryptography is not installed (%s)" % err)
    sys.exit(77)

RFC7748_EXAMPLE = (
    "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
    "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
    "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
)
RANDOM_X25519_CASES = 64


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_transcripts(path, problems):
    data = load(path)
    for t in data["transcripts"]:
        for role, fn in (("client", pssstpy.replay_transcript_client),
                         ("server", pssstpy.replay_transcript_server)):
            try:
                why = fn(t)
            except pssstpy.PssstError as err:
                why = "refused with " + err.status
            if why is not None:
                problems.append("%s transcript %d (%s role): %s"
                                % (os.path.basename(path), t["id"], role, why))
    return len(data["transcripts"])


def check_x25519(wycheproof, problems):
    rng = random.Random(7748)
    for _ in range(RANDOM_X25519_CASES):
        k, u = rng.randbytes(32), rng.randbytes(32)
        if pssstpy.tiny_x25519(k, u) != pssstpy.x25519(k, u):
            problems.append("tiny_x25519 differs from cryptography for k=%s u=%s" % (k.hex(), u.hex()))
    k, u, want = (bytes.fromhex(x) for x in RFC7748_EXAMPLE)
    if pssstpy.tiny_x25519(k, u) != want or pssstpy.x25519(k, u) != want:
        problems.append("RFC 7748 section 5.2 example not reproduced")
    points = load(os.path.join(HERE, "wycheproof_points.json"))["points"]
    for p in points:
        u = bytes.fromhex(p["public"])
        k = rng.randbytes(32)
        zero = "ZeroSharedSecret" in p["flags"]
        if pssstpy.is_low_order(u) != zero:
            problems.append("is_low_order wrong for " + p["public"])
        if not zero and pssstpy.tiny_x25519(k, u) != pssstpy.x25519(k, u):
            problems.append("tiny_x25519 differs from cryptography for u=" + p["public"])
        if zero:
            try:
                pssstpy.x25519(k, u)
                problems.append("x25519 accepted low-order u=" + p["public"])
            except pssstpy.PssstError as err:
                if err.status != "BAD_KEY":
                    problems.append("x25519 gave %s for low-order u" % err.status)
    count = RANDOM_X25519_CASES + 1 + len(points)
    if wycheproof:
        for group in load(wycheproof)["testGroups"]:
            for t in group["tests"]:
                got = pssstpy.tiny_x25519(bytes.fromhex(t["private"]), bytes.fromhex(t["public"]))
                if t["result"] != "invalid" and got.hex() != t["shared"]:
                    problems.append("tiny_x25519 fails Wycheproof tcId %d" % t["tcId"])
                count += 1
    return count


def check_vectors(folder, problems):
    count = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json") or name in ("pssst_vectors.schema.json", "coverage.json"):
            continue
        doc = load(os.path.join(folder, name))
        for g in doc["testGroups"]:
            for t in g["tests"]:
                why = replay.verdict(t, g["role"], g["mode"])
                canary = "Canary" in t["flags"]
                if canary and why is None:
                    problems.append("%s: canary %s passes" % (name, t["tcId"]))
                elif not canary and why is not None:
                    problems.append("%s: %s: %s" % (name, t["tcId"], why))
                count += 1
    return count


class Mutant:
    """A known bug planted into pssstpy for the duration of a check."""

    def __init__(self, name, patches):
        self.name = name
        self.patches = patches  # [(object, attribute, replacement)]
        self.saved = []

    def __enter__(self):
        for obj, attr, value in self.patches:
            self.saved.append((obj, attr, getattr(obj, attr)))
            setattr(obj, attr, value)
        return self

    def __exit__(self, *exc):
        for obj, attr, value in reversed(self.saved):
            setattr(obj, attr, value)
        self.saved = []


def _reusable_consume(ctx):
    ctx.used = False
    return ctx.keys


def mutants():
    return [
        Mutant("reserved flag bits ignored", [(pssstpy, "RESERVED_MASK", 0)]),
        Mutant("no all-zero check", [(pssstpy, "x25519", pssstpy.tiny_x25519)]),
        Mutant("no proof length check", [(pssstpy, "MIN_CLIENT_AUTH_REQUEST", pssstpy.OVERHEAD)]),
        Mutant("reply context reusable", [(pssstpy.ReplyContext, "consume", _reusable_consume)]),
        Mutant("every suite accepted", [(pssstpy, "IMPLEMENTED_SUITES", range(65536))]),
    ]


def first_failure(folder):
    """tcId of the first non-canary vector that fails, or None."""
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json") or name in ("pssst_vectors.schema.json", "coverage.json",
                                                  "canary.json"):
            continue
        for g in load(os.path.join(folder, name))["testGroups"]:
            for t in g["tests"]:
                try:
                    why = replay.verdict(t, g["role"], g["mode"])
                except Exception as err:  # a mutant may break in any way
                    why = "raised %r" % err
                if why is not None:
                    return t["tcId"]
    return None


def check_mutants(folder, problems):
    """The vectors must catch each planted bug (else they test too little)."""
    caught = []
    for m in mutants():
        with m:
            tc = first_failure(folder)
        if tc is None:
            problems.append("no vector fails with the planted bug: " + m.name)
        else:
            caught.append("%s (first caught by %s)" % (m.name, tc))
    return caught


def main(argv):
    if len(argv) not in (1, 2):
        print("usage: selftest.py VECTORS_DIR [x25519_test.json]", file=sys.stderr)
        return 2
    folder = argv[0]
    wycheproof = argv[1] if len(argv) == 2 and os.path.exists(argv[1]) else None
    problems = []
    n_ref = check_transcripts(os.path.join(folder, "reference", "pssst-0.2.1.json"), problems)
    n_gen = check_transcripts(os.path.join(folder, "transcripts", "generated.json"), problems)
    n_x = check_x25519(wycheproof, problems)
    n_vec = check_vectors(folder, problems)
    for line in check_mutants(folder, problems):
        print("selftest: planted bug caught: " + line)
    for p in problems:
        print("selftest: " + p)
    print("selftest: %d reference and %d generated transcripts in both roles, %d X25519 checks%s, "
          "%d vector tests: %s" % (n_ref, n_gen, n_x,
                                   "" if wycheproof else " (Wycheproof file not found)",
                                   n_vec, "FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
