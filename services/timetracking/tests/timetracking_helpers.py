"""Shared by the timetracking service tests: actors, accounts, invoice events, a fake invoicing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

from sqlalchemy import create_engine, text

from ledgerline_contracts import Money, NotFound, Role
from ledgerline_contracts.commands.invoicing import CatalogItem, Quote, QuotedLine, QuoteRequest
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor

ORG = uuid4()
alice = make_actor(Role.FEE_EARNER, ORG, name="Alice")
bob = make_actor(Role.FEE_EARNER, ORG, name="Bob")
partner = make_actor(Role.PARTNER, ORG, name="Pat", delegates=(alice.user_id,))
billing_user = make_actor(Role.BILLING, ORG, name="Bill")
admin = make_actor(Role.ADMIN, ORG, name="Ada")


def known_account(timetracking, active=True, version=1, account_id=None, currency="EUR", name="Acme"):
    account = billing.Account(account_id=account_id or uuid4(), version=version, name=name, active=active,
                              billing_email="ap@acme.example", currency=currency, payment_terms_days=30,
                              tax_rate="0")
    deliver(timetracking, "on_account", envelope_for("account.updated", ORG, account))
    return account


def customer_of(account):
    return make_actor(Role.CUSTOMER, ORG, account_id=account.account_id, name="Carla Customer")


def open_ticket(timetracking, account, actor=alice, **fields):
    return call_as(timetracking, actor, "open_matter", {
        "account_id": str(account.account_id), "kind": "ticket", "title": "Printer offline"} | fields)


def record(timetracking, account=None, actor=alice, **fields):
    base = {"work_date": "2026-11-02", "duration_minutes": 45, "narrative": "Reset VPN tokens"}
    if account is not None:
        base["account_id"] = str(account.account_id)
    return call_as(timetracking, actor, "record_time_entry", base | fields)


# --- invoicing's events -------------------------------------------------------------------

HANDLERS = {"invoice.drafted": "on_invoice_drafted", "invoice.items_released": "on_items_released",
            "invoice.posted": "on_invoice_posted", "invoice.voided": "on_invoice_voided"}


def invoice_event(kind, invoice_id, items: billing.InvoiceItems, number="INV-2026-000001", whole_invoice=True,
                  occurred_at: datetime | None = None):
    account_id = uuid4()
    total = Money.of("10", "EUR")
    payload = {
        "invoice.drafted": lambda: billing.InvoiceDrafted(invoice_id=invoice_id, account_id=account_id,
                                                          drafted_by=uuid4(), items=items),
        "invoice.items_released": lambda: billing.InvoiceItemsReleased(invoice_id=invoice_id, account_id=account_id,
                                                                released=items, whole_invoice=whole_invoice),
        "invoice.posted": lambda: billing.InvoicePosted(
            invoice_id=invoice_id, number=number, account_id=account_id, account_name="Acme",
            billing_email="ap@acme.example", issue_date="2026-11-21", due_date="2026-12-21",
            subtotal=total, tax=Money.zero("EUR"), total=total, items=items),
        "invoice.voided": lambda: billing.InvoiceVoided(
            invoice_id=invoice_id, number=number, account_id=account_id, credit_note_id=uuid4(),
            credit_note_number="CN-2026-000001", reason="wrong client", released=items),
    }[kind]()
    return envelope_for(kind, ORG, payload, **({"occurred_at": occurred_at} if occurred_at else {}))


def deliver_invoice_event(timetracking, kind, invoice_id, items, **fields):
    deliver(timetracking, HANDLERS[kind], invoice_event(kind, invoice_id, items, **fields))


def time_items(*entries) -> billing.InvoiceItems:
    return billing.InvoiceItems(time_entry_ids=[UUID(e["id"]) for e in entries])


# --- a stand-in for invoicing ---------------------------------------------------------------

class FakeInvoicing:
    """Answers ``quote``, ``get_catalog_item`` and ``list_catalog_items`` as the contract says,
    with one hourly rate for everyone, and remembers the quote requests it got."""

    HOURLY_RATE = Decimal("120.00")

    def __init__(self):
        self.catalog: dict[UUID, CatalogItem] = {}
        self.quote_requests: list[QuoteRequest] = []
        self.wording: dict[str, str] = {}  # entry id → its sent invoice's words

    def invoiced_wording(self, entry_ids: list[str]) -> dict:
        return {entry_id: self.wording[entry_id] for entry_id in entry_ids if entry_id in self.wording}

    def add_item(self, name="Toner cartridge", sku="TON-1", price="49.90", currency="EUR", kind="part",
                 stock=None) -> CatalogItem:
        item = CatalogItem(id=uuid4(), sku=sku, name=name, kind=kind, unit_price=Money.of(price, currency),
                           tax_rate="0.20", stock_on_hand=stock)
        self.catalog[item.id] = item
        return item

    def get_catalog_item(self, item_id: str) -> dict:
        item = self.catalog.get(UUID(item_id))
        if item is None:
            raise NotFound("no such catalog item", "item_id")
        return item.model_dump(mode="json")

    def list_catalog_items(self, search=None, limit=50, offset=0) -> dict:
        items = [i for i in self.catalog.values() if not search or search.lower() in (i.name + i.sku).lower()]
        return {"items": [i.model_dump(mode="json") for i in items[offset:offset + limit]], "total": len(items),
                "limit": limit, "offset": offset}

    def quote(self, request: dict) -> dict:
        asked = QuoteRequest.model_validate(request)
        self.quote_requests.append(asked)
        currency = "EUR"
        rate = Money.of(self.HOURLY_RATE, currency)
        lines = [QuotedLine(kind="time", description=f"{t.duration_minutes} min", hourly_rate=rate,
                            amount=(rate * (Decimal(t.duration_minutes) / 60)).rounded()) for t in asked.time]
        lines += [QuotedLine(kind="expense", description="expense", amount=e.rounded()) for e in asked.expenses]
        lines += [QuotedLine(kind="part", description="part", amount=(p.unit_price * p.quantity).rounded())
                  for p in asked.parts]
        subtotal = sum((line.amount for line in lines), Money.zero(currency))
        return Quote(currency=currency, lines=lines, subtotal=subtotal, tax=Money.zero(currency),
                     total=subtotal).model_dump(mode="json")


# --- the database, for what a test cannot wait for -----------------------------------------

def run_sql(database_url: str, statement: str, **params) -> None:
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement), params)
    finally:
        engine.dispose()


def age_timer(database_url: str, timer_id: str, seconds: int) -> None:
    """Make a timer look as if it had been running ``seconds`` longer (instead of waiting)."""
    run_sql(database_url, "UPDATE timers SET running_since = running_since - make_interval(secs => :s), "
                          "started_at = started_at - make_interval(secs => :s) WHERE id = :id",
            s=seconds, id=timer_id)

