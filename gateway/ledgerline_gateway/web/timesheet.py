"""The daily timesheet: one person's day across every ticket and matter, with time added,
changed and deleted inline."""

from __future__ import annotations

from datetime import date, timedelta

from flask import g, request
from werkzeug.datastructures import MultiDict

from ledgerline_contracts.commands.timetracking import DayQuery, EditTimeEntry, NewTimeEntry
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import REFUSALS, Form, act, call, can, done, read_form, render, row_prefix
from ledgerline_gateway.web.time import lock_reason, people_options, where_options
from ledgerline_gateway.web.timers import billable_choice
from ledgerline_servicekit.clock import today


def _edit_form(entry: dict) -> Form:
    return Form(values={"duration_minutes": entry["duration_minutes"], "narrative": entry["narrative"],
                        "billable": entry["billable"]},
                prefix=row_prefix("e", entry["id"]))


def _day_of(value: str | None) -> date:
    query, _ = read_form(DayQuery, MultiDict({"date": value or ""}))
    return query.date if query is not None and query.date else today()


def _back(day: str | None):
    return {"date": _day_of(day).isoformat()}


def show_day(day: date, user_id: str | None = None, add_form: Form | None = None,
             edit_forms: dict[str, Form] | None = None, status: int = 200):
    sheet = call("timetracking", "timesheet", date=day.isoformat(), **({"user_id": user_id} if user_id else {}))
    own = sheet["user_id"] == str(g.actor.user_id)
    editable = [e for e in sheet["entries"] if e.get("can_edit") and lock_reason(e) is None]
    forms = {e["id"]: _edit_form(e) for e in editable} | (edit_forms or {})
    adding = own and can(Capability.RECORD_TIME)
    options = where_options() if adding else {}
    return render("timesheet/day.html", status, sheet=sheet, day=day, own=own, people=people_options(),
                  previous=(day - timedelta(days=1)).isoformat(), following=(day + timedelta(days=1)).isoformat(),
                  edit_forms=forms, adding=adding,
                  add_form=add_form or Form(values={"work_date": day.isoformat(), "billable": billable_choice(None)}), **options)


@web.page("GET", "/timesheet", capability=Capability.VIEW_TEAM_WORK, title="See a daily timesheet", nav="Timesheet",
          order=16)
def timesheet_page():
    return show_day(_day_of(request.args.get("date")), request.args.get("user_id") or None)


@web.page("POST", "/timesheet", capability=Capability.RECORD_TIME, title="Add time to a day")
def add_to_day():
    command, form = read_form(NewTimeEntry, request.form)
    if command is not None:
        try:
            call("timetracking", "record_time_entry", command.model_dump(mode="json", exclude_unset=True))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done("Time recorded.", "web.timesheet_page", date=command.work_date.isoformat())
    return show_day(_day_of(request.form.get("work_date")), add_form=form, status=422)


@web.page("POST", "/time-entries/<uuid:entry_id>/edit", capability=Capability.RECORD_TIME,
          title="Change a time entry")
def edit_time_entry(entry_id):
    command, form = read_form(EditTimeEntry, request.form)
    form.prefix = row_prefix("e", entry_id)
    # Empty means "not sent" to read_form; on an edit, emptying a required field is a mistake to show.
    for name in ("duration_minutes", "narrative"):
        if name in request.form and not request.form[name].strip():
            form.errors[name] = "Required."
    if command is not None and not form.failed:
        try:
            call("timetracking", "update_time_entry", str(entry_id), command.model_dump(mode="json", exclude_unset=True))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done("Time entry changed.", "web.timesheet_page", **_back(request.form.get("date")))
    return show_day(_day_of(request.form.get("date")), edit_forms={str(entry_id): form}, status=422)


@web.page("GET", "/time-entries/<uuid:entry_id>/delete", capability=Capability.RECORD_TIME,
          title="Delete a time entry")
def delete_entry_page(entry_id):
    """Deleting asks first, on a page of its own that shows what goes (as deleting a draft does)."""
    return render("timesheet/delete.html", entry=call("timetracking", "get_time_entry", str(entry_id)),
                  back=_back(request.args.get("date")))


@web.page("POST", "/time-entries/<uuid:entry_id>/delete", capability=Capability.RECORD_TIME,
          title="Delete a time entry")
def delete_time_entry(entry_id):
    return act(lambda: call("timetracking", "delete_time_entry", str(entry_id)), "Time entry deleted.",
               "web.timesheet_page", **_back(request.form.get("date")))
