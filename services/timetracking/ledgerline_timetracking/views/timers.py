"""Timers as the person running them sees them."""

from __future__ import annotations

from datetime import datetime

from ledgerline_timetracking.domain.past_due import PastDueWarning
from ledgerline_timetracking.storage.timers import clock_of
from ledgerline_timetracking.views.common import assignment, id_or_none, moment, past_due_view


def timer_view(row, now: datetime, billed_minutes: int | None = None, warning: PastDueWarning | None = None) -> dict:
    """``billed_minutes``: what committing now would record, under the account's rounding rule."""
    return assignment(row) | {"past_due_warning": past_due_view(warning)} | {
        "id": str(row.id), "status": row.status, "description": row.description,
        "activity_code": row.activity_code, "billable": row.billable,
        "started_at": moment(row.started_at), "running_since": moment(row.running_since),
        "ended_at": moment(row.ended_at), "elapsed_seconds": clock_of(row).elapsed(now),
        "assigned": row.account_id is not None, "billed_minutes_if_committed": billed_minutes,
        "entry_id": id_or_none(row.entry_id), "updated_at": moment(row.updated_at),
    }
