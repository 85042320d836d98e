#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# udp_test.sh RULE SERVER CLIENT: runs examples/udp_server and udp_client
# against each other on 127.0.0.1, on a port the system picks.
#   round_trips_in_both_modes  the client checks COUNT anonymous and COUNT
#                              client-auth replies; the server stops by
#                              itself after those 2*COUNT answers
#   server_stops_on_sigterm    a server with no answer limit exits 0 on
#                              SIGTERM after serving one client
# The server is killed by its PID at the end whatever happens.
set -u
if [ $# -ne 3 ]; then
    echo "usage: $0 RULE SERVER CLIENT" >&2
    exit 2
fi
rule=$1 server=$2 client=$3
count=5
work=$(mktemp -d)
pid=""

cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "FAIL: $*" >&2
    echo "--- server stderr:" >&2
    cat "$work/err" >&2
    exit 1
}

# Waits up to 5 s for the server's first line "port PORT public HEX".
start_server() {
    "$server" -n "$1" >"$work/out" 2>"$work/err" &
    pid=$!
    for _ in $(seq 50); do
        if read -r _ port _ key <"$work/out" 2>/dev/null && [ -n "${key:-}" ]; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || fail "the server exited before it printed its port"
        sleep 0.1
    done
    fail "the server printed no port within 5 s"
}

# Waits up to 5 s for the server to exit; its status must be 0.
expect_server_exit() {
    for _ in $(seq 50); do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid"
            status=$?
            pid=""
            [ "$status" -eq 0 ] || fail "the server exited with status $status"
            return 0
        fi
        sleep 0.1
    done
    fail "the server was still running 5 s after $1"
}

run_client() {
    "$client" 127.0.0.1 "$port" "$key" "$1" || fail "the client failed (status $?)"
}

case $rule in
    round_trips_in_both_modes)
        start_server $((2 * count))
        run_client "$count"
        expect_server_exit "its last answer"
        grep -q "^udp_server: $((2 * count)) requests answered$" "$work/err" ||
            fail "the server did not report $((2 * count)) answers"
        ;;
    server_stops_on_sigterm)
        start_server 0
        run_client 1
        kill -TERM "$pid"
        expect_server_exit "SIGTERM"
        grep -q "^udp_server: 2 requests answered$" "$work/err" ||
            fail "the server did not report 2 answers"
        ;;
    *)
        echo "unknown rule: $rule" >&2
        exit 2
        ;;
esac
echo "PASS: $rule"
