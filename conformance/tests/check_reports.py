#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs pssst-conform with --json, --junit and --html and checks the reports.

Usage: check_reports.py --out-dir DIR [--exit N] [--section S] -- PSSST_CONFORM ARGS...

Checks (formats in conformance/README.md "Reports"):
- JSON: every member of the format is there with its type; the summary
  counts equal the verdicts of the tests; every file's SHA-256 and the
  combined SHA-256 equal values recomputed here from the files; the
  library in-process has a null harness command; strings are valid UTF-8.
  With --section S every test cites S or a subsection of S.
- JUnit: parses with xml.etree; exactly one testcase per test of the JSON
  report, in the suite of its file, with its sections as properties; the
  tests/failures/skipped counts of every suite and of the whole agree
  with the testcases and with the verdicts of the JSON report.
- HTML: parses, has a matrix row per cited section with its title, and a
  cell per row whose passed/total agree with the JSON report.
"""
import hashlib
import html.parser
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

VERDICTS = ["pass", "fail", "wrong-error", "unsupported", "crash", "timeout", "error"]
FAILING = {"fail", "crash", "timeout", "error"}
TEST_MEMBERS = {
    "tcId": str, "file": str, "group": int, "index": int, "comment": (str, type(None)),
    "role": str, "mode": str, "suite": int, "result": str, "stage": (str, type(None)),
    "sections": list, "requirements": list, "flags": list, "errors": list, "canary": bool,
    "verdict": str, "operation": (str, type(None)), "reason": (str, type(None)),
    "expected": (str, type(None)), "actual": (str, type(None)),
    "explain": (str, type(None)), "expectation": (dict, type(None)), "seconds": (int, float),
}
SUMMARY_MEMBERS = ["total"] + VERDICTS + [
    "known", "unexpectedPass", "changed", "staleExpectations", "canaries", "canariesPassed",
    "canariesNotRun", "timeouts", "harnessRestarts", "notRun", "seconds", "exitCode"]
MAX_HEX = 4096  # RESULT_MAX_HEX of result.h


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


def fails(t, lenient):
    """Whether a test fails the run in JUnit terms (README "Reports", JUnit)."""
    outcome = (t["expectation"] or {}).get("outcome")
    if t["canary"]:
        return t["verdict"] == "pass"
    if outcome == "unexpected-pass":
        return True
    failing = t["verdict"] in FAILING or (t["verdict"] == "wrong-error" and not lenient)
    return failing and outcome != "known"


def cites(t, section):
    return any(s == section or s.startswith(section + ".") for s in t["sections"])


def check_header(report, command):
    if report["tool"] != "pssst-conform" or report["command"] != command:
        fail("tool or command: %r %r" % (report["tool"], report["command"]))
    if not report["runner"]["version"] or not report["runner"]["x25519Backend"]:
        fail("runner version or backend missing: %r" % report["runner"])
    port = report["port"]
    if not port["name"] or not port["implementation"]:
        fail("port name or implementation missing: %r" % port)
    if command in ("vectors", "transcripts") and port["command"] is not None:
        fail("the library in-process has a harness command: %r" % port["command"])
    if command == "port" and not (isinstance(port["command"], list) and port["command"]):
        fail("a port run names no harness command")
    caps = port["capabilities"]
    for key, kind in (("roles", list), ("modes", list), ("suites", list), ("ephemeral", bool),
                      ("publicKey", bool), ("outputSize", bool)):
        if not isinstance(caps.get(key), kind):
            fail("capabilities.%s missing or not %s" % (key, kind.__name__))
    opts = report["options"]
    for key, kind in (("lenient", bool), ("timeoutMs", int), ("sections", list), ("ids", list)):
        if not isinstance(opts.get(key), kind):
            fail("options.%s missing or not %s" % (key, kind.__name__))
    if "expectations" not in opts:
        fail("options.expectations missing")


def check_tests(report, section):
    tests = report["tests"]
    for t in tests:
        for key, kind in TEST_MEMBERS.items():
            if key not in t or not isinstance(t[key], kind):
                fail("%s: member %s missing or of the wrong type" % (t.get("tcId"), key))
        if t["verdict"] not in VERDICTS:
            fail("%s: unknown verdict %s" % (t["tcId"], t["verdict"]))
        for key in ("expected", "actual"):
            if t[key] is not None and len(t[key]) > MAX_HEX + 64:
                fail("%s: %s longer than the cap" % (t["tcId"], key))
        x = t["expectation"]
        if x is not None and (x["verdict"] not in VERDICTS or
                              x["outcome"] not in ("known", "unexpected-pass", "changed")):
            fail("%s: bad expectation %r" % (t["tcId"], x))
        if section and not t["canary"] and not cites(t, section):
            fail("%s does not cite section %s: %r" % (t["tcId"], section, t["sections"]))


def check_summary(report):
    summary, tests = report["summary"], report["tests"]
    for key in SUMMARY_MEMBERS:
        if not isinstance(summary.get(key), (int, float)):
            fail("summary.%s missing" % key)
    runs = [t for t in tests if not t["canary"]]
    for v in VERDICTS:
        n = sum(1 for t in runs if t["verdict"] == v)
        if n != summary[v]:
            fail("%d tests with verdict %s, summary says %d" % (n, v, summary[v]))
    if summary["total"] != len(runs) or sum(summary[v] for v in VERDICTS) != summary["total"]:
        fail("summary total %d, %d tests other than canaries" % (summary["total"], len(runs)))
    if summary["canaries"] != len(tests) - len(runs):
        fail("summary canaries %d, %d canary tests" % (summary["canaries"], len(tests) - len(runs)))
    known = sum(1 for t in runs if (t["expectation"] or {}).get("outcome") == "known")
    if summary["known"] != known:
        fail("summary known %d, %d tests known" % (summary["known"], known))


def check_vector_set(report):
    files = report["vectorSet"]["files"]
    listing = []
    for f in files:
        if sha256_file(f["path"]) != f["sha256"]:
            fail("sha256 of %s differs from the report" % f["path"])
        if os.path.basename(f["path"]) != f["name"] or not isinstance(f["numberOfTests"], int):
            fail("vectorSet file entry %r" % f)
        listing.append((f["name"], f["sha256"]))
    text = "".join("%s  %s\n" % (h, n) for n, h in sorted(listing))
    if hashlib.sha256(text.encode()).hexdigest() != report["vectorSet"]["combinedSha256"]:
        fail("combinedSha256 differs from the recomputed value")
    names = {f["name"] for f in files}
    strays = {t["file"] for t in report["tests"]} - names
    if strays:
        fail("tests of files not in vectorSet: %s" % sorted(strays))
    return len(files)


def check_json(report, command, section):
    check_header(report, command)
    check_tests(report, section)
    check_summary(report)
    n_files = check_vector_set(report)
    print("JSON report: %d tests, %d files, hashes verified" % (len(report["tests"]), n_files))


def case_key(t):
    return ("%s [%s]" % (t["tcId"], t["role"]), "%s.%s.%s" % (t["file"], t["role"], t["mode"]))


def check_suite(suite, by_key, lenient, seen):
    """Checks one testsuite; returns its (tests, failures, skipped)."""
    cases = suite.findall("testcase")
    failures = len(suite.findall("testcase/failure"))
    skipped = len(suite.findall("testcase/skipped"))
    name = suite.get("name")
    if (int(suite.get("tests")), int(suite.get("failures")), int(suite.get("skipped"))) != \
            (len(cases), failures, skipped):
        fail("suite %s: counts differ from its testcases" % name)
    for c in cases:
        key = (c.get("name"), c.get("classname"))
        if key in seen:
            fail("testcase %s appears twice" % (key,))
        seen.add(key)
        t = by_key.get(key)
        if t is None:
            fail("testcase %s is no test of the JSON report" % (key,))
        if not name.startswith(t["file"]):
            fail("%s in suite %s, not in that of %s" % (key[0], name, t["file"]))
        props = [p.get("value") for p in c.findall("properties/property")
                 if p.get("name") == "section"]
        if props != t["sections"]:
            fail("%s: section properties %r, sections %r" % (key[0], props, t["sections"]))
        if (c.find("failure") is not None) != fails(t, lenient):
            fail("%s: failure element does not match verdict %s" % (key[0], t["verdict"]))
        if (c.find("skipped") is not None) != (t["verdict"] == "unsupported"):
            fail("%s: skipped element does not match verdict %s" % (key[0], t["verdict"]))
    return len(cases), failures, skipped


def check_junit(root, report):
    if root.tag != "testsuites":
        fail("JUnit root is %s" % root.tag)
    lenient = report["options"]["lenient"]
    by_key = {case_key(t): t for t in report["tests"]}
    if len(by_key) != len(report["tests"]):
        fail("two tests of the JSON report share tcId and role")
    seen, totals = set(), [0, 0, 0]
    for suite in root.findall("testsuite"):
        for i, n in enumerate(check_suite(suite, by_key, lenient, seen)):
            totals[i] += n
    if len(seen) != len(report["tests"]):
        fail("%d testcases for %d tests" % (len(seen), len(report["tests"])))
    want_failures = sum(1 for t in report["tests"] if fails(t, lenient))
    if (int(root.get("tests")), int(root.get("failures")), int(root.get("skipped"))) != \
            tuple(totals) or totals[1] != want_failures:
        fail("JUnit totals %r differ from the suites or from the JSON report (%d failures)"
             % (root.attrib, want_failures))
    print("JUnit report: %d suites, one testcase per test" % len(root.findall("testsuite")))


class MatrixCells(html.parser.HTMLParser):
    """The matrix cells (data-section -> (pass, total)) and row headers of the page."""

    def __init__(self):
        super().__init__()
        self.cells, self.rows, self.in_row_header = {}, [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "cell" in a.get("class", "").split():
            self.cells[a["data-section"]] = (int(a["data-pass"]), int(a["data-total"]))
        self.in_row_header = tag == "th" and a.get("class") == "section"
        if self.in_row_header:
            self.rows.append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self.in_row_header = False

    def handle_data(self, data):
        if self.in_row_header:
            self.rows[-1] += data


def check_html(path, report):
    with open(path, encoding="utf-8") as f:
        page = MatrixCells()
        page.feed(f.read())
    runs = [t for t in report["tests"] if not t["canary"]]
    want = {"all": (sum(t["verdict"] == "pass" for t in runs), len(runs))}
    for t in runs:
        for s in t["sections"] or ["unsectioned"]:
            p, n = want.get(s, (0, 0))
            want[s] = (p + (t["verdict"] == "pass"), n + 1)
    if page.cells != want:
        fail("HTML cells %r, expected %r" % (sorted(page.cells.items())[:6],
                                             sorted(want.items())[:6]))
    for s in want:
        if s not in ("all", "unsectioned") and \
                not any(r.startswith(s + " ") and len(r) > len(s) + 1 for r in page.rows):
            fail("HTML row of section %s has no title: %r" % (s, page.rows))
    print("HTML report: %d cells agree with the JSON report, sections titled" % len(want))


def main():
    out_dir, want_exit, section, cmd = parse_args(sys.argv[1:])
    os.makedirs(out_dir, exist_ok=True)
    paths = [os.path.join(out_dir, n) for n in ("report.json", "report.xml", "report.html")]
    for p in paths:
        if os.path.exists(p):
            os.remove(p)
    command = cmd[1]
    if section:
        cmd = cmd + ["--section", section]
    cmd = cmd + ["--json", paths[0], "--junit", paths[1], "--html", paths[2]]
    print("running: " + " ".join(cmd))
    proc = subprocess.run(cmd, check=False, timeout=600)
    if proc.returncode != want_exit:
        fail("exit status %d, expected %d" % (proc.returncode, want_exit))
    with open(paths[0], encoding="utf-8") as f:
        report = json.load(f)
    if report["summary"]["exitCode"] != want_exit:
        fail("report exitCode %r" % report["summary"]["exitCode"])
    check_json(report, command, section)
    check_junit(ET.parse(paths[1]).getroot(), report)
    check_html(paths[2], report)
    print("OK")


if __name__ == "__main__":
    main()
