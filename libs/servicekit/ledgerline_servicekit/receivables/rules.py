"""The receivable read model's rules, free of nameko and SQLAlchemy.

Events about one invoice travel on different queues and arrive in any order, each
at least once. So every event is turned into a partial :class:`Receivable` (what that
event says) and combined with what is already known by :func:`combine`, which gives
the same result whatever the order and however often an event repeats:

- the posting alone says the account's name, billing email, dates and total; the
  receivable is *posted* once it has arrived, and readers see only posted ones;
- the balance is the lowest any event reported (balances only fall: payments,
  credit notes, paid, voided), never below zero;
- the status only moves forward, open < paid < voided: a closed invoice never reopens;
- of the dispute changes, the one invoicing made last wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from ledgerline_contracts import Envelope, Money
from ledgerline_contracts.events import invoicing as billing


class ReceivableStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    VOIDED = "voided"


# How far an invoice has gone; a later event can only move it further.
_PROGRESS = (ReceivableStatus.OPEN, ReceivableStatus.PAID, ReceivableStatus.VOIDED)


@dataclass(frozen=True)
class Receivable:
    invoice_id: UUID
    org_id: UUID
    account_id: UUID
    number: str
    currency: str | None = None
    balance: Decimal | None = None  # None: no event has told it yet
    status: ReceivableStatus = ReceivableStatus.OPEN
    # Known once invoice.posted has arrived:
    account_name: str | None = None
    billing_email: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    total: Decimal | None = None
    disputed: bool = False
    dispute_changed_at: datetime | None = None  # when invoicing made the dispute change held

    @property
    def posted(self) -> bool:
        return self.due_date is not None

    @property
    def settled(self) -> bool:
        """Nothing more to collect: paid, voided, or credited down to zero."""
        return self.status != ReceivableStatus.OPEN or self.balance == 0


_POSTING_FIELDS = ("account_name", "billing_email", "issue_date", "due_date", "total")


def _lowest(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    known = [x for x in (a, b) if x is not None]
    return min(known) if known else None


def _later_dispute(a: Receivable, b: Receivable) -> Receivable:
    if a.dispute_changed_at is None:
        return b
    if b.dispute_changed_at is None:
        return a
    # Equal times cannot be ordered; disputed wins then, so the result does not depend on arrival.
    return max(a, b, key=lambda r: (r.dispute_changed_at, r.disputed))


def combine(known: Receivable | None, told: Receivable) -> Receivable:
    """What is known of an invoice after ``told`` (one event's facts) joins ``known``."""
    if known is None:
        return told
    dispute = _later_dispute(known, told)
    return replace(
        known,
        currency=known.currency or told.currency,
        balance=_lowest(known.balance, told.balance),
        status=max(known.status, told.status, key=_PROGRESS.index),
        disputed=dispute.disputed,
        dispute_changed_at=dispute.dispute_changed_at,
        **{name: getattr(known, name) if getattr(known, name) is not None else getattr(told, name)
           for name in _POSTING_FIELDS},
    )


def _owed(money: Money | None) -> dict:
    if money is None:
        return {}
    return {"currency": money.currency, "balance": max(money.amount, Decimal(0))}


def told_by(envelope: Envelope) -> Receivable:
    """What one of invoicing's events says about its invoice's receivable."""
    event = envelope.parsed_payload()
    number = getattr(event, "invoice_number", None) or event.number
    base = Receivable(invoice_id=event.invoice_id, org_id=envelope.org_id, account_id=event.account_id,
                      number=number)
    match event:
        case billing.InvoicePosted():
            return replace(base, **_owed(event.total), account_name=event.account_name,
                           billing_email=event.billing_email, issue_date=event.issue_date,
                           due_date=event.due_date, total=event.total.amount)
        case billing.PaymentRecorded() | billing.CreditNoteIssued():
            return replace(base, **_owed(event.balance))
        case billing.InvoicePaid():
            return replace(base, currency=event.total.currency, balance=Decimal(0), status=ReceivableStatus.PAID)
        case billing.InvoiceVoided():
            return replace(base, **_owed(event.balance) | {"balance": Decimal(0)}, status=ReceivableStatus.VOIDED)
        case billing.InvoiceDisputed() | billing.InvoiceDisputeResolved():
            return replace(base, **_owed(event.balance), disputed=isinstance(event, billing.InvoiceDisputed),
                           dispute_changed_at=envelope.occurred_at)
    raise ValueError(f"{envelope.event_type} says nothing about a receivable")
