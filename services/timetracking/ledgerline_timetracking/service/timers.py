"""Entrypoints for timers: start, pause, resume, stop, discard, commit."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, NotFound, ValidationFailed
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_contracts.events import timetracking as events
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_timetracking.domain import access, rounding
from ledgerline_timetracking.domain import timers as rules
from ledgerline_timetracking.domain import work as work_rules
from ledgerline_timetracking.domain.timers import TimerClock
from ledgerline_timetracking.service import views
from ledgerline_timetracking.service.common import (
    activity_code, assignment, past_due_warnings, record_entry, utcnow,
)
from ledgerline_timetracking.storage import setup
from ledgerline_timetracking.storage import timers as storage
from ledgerline_timetracking.storage import work as work_storage


def _clock_columns(clock: TimerClock) -> dict:
    return {"status": str(clock.status), "accumulated_seconds": clock.accumulated_seconds,
            "running_since": clock.running_since}


class TimerEntrypoints:
    @rpc(allow=access.TIME_RECORDERS)
    def start_timer(self, actor: Actor, timer: dict) -> dict:
        """Start a timer; your running timer, if any, is paused."""
        command = commands.StartTimer.model_validate(timer)
        session = self.db.session
        account_id, matter_id = self._timer_assignment(actor, command.account_id, command.matter_id)
        activity_code(session, actor.org_id, command.activity_code)
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        now = utcnow()
        self._pause_running(actor, now)
        timer_id = uuid4()
        storage.insert_timer(session, {
            "id": timer_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
            "description": command.description, "account_id": account_id, "matter_id": matter_id,
            "activity_code": command.activity_code, "billable": command.billable, "started_at": now,
            **_clock_columns(TimerClock.started(now))})
        return self._timer_view(actor, timer_id, now)

    @rpc(allow=access.TIME_RECORDERS)
    def list_timers(self, actor: Actor) -> dict:
        """Your timers not yet committed or discarded, the running one first."""
        now = utcnow()
        rows = storage.active_timers(self.db.session, actor.org_id, actor.user_id)
        warnings = past_due_warnings(self.db.session, actor.org_id, [r.account_id for r in rows])
        return {"items": [views.timer_view(r, now, self._billed_minutes(actor, r, now), warnings.get(r.account_id))
                          for r in rows]}

    @rpc(allow=access.TIME_RECORDERS)
    def get_timer(self, actor: Actor, timer_id: str) -> dict:
        return self._timer_view(actor, self._own_timer(actor, timer_id).id, utcnow())

    @rpc(allow=access.TIME_RECORDERS)
    def update_timer(self, actor: Actor, timer_id: str, changes: dict) -> dict:
        """Describe or (re)assign a timer: a general timer gets its ticket or account before committing."""
        command = commands.EditTimer.model_validate(changes)
        session = self.db.session
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        row = self._own_timer(actor, timer_id)
        views.clock_of(row).require_active()
        values = command.model_dump(exclude_unset=True)
        if {"account_id", "matter_id"} & values.keys():
            wanted = {"account_id": row.account_id, "matter_id": row.matter_id} | values
            if values.get("matter_id") is not None and "account_id" not in values:
                wanted["account_id"] = None  # the new matter brings its account
            values["account_id"], values["matter_id"] = self._timer_assignment(
                actor, wanted["account_id"], wanted["matter_id"])
        if values.get("activity_code"):
            activity_code(session, actor.org_id, values["activity_code"])
        if "description" in values and values["description"] is None:
            values["description"] = ""
        if values:
            storage.update_timer(session, row.id, values)
        return self._timer_view(actor, row.id, utcnow())

    @rpc(allow=access.TIME_RECORDERS)
    def pause_timer(self, actor: Actor, timer_id: str) -> dict:
        return self._move(actor, timer_id, TimerClock.pause)

    @rpc(allow=access.TIME_RECORDERS)
    def resume_timer(self, actor: Actor, timer_id: str) -> dict:
        """Resume a paused timer; your running timer, if any, is paused."""
        return self._move(actor, timer_id, TimerClock.resume, pause_others=True)

    @rpc(allow=access.TIME_RECORDERS)
    def stop_timer(self, actor: Actor, timer_id: str) -> dict:
        return self._move(actor, timer_id, TimerClock.stop)

    @rpc(allow=access.TIME_RECORDERS)
    def discard_timer(self, actor: Actor, timer_id: str) -> None:
        self._move(actor, timer_id, TimerClock.discard)

    @rpc(allow=access.TIME_RECORDERS)
    def commit_timer(self, actor: Actor, timer_id: str, commit: dict | None = None) -> dict:
        """Turn a timer into a time entry, rounded by the account's rule; the measured time is kept."""
        command = commands.CommitTimer.model_validate(commit or {})
        session = self.db.session
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        row = self._own_timer(actor, timer_id)
        clock = views.clock_of(row)
        clock.require_active()
        rules.require_assignment(row.account_id)
        where = assignment(session, actor.org_id, row.account_id, row.matter_id)
        code_name = command.activity_code or row.activity_code
        code = activity_code(session, actor.org_id, code_name)
        now = utcnow()
        committed = clock.commit(now)
        rule = self._rounding_rule(actor, where.account_id)
        minutes = rules.committed_minutes(committed.accumulated_seconds, rule)
        narrative = command.narrative or row.description
        if not narrative:
            raise ValidationFailed("describe the work (narrative) before committing the timer", "narrative")
        entry = commands.NewTimeEntry.model_validate({
            "account_id": where.account_id, "matter_id": where.matter_id, "duration_minutes": minutes,
            "work_date": command.work_date or row.started_at.astimezone(UTC).date(), "narrative": narrative,
            "activity_code": code_name})
        billable = command.billable if command.billable is not None else row.billable
        entry_row = record_entry(self.db, actor, {
            "account_id": entry.account_id, "matter_id": entry.matter_id, "work_date": entry.work_date,
            "duration_minutes": minutes, "raw_duration_seconds": committed.accumulated_seconds, "timer_id": row.id,
            "activity_code": entry.activity_code, "narrative": entry.narrative,
            "billable": work_rules.resolve_billable(billable, code.billable if code else None)})
        storage.update_timer(session, row.id, {**_clock_columns(committed), "ended_at": now,
                                               "entry_id": entry_row.id})
        self.db.record_event("timer.committed", actor.org_id, events.TimerCommitted(
            timer_id=row.id, user_id=actor.user_id, entry_id=entry_row.id, account_id=where.account_id,
            matter_id=where.matter_id, raw_seconds=committed.accumulated_seconds, rounded_minutes=minutes,
            rounding_rule=rounding.describe(rule)))
        return {"timer": self._timer_view(actor, row.id, now), "entry": views.entry_view(entry_row, actor)}

    # --- shared -----------------------------------------------------------------------------

    def _timer_assignment(self, actor: Actor, account_id: UUID | None,
                          matter_id: UUID | None) -> tuple[UUID | None, UUID | None]:
        """A general timer has none; otherwise an open matter/ticket (its account) or an active account."""
        if account_id is None and matter_id is None:
            return None, None
        where = assignment(self.db.session, actor.org_id, account_id, matter_id)
        return where.account_id, where.matter_id

    def _own_timer(self, actor: Actor, timer_id: str):
        """Timers are private to the person running them."""
        row = storage.get_timer(self.db.session, actor.org_id, inputs.parse_id(timer_id, "timer_id"))
        if row.user_id != actor.user_id:
            raise NotFound("no such timer", "timer_id")
        return row

    def _pause_running(self, actor: Actor, now: datetime, except_id: UUID | None = None) -> None:
        running = storage.running_timer(self.db.session, actor.org_id, actor.user_id)
        if running is not None and running.id != except_id:
            storage.update_timer(self.db.session, running.id, _clock_columns(views.clock_of(running).pause(now)))

    def _move(self, actor: Actor, timer_id: str, transition, pause_others: bool = False):
        session = self.db.session
        work_storage.lock_person(session, actor.org_id, actor.user_id)
        row = self._own_timer(actor, timer_id)
        now = utcnow()
        moved = transition(views.clock_of(row), now)
        if pause_others:
            self._pause_running(actor, now, except_id=row.id)
        ended = {"ended_at": now} if moved.status in (rules.TimerStatus.STOPPED, rules.TimerStatus.DISCARDED) else {}
        storage.update_timer(session, row.id, {**_clock_columns(moved), **ended})
        return self._timer_view(actor, row.id, now)

    def _rounding_rule(self, actor: Actor, account_id: UUID):
        session = self.db.session
        return rounding.effective_rule(setup.account_rounding_rule(session, actor.org_id, account_id),
                                       setup.org_rounding_rule(session, actor.org_id))

    def _billed_minutes(self, actor: Actor, row, now: datetime) -> int | None:
        """What committing now would bill, or None for a general timer."""
        if row.account_id is None:
            return None
        return rounding.rounded_minutes(views.clock_of(row).elapsed(now), self._rounding_rule(actor, row.account_id))

    def _timer_view(self, actor: Actor, timer_id: UUID, now: datetime) -> dict:
        """The timer, with what committing now would bill and whether its account is past due."""
        row = storage.get_timer(self.db.session, actor.org_id, timer_id)
        warning = past_due_warnings(self.db.session, actor.org_id, [row.account_id]).get(row.account_id)
        return views.timer_view(row, now, self._billed_minutes(actor, row, now), warning)
