"""Timers against the real database: one running per person, rounding on commit, nothing lost on restart."""

import pytest

from ledgerline_contracts import Conflict, NotFound, PermissionDenied, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as, recorded_events

from ledgerline_timetracking.entrypoints.service import TimetrackingService
from timetracking_helpers import age_timer, alice, billing_user, bob, known_account, open_ticket


def start(timetracking, actor=alice, **fields):
    return call_as(timetracking, actor, "start_timer", {"description": "Investigating"} | fields)


def timer(timetracking, timer_id, actor=alice):
    return call_as(timetracking, actor, "get_timer", timer_id)


def test_starting_a_timer_pauses_the_running_one(timetracking, database_url):
    first = start(timetracking)
    assert first["status"] == "running" and first["assigned"] is False
    age_timer(database_url, first["id"], 600)
    second = start(timetracking)
    paused = timer(timetracking, first["id"])
    assert paused["status"] == "paused" and paused["elapsed_seconds"] >= 600
    assert [t["status"] for t in call_as(timetracking, alice, "list_timers")["items"]] == ["running", "paused"]
    call_as(timetracking, alice, "resume_timer", first["id"])  # resuming pauses the other in turn
    assert timer(timetracking, second["id"])["status"] == "paused"
    assert timer(timetracking, first["id"])["status"] == "running"
    assert start(timetracking, actor=bob)["status"] == "running"  # other people's timers are theirs
    assert timer(timetracking, first["id"])["status"] == "running"


def test_a_paused_timer_does_not_count_time(timetracking, database_url):
    running = start(timetracking)
    age_timer(database_url, running["id"], 300)
    paused = call_as(timetracking, alice, "pause_timer", running["id"])
    assert 300 <= paused["elapsed_seconds"] < 400
    assert paused["running_since"] is None
    later = timer(timetracking, running["id"])
    assert later["elapsed_seconds"] == paused["elapsed_seconds"]


def test_a_restart_of_the_service_loses_no_elapsed_time(start_service, database_url, invoicing, receipts_dir):
    first = start_service(TimetrackingService, replace={"invoicing": invoicing})
    running = start(first)
    age_timer(database_url, running["id"], 3600)
    first.stop()
    second = start_service(TimetrackingService, replace={"invoicing": invoicing})
    after = timer(second, running["id"])
    assert after["status"] == "running" and after["elapsed_seconds"] >= 3600


def test_committing_rounds_by_the_accounts_rule_and_keeps_the_raw_time(timetracking, database_url):
    account = known_account(timetracking)
    call_as(timetracking, billing_user, "set_rounding_rule", {"mode": "up", "increment_minutes": 6})
    call_as(timetracking, billing_user, "set_rounding_rule", {"mode": "nearest", "increment_minutes": 15},
            account_id=str(account.account_id))
    ticket = open_ticket(timetracking, account)
    running = start(timetracking, matter_id=ticket["id"], description="Replaced the toner")
    assert running["account_id"] == str(account.account_id)  # resolved from the ticket
    age_timer(database_url, running["id"], 22 * 60 + 40)
    assert timer(timetracking, running["id"])["billed_minutes_if_committed"] == 30
    done = call_as(timetracking, alice, "commit_timer", running["id"])
    entry = done["entry"]
    assert done["timer"]["status"] == "committed" and done["timer"]["entry_id"] == entry["id"]
    assert (entry["duration_minutes"], entry["matter_id"], entry["narrative"], entry["timer_id"]) == (
        30, ticket["id"], "Replaced the toner", running["id"])
    assert 22 * 60 + 40 <= entry["raw_duration_seconds"] < 22 * 60 + 52
    (committed,) = recorded_events(database_url, "timer.committed")
    assert committed.payload["rounded_minutes"] == 30 and committed.payload["rounding_rule"] == "to the nearest 15 minutes"
    (recorded,) = recorded_events(database_url, "time_entry.recorded")
    assert recorded.payload["raw_duration_seconds"] == entry["raw_duration_seconds"]
    assert call_as(timetracking, alice, "list_timers")["items"] == []
    with pytest.raises(Conflict, match="already committed"):
        call_as(timetracking, alice, "commit_timer", running["id"])


def test_without_rules_the_organizations_default_or_a_minute_applies(timetracking, database_url):
    account = known_account(timetracking)
    running = start(timetracking, account_id=str(account.account_id))
    age_timer(database_url, running["id"], 61)
    assert call_as(timetracking, alice, "stop_timer", running["id"])["billed_minutes_if_committed"] == 2
    call_as(timetracking, billing_user, "set_rounding_rule", {"mode": "up", "increment_minutes": 6})
    assert timer(timetracking, running["id"])["billed_minutes_if_committed"] == 6
    rules = call_as(timetracking, alice, "get_rounding_rules")
    assert rules["default"]["description"] == "up to the next 6 minutes" and rules["accounts"] == []


def test_a_general_timer_must_be_assigned_before_it_is_committed(timetracking, database_url):
    account = known_account(timetracking)
    running = start(timetracking)
    age_timer(database_url, running["id"], 1800)
    with pytest.raises(ValidationFailed, match="assign the timer") as refused:
        call_as(timetracking, alice, "commit_timer", running["id"], {"narrative": "Research"})
    assert refused.value.field == "account_id"
    assert timer(timetracking, running["id"])["status"] == "running"
    assigned = call_as(timetracking, alice, "update_timer", running["id"], {"account_id": str(account.account_id)})
    assert assigned["assigned"] is True and assigned["account_name"] == "Acme"
    entry = call_as(timetracking, alice, "commit_timer", running["id"], {"narrative": "Research",
                                                                         "work_date": "2026-11-02"})["entry"]
    assert (entry["account_id"], entry["work_date"]) == (str(account.account_id), "2026-11-02")


def test_commit_refusals_name_the_field_and_leave_the_timer_running(timetracking, database_url):
    account = known_account(timetracking)
    running = start(timetracking, account_id=str(account.account_id), description="")
    age_timer(database_url, running["id"], 120)
    with pytest.raises(ValidationFailed) as refused:
        call_as(timetracking, alice, "commit_timer", running["id"])
    assert refused.value.field == "narrative"
    call_as(timetracking, billing_user, "set_rounding_rule", {"mode": "nearest", "increment_minutes": 15})
    with pytest.raises(ValidationFailed, match="rounds .* to 0 minutes") as refused:
        call_as(timetracking, alice, "commit_timer", running["id"], {"narrative": "Quick call"})
    assert refused.value.field == "duration_minutes"
    age_timer(database_url, running["id"], 25 * 3600)
    with pytest.raises(ValidationFailed, match="more than the 24 hours"):
        call_as(timetracking, alice, "commit_timer", running["id"], {"narrative": "Forgot it running"})
    assert timer(timetracking, running["id"])["status"] == "running"
    assert recorded_events(database_url, "time_entry.recorded") == []


def test_stopped_timers_can_only_be_committed_or_discarded(timetracking):
    running = start(timetracking)
    stopped = call_as(timetracking, alice, "stop_timer", running["id"])
    assert stopped["status"] == "stopped" and stopped["ended_at"] is not None
    with pytest.raises(Conflict, match="stopped; commit or discard it"):
        call_as(timetracking, alice, "resume_timer", running["id"])
    assert call_as(timetracking, alice, "discard_timer", running["id"]) is None
    assert call_as(timetracking, alice, "list_timers")["items"] == []
    with pytest.raises(Conflict, match="already discarded"):
        call_as(timetracking, alice, "update_timer", running["id"], {"description": "Too late"})


def test_timers_are_private_and_only_for_people_who_record_time(timetracking):
    running = start(timetracking)
    with pytest.raises(NotFound):
        call_as(timetracking, bob, "pause_timer", running["id"])
    with pytest.raises(PermissionDenied):
        start(timetracking, actor=billing_user)


def test_a_timer_may_only_be_assigned_to_an_open_ticket_of_an_active_account(timetracking):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    call_as(timetracking, alice, "update_matter", ticket["id"], {"status": "closed"})
    with pytest.raises(ValidationFailed, match="closed") as refused:
        start(timetracking, matter_id=ticket["id"])
    assert refused.value.field == "matter_id"
    inactive = known_account(timetracking, active=False)
    with pytest.raises(ValidationFailed, match="inactive") as refused:
        start(timetracking, account_id=str(inactive.account_id))
    assert refused.value.field == "account_id"
    assert call_as(timetracking, alice, "list_timers")["items"] == []
