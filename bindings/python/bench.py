#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""pssst_c against pssst 0.2.1, operation by operation, in one process.

Usage: bench.py [--reference-dir DIR] [--rounds N] [--time SECONDS] [--size BYTES]

For each operation, both packages run the same calls through the same API,
in interleaved rounds (reference, pssst_c, reference, ...) so that a change
of machine load hits both alike. A round times a batch of calls; the figure
of an operation is the median over the rounds of the time per call, and
the ratio is reference time / pssst_c time (above 1: pssst_c is faster).

The reference is imported from DIR (default: $PSSST_SHARED_DIR/peers/
pypssst-0.2.1, else ../shared beside the repository), or as the installed
package `pssst` when DIR holds none. pssst_c loads libpssst as it always
does (PSSST_C_LIBRARY, ...); the X25519 backend of that library decides
most of its speed, and is printed.
"""
import argparse
import importlib
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REFERENCE = os.path.join(os.environ.get("PSSST_SHARED_DIR",
                                                os.path.join(HERE, "..", "..", "..", "shared")),
                                 "peers", "pypssst-0.2.1")


def load_reference(folder):
    sys.dont_write_bytecode = True
    if os.path.isfile(os.path.join(folder, "pssst", "pssst.py")):
        sys.path.insert(0, folder)
    module = importlib.import_module("pssst")
    if getattr(module, "__version__", None) != "0.2.1":
        sys.exit("bench.py: pssst %s found; pssst 0.2.1 is needed" % module.__version__)
    return module


class Setup:
    """Keys, a client and a server of one package, in one mode."""

    def __init__(self, package, client_auth, message):
        self.package = package
        server_private, server_public = package.generate_key_pair()
        client_private = package.generate_key_pair()[0] if client_auth else None
        self.client = package.PSSSTClient(server_public, client_private)
        self.server = package.PSSSTServer(server_private)
        self.message = message

    def pack(self, count):
        """count requests: time of client.pack_request."""
        pack, message = self.client.pack_request, self.message
        start = time.perf_counter()
        for _ in range(count):
            pack(message)
        return time.perf_counter() - start

    def unpack_and_reply(self, count):
        """count requests: time of server.unpack_request and the reply handler."""
        packets = [self.client.pack_request(self.message)[0] for _ in range(count)]
        unpack = self.server.unpack_request
        start = time.perf_counter()
        for packet in packets:
            message, _, reply = unpack(packet)
            reply(message)
        return time.perf_counter() - start

    def unpack_reply(self, count):
        """count replies: time of the client's reply handler."""
        pending = []
        for _ in range(count):
            packet, handler = self.client.pack_request(self.message)
            message, _, reply = self.server.unpack_request(packet)
            pending.append((handler, reply(message)))
        start = time.perf_counter()
        for handler, reply_packet in pending:
            handler(reply_packet)
        return time.perf_counter() - start


# Label, method, most calls per round: the inputs of the last two are made
# before each round (a packet, or a request and its reply, per call) at a
# cost far above that of the call timed, so their rounds stay short.
OPERATIONS = [
    ("client pack_request", "pack", 1 << 16),
    ("server unpack_request + reply", "unpack_and_reply", 1000),
    ("client reply handler (unpack reply)", "unpack_reply", 1000),
]


def batch_size(setup, method, budget, most):
    """Calls per round so that one round of one package takes about budget seconds."""
    count = 4
    while True:
        spent = getattr(setup, method)(count)
        if spent >= budget / 4 or count >= most:
            return min(most, max(4, int(count * budget / max(spent, 1e-9))))
        count *= 4


def measure(setups, method, rounds, budget, most):
    """Median time per call over interleaved rounds, for each package."""
    counts = [batch_size(s, method, budget, most) for s in setups]
    times = [[] for _ in setups]
    for _ in range(rounds):
        for i, setup in enumerate(setups):
            times[i].append(getattr(setup, method)(counts[i]) / counts[i])
    return [statistics.median(t) for t in times]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference-dir", default=DEFAULT_REFERENCE)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--time", type=float, default=12.0,
                        help="seconds for the whole run, roughly (default 12)")
    parser.add_argument("--size", type=int, default=64, help="message bytes (default 64)")
    args = parser.parse_args()
    ref = load_reference(os.path.abspath(args.reference_dir))
    import pssst_c  # pylint: disable=import-outside-toplevel
    message = os.urandom(args.size)
    print("reference: pssst %s at %s" % (ref.__version__, os.path.dirname(ref.__file__)))
    print("pssst_c %s on libpssst %s, %s backend (%s)" % (
        pssst_c.__version__, pssst_c.library_version(), pssst_c.library_backend(),
        pssst_c.library_path))
    print("message %d bytes, %d interleaved rounds; median time per call"
          % (args.size, args.rounds))
    modes = (("anonymous", False), ("client-auth", True))
    budget = args.time / (len(OPERATIONS) * len(modes) * 2 * args.rounds)
    print("%-38s %-12s %12s %12s %8s" % ("operation", "mode", "pssst us", "pssst_c us",
                                         "ratio"))
    slowest = None
    for mode, client_auth in modes:
        setups = [Setup(ref, client_auth, message), Setup(pssst_c, client_auth, message)]
        for label, method, most in OPERATIONS:
            ref_time, c_time = measure(setups, method, args.rounds, budget, most)
            ratio = ref_time / c_time
            slowest = ratio if slowest is None else min(slowest, ratio)
            print("%-38s %-12s %12.1f %12.1f %7.2fx" % (label, mode, ref_time * 1e6,
                                                       c_time * 1e6, ratio))
    verdict = "faster" if slowest > 1 else "NOT faster"
    print("pssst_c is %s than pssst 0.2.1 on every operation: smallest ratio %.2fx"
          % (verdict, slowest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
