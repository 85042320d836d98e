# SPDX-License-Identifier: Apache-2.0
"""Smoke run of bench/race with tiny counts: the tool runs, stops its
servers and prints a well-formed table. It checks the shape of the output,
never a figure: bench/race is a benchmark, not a timed test.

Checks: exit status 0; every row of the table has as many cells as its
header; every server of the JSON is either raced (one round per case,
every transaction verified) or says why not; the pssst build is raced in
both modes, with the two-client row; every target has a line; no server
started by the run is left running.

Usage: test_race_smoke.py SOURCE_DIR BIN_DIR
"""
import json
import os
import subprocess
import sys
import tempfile


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


def main():
    source, bindir = sys.argv[1], sys.argv[2]
    pssst = os.path.join(bindir, "pssst")
    backend = dict(line.split(": ", 1) for line in subprocess.run(
        [pssst, "version"], capture_output=True, text=True, check=True).stdout.splitlines()
        if ": " in line)["backend"]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "race.json")
        p = subprocess.run(["/usr/bin/python3", os.path.join(source, "bench", "race"),
                            "--bindir", "%s=%s" % (backend, bindir), "--rounds", "1",
                            "--seconds", "0.01", "--min-count", "40", "--warmup", "40",
                            "--bare-ms", "100", "--no-go", "--json", data, "--work",
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
