#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Refreshes requirements.json from spec/pssst.md.

requirements.json maps each requirement key used by generate.py to a short
`match` fragment chosen by hand. This script finds the one MUST sentence of
the spec that contains each fragment and stores it (verbatim) with its
section number. It fails when a fragment matches no sentence or several.
MUST sentences that no key matches are listed, so that they can be given a
key (and tests) or be entered in not_testable.json.

Usage: /usr/bin/python3 update_requirements.py [--check] [SPEC]
With --check nothing is written; the exit status tells whether the file is
up to date.
"""

import json
import os
import sys

import spectext

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SPEC = os.path.join(HERE, "..", "..", "spec", "pssst.md")
REQ_FILE = os.path.join(HERE, "requirements.json")


def refresh(data, sentences):
    problems = []
    used = set()
    for key, entry in data["requirements"].items():
        hits = [(sec, s) for sec, s in sentences if entry["match"] in s]
        if len(hits) != 1:
            problems.append("%s: fragment %r matches %d MUST sentences" % (key, entry["match"], len(hits)))
            continue
        entry["section"], entry["sentence"] = hits[0]
        used.add(hits[0][1])
    return problems, [s for _, s in sentences if s not in used]


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    spec_path = args[0] if args else DEFAULT_SPEC
    with open(spec_path, encoding="utf-8") as f:
        sentences = spectext.must_sentences(f.read())
    with open(REQ_FILE, encoding="utf-8") as f:
        original = f.read()
    data = json.loads(original)
    problems, unkeyed = refresh(data, sentences)
    for p in problems:
        print("update_requirements: " + p, file=sys.stderr)
    for s in unkeyed:
        print("update_requirements: MUST sentence without a key: " + s)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if problems:
        return 1
    if check:
        if text != original:
            print("update_requirements: requirements.json is out of date", file=sys.stderr)
            return 1
        return 0
    with open(REQ_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
