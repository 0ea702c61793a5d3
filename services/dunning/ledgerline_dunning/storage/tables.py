"""Dunning's tables (``metadata`` is what Alembic compares against)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, Table, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID as PgUUID

from ledgerline_servicekit.receivables.storage import receivable_table

metadata = MetaData()

# What dunning knows of each posted invoice (the kit's read model), and whether its reminders are paused.
receivables = receivable_table(metadata, Column("paused", Boolean, nullable=False, server_default="false"))

# The schedule and the billing log in one: a row per stage per invoice.
reminders = Table(
    "reminders", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("invoice_id", PgUUID(as_uuid=True), nullable=False),
    Column("position", Integer, nullable=False),
    Column("stage", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", Text, nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("recipient", Text),
    UniqueConstraint("invoice_id", "stage", name="reminders_once_per_stage"),
)
