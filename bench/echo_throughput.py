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
Only 127.0.0.1 is used; every process is stopped at the end.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

CONCURRENCY = 128
SOCKETS = 16       # source ports: SO_REUSEPORT spreads flows over workers
PREPACKED = 512
POLL_US = 1000     # client looks at its sockets every 1 ms: no wake-ups
CALIBRATION_TRANSACTIONS = 5000


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, check=True, **kw).stdout


def bare_x25519_us(bindir):
    out = run([os.path.join(bindir, "pssst-bench"), "--json", "--time", "1500", "--rounds", "3",
               "--threads", "1", "--thread-time", "100"])
    return json.loads(out)["bare_x25519_median_us"]


def pinned(cpu, argv):
    """With one worker, the server gets CPU 0 and the client CPU 1 (taskset),
    so that neither is ever scheduled on the other's core."""
    if cpu is None or shutil.which("taskset") is None or os.cpu_count() < 2:
        return argv
    return ["taskset", "-c", str(cpu)] + argv


class Server:
    def __init__(self, pssst, key, workers, tmp):
        self.out = open(os.path.join(tmp, "server-%d.out" % workers), "w+")
        cpu = 0 if workers == 1 else None
        self.proc = subprocess.Popen(pinned(cpu, [pssst, "echo-server", "--key", key, "--listen",
                                      "127.0.0.1:0", "--workers", str(workers),
                                      "--duration", "600"]),
                                     stdout=self.out, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            with open(self.out.name) as f:
                m = re.search(r"^listening (\S+)", f.read(), re.M)
            if m:
                self.address = m.group(1)
                return
            time.sleep(0.05)
        raise RuntimeError("echo-server did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)


def cpu_seconds(pid):
    """User + system CPU time of a process (all threads), in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_rate(pssst, pub, address, count, cpu):
    out = run(pinned(cpu, [pssst, "echo-client", "--server-public", pub, "--connect", address,
                           "-n", str(count), "--concurrency", str(CONCURRENCY), "--sockets",
                           str(SOCKETS), "--prepacked", str(PREPACKED), "--poll-us",
                           str(POLL_US), "--timeout", "500"]),
              timeout=300)
    m = re.search(r"transactions_per_s=(\d+)", out)
    v = re.search(r"verified=(\d+) lost=(\d+)", out)
    if not m or not v or int(v.group(1)) != count:
        raise RuntimeError("client run incomplete:\n" + out)
    return float(m.group(1))


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
    run([pssst, "keygen", "-o", key])
    pub = run([pssst, "pubkey", key]).strip()
    version = dict(line.split(": ", 1) for line in run([pssst, "version"]).splitlines()
                   if ": " in line)
    backend = version.get("backend", "unknown")

    servers = {w: Server(pssst, key, w, tmp) for w in (1, 2)}
    rates = {1: [], 2: []}
    cpu_us = {1: [], 2: []}  # server CPU time per transaction
    bare = []
    try:
        # Size the runs from a first short one, then alternate.
        first = client_rate(pssst, pub, servers[1].address, CALIBRATION_TRANSACTIONS, 1)
        count = max(CALIBRATION_TRANSACTIONS, int(first * a.seconds))
        for _ in range(a.rounds):
            bare.append(bare_x25519_us(a.bindir))
            for w in (1, 2):
                cpu0 = cpu_seconds(servers[w].proc.pid)
                rates[w].append(client_rate(pssst, pub, servers[w].address, count * w,
                                            1 if w == 1 else None))
                cpu_us[w].append((cpu_seconds(servers[w].proc.pid) - cpu0) * 1e6 / (count * w))
    finally:
        for s in servers.values():
            s.stop()
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
