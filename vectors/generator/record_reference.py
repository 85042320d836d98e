#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Records transcripts from the Python reference implementation of PSSST
(PyPI `pssst` 0.2.1) in the shared transcript format
(vectors/reference/README.md).

Usage:
  python3 record_reference.py [--seed N] [--module NAME] [--out FILE]
                              [--compare TRANSCRIPTS.json]

The reference draws each ephemeral key with X25519PrivateKey.generate(),
through the name X25519PrivateKey imported into its module pssst.pssst.
For the recording that name is replaced by a class whose generate()
returns the next key of a fixed list (built with the unchanged
from_private_bytes); everything else runs unchanged. Keys, ephemeral
scalars and messages come from random.Random(seed) exactly as in
generate.py, so a recording made with generate.py's seed must equal
vectors/transcripts/generated.json (use --compare to check that).

--module names the package to record from (default: pssst). The test
suite points it at pssst_standin (standin/), a stand-in with the shape of
the reference API built on pssstpy; a recording from the stand-in tests
this script, not the reference.

Exit status: 0 recorded (and equal, with --compare); 1 a check failed;
2 the module cannot be imported (the reference is not installed).
"""

import argparse
import importlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.append(os.path.join(HERE, "standin"))  # lowest priority: only pssst_standin lives there

EXIT_NO_MODULE = 2


def import_reference(name):
    """Returns (package, module that generates ephemeral keys) or None."""
    try:
        package = importlib.import_module(name)
        inner = importlib.import_module(name + ".pssst")
    except ImportError as err:
        print("record_reference: cannot import %r (%s)." % (name, err), file=sys.stderr)
        print("record_reference: install the reference with `pip install pssst==0.2.1` "
              "(it needs PyPI access) and run again.", file=sys.stderr)
        return None
    if not hasattr(inner, "X25519PrivateKey"):
        print("record_reference: %s.pssst has no name X25519PrivateKey to replace; "
              "this is not the API of pssst 0.2.1." % name, file=sys.stderr)
        return None
    return package, inner


class FixedEphemeralKeys:
    """Stands in for the name X25519PrivateKey inside the reference module:
    generate() hands out the queued keys in order; from_private_bytes is
    the original one."""

    def __init__(self, original):
        self.original = original
        self.queue = []
        self.from_private_bytes = original.from_private_bytes

    def push(self, raw):
        self.queue.append(raw)

    def generate(self):
        if not self.queue:
            raise RuntimeError("the reference drew more ephemeral keys than expected")
        return self.original.from_private_bytes(self.queue.pop(0))


def raw_public(key):
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def record_one(package, keys, inp):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    server_public = raw_public(X25519PrivateKey.from_private_bytes(inp["server_private"]).public_key())
    server = package.PSSSTServer(inp["server_private"])
    client = package.PSSSTClient(server_public, inp["client_private"])
    keys.push(inp["ephemeral_private"])
    request_packet, client_handler = client.pack_request(inp["request"])
    if keys.queue:
        raise RuntimeError("transcript %d: the reference did not draw its ephemeral key" % inp["id"])
    message, client_key, server_handler = server.unpack_request(request_packet)
    if message != inp["request"]:
        raise RuntimeError("transcript %d: the server did not return the request" % inp["id"])
    client_public = None
    if inp["client_auth"]:
        client_public = raw_public(client_key)
    elif client_key is not None:
        raise RuntimeError("transcript %d: anonymous request authenticated a key" % inp["id"])
    reply_packet = server_handler(inp["reply"])
    if client_handler(reply_packet) != inp["reply"]:
        raise RuntimeError("transcript %d: the client did not return the reply" % inp["id"])
    return server_public, client_public, request_packet, reply_packet


def record(found, seed):
    import generate  # shares the transcript inputs with the generator

    package, inner = found
    keys = FixedEphemeralKeys(inner.X25519PrivateKey)
    inner.X25519PrivateKey = keys
    try:
        records = []
        for inp in generate.transcript_inputs(seed):
            records.append(generate.transcript_record(inp, *record_one(package, keys, inp)))
    finally:
        inner.X25519PrivateKey = keys.original
    import cryptography
    version = getattr(package, "__version__", "unknown version")
    return {"generator": "%s %s (recorded by vectors/generator/record_reference.py), cryptography %s"
                         % (package.__name__, version, cryptography.__version__),
            "seed": seed, "transcripts": records}


def compare(recorded, path):
    with open(path, encoding="utf-8") as f:
        other = json.load(f)
    problems = []
    if other.get("seed") != recorded["seed"]:
        problems.append("seed %s differs from %s" % (recorded["seed"], other.get("seed")))
    if len(other["transcripts"]) != len(recorded["transcripts"]):
        problems.append("different number of transcripts")
    for a, b in zip(recorded["transcripts"], other["transcripts"]):
        for field in sorted(set(a) | set(b)):
            if a.get(field) != b.get(field):
                problems.append("transcript %d: %s differs" % (a["id"], field))
    return problems


def main(argv):
    ap = argparse.ArgumentParser(description="Record transcripts from the PSSST Python reference.")
    ap.add_argument("--seed", type=int, help="default: the default seed of generate.py")
    ap.add_argument("--module", default="pssst", help="package to record from (default: pssst)")
    ap.add_argument("--out", help="output file (default: standard output)")
    ap.add_argument("--compare", help="transcript file that the recording must equal")
    args = ap.parse_args(argv)
    found = import_reference(args.module)
    if found is None:
        return EXIT_NO_MODULE
    # The reference imported, so python3-cryptography is there for generate.py.
    import generate
    seed = generate.DEFAULT_SEED if args.seed is None else args.seed
    try:
        recorded = record(found, seed)
    except (RuntimeError, TypeError, ValueError, AttributeError) as err:
        print("record_reference: recording failed: %s" % err, file=sys.stderr)
        return 1
    text = json.dumps(recorded, indent=1) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.compare:
        problems = compare(recorded, args.compare)
        for p in problems:
            print("record_reference: " + p, file=sys.stderr)
        print("record_reference: %d transcripts %s %s" % (
            len(recorded["transcripts"]), "differ from" if problems else "equal", args.compare),
            file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
