"""Migrations keep existing data: each account's flat hourly rate becomes its rate override."""

from uuid import uuid4

from alembic import command
from sqlalchemy import create_engine, text

from ledgerline_servicekit.migrations import alembic_config
from ledgerline_servicekit.provision import create_database


def test_flat_hourly_rates_become_account_rate_overrides(kit_settings):
    name = f"{kit_settings.database_prefix}_invoicing_migration"
    create_database(kit_settings.postgres_url, name, drop_first=True)
    url = f"{kit_settings.postgres_url.rstrip('/')}/{name}"
    config = alembic_config("ledgerline_invoicing", url)
    command.upgrade(config, "f5071f9a5d19")  # before rates existed
    org, priced, unpriced = uuid4(), uuid4(), uuid4()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for account_id, name_, rate in ((priced, "Acme", "150.00"), (unpriced, "Baker", "0")):
                connection.execute(text(
                    "INSERT INTO accounts (id, org_id, name, billing_email, currency, payment_terms_days, "
                    "tax_rate, hourly_rate, version) VALUES (:id, :org, :name, 'ap@x.example', 'USD', 30, 0, "
                    ":rate, 1)"), {"id": account_id, "org": org, "name": name_, "rate": rate})
        command.upgrade(config, "heads")
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT account_id, scope, user_id, activity_code, rate, currency FROM rates")).all()
        assert [tuple(r) for r in rows] == [(priced, "account", None, None, 150, "USD")]
        command.downgrade(config, "f5071f9a5d19")
        with engine.connect() as connection:
            rates = dict(connection.execute(text("SELECT id, hourly_rate FROM accounts")).all())
        assert rates == {priced: 150, unpriced: 0}
    finally:
        engine.dispose()
