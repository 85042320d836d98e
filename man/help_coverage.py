#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that a manual page names everything its program's --help names.

    help_coverage.py tool PAGE PROGRAM
        Runs `PROGRAM --help`; when that lists commands, also
        `PROGRAM COMMAND --help` for each. Every command must head a line of
        the rendered page (a list item or a SYNOPSIS line) and every option
        (-x, --long) must appear in it as a word.

    help_coverage.py header HEADER PAGE...
        Every function and constant the header declares must appear in one
        of the rendered pages.

The page is rendered with mandoc -Tascii, so what is compared is what a
reader sees. Exit status: 0 covered, 1 something is missing, 77 mandoc
is not installed.
"""
import re
import shutil
import subprocess
import sys

SKIP = 77
HELP_TIMEOUT_S = 10
# An option word: one or two dashes and a letter, not inside a longer word.
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
# "commands: a b c" on one line, or "Commands:" above one indented item per line.
COMMANDS_INLINE = re.compile(r"^commands:\s*(\S.*)$", re.IGNORECASE)
COMMANDS_HEADING = re.compile(r"^commands:\s*$", re.IGNORECASE)
COMMAND_ITEM = re.compile(r"^\s+([a-z][\w-]*)\s")
# Names the header declares: functions (name followed by "(") and macros.
HEADER_FUNCTION = re.compile(r"\b(pssst_\w+)\s*\(")
HEADER_MACRO = re.compile(r"^#define\s+(PSSST_\w+)", re.MULTILINE)
HEADER_GUARD = "PSSST_H"


def render(page):
    """The page as plain text, overstrike (bold, underline) removed."""
    out = subprocess.run(["mandoc", "-Tascii", page], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r".\x08", "", out)


def help_text(program, *args):
    """What `program args --help` prints, on stdout and stderr together."""
    run = subprocess.run([program, *args, "--help"], capture_output=True,
                         text=True, timeout=HELP_TIMEOUT_S)
    return run.stdout + run.stderr


def commands_of(text):
    """The commands a top-level usage lists, in its order."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        inline = COMMANDS_INLINE.match(line)
        if inline:
            return inline.group(1).split()
        if COMMANDS_HEADING.match(line):
            found = []
            for item in lines[i + 1:]:
                match = COMMAND_ITEM.match(item)
                if not match:
                    break
                found.append(match.group(1))
            return found
    return []


def has_word(page_text, word):
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", page_text) is not None


def heads_a_line(page_text, program, command):
    """The command opens a line, alone or after the program's name."""
    name = re.escape(program.rsplit("/", 1)[-1])
    pattern = r"^\s*(?:" + name + r"\s+)?" + re.escape(command) + r"(?:\s|$)"
    return re.search(pattern, page_text, re.MULTILINE) is not None


def check_tool(page, program):
    page_text = render(page)
    top = help_text(program)
    commands = commands_of(top)
    texts = [top] + [help_text(program, command) for command in commands]
    options = sorted({opt for text in texts for opt in OPTION.findall(text)})
    missing = [f"command {c}" for c in commands if not heads_a_line(page_text, program, c)]
    missing += [f"option {o}" for o in options if not has_word(page_text, o)]
    print(f"{page}: {len(commands)} commands, {len(options)} options in --help")
    return missing


def check_header(header, pages):
    page_text = "\n".join(render(page) for page in pages)
    with open(header, encoding="utf-8") as f:
        source = f.read()
    names = set(HEADER_FUNCTION.findall(source)) | set(HEADER_MACRO.findall(source))
    names.discard(HEADER_GUARD)
    print(f"{len(pages)} pages: {len(names)} functions and constants in {header}")
    return [f"name {n}" for n in sorted(names) if not has_word(page_text, n)]


def main(argv):
    tool_usage = len(argv) == 4 and argv[1] == "tool"
    header_usage = len(argv) >= 4 and argv[1] == "header"
    if not tool_usage and not header_usage:
        print(__doc__, file=sys.stderr)
        return 2
    if shutil.which("mandoc") is None:
        print("SKIPPED: mandoc is not installed (Debian package mandoc)")
        return SKIP
    if tool_usage:
        missing = check_tool(argv[2], argv[3])
        where = argv[2]
    else:
        missing = check_header(argv[2], argv[3:])
        where = "the pages"
    for item in missing:
        print(f"{where}: missing {item}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
