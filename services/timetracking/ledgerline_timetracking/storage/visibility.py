"""Reads that answer "not found" for what the actor may not see (:mod:`..domain.access`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_contracts import Actor, NotFound
from ledgerline_servicekit import replicas

from ledgerline_timetracking.domain.access import scope_for
from ledgerline_timetracking.domain.locks import ItemKind
from ledgerline_timetracking.storage import setup, tables, timers, work


def visible_item(session: Session, kind: ItemKind, actor: Actor, item_id: UUID, *, for_update: bool = False):
    """The item, if the actor may see it; otherwise it does not exist for them."""
    row = work.get_item(session, kind, actor.org_id, item_id, for_update=for_update)
    if not scope_for(actor).allows(row.user_id, row.account_id, row.billable):
        table = work.WORK[kind]
        raise NotFound(f"no such {table.noun}", table.field)
    return row


def visible_matter(session: Session, actor: Actor, matter_id: UUID):
    """A matter or ticket; a customer sees only their own account's."""
    row = setup.get_matter(session, actor.org_id, matter_id)
    if actor.is_customer and row.account_id != actor.account_id:
        raise NotFound("no such matter or ticket", "matter_id")
    return row


def own_timer(session: Session, actor: Actor, timer_id: UUID):
    """Timers are private to the person running them."""
    row = timers.get_timer(session, actor.org_id, timer_id)
    if row.user_id != actor.user_id:
        raise NotFound("no such timer", "timer_id")
    return row


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
