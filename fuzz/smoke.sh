#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/smoke.sh BUILD_DIR [SECONDS]
# CI smoke test of every harness: configures BUILD_DIR with the libFuzzer
# engine (clang, ASan+UBSan), builds the harnesses, replays all seeds,
# corpora and regression inputs (CTest label fuzz-replay), then fuzzes each
# harness for SECONDS seconds (default 20). New inputs stay inside
# BUILD_DIR; the repository is not written. Exits non-zero on any finding;
# crashing inputs are left in BUILD_DIR/fuzz-smoke/HARNESS/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || fuzz_die "usage: $0 BUILD_DIR [SECONDS]"
BUILD=$1
SECS=${2:-20}

cmake -S "$ROOT_DIR" --preset libfuzzer -B "$BUILD" >/dev/null
HARNESSES=$(cat "$BUILD/fuzz-harnesses.txt")
TARGETS=()
for h in $HARNESSES; do TARGETS+=("fuzz_$h"); done
cmake --build "$BUILD" --target "${TARGETS[@]}" -j"$(nproc)" >/dev/null

(cd "$BUILD" && ctest -L fuzz-replay --output-on-failure)

FAILED=""
for h in $HARNESSES; do
    OUT=$BUILD/fuzz-smoke/$h
    rm -rf "$OUT"
    mkdir -p "$OUT/corpus"
    ARGS=(-max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048
          -max_len="$(fuzz_max_len_for "$h")" -artifact_prefix="$OUT/")
    DICT=$(fuzz_dict_for "$h")
    [ -n "$DICT" ] && ARGS+=(-dict="$DICT")
    if "$BUILD/bin/fuzz_$h" "${ARGS[@]}" "$OUT/corpus" $(fuzz_inputs_for "$h") \
        >"$OUT/log.txt" 2>&1; then
        echo "smoke $h: ok ($(grep -E '^#[0-9]+' "$OUT/log.txt" | tail -1 | cut -c1-60))"
    else
        echo "smoke $h: FAILED, see $OUT/log.txt" >&2
        tail -30 "$OUT/log.txt" >&2
        FAILED="$FAILED $h"
    fi
done
[ -z "$FAILED" ] || { echo "fuzz smoke failures:$FAILED" >&2; exit 1; }
echo "fuzz smoke: all harnesses ran ${SECS}s without a finding"
