#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""CTest driver: every vector passes through a harness, and every canary fails.

Usage: check_clean.py PSSST_CONFORM VECTORS REPORT.json -- HARNESS [ARGS...]

Runs `pssst-conform port --vectors VECTORS --json REPORT.json -- HARNESS ...`
and checks from the report (not only the exit status) that at least one
test ran, that every test other than the canaries got the verdict "pass",
that every canary did not, and that the exit status is 0.
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET


def main():
    if len(sys.argv) < 6 or sys.argv[4] != "--":
        sys.stderr.write(__doc__)
        return 2
    conform, vectors, report = sys.argv[1:4]
    harness = sys.argv[5:]
    if not any(n.endswith(".json") and n != "canary.json" for n in os.listdir(vectors)):
        print("SKIPPED: no vector files in %s" % vectors)
        return 77
    junit, page = report[:-5] + ".xml", report[:-5] + ".html"
    cmd = [conform, "port", "--vectors", vectors, "--json", report, "--junit", junit,
           "--html", page, "--"] + harness
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=600, check=False)
    sys.stdout.write(proc.stdout)
    with open(report) as fp:
        rep = json.load(fp)
    tests = [t for t in rep["tests"] if not t["canary"]]
    canaries = [t for t in rep["tests"] if t["canary"]]
    problems = []
    if not tests:
        problems.append("no test ran")
    not_passed = ["%s: %s (%s)" % (t["tcId"], t["verdict"], t["reason"])
                  for t in tests if t["verdict"] != "pass"]
    problems += not_passed[:10]
    if not canaries:
        problems.append("no canary ran")
    problems += ["canary %s passed" % t["tcId"] for t in canaries if t["verdict"] == "pass"]
    # JUnit: a suite per vector file, a testcase per test (canaries too:
    # one that failed, as it must, is no failure).
    root = ET.parse(junit).getroot()
    suites = root.findall("testsuite")
    files = {t["file"] for t in rep["tests"]}
    if len(suites) != len(files):
        problems.append("JUnit: %d suites for %d files" % (len(suites), len(files)))
    cases = root.findall("testsuite/testcase")
    if len(cases) != len(rep["tests"]):
        problems.append("JUnit: %d testcases for %d tests" % (len(cases), len(rep["tests"])))
    if int(root.get("failures")) or any(int(s.get("failures")) for s in suites):
        problems.append("JUnit: failures counted")
    sections = {s for t in tests for s in t["sections"]}
    with open(page, encoding="utf-8") as fp:
        cells = fp.read().count('<td class="cell')
    if cells != len(sections) + 1:
        problems.append("HTML: %d cells, expected %d" % (cells, len(sections) + 1))
    if proc.returncode != 0:
        problems.append("exit status %d, expected 0" % proc.returncode)
    for p in problems:
        print("check_clean: " + p)
    print("check_clean: %d tests passed, %d canaries failed: %s"
          % (len(tests) - len(not_passed), len(canaries), "ok" if not problems else "MISMATCH"))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
