"""The API's error format on the real services: what a client reads in ``error`` for refusals
raised inside a service (carried back over RPC) and for bad input."""


def test_a_services_conflict_and_refusal_carry_no_field(firm):
    account = firm.account()
    firm.record(account)
    posted = firm.posted(account)
    again = firm.billing.post(f"/invoices/{posted['id']}/post", expect=409).json()["error"]
    assert again["code"] == "conflict" and again["field"] is None

    entry = firm.record(account, 30, "The tech's own work")
    # The partner oversees the tech's time, but only its author may change it: the service says no.
    refused = firm.partner.request("PATCH", f"/time-entries/{entry['id']}", json={"narrative": "Mine now"},
                                   expect=403).json()["error"]
    assert refused["code"] == "forbidden" and refused["field"] is None
    assert firm.tech.get(f"/time-entries/{entry['id']}").json()["narrative"] == "The tech's own work"


def test_the_served_gateway_answers_over_long_urls_and_deep_bodies_in_the_error_format(firm):
    # Past gunicorn's default request-line limit (4094), refused by the app; and past gunicorn's
    # largest (8190), refused by gunicorn: both in the error format, not gunicorn's HTML page.
    for length in (6000, 20_000):
        response = firm.billing.get("/accounts?search=" + "a" * length, expect=414)
        assert response.headers["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "uri_too_long"
    deep = '{"narrative": ' + "[" * 10_000 + "]" * 10_000 + "}"
    response = firm.tech.request("POST", "/time-entries", data=deep, headers={"Content-Type": "application/json"},
                                 expect=400)
    assert response.json()["error"]["code"] == "bad_request"
