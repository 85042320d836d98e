#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the benchmarks behind the plots of BENCHMARKS.md and draws them:
# builds each backend in Release mode (mbedTLS 2.28 reference, libsodium,
# and mbedTLS 3.6/PSA when its prefix exists), runs pssst-bench --json,
# bench/echo_throughput.py --json and tests/integration/test_flood.py
# --summary on each, saves that JSON in bench/plots/data/ (runs.txt says
# which command made each file, when, and under what load), then
# bench/plots.py writes bench/plots/*.svg and bench/plots/summary.md.
#
# Usage: bench/plots.sh [--render-only] [--quick]
#   --render-only  no builds, no benchmarks: redraw from bench/plots/data/
#   --quick        short runs (a minute or two) to try the pipeline; the
#                  figures are then too rough to check in
# PSSST_MBEDTLS3_PREFIX: mbedTLS 3.6 prefix (scripts/mbedtls3.sh), default
# build-mbedtls3-prefix in the source tree; without it the PSA build is left out.
# Takes about twelve minutes on two cores. Uses 127.0.0.1 only.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
data=$top/bench/plots/data
out=$top/bench/plots
python=/usr/bin/python3
render_only=no
quick=no
for a in "$@"; do
  case $a in
    --render-only) render_only=yes ;;
    --quick) quick=yes ;;
    *) sed -n '11,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

render() {
  "$python" "$top/bench/plots.py" "$data" "$out"
}
if [ $render_only = yes ]; then
  render
  exit 0
fi

if [ $quick = yes ]; then
  bench_args="--time 300 --rounds 3 --threads 4 --thread-time 600"
  echo_args="--rounds 1 --seconds 1"
else
  bench_args="--time 3000 --rounds 5 --threads 4 --thread-time 8000"
  echo_args="--rounds 3 --seconds 4"
fi
mbedtls3=${PSSST_MBEDTLS3_PREFIX:-$top/build-mbedtls3-prefix}

build() { # build DIR CMAKE_ARGS...
  dir=$1
  shift
  cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j2 --target pssst-bench pssst_cli udp_flood >/dev/null
}

backends="mbedtls libsodium"
build "$top/build-bench-mbedtls" -DPSSST_X25519=mbedtls
build "$top/build-bench-libsodium" -DPSSST_X25519=libsodium
if [ -f "$mbedtls3/include/psa/crypto.h" ]; then
  build "$top/build-bench-psa" -DPSSST_MBEDTLS_ROOT="$mbedtls3"
  backends="$backends psa"
else
  echo "plots.sh: no mbedTLS 3.6 in $mbedtls3 (scripts/mbedtls3.sh builds it): PSA left out" >&2
fi

mkdir -p "$data"
# bench/race --record keeps its own race-servers.json here.
rm -f "$data"/pssst-bench-*.json "$data"/echo-*.json "$data"/flood-*.json
runs=$data/runs.txt
{
  echo "# Written by bench/plots.sh: the command behind each JSON file here."
  echo "# source: $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "# machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "# system: $(uname -sr), $(cmake --version | head -n 1), Release builds"
  echo "# columns: file, start (UTC), 1-minute load average at start, command"
} >"$runs"

record() { # record FILE OUTPUT COMMAND...: COMMAND's stdout to OUTPUT, noted as FILE
  file=$1
  output=$2
  shift 2
  printf '%s\t%s\t%s\t%s\n' "$file" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$(echo "$*" | sed "s|$top/||g")" >>"$runs"
  echo "plots.sh: $file" >&2
  "$@" >"$output"
}

for b in $backends; do
  # shellcheck disable=SC2086  # the argument lists are meant to split
  record "pssst-bench-$b.json" "$data/pssst-bench-$b.json" \
    "$top/build-bench-$b/bin/pssst-bench" --json $bench_args
done
for b in $backends; do
  # shellcheck disable=SC2086
  record "echo-$b.json" "$data/echo-$b.json" \
    "$python" "$top/bench/echo_throughput.py" "$top/build-bench-$b/bin" --json $echo_args
done
for b in $backends; do
  # The test's own report goes to the terminal; its figures to the summary.
  record "flood-$b.json" /dev/stderr "$python" "$top/tests/integration/test_flood.py" \
    "$top/build-bench-$b/bin/pssst" "$top/build-bench-$b/bin/udp_flood" \
    --summary "$data/flood-$b.json"
done
render
