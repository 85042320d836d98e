#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/campaign.sh SECONDS ENGINE:HARNESS...
# Runs fuzzing sessions one after the other (never two at once), e.g.
#   fuzz/campaign.sh 600 libfuzzer:unpack_request afl:unpack_request
# ENGINE is libfuzzer or afl (AFL++ in sequential main/cmplog mode). Each
# session's summary line is appended to fuzz/work/campaign.txt. A session
# that finds something does not stop the others.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || fuzz_die "usage: $0 SECONDS ENGINE:HARNESS..."
SECS=$1
shift
mkdir -p "$WORK_DIR"
LOG=$WORK_DIR/campaign.txt
for item in "$@"; do
    engine=${item%%:*}
    harness=${item#*:}
    echo "$(date -u +%FT%TZ) start $engine $harness ${SECS}s" >>"$LOG"
    case "$engine" in
        libfuzzer) line=$("$FUZZ_DIR/run-libfuzzer.sh" "$harness" "$SECS" | tail -1) ;;
        afl) line=$(PSSST_AFL_SEQUENTIAL=1 "$FUZZ_DIR/run-afl.sh" "$harness" "$SECS" | tail -1) ;;
        *) line="unknown engine $engine" ;;
    esac
    echo "$(date -u +%FT%TZ) $line" >>"$LOG"
done
echo "$(date -u +%FT%TZ) campaign done" >>"$LOG"
