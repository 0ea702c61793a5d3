"""Gateway tests: the real gateway database, and a recording stand-in for the services.

These check the gateway's own behaviour (identity, permissions, validation,
error mapping, OpenAPI). The platform tests in tests/integration drive the
same gateway against the real services.
"""

import pytest

from ledgerline_contracts import Role
from ledgerline_gateway import identity, storage
from ledgerline_gateway.app import create_app
from ledgerline_gateway.settings import GatewaySettings
from ledgerline_servicekit.testing.fixtures import test_settings, truncate_all
from sqlalchemy import create_engine
from sqlalchemy.orm import Session


class RecordingRpc:
    """Answers every call with ``reply`` (or raises ``error``) and remembers what was asked."""

    def __init__(self):
        self.calls = []
        self.reply = {"ok": True}
        self.error = None

    def call(self, service, method, *args, actor=None, correlation_id=None, **kwargs):
        self.calls.append((service, method, args, kwargs, actor, correlation_id))
        if self.error is not None:
            raise self.error
        return self.reply


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
def client(settings, rpc):
    return create_app(settings, rpc=rpc).test_client()


@pytest.fixture
def make_user(settings):
    engine = create_engine(settings.database_url)

    def make(role: Role, email: str = None, password: str = "a long enough password", active: bool = True):
        with Session(engine) as session, session.begin():
            org = storage.org_by_slug(session, "acme") or None
            org_id = org.id if org else storage.create_org(session, "Acme", "acme")
            email = email or f"{role.value}@acme.example"
            user_id = storage.create_user(session, org_id=org_id, email=email, name=role.value, role=role.value,
                                          password_hash=identity.hash_password(password))
            if not active:
                session.execute(storage.users.update().where(storage.users.c.id == user_id).values(active=False))
        return {"email": email, "password": password, "id": user_id}

    yield make
    engine.dispose()


@pytest.fixture
def login(client, make_user):
    def sign_in(role: Role) -> dict:
        user = make_user(role)
        response = client.post("/api/v1/auth/token", json={"email": user["email"], "password": user["password"]})
        assert response.status_code == 201, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return sign_in
