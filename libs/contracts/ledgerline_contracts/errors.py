"""Errors a service raises on purpose, and the gateway maps to HTTP statuses.

Each carries a human message and, for bad input, the field it is about.
The constructor arguments are exactly ``(message, field)`` (``field`` only when
named) so that an error raised in a service can be rebuilt on the calling side
from its arguments.
"""

from __future__ import annotations


class LedgerlineError(Exception):
    code = "error"

    def __init__(self, message: str, field: str | None = None):
        # nameko sends the arguments as strings (None would arrive as "None"), so a missing
        # field is left out rather than sent.
        super().__init__(*((message,) if field is None else (message, field)))
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationFailed(LedgerlineError):
    """Bad input: nothing was changed."""

    code = "validation_failed"


class NotFound(LedgerlineError):
    """Missing, or not visible to the actor (the two are deliberately indistinguishable)."""

    code = "not_found"


class PermissionDenied(LedgerlineError):
    code = "forbidden"


class Conflict(LedgerlineError):
    """The request is valid but the current state refuses it (e.g. posting a stale draft)."""

    code = "conflict"


class Locked(Conflict):
    """The record is on a draft or posted invoice and may not change."""

    code = "locked"


class Unavailable(LedgerlineError):
    """Another service did not answer in time: nothing was done, try again shortly."""

    code = "unavailable"


ALL_ERRORS: tuple[type[LedgerlineError], ...] = (
    LedgerlineError,
    ValidationFailed,
    NotFound,
    PermissionDenied,
    Conflict,
    Locked,
    Unavailable,
)
