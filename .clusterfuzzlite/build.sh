#!/bin/bash -eu
# SPDX-License-Identifier: Apache-2.0
# ClusterFuzzLite build: the same as OSS-Fuzz (fuzz/oss-fuzz/build.sh).
exec "$SRC/pssst-c/fuzz/oss-fuzz/build.sh"
