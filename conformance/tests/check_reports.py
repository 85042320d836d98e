#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs pssst-conform with --json and --junit and checks both reports.

Usage: check_reports.py --out-dir DIR [--exit N] [--section S] -- PSSST_CONFORM ARGS...

Checks: the JSON report parses and its counts add up; every file's SHA-256
and the combined SHA-256 (definition in conformance/README.md) equal values
recomputed here with hashlib from the files themselves; the JUnit report
parses with xml.etree, has one suite per cited section, and every test of
the JSON report appears in the suite of each section it cites. With
--section S every reported test cites S or a subsection of S.
"""
import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

VERDICTS = {"pass", "fail", "wrong-error", "skip", "error"}


def fail(msg):
    print("CHECK FAILED: " + msg)
    sys.exit(1)


def parse_args(argv):
    split = argv.index("--")
    opts, cmd = argv[:split], argv[split + 1:]
    out_dir, want_exit, section = None, 0, None
    for i in range(0, len(opts), 2):
        if opts[i] == "--out-dir":
            out_dir = opts[i + 1]
        elif opts[i] == "--exit":
            want_exit = int(opts[i + 1])
        elif opts[i] == "--section":
            section = opts[i + 1]
        else:
            fail("unknown option " + opts[i])
    return out_dir, want_exit, section, cmd


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_json(report, section):
    summary = report["summary"]
    tests = report["tests"]
    if report["tool"] != "pssst-conform" or not report["library"]["version"]:
        fail("tool or library version missing")
    if not report["library"]["x25519Backend"]:
        fail("x25519Backend missing")
    parts = ("passed", "failed", "wrongError", "skipped", "harnessErrors")
    if sum(summary[k] for k in parts) != summary["total"] or len(tests) != summary["total"]:
        fail("summary counts do not add up: %r, %d tests" % (summary, len(tests)))
    by_verdict = {"pass": "passed", "fail": "failed", "wrong-error": "wrongError",
                  "skip": "skipped", "error": "harnessErrors"}
    for verdict, key in by_verdict.items():
        n = sum(1 for t in tests if t["verdict"] == verdict)
        if n != summary[key]:
            fail("%d tests with verdict %s, summary says %d" % (n, verdict, summary[key]))
    for t in tests:
        if t["verdict"] not in VERDICTS:
            fail("unknown verdict " + t["verdict"])
        if section and not any(s == section or s.startswith(section + ".") for s in t["sections"]):
            fail("%s does not cite section %s: %r" % (t["tcId"], section, t["sections"]))
    files = report["vectorSet"]["files"]
    listing = []
    for f in files:
        if sha256_file(f["path"]) != f["sha256"]:
            fail("sha256 of %s differs from the report" % f["path"])
        listing.append((f["name"], f["sha256"]))
    text = "".join("%s  %s\n" % (h, n) for n, h in sorted(listing))
    if hashlib.sha256(text.encode()).hexdigest() != report["vectorSet"]["combinedSha256"]:
        fail("combinedSha256 differs from the recomputed value")
    print("JSON report: %d tests, %d files, hashes verified" % (len(tests), len(files)))


def check_junit(root, report):
    if root.tag != "testsuites":
        fail("JUnit root is %s" % root.tag)
    summary = report["summary"]
    if int(root.get("tests")) != summary["total"] or int(root.get("failures")) != summary["failed"]:
        fail("JUnit totals differ from the JSON report")
    suites = {}
    for suite in root.findall("testsuite"):
        name = suite.get("name")
        if name in suites:
            fail("suite %s appears twice" % name)
        cases = {(c.get("name"), c.get("classname")) for c in suite.findall("testcase")}
        if int(suite.get("tests")) != len(suite.findall("testcase")):
            fail("suite %s: tests attribute differs from its testcases" % name)
        failures = len(suite.findall("testcase/failure"))
        if int(suite.get("failures")) != failures:
            fail("suite %s: failures attribute differs" % name)
        suites[name] = cases
    for t in report["tests"]:
        case_name = "%s [%s]" % (t["tcId"], t["role"])
        wanted = ["spec " + s for s in t["sections"]] or ["unsectioned"]
        for suite_name in wanted:
            names = {n for n, _ in suites.get(suite_name, set())}
            if case_name not in names:
                fail("%s missing from suite %s" % (case_name, suite_name))
    print("JUnit report: %d suites, every test in the suite of each section it cites" % len(suites))


def main():
    out_dir, want_exit, section, cmd = parse_args(sys.argv[1:])
    os.makedirs(out_dir, exist_ok=True)
    json_path = os.path.join(out_dir, "report.json")
    junit_path = os.path.join(out_dir, "report.xml")
    for p in (json_path, junit_path):
        if os.path.exists(p):
            os.remove(p)
    if section:
        cmd = cmd + ["--section", section]
    cmd = cmd + ["--json", json_path, "--junit", junit_path]
    print("running: " + " ".join(cmd))
    proc = subprocess.run(cmd, check=False, timeout=600)
    if proc.returncode != want_exit:
        fail("exit status %d, expected %d" % (proc.returncode, want_exit))
    with open(json_path) as f:
        report = json.load(f)
    if report["summary"]["exitCode"] != want_exit:
        fail("report exitCode %r" % report["summary"]["exitCode"])
    check_json(report, section)
    check_junit(ET.parse(junit_path).getroot(), report)
    print("OK")


if __name__ == "__main__":
    main()
