"""Migrating timetracking's receivables to the kit's shape keeps every row and the past-due warning."""

from uuid import uuid4

from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session

from ledgerline_servicekit.testing.fixtures import database_at_revision

from ledgerline_timetracking.storage.receivables import receivables_of


def test_receivables_keep_their_rows_in_the_kit_shape(kit_settings):
    config, engine = database_at_revision(kit_settings, "ledgerline_timetracking", "166a045eac2a")
    org, account, owed, paid, early = uuid4(), uuid4(), uuid4(), uuid4(), uuid4()
    try:
        with engine.begin() as connection:
            for invoice_id, due_date, balance in ((owed, "2026-10-31", 60), (paid, "2026-10-01", 0),
                                                  (early, None, 30)):  # early: a payment before its posting
                connection.execute(text(
                    "INSERT INTO receivables (invoice_id, org_id, account_id, number, due_date, balance, currency) "
                    "VALUES (:id, :org, :account, 'INV-1', :due, :balance, 'EUR')"),
                    {"id": invoice_id, "org": org, "account": account, "due": due_date, "balance": balance})
        command.upgrade(config, "heads")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM receivables")).scalar() == 3
        with Session(engine) as session:
            assert [r.balance for r in receivables_of(session, org, [account])[account]] == [60]
    finally:
        engine.dispose()
