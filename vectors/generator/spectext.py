# SPDX-License-Identifier: Apache-2.0
"""Reads the MUST sentences of spec/pssst.md.

spec/pssst.md (section 1.3) keeps every sentence containing MUST or MUST NOT
on one source line. A MUST sentence is therefore found line by line:
outside fenced code blocks and tables, after removing a list marker, each
line is split into sentences and those containing the word MUST are kept,
together with the number of the section they appear in.
"""

import re

_LIST_MARKER = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")
_HEADING = re.compile(r"^(#+)\s+(?:Appendix\s+)?([0-9A-Z]+(?:\.[0-9]+)*)\.?\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(`\"])")
_MUST = re.compile(r"\bMUST\b")


def normalize(text):
    return " ".join(text.split())


def must_sentences(spec_text):
    """Returns [(section, sentence)] in document order."""
    out = []
    section = ""
    in_code = False
    for line in spec_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if in_code or stripped.startswith("|"):
            continue
        m = _HEADING.match(line)
        if m:
            section = m.group(2)
            continue
        body = _LIST_MARKER.sub("", line, count=1)
        for sentence in _SENTENCE_END.split(normalize(body)):
            if _MUST.search(sentence):
                out.append((section, sentence))
    return out


def contains(spec_text, quote):
    """True when quote appears verbatim (up to whitespace) in the spec."""
    return normalize(quote) in normalize(spec_text)
