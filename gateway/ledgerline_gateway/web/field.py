"""The field crew's phone pages: today's jobs, a job with its line items, time clock, photos and
notes, starting work, and the completion with the customer's signature (docs/workorders.md).

Crews work outdoors with gloves and bad signal: every form keeps what was typed when it could not
be sent (a service that did not answer re-renders it and says so; static/field.js stops a form the
phone knows it cannot send), and every form carries its request key, so a double tap acts once.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, date, datetime, timedelta
from collections.abc import Callable

from flask import Response, flash, g, redirect, request, url_for
from pydantic import ValidationError

from ledgerline_contracts import Unavailable
from ledgerline_contracts.commands.workorders import Checklist, NewNote, NewPhoto, StartWorkOrder
from ledgerline_gateway.errors import to_api_error
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import REFUSALS, Form, call, can, done, read_form, render, sentence
from ledgerline_servicekit.clock import today

NOT_SENT = ("Not sent: Ledgerline could not be reached. What you entered is still here; "
            "send it again when you have signal.")
TAGS = ("before", "during", "after")
CREW_CHECKS = (("walkthrough_complete", "Walkthrough with the customer complete"),
               ("debris_removed", "Debris removed"), ("site_restored", "Site restored"),
               ("equipment_cleaned", "Equipment cleaned"))
REFUSED_CHECKLIST = "the completion checklist is not met: "
SIGNATURE = re.compile(r"data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)")


def _send(perform: Callable[[], object], form: Form) -> bool:
    """Call a service for a form: True when done; else the refusal (or the lost signal) is on the form."""
    try:
        perform()
    except REFUSALS as error:
        form.fail(error)
    except Exception as error:  # noqa: BLE001 — only "could not reach" is the form's business
        if not isinstance(to_api_error(error), Unavailable):
            raise
        form.message = NOT_SENT
    else:
        return True
    return False


def _tap(work_order_id, perform: Callable[[], object], message: str, anchor: str):
    """A one-tap button (start, pause, clock in …): done, or why not, back on the job either way."""
    form = Form()
    if _send(perform, form):
        return done(message, "web.field_job", work_order_id=work_order_id, _anchor=anchor)
    flash(form.message, "error")  # a form without fields: every refusal is its message
    return redirect(url_for("web.field_job", work_order_id=work_order_id, _anchor=anchor))


def _job(work_order_id) -> dict:
    return call("workorders", "get_work_order", str(work_order_id))


@web.blueprint.app_template_global()
def maps_link(address: str) -> str:
    return "https://www.google.com/maps/search/?api=1&query=" + re.sub(r"\s+", "+", address.strip())


# --- today's jobs -----------------------------------------------------------------------------


@web.page("GET", "/jobs", capability=Capability.WORK_IN_THE_FIELD, title="See my jobs", nav="My jobs", order=12)
def field_jobs():
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = today()
    jobs = call("workorders", "list_work_orders", mine=True, date_from=day.isoformat(), date_to=day.isoformat(),
                limit=100, offset=0)["items"]
    return render("field/jobs.html", jobs=sorted(jobs, key=lambda j: j["start_time"] or "99:99"), day=day,
                  is_today=day == today(), previous=day - timedelta(days=1), following=day + timedelta(days=1))


# --- one job ------------------------------------------------------------------------------------


@web.page("GET", "/jobs/<uuid:work_order_id>", capability=Capability.VIEW_WORK_ORDERS, title="See a job")
def field_job(work_order_id, forms: dict[str, Form] | None = None, status: int = 200):
    job = _job(work_order_id)
    forms = {"photo": Form(values={"tag": "during"}), "note": Form(values={"kind": "crew_note"}),
             "issue": Form(values={"kind": "issue"}, prefix="issue-")} | (forms or {})
    open_entries = [e for e in job["time_entries"] if e["clock_out"] is None]
    busy = {e["employee_id"] for e in open_entries}
    return render("field/job.html", status, job=job, forms=forms, open_entries=open_entries, busy=busy,
                  contact=_contact(job), works=can(Capability.WORK_IN_THE_FIELD) and not g.actor.is_customer,
                  photos_shown=not g.actor.is_customer or bool(job["photos"]),
                  requirements=_photo_requirements(job),
                  line_options=[(line["id"], f"{line['line_number']}. {line['description']}") for line in job["lines"]])


def _contact(job: dict) -> dict | None:
    """Who to call about the job: the customer's account (crews may see accounts; customers need not)."""
    if g.actor.is_customer:
        return None
    try:
        return call("invoicing", "get_account", str(job["account_id"]))
    except REFUSALS:
        return None


def _photo_requirements(job: dict) -> list[tuple[str, int, int]]:
    """(tag, uploaded, minimum) for each tag the organization asks a minimum of: "After photos: 2 of 3"."""
    photos = job["checklist"]["photos"]
    return [(tag, photos[tag]["uploaded"], photos[tag]["minimum"]) for tag in TAGS
            if tag in photos and photos[tag]["minimum"]]


def _line_action(action: str, message: str):
    def line_action(work_order_id, line_id):
        return _tap(work_order_id, lambda: call("workorders", f"{action}_line_item", str(work_order_id),
                                                str(line_id), {}), message, f"line-{line_id}")

    line_action.__name__ = f"field_{action}_line"
    web.page("POST", f"/jobs/<uuid:work_order_id>/lines/<uuid:line_id>/{action}",
             capability=Capability.WORK_IN_THE_FIELD, title=f"{action.title()} a line item")(line_action)


_line_action("start", "Line item started.")
_line_action("pause", "Line item paused; its crew are clocked out.")
_line_action("complete", "Line item completed; its crew are clocked out.")


@web.page("POST", "/jobs/<uuid:work_order_id>/lines/<uuid:line_id>/clock-in", capability=Capability.WORK_IN_THE_FIELD,
          title="Clock a crew member in")
def field_clock_in(work_order_id, line_id):
    body = {"employee_ids": request.form.getlist("employee_ids"),
            "equipment_ids": [e for e in request.form.getlist("equipment_ids") if e],
            "activity": request.form.get("activity") or "production"}
    name = request.form.get("name", "Crew member")
    return _tap(work_order_id, lambda: call("workorders", "clock_in", str(work_order_id), str(line_id), body),
                f"{name} clocked in.", f"line-{line_id}")


@web.page("POST", "/jobs/<uuid:work_order_id>/lines/<uuid:line_id>/clock-out",
          capability=Capability.WORK_IN_THE_FIELD, title="Clock a crew member out")
def field_clock_out(work_order_id, line_id):
    body = {"employee_ids": request.form.getlist("employee_ids")}
    name = request.form.get("name", "Crew member")
    return _tap(work_order_id, lambda: call("workorders", "clock_out", str(work_order_id), str(line_id), body),
                f"{name} clocked out.", f"line-{line_id}")


@web.page("POST", "/jobs/<uuid:work_order_id>/photos", capability=Capability.WORK_IN_THE_FIELD, title="Add a photo")
def field_add_photo(work_order_id):
    upload = request.files.get("photo")
    form = Form(values={name: request.form.get(name, "") for name in ("tag", "caption", "line_item_id")})
    if upload is None or not upload.filename:
        form.errors["photo"] = "Take or choose a photo."
    else:
        body = {**{k: v for k, v in form.values.items() if v}, "filename": upload.filename,
                "content_type": upload.mimetype or "application/octet-stream",
                "content_base64": base64.b64encode(upload.read()).decode()}
        try:
            command = NewPhoto.model_validate(body)
        except ValidationError as error:
            for problem in error.errors():
                name = str(problem["loc"][0]) if problem.get("loc") else "photo"
                form.errors.setdefault(name if name in form.values else "photo",
                                       sentence(problem["msg"].removeprefix("Value error, ")))
        else:
            if _send(lambda: call("workorders", "add_photo", str(work_order_id), command.model_dump(mode="json")),
                     form):
                return done(f"{form.values['tag'].title()} photo added.", "web.field_job",
                            work_order_id=work_order_id, _anchor="photos")
    return field_job(work_order_id, {"photo": form}, 422)


@web.page("GET", "/jobs/<uuid:work_order_id>/photos/<uuid:photo_id>", capability=Capability.VIEW_WORK_ORDERS,
          title="See a job's photo")
def field_photo(work_order_id, photo_id):
    photo = call("workorders", "get_photo", str(work_order_id), str(photo_id))
    return Response(base64.b64decode(photo["content_base64"]), mimetype=photo["content_type"],
                    headers={"Cache-Control": "private, max-age=3600"})


@web.page("POST", "/jobs/<uuid:work_order_id>/notes", capability=Capability.WORK_IN_THE_FIELD, title="Add a note")
def field_add_note(work_order_id):
    command, form = read_form(NewNote, request.form)
    which = "issue" if request.form.get("kind") == "issue" else "note"
    form.prefix = "issue-" if which == "issue" else ""
    if command is not None and _send(
            lambda: call("workorders", "add_note", str(work_order_id), command.model_dump(mode="json")), form):
        return done("Issue reported." if which == "issue" else "Note added.", "web.field_job",
                    work_order_id=work_order_id, _anchor="notes")
    return field_job(work_order_id, {which: form}, 422)


# --- start work ---------------------------------------------------------------------------------


@web.page("GET", "/jobs/<uuid:work_order_id>/start", capability=Capability.WORK_IN_THE_FIELD, title="Start work")
def field_start(work_order_id, form: Form | None = None, status: int = 200):
    job = _job(work_order_id)
    now = datetime.now(UTC).astimezone()
    form = form or Form(values={"safety_briefing_at": now.strftime("%Y-%m-%dT%H:%M"), "safety_attendees": [],
                                "ppe_verified": False})
    return render("field/start.html", status, job=job, form=form, utc_offset=now.strftime("%z"))


@web.page("POST", "/jobs/<uuid:work_order_id>/start", capability=Capability.WORK_IN_THE_FIELD,
          title="Start work on a job")
def field_start_work(work_order_id):
    data = request.form.copy()
    briefing = data.get("safety_briefing_at", "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", briefing):  # a datetime-local input: the phone's local time
        data["safety_briefing_at"] = briefing + ":00" + _offset(data.get("utc_offset", ""))
    command, form = read_form(StartWorkOrder, data)
    form.values["safety_briefing_at"] = briefing
    form.values["safety_attendees"] = data.getlist("safety_attendees")
    if command is not None and _send(lambda: call("workorders", "start_work_order", str(work_order_id),
                                                  command.model_dump(mode="json", exclude_none=True)), form):
        return done("Work started. Stay safe.", "web.field_job", work_order_id=work_order_id)
    return field_start(work_order_id, form, 422)


def _offset(value: str) -> str:
    """``+0100`` as ``+01:00``; the server's zone when the page did not say."""
    value = value if re.fullmatch(r"[+-]\d{4}", value) else datetime.now(UTC).astimezone().strftime("%z")
    return f"{value[:3]}:{value[3:]}"


# --- completion ---------------------------------------------------------------------------------


@web.page("GET", "/jobs/<uuid:work_order_id>/complete", capability=Capability.WORK_IN_THE_FIELD,
          title="Complete a job")
def field_completion(work_order_id, checklist_form: Form | None = None, sign_form: Form | None = None,
                     refused_items: list[str] | None = None, status: int = 200):
    job = _job(work_order_id)
    checklist = job["checklist"]
    checklist_form = checklist_form or Form(values={key: checklist[key] for key, _ in CREW_CHECKS}
                                            | {"completion_notes": checklist["completion_notes"]})
    return render("field/complete.html", status, job=job, checklist_form=checklist_form,
                  sign_form=sign_form or Form(values={"printed_name": "", "signature": ""}),
                  rows=_checklist_rows(job, refused_items))


def _checklist_rows(job: dict, refused_items: list[str] | None) -> list[dict]:
    """Each checklist item, whether it is met, and (after a refused completion) the service's words for it."""
    checklist, unmet = job["checklist"], refused_items if refused_items is not None else job["checklist"]["unmet"]

    def why(test: Callable[[str], bool]) -> str | None:
        return next((item for item in unmet if test(item)), None)

    lines = job["line_items"]
    rows = [{"label": f"All line items completed ({job['line_items_completed']} of {lines})",
             "met": checklist["all_line_items_completed"], "unmet": why(lambda i: i.startswith("all line items"))}]
    for tag, uploaded, minimum in _photo_requirements(job):
        rows.append({"label": f"{tag.title()} photos: {uploaded} of {minimum}", "met": uploaded >= minimum,
                     "unmet": why(lambda i, tag=tag: f" {tag} photos" in i)})
    for key, label in CREW_CHECKS:
        rows.append({"label": label, "met": checklist[key],
                     "unmet": why(lambda i, key=key: i == key.replace("_", " "))})
    return rows


@web.page("POST", "/jobs/<uuid:work_order_id>/checklist", capability=Capability.WORK_IN_THE_FIELD,
          title="Tick the completion checklist")
def field_checklist(work_order_id):
    command, form = read_form(Checklist, request.form)
    if command is not None and _send(lambda: call("workorders", "update_checklist", str(work_order_id),
                                                  command.model_dump(mode="json", exclude_none=True)), form):
        return done("Checklist saved.", "web.field_completion", work_order_id=work_order_id)
    return field_completion(work_order_id, checklist_form=form, status=422)


@web.page("POST", "/jobs/<uuid:work_order_id>/complete", capability=Capability.WORK_IN_THE_FIELD,
          title="Complete a job with the customer's signature")
def field_complete(work_order_id):
    form = Form(values={"printed_name": request.form.get("printed_name", "").strip(),
                        "signature": request.form.get("signature", "")})
    if not form.values["printed_name"]:
        form.errors["printed_name"] = "The customer prints their name."
    drawn = SIGNATURE.fullmatch(form.values["signature"])
    if drawn is None or not _decodes(drawn["data"]):
        form.errors["signature"] = "The customer signs in the box."
        form.values["signature"] = ""
    refused_items = None
    if not form.failed:
        body = {"printed_name": form.values["printed_name"],
                "signature": {"filename": "signature.png", "content_type": "image/png",
                              "content_base64": drawn["data"]}}
        try:
            call("workorders", "complete_work_order", str(work_order_id), body)
        except REFUSALS as error:
            if error.field == "checklist" and error.message.startswith(REFUSED_CHECKLIST):
                refused_items = error.message.removeprefix(REFUSED_CHECKLIST).split("; ")
                form.message = "Not completed yet: each item still open is marked below."
            else:
                form.fail(error)
        except Exception as error:  # noqa: BLE001 — only "could not reach" is the form's business
            if not isinstance(to_api_error(error), Unavailable):
                raise
            form.message = NOT_SENT
        else:
            return done("Job completed. Thank you!", "web.field_job", work_order_id=work_order_id)
    return field_completion(work_order_id, sign_form=form, refused_items=refused_items, status=422)


def _decodes(data: str) -> bool:
    try:
        return bool(base64.b64decode(data, validate=True))
    except (binascii.Error, ValueError):
        return False
