#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Reproduces every figure of BENCHMARKS.md: builds the reference (mbedTLS)
# and the fast (libsodium) variants in Release mode, runs pssst-bench on
# both, the UDP echo throughput on the libsodium build, and the nginx pool
# and flood tests (their output carries the throughput figures).
# Usage: bench/run_all.sh [OUTPUT_DIR]   (default: build-bench-results/)
# Takes about five minutes on two cores. Uses 127.0.0.1 only.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build-bench-results}
mkdir -p "$out"
cd "$top"

build() {
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DPSSST_X25519="$2" >/dev/null
  cmake --build "$1" -j"$(nproc)" --target pssst-bench pssst_cli udp_flood >/dev/null
}

build build-bench-mbedtls mbedtls
build build-bench-libsodium libsodium

for b in libsodium mbedtls; do
  echo "== pssst-bench, $b =="
  "build-bench-$b/bin/pssst-bench" | tee "$out/pssst-bench-$b.txt"
  "build-bench-$b/bin/pssst-bench" --json --time 1500 > "$out/pssst-bench-$b.json"
done

echo "== UDP echo throughput, libsodium =="
/usr/bin/python3 bench/echo_throughput.py build-bench-libsodium/bin | tee "$out/echo-throughput-libsodium.txt"

for t in nginx_pool flood; do
  echo "== tests/integration/test_$t.py, libsodium =="
  /usr/bin/python3 "tests/integration/test_$t.py" build-bench-libsodium/bin/pssst \
    build-bench-libsodium/bin/udp_flood 2>/dev/null | tee "$out/$t-libsodium.txt"
done
