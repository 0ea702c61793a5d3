"""Work in progress kept from timetracking's events: time entries, expenses, parts and matters
(newest version wins, deletions are tombstones), parts taking stock from the catalog, and the
locks timetracking confirms for a draft's lines. Nothing here is announced or audited: these are
copies of another service's facts."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.pricing import stock_units


def keep_work(uow: SqlUnitOfWork, values: dict) -> None:
    """Keep the newest version. Work on a draft that changes makes its line out of date
    (reconciling deals with it); work on a posted invoice cannot change any more: it was
    locked at the version its line bills before the invoice could be approved."""
    with uow:
        storage.work.apply_item(uow.session, values)


def _tombstone(org_id: UUID, kind: str, item_id: UUID, version: int, user_id: UUID, account_id: UUID,
               deleted_on: date) -> dict:
    # A tombstone, so a late "updated" with an older version cannot bring the entry back.
    return {"id": item_id, "org_id": org_id, "kind": kind, "version": version, "user_id": user_id,
            "account_id": account_id, "work_date": deleted_on, "minutes": 0, "narrative": "",
            "billable": False, "deleted": True, "stock_item_id": None, "stock_units": 0}


def forget_work(uow: SqlUnitOfWork, org_id: UUID, kind: str, item_id: UUID, version: int, user_id: UUID,
                account_id: UUID, deleted_on: date) -> None:
    keep_work(uow, _tombstone(org_id, kind, item_id, version, user_id, account_id, deleted_on))


def _move_stock(uow: SqlUnitOfWork, org_id: UUID, held, item_id: UUID | None, units: int) -> None:
    """Put back what the version held took, and take what the new one uses."""
    if held is not None and held.stock_item_id is not None and held.stock_units:
        storage.catalog.move_stock(uow.session, org_id, held.stock_item_id, held.stock_units)
    if item_id is not None and units:
        storage.catalog.move_stock(uow.session, org_id, item_id, -units)


def keep_part(uow: SqlUnitOfWork, values: dict) -> None:
    """A part used on a ticket: it is billable work, and it takes stock (whole units) from its
    catalog item; a later version moves the stock by the difference."""
    with uow:
        held = storage.work.current_item(uow.session, values["id"])
        if held is not None and held.version >= values["version"]:
            return
        item_id = values["catalog_item_id"]
        units = stock_units(values["quantity"]) if item_id else 0
        _move_stock(uow, values["org_id"], held, item_id, units)
        storage.work.apply_item(uow.session, values | {"stock_item_id": item_id, "stock_units": units})


def forget_part(uow: SqlUnitOfWork, org_id: UUID, part_id: UUID, version: int, user_id: UUID, account_id: UUID,
                deleted_on: date) -> None:
    """A deleted part goes back on the shelf."""
    with uow:
        held = storage.work.current_item(uow.session, part_id)
        if held is not None and held.version >= version:
            return
        _move_stock(uow, org_id, held, None, 0)
        storage.work.apply_item(uow.session, _tombstone(org_id, "part", part_id, version, user_id, account_id,
                                                        deleted_on))


def confirm_locks(uow: SqlUnitOfWork, org_id: UUID, invoice_id: UUID, versions: dict[UUID, int]) -> None:
    """Timetracking locked items for a draft, each at the version it keeps: the lines billing
    them may be approved and posted once they bill that version."""
    with uow:
        storage.invoices.record_locks(uow.session, org_id, invoice_id, versions)


def keep_matter(uow: SqlUnitOfWork, values: dict) -> None:
    with uow:
        storage.work.apply_matter(uow.session, values)
