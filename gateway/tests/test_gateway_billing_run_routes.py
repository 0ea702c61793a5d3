"""Agreements and billing runs in the gateway: who may call what, and bad input refused naming
the field before any service is called."""

import pytest

from ledgerline_contracts import Role

RUN = "0b6a3f7e-2c1d-4e5f-9a8b-7c6d5e4f3a2b"
ACCOUNT = "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e"
LINE = {"description": "Managed services", "unit_price": "500.00", "start_date": "2026-01-01"}


def test_billing_makes_agreements_and_others_may_not(client, rpc, login):
    body = {"account_id": ACCOUNT, "name": "Managed IT", "lines": [LINE]}
    assert client.post("/api/v1/agreements", json=body, headers=login(Role.BILLING)).status_code == 201
    for role in (Role.PARTNER, Role.FEE_EARNER, Role.CUSTOMER, Role.ADMIN):
        assert client.post("/api/v1/agreements", json=body, headers=login(role)).status_code == 403
    (_, method, args, _, _, _), = rpc.calls
    assert method == "create_agreement" and args[0]["lines"][0]["cycle"] == "monthly"


@pytest.mark.parametrize("line, field", [
    (LINE | {"cycle": "weekly"}, "lines.0.cycle"),
    (LINE | {"timing": "sometimes"}, "lines.0.timing"),
    (LINE | {"unit_price": "-1"}, "lines.0.unit_price"),
    ({k: v for k, v in LINE.items() if k != "start_date"}, "lines.0.start_date"),
])
def test_a_bad_agreement_line_is_refused_naming_the_field(client, rpc, login, line, field):
    response = client.post("/api/v1/agreements", json={"account_id": ACCOUNT, "name": "x", "lines": [line]},
                           headers=login(Role.BILLING))
    assert response.status_code == 422 and response.json["error"]["field"] == field
    assert rpc.calls == []


def test_agreements_are_listed_by_account_a_page_at_a_time(client, rpc, login):
    response = client.get(f"/api/v1/agreements?account_id={ACCOUNT}&limit=10", headers=login(Role.BILLING))
    assert response.status_code == 200
    (_, method, _, kwargs, _, _), = rpc.calls
    assert (method, kwargs) == ("list_agreements", {"account_id": ACCOUNT, "include_ended": False, "limit": 10,
                                                    "offset": 0})


def test_a_billing_run_needs_a_month_and_billing(client, rpc, login):
    headers = login(Role.BILLING)
    for bad in ("2026-13", "2026-1", "november", ""):
        refused = client.post("/api/v1/billing-runs", json={"period": bad}, headers=headers)
        assert refused.status_code == 422 and refused.json["error"]["field"] == "period"
    assert client.post("/api/v1/billing-runs", json={"period": "2026-11"}, headers=login(Role.PARTNER)).status_code == 403
    assert rpc.calls == []
    assert client.post("/api/v1/billing-runs", json={"period": "2026-11"}, headers=headers).status_code == 201
    assert [c[1] for c in rpc.calls] == ["start_billing_run"]


def test_partners_approve_and_billing_posts_a_runs_drafts(client, rpc, login):
    body = {"invoice_ids": [RUN]}
    assert client.post(f"/api/v1/billing-runs/{RUN}/approve", json=body, headers=login(Role.BILLING)).status_code == 403
    assert client.post(f"/api/v1/billing-runs/{RUN}/approve", json=body, headers=login(Role.PARTNER)).status_code == 200
    assert client.post(f"/api/v1/billing-runs/{RUN}/post", json=body, headers=login(Role.PARTNER)).status_code == 403
    assert client.post(f"/api/v1/billing-runs/{RUN}/post", json=body, headers=login(Role.BILLING)).status_code == 200
    empty = client.post(f"/api/v1/billing-runs/{RUN}/post", json={"invoice_ids": []}, headers=login(Role.BILLING))
    assert empty.status_code == 422 and empty.json["error"]["field"] == "invoice_ids"
    assert [c[1] for c in rpc.calls] == ["approve_run_drafts", "post_run_drafts"]


def test_the_review_takes_its_threshold_from_the_query(client, rpc, login):
    headers = login(Role.BILLING)
    assert client.get(f"/api/v1/billing-runs/{RUN}/review?jump_percent=25", headers=headers).status_code == 200
    refused = client.get(f"/api/v1/billing-runs/{RUN}/review?jump_percent=-5", headers=headers)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "jump_percent"
    (_, method, args, kwargs, _, _), = rpc.calls
    assert (method, args, kwargs) == ("review_billing_run", (RUN,), {"jump_percent": "25"})
