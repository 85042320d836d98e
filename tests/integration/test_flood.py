# SPDX-License-Identifier: Apache-2.0
"""An echo-server under a flood of 1,000,000 invalid datagrams (spec 11.6).

One process (udp_flood) sends random bytes, truncated requests, replayed
valid requests, reply-direction packets, forged bodies, flipped bits,
reserved flags and low-order dh_params, paced over about ten seconds, while
echo-client runs valid transactions from another process. Checks: the
server stays up and answers afterwards; its resident memory stays flat;
every valid transaction that is answered verifies (none fails); the server
counted the invalid datagrams by status. The valid throughput with and
without the flood is printed.

Usage: test_flood.py PATH_TO_PSSST PATH_TO_UDP_FLOOD [--sanitized] [--summary FILE]
With --summary, the figures are also written to FILE as JSON (bench/plots.sh
plots them); the checks are the same.
"""
import json
import subprocess
import sys
import time

from netharness import check, main, parse_client, read, rss_kib

FLOOD_COUNT = 1000000
FLOOD_RATE = 100000          # datagrams per second: about ten seconds of flood
FLOOD_TIMEOUT_SECONDS = 120
BASELINE_TRANSACTIONS = 10000
BATCH_TRANSACTIONS = 1000    # client runs repeated while the flood lasts
CLIENT_ARGS = ["--concurrency", "32", "--prepacked", "256", "--timeout", "200",
               "--retries", "10"]
RSS_GROWTH_LIMIT_KIB = 4096  # "flat": pre-allocated buffers only


def baseline(h, pub, addr):
    r = h.client(pub, addr, BASELINE_TRANSACTIONS, CLIENT_ARGS)
    check(r["rc"] == 0 and r["verified"] == BASELINE_TRANSACTIONS,
          "without flood: %d of %d verified" % (r.get("verified", 0), BASELINE_TRANSACTIONS))
    return r["transactions_per_s"]


def under_flood(h, pub, addr, flood_bin, server):
    flood = subprocess.Popen([flood_bin, "--connect", addr, "--server-public", pub,
                              "--count", str(FLOOD_COUNT), "--rate", str(FLOOD_RATE)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    h.procs.append(flood)
    flood.out_path = flood.err_path = "/dev/null"
    flood.name = "udp_flood"
    totals = {"verified": 0, "lost": 0, "failed": 0, "bad_replies": 0, "retries": 0}
    max_rss = 0
    start = time.time()
    while flood.poll() is None and time.time() - start < FLOOD_TIMEOUT_SECONDS:
        r = h.client(pub, addr, BATCH_TRANSACTIONS, CLIENT_ARGS)
        for k in totals:
            totals[k] += r.get(k, 0)
        max_rss = max(max_rss, rss_kib(server.pid))
        check_alive(server)
    elapsed = time.time() - start
    out, err = flood.communicate(timeout=FLOOD_TIMEOUT_SECONDS)
    print("udp_flood: " + out.strip())
    check(flood.returncode == 0 and ("sent=%d " % FLOOD_COUNT) in out,
          "the flood sent %d datagrams" % FLOOD_COUNT)
    return totals, elapsed, max_rss


def check_alive(server):
    if server.poll() is not None:
        check(False, "server still running during the flood (exit %s)" % server.returncode)


def summary_path():
    """The FILE of --summary FILE, or None."""
    if "--summary" not in sys.argv:
        return None
    return sys.argv[sys.argv.index("--summary") + 1]


def write_summary(rate_before, rate_during, totals, elapsed, delta, rss):
    path = summary_path()
    if path is None:
        return
    version = subprocess.run([sys.argv[1], "version"], capture_output=True, text=True).stdout
    backend = dict(line.split(": ", 1) for line in version.splitlines() if ": " in line)
    summary = {
        "backend": backend.get("backend", "unknown"),
        "crypto": backend.get("crypto", "unknown"),
        "flood_datagrams": FLOOD_COUNT,
        "flood_rate_per_s": FLOOD_RATE,
        "flood_seconds": round(elapsed, 2),
        "valid_per_s_without_flood": round(rate_before),
        "valid_per_s_during_flood": round(rate_during),
        "during_flood": totals,
        "server_counters_during_flood": delta,
        "rss_kib_before_max_after": list(rss),
    }
    with open(path, "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")


def test(h):
    pssst, flood_bin = sys.argv[1], sys.argv[2]
    key, pub = h.keypair("flood")
    server = h.start_server(key, "127.0.0.1:0", workers=1, name="server")
    addr = server.address
    rate_before = baseline(h, pub, addr)
    rss_before = rss_kib(server.pid)
    counters_before = h.counters(server)

    totals, elapsed, max_rss = under_flood(h, pub, addr, flood_bin, server)
    rate_during = totals["verified"] / elapsed if elapsed > 0 else 0
    check_alive(server)
    check(server.poll() is None, "server still running after the flood")
    check(totals["failed"] == 0 and totals["bad_replies"] == 0,
          "every answered valid transaction verified during the flood "
          "(verified %d, lost %d, retries %d)" % (totals["verified"], totals["lost"],
                                                  totals["retries"]))
    check(totals["verified"] > 0, "valid transactions got through during the flood")

    time.sleep(0.5)  # let the server drain what the flood queued
    counters = h.counters(server)
    delta = {k: counters[k] - counters_before[k] for k in counters}
    by_status = {k: v for k, v in delta.items()
                 if k not in ("received", "replied", "send_errors", "oversize")}
    print("server during the flood: " + " ".join("%s=%d" % kv for kv in sorted(delta.items())
                                                 if kv[1]))
    check(sum(by_status.values()) + delta["oversize"] == delta["received"],
          "every received datagram counted under one status (%d received)" % delta["received"])
    # spec 7.1: what each kind of the flood must be refused with.
    expected = ("MALFORMED", "UNSUPPORTED_SUITE", "NOT_REQUEST", "DECRYPT_FAILED", "BAD_KEY")
    check(all(by_status[k] > 0 for k in expected),
          "invalid datagrams counted by status: %s" % {k: by_status[k] for k in expected})

    r = h.client(pub, addr, BATCH_TRANSACTIONS, CLIENT_ARGS)
    check(r["rc"] == 0 and r["verified"] == BATCH_TRANSACTIONS,
          "after the flood: %d of %d verified" % (r.get("verified", 0), BATCH_TRANSACTIONS))
    rss_after = rss_kib(server.pid)
    growth = max(max_rss, rss_after) - rss_before
    rss = "RSS %d KiB before, at most %d KiB during, %d KiB after" % (rss_before, max_rss,
                                                                      rss_after)
    if "--sanitized" in sys.argv:
        # ASan keeps freed blocks in quarantine: RSS grows without a leak.
        print("note: memory not judged in a sanitizer build: " + rss)
    else:
        check(growth <= RSS_GROWTH_LIMIT_KIB, "memory flat: " + rss)
    rc, _ = h.stop_server(server)
    check(rc == 0, "server stopped cleanly")
    write_summary(rate_before, rate_during, totals, elapsed, delta,
                  (rss_before, max_rss, rss_after))
    print("valid throughput: %.0f transactions/s without flood, %.0f/s during the flood "
          "(%.0f%%; %d lost of %d started)" %
          (rate_before, rate_during, 100.0 * rate_during / rate_before if rate_before else 0,
           totals["lost"], totals["verified"] + totals["lost"]))


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[-1] == "--summary":
        print("usage: test_flood.py PSSST UDP_FLOOD [--sanitized] [--summary FILE]",
              file=sys.stderr)
        sys.exit(2)
    start = time.time()
    rc = main(test, sys.argv[1])
    print("took %.1f s" % (time.time() - start))
    sys.exit(rc)
