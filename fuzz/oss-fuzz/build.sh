#!/bin/bash -eu
# SPDX-License-Identifier: Apache-2.0
# OSS-Fuzz / ClusterFuzzLite build of the pssst-c fuzz harnesses.
#
# Honours the variables OSS-Fuzz sets: $CC $CXX $CFLAGS $CXXFLAGS
# $LIB_FUZZING_ENGINE $OUT $SRC $WORK. Writes to $OUT, beside every harness
# binary fuzz_<name>: fuzz_<name>_seed_corpus.zip (seeds, merged corpus and
# regression inputs), fuzz_<name>.dict when the harness has a dictionary,
# and fuzz_<name>.options.
#
# Dependencies:
#   mbedTLS  built from source with the fuzzing flags and linked statically
#            when a source folder is given ($MBEDTLS_SRC, default
#            $SRC/mbedtls when it exists): Debian's libmbedcrypto.a is not
#            instrumented. Otherwise the system library is used.
#   cJSON    likewise from $CJSON_SRC (default $SRC/cJSON) or the system.
#   libsodium only as a second backend for the differential X25519
#            harness, from the system when present (without it the
#            harness checks the mbedTLS backend alone).
# The pssst-c checkout is $PSSST_SRC (default: two levels above this script).
#
# Test by hand, e.g.:
#   CC=clang CXX=clang++ CFLAGS="-O1 -g -fsanitize=address,fuzzer-no-link" \
#   CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/o SRC=/tmp/s WORK=/tmp/w fuzz/oss-fuzz/build.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PSSST_SRC=${PSSST_SRC:-$(dirname "$(dirname "$HERE")")}
MBEDTLS_SRC=${MBEDTLS_SRC:-$SRC/mbedtls}
CJSON_SRC=${CJSON_SRC:-$SRC/cJSON}
CXXFLAGS=${CXXFLAGS:-$CFLAGS}
JOBS=$(nproc)
mkdir -p "$OUT" "$WORK"

# OSS-Fuzz defines this in $CFLAGS; a hand-made build may not.
case " $CFLAGS " in
    *FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION*) ;;
    *) CFLAGS="$CFLAGS -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION" ;;
esac
export CFLAGS CXXFLAGS

CMAKE_DEPS=()
if [ -f "$MBEDTLS_SRC/library/Makefile" ]; then
    echo "build.sh: mbedTLS from source: $MBEDTLS_SRC"
    rm -rf "$WORK/mbedtls"
    cp -r "$MBEDTLS_SRC" "$WORK/mbedtls"
    make -C "$WORK/mbedtls/library" -j"$JOBS" CC="$CC" CFLAGS="$CFLAGS" libmbedcrypto.a
    CMAKE_DEPS+=(-DMBEDTLS_INCLUDE_DIR="$WORK/mbedtls/include"
                 -DMBEDCRYPTO_LIBRARY="$WORK/mbedtls/library/libmbedcrypto.a")
else
    echo "build.sh: no mbedTLS source at $MBEDTLS_SRC; using the system library (not instrumented)"
fi
if [ -f "$CJSON_SRC/cJSON.c" ]; then
    echo "build.sh: cJSON from source: $CJSON_SRC"
    mkdir -p "$WORK/cjson/include/cjson"
    cp "$CJSON_SRC/cJSON.h" "$WORK/cjson/include/cjson/"
    $CC $CFLAGS -c "$CJSON_SRC/cJSON.c" -o "$WORK/cjson/cJSON.o"
    ar rcs "$WORK/cjson/libcjson.a" "$WORK/cjson/cJSON.o"
    CMAKE_DEPS+=(-DCJSON_INCLUDE_DIR="$WORK/cjson/include"
                 -DCJSON_LIBRARY="$WORK/cjson/libcjson.a")
fi

if [ -f /usr/include/sodium.h ]; then
    CMAKE_DEPS+=(-DPSSST_WITH_LIBSODIUM=ON)
fi

BUILD=$WORK/pssst-build
rm -rf "$BUILD"
cmake -S "$PSSST_SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DPSSST_FUZZ_ENGINE=libfuzzer -DPSSST_FUZZ_EXTERNAL_ENGINE="$LIB_FUZZING_ENGINE" \
    -DPSSST_WERROR=OFF -DBUILD_TESTING=OFF "${CMAKE_DEPS[@]}"
HARNESSES=$(cat "$BUILD/fuzz-harnesses.txt")
TARGETS=()
for h in $HARNESSES; do TARGETS+=("fuzz_$h"); done
cmake --build "$BUILD" -j"$JOBS" --target "${TARGETS[@]}"

. "$PSSST_SRC/fuzz/lib.sh"
for h in $HARNESSES; do
    cp "$BUILD/bin/fuzz_$h" "$OUT/"
    rm -f "$OUT/fuzz_${h}_seed_corpus.zip"
    INPUTS=$(fuzz_inputs_for "$h")
    if [ -n "$INPUTS" ]; then
        # -j: flat archive; the replay-ignored dot files stay out.
        find $INPUTS -type f ! -name '.*' -print0 |
            xargs -0 zip -q -j "$OUT/fuzz_${h}_seed_corpus.zip"
    fi
    DICT=$(fuzz_dict_for "$h")
    [ -n "$DICT" ] && cp "$DICT" "$OUT/fuzz_$h.dict"
    {
        echo "[libfuzzer]"
        echo "max_len = $(fuzz_max_len_for "$h")"
        echo "timeout = 10"
    } >"$OUT/fuzz_$h.options"
done
echo "build.sh: built $(echo $HARNESSES | wc -w) harnesses into $OUT"
