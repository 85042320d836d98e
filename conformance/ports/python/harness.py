#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Port harness for Python implementations of PSSST (spec/harness.md).

Usage: harness.py --impl reference [--module pssst]
       harness.py --impl generator [--generator-dir DIR]
       harness.py --impl c [--module pssst_c]

Speaks the harness protocol on stdin/stdout, so that
`pssst-conform port -- python3 harness.py --impl ...` runs every vector
through a Python implementation. The implementation is reached through a
small adapter (adapter_reference.py, adapter_generator.py, adapter_c.py) with one method
per protocol operation; this file knows nothing of either package.

An adapter method raises AdapterError(status) for a refusal that the
implementation reports as a PSSST error (mapped to a status name of spec
10.1), and Unsupported for what the implementation cannot do. Any other
exception is reported as status "crash" for that test, with its type and
message, and the harness carries on with the next request.
"""
import argparse
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from adapter_base import AdapterError, Unsupported  # noqa: E402

PROTOCOL = 1


class RequestError(Exception):
    """The request itself is malformed (answered with status "error")."""


def hex_arg(req, name, size=None, nullable=False):
    value = req.get(name)
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise RequestError("%s: expected a hex string" % name)
    try:
        raw = bytes.fromhex(value)
    except ValueError as err:
        raise RequestError("%s: not hex (%s)" % (name, err)) from err
    if size is not None and len(raw) != size:
        raise RequestError("%s: %d bytes, expected %d" % (name, len(raw), size))
    return raw


class Session:
    """The state between "begin" requests: one adapter instance per test."""

    def __init__(self, factory):
        self.factory = factory
        self.adapter = None

    def hello(self, req):
        caps = self.factory.capabilities()
        return dict(status="OK", protocol=PROTOCOL, **caps)

    def begin(self, req):
        role, suite = req.get("role"), req.get("suite")
        if role not in ("client", "server") or not isinstance(suite, int):
            raise RequestError("begin needs role and suite")
        self.adapter = self.factory.new(role, req.get("mode"), suite)
        return {"status": "OK"}

    def run(self, op, req):
        a = self.adapter
        if a is None:
            raise RequestError("%s before begin" % op)
        if op == "client_init":
            a.client_init(hex_arg(req, "serverPublic", 32),
                          hex_arg(req, "clientPrivate", 32, nullable=True))
            return {"status": "OK"}
        if op == "pack_request":
            packet = a.pack_request(hex_arg(req, "ephemeralPrivate", 32), hex_arg(req, "message"))
            return {"status": "OK", "packet": bytes(packet).hex()}
        if op == "unpack_reply":
            return {"status": "OK", "message": bytes(a.unpack_reply(hex_arg(req, "packet"))).hex()}
        if op == "server_init":
            a.server_init(hex_arg(req, "serverPrivate", 32))
            return {"status": "OK"}
        if op == "unpack_request":
            message, client_public = a.unpack_request(hex_arg(req, "packet"))
            return {"status": "OK", "message": bytes(message).hex(),
                    "clientPublic": None if client_public is None else bytes(client_public).hex()}
        if op == "pack_reply":
            return {"status": "OK", "packet": bytes(a.pack_reply(hex_arg(req, "message"))).hex()}
        if op == "public_key":
            if not hasattr(a, "public_key"):
                raise Unsupported("this implementation exposes no public-key derivation")
            public = a.public_key(hex_arg(req, "privateKey", 32))
            return {"status": "OK", "publicKey": bytes(public).hex()}
        raise RequestError("unknown op %r" % (op,))


def exception_name(err):
    """"ValueError", or "struct.error" for a class outside the builtins."""
    cls = type(err)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def raised_at(err, package_dir):
    """Where the implementation raised err: "pssst/header.py:45 in from_bytes".

    The deepest frame inside the implementation's own package, so that a
    report names the line of the port to fix even when the exception came
    out of a library it called (cryptography, struct); None when no frame
    lies inside the package or its folder is not known.
    """
    if not package_dir:
        return None
    parent = os.path.dirname(package_dir)
    found = None
    for frame in traceback.extract_tb(err.__traceback__):
        if os.path.abspath(frame.filename).startswith(package_dir + os.sep):
            found = frame
    if found is None:
        return None
    return "%s:%d in %s" % (os.path.relpath(os.path.abspath(found.filename), parent),
                            found.lineno, found.name)


def answer(session, line):
    try:
        req = json.loads(line)
    except ValueError as err:
        return {"status": "error", "reason": "not JSON: %s" % err}
    if not isinstance(req, dict):
        return {"status": "error", "reason": "not a JSON object"}
    op = req.get("op")
    try:
        if op == "hello":
            resp = session.hello(req)
        elif op == "begin":
            resp = session.begin(req)
        else:
            resp = session.run(op, req)
    except RequestError as err:
        resp = {"status": "error", "reason": str(err)}
    except AdapterError as err:
        resp = {"status": err.status}
    except Unsupported as err:
        resp = {"status": "unsupported", "reason": str(err)}
    except Exception as err:  # pylint: disable=broad-except
        # spec/harness.md 3.4: anything that is no PSSST error is a crash of this test.
        reason = "%s: %s" % (exception_name(err), err)
        where = raised_at(err, getattr(session.factory, "package_dir", None))
        if where is not None:
            reason += " (raised at %s)" % where
        resp = {"status": "crash", "reason": reason}
    if "id" in req:
        resp["id"] = req["id"]
    return resp


def load_factory(args):
    if args.impl == "generator":
        import adapter_generator
        return adapter_generator.Factory(args.generator_dir)
    if args.impl == "c":
        import adapter_c
        return adapter_c.Factory(args.module or "pssst_c")
    import adapter_reference
    return adapter_reference.Factory(args.module or "pssst")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--impl", choices=("reference", "generator", "c"), required=True)
    parser.add_argument("--module", default=None,
                        help="module name of the package (default: pssst for reference, "
                             "pssst_c for c)")
    parser.add_argument("--generator-dir",
                        default=os.path.join(HERE, "..", "..", "..", "vectors", "generator"),
                        help="folder of pssstpy.py (default: vectors/generator of this tree)")
    args = parser.parse_args()
    try:
        factory = load_factory(args)
    except ImportError as err:
        sys.stderr.write("harness.py: cannot load the %s implementation: %s\n" % (args.impl, err))
        return 2
    session = Session(factory)
    for line in sys.stdin:
        if not line.strip():
            continue
        sys.stdout.write(json.dumps(answer(session, line)) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
