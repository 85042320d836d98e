#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# First README command: install dependencies, build, and run the main job
# (the conformance run over every shipped vector and transcript, or, in a
# tree without them, a demo transaction in both modes).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
./build/bin/pssst demo
if [ -x build/bin/pssst-conform ]; then
  ./build/bin/pssst-conform vectors
  ./build/bin/pssst-conform transcripts vectors/reference/pssst-0.2.1.json
fi
