#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""What the check_*.py programs of this folder share: their command line
(PSSST_CONFORM VECTORS WORK_DIR) and the environment the runner is run in."""
import os
import sys


def arguments(doc):
    """(pssst-conform, vector folder, work folder, created); exits 2 with doc
    as the usage when the command line is not that."""
    if len(sys.argv) != 4:
        sys.stderr.write(doc)
        sys.exit(2)
    conform, vectors, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    return conform, vectors, work


def runner_env():
    """The environment for the runner: under ASan, freed blocks wait in a
    quarantine of 256 MB by default, which a memory bound would count."""
    env = dict(os.environ)
    if "ASAN_OPTIONS" in env:
        env["ASAN_OPTIONS"] += ":quarantine_size_mb=16"
    return env
