"""The Alembic environment every Ledgerline database migrates with."""

from importlib import import_module

from alembic import context
from sqlalchemy import create_engine

from ledgerline_servicekit.tables import kit_metadata

config = context.config
target_metadata = [import_module(f"{config.attributes['package']}.storage").metadata]
if config.attributes.get("with_kit", True):
    target_metadata.append(kit_metadata)
url = config.attributes["database_url"]

if context.is_offline_mode():
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
