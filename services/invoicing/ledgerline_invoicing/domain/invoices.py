"""The invoice workflow: states, who may act on which invoice, numbering, due dates,
and the balance (total − payments − credits), which never goes below zero."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from ledgerline_contracts import Actor, Conflict, Money, Role, ValidationFailed


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    POSTED = "posted"  # numbered, frozen, owed
    PAID = "paid"  # balance reached zero with payments
    CREDITED = "credited"  # balance reached zero by credit notes alone
    VOIDED = "voided"  # cancelled by a full credit note; its work is billable again
    DELETED = "deleted"  # a draft thrown away; its work is billable again


# Invoices that hold their work: an entry is on at most one of these (docs/rules.md, rule 2).
LIVE = frozenset({InvoiceStatus.DRAFT, InvoiceStatus.APPROVED, InvoiceStatus.POSTED, InvoiceStatus.PAID,
                  InvoiceStatus.CREDITED})
UNPOSTED = frozenset({InvoiceStatus.DRAFT, InvoiceStatus.APPROVED})
# What customers may see: everything that was ever sent to them.
SENT = frozenset({InvoiceStatus.POSTED, InvoiceStatus.PAID, InvoiceStatus.CREDITED, InvoiceStatus.VOIDED})


class Series(StrEnum):
    """Numbering series; each is gapless per organization and year."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


def document_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def due_date(issued: date, payment_terms_days: int) -> date:
    return issued + timedelta(days=payment_terms_days)


def require_status(current: str, allowed: set[InvoiceStatus] | frozenset[InvoiceStatus], action: str) -> None:
    if current not in allowed:
        raise Conflict(f"cannot {action} an invoice that is {current}")


# Line kinds besides "manual" (a fee, a discount): work timetracking keeps (and locks for the
# invoice that bills it), and a completed work order's line item.
TRACKED_WORK = frozenset({"time", "expense", "part"})
WORK_ORDER = "work_order"

# Drafts made from a completed work order name no person as their drafter: Ledgerline made them.
WORK_ORDER_DRAFTER = UUID(int=0)


# --- who may act on which invoice ------------------------------------------------------

def may_see(actor: Actor, *, created_by: UUID, account_id: UUID, status: str) -> bool:
    """Partners and billing see every invoice; associate partners theirs and their delegates';
    customers their own account's sent invoices."""
    if actor.role in (Role.PARTNER, Role.BILLING):
        return True
    if actor.is_customer:
        return account_id == actor.account_id and status in SENT
    if actor.role is Role.ASSOCIATE_PARTNER:
        return created_by in actor.overseen_user_ids
    return False


def may_edit_draft(actor: Actor, created_by: UUID, *, from_work_order: bool = False) -> bool:
    """A draft is edited by whoever could have drafted it: its author or the author's overseers.
    A draft made from a work order has no author (WORK_ORDER_DRAFTER): any partner edits it."""
    if from_work_order:
        return actor.role is Role.PARTNER
    return actor.role in (Role.ASSOCIATE_PARTNER, Role.PARTNER) and created_by in actor.overseen_user_ids


def still_belongs(invoice, item) -> bool:
    """Whether a work item that changed after drafting still belongs on the draft: not
    deleted, billable, same account, and within the draft's matter and period."""
    return (not item.deleted and item.billable and item.account_id == invoice.account_id
            and (invoice.matter_id is None or item.matter_id == invoice.matter_id)
            and (invoice.date_from is None or item.work_date >= invoice.date_from)
            and (invoice.date_to is None or item.work_date <= invoice.date_to))


# --- is a draft ready: its work locked at the versions its lines bill, its zero-rated time confirmed ---

class LineState(StrEnum):
    """Where a work line stands against its item in timetracking (the lock handshake)."""

    LOCKED = "locked"  # timetracking locked the item for this invoice at the version the line bills
    CHANGED = "changed"  # the item changed (or was deleted) after drafting: reconcile the draft
    AWAITING_LOCK = "awaiting_lock"  # timetracking has not confirmed the lock yet (``work.locked``)


def line_state(line_version: int, work_version: int, deleted: bool, locked_version: int | None) -> LineState:
    """A line bills its item at ``line_version``; invoicing holds ``work_version`` of the item, and
    timetracking confirmed it locked at ``locked_version`` (None: not yet). A lock at another version
    than the line's means the item changed before the lock landed: the line is out of date, even
    before invoicing has received that newer version."""
    if deleted or work_version != line_version or (locked_version is not None and locked_version != line_version):
        return LineState.CHANGED
    return LineState.AWAITING_LOCK if locked_version is None else LineState.LOCKED


def require_up_to_date(states: Iterable[LineState], action: str) -> None:
    """Approving or posting (``action``) needs every work line locked at the version it bills: the
    work can then no longer change, so what is approved is what is posted, and what is posted is
    what timetracking keeps."""
    states = list(states)
    changed = states.count(LineState.CHANGED)
    if changed:
        raise Conflict(f"{_count(changed, 'line')} changed after drafting; reconcile the draft, then {action} it")
    waiting = states.count(LineState.AWAITING_LOCK)
    if waiting:
        raise Conflict(f"time tracking has not yet locked the work of {_count(waiting, 'line')} against changes; "
                       f"{action} it again in a moment")


def is_hourly(kind: str, rate_source: str | None) -> bool:
    """Time, and a work order's hourly line items, are billed by the hour at a resolved rate; a
    work order's fixed-price lines have no rate behind them."""
    return kind == "time" or (kind == WORK_ORDER and rate_source is not None)


def is_unpriced(kind: str, rate_source: str | None) -> bool:
    """Hours no rate matched: they bill zero (see domain.pricing.resolve_rate)."""
    return is_hourly(kind, rate_source) and rate_source == "none"


def require_unpriced_confirmed(unpriced: int, confirmed: bool, action: str) -> None:
    """Time without a rate bills 0.00: approving or posting it takes an explicit confirmation."""
    if unpriced and not confirmed:
        have = "has" if unpriced == 1 else "have"
        raise Conflict(f"{_count(unpriced, 'time line')} {have} no hourly rate and would be billed at 0.00; "
                       f"confirm billing them at zero (confirm_unpriced) to {action} it, or remove them, set a "
                       "rate and draft them again", "confirm_unpriced")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def require_received(received_on: date, today: date) -> None:
    """Money is recorded once it has arrived: not after today, give or take a time zone
    (today is UTC's; a payer east of it may already be on tomorrow)."""
    if received_on > today + timedelta(days=1):
        raise ValidationFailed(f"the date received, {received_on.isoformat()}, is in the future; record a "
                               "payment once it has been received", "received_on")


# --- the balance -----------------------------------------------------------------------

@dataclass(frozen=True)
class Balance:
    """An invoice's money: balance = total − paid − credited, never below zero."""

    total: Money
    paid: Money
    credited: Money

    @property
    def owed(self) -> Money:
        return self.total - self.paid - self.credited

    def pay(self, amount: Money) -> Balance:
        self._check(amount)
        return Balance(total=self.total, paid=self.paid + amount, credited=self.credited)

    def credit(self, amount: Money) -> Balance:
        self._check(amount)
        return Balance(total=self.total, paid=self.paid, credited=self.credited + amount)

    def _check(self, amount: Money) -> None:
        if amount.amount <= 0:
            raise ValidationFailed("amount must be positive", "amount")
        if amount != amount.rounded():
            raise ValidationFailed(f"amount has more decimals than {amount.currency} allows", "amount")
        if amount > self.owed:
            raise ValidationFailed(f"amount {amount} is more than the balance {self.owed}", "amount")

    def settled_status(self) -> InvoiceStatus:
        """Where a posted invoice stands: still owed, paid, or cleared by credit notes alone."""
        if not self.owed.is_zero():
            return InvoiceStatus.POSTED
        return InvoiceStatus.PAID if self.paid.amount > 0 else InvoiceStatus.CREDITED



def credit_tax_share(amount: Money, invoice_tax: Money, invoice_total: Money) -> Money:
    """The tax inside a credit for an amount: the invoice's own share of tax, rounded once."""
    if invoice_total.is_zero():
        return Money.zero(amount.currency)
    return (amount * (invoice_tax.amount / invoice_total.amount)).rounded()


def written(money: Money) -> str:
    """Money in a message as people write it: rounded to the currency, digits grouped (-99,460.00 USD)."""
    rounded = money.rounded()
    return f"{format(rounded.amount, ',f')} {rounded.currency}"


def postable_total(line_count: int, total: Money, action: str) -> None:
    """An approved or posted invoice has lines and a positive total; ``action`` is "approve" or "post"."""
    if line_count == 0:
        raise Conflict(f"cannot {action} an invoice without lines")
    if total.amount <= 0:
        raise Conflict(f"cannot {action} an invoice that totals {written(total)}; an invoice must total more "
                       "than zero (remove or change the lines that make it so)")


def require_draft_total(total: Money, field: str | None) -> None:
    """A change to a draft that would take its total below zero is refused when it is made, not
    at approval; ``field`` is the input to blame (None when removing a line)."""
    if total.amount < 0:
        raise ValidationFailed(f"the draft would total {written(total)}; an invoice cannot total less than zero",
                               field)

