#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/run-afl.sh HARNESS SECONDS
# Fuzzes one harness with AFL++ for SECONDS seconds (wall time), as two
# instances sharing one sync folder:
#   main    (-M main)    afl-clang-fast build with ASan+UBSan, in
#                        $PSSST_FUZZ_BUILD_AFL (default build-fuzz-afl);
#   cmplog  (-S cmplog)  afl-clang-fast build with AFL_LLVM_CMPLOG=1 and no
#                        sanitizer, run as its own instance with -c 0, in
#                        $PSSST_FUZZ_BUILD_AFL_CMPLOG (default build-fuzz-afl-cmplog).
# (With afl++ 4.04c the two-binary form -c ./x.cmplog -- ./x.afl, and an
# ASan+CMPLOG binary, ran but found nothing; this pairing did.)
# The instances run side by side; with PSSST_AFL_SEQUENTIAL=1 they take
# half the time each, one after the other (for a machine that may run only
# one fuzzing process), and the cmplog instance imports the main queue first.
# The dictionary is fuzz/dict/ plus the tokens AFL_LLVM_DICT2FILE extracted
# at compile time. Output: fuzz/work/afl/HARNESS/ (git-ignored). Crashes of
# the cmplog instance are re-run under the ASan binary. Exit status non-zero
# when anything crashed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || fuzz_die "usage: $0 HARNESS SECONDS"
HARNESS=$1
SECONDS_TO_RUN=$2
fuzz_check_harness "$HARNESS"
BUILD_MAIN=${PSSST_FUZZ_BUILD_AFL:-$ROOT_DIR/build-fuzz-afl}
BUILD_CMPLOG=${PSSST_FUZZ_BUILD_AFL_CMPLOG:-$ROOT_DIR/build-fuzz-afl-cmplog}
OUT=$WORK_DIR/afl/$HARNESS
AUTODICT=$WORK_DIR/afl/autodict.txt
mkdir -p "$OUT" "$WORK_DIR/afl"

command -v afl-fuzz >/dev/null || fuzz_die "afl-fuzz not found (Debian package afl++)"

if [ ! -f "$BUILD_MAIN/CMakeCache.txt" ]; then
    cmake -S "$ROOT_DIR" --preset afl -B "$BUILD_MAIN" >/dev/null
    rm -f "$AUTODICT"
fi
# Tokens of every comparison and string the compiler sees (first build only).
AFL_LLVM_DICT2FILE=$AUTODICT AFL_QUIET=1 \
    cmake --build "$BUILD_MAIN" --target "fuzz_$HARNESS" -j2 >/dev/null
if [ ! -f "$BUILD_CMPLOG/CMakeCache.txt" ]; then
    cmake -S "$ROOT_DIR" --preset afl -B "$BUILD_CMPLOG" -DPSSST_FUZZ_SANITIZE=OFF >/dev/null
fi
AFL_LLVM_CMPLOG=1 AFL_QUIET=1 cmake --build "$BUILD_CMPLOG" --target "fuzz_$HARNESS" -j2 >/dev/null

# AFL++ takes one input folder: the seeds, the merged corpus and the
# regression inputs of this harness.
rm -rf "$OUT/in"
mkdir -p "$OUT/in"
for d in $(fuzz_inputs_for "$HARNESS"); do
    find "$d" -type f ! -name '.*' -size +0 -exec cp -t "$OUT/in" {} +
done

DICTS=()
DICT=$(fuzz_dict_for "$HARNESS")
[ -n "$DICT" ] && DICTS+=(-x "$DICT")
[ -s "$AUTODICT" ] && DICTS+=(-x "$AUTODICT")

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_AUTORESUME=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
COMMON=(-i "$OUT/in" -o "$OUT/sync" -t 2000 -m none)

# Each instance runs in its own process group (setsid), which is removed
# when it ends: a stopped fork-server child can outlive afl-fuzz otherwise.
in_own_group() {
    local pid rc
    setsid "$@" &
    pid=$!
    wait "$pid"
    rc=$?
    kill -KILL -- "-$pid" 2>/dev/null || true
    return $rc
}
run_main() {
    in_own_group afl-fuzz -M main "${COMMON[@]}" "${DICTS[@]}" -V "$1" -- \
        "$BUILD_MAIN/bin/fuzz_$HARNESS" >"$OUT/main.log" 2>&1
}
run_cmplog() {
    AFL_IMPORT_FIRST=1 in_own_group afl-fuzz -S cmplog "${COMMON[@]}" -c 0 -V "$1" -- \
        "$BUILD_CMPLOG/bin/fuzz_$HARNESS" >"$OUT/cmplog.log" 2>&1
}

echo "fuzzing $HARNESS with AFL++ for ${SECONDS_TO_RUN}s; logs: $OUT/{main,cmplog}.log"
START=$(date +%s)
set +e
if [ "${PSSST_AFL_SEQUENTIAL:-0}" = 1 ]; then
    HALF=$((SECONDS_TO_RUN / 2))
    run_main "$HALF"
    RC_MAIN=$?
    run_cmplog "$((SECONDS_TO_RUN - HALF))"
    RC_CMPLOG=$?
else
    run_main "$SECONDS_TO_RUN" &
    PID_MAIN=$!
    run_cmplog "$SECONDS_TO_RUN" &
    PID_CMPLOG=$!
    wait "$PID_MAIN"
    RC_MAIN=$?
    wait "$PID_CMPLOG"
    RC_CMPLOG=$?
fi
set -e
END=$(date +%s)
# afl-fuzz 4.04c can leave the cmplog fork server's stopped child behind
# (it runs in a session of its own): remove orphans of exactly this binary.
for bin in "$BUILD_MAIN/bin/fuzz_$HARNESS" "$BUILD_CMPLOG/bin/fuzz_$HARNESS"; do
    ps -eo pid=,ppid=,args= | while read -r pid ppid args; do
        [ "$ppid" = 1 ] && [ "$args" = "$bin" ] && kill -KILL "$pid" 2>/dev/null
        true
    done
done

stat_of() { sed -n "s/^$2 *: *//p" "$OUT/sync/$1/fuzzer_stats" 2>/dev/null | tail -1; }
CRASHES=0
for inst in main cmplog; do
    n=$(find "$OUT/sync/$inst/crashes" -type f -name 'id*' 2>/dev/null | wc -l)
    CRASHES=$((CRASHES + n))
done
# A cmplog crash is confirmed (and symbolised) under the ASan binary.
for f in "$OUT"/sync/cmplog/crashes/id*; do
    [ -f "$f" ] || continue
    "$BUILD_MAIN/bin/fuzz_$HARNESS" "$f" >"$f.asan.txt" 2>&1 || true
done
ITS=$(find "$OUT/sync/cmplog/queue" -name '*op:its*' 2>/dev/null | wc -l)
SUMMARY="harness=$HARNESS engine=afl wall=$((END - START))s"
SUMMARY+=" execs_main=$(stat_of main execs_done) execs_cmplog=$(stat_of cmplog execs_done)"
SUMMARY+=" corpus_main=$(stat_of main corpus_count) corpus_cmplog=$(stat_of cmplog corpus_count)"
SUMMARY+=" bitmap_main=$(stat_of main bitmap_cvg) cmplog_its_entries=$ITS crashes=$CRASHES"
SUMMARY+=" rc_main=$RC_MAIN rc_cmplog=$RC_CMPLOG"
echo "$SUMMARY" | tee -a "$OUT/summary.txt"
[ "$CRASHES" -eq 0 ] && [ "$RC_MAIN" -eq 0 ] && [ "$RC_CMPLOG" -eq 0 ]
