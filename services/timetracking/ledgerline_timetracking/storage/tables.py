"""The tables. Times are UTC (timestamptz); money is NUMERIC with its currency beside it."""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Index, Integer, MetaData, Numeric, Table, Text, UniqueConstraint, func, text,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID

from ledgerline_servicekit.receivables.storage import receivable_table
from ledgerline_servicekit.replicas import account_replica_table

metadata = MetaData()


def _id(name: str = "id", **kw) -> Column:
    return Column(name, PgUUID(as_uuid=True), **kw)


def _timestamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


def _billing_columns() -> list[Column]:
    """Who did the work, where it is billed, and its lock (see domain.locks)."""
    return [
        _id("org_id", nullable=False),
        _id("user_id", nullable=False),
        Column("user_name", Text, nullable=False, server_default=""),
        _id("account_id", nullable=False),
        _id("matter_id"),
        Column("billable", Boolean, nullable=False),
        Column("status", Text, nullable=False, server_default="unbilled"),
        _id("invoice_id"),
        Column("invoice_number", Text),
        Column("version", Integer, nullable=False),  # grows by one on every change; events carry it
        *_timestamps(),
    ]


# Invoicing's accounts, from account.* events: work may only be recorded
# against an account that exists and is active.
accounts = account_replica_table(metadata)

matters = Table(
    "matters", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("account_id", nullable=False),
    Column("kind", Text, nullable=False),  # matter | ticket
    Column("reference", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="open"),
    Column("version", Integer, nullable=False),
    _id("opened_by", nullable=False),
    *_timestamps(),
    UniqueConstraint("org_id", "reference", name="matters_reference_unique"),
    Index("matters_account", "org_id", "account_id"),
)

# Per-organization counters (matter and ticket references), taken under a row lock.
counters = Table(
    "counters", metadata,
    _id("org_id", primary_key=True),
    Column("name", Text, primary_key=True),
    Column("value", Integer, nullable=False),
)

activity_codes = Table(
    "activity_codes", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    Column("code", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("billable", Boolean, nullable=False),  # the default for time recorded with this code
    Column("active", Boolean, nullable=False, server_default=text("true")),
    *_timestamps(),
    UniqueConstraint("org_id", "code", name="activity_codes_code_unique"),
)

# Timer rounding: the organization's default and per-account rules.
org_rounding = Table(
    "org_rounding", metadata,
    _id("org_id", primary_key=True),
    Column("mode", Text, nullable=False),
    Column("increment_minutes", Integer, nullable=False),
)

account_rounding = Table(
    "account_rounding", metadata,
    _id("account_id", primary_key=True),
    _id("org_id", nullable=False),
    Column("mode", Text, nullable=False),
    Column("increment_minutes", Integer, nullable=False),
)

capacities = Table(
    "capacities", metadata,
    _id("org_id", primary_key=True),
    _id("user_id", primary_key=True),
    Column("weekly_hours", Numeric(5, 2), nullable=False),
    Column("target_percent", Integer, nullable=False),
)

timers = Table(
    "timers", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("user_id", nullable=False),
    Column("user_name", Text, nullable=False, server_default=""),
    Column("description", Text, nullable=False, server_default=""),
    _id("account_id"),
    _id("matter_id"),
    Column("activity_code", Text),
    Column("billable", Boolean),  # None: the activity code's default
    Column("status", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("running_since", DateTime(timezone=True)),  # set while running
    Column("accumulated_seconds", Integer, nullable=False, server_default="0"),  # finished runs
    Column("ended_at", DateTime(timezone=True)),
    _id("entry_id"),  # the time entry a commit made
    *_timestamps(),
    # At most one running timer per person, whatever races the requests run.
    Index("timers_one_running", "org_id", "user_id", unique=True, postgresql_where=text("status = 'running'")),
    Index("timers_user", "org_id", "user_id", "status"),
)

time_entries = Table(
    "time_entries", metadata,
    _id(primary_key=True),
    *_billing_columns(),
    Column("work_date", Date, nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
    Column("duration_minutes", Integer, nullable=False),
    Column("raw_duration_seconds", Integer),  # committed timers: as measured, before rounding
    _id("timer_id"),
    Column("activity_code", Text),
    Column("narrative", Text, nullable=False),
    Index("time_entries_user_date", "org_id", "user_id", "work_date"),
    Index("time_entries_user_period", "org_id", "user_id", "started_at"),
    Index("time_entries_account", "org_id", "account_id"),
    Index("time_entries_matter", "matter_id"),
)

expenses = Table(
    "expenses", metadata,
    _id(primary_key=True),
    *_billing_columns(),
    Column("work_date", Date, nullable=False),
    Column("category", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("amount", Numeric(18, 4), nullable=False),
    Column("currency", Text, nullable=False),
    # The receipt file lives in the receipt store (never in the database); this is its key.
    Column("receipt_key", Text),
    Column("receipt_filename", Text),
    Column("receipt_content_type", Text),
    Column("receipt_size", Integer),
    Index("expenses_user_date", "org_id", "user_id", "work_date"),
    Index("expenses_account", "org_id", "account_id"),
    Index("expenses_matter", "matter_id"),
)

parts = Table(
    "parts", metadata,
    _id(primary_key=True),
    *_billing_columns(),
    Column("work_date", Date, nullable=False),
    _id("catalog_item_id"),
    Column("sku", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("quantity", Numeric(12, 3), nullable=False),
    Column("unit_price", Numeric(18, 4), nullable=False),  # snapshotted from the catalog when added
    Column("currency", Text, nullable=False),
    Column("serial_number", Text),
    Index("parts_user_date", "org_id", "user_id", "work_date"),
    Index("parts_account", "org_id", "account_id"),
    Index("parts_matter", "matter_id"),
)

# The furthest stage each invoice has reached (see domain.locks.InvoiceStage).
invoice_stages = Table(
    "invoice_stages", metadata,
    Column("invoice_id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("stage", Integer, nullable=False),
    Column("number", Text),
)

# Each invoice's claims on work items, as its events announced them (see domain.locks).
invoice_claims = Table(
    "invoice_claims", metadata,
    _id("invoice_id", primary_key=True),
    Column("item_kind", Text, primary_key=True),
    _id("item_id", primary_key=True),
    _id("org_id", nullable=False),
    Column("released", Boolean, nullable=False),
    # occurred_at of the event that last changed the claim: an older event leaves it alone.
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Index("invoice_claims_item", "item_kind", "item_id"),
)

# What each account still owes on its posted invoices, from invoicing's events (the kit's read model;
# the past-due warning, domain.past_due).
receivables = receivable_table(metadata)
