"""Billing runs, each account's place in one, the ledger of billed periods, and what the
pre-flight review reads."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_invoicing.domain.billing_runs import AccountStatus, RunStatus
from ledgerline_invoicing.storage.tables import (
    accounts, agreement_lines, agreements, billed_periods, billing_run_accounts, billing_runs, catalog_items,
    invoices, work_items,
)


def run_for_period(session: Session, org_id: UUID, period: str) -> UUID | None:
    return session.execute(select(billing_runs.c.id).where(billing_runs.c.org_id == org_id,
                                                           billing_runs.c.period == period)).scalar()


def insert_run(session: Session, values: dict) -> bool:
    """False when the month already has a run (two starts at once: the unique constraint picks one)."""
    return bool(session.execute(pg_insert(billing_runs).values(**values).on_conflict_do_nothing()
                                .returning(billing_runs.c.id)).first())


def get_run(session: Session, org_id: UUID, run_id: UUID, *, for_update: bool = False):
    """The run; ``for_update`` locks it against another completion check (FOR NO KEY UPDATE, so
    the key-share locks taken by rows referring to the run, like the ledger's, do not deadlock)."""
    query = select(billing_runs).where(billing_runs.c.org_id == org_id, billing_runs.c.id == run_id)
    if for_update:
        query = query.with_for_update(key_share=True)
    row = session.execute(query).first()
    if row is None:
        raise NotFound("no such billing run", "run_id")
    return row


def list_runs(session: Session, org_id: UUID, *, limit: int, offset: int) -> tuple[list, int]:
    query = select(billing_runs).where(billing_runs.c.org_id == org_id)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    return session.execute(query.order_by(billing_runs.c.period.desc()).limit(limit).offset(offset)).all(), total


def accounts_due(session: Session, org_id: UUID, period_start: date, period_end: date) -> list[UUID]:
    """Active accounts with an agreement line running in the period, or unbilled billable work dated
    in it or before (older work is left out of the draft but shown by the review)."""
    with_lines = (select(agreements.c.account_id)
                  .join(agreement_lines, agreement_lines.c.agreement_id == agreements.c.id)
                  .where(agreements.c.org_id == org_id, agreement_lines.c.start_date <= period_end,
                         or_(agreement_lines.c.end_date.is_(None), agreement_lines.c.end_date >= period_start)))
    with_work = select(work_items.c.account_id).where(
        work_items.c.org_id == org_id, work_items.c.invoice_id.is_(None), work_items.c.deleted.is_(False),
        work_items.c.billable.is_(True), work_items.c.work_date <= period_end)
    return list(session.execute(
        select(accounts.c.id).where(accounts.c.org_id == org_id, accounts.c.active.is_(True),
                                    or_(accounts.c.id.in_(with_lines), accounts.c.id.in_(with_work)))
        .order_by(accounts.c.name)).scalars())


def add_accounts(session: Session, run_id: UUID, account_ids: list[UUID]) -> None:
    if account_ids:
        session.execute(insert(billing_run_accounts), [
            {"run_id": run_id, "account_id": account_id, "status": AccountStatus.PENDING}
            for account_id in account_ids])


def lock_account(session: Session, run_id: UUID, account_id: UUID):
    """The account's row in the run, locked: two replicas handed the same account take turns,
    and the second finds it done."""
    return session.execute(select(billing_run_accounts).where(
        billing_run_accounts.c.run_id == run_id, billing_run_accounts.c.account_id == account_id)
        .with_for_update()).first()


def finish_account(session: Session, run_id: UUID, account_id: UUID, status: AccountStatus,
                   invoice_id: UUID | None = None, reason: str | None = None) -> None:
    session.execute(update(billing_run_accounts).where(
        billing_run_accounts.c.run_id == run_id, billing_run_accounts.c.account_id == account_id)
        .values(status=status, invoice_id=invoice_id, reason=reason, updated_at=func.now()))


def unfinished(session: Session, run_id: UUID) -> list[UUID]:
    """Accounts a resume hands out again: pending ones (a message lost with a replica), those set
    aside (the cause may be fixed now) and those whose draft was deleted or invoice voided since
    (their periods and work are billable again)."""
    thrown_away = select(invoices.c.id).where(invoices.c.status.in_(["deleted", "voided"]))
    return list(session.execute(select(billing_run_accounts.c.account_id).where(
        billing_run_accounts.c.run_id == run_id,
        or_(billing_run_accounts.c.status.in_([AccountStatus.PENDING, AccountStatus.SET_ASIDE]),
            billing_run_accounts.c.invoice_id.in_(thrown_away)))).scalars())


def reopen(session: Session, run_id: UUID, account_ids: list[UUID]) -> None:
    if account_ids:
        session.execute(update(billing_run_accounts).where(
            billing_run_accounts.c.run_id == run_id, billing_run_accounts.c.account_id.in_(account_ids))
            .values(status=AccountStatus.PENDING, invoice_id=None, reason=None, updated_at=func.now()))
        session.execute(update(billing_runs).where(billing_runs.c.id == run_id)
                        .values(status=RunStatus.RUNNING, completed_at=None))


def run_accounts(session: Session, run_id: UUID) -> list:
    return session.execute(
        select(billing_run_accounts, accounts.c.name.label("account_name"))
        .join(accounts, accounts.c.id == billing_run_accounts.c.account_id)
        .where(billing_run_accounts.c.run_id == run_id).order_by(accounts.c.name)).all()


def complete(session: Session, run_id: UUID) -> None:
    session.execute(update(billing_runs).where(billing_runs.c.id == run_id)
                    .values(status=RunStatus.COMPLETED, completed_at=func.now()))


# --- the ledger of billed periods ----------------------------------------------------------------

def billed(session: Session, line_ids: list[UUID]) -> set[tuple[UUID, date]]:
    if not line_ids:
        return set()
    return {(r.line_id, r.period_start) for r in session.execute(
        select(billed_periods.c.line_id, billed_periods.c.period_start)
        .where(billed_periods.c.line_id.in_(line_ids)))}


def enter(session: Session, org_id: UUID, invoice_id: UUID, run_id: UUID | None,
          periods: list[tuple[UUID, date]]) -> set[tuple[UUID, date]]:
    """Enter these (line, period start) in the ledger for the invoice; returns those this call
    entered. One already there — or entered by a transaction running at the same time, which this
    insert waits for — is not returned: that period is billed elsewhere."""
    if not periods:
        return set()
    rows = session.execute(
        pg_insert(billed_periods).values([{"line_id": line_id, "period_start": start, "org_id": org_id,
                                           "invoice_id": invoice_id, "run_id": run_id}
                                          for line_id, start in periods])
        .on_conflict_do_nothing().returning(billed_periods.c.line_id, billed_periods.c.period_start)).all()
    return {(r.line_id, r.period_start) for r in rows}


# --- what the review reads ---------------------------------------------------------------------

def previous_totals(session: Session, org_id: UUID, account_id: UUID, before: UUID) -> list:
    """The account's last three posted invoices' totals, newest first (the draft itself excluded)."""
    return list(session.execute(
        select(invoices.c.total).where(invoices.c.org_id == org_id, invoices.c.account_id == account_id,
                                       invoices.c.id != before, invoices.c.posted_at.is_not(None),
                                       invoices.c.status.in_(["posted", "paid", "credited"]))
        .order_by(invoices.c.posted_at.desc()).limit(3)).scalars())


def older_unbilled(session: Session, org_id: UUID, account_id: UUID, before: date) -> tuple[int, date | None]:
    row = session.execute(select(func.count(), func.min(work_items.c.work_date)).where(
        work_items.c.org_id == org_id, work_items.c.account_id == account_id, work_items.c.invoice_id.is_(None),
        work_items.c.deleted.is_(False), work_items.c.billable.is_(True), work_items.c.work_date < before)).one()
    return row[0], row[1]


def overdue(session: Session, org_id: UUID, account_id: UUID, today: date):
    """Count, amount owed and oldest due date of the account's posted invoices past due."""
    owed = invoices.c.total - invoices.c.amount_paid - invoices.c.credited
    return session.execute(select(func.count(), func.coalesce(func.sum(owed), 0), func.min(invoices.c.due_date)).where(
        invoices.c.org_id == org_id, invoices.c.account_id == account_id, invoices.c.status == "posted",
        invoices.c.due_date < today, owed > 0)).one()


def catalog_of(session: Session, org_id: UUID, item_ids: set[UUID]) -> dict:
    if not item_ids:
        return {}
    return {r.id: r for r in session.execute(select(catalog_items).where(
        catalog_items.c.org_id == org_id, catalog_items.c.id.in_(item_ids)))}


def release_periods(session: Session, invoice_id: UUID) -> None:
    """The periods a deleted or voided invoice billed can be billed again (by resuming the run)."""
    session.execute(billed_periods.delete().where(billed_periods.c.invoice_id == invoice_id))
