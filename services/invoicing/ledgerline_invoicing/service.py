"""The invoicing service's entrypoints: thin, the rules live in ``domain``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict, Envelope, Money, NotFound, Role, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_contracts.events import invoicing as events
from ledgerline_contracts.events.timetracking import TimeEntry, TimeEntryDeleted
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import STAFF, handle_event, rpc
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.domain import InvoiceStatus

INVOICE_PREFIX = "INV"

DRAFTERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER}
INVOICE_READERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER, Role.BILLING, Role.CUSTOMER}
# Customers never see drafts.
CUSTOMER_VISIBLE = {InvoiceStatus.POSTED.value, InvoiceStatus.PAID.value}


def account_view(row) -> dict:
    return {
        "id": str(row.id), "name": row.name, "billing_email": row.billing_email,
        "currency": row.currency, "payment_terms_days": row.payment_terms_days,
        "tax_rate": format(row.tax_rate, "f"), "tax_id": row.tax_id, "address": row.address,
        "hourly_rate": Money(amount=row.hourly_rate, currency=row.currency).rounded().model_dump(mode="json"),
        "active": row.active, "version": row.version,
    }


def account_event(row) -> events.Account:
    return events.Account(
        account_id=row.id, version=row.version, name=row.name, billing_email=row.billing_email,
        currency=row.currency, payment_terms_days=row.payment_terms_days, tax_rate=row.tax_rate,
        tax_id=row.tax_id, address=row.address, active=row.active)


def _money(amount, currency: str) -> dict:
    return Money(amount=amount, currency=currency).rounded().model_dump(mode="json")


class InvoicingService(LedgerlineService):
    name = "invoicing"

    # --- accounts -------------------------------------------------------------

    @rpc(allow={Role.BILLING})
    def create_account(self, actor: Actor, account: dict) -> dict:
        command = commands.NewAccount.model_validate(account)
        session = self.db.session
        if storage.account_name_taken(session, actor.org_id, command.name):
            raise ValidationFailed(f"an account named {command.name!r} already exists", "name")
        values = {"id": uuid4(), "org_id": actor.org_id, "version": 1, "active": True,
                  **command.model_dump()}
        storage.insert_account(session, values)
        row = storage.get_account(session, actor.org_id, values["id"])
        self.db.record_event("account.created", actor.org_id, account_event(row))
        return account_view(row)

    @rpc(allow=STAFF | {Role.CUSTOMER})
    def get_account(self, actor: Actor, account_id: str) -> dict:
        account_id = inputs.parse_id(account_id, "account_id")
        if actor.is_customer and account_id != actor.account_id:
            raise NotFound("no such account", "account_id")
        return account_view(storage.get_account(self.db.session, actor.org_id, account_id))

    @rpc(allow=STAFF)
    def list_accounts(self, actor: Actor, limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        rows, total = storage.list_accounts(self.db.session, actor.org_id, limit=limit, offset=offset)
        return inputs.paged([account_view(r) for r in rows], total, limit, offset)

    # --- work in progress -------------------------------------------------------

    @handle_event("time_entry.recorded", "time_entry.updated")
    def on_time_entry(self, envelope: Envelope) -> None:
        entry = envelope.payload_as(TimeEntry)
        storage.apply_work_item(self.db.session, {
            "id": entry.entry_id, "org_id": envelope.org_id, "kind": "time", "version": entry.version,
            "user_id": entry.user_id, "account_id": entry.account_id, "matter_id": entry.matter_id,
            "work_date": entry.work_date, "minutes": entry.duration_minutes, "narrative": entry.narrative,
            "billable": entry.billable, "deleted": False,
        })

    @handle_event("time_entry.deleted")
    def on_time_entry_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(TimeEntryDeleted)
        # A tombstone, so a late "updated" with an older version cannot bring it back.
        storage.apply_work_item(self.db.session, {
            "id": gone.entry_id, "org_id": envelope.org_id, "kind": "time", "version": gone.version,
            "user_id": gone.user_id, "account_id": gone.account_id, "work_date": date.today(),
            "minutes": 0, "narrative": "", "billable": False, "deleted": True,
        })

    @rpc(allow=DRAFTERS | {Role.BILLING})
    def list_unbilled(self, actor: Actor, account_id: str) -> dict:
        account = storage.get_account(self.db.session, actor.org_id, inputs.parse_id(account_id, "account_id"))
        rows = storage.unbilled_work(self.db.session, actor.org_id, account.id)
        if not actor.sees_whole_org:
            rows = [r for r in rows if r.user_id in actor.overseen_user_ids]
        rate = Money(amount=account.hourly_rate, currency=account.currency)
        lines = [domain.time_line(self._unbilled(r), rate, account.tax_rate) for r in rows]
        return {
            "account_id": str(account.id),
            "items": [{"entry_id": str(l.source_id), "work_date": l.work_date.isoformat(),
                       "hours": format(l.quantity, "f"), "narrative": l.description,
                       "amount": l.amount.model_dump(mode="json")} for l in lines],
            "total": domain.totals([(l.amount, l.tax) for l in lines], account.currency).subtotal
            .model_dump(mode="json"),
        }

    @staticmethod
    def _unbilled(row) -> domain.UnbilledTime:
        return domain.UnbilledTime(entry_id=row.id, version=row.version, user_id=row.user_id,
                                   work_date=row.work_date, minutes=row.minutes, narrative=row.narrative)

    # --- invoices ---------------------------------------------------------------

    @rpc(allow=DRAFTERS)
    def draft_invoice(self, actor: Actor, request: dict) -> dict:
        command = commands.DraftRequest.model_validate(request)
        session = self.db.session
        account = storage.get_account(session, actor.org_id, command.account_id)
        if not account.active:
            raise ValidationFailed("the account is inactive", "account_id")
        candidates = [
            r for r in storage.unbilled_work(session, actor.org_id, account.id, matter_id=command.matter_id,
                                             date_from=command.date_from, date_to=command.date_to)
            if r.user_id in actor.overseen_user_ids
        ]
        invoice_id = uuid4()
        storage.insert_invoice(session, {
            "id": invoice_id, "org_id": actor.org_id, "account_id": account.id, "matter_id": command.matter_id,
            "status": InvoiceStatus.DRAFT, "currency": account.currency, "subtotal": 0, "tax": 0, "total": 0,
            "created_by": actor.user_id,
        })
        claimed = storage.claim_work(session, invoice_id, [r.id for r in candidates])
        if not claimed:
            raise ValidationFailed("there is no unbilled billable work for this account", "account_id")
        rate = Money(amount=account.hourly_rate, currency=account.currency)
        lines = [domain.time_line(self._unbilled(r), rate, account.tax_rate)
                 for r in candidates if r.id in claimed]
        sums = domain.totals([(l.amount, l.tax) for l in lines], account.currency)
        storage.insert_lines(session, [
            {"id": uuid4(), "invoice_id": invoice_id, "position": i, "kind": "time", "source_id": l.source_id,
             "source_version": l.source_version, "description": l.description, "work_date": l.work_date,
             "quantity": l.quantity, "unit_price": l.unit_price.amount, "amount": l.amount.amount,
             "tax": l.tax.amount}
            for i, l in enumerate(lines, start=1)
        ])
        storage.update_invoice(session, invoice_id, subtotal=sums.subtotal.amount, tax=sums.tax.amount,
                               total=sums.total.amount)
        self.db.record_event("invoice.drafted", actor.org_id, events.InvoiceDrafted(
            invoice_id=invoice_id, account_id=account.id, matter_id=command.matter_id,
            drafted_by=actor.user_id, items=events.InvoiceItems(time_entry_ids=sorted(claimed))))
        return self._invoice(actor, invoice_id)

    @rpc(allow={Role.PARTNER})
    def approve_invoice(self, actor: Actor, invoice_id: str) -> dict:
        invoice = storage.get_invoice(self.db.session, actor.org_id, inputs.parse_id(invoice_id, "invoice_id"),
                                      for_update=True)
        domain.require_status(invoice.status, {InvoiceStatus.DRAFT}, "approve")
        storage.update_invoice(self.db.session, invoice.id, status=InvoiceStatus.APPROVED,
                               approved_by=actor.user_id, approved_at=datetime.now(UTC))
        self.db.record_event("invoice.approved", actor.org_id, events.InvoiceApproved(
            invoice_id=invoice.id, account_id=invoice.account_id, approved_by=actor.user_id))
        return self._invoice(actor, invoice.id)

    @rpc(allow={Role.BILLING})
    def post_invoice(self, actor: Actor, invoice_id: str) -> dict:
        session = self.db.session
        invoice = storage.get_invoice(session, actor.org_id, inputs.parse_id(invoice_id, "invoice_id"), for_update=True)
        domain.require_status(invoice.status, {InvoiceStatus.APPROVED}, "post")
        stale = storage.stale_lines(session, invoice.id)
        if stale:
            raise Conflict(f"{len(stale)} line(s) changed after drafting; reconcile the draft before posting")
        account = storage.get_account(session, actor.org_id, invoice.account_id)
        issued = date.today()
        number = domain.invoice_number(INVOICE_PREFIX, issued.year,
                                       storage.next_invoice_number(session, actor.org_id, issued.year))
        due = domain.due_date(issued, account.payment_terms_days)
        storage.update_invoice(session, invoice.id, status=InvoiceStatus.POSTED, number=number,
                               issue_date=issued, due_date=due, posted_by=actor.user_id,
                               posted_at=datetime.now(UTC))
        storage.audit(session, org_id=actor.org_id, actor_id=actor.user_id, action="post", entity="invoice",
                      entity_id=invoice.id, details={"number": number, "total": format(invoice.total, "f")})
        currency = invoice.currency
        self.db.record_event("invoice.posted", actor.org_id, events.InvoicePosted(
            invoice_id=invoice.id, number=number, account_id=account.id, account_name=account.name,
            billing_email=account.billing_email, issue_date=issued, due_date=due,
            subtotal=Money(amount=invoice.subtotal, currency=currency).rounded(),
            tax=Money(amount=invoice.tax, currency=currency).rounded(),
            total=Money(amount=invoice.total, currency=currency).rounded(),
            items=events.InvoiceItems(time_entry_ids=storage.claimed_items(session, invoice.id))))
        return self._invoice(actor, invoice.id)

    @rpc(allow={Role.BILLING})
    def record_payment(self, actor: Actor, invoice_id: str, payment: dict) -> dict:
        command = commands.PaymentRequest.model_validate(payment)
        session = self.db.session
        # The invoice row lock serializes payments on one invoice, so a repeated
        # idempotency key always finds the first payment.
        invoice = storage.get_invoice(session, actor.org_id, inputs.parse_id(invoice_id, "invoice_id"), for_update=True)
        if command.idempotency_key:
            earlier = storage.payment_by_key(session, actor.org_id, command.idempotency_key)
            if earlier is not None:
                if earlier.invoice_id != invoice.id:
                    raise Conflict("this idempotency key was used for another invoice")
                return self._invoice(actor, invoice.id)
        domain.require_status(invoice.status, {InvoiceStatus.POSTED}, "record a payment on")
        currency = invoice.currency
        balance = Money(amount=invoice.total - invoice.amount_paid, currency=currency)
        amount = Money(amount=command.amount, currency=currency)
        if amount != amount.rounded():
            raise ValidationFailed(f"amount has more decimals than {currency} allows", "amount")
        remaining = domain.balance_after_payment(balance, amount)
        payment_id = uuid4()
        storage.insert_payment(session, {
            "id": payment_id, "org_id": actor.org_id, "invoice_id": invoice.id, "amount": amount.amount,
            "currency": currency, "received_on": command.received_on, "method": command.method,
            "reference": command.reference, "idempotency_key": command.idempotency_key,
            "recorded_by": actor.user_id})
        paid_in_full = remaining.is_zero()
        storage.update_invoice(session, invoice.id, amount_paid=invoice.amount_paid + amount.amount,
                               **({"status": InvoiceStatus.PAID, "paid_on": command.received_on}
                                  if paid_in_full else {}))
        storage.audit(session, org_id=actor.org_id, actor_id=actor.user_id, action="payment",
                      entity="invoice", entity_id=invoice.id,
                      details={"payment_id": str(payment_id), "amount": str(amount), "method": command.method,
                               "reference": command.reference})
        self.db.record_event("payment.recorded", actor.org_id, events.PaymentRecorded(
            payment_id=payment_id, invoice_id=invoice.id, invoice_number=invoice.number,
            account_id=invoice.account_id, amount=amount, received_on=command.received_on,
            method=command.method, reference=command.reference, balance=remaining))
        if paid_in_full:
            self.db.record_event("invoice.paid", actor.org_id, events.InvoicePaid(
                invoice_id=invoice.id, number=invoice.number, account_id=invoice.account_id,
                paid_on=command.received_on, total=Money(amount=invoice.total, currency=currency).rounded()))
        return self._invoice(actor, invoice.id)

    @rpc(allow=INVOICE_READERS)
    def get_invoice(self, actor: Actor, invoice_id: str) -> dict:
        return self._invoice(actor, inputs.parse_id(invoice_id, "invoice_id"))

    @rpc(allow=INVOICE_READERS)
    def list_invoices(self, actor: Actor, account_id: str | None = None, status: str | None = None,
                      limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        inputs.one_of(status, InvoiceStatus, "status")
        account = inputs.parse_id(account_id, "account_id") if account_id else None
        statuses = {status} if status else None
        created_by = None
        if actor.is_customer:
            if account and account != actor.account_id:
                return inputs.paged([], 0, limit, offset)
            account = actor.account_id
            statuses = (statuses or CUSTOMER_VISIBLE) & CUSTOMER_VISIBLE
        elif actor.role is Role.ASSOCIATE_PARTNER:
            created_by = set(actor.overseen_user_ids)
        rows, total = storage.list_invoices(self.db.session, actor.org_id, account_id=account, statuses=statuses,
                                            created_by=created_by, limit=limit, offset=offset)
        return inputs.paged([self._summary(r) for r in rows], total, limit, offset)

    # --- views --------------------------------------------------------------------

    @staticmethod
    def _may_see(actor: Actor, invoice) -> bool:
        if actor.role in (Role.PARTNER, Role.BILLING):
            return True
        if actor.is_customer:
            return invoice.account_id == actor.account_id and invoice.status in CUSTOMER_VISIBLE
        return invoice.created_by in actor.overseen_user_ids

    @staticmethod
    def _summary(row) -> dict:
        currency = row.currency
        return {
            "id": str(row.id), "number": row.number, "status": row.status,
            "account_id": str(row.account_id), "account_name": getattr(row, "account_name", None),
            "issue_date": row.issue_date.isoformat() if row.issue_date else None,
            "due_date": row.due_date.isoformat() if row.due_date else None,
            "total": _money(row.total, currency),
            "balance": _money(row.total - row.amount_paid, currency),
        }

    def _invoice(self, actor: Actor, invoice_id: UUID) -> dict:
        session = self.db.session
        invoice = storage.get_invoice(session, actor.org_id, invoice_id)
        if not self._may_see(actor, invoice):
            raise NotFound("no such invoice", "invoice_id")
        account = storage.get_account(session, actor.org_id, invoice.account_id)
        currency = invoice.currency
        view = self._summary(invoice) | {
            "account_name": account.name,
            "subtotal": _money(invoice.subtotal, currency),
            "tax": _money(invoice.tax, currency),
            "amount_paid": _money(invoice.amount_paid, currency),
            "lines": [{
                "position": line.position, "kind": line.kind, "description": line.description,
                "work_date": line.work_date.isoformat() if line.work_date else None,
                "quantity": format(line.quantity, "f"), "unit_price": _money(line.unit_price, currency),
                "amount": _money(line.amount, currency), "tax": _money(line.tax, currency),
            } for line in storage.lines_of(session, invoice.id)],
            "payments": [{
                "id": str(p.id), "amount": _money(p.amount, currency), "received_on": p.received_on.isoformat(),
                "method": p.method, "reference": p.reference,
            } for p in storage.payments_of(session, invoice.id)],
        }
        return view
