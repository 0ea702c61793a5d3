"""Events produced by the work orders service.

Hours are decimal strings with two places ("16.90"); amounts are ``Money`` in the account's
currency, each crew time entry's labour cost rounded half-up to cents before it is summed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from ledgerline_contracts.events.base import Payload
from ledgerline_contracts.money import DecimalStr, Money


class ProposalSigned(Payload):
    """``proposal.signed``: the customer signed a proposal; its work order exists, Scheduled."""

    proposal_id: UUID
    account_id: UUID
    work_order_id: UUID
    work_order_number: str
    signed_by: str = Field(description="the signer's name, as they typed it")
    signed_at: datetime
    total_price: Money


class WorkOrderScheduled(Payload):
    """``workorder.scheduled``: a date, start time, loadout and crew were set (or changed)."""

    work_order_id: UUID
    number: str
    account_id: UUID
    scheduled_on: date
    start_time: str | None = Field(default=None, description="HH:MM, local to the site")
    loadout_id: UUID | None = None
    crew_employee_ids: list[UUID] = Field(default_factory=list)
    equipment_ids: list[UUID] = Field(default_factory=list)


class WorkOrderStarted(Payload):
    """``workorder.started``: the crew is on site (weather, safety briefing and PPE recorded)."""

    work_order_id: UUID
    number: str
    account_id: UUID
    started_at: datetime


class LineItemCompleted(Payload):
    """``workorder.line_item_completed``: one line item's work is done, with its actuals."""

    work_order_id: UUID
    number: str
    account_id: UUID
    line_item_id: UUID
    line_number: int
    estimated_hours: DecimalStr
    actual_hours: DecimalStr
    labour_cost: Money
    equipment_cost: Money
    completed_at: datetime


class MarginAlert(Payload):
    """``workorder.margin_alert``: the projection crossed a threshold (once per crossing)."""

    work_order_id: UUID
    number: str
    account_id: UUID
    reason: Literal["margin", "hours"]
    projected_margin_percent: DecimalStr
    target_margin_percent: DecimalStr
    projected_hours: DecimalStr
    estimated_hours: DecimalStr
    raised_at: datetime


class CompletedLineItem(Payload):
    """A line item as invoicing bills it: fixed-price lines at ``price``, hourly lines at
    ``actual_hours`` × the account's rate."""

    line_item_id: UUID
    line_number: int
    service_type: str
    description: str
    pricing_method: Literal["fixed", "hourly"]
    estimated_hours: DecimalStr
    actual_hours: DecimalStr
    price: Money | None = Field(default=None, description="fixed-price lines: what the customer pays")
    labour_cost: Money
    equipment_cost: Money
    change_order: bool = False


class WorkOrderCompleted(Payload):
    """``workorder.completed``: the customer signed off; invoicing drafts the invoice from it."""

    work_order_id: UUID
    number: str
    account_id: UUID
    title: str
    completed_on: date
    completed_at: datetime
    po_number: str | None = None
    contract_amount: Money | None = None
    lines: list[CompletedLineItem]
    labour_cost: Money
    equipment_cost: Money
    total_cost: Money


class WorkOrderInvoiced(Payload):
    """``workorder.invoiced``: the invoice drafted from the work order was posted."""

    work_order_id: UUID
    number: str
    account_id: UUID
    invoice_id: UUID
    invoice_number: str
