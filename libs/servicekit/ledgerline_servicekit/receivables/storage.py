"""The receivable table and the queries on it.

Each service that keeps receivables owns its table (in its own ``metadata``, migrated
with its own revisions), built here so all of them have the same shape; the queries
take that table as a parameter. A service adds columns of its own as ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from uuid import UUID

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Index, MetaData, Numeric, Table, Text, select, update,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import Envelope, NotFound
from ledgerline_servicekit.receivables.rules import Receivable, ReceivableStatus, combine, told_by

TABLE_NAME = "receivables"


def receivable_table(metadata: MetaData, *extra: Column) -> Table:
    return Table(
        TABLE_NAME, metadata,
        Column("invoice_id", PgUUID(as_uuid=True), primary_key=True),
        Column("org_id", PgUUID(as_uuid=True), nullable=False),
        Column("account_id", PgUUID(as_uuid=True), nullable=False),
        Column("number", Text, nullable=False),
        Column("currency", Text),
        Column("balance", Numeric(18, 4)),
        Column("status", Text, nullable=False, server_default=ReceivableStatus.OPEN.value),
        Column("account_name", Text),
        Column("billing_email", Text),
        Column("issue_date", Date),
        Column("due_date", Date),
        Column("total", Numeric(18, 4)),
        Column("disputed", Boolean, nullable=False, server_default="false"),
        Column("dispute_changed_at", DateTime(timezone=True)),
        *extra,
        Index(f"{TABLE_NAME}_account", "org_id", "account_id"),
    )


_FIELDS = tuple(f.name for f in fields(Receivable))


def receivable_of(row) -> Receivable:
    values = {name: getattr(row, name) for name in _FIELDS}
    return Receivable(**values | {"status": ReceivableStatus(row.status)})


def record(session: Session, table: Table, envelope: Envelope) -> tuple[Receivable, Receivable]:
    """Apply one of invoicing's events, in whatever order it arrives; (before, after).

    The first event about an invoice creates its row, whichever it is; the row is locked
    while the event's facts are combined with it (:func:`..rules.combine`).
    """
    told = told_by(envelope)
    session.execute(pg_insert(table).values(
        invoice_id=told.invoice_id, org_id=told.org_id, account_id=told.account_id, number=told.number,
    ).on_conflict_do_nothing())
    before = receivable_of(session.execute(
        select(table).where(table.c.invoice_id == told.invoice_id).with_for_update()).one())
    after = combine(before, told)
    session.execute(update(table).where(table.c.invoice_id == told.invoice_id).values(**asdict(after)))
    return before, after


def _posted(table: Table):
    return table.c.due_date.is_not(None)


def posted_receivable(session: Session, table: Table, org_id: UUID, invoice_id: UUID, *, for_update: bool = False):
    """The organization's posted invoice's row; not found before its posting has arrived."""
    query = select(table).where(table.c.org_id == org_id, table.c.invoice_id == invoice_id, _posted(table))
    row = session.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFound("no such invoice", "invoice_id")
    return row


def open_receivables(session: Session, table: Table, org_id: UUID,
                     account_ids: Iterable[UUID] | None = None) -> list[Receivable]:
    """Posted invoices of the organization (of these accounts, if given) still owed something."""
    query = select(table).where(table.c.org_id == org_id, _posted(table), table.c.balance > 0,
                                table.c.status == ReceivableStatus.OPEN)
    if account_ids is not None:
        query = query.where(table.c.account_id.in_(list(account_ids)))
    return [receivable_of(row) for row in session.execute(query)]
