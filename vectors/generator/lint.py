#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Lints the vector files against each other and against spec/pssst.md.

Usage: /usr/bin/python3 lint.py VECTORS_DIR SPEC_MD

Checks (spec/vectors.md, "Checks"):
 - numberOfTests matches; every test has at least one flag; every flag is
   explained in the file's notes and every note is used;
 - tcIds are unique across all files;
 - every `requirements` quote is a MUST sentence that appears verbatim in
   the spec, and the test's `sections` include the quote's section;
 - every MUST sentence of the spec is quoted by at least one test outside
   canary.json, or listed in generator/not_testable.json with a reason;
 - canaries carry the flag Canary, and only canaries do;
 - valid tests carry intermediate values, other tests errors and a stage.
"""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import spectext  # noqa: E402

NOT_VECTOR_FILES = {"pssst_vectors.schema.json", "coverage.json"}
CANARY_FILE = "canary.json"


class Lint:
    def __init__(self, spec_text):
        self.problems = []
        self.spec_text = spec_text
        self.musts = spectext.must_sentences(spec_text)
        self.section_of = {}
        for section, sentence in self.musts:
            self.section_of.setdefault(sentence, section)
        self.quoted = set()
        self.ids = {}

    def fail(self, where, what):
        self.problems.append("%s: %s" % (where, what))

    def check_file(self, name, doc):
        tests = [(g, t) for g in doc["testGroups"] for t in g["tests"]]
        if doc["numberOfTests"] != len(tests):
            self.fail(name, "numberOfTests is %d, file has %d tests" % (doc["numberOfTests"], len(tests)))
        notes = doc["notes"]
        used = set()
        canary_file = name == CANARY_FILE
        for _, t in tests:
            self.check_test(name, t, notes, canary_file)
            used.update(t["flags"])
        for flag in sorted(set(notes) - used):
            self.fail(name, "note %s is not used by any test" % flag)

    def check_test(self, name, t, notes, canary_file):
        where = "%s: %s" % (name, t["tcId"])
        if t["tcId"] in self.ids:
            self.fail(where, "tcId also used in " + self.ids[t["tcId"]])
        self.ids[t["tcId"]] = name
        if not t["flags"]:
            self.fail(where, "%s test without a flag" % t["result"])
        for flag in t["flags"]:
            if flag not in notes:
                self.fail(where, "flag %s is not explained in notes" % flag)
        if ("Canary" in t["flags"]) != canary_file:
            self.fail(where, "the Canary flag belongs to exactly the tests of " + CANARY_FILE)
        if t["result"] == "valid":
            if "intermediate" not in t or "errors" in t or "stage" in t:
                self.fail(where, "valid test needs intermediate and no errors/stage")
        elif not t.get("errors") or not t.get("stage"):
            self.fail(where, "%s test needs errors and a stage" % t["result"])
        for quote in t["requirements"]:
            section = self.section_of.get(quote)
            if section is None:
                if spectext.contains(self.spec_text, quote):
                    self.fail(where, "quote is in the spec but is not a MUST sentence: " + quote)
                else:
                    self.fail(where, "quote not found verbatim in the spec: " + quote)
                continue
            if section not in t["sections"]:
                self.fail(where, "sections lack %s, the section of: %s" % (section, quote))
            if not canary_file:
                self.quoted.add(quote)

    def check_coverage(self, requirements, not_testable):
        excused = {}
        for item in not_testable:
            entry = requirements.get(item["key"])
            if entry is None:
                self.fail("not_testable.json", "unknown key " + item["key"])
                continue
            if not item.get("reason"):
                self.fail("not_testable.json", item["key"] + " has no reason")
            excused[entry["sentence"]] = item["key"]
        for section, sentence in self.musts:
            if sentence in self.quoted and sentence in excused:
                self.fail("not_testable.json", "%s is tested after all: %s" % (excused[sentence], sentence))
            elif sentence not in self.quoted and sentence not in excused:
                self.fail("spec %s" % section, "MUST sentence quoted by no test: " + sentence)


def self_check(spec_text, docs):
    """Plants one defect of each kind in copies of the files; the lint must
    report every one (otherwise the checks above could not fail)."""
    name, doc = next((n, d) for n, d in docs if n != CANARY_FILE)
    defects = {
        "unexplained flag": lambda d, t: t[0]["flags"].append("NoSuchFlag"),
        "duplicate tcId": lambda d, t: t[1].update(tcId=t[0]["tcId"]),
        "quote not in spec": lambda d, t: t[0]["requirements"].append("A port MUST glow."),
        "wrong count": lambda d, t: d.update(numberOfTests=d["numberOfTests"] + 1),
        "test without flag": lambda d, t: t[0].update(flags=[]),
        "stray Canary flag": lambda d, t: t[0]["flags"].append("Canary"),
    }
    missed = []
    for what, plant in defects.items():
        copy = json.loads(json.dumps(doc))
        plant(copy, copy["testGroups"][0]["tests"])
        lint = Lint(spec_text)
        lint.check_file(name, copy)
        if not lint.problems:
            missed.append(what)
    lint = Lint(spec_text + "\nAn implementation MUST pass a test that nobody wrote.\n")
    for n, d in docs:
        lint.check_file(n, d)
    lint.check_coverage({}, [])
    if not any("quoted by no test" in p for p in lint.problems):
        missed.append("uncovered MUST sentence")
    return missed


def main(argv):
    if len(argv) != 2:
        print("usage: lint.py VECTORS_DIR SPEC_MD", file=sys.stderr)
        return 2
    folder, spec_path = argv
    with open(spec_path, encoding="utf-8") as f:
        lint = Lint(f.read())
    files = sorted(p for p in glob.glob(os.path.join(folder, "*.json"))
                   if os.path.basename(p) not in NOT_VECTOR_FILES)
    if not files:
        print("lint: no vector files in " + folder, file=sys.stderr)
        return 1
    count = 0
    docs = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        docs.append((os.path.basename(path), doc))
        lint.check_file(os.path.basename(path), doc)
        count += doc["numberOfTests"]
    missed = self_check(lint.spec_text, docs)
    for what in missed:
        lint.problems.append("self-check: a planted defect was not reported: " + what)
    with open(os.path.join(HERE, "requirements.json"), encoding="utf-8") as f:
        requirements = json.load(f)["requirements"]
    with open(os.path.join(HERE, "not_testable.json"), encoding="utf-8") as f:
        not_testable = json.load(f)["notTestable"]
    lint.check_coverage(requirements, not_testable)
    for p in lint.problems:
        print("lint: " + p)
    print("lint: %d files, %d tests, %d MUST sentences (%d quoted by tests, %d not testable): %s"
          % (len(files), count, len(lint.musts), len(lint.quoted), len(not_testable),
             "FAILED" if lint.problems else "ok"))
    return 1 if lint.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
