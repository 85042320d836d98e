#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Remake the port reports in docs/ports/ from fresh runs:
#
#   conformance/ports/report.sh PORT|all BUILD_DIR
#
# Runs each port (run.sh, with its expectations file, so a changed verdict
# is reported as well) into BUILD_DIR/ports/PORT/report.json, then writes
# docs/ports/PORT.md and, for `all`, docs/ports/README.md (the port x
# section matrix) with report.py. ci.sh checks that the committed pages
# are what this makes of its own run.
set -uo pipefail
. "$(dirname "$0")/common.sh"

if [ $# -ne 2 ]; then
    echo "usage: $0 PORT|all BUILD_DIR" >&2
    exit 2
fi
build=$(cd "$2" && pwd) || exit 2
if [ "$1" = all ]; then ports=$ALL_PORTS; else ports=$1; fi
status=0
index=()
for port in $ports; do
    json="$build/ports/$port/report.json"
    rm -f "$json"
    "$PORTS_DIR/run.sh" "$port" "$build" --json "$json" >/dev/null || status=1
    if [ ! -f "$json" ]; then
        echo "$0: $port: no report (see above); docs/ports/$port.md left as it is" >&2
        continue
    fi
    /usr/bin/python3 "$PORTS_DIR/report.py" --port "$port" --json "$json" || status=1
    echo "docs/ports/$port.md"
    index+=("$port=$json")
done
if [ "$1" = all ] && [ ${#index[@]} -gt 0 ]; then
    /usr/bin/python3 "$PORTS_DIR/report.py" --index "${index[@]}" || status=1
    echo "docs/ports/README.md"
fi
exit $status
