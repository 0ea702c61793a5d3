"""Entrypoints for what work is recorded against: matters and tickets, activity codes,
the rounding rules of timers, and people's capacity."""

from __future__ import annotations

from uuid import uuid4

from ledgerline_contracts import Actor, NotFound, ValidationFailed
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_servicekit import inputs, replicas
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_timetracking.domain import access, rounding
from ledgerline_timetracking.domain import work as rules
from ledgerline_timetracking.domain.stats import Capacity
from ledgerline_timetracking.service import views
from ledgerline_timetracking.service.common import matter_view, past_due_warnings, require_visible_filters
from ledgerline_timetracking.storage import setup as storage
from ledgerline_timetracking.storage import tables


class SetupEntrypoints:
    # --- matters and tickets --------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def open_matter(self, actor: Actor, matter: dict) -> dict:
        command = commands.NewMatter.model_validate(matter)
        session = self.db.session
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
        self.db.record_event("matter.opened", actor.org_id, views.matter_event(row))
        return self._matter_view(actor, row)

    @rpc(allow=access.EVERYONE)
    def list_matters(self, actor: Actor, **filters) -> dict:
        query = commands.MatterFilters.model_validate(filters)
        require_visible_filters(self.db.session, actor, query.account_id)
        rows, total = storage.list_matters(self.db.session, actor.org_id, access.scope_for(actor), query)
        warnings = past_due_warnings(self.db.session, actor.org_id, [r.account_id for r in rows])
        return inputs.paged([views.matter_view(r, actor, warnings[r.account_id]) for r in rows], total,
                            query.limit, query.offset)

    @rpc(allow=access.EVERYONE)
    def get_matter(self, actor: Actor, matter_id: str) -> dict:
        """A matter or ticket; staff also see whether its account is past due."""
        return self._matter_view(actor, self._visible_matter(actor, matter_id))

    @rpc(allow=access.TIME_RECORDERS)
    def update_matter(self, actor: Actor, matter_id: str, changes: dict) -> dict:
        """Rename, close (no more work on it) or reopen a matter or ticket."""
        command = commands.EditMatter.model_validate(changes)
        session = self.db.session
        row = storage.get_matter(session, actor.org_id, inputs.parse_id(matter_id, "matter_id"), for_update=True)
        values = {name: value for name, value in command.model_dump(exclude_unset=True).items()
                  if value is not None and getattr(row, name) != value}
        if "reference" in values and storage.reference_taken(session, actor.org_id, values["reference"], row.id):
            raise ValidationFailed(f"reference {values['reference']} is already used", "reference")
        if not values:
            return self._matter_view(actor, row)
        storage.update_matter(session, row.id, {**values, "version": row.version + 1})
        row = storage.get_matter(session, actor.org_id, row.id)
        self.db.record_event("matter.updated", actor.org_id, views.matter_event(row))
        return self._matter_view(actor, row)

    def _matter_view(self, actor: Actor, row) -> dict:
        return matter_view(self.db.session, actor, row)

    def _visible_matter(self, actor: Actor, matter_id: str):
        row = storage.get_matter(self.db.session, actor.org_id, inputs.parse_id(matter_id, "matter_id"))
        if actor.is_customer and row.account_id != actor.account_id:
            raise NotFound("no such matter or ticket", "matter_id")
        return row

    # --- activity codes ------------------------------------------------------------------

    @rpc(allow=access.PRICING)
    def create_activity_code(self, actor: Actor, code: dict) -> dict:
        command = commands.NewActivityCode.model_validate(code)
        code_id = uuid4()
        storage.insert_activity_code(self.db.session, {"id": code_id, "org_id": actor.org_id, "active": True,
                                                       **command.model_dump()})
        return views.activity_code_view(storage.get_activity_code(self.db.session, actor.org_id, code_id))

    @rpc(allow=access.STAFF)  # the firm's own classification: customers see entries without it
    def list_activity_codes(self, actor: Actor, include_inactive: bool = False) -> dict:
        rows = storage.list_activity_codes(self.db.session, actor.org_id, bool(include_inactive))
        return {"items": [views.activity_code_view(r) for r in rows]}

    @rpc(allow=access.PRICING)
    def update_activity_code(self, actor: Actor, code_id: str, changes: dict) -> dict:
        """Rename, change the billable default (for new time only) or retire a code."""
        command = commands.EditActivityCode.model_validate(changes)
        session = self.db.session
        row = storage.get_activity_code(session, actor.org_id, inputs.parse_id(code_id, "code_id"))
        values = {name: value for name, value in command.model_dump(exclude_unset=True).items() if value is not None}
        if values:
            storage.update_activity_code(session, row.id, values)
        return views.activity_code_view(storage.get_activity_code(session, actor.org_id, row.id))

    # --- rounding rules ----------------------------------------------------------------------

    @rpc(allow=access.STAFF)
    def get_rounding_rules(self, actor: Actor) -> dict:
        """The organization's default rule for committed timers, and the accounts with their own."""
        return self._rounding_rules(actor)

    def _rounding_rules(self, actor: Actor) -> dict:
        session = self.db.session
        own = storage.org_rounding_rule(session, actor.org_id)
        default = rounding.effective_rule(None, own)
        return {
            "default": default.model_dump() | {"description": rounding.describe(default), "set": own is not None},
            "accounts": [{"account_id": str(r.account_id), "account_name": r.account_name, "mode": r.mode,
                          "increment_minutes": r.increment_minutes,
                          "description": rounding.describe(commands.RoundingRule(
                              mode=r.mode, increment_minutes=r.increment_minutes))}
                         for r in storage.account_rounding_rules(session, actor.org_id)],
        }

    @rpc(allow=access.PRICING)
    def set_rounding_rule(self, actor: Actor, rule: dict, account_id: str | None = None) -> dict:
        """Set the organization's default rule, or (with ``account_id``) one account's."""
        command = commands.RoundingRule.model_validate(rule)
        session = self.db.session
        if account_id is None:
            storage.set_org_rounding_rule(session, actor.org_id, command)
        else:
            account = storage.get_account(session, actor.org_id, inputs.parse_id(account_id, "account_id"))
            storage.set_account_rounding_rule(session, actor.org_id, account.id, command)
        return self._rounding_rules(actor)

    @rpc(allow=access.PRICING)
    def clear_rounding_rule(self, actor: Actor, account_id: str) -> dict:
        """An account goes back to the organization's default rule."""
        account = storage.get_account(self.db.session, actor.org_id, inputs.parse_id(account_id, "account_id"))
        storage.clear_account_rounding_rule(self.db.session, actor.org_id, account.id)
        return self._rounding_rules(actor)

    # --- capacity ---------------------------------------------------------------------------------

    @rpc(allow=access.PEOPLE_ADMIN)
    def set_capacity(self, actor: Actor, user_id: str, capacity: dict) -> dict:
        """A person's weekly hours and utilization target (default 40 h and 75 %)."""
        command = commands.Capacity.model_validate(capacity)
        user = inputs.parse_id(user_id, "user_id")
        storage.set_capacity(self.db.session, actor.org_id, user,
                             Capacity(command.weekly_hours, command.target_percent))
        saved = storage.capacity_of(self.db.session, actor.org_id, user)
        return {"user_id": str(user), "weekly_hours": format(saved.weekly_hours, "f"),
                "target_percent": saved.target_percent}
