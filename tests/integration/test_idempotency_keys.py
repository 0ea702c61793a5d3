"""Idempotency keys through the API: scoped so no client can reach another operation's key."""

from datetime import date


def pay(firm, invoice: dict, amount: str, key: str):
    return firm.billing.post(f"/invoices/{invoice['id']}/payments",
                             {"amount": amount, "received_on": date.today().isoformat(), "method": "check"},
                             headers={"Idempotency-Key": key})


def test_a_payment_sent_with_mark_as_paids_own_key_does_not_stop_mark_as_paid(firm):
    invoice = firm.posted(firm.account())
    assert pay(firm, invoice, "10.00", f"mark-paid:{invoice['id']}").status_code == 201
    paid = firm.billing.post(f"/invoices/{invoice['id']}/mark-paid", {}, expect=200).json()
    assert (paid["status"], paid["balance"]["amount"]) == ("paid", "0.00")
    assert len(paid["payments"]) == 2  # the client's 10.00, then the rest


def test_a_key_reused_with_a_different_body_is_refused_naming_the_header(firm):
    invoice = firm.posted(firm.account())
    first = pay(firm, invoice, "10.00", "chk-2001")
    assert first.status_code == 201
    repeat = pay(firm, invoice, "10.00", "chk-2001")
    assert repeat.status_code == 201 and repeat.json() == first.json()
    reused = pay(firm, invoice, "12.00", "chk-2001")
    assert reused.status_code == 422 and reused.json()["error"]["field"] == "Idempotency-Key"
    payments = firm.billing.get(f"/invoices/{invoice['id']}").json()["payments"]
    assert [p["amount"]["amount"] for p in payments] == ["10.00"]
