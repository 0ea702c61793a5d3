"""The work orders service: scheduling field jobs against known, active accounts."""

from __future__ import annotations

from uuid import uuid4

from ledgerline_contracts import Actor, Envelope
from ledgerline_contracts.commands.workorders import NewWorkOrder
from ledgerline_servicekit import inputs, replicas
from ledgerline_servicekit.entrypoints import STAFF, handle_event, rpc
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_workorders import domain, storage
from ledgerline_workorders.domain import WorkOrderStatus


def work_order_view(row) -> dict:
    return {"id": str(row.id), "account_id": str(row.account_id), "account_name": row.account_name,
            "title": row.title, "site_address": row.site_address,
            "scheduled_on": row.scheduled_on.isoformat(), "status": row.status}


class WorkordersService(LedgerlineService):
    name = "workorders"

    @handle_event("account.created", "account.updated")
    def on_account(self, envelope: Envelope) -> None:
        replicas.apply_account_event(self.db.session, storage.accounts, envelope)

    @rpc(allow=domain.SCHEDULERS)
    def schedule_work_order(self, actor: Actor, work_order: dict) -> dict:
        command = NewWorkOrder.model_validate(work_order)
        replicas.active_account(self.db.session, storage.accounts, actor.org_id, command.account_id)
        work_order_id = uuid4()
        storage.insert_work_order(self.db.session, {
            "id": work_order_id, "org_id": actor.org_id, "status": WorkOrderStatus.SCHEDULED,
            "created_by": actor.user_id, **command.model_dump()})
        return work_order_view(storage.get_work_order(self.db.session, actor.org_id, work_order_id))

    @rpc(allow=STAFF)
    def list_work_orders(self, actor: Actor, limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        rows, total = storage.list_work_orders(self.db.session, actor.org_id, limit=limit, offset=offset)
        return inputs.paged([work_order_view(r) for r in rows], total, limit, offset)
