"""What happens to proposals and work orders, as the aggregates record it. The unit of work turns
each into audit entries and outbox events (use_cases/effects.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ledgerline_contracts import Actor

if TYPE_CHECKING:
    from ledgerline_workorders.domain.proposal import Proposal
    from ledgerline_workorders.domain.work_order import CrewTimeEntry, LineItem, WorkOrder


@dataclass(frozen=True)
class ProposalMade:
    proposal: Proposal
    by: Actor


@dataclass(frozen=True)
class ProposalSigned:
    proposal: Proposal
    work_order: WorkOrder
    by: Actor


@dataclass(frozen=True)
class WorkOrderCreated:
    work_order: WorkOrder
    by: Actor


@dataclass(frozen=True)
class WorkOrderScheduled:
    work_order: WorkOrder
    by: Actor


@dataclass(frozen=True)
class WorkOrderStarted:
    work_order: WorkOrder
    by: Actor


@dataclass(frozen=True)
class LineItemAdded:
    work_order: WorkOrder
    line: LineItem
    by: Actor


@dataclass(frozen=True)
class LineItemChanged:
    """Started, paused or resumed: the audit trail's record of the line's clock."""

    work_order: WorkOrder
    line: LineItem
    action: str
    by: Actor


@dataclass(frozen=True)
class LineItemCompleted:
    work_order: WorkOrder
    line: LineItem
    actuals: Any  # costing.LineActuals
    by: Actor


@dataclass(frozen=True)
class CrewClocked:
    """Crew members clocked in or out of a line item."""

    work_order: WorkOrder
    line: LineItem
    entries: tuple[CrewTimeEntry, ...]
    action: str
    by: Actor


@dataclass(frozen=True)
class Documented:
    """A photo, note, incident, site conditions or checklist items were recorded."""

    work_order: WorkOrder
    action: str
    details: dict
    by: Actor


@dataclass(frozen=True)
class MarginAlertRaised:
    work_order: WorkOrder
    alert: dict


@dataclass(frozen=True)
class WorkOrderCompleted:
    work_order: WorkOrder
    actuals: dict = field(default_factory=dict)  # line id → costing.LineActuals
    by: Actor | None = None


@dataclass(frozen=True)
class WorkOrderInvoiced:
    work_order: WorkOrder
    at: datetime | None = None


@dataclass(frozen=True)
class ResourceChanged:
    """An employee, machine, loadout, rate or the job settings were added or changed."""

    org_id: Any
    entity: str
    entity_id: Any
    action: str
    details: dict
    by: Actor
