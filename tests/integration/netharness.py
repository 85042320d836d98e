# SPDX-License-Identifier: Apache-2.0
"""Helpers of the UDP integration tests: keys, echo servers, clients.

Everything runs on 127.0.0.1 / ::1 and is bounded in time: every process
started here gets a --duration or a timeout, and stop_all() ends them.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
SERVER_SAFETY_SECONDS = 300  # an echo-server stops by itself after this
STOP_GRACE_SECONDS = 5


class TestFailure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise TestFailure(what)
    print("ok   " + what, flush=True)


def skip(reason):
    print("SKIPPED: " + reason, flush=True)
    sys.exit(SKIP)


class Harness:
    def __init__(self, pssst):
        self.pssst = pssst
        self.dir = tempfile.mkdtemp(prefix="pssst-it-")
        self.procs = []

    # ---- keys ----------------------------------------------------------
    def keypair(self, name):
        path = os.path.join(self.dir, name + ".key")
        subprocess.run([self.pssst, "keygen", "-o", path, "--force"], check=True,
                       stdout=subprocess.DEVNULL, timeout=30)
        pub = subprocess.run([self.pssst, "pubkey", path], check=True, capture_output=True,
                             text=True, timeout=30).stdout.strip()
        return path, pub

    def backend(self):
        out = subprocess.run([self.pssst, "version"], capture_output=True, text=True,
                             timeout=30).stdout
        return "libsodium" if "libsodium" in out else "mbedtls"

    # ---- processes -----------------------------------------------------
    def spawn(self, argv, name):
        out = open(os.path.join(self.dir, name + ".out"), "w+")
        err = open(os.path.join(self.dir, name + ".err"), "w+")
        p = subprocess.Popen(argv, stdout=out, stderr=err)
        p.out_path, p.err_path, p.name = out.name, err.name, name
        self.procs.append(p)
        return p

    def start_server(self, key, listen, workers=1, name="server"):
        p = self.spawn([self.pssst, "echo-server", "--key", key, "--listen", listen,
                        "--workers", str(workers), "--duration", str(SERVER_SAFETY_SECONDS)],
                       name)
        deadline = time.time() + 10
        while time.time() < deadline:
            text = read(p.out_path)
            m = re.search(r"^listening (\S+) workers", text, re.M)
            if m:
                p.address = m.group(1)
                p.port = int(m.group(1).rsplit(":", 1)[1])
                return p
            if p.poll() is not None:
                raise TestFailure("echo-server exited early: " + read(p.err_path))
            time.sleep(0.05)
        raise TestFailure("echo-server did not report its address")

    def counters(self, server):
        """Sends SIGUSR1 and returns the counters line it prints, as a dict."""
        before = read(server.out_path).count("counters (SIGUSR1)")
        server.send_signal(signal.SIGUSR1)
        deadline = time.time() + 5
        while time.time() < deadline:
            text = read(server.out_path)
            if text.count("counters (SIGUSR1)") > before:
                return parse_counters(text, "SIGUSR1")
            time.sleep(0.05)
        raise TestFailure("no counters after SIGUSR1")

    def stop_server(self, server, sig=signal.SIGTERM):
        server.send_signal(sig)
        rc = server.wait(timeout=10)
        return rc, parse_counters(read(server.out_path), "exit")

    def client(self, server_pub, connect, count, extra=(), timeout=120):
        argv = [self.pssst, "echo-client", "--server-public", server_pub, "--connect", connect,
                "-n", str(count)] + list(extra)
        r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        res = parse_client(r.stdout)
        res["rc"] = r.returncode
        res["stdout"] = r.stdout
        res["stderr"] = r.stderr
        return res

    def client_async(self, server_pub, connect, count, extra=(), name="client"):
        argv = [self.pssst, "echo-client", "--server-public", server_pub, "--connect", connect,
                "-n", str(count)] + list(extra)
        return self.spawn(argv, name)

    def stop_all(self):
        """SIGTERM, then SIGKILL for what is left, children included (an
        nginx master killed outright would leave its worker running)."""
        for p in self.procs:
            if p.poll() is not None:
                continue
            children = child_pids(p.pid)
            p.terminate()
            try:
                p.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
            for c in children:
                try:
                    os.kill(c, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def child_pids(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def read(path):
    with open(path) as f:
        return f.read()


def parse_counters(text, when):
    lines = [l for l in text.splitlines() if l.startswith("counters (%s)" % when)]
    if not lines:
        return None
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", lines[-1])}


def parse_client(text):
    res = {}
    for key in ("result", "throughput", "latency_us"):
        m = re.search(r"^%s: (.*)$" % key, text, re.M)
        if m:
            for k, v in re.findall(r"([\w.]+)=([\d.]+)", m.group(1)):
                res[k] = float(v) if "." in v else int(v)
    return res


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(test, pssst):
    h = Harness(pssst)
    try:
        test(h)
    except TestFailure as e:
        print("FAIL " + str(e), flush=True)
        for p in h.procs:
            for path in (p.out_path, p.err_path):
                text = read(path)
                if text:
                    print("--- %s (%s) ---\n%s" % (p.name, os.path.basename(path), text[-3000:]))
        return 1
    finally:
        h.stop_all()
    shutil.rmtree(h.dir, ignore_errors=True)
    print("PASS", flush=True)
    return 0
