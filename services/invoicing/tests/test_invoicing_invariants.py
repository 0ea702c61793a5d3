"""The invariants, held under concurrency and under random sequences of operations:

- no entry is on two live invoices, even when drafted at the same moment;
- deleting or voiding releases exactly the entries claimed (and removing a line, exactly its own);
- invoice numbers are gapless under concurrent posting;
- the balance never goes below zero; 20 concurrent payments with one key make one payment;
- totals equal the sum of rounded lines (see also test_invoicing_pricing).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import eventlet
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, \
    run_state_machine_as_test
from sqlalchemy import create_engine, text

from ledgerline_contracts import LedgerlineError, ValidationFailed
from ledgerline_servicekit.rpc_client import RpcClient
from ledgerline_servicekit.testing.fixtures import call_as, recorded_events

from invoicing_helpers import (
    billing, draft, new_account, partner, posted_invoice, record_expense, record_part, record_time,
)


@pytest.fixture
def concurrently(invoicing, kit_settings):
    """``concurrently(actor, method, [args, ...])``: the calls sent at the same moment over the real
    broker, each from its own green thread and reply queue (nameko's test hook can only wait for
    one call of a method at a time); each result, or the error it raised."""
    client = RpcClient(kit_settings.amqp_uri, timeout=60)

    def run(actor, method, calls):
        def attempt(args):
            try:
                return client.call("invoicing", method, *args, actor=actor)
            except LedgerlineError as error:
                return error
            finally:
                client.close()

        return list(eventlet.GreenPool(len(calls)).imap(attempt, calls))

    return run


def test_drafts_made_at_the_same_moment_never_share_an_entry(invoicing, concurrently):
    account = new_account(invoicing)
    entries = {record_time(invoicing, account["id"]).entry_id for _ in range(12)}
    entries |= {record_expense(invoicing, account["id"]).expense_id for _ in range(4)}
    results = concurrently(partner, "draft_invoice", [({"account_id": account["id"]},)] * 8)
    drafts = [r for r in results if isinstance(r, dict)]
    assert all(isinstance(r, ValidationFailed) for r in results if not isinstance(r, dict))
    claimed = [UUID(line["source_id"]) for d in drafts for line in d["lines"]]
    assert len(claimed) == len(set(claimed)) and set(claimed) == entries


def test_numbers_stay_gapless_when_invoices_are_posted_at_the_same_moment(invoicing, concurrently):
    approved = []
    for _ in range(15):
        account = new_account(invoicing)
        record_time(invoicing, account["id"])
        invoice = draft(invoicing, account)
        approved.append(call_as(invoicing, partner, "approve_invoice", invoice["id"])["id"])
    # One of them cannot be posted (its work changed): its refusal must not use a number.
    stale_account = new_account(invoicing)
    entry = record_time(invoicing, stale_account["id"])
    stale = draft(invoicing, stale_account)
    call_as(invoicing, partner, "approve_invoice", stale["id"])
    record_time(invoicing, stale_account["id"], version=2, entry_id=entry.entry_id, minutes=10)
    results = concurrently(billing, "post_invoice", [(i,) for i in [*approved[:8], stale["id"], *approved[8:]]])
    numbers = sorted(r["number"] for r in results if isinstance(r, dict))
    year = date.today().year
    assert numbers == [f"INV-{year}-{n:06d}" for n in range(1, 16)]
    assert sum(isinstance(r, LedgerlineError) for r in results) == 1


@pytest.fixture
def invoice(invoicing):
    account = new_account(invoicing, hourly_rate="100", tax_rate="0.20")
    record_time(invoicing, account["id"], minutes=120)
    return posted_invoice(invoicing, account)  # 240.00


def test_twenty_concurrent_payments_with_one_key_make_one_payment(invoice, concurrently, database_url):
    payment = {"amount": "25.00", "received_on": "2026-11-20", "method": "card", "idempotency_key": "stripe-ch_1"}
    results = concurrently(billing, "record_payment", [(invoice["id"], payment)] * 20)
    assert all(r == results[0] for r in results)
    assert [p["amount"]["amount"] for p in results[0]["payments"]] == ["25.00"]
    assert results[0]["balance"]["amount"] == "215.00"
    assert len(recorded_events(database_url, "payment.recorded")) == 1


def test_concurrent_payments_beyond_the_balance_are_refused_not_overdrawn(invoicing, invoice, concurrently):
    payment = {"amount": "50.00", "received_on": "2026-11-20", "method": "cash"}
    results = concurrently(billing, "record_payment", [(invoice["id"], payment)] * 8)
    assert sum(isinstance(r, dict) for r in results) == 4  # 4 × 50.00 of 240.00; a fifth would overdraw
    final = call_as(invoicing, billing, "get_invoice", invoice["id"])
    assert final["balance"]["amount"] == "40.00" and final["status"] == "posted"


# --- random sequences ---------------------------------------------------------------------------

class Billing(RuleBasedStateMachine):
    """Drafts, line removals, deletions, postings and voids in any order, on one account's work,
    checked against the database and the events after every step."""

    def __init__(self, invoicing, database_url):
        super().__init__()
        self.invoicing, self.database_url = invoicing, database_url
        self.claimed: dict[str, set[UUID]] = {}  # live invoice → the entries it should hold
        self.status: dict[str, str] = {}

    @initialize()
    def open_account(self):
        self.account = new_account(self.invoicing, hourly_rate="90", tax_rate="0.21")
        self.item = call_as(self.invoicing, billing, "create_catalog_item", {
            "sku": f"P-{self.account['id'][:8]}", "name": "Patch cable", "unit_price": "7.35",
            "currency": "EUR", "tax_rate": "0.06"})

    @rule(minutes=st.integers(min_value=1, max_value=600), kind=st.sampled_from(["time", "expense", "part"]),
          cents=st.integers(min_value=1, max_value=99_999))
    def record_work(self, minutes, kind, cents):
        amount = f"{Decimal(cents) / 100:.2f}"
        if kind == "time":
            record_time(self.invoicing, self.account["id"], minutes=minutes)
        elif kind == "expense":
            record_expense(self.invoicing, self.account["id"], amount=amount)
        else:
            record_part(self.invoicing, self.account["id"], self.item, quantity=str(minutes % 7 + 1),
                        unit_price=amount)

    @rule()
    def draft(self):
        try:
            invoice = draft(self.invoicing, self.account)  # and timetracking's lock of its work
        except ValidationFailed:
            return  # nothing unbilled
        self.claimed[invoice["id"]] = {UUID(l["source_id"]) for l in invoice["lines"]}
        self.status[invoice["id"]] = "draft"
        (event,) = self._events("invoice.drafted", invoice["id"])
        assert self._ids(event.payload["items"]) == self.claimed[invoice["id"]]

    def _with(self, status):
        return sorted(i for i, s in self.status.items() if s == status)

    @precondition(lambda self: self._with("draft"))
    @rule(data=st.data())
    def remove_a_line(self, data):
        invoice_id = data.draw(st.sampled_from(self._with("draft")))
        lines = call_as(self.invoicing, partner, "get_invoice", invoice_id)["lines"]
        if not lines:
            return
        line = data.draw(st.sampled_from(lines))
        before = len(self._events("invoice.items_released", invoice_id))
        call_as(self.invoicing, partner, "remove_line", invoice_id, line["id"])
        released = self._events("invoice.items_released", invoice_id)[before:]
        assert [self._ids(e.payload["released"]) for e in released] == [{UUID(line["source_id"])}]
        self.claimed[invoice_id].discard(UUID(line["source_id"]))

    @precondition(lambda self: self._with("draft"))
    @rule(data=st.data())
    def delete(self, data):
        invoice_id = data.draw(st.sampled_from(self._with("draft")))
        call_as(self.invoicing, billing, "delete_invoice", invoice_id)
        whole = [e for e in self._events("invoice.items_released", invoice_id) if e.payload["whole_invoice"]]
        assert [self._ids(e.payload["released"]) for e in whole] == [self.claimed.pop(invoice_id)]
        self.status[invoice_id] = "deleted"

    @precondition(lambda self: self._with("draft"))
    @rule(data=st.data())
    def post(self, data):
        invoice_id = data.draw(st.sampled_from(self._with("draft")))
        try:
            call_as(self.invoicing, partner, "approve_invoice", invoice_id)
        except LedgerlineError:
            return  # every line was removed: nothing to approve
        posted = call_as(self.invoicing, billing, "post_invoice", invoice_id)
        assert self._ids(self._events("invoice.posted", invoice_id)[0].payload["items"]) == \
            self.claimed[invoice_id]
        assert Decimal(posted["total"]["amount"]) == sum(
            Decimal(l["amount"]["amount"]) + Decimal(l["tax"]["amount"]) for l in posted["lines"])
        self.status[invoice_id] = "posted"

    @precondition(lambda self: self._with("posted"))
    @rule(data=st.data())
    def void(self, data):
        invoice_id = data.draw(st.sampled_from(self._with("posted")))
        voided = call_as(self.invoicing, billing, "void_invoice", invoice_id, {"reason": "rebill"})
        assert voided["balance"]["amount"] == "0.00" and voided["credited"] == voided["total"]
        (event,) = self._events("invoice.voided", invoice_id)
        assert self._ids(event.payload["released"]) == self.claimed.pop(invoice_id)
        self.status[invoice_id] = "voided"

    @invariant()
    def no_entry_is_on_two_live_invoices(self):
        if not hasattr(self, "account"):
            return
        engine = create_engine(self.database_url)
        with engine.connect() as connection:
            held = connection.execute(text(
                "SELECT w.id, w.invoice_id, i.status FROM work_items w JOIN invoices i ON i.id = w.invoice_id "
                "WHERE w.account_id = :account"), {"account": self.account["id"]}).all()
            on_lines = connection.execute(text(
                "SELECT l.source_id, l.invoice_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
                "WHERE i.account_id = :account AND i.status NOT IN ('deleted', 'voided')"),
                {"account": self.account["id"]}).all()
        engine.dispose()
        assert all(status not in ("deleted", "voided") for _, _, status in held)
        holding: dict[str, set[UUID]] = {}
        for item_id, invoice_id, _ in held:
            holding.setdefault(str(invoice_id), set()).add(item_id)
        assert holding == {i: ids for i, ids in self.claimed.items() if ids}
        sources = [source for source, _ in on_lines]
        assert len(sources) == len(set(sources))  # one live line per entry

    def _events(self, event_type, invoice_id):
        return [e for e in recorded_events(self.database_url, event_type) if e.payload["invoice_id"] == invoice_id]

    @staticmethod
    def _ids(items) -> set[UUID]:
        return {UUID(i) for key in ("time_entry_ids", "expense_ids", "part_ids") for i in items[key]}


def test_random_sequences_keep_every_entry_on_at_most_one_live_invoice(invoicing, database_url):
    run_state_machine_as_test(
        lambda: Billing(invoicing, database_url),
        settings=settings(max_examples=12, stateful_step_count=18, deadline=None,
                          suppress_health_check=list(HealthCheck)))
