"""The billing run: one per organization and month; each account in it ends drafted, with nothing
due, or set aside with its reason; the run completes when none is pending (docs/billing-runs.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from ledgerline_contracts import Actor, Conflict, Role

from ledgerline_invoicing.domain.agreements import AgreementLine, Charge, Period


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"


class AccountStatus(StrEnum):
    PENDING = "pending"
    DRAFTED = "drafted"
    NOTHING_DUE = "nothing_due"
    SET_ASIDE = "set_aside"


@dataclass(frozen=True)
class Progress:
    accounts: int
    drafted: int
    nothing_due: int
    set_aside: int

    @property
    def done(self) -> int:
        return self.drafted + self.nothing_due

    @property
    def remaining(self) -> int:
        return self.accounts - self.done - self.set_aside

    @property
    def complete(self) -> bool:
        return self.remaining == 0


def progress(statuses: Iterable[str]) -> Progress:
    counted = list(statuses)
    return Progress(accounts=len(counted), drafted=counted.count(AccountStatus.DRAFTED),
                    nothing_due=counted.count(AccountStatus.NOTHING_DUE),
                    set_aside=counted.count(AccountStatus.SET_ASIDE))


def require_not_run(period: str, existing_run: UUID | None) -> None:
    """A month is run once; what a run could not finish is resumed, never run again."""
    if existing_run is not None:
        raise Conflict(f"{period} has already been run (run {existing_run}); resume it instead", "period")


def charges_due(lines: Iterable[AgreementLine], run_month: Period) -> list[Charge]:
    """Every charge the lines bill in the run for ``run_month``, in the lines' order."""
    return [charge for charge in (line.charge_for(run_month) for line in lines) if charge is not None]


def not_yet_billed(charges: Iterable[Charge], billed: set[tuple[UUID, object]]) -> list[Charge]:
    """The ledger's rule: a line bills each of its periods once. ``billed`` holds (line id, period
    start) already in the ledger; storage inserts the rest under a unique constraint, so two runs
    at once still bill each period once (the loser's insert finds the winner's row)."""
    return [charge for charge in charges if (charge.line_id, charge.period.start) not in billed]


def run_actor(org_id: UUID, user_id: UUID, name: str) -> Actor:
    """Who a run's drafts name as their drafter: whoever started the run (billing)."""
    return Actor(user_id=user_id, org_id=org_id, role=Role.BILLING, name=name)


# --- domain events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunStarted:
    run_id: UUID
    period: str
    by: Actor
    account_ids: tuple[UUID, ...]


@dataclass(frozen=True)
class RunResumed:
    run_id: UUID
    period: str
    by: Actor
    account_ids: tuple[UUID, ...]


@dataclass(frozen=True)
class RunCompleted:
    run_id: UUID
    org_id: UUID
    period: str
    progress: Progress
