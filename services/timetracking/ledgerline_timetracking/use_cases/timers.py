"""Timers, as use cases: one person runs one timer at a time (their changes are serialized),
and committing a timer records its time entry, rounded by the account's rule. Each returns the
timer's id and the moment it acted, for the view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, ValidationFailed
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_timetracking.domain import events
from ledgerline_timetracking.domain import timers as rules
from ledgerline_timetracking.domain import work as work_rules
from ledgerline_timetracking.domain.timers import TimerClock
from ledgerline_timetracking.storage import setup
from ledgerline_timetracking.storage import timers as storage
from ledgerline_timetracking.storage import work as work_storage
from ledgerline_timetracking.storage.timers import clock_columns, clock_of
from ledgerline_timetracking.storage.visibility import own_timer
from ledgerline_timetracking.use_cases.common import assignment
from ledgerline_timetracking.use_cases.work import new_entry


def start_timer(uow: SqlUnitOfWork, actor: Actor, command: commands.StartTimer) -> tuple[UUID, datetime]:
    """Start a timer; the person's running timer, if any, is paused."""
    with uow:
        session = uow.session
        account_id, matter_id = _timer_assignment(session, actor, command.account_id, command.matter_id)
        setup.activity_code_named(session, actor.org_id, command.activity_code)
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        now = clock.now()
        _pause_running(session, actor, now)
        timer_id = uuid4()
        storage.insert_timer(session, {
            "id": timer_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
            "description": command.description, "account_id": account_id, "matter_id": matter_id,
            "activity_code": command.activity_code, "billable": command.billable, "started_at": now,
            **clock_columns(TimerClock.started(now))})
        return timer_id, now


def edit_timer(uow: SqlUnitOfWork, actor: Actor, timer_id, command: commands.EditTimer) -> tuple[UUID, datetime]:
    """Describe or (re)assign a timer: a general timer gets its ticket or account before committing."""
    with uow:
        session = uow.session
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        row = own_timer(session, actor, inputs.parse_id(timer_id, "timer_id"))
        clock_of(row).require_active()
        values = command.model_dump(exclude_unset=True)
        if {"account_id", "matter_id"} & values.keys():
            wanted = {"account_id": row.account_id, "matter_id": row.matter_id} | values
            if values.get("matter_id") is not None and "account_id" not in values:
                wanted["account_id"] = None  # the new matter brings its account
            values["account_id"], values["matter_id"] = _timer_assignment(
                session, actor, wanted["account_id"], wanted["matter_id"])
        if values.get("activity_code"):
            setup.activity_code_named(session, actor.org_id, values["activity_code"])
        if "description" in values and values["description"] is None:
            values["description"] = ""
        if values:
            storage.update_timer(session, row.id, values)
        return row.id, clock.now()


def move_timer(uow: SqlUnitOfWork, actor: Actor, timer_id, transition: Callable[[TimerClock, datetime], TimerClock],
               pause_others: bool = False) -> tuple[UUID, datetime]:
    """Pause, resume, stop or discard (``transition``, one of :class:`TimerClock`'s); resuming
    (``pause_others``) pauses the person's running timer."""
    with uow:
        session = uow.session
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        row = own_timer(session, actor, inputs.parse_id(timer_id, "timer_id"))
        now = clock.now()
        moved = transition(clock_of(row), now)
        if pause_others:
            _pause_running(session, actor, now, except_id=row.id)
        ended = {"ended_at": now} if moved.status in (rules.TimerStatus.STOPPED, rules.TimerStatus.DISCARDED) else {}
        storage.update_timer(session, row.id, {**clock_columns(moved), **ended})
        return row.id, now


def commit_timer(uow: SqlUnitOfWork, actor: Actor, timer_id, command: commands.CommitTimer):
    """Turn a timer into a time entry, rounded by the account's rule; the measured time is kept.
    Returns the timer's id, the moment, and the entry."""
    with uow:
        session = uow.session
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        row = own_timer(session, actor, inputs.parse_id(timer_id, "timer_id"))
        timer_clock = clock_of(row)
        timer_clock.require_active()
        rules.require_assignment(row.account_id)
        where = assignment(session, actor.org_id, row.account_id, row.matter_id)
        code_name = command.activity_code or row.activity_code
        code = setup.activity_code_named(session, actor.org_id, code_name)
        now = clock.now()
        committed = timer_clock.commit(now)
        rule = setup.rounding_rule(session, actor.org_id, where.account_id)
        minutes = rules.committed_minutes(committed.accumulated_seconds, rule)
        narrative = command.narrative or row.description
        if not narrative:
            raise ValidationFailed("describe the work (narrative) before committing the timer", "narrative")
        entry = commands.NewTimeEntry.model_validate({
            "account_id": where.account_id, "matter_id": where.matter_id, "duration_minutes": minutes,
            "work_date": command.work_date or row.started_at.astimezone(UTC).date(), "narrative": narrative,
            "activity_code": code_name})
        billable = command.billable if command.billable is not None else row.billable
        entry_row = new_entry(uow, actor, {
            "account_id": entry.account_id, "matter_id": entry.matter_id, "work_date": entry.work_date,
            "duration_minutes": minutes, "raw_duration_seconds": committed.accumulated_seconds, "timer_id": row.id,
            "activity_code": entry.activity_code, "narrative": entry.narrative,
            "billable": work_rules.resolve_billable(billable, code.billable if code else None)})
        storage.update_timer(session, row.id, {**clock_columns(committed), "ended_at": now,
                                               "entry_id": entry_row.id})
        uow.record(events.TimerCommitted(
            actor, timer_id=row.id, entry_id=entry_row.id, account_id=where.account_id, matter_id=where.matter_id,
            raw_seconds=committed.accumulated_seconds, rounded_minutes=minutes, rule=rule))
        return row.id, now, entry_row


# --- shared -----------------------------------------------------------------------------

def _timer_assignment(session, actor: Actor, account_id: UUID | None,
                      matter_id: UUID | None) -> tuple[UUID | None, UUID | None]:
    """A general timer has none; otherwise an open matter/ticket (its account) or an active account."""
    if account_id is None and matter_id is None:
        return None, None
    where = assignment(session, actor.org_id, account_id, matter_id)
    return where.account_id, where.matter_id


def _pause_running(session, actor: Actor, now: datetime, except_id: UUID | None = None) -> None:
    running = storage.running_timer(session, actor.org_id, actor.user_id)
    if running is not None and running.id != except_id:
        storage.update_timer(session, running.id, clock_columns(clock_of(running).pause(now)))
