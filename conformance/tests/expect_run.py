#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs a command and checks its exit status and output (conformance CTests).

Usage: expect_run.py --exit N [--match REGEX]... [--no-match REGEX]... -- CMD [ARG...]
       expect_run.py --bad-case CASES_FILE FILE SUBCOMMAND -- PSSST_CONFORM

--match: a Python regular expression (multi-line mode) that must be found in
stdout+stderr; --no-match: one that must not. --bad-case takes the expected
message of FILE run with SUBCOMMAND from CASES_FILE (format in that file)
and expects exit status 2. Any sanitizer report fails the check.
"""
import os
import re
import subprocess
import sys

SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer")
TIMEOUT_SECONDS = 300


def fail(msg, output=""):
    sys.stdout.write(output)
    print("\nCHECK FAILED: " + msg)
    sys.exit(1)


def bad_case(cases_file, name, subcommand):
    """The expected regex of one line 'FILE|SUBCOMMAND|REGEX' of cases_file."""
    with open(cases_file) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            file_name, cmd, regex = line.split("|", 2)
            if file_name == name and cmd == subcommand:
                return regex
    fail("no case %s|%s in %s" % (name, subcommand, cases_file))
    return None


def parse(argv):
    if "--" not in argv:
        fail("usage: expect_run.py OPTIONS -- CMD...")
    split = argv.index("--")
    opts, cmd = argv[:split], argv[split + 1:]
    want_exit, matches, no_matches = None, [], []
    i = 0
    while i < len(opts):
        if opts[i] == "--exit":
            want_exit = int(opts[i + 1])
            i += 2
        elif opts[i] == "--match":
            matches.append(opts[i + 1])
            i += 2
        elif opts[i] == "--no-match":
            no_matches.append(opts[i + 1])
            i += 2
        elif opts[i] == "--bad-case":
            cases_file, name, subcommand = opts[i + 1:i + 4]
            folder = os.path.dirname(os.path.abspath(cases_file))
            matches.append(bad_case(cases_file, name, subcommand))
            want_exit = 2
            cmd = cmd + [subcommand, os.path.join(folder, name)]
            i += 4
        else:
            fail("unknown option " + opts[i])
    if want_exit is None or not cmd:
        fail("--exit (or --bad-case) and a command are required")
    return want_exit, matches, no_matches, cmd


def main():
    want_exit, matches, no_matches, cmd = parse(sys.argv[1:])
    print("running: " + " ".join(cmd))
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=TIMEOUT_SECONDS, check=False)
    output = proc.stdout.decode("utf-8", "replace")
    for mark in SANITIZER_MARKS:
        if mark in output:
            fail("sanitizer report in the output", output)
    if proc.returncode != want_exit:
        fail("exit status %d, expected %d" % (proc.returncode, want_exit), output)
    for regex in matches:
        if not re.search(regex, output, re.MULTILINE):
            fail("output does not match: " + regex, output)
    for regex in no_matches:
        if re.search(regex, output, re.MULTILINE):
            fail("output matches what it must not: " + regex, output)
    sys.stdout.write(output)
    print("\nOK: exit %d and %d expected pattern(s)" % (want_exit, len(matches) + len(no_matches)))


if __name__ == "__main__":
    main()
