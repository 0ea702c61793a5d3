"""What work is recorded against, as use cases: matters and tickets (their references unique in
the organization), activity codes, the rounding rules of timers, and people's capacity."""

from __future__ import annotations

from uuid import UUID, uuid4

from ledgerline_contracts import Actor, ValidationFailed
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_servicekit import inputs, replicas
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_timetracking.domain import events
from ledgerline_timetracking.domain import work as rules
from ledgerline_timetracking.domain.stats import Capacity
from ledgerline_timetracking.storage import setup as storage
from ledgerline_timetracking.storage import tables

# --- matters and tickets --------------------------------------------------------


def open_matter(uow: SqlUnitOfWork, actor: Actor, command: commands.NewMatter):
    """Open a matter or ticket on an active account; without a reference it is numbered."""
    with uow:
        session = uow.session
        replicas.active_account(session, tables.accounts, actor.org_id, command.account_id)
        reference = command.reference
        if reference is None:
            reference = rules.default_reference(command.kind, storage.next_number(session, actor.org_id, command.kind))
            while storage.reference_taken(session, actor.org_id, reference):  # someone typed it by hand
                reference = rules.default_reference(command.kind,
                                                    storage.next_number(session, actor.org_id, command.kind))
        elif storage.reference_taken(session, actor.org_id, reference):
            raise ValidationFailed(f"reference {reference} is already used", "reference")
        matter_id = uuid4()
        storage.insert_matter(session, {
            "id": matter_id, "org_id": actor.org_id, "account_id": command.account_id, "kind": command.kind,
            "reference": reference, "title": command.title, "status": "open", "version": 1,
            "opened_by": actor.user_id})
        row = storage.get_matter(session, actor.org_id, matter_id)
        uow.record(events.MatterOpened(actor, row))
        return row


def edit_matter(uow: SqlUnitOfWork, actor: Actor, matter_id, command: commands.EditMatter):
    """Rename, close (no more work on it) or reopen a matter or ticket; returns it as saved."""
    with uow:
        session = uow.session
        row = storage.get_matter(session, actor.org_id, inputs.parse_id(matter_id, "matter_id"), for_update=True)
        values = {name: value for name, value in command.model_dump(exclude_unset=True).items()
                  if value is not None and getattr(row, name) != value}
        if "reference" in values and storage.reference_taken(session, actor.org_id, values["reference"], row.id):
            raise ValidationFailed(f"reference {values['reference']} is already used", "reference")
        if not values:
            return row
        storage.update_matter(session, row.id, {**values, "version": row.version + 1})
        row = storage.get_matter(session, actor.org_id, row.id)
        uow.record(events.MatterEdited(actor, row))
        return row


# --- activity codes ------------------------------------------------------------------

def create_activity_code(uow: SqlUnitOfWork, actor: Actor, command: commands.NewActivityCode):
    with uow:
        code_id = uuid4()
        storage.insert_activity_code(uow.session, {"id": code_id, "org_id": actor.org_id, "active": True,
                                                   **command.model_dump()})
        return storage.get_activity_code(uow.session, actor.org_id, code_id)


def edit_activity_code(uow: SqlUnitOfWork, actor: Actor, code_id, command: commands.EditActivityCode):
    """Rename, change the billable default (for new time only) or retire a code."""
    with uow:
        session = uow.session
        row = storage.get_activity_code(session, actor.org_id, inputs.parse_id(code_id, "code_id"))
        values = {name: value for name, value in command.model_dump(exclude_unset=True).items() if value is not None}
        if values:
            storage.update_activity_code(session, row.id, values)
        return storage.get_activity_code(session, actor.org_id, row.id)


# --- rounding rules ----------------------------------------------------------------------

def set_rounding_rule(uow: SqlUnitOfWork, actor: Actor, rule: commands.RoundingRule,
                      account_id: str | None = None) -> None:
    """Set the organization's default rule, or (with ``account_id``) one account's."""
    with uow:
        session = uow.session
        if account_id is None:
            storage.set_org_rounding_rule(session, actor.org_id, rule)
        else:
            account = storage.get_account(session, actor.org_id, inputs.parse_id(account_id, "account_id"))
            storage.set_account_rounding_rule(session, actor.org_id, account.id, rule)


def clear_rounding_rule(uow: SqlUnitOfWork, actor: Actor, account_id: str) -> None:
    """An account goes back to the organization's default rule."""
    with uow:
        account = storage.get_account(uow.session, actor.org_id, inputs.parse_id(account_id, "account_id"))
        storage.clear_account_rounding_rule(uow.session, actor.org_id, account.id)


# --- capacity ---------------------------------------------------------------------------------

def set_capacity(uow: SqlUnitOfWork, actor: Actor, user_id, command: commands.Capacity) -> tuple[UUID, Capacity]:
    """A person's weekly hours and utilization target; returns them as saved."""
    with uow:
        user = inputs.parse_id(user_id, "user_id")
        storage.set_capacity(uow.session, actor.org_id, user, Capacity(command.weekly_hours, command.target_percent))
        return user, storage.capacity_of(uow.session, actor.org_id, user)
