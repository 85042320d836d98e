#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/merge-corpus.sh HARNESS...
# Brings what campaigns found (fuzz/work/libfuzzer/H/corpus and the AFL++
# queues in fuzz/work/afl/H/sync/*/queue) into fuzz/corpus/H, keeping only
# inputs that add coverage beyond the seeds (libFuzzer -merge=1). The
# result is what CTest replays besides the seeds; keep it small.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BUILD=${PSSST_FUZZ_BUILD:-$ROOT_DIR/build-fuzz-libfuzzer}
[ $# -ge 1 ] || fuzz_die "usage: $0 HARNESS..."
for h in "$@"; do
    fuzz_check_harness "$h"
    cmake --build "$BUILD" --target "fuzz_$h" -j2 >/dev/null
    TMP=$(mktemp -d)
    # The seeds go first so that only inputs adding coverage beyond them are
    # kept; they are removed again afterwards (gen_corpus.py owns them).
    mkdir -p "$TMP/merged"
    [ -d "$FUZZ_DIR/seeds/$h" ] && cp "$FUZZ_DIR/seeds/$h"/* "$TMP/merged/"
    SOURCES=()
    for d in "$FUZZ_DIR/corpus/$h" "$WORK_DIR/libfuzzer/$h/corpus" "$WORK_DIR"/afl/"$h"/sync/*/queue; do
        [ -d "$d" ] && SOURCES+=("$d")
    done
    "$BUILD/bin/fuzz_$h" -merge=1 -max_len="$(fuzz_max_len_for "$h")" "$TMP/merged" \
        "${SOURCES[@]}" >"$TMP/merge.log" 2>&1 || { tail -20 "$TMP/merge.log"; exit 1; }
    [ -d "$FUZZ_DIR/seeds/$h" ] && (cd "$FUZZ_DIR/seeds/$h" && for f in *; do rm -f "$TMP/merged/$f"; done)
    rm -rf "$FUZZ_DIR/corpus/$h"
    mkdir -p "$FUZZ_DIR/corpus/$h"
    # Name by content, as the seeds are.
    for f in "$TMP/merged"/*; do
        [ -f "$f" ] || continue
        cp "$f" "$FUZZ_DIR/corpus/$h/$(sha1sum "$f" | cut -c1-16)"
    done
    echo "corpus/$h: $(ls "$FUZZ_DIR/corpus/$h" | wc -l) inputs beyond the seeds, $(du -sh --apparent-size "$FUZZ_DIR/corpus/$h" | cut -f1)"
    rm -rf "$TMP"
done
