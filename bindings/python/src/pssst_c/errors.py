# SPDX-License-Identifier: Apache-2.0
"""The exception classes of pssst 0.2.1, and which one each libpssst status raises.

The names and the hierarchy are those of the reference package: every
class derives from PSSSTException. Each exception raised by pssst_c also
carries `status`, the spec 10.1 name of the status libpssst returned
("DECRYPT_FAILED", ...), so that a caller or a test can tell, for instance,
a short packet from one that failed authentication.
"""
from typing import Dict, Optional, Type

from . import _native


class PSSSTException(Exception):
    """Any refusal by PSSST; `status` is the libpssst status name (spec 10.1)."""

    status: Optional[str] = None

    def __init__(self, *args: object, status: Optional[str] = None):
        super().__init__(*args)
        if status is not None:
            self.status = status


class PSSSTUnsupportedCipher(PSSSTException):
    """The cipher suite is not supported (spec 3.1)."""


class PSSSTClientAuthFailed(PSSSTException):
    """The client-auth proof of a request is missing, short or forged (spec 7.3)."""


class PSSSTReplyMismatch(PSSSTException):
    """The reply does not belong to the request it was given to (spec 9.1 step 6)."""


class PSSSTNotReply(PSSSTException):
    """A client was given a packet that is not a reply."""


class PSSSTNotRequest(PSSSTException):
    """A server was given a packet that is not a request."""


class PSSSTDecryptFailed(PSSSTException):
    """The packet did not authenticate, or no key can be derived from it."""


class PSSSTHandlerReused(PSSSTException):
    """A reply handler was used a second time (spec 8.2)."""


# libpssst status name -> the class raised. MALFORMED (too short, reserved
# flag bits) has no class of its own in the reference, which raises stray
# struct.error and ValueError there: the base class is raised instead. A
# dh_param of low order (BAD_KEY while unpacking, spec 5.3) leaves nothing
# to decrypt with. The last four describe the local call, not the packet.
_CLASS_OF: Dict[str, Type[PSSSTException]] = {
    "MALFORMED": PSSSTException,
    "UNSUPPORTED_SUITE": PSSSTUnsupportedCipher,
    "NOT_REQUEST": PSSSTNotRequest,
    "NOT_REPLY": PSSSTNotReply,
    "DECRYPT_FAILED": PSSSTDecryptFailed,
    "CLIENT_AUTH_FAILED": PSSSTClientAuthFailed,
    "REPLY_MISMATCH": PSSSTReplyMismatch,
    "CONTEXT_USED": PSSSTHandlerReused,
    "BAD_KEY": PSSSTDecryptFailed,
    "BUFFER_TOO_SMALL": PSSSTException,
    "RANDOM_FAILED": PSSSTException,
    "INVALID_ARGUMENT": PSSSTException,
    "INTERNAL": PSSSTException,
}


def error_for(status: int, cls: Optional[Type[PSSSTException]] = None) -> PSSSTException:
    """The exception for a failed libpssst call; cls overrides the usual class."""
    name = _native.status_name(status)
    if cls is None:
        cls = _CLASS_OF.get(name, PSSSTException)
    return cls("%s: %s" % (name, _native.strerror(status)), status=name)


def key_error(status: int, what: str) -> ValueError:
    """A key refused by libpssst: ValueError, as the reference raises for bad keys."""
    name = _native.status_name(status)
    err = ValueError("%s: %s (%s)" % (what, _native.strerror(status), name))
    err.status = name  # type: ignore[attr-defined]
    return err
