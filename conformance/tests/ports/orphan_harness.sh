#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A harness behind a wrapper script that starts a process of its own in the
# background (its id goes to the file $1) and then hangs on every request.
# When the runner kills the harness after a timeout, the background process
# must die with it (spec/harness.md 3.5: the harness's process group).
# Used by conformance/tests/ports/check_process_group.py.
sleep 300 &
echo $! > "$1"
exec /usr/bin/python3 "$(dirname "$0")/hanging_harness.py"
