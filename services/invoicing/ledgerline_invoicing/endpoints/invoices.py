"""Work in progress and invoices (being extended)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict, Envelope, Money, NotFound, Role, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_contracts.events import invoicing as events
from ledgerline_contracts.events.timetracking import TimeEntry, TimeEntryDeleted
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import handle_event, rpc

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.domain.invoices import InvoiceStatus
from ledgerline_invoicing.endpoints.common import price_book
from ledgerline_invoicing.views import money as _money

INVOICE_PREFIX = "INV"

DRAFTERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER}
INVOICE_READERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER, Role.BILLING, Role.CUSTOMER}
# Customers never see drafts.
CUSTOMER_VISIBLE = {InvoiceStatus.POSTED.value, InvoiceStatus.PAID.value}


class InvoiceEndpoints:
    # --- work in progress -------------------------------------------------------

    @handle_event("time_entry.recorded", "time_entry.updated")
    def on_time_entry(self, envelope: Envelope) -> None:
        entry = envelope.payload_as(TimeEntry)
        storage.work.apply_item(self.db.session, {
            "id": entry.entry_id, "org_id": envelope.org_id, "kind": "time", "version": entry.version,
            "user_id": entry.user_id, "user_name": entry.user_name, "account_id": entry.account_id,
            "matter_id": entry.matter_id, "activity_code": entry.activity_code,
            "work_date": entry.work_date, "minutes": entry.duration_minutes, "narrative": entry.narrative,
            "billable": entry.billable, "deleted": False,
        })

    @handle_event("time_entry.deleted")
    def on_time_entry_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(TimeEntryDeleted)
        # A tombstone, so a late "updated" with an older version cannot bring it back.
        storage.work.apply_item(self.db.session, {
            "id": gone.entry_id, "org_id": envelope.org_id, "kind": "time", "version": gone.version,
            "user_id": gone.user_id, "account_id": gone.account_id, "work_date": date.today(),
            "minutes": 0, "narrative": "", "billable": False, "deleted": True,
        })

    @rpc(allow=DRAFTERS | {Role.BILLING})
    def list_unbilled(self, actor: Actor, account_id: str) -> dict:
        account = storage.accounts.get_account(self.db.session, actor.org_id, inputs.parse_id(account_id, "account_id"))
        rows = storage.work.unbilled(self.db.session, actor.org_id, account.id)
        if not actor.sees_whole_org:
            rows = [r for r in rows if r.user_id in actor.overseen_user_ids]
        book = price_book(self.db.session, account)
        priced = [(r, book.time(user_id=r.user_id, activity_code=r.activity_code, minutes=r.minutes,
                                matter_id=r.matter_id)) for r in rows]
        return {
            "account_id": str(account.id),
            "items": [{"entry_id": str(r.id), "work_date": r.work_date.isoformat(),
                       "hours": format(domain.pricing.shown_hours(r.minutes), "f"), "narrative": r.narrative,
                       "amount": p.line.amount.model_dump(mode="json")} for r, p in priced],
            "total": domain.pricing.totals([(p.line.amount, p.line.tax) for _, p in priced], account.currency)
            .subtotal.model_dump(mode="json"),
        }

    # --- invoices ---------------------------------------------------------------

    @rpc(allow=DRAFTERS)
    def draft_invoice(self, actor: Actor, request: dict) -> dict:
        command = commands.DraftRequest.model_validate(request)
        session = self.db.session
        account = storage.accounts.get_account(session, actor.org_id, command.account_id)
        if not account.active:
            raise ValidationFailed("the account is inactive", "account_id")
        candidates = [
            r for r in storage.work.unbilled(session, actor.org_id, account.id, matter_id=command.matter_id,
                                             date_from=command.date_from, date_to=command.date_to)
            if r.user_id in actor.overseen_user_ids
        ]
        invoice_id = uuid4()
        storage.invoices.insert_invoice(session, {
            "id": invoice_id, "org_id": actor.org_id, "account_id": account.id, "matter_id": command.matter_id,
            "status": InvoiceStatus.DRAFT, "currency": account.currency, "subtotal": 0, "tax": 0, "total": 0,
            "created_by": actor.user_id,
        })
        claimed = storage.work.claim(session, invoice_id, [r.id for r in candidates])
        if not claimed:
            raise ValidationFailed("there is no unbilled billable work for this account", "account_id")
        book = price_book(session, account)
        lines = [(r, book.time(user_id=r.user_id, activity_code=r.activity_code, minutes=r.minutes,
                               matter_id=r.matter_id).line) for r in candidates if r.id in claimed]
        sums = domain.pricing.totals([(l.amount, l.tax) for _, l in lines], account.currency)
        storage.invoices.insert_lines(session, [
            {"id": uuid4(), "invoice_id": invoice_id, "position": i, "kind": "time", "source_id": r.id,
             "source_version": r.version, "description": r.narrative, "work_date": r.work_date,
             "quantity": domain.pricing.shown_hours(r.minutes), "unit_price": l.unit_price.amount,
             "amount": l.amount.amount, "tax": l.tax.amount}
            for i, (r, l) in enumerate(lines, start=1)
        ])
        storage.invoices.update_invoice(session, invoice_id, subtotal=sums.subtotal.amount, tax=sums.tax.amount,
                               total=sums.total.amount)
        self.db.record_event("invoice.drafted", actor.org_id, events.InvoiceDrafted(
            invoice_id=invoice_id, account_id=account.id, matter_id=command.matter_id,
            drafted_by=actor.user_id, items=events.InvoiceItems(time_entry_ids=sorted(claimed))))
        return self._invoice(actor, invoice_id)

    @rpc(allow={Role.PARTNER})
    def approve_invoice(self, actor: Actor, invoice_id: str) -> dict:
        invoice = storage.invoices.get_invoice(self.db.session, actor.org_id, inputs.parse_id(invoice_id, "invoice_id"),
                                      for_update=True)
        domain.invoices.require_status(invoice.status, {InvoiceStatus.DRAFT}, "approve")
        storage.invoices.update_invoice(self.db.session, invoice.id, status=InvoiceStatus.APPROVED,
                               approved_by=actor.user_id, approved_at=datetime.now(UTC))
        self.db.record_event("invoice.approved", actor.org_id, events.InvoiceApproved(
            invoice_id=invoice.id, account_id=invoice.account_id, approved_by=actor.user_id))
        return self._invoice(actor, invoice.id)

    @rpc(allow={Role.BILLING})
    def post_invoice(self, actor: Actor, invoice_id: str) -> dict:
        session = self.db.session
        invoice = storage.invoices.get_invoice(session, actor.org_id, inputs.parse_id(invoice_id, "invoice_id"), for_update=True)
        domain.invoices.require_status(invoice.status, {InvoiceStatus.APPROVED}, "post")
        stale = storage.invoices.stale_lines(session, invoice.id)
        if stale:
            raise Conflict(f"{len(stale)} line(s) changed after drafting; reconcile the draft before posting")
        account = storage.accounts.get_account(session, actor.org_id, invoice.account_id)
        issued = date.today()
        number = domain.invoices.invoice_number(INVOICE_PREFIX, issued.year,
                                       storage.invoices.next_invoice_number(session, actor.org_id, issued.year))
        due = domain.invoices.due_date(issued, account.payment_terms_days)
        storage.invoices.update_invoice(session, invoice.id, status=InvoiceStatus.POSTED, number=number,
                               issue_date=issued, due_date=due, posted_by=actor.user_id,
                               posted_at=datetime.now(UTC))
        storage.audit.record(session, actor, "post", "invoice", invoice.id,
                             {"number": number, "total": format(invoice.total, "f")})
        currency = invoice.currency
        self.db.record_event("invoice.posted", actor.org_id, events.InvoicePosted(
            invoice_id=invoice.id, number=number, account_id=account.id, account_name=account.name,
            billing_email=account.billing_email, issue_date=issued, due_date=due,
            subtotal=Money(amount=invoice.subtotal, currency=currency).rounded(),
            tax=Money(amount=invoice.tax, currency=currency).rounded(),
            total=Money(amount=invoice.total, currency=currency).rounded(),
            items=events.InvoiceItems(time_entry_ids=storage.invoices.claimed_items(session, invoice.id))))
        return self._invoice(actor, invoice.id)

    @rpc(allow={Role.BILLING})
    def record_payment(self, actor: Actor, invoice_id: str, payment: dict) -> dict:
        command = commands.PaymentRequest.model_validate(payment)
        session = self.db.session
        # The invoice row lock serializes payments on one invoice, so a repeated
        # idempotency key always finds the first payment.
        invoice = storage.invoices.get_invoice(session, actor.org_id, inputs.parse_id(invoice_id, "invoice_id"), for_update=True)
        if command.idempotency_key:
            earlier = storage.invoices.payment_by_key(session, actor.org_id, command.idempotency_key)
            if earlier is not None:
                if earlier.invoice_id != invoice.id:
                    raise Conflict("this idempotency key was used for another invoice")
                return self._invoice(actor, invoice.id)
        domain.invoices.require_status(invoice.status, {InvoiceStatus.POSTED}, "record a payment on")
        currency = invoice.currency
        balance = Money(amount=invoice.total - invoice.amount_paid, currency=currency)
        amount = Money(amount=command.amount, currency=currency)
        if amount != amount.rounded():
            raise ValidationFailed(f"amount has more decimals than {currency} allows", "amount")
        remaining = domain.invoices.balance_after_payment(balance, amount)
        payment_id = uuid4()
        storage.invoices.insert_payment(session, {
            "id": payment_id, "org_id": actor.org_id, "invoice_id": invoice.id, "amount": amount.amount,
            "currency": currency, "received_on": command.received_on, "method": command.method,
            "reference": command.reference, "idempotency_key": command.idempotency_key,
            "recorded_by": actor.user_id})
        paid_in_full = remaining.is_zero()
        storage.invoices.update_invoice(session, invoice.id, amount_paid=invoice.amount_paid + amount.amount,
                               **({"status": InvoiceStatus.PAID, "paid_on": command.received_on}
                                  if paid_in_full else {}))
        storage.audit.record(session, actor, "payment", "invoice", invoice.id, {"payment_id": str(payment_id), "amount": str(amount), "method": command.method,
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
        rows, total = storage.invoices.list_invoices(self.db.session, actor.org_id, account_id=account, statuses=statuses,
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
        invoice = storage.invoices.get_invoice(session, actor.org_id, invoice_id)
        if not self._may_see(actor, invoice):
            raise NotFound("no such invoice", "invoice_id")
        account = storage.accounts.get_account(session, actor.org_id, invoice.account_id)
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
            } for line in storage.invoices.lines_of(session, invoice.id)],
            "payments": [{
                "id": str(p.id), "amount": _money(p.amount, currency), "received_on": p.received_on.isoformat(),
                "method": p.method, "reference": p.reference,
            } for p in storage.invoices.payments_of(session, invoice.id)],
        }
        return view
