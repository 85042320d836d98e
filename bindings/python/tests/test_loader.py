# SPDX-License-Identifier: Apache-2.0
"""Where pssst_c finds libpssst: PSSST_C_LIBRARY, then its folder, then the system loader."""
import os
import shutil
import subprocess
import sys

import pssst_c

PROBE = "import pssst_c; print(pssst_c.library_path)"


def run_probe(env_changes, pythonpath):
    env = dict(os.environ)
    env.pop("PSSST_C_LIBRARY", None)
    env.update(env_changes)
    env["PYTHONPATH"] = pythonpath
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, "-c", PROBE], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=60, check=False)


def package_copy(tmp_path, with_library):
    """A copy of the installed package, with or without libpssst.so in its folder."""
    target = tmp_path / "pssst_c"
    shutil.copytree(os.path.dirname(pssst_c.__file__), target,
                    ignore=shutil.ignore_patterns("__pycache__", "libpssst.so*"))
    if with_library:
        shutil.copy(os.path.realpath(pssst_c.library_path), target / "libpssst.so")
    return str(tmp_path)


def test_variable_that_names_no_library_fails_the_import_and_says_so(tmp_path):
    missing = str(tmp_path / "no-such-libpssst.so")
    proc = run_probe({"PSSST_C_LIBRARY": missing}, package_copy(tmp_path, True))
    assert proc.returncode != 0
    assert "ImportError" in proc.stderr and "PSSST_C_LIBRARY=" + missing in proc.stderr


def test_variable_wins_over_the_package_folder(tmp_path):
    chosen = os.path.realpath(pssst_c.library_path)
    proc = run_probe({"PSSST_C_LIBRARY": chosen}, package_copy(tmp_path, True))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == chosen


def test_package_folder_is_used_without_the_variable(tmp_path):
    proc = run_probe({}, package_copy(tmp_path, True))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(tmp_path / "pssst_c" / "libpssst.so")


def test_system_loader_is_last(tmp_path):
    folder = os.path.dirname(os.path.realpath(pssst_c.library_path))
    soname = os.path.join(folder, "libpssst.so.0")
    if not os.path.exists(soname):
        os.symlink(os.path.realpath(pssst_c.library_path), tmp_path / "libpssst.so.0")
        folder = str(tmp_path)
    proc = run_probe({"LD_LIBRARY_PATH": folder}, package_copy(tmp_path / "pkg", False))
    assert proc.returncode == 0, proc.stderr
    assert not proc.stdout.strip().startswith(str(tmp_path / "pkg"))
