"""The time tracking API at the gateway: who may call what, what reaches the service, bad input."""

import pytest

from ledgerline_contracts import Locked, Role
from ledgerline_gateway.permissions import allows
from ledgerline_gateway.routes import load_all

ID = "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e"
TIME_TAGS = {"time", "timers", "matters", "activity codes", "expenses", "parts", "stats"}
TIME_ENDPOINTS = [ep for ep in load_all().endpoints if ep.tag in TIME_TAGS]


def path_of(rule: str) -> str:
    for name in ("entry_id", "timer_id", "matter_id", "code_id", "expense_id", "part_id", "account_id", "user_id"):
        rule = rule.replace(f"<uuid:{name}>", ID)
    return "/api/v1" + rule


@pytest.fixture
def signed_in(login):
    """One signed-in user per role (made once per test)."""
    return {role: login(role) for role in Role}


def test_every_time_route_answers_each_role_as_the_matrix_says(client, rpc, signed_in):
    assert len(TIME_ENDPOINTS) >= 40
    for ep in TIME_ENDPOINTS:
        for role, headers in signed_in.items():
            rpc.calls.clear()
            response = client.open(path_of(ep.rule), method=ep.method, headers=headers,
                                   json={} if ep.body is not None else None)
            if allows(ep.capability, role):
                assert response.status_code != 403, f"{ep.method} {ep.rule} refused a {role.value}"
            else:
                assert response.status_code == 403, f"{ep.method} {ep.rule} let a {role.value} in"
                assert rpc.calls == []


def test_recording_time_reaches_the_service_as_validated(client, rpc, login):
    headers = login(Role.FEE_EARNER)
    response = client.post("/api/v1/time-entries", headers=headers, json={
        "matter_id": ID, "started_at": "2026-11-02T09:00:00+01:00", "ended_at": "2026-11-02T10:30:00+01:00",
        "narrative": "  Fixed the printer  "})
    assert response.status_code == 201
    (service, method, args, _, actor, _), = rpc.calls
    assert (service, method, actor.role) == ("timetracking", "record_time_entry", Role.FEE_EARNER)
    assert args[0]["narrative"] == "Fixed the printer" and args[0]["duration_minutes"] == 90


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("POST", "/time-entries", {"account_id": ID, "work_date": "2026-11-02", "narrative": "x"}, "duration_minutes"),
    ("POST", "/time-entries", {"work_date": "2026-11-02", "duration_minutes": 5, "narrative": "x"}, "account_id"),
    ("POST", "/time-entries", {"account_id": ID, "started_at": "2026-11-02T09:00:00Z",
                               "ended_at": "2026-11-03T09:01:00Z", "narrative": "x"}, "ended_at"),
    ("PATCH", f"/time-entries/{ID}", {"duration_minutes": -1}, "duration_minutes"),
    ("POST", "/timers", {"account_id": "not-an-id"}, "account_id"),
    ("POST", f"/timers/{ID}/commit", {"narrative": ""}, "narrative"),
    ("PUT", "/rounding-rules/default", {"mode": "up", "increment_minutes": 7}, "increment_minutes"),
    ("POST", "/matters", {"account_id": ID, "kind": "case", "title": "x"}, "kind"),
    ("POST", "/expenses", {"account_id": ID, "work_date": "2026-11-02", "description": "Taxi",
                           "amount": 12.5}, "amount"),
    ("POST", "/parts", {"matter_id": ID, "catalog_item_id": ID, "work_date": "2026-11-02", "quantity": "0.0001"},
     "quantity"),
    ("PUT", f"/capacities/{ID}", {"weekly_hours": "-1"}, "weekly_hours"),
])
def test_bad_input_is_refused_at_the_gateway_naming_the_field(client, rpc, login, method, path, body, field):
    role = {"/rounding-rules/default": Role.BILLING, f"/capacities/{ID}": Role.ADMIN}.get(path, Role.FEE_EARNER)
    response = client.open("/api/v1" + path, method=method, headers=login(role), json=body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == field
    assert rpc.calls == []


def test_list_filters_travel_as_keywords_and_bad_ones_are_refused(client, rpc, login, make_user):
    headers = login(Role.PARTNER)
    delegate = str(make_user(Role.FEE_EARNER, email="delegate@acme.example")["id"])
    rpc.reply = {"items": [], "total": 0, "limit": 10, "offset": 0}
    client.get(f"/api/v1/time-entries?date_from=2026-11-01&date_to=2026-11-30&billable=false&limit=10"
               f"&user_id={delegate}", headers=headers)
    (_, method, _, kwargs, _, _), = rpc.calls
    assert method == "list_time_entries"
    assert kwargs == {"date_from": "2026-11-01", "date_to": "2026-11-30", "billable": False, "user_id": delegate,
                      "limit": 10, "offset": 0}
    # Someone who is not a user of this organization is not found, and no service is asked.
    response = client.get(f"/api/v1/time-entries?user_id={ID}", headers=headers)
    assert response.status_code == 404 and response.json["error"]["field"] == "user_id"
    assert len(rpc.calls) == 1
    response = client.get("/api/v1/time-entries?date_from=2026-11-30&date_to=2026-11-01", headers=headers)
    assert response.status_code == 422 and response.json["error"]["field"] == "date_from"
    response = client.get("/api/v1/expenses?status=lost", headers=headers)
    assert response.status_code == 422 and response.json["error"]["field"] == "status"


def test_an_edit_sends_only_the_fields_given_so_null_can_clear(client, rpc, login):
    client.patch(f"/api/v1/time-entries/{ID}", headers=login(Role.FEE_EARNER), json={"matter_id": None})
    (_, method, args, _, _, _), = rpc.calls
    assert (method, args) == ("update_time_entry", (ID, {"matter_id": None}))


def test_deleting_answers_204_and_a_locked_entry_409(client, rpc, login):
    headers = login(Role.FEE_EARNER)
    rpc.reply = None
    response = client.delete(f"/api/v1/time-entries/{ID}", headers=headers)
    assert response.status_code == 204 and response.data == b""
    rpc.error = Locked("locked – entry linked to posted invoice INV-2026-000001; it cannot be deleted")
    response = client.delete(f"/api/v1/time-entries/{ID}", headers=headers)
    assert response.status_code == 409 and response.json["error"]["code"] == "locked"
    assert "INV-2026-000001" in response.json["error"]["message"]


def test_timer_actions_and_rounding_rules_reach_the_right_methods(client, rpc, login):
    headers = login(Role.FEE_EARNER)
    for action in ("pause", "resume", "stop"):
        assert client.post(f"/api/v1/timers/{ID}/{action}", headers=headers).status_code == 200
    assert client.post(f"/api/v1/timers/{ID}/commit", headers=headers, json={}).status_code == 201
    rpc.reply = None  # what discarding answers
    assert client.delete(f"/api/v1/timers/{ID}", headers=headers).status_code == 204
    assert [c[1] for c in rpc.calls] == ["pause_timer", "resume_timer", "stop_timer", "commit_timer",
                                         "discard_timer"]
    rpc.calls.clear()
    client.put(f"/api/v1/rounding-rules/accounts/{ID}", headers=login(Role.BILLING),
               json={"mode": "nearest", "increment_minutes": 15})
    (_, method, args, kwargs, _, _), = rpc.calls
    assert (method, args, kwargs) == ("set_rounding_rule", ({"mode": "nearest", "increment_minutes": 15},),
                                      {"account_id": ID})
