"""Invoices, their lines, and the gapless numbering series."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_invoicing.storage.tables import (
    accounts, invoice_lines, invoice_number_counters, invoices, matters, work_items,
)


def insert_invoice(session: Session, values: dict) -> None:
    session.execute(insert(invoices).values(**values))


def get_invoice(session: Session, org_id: UUID, invoice_id: UUID, *, for_update: bool = False):
    query = select(invoices).where(invoices.c.org_id == org_id, invoices.c.id == invoice_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound("no such invoice", "invoice_id")
    return row


def drafted_from_work_order(session: Session, org_id: UUID, work_order_id: UUID) -> UUID | None:
    """The invoice drafted from this work order, in whatever status, if there is one."""
    return session.execute(select(invoices.c.id).where(invoices.c.org_id == org_id,
                                                       invoices.c.work_order_id == work_order_id)).scalar()


def update_invoice(session: Session, invoice_id: UUID, **values) -> None:
    session.execute(update(invoices).where(invoices.c.id == invoice_id).values(**values))


def list_invoices(session: Session, org_id: UUID, *, account_id: UUID | None, statuses: set[str] | None,
                  created_by: set[UUID] | None, limit: int | None, offset: int = 0) -> tuple[list, int]:
    """Invoices newest first, with their account's name; ``created_by`` limits them to those users'."""
    query = select(invoices, accounts.c.name.label("account_name")).join(
        accounts, accounts.c.id == invoices.c.account_id).where(invoices.c.org_id == org_id)
    if account_id:
        query = query.where(invoices.c.account_id == account_id)
    if statuses is not None:
        query = query.where(invoices.c.status.in_(statuses))
    if created_by is not None:
        query = query.where(invoices.c.created_by.in_(created_by))
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    # Newest first by what happened last to each: a posted invoice by its posting (so numbers
    # run downwards even when drafts were made in another order), a draft by its drafting.
    newest = func.coalesce(invoices.c.posted_at, invoices.c.created_at)
    query = query.order_by(newest.desc(), invoices.c.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return session.execute(query).all(), total


# --- lines ------------------------------------------------------------------------------

def insert_lines(session: Session, lines: list[dict]) -> None:
    if lines:
        session.execute(insert(invoice_lines), lines)


def lines_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(invoice_lines).where(invoice_lines.c.invoice_id == invoice_id)
        .order_by(invoice_lines.c.position, invoice_lines.c.id)
    ).all()


def update_line(session: Session, line_id: UUID, **values) -> None:
    session.execute(update(invoice_lines).where(invoice_lines.c.id == line_id).values(**values))


def delete_lines(session: Session, line_ids: list[UUID]) -> None:
    if line_ids:
        session.execute(invoice_lines.delete().where(invoice_lines.c.id.in_(line_ids)))


def stale_lines(session: Session, invoice_id: UUID) -> list:
    """Lines whose source entry changed (or was deleted) after it was drafted, with the entry."""
    return session.execute(
        select(invoice_lines.c.id.label("line_id"), work_items)
        .join(work_items, work_items.c.id == invoice_lines.c.source_id)
        .where(invoice_lines.c.invoice_id == invoice_id,
               or_(work_items.c.version != invoice_lines.c.source_version, work_items.c.deleted))
    ).all()


def work_lines(session: Session, invoice_id: UUID) -> list:
    """Each line that bills a work item, with the item's version and deletion as invoicing holds
    them, and the version timetracking confirmed the item locked at for this invoice."""
    return session.execute(
        select(invoice_lines.c.id.label("line_id"), invoice_lines.c.source_version, invoice_lines.c.locked_version,
               work_items.c.version.label("work_version"), work_items.c.deleted)
        .join(work_items, work_items.c.id == invoice_lines.c.source_id)
        .where(invoice_lines.c.invoice_id == invoice_id)
    ).all()


def record_locks(session: Session, org_id: UUID, invoice_id: UUID, versions: dict[UUID, int]) -> None:
    """Timetracking locked these items for the invoice at these versions (``work.locked``); a line
    no longer on the invoice (removed meanwhile) has nothing to record."""
    if not versions:
        return
    session.connection().execute(
        update(invoice_lines)
        .where(invoice_lines.c.invoice_id == invoice_id, invoice_lines.c.source_id == bindparam("b_item"),
               invoice_lines.c.invoice_id.in_(select(invoices.c.id).where(invoices.c.org_id == org_id)))
        .values(locked_version=bindparam("b_version")),
        [{"b_item": item_id, "b_version": version} for item_id, version in versions.items()],
    )


def matter_of(session: Session, org_id: UUID, matter_id: UUID | None):
    if matter_id is None:
        return None
    return session.execute(select(matters).where(matters.c.org_id == org_id, matters.c.id == matter_id)).first()


# --- numbering --------------------------------------------------------------------------

def next_number(session: Session, org_id: UUID, series: str, year: int) -> int:
    """The next number in the organization's series for ``year``, taken under a row lock
    held until the transaction ends: a rolled-back posting gives its number back."""
    session.execute(
        pg_insert(invoice_number_counters)
        .values(org_id=org_id, series=series, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    return session.execute(
        update(invoice_number_counters)
        .where(invoice_number_counters.c.org_id == org_id, invoice_number_counters.c.series == series,
               invoice_number_counters.c.year == year)
        .values(last_value=invoice_number_counters.c.last_value + 1)
        .returning(invoice_number_counters.c.last_value)
    ).scalar_one()


def invoiced_wording(session: Session, org_id: UUID, account_id: UUID, statuses: set[str],
                     source_ids: list[UUID]) -> dict[UUID, str]:
    """How the account's invoices in ``statuses`` word the work items they bill: the drafter's
    wording where the line was reworded, else the entry's as drafted."""
    rows = session.execute(
        select(invoice_lines.c.source_id,
               func.coalesce(invoice_lines.c.narrative_override, invoice_lines.c.description).label("words"))
        .join(invoices, invoices.c.id == invoice_lines.c.invoice_id)
        .where(invoices.c.org_id == org_id, invoices.c.account_id == account_id, invoices.c.status.in_(statuses),
               invoice_lines.c.source_id.in_(source_ids))
        .order_by(invoices.c.posted_at)  # a voided invoice's work billed again: the latest wording wins
    ).all()
    return {row.source_id: row.words for row in rows}
