# SPDX-License-Identifier: Apache-2.0
"""pytest plugin (-p reference_alias): pssst 0.2.1's own tests, run on pssst_c.

The only change to how the reference's test files run is that `import pssst`
gives pssst_c. The files are read where they are; none is copied or edited.
A test that reaches into the reference's private internals cannot apply to
pssst_c: its file is listed in NOT_APPLICABLE with the reason, and each of
its test functions is reported as skipped with that reason (the file itself
is not imported, as importing it already fails).
"""
import ast
import sys

import pytest

import pssst_c

sys.modules["pssst"] = pssst_c

NOT_APPLICABLE = {
    "test_fake_client_auth.py":
        "not applicable: forges a client-auth request with pssst.pssst._DKF_SHA256, a private "
        "helper of the reference's module pssst.pssst (its key derivation in Python); pssst_c "
        "derives keys in libpssst only and has no such module. The same rule (a request whose "
        "proof names another key is refused with PSSSTClientAuthFailed) is checked on pssst_c "
        "by bindings/python/tests/test_interop.py::test_forged_client_auth_is_refused",
}


class NotApplicableItem(pytest.Item):
    """One test function of a file listed in NOT_APPLICABLE."""

    def __init__(self, *, reason, **kwargs):
        super().__init__(**kwargs)
        self.reason = reason

    def runtest(self):
        pytest.skip(self.reason)

    def reportinfo(self):
        return self.path, 0, self.name


class NotApplicableFile(pytest.File):
    """A listed file: its test functions, found without importing it."""

    def __init__(self, *, reason, **kwargs):
        super().__init__(**kwargs)
        self.reason = reason

    def collect(self):
        tree = ast.parse(self.path.read_text(encoding="utf-8"), filename=str(self.path))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                yield NotApplicableItem.from_parent(self, name=node.name, reason=self.reason)


def pytest_pycollect_makemodule(module_path, parent):
    reason = NOT_APPLICABLE.get(module_path.name)
    if reason is None:
        return None
    return NotApplicableFile.from_parent(parent, path=module_path, reason=reason)


def pytest_collection_modifyitems(items):
    """Every imported test module must have been given pssst_c as `pssst`."""
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__dict__.get("pssst", pssst_c) is not pssst_c:
            raise pytest.UsageError("%s imported another pssst than pssst_c" % module.__name__)


def pytest_report_header():
    return "pssst is pssst_c %s on %s (backend %s)" % (
        pssst_c.__version__, pssst_c.library_path, pssst_c.library_backend())
