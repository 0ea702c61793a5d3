"""What every work order use case does: find the caller's own employee records, load the work
order the caller may see (or work on), and save it."""

from __future__ import annotations

from uuid import UUID

from ledgerline_contracts import Actor, NotFound, PermissionDenied, Role
from ledgerline_servicekit import inputs, replicas
from ledgerline_servicekit.unit_of_work import UnitOfWork

from ledgerline_workorders import storage
from ledgerline_workorders.domain.work_order import WorkOrder


def my_employees(session, actor: Actor) -> list[UUID]:
    """A fee earner's linked employee records: the jobs they are crew on are theirs."""
    return storage.resources.employees_of_user(session, actor.org_id, actor.user_id) \
        if actor.role is Role.FEE_EARNER else []


def account_filter(session, actor: Actor, account_id: UUID | None) -> UUID | None:
    """The account a list is filtered by: a customer's own; another organization's, or another
    customer's, is not found (as for every id, rule 8) rather than an empty list."""
    if account_id is not None:
        replicas.known_account(session, storage.accounts, actor.org_id, account_id)
        if actor.is_customer and account_id != actor.account_id:
            raise NotFound("no such account", "account_id")
    return actor.account_id if actor.is_customer else account_id


def visible_order(session, actor: Actor, work_order_id, *, for_update: bool = False) -> tuple[WorkOrder, list]:
    """The work order and the caller's employee ids, if the caller may see it; anything else is
    indistinguishable from missing."""
    order = storage.work_orders.load(session, actor.org_id, inputs.parse_id(work_order_id, "work_order_id"),
                                     for_update=for_update)
    mine = my_employees(session, actor)
    if not order.visible_to(actor, mine):
        raise NotFound("no such work order", "work_order_id")
    return order, mine


def workable_order(uow: UnitOfWork, actor: Actor, work_order_id) -> WorkOrder:
    """The work order, locked until the change commits, if the caller may work on it."""
    order, mine = visible_order(uow.session, actor, work_order_id, for_update=True)
    if not order.may_work(actor, mine):
        raise PermissionDenied(f"you are not on the crew of work order {order.number}; a scheduler assigns crews")
    return order


def save(uow: UnitOfWork, order: WorkOrder) -> UUID:
    """Write the work order back; its domain events are written when the unit of work ends."""
    storage.work_orders.save(uow.session, order)
    uow.collect(order)
    return order.id
