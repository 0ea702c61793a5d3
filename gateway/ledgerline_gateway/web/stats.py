"""My stats: billable and non-billable hours today and this week, and utilization against the target (seed 000)."""

from __future__ import annotations

from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import call, render


def my_stats() -> dict:
    """The signed-in person's hours (the service knows their capacity: 40 h and 75 % unless set)."""
    return call("timetracking", "time_stats")


@web.page("GET", "/stats", capability=Capability.VIEW_TEAM_WORK, title="See your time stats", nav="My stats",
          order=17)
def stats_page():
    return render("stats/stats.html", stats=my_stats())
