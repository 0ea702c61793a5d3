"""Loading and saving the Proposal aggregate; its line items are kept with it, as written."""

from __future__ import annotations

from dataclasses import asdict, fields
from decimal import Decimal
from uuid import UUID

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound

from ledgerline_workorders.domain.proposal import Proposal, ProposalStatus
from ledgerline_workorders.domain.work_order import LineItem, LineStatus, Pricing
from ledgerline_workorders.storage.common import jsonable, upsert
from ledgerline_workorders.storage.tables import proposals

DECIMALS = ("production_hours", "transport_hours", "buffer_hours", "cost", "price", "target_margin_percent")


def _line_from(raw: dict) -> LineItem:
    return LineItem(**{**raw, **{name: Decimal(raw[name]) for name in DECIMALS}, "id": UUID(raw["id"]),
                       "pricing_method": Pricing(raw["pricing_method"]), "status": LineStatus(raw["status"])})


def _from(row) -> Proposal:
    own = {f.name for f in fields(Proposal)} - {"lines", "status", "_events"}
    return Proposal(**{name: getattr(row, name) for name in own}, status=ProposalStatus(row.status),
                    lines=[_line_from(raw) for raw in row.lines])


def save(session: Session, proposal: Proposal) -> None:
    own = {f.name for f in fields(Proposal)} - {"lines", "status", "_events"}
    upsert(session, proposals, [{**{name: getattr(proposal, name) for name in own}, "status": proposal.status.value,
                                 "lines": jsonable([asdict(line) for line in proposal.lines])}])


def load(session: Session, org_id: UUID, proposal_id: UUID, *, for_update: bool = False) -> Proposal:
    query = select(proposals).where(proposals.c.org_id == org_id, proposals.c.id == proposal_id)
    row = session.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFound("no such proposal", "proposal_id")
    return _from(row)


def list_proposals(session: Session, org_id: UUID, *, limit: int, offset: int, status: str | None = None,
                   account_id: UUID | None = None) -> tuple[list[Proposal], int]:
    conditions = [proposals.c.org_id == org_id]
    if status is not None:
        conditions.append(proposals.c.status == status)
    if account_id is not None:
        conditions.append(proposals.c.account_id == account_id)
    where = and_(*conditions)
    total = session.execute(select(func.count()).select_from(proposals).where(where)).scalar_one()
    rows = session.execute(select(proposals).where(where).order_by(proposals.c.created_at.desc(), proposals.c.id)
                           .limit(limit).offset(offset)).all()
    return [_from(row) for row in rows], total
