"""Migrating analytics' receivables to the kit's shape keeps every row."""

from uuid import uuid4

from alembic import command
from sqlalchemy import text

from ledgerline_servicekit.testing.fixtures import database_at_revision


def test_receivables_keep_their_rows_in_the_kit_shape(kit_settings):
    # Before the kit's shape:
    config, engine = database_at_revision(kit_settings, "ledgerline_analytics", "1e3288db0b21")
    invoice_id, org, account = uuid4(), uuid4(), uuid4()
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
