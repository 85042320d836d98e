#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/oss-fuzz/check-build.sh [--fetch | MBEDTLS_SRC CJSON_SRC]
#
# Runs build.sh the way OSS-Fuzz does (clang, ASan+UBSan, libFuzzer, the
# variables set by hand) with mbedTLS and cJSON built from source, then
# checks what OSS-Fuzz relies on:
#   - every harness of fuzz/CMakeLists.txt is in $OUT with its
#     _seed_corpus.zip and .options (and .dict where lib.sh names one);
#   - no harness loads libmbedcrypto or libcjson dynamically, and the
#     static libmbedcrypto.a that was linked carries the sanitizer and
#     coverage instrumentation;
#   - every harness replays its whole seed archive (-runs=0) cleanly.
# --fetch downloads Debian's source packages of mbedtls and cjson (the
# same releases as the system libraries, with Debian's patches applied)
# through a private apt configuration, leaving the system's untouched.
# Work files go to $CHECK_DIR (default /tmp/pssst-oss-fuzz-check).
# Exit status 0 when every check passed, 1 otherwise, 2 on a usage error.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$(dirname "$HERE")")
. "$ROOT/fuzz/lib.sh"
DIR=${CHECK_DIR:-/tmp/pssst-oss-fuzz-check}

fetch_sources() {
    local apt=$DIR/apt
    rm -rf "$apt" "$DIR/sources"
    mkdir -p "$apt/lists/partial" "$DIR/sources"
    echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
    local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
                -o "Dir::State::Lists=$apt/lists" -o Dir::Cache::pkgcache=
                -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" -q update >"$DIR/apt.log" 2>&1 || fuzz_die "apt-get update failed: $DIR/apt.log"
    (cd "$DIR/sources" && apt-get "${opts[@]}" -q source mbedtls cjson) >>"$DIR/apt.log" 2>&1 ||
        fuzz_die "apt-get source failed (needs dpkg-dev): $DIR/apt.log"
    MBEDTLS=$(find "$DIR/sources" -maxdepth 1 -type d -name 'mbedtls-*' | head -1)
    CJSON=$(find "$DIR/sources" -maxdepth 1 -type d -name 'cjson-*' | head -1)
}

case "${1:-}" in
    --fetch) mkdir -p "$DIR"; fetch_sources ;;
    -h|--help|"") sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    *) [ $# -eq 2 ] || fuzz_die "usage: $0 [--fetch | MBEDTLS_SRC CJSON_SRC]"
       MBEDTLS=$1; CJSON=$2 ;;
esac
[ -f "$MBEDTLS/library/Makefile" ] || fuzz_die "no mbedTLS source tree at '$MBEDTLS'"
[ -f "$CJSON/cJSON.c" ] || fuzz_die "no cJSON source tree at '$CJSON'"

rm -rf "$DIR/out" "$DIR/work" "$DIR/replay"
mkdir -p "$DIR/out" "$DIR/work" "$DIR/src"
F="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
echo "building with mbedTLS from $MBEDTLS and cJSON from $CJSON; log: $DIR/build.log"
CC=clang CXX=clang++ CFLAGS="$F" CXXFLAGS="$F" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
    OUT="$DIR/out" SRC="$DIR/src" WORK="$DIR/work" MBEDTLS_SRC="$MBEDTLS" CJSON_SRC="$CJSON" \
    "$HERE/build.sh" >"$DIR/build.log" 2>&1 || fuzz_die "build.sh failed: $DIR/build.log"

FAILED=0
fail() { echo "FAIL $*"; FAILED=1; }
LIB=$DIR/work/mbedtls/library/libmbedcrypto.a
nm "$LIB" >"$DIR/libmbedcrypto.nm" 2>/dev/null || true
if grep -q '__asan_report' "$DIR/libmbedcrypto.nm" &&
    grep -q '__sanitizer_cov' "$DIR/libmbedcrypto.nm"; then
    echo "ok   libmbedcrypto.a built from source with ASan and coverage instrumentation"
else
    fail "libmbedcrypto.a missing or not instrumented"
fi
HARNESSES=$(cat "$DIR/work/pssst-build/fuzz-harnesses.txt")
for h in $HARNESSES; do
    bin=$DIR/out/fuzz_$h
    [ -x "$bin" ] || { fail "$h: no binary"; continue; }
    [ -f "$DIR/out/fuzz_${h}_seed_corpus.zip" ] || fail "$h: no seed corpus archive"
    [ -f "$DIR/out/fuzz_$h.options" ] || fail "$h: no options file"
    [ -z "$(fuzz_dict_for "$h")" ] || [ -f "$DIR/out/fuzz_$h.dict" ] || fail "$h: no dictionary"
    if ldd "$bin" | grep -Eq 'libmbedcrypto|libcjson'; then
        fail "$h: links mbedTLS or cJSON dynamically"
    fi
    mkdir -p "$DIR/replay/$h"
    unzip -q -o "$DIR/out/fuzz_${h}_seed_corpus.zip" -d "$DIR/replay/$h"
    n=$(find "$DIR/replay/$h" -type f | wc -l)
    if "$bin" -runs=0 "$DIR/replay/$h" >"$DIR/replay/$h.log" 2>&1; then
        cov=$(sed -n 's/.*INITED cov: \([0-9]*\).*/\1/p' "$DIR/replay/$h.log" | tail -1)
        echo "ok   $h: $n seed inputs replayed, cov ${cov:-?} edges (project, mbedTLS, cJSON)"
    else
        fail "$h: replay of the seed archive failed: $DIR/replay/$h.log"
    fi
done
[ $FAILED -eq 0 ] && echo "check-build: every check passed" || echo "check-build: FAILED"
exit $FAILED
