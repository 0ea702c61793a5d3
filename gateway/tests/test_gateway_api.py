"""The gateway's own rules: who may call what, bad input, one error format."""

from pathlib import Path

import pytest
from flask import Flask
from gateway_helpers import ACCOUNT, invoice_view
from markupsafe import escape
from nameko.exceptions import RpcTimeout
from pydantic import BaseModel

from ledgerline_contracts import Locked, NotFound, Role, Unavailable
from ledgerline_gateway.api.endpoints import Api, ApiRequest
from ledgerline_gateway.api.openapi import openapi_document
from ledgerline_gateway.files import Binary
from ledgerline_gateway.permissions import check_every_route_has_a_permission
from ledgerline_gateway.permissions import MATRIX, Capability, as_markdown
from ledgerline_gateway.routes import load_all
from ledgerline_gateway.web.pages import Web


def test_a_route_without_a_declared_permission_stops_the_gateway_from_starting():
    app = Flask(__name__)
    app.add_url_rule("/sneaky", "sneaky", lambda: "hello")
    with pytest.raises(RuntimeError, match="routes without a declared permission: GET /sneaky"):
        check_every_route_has_a_permission(app)


def test_an_api_route_or_a_web_page_must_name_its_capability():
    with pytest.raises(ValueError, match="names no capability"):
        Api(name="bare").endpoint("GET", "/bare", capability=None, summary="Bare", tag="t")
    with pytest.raises(ValueError, match="names no capability"):
        Web().page("GET", "/bare", capability=None, title="Bare")


def test_an_anonymous_request_is_refused_with_the_error_format(client, rpc):
    response = client.get("/api/v1/invoices")
    assert response.status_code == 401
    assert response.json == {"error": {"code": "unauthorized", "message": "sign in, or send a bearer token",
                                       "field": None}}
    assert rpc.calls == []


def test_a_role_without_the_capability_gets_403_and_no_service_is_called(client, rpc, login):
    headers = login(Role.FEE_EARNER)
    response = client.post(f"/api/v1/invoices/{ACCOUNT}/post", headers=headers)
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert rpc.calls == []


def test_extra_fields_are_refused_naming_the_field(client, rpc, login):
    headers = login(Role.BILLING)
    body = {"name": "Acme", "billing_email": "ap@acme.example", "org_id": ACCOUNT}
    response = client.post("/api/v1/accounts", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "org_id"
    assert rpc.calls == []


def test_a_bad_value_names_its_field_and_a_body_must_be_json(client, rpc, login):
    headers = login(Role.FEE_EARNER)
    response = client.post("/api/v1/time-entries", headers=headers, json={
        "account_id": ACCOUNT, "work_date": "2026-11-20", "duration_minutes": 0, "narrative": "x"})
    assert response.status_code == 422 and response.json["error"]["field"] == "duration_minutes"
    response = client.post("/api/v1/time-entries", headers=headers, data="not json",
                           content_type="application/json")
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"
    assert rpc.calls == []


def test_page_sizes_are_capped(client, login):
    response = client.get("/api/v1/invoices?limit=1000", headers=login(Role.BILLING))
    assert response.status_code == 422 and response.json["error"]["field"] == "limit"


@pytest.mark.parametrize(("error", "status", "code"), [
    (Locked("locked – entry linked to posted invoice INV-2026-000001", None), 409, "locked"),
    (NotFound("no such invoice", "invoice_id"), 404, "not_found"),
    (RpcTimeout(30), 503, "unavailable"),
])
def test_service_errors_map_to_statuses_in_one_place(client, rpc, login, error, status, code):
    rpc.error = error
    response = client.get(f"/api/v1/invoices/{ACCOUNT}", headers=login(Role.BILLING))
    assert response.status_code == status
    assert response.json["error"]["code"] == code


def test_the_acting_user_and_request_id_travel_to_the_service(client, rpc, login):
    client.get("/api/v1/accounts", headers={**login(Role.PARTNER), "X-Request-ID": "req-123"})
    (service, method, _, kwargs, actor, correlation_id), = rpc.calls
    assert (service, method, correlation_id) == ("invoicing", "list_accounts", "req-123")
    assert actor.role is Role.PARTNER and kwargs == {"limit": 50, "offset": 0}


def test_the_openapi_document_covers_every_endpoint_with_its_capability(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    operations = [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]
    assert len(operations) == len(load_all().endpoints)
    for path, method, op in operations:
        assert op.get("x-capability") in {str(c) for c in Capability} or path.endswith("/auth/token")
        if "x-capability" in op:
            assert set(op["x-roles"]) == {r.value for r in MATRIX[Capability(op["x-capability"])]}
        idempotency = [p for p in op.get("parameters", []) if p["name"] == "Idempotency-Key"]
        assert bool(idempotency) == (method in ("post", "put", "patch", "delete") and "x-capability" in op)
    time_entry = document["components"]["schemas"]["NewTimeEntry"]
    assert time_entry["additionalProperties"] is False
    assert "narrative" in time_entry["required"]
    users = document["paths"]["/api/v1/users"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert users == {"$ref": "#/components/schemas/PagedUserView"}
    assert "password_hash" not in document["components"]["schemas"]["UserView"]["properties"]


def test_the_docs_page_lists_every_endpoint_with_who_may_call_it_and_loads_nothing_from_elsewhere(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    for endpoint in load_all().endpoints:
        assert str(escape(endpoint.summary)) in page.text
    assert "Billing (yes)" in page.text and "/api/v1/openapi.json" in page.text
    assert "<script" not in page.text and "https://" not in page.text
    assert 'id="schema-NewTimeEntry"' in page.text


def test_the_permissions_document_is_generated_from_the_matrix():
    committed = (Path(__file__).resolve().parents[2] / "docs" / "permissions.md").read_text()
    assert as_markdown() in committed, "regenerate with: .venv/bin/ledgerline-gateway permissions-doc"
    assert set(MATRIX) == set(Capability)


# --- machinery: idempotency keys, binary answers, response models -------------------------------


def pay(client, headers, key, amount="40.00"):
    return client.post(f"/api/v1/invoices/{ACCOUNT}/payments", headers={**headers, "Idempotency-Key": key},
                       json={"amount": amount, "received_on": "2026-11-20", "method": "check"})


def test_a_repeated_idempotency_key_answers_with_the_first_response_without_calling_again(client, rpc, login):
    billing = login(Role.BILLING)
    rpc.reply = invoice_view("posted", balance={"amount": "60.00", "currency": "USD"})
    first = pay(client, billing, "pay-1")
    rpc.reply = invoice_view("paid")
    again = pay(client, billing, "pay-1")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert [c[1] for c in rpc.calls] == ["record_payment"]
    assert rpc.calls[0][2][1]["idempotency_key"] == "pay-1"  # the service dedups too
    reused = pay(client, billing, "pay-1", amount="41.00")
    assert reused.status_code == 422 and reused.json["error"]["field"] == "Idempotency-Key"
    assert len(rpc.calls) == 1


def test_idempotency_keys_belong_to_one_user(client, rpc, login):
    pay(client, login(Role.BILLING), "shared-key")
    assert pay(client, login(Role.BILLING), "shared-key").headers.get("Idempotent-Replayed") is None
    assert len(rpc.calls) == 2


def test_a_service_error_is_kept_for_the_key_and_an_outage_lets_the_retry_through_with_the_same_request_key(
        client, rpc, login):
    billing = login(Role.BILLING)
    rpc.error = Locked("the invoice is not posted", None)
    assert pay(client, billing, "k-409").status_code == 409
    rpc.error = None
    assert pay(client, billing, "k-409").status_code == 409  # the same answer, not a second attempt
    rpc.error = Unavailable("the message broker cannot be reached; try again shortly")
    refused = pay(client, billing, "k-503")
    assert refused.status_code == 503 and refused.json["error"]["code"] == "unavailable"
    assert int(refused.headers["Retry-After"]) > 0
    rpc.error = None
    # The retry runs at once: its call carries the same request key, so a service that did apply
    # the first attempt answers with that result instead of applying it again.
    assert pay(client, billing, "k-503").status_code == 201
    assert [c[1] for c in rpc.calls] == ["record_payment"] * 3
    assert rpc.request_keys[1] == rpc.request_keys[2] != rpc.request_keys[0]


def test_every_call_of_a_changing_request_carries_a_request_key_scoped_to_the_user_and_operation(
        client, rpc, login):
    first_user, second_user = login(Role.BILLING), login(Role.BILLING)
    client.get("/api/v1/accounts", headers=first_user)
    assert rpc.request_keys == [None]  # reading changes nothing: no key
    pay(client, first_user, "same-key")
    pay(client, second_user, "same-key")
    client.post(f"/api/v1/invoices/{ACCOUNT}/payments", headers=first_user,
                json={"amount": "40.00", "received_on": "2026-11-20", "method": "check"})
    client.post(f"/api/v1/invoices/{ACCOUNT}/payments", headers=first_user,
                json={"amount": "40.00", "received_on": "2026-11-20", "method": "check"})
    keys = rpc.request_keys[1:]
    assert all(keys) and len(set(keys)) == 4  # other users' keys, and requests without one, never meet


def test_an_idempotency_key_must_be_sensible(client, rpc, login):
    response = pay(client, login(Role.BILLING), "x" * 256)
    assert response.status_code == 422 and response.json["error"]["field"] == "Idempotency-Key"
    assert rpc.calls == []


class Greeting(BaseModel):
    text: str


@pytest.fixture
def extra_api(app):
    """Endpoints of the kind other modules declare, on their own blueprint."""
    extra = Api(name="extra")

    @extra.endpoint("GET", "/extra/report.pdf", capability=Capability.VIEW_INVOICE, tag="extra",
                    summary="Download a report", produces="application/pdf")
    def report(req: ApiRequest):
        return Binary.from_base64("JVBERi0xLjQK", "application/pdf", "report INV-1.pdf")

    @extra.endpoint("GET", "/extra/greeting", capability=Capability.SIGNED_IN, tag="extra", summary="Greet",
                    response=Greeting)
    def greeting(req: ApiRequest):
        return {"text": f"hello {req.actor.name}", "secret": "never sent"}

    app.register_blueprint(extra.blueprint)
    return extra


def test_an_endpoint_can_answer_with_a_file(client, extra_api, login):
    response = client.get("/api/v1/extra/report.pdf", headers=login(Role.BILLING))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-1.4")
    assert response.headers["Content-Disposition"] == 'attachment; filename="report INV-1.pdf"'
    assert client.get("/api/v1/extra/report.pdf", headers=login(Role.FEE_EARNER)).status_code == 403
    document = openapi_document(extra_api, "t", "1")
    answer = document["paths"]["/api/v1/extra/report.pdf"]["get"]["responses"]["200"]
    assert answer["content"] == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def test_a_response_model_sends_only_its_fields(app, client, extra_api, login):
    """Where drift is not refused (production; under test it is: test_gateway_stand_ins.py)."""
    settings = app.extensions["ledgerline_settings"]
    app.extensions["ledgerline_settings"] = settings.model_copy(update={"strict_responses": False})
    response = client.get("/api/v1/extra/greeting", headers=login(Role.CUSTOMER))
    assert response.json == {"text": "hello customer"}
