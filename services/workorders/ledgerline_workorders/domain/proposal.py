"""The Proposal aggregate: what was sold — line items with their estimates and prices, and the
scope. Signing it makes the work order, Scheduled, with the same line items."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict

from ledgerline_workorders.domain import access, events
from ledgerline_workorders.domain.work_order import LineItem, Status, WorkOrder


class ProposalStatus(StrEnum):
    OPEN = "open"
    SIGNED = "signed"


@dataclass
class Proposal:
    id: UUID
    org_id: UUID
    account_id: UUID
    account_name: str
    currency: str
    title: str
    site_address: str
    scope_included: str
    scope_excluded: str
    scheduled_on: date
    lines: list[LineItem]
    created_by: UUID
    created_at: datetime
    status: ProposalStatus = ProposalStatus.OPEN
    signed_by: str | None = None
    signed_at: datetime | None = None
    signature_key: str | None = None
    work_order_id: UUID | None = None
    _events: list = field(default_factory=list, repr=False)

    @classmethod
    def make(cls, by: Actor, *, now: datetime, account_id: UUID, account_name: str, currency: str,
             **fields) -> Proposal:
        proposal = cls(id=uuid4(), org_id=by.org_id, account_id=account_id, account_name=account_name,
                       currency=currency, created_by=by.user_id, created_at=now, **fields)
        for number, line in enumerate(proposal.lines, start=1):
            line.line_number = number
        proposal._events.append(events.ProposalMade(proposal, by))
        return proposal

    def pull_events(self) -> list:
        pulled, self._events = self._events, []
        return pulled

    def visible_to(self, actor: Actor) -> bool:
        return not actor.is_customer or actor.account_id == self.account_id

    @property
    def total_price(self) -> Decimal:
        return sum((line.price for line in self.lines), Decimal(0))

    @property
    def target_margin_percent(self) -> Decimal:
        """The lines' target margins, weighted by their prices."""
        total = self.total_price
        if not total:
            return Decimal(0)
        return (sum((line.target_margin_percent * line.price for line in self.lines), Decimal(0)) / total
                ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def allowed_actions(self, actor: Actor) -> list[str]:
        return ["sign"] if self.status is ProposalStatus.OPEN and actor.role in access.SIGNERS else []

    def sign(self, by: Actor, *, signed_by: str, signature_key: str, now: datetime, number: str) -> WorkOrder:
        """The customer accepts: the proposal is Signed and its work order exists, Scheduled for the
        proposal's date, with copies of its line items (the proposal keeps its own)."""
        if self.status is not ProposalStatus.OPEN:
            raise Conflict("this proposal is already signed; its work order exists")
        self.status, self.signed_by, self.signed_at, self.signature_key = (ProposalStatus.SIGNED, signed_by, now,
                                                                           signature_key)
        order = WorkOrder(
            id=uuid4(), org_id=self.org_id, number=number, account_id=self.account_id, account_name=self.account_name,
            currency=self.currency, title=self.title, site_address=self.site_address, status=Status.SCHEDULED,
            created_by=by.user_id, created_at=now, proposal_id=self.id,
            estimated_cost=sum((line.cost for line in self.lines), Decimal(0)),
            target_margin_percent=self.target_margin_percent, scope_included=self.scope_included,
            scope_excluded=self.scope_excluded, scheduled_on=self.scheduled_on,
            lines=[replace(line, id=uuid4()) for line in self.lines])
        self.work_order_id = order.id
        self._events.append(events.ProposalSigned(self, order, by))
        return order
