"""Every table of the work orders service, in one ``metadata`` (what Alembic compares)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, Numeric, Table, Text, UniqueConstraint, func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUUID

from ledgerline_servicekit.replicas import account_replica_table

metadata = MetaData()

accounts = account_replica_table(metadata)


def _id(name: str = "id", *args, **kwargs) -> Column:
    return Column(name, PgUUID(as_uuid=True), *args, **kwargs)


def _money(name: str, **kwargs) -> Column:
    return Column(name, Numeric(18, 4), **kwargs)


def _hours(name: str) -> Column:
    return Column(name, Numeric(10, 2), nullable=False, server_default="0")


def _json(name: str, empty: str = "'{}'::jsonb") -> Column:
    return Column(name, JSONB, nullable=False, server_default=text(empty))


audit_log = Table(
    "audit_log", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    _id("actor_id", nullable=False),
    Column("actor_name", Text, nullable=False, server_default=""),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    _id("entity_id", nullable=False, index=True),
    _json("details"),
    Column("reason", Text),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# WO-YYYYMMDD-NNN: one counter per organization and day, taken under a row lock.
work_order_number_counters = Table(
    "work_order_number_counters", metadata,
    _id("org_id", primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last_value", Integer, nullable=False),
)

job_settings = Table(
    "job_settings", metadata,
    _id("org_id", primary_key=True),
    Column("minimum_before_photos", Integer, nullable=False),
    Column("minimum_during_photos", Integer, nullable=False),
    Column("minimum_after_photos", Integer, nullable=False),
    Column("margin_alert_points", Numeric(5, 2), nullable=False),
    Column("hours_alert_percent", Numeric(6, 2), nullable=False),
)

employees = Table(
    "employees", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False, index=True),
    Column("name", Text, nullable=False),
    _id("user_id"),
    Column("role", Text, nullable=False),
    Column("tier", Integer),
    Column("certifications", ARRAY(Text), nullable=False, server_default="{}"),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

employee_rates = Table(
    "employee_rates", metadata,
    _id("employee_id", ForeignKey("employees.id"), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("hourly_wage", Numeric(12, 4), nullable=False),
    Column("burden_multiplier", Numeric(6, 4), nullable=False),
    _id("set_by", nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

equipment = Table(
    "equipment", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

equipment_rates = Table(
    "equipment_rates", metadata,
    _id("equipment_id", ForeignKey("equipment.id"), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("hourly_rate", Numeric(12, 4), nullable=False),
    _id("set_by", nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

loadouts = Table(
    "loadouts", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("equipment_ids", ARRAY(PgUUID(as_uuid=True)), nullable=False, server_default="{}"),
    Column("crew_employee_ids", ARRAY(PgUUID(as_uuid=True)), nullable=False, server_default="{}"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

proposals = Table(
    "proposals", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False, index=True),
    _id("account_id", nullable=False),
    Column("account_name", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("site_address", Text, nullable=False, server_default=""),
    Column("scope_included", Text, nullable=False, server_default=""),
    Column("scope_excluded", Text, nullable=False, server_default=""),
    Column("scheduled_on", Date, nullable=False),
    _json("lines", "'[]'::jsonb"),
    Column("status", Text, nullable=False),
    Column("signed_by", Text),
    Column("signed_at", DateTime(timezone=True)),
    Column("signature_key", Text),
    _id("work_order_id"),
    _id("created_by", nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

work_orders = Table(
    "work_orders", metadata,
    _id(primary_key=True),
    _id("org_id", nullable=False),
    Column("number", Text, nullable=False),
    _id("account_id", nullable=False),
    Column("account_name", Text, nullable=False, server_default=""),
    Column("currency", Text, nullable=False, server_default="USD"),
    Column("title", Text, nullable=False),
    Column("site_address", Text, nullable=False, server_default=""),
    Column("scheduled_on", Date),
    Column("status", Text, nullable=False),
    Column("direct", Boolean, nullable=False, server_default="false"),
    _id("proposal_id", index=True),
    _money("contract_amount"),
    _money("estimated_cost"),
    Column("target_margin_percent", Numeric(7, 2), nullable=False, server_default="0"),
    Column("po_number", Text),
    Column("special_instructions", Text, nullable=False, server_default=""),
    Column("scope_included", Text, nullable=False, server_default=""),
    Column("scope_excluded", Text, nullable=False, server_default=""),
    Column("start_time", Text),
    _id("loadout_id"),
    _json("crew", "'[]'::jsonb"),
    _json("equipment", "'[]'::jsonb"),
    # The crew's employee ids again, for "my work orders" (GIN-indexed).
    Column("crew_employee_ids", ARRAY(PgUUID(as_uuid=True)), nullable=False, server_default="{}"),
    Column("started_at", DateTime(timezone=True)),
    _json("safety"),
    _json("site_conditions"),
    _json("checklist"),
    Column("signoff", JSONB),
    Column("completed_at", DateTime(timezone=True)),
    _id("invoice_id"),
    Column("invoice_number", Text),
    _json("alerts", "'[]'::jsonb"),
    Column("alerting", ARRAY(Text), nullable=False, server_default="{}"),
    _id("created_by", nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("org_id", "number", name="work_orders_number_key"),
    Index("ix_work_orders_org_scheduled", "org_id", "scheduled_on"),
    Index("ix_work_orders_crew", "crew_employee_ids", postgresql_using="gin"),
)

work_order_lines = Table(
    "work_order_lines", metadata,
    _id(primary_key=True),
    _id("work_order_id", ForeignKey("work_orders.id"), nullable=False, index=True),
    Column("line_number", Integer, nullable=False),
    Column("service_type", Text, nullable=False),
    Column("description", Text, nullable=False),
    _hours("production_hours"),
    _hours("transport_hours"),
    _hours("buffer_hours"),
    Column("pricing_method", Text, nullable=False),
    _money("cost", nullable=False),
    _money("price", nullable=False),
    Column("target_margin_percent", Numeric(7, 2), nullable=False),
    Column("change_order", Boolean, nullable=False, server_default="false"),
    Column("status", Text, nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("completed_at", DateTime(timezone=True)),
    Column("running_since", DateTime(timezone=True)),
    Column("paused_at", DateTime(timezone=True)),
    Column("worked_minutes", Integer, nullable=False, server_default="0"),
    UniqueConstraint("work_order_id", "line_number", name="work_order_lines_number_key"),
)

crew_time_entries = Table(
    "crew_time_entries", metadata,
    _id(primary_key=True),
    _id("work_order_id", ForeignKey("work_orders.id"), nullable=False, index=True),
    _id("line_item_id", ForeignKey("work_order_lines.id"), nullable=False),
    _id("employee_id", nullable=False),
    Column("employee_name", Text, nullable=False),
    Column("activity", Text, nullable=False),
    Column("clock_in", DateTime(timezone=True), nullable=False),
    Column("clock_out", DateTime(timezone=True)),
    Column("duration_minutes", Integer),
    Column("hourly_wage", Numeric(12, 4), nullable=False),
    Column("burden_multiplier", Numeric(6, 4), nullable=False),
    _money("labour_cost"),
    _json("equipment", "'[]'::jsonb"),
    _money("equipment_cost"),
)

work_order_photos = Table(
    "work_order_photos", metadata,
    _id(primary_key=True),
    _id("work_order_id", ForeignKey("work_orders.id"), nullable=False, index=True),
    Column("tag", Text, nullable=False),
    Column("filename", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("file_key", Text, nullable=False),
    Column("caption", Text, nullable=False, server_default=""),
    _id("line_item_id"),
    _id("taken_by", nullable=False),
    Column("taken_by_name", Text, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
)

field_notes = Table(
    "field_notes", metadata,
    _id(primary_key=True),
    _id("work_order_id", ForeignKey("work_orders.id"), nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    _id("author_id", nullable=False),
    Column("author_name", Text, nullable=False),
)

# What a completed job teaches, kept for reporting (domain.costing.performance).
job_performance = Table(
    "job_performance", metadata,
    _id("work_order_id", ForeignKey("work_orders.id"), primary_key=True),
    _id("org_id", nullable=False),
    Column("completed_on", Date, nullable=False),
    _json("figures"),
    _json("site_factors"),
)
