#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The ports under test, for CI:
#
#   conformance/ports/ci.sh BUILD_DIR
#
# For each port (python, go, rust; PSSST_PORTS="python rust" narrows the
# list, and says so in the output):
#   - fetch it at its pinned version and build its adapter (run.sh); a port
#     that cannot be fetched or built is a failure that says why, except
#     where the registry refuses the port itself for good (HTTP 403, as the
#     Go module proxy does for gopssst): that port is skipped, with the
#     registry's answer, and counted as skipped;
#   - run every vector through it with its expectations file: fails when a
#     verdict differs from the recorded one (a port, runner or vector change);
#   - check that docs/ports/PORT.md is what report.py makes of this run;
#   - replay the vector files straight into the port with a program in its
#     own language, without the runner, and compare the verdicts with the
#     runner's, vector by vector;
#   - pair the port's own compatibility program with `pssst-conform peer`,
#     and with `pssst-conform compat` through a line-copying driver, once
#     with each program first.
# Build outputs go under BUILD_DIR/ports/. Ends with `N passed, M failed`
# and exits 1 when anything failed.
set -uo pipefail
. "$(dirname "$0")/common.sh"

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
build=$(cd "$1" && pwd) || exit 2
conform="$build/bin/pssst-conform"
[ -x "$conform" ] || { echo "$0: $conform not found: build pssst-c first" >&2; exit 2; }
driver="$PORTS_ROOT/conformance/tests/peers/line_driver.py"
ports=${PSSST_PORTS:-$ALL_PORTS}
[ "$ports" != "$ALL_PORTS" ] && echo "ports: only $ports (PSSST_PORTS)"

mkdir -p "$build/ports"
passed=0
failed=0
skipped=0
start=$SECONDS
check() { # NAME COMMAND...: one PASS/FAIL line; the command's output in a log
    local name=$1 log
    shift
    log="$build/ports/logs/$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_').log"
    mkdir -p "$build/ports/logs"
    local t=$SECONDS
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "  PASS  $name ($((SECONDS - t)) s)"
    else
        failed=$((failed + 1))
        echo "  FAIL  $name ($((SECONDS - t)) s): see $log"
        tail -8 "$log" | sed 's/^/        /'
    fi
}

for port in $ports; do
    echo "$port: $(port_label "$port")"
    if [ "$port" = go ]; then
        # The adapter and replay program against a stand-in of the port's API,
        # which holds while the port itself cannot be fetched (go/README.md).
        check "go: adapter and replay against a stand-in (not the port)" \
            "$PORTS_DIR/go/check-standin.sh" "$build"
    fi
    t=$SECONDS
    if ! port_build "$port" "$build" 2>"$build/ports/$port.build-error"; then
        if grep -q "403 Forbidden" "$build/ports/$port.build-error"; then
            skipped=$((skipped + 1))
            echo "  SKIP  $port: the registry refuses the port (403 Forbidden, a final answer);"
            echo "        no verdicts for it (docs/ports/$port.md):"
        else
            failed=$((failed + 1))
            echo "  FAIL  $port: fetch and build"
        fi
        sed 's/^/        /' "$build/ports/$port.build-error"
        continue
    fi
    passed=$((passed + 1))
    echo "  PASS  $port: fetch and build ($((SECONDS - t)) s)"
    port_commands "$port" "$build"
    json="$build/ports/$port/report.json"
    rm -f "$json"
    check "$port: vectors with expect.json" \
        "$PORTS_DIR/run.sh" "$port" "$build" --json "$json"
    check "$port: docs/ports/$port.md is current" \
        /usr/bin/python3 "$PORTS_DIR/report.py" --check --port "$port" --json "$json"
    if [ ${#REPLAY[@]} -gt 0 ]; then
        check "$port: its own replay of the vector files agrees with the runner" \
            "${REPLAY[@]}" "$PORTS_ROOT/vectors" --compare "$json"
    fi
    compat=$(printf '%q ' "${COMPAT[@]}")
    check "$port: peer -- its compatibility program" \
        "$conform" peer -- "${COMPAT[@]}"
    check "$port: compat paired with its program, compat first" \
        /usr/bin/python3 "$driver" "$(printf '%q' "$conform") compat" "$compat"
    check "$port: compat paired with its program, port first" \
        /usr/bin/python3 "$driver" "$compat" "$(printf '%q' "$conform") compat"
done

# The port x section matrix of every port that ran.
index=()
for port in $ports; do
    [ -f "$build/ports/$port/report.json" ] && index+=("$port=$build/ports/$port/report.json")
done
if [ ${#index[@]} -gt 0 ]; then
    check "docs/ports/README.md is current" \
        /usr/bin/python3 "$PORTS_DIR/report.py" --check --index "${index[@]}"
fi

echo "ports: $((SECONDS - start)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
