#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Second README command: the whole test suite, as CI runs it. Each build is
# a preset of CMakePresets.json.
#   1. reference: gcc, Debian 12's mbedTLS 2.28, every CTest label;
#   2. asan: clang ASan+UBSan: unit, conformance, vector and fuzz-corpus tests;
#   3. sodium: libsodium backend by default (mbedTLS beside it): every label
#      but the mutation run (its patches target the reference build's sources);
#   4. mbedtls3: mbedTLS 3.6 LTS through the PSA Crypto API, built from
#      Debian 13's source package by scripts/mbedtls3.sh into
#      build-mbedtls3-prefix (reused by later runs): every label but the
#      mutation run;
#   5. a short libFuzzer run of every harness (fuzz/smoke.sh);
#   6. the other ports (conformance/ports/ci.sh), where present;
#   7. the Debian packages of debian/ (scripts/deb.sh): built with the unit
#      tests, lintian, installed, used (pkg-config, find_package, pssst,
#      man, pssst-conform) and removed again; about a minute on two cores.
#   8. static analysis (proofs/run.sh): Frama-C's Eva over every public
#      function with the crypto backend as contracts, WP over the packet
#      cursor and overlap contracts; fails on any alarm or unproved goal
#      (about a minute of CPU time; 115 s wall measured on 2 shared cores
#      at a load average of 7; budget 150 s per step).
# Prints one closing line "N passed, M failed, K skipped" over all phases, and the
# time each phase took.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
passed=0
failed=0
skipped=0
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
  # A test that exits 77 says why it skipped; it is counted apart.
  k=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*\*\*\*Skipped' "$log")
  passed=$((passed + t - f - k)); failed=$((failed + f)); skipped=$((skipped + k))
}

# Configures a preset into its folder and builds; a failed build counts as
# one failure.
build() {
  preset=$1; dir=$2; shift 2
  if cmake --preset "$preset" -B "$dir" "$@" >/dev/null && cmake --build "$dir" -j"$jobs"; then
    return 0
  fi
  echo "test.sh: build of preset $preset in $dir failed" >&2
  failed=$((failed + 1)); return 1
}

# Wall time of each phase, printed at the end.
timings=""
phase_start=0
phase() {
  phase_start=$(date +%s)
  phase_name=$1
  echo "== $1 =="
}
phase_end() {
  timings="$timings$(printf '%-44s %5d s' "$phase_name" $(($(date +%s) - phase_start)))
"
}

phase "1. reference: gcc, mbedTLS 2.28"
if build reference build; then
  run_ctest build
fi
phase_end

phase "2. asan: clang, ASan + UBSan"
if build asan build-asan; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_ctest build-asan -L 'unit|conformance|vectors|fuzz-replay|tools'
fi
phase_end

phase "3. sodium: libsodium backend"
if build sodium build-sodium; then
  run_ctest build-sodium -LE mutation
fi
phase_end

phase "4. mbedtls3: mbedTLS 3.6 LTS, PSA backend"
if ./scripts/mbedtls3.sh build-mbedtls3-prefix; then
  if build mbedtls3 build-mbedtls3; then
    run_ctest build-mbedtls3 -LE mutation
  fi
else
  echo "test.sh: mbedTLS 3.6 could not be built" >&2
  failed=$((failed + 1))
fi
phase_end

if [ -x fuzz/smoke.sh ]; then
  phase "5. libFuzzer smoke run"
  if ./fuzz/smoke.sh build-libfuzzer; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  phase_end
fi

if [ -x conformance/ports/ci.sh ]; then
  phase "6. the other ports"
  conformance/ports/ci.sh build 2>&1 | tee "$log"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "test.sh: conformance/ports/ci.sh gave no summary" >&2
    failed=$((failed + 1))
  else
    passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
    failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
    if echo "$line" | grep -qE 'skipped'; then
      skipped=$((skipped + $(echo "$line" | sed -E 's/.* ([0-9]+) skipped.*/\1/')))
    fi
  fi
  phase_end
fi

if [ -x scripts/deb.sh ]; then
  phase "7. Debian packages"
  ./scripts/deb.sh
  case $? in
    0) passed=$((passed + 1)) ;;
    77) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
  phase_end
fi

phase "8. static analysis: Frama-C Eva and WP"
proofs/run.sh build-proofs
rc=$?
if [ "$rc" -eq 0 ]; then
  passed=$((passed + 1))
elif [ "$rc" -eq 77 ]; then
  skipped=$((skipped + 1))
else
  failed=$((failed + 1))
fi
phase_end

rm -f "$log"
echo
printf '%s' "$timings"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
