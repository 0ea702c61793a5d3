"""Alembic, shared: every service migrates its own database with its own
revisions plus the kit's branch (outbox and processed_events tables)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, create_engine

from ledgerline_servicekit.tables import kit_metadata

KIT_VERSIONS = Path(__file__).parent / "versions"


def alembic_config(migrations: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("version_locations", f"{migrations / 'versions'} {KIT_VERSIONS}")
    config.set_main_option("path_separator", "space")
    config.attributes["database_url"] = database_url
    return config


def upgrade(migrations: Path, database_url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(migrations, database_url), revision)


def run_env(service_metadata: MetaData) -> None:
    """The body of every service's ``migrations/env.py``."""
    url = context.config.attributes.get("database_url")
    target = [service_metadata, kit_metadata]
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    from ledgerline_servicekit.config import Settings
    from ledgerline_servicekit.registry import migrations_dir, service_names

    parser = argparse.ArgumentParser(prog="ledgerline-migrate", description="Migrate a service's database to the latest revision.")
    parser.add_argument("names", nargs="*", help="services to migrate (default: all)")
    args = parser.parse_args(argv)
    settings = Settings()
    for name in args.names or service_names():
        upgrade(migrations_dir(name), settings.database_url_for(name))
        print(f"migrated {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
