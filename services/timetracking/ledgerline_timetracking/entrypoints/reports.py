"""Entrypoints that sum work up: a ticket's live total, a daily timesheet, a person's stats."""

from __future__ import annotations

from datetime import timedelta

from ledgerline_contracts import Actor, Money
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_contracts.commands.invoicing import Quote
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_timetracking.domain import access, stats
from ledgerline_timetracking.domain import work as rules
from ledgerline_timetracking.domain.locks import ItemKind
from ledgerline_timetracking.storage import setup
from ledgerline_timetracking.storage import timers as timer_storage
from ledgerline_timetracking.storage import work as storage
from ledgerline_timetracking.storage.receivables import past_due_warning
from ledgerline_timetracking.views.setup import matter_view
from ledgerline_timetracking.views.timers import timer_view
from ledgerline_timetracking.views.work import entry_view, expense_view, part_view

# The timesheet offers the matters a person worked on this recently, for adding time inline.
RECENT_MATTER_DAYS = 14


class ReportEntrypoints:
    @rpc(allow=access.STAFF)
    def matter_total(self, actor: Actor, matter_id: str) -> dict:
        """The billable work on a matter or ticket not yet billed (that you may see), priced by invoicing."""
        session = self.db.session
        matter = setup.get_matter(session, actor.org_id, inputs.parse_id(matter_id, "matter_id"))
        scope = access.scope_for(actor)
        entries = storage.billable_work_to_bill(session, ItemKind.TIME, actor.org_id, matter.id, scope)
        expenses = storage.billable_work_to_bill(session, ItemKind.EXPENSE, actor.org_id, matter.id, scope)
        parts = storage.billable_work_to_bill(session, ItemKind.PART, actor.org_id, matter.id, scope)
        request = rules.quote_request(
            matter.account_id, matter.id,
            [rules.TimeWork(e.user_id, e.activity_code, e.duration_minutes) for e in entries],
            [Money.stored(x.amount, x.currency) for x in expenses],
            [rules.PartWork(p.catalog_item_id, p.quantity.normalize(), Money.stored(p.unit_price, p.currency))
             for p in parts])
        quote = Quote.model_validate(self.invoicing.quote(request.model_dump(mode="json")))
        # Invoicing prices an expense as an amount only (its lines come in the order asked):
        # each line says what the expense was.
        said = iter(f"{x.category.capitalize()}: {x.description}" for x in expenses)
        quote.lines = [line.model_copy(update={"description": next(said)}) if line.kind == "expense" else line
                       for line in quote.lines]
        return {
            "matter": matter_view(matter, actor, past_due_warning(session, actor.org_id, matter.account_id)),
            "duration_minutes": sum(e.duration_minutes for e in entries),
            "counts": {"time_entries": len(entries), "expenses": len(expenses), "parts": len(parts)},
            "quote": quote.model_dump(mode="json"),
        }

    @rpc(allow=access.STAFF)
    def timesheet(self, actor: Actor, **query) -> dict:
        """One person's day across every ticket and matter, with the matters to add time to."""
        request = commands.DayQuery.model_validate(query)
        session = self.db.session
        day = request.date or clock.today()
        person = access.person_for(actor, request.user_id)
        entries = storage.items_of_day(session, ItemKind.TIME, actor.org_id, person, day)
        minutes = {True: 0, False: 0}
        for entry in entries:
            minutes[entry.billable] += entry.duration_minutes
        recent = storage.matters_worked_on(session, actor.org_id, person, day - timedelta(days=RECENT_MATTER_DAYS))
        now = clock.now()
        return {
            "date": day.isoformat(), "user_id": str(person),
            "entries": [entry_view(r, actor) for r in entries],
            "expenses": [expense_view(r, actor)
                         for r in storage.items_of_day(session, ItemKind.EXPENSE, actor.org_id, person, day)],
            "parts": [part_view(r, actor)
                      for r in storage.items_of_day(session, ItemKind.PART, actor.org_id, person, day)],
            "timers": [timer_view(r, now) for r in timer_storage.active_timers(session, actor.org_id, person)]
            if person == actor.user_id else [],
            "totals": {"billable_minutes": minutes[True], "non_billable_minutes": minutes[False],
                       "total_minutes": minutes[True] + minutes[False]},
            "recent_matters": [matter_view(m, actor) for m in setup.matters_by_id(session, actor.org_id, recent)
                               if m.status == "open"],
        }

    @rpc(allow=access.STAFF)
    def time_stats(self, actor: Actor, **query) -> dict:
        """Billable and non-billable hours today and this week, and utilization against the target."""
        request = commands.DayQuery.model_validate(query)
        session = self.db.session
        day = request.date or clock.today()
        person = access.person_for(actor, request.user_id)
        monday, sunday = stats.week_of(day)
        today = storage.minutes_by_billable(session, actor.org_id, person, day, day)
        week = storage.minutes_by_billable(session, actor.org_id, person, monday, sunday)
        capacity = setup.capacity_of(session, actor.org_id, person)
        use = stats.utilization(week[True], capacity)

        def hours(minutes: dict[bool, int]) -> dict:
            return {"billable_hours": format(stats.hours(minutes[True]), "f"),
                    "non_billable_hours": format(stats.hours(minutes[False]), "f"),
                    "total_hours": format(stats.hours(minutes[True] + minutes[False]), "f")}

        return {
            "user_id": str(person), "date": day.isoformat(),
            "today": hours(today),
            "week": {"from": monday.isoformat(), "to": sunday.isoformat(), **hours(week)},
            "capacity": {"weekly_hours": format(capacity.weekly_hours, "f"),
                         "target_percent": capacity.target_percent},
            "utilization_percent": format(use.percent, "f") if use.percent is not None else None,
            "target_hours": format(use.target_hours, "f"),
            "hours_to_target": format(use.hours_to_target, "f"),
            "on_target": use.on_target,
        }
