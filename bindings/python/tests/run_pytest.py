#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs pytest for CTest: python run_pytest.py [--needs PATH] [PYTEST ARGS...]

Exit status: pytest's, except that a run that collected no test (pytest's
5) fails with 1, and a run in which every test was skipped exits 77 (CTest's
skip) after the reasons. Nothing is written beside the tests (no bytecode,
no cache), so that a test folder outside the build tree stays untouched.
With --needs PATH, a missing PATH skips the run (77) and says so.
"""
import os
import sys

sys.dont_write_bytecode = True

import pytest  # noqa: E402

NO_TESTS_COLLECTED = 5
SKIPPED = 77


class Outcomes:
    """Counts the outcome of each test's call phase (or of its skipped setup)."""

    def __init__(self):
        self.counts = {}

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.counts[report.outcome] = self.counts.get(report.outcome, 0) + 1


def main(args):
    if args[:1] == ["--needs"]:
        if not os.path.exists(args[1]):
            print("SKIPPED: %s is missing" % args[1])
            return SKIPPED
        args = args[2:]
    outcomes = Outcomes()
    status = pytest.main(["-p", "no:cacheprovider", "-rs"] + args, plugins=[outcomes])
    if status == NO_TESTS_COLLECTED:
        print("run_pytest: no test was collected: that is a failure")
        return 1
    if status == 0 and outcomes.counts.get("passed", 0) == 0:
        print("run_pytest: every test was skipped (reasons above)")
        return SKIPPED
    return int(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
