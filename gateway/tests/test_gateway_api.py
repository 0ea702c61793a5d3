"""The gateway's own rules: who may call what, bad input, one error format."""

from pathlib import Path

import pytest
from flask import Flask
from nameko.exceptions import RpcTimeout
from sqlalchemy import create_engine, update

from ledgerline_contracts import Locked, NotFound, Role
from ledgerline_gateway import storage
from ledgerline_gateway.api import check_every_route_has_a_permission
from ledgerline_gateway.permissions import MATRIX, Capability, as_markdown
from ledgerline_gateway.routes import load_all

ACCOUNT = "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e"


def test_a_route_without_a_declared_permission_stops_the_gateway_from_starting():
    app = Flask(__name__)
    app.add_url_rule("/sneaky", "sneaky", lambda: "hello")
    with pytest.raises(RuntimeError, match="routes without a declared permission: GET /sneaky"):
        check_every_route_has_a_permission(app)


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
    (RpcTimeout(30), 503, "service_unavailable"),
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


def test_wrong_passwords_and_deactivated_users_are_refused_at_once(client, make_user, settings):
    user = make_user(Role.BILLING)
    wrong = client.post("/api/v1/auth/token", json={"email": user["email"], "password": "nope"})
    assert wrong.status_code == 401
    token = client.post("/api/v1/auth/token", json={"email": user["email"], "password": user["password"]}).json
    headers = {"Authorization": f"Bearer {token['token']}"}
    assert client.get("/api/v1/me", headers=headers).json["role"] == "billing"
    engine = create_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(update(storage.users).where(storage.users.c.id == user["id"]).values(active=False))
    engine.dispose()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_the_openapi_document_covers_every_endpoint_with_its_capability(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    operations = [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]
    assert len(operations) == len(load_all().endpoints)
    for path, method, op in operations:
        assert op.get("x-capability") in {str(c) for c in Capability} or path.endswith("/auth/token")
    time_entry = document["components"]["schemas"]["NewTimeEntry"]
    assert time_entry["additionalProperties"] is False
    assert "narrative" in time_entry["required"]
    assert client.get("/api/v1/docs").status_code == 200


def test_the_permissions_document_is_generated_from_the_matrix():
    committed = (Path(__file__).resolve().parents[2] / "docs" / "permissions.md").read_text()
    assert as_markdown() in committed, "regenerate with: .venv/bin/ledgerline-gateway permissions-doc"
    assert set(MATRIX) == set(Capability)
