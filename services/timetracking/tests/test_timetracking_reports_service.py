"""The daily timesheet and a person's stats, against the real database."""

import pytest

from ledgerline_contracts import NotFound, PermissionDenied, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as

from timetracking_helpers import admin, alice, bob, customer_of, known_account, open_ticket, partner, record


def test_a_timesheet_shows_one_persons_day_across_tickets(timetracking):
    account = known_account(timetracking)
    printer, email = open_ticket(timetracking, account), open_ticket(timetracking, account, title="Email bounce")
    closed = open_ticket(timetracking, account, title="Old ticket")
    record(timetracking, matter_id=closed["id"], work_date="2026-10-30")
    call_as(timetracking, alice, "update_matter", closed["id"], {"status": "closed"})
    late = record(timetracking, matter_id=printer["id"], duration_minutes=None, work_date=None,
                  started_at="2026-11-02T14:00:00Z", ended_at="2026-11-02T15:30:00Z")
    early = record(timetracking, matter_id=email["id"], duration_minutes=None, work_date=None,
                   started_at="2026-11-02T08:00:00Z", ended_at="2026-11-02T08:20:00Z", billable=False)
    loose = record(timetracking, account, duration_minutes=15)
    record(timetracking, account, work_date="2026-11-03")
    record(timetracking, account, actor=bob)
    call_as(timetracking, alice, "record_expense", {"matter_id": printer["id"], "work_date": "2026-11-02",
                                                    "category": "parking", "description": "Garage", "amount": "4"})
    call_as(timetracking, alice, "start_timer", {"description": "Next call"})

    sheet = call_as(timetracking, alice, "timesheet", date="2026-11-02")
    assert [e["id"] for e in sheet["entries"]] == [early["id"], late["id"], loose["id"]]  # by time, then the rest
    assert sheet["entries"][0]["matter_title"] == "Email bounce"
    assert sheet["totals"] == {"billable_minutes": 105, "non_billable_minutes": 20, "total_minutes": 125}
    assert len(sheet["expenses"]) == 1 and sheet["parts"] == []
    assert [t["description"] for t in sheet["timers"]] == ["Next call"]
    assert {m["reference"] for m in sheet["recent_matters"]} == {printer["reference"], email["reference"]}


def test_partners_see_their_delegates_timesheets_and_nobody_elses(timetracking):
    account = known_account(timetracking)
    record(timetracking, account, actor=alice)
    sheet = call_as(timetracking, partner, "timesheet", date="2026-11-02", user_id=str(alice.user_id))
    assert len(sheet["entries"]) == 1 and sheet["timers"] == []  # timers stay private
    assert sheet["entries"][0]["can_edit"] is False
    with pytest.raises(NotFound):
        call_as(timetracking, partner, "timesheet", date="2026-11-02", user_id=str(bob.user_id))
    assert len(call_as(timetracking, admin, "timesheet", date="2026-11-02", user_id=str(alice.user_id))["entries"]) == 1
    with pytest.raises(PermissionDenied):
        call_as(timetracking, customer_of(account), "timesheet")
    with pytest.raises(ValidationFailed) as refused:
        call_as(timetracking, alice, "timesheet", date="02/11/2026")
    assert refused.value.field == "date"


def test_my_stats_today_this_week_and_utilization(timetracking):
    account = known_account(timetracking)
    # Monday 2 to Sunday 8 November 2026; the 4th is a Wednesday.
    for day, minutes, billable in [("2026-11-02", 480, True), ("2026-11-03", 360, True), ("2026-11-04", 270, True),
                                   ("2026-11-04", 60, False), ("2026-11-08", 90, True), ("2026-11-09", 600, True),
                                   ("2026-11-01", 600, True)]:
        record(timetracking, account, work_date=day, duration_minutes=minutes, billable=billable)
    stats = call_as(timetracking, alice, "time_stats", date="2026-11-04")
    assert stats["today"] == {"billable_hours": "4.50", "non_billable_hours": "1.00", "total_hours": "5.50"}
    assert stats["week"] == {"from": "2026-11-02", "to": "2026-11-08", "billable_hours": "20.00",
                             "non_billable_hours": "1.00", "total_hours": "21.00"}
    assert stats["capacity"] == {"weekly_hours": "40.00", "target_percent": 75}
    assert (stats["utilization_percent"], stats["target_hours"], stats["hours_to_target"], stats["on_target"]) == (
        "50.0", "30.00", "10.00", False)
    call_as(timetracking, admin, "set_capacity", str(alice.user_id), {"weekly_hours": "20", "target_percent": 90})
    stats = call_as(timetracking, alice, "time_stats", date="2026-11-04")
    assert (stats["utilization_percent"], stats["target_hours"], stats["on_target"]) == ("100.0", "18.00", True)
    assert call_as(timetracking, partner, "time_stats", date="2026-11-04",
                   user_id=str(alice.user_id))["week"]["billable_hours"] == "20.00"
    with pytest.raises(NotFound):
        call_as(timetracking, bob, "time_stats", user_id=str(alice.user_id))
