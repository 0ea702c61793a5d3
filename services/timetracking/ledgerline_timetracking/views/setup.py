"""Matters and tickets, activity codes and rounding rules as callers see them; a matter's event."""

from __future__ import annotations

from ledgerline_contracts import Actor
from ledgerline_contracts.commands.timetracking import RoundingRule
from ledgerline_contracts.events import timetracking as events

from ledgerline_timetracking.domain import rounding
from ledgerline_timetracking.domain.past_due import PastDueWarning
from ledgerline_timetracking.views.common import moment, past_due_view


def matter_view(row, actor: Actor, warning: PastDueWarning | None = None) -> dict:
    view = {
        "id": str(row.id), "account_id": str(row.account_id), "account_name": row.account_name,
        "kind": row.kind, "reference": row.reference, "title": row.title, "status": row.status,
    }
    if not actor.is_customer:
        view |= {"version": row.version, "opened_by": str(row.opened_by), "created_at": moment(row.created_at),
                 "updated_at": moment(row.updated_at), "past_due_warning": past_due_view(warning)}
    return view


def matter_event(row) -> events.Matter:
    return events.Matter(matter_id=row.id, version=row.version, account_id=row.account_id, kind=row.kind,
                         reference=row.reference, title=row.title, status=row.status)


def activity_code_view(row) -> dict:
    return {"id": str(row.id), "code": row.code, "name": row.name, "billable": row.billable, "active": row.active}


def rounding_rules_view(own: RoundingRule | None, accounts) -> dict:
    """The organization's default rule (``own``, if it set one) and the accounts with their own."""
    default = rounding.effective_rule(None, own)
    return {
        "default": default.model_dump() | {"description": rounding.describe(default), "set": own is not None},
        "accounts": [{"account_id": str(r.account_id), "account_name": r.account_name, "mode": r.mode,
                      "increment_minutes": r.increment_minutes,
                      "description": rounding.describe(RoundingRule(mode=r.mode,
                                                                    increment_minutes=r.increment_minutes))}
                     for r in accounts],
    }


def capacity_view(user_id, capacity) -> dict:
    return {"user_id": str(user_id), "weekly_hours": format(capacity.weekly_hours, "f"),
            "target_percent": capacity.target_percent}
