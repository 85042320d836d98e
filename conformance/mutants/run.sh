#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Mutation run: builds every mutant of src/ (conformance/mutants/*.patch) with
# clang, ASan and UBSan, replays the test vectors against it and prints a
# table of mutant, bug class, killed or survived, and the first vector that
# killed it. Options: see mutate.py (--help). Exit status: 0 all mutants
# killed or documented as untestable by vectors, 1 undocumented survivor,
# 2 error (stale patch, failed build, unmutated tree failing), 77 skipped.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x /usr/bin/python3 ]; then
  echo "SKIPPED: /usr/bin/python3 not found"
  exit 77
fi
exec /usr/bin/python3 "$here/mutate.py" "$@"
