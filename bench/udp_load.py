# SPDX-License-Identifier: Apache-2.0
"""What the UDP benchmarks share: pinned processes, the load client, the
server's CPU account from /proc and the bare X25519 rate.

Used by bench/echo_throughput.py and bench/race. Only 127.0.0.1 is used.
Every process started here is a `Process`, stopped by its own pid (SIGTERM,
then SIGKILL after a grace period); `Processes` stops all of them when its
`with` block ends, on an error or Ctrl-C as well.
"""
import json
import os
import re
import resource
import signal
import socket
import subprocess
import time

# In flight: enough queued work (about 6 ms at 30,000/s) for the server to
# ride out the load client's scheduling gaps on a shared core, and below
# the 256 requests of 132 bytes that a default 208 KiB receive buffer holds
# (Linux counts 832 bytes per datagram on loopback), so that none is dropped.
CONCURRENCY = 192
SOCKETS = 16       # source ports: SO_REUSEPORT spreads flows over workers
PREPACKED = 512    # the client's requests are packed before the clock starts
POLL_US = 1000     # the client looks at its sockets every 1 ms: no wake-ups
TIMEOUT_MS = 500   # at least; longer for slow servers (timeout_for)
TIMEOUT_QUEUES = 4  # a resend waits for this many full queues of the server
STOP_GRACE_S = 5
SERVER_CPU = 0     # the server's core; the load client gets the other one
CLIENT_CPU = 1
NS = 1e9


def cpu_pinning(cpu):
    """A preexec_fn pinning the child to one core (when the machine has two)."""
    if cpu is None or (os.cpu_count() or 1) < 2:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def run(argv, cpu=None, timeout=600):
    """Runs a command to the end and returns its standard output."""
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=timeout,
                          preexec_fn=cpu_pinning(cpu)).stdout


class Process:
    """A long-running child (a server): stdout to a file, stopped by its pid."""

    def __init__(self, argv, out_path, cpu=None, env=None):
        self.argv = argv
        self.out_path = out_path
        self.out = open(out_path, "w+")
        self.proc = subprocess.Popen(argv, stdout=self.out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env,
                                     preexec_fn=cpu_pinning(cpu))
        self.pid = self.proc.pid

    def wait_for_line(self, pattern, seconds=10):
        """The first match of pattern in the output; fails if the child exits."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            with open(self.out_path) as f:
                m = re.search(pattern, f.read(), re.M)
            if m:
                return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        with open(self.out_path) as f:
            raise RuntimeError("%s did not start:\n%s" % (self.argv[0], f.read()[-2000:]))

    def wait_for_udp_port(self, port, seconds=10):
        """Waits until this process holds a UDP socket bound to port (any
        address, IPv4 or IPv6); fails if it exits or does not bind in time."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            if udp_port_inodes(port) & socket_inodes(self.pid):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        with open(self.out_path) as f:
            raise RuntimeError("%s does not hold UDP port %d:\n%s"
                               % (self.argv[0], port, f.read()[-2000:]))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()


def _interrupted(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


class Processes:
    """Every server of a run; all stopped when the `with` block ends."""

    def __init__(self):
        self.items = []

    def start(self, *args, **kw):
        p = Process(*args, **kw)
        self.items.append(p)
        return p

    def __enter__(self):
        # SIGTERM (e.g. from a test driver's timeout) unwinds like Ctrl-C,
        # so that the servers are stopped all the same.
        signal.signal(signal.SIGTERM, _interrupted)
        return self

    def __exit__(self, *exc):
        for p in reversed(self.items):
            p.stop()
        return False


def socket_inodes(pid):
    """The inodes of the sockets a process has open (/proc/PID/fd)."""
    found = set()
    fd_dir = "/proc/%d/fd" % pid
    try:
        names = os.listdir(fd_dir)
    except OSError:
        return found
    for name in names:
        try:
            link = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            continue  # closed meanwhile
        if link.startswith("socket:["):
            found.add(int(link[8:-1]))
    return found


def udp_port_inodes(port):
    """The inodes of the UDP sockets bound to local port `port`
    (/proc/net/udp and udp6: local address as HEXADDR:HEXPORT, inode in
    the tenth column)."""
    found = set()
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            if len(cols) > 9 and int(cols[1].rsplit(":", 1)[1], 16) == port:
                found.add(int(cols[9]))
    return found


def free_udp_port():
    """A port for a server that cannot bind port 0 and say which it got."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_account(pid):
    """CPU seconds of a process: user and system (all threads, /proc/PID/stat,
    in clock ticks), on a core and waiting, runnable, for one (the
    nanosecond sums of its threads' /proc/PID/task/TID/schedstat), and the
    monotonic clock."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    ran = waited = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                stat = f.read().split()
            ran += int(stat[0])
            waited += int(stat[1])
        except (FileNotFoundError, IndexError):
            continue  # a thread that ended, or no schedstat in this kernel
    return {"user": int(fields[11]) / tick, "system": int(fields[12]) / tick,
            "ran": ran / NS, "waited": waited / NS, "clock": time.monotonic()}


def account_delta(before, after):
    return {k: after[k] - before[k] for k in before}


def timeout_for(per_s, concurrency=CONCURRENCY):
    """Resend timeout for a server answering per_s: a request waits behind
    up to `concurrency` others, so a fixed 500 ms would resend every
    request to a server slower than about 250/s, and it would answer each
    twice (a resend costs it a full transaction)."""
    return max(TIMEOUT_MS, int(TIMEOUT_QUEUES * 1000 * concurrency / max(per_s, 1)))


def load_client(pssst, pub, address, count, client_key=None, cpu=CLIENT_CPU,
                concurrency=CONCURRENCY, timeout_ms=TIMEOUT_MS):
    """Runs `pssst echo-client` once and returns its figures as a dict."""
    argv = [pssst, "echo-client", "--server-public", pub, "--connect", address, "-n", str(count),
            "--concurrency", str(concurrency), "--sockets", str(SOCKETS), "--prepacked",
            str(max(PREPACKED, concurrency)), "--poll-us", str(POLL_US), "--timeout",
            str(timeout_ms)]
    if client_key:
        argv += ["--client-key", client_key]
    return parse_client(run(argv, cpu=cpu, timeout=900))


def parse_client(out):
    r = re.search(r"verified=(\d+) lost=(\d+) failed=(\d+) retries=(\d+)", out)
    t = re.search(r"elapsed_s=([\d.]+) transactions_per_s=(\d+)", out)
    lat = re.search(r"p50=([\d.]+) p90=[\d.]+ p99=([\d.]+)", out)
    if not r or not t or not lat:
        raise RuntimeError("echo-client printed no figures:\n" + out)
    return {"verified": int(r.group(1)), "lost": int(r.group(2)), "failed": int(r.group(3)),
            "retries": int(r.group(4)), "elapsed_s": float(t.group(1)),
            "per_s": float(t.group(2)), "p50_us": float(lat.group(1)),
            "p99_us": float(lat.group(2))}


def measured(server_pid, run_client):
    """Runs the client and returns its figures with the server's CPU account
    over the same interval: CPU time per transaction (the share of it in
    the kernel from the coarser tick counts), and the interval split into
    the server running, waiting for its core behind other programs, and
    idle (no request to answer, e.g. while the client packs its requests
    or waits for its own core)."""
    before = cpu_account(server_pid)
    client0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    fig = run_client()
    client1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    acc = account_delta(before, cpu_account(server_pid))
    n = max(fig["verified"], 1)
    wall = max(acc["clock"], 1e-9)
    ticks = acc["user"] + acc["system"]
    client = (client1.ru_utime + client1.ru_stime) - (client0.ru_utime + client0.ru_stime)
    fig.update({"server_cpu_us": acc["ran"] * 1e6 / n, "client_cpu_us": client * 1e6 / n,
                "server_system_share": acc["system"] / ticks if ticks > 0 else 0.0,
                "server_busy_share": acc["ran"] / wall, "server_waited_share": acc["waited"] / wall,
                "server_idle_share": max(0.0, 1 - (acc["ran"] + acc["waited"]) / wall)})
    return fig


def bare_x25519(bindir, time_ms=1500, rounds=3, cpu=SERVER_CPU):
    """pssst-bench's bare variable-base X25519 on the server's core: the
    median time of one call (us) and the calls per second of time spent."""
    out = run([os.path.join(bindir, "pssst-bench"), "--json", "--time", str(time_ms),
               "--rounds", str(rounds), "--threads", "1", "--thread-time", "20"], cpu=cpu)
    doc = json.loads(out)
    op = next(o for o in doc["operations"] if o["operation"] == "x25519 variable base")
    return {"median_us": doc["bare_x25519_median_us"], "ops_per_s": op["ops_per_s"],
            "backend": doc["backend"]}


def pssst_backend(pssst):
    lines = run([pssst, "version"]).splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line).get("backend", "unknown")
