#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Builds the wheel of pssst-c and installs it into a fresh virtual
# environment, offline, with Debian's python3 and pip:
#
#   bindings/python/ci/make_venv.sh WORK_DIR
#
# The package sources are copied to WORK_DIR/source first (setuptools writes
# build/ and *.egg-info beside the sources it builds); the wheel lands in
# WORK_DIR/dist and the venv, made anew each time, in WORK_DIR/venv. The venv
# sees the system site-packages, so cryptography and pytest are Debian's
# (python3-cryptography, python3-pytest); the wheel is built with Debian's
# setuptools and wheel (python3-setuptools, python3-wheel), without the
# package registry. Exits 77 (skipped) and says why when one is missing.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 WORK_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
work=$1
py=/usr/bin/python3

[ -x "$py" ] || { echo "SKIPPED: $py not found (Debian package python3)"; exit 77; }
for need in venv:python3-venv pip:python3-pip setuptools:python3-setuptools \
            wheel:python3-wheel cryptography:python3-cryptography pytest:python3-pytest; do
    if ! "$py" -c "import ${need%%:*}" 2>/dev/null; then
        echo "SKIPPED: $py cannot import ${need%%:*} (Debian package ${need#*:}, scripts/packages.txt)"
        exit 77
    fi
done

rm -rf "$work/source" "$work/dist" "$work/venv"
mkdir -p "$work/source" "$work/dist"
cp -r "$here/pyproject.toml" "$here/README.md" "$here/src" "$work/source/"

pip=("$py" -m pip --disable-pip-version-check)
(cd "$work/source" && "${pip[@]}" wheel --no-index --no-build-isolation --no-deps \
    --wheel-dir "$work/dist" .)
wheel=$(ls "$work"/dist/pssst_c-*.whl)
echo "wheel: $wheel"

# Debian's pip installs into the venv (--python), which then needs no pip of
# its own: bootstrapping one (ensurepip) would cost seconds for nothing.
"$py" -m venv --system-site-packages --without-pip "$work/venv"
# No --no-deps: the dependency on cryptography must resolve, from Debian's copy.
"${pip[@]}" --python "$work/venv/bin/python" install --no-index "$wheel"

# The package the venv finds is the installed wheel, not the source tree
# (found, not imported: loading libpssst is for the tests).
location=$(cd / && "$work/venv/bin/python" -c \
    'import importlib.util, sys; sys.stdout.write(importlib.util.find_spec("pssst_c").origin)')
case $location in
    "$work/venv/"*) echo "pssst_c installed at $location" ;;
    *) echo "FAIL: the venv imports pssst_c from $location, not from the wheel"; exit 1 ;;
esac
