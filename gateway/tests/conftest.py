"""Gateway tests: the real gateway database, and a recording stand-in for the services.

These check the gateway's own behaviour (identity, sessions, permissions,
validation, error mapping, OpenAPI, the web pages). The platform tests in
tests/integration drive the same gateway against the real services.
"""

import functools
import uuid

import pytest
from gateway_helpers import (
    ACCOUNT, PASSWORD, RecordingRpc, account_view, aging_view, empty_page, not_found, sign_in_web, time_stats_view,
    unbilled_view,
)
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ledgerline_contracts import Role
from ledgerline_gateway import identity, storage
from ledgerline_gateway.app import create_app
from ledgerline_gateway.settings import GatewaySettings
from ledgerline_servicekit.testing.fixtures import test_settings, truncate_all


@pytest.fixture
def services(rpc):
    """The services as a stranger's ids meet them: lists are empty, the one known account is
    ``ACCOUNT``, anything else is not found."""
    rpc.reply = not_found
    rpc.answers.update({
        "list_accounts": empty_page, "list_time_entries": empty_page, "list_invoices": empty_page,
        "list_work_orders": empty_page, "time_stats": time_stats_view,
        "get_account": lambda account_id: account_view() if account_id == ACCOUNT else not_found(),
        "list_unbilled": unbilled_view, "ar_aging": aging_view,
    })
    return rpc


@pytest.fixture
def settings(migrated_database):
    url = migrated_database("gateway")
    truncate_all(url)
    base = test_settings()
    return GatewaySettings(**{**base.model_dump(), "database_url": url})


@pytest.fixture
def rpc():
    return RecordingRpc()


@pytest.fixture
def app(settings, rpc):
    return create_app(settings, rpc=rpc)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def engine(settings):
    engine = create_engine(settings.database_url)
    yield engine
    engine.dispose()


@functools.cache
def _hashed(password: str) -> str:
    """argon2 is slow on purpose; tests hash each password once."""
    return identity.hash_password(password)


@pytest.fixture
def make_user(engine):
    def make(role: Role, email: str = None, password: str = PASSWORD, active: bool = True, org: str = "acme",
             account_id: str | None = None, name: str | None = None):
        role = Role(role)
        with Session(engine) as session, session.begin():
            existing = storage.organizations.org_by_slug(session, org)
            org_id = existing.id if existing else storage.organizations.create_org(session, org.title(), org)
            email = email or f"{role.value}-{uuid.uuid4().hex[:6]}@{org}.example"
            if role is Role.CUSTOMER and account_id is None:
                account_id = ACCOUNT
            user_id = storage.users.create_user(session, org_id=org_id, email=email, name=name or role.value,
                                          role=role.value, password_hash=_hashed(password),
                                          account_id=uuid.UUID(account_id) if account_id else None)
            if not active:
                storage.users.update_user(session, user_id, active=False)
        return {"email": email, "password": password, "id": user_id, "org_id": org_id}

    return make


@pytest.fixture
def login(client, make_user):
    """A bearer-token header for a new user with ``role``."""

    def sign_in(role: Role, **user) -> dict:
        made = make_user(role, **user)
        response = client.post("/api/v1/auth/token", json={"email": made["email"], "password": made["password"]})
        assert response.status_code == 201, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return sign_in


@pytest.fixture
def browser(app, make_user):
    """A test client signed in to the web UI as a new user with ``role`` (the cookie jar is the session)."""

    def open_as(role: Role, **user):
        made = make_user(role, **user)
        web = app.test_client()
        response = sign_in_web(web, made["email"], made["password"])
        assert response.status_code == 302, response.text
        web.user = made
        return web

    return open_as

