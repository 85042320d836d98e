#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Replay the vector files straight into the Python reference, without the runner.

Usage: replay_vectors.py VECTORS_DIR [--compare PORT_REPORT.json]

A cross-check of `pssst-conform port` and harness.py: this program reads
vectors/*.json itself (spec/vectors.md), drives the installed `pssst`
package through the role procedures of vectors.md section 3 and the reply
sequences of section 6 with its own code (it shares nothing with
harness.py or adapter_reference.py), and gives each test a verdict
(pass, fail, wrong-error, crash). With --compare it reads the runner's
JSON report of the same port and lists every test whose verdicts differ;
the exit status is 1 when any differ, 0 when all agree.

Run it with the interpreter of the port's venv:
BUILD_DIR/ports/python/venv/bin/python replay_vectors.py vectors --compare report.json
"""
import argparse
import glob
import json
import os
import sys

import pssst
import pssst.pssst as inner
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

NAMES = {
    pssst.PSSSTUnsupportedCipher: "UNSUPPORTED_SUITE",
    pssst.PSSSTNotRequest: "NOT_REQUEST",
    pssst.PSSSTNotReply: "NOT_REPLY",
    pssst.PSSSTDecryptFailed: "DECRYPT_FAILED",
    pssst.PSSSTClientAuthFailed: "CLIENT_AUTH_FAILED",
    pssst.PSSSTReplyMismatch: "REPLY_MISMATCH",
    pssst.PSSSTHandlerReused: "CONTEXT_USED",
}


class Refused(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class Crashed(Exception):
    pass


class FixedKey:
    """Replaces X25519PrivateKey in pssst.pssst: generate() gives the next queued key."""
    queue = []

    @classmethod
    def generate(cls):
        return X25519PrivateKey.from_private_bytes(cls.queue.pop(0))

    @staticmethod
    def from_private_bytes(raw):
        return X25519PrivateKey.from_private_bytes(raw)


inner.X25519PrivateKey = FixedKey


def call(fn, *args):
    try:
        return fn(*args)
    except pssst.PSSSTException as err:
        name = NAMES.get(type(err))
        if name is None:
            raise Crashed(type(err).__name__) from err
        raise Refused(name) from err
    except Exception as err:  # pylint: disable=broad-except
        raise Crashed("%s: %s" % (type(err).__name__, err)) from err


def h(value):
    return None if value is None else bytes.fromhex(value)


def judge(test, role, steps):
    """Runs the steps of a test in order; returns its verdict and why.

    steps: (stage name, function) pairs; a function raises Refused or
    Crashed, or returns None when its outputs match, or a string saying how
    they differ.
    """
    stage = test.get("stage")
    errors = test.get("errors") or []
    invalid = test["result"] == "invalid"
    # A packet of repliesBefore refused with another error than listed does
    # not stop the test (as in pssst-conform): the test runs on, and if it
    # would pass it is a wrong-error.
    pending = None
    for name, fn in steps:
        try:
            mismatch = fn()
        except Crashed as err:
            return "crash", "%s: %s" % (name, err)
        except Refused as err:
            at_stage = invalid and name.split("[")[0] == stage
            # Early refusal (vectors.md 3.1): a bad server key refused when packing.
            early = invalid and stage == "client_init" and name == "pack_request"
            if name.startswith("repliesBefore"):
                allowed = steps_errors(test, name)
                if err.status not in allowed and pending is None:
                    pending = "%s: %s, allowed %s" % (name, err.status, allowed)
                continue
            if at_stage or early:
                if err.status in errors:
                    return ("wrong-error", pending) if pending else ("pass", "")
                return "wrong-error", "%s: %s, allowed %s" % (name, err.status, errors)
            return "fail", "%s refused with %s" % (name, err.status)
        if name.startswith("repliesBefore"):
            return "fail", "%s accepted" % name
        if mismatch:
            return "fail", "%s: %s" % (name, mismatch)
        if invalid and name == stage == "client_init":
            # Early refusal allowed: the server key may be checked when packing.
            continue
        if invalid and stage == "client_init" and name == "pack_request":
            return "fail", "client_init and pack_request succeeded; one must fail"
        if invalid and name == stage:
            return "fail", "%s succeeded; it must fail" % name
    if invalid:
        return "fail", "no operation failed"
    return ("wrong-error", pending) if pending else ("pass", "")


def steps_errors(test, name):
    index = int(name.split("[")[1].rstrip("]"))
    return test["repliesBefore"][index]["errors"]


def client_steps(test, mode):
    state = {}
    suite = pssst.CipherSuite(1)

    def client_init():
        key = h(test["clientPrivate"]) if mode == "client_auth" else None
        state["client"] = call(pssst.PSSSTClient, h(test["serverPublic"]), key, suite)

    def pack_request():
        FixedKey.queue = [h(test["ephemeralPrivate"])]
        packet, state["handler"] = call(state["client"].pack_request, h(test["request"]))
        if packet != h(test["requestPacket"]):
            return "packet differs"
        return None

    def before(index):
        def run():
            call(state["handler"], h(test["repliesBefore"][index]["packet"]))
        return run

    def unpack_reply():
        message = call(state["handler"], h(test["replyPacket"]))
        return None if message == h(test["reply"]) else "message differs"

    def reuse():
        call(state["handler"], h(test["replyPacket"]))

    steps = [("client_init", client_init), ("pack_request", pack_request)]
    for i in range(len(test.get("repliesBefore", []))):
        steps.append(("repliesBefore[%d]" % i, before(i)))
    steps.append(("unpack_reply", unpack_reply))
    if test.get("stage") == "reuse":
        steps.append(("reuse", reuse))
    return steps


def server_steps(test, mode):
    state = {}

    def server_init():
        state["server"] = call(pssst.PSSSTServer, h(test["serverPrivate"]), pssst.CipherSuite(1))

    def unpack_request():
        message, client_key, state["handler"] = call(state["server"].unpack_request,
                                                     h(test["requestPacket"]))
        if message != h(test["request"]):
            return "message differs"
        got = None if client_key is None else client_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        want = h(test["clientPublic"]) if mode == "client_auth" else None
        return None if got == want else "authenticated client key differs"

    def pack_reply():
        packet = call(state["handler"], h(test["reply"]))
        return None if packet == h(test["replyPacket"]) else "packet differs"

    def reuse():
        call(state["handler"], h(test["reply"]))

    steps = [("server_init", server_init), ("unpack_request", unpack_request),
             ("pack_reply", pack_reply)]
    if test.get("stage") == "reuse":
        steps.append(("reuse", reuse))
    return steps


def replay(folder):
    verdicts = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        doc = json.load(open(path, encoding="utf-8"))
        if "testGroups" not in doc or os.path.basename(path) == "coverage.json":
            continue
        for group in doc["testGroups"]:
            role, mode = group["role"], group["mode"]
            for test in group["tests"]:
                steps = client_steps(test, mode) if role == "client" else server_steps(test, mode)
                verdicts[test["tcId"]] = judge(test, role, steps)
    return verdicts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("vectors")
    ap.add_argument("--compare", metavar="PORT_REPORT.json")
    a = ap.parse_args()
    verdicts = replay(a.vectors)
    if not a.compare:
        for tc, (verdict, why) in verdicts.items():
            print("%s %s %s" % (verdict, tc, why))
        return 0
    report = json.load(open(a.compare, encoding="utf-8"))
    differ = 0
    for t in report["tests"]:
        mine = verdicts.get(t["tcId"])
        if mine is None:
            print("MISSING %s: not replayed here" % t["tcId"])
            differ += 1
        elif mine[0] != t["verdict"]:
            print("DIFFER  %s: runner %s (%s), here %s (%s)" % (
                t["tcId"], t["verdict"], t.get("reason") or "", mine[0], mine[1]))
            differ += 1
    print("%d tests compared with the runner's report: %d agree, %d differ" % (
        len(report["tests"]), len(report["tests"]) - differ, differ))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
