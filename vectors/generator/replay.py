# SPDX-License-Identifier: Apache-2.0
"""Replays vector tests against pssstpy, following the procedures and the
stage rule of spec/vectors.md. Used by generate.py (every test it writes
must pass, every canary must fail) and by the self-test."""

import pssstpy
from pssstpy import PssstError

CLIENT_STAGES = ("client_init", "pack_request", "unpack_reply", "reuse")
SERVER_STAGES = ("server_init", "unpack_request", "reuse")


def _b(value):
    return None if value is None else bytes.fromhex(value)


class Outcome:
    """What happened when a test was replayed: the stage reached and how."""

    def __init__(self):
        self.failed_stage = None  # stage whose operation returned an error
        self.status = None
        self.mismatch = None  # description of an output that differed

    def fail(self, stage, status):
        self.failed_stage = stage
        self.status = status
        return self

    def differ(self, what):
        self.mismatch = what
        return self


def run_client(test, mode):
    out = Outcome()
    try:
        client = pssstpy.Client(_b(test["serverPublic"]), _b(test["clientPrivate"]))
    except PssstError as err:
        return out.fail("client_init", err.status)
    if mode == "client_auth" and client.client_public.hex() != test["clientPublic"]:
        return out.differ("clientPublic")
    try:
        packet, ctx, _ = client.pack_request(_b(test["ephemeralPrivate"]), _b(test["request"]))
    except PssstError as err:
        return out.fail("pack_request", err.status)
    if packet.hex() != test["requestPacket"]:
        return out.differ("requestPacket")
    # Extension (spec/vectors.md, reply sequences): packets that arrive
    # before replyPacket and must each be refused with an allowed status.
    for i, before in enumerate(test.get("repliesBefore", [])):
        try:
            pssstpy.unpack_reply(ctx, _b(before["packet"]))
        except PssstError as err:
            if err.status not in before["errors"]:
                return out.differ("repliesBefore[%d] gave %s" % (i, err.status))
            continue
        return out.differ("repliesBefore[%d] was accepted" % i)
    try:
        message = pssstpy.unpack_reply(ctx, _b(test["replyPacket"]))
    except PssstError as err:
        return out.fail("unpack_reply", err.status)
    if message.hex() != test["reply"]:
        return out.differ("reply")
    if test.get("stage") == "reuse":
        try:
            pssstpy.unpack_reply(ctx, _b(test["replyPacket"]))
        except PssstError as err:
            return out.fail("reuse", err.status)
    return out


def run_server(test, mode):
    out = Outcome()
    try:
        server = pssstpy.Server(_b(test["serverPrivate"]))
    except PssstError as err:
        return out.fail("server_init", err.status)
    if server.server_public.hex() != test["serverPublic"]:
        return out.differ("serverPublic")
    try:
        message, client_public, ctx, _ = server.unpack_request(_b(test["requestPacket"]))
    except PssstError as err:
        return out.fail("unpack_request", err.status)
    if message.hex() != test["request"]:
        return out.differ("request")
    want_key = test["clientPublic"] if mode == "client_auth" else None
    got_key = None if client_public is None else client_public.hex()
    if got_key != want_key:
        return out.differ("authenticated client key")
    try:
        packet = pssstpy.pack_reply(ctx, _b(test["reply"]))
    except PssstError as err:
        return out.fail("reuse", err.status)  # cannot happen on a fresh context
    if packet.hex() != test["replyPacket"]:
        return out.differ("replyPacket")
    if test.get("stage") == "reuse":
        try:
            pssstpy.pack_reply(ctx, _b(test["reply"]))
        except PssstError as err:
            return out.fail("reuse", err.status)
    return out


def verdict(test, role, mode):
    """Returns None when the test passes, else a sentence saying why not."""
    out = run_client(test, mode) if role == "client" else run_server(test, mode)
    result = test["result"]
    if out.mismatch is not None:
        return "output differs: " + out.mismatch
    succeeded = out.failed_stage is None
    if result == "valid":
        return None if succeeded else "failed at %s with %s" % (out.failed_stage, out.status)
    if result == "acceptable" and succeeded:
        return None
    if succeeded:
        return "succeeded; expected %s at %s" % (test["errors"], test["stage"])
    stage_ok = out.failed_stage == test["stage"] or (
        test["stage"] == "client_init" and out.failed_stage == "pack_request"
    )
    if not stage_ok:
        return "failed at %s, expected %s" % (out.failed_stage, test["stage"])
    if out.status not in test["errors"]:
        return "failed with %s, expected one of %s" % (out.status, test["errors"])
    return None
