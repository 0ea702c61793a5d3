"""Work order rules, free of nameko and SQLAlchemy."""

from __future__ import annotations

from enum import StrEnum

from ledgerline_contracts import Role

# docs/permissions.md: associate partners and partners schedule work and assign crews.
SCHEDULERS = frozenset({Role.ASSOCIATE_PARTNER, Role.PARTNER})


class WorkOrderStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
