#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/coverage.sh [BUILD_DIR] [--with-work]
# Line and branch coverage of src/ from the fuzz corpora plus the tests:
# builds the tree with clang source-based coverage (replay engine, so the
# library keeps its real random source), runs every CTest test except the
# slow valgrind/mutation/packaging labels (the fuzz-replay tests replay
# fuzz/seeds, fuzz/corpus and fuzz/regressions), and with --with-work also
# replays the campaign corpora in fuzz/work/. Writes an llvm-cov HTML report
# to BUILD_DIR/coverage/html/index.html, the summary of src/ to
# BUILD_DIR/coverage/summary.txt and every uncovered line of src/ to
# BUILD_DIR/coverage/uncovered.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BUILD=$ROOT_DIR/build-fuzz-coverage
WITH_WORK=0
for a in "$@"; do
    case "$a" in
        --with-work) WITH_WORK=1 ;;
        *) BUILD=$a ;;
    esac
done
COV=$BUILD/coverage
PROFDATA=$(command -v llvm-profdata || command -v llvm-profdata-14)
LLVMCOV=$(command -v llvm-cov || command -v llvm-cov-14)

cmake -S "$ROOT_DIR" --preset coverage -B "$BUILD" >/dev/null
cmake --build "$BUILD" -j2 >/dev/null
rm -rf "$COV"
mkdir -p "$COV/raw"
export LLVM_PROFILE_FILE=$COV/raw/%p-%m.profraw
(cd "$BUILD" && ctest -j2 -LE 'valgrind|mutation|packaging' >"$COV/ctest.log" 2>&1) ||
    echo "warning: some tests failed (see $COV/ctest.log); coverage is still reported" >&2
if [ "$WITH_WORK" = 1 ]; then
    for h in $(cat "$BUILD/fuzz-harnesses.txt"); do
        for d in "$WORK_DIR/libfuzzer/$h/corpus" "$WORK_DIR"/afl/"$h"/sync/*/queue; do
            [ -d "$d" ] && "$BUILD/bin/fuzz_$h" "$d" >/dev/null
        done
    done
fi
"$PROFDATA" merge -sparse "$COV"/raw/*.profraw -o "$COV/all.profdata"

OBJECTS=()
for f in "$BUILD"/bin/*; do
    [ -x "$f" ] && [ -f "$f" ] && OBJECTS+=(-object "$f")
done
# The first -object is the main binary argument of llvm-cov.
MAIN=${OBJECTS[1]}
OBJECTS=("${OBJECTS[@]:2}")
"$LLVMCOV" show "$MAIN" "${OBJECTS[@]}" -instr-profile="$COV/all.profdata" -format=html \
    -show-branches=count -output-dir="$COV/html" "$ROOT_DIR/src" "$ROOT_DIR/tools/common" \
    >/dev/null
"$LLVMCOV" report "$MAIN" "${OBJECTS[@]}" -instr-profile="$COV/all.profdata" \
    "$ROOT_DIR/src" >"$COV/report.txt"
"$LLVMCOV" export "$MAIN" "${OBJECTS[@]}" -instr-profile="$COV/all.profdata" -format=lcov \
    "$ROOT_DIR/src" >"$COV/src.lcov"
# Uncovered lines, file:line, from the lcov export.
awk -F'[:,]' '/^SF:/{file=$2} /^DA:/{ if ($3 == 0) print file ":" $2 }' "$COV/src.lcov" |
    sed "s|$ROOT_DIR/||" >"$COV/uncovered.txt"
TOTAL=$(grep '^TOTAL' "$COV/report.txt")
# TOTAL regions missed cover functions missed cover lines missed cover branches missed cover
read -r _ _ _ _ _ _ _ LINES LMISS LCOV BR BRMISS BRCOV <<<"$TOTAL"
{
    echo "coverage of src/ from tests + fuzz corpora ($(date -u +%F))"
    echo "lines:    $LCOV ($((LINES - LMISS))/$LINES)"
    echo "branches: $BRCOV ($((BR - BRMISS))/$BR)"
    echo "uncovered lines: $(wc -l <"$COV/uncovered.txt") (listed in uncovered.txt)"
} | tee "$COV/summary.txt"
echo "HTML report: $COV/html/index.html"
