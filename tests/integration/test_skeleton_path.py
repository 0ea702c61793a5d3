"""The skeleton path, end to end through the gateway on the real broker.

account → time entry → work in progress → draft → approve → post (numbered)
→ dunning schedules reminders, analytics ages the receivable → payment
→ dunning cancels, analytics clears, the entry is billed.
"""

import re
import uuid

import requests

from ledgerline_devstack.testing import eventually, locked_draft
from ledgerline_servicekit.clock import today


def test_record_bill_and_get_paid(platform, org):
    tech = org.user("fee_earner", name="Terry Tech")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")

    account = billing.post("/accounts", {"name": "Acme Dental", "billing_email": "ap@acme.example",
                                         "currency": "USD", "payment_terms_days": 30, "tax_rate": "0.08",
                                         "hourly_rate": "150.00"}, expect=201).json()
    entry = eventually(lambda: _record(tech, account["id"]), message="the account to reach timetracking")
    assert entry["status"] == "unbilled"

    unbilled = eventually(lambda: partner.get(f"/accounts/{account['id']}/unbilled").json()["items"],
                          message="invoicing to see the time entry")
    assert [i["entry_id"] for i in unbilled] == [entry["id"]]

    draft = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    assert draft["status"] == "draft"
    assert draft["total"] == {"amount": "243.00", "currency": "USD"}  # 1.5 h × 150 + 8 %
    locked_draft(partner, draft["id"])
    assert tech.get(f"/time-entries/{entry['id']}").json()["status"] == "drafted"

    partner.post(f"/invoices/{draft['id']}/approve", expect=200)
    correlation = f"it-{uuid.uuid4().hex}"
    posted = billing.post(f"/invoices/{draft['id']}/post", expect=200, headers={"X-Request-ID": correlation}).json()
    assert re.fullmatch(rf"INV-{today().year}-\d{{6}}", posted["number"])

    reminders = eventually(lambda: _reminders(billing, draft["id"]), message="dunning to schedule reminders")
    assert [r["status"] for r in reminders["reminders"]] == ["scheduled"] * 5
    aging = eventually(lambda: _aging_with(billing, "243.00"), message="analytics to age the receivable")
    assert aging["overdue"] == []
    billed = eventually(lambda: _status(tech, entry["id"], "billed"), message="the entry to be billed")
    assert billed["invoice_number"] == posted["number"]

    partial = billing.post(f"/invoices/{draft['id']}/payments",
                           {"amount": "43.00", "received_on": today().isoformat(), "method": "check",
                            "reference": "chk 1001"}, expect=201).json()
    assert partial["balance"] == {"amount": "200.00", "currency": "USD"}
    paid = billing.post(f"/invoices/{draft['id']}/payments",
                        {"amount": "200.00", "received_on": today().isoformat(), "method": "bank_transfer"},
                        expect=201).json()
    assert paid["status"] == "paid"
    eventually(lambda: {r["status"] for r in _reminders(billing, draft["id"])["reminders"]} == {"cancelled"},
               message="dunning to cancel the schedule")
    eventually(lambda: billing.get("/reports/ar-aging").json()["buckets"] == {},
               message="analytics to clear the receivable")

    # The gateway's request id travelled through the RPC into invoicing and, in the
    # invoice.posted event, into dunning's handler.
    for service in ("gateway", "invoicing", "dunning"):
        eventually(lambda: correlation in (platform.log_dir / f"{service}.log").read_text(),
                   message=f"the correlation id in {service}'s log")


def test_each_service_exports_prometheus_metrics(platform, org):
    billing = org.user("billing")
    billing.get("/accounts")
    port = platform.metrics_ports["invoicing"]
    counted = 'ledgerline_entrypoint_latency_seconds_count{entrypoint="list_accounts",service="invoicing"}'
    # nameko sends the reply before the worker's metrics are recorded: the count follows a moment later.
    text = eventually(lambda: (lambda t: t if counted in t else None)(
        requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text), message="the call to be counted")
    assert 'ledgerline_outbox_backlog{service="invoicing"}' in text
    # The gateway's on a port of its own, like the services': not on the public one.
    assert requests.get(f"{platform.url}/metrics", timeout=5).status_code == 404
    gateway = requests.get(f"http://127.0.0.1:{platform.metrics_ports['gateway']}/metrics", timeout=5).text
    assert 'ledgerline_http_request_latency_seconds_count{endpoint="/api/v1/accounts",method="GET"}' in gateway


def _record(client, account_id):
    response = client.post("/time-entries", {"account_id": account_id, "work_date": today().isoformat(),
                                             "duration_minutes": 90, "narrative": "Replaced the failing RAID disk"})
    if response.status_code == 404:
        return None
    assert response.status_code == 201, response.text
    return response.json()


def _reminders(client, invoice_id):
    response = client.get(f"/invoices/{invoice_id}/reminders", expect=None)
    return response.json() if response.status_code == 200 else None


def _aging_with(client, amount):
    aging = client.get("/reports/ar-aging").json()
    return aging if aging["buckets"].get("USD", {}).get("current") == amount else None


def _status(client, entry_id, status):
    entry = client.get(f"/time-entries/{entry_id}").json()
    return entry if entry["status"] == status else None
