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
from ledgerline_servicekit.migrations import upgrade
from ledgerline_servicekit.provision import create_database, ensure_vhost
from ledgerline_servicekit.registry import migrations_dir


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
            upgrade(migrations_dir(service), url)
            done[service] = url
        return done[service]

    return make


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
