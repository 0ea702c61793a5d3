"""The catalog of parts and services, and the stock on hand of stocked parts."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_invoicing.storage.tables import catalog_items


def insert_item(session: Session, values: dict) -> None:
    session.execute(insert(catalog_items).values(**values))


def sku_taken(session: Session, org_id: UUID, sku: str, *, other_than: UUID | None = None) -> bool:
    query = select(catalog_items.c.id).where(catalog_items.c.org_id == org_id,
                                             func.lower(catalog_items.c.sku) == sku.lower())
    if other_than is not None:
        query = query.where(catalog_items.c.id != other_than)
    return session.execute(query).first() is not None


def get_item(session: Session, org_id: UUID, item_id: UUID, *, for_update: bool = False):
    query = select(catalog_items).where(catalog_items.c.org_id == org_id, catalog_items.c.id == item_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound("no such catalog item", "item_id")
    return row


def items_by_id(session: Session, org_id: UUID, item_ids: set[UUID]) -> dict:
    if not item_ids:
        return {}
    rows = session.execute(select(catalog_items).where(catalog_items.c.org_id == org_id,
                                                       catalog_items.c.id.in_(item_ids))).all()
    return {row.id: row for row in rows}


def update_item(session: Session, item_id: UUID, **values) -> None:
    session.execute(update(catalog_items).where(catalog_items.c.id == item_id).values(**values))


def list_items(session: Session, org_id: UUID, *, search: str | None, include_inactive: bool, limit: int,
               offset: int) -> tuple[list, int]:
    query = select(catalog_items).where(catalog_items.c.org_id == org_id)
    if not include_inactive:
        query = query.where(catalog_items.c.active.is_(True))
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(catalog_items.c.sku.ilike(pattern), catalog_items.c.name.ilike(pattern)))
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(func.lower(catalog_items.c.name), catalog_items.c.sku)
                           .limit(limit).offset(offset)).all()
    return rows, total


def move_stock(session: Session, org_id: UUID, item_id: UUID, change: int) -> None:
    """Add ``change`` (negative: take) to a stocked item; items that are not stocked stay so."""
    if change:
        session.execute(update(catalog_items)
                        .where(catalog_items.c.org_id == org_id, catalog_items.c.id == item_id,
                               catalog_items.c.stock_on_hand.is_not(None))
                        .values(stock_on_hand=catalog_items.c.stock_on_hand + change))
