"""Proposals: what was sold; signing one makes its work order, Scheduled."""

from __future__ import annotations

from uuid import UUID, uuid4

from ledgerline_contracts import Actor, NotFound
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import clock, inputs, replicas
from ledgerline_servicekit.files import FileShelf, content_key
from ledgerline_servicekit.unit_of_work import UnitOfWork

from ledgerline_workorders import storage
from ledgerline_workorders.domain.photos import checked_image
from ledgerline_workorders.domain.proposal import Proposal
from ledgerline_workorders.domain.work_order import LineItem, Pricing, work_order_number


def line_item(command: commands.NewLineItem) -> LineItem:
    """A line item as sold; its number is its place on the proposal or work order."""
    return LineItem(id=uuid4(), line_number=0, service_type=command.service_type, description=command.description,
                    production_hours=command.production_hours, transport_hours=command.transport_hours,
                    buffer_hours=command.buffer_hours, pricing_method=Pricing(command.pricing_method),
                    cost=command.cost, price=command.price, target_margin_percent=command.target_margin_percent)


def make_proposal(uow: UnitOfWork, actor: Actor, command: commands.NewProposal) -> UUID:
    with uow:
        account = replicas.active_account(uow.session, storage.accounts, actor.org_id, command.account_id)
        proposal = Proposal.make(
            actor, now=clock.now(), account_id=account.id, account_name=account.name, currency=account.currency,
            title=command.title, site_address=command.site_address, scope_included=command.scope_included,
            scope_excluded=command.scope_excluded, scheduled_on=command.scheduled_on,
            lines=[line_item(line) for line in command.line_items])
        storage.proposals.save(uow.session, proposal)
        uow.collect(proposal)
        return proposal.id


def next_number(uow: UnitOfWork, actor: Actor) -> str:
    """The next WO-YYYYMMDD-NNN of the organization's day, under the day's counter lock."""
    today = clock.today()
    return work_order_number(today, storage.work_orders.next_number(uow.session, actor.org_id, today))


def sign_proposal(uow: UnitOfWork, actor: Actor, shelf: FileShelf, proposal_id,
                  command: commands.SignProposal) -> UUID:
    """The customer signs: the proposal is Signed and its work order made. Answers the work order's id."""
    with uow:
        proposal = storage.proposals.load(uow.session, actor.org_id, inputs.parse_id(proposal_id, "proposal_id"),
                                          for_update=True)
        if not proposal.visible_to(actor):
            raise NotFound("no such proposal", "proposal_id")
        image = checked_image(command.signature.content_base64, command.signature.content_type, shelf.max_bytes,
                              "signature")
        key = content_key(actor.org_id, image.digest)
        order = proposal.sign(actor, signed_by=command.signed_by, signature_key=key, now=clock.now(),
                              number=next_number(uow, actor))
        shelf.store.save(key, image.content)
        storage.proposals.save(uow.session, proposal)
        storage.work_orders.save(uow.session, order)
        uow.collect(proposal)
        return order.id
