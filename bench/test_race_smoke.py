# SPDX-License-Identifier: Apache-2.0
"""Smoke run of bench/race with tiny counts: the tool runs, stops its
servers and prints a well-formed table. It checks the shape of the output,
never a figure: bench/race is a benchmark, not a timed test.

Checks: exit status 0; every row of the table has as many cells as its
header; every server of the JSON is either raced (one round per case,
every transaction verified) or says why not; the pssst build is raced in
both modes, with the two-client row; every target has a line; no server
started by the run is left running.

The Go server's place is taken by bench/race_standin.py (given as
--go-binary, on a free port given as --go-port): a server that makes its
own key, says it in a line like the Go server's and listens on a fixed
port. Its transactions verify only if the race loads it with the key of
that line. Without a race: a --go-binary that is not there is listed as
not raced, a fixed port that is taken stops the start with an error
naming the port, and so does a server that says it is ready but never
binds its port (it is stopped).

Usage: test_race_smoke.py SOURCE_DIR BIN_DIR
"""
import json
import os
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import race_servers  # noqa: E402
import udp_load  # noqa: E402


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def children_named(pattern):
    """Processes whose command line holds pattern (here: the run's folder)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if pattern.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


def check_table(out):
    rows = [line for line in out.splitlines() if line.startswith("|")]
    if len(rows) < 3:
        fail("no table in:\n" + out)
    width = rows[0].count("|")
    for r in rows:
        if r.count("|") != width:
            fail("row has %d cells, header %d: %s" % (r.count("|") - 1, width - 1, r))
    return rows[2:]


def standin(source, bindir, tmp):
    """An executable that starts the stand-in (bench/race runs the Go
    binary without arguments) and the free port it will listen on."""
    port = udp_load.free_udp_port()
    path = os.path.join(tmp, "go-standin")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nexec /usr/bin/python3 %s %s %d %s\n" % (
            os.path.join(source, "bench", "race_standin.py"), os.path.join(bindir, "pssst"),
            port, os.path.join(tmp, "standin")))
    os.chmod(path, 0o755)
    return path, port


def start_fails(entry, tmp, why):
    """race_servers.start must raise, with `why` in its message."""
    try:
        with udp_load.Processes() as procs:
            race_servers.start(procs, entry, "", "", "", tmp)
    except RuntimeError as e:
        if why not in str(e):
            fail("expected %r, got: %s" % (why, e))
        return
    fail("a server was started where it should not be: %s" % entry["argv"])


def check_go_errors(tmp):
    """A missing binary is skipped with the reason; a taken port is refused;
    a server that never binds its port is not raced."""
    missing = race_servers.go_binary_server(os.path.join(tmp, "no-such-binary"), 1)
    if "no executable" not in missing.get("skipped", ""):
        fail("a missing --go-binary gave %s" % missing)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as held:
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        start_fails(race_servers.go_binary_server("/bin/true", port), tmp,
                    "UDP port %d is in use" % port)
    port = udp_load.free_udp_port()
    silent = race_servers.go_binary_server("/bin/sh", port)
    silent["argv"] = ["/bin/sh", "-c", "echo Loaded auth key. Public key is %s; exec sleep 60"
                      % ("ab" * 32)]
    race_servers.PORT_WAIT_S = 1
    start_fails(silent, tmp, "does not hold UDP port %d" % port)


def check_go_raced(doc, cases):
    go = next((s for s in doc["servers"] if s["name"] == "go"), {})
    if "skipped" in go or len(go.get("binary_sha256", "")) != 64:
        fail("the stand-in Go server was not raced from its binary: %s" % go)
    for mode in ("anonymous", "client-auth"):
        if ("go", mode) not in cases:
            fail("no go %s row" % mode)


def main():
    source, bindir = sys.argv[1], sys.argv[2]
    pssst = os.path.join(bindir, "pssst")
    backend = dict(line.split(": ", 1) for line in subprocess.run(
        [pssst, "version"], capture_output=True, text=True, check=True).stdout.splitlines()
        if ": " in line)["backend"]
    with tempfile.TemporaryDirectory() as tmp:
        check_go_errors(tmp)
        go_binary, go_port = standin(source, bindir, tmp)
        data = os.path.join(tmp, "race.json")
        p = subprocess.run(["/usr/bin/python3", os.path.join(source, "bench", "race"),
                            "--bindir", "%s=%s" % (backend, bindir), "--rounds", "1",
                            "--seconds", "0.01", "--min-count", "40", "--warmup", "40",
                            "--bare-ms", "100", "--go-binary", go_binary, "--go-port",
                            str(go_port), "--json", data, "--work",
                            os.path.join(tmp, "work")],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            fail("bench/race exited with %d:\n%s\n%s" % (p.returncode, p.stdout, p.stderr))
        rows = check_table(p.stdout)
        with open(data) as f:
            doc = json.load(f)
        left = children_named(tmp)
    cases = {(c["server"], c["mode"]): c for c in doc["cases"]}
    if len(rows) != len(cases):
        fail("%d table rows for %d cases" % (len(rows), len(cases)))
    check_go_raced(doc, cases)
    for want in ((backend, "anonymous"), (backend, "client-auth"),
                 (backend + "+2clients", "anonymous")):
        if want not in cases:
            fail("no %s %s row" % want)
    for (server, mode), c in cases.items():
        if len(c["rounds"]) != 1 or c["rounds"][0]["verified"] != c["rounds"][0]["count"]:
            fail("%s %s: rounds %s" % (server, mode, c["rounds"]))
    for s in doc["servers"]:
        raced = any(k[0] == s["name"] for k in cases)
        if raced == ("skipped" in s):
            fail("server %s is %s" % (s["name"], "raced and skipped" if raced else
                                      "neither raced nor given a reason"))
        if not raced:
            print("not raced: %s: %s" % (s["label"], s["skipped"]))
    if p.stdout.count("\n- pssst libsodium") != 4:
        fail("expected a line per target:\n" + p.stdout)
    if left:
        fail("processes left running: %s" % left)
    print(p.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
