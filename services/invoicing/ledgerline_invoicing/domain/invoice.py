"""The Invoice aggregate: one invoice with its lines, payments, credit notes, dispute and notes.

Every change to an invoice goes through one method here, from drafting to voiding, which checks
its rules (refusing with the same errors callers have always seen) and records a domain event
(:mod:`ledgerline_invoicing.domain.events`). Nothing else sets an invoice's status.
:meth:`Invoice.allowed_actions` says what a caller may do next, from the same rules.

What only the database can guarantee stays in storage and is handed in as data or as a
function: which work a draft claimed (a conditional update), each line's state in the lock
handshake (``Line.state``), the next number of a gapless series (taken under the series' lock,
only once the rules pass) and giving work back to work in progress (``release``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict, Money, NotFound, PermissionDenied, Role, ValidationFailed

from ledgerline_invoicing.domain import events
from ledgerline_invoicing.domain.invoices import (
    TRACKED_WORK, UNPOSTED, WORK_ORDER_DRAFTER, Balance, InvoiceStatus, LineState, credit_tax_share,
    document_number, due_date, is_unpriced, may_edit_draft, may_see, postable_total, require_draft_total,
    require_received, require_status, require_unpriced_confirmed, require_up_to_date, still_belongs,
)
from ledgerline_invoicing.domain.pricing import price_line, totals

PAYMENTS_BLOCK_VOIDING = "an invoice with payments cannot be voided; credit what is still owed instead"


@dataclass
class Line:
    """An invoice line: a work item priced (``source_id``), or a manual line (a fee, a discount)."""

    id: UUID
    amount: Decimal
    tax: Decimal
    credit_note_id: UUID | None = None
    kind: str = "manual"
    rate_source: str | None = None
    # Where its work stands in the lock handshake (None: no timetracking work behind it).
    state: LineState | None = None
    position: int = 0
    description: str = ""
    narrative_override: str | None = None
    source_id: UUID | None = None
    source_version: int | None = None
    user_id: UUID | None = None
    work_date: date | None = None
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = Decimal(0)
    tax_rate: Decimal | None = None
    cost: Decimal | None = None

    @property
    def wording(self) -> str:
        return self.narrative_override or self.description

    @property
    def tracked(self) -> bool:
        """Whether it bills timetracking's work: that work is locked for the invoice (the lock
        handshake) and given back when the line goes. A work order's line items were signed off
        with the job and change no more; nothing locks them."""
        return self.kind in TRACKED_WORK


@dataclass(frozen=True)
class Customer:
    """What posting needs of the account: where the invoice goes and when it falls due."""

    name: str
    billing_email: str
    payment_terms_days: int


@dataclass(frozen=True)
class Payment:
    id: UUID
    amount: Money
    received_on: date
    method: str
    reference: str
    idempotency_key: str | None
    recorded_by: UUID


@dataclass(frozen=True)
class CreditNote:
    id: UUID
    number: str
    kind: str
    amount: Money  # tax included
    tax: Money
    reason: str
    issue_date: date
    issued_by: UUID
    idempotency_key: str | None = None


@dataclass
class Dispute:
    id: UUID
    reason: str
    opened_by: UUID
    resolution: str | None = None
    resolved_by: UUID | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class Note:
    id: UUID
    body: str
    author_id: UUID
    author_name: str


@dataclass
class Invoice:
    id: UUID
    org_id: UUID
    account_id: UUID
    created_by: UUID
    status: InvoiceStatus
    currency: str
    number: str | None
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    amount_paid: Decimal
    credited: Decimal
    disputed: bool
    matter_id: UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    work_order_id: UUID | None = None  # the completed work order it was drafted from
    work_order_number: str | None = None
    cost: Decimal | None = None
    approved_by: UUID | None = None
    approved_at: datetime | None = None
    issue_date: date | None = None
    due_date: date | None = None
    posted_by: UUID | None = None
    posted_at: datetime | None = None
    paid_on: date | None = None
    closed_by: UUID | None = None
    closed_at: datetime | None = None
    lines: list[Line] = field(default_factory=list)
    credit_notes: list[CreditNote] = field(default_factory=list)  # oldest first
    last_received_on: date | None = None  # the latest payment's date received
    dispute: Dispute | None = None  # the one still open
    # What this unit of work added, for storage to write.
    new_payments: list[Payment] = field(default_factory=list)
    new_credit_notes: list[CreditNote] = field(default_factory=list)
    new_notes: list[Note] = field(default_factory=list)
    new_disputes: list[Dispute] = field(default_factory=list)
    closed_disputes: list[Dispute] = field(default_factory=list)
    new_lines: list[Line] = field(default_factory=list)
    changed_lines: list[Line] = field(default_factory=list)
    removed_lines: list[Line] = field(default_factory=list)
    _events: list = field(default_factory=list)

    # --- reading ----------------------------------------------------------------------------

    def money(self, amount: Decimal) -> Money:
        """A stored amount (already rounded when stored) in the invoice's currency."""
        return Money(amount=amount, currency=self.currency).rounded()

    @property
    def balance(self) -> Balance:
        return Balance(total=self.money(self.total), paid=self.money(self.amount_paid),
                       credited=self.money(self.credited))

    @property
    def ref(self) -> events.InvoiceRef:
        return events.InvoiceRef(id=self.id, org_id=self.org_id, account_id=self.account_id, number=self.number,
                                 currency=self.currency)

    def visible_to(self, actor: Actor) -> bool:
        return may_see(actor, created_by=self.created_by, account_id=self.account_id, status=self.status)

    def pull_events(self) -> list:
        recorded, self._events = self._events, []
        return recorded

    def saved(self) -> None:
        """Storage wrote what this unit of work added: nothing is new any more (written once)."""
        self.new_payments, self.new_credit_notes, self.new_notes = [], [], []
        self.new_disputes, self.closed_disputes = [], []
        self.new_lines, self.changed_lines, self.removed_lines = [], [], []

    # --- drafting and editing ------------------------------------------------------------------

    @classmethod
    def draft(cls, by: Actor, *, account_id: UUID, account_active: bool, currency: str, matter_id: UUID | None,
              matter_account_id: UUID | None, date_from: date | None, date_to: date | None) -> Invoice:
        """A new, empty draft for the account (and matter, and period); :meth:`bill_work` fills it."""
        cls.check_period(date_from, date_to)
        if not account_active:
            raise ValidationFailed("the account is inactive", "account_id")
        if matter_account_id is not None and matter_account_id != account_id:
            raise ValidationFailed("the matter belongs to another account", "matter_id")
        return cls(id=uuid4(), org_id=by.org_id, account_id=account_id, created_by=by.user_id,
                   status=InvoiceStatus.DRAFT, currency=currency, number=None, subtotal=Decimal(0), tax=Decimal(0),
                   total=Decimal(0), amount_paid=Decimal(0), credited=Decimal(0), disputed=False,
                   matter_id=matter_id, date_from=date_from, date_to=date_to)

    @staticmethod
    def check_period(date_from: date | None, date_to: date | None) -> None:
        if date_from and date_to and date_from > date_to:
            raise ValidationFailed("date_to is before date_from", "date_to")

    def bill_work(self, by: Actor, claimed: list[Line], items: list) -> None:
        """The lines of the work this draft claimed (``items``: the claimed rows, ``id`` and ``kind``)."""
        if not claimed:
            raise ValidationFailed("there is no unbilled billable work for this account", "account_id")
        for position, line in enumerate(claimed, start=1):
            line.position = position
            self._add(line)
        self._recompute()
        self._events.append(events.InvoiceDrafted(invoice=self.ref, by=by, matter_id=self.matter_id,
                                                  lines=len(claimed), items=tuple(items)))

    def bill_period(self, by: Actor, recurring: list[Line], work: list[Line], items: list) -> None:
        """A billing run's draft: the agreement lines due for the period first, then the period's
        unbilled work this draft claimed (``items``: the claimed rows). The run drafts only an
        account with something to bill."""
        if not recurring and not work:
            raise ValidationFailed("nothing is due for this account in the period", "account_id")
        for position, line in enumerate([*recurring, *work], start=1):
            line.position = position
            self._add(line)
        self._recompute()
        self._events.append(events.InvoiceDrafted(invoice=self.ref, by=by, matter_id=None,
                                                  lines=len(recurring) + len(work), items=tuple(items)))

    @classmethod
    def draft_from_work_order(cls, *, org_id: UUID, account_id: UUID, currency: str, work_order_id: UUID,
                              work_order_number: str, lines: list[Line]) -> Invoice:
        """The draft of a completed work order: one line per line item, made by Ledgerline when the
        customer signed the work off (no person drafted it). It is approved and posted like any other."""
        if not lines:
            raise ValidationFailed(f"work order {work_order_number} has no line items to bill", "lines")
        invoice = cls(id=uuid4(), org_id=org_id, account_id=account_id, created_by=WORK_ORDER_DRAFTER,
                      status=InvoiceStatus.DRAFT, currency=currency, number=None, subtotal=Decimal(0),
                      tax=Decimal(0), total=Decimal(0), amount_paid=Decimal(0), credited=Decimal(0), disputed=False,
                      work_order_id=work_order_id, work_order_number=work_order_number)
        for position, line in enumerate(lines, start=1):
            line.position = position
            invoice._add(line)
        invoice._recompute()
        invoice._events.append(events.DraftedFromWorkOrder(
            invoice=invoice.ref, work_order_id=work_order_id, work_order_number=work_order_number,
            lines=len(lines), unpriced_lines=sum(is_unpriced(l.kind, l.rate_source) for l in lines)))
        return invoice

    def _may_edit(self, actor: Actor) -> bool:
        return may_edit_draft(actor, self.created_by, from_work_order=self.work_order_id is not None)

    def _check_editable(self, actor: Actor, statuses=frozenset({InvoiceStatus.DRAFT})) -> None:
        require_status(self.status, statuses, "edit")
        if not self._may_edit(actor):
            raise PermissionDenied("only the partner who drafted it, or whoever oversees them, edits this draft")

    def line(self, line_id: UUID) -> Line:
        found = next((line for line in self.lines if line.id == line_id), None)
        if found is None:
            raise NotFound("no such line on this invoice", "line_id")
        return found

    def reword_line(self, by: Actor, line_id: UUID, narrative: str | None) -> None:
        """Reword a line; the wording is kept apart from the entry, which does not change."""
        self._check_editable(by)
        line = self.line(line_id)
        before = line.wording
        line.narrative_override = narrative
        self._changed(line)
        self._events.append(events.LineReworded(invoice=self.ref, by=by, line_id=line.id, before=before,
                                                after=narrative or line.description))

    def remove_line(self, by: Actor, line_id: UUID, *, release: Callable[[list[UUID]], list]) -> None:
        """Take a line off the draft; ``release`` gives its entry back to work in progress."""
        self._check_editable(by)
        line = self.line(line_id)
        # Removing a fee under a discount could leave the discount alone, below zero.
        require_draft_total(self.money(self.total - line.amount - line.tax), None)
        self._remove(line)
        released = release([line.source_id]) if line.tracked else []
        self._recompute()
        self._events.append(events.LineRemoved(invoice=self.ref, by=by, line_id=line.id, wording=line.wording,
                                               amount=line.amount, released=tuple(released)))

    def add_line(self, by: Actor, *, description: str, work_date: date | None, quantity: Decimal,
                 unit_price: Decimal, tax_rate: Decimal) -> Line:
        """A manual line (a fixed fee, a discount): no entry behind it."""
        self._check_editable(by)
        if unit_price.as_tuple().exponent < -4:
            raise ValidationFailed("unit_price has more than four decimals", "unit_price")
        priced = price_line(quantity, Money(amount=unit_price, currency=self.currency), tax_rate)
        require_draft_total(self.money(self.total) + priced.amount + priced.tax, "unit_price")
        line = Line(id=uuid4(), position=max((l.position for l in self.lines), default=0) + 1, kind="manual",
                    description=description, work_date=work_date, quantity=quantity, unit_price=unit_price,
                    amount=priced.amount.amount, tax_rate=tax_rate, tax=priced.tax.amount)
        self._add(line)
        self._recompute()
        self._events.append(events.LineAdded(invoice=self.ref, by=by, line_id=line.id, description=description,
                                             amount=line.amount))
        return line

    def reconcile(self, by: Actor, stale: list, *, reprice: Callable[[object], dict | None],
                  release: Callable[[list[UUID]], list]) -> None:
        """Bring a draft up to date with entries changed since drafting (``stale``: the changed
        items, each with its ``line_id``): reprice the lines whose entry still belongs
        (``reprice(item)`` gives the line's new priced values, or None when it cannot be billed),
        remove and release the others. An approved draft that changes goes back to draft."""
        self._check_editable(by, UNPOSTED)
        if not stale:
            return
        removed, repriced = [], 0
        for item in stale:
            values = reprice(item) if still_belongs(self, item) else None
            if values is None:
                removed.append(item)
                continue
            line = self.line(item.line_id)
            for name, value in values.items():
                setattr(line, name, value)
            self._changed(line)
            repriced += 1
        for item in removed:
            self._remove(self.line(item.line_id))
        released = release([item.id for item in removed])
        self._recompute()
        if self.status is InvoiceStatus.APPROVED:
            self.status, self.approved_by, self.approved_at = InvoiceStatus.DRAFT, None, None
        deleted = {item.id for item in removed if item.deleted}  # timetracking already knows those are gone
        self._events.append(events.DraftReconciled(
            invoice=self.ref, by=by, repriced=repriced, removed=len(removed),
            released=tuple(r for r in released if r.id not in deleted)))

    def _add(self, line: Line) -> None:
        self.lines.append(line)
        self.new_lines.append(line)

    def _changed(self, line: Line) -> None:
        if line not in self.new_lines and line not in self.changed_lines:
            self.changed_lines.append(line)

    def _remove(self, line: Line) -> None:
        self.lines.remove(line)
        self.removed_lines.append(line)

    def _recompute(self) -> None:
        """Totals are the sums of the rounded lines; the cost is known when every work line's is."""
        sums = totals([(Money(amount=l.amount, currency=self.currency), Money(amount=l.tax, currency=self.currency))
                       for l in self.lines], self.currency)
        self.subtotal, self.tax, self.total = sums.subtotal.amount, sums.tax.amount, sums.total.amount
        work = [l for l in self.lines if l.source_id is not None]
        self.cost = None if any(l.cost is None for l in work) else sum((l.cost for l in work), Decimal(0))

    # --- approval, posting, deletion ----------------------------------------------------------

    def _require_ready(self, action: str, confirm_unpriced: bool) -> int:
        """Approving and posting (``action``) take the same draft: every work line locked by
        timetracking at the version it bills, lines and a positive total, and time without a rate
        confirmed. Returns how many unpriced lines were confirmed."""
        require_up_to_date((line.state for line in self.lines if line.tracked), action)
        postable_total(len(self.lines), self.money(self.total), action)
        unpriced = sum(is_unpriced(line.kind, line.rate_source) for line in self.lines)
        require_unpriced_confirmed(unpriced, confirm_unpriced, action)
        return unpriced

    def approve(self, by: Actor, *, confirm_unpriced: bool, at: datetime) -> None:
        require_status(self.status, {InvoiceStatus.DRAFT}, "approve")
        unpriced = self._require_ready("approve", confirm_unpriced)
        self.status, self.approved_by, self.approved_at = InvoiceStatus.APPROVED, by.user_id, at
        self._events.append(events.InvoiceApproved(invoice=self.ref, by=by, total=self.total,
                                                   unpriced_lines_confirmed=unpriced))

    def post(self, by: Actor, customer: Customer, *, confirm_unpriced: bool, at: datetime, prefix: str,
             next_sequence: Callable[[int], int], items: Callable[[], list]) -> None:
        """Number it (gapless per organization and year: ``next_sequence(year)``), date it, set its
        due date from the account's terms, freeze it."""
        require_status(self.status, {InvoiceStatus.APPROVED}, "post")
        unpriced = self._require_ready("post", confirm_unpriced)
        issued = at.date()
        self.number = document_number(prefix, issued.year, next_sequence(issued.year))
        self.issue_date, self.due_date = issued, due_date(issued, customer.payment_terms_days)
        self.status, self.posted_by, self.posted_at = InvoiceStatus.POSTED, by.user_id, at
        self._events.append(events.InvoicePosted(
            invoice=self.ref, by=by, account_name=customer.name, billing_email=customer.billing_email,
            issue_date=issued, due_date=self.due_date, subtotal=self.subtotal, tax=self.tax, total=self.total,
            items=tuple(items()), matter_id=self.matter_id, cost=self.cost, unpriced_lines_confirmed=unpriced,
            work_order_id=self.work_order_id))

    def delete(self, by: Actor, *, at: datetime, release: Callable[[], list]) -> None:
        """Throw a draft (or approved draft) away: ``release`` makes every entry it claimed billable again."""
        require_status(self.status, UNPOSTED, "delete")
        self.status, self.closed_by, self.closed_at = InvoiceStatus.DELETED, by.user_id, at
        self._events.append(events.DraftDeleted(invoice=self.ref, by=by, released=tuple(release()),
                                                total=self.total))

    # --- payments ---------------------------------------------------------------------------

    def pay(self, by: Actor, amount: Money, received_on: date, method: str, reference: str, *,
            today: date, idempotency_key: str | None = None) -> Payment:
        """A payment, partial or whole; the balance reaching zero makes the invoice paid."""
        require_status(self.status, {InvoiceStatus.POSTED}, "record a payment on")
        require_received(received_on, today)
        after = self.balance.pay(amount)
        payment = Payment(id=uuid4(), amount=amount, received_on=received_on, method=method, reference=reference,
                          idempotency_key=idempotency_key, recorded_by=by.user_id)
        self.new_payments.append(payment)
        self.last_received_on = max(filter(None, (self.last_received_on, received_on)))
        self.amount_paid = after.paid.amount
        self._events.append(events.PaymentRecorded(
            invoice=self.ref, by=by, payment_id=payment.id, amount=amount, received_on=received_on, method=method,
            reference=reference, balance=after.owed))
        self._settle(after)
        return payment

    def mark_paid(self, by: Actor, received_on: date, method: str, reference: str, *, today: date,
                  idempotency_key: str, already_marked: bool) -> None:
        """Pay whatever is still owed, once: asking again (``already_marked``) records nothing more."""
        if self.status is InvoiceStatus.PAID or already_marked:
            return
        self.pay(by, self.balance.owed, received_on, method, reference, today=today,
                 idempotency_key=idempotency_key)

    def _settle(self, after: Balance) -> None:
        """A balance reaching zero closes the invoice: paid, or credited when no money came in."""
        self.status = after.settled_status()
        if self.status is InvoiceStatus.PAID:
            self.paid_on = self.last_received_on
            self._events.append(events.InvoicePaid(invoice=self.ref, paid_on=self.paid_on,
                                                   total=after.total.rounded()))

    # --- credit notes and voiding ------------------------------------------------------------

    def credit_amount(self, by: Actor, amount: Money, reason: str, *, issued: date,
                      next_number: Callable[[], str], idempotency_key: str | None = None) -> CreditNote:
        """Credit an amount, tax included: the tax inside is the invoice's own share."""
        require_status(self.status, {InvoiceStatus.POSTED}, "credit")
        tax = credit_tax_share(amount, self.money(self.tax), self.money(self.total))
        return self._credit(by, "amount", amount, tax, reason, issued, next_number, idempotency_key)

    def credit_lines(self, by: Actor, line_ids: list[UUID], reason: str, *, issued: date,
                     next_number: Callable[[], str], idempotency_key: str | None = None) -> CreditNote:
        """Credit chosen lines in full; each line is credited once."""
        require_status(self.status, {InvoiceStatus.POSTED}, "credit")
        lines = self._creditable(line_ids)
        gross = self.money(sum((line.amount + line.tax for line in lines), Decimal(0)))
        tax = self.money(sum((line.tax for line in lines), Decimal(0)))
        note = self._credit(by, "lines", gross, tax, reason, issued, next_number, idempotency_key)
        for line in lines:
            line.credit_note_id = note.id
            self._changed(line)
        return note

    def _creditable(self, line_ids: list[UUID]) -> list[Line]:
        by_id = {line.id: line for line in self.lines}
        chosen = []
        for i, line_id in enumerate(dict.fromkeys(line_ids)):
            line = by_id.get(line_id)
            if line is None:
                raise ValidationFailed("no such line on this invoice", f"line_ids.{i}")
            if line.credit_note_id is not None:
                raise ValidationFailed("this line has already been credited", f"line_ids.{i}")
            if line.amount + line.tax <= 0:
                raise ValidationFailed("a line that charges nothing cannot be credited", f"line_ids.{i}")
            chosen.append(line)
        return chosen

    def _credit(self, by: Actor, kind: str, gross: Money, tax: Money, reason: str, issued: date,
                next_number: Callable[[], str], idempotency_key: str | None) -> CreditNote:
        after = self.balance.credit(gross)
        note = CreditNote(id=uuid4(), number=next_number(), kind=kind, amount=gross, tax=tax, reason=reason,
                          issue_date=issued, issued_by=by.user_id, idempotency_key=idempotency_key)
        self.credit_notes.append(note)
        self.new_credit_notes.append(note)
        self.credited = after.credited.amount
        self._events.append(events.CreditNoteIssued(
            invoice=self.ref, by=by, credit_note_id=note.id, number=note.number, kind=kind, amount=gross,
            reason=reason, balance=after.owed))
        if kind != "void":
            self._settle(after)
        return note

    def void(self, by: Actor, reason: str, *, issued: date, at: datetime, next_number: Callable[[], str],
             release: Callable[[], list]) -> None:
        """Cancel a posted (or fully credited), unpaid invoice with a credit note for all it still
        charges; ``release`` gives its work back to work in progress for rebilling."""
        self._check_voidable()
        before = self.balance
        if before.owed.is_zero():
            # Already credited in full: nothing is left to credit, but its work still comes back.
            after, note, new_note = before, self.credit_notes[-1], False
        else:
            earlier_tax = sum((c.tax.amount for c in self.credit_notes), Decimal(0))
            note = self._credit(by, "void", before.owed, self.money(self.tax - earlier_tax), reason, issued,
                                next_number, None)
            after, new_note = self.balance, True
        if self.dispute is not None:
            self._close_dispute(by, "voided", at)
        self.status, self.disputed, self.closed_by, self.closed_at = InvoiceStatus.VOIDED, False, by.user_id, at
        self._events.append(events.InvoiceVoided(
            invoice=self.ref, by=by, credit_note_id=note.id, credit_note_number=note.number, reason=reason,
            released=tuple(release()), balance=after.owed, new_credit_note=new_note))

    def _check_voidable(self) -> None:
        require_status(self.status, {InvoiceStatus.POSTED, InvoiceStatus.CREDITED}, "void")
        if self.amount_paid > 0:
            raise Conflict(PAYMENTS_BLOCK_VOIDING)

    # --- disputes and notes ------------------------------------------------------------------

    def open_dispute(self, by: Actor, reason: str) -> None:
        """The customer disputes it: reminders pause until it is resolved."""
        self._check_disputable()
        self.dispute = Dispute(id=uuid4(), reason=reason, opened_by=by.user_id)
        self.new_disputes.append(self.dispute)
        self.disputed = True
        self._events.append(events.InvoiceDisputed(invoice=self.ref, by=by, reason=reason,
                                                   balance=self.balance.owed))

    def _check_disputable(self) -> None:
        require_status(self.status, {InvoiceStatus.POSTED}, "dispute")
        if self.disputed:
            raise Conflict("this invoice is already disputed")

    def resolve_dispute(self, by: Actor, resolution: str, *, at: datetime) -> None:
        self._check_resolvable()
        dispute = self._close_dispute(by, resolution, at)
        self.disputed = False
        self._events.append(events.DisputeResolved(invoice=self.ref, by=by, dispute_reason=dispute.reason,
                                                   resolution=resolution, balance=self.balance.owed))

    def _check_resolvable(self) -> None:
        if not self.disputed or self.dispute is None:
            raise Conflict("this invoice is not disputed")

    def _close_dispute(self, by: Actor, resolution: str, at: datetime) -> Dispute:
        dispute, self.dispute = self.dispute, None
        dispute.resolution, dispute.resolved_by, dispute.resolved_at = resolution, by.user_id, at
        self.closed_disputes.append(dispute)
        return dispute

    def add_note(self, by: Actor, body: str) -> None:
        """An internal note: the firm sees it on the invoice; customers and the PDF never do."""
        self.new_notes.append(Note(id=uuid4(), body=body, author_id=by.user_id, author_name=by.name))

    # --- what may be done next -----------------------------------------------------------------

    def allowed_actions(self, actor: Actor) -> list[str]:
        """The actions (named as the RPC methods) ``actor`` may take on this invoice now."""
        return [action for action, allowed in self._actions(actor).items() if allowed]

    def _actions(self, actor: Actor) -> dict[str, bool]:
        billing = actor.role is Role.BILLING
        draft = self.status is InvoiceStatus.DRAFT
        edits = draft and self._may_edit(actor)
        posted = self.status is InvoiceStatus.POSTED
        return {
            "edit_line": edits, "remove_line": edits, "add_line": edits,
            "reconcile_invoice": self.status in UNPOSTED and self._may_edit(actor),
            "approve_invoice": draft and actor.role is Role.PARTNER,
            "post_invoice": self.status is InvoiceStatus.APPROVED and billing,
            "delete_invoice": self.status in UNPOSTED and billing,
            "record_payment": billing and posted and not self.balance.owed.is_zero(),
            "mark_paid": billing and posted and not self.balance.owed.is_zero(),
            "issue_credit_note": billing and posted,
            "dispute_invoice": billing and self._passes(self._check_disputable),
            "resolve_dispute": billing and self._passes(self._check_resolvable),
            "void_invoice": billing and self._passes(self._check_voidable),
            "add_note": billing,
        }

    def action_notes(self, actor: Actor) -> list[str]:
        """What the firm's ``actor`` cannot do next and why, in words, where a page should say so."""
        if actor.is_customer:
            return []
        notes = []
        if self.status is InvoiceStatus.DRAFT and actor.role is Role.ASSOCIATE_PARTNER:
            notes.append("Waiting for a partner's approval.")
        if self.status is InvoiceStatus.APPROVED and actor.role is not Role.BILLING:
            notes.append("Approved: waiting for billing to post it.")
        if actor.role is Role.BILLING and self.status in {InvoiceStatus.POSTED, InvoiceStatus.PAID,
                                                          InvoiceStatus.CREDITED} and self.amount_paid > 0:
            notes.append(PAYMENTS_BLOCK_VOIDING[0].upper() + PAYMENTS_BLOCK_VOIDING[1:] + ".")
        return notes

    @staticmethod
    def _passes(check: Callable[[], None]) -> bool:
        try:
            check()
        except (Conflict, ValidationFailed):
            return False
        return True
