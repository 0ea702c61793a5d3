"""Invoicing's tables and the queries on them. Nothing else touches the database."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import (
    Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, Numeric, Table, Text,
    UniqueConstraint, func, insert, select, text, update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_servicekit.db import upsert_if_newer

metadata = MetaData()

MONEY = Numeric(18, 4)

accounts = Table(
    "accounts", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("name", Text, nullable=False),
    Column("billing_email", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("payment_terms_days", Integer, nullable=False),
    Column("tax_rate", Numeric(6, 4), nullable=False),
    Column("tax_id", Text),
    Column("address", Text, nullable=False, server_default=""),
    Column("hourly_rate", MONEY, nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("accounts_org_name", accounts.c.org_id, func.lower(accounts.c.name), unique=True)

# Invoicing's copy of billable work, built from timetracking's events.
work_items = Table(
    "work_items", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),  # the time entry's id
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("kind", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("user_id", PgUUID(as_uuid=True), nullable=False),
    Column("account_id", PgUUID(as_uuid=True), nullable=False),
    Column("matter_id", PgUUID(as_uuid=True)),
    Column("work_date", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("narrative", Text, nullable=False),
    Column("billable", Boolean, nullable=False),
    Column("deleted", Boolean, nullable=False, server_default=text("false")),
    # The one live invoice that claims this item; claiming is a conditional UPDATE.
    Column("invoice_id", PgUUID(as_uuid=True), ForeignKey("invoices.id")),
    Index("work_items_unbilled", "org_id", "account_id", postgresql_where=text("invoice_id IS NULL")),
)

invoices = Table(
    "invoices", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("account_id", PgUUID(as_uuid=True), ForeignKey("accounts.id"), nullable=False),
    Column("matter_id", PgUUID(as_uuid=True)),
    Column("status", Text, nullable=False),
    Column("number", Text),
    Column("currency", Text, nullable=False),
    Column("subtotal", MONEY, nullable=False),
    Column("tax", MONEY, nullable=False),
    Column("total", MONEY, nullable=False),
    Column("amount_paid", MONEY, nullable=False, server_default="0"),
    Column("issue_date", Date),
    Column("due_date", Date),
    Column("created_by", PgUUID(as_uuid=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("approved_by", PgUUID(as_uuid=True)),
    Column("approved_at", DateTime(timezone=True)),
    Column("posted_by", PgUUID(as_uuid=True)),
    Column("posted_at", DateTime(timezone=True)),
    Column("paid_on", Date),
    UniqueConstraint("org_id", "number", name="invoices_number_unique"),
)

invoice_lines = Table(
    "invoice_lines", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("invoice_id", PgUUID(as_uuid=True), ForeignKey("invoices.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("source_id", PgUUID(as_uuid=True)),
    Column("source_version", Integer),
    Column("description", Text, nullable=False),
    Column("work_date", Date),
    Column("quantity", Numeric(12, 2), nullable=False),
    Column("unit_price", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("tax", MONEY, nullable=False),
)

# One row per organization and year; locked while a number is taken, so
# numbers are gapless: a rolled-back posting gives its number back.
invoice_number_counters = Table(
    "invoice_number_counters", metadata,
    Column("org_id", PgUUID(as_uuid=True), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last_value", Integer, nullable=False),
)

payments = Table(
    "payments", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("invoice_id", PgUUID(as_uuid=True), ForeignKey("invoices.id"), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("currency", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("method", Text, nullable=False),
    Column("reference", Text, nullable=False, server_default=""),
    Column("idempotency_key", Text),
    Column("recorded_by", PgUUID(as_uuid=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("org_id", "idempotency_key", name="payments_idempotency_key"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("actor_id", PgUUID(as_uuid=True), nullable=False),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("entity_id", PgUUID(as_uuid=True), nullable=False),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("reason", Text),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


# --- accounts -----------------------------------------------------------------

def insert_account(session: Session, values: dict) -> None:
    session.execute(insert(accounts).values(**values))


def account_name_taken(session: Session, org_id: UUID, name: str) -> bool:
    return session.execute(
        select(accounts.c.id).where(accounts.c.org_id == org_id, func.lower(accounts.c.name) == name.lower())
    ).first() is not None


def get_account(session: Session, org_id: UUID, account_id: UUID):
    row = session.execute(
        select(accounts).where(accounts.c.org_id == org_id, accounts.c.id == account_id)
    ).first()
    if row is None:
        raise NotFound("no such account", "account_id")
    return row


def list_accounts(session: Session, org_id: UUID, *, limit: int, offset: int) -> tuple[list, int]:
    query = select(accounts).where(accounts.c.org_id == org_id)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(func.lower(accounts.c.name)).limit(limit).offset(offset)).all()
    return rows, total


# --- work in progress -----------------------------------------------------------

def apply_work_item(session: Session, values: dict) -> bool:
    """Store a time entry's newest version; an older or repeated version is ignored."""
    return upsert_if_newer(session, work_items, values)


def unbilled_work(session: Session, org_id: UUID, account_id: UUID, *, matter_id: UUID | None = None,
                  date_from: date | None = None, date_to: date | None = None) -> list:
    query = select(work_items).where(
        work_items.c.org_id == org_id,
        work_items.c.account_id == account_id,
        work_items.c.invoice_id.is_(None),
        work_items.c.deleted.is_(False),
        work_items.c.billable.is_(True),
    )
    if matter_id:
        query = query.where(work_items.c.matter_id == matter_id)
    if date_from:
        query = query.where(work_items.c.work_date >= date_from)
    if date_to:
        query = query.where(work_items.c.work_date <= date_to)
    return session.execute(query.order_by(work_items.c.work_date, work_items.c.id)).all()


def claim_work(session: Session, invoice_id: UUID, item_ids: list[UUID]) -> set[UUID]:
    """Claim the items still unclaimed; a concurrent draft that got there first keeps them."""
    if not item_ids:
        return set()
    claimed = session.execute(
        update(work_items)
        .where(work_items.c.id.in_(item_ids), work_items.c.invoice_id.is_(None),
               work_items.c.deleted.is_(False))
        .values(invoice_id=invoice_id)
        .returning(work_items.c.id)
    ).scalars().all()
    return set(claimed)


def stale_lines(session: Session, invoice_id: UUID) -> list:
    """Lines whose source entry changed (or was deleted) after the draft was made."""
    return session.execute(
        select(invoice_lines.c.description, work_items.c.id)
        .join(work_items, work_items.c.id == invoice_lines.c.source_id)
        .where(invoice_lines.c.invoice_id == invoice_id,
               (work_items.c.version != invoice_lines.c.source_version) | work_items.c.deleted)
    ).all()


# --- invoices -------------------------------------------------------------------

def insert_invoice(session: Session, values: dict) -> None:
    session.execute(insert(invoices).values(**values))


def insert_lines(session: Session, lines: list[dict]) -> None:
    if lines:
        session.execute(insert(invoice_lines), lines)


def get_invoice(session: Session, org_id: UUID, invoice_id: UUID, *, for_update: bool = False):
    query = select(invoices).where(invoices.c.org_id == org_id, invoices.c.id == invoice_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound("no such invoice", "invoice_id")
    return row


def lines_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(invoice_lines).where(invoice_lines.c.invoice_id == invoice_id).order_by(invoice_lines.c.position)
    ).all()


def claimed_items(session: Session, invoice_id: UUID) -> list[UUID]:
    return session.execute(
        select(work_items.c.id).where(work_items.c.invoice_id == invoice_id).order_by(work_items.c.id)
    ).scalars().all()


def update_invoice(session: Session, invoice_id: UUID, **values) -> None:
    session.execute(update(invoices).where(invoices.c.id == invoice_id).values(**values))


def list_invoices(session: Session, org_id: UUID, *, account_id: UUID | None, statuses: set[str] | None,
                  created_by: set[UUID] | None, limit: int, offset: int) -> tuple[list, int]:
    """Invoices newest first; ``created_by`` limits them to drafts made by those users."""
    query = select(invoices, accounts.c.name.label("account_name")).join(
        accounts, accounts.c.id == invoices.c.account_id).where(invoices.c.org_id == org_id)
    if account_id:
        query = query.where(invoices.c.account_id == account_id)
    if statuses is not None:
        query = query.where(invoices.c.status.in_(statuses))
    if created_by is not None:
        query = query.where(invoices.c.created_by.in_(created_by))
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(invoices.c.created_at.desc()).limit(limit).offset(offset)).all()
    return rows, total


def next_invoice_number(session: Session, org_id: UUID, year: int) -> int:
    """The next number in the organization's series for ``year``, taken under a row lock."""
    session.execute(
        pg_insert(invoice_number_counters)
        .values(org_id=org_id, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    return session.execute(
        update(invoice_number_counters)
        .where(invoice_number_counters.c.org_id == org_id, invoice_number_counters.c.year == year)
        .values(last_value=invoice_number_counters.c.last_value + 1)
        .returning(invoice_number_counters.c.last_value)
    ).scalar_one()


# --- payments -------------------------------------------------------------------

def payment_by_key(session: Session, org_id: UUID, key: str):
    return session.execute(
        select(payments).where(payments.c.org_id == org_id, payments.c.idempotency_key == key)
    ).first()


def insert_payment(session: Session, values: dict) -> None:
    session.execute(insert(payments).values(**values))


def payments_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(payments).where(payments.c.invoice_id == invoice_id).order_by(payments.c.recorded_at)
    ).all()


# --- audit ----------------------------------------------------------------------

def audit(session: Session, *, org_id: UUID, actor_id: UUID, action: str, entity: str, entity_id: UUID,
          details: dict | None = None, reason: str | None = None) -> None:
    session.execute(insert(audit_log).values(
        id=uuid4(), org_id=org_id, actor_id=actor_id, action=action, entity=entity,
        entity_id=entity_id, details=details or {}, reason=reason))


def audit_trail(session: Session, org_id: UUID, entity_id: UUID) -> list:
    return session.execute(
        select(audit_log).where(audit_log.c.org_id == org_id, audit_log.c.entity_id == entity_id)
        .order_by(audit_log.c.at)
    ).all()
