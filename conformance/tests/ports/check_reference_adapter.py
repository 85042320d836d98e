#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""CTest driver: adapter_reference.py against a test double of the reference API.

Usage: check_reference_adapter.py PSSST_CONFORM VECTORS GENERATOR_DIR REPORT.json

The real reference (PyPI pssst 0.2.1) cannot be installed here. The test
double refshape/pssst_refshape has its documented names and raises
struct.error / ValueError where it refuses with MALFORMED / BAD_KEY, as
the reference does for malformed input. Running every vector through
`harness.py --impl reference --module pssst_refshape` must give:

- every valid test: pass (client tests show that the ephemeral key
  injection through X25519PrivateKey.generate() worked, byte for byte);
- every invalid test whose first allowed error is MALFORMED or BAD_KEY:
  crash, with the stray exception named in the reason;
- every other invalid test: pass (the exception classes map to statuses);
- no harness error, no unsupported verdict, and the canaries fail.
Reply-sequence tests (several packets before the reply) may pass or crash.

Then the expectations workflow of spec/harness.md section 5: the first run
writes its failures with --write-expect, and a second run with --expect
on that file is green (exit 0) with every crash "known".
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "..", "..", "ports", "python", "harness.py")
STRAY = {"MALFORMED": "struct.error: unpack requires", "BAD_KEY": "ValueError: refused by pssstpy"}


def sequence_ids(vectors):
    ids = set()
    for name in os.listdir(vectors):
        if name.endswith(".json"):
            with open(os.path.join(vectors, name)) as fp:
                doc = json.load(fp)
            for g in doc.get("testGroups", []):
                if g.get("type") != "PssstTest":
                    ids.update(t["tcId"] for t in g["tests"])
    return ids


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    conform, vectors, generator, report = sys.argv[1:]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(HERE, "refshape"), generator])
    expect = report[:-5] + ".expect.json"
    harness = ["--", sys.executable, HARNESS, "--impl", "reference", "--module", "pssst_refshape"]
    cmd = [conform, "port", "--vectors", vectors, "--json", report, "--write-expect", expect]
    proc = subprocess.run(cmd + harness, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=env, timeout=600, check=False)
    print(proc.stdout[-2000:])
    with open(report) as fp:
        rep = json.load(fp)
    sequences = sequence_ids(vectors)
    problems = []
    counted = {"pass": 0, "crash": 0}
    for t in rep["tests"]:
        if t["canary"]:
            if t["verdict"] == "pass":
                problems.append("canary %s passed" % t["tcId"])
            continue
        stray = STRAY.get(t["errors"][0]) if t["errors"] else None
        if t["tcId"] in sequences or t["result"] == "acceptable":
            allowed = {"pass", "crash"}
        elif t["result"] == "invalid" and stray is not None:
            allowed = {"crash"}
        else:
            allowed = {"pass"}
        if t["verdict"] not in allowed:
            problems.append("%s: %s, expected %s (%s)" % (t["tcId"], t["verdict"],
                                                           "/".join(sorted(allowed)), t["reason"]))
        elif (t["verdict"] == "crash" and t["result"] == "invalid" and stray is not None
              and stray not in (t["reason"] or "")):
            problems.append("%s: crash reason %r does not name %r" % (t["tcId"], t["reason"], stray))
        counted[t["verdict"]] = counted.get(t["verdict"], 0) + 1
    if proc.returncode != 1:
        problems.append("exit status %d, expected 1 (crashes are failures)" % proc.returncode)
    again = subprocess.run([conform, "port", "--vectors", vectors, "--expect", expect, "--json",
                            report[:-5] + ".known.json"] + harness, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, env=env, timeout=600, check=False)
    with open(report[:-5] + ".known.json") as fp:
        known = json.load(fp)["summary"]["known"]
    if again.returncode != 0 or known != counted["crash"]:
        problems.append("with --expect: exit %d and %d known, expected 0 and %d"
                        % (again.returncode, known, counted["crash"]))
    for p in problems[:20]:
        print("check_reference_adapter: " + p)
    print("check_reference_adapter: %s: %s" % (counted, "ok" if not problems else
                                                "%d mismatches" % len(problems)))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
