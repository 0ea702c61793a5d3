"""The gateway's errors and the HTTP status each becomes, shared by the API and the web pages.

Errors raised in a service arrive as the contracts' errors; :func:`to_api_error` puts
what the RPC layer raises (timeouts, a broker that cannot be reached, pydantic
validation) in the same terms, and :data:`ERROR_STATUS` maps them all, in one place.
"""

from __future__ import annotations

from nameko.exceptions import RpcTimeout, UnknownService
from pydantic import ValidationError

from ledgerline_contracts.errors import (
    Conflict, LedgerlineError, Locked, NotFound, PermissionDenied, Unavailable, ValidationFailed,
)
from ledgerline_gateway.throttle import TooManyAttempts
from ledgerline_servicekit.broker import BROKER_ERRORS
from ledgerline_servicekit.errors import validation_failed_from


class Unauthorized(LedgerlineError):
    code = "unauthorized"


class BadRequest(LedgerlineError):
    code = "bad_request"



# Errors, wherever raised, and the HTTP status each becomes.
ERROR_STATUS: dict[type[Exception], int] = {
    BadRequest: 400,
    Unauthorized: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Locked: 409,
    Conflict: 409,
    ValidationFailed: 422,
    TooManyAttempts: 429,
    Unavailable: 503,
}


def status_for(error: Exception) -> int:
    for cls in type(error).__mro__:
        if cls in ERROR_STATUS:
            return ERROR_STATUS[cls]
    return 500


def to_api_error(error: Exception) -> LedgerlineError | None:
    """Errors from the RPC layer in our own terms; None if it is a bug."""
    if isinstance(error, LedgerlineError):
        return error
    if isinstance(error, ValidationError):
        return validation_failed_from(error)
    if isinstance(error, (RpcTimeout, UnknownService)):
        return Unavailable("a Ledgerline service did not answer in time; try again shortly")
    if isinstance(error, BROKER_ERRORS):
        return Unavailable("the message broker cannot be reached; try again shortly")
    return None
