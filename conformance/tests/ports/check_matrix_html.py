#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""CTest driver: the HTML matrix of two ports renders in Chromium with the right counts.

Usage: check_matrix_html.py PSSST_CONFORM PSSST_HARNESS VECTORS WORKDIR

Runs the tests of spec sections 7.2 and 9.2 through two ports: pssst-harness
("pssst-c") and broken_harness.py wrapping it with two faults
("broken-port"), combines both JSON reports with `pssst-conform matrix`,
renders the page in headless Chromium (--dump-dom) and checks, against
counts computed here from the JSON reports: the port columns, every row's
section title, every cell's passed/total (attributes and visible text),
the pass rate the page's script adds, and that each cell with failures
links to the failure groups (directly, or through the section's list of
groups) that name every test of the cell that did not pass, with an
example. Leaves WORKDIR/matrix.png, a screenshot for people to look at.
Exits 77 when Chromium is missing.
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SECTIONS = ["7.2", "9.2"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  # containers often have a small /dev/shm
                  "--disable-dev-shm-usage"]


class Dom(html.parser.HTMLParser):
    """Collects matrix cells, port headers, row titles, and the text and links
    of every element with an id (nested ones included)."""

    def __init__(self):
        super().__init__()
        self.cells, self.ports, self.rows = [], {}, []
        self.ids, self.links = {}, {}  # id -> text parts, id -> hrefs inside
        self.stack = []  # (tag, record for text, id or None) of open elements

    def open_ids(self):
        return [i for (_, _, i) in self.stack if i is not None]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = a.get("class", "").split()
        record = None
        if tag == "td" and "cell" in classes:
            record = {"attrs": a, "text": []}
            self.cells.append(record)
        elif tag == "th" and "port" in classes:
            record = {"attrs": a, "text": []}
            self.ports[a["data-port"]] = record
        elif tag == "th" and "section" in classes:
            record = {"text": []}
            self.rows.append(record)
        elif tag == "a" and self.stack:
            if self.stack[-1][1] is not None:
                self.stack[-1][1]["href"] = a.get("href")
            for i in self.open_ids():
                self.links[i].append((a.get("href") or "").lstrip("#"))
        if "id" in a:
            self.ids[a["id"]], self.links[a["id"]] = [], []
        if record is None and self.stack:
            record = self.stack[-1][1]
        self.stack.append((tag, record, a.get("id")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] is not None:
            self.stack[-1][1]["text"].append(data)
        for i in self.open_ids():
            self.ids[i].append(data)


def pick_faults(vectors):
    ids = []
    for name in sorted(os.listdir(vectors)):
        if not name.endswith(".json") or name == "canary.json" or "server" not in name:
            continue
        with open(os.path.join(vectors, name)) as fp:
            doc = json.load(fp)
        for g in doc.get("testGroups", []):
            for t in g["tests"]:
                if t["result"] == "valid" and SECTIONS[0] in t["sections"]:
                    ids.append(t["tcId"])
    if len(ids) < 2:
        raise SystemExit("check_matrix_html: too few valid server tests")
    return ["crash=%s@unpack_request" % ids[0], "flip=%s@pack_reply" % ids[1]]


def run_port(conform, name, report, vectors, harness_cmd):
    cmd = [conform, "port", "--vectors", vectors, "--name", name, "--json", report]
    for s in SECTIONS:
        cmd += ["--section", s]
    cmd += ["--"] + harness_cmd
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300, check=False).returncode


def expected_cells(reports):
    """(port index, section) -> (passed, total, ids of tests not passed), from the JSON reports."""
    want = {}
    for i, path in enumerate(reports):
        with open(path) as fp:
            tests = [t for t in json.load(fp)["tests"] if not t["canary"]]
        for t in tests:
            for s in (t["sections"] or ["unsectioned"]) + ["all"]:
                p, n, bad = want.get((i, s), (0, 0, set()))
                if t["verdict"] != "pass":
                    bad = bad | {t["tcId"]}
                want[(i, s)] = (p + (t["verdict"] == "pass"), n + 1, bad)
    sections = {s for (_, s) in want}
    for i in range(len(reports)):
        for s in sections:
            want.setdefault((i, s), (0, 0, set()))
    return want


def render(url, work):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as profile:
        flags = CHROMIUM_FLAGS + ["--user-data-dir=" + profile]
        dom = subprocess.run([chromium] + flags + ["--dump-dom", url], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, timeout=120, check=True).stdout
    with tempfile.TemporaryDirectory() as profile:
        flags = CHROMIUM_FLAGS + ["--user-data-dir=" + profile, "--window-size=1000,1400",
                                  "--screenshot=" + os.path.join(work, "matrix.png")]
        subprocess.run([chromium] + flags + [url], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120, check=True)
    return dom


def linked_text(d, target):
    """Text of the element target and of the elements its links lead to."""
    parts = list(d.ids.get(target, []))
    for href in d.links.get(target, []):
        parts += d.ids.get(href, [])
    return "".join(parts)


def check_cell(d, cell, want, problems):
    a = cell["attrs"]
    key = (int(a["data-port"]), a["data-section"])
    p, n, bad = want.get(key, (None, None, set()))
    text = "".join(cell["text"]).strip()
    if (int(a["data-pass"]), int(a["data-total"])) != (p, n):
        problems.append("cell %s: %s/%s, expected %s/%s" % (key, a["data-pass"],
                                                            a["data-total"], p, n))
    shown = "%d/%d" % (p, n) if n else "\u2013"
    if not text.startswith(shown):
        problems.append("cell %s shows %r, expected it to start with %r" % (key, text, shown))
    if n and p < n:
        target = (cell.get("href") or "").lstrip("#")
        block = linked_text(d, target)
        missing = sorted(tc for tc in bad if tc not in block)
        if not block or missing or "example" not in block:
            problems.append("cell %s: link %r leads to no failure group naming %s"
                            % (key, target, missing[:3] or "an example"))
    return key


def check_dom(dom, want, names, problems):
    d = Dom()
    d.feed(dom)
    got_names = [" ".join(d.ports[k]["text"][:1]).strip() for k in sorted(d.ports)]
    if got_names != names:
        problems.append("port columns %s, expected %s" % (got_names, names))
    seen = {check_cell(d, cell, want, problems) for cell in d.cells}
    missing = set(want) - seen
    if missing:
        problems.append("cells missing from the page: %s" % sorted(missing)[:5])
    titles = ["".join(r["text"]).strip() for r in d.rows]
    for s in SECTIONS:
        if not any(t.startswith(s + " ") and len(t) > len(s) + 1 for t in titles):
            problems.append("no titled row for section %s among %s" % (s, titles))
    for i, k in enumerate(sorted(d.ports)):
        p, n, _ = want[(i, "all")]
        rate = "%.1f%% passed" % (100.0 * p / n)
        if rate not in "".join(d.ports[k]["text"]):
            problems.append("port %d header lacks the script's %r" % (i, rate))


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    conform, harness, vectors, work = sys.argv[1:]
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("SKIPPED: chromium is not installed (Debian package chromium)")
        return 77
    os.makedirs(work, exist_ok=True)
    good, bad, page = (os.path.join(work, n) for n in ("good.json", "bad.json", "matrix.html"))
    problems = []
    if run_port(conform, "pssst-c", good, vectors, [harness]) != 0:
        problems.append("the pssst-harness run did not pass")
    broken = [sys.executable, os.path.join(HERE, "broken_harness.py")]
    for f in pick_faults(vectors):
        broken += ["--fault", f]
    if run_port(conform, "broken-port", bad, vectors, broken + ["--", harness]) != 1:
        problems.append("the broken run did not exit 1")
    subprocess.run([conform, "matrix", good, bad, "--html", page], check=True, timeout=60)
    want = expected_cells([good, bad])
    if all(p == n for (i, _), (p, n, _) in want.items() if i == 1):
        problems.append("the broken port has no failing cell: nothing to check")
    check_dom(render("file://" + os.path.abspath(page), work), want, ["pssst-c", "broken-port"],
              problems)
    for p in problems:
        print("check_matrix_html: " + p)
    print("check_matrix_html: %d cells, %s" % (len(want), "ok" if not problems else "MISMATCH"))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
