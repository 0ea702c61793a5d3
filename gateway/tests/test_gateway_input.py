"""Bad input answered before any service is asked: a 4xx naming the field, never a 500."""

from gateway_helpers import ACCOUNT

from ledgerline_contracts import Role


def test_a_quote_naming_another_organizations_user_is_not_found(client, rpc, login, make_user):
    headers = login(Role.FEE_EARNER)
    theirs = make_user(Role.FEE_EARNER, org="globex")
    body = {"account_id": ACCOUNT, "time": [{"user_id": str(theirs["id"]), "duration_minutes": 60}]}
    response = client.post("/api/v1/quotes", json=body, headers=headers)
    assert response.status_code == 404
    assert response.json["error"] == {"code": "not_found", "message": "no such user", "field": "time.0.user_id"}
    assert rpc.calls == []


def refusal(response) -> tuple[int, str | None]:
    return response.status_code, response.json["error"]["field"]


def test_bad_query_values_are_refused_naming_the_parameter(client, rpc, login):
    admin, fee_earner, billing = login(Role.ADMIN), login(Role.FEE_EARNER), login(Role.BILLING)
    assert refusal(client.get("/api/v1/users?search=a%00b", headers=admin)) == (422, "search")
    assert refusal(client.get("/api/v1/timesheet?date=0001-01-01", headers=fee_earner)) == (422, "date")
    assert refusal(client.get("/api/v1/stats/time?date=9999-12-31", headers=fee_earner)) == (422, "date")
    assert refusal(client.get("/api/v1/time-entries?date_from=1999-12-31", headers=fee_earner)) == (422, "date_from")
    assert refusal(client.get("/api/v1/invoices?offset=1" + "0" * 30, headers=billing)) == (422, "offset")
    assert rpc.calls == []


def test_dates_outside_the_documented_range_and_unbounded_numbers_are_refused(client, rpc, login):
    fee_earner, billing = login(Role.FEE_EARNER), login(Role.BILLING)
    entry = {"account_id": ACCOUNT, "started_at": "0001-01-01T00:30+01:00", "ended_at": "2026-11-20T10:00+01:00",
             "narrative": "Night shift"}
    assert refusal(client.post("/api/v1/time-entries", json=entry, headers=fee_earner)) == (422, "started_at")
    entry = {"account_id": ACCOUNT, "work_date": "1999-12-31", "duration_minutes": 30, "narrative": "Y2K"}
    assert refusal(client.post("/api/v1/time-entries", json=entry, headers=fee_earner)) == (422, "work_date")
    quote = {"account_id": ACCOUNT, "time": [{"user_id": None, "duration_minutes": 10**30}]}
    quote["time"][0]["user_id"] = client.get("/api/v1/me", headers=fee_earner).json["id"]
    assert refusal(client.post("/api/v1/quotes", json=quote, headers=fee_earner)) == (422, "time.0.duration_minutes")
    quote = {"account_id": ACCOUNT, "expenses": [{"amount": "1" + "0" * 30, "currency": "USD"}]}
    assert refusal(client.post("/api/v1/quotes", json=quote, headers=fee_earner)) == (422, "expenses.0.amount")
    payment = {"amount": "100.00", "received_on": "0001-01-01", "method": "check"}
    assert refusal(client.post(f"/api/v1/invoices/{ACCOUNT}/payments", json=payment,
                               headers=billing)) == (422, "received_on")
    assert rpc.calls == []


def test_money_is_a_plain_decimal_string(client, rpc, login):
    billing = login(Role.BILLING)
    for amount in ("1e2", "NaN", "Infinity", "0x10", ".5"):
        payment = {"amount": amount, "received_on": "2026-11-20", "method": "check"}
        response = client.post(f"/api/v1/invoices/{ACCOUNT}/payments", json=payment, headers=billing)
        assert refusal(response) == (422, "amount"), amount
    assert rpc.calls == []
    payment = {"amount": "100.50", "received_on": "2026-11-20", "method": "check"}
    assert client.post(f"/api/v1/invoices/{ACCOUNT}/payments", json=payment, headers=billing).status_code == 201
    assert rpc.calls[0][2][1]["amount"] == "100.50"


def test_a_body_nested_too_deeply_is_a_bad_request(client, rpc, login):
    fee_earner = login(Role.FEE_EARNER)
    for depth in (40, 10_000):
        body = '{"narrative": ' + "[" * depth + "]" * depth + "}"
        response = client.post("/api/v1/time-entries", data=body, content_type="application/json",
                               headers=fee_earner)
        assert response.status_code == 400
        assert response.json["error"]["code"] == "bad_request" and "nested" in response.json["error"]["message"]
    assert rpc.calls == []


def test_an_over_long_url_gets_414_in_the_error_format(client, rpc, login):
    response = client.get("/api/v1/users?search=" + "a" * 5000, headers=login(Role.ADMIN))
    assert response.status_code == 414 and response.json["error"]["code"] == "uri_too_long"
    assert rpc.calls == []
