#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The "packaging" test: installs the current build into a temporary prefix,
# moves the installed tree elsewhere (the package must be relocatable), then
# builds examples/consumer against it twice and runs it on the reference
# transcripts:
#   1. cc consumer.c $(pkg-config --cflags --libs pssst libcjson), and a
#      static link with the flags of pkg-config --static;
#   2. a CMake project with find_package(pssst): pssst::pssst and
#      pssst::pssst_static.
# Usage: packaging_test.sh BUILD_DIR SOURCE_DIR LIBDIR CC VERSION TRANSCRIPTS [EXTRA_CFLAGS]
set -eu
build=$1 src=$2 libdir=$3 cc=$4 version=$5 transcripts=$6 extra=${7:-}

fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in pkg-config cmake; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
pkg-config --exists libcjson || { echo "SKIPPED: libcjson-dev (libcjson.pc) is not installed"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pssst-packaging.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "== cmake --install into $tmp/stage, then moved to $tmp/moved"
cmake --install "$build" --prefix "$tmp/stage" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }
mv "$tmp/stage" "$tmp/moved"
prefix=$tmp/moved

for f in include/pssst.h "$libdir/libpssst.a" "$libdir/libpssst.so" "$libdir/libpssst.so.0" \
         "$libdir/pkgconfig/pssst.pc" "$libdir/cmake/pssst/pssstConfig.cmake" \
         "$libdir/cmake/pssst/pssstConfigVersion.cmake" "$libdir/cmake/pssst/pssstTargets.cmake" \
         bin/pssst; do
  [ -e "$prefix/$f" ] || fail "installed tree lacks $f"
done
if grep -rq "$tmp/stage" "$prefix/$libdir/pkgconfig" "$prefix/$libdir/cmake"; then
  fail "the package names the folder it was installed to; it must be relocatable"
fi
"$prefix/bin/pssst" version

echo "== pkg-config"
PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_PATH
got=$(pkg-config --modversion pssst)
[ "$got" = "$version" ] || fail "pkg-config --modversion pssst gives '$got', want '$version'"
flags=$(pkg-config --cflags --libs pssst libcjson)
echo "pkg-config --cflags --libs pssst libcjson: $flags"
# shellcheck disable=SC2086  # the flags are meant to be split into words
"$cc" -std=c11 -Wall -Wextra -Werror $extra "$src/examples/consumer/consumer.c" $flags \
  -o "$tmp/consumer-pkgconfig"
# The program must run on the library just installed, not on another one.
resolved=$(LD_LIBRARY_PATH="$prefix/$libdir" ldd "$tmp/consumer-pkgconfig" | grep 'libpssst\.so\.0')
case $resolved in
  *"$prefix/$libdir/libpssst.so.0"*) ;;
  *) fail "consumer resolves libpssst.so.0 as: $resolved" ;;
esac
LD_LIBRARY_PATH="$prefix/$libdir" "$tmp/consumer-pkgconfig" "$transcripts" >"$tmp/pc.log" \
  || { cat "$tmp/pc.log"; fail "consumer built with pkg-config"; }
tail -n 1 "$tmp/pc.log"

echo "== pkg-config --static"
static_libs=$(pkg-config --static --libs pssst)
case " $static_libs " in
  *" -lmbedcrypto "*) ;;
  *) fail "pkg-config --static --libs pssst lacks -lmbedcrypto: $static_libs" ;;
esac
# -Bstatic takes libpssst.a and the archives of its private dependencies.
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Werror $extra "$src/examples/consumer/consumer.c" \
  $(pkg-config --cflags pssst libcjson) -Wl,-Bstatic $static_libs -Wl,-Bdynamic \
  $(pkg-config --libs libcjson) -o "$tmp/consumer-pkgconfig-static"
if ldd "$tmp/consumer-pkgconfig-static" | grep -q 'libpssst\.so'; then
  fail "the static link still needs libpssst.so"
fi
"$tmp/consumer-pkgconfig-static" "$transcripts" >"$tmp/pc-static.log" \
  || { cat "$tmp/pc-static.log"; fail "consumer linked statically with pkg-config --static"; }
tail -n 1 "$tmp/pc-static.log"

echo "== find_package(pssst)"
cmake -S "$src/examples/consumer" -B "$tmp/consumer-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="-Wall -Wextra -Werror $extra" >"$tmp/cmake.log" \
  || { cat "$tmp/cmake.log"; fail "configuring the find_package(pssst) project"; }
cmake --build "$tmp/consumer-build" >"$tmp/build.log" 2>&1 \
  || { cat "$tmp/build.log"; fail "building the find_package(pssst) project"; }
for exe in pssst-consumer pssst-consumer-static; do
  "$tmp/consumer-build/$exe" "$transcripts" >"$tmp/$exe.log" \
    || { cat "$tmp/$exe.log"; fail "$exe (find_package)"; }
  echo "$exe: $(tail -n 1 "$tmp/$exe.log")"
done
# pssst::pssst is the shared library, pssst::pssst_static is not.
ldd "$tmp/consumer-build/pssst-consumer" | grep -q "$prefix/$libdir/libpssst.so.0" \
  || fail "pssst::pssst does not link the installed libpssst.so.0"
if ldd "$tmp/consumer-build/pssst-consumer-static" | grep -q 'libpssst\.so'; then
  fail "pssst::pssst_static links libpssst.so"
fi
echo "packaging: ok"
