#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A harness's hostile words (hostile_words_harness.py) reach neither the
terminal nor the reports raw: no control character but line breaks in the
text output, no fake summary line, JSON that a strict parser reads, JUnit
that XML parsers read. And a harness that offers nothing the vectors need
checked nothing: exit status 2.

Usage: check_hostile_words.py PSSST_CONFORM VECTORS WORK_DIR"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import port_checks

HERE = os.path.dirname(os.path.abspath(__file__))
PROBLEMS = []


def check(ok, what):
    if not ok:
        PROBLEMS.append(what)
        print("check_hostile_words: MISMATCH: " + what)


def run(conform, vectors, work, ids, harness_args):
    report, junit = os.path.join(work, "hostile.json"), os.path.join(work, "hostile.xml")
    cmd = [conform, "port", "--vectors", vectors, "--json", report, "--junit", junit]
    for i in ids:
        cmd += ["--id", i]
    cmd += ["--", sys.executable] + harness_args
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                          check=False)
    return proc, report, junit


def main():
    conform, vectors, work = port_checks.arguments(__doc__)
    harness = os.path.join(HERE, "hostile_words_harness.py")
    proc, report, junit = run(conform, vectors, work, ["server-anon-kat-*"], [harness])
    out = proc.stdout
    sys.stdout.write(out.decode(errors="replace")[-1500:])
    controls = [b for b in out if b < 0x20 and b not in (0x0a,)]
    check(not controls, "control characters on stdout: %r" % sorted(set(controls)))
    check(re.search(rb"^893 passed", out, re.M) is None, "the fake summary line reached stdout")
    check(proc.returncode == 1, "exit %d, expected 1 (every test crashed)" % proc.returncode)
    with open(report, "rb") as fp:
        data = fp.read()
    try:
        parsed = json.loads(data.decode("utf-8", "strict"))
        check(all(t["verdict"] == "crash" for t in parsed["tests"] if not t["canary"]),
              "every selected test is a crash")
    except (UnicodeDecodeError, ValueError) as err:
        check(False, "the JSON report is not strict UTF-8 JSON: %s" % err)
    try:
        ET.parse(junit)
    except ET.ParseError as err:
        check(False, "the JUnit report is not XML: %s" % err)
    # Offering nothing the selected vectors need: nothing checked, exit 2.
    proc, _, _ = run(conform, vectors, work, ["client-anon-kat-*"], [harness])
    check(proc.returncode == 2, "a run that checked nothing: exit %d, expected 2"
          % proc.returncode)
    print("check_hostile_words: %s" % ("ok" if not PROBLEMS else "%d mismatches" % len(PROBLEMS)))
    return 0 if not PROBLEMS else 1


if __name__ == "__main__":
    sys.exit(main())
