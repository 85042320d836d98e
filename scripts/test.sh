#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Second README command: the whole test suite, as CI runs it.
#   1. gcc build (the reference mbedTLS X25519), every CTest label;
#   2. clang ASan+UBSan build: unit, conformance, vector and fuzz-corpus tests;
#   3. libsodium X25519 build: every label but the mutation run (its
#      patches target the reference build's sources);
#   4. a short libFuzzer run of every harness (fuzz/smoke.sh).
# Prints one closing line "N passed, M failed" over all phases.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
passed=0
failed=0
log=$(mktemp)

# Runs ctest in a build folder with extra arguments; adds up the counts.
run_ctest() {
  dir=$1; shift
  (cd "$dir" && ctest --output-on-failure -j"$jobs" "$@") 2>&1 | tee "$log"
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    if grep -q 'No tests were found' "$log"; then return 0; fi
    echo "test.sh: ctest in $dir gave no summary" >&2
    failed=$((failed + 1)); return 0
  fi
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/')
  t=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/')
  passed=$((passed + t - f)); failed=$((failed + f))
}

# Configures and builds; a failed build counts as one failure.
build() {
  dir=$1; shift
  if cmake -S . -B "$dir" "$@" >/dev/null && cmake --build "$dir" -j"$jobs"; then
    return 0
  fi
  echo "test.sh: build in $dir failed" >&2
  failed=$((failed + 1)); return 1
}

echo "== 1. gcc, reference build =="
if build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc; then
  run_ctest build
fi

echo "== 2. clang, ASan + UBSan =="
if build build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DPSSST_SANITIZE=ON; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_ctest build-asan -L 'unit|conformance|vectors|fuzz-replay|tools'
fi

echo "== 3. libsodium X25519 =="
if build build-sodium -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPSSST_X25519=libsodium; then
  run_ctest build-sodium -LE mutation
fi

if [ -x fuzz/smoke.sh ]; then
  echo "== 4. libFuzzer smoke run =="
  if ./fuzz/smoke.sh build-libfuzzer; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

rm -f "$log"
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
