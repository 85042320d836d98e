#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Runs a Python program with the interpreter of the venv made by make_venv.sh:
#
#   bindings/python/ci/in_venv.sh WORK_DIR PROGRAM.py [ARGS...]
#
# Exits 77 (skipped) when there is no venv, which happens only when
# make_venv.sh itself was skipped for want of a Debian package.
set -euo pipefail
python=$1/venv/bin/python
shift
if [ ! -x "$python" ]; then
    echo "SKIPPED: no venv at $python (python.wheel_into_fresh_venv was skipped; see its reason)"
    exit 77
fi
exec "$python" "$@"
