"""Invoicing's tables (``metadata``, read by Alembic). Queries live in the sibling modules."""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, Numeric, Table, Text,
    UniqueConstraint, func, text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUUID

metadata = MetaData()

MONEY = Numeric(18, 4)
RATE = Numeric(6, 4)  # tax rates: 0.2000 for 20 %


def _id(name: str = "id", *args, **kwargs) -> Column:
    return Column(name, PgUUID(as_uuid=True), *args, **kwargs)


accounts = Table(
    "accounts", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    Column("name", Text, nullable=False),
    Column("billing_email", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("payment_terms_days", Integer, nullable=False),
    Column("tax_rate", RATE, nullable=False),
    Column("tax_id", Text),
    Column("address", Text, nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("accounts_org_name", accounts.c.org_id, func.lower(accounts.c.name), unique=True)

# Matters (law) and tickets (MSP), replicated from timetracking's matter.* events: they
# scope matter rate overrides and drafts, and name the matter on an invoice.
matters = Table(
    "matters", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("account_id", nullable=False),
    Column("kind", Text, nullable=False),
    Column("reference", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

# Hourly bill rates: standard (no account, no matter), account overrides and matter
# overrides, each optionally narrowed to a user and/or an activity code. The resolution
# order is in domain.pricing. One rate per place: setting it again replaces it.
rates = Table(
    "rates", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    Column("scope", Text, nullable=False),
    _id("account_id", ForeignKey("accounts.id")),
    _id("matter_id"),
    _id("user_id"),
    Column("activity_code", Text),
    Column("rate", MONEY, nullable=False),
    Column("currency", Text, nullable=False),
    _id("updated_by", nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("rates_one_per_place", rates.c.org_id, rates.c.scope, rates.c.account_id, rates.c.matter_id,
      rates.c.user_id, func.lower(rates.c.activity_code), rates.c.currency,
      unique=True, postgresql_nulls_not_distinct=True)

# What an hour of a user's time costs the firm (margin reporting).
cost_rates = Table(
    "cost_rates", metadata,
    _id("org_id", primary_key=True),
    _id("user_id", primary_key=True),
    Column("rate", MONEY, nullable=False),
    Column("currency", Text, nullable=False),
    _id("updated_by", nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

catalog_items = Table(
    "catalog_items", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    Column("sku", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("unit_price", MONEY, nullable=False),
    Column("unit_cost", MONEY, nullable=False),
    Column("currency", Text, nullable=False),
    Column("tax_rate", RATE, nullable=False),
    Column("stock_on_hand", Integer),  # NULL: not stocked
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("catalog_items_org_sku", catalog_items.c.org_id, func.lower(catalog_items.c.sku), unique=True)

# Invoicing's copy of billable work (time entries, expenses, parts), from timetracking's events.
work_items = Table(
    "work_items", metadata,
    _id(primary_key=True),  # the entry's id in timetracking
    _id("org_id", nullable=False),
    Column("kind", Text, nullable=False),  # time | expense | part
    Column("version", Integer, nullable=False),
    _id("user_id", nullable=False),
    Column("user_name", Text, nullable=False, server_default=""),
    _id("account_id", nullable=False),
    _id("matter_id"),
    Column("work_date", Date, nullable=False),
    Column("minutes", Integer, nullable=False),  # time only; 0 otherwise
    Column("activity_code", Text),  # time only
    Column("narrative", Text, nullable=False),  # what the line says
    Column("quantity", Numeric(14, 3)),  # parts
    Column("unit_price", MONEY),  # parts: the snapshotted price; expenses: the amount
    Column("currency", Text),  # expenses and parts
    _id("catalog_item_id"),  # parts
    Column("sku", Text),  # parts
    Column("billable", Boolean, nullable=False),
    Column("deleted", Boolean, nullable=False, server_default=text("false")),
    # Stock this part entry has taken from its catalog item, so a change moves only the difference.
    _id("stock_item_id"),
    Column("stock_units", Integer, nullable=False, server_default="0"),
    # The one live invoice that claims this item; claiming is a conditional UPDATE.
    _id("invoice_id", ForeignKey("invoices.id")),
    Index("work_items_unbilled", "org_id", "account_id", postgresql_where=text("invoice_id IS NULL")),
)

invoices = Table(
    "invoices", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("account_id", ForeignKey("accounts.id"), nullable=False),
    _id("matter_id"),
    Column("date_from", Date),  # the period drafted, when one was asked for
    Column("date_to", Date),
    _id("work_order_id"),  # the completed work order it was drafted from
    Column("work_order_number", Text),
    Column("status", Text, nullable=False),
    Column("number", Text),
    Column("currency", Text, nullable=False),
    Column("subtotal", MONEY, nullable=False),
    Column("tax", MONEY, nullable=False),
    Column("total", MONEY, nullable=False),
    Column("amount_paid", MONEY, nullable=False, server_default="0"),
    Column("credited", MONEY, nullable=False, server_default="0"),
    Column("cost", MONEY),  # what the lines' work cost the firm, where known
    Column("disputed", Boolean, nullable=False, server_default=text("false")),
    Column("issue_date", Date),
    Column("due_date", Date),
    _id("created_by", nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    _id("approved_by"),
    Column("approved_at", DateTime(timezone=True)),
    _id("posted_by"),
    Column("posted_at", DateTime(timezone=True)),
    Column("paid_on", Date),
    _id("closed_by"),  # who voided or deleted it
    Column("closed_at", DateTime(timezone=True)),
    UniqueConstraint("org_id", "number", name="invoices_number_unique"),
)
# A work order is drafted once, whatever arrives again or late (a deleted draft still counts).
Index("invoices_one_per_work_order", invoices.c.org_id, invoices.c.work_order_id, unique=True,
      postgresql_where=text("work_order_id IS NOT NULL"))

invoice_lines = Table(
    "invoice_lines", metadata,
    _id(primary_key=True),
    _id("invoice_id", ForeignKey("invoices.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", Text, nullable=False),  # time | expense | part | manual
    _id("source_id"),  # the work item it bills (none for manual lines)
    Column("source_version", Integer),
    # The version timetracking locked the work at for this invoice (its work.locked); NULL: not yet.
    Column("locked_version", Integer),
    _id("user_id"),  # who did the work
    Column("description", Text, nullable=False),  # from the entry, as drafted
    Column("narrative_override", Text),  # the drafter's wording, kept apart from the entry's
    Column("work_date", Date),
    Column("quantity", Numeric(14, 3), nullable=False),  # hours (shown to 2 places), units
    Column("unit_price", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("tax_rate", RATE),
    Column("tax", MONEY, nullable=False),
    Column("cost", MONEY),
    Column("rate_source", Text),  # time lines: the rule that set the rate
    _id("credit_note_id"),  # set once the line has been credited
)

# One row per organization, series and year; locked while a number is taken, so
# numbers are gapless: a rolled-back posting gives its number back.
invoice_number_counters = Table(
    "invoice_number_counters", metadata,
    _id("org_id", primary_key=True),
    Column("series", Text, primary_key=True, server_default="invoice"),
    Column("year", Integer, primary_key=True),
    Column("last_value", Integer, nullable=False),
)

credit_notes = Table(
    "credit_notes", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("invoice_id", ForeignKey("invoices.id"), nullable=False),
    Column("number", Text, nullable=False),
    Column("kind", Text, nullable=False),  # amount | lines | void
    Column("currency", Text, nullable=False),
    Column("subtotal", MONEY, nullable=False),
    Column("tax", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),  # subtotal + tax: what the balance falls by
    Column("reason", Text, nullable=False),
    Column("issue_date", Date, nullable=False),
    _id("issued_by", nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("idempotency_key", Text),  # a repeated request with the same key credits once
    UniqueConstraint("org_id", "number", name="credit_notes_number_unique"),
    UniqueConstraint("org_id", "idempotency_key", name="credit_notes_idempotency_key"),
)

disputes = Table(
    "disputes", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("invoice_id", ForeignKey("invoices.id"), nullable=False),
    Column("reason", Text, nullable=False),
    _id("opened_by", nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("resolution", Text),
    _id("resolved_by"),
    Column("resolved_at", DateTime(timezone=True)),
)

invoice_notes = Table(
    "invoice_notes", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("invoice_id", ForeignKey("invoices.id"), nullable=False),
    Column("body", Text, nullable=False),
    _id("author_id", nullable=False),
    Column("author_name", Text, nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The organization as its invoices present it (one row per organization, made on first save).
billing_profiles = Table(
    "billing_profiles", metadata,
    _id("org_id", primary_key=True),
    Column("name", Text, nullable=False, server_default=""),
    Column("address", Text, nullable=False, server_default=""),
    Column("email", Text, nullable=False, server_default=""),
    Column("phone", Text, nullable=False, server_default=""),
    Column("tax_id", Text, nullable=False, server_default=""),
    Column("website", Text, nullable=False, server_default=""),
    Column("invoice_prefix", Text, nullable=False, server_default="INV"),
    Column("credit_note_prefix", Text, nullable=False, server_default="CN"),
    Column("payment_instructions", Text, nullable=False, server_default=""),
    Column("footer", Text, nullable=False, server_default=""),
    _id("updated_by", nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

payments = Table(
    "payments", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("invoice_id", ForeignKey("invoices.id"), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("currency", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("method", Text, nullable=False),
    Column("reference", Text, nullable=False, server_default=""),
    Column("idempotency_key", Text),
    _id("recorded_by", nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("org_id", "idempotency_key", name="payments_idempotency_key"),
)

# --- agreements and billing runs (docs/billing-runs.md) -----------------------------------------

agreements = Table(
    "agreements", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("account_id", ForeignKey("accounts.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("status", Text, nullable=False),  # active | ended
    Column("version", Integer, nullable=False),
    _id("created_by", nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("agreements_by_account", "org_id", "account_id"),
)

agreement_lines = Table(
    "agreement_lines", metadata,
    _id(primary_key=True),
    _id("agreement_id", ForeignKey("agreements.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("description", Text, nullable=False),
    _id("catalog_item_id"),
    Column("quantity", Numeric(14, 3), nullable=False),
    Column("unit_price", MONEY, nullable=False),  # per cycle
    Column("cycle", Text, nullable=False),  # monthly | quarterly | yearly
    Column("timing", Text, nullable=False),  # advance | arrears
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
)

billing_runs = Table(
    "billing_runs", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    Column("period", Text, nullable=False),  # "2026-11"
    Column("status", Text, nullable=False),  # running | completed
    _id("started_by", nullable=False),
    Column("started_by_name", Text, nullable=False, server_default=""),
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("completed_at", DateTime(timezone=True)),
    # A month is run once per organization; what did not finish is resumed.
    UniqueConstraint("org_id", "period", name="billing_runs_one_per_period"),
)

billing_run_accounts = Table(
    "billing_run_accounts", metadata,
    _id("run_id", ForeignKey("billing_runs.id"), primary_key=True),
    _id("account_id", ForeignKey("accounts.id"), primary_key=True),
    Column("status", Text, nullable=False),  # pending | drafted | nothing_due | set_aside
    _id("invoice_id", ForeignKey("invoices.id")),
    Column("reason", Text),  # set aside: why
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The ledger of billed periods: an agreement line bills each of its periods once, whatever runs,
# reruns or replicas try; the primary key is the guarantee (two inserts at once: one wins).
billed_periods = Table(
    "billed_periods", metadata,
    _id("line_id", ForeignKey("agreement_lines.id"), primary_key=True),
    Column("period_start", Date, primary_key=True),
    _id("org_id", nullable=False),
    _id("invoice_id", ForeignKey("invoices.id"), nullable=False),
    _id("run_id", ForeignKey("billing_runs.id")),
    Column("billed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

audit_log = Table(
    "audit_log", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("actor_id", nullable=False),
    Column("actor_name", Text, nullable=False, server_default=""),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    _id("entity_id", nullable=False),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("reason", Text),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
