#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Fetch a port at its pinned version, build its adapter and run every vector
# through it:
#
#   conformance/ports/run.sh PORT BUILD_DIR [pssst-conform port options]
#
# PORT is python, go or rust; BUILD_DIR is a build folder of pssst-c (its
# bin/pssst-conform judges the port). The port and its adapter are built
# under BUILD_DIR/ports/PORT and reused by the next run. The port's
# expectations file (PORT/expect.json) is passed with --expect unless
# --no-expect is given, so the exit status is 0 when the port did exactly
# what is recorded of it. Other options go to `pssst-conform port`
# (e.g. --json FILE, --html FILE, --verbose, --write-expect FILE).
# `run.sh PORT BUILD_DIR --print-commands` builds and prints the harness and
# compatibility commands instead.
set -euo pipefail
. "$(dirname "$0")/common.sh"

if [ $# -lt 2 ]; then
    echo "usage: $0 PORT BUILD_DIR [--no-expect | --print-commands] [pssst-conform port options]" >&2
    exit 2
fi
port=$1
build=$(cd "$2" && pwd)
shift 2
conform="$build/bin/pssst-conform"
[ -x "$conform" ] || { echo "$0: $conform not found: build pssst-c first" >&2; exit 2; }
port_label "$port" >/dev/null || { echo "$0: unknown port '$port' (one of: $ALL_PORTS)" >&2; exit 2; }

port_build "$port" "$build" || exit 1
port_commands "$port" "$build"

expect=(--expect "$PORTS_DIR/$port/expect.json")
if [ "${1:-}" = --print-commands ]; then
    printf 'harness:'; printf ' %q' "${HARNESS[@]}"; echo
    printf 'compat:'; printf ' %q' "${COMPAT[@]}"; echo
    exit 0
fi
if [ "${1:-}" = --no-expect ]; then
    expect=()
    shift
fi
exec "$conform" port --name "$(port_label "$port")" --vectors "$PORTS_ROOT/vectors" \
    ${expect[@]+"${expect[@]}"} "$@" -- "${HARNESS[@]}"
