"""Checks the entrypoints share: where work is billed, which activity code, who may see an item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy.orm import Session

from ledgerline_contracts import Actor, NotFound
from ledgerline_servicekit import clock, replicas

from ledgerline_timetracking.domain import work as rules
from ledgerline_timetracking.domain.access import scope_for
from ledgerline_timetracking.domain.locks import EntryStatus, ItemKind
from ledgerline_timetracking.domain.past_due import PastDueWarning, warning_for
from ledgerline_timetracking.service import views
from ledgerline_timetracking.storage import receivables, setup, tables
from ledgerline_timetracking.storage import work as work_storage

def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Assignment:
    account: object  # the account replica row
    matter: object | None

    @property
    def account_id(self) -> UUID:
        return self.account.id

    @property
    def matter_id(self) -> UUID | None:
        return self.matter.id if self.matter is not None else None


def assignment(session: Session, org_id: UUID, account_id: UUID | None, matter_id: UUID | None) -> Assignment:
    """Where new work goes: an open matter or ticket (its account resolved), on an active account."""
    matter = None
    if matter_id is not None:
        matter = setup.get_matter(session, org_id, matter_id)
        rules.require_open(matter.kind, matter.reference, matter.status)
    account_id = rules.resolve_account(account_id, matter.account_id if matter else None,
                                       matter.reference if matter else None)
    account = replicas.active_account(session, tables.accounts, org_id, account_id)
    return Assignment(account, matter)


def require_visible_filters(session: Session, actor: Actor, account_id: UUID | None,
                            matter_id: UUID | None = None) -> None:
    """A list filtered by an account or matter the actor may not see is refused as not found,
    as the thing itself would be: an empty list would tell an outsider nothing, but a 404
    tells everyone the same thing, whatever the id belongs to."""
    scope = scope_for(actor)
    if account_id is not None:
        replicas.known_account(session, tables.accounts, actor.org_id, account_id)
        if scope.account_id is not None and account_id != scope.account_id:
            raise NotFound("no such account", "account_id")
    if matter_id is not None:
        matter = setup.get_matter(session, actor.org_id, matter_id)
        if scope.account_id is not None and matter.account_id != scope.account_id:
            raise NotFound("no such matter or ticket", "matter_id")


def activity_code(session: Session, org_id: UUID, code: str | None):
    """The active activity code named, or None when none is given."""
    return setup.activity_code_named(session, org_id, code) if code else None


def visible_item(session: Session, kind: ItemKind, actor: Actor, item_id: UUID, *, for_update: bool = False):
    """The item, if the actor may see it; otherwise it does not exist for them."""
    row = work_storage.get_item(session, kind, actor.org_id, item_id, for_update=for_update)
    if not scope_for(actor).allows(row.user_id, row.account_id, row.billable):
        work = work_storage.WORK[kind]
        raise NotFound(f"no such {work.noun}", work.field)
    return row


def record_entry(db, actor: Actor, values: dict):
    """Insert a time entry by ``actor`` (checked by the caller) and announce it; returns its row."""
    entry_id = uuid4()
    work_storage.insert_item(db.session, ItemKind.TIME, {
        "id": entry_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
        "version": 1, "status": EntryStatus.UNBILLED, **values})
    row = work_storage.get_item(db.session, ItemKind.TIME, actor.org_id, entry_id)
    db.record_event("time_entry.recorded", actor.org_id, views.entry_event(row))
    return row


def past_due_warnings(session: Session, org_id: UUID, account_ids) -> dict[UUID, PastDueWarning]:
    """Whether each account is past due today (UTC), for the warning shown with its work."""
    wanted = {a for a in account_ids if a is not None}
    owed = receivables.receivables_of(session, org_id, wanted) if wanted else {}
    return {account_id: warning_for(owed.get(account_id, []), clock.today()) for account_id in wanted}


def matter_view(session: Session, actor: Actor, row) -> dict:
    """A matter as ``actor`` sees it, with its account's past-due warning for staff."""
    return views.matter_view(row, actor, past_due_warnings(session, actor.org_id, [row.account_id])[row.account_id])
