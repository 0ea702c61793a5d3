"""Each process opens a bounded number of database connections (docs/operations.md)."""

import pytest
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.db import make_engine


def test_a_service_needs_a_connection_per_worker_and_one_for_its_outbox_relay():
    assert Settings(max_workers=10).db_connections() == 11
    assert Settings(max_workers=10, db_pool_size=4, db_max_overflow=2).db_connections() == 6


def test_the_pool_never_opens_more_than_its_budget(kit_settings):
    settings = kit_settings.model_copy(update={"db_pool_size": 2, "db_max_overflow": 0,
                                               "db_pool_timeout_seconds": 0.2})
    engine = make_engine(f"{settings.postgres_url}/postgres", settings)
    try:
        held = [engine.connect(), engine.connect()]
        with pytest.raises(PoolTimeout):
            engine.connect()  # a third waits, then gives up: a transient error, retried
        for connection in held:
            connection.close()
    finally:
        engine.dispose()
