"""pytest fixtures for service tests: a test vhost, test databases, nameko config.

Load with ``pytest_plugins = ["ledgerline_servicekit.testing.fixtures"]``.
Set ``LEDGERLINE_TEST_NAMESPACE`` to run two test sessions side by side
without sharing databases or queues.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text

from ledgerline_servicekit.config import Settings, nameko_config
from ledgerline_servicekit.migrations import package_of, upgrade
from ledgerline_servicekit.provision import create_database, ensure_vhost


def test_namespace() -> str:
    return os.environ.get("LEDGERLINE_TEST_NAMESPACE", "test")


def test_settings(**overrides) -> Settings:
    base = Settings()
    namespace = test_namespace()
    server = base.amqp_uri.rsplit("/", 1)[0]
    values = dict(
        amqp_uri=f"{server}/ledgerline_{namespace}",
        database_prefix=f"ledgerline_{namespace}",
        database_url=None,
        metrics_port=0,
        log_format="console",
        relay_poll_seconds=0.05,
        handler_retry_base_ms=50,
        handler_retry_max_ms=400,
        handler_max_attempts=3,
    )
    values.update(overrides)
    return base.model_copy(update=values)


@pytest.fixture(scope="session")
def kit_settings() -> Settings:
    settings = test_settings()
    ensure_vhost(settings.amqp_uri, fresh=True)
    return settings


@pytest.fixture(scope="session")
def nameko_test_config(kit_settings) -> dict:
    return nameko_config(kit_settings)


@pytest.fixture(scope="session")
def migrated_database(kit_settings) -> Callable[[str], str]:
    """``migrated_database("invoicing")`` → URL of a fresh, migrated test database."""
    done: dict[str, str] = {}

    def make(service: str) -> str:
        if service not in done:
            url = kit_settings.database_url_for(service)
            create_database(kit_settings.postgres_url, kit_settings.database_name(service), drop_first=True)
            upgrade(package_of(service), url, with_kit=service != "gateway")
            done[service] = url
        return done[service]

    return make


@pytest.fixture
def start_service(container_factory, kit_settings):
    """``start_service(InvoicingService)`` → a running nameko test container.

    The service's event queues are declared and emptied first: events other
    tests' services published must not reach it (nameko's entrypoint_hook would
    take their result for the one the test delivers).

    ``replace={"invoicing": fake}`` swaps dependencies (e.g. an ``RpcProxy`` to
    another service) for stand-ins before the container starts.
    """
    import kombu
    from nameko.testing.services import replace_dependencies

    from ledgerline_servicekit.topology import consumer_queues

    def start(service_cls, replace: dict | None = None, **overrides):
        settings = kit_settings.model_copy(update=overrides) if overrides else kit_settings
        with kombu.Connection(settings.amqp_uri) as connection:
            channel = connection.channel()
            for queue in consumer_queues(settings, {service_cls.name}):
                queue(channel).declare()
                channel.queue_purge(queue.name)
        container = container_factory(service_cls, nameko_config(settings))
        if replace:
            replace_dependencies(container, **replace)
        container.start()
        return container

    return start


def database_fixture(service: str):
    """A ``database_url`` fixture for a service's tests: its migrated test database, emptied.

    In a service's conftest: ``database_url = database_fixture("invoicing")``.
    """

    @pytest.fixture(name="database_url")
    def database_url(migrated_database) -> str:
        url = migrated_database(service)
        truncate_all(url)
        return url

    return database_url


def database_at_revision(settings: Settings, package: str, revision: str):
    """A fresh database of its own migrated up to ``revision`` (to test a migration on the rows
    before it): its Alembic config, to upgrade further, and an engine on it (dispose it)."""
    from alembic import command

    from ledgerline_servicekit.migrations import alembic_config

    name = f"{settings.database_prefix}_{package}_migration"
    create_database(settings.postgres_url, name, drop_first=True)
    url = f"{settings.postgres_url.rstrip('/')}/{name}"
    config = alembic_config(package, url)
    command.upgrade(config, revision)
    return config, create_engine(url)


def truncate_all(url: str) -> None:
    """Empty every table but Alembic's, so each test starts from nothing."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            tables = connection.execute(text(
                "SELECT quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )).scalars().all()
            if tables:
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


def wait_until(predicate: Callable[[], object], timeout: float = 15.0, interval: float = 0.05,
               message: str = "condition") -> object:
    """Poll ``predicate`` until it returns something truthy; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


# --- calling a service under test -------------------------------------------------

def make_actor(role, org_id=None, **fields):
    """An acting user for tests; a fresh user (and organization) unless given."""
    from uuid import uuid4

    from ledgerline_contracts import Actor, Role

    return Actor(user_id=fields.pop("user_id", uuid4()), org_id=org_id or uuid4(), role=Role(role),
                 name=fields.pop("name", f"Test {role}"), **fields)


def call_as(container, actor, method: str, *args, **kwargs):
    """Call an RPC method of a running test container as ``actor``."""
    from nameko.testing.services import entrypoint_hook

    with entrypoint_hook(container, method, context_data={"actor": actor.model_dump_json()}) as hook:
        return hook(*args, **kwargs)


def deliver(container, method: str, envelope) -> None:
    """Hand ``envelope`` to an event handler as if it came off its queue."""
    from nameko.testing.services import entrypoint_hook

    with entrypoint_hook(container, method, context_data={"correlation_id": "test"}) as hook:
        hook(envelope)


def envelope_for(event_type: str, org_id, payload, **fields):
    from ledgerline_contracts import Envelope, spec_for

    return Envelope(event_type=event_type, org_id=org_id, producer=spec_for(event_type).producer,
                    payload=payload.model_dump(mode="json"), **fields)


def recorded_events(database_url: str, event_type: str | None = None) -> list:
    """Envelopes a service wrote to its outbox, oldest first."""
    from ledgerline_contracts import Envelope
    from ledgerline_servicekit.tables import outbox

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            query = outbox.select().order_by(outbox.c.id)
            if event_type:
                query = query.where(outbox.c.event_type == event_type)
            return [Envelope.model_validate_json(row.body) for row in connection.execute(query)]
    finally:
        engine.dispose()
