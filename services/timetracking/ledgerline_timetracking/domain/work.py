"""Rules for recording work: matters and tickets, activity codes, time entries,
expenses and parts, and the live total of a ticket."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledgerline_contracts import Money, ValidationFailed
from ledgerline_contracts.commands.invoicing import CatalogItem, QuotePart, QuoteRequest, QuoteTime

# --- matters / tickets ----------------------------------------------------------------


def default_reference(kind: str, number: int) -> str:
    """Matters are numbered M-000001, tickets T-000001, per organization."""
    return f"{'T' if kind == 'ticket' else 'M'}-{number:06d}"


def require_open(kind: str, reference: str, status: str) -> None:
    """Only open matters and tickets take new work."""
    if status != "open":
        raise ValidationFailed(f"{kind} {reference} is closed; reopen it to record work on it", "matter_id")


def resolve_account(account_id: UUID | None, matter_account_id: UUID | None, reference: str | None) -> UUID:
    """The account work is billed to: the matter's (a ticket's account is resolved from it), or the one given."""
    if matter_account_id is None:
        return account_id
    if account_id is not None and account_id != matter_account_id:
        raise ValidationFailed(f"{reference} belongs to another account", "matter_id")
    return matter_account_id


# --- activity codes and billable ------------------------------------------------------------


def resolve_billable(requested: bool | None, code_billable: bool | None) -> bool:
    """An explicit choice wins; else the activity code's default; else billable."""
    if requested is not None:
        return requested
    return True if code_billable is None else code_billable


# --- time entries ---------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Another entry of the same person that has a start and an end."""

    entry_id: UUID
    started_at: datetime
    ended_at: datetime
    narrative: str


def overlaps(start: datetime, end: datetime, other: Period) -> bool:
    """Half-open periods: one ending at 10:00 and another starting at 10:00 do not overlap."""
    return start < other.ended_at and other.started_at < end


def require_no_overlap(start: datetime, end: datetime, others: Iterable[Period]) -> None:
    for other in sorted(others, key=lambda p: p.started_at):
        if overlaps(start, end, other):
            a, b = other.started_at.astimezone(UTC), other.ended_at.astimezone(UTC)
            snippet = other.narrative if len(other.narrative) <= 60 else other.narrative[:57] + "..."
            raise ValidationFailed(
                f"overlaps your entry {other.entry_id} of {a:%Y-%m-%d %H:%M}–{b:%H:%M} UTC (“{snippet}”)",
                "started_at")


# What a time entry is made of, as NewTimeEntry takes it.
ENTRY_FIELDS = ("account_id", "matter_id", "work_date", "started_at", "ended_at", "duration_minutes", "billable",
                "activity_code", "narrative")


def merged_entry(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The whole entry after an edit, to be validated again as a new entry.

    Sending a start or end makes it a period (the duration and, unless given, the
    date follow from it); sending only a duration makes it a plain duration; a new
    matter brings its own account unless one is given.
    """
    merged = {name: current[name] for name in ENTRY_FIELDS} | changes
    if {"started_at", "ended_at"} & changes.keys():
        if "duration_minutes" not in changes:
            merged["duration_minutes"] = None
        if "work_date" not in changes:
            merged["work_date"] = None
    elif "duration_minutes" in changes:
        merged["started_at"] = merged["ended_at"] = None
    if changes.get("matter_id") is not None and "account_id" not in changes:
        merged["account_id"] = None
    return merged


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


# --- expenses and parts -------------------------------------------------------------------


def expense_amount(amount: Decimal, currency: str | None, account_currency: str) -> Money:
    """Expenses are billed in the account's currency, to its minor unit."""
    if currency is not None and currency != account_currency:
        raise ValidationFailed(f"expenses on this account are in {account_currency}, not {currency}", "currency")
    money = Money(amount=amount, currency=account_currency)
    if money.rounded() != money:
        raise ValidationFailed(f"amount has more decimals than {account_currency} allows", "amount")
    return money


def require_part(item: CatalogItem) -> None:
    if item.kind != "part":
        raise ValidationFailed(f"{item.name} is a service, not a part; record time for services",
                               "catalog_item_id")


# --- the live total of a ticket ------------------------------------------------------------


@dataclass(frozen=True)
class TimeWork:
    user_id: UUID
    activity_code: str | None
    duration_minutes: int


@dataclass(frozen=True)
class PartWork:
    catalog_item_id: UUID | None
    quantity: Decimal
    unit_price: Money


def quote_request(account_id: UUID, matter_id: UUID | None, time: Iterable[TimeWork], expenses: Iterable[Money],
                  parts: Iterable[PartWork]) -> QuoteRequest:
    """What to ask invoicing's pricing for: time summed per person and activity (the rate's keys)."""
    minutes: dict[tuple[UUID, str | None], int] = defaultdict(int)
    for work in time:
        minutes[(work.user_id, work.activity_code)] += work.duration_minutes
    return QuoteRequest(
        account_id=account_id, matter_id=matter_id,
        time=[QuoteTime(user_id=user, activity_code=code, duration_minutes=total)
              for (user, code), total in sorted(minutes.items(), key=lambda kv: (str(kv[0][0]), kv[0][1] or ""))],
        expenses=list(expenses),
        parts=[QuotePart(catalog_item_id=p.catalog_item_id, quantity=p.quantity, unit_price=p.unit_price)
               for p in parts],
    )
