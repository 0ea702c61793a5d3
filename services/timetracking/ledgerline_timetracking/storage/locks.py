"""Invoice stages and claims: what invoicing's events said about each invoice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, bindparam, not_, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_servicekit.db import upsert_if_newer

from ledgerline_timetracking.domain.locks import Claim, EntryStatus, InvoiceStage, ItemKind, Lock
from ledgerline_timetracking.storage.tables import invoice_claims, invoice_stages
from ledgerline_timetracking.storage.work import WORK


def advance_invoice(session: Session, org_id: UUID, invoice_id: UUID, stage: InvoiceStage,
                    number: str | None) -> bool:
    """Move an invoice to ``stage`` unless it is already there or beyond."""
    return upsert_if_newer(session, invoice_stages,
                           {"invoice_id": invoice_id, "org_id": org_id, "stage": int(stage), "number": number},
                           version_column="stage")


def set_claims(session: Session, org_id: UUID, invoice_id: UUID, items: dict[ItemKind, list[UUID]], *,
               released: bool, at: datetime) -> None:
    """Record the invoice's claims on ``items`` (or their release), unless a newer event already did."""
    rows = [{"invoice_id": invoice_id, "item_kind": str(kind), "item_id": item_id, "org_id": org_id,
             "released": released, "changed_at": at}
            for kind, ids in items.items() for item_id in ids]
    if not rows:
        return
    statement = pg_insert(invoice_claims)
    session.execute(statement.on_conflict_do_update(
        index_elements=["invoice_id", "item_kind", "item_id"],
        set_={"released": statement.excluded.released, "changed_at": statement.excluded.changed_at},
        where=invoice_claims.c.changed_at < statement.excluded.changed_at,
    ), rows)


def release_claims_except(session: Session, invoice_id: UUID, keep: dict[ItemKind, list[UUID]],
                          at: datetime) -> None:
    """A posting states the invoice's final items: any other claim of it is released."""
    kept = [(str(kind), item_id) for kind, ids in keep.items() for item_id in ids]
    condition = [invoice_claims.c.invoice_id == invoice_id, invoice_claims.c.changed_at < at]
    if kept:
        condition.append(not_(tuple_(invoice_claims.c.item_kind, invoice_claims.c.item_id).in_(kept)))
    session.execute(update(invoice_claims).where(*condition).values(released=True, changed_at=at))


def items_claimed_by(session: Session, invoice_id: UUID) -> dict[ItemKind, list[UUID]]:
    items: dict[ItemKind, list[UUID]] = defaultdict(list)
    for kind, item_id in session.execute(
        select(invoice_claims.c.item_kind, invoice_claims.c.item_id).where(invoice_claims.c.invoice_id == invoice_id)
    ):
        items[ItemKind(kind)].append(item_id)
    return items


def hold_items(session: Session, kind: ItemKind, item_ids: Iterable[UUID]) -> dict[UUID, tuple[Lock, int]]:
    """Lock the items' rows (in id order, so two handlers cannot deadlock) before their claims
    are read: a handler for another invoice touching the same items then waits, and reads
    this one's claims once they are committed, instead of overwriting the lock with a stale view;
    an edit waits too, and then finds the item locked. Returns each existing item's lock and version."""
    table = WORK[kind].table
    rows = session.execute(
        select(table.c.id, table.c.status, table.c.invoice_id, table.c.invoice_number, table.c.version)
        .where(table.c.id.in_(sorted(item_ids))).order_by(table.c.id).with_for_update())
    return {row.id: (Lock(EntryStatus(row.status), row.invoice_id, row.invoice_number), row.version)
            for row in rows}


def claims_on(session: Session, kind: ItemKind, item_ids: Iterable[UUID]) -> dict[UUID, list[Claim]]:
    """Every invoice's claim on each item, with that invoice's stage."""
    claims: dict[UUID, list[Claim]] = defaultdict(list)
    rows = session.execute(
        select(invoice_claims.c.item_id, invoice_claims.c.invoice_id, invoice_claims.c.released,
               invoice_claims.c.changed_at, invoice_stages.c.stage, invoice_stages.c.number)
        .select_from(invoice_claims.outerjoin(invoice_stages,
                                              invoice_stages.c.invoice_id == invoice_claims.c.invoice_id))
        .where(invoice_claims.c.item_kind == str(kind), invoice_claims.c.item_id.in_(list(item_ids)))
    )
    for row in rows:
        stage = InvoiceStage(row.stage) if row.stage is not None else None
        claims[row.item_id].append(Claim(row.invoice_id, row.released, stage, row.number, row.changed_at))
    return claims


def apply_locks(session: Session, kind: ItemKind, locks: dict[UUID, Lock]) -> None:
    """Write each item's derived lock onto its row (rows changed only when the lock did)."""
    if not locks:
        return
    table = WORK[kind].table
    changed = or_(table.c.status != bindparam("b_status"),
                  table.c.invoice_id.is_distinct_from(bindparam("b_invoice_id")),
                  table.c.invoice_number.is_distinct_from(bindparam("b_invoice_number")))
    session.connection().execute(
        update(table).where(and_(table.c.id == bindparam("b_id"), changed))
        .values(status=bindparam("b_status"), invoice_id=bindparam("b_invoice_id"),
                invoice_number=bindparam("b_invoice_number")),
        [{"b_id": item_id, "b_status": str(lock.status), "b_invoice_id": lock.invoice_id,
          "b_invoice_number": lock.invoice_number} for item_id, lock in locks.items()],
    )
