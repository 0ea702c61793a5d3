"""Reminder rules, free of nameko and SQLAlchemy (docs/rules.md, rule 6).

- Each stage is sent at most once per invoice.
- Nothing is sent for a paid, credited, voided, disputed or paused invoice.
- After an outage only the latest stage that has come due is sent; the
  earlier ones it overtook are recorded as skipped, so a customer never gets
  three reminders in one morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ledgerline_servicekit.receivables.rules import Receivable


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    days_after_due: int  # negative: before the due date


# The default policy (the Finance Admin seed: 3 days before, due date, 7, 14 and 30 days late).
DEFAULT_POLICY = (
    Stage("before_due", "Due in 3 days", -3),
    Stage("due", "Due today", 0),
    Stage("overdue_7", "7 days overdue", 7),
    Stage("overdue_14", "14 days overdue", 14),
    Stage("overdue_30", "30 days overdue", 30),
)


class ReminderStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    SKIPPED = "skipped"  # overtaken by a later stage after an outage
    CANCELLED = "cancelled"  # the invoice was paid, credited or voided


def schedule(due: date, policy: tuple[Stage, ...] = DEFAULT_POLICY) -> list[tuple[Stage, date]]:
    return [(stage, due + timedelta(days=stage.days_after_due)) for stage in policy]


def may_remind(invoice: Receivable, paused: bool) -> bool:
    return not invoice.settled and not invoice.disputed and not paused


@dataclass(frozen=True)
class Decision:
    send: str | None
    skip: tuple[str, ...]


def decide(pending: list[tuple[str, date]], today: date) -> Decision:
    """Of the scheduled stages (in policy order), which to send today and which to skip."""
    due_now = [key for key, due_on in pending if due_on <= today]
    if not due_now:
        return Decision(send=None, skip=())
    return Decision(send=due_now[-1], skip=tuple(due_now[:-1]))
