#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The Python port harness (conformance/ports/python/harness.py) on the vector
generator's implementation, with one deliberate bug: the reply nonce ends in
the label "RPLZ" instead of "RPLY" (spec 5.2). A port author with this bug
sees every reply refused as a client, every reply packet wrong as a server,
and the canary canary-client-correct-reply-marked-invalid pass; the CTest
conformance.port.diagnosis checks that the runner says so.

Usage: wrong_nonce_harness.py   (speaks the harness protocol on stdin/stdout)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "..", "..", "..")
GENERATOR = os.path.join(TOP, "vectors", "generator")
sys.path[:0] = [os.path.join(TOP, "conformance", "ports", "python"), GENERATOR]

import pssstpy  # noqa: E402

derive = pssstpy.Keys.__init__


def wrong_reply_nonce(keys, dh_param, shared):
    derive(keys, dh_param, shared)
    keys.server_nonce = keys.server_nonce[:8] + b"RPLZ"


pssstpy.Keys.__init__ = wrong_reply_nonce

import harness  # noqa: E402  (imports the adapter, which finds pssstpy patched)

sys.argv = [sys.argv[0], "--impl", "generator", "--generator-dir", GENERATOR]
sys.exit(harness.main())
