"""Work in progress: invoicing's copy of timetracking's time entries, expenses and parts,
and of its matters. Newest version wins; deletions are tombstones."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ledgerline_servicekit.db import upsert_if_newer
from ledgerline_invoicing.storage.tables import matters, work_items


def apply_matter(session: Session, values: dict) -> bool:
    return upsert_if_newer(session, matters, values)


def get_matter(session: Session, org_id: UUID, matter_id: UUID):
    return session.execute(select(matters).where(matters.c.org_id == org_id, matters.c.id == matter_id)).first()


def current_item(session: Session, item_id: UUID):
    """The item as held now, locked (even before its first version exists, so two versions
    handled at once cannot both take stock): a part's stock moves by the difference."""
    session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(str(item_id), 0))))
    return session.execute(select(work_items).where(work_items.c.id == item_id).with_for_update()).first()


def apply_item(session: Session, values: dict) -> bool:
    """Store an entry's newest version; an older or repeated version is ignored."""
    return upsert_if_newer(session, work_items, values)


def unbilled(session: Session, org_id: UUID, account_id: UUID, *, matter_id: UUID | None = None,
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
    # The order lines appear in on a draft: by day, then kind (expense, part, time), who and what.
    return session.execute(query.order_by(work_items.c.work_date, work_items.c.kind, work_items.c.user_name,
                                          work_items.c.narrative, work_items.c.id)).all()


def claim(session: Session, invoice_id: UUID, item_ids: list[UUID]) -> set[UUID]:
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


def release(session: Session, invoice_id: UUID, item_ids: list[UUID] | None = None) -> list:
    """Give the invoice's items (or just ``item_ids``) back to work in progress; returns (id, kind)."""
    query = update(work_items).where(work_items.c.invoice_id == invoice_id)
    if item_ids is not None:
        query = query.where(work_items.c.id.in_(item_ids))
    return session.execute(query.values(invoice_id=None).returning(work_items.c.id, work_items.c.kind)).all()


def claimed_by(session: Session, invoice_id: UUID) -> list:
    """(id, kind) of the items an invoice claims."""
    return session.execute(
        select(work_items.c.id, work_items.c.kind).where(work_items.c.invoice_id == invoice_id)
        .order_by(work_items.c.id)
    ).all()
