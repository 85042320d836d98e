#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""CTest driver: `pssst-conform port` gives the right verdict for each fault.

Usage: check_port.py PSSST_CONFORM PSSST_HARNESS VECTORS WORKDIR

Picks tests from the vector set, runs the whole set through
broken_harness.py (which wraps the correct pssst-harness and breaks only
the picked tests), and checks from the JSON report that every picked test
got exactly its verdict and reason, that every other test passed, that the
canaries failed, and the exit status. Then checks --strict-errors and the
expectations file (known failures keep the run green; an unexpected pass
turns it red). Exit 0 when everything matches.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT_MS = 2000
PROBLEMS = []


def check(cond, what):
    if not cond:
        PROBLEMS.append(what)
        print("check_port: MISMATCH: " + what)


def load_tests(vectors):
    """(file name, group, test) of every non-canary test of the set."""
    out = []
    names = sorted(n for n in os.listdir(vectors) if n.endswith(".json"))
    for name in names:
        if name == "canary.json":
            continue
        with open(os.path.join(vectors, name)) as fp:
            doc = json.load(fp)
        for group in doc.get("testGroups", []):
            if group.get("type") != "PssstTest":
                continue
            for test in group["tests"]:
                out.append((name, group, test))
    return out


def pick(tests):
    """tcId -> (fault argument, verdict, reason fragment)."""
    sv = [t["tcId"] for _, g, t in tests if g["role"] == "server" and t["result"] == "valid"]
    cv = [t["tcId"] for _, g, t in tests if g["role"] == "client" and t["result"] == "valid"]
    si = [t["tcId"] for _, g, t in tests if g["role"] == "server" and t["result"] == "invalid"
          and t.get("stage") == "unpack_request" and "INVALID_ARGUMENT" not in t["errors"]]
    late = [t["tcId"] for _, g, t in tests if t["result"] == "invalid"
            and t.get("stage") in ("unpack_request", "unpack_reply")
            and t["errors"][0] == "DECRYPT_FAILED"]
    sl = [tc for tc in late if tc.startswith("server-")]
    cl = [tc for tc in late if tc.startswith("client-")]
    if len(sv) < 12 or len(cv) < 5 or len(si) < 3 or len(sl) < 3 or len(cl) < 1:
        raise SystemExit("check_port: the vector set is too small to pick faulty tests from")
    return {
        # spec 10.3: what a call leaves in its outputs, and its buffer sizes.
        sl[0]: ("leftover=%s@unpack_request", "fail",
                "left 3 bytes other than zero in its message buffer"),
        cl[0]: ("keep-length=%s@unpack_reply", "fail",
                "left 1 bytes in its message output, whose length must be 0"),
        sl[1]: ("keep-key=%s@unpack_request", "fail",
                "left a client key in its output, which must be all zero"),
        sl[2]: ("keep-flag=%s@unpack_request", "fail", "left its client-authenticated flag set"),
        sv[9]: ("anon-flag=%s@unpack_request", "fail",
                "set its client-authenticated flag for an anonymous request"),
        cv[3]: ("needed=%s@unpack_reply", "fail", "as the size it needs; it needs"),
        sv[10]: ("short-ok=%s@pack_reply", "fail", "one byte short of the"),
        cv[4]: ("too-small=%s@pack_request", "fail",
                "pack_request failed with BUFFER_TOO_SMALL; it must succeed"),
        sv[11]: ("needed=%s@unpack_request", "fail", "as the size it needs; it needs"),
        sv[0]: ("crash=%s@unpack_request", "crash",
                "harness crashed: killed by signal 11 (Segmentation fault) during unpack_request"),
        sv[1]: ("flip=%s@pack_reply", "fail", "pack_reply output differs from replyPacket"),
        sv[2]: ("exit=%s", "crash", "harness exited with status 0 during server_init"),
        sv[3]: ("garbage=%s@unpack_request", "error", "response to unpack_request is not a JSON"),
        sv[4]: ("bad-id=%s", "error", "response to server_init does not repeat the request's id"),
        sv[6]: ("bad-hex=%s@unpack_request", "error",
                "bad response: unpack_request.message: not valid hex"),
        sv[7]: ("no-status=%s@pack_reply", "error", "response to pack_reply has no status string"),
        sv[8]: ("huge=%s@unpack_request", "error",
                "response to unpack_request is longer than 4194304 bytes"),
        sv[5]: ("flip=%s@public_key", "fail",
                "public_key(serverPrivate) differs from the test's public key"),
        cv[0]: ("hang=%s@pack_request", "timeout",
                "no response to pack_request within %d ms; the harness was killed" % TIMEOUT_MS),
        cv[1]: ("unsupported=%s", "unsupported", "client_init unsupported by the port"),
        cv[2]: ("exception=%s@unpack_reply", "crash",
                "unpack_reply raised an error that is no PSSST error: ValueError"),
        si[0]: ("wrong-error=%s@unpack_request", "wrong-error", "unpack_request refused with INVALID_ARGUMENT, "
                "which the test does not allow"),
        si[1]: ("accept=%s@unpack_request", "fail", "unpack_request succeeded; it must fail"),
        # spec 7.1, 8.2: a refused request leaves no reply context (vectors.md 3.2).
        si[2]: ("accept=%s@pack_reply", "fail",
                "pack_reply (after the refused unpack_request) succeeded after the request was "
                "refused"),
    }


def run_port(conform, harness, vectors, faults, extra, report):
    cmd = [conform, "port", "--vectors", vectors, "--timeout", str(TIMEOUT_MS), "--json", report]
    cmd += extra + ["--", sys.executable, os.path.join(HERE, "broken_harness.py")]
    for arg in faults:
        cmd += ["--fault", arg]
    cmd += ["--", harness]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300, check=False)
    with open(report) as fp:
        return proc, json.load(fp)


def check_full_run(conform, harness, vectors, work, picked):
    faults = [spec % tc for tc, (spec, _, _) in picked.items()]
    proc, rep = run_port(conform, harness, vectors, faults, [], os.path.join(work, "broken.json"))
    sys.stdout.write(proc.stdout)
    check(proc.returncode == 2, "full run: exit %d, expected 2 (harness errors)" % proc.returncode)
    by_id = {}
    for t in rep["tests"]:
        by_id.setdefault(t["tcId"], []).append(t)
    for tc, (_, verdict, fragment) in picked.items():
        got = by_id.get(tc, [{}])[0]
        check(got.get("verdict") == verdict,
              "%s: verdict %s, expected %s" % (tc, got.get("verdict"), verdict))
        check(fragment in (got.get("reason") or ""),
              "%s: reason %r lacks %r" % (tc, got.get("reason"), fragment))
    flipped = by_id[[tc for tc, v in picked.items() if v[0].startswith("flip")][0]][0]
    check(flipped["expected"] and flipped["actual"] and flipped["expected"] != flipped["actual"]
          and flipped["expected"][:-2] == flipped["actual"][:-2],
          "flip: expected and actual bytes must differ in the last byte only")
    others = [t for t in rep["tests"] if t["tcId"] not in picked and not t["canary"]]
    bad = [t["tcId"] for t in others if t["verdict"] != "pass"]
    check(not bad, "tests that should pass did not: %s" % bad[:5])
    canaries = [t for t in rep["tests"] if t["canary"]]
    check(canaries and all(t["verdict"] != "pass" for t in canaries), "canaries must all fail")
    s = rep["summary"]
    check(s["harnessRestarts"] == 8, "harness restarts %s, expected 8" % s["harnessRestarts"])
    check(s["pass"] == len(others), "summary pass %s, expected %d" % (s["pass"], len(others)))


def check_wrong_error(conform, harness, vectors, work, picked):
    """A wrong error fails the run by default; --lenient reports it without failing."""
    tc = [t for t, v in picked.items() if v[1] == "wrong-error"][0]
    for extra, code in (([], 1), (["--lenient"], 0)):
        proc, rep = run_port(conform, harness, vectors, [picked[tc][0] % tc],
                             extra + ["--id", tc], os.path.join(work, "wrong-error.json"))
        verdicts = [t["verdict"] for t in rep["tests"] if not t["canary"]]
        check(verdicts == ["wrong-error"], "%s: verdicts %s, expected ['wrong-error']"
              % (extra, verdicts))
        check(proc.returncode == code, "%s: exit %d, expected %d" % (extra, proc.returncode, code))


def check_expectations(conform, harness, vectors, work, picked):
    chosen = {tc: v for tc, v in picked.items() if v[1] in ("crash", "fail", "timeout")}
    faults = [spec % tc for tc, (spec, _, _) in chosen.items()]
    ids = []
    for tc in chosen:
        ids += ["--id", tc]
    expect = {"port": "broken", "expectations": [
        {"tcId": tc, "verdict": v[1], "note": "injected"} for tc, v in chosen.items()]}
    path = os.path.join(work, "expect.json")
    with open(path, "w") as fp:
        json.dump(expect, fp)
    proc, rep = run_port(conform, harness, vectors, faults, ["--expect", path] + ids,
                         os.path.join(work, "expected.json"))
    check(proc.returncode == 0, "known failures: exit %d, expected 0" % proc.returncode)
    check(rep["summary"]["known"] == len(chosen),
          "known failures: %s known, expected %d" % (rep["summary"]["known"], len(chosen)))
    # Now one listed test is repaired: the run must turn red.
    repaired = sorted(chosen)[0]
    faults = [spec % tc for tc, (spec, _, _) in chosen.items() if tc != repaired]
    proc, rep = run_port(conform, harness, vectors, faults, ["--expect", path] + ids,
                         os.path.join(work, "repaired.json"))
    outcome = [t["expectation"]["outcome"] for t in rep["tests"] if t["tcId"] == repaired]
    check(outcome == ["unexpected-pass"], "repaired test: outcome %s" % outcome)
    check(proc.returncode == 1, "unexpected pass: exit %d, expected 1" % proc.returncode)
    check("UNEXPECTED-PASS" in proc.stdout and repaired in proc.stdout,
          "unexpected pass not printed")


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    conform, harness, vectors, work = sys.argv[1:]
    if not any(n.endswith(".json") and n != "canary.json" for n in os.listdir(vectors)):
        print("SKIPPED: no vector files in %s" % vectors)
        return 77
    os.makedirs(work, exist_ok=True)
    picked = pick(load_tests(vectors))
    check_full_run(conform, harness, vectors, work, picked)
    check_wrong_error(conform, harness, vectors, work, picked)
    check_expectations(conform, harness, vectors, work, picked)
    print("check_port: %s" % ("ok" if not PROBLEMS else "%d mismatches" % len(PROBLEMS)))
    return 0 if not PROBLEMS else 1


if __name__ == "__main__":
    sys.exit(main())
