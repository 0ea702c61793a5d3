"""Entrypoints for what work is recorded against: matters and tickets, activity codes,
the rounding rules of timers, and people's capacity. Changes are use cases
(:mod:`ledgerline_timetracking.use_cases.setup`); reads are queries on storage."""

from __future__ import annotations

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_timetracking.domain import access
from ledgerline_timetracking.storage import setup as storage
from ledgerline_timetracking.storage.receivables import past_due_warning, past_due_warnings
from ledgerline_timetracking.storage.visibility import require_visible_filters, visible_matter
from ledgerline_timetracking.use_cases import setup
from ledgerline_timetracking.views import setup as views


class SetupEntrypoints:
    # --- matters and tickets --------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def open_matter(self, actor: Actor, matter: dict) -> dict:
        command = commands.NewMatter.model_validate(matter)
        return self._matter_view(actor, setup.open_matter(self._unit_of_work(), actor, command))

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
        row = visible_matter(self.db.session, actor, inputs.parse_id(matter_id, "matter_id"))
        return self._matter_view(actor, row)

    @rpc(allow=access.TIME_RECORDERS)
    def update_matter(self, actor: Actor, matter_id: str, changes: dict) -> dict:
        """Rename, close (no more work on it) or reopen a matter or ticket."""
        command = commands.EditMatter.model_validate(changes)
        return self._matter_view(actor, setup.edit_matter(self._unit_of_work(), actor, matter_id, command))

    def _matter_view(self, actor: Actor, row) -> dict:
        """A matter as ``actor`` sees it, with its account's past-due warning for staff."""
        return views.matter_view(row, actor, past_due_warning(self.db.session, actor.org_id, row.account_id))

    # --- activity codes ------------------------------------------------------------------

    @rpc(allow=access.PRICING)
    def create_activity_code(self, actor: Actor, code: dict) -> dict:
        command = commands.NewActivityCode.model_validate(code)
        return views.activity_code_view(setup.create_activity_code(self._unit_of_work(), actor, command))

    @rpc(allow=access.STAFF)  # the firm's own classification: customers see entries without it
    def list_activity_codes(self, actor: Actor, include_inactive: bool = False) -> dict:
        rows = storage.list_activity_codes(self.db.session, actor.org_id, bool(include_inactive))
        return {"items": [views.activity_code_view(r) for r in rows]}

    @rpc(allow=access.PRICING)
    def update_activity_code(self, actor: Actor, code_id: str, changes: dict) -> dict:
        """Rename, change the billable default (for new time only) or retire a code."""
        command = commands.EditActivityCode.model_validate(changes)
        return views.activity_code_view(setup.edit_activity_code(self._unit_of_work(), actor, code_id, command))

    # --- rounding rules ----------------------------------------------------------------------

    @rpc(allow=access.STAFF)
    def get_rounding_rules(self, actor: Actor) -> dict:
        """The organization's default rule for committed timers, and the accounts with their own."""
        return self._rounding_rules(actor)

    def _rounding_rules(self, actor: Actor) -> dict:
        session = self.db.session
        return views.rounding_rules_view(storage.org_rounding_rule(session, actor.org_id),
                                         storage.account_rounding_rules(session, actor.org_id))

    @rpc(allow=access.PRICING)
    def set_rounding_rule(self, actor: Actor, rule: dict, account_id: str | None = None) -> dict:
        """Set the organization's default rule, or (with ``account_id``) one account's."""
        command = commands.RoundingRule.model_validate(rule)
        setup.set_rounding_rule(self._unit_of_work(), actor, command, account_id)
        return self._rounding_rules(actor)

    @rpc(allow=access.PRICING)
    def clear_rounding_rule(self, actor: Actor, account_id: str) -> dict:
        """An account goes back to the organization's default rule."""
        setup.clear_rounding_rule(self._unit_of_work(), actor, account_id)
        return self._rounding_rules(actor)

    # --- capacity ---------------------------------------------------------------------------------

    @rpc(allow=access.PEOPLE_ADMIN)
    def set_capacity(self, actor: Actor, user_id: str, capacity: dict) -> dict:
        """A person's weekly hours and utilization target (default 40 h and 75 %)."""
        command = commands.Capacity.model_validate(capacity)
        return views.capacity_view(*setup.set_capacity(self._unit_of_work(), actor, user_id, command))
