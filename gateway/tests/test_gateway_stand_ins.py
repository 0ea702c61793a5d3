"""The stand-in services answer as the real ones do: every endpoint with a response model is
called as a role allowed to, and the gateway (strict under test) refuses any stand-in answer
that drifted from the model. tests/integration makes the same check against the real services."""

import re

import pytest
from gateway_helpers import STAND_INS, USER, RecordingRpc
from sqlalchemy.orm import Session

from ledgerline_contracts import Role
from ledgerline_devstack.testing import example_of
from ledgerline_gateway import identity
from ledgerline_gateway.api.responses import conform
from ledgerline_gateway.commands import Me
from ledgerline_gateway.permissions import allows
from ledgerline_gateway.routes import load_all

ID = "0b6a3f7e-2c1d-4e5f-9a8b-7c6d5e4f3a2b"
# Answered by the gateway itself (its own tables); the field-work endpoints have no stand-ins yet:
# their answers are checked against the real workorders service (strict) by tests/integration.
OWN_OR_ELSEWHERE = ("/users", "/delegations", "/tokens", "/me", "/auth/", "/work-orders", "/employees",
                    "/equipment", "/loadouts", "/proposals", "/reports/estimate-accuracy", "/work-order-settings")
ANSWERED = [e for e in load_all().endpoints
            if e.response is not None and not e.rule.startswith(OWN_OR_ELSEWHERE)]


def test_the_gateway_is_strict_under_test(app):
    assert app.extensions["ledgerline_settings"].refuse_drift


@pytest.mark.parametrize("endpoint", ANSWERED, ids=lambda e: f"{e.method} {e.rule}")
def test_each_stand_in_answer_matches_the_endpoints_response_model(client, make_user, engine, rpc, endpoint):
    role = next(r for r in Role if allows(endpoint.capability, r) and r is not Role.CUSTOMER)
    user = make_user(role)
    with Session(engine) as session, session.begin():  # not through sign-in: its throttle counts per address
        token, _ = identity.issue_token(session, user["id"], "stand-ins")
    path = "/api/v1" + re.sub(r"<(?:[a-z]+:)?([a-z_]+)>",
                              lambda m: str(user["id"]) if m.group(1) == "user_id" else ID, endpoint.rule)
    body = example_of(endpoint.body) if endpoint.body else None
    response = client.open(path, method=endpoint.method, json=body,
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == endpoint.status, (path, response.json)
    (service, method, *_), = rpc.calls
    assert method in STAND_INS, f"{service}.{method} has no stand-in answer"


def test_a_drifted_answer_is_named_field_by_field():
    me = {"id": USER, "org_id": USER, "name": "Ann", "role": "partner", "delegates": [], "account_id": None}
    assert conform(me, Me) == (me, [])
    shown, drift = conform({**me, "password_hash": "x"}, Me)
    assert shown == me and drift == ["password_hash: not in the model"]
    assert conform({k: v for k, v in me.items() if k != "name"}, Me)[1] == ["name: Field required"]
    (wrong_type,) = conform({**me, "delegates": ["somebody"]}, Me)[1]
    assert wrong_type.startswith("delegates.0: ")


def test_a_drifted_answer_fails_under_test_and_is_counted_and_sent_in_production(settings, make_user):
    from ledgerline_gateway.app import create_app
    from ledgerline_gateway.api.responses import RESPONSE_DRIFT

    for strict in (True, False):
        rpc = RecordingRpc()
        rpc.answers["get_account"] = lambda account_id: {**STAND_INS["get_account"](), "secret_margin": "0.4"}
        app = create_app(settings.model_copy(update={"strict_responses": strict}), rpc=rpc)
        client = app.test_client()
        user = make_user(Role.PARTNER)
        token = client.post("/api/v1/auth/token", json={"email": user["email"], "password": user["password"]})
        counted = RESPONSE_DRIFT.labels("/api/v1/accounts/<uuid:account_id>")._value.get()
        response = client.get(f"/api/v1/accounts/{ID}", headers={"Authorization": f"Bearer {token.json['token']}"})
        if strict:
            assert response.status_code == 500 and response.json["error"]["code"] == "internal_error"
        else:
            assert response.status_code == 200 and "secret_margin" not in response.json
            assert RESPONSE_DRIFT.labels("/api/v1/accounts/<uuid:account_id>")._value.get() == counted + 1
