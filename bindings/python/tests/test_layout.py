# SPDX-License-Identifier: Apache-2.0
"""The ctypes mirrors of the context types match include/pssst.h as compiled.

The program named by PSSST_STRUCT_LAYOUT (ci/struct_layout.c, built by
CTest) prints each type's size and field offsets; without it the test is
skipped and says so.
"""
import ctypes
import os
import subprocess

import pytest

from pssst_c import _native

MIRRORS = {"pssst_client": _native.Client, "pssst_server": _native.Server,
           "pssst_reply_ctx": _native.ReplyCtx}


def compiled_layout():
    program = os.environ.get("PSSST_STRUCT_LAYOUT")
    if not program:
        pytest.skip("PSSST_STRUCT_LAYOUT is not set (CTest sets it to the struct_layout program)")
    out = subprocess.run([program], stdout=subprocess.PIPE, text=True, check=True, timeout=30)
    return dict(line.rsplit(" ", 1) for line in out.stdout.splitlines())


def test_sizes_and_offsets_of_every_field_match():
    compiled = compiled_layout()
    mirrored = {}
    for name, mirror in MIRRORS.items():
        mirrored[name] = str(ctypes.sizeof(mirror))
        for field, _ in mirror._fields_:  # pylint: disable=protected-access
            mirrored["%s.%s" % (name, field)] = str(getattr(mirror, field).offset)
    assert mirrored == compiled
