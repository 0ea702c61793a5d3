"""Entrypoints for timers: start, pause, resume, stop, discard, commit. Changes are use cases
(:mod:`ledgerline_timetracking.use_cases.timers`); each answers with the timer as it now stands."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_timetracking.domain import access, rounding
from ledgerline_timetracking.domain.timers import TimerClock
from ledgerline_timetracking.storage import setup
from ledgerline_timetracking.storage import timers as storage
from ledgerline_timetracking.storage.receivables import past_due_warning, past_due_warnings
from ledgerline_timetracking.storage.visibility import own_timer
from ledgerline_timetracking.use_cases import timers
from ledgerline_timetracking.views.timers import timer_view
from ledgerline_timetracking.views.work import entry_view


class TimerEntrypoints:
    @rpc(allow=access.TIME_RECORDERS)
    def start_timer(self, actor: Actor, timer: dict) -> dict:
        """Start a timer; your running timer, if any, is paused."""
        command = commands.StartTimer.model_validate(timer)
        return self._timer_view(actor, *timers.start_timer(self._unit_of_work(), actor, command))

    @rpc(allow=access.TIME_RECORDERS)
    def list_timers(self, actor: Actor) -> dict:
        """Your timers not yet committed or discarded, the running one first."""
        now = clock.now()
        rows = storage.active_timers(self.db.session, actor.org_id, actor.user_id)
        warnings = past_due_warnings(self.db.session, actor.org_id, [r.account_id for r in rows])
        return {"items": [timer_view(r, now, self._billed_minutes(actor, r, now), warnings.get(r.account_id))
                          for r in rows]}

    @rpc(allow=access.TIME_RECORDERS)
    def get_timer(self, actor: Actor, timer_id: str) -> dict:
        row = own_timer(self.db.session, actor, inputs.parse_id(timer_id, "timer_id"))
        return self._timer_view(actor, row.id, clock.now())

    @rpc(allow=access.TIME_RECORDERS)
    def update_timer(self, actor: Actor, timer_id: str, changes: dict) -> dict:
        """Describe or (re)assign a timer: a general timer gets its ticket or account before committing."""
        command = commands.EditTimer.model_validate(changes)
        return self._timer_view(actor, *timers.edit_timer(self._unit_of_work(), actor, timer_id, command))

    @rpc(allow=access.TIME_RECORDERS)
    def pause_timer(self, actor: Actor, timer_id: str) -> dict:
        return self._timer_view(actor, *timers.move_timer(self._unit_of_work(), actor, timer_id, TimerClock.pause))

    @rpc(allow=access.TIME_RECORDERS)
    def resume_timer(self, actor: Actor, timer_id: str) -> dict:
        """Resume a paused timer; your running timer, if any, is paused."""
        return self._timer_view(actor, *timers.move_timer(self._unit_of_work(), actor, timer_id, TimerClock.resume,
                                                          pause_others=True))

    @rpc(allow=access.TIME_RECORDERS)
    def stop_timer(self, actor: Actor, timer_id: str) -> dict:
        return self._timer_view(actor, *timers.move_timer(self._unit_of_work(), actor, timer_id, TimerClock.stop))

    @rpc(allow=access.TIME_RECORDERS)
    def discard_timer(self, actor: Actor, timer_id: str) -> None:
        timers.move_timer(self._unit_of_work(), actor, timer_id, TimerClock.discard)

    @rpc(allow=access.TIME_RECORDERS)
    def commit_timer(self, actor: Actor, timer_id: str, commit: dict | None = None) -> dict:
        """Turn a timer into a time entry, rounded by the account's rule; the measured time is kept."""
        command = commands.CommitTimer.model_validate(commit or {})
        committed, now, entry = timers.commit_timer(self._unit_of_work(), actor, timer_id, command)
        return {"timer": self._timer_view(actor, committed, now), "entry": entry_view(entry, actor)}

    # --- shared -----------------------------------------------------------------------------

    def _billed_minutes(self, actor: Actor, row, now: datetime) -> int | None:
        """What committing now would bill, or None for a general timer."""
        if row.account_id is None:
            return None
        rule = setup.rounding_rule(self.db.session, actor.org_id, row.account_id)
        return rounding.rounded_minutes(storage.clock_of(row).elapsed(now), rule)

    def _timer_view(self, actor: Actor, timer_id: UUID, now: datetime) -> dict:
        """The timer, with what committing now would bill and whether its account is past due."""
        row = storage.get_timer(self.db.session, actor.org_id, timer_id)
        warning = past_due_warning(self.db.session, actor.org_id, row.account_id)
        return timer_view(row, now, self._billed_minutes(actor, row, now), warning)
