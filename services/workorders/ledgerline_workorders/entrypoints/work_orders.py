"""Work orders through their lifecycle, the lists, one job in full and its live costing."""

from __future__ import annotations

from ledgerline_contracts import Actor, Role
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_workorders import storage
from ledgerline_workorders.domain import access
from ledgerline_workorders.use_cases import work_orders
from ledgerline_workorders.use_cases.common import account_filter, my_employees, visible_order
from ledgerline_workorders.views.work_orders import costing_view, summary_view, work_order_view


class WorkOrderEntrypoints:
    def _work_order(self, actor: Actor, work_order_id) -> dict:
        order, mine = visible_order(self.db.session, actor, work_order_id)
        return work_order_view(order, actor, storage.resources.settings(self.db.session, actor.org_id), clock.now(),
                               mine)

    @rpc(allow=access.SCHEDULERS)
    def create_work_order(self, actor: Actor, work_order: dict) -> dict:
        """A direct work order (no proposal): status Created."""
        command = commands.NewDirectWorkOrder.model_validate(work_order)
        return self._work_order(actor, work_orders.create_direct(self._unit_of_work(), actor, command))

    @rpc(allow=access.EVERYONE)
    def list_work_orders(self, actor: Actor, **query) -> dict:
        """All the organization's (schedulers, billing, admins), a customer's own account's, or the
        jobs a crew member is on; filtered by status, account, proposal, direct, dates, ``mine``."""
        command = commands.WorkOrderQuery.model_validate(query)
        session = self.db.session
        mine = my_employees(session, actor)
        crew_of = None  # a crew member sees only their crew's jobs; "mine" asks for that of anyone
        if actor.role is Role.FEE_EARNER or command.mine:
            crew_of = storage.resources.employees_of_user(session, actor.org_id, actor.user_id)
        account_id = account_filter(session, actor, command.account_id)
        rows, total = storage.work_orders.list_work_orders(
            session, actor.org_id, limit=command.limit, offset=command.offset, status=command.status,
            account_id=account_id, proposal_id=command.proposal_id, direct=command.direct, crew_of=crew_of,
            date_from=command.date_from, date_to=command.date_to)
        settings = storage.resources.settings(session, actor.org_id)
        return inputs.paged([summary_view(order, actor, mine, settings) for order in rows], total, command.limit,
                            command.offset)

    @rpc(allow=access.EVERYONE)
    def get_work_order(self, actor: Actor, work_order_id: str) -> dict:
        return self._work_order(actor, work_order_id)

    @rpc(allow=access.SEE_COSTS)
    def get_costing(self, actor: Actor, work_order_id: str) -> dict:
        """Actual hours and cost so far, per line item and for the job, with the projection and alerts."""
        order, mine = visible_order(self.db.session, actor, work_order_id)
        return costing_view(order, clock.now(), actor, mine)

    @rpc(allow=access.SCHEDULERS)
    def schedule_work_order(self, actor: Actor, work_order_id: str, schedule: dict) -> dict:
        command = commands.ScheduleWorkOrder.model_validate(schedule)
        return self._work_order(actor, work_orders.schedule(self._unit_of_work(), actor, work_order_id, command))

    @rpc(allow=access.FIELD_WORKERS)
    def start_work_order(self, actor: Actor, work_order_id: str, start: dict) -> dict:
        command = commands.StartWorkOrder.model_validate(start)
        return self._work_order(actor, work_orders.start(self._unit_of_work(), actor, work_order_id, command))

    @rpc(allow=access.SCHEDULERS)
    def add_line_item(self, actor: Actor, work_order_id: str, line_item: dict) -> dict:
        """A line item; on a started job, a change order."""
        command = commands.NewLineItem.model_validate(line_item)
        return self._work_order(actor, work_orders.add_line_item(self._unit_of_work(), actor, work_order_id,
                                                                 command))

    @rpc(allow=access.FIELD_WORKERS)
    def update_checklist(self, actor: Actor, work_order_id: str, checklist: dict) -> dict:
        command = commands.Checklist.model_validate(checklist)
        return self._work_order(actor, work_orders.tick_checklist(self._unit_of_work(), actor, work_order_id,
                                                                  command))

    @rpc(allow=access.FIELD_WORKERS)
    def complete_work_order(self, actor: Actor, work_order_id: str, signoff: dict) -> dict:
        command = commands.CompleteWorkOrder.model_validate(signoff)
        return self._work_order(actor, work_orders.complete(self._unit_of_work(), actor, self.photos,
                                                            work_order_id, command))
