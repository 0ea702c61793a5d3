"""A completed job's performance, and how accurate the estimates have been."""

from __future__ import annotations

from ledgerline_contracts import Actor, NotFound
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_workorders import storage
from ledgerline_workorders.domain import access, costing
from ledgerline_workorders.use_cases.common import visible_order
from ledgerline_workorders.views.reports import accuracy_view, figures_of, performance_view


class ReportEntrypoints:
    @rpc(allow=access.SEE_COSTS)
    def get_performance(self, actor: Actor, work_order_id: str) -> dict:
        order, _ = visible_order(self.db.session, actor, work_order_id)
        row = storage.work_orders.performance_of(self.db.session, actor.org_id, order.id)
        if row is None:
            raise NotFound(f"work order {order.number} is not completed yet; its performance is kept at completion",
                           "work_order_id")
        return performance_view(row, order.currency)

    @rpc(allow=access.SEE_COSTS)
    def estimate_accuracy(self, actor: Actor, **query) -> dict:
        command = commands.ReportQuery.model_validate(query)
        rows = storage.work_orders.performances(self.db.session, actor.org_id, command.date_from, command.date_to)
        return accuracy_view(costing.estimate_accuracy([figures_of(row) for row in rows]), command.date_from,
                             command.date_to)
