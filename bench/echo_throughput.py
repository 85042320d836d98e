# SPDX-License-Identifier: Apache-2.0
"""UDP echo throughput over loopback against the bare X25519 rate.

Measures, in one session and alternating so that noise from other programs
falls on all figures alike:
  - the bare variable-base X25519 time of the active backend (pssst-bench);
  - transactions per second of `pssst echo-server --workers 1` and
    `--workers 2`, loaded by `pssst echo-client --prepacked` (cheap load:
    one AES-GCM open per transaction on the client side); with one worker
    the server is pinned to CPU 0 and the client to CPU 1;
and prints each as a ratio to 1 / bare time (what one core could do if it
did nothing but X25519) and the 2-worker / 1-worker scaling. It also
gives the server's CPU time per transaction (from /proc): on a machine
shared with other work, that figure says what one worker would sustain
with a core of its own.

Usage: echo_throughput.py BUILD_BIN_DIR [--rounds R] [--seconds S] [--json]
Only 127.0.0.1 is used; every process is stopped at the end by its pid.
The processes, the load client and the /proc figures are bench/udp_load.py's,
shared with bench/race.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import udp_load  # noqa: E402  (beside this script)

CALIBRATION_TRANSACTIONS = 5000


def start_server(procs, pssst, key, workers, tmp):
    """With one worker the server is pinned to the server's core; two
    workers get both cores."""
    cpu = udp_load.SERVER_CPU if workers == 1 else None
    p = procs.start([pssst, "echo-server", "--key", key, "--listen", "127.0.0.1:0", "--workers",
                     str(workers), "--duration", "3600"],
                    os.path.join(tmp, "server-%d.out" % workers), cpu=cpu)
    p.address = p.wait_for_line(r"^listening (\S+)").group(1)
    return p


def client_rate(pssst, pub, server, count, cpu):
    fig = udp_load.measured(server.pid, lambda: udp_load.load_client(pssst, pub, server.address,
                                                                      count, cpu=cpu))
    if fig["verified"] != count:
        raise RuntimeError("client run incomplete: %s" % fig)
    return fig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bindir")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=4.0, help="per client run")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    pssst = os.path.join(a.bindir, "pssst")
    tmp = tempfile.mkdtemp(prefix="pssst-echo-bench-")
    key = os.path.join(tmp, "server.key")
    udp_load.run([pssst, "keygen", "-o", key])
    pub = udp_load.run([pssst, "pubkey", key]).strip()
    backend = udp_load.pssst_backend(pssst)

    rates = {1: [], 2: []}
    cpu_us = {1: [], 2: []}  # server CPU time per transaction
    bare = []
    with udp_load.Processes() as procs:
        servers = {w: start_server(procs, pssst, key, w, tmp) for w in (1, 2)}
        # Size the runs from a first short one, then alternate.
        first = client_rate(pssst, pub, servers[1], CALIBRATION_TRANSACTIONS, udp_load.CLIENT_CPU)
        count = max(CALIBRATION_TRANSACTIONS, int(first["per_s"] * a.seconds))
        for _ in range(a.rounds):
            bare.append(udp_load.bare_x25519(a.bindir)["median_us"])
            for w in (1, 2):
                fig = client_rate(pssst, pub, servers[w], count * w,
                                  udp_load.CLIENT_CPU if w == 1 else None)
                rates[w].append(fig["per_s"])
                cpu_us[w].append(fig["server_cpu_us"])
    bare_us = statistics.median(bare)
    bare_rate = 1e6 / bare_us
    r1, r2 = statistics.median(rates[1]), statistics.median(rates[2])
    cpu1 = statistics.median(cpu_us[1])
    result = {
        "backend": backend,
        "bare_x25519_us": round(bare_us, 2),
        "bare_rate_per_s": round(bare_rate),
        "workers_1_per_s": round(r1),
        "workers_2_per_s": round(r2),
        "workers_1_vs_bare_rate": round(r1 / bare_rate, 3),
        "workers_2_vs_1": round(r2 / r1, 3),
        "server_cpu_us_per_transaction_1_worker": round(cpu1, 2),
        "cpu_capacity_1_worker_vs_bare_rate": round(bare_us / cpu1, 3),
        "rounds": {"bare_us": bare, "workers_1": rates[1], "workers_2": rates[2],
                   "server_cpu_us_1": cpu_us[1], "server_cpu_us_2": cpu_us[2]},
    }
    if a.json:
        print(json.dumps(result, indent=2))
        return
    print("backend %s, bare X25519 %.2f us -> %.0f per second on one core" %
          (backend, bare_us, bare_rate))
    print("echo-server, 1 worker : %8.0f transactions/s = %.3f x bare rate (target >= 0.80)" %
          (r1, r1 / bare_rate))
    print("echo-server, 2 workers: %8.0f transactions/s = %.3f x 1 worker  (target >= 1.60)" %
          (r2, r2 / r1))
    print("server CPU per transaction, 1 worker: %.1f us: a fully available core would "
          "answer %.0f/s = %.3f x bare rate" % (cpu1, 1e6 / cpu1, bare_us / cpu1))
    print("rounds: bare us %s; 1 worker %s; 2 workers %s" %
          ([round(x, 1) for x in bare], rates[1], rates[2]))


if __name__ == "__main__":
    sys.exit(main())
