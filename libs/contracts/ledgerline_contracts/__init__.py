"""Ledgerline contracts: what services and outside subscribers agree on.

Install this package to consume Ledgerline events: it holds the envelope, the
money type, every payload model and the event catalog. It depends on pydantic
and babel only, never on a Ledgerline service.
"""

from ledgerline_contracts.actor import Actor, Role, role_in_words
from ledgerline_contracts.catalog import CATALOG, EventSpec, consumers_of, spec_for
from ledgerline_contracts.envelope import Envelope
from ledgerline_contracts.errors import (
    Conflict,
    LedgerlineError,
    Locked,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationFailed,
)
from ledgerline_contracts.money import Money

__all__ = [
    "Actor",
    "CATALOG",
    "Conflict",
    "Envelope",
    "EventSpec",
    "LedgerlineError",
    "Locked",
    "Money",
    "NotFound",
    "PermissionDenied",
    "Role",
    "Unavailable",
    "ValidationFailed",
    "consumers_of",
    "role_in_words",
    "spec_for",
]
