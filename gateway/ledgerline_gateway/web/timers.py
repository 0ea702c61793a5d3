"""Timers: start one (general, on a ticket/matter, or on an account), pause, resume, discard,
and commit it into a time entry rounded by the account's rule."""

from __future__ import annotations

from flask import request

from ledgerline_contracts import ValidationFailed
from ledgerline_contracts.commands.timetracking import CommitTimer, EditTimer, StartTimer
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import REFUSALS, Form, act, call, done, read_form, refused, render, row_prefix
from ledgerline_gateway.web.time import where_options


def timer_label(timer: dict) -> str:
    """How people recognise a timer: what it is for, else where it runs."""
    where = timer["matter_reference"] or timer["account_name"]
    return timer["description"] or where or "General timer"


def billable_choice(billable: bool | None) -> str:
    """The billable select's value: unset lets the activity code decide (its default)."""
    return "" if billable is None else str(billable).lower()


def _commit_form(timer: dict) -> Form:
    return Form(values={"narrative": timer["description"], "work_date": "",
                        "billable": billable_choice(timer["billable"]),
                        "activity_code": timer["activity_code"] or "", "account_id": "", "matter_id": ""},
                prefix=row_prefix("t", timer["id"]))


@web.page("GET", "/timers", capability=Capability.RECORD_TIME, title="Use timers", nav="Timers", order=15)
def timers_page(start_form: Form | None = None, commit_forms: dict[str, Form] | None = None, status: int = 200):
    timers = call("timetracking", "list_timers")["items"]
    forms = {t["id"]: _commit_form(t) for t in timers} | (commit_forms or {})
    return render("timers/timers.html", status, timers=timers, commit_forms=forms,
                  start_form=start_form or Form(), label=timer_label, **where_options())


@web.page("POST", "/timers", capability=Capability.RECORD_TIME, title="Start a timer")
def start_timer():
    command, form = read_form(StartTimer, request.form)
    if command is not None:
        running = [t for t in call("timetracking", "list_timers")["items"] if t["status"] == "running"]
        try:
            timer = call("timetracking", "start_timer", command.model_dump(mode="json", exclude_unset=True))
        except REFUSALS as error:
            form.fail(error)
        else:
            paused = f" Your timer “{timer_label(running[0])}” is paused." if running else ""
            return done(f"Timer “{timer_label(timer)}” started.{paused}", "web.timers_page")
    return timers_page(start_form=form, status=422)


def _move(timer_id, method: str, message: str):
    return act(lambda: call("timetracking", method, str(timer_id)), message, "web.timers_page")


@web.page("POST", "/timers/<uuid:timer_id>/pause", capability=Capability.RECORD_TIME, title="Pause a timer")
def pause_timer(timer_id):
    return _move(timer_id, "pause_timer", "Timer paused.")


@web.page("POST", "/timers/<uuid:timer_id>/resume", capability=Capability.RECORD_TIME, title="Resume a timer")
def resume_timer(timer_id):
    return _move(timer_id, "resume_timer", "Timer resumed; any other running timer is paused.")


@web.page("POST", "/timers/<uuid:timer_id>/discard", capability=Capability.RECORD_TIME, title="Discard a timer")
def discard_timer(timer_id):
    return _move(timer_id, "discard_timer", "Timer discarded; no time was recorded.")


@web.page("POST", "/timers/<uuid:timer_id>/commit", capability=Capability.RECORD_TIME,
          title="Commit a timer into a time entry")
def commit_timer(timer_id):
    command, form = read_form(CommitTimer, request.form)
    # A general timer's form also asks where the time goes; it is assigned first, then committed.
    assignment, where = read_form(EditTimer, request.form)
    form.values |= {name: where.values[name] for name in ("account_id", "matter_id")}
    form.errors |= {name: where.errors[name] for name in ("account_id", "matter_id") if name in where.errors}
    form.prefix = row_prefix("t", timer_id)
    if command is not None and assignment is not None and not form.failed:
        changes = assignment.model_dump(mode="json", exclude_unset=True, include={"account_id", "matter_id"})
        try:
            if changes:
                call("timetracking", "update_timer", str(timer_id), changes)
            committed = call("timetracking", "commit_timer", str(timer_id),
                             command.model_dump(mode="json", exclude_unset=True))
        except ValidationFailed as error:
            form.fail(error)
        except REFUSALS as error:  # committed or discarded already (a second click, another tab)
            return refused(error, "web.timers_page")
        else:
            entry = committed["entry"]
            measured = entry["raw_duration_seconds"]
            return done(f"Time entry recorded: {entry['duration_minutes']} min on {entry['work_date']} "
                        f"(measured {measured // 60} min {measured % 60} s, rounded by the account's rule).",
                        "web.timers_page")
    return timers_page(commit_forms={str(timer_id): form}, status=422)
