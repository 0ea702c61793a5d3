"""A proposal as the caller may see it: customers see prices, not the firm's costs and margins."""

from __future__ import annotations

from decimal import Decimal

from ledgerline_contracts import Actor

from ledgerline_workorders.domain import access
from ledgerline_workorders.domain.proposal import Proposal


def proposal_view(proposal: Proposal, actor: Actor) -> dict:
    costs = access.sees_costs(actor)

    def amount(value):
        return {"amount": format(value.quantize(Decimal("0.01")), "f"), "currency": proposal.currency}

    return {
        "id": str(proposal.id), "status": proposal.status.value, "account_id": str(proposal.account_id),
        "account_name": proposal.account_name, "title": proposal.title, "site_address": proposal.site_address,
        "scope_included": proposal.scope_included, "scope_excluded": proposal.scope_excluded,
        "scheduled_on": proposal.scheduled_on.isoformat(), "total_price": amount(proposal.total_price),
        "target_margin_percent": format(proposal.target_margin_percent, "f") if costs else None,
        "line_items": [{
            "line_number": line.line_number, "service_type": line.service_type, "description": line.description,
            "pricing_method": line.pricing_method.value, "estimated_hours": format(line.estimated_hours, "f"),
            "production_hours": format(line.production_hours, "f"),
            "transport_hours": format(line.transport_hours, "f"),
            "buffer_hours": format(line.buffer_hours, "f"), "price": amount(line.price),
            "cost": amount(line.cost) if costs else None,
            "target_margin_percent": format(line.target_margin_percent, "f") if costs else None,
        } for line in proposal.lines],
        "signed_by": proposal.signed_by, "signed_at": proposal.signed_at.isoformat() if proposal.signed_at else None,
        "work_order_id": str(proposal.work_order_id) if proposal.work_order_id else None,
        "allowed_actions": proposal.allowed_actions(actor),
    }
