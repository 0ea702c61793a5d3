"""Agreements and their recurring lines."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_invoicing.domain.agreements import Agreement, AgreementLine, AgreementStatus
from ledgerline_invoicing.storage.tables import accounts, agreement_lines, agreements, billed_periods

LINE_COLUMNS = ("description", "catalog_item_id", "quantity", "unit_price", "cycle", "timing", "start_date",
                "end_date", "position")


def _line(row) -> AgreementLine:
    return AgreementLine(id=row.id, **{name: getattr(row, name) for name in LINE_COLUMNS})


def lines_of(session: Session, agreement_ids: list[UUID]) -> dict[UUID, list[AgreementLine]]:
    found: dict[UUID, list[AgreementLine]] = {agreement_id: [] for agreement_id in agreement_ids}
    if agreement_ids:
        for row in session.execute(select(agreement_lines).where(agreement_lines.c.agreement_id.in_(agreement_ids))
                                   .order_by(agreement_lines.c.position)):
            found[row.agreement_id].append(_line(row))
    return found


def _agreement(row, lines: list[AgreementLine]) -> Agreement:
    return Agreement(id=row.id, org_id=row.org_id, account_id=row.account_id, name=row.name,
                     status=AgreementStatus(row.status), currency=row.currency, lines=lines, version=row.version,
                     created_at=row.created_at)


def _with_currency():
    return select(agreements, accounts.c.currency, accounts.c.name.label("account_name")).join(
        accounts, accounts.c.id == agreements.c.account_id)


def load(session: Session, org_id: UUID, agreement_id: UUID, *, for_update: bool = False) -> Agreement:
    query = _with_currency().where(agreements.c.org_id == org_id, agreements.c.id == agreement_id)
    if for_update:
        query = query.with_for_update(of=agreements)
    row = session.execute(query).first()
    if row is None:
        raise NotFound("no such agreement", "agreement_id")
    return _agreement(row, lines_of(session, [row.id])[row.id])


def insert_agreement(session: Session, agreement: Agreement, created_by: UUID) -> None:
    session.execute(insert(agreements).values(
        id=agreement.id, org_id=agreement.org_id, account_id=agreement.account_id, name=agreement.name,
        status=agreement.status, version=agreement.version, created_by=created_by))
    _insert_lines(session, agreement.id, agreement.lines)


def _insert_lines(session: Session, agreement_id: UUID, lines: list[AgreementLine]) -> None:
    if lines:
        session.execute(insert(agreement_lines), [
            {"id": line.id, "agreement_id": agreement_id, **{name: getattr(line, name) for name in LINE_COLUMNS}}
            for line in lines])


def save(session: Session, agreement: Agreement) -> None:
    """Write the agreement and its lines as they are now: existing lines updated, new ones inserted,
    removed ones deleted (only unbilled lines can be removed: the aggregate checks)."""
    session.execute(update(agreements).where(agreements.c.id == agreement.id).values(
        name=agreement.name, status=agreement.status, version=agreement.version))
    if agreement.removed_lines:
        session.execute(delete(agreement_lines).where(agreement_lines.c.id.in_(agreement.removed_lines)))
    existing = set(session.execute(select(agreement_lines.c.id).where(
        agreement_lines.c.agreement_id == agreement.id)).scalars())
    for line in agreement.lines:
        if line.id in existing:
            session.execute(update(agreement_lines).where(agreement_lines.c.id == line.id).values(
                **{name: getattr(line, name) for name in LINE_COLUMNS}))
    _insert_lines(session, agreement.id, [line for line in agreement.lines if line.id not in existing])
    agreement.removed_lines = []


def billed_line_ids(session: Session, agreement_id: UUID) -> set[UUID]:
    return set(session.execute(
        select(agreement_lines.c.id).where(agreement_lines.c.agreement_id == agreement_id,
                                           exists().where(billed_periods.c.line_id == agreement_lines.c.id))
    ).scalars())


def list_agreements(session: Session, org_id: UUID, *, account_id: UUID | None, include_ended: bool, limit: int,
                    offset: int) -> tuple[list[tuple[Agreement, str]], int]:
    query = _with_currency().where(agreements.c.org_id == org_id)
    if account_id:
        query = query.where(agreements.c.account_id == account_id)
    if not include_ended:
        query = query.where(agreements.c.status == AgreementStatus.ACTIVE)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(accounts.c.name, agreements.c.created_at, agreements.c.id)
                           .limit(limit).offset(offset)).all()
    lines = lines_of(session, [row.id for row in rows])
    return [(_agreement(row, lines[row.id]), row.account_name) for row in rows], total


def account_lines(session: Session, org_id: UUID, account_id: UUID) -> list[AgreementLine]:
    """Every line of the account's agreements, ended or not (an ended line may still owe arrears)."""
    rows = session.execute(
        select(agreement_lines).join(agreements, agreements.c.id == agreement_lines.c.agreement_id)
        .where(agreements.c.org_id == org_id, agreements.c.account_id == account_id)
        .order_by(agreements.c.created_at, agreements.c.id, agreement_lines.c.position)).all()
    return [_line(row) for row in rows]


def lines_by_id(session: Session, line_ids: list[UUID]) -> list[AgreementLine]:
    if not line_ids:
        return []
    return [_line(row) for row in session.execute(select(agreement_lines).where(agreement_lines.c.id.in_(line_ids)))]


class AgreementRepository:
    """Agreements as the use cases load and save them (the unit of work's ``agreements``)."""

    def __init__(self, db):
        self.db = db

    def get(self, org_id: UUID, agreement_id: UUID) -> Agreement:
        return load(self.db.session, org_id, agreement_id, for_update=True)

    def add(self, agreement: Agreement, created_by: UUID) -> None:
        insert_agreement(self.db.session, agreement, created_by)

    def save(self, agreement: Agreement) -> None:
        save(self.db.session, agreement)

    def billed_line_ids(self, agreement_id: UUID) -> set[UUID]:
        return billed_line_ids(self.db.session, agreement_id)
