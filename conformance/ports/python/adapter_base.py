# SPDX-License-Identifier: Apache-2.0
"""What every adapter of harness.py raises (spec/harness.md section 3)."""


class AdapterError(Exception):
    """The implementation refused with a PSSST error; status is its spec 10.1 name."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


class Unsupported(Exception):
    """The implementation cannot do what was asked (reported as "unsupported")."""
