"""Formats every view shares, and the past-due warning shown with an account's work."""

from __future__ import annotations

from datetime import UTC, datetime

from ledgerline_contracts import Money

from ledgerline_timetracking.domain.past_due import PastDueWarning


def id_or_none(value) -> str | None:
    return str(value) if value is not None else None


def moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def money(amount, currency: str) -> dict:
    return Money.stored(amount, currency).model_dump(mode="json")


def assignment(row) -> dict:
    """Where the work goes, with the names people recognize."""
    return {
        "account_id": id_or_none(row.account_id), "account_name": row.account_name,
        "matter_id": id_or_none(row.matter_id), "matter_reference": row.matter_reference,
        "matter_title": row.matter_title,
    }


def past_due_view(warning: PastDueWarning | None) -> dict | None:
    """The past-due warning: whether the account owes on invoices after their due date."""
    if warning is None:
        return None
    if not warning.past_due:
        return {"past_due": False}
    return {"past_due": True, "overdue_invoices": warning.overdue_invoices,
            "overdue_amount": money(warning.overdue_amount, warning.currency),
            "oldest_due_date": warning.oldest_due_date.isoformat(), "days_overdue": warning.days_overdue}
