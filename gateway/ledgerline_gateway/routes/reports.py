"""Reports (read models owned by analytics)."""

from __future__ import annotations

from ledgerline_contracts.commands.base import Command, Day
from ledgerline_contracts.views.analytics import ArAging
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


class AgingQuery(Command):
    as_of: Day | None = None


@api.endpoint("GET", "/reports/ar-aging", capability=Capability.MANAGE_BILLING, tag="reports",
              response=ArAging,
              summary="Accounts receivable aging (current, 1-30, 31-60, 61-90, 90+)", query=AgingQuery)
def ar_aging(req: ApiRequest):
    return req.call("analytics", "ar_aging", req.query.as_of.isoformat() if req.query.as_of else None)
