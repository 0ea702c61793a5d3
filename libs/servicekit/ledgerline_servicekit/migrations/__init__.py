"""Alembic, shared: one environment for every package that owns a database.

A package (a service, or the gateway) keeps only its revision files, in
``<package>/migrations/``, and its tables in ``<package>.storage.metadata``.
Its database is migrated with those revisions plus the kit's own branch
(``versions/``: the outbox and processed_events tables).

    ledgerline-migrate upgrade [invoicing ...]       # all services by default
    ledgerline-migrate revision invoicing -m "add credit notes"   # autogenerate
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from pathlib import Path

from alembic import command
from alembic.config import Config

KIT_DIR = Path(__file__).parent


def package_of(name: str) -> str:
    """Services are named by their short name; other packages by their import name."""
    return name if name.startswith("ledgerline_") else f"ledgerline_{name}"


def versions_dir(package: str) -> Path:
    return Path(import_module(package).__file__).parent / "migrations"


def alembic_config(package: str, database_url: str, with_kit: bool = True) -> Config:
    """``with_kit=False`` for a database without events (the gateway's)."""
    config = Config()
    config.set_main_option("script_location", str(KIT_DIR))
    config.set_main_option("path_separator", "space")
    locations = [versions_dir(package)] + ([KIT_DIR / "versions"] if with_kit else [])
    config.set_main_option("version_locations", " ".join(str(p) for p in locations))
    config.attributes.update(database_url=database_url, package=package, with_kit=with_kit)
    return config


def upgrade(package: str, database_url: str, with_kit: bool = True) -> None:
    command.upgrade(alembic_config(package, database_url, with_kit), "heads")


def revision(package: str, database_url: str, message: str, with_kit: bool = True) -> None:
    config = alembic_config(package, database_url, with_kit)
    first = not any(versions_dir(package).glob("*.py"))
    upgrade(package, database_url, with_kit)  # autogenerate compares against an up-to-date database
    command.revision(
        config, message=message, autogenerate=True, version_path=str(versions_dir(package)),
        head="base" if first else f"{package}@head", branch_label=package if first else None,
    )


# Databases that hold no events, hence no outbox: the gateway's.
WITHOUT_KIT = frozenset({"gateway"})


def all_databases() -> list[str]:
    from ledgerline_servicekit.registry import service_names

    return [*service_names(), *sorted(WITHOUT_KIT)]


def upgrade_databases(settings, names: list[str], *, create: bool = False, fresh: bool = False) -> None:
    """Migrate each named database (a service's, or ``gateway``), creating it first if asked."""
    from ledgerline_servicekit.provision import create_database

    for name in names:
        if create or fresh:
            create_database(settings.postgres_url, settings.database_name(name), drop_first=fresh)
        upgrade(package_of(name), settings.database_url_for(name), with_kit=name not in WITHOUT_KIT)


def main(argv: list[str] | None = None) -> int:
    from ledgerline_servicekit.config import Settings

    parser = argparse.ArgumentParser(prog="ledgerline-migrate", description="Migrate Ledgerline databases.")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("upgrade", help="migrate to the latest revision")
    up.add_argument("names", nargs="*", help="services (or 'gateway') to migrate (default: all)")
    up.add_argument("--create-databases", action="store_true", help="create missing databases first")
    rev = sub.add_parser("revision", help="autogenerate a revision from the package's tables")
    rev.add_argument("name")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--without-kit", action="store_true", help="a database with no outbox (the gateway's)")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "revision":
        revision(package_of(args.name), settings.database_url_for(args.name.removeprefix("ledgerline_")),
                 args.message, with_kit=not args.without_kit)
        return 0
    names = args.names or all_databases()
    upgrade_databases(settings, names, create=args.create_databases)
    print(f"migrated {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
