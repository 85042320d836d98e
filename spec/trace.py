#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that every MUST of spec/pssst.md is traced to the code of src/.

Each requirement key of vectors/generator/requirements.json must be either
cited in a comment of a file in src/ as [key] (for example
`/* spec 7.1 step 3 [7.1-step-3] */`), or listed in spec/not-in-src.json
with a category and a reason, and not both. A key cited in src/ that names
no requirement is an error too. Prints the figures; exits 1 with the list
of problems when there are any.

Usage: /usr/bin/python3 spec/trace.py [ROOT]   (ROOT: the source tree)
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REQUIREMENTS = os.path.join("vectors", "generator", "requirements.json")
NOT_IN_SRC = os.path.join("spec", "not-in-src.json")
SOURCE_SUFFIXES = (".c", ".h")

# A comment in C: /* ... */ or // to the end of the line. String literals
# are skipped so that a "/*" inside one starts nothing.
_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|/\*.*?\*/|//[^\n]*', re.S)
# A requirement key in brackets: section number, dash, lower-case words.
_KEY = re.compile(r"\[(\d+(?:\.\d+)*-[a-z0-9][a-z0-9-]*)\]")


def comments(text):
    """Yields (line number, comment text) for each comment of a C file."""
    for m in _TOKEN.finditer(text):
        if m.group(0).startswith('"'):
            continue
        yield text.count("\n", 0, m.start()) + 1, m.group(0)


def cited_keys(src_dir):
    """{key: ["src/file.c:line", ...]} for every [key] in a comment of src/."""
    cited = {}
    for name in sorted(os.listdir(src_dir)):
        if not name.endswith(SOURCE_SUFFIXES):
            continue
        path = os.path.join(src_dir, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for line, comment in comments(text):
            for m in _KEY.finditer(comment):
                where = "src/%s:%d" % (name, line + comment.count("\n", 0, m.start()))
                cited.setdefault(m.group(1), []).append(where)
    return cited


def check(requirements, not_in_src, cited):
    """Returns the list of problems (empty when the trace is complete)."""
    problems = []
    categories = not_in_src.get("categories", {})
    listed = {}
    for item in not_in_src["notInSrc"]:
        key = item.get("key")
        if key in listed:
            problems.append("not-in-src.json: %s is listed twice" % key)
        listed[key] = item
        if key not in requirements:
            problems.append("not-in-src.json: %s names no requirement" % key)
        if not item.get("reason"):
            problems.append("not-in-src.json: %s has no reason" % key)
        if item.get("category") not in categories:
            problems.append("not-in-src.json: %s has no known category" % key)
        if key in cited:
            problems.append("not-in-src.json: %s is cited in src/ after all (%s)"
                            % (key, ", ".join(cited[key])))
    for key in sorted(cited):
        if key not in requirements:
            problems.append("%s: [%s] names no requirement" % (", ".join(cited[key]), key))
    for key, entry in requirements.items():
        if key not in cited and key not in listed:
            problems.append("spec %s: [%s] is neither cited in src/ nor listed in "
                            "not-in-src.json: %s" % (entry["section"], key, entry["sentence"]))
    return problems


def self_check():
    """Each kind of defect, planted in a small model, must be reported."""
    reqs = {"1.1-a": {"section": "1.1", "sentence": "A MUST."},
            "1.1-b": {"section": "1.1", "sentence": "B MUST."}}
    good = {"categories": {"c": "C"},
            "notInSrc": [{"key": "1.1-b", "category": "c", "reason": "why"}]}
    cited = {"1.1-a": ["src/x.c:1"]}
    defects = {
        "unknown key in src": (good, {"1.1-a": ["x"], "9.9-z": ["y"]}),
        "uncited, unlisted requirement": ({"categories": {}, "notInSrc": []}, cited),
        "listed and cited": (good, {"1.1-a": ["x"], "1.1-b": ["y"]}),
        "listed without reason": ({"categories": {"c": "C"},
                                   "notInSrc": [{"key": "1.1-b", "category": "c"}]}, cited),
    }
    missed = [what for what, (lst, cit) in defects.items() if not check(reqs, lst, cit)]
    if check(reqs, good, cited):
        missed.append("a complete trace reported as incomplete")
    sample = '/* spec 7.1 [7.1-step-1] */ x = "[9.9-no] /*"; // [7.1-step-2]\n'
    if [k for _, c in comments(sample) for k in _KEY.findall(c)] != ["7.1-step-1", "7.1-step-2"]:
        missed.append("comment parsing")
    return missed


def main(argv):
    root = argv[0] if argv else os.path.dirname(HERE)
    missed = self_check()
    if missed:
        print("trace: self-check failed, these defects went unnoticed: " + ", ".join(missed))
        return 1
    with open(os.path.join(root, REQUIREMENTS), encoding="utf-8") as f:
        requirements = json.load(f)["requirements"]
    with open(os.path.join(root, NOT_IN_SRC), encoding="utf-8") as f:
        not_in_src = json.load(f)
    cited = cited_keys(os.path.join(root, "src"))
    problems = check(requirements, not_in_src, cited)
    known_cited = [k for k in requirements if k in cited]
    by_category = {}
    for item in not_in_src["notInSrc"]:
        by_category[item.get("category")] = by_category.get(item.get("category"), 0) + 1
    print("trace: %d requirements, %d cited in src/ (%d citations), %d listed in "
          "not-in-src.json (%s)"
          % (len(requirements), len(known_cited), sum(len(v) for v in cited.values()),
             len(not_in_src["notInSrc"]),
             ", ".join("%s %d" % kv for kv in sorted(by_category.items()))))
    for p in problems:
        print("trace: " + p)
    if problems:
        print("trace: %d problem(s)" % len(problems))
        return 1
    print("trace: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
