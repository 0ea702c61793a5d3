"""What the storage modules share: writing a record's rows whole, and JSON that keeps decimals."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session


def upsert(session: Session, table: Table, rows: list[dict]) -> None:
    """Insert these rows, or overwrite the ones that exist (by primary key)."""
    if not rows:
        return
    statement = pg_insert(table).values(rows)
    keys = [c.name for c in table.primary_key.columns]
    session.execute(statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in rows[0] if name not in keys}))


def jsonable(value):
    """Decimals as the strings people read ("16.90"); ids and times as strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
