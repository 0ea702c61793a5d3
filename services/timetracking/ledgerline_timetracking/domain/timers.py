"""Timers: general (no assignment), ticket/matter, or account timers.

A timer's clock is the seconds of its finished runs plus, while it runs, the
time since it last started. Both live in the database, so a restart of the
service loses no elapsed time. A person has at most one running timer:
starting or resuming another pauses it.

    running ⇄ paused → stopped → committed (a time entry) or discarded
    (commit and discard also straight from running or paused)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from ledgerline_contracts import Conflict, ValidationFailed
from ledgerline_contracts.commands.timetracking import MAX_MINUTES_PER_ENTRY, RoundingRule

from ledgerline_timetracking.domain import rounding


class TimerStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    COMMITTED = "committed"
    DISCARDED = "discarded"


ACTIVE = frozenset({TimerStatus.RUNNING, TimerStatus.PAUSED, TimerStatus.STOPPED})


@dataclass(frozen=True)
class TimerClock:
    status: TimerStatus
    accumulated_seconds: int = 0
    running_since: datetime | None = None

    @classmethod
    def started(cls, now: datetime) -> TimerClock:
        return cls(TimerStatus.RUNNING, 0, now)

    def elapsed(self, now: datetime) -> int:
        """Whole seconds measured so far."""
        if self.status is TimerStatus.RUNNING and self.running_since is not None:
            return self.accumulated_seconds + max(0, int((now - self.running_since).total_seconds()))
        return self.accumulated_seconds

    def _require(self, action: str, *allowed: TimerStatus) -> None:
        if self.status in allowed:
            return
        if self.status in (TimerStatus.COMMITTED, TimerStatus.DISCARDED):
            raise Conflict(f"the timer was already {self.status.value}; it cannot be {action}")
        if self.status is TimerStatus.STOPPED:
            raise Conflict(f"the timer is stopped; commit or discard it (it cannot be {action})")
        raise Conflict(f"the timer is {self.status.value}; it cannot be {action}")

    def _halted(self, status: TimerStatus, now: datetime) -> TimerClock:
        return TimerClock(status, self.elapsed(now), None)

    def pause(self, now: datetime) -> TimerClock:
        self._require("paused", TimerStatus.RUNNING)
        return self._halted(TimerStatus.PAUSED, now)

    def resume(self, now: datetime) -> TimerClock:
        self._require("resumed", TimerStatus.PAUSED)
        return replace(self, status=TimerStatus.RUNNING, running_since=now)

    def stop(self, now: datetime) -> TimerClock:
        self._require("stopped", TimerStatus.RUNNING, TimerStatus.PAUSED)
        return self._halted(TimerStatus.STOPPED, now)

    def discard(self, now: datetime) -> TimerClock:
        self._require("discarded", *ACTIVE)
        return self._halted(TimerStatus.DISCARDED, now)

    def commit(self, now: datetime) -> TimerClock:
        self._require("committed", *ACTIVE)
        return self._halted(TimerStatus.COMMITTED, now)

    def require_active(self) -> None:
        self._require("changed", *ACTIVE)


def require_assignment(account_id: UUID | None) -> None:
    """Only assigned time is billable: a general timer must be given a ticket or account first."""
    if account_id is None:
        raise ValidationFailed("assign the timer to a ticket, matter or account before committing it",
                               "account_id")


def committed_minutes(raw_seconds: int, rule: RoundingRule) -> int:
    """The billed minutes of a committed timer, within an entry's limits."""
    minutes = rounding.rounded_minutes(raw_seconds, rule)
    measured = f"{raw_seconds // 3600}:{raw_seconds // 60 % 60:02d}:{raw_seconds % 60:02d}"
    if minutes <= 0:
        raise ValidationFailed(f"the timer ran {measured}, which rounds ({rounding.describe(rule)}) to "
                               "0 minutes; discard it instead", "duration_minutes")
    if minutes > MAX_MINUTES_PER_ENTRY:
        raise ValidationFailed(f"the timer ran {measured}, more than the 24 hours an entry may hold; discard it "
                               "and record the time by hand", "duration_minutes")
    return minutes
