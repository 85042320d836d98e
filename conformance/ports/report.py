#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Write docs/ports/PORT.md from a `pssst-conform port --json` report.

Usage: report.py --port PORT --json REPORT.json [--out FILE | --check]
       report.py --index REPORT.json ... [--out FILE | --check]

The page is made only from the report and the vector files it names (found
in vectors/ of this tree; their SHA-256 must match the report's): counts by
verdict; deviation classes; a spec-section table. --index writes
docs/ports/README.md, the port x section matrix of several reports.
--check compares with the committed file instead of writing it, and exits
1 with a diff when they differ (the page is stale).

A deviation class is the set of tests that did not pass with the same
verdict, the same operation, the same vector flag (the kind of defect the
vector carries, vectors.md) and the same outcome: for a crash the exception
or panic and the port's source line (numbers inside messages folded), for a
wrong error the status given and those allowed, for a failure the runner's
reason with numbers folded. Each class names the requirements (the vectors'
`requirements` sentences) that every one of its tests cites.
"""
import argparse
import collections
import difflib
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DOCS = os.path.join(ROOT, "docs", "ports")
VERDICTS = ["pass", "fail", "wrong-error", "crash", "unsupported", "timeout", "error"]
FAILING = ["crash", "fail", "wrong-error", "unsupported", "timeout", "error"]


def load_vectors(report):
    """tcId -> (test, group, file notes); checks the files' hashes against the report."""
    tests = {}
    for f in report["vectorSet"]["files"]:
        path = os.path.join(ROOT, "vectors", f["name"])
        with open(path, "rb") as fh:
            raw = fh.read()
        if hashlib.sha256(raw).hexdigest() != f["sha256"]:
            sys.exit("report.py: %s differs from the file the report was made with; "
                     "run the port again" % path)
        doc = json.loads(raw)
        for group in doc.get("testGroups", []):
            for t in group["tests"]:
                tests[t["tcId"]] = (t, group, doc.get("notes", {}))
    return tests


def section_titles():
    titles = {}
    with open(os.path.join(ROOT, "spec", "pssst.md"), encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"#{2,3} (\d+(?:\.\d+)?)\.? (.*)", line.strip())
            if m:
                titles[m.group(1)] = m.group(2).strip()
    return titles


def section_key(s):
    return [int(p) for p in s.split(".")]


def fold(text):
    """Numbers and hex runs folded, so that one defect is one class."""
    text = re.sub(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{16,}\b", "<hex>", text)
    return re.sub(r"\b\d+\b", "N", text)


def base_operation(op):
    return (op or "").split(" ")[0]


def outcome(t):
    """The part of a verdict that tells one defect from another."""
    reason = t.get("reason") or ""
    if t["verdict"] == "crash":
        m = re.search(r"no PSSST error: (.*)$", reason)
        what = m.group(1) if m else reason
        at = re.search(r"\((?:raised at|at) ([^()]*)\)\s*$", what)
        where = at.group(1) if at else None
        head = what[:at.start()].strip() if at else what
        # The exception type, or the panicking call, and the message folded.
        head = re.sub(r"\('.*", "(...)", head)
        return "%s%s" % (fold(head)[:160], " at %s" % where if where else "")
    if t["verdict"] == "wrong-error":
        return "refused with %s; the vector allows %s" % (t.get("actual"), t.get("expected"))
    if t["verdict"] == "unsupported":
        return fold(reason)
    # Which packet of a reply sequence consumed the context varies from test
    # to test; the defect is the same.
    return fold(re.sub(r": the packets? of repliesBefore .*$", "", reason))


def wire(verdict, op, reason, flag=""):
    """Whether a deviation can be set off by a packet from the network."""
    if verdict == "unsupported":
        return "not tested"
    if verdict == "wrong-error":
        return "API only (refused, under another status)"
    if op == "unpack_request":
        if verdict in ("crash", "timeout", "error"):
            return "**wire**: one datagram crashes a server that handles only the port's own errors"
        return "**wire**: a server accepts an invalid request"
    if op == "unpack_reply":
        if verdict in ("crash", "timeout", "error"):
            return "**wire**: one datagram crashes a waiting client that handles only the port's own errors"
        if "must succeed" in reason:
            return "**wire**: a spoofed packet before the genuine reply makes the client lose it"
        if flag == "ReplySequence":
            return ("**wire**: after a forged reply failed decryption, the reply key is used "
                    "again for the next packet")
        return "**wire**: a client accepts a forged or altered reply"
    if op == "pack_reply" and verdict == "fail":
        return "**wire** on API misuse: a second reply sealed with the same key and nonce"
    if op in ("pack_request", "pack_reply") and "differs" in reason:
        return "**wire**: wrong bytes sent"
    return "API only (a key or call of the application)"


def classes_of(report, vectors):
    classes = collections.OrderedDict()
    for t in report["tests"]:
        if t.get("canary") or t["verdict"] == "pass":
            continue
        vec, _, notes = vectors[t["tcId"]]
        flag = (vec.get("flags") or ["(no flag)"])[0]
        op = base_operation(t.get("operation"))
        key = (t["verdict"], op, flag, outcome(t))
        c = classes.setdefault(key, {"tests": [], "requirements": None, "sections": None,
                                     "note": notes.get(flag, {})})
        c["tests"].append(t)
        reqs = vec.get("requirements", [])
        secs = set(vec.get("sections", []))
        c["requirements"] = reqs if c["requirements"] is None else \
            [r for r in c["requirements"] if r in reqs]
        c["sections"] = secs if c["sections"] is None else c["sections"] & secs
    order = {v: i for i, v in enumerate(FAILING)}
    return sorted(classes.items(), key=lambda kv: (order[kv[0][0]], -len(kv[1]["tests"]), kv[0]))


def md_escape(text):
    return text.replace("|", "\\|").replace("\n", " ")


def counts_of(tests):
    c = collections.Counter(t["verdict"] for t in tests if not t.get("canary"))
    return [c.get(v, 0) for v in VERDICTS]


def section_rows(tests):
    """section -> Counter of verdicts (a test counts in every section it cites)."""
    rows = collections.defaultdict(collections.Counter)
    for t in tests:
        if t.get("canary"):
            continue
        for s in t.get("sections", []):
            rows[s][t["verdict"]] += 1
        rows["all"][t["verdict"]] += 1
    return rows


def cell(counter):
    total = sum(counter.values())
    others = ", ".join("%d %s" % (counter[v], v) for v in FAILING if counter.get(v))
    return "%d/%d%s" % (counter.get("pass", 0), total, " (%s)" % others if others else "")


def provenance(reports):
    lines = []
    for r in reports:
        vs = r["vectorSet"]
        # The runner's X25519 backend is left out: it does not change a
        # port's verdicts, and CI checks these pages from builds of either.
        lines.append("- `%s`: %s, judged by pssst-conform %s, vector set %s "
                     "(%d files)" % (r["port"]["name"], r["port"]["implementation"],
                                     r["runner"]["version"],
                                     vs["combinedSha256"][:16], len(vs["files"])))
    return lines


def port_page(port, report):
    vectors = load_vectors(report)
    titles = section_titles()
    classes = classes_of(report, vectors)
    counts = counts_of(report["tests"])
    out = []
    w = out.append
    w("<!-- SPDX-License-Identifier: Apache-2.0 -->")
    w("<!-- Generated by conformance/ports/report.py from the JSON report of "
      "`conformance/ports/run.sh %s BUILD_DIR --json ...`; do not edit. "
      "Remake: conformance/ports/report.sh %s BUILD_DIR -->" % (port, port))
    w("# %s against the PSSST test vectors" % report["port"]["name"])
    w("")
    w("Made by `conformance/ports/report.py` from one run of every test vector "
      "through the port's harness adapter (`conformance/ports/%s/`, spec/harness.md), "
      "data:" % port)
    w("")
    out.extend(provenance([report]))
    w("")
    w("The adapter, how the port was had and built, and what could not be "
      "injected are described in [conformance/ports/%s/README.md]"
      "(../../conformance/ports/%s/README.md). The verdicts are recorded in "
      "`conformance/ports/%s/expect.json`, which CI holds the port to." % (port, port, port))
    w("")
    w("## Counts")
    w("")
    w("| " + " | ".join(VERDICTS) + " | total |")
    w("|" + "---:|" * (len(VERDICTS) + 1))
    w("| " + " | ".join(str(c) for c in counts) + " | %d |" % sum(counts))
    w("")
    canaries = [t for t in report["tests"] if t.get("canary")]
    w("Canaries (vectors that are wrong on purpose, which must not pass): %d ran, "
      "%d passed." % (len(canaries), sum(1 for t in canaries if t["verdict"] == "pass")))
    w("")
    wired = [(i, k, c) for i, (k, c) in enumerate(classes, 1)
             if wire(k[0], k[1], c["tests"][0].get("reason") or "", k[2]).startswith("**wire**")]
    w("## What a packet from the network can set off")
    w("")
    if not wired:
        w("No deviation class is reachable by a packet; every one needs a call or key of "
          "the application.")
    for i, (verdict, op, flag, what), c in wired:
        n = len(c["tests"])
        w("- class %d, %s in `%s` (%d test%s, e.g. `%s`): %s. %s" % (
            i, verdict, op, n, "" if n == 1 else "s", c["tests"][0]["tcId"],
            wire(verdict, op, c["tests"][0].get("reason") or "", flag).replace("**wire**: ", "")
            .replace("**wire** ", ""), md_escape(what)))
    w("")
    w("## Deviation classes (%d)" % len(classes))
    w("")
    w("One row per class (the module docstring of report.py says how tests are "
      "grouped). *Reaches the wire* says whether a packet from the network can "
      "set it off, or only a call or key of the application.")
    w("")
    w("| # | verdict | operation | vector flag | what the port does | breaks | tests | example | reaches the wire |")
    w("|---:|---|---|---|---|---|---:|---|---|")
    for i, ((verdict, op, flag, what), c) in enumerate(classes, 1):
        reqs = c["requirements"] or []
        secs = sorted(c["sections"] or [], key=section_key)
        breaks = "; ".join(reqs[:2]) if reqs else ""
        if secs:
            breaks += "%s(spec %s)" % (" " if breaks else "", ", ".join(secs))
        w("| %d | %s | %s | %s | %s | %s | %d | `%s` | %s |" % (
            i, verdict, op, flag, md_escape(what), md_escape(breaks), len(c["tests"]),
            c["tests"][0]["tcId"], wire(verdict, op, c["tests"][0].get("reason") or "", flag)))
    w("")
    w("Vector flags, as the vector files describe them:")
    w("")
    seen = set()
    for (_, _, flag, _), c in classes:
        if flag in seen or not c["note"]:
            continue
        seen.add(flag)
        w("- **%s** (%s): %s" % (flag, c["note"].get("bugType", ""),
                                 md_escape(c["note"].get("description", ""))))
    w("")
    w("## By spec section")
    w("")
    w("Passed/total of the vectors citing each section (a vector counts in every "
      "section it cites), other verdicts in brackets.")
    w("")
    w("| section | %s |" % report["port"]["name"])
    w("|---|---|")
    rows = section_rows(report["tests"])
    for s in sorted((s for s in rows if s != "all"), key=section_key):
        w("| %s %s | %s |" % (s, titles.get(s, ""), cell(rows[s])))
    w("| all | %s |" % cell(rows["all"]))
    return "\n".join(out) + "\n"


def index_page(reports):
    titles = section_titles()
    out = []
    w = out.append
    w("<!-- SPDX-License-Identifier: Apache-2.0 -->")
    w("<!-- Generated by conformance/ports/report.py --index from the JSON reports "
      "of conformance/ports/run.sh; do not edit. Remake: conformance/ports/report.sh all BUILD_DIR -->")
    w("# The ports under test")
    w("")
    w("Every test vector run through each port's harness adapter "
      "(conformance/ports/, spec/harness.md), data:")
    w("")
    out.extend(provenance(reports))
    w("")
    w("| port | report | " + " | ".join(VERDICTS) + " |")
    w("|---|---|" + "---:|" * len(VERDICTS))
    for r in reports:
        w("| %s | [%s.md](%s.md) | %s |" % (r["port"]["name"], r["_port"], r["_port"],
                                            " | ".join(str(c) for c in counts_of(r["tests"]))))
    w("")
    w("## Port x section matrix")
    w("")
    w("Passed/total of the vectors citing each section, other verdicts in brackets.")
    w("")
    w("| section | " + " | ".join(r["port"]["name"] for r in reports) + " |")
    w("|---|" + "---|" * len(reports))
    rows = [section_rows(r["tests"]) for r in reports]
    sections = sorted({s for rr in rows for s in rr if s != "all"}, key=section_key)
    for s in sections:
        w("| %s %s | %s |" % (s, titles.get(s, ""), " | ".join(cell(rr[s]) for rr in rows)))
    w("| all | %s |" % " | ".join(cell(rr["all"]) for rr in rows))
    return "\n".join(out) + "\n"


def emit(text, path, check):
    if not check:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return 0
    try:
        with open(path, encoding="utf-8") as fh:
            current = fh.read()
    except FileNotFoundError:
        current = ""
    if current == text:
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        current.splitlines(True), text.splitlines(True), path, "regenerated"))
    sys.stderr.write("report.py: %s is not current: remake it with "
                     "conformance/ports/report.sh\n" % path)
    return 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port")
    ap.add_argument("--json")
    ap.add_argument("--index", nargs="+", metavar="PORT=REPORT.json")
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    if a.index:
        reports = []
        for item in a.index:
            port, _, path = item.partition("=")
            with open(path, encoding="utf-8") as fh:
                r = json.load(fh)
            r["_port"] = port
            reports.append(r)
        return emit(index_page(reports), a.out or os.path.join(DOCS, "README.md"), a.check)
    if not (a.port and a.json):
        ap.error("--port and --json, or --index")
    with open(a.json, encoding="utf-8") as fh:
        report = json.load(fh)
    return emit(port_page(a.port, report), a.out or os.path.join(DOCS, a.port + ".md"), a.check)


if __name__ == "__main__":
    sys.exit(main())
