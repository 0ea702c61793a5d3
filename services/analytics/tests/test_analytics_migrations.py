"""Migrating analytics' receivables to the kit's shape keeps every row."""

from uuid import uuid4

from alembic import command
from sqlalchemy import create_engine, text

from ledgerline_servicekit.migrations import alembic_config
from ledgerline_servicekit.provision import create_database


def test_receivables_keep_their_rows_in_the_kit_shape(kit_settings):
    name = f"{kit_settings.database_prefix}_analytics_migration"
    create_database(kit_settings.postgres_url, name, drop_first=True)
    url = f"{kit_settings.postgres_url.rstrip('/')}/{name}"
    config = alembic_config("ledgerline_analytics", url)
    command.upgrade(config, "1e3288db0b21")  # before the kit's shape
    invoice_id, org, account = uuid4(), uuid4(), uuid4()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO receivables (invoice_id, org_id, account_id, account_name, number, issue_date, "
                "due_date, currency, total, balance, status) VALUES (:id, :org, :account, 'Acme', 'INV-1', "
                "'2026-10-01', '2026-10-31', 'EUR', 100, 60, 'open')"), {"id": invoice_id, "org": org,
                                                                          "account": account})
        command.upgrade(config, "heads")
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT number, due_date::text, balance, status, disputed FROM receivables")).one()
        assert tuple(row) == ("INV-1", "2026-10-31", 60, "open", False)
    finally:
        engine.dispose()
