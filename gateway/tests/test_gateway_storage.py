"""The gateway's tables, split by area, are still all in the metadata Alembic compares."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from ledgerline_gateway import storage


def test_the_migrations_and_the_tables_agree(settings):
    """An empty diff: no table or column is missing from ``storage.metadata`` (autogenerate would
    drop it) and none is missing from the migrations."""
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, storage.metadata)
    finally:
        engine.dispose()
    assert diff == []
    assert {"organizations", "users", "delegations", "api_tokens", "web_sessions",
            "idempotency_keys"} <= set(storage.metadata.tables)
