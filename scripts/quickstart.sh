#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# First README command: install dependencies, build, and run the main job:
# a demo transaction in both modes, then the conformance run over every
# shipped vector and transcript.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
./build/bin/pssst demo
./build/bin/pssst-conform vectors
./build/bin/pssst-conform transcripts vectors/reference/pssst-0.2.1.json \
  vectors/transcripts/generated.json
