#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/coverage-per-harness.sh [BUILD_DIR]
# For every harness, the line and branch coverage of the project code it
# links (src/, tools/common/, conformance/) reached by its
# inputs alone (seeds, merged corpus, regressions and the campaign corpora
# in fuzz/work/). Needs the coverage build of fuzz/coverage.sh (built here
# when missing). Prints one line per harness; used for fuzz/CAMPAIGN.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BUILD=${1:-$ROOT_DIR/build-fuzz-coverage}
PROFDATA=$(command -v llvm-profdata || command -v llvm-profdata-14)
LLVMCOV=$(command -v llvm-cov || command -v llvm-cov-14)
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT_DIR" --preset coverage -B "$BUILD" >/dev/null
fi
cmake --build "$BUILD" -j2 >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf '%-16s %8s %8s %s\n' harness lines branches inputs
for h in $(cat "$BUILD/fuzz-harnesses.txt"); do
    DIRS=$(fuzz_inputs_for "$h")
    for d in "$WORK_DIR/libfuzzer/$h/corpus" "$WORK_DIR"/afl/"$h"/sync/*/queue; do
        [ -d "$d" ] && DIRS="$DIRS $d"
    done
    rm -f "$TMP"/*.profraw
    N=$(LLVM_PROFILE_FILE="$TMP/%p.profraw" "$BUILD/bin/fuzz_$h" $DIRS | sed -n 's/replayed \([0-9]*\) inputs/\1/p')
    "$PROFDATA" merge -sparse "$TMP"/*.profraw -o "$TMP/h.profdata"
    read -r _ _ _ _ _ _ _ _ _ LCOV _ _ BRCOV <<<"$("$LLVMCOV" report "$BUILD/bin/fuzz_$h" \
        -instr-profile="$TMP/h.profdata" "$ROOT_DIR/src" "$ROOT_DIR/tools/common" \
        "$ROOT_DIR/conformance" | grep '^TOTAL')"
    printf '%-16s %8s %8s %s\n' "$h" "$LCOV" "$BRCOV" "$N"
done
