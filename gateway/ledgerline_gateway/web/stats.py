"""Time stats (my stats, for those who record time): billable and non-billable hours today and this week, and utilization against the target."""

from __future__ import annotations

from flask import g, request

from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import call, can, render
from ledgerline_gateway.web.time import people_options


def time_stats(user_id: str | None = None) -> dict:
    """A person's hours, yours unless ``user_id`` (the service knows capacities: 40 h and 75 % unless set)."""
    return call("timetracking", "time_stats", **({"user_id": user_id} if user_id else {}))


@web.page("GET", "/stats", capability=Capability.VIEW_TEAM_WORK, title="See time stats", nav="Time stats",
          order=17)
def stats_page():
    chosen = request.args.get("user_id") or None
    people = people_options()
    if chosen is None and not can(Capability.RECORD_TIME):
        # Billing and admin record no time of their own: they choose whose stats to read.
        return render("stats/stats.html", stats=None, people=people, own=False)
    stats = time_stats(chosen)
    return render("stats/stats.html", stats=stats, people=people, own=stats["user_id"] == str(g.actor.user_id))
