"""Migrating dunning's invoices to the kit's receivables keeps every row, and its reminders still find it."""

from uuid import uuid4

from alembic import command
from sqlalchemy import text

from ledgerline_servicekit.testing.fixtures import database_at_revision


def test_invoices_become_receivables_with_every_row(kit_settings):
    # Before the kit's shape:
    config, engine = database_at_revision(kit_settings, "ledgerline_dunning", "1309944eb8e5")
    invoice_id, org, account = uuid4(), uuid4(), uuid4()
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO invoices (id, org_id, number, account_id, account_name, billing_email, due_date, "
                "currency, total, balance, standing, disputed, paused) VALUES (:id, :org, 'INV-1', :account, "
                "'Acme', 'ap@acme.example', '2026-10-31', 'EUR', 100, 60, 'paid', true, false)"),
                {"id": invoice_id, "org": org, "account": account})
            connection.execute(text(
                "INSERT INTO reminders (id, invoice_id, position, stage, label, due_on, status) VALUES "
                "(:id, :invoice, 0, 'due', 'Due today', '2026-10-31', 'cancelled')"),
                {"id": uuid4(), "invoice": invoice_id})
        command.upgrade(config, "heads")
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT r.invoice_id, r.number, r.billing_email, r.balance, r.status, r.disputed, m.stage "
                "FROM receivables r JOIN reminders m ON m.invoice_id = r.invoice_id")).one()
        assert tuple(row) == (invoice_id, "INV-1", "ap@acme.example", 60, "paid", True, "due")
    finally:
        engine.dispose()
