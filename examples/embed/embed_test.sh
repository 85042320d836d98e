#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The "embed" tests: configures examples/embed with pssst-c pulled in by
# MODE (add_subdirectory or FetchContent), builds it and runs the app.
# Checks that only the library was built (no tools, tests or fuzzers of
# pssst-c) and that the parent's own tests/ folder did not clash.
# Usage: embed_test.sh MODE SOURCE_DIR CC [CMAKE_ARGS...]
set -eu
mode=$1 src=$2 cc=$3
shift 3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pssst-embed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake -S "$src/examples/embed" -B "$tmp/build" -DCMAKE_C_COMPILER="$cc" \
  -DPSSST_SOURCE="$src" -DPSSST_EMBED_MODE="$mode" -DFETCHCONTENT_SOURCE_DIR_PSSST="$src" \
  "$@" >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "configure ($mode)"; }
cmake --build "$tmp/build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "build ($mode)"; }
"$tmp/build/embed_app" || fail "embed_app ($mode)"
"$tmp/build/tests/embed_app_selftest" || fail "the parent's own tests/ target ($mode)"
for part in pssst pssst-conform pssst-harness pssst-bench test_api fuzz_header; do
  if find "$tmp/build" -type f -name "$part" | grep -q .; then
    fail "embedding built $part; only the library should be built"
  fi
done
if grep -q -- "-Werror" "$tmp/build/pssst/src/CMakeFiles/pssst_objects.dir/flags.make" 2>/dev/null ||
   grep -rq -- "-Werror" "$tmp/build/_deps/pssst-build/src/CMakeFiles/pssst_objects.dir/flags.make" 2>/dev/null; then
  fail "an embedded pssst-c must not turn warnings into errors"
fi
echo "ok: pssst-c embedded with $mode"
