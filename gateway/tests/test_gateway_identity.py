"""Identity through the API: users, roles, delegations, own tokens, passwords, sign-in limits, the CLI."""

from uuid import uuid4

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ledgerline_contracts import Role
from ledgerline_gateway import cli
from ledgerline_gateway.storage import tables
from ledgerline_gateway.app import create_app
from ledgerline_gateway.settings import GatewaySettings

from gateway_helpers import ACCOUNT, PASSWORD


def token_for(client, email, password=PASSWORD):
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_an_admin_creates_a_user_who_can_sign_in_at_once(client, login, services):
    admin = login(Role.ADMIN)
    created = client.post("/api/v1/users", headers=admin, json={
        "email": "Terry@Acme.example", "name": "Terry Tech", "role": "fee_earner", "password": "twelve chars!"})
    assert created.status_code == 201, created.json
    assert created.json["email"] == "terry@acme.example" and created.json["role"] == "fee_earner"
    assert "password" not in created.json and "password_hash" not in created.json
    me = client.get("/api/v1/me", headers=token_for(client, "terry@acme.example", "twelve chars!")).json
    assert me["name"] == "Terry Tech" and me["role"] == "fee_earner"
    listed = client.get("/api/v1/users?role=fee_earner", headers=admin).json
    assert [u["email"] for u in listed["items"]] == ["terry@acme.example"]


def test_a_customer_user_belongs_to_an_account_of_the_organization(client, login, services):
    admin = login(Role.ADMIN)
    body = {"email": "casey@acme.example", "name": "Casey", "role": "customer", "password": "twelve chars!"}
    missing = client.post("/api/v1/users", headers=admin, json=body)
    assert missing.status_code == 422 and missing.json["error"]["field"] == "account_id"
    foreign = client.post("/api/v1/users", headers=admin, json={**body, "account_id": str(uuid4())})
    assert foreign.status_code == 404  # not an account of this organization (invoicing says so)
    created = client.post("/api/v1/users", headers=admin, json={**body, "account_id": ACCOUNT})
    assert created.status_code == 201 and created.json["account_id"] == ACCOUNT
    assert client.get("/api/v1/users?role=customer", headers=admin).json["total"] == 1


def test_bad_user_input_names_the_field_and_changes_nothing(client, login, services, make_user):
    admin = login(Role.ADMIN)
    taken = make_user(Role.BILLING)
    cases = [({"email": "not-an-email"}, "email"), ({"password": "short"}, "password"),
             ({"role": "overlord"}, "role"), ({"email": taken["email"].upper()}, "email")]
    for change, field in cases:
        body = {"email": "new@acme.example", "name": "New", "role": "billing", "password": "twelve chars!", **change}
        response = client.post("/api/v1/users", headers=admin, json=body)
        assert response.status_code == 422 and response.json["error"]["field"] == field, (change, response.json)
    assert client.get("/api/v1/users", headers=admin).json["total"] == 2


def test_a_role_change_applies_to_the_very_next_request(client, login, make_user):
    admin = login(Role.ADMIN)
    user = make_user(Role.FEE_EARNER)
    headers = token_for(client, user["email"])
    assert client.post(f"/api/v1/invoices/{ACCOUNT}/post", headers=headers).status_code == 403
    changed = client.patch(f"/api/v1/users/{user['id']}", headers=admin, json={"role": "billing"})
    assert changed.status_code == 200 and changed.json["role"] == "billing"
    assert client.get("/api/v1/me", headers=headers).json["role"] == "billing"
    assert client.post(f"/api/v1/invoices/{ACCOUNT}/post", headers=headers).status_code == 200


def test_deactivating_a_user_revokes_their_tokens_and_they_cannot_get_new_ones(client, login, make_user):
    admin = login(Role.ADMIN)
    user = make_user(Role.PARTNER)
    headers = token_for(client, user["email"])
    assert client.patch(f"/api/v1/users/{user['id']}", headers=admin, json={"active": False}).status_code == 200
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    refused = client.post("/api/v1/auth/token", json={"email": user["email"], "password": PASSWORD})
    assert refused.status_code == 401
    client.patch(f"/api/v1/users/{user['id']}", headers=admin, json={"active": True})
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # the old token stays revoked


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(client, make_user):
    admin = make_user(Role.ADMIN)
    headers = token_for(client, admin["email"])
    for change in ({"active": False}, {"role": "billing"}):
        response = client.patch(f"/api/v1/users/{admin['id']}", headers=headers, json=change)
        assert response.status_code == 409 and response.json["error"]["code"] == "conflict"
    assert client.get("/api/v1/me", headers=headers).json["role"] == "admin"


def test_admins_see_and_change_only_their_own_organization(client, login, make_user):
    admin = login(Role.ADMIN)
    stranger = make_user(Role.FEE_EARNER, org="globex")
    other_partner = make_user(Role.PARTNER, org="globex")
    assert client.get(f"/api/v1/users/{stranger['id']}", headers=admin).status_code == 404
    patched = client.patch(f"/api/v1/users/{stranger['id']}", headers=admin, json={"active": False})
    assert patched.status_code == 404
    delegation = client.post("/api/v1/delegations", headers=admin,
                             json={"principal_id": str(other_partner["id"]), "delegate_id": str(stranger["id"])})
    assert delegation.status_code == 404
    assert all(u["id"] != str(stranger["id"]) for u in client.get("/api/v1/users", headers=admin).json["items"])
    assert client.get("/api/v1/me", headers=token_for(client, stranger["email"])).status_code == 200


def test_delegations_give_a_partner_their_delegates_on_the_next_request(client, login, make_user):
    admin = login(Role.ADMIN)
    partner, tech = make_user(Role.PARTNER), make_user(Role.FEE_EARNER, name="Terry")
    partner_headers = token_for(client, partner["email"])
    body = {"principal_id": str(partner["id"]), "delegate_id": str(tech["id"])}
    added = client.post("/api/v1/delegations", headers=admin, json=body)
    assert added.status_code == 201 and added.json["delegate_name"] == "Terry"
    assert client.get("/api/v1/me", headers=partner_headers).json["delegates"] == [str(tech["id"])]
    reversed_body = {"principal_id": str(tech["id"]), "delegate_id": str(partner["id"])}
    refused = client.post("/api/v1/delegations", headers=admin, json=reversed_body)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "principal_id"
    assert [d["delegate_id"] for d in client.get("/api/v1/delegations", headers=admin).json] == [str(tech["id"])]
    ended = client.delete(f"/api/v1/delegations/{partner['id']}/{tech['id']}", headers=admin)
    assert ended.status_code == 204
    assert client.get("/api/v1/me", headers=partner_headers).json["delegates"] == []
    again = client.delete(f"/api/v1/delegations/{partner['id']}/{tech['id']}", headers=admin)
    assert again.status_code == 404


def test_a_partner_made_billing_loses_their_delegates(client, login, make_user):
    admin = login(Role.ADMIN)
    partner, tech = make_user(Role.PARTNER), make_user(Role.FEE_EARNER)
    client.post("/api/v1/delegations", headers=admin,
                json={"principal_id": str(partner["id"]), "delegate_id": str(tech["id"])})
    client.patch(f"/api/v1/users/{partner['id']}", headers=admin, json={"role": "billing"})
    client.patch(f"/api/v1/users/{partner['id']}", headers=admin, json={"role": "partner"})
    assert client.get(f"/api/v1/users/{partner['id']}", headers=admin).json["delegates"] == []


def test_tokens_are_listed_hashed_and_revocable_by_their_owner_only(client, make_user, engine):
    user = make_user(Role.FEE_EARNER)
    headers = token_for(client, user["email"])
    made = client.post("/api/v1/tokens", headers=headers, json={"name": "PSA sync"})
    assert made.status_code == 201 and made.json["token"].startswith("llt_")
    listed = client.get("/api/v1/tokens", headers=headers).json
    assert {t["name"] for t in listed} == {"API token", "PSA sync"}
    assert all("token" not in t and "token_hash" not in t for t in listed)
    assert next(t for t in listed if t["name"] == "PSA sync")["hint"] == made.json["token"][:8] + "…"
    with Session(engine) as session:
        stored = session.execute(select(tables.api_tokens.c.token_hash)).scalars().all()
    assert made.json["token"] not in stored  # only its hash is kept

    other = token_for(client, make_user(Role.BILLING)["email"])
    assert client.delete(f"/api/v1/tokens/{made.json['token_id']}", headers=other).status_code == 404
    sync = {"Authorization": f"Bearer {made.json['token']}"}
    assert client.get("/api/v1/me", headers=sync).status_code == 200
    assert client.delete(f"/api/v1/tokens/{made.json['token_id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=sync).status_code == 401
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    revoked = next(t for t in client.get("/api/v1/tokens", headers=headers).json if t["name"] == "PSA sync")
    assert revoked["revoked_at"] is not None


def test_changing_my_password_needs_the_current_one(client, make_user):
    user = make_user(Role.BILLING)
    headers = token_for(client, user["email"])
    wrong = client.post("/api/v1/me/password", headers=headers,
                        json={"current_password": "nope", "new_password": "another long one"})
    assert wrong.status_code == 422 and wrong.json["error"]["field"] == "current_password"
    done = client.post("/api/v1/me/password", headers=headers,
                       json={"current_password": PASSWORD, "new_password": "another long one"})
    assert done.status_code == 204
    assert client.post("/api/v1/auth/token", json={"email": user["email"], "password": PASSWORD}).status_code == 401
    token_for(client, user["email"], "another long one")


def test_failed_sign_ins_are_limited_per_email_then_refused_even_with_the_right_password(settings, rpc, make_user):
    app = create_app(GatewaySettings(**{**settings.model_dump(), "login_limit_per_email": "3/minute"}), rpc=rpc)
    client = app.test_client()
    user = make_user(Role.BILLING)
    for _ in range(3):
        assert client.post("/api/v1/auth/token", json={"email": user["email"], "password": "guess"}).status_code == 401
    limited = client.post("/api/v1/auth/token", json={"email": user["email"].upper(), "password": PASSWORD})
    assert limited.status_code == 429 and limited.json["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    # Another user at the same address is not locked out by someone else's guesses.
    assert client.post("/api/v1/auth/token", json={"email": make_user(Role.FEE_EARNER)["email"],
                                                   "password": PASSWORD}).status_code == 201


def test_successful_sign_ins_do_not_count_against_the_limit(settings, rpc, make_user):
    app = create_app(GatewaySettings(**{**settings.model_dump(), "login_limit_per_email": "2/minute",
                                        "login_limit_per_address": "2/minute"}), rpc=rpc)
    client = app.test_client()
    user = make_user(Role.BILLING)
    for _ in range(4):
        assert client.post("/api/v1/auth/token", json={"email": user["email"], "password": PASSWORD}).status_code == 201


def test_create_org_makes_an_organization_whose_admin_can_sign_in(settings, client, monkeypatch, capsys):
    monkeypatch.setenv("LEDGERLINE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("LEDGERLINE_ADMIN_PASSWORD", "a fine admin password")
    assert cli.main(["create-org", "--name", "Acme", "--slug", "acme-msp", "--admin-email", "ops@acme.example"]) == 0
    assert "created organization acme-msp" in capsys.readouterr().out
    me = client.get("/api/v1/me", headers=token_for(client, "ops@acme.example", "a fine admin password")).json
    assert me["role"] == "admin"
    with pytest.raises(SystemExit, match="already exists"):
        cli.main(["create-org", "--name", "Acme", "--slug", "acme-msp", "--admin-email", "other@acme.example"])
    monkeypatch.setenv("LEDGERLINE_ADMIN_PASSWORD", "short")
    with pytest.raises(SystemExit, match="at least 12"):
        cli.main(["create-org", "--name", "B", "--slug", "b-co", "--admin-email", "b@b.example"])


def test_wrong_passwords_and_deactivated_users_are_refused_at_once(client, make_user, engine):
    user = make_user(Role.BILLING)
    wrong = client.post("/api/v1/auth/token", json={"email": user["email"], "password": "nope"})
    assert wrong.status_code == 401
    headers = token_for(client, user["email"])
    assert client.get("/api/v1/me", headers=headers).json["role"] == "billing"
    with engine.begin() as connection:
        connection.execute(update(tables.users).where(tables.users.c.id == user["id"]).values(active=False))
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_the_gateway_holds_one_database_connection_per_request_thread_at_most():
    # The connection budget in docs/operations.md counts the gateway this way.
    assert GatewaySettings(gateway_threads=8).db_connections() == 8
    assert GatewaySettings(gateway_threads=8, db_pool_size=4).db_connections() == 4
