"""The monthly billing run: start it, draft each account (one message per account, shared by
invoicing's replicas), resume it, review its drafts, approve and post them in bulk
(docs/billing-runs.md)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict, LedgerlineError, Money
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_contracts.events.invoicing import BillingRunAccountDue
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.errors import is_transient
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain import review
from ledgerline_invoicing.domain.agreements import Charge, Period, parse_month
from ledgerline_invoicing.domain.billing_runs import (
    AccountStatus, RunCompleted, RunResumed, RunStarted, RunStatus, charges_due, not_yet_billed, progress,
    require_not_run, run_actor,
)
from ledgerline_invoicing.domain.invoice import Invoice, Line
from ledgerline_invoicing.domain.invoices import UNPOSTED
from ledgerline_invoicing.domain.pricing import line_tax_rate, price_line
from ledgerline_invoicing.use_cases import workflow
from ledgerline_invoicing.use_cases.drafting import claim_work


class _NothingLeft(Exception):
    """Every period and item this draft would bill was taken by another transaction meanwhile."""


# --- starting and resuming -------------------------------------------------------------------

def start_run(uow: SqlUnitOfWork, actor: Actor, command: commands.NewBillingRun) -> UUID:
    """The run for a month: every active account with an agreement line in the month or unbilled
    work is due, and handed out as one ``billing_run.account_due`` message each."""
    with uow:
        session = uow.session
        period = parse_month(command.period)
        require_not_run(command.period, storage.billing_runs.run_for_period(session, actor.org_id, command.period))
        run_id = uuid4()
        if not storage.billing_runs.insert_run(session, {
                "id": run_id, "org_id": actor.org_id, "period": command.period, "status": RunStatus.RUNNING,
                "started_by": actor.user_id, "started_by_name": actor.name}):
            # Another start for the same month committed first.
            require_not_run(command.period, storage.billing_runs.run_for_period(session, actor.org_id,
                                                                                command.period))
        due = storage.billing_runs.accounts_due(session, actor.org_id, period.start, period.end)
        storage.billing_runs.add_accounts(session, run_id, due)
        uow.record(RunStarted(run_id=run_id, period=command.period, by=actor, account_ids=tuple(due)))
        if not due:
            _complete_if_done(uow, actor.org_id, run_id)
        return run_id


def resume_run(uow: SqlUnitOfWork, actor: Actor, run_id) -> UUID:
    """Hand out again every account still pending (its message lost) or set aside (its cause may be
    fixed), and every account whose draft was deleted since: the ledger bills nothing twice."""
    with uow:
        session = uow.session
        run = storage.billing_runs.get_run(session, actor.org_id, inputs.parse_id(run_id, "run_id"))
        again = storage.billing_runs.unfinished(session, run.id)
        if not again:
            raise Conflict("every account of this run is drafted or had nothing due", "run_id")
        storage.billing_runs.reopen(session, run.id, again)
        uow.record(RunResumed(run_id=run.id, period=run.period, by=actor, account_ids=tuple(again)))
        return run.id


# --- one account -------------------------------------------------------------------------------

def bill_account(uow: SqlUnitOfWork, org_id: UUID, due: BillingRunAccountDue) -> None:
    """Draft one account of a run, once: a repeated or late message finds it done. A failure that
    is not transient sets the account aside with its reason; the run goes on."""
    with uow:
        session = uow.session
        place = storage.billing_runs.lock_account(session, due.run_id, due.account_id)
        if place is None or place.status != AccountStatus.PENDING:
            return
        run = storage.billing_runs.get_run(session, org_id, due.run_id)
        by = run_actor(org_id, run.started_by, run.started_by_name)
        invoice, reason = None, None
        savepoint = session.begin_nested()
        try:
            invoice = _draft(uow, by, due.account_id, parse_month(run.period), run.id)
        except _NothingLeft:
            savepoint.rollback()
        except Exception as failed:
            if is_transient(failed):
                raise
            savepoint.rollback()
            reason = _reason(failed)
        else:
            savepoint.commit()
        if reason is not None:
            storage.billing_runs.finish_account(session, run.id, due.account_id, AccountStatus.SET_ASIDE,
                                                reason=reason)
        elif invoice is not None:
            uow.collect(invoice)
            storage.billing_runs.finish_account(session, run.id, due.account_id, AccountStatus.DRAFTED,
                                                invoice_id=invoice.id)
        else:
            storage.billing_runs.finish_account(session, run.id, due.account_id, AccountStatus.NOTHING_DUE)
        _complete_if_done(uow, org_id, run.id)


def _reason(failed: Exception) -> str:
    if isinstance(failed, LedgerlineError):
        field = getattr(failed, "field", None)
        return f"{failed}" + (f" ({field})" if field else "")
    return f"unexpected error: {type(failed).__name__}: {failed}"


def recurring_line(charge: Charge, account, catalog: dict) -> Line:
    item = catalog.get(charge.catalog_item_id) if charge.catalog_item_id else None
    tax_rate = line_tax_rate(account.tax_rate, item.tax_rate if item is not None else None)
    priced = price_line(charge.quantity, Money(amount=charge.unit_price, currency=account.currency), tax_rate)
    return Line(id=uuid4(), kind="recurring", source_id=charge.line_id, description=charge.description,
                work_date=charge.covered.start, quantity=charge.quantity, unit_price=charge.unit_price,
                amount=priced.amount.amount, tax_rate=tax_rate, tax=priced.tax.amount,
                cost=item.unit_cost * charge.quantity if item is not None and item.currency == account.currency
                else None)


def _draft(uow: SqlUnitOfWork, by: Actor, account_id: UUID, period: Period, run_id: UUID) -> Invoice | None:
    """The account's draft for the period: agreement lines due (entered in the ledger first, so a
    period billed elsewhere is left out) and the period's unbilled work, claimed. None: nothing due."""
    session = uow.session
    account = storage.accounts.get_account(session, by.org_id, account_id)
    lines = storage.agreements.account_lines(session, by.org_id, account_id)
    charges = not_yet_billed(charges_due(lines, period), storage.billing_runs.billed(session, [l.id for l in lines]))
    candidates = storage.work.unbilled(session, by.org_id, account_id, date_from=period.start, date_to=period.end)
    if not charges and not candidates:
        return None
    invoice = Invoice.draft(by, account_id=account.id, account_active=account.active, currency=account.currency,
                            matter_id=None, matter_account_id=None, date_from=period.start, date_to=period.end)
    storage.aggregates.insert_invoice(session, invoice)
    entered = storage.billing_runs.enter(session, by.org_id, invoice.id, run_id,
                                         [(c.line_id, c.period.start) for c in charges])
    catalog = storage.catalog.items_by_id(session, by.org_id, {c.catalog_item_id for c in charges
                                                               if c.catalog_item_id})
    recurring = [recurring_line(c, account, catalog) for c in charges if (c.line_id, c.period.start) in entered]
    work, rows = claim_work(session, invoice.id, account, candidates)
    if not recurring and not work:
        raise _NothingLeft
    invoice.bill_period(by, recurring, work, rows)
    uow.invoices.save(invoice)
    return invoice


def _complete_if_done(uow: SqlUnitOfWork, org_id: UUID, run_id: UUID) -> None:
    """The run completes once no account is pending; its row lock makes the last two accounts,
    finishing at once on two replicas, complete it once."""
    session = uow.session
    run = storage.billing_runs.get_run(session, org_id, run_id, for_update=True)
    if run.status == RunStatus.COMPLETED:
        return
    done = progress(r.status for r in storage.billing_runs.run_accounts(session, run_id))
    if done.complete:
        storage.billing_runs.complete(session, run_id)
        uow.record(RunCompleted(run_id=run_id, org_id=org_id, period=run.period, progress=done))


# --- the pre-flight review ---------------------------------------------------------------------

def review_run(session, actor: Actor, run_id, jump_percent: Decimal) -> tuple:
    """(run, [(draft, account name, anomalies)]) for every unposted draft of the run, highest score first."""
    run = storage.billing_runs.get_run(session, actor.org_id, inputs.parse_id(run_id, "run_id"))
    period = parse_month(run.period)
    today = clock.today()
    reviewed = []
    for place in storage.billing_runs.run_accounts(session, run.id):
        if place.invoice_id is None:
            continue
        invoice = storage.aggregates.load_invoice(session, actor.org_id, place.invoice_id)
        if invoice.status not in UNPOSTED:
            continue
        billed_lines = storage.agreements.lines_by_id(
            session, [l.source_id for l in invoice.lines if l.kind == "recurring" and l.source_id])
        catalog = storage.billing_runs.catalog_of(session, actor.org_id,
                                                  {l.catalog_item_id for l in billed_lines if l.catalog_item_id})
        older, oldest = storage.billing_runs.older_unbilled(session, actor.org_id, invoice.account_id, period.start)
        overdue, owed, oldest_due = storage.billing_runs.overdue(session, actor.org_id, invoice.account_id, today)
        anomalies = [
            *review.zero_priced_lines(invoice.lines),
            *review.lines_without_rate(invoice.lines),
            *review.total_jump(invoice.total, storage.billing_runs.previous_totals(
                session, actor.org_id, invoice.account_id, invoice.id), jump_percent),
            *review.older_work_left_out(older, oldest, period.start),
            *review.no_catalog_price(billed_lines, invoice.currency, catalog),
            *review.overdue_invoices(overdue, owed, oldest_due),
        ]
        reviewed.append((invoice, place.account_name, anomalies))
    reviewed.sort(key=lambda r: (-review.score(r[2]), r[1]))
    return run, reviewed


# --- approving and posting in bulk -------------------------------------------------------------

def _in_bulk(uow: SqlUnitOfWork, actor: Actor, run_id, command: commands.DraftSelection, act) -> list:
    """Each selected draft of the run in turn, in a savepoint of its own: one refused (with its
    reason) leaves the others done."""
    session = uow.session
    run = storage.billing_runs.get_run(session, actor.org_id, inputs.parse_id(run_id, "run_id"))
    of_run = {p.invoice_id for p in storage.billing_runs.run_accounts(session, run.id) if p.invoice_id}
    outcomes = []
    for invoice_id in dict.fromkeys(command.invoice_ids):
        if invoice_id not in of_run:
            outcomes.append((invoice_id, "not a draft of this billing run"))
            continue
        savepoint = session.begin_nested()
        try:
            act(invoice_id)
        except LedgerlineError as refused:
            savepoint.rollback()
            outcomes.append((invoice_id, str(refused)))
        else:
            savepoint.commit()
            outcomes.append((invoice_id, None))
    return outcomes


def approve_drafts(uow: SqlUnitOfWork, actor: Actor, run_id, command: commands.DraftSelection) -> list:
    return _in_bulk(uow, actor, run_id, command, lambda invoice_id: workflow.approve_invoice(
        uow, actor, invoice_id, command.confirm_unpriced))


def post_drafts(uow: SqlUnitOfWork, actor: Actor, run_id, command: commands.DraftSelection) -> list:
    return _in_bulk(uow, actor, run_id, command, lambda invoice_id: workflow.post_invoice(
        uow, actor, invoice_id, command.confirm_unpriced))
