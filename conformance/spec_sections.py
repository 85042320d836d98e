#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes conformance/spec_sections.c, the titles of the sections of spec/pssst.md.

Usage: spec_sections.py [--check] [SPEC [OUT]]

Reads the headings "## 4. Packet format", "### 7.1 Validation order" and
"## Appendix A. Worked examples" (outside code blocks) and writes a C table
from section number to title, which the reports show next to the section
numbers vectors cite. --check writes nothing and exits 1 when OUT differs
from what SPEC gives (a CTest runs it, so an edited heading cannot leave
the table behind). SPEC and OUT default to the files of this source tree.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "spec", "pssst.md")
OUT = os.path.join(HERE, "spec_sections.c")
HEADING = re.compile(r"^#{2,4} (?:Appendix )?([0-9]+|[A-Z])((?:\.[0-9]+)*)\.? +(.+?)\s*$")


def sections(text):
    """(number, title) of every numbered heading, in document order."""
    found, in_code = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        m = None if in_code else HEADING.match(line)
        if m:
            found.append((m.group(1) + m.group(2), m.group(3)))
    return found


def c_string(s):
    out = []
    for ch in s:
        if ch in "\\\"":
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append("".join("\\%03o" % b for b in ch.encode("utf-8")))
    return '"' + "".join(out) + '"'


def generate(text):
    rows = "".join("    {%s, %s},\n" % (c_string(n), c_string(t)) for n, t in sections(text))
    return ("/* SPDX-License-Identifier: Apache-2.0 */\n"
            "/*\n"
            " * spec_sections.c - GENERATED from the headings of spec/pssst.md by\n"
            " * conformance/spec_sections.py; do not edit. After changing a heading run\n"
            " *     python3 conformance/spec_sections.py\n"
            " * (the CTest conform.spec-sections.up-to-date fails until then).\n"
            " */\n"
            "#include \"spec_sections.h\"\n"
            "\n"
            "#include <stddef.h>\n"
            "#include <string.h>\n"
            "\n"
            "static const struct {\n"
            "    const char *number, *title;\n"
            "} spec_sections[] = {\n"
            + rows +
            "};\n"
            "\n"
            "const char *spec_section_title(const char *number)\n"
            "{\n"
            "    for (size_t i = 0; i < sizeof spec_sections / sizeof spec_sections[0]; i++)\n"
            "        if (strcmp(spec_sections[i].number, number) == 0)\n"
            "            return spec_sections[i].title;\n"
            "    return NULL;\n"
            "}\n")


def main(argv):
    if "-h" in argv or "--help" in argv:
        print(__doc__.strip())
        return 0
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    if len(args) > 2 or any(a.startswith("-") for a in args):
        print("usage: spec_sections.py [--check] [SPEC [OUT]]", file=sys.stderr)
        return 2
    spec = args[0] if args else SPEC
    out = args[1] if len(args) > 1 else OUT
    try:
        with open(spec, encoding="utf-8") as fp:
            wanted = generate(fp.read())
    except OSError as err:
        print("spec_sections.py: cannot read %s: %s" % (spec, err.strerror), file=sys.stderr)
        return 2
    if check:
        try:
            with open(out, encoding="utf-8") as fp:
                current = fp.read()
        except OSError:
            current = None
        if current != wanted:
            print("%s is out of date with %s: run python3 conformance/spec_sections.py"
                  % (out, spec))
            return 1
        print("%s is up to date" % out)
        return 0
    with open(out, "w", encoding="utf-8") as fp:
        fp.write(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
