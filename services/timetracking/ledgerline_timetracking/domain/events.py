"""What happened to the work people record, as timetracking's use cases record it: each event
says who did it, and carries the record as it now stands (any object with the record's fields:
a time entry, an expense, a part or a matter as saved), so what other services receive is made
from it in one place (:mod:`ledgerline_timetracking.use_cases.effects`).

Timetracking keeps no audit trail of its own: invoicing's trail records the financial changes
(docs/rules.md, rule 9), so these events become outgoing events only.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ledgerline_contracts import Actor
from ledgerline_contracts.commands.timetracking import RoundingRule

from ledgerline_timetracking.domain.locks import ItemKind


@dataclass(frozen=True)
class _Removed:
    """Work deleted before it was billed. The deletion is the item's next version, so a copy
    of the item that arrives late (an older version) cannot bring it back."""

    by: Actor
    item: object  # the item as it was before the deletion

    @property
    def version(self) -> int:
        return self.item.version + 1


@dataclass(frozen=True)
class TimeEntryRecorded:
    by: Actor
    entry: object


@dataclass(frozen=True)
class TimeEntryEdited:
    by: Actor
    entry: object  # the new version


@dataclass(frozen=True)
class TimeEntryDeleted(_Removed):
    pass


@dataclass(frozen=True)
class ExpenseRecorded:
    by: Actor
    expense: object


@dataclass(frozen=True)
class ExpenseEdited:
    by: Actor
    expense: object  # the new version


@dataclass(frozen=True)
class ExpenseDeleted(_Removed):
    pass


@dataclass(frozen=True)
class PartRecorded:
    by: Actor
    part: object


@dataclass(frozen=True)
class PartEdited:
    by: Actor
    part: object  # the new version


@dataclass(frozen=True)
class PartDeleted(_Removed):
    pass


@dataclass(frozen=True)
class MatterOpened:
    by: Actor
    matter: object


@dataclass(frozen=True)
class MatterEdited:
    """Renamed, closed or reopened."""

    by: Actor
    matter: object  # the new version


@dataclass(frozen=True)
class TimerCommitted:
    """A timer became a time entry (recorded with it): its measured time, rounded by ``rule``."""

    by: Actor
    timer_id: UUID
    entry_id: UUID
    account_id: UUID
    matter_id: UUID | None
    raw_seconds: int
    rounded_minutes: int
    rule: RoundingRule


@dataclass(frozen=True)
class LockedItem:
    kind: ItemKind
    item_id: UUID
    version: int


@dataclass(frozen=True)
class WorkLocked:
    """Work an invoice claimed is now locked for it, each item at the version it keeps; invoicing
    waits for this before approving or posting (:mod:`.locks`). Nobody acts: invoicing's events
    about the invoice caused it."""

    org_id: UUID
    invoice_id: UUID
    items: tuple[LockedItem, ...]
