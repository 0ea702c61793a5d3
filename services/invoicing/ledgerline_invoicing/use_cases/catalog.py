"""Adding and changing catalog items and counting their stock; each change is in the audit trail
through ``effects``. (Parts used on tickets move stock by themselves: ``use_cases.work``.)"""

from __future__ import annotations

from uuid import uuid4

from ledgerline_contracts import Actor, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.setup import CatalogItemAdded, CatalogItemChanged, StockAdjusted


def create_catalog_item(uow: SqlUnitOfWork, actor: Actor, command: commands.NewCatalogItem):
    with uow:
        session = uow.session
        if storage.catalog.sku_taken(session, actor.org_id, command.sku):
            raise ValidationFailed(f"SKU {command.sku!r} is already in the catalog", "sku")
        item_id = uuid4()
        storage.catalog.insert_item(session, {"id": item_id, "org_id": actor.org_id, **command.model_dump()})
        uow.record(CatalogItemAdded(actor, item_id, command.model_dump(mode="json")))
        return storage.catalog.get_item(session, actor.org_id, item_id)


def update_catalog_item(uow: SqlUnitOfWork, actor: Actor, item_id, command: commands.CatalogItemChanges):
    with uow:
        session = uow.session
        item = storage.catalog.get_item(session, actor.org_id, inputs.parse_id(item_id, "item_id"), for_update=True)
        values = command.model_dump(exclude_unset=True)
        for field, value in values.items():
            if value is None:
                raise ValidationFailed(f"{field} cannot be empty", field)
        if "sku" in values and storage.catalog.sku_taken(session, actor.org_id, values["sku"], other_than=item.id):
            raise ValidationFailed(f"SKU {values['sku']!r} is already in the catalog", "sku")
        if values:
            storage.catalog.update_item(session, item.id, **values)
            uow.record(CatalogItemChanged(actor, item.id, command.model_dump(mode="json", exclude_unset=True)))
        return storage.catalog.get_item(session, actor.org_id, item.id)


def adjust_stock(uow: SqlUnitOfWork, actor: Actor, item_id, command: commands.StockAdjustment):
    """Stock received or written off (a count)."""
    with uow:
        session = uow.session
        item = storage.catalog.get_item(session, actor.org_id, inputs.parse_id(item_id, "item_id"), for_update=True)
        if item.stock_on_hand is None:
            raise ValidationFailed(f"{item.name} is not a stocked item", "item_id")
        storage.catalog.move_stock(session, actor.org_id, item.id, command.change)
        uow.record(StockAdjusted(actor, item.id, command.change, item.stock_on_hand + command.change,
                                 command.reason))
        return storage.catalog.get_item(session, actor.org_id, item.id)
