#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/run-libfuzzer.sh HARNESS SECONDS
# Builds the libFuzzer engine (clang, ASan+UBSan) in $PSSST_FUZZ_BUILD
# (default build-fuzz-libfuzzer), then fuzzes one harness for SECONDS
# seconds. New inputs go to fuzz/work/libfuzzer/HARNESS/corpus (git-ignored;
# fuzz/merge-corpus.sh brings the useful ones into fuzz/corpus/), crashes to
# fuzz/work/libfuzzer/HARNESS/artifacts/. Exit status: 0 when nothing was
# found, non-zero when the harness failed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || fuzz_die "usage: $0 HARNESS SECONDS"
HARNESS=$1
SECONDS_TO_RUN=$2
fuzz_check_harness "$HARNESS"
BUILD=${PSSST_FUZZ_BUILD:-$ROOT_DIR/build-fuzz-libfuzzer}

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT_DIR" --preset libfuzzer -B "$BUILD" >/dev/null
fi
cmake --build "$BUILD" --target "fuzz_$HARNESS" -j2 >/dev/null

OUT=$WORK_DIR/libfuzzer/$HARNESS
mkdir -p "$OUT/corpus" "$OUT/artifacts"
DICT=$(fuzz_dict_for "$HARNESS")
ARGS=(-max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048
      -max_len="$(fuzz_max_len_for "$HARNESS")" -print_final_stats=1
      -artifact_prefix="$OUT/artifacts/")
[ -n "$DICT" ] && ARGS+=(-dict="$DICT")

echo "fuzzing $HARNESS for ${SECONDS_TO_RUN}s; log: $OUT/fuzz.log"
START=$(date +%s)
set +e
"$BUILD/bin/fuzz_$HARNESS" "${ARGS[@]}" "$OUT/corpus" $(fuzz_inputs_for "$HARNESS") \
    >"$OUT/fuzz.log" 2>&1
RC=$?
set -e
END=$(date +%s)

EXECS=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz.log" | tail -1)
LAST=$(grep -E '^#[0-9]+' "$OUT/fuzz.log" | tail -1 || true)
COV=$(echo "$LAST" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
FT=$(echo "$LAST" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
CORPUS=$(find "$OUT/corpus" -type f | wc -l)
CRASHES=$(find "$OUT/artifacts" -type f | wc -l)
SUMMARY="harness=$HARNESS engine=libfuzzer wall=$((END - START))s execs=${EXECS:-?} cov=${COV:-?} ft=${FT:-?} new_corpus=$CORPUS artifacts=$CRASHES rc=$RC"
echo "$SUMMARY" | tee -a "$OUT/summary.txt"
exit $RC
