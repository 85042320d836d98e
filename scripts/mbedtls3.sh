#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Usage: scripts/mbedtls3.sh PREFIX_DIR
#
# Builds mbedTLS 3.6 LTS from Debian 13's `mbedtls` source package into
# PREFIX_DIR (shared and static libraries, headers), for the test phase that runs
# the suite on mbedTLS 3.6 (scripts/test.sh; preset "mbedtls3" with
# -DPSSST_MBEDTLS_ROOT=PREFIX_DIR). The source is fetched with apt-get
# source through a private apt configuration in PREFIX_DIR/.work: the
# system's apt sources and installed packages stay untouched. The
# configuration is Debian's (threading on, as in debian/rules). A prefix
# that already holds a finished build is reused; prints its path.
set -eu
[ $# -eq 1 ] || { sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
prefix=$1
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
stamp="$prefix/.pssst-mbedtls3-done"
if [ -f "$stamp" ]; then
  echo "mbedtls3: reusing $(cat "$stamp") in $prefix"
  exit 0
fi
work="$prefix/.work"
rm -rf "$work"
mkdir -p "$work/apt/lists/partial" "$work/src"
echo "deb-src http://deb.debian.org/debian trixie main" >"$work/apt/sources.list"
set -- -o "Dir::Etc::SourceList=$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null \
  -o "Dir::State::Lists=$work/apt/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
  -o APT::Sandbox::User=root
if ! apt-get "$@" -q update >"$work/apt.log" 2>&1; then
  echo "mbedtls3: apt-get update of Debian 13's sources failed: $work/apt.log" >&2; exit 1
fi
if ! (cd "$work/src" && apt-get "$@" -q source mbedtls) >>"$work/apt.log" 2>&1; then
  echo "mbedtls3: apt-get source mbedtls failed (needs dpkg-dev): $work/apt.log" >&2; exit 1
fi
src=$(find "$work/src" -maxdepth 1 -type d -name 'mbedtls-3.*' | head -n 1)
if [ -z "$src" ]; then
  echo "mbedtls3: Debian 13's mbedtls source is not a 3.x release: $(ls "$work/src")" >&2; exit 1
fi
# debian/rules: the library is built with threading (PSA's key store locks).
for option in MBEDTLS_THREADING_C MBEDTLS_THREADING_PTHREAD; do
  python3 "$src/scripts/config.py" -f "$src/include/mbedtls/mbedtls_config.h" set "$option"
done
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DENABLE_TESTING=OFF \
  -DENABLE_PROGRAMS=OFF -DUSE_SHARED_MBEDTLS_LIBRARY=ON -DUSE_STATIC_MBEDTLS_LIBRARY=ON \
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_INSTALL_PREFIX="$prefix" >"$work/build.log" 2>&1 &&
  cmake --build "$work/build" -j"$(nproc)" >>"$work/build.log" 2>&1 &&
  cmake --install "$work/build" >>"$work/build.log" 2>&1 ||
  { echo "mbedtls3: building $src failed: $work/build.log" >&2; exit 1; }
basename "$src" >"$stamp"
rm -rf "$work/build" "$work/apt"
echo "mbedtls3: built $(cat "$stamp") into $prefix"
