"""How errors cross service boundaries, and which ones are worth retrying."""

from __future__ import annotations

import socket

import amqp.exceptions
import kombu.exceptions
import psycopg
import sqlalchemy.exc
from nameko.exceptions import RpcTimeout, deserialize_to_instance
from pydantic import ValidationError

from ledgerline_contracts.errors import ALL_ERRORS, Conflict, LedgerlineError, ValidationFailed

# Rebuild our own errors as instances on the calling side of an RPC, so the
# gateway can map them to HTTP statuses by type.
for _error in ALL_ERRORS:
    deserialize_to_instance(_error)


class TransientError(Exception):
    """Raise from a handler to ask for a retry later, e.g. a dependency is not ready yet."""


_TRANSIENT = (
    TransientError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.DisconnectionError,
    sqlalchemy.exc.TimeoutError,
    psycopg.OperationalError,
    ConnectionError,
    socket.timeout,
    RpcTimeout,
    kombu.exceptions.OperationalError,
    amqp.exceptions.ConnectionError,
)


def is_transient(exc: BaseException) -> bool:
    """Infrastructure trouble (database or broker unreachable): retry, never dead-letter."""
    return isinstance(exc, _TRANSIENT)


def validation_failed_from(exc: ValidationError) -> ValidationFailed:
    """The first pydantic error, as a ValidationFailed naming its field."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ()) if part != "__root__") or None
    message = first.get("msg", "invalid value")
    if field:
        message = f"{field}: {message}"
    return ValidationFailed(message, field)


def refused_by_database(exc: sqlalchemy.exc.StatementError) -> LedgerlineError:
    """A constraint or type the database enforced, as the error a client can act on."""
    original = exc.orig
    diag = getattr(original, "diag", None)
    column = getattr(diag, "column_name", None) if diag is not None else None
    if isinstance(original, psycopg.errors.UniqueViolation):
        return Conflict("that already exists", column)
    if isinstance(original, psycopg.errors.NotNullViolation):
        return ValidationFailed(f"{column or 'a required value'} must not be empty", column)
    if isinstance(original, psycopg.errors.NumericValueOutOfRange):
        return ValidationFailed("a number is too large", column)
    if isinstance(original, psycopg.errors.StringDataRightTruncation):
        return ValidationFailed("a text is too long", column)
    return ValidationFailed("the request breaks a rule of the stored data", column)

