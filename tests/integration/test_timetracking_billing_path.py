"""Time tracking on the real broker, through the gateway: a timer becomes an entry, a draft
locks it, deleting the draft releases it, posting makes it immutable.

Invoicing cannot delete a draft yet (its helper adds ``DELETE /invoices/<id>``), so the
deletion is announced here as invoicing will announce it: an ``invoice.deleted`` event
published on ``invoicing.events``.
"""

from datetime import date
from uuid import UUID

from ledgerline_contracts import Envelope
from ledgerline_contracts.events.invoicing import InvoiceItems, InvoiceItemsReleased
from ledgerline_devstack.testing import eventually
from ledgerline_servicekit.outbox import ConfirmingPublisher, OutgoingMessage


def status_of(client, entry_id, status):
    entry = client.get(f"/time-entries/{entry_id}").json()
    return entry if entry["status"] == status else None


def announce_draft_deleted(platform, org, invoice_id, account_id, entry_ids):
    payload = InvoiceItemsReleased(invoice_id=invoice_id, account_id=account_id,
                                   released=InvoiceItems(time_entry_ids=entry_ids))
    envelope = Envelope(event_type="invoice.deleted", org_id=org.org_id, producer="invoicing",
                        payload=payload.model_dump(mode="json"))
    publisher = ConfirmingPublisher(platform.settings.amqp_uri, producer="invoicing")
    try:
        publisher.publish_batch([OutgoingMessage("invoicing.events", "invoice.deleted", envelope.model_dump_json(),
                                                 str(envelope.event_id), {})])
    finally:
        publisher.close()


def test_timer_to_entry_to_draft_to_release_to_posting(platform, org):
    tech = org.user("fee_earner", name="Terry Tech")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")
    account = billing.post("/accounts", {"name": "Acme Dental", "billing_email": "ap@acme.example",
                                         "currency": "EUR", "hourly_rate": "120.00"}, expect=201).json()

    def open_ticket():
        response = tech.post("/matters", {"account_id": account["id"], "kind": "ticket", "title": "RAID degraded"})
        return response.json() if response.status_code == 201 else None

    ticket = eventually(open_ticket, message="the account to reach timetracking")
    billing.request("PUT", f"/rounding-rules/accounts/{account['id']}", expect=200,
                    json={"mode": "up", "increment_minutes": 15})

    # A ticket timer, stopped and committed: a few seconds, billed as a started quarter hour.
    timer = tech.post("/timers", {"matter_id": ticket["id"], "description": "Replaced the failing disk"},
                      expect=201).json()
    assert timer["status"] == "running" and timer["account_id"] == account["id"]
    eventually(lambda: tech.get(f"/timers/{timer['id']}").json()["elapsed_seconds"] >= 1,
               message="the timer to measure a second")
    tech.post(f"/timers/{timer['id']}/stop", expect=200)
    committed = tech.post(f"/timers/{timer['id']}/commit", {}, expect=201).json()
    first = committed["entry"]
    assert (first["duration_minutes"], first["matter_reference"]) == (15, ticket["reference"])
    assert first["raw_duration_seconds"] < 15 * 60

    # Drafting locks it: it cannot be deleted.
    eventually(lambda: [i["entry_id"] for i in partner.get(f"/accounts/{account['id']}/unbilled").json()["items"]]
               == [first["id"]], message="invoicing to see the committed entry")
    draft = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    assert draft["total"] == {"amount": "30.00", "currency": "EUR"}  # 0.25 h × 120
    eventually(lambda: status_of(tech, first["id"], "drafted"), message="the draft to lock the entry")
    refused = tech.request("DELETE", f"/time-entries/{first['id']}", expect=409).json()
    assert refused["error"]["code"] == "locked" and "draft invoice" in refused["error"]["message"]

    # Deleting the draft releases it: it can be deleted again.
    announce_draft_deleted(platform, org, UUID(draft["id"]), UUID(account["id"]), [UUID(first["id"])])
    eventually(lambda: status_of(tech, first["id"], "unbilled"), message="the deleted draft to release the entry")
    tech.request("DELETE", f"/time-entries/{first['id']}", expect=204)

    # Posting makes work immutable.
    second = tech.post("/time-entries", {"matter_id": ticket["id"], "work_date": date.today().isoformat(),
                                         "duration_minutes": 45, "narrative": "Rebuilt the array"},
                       expect=201).json()
    eventually(lambda: second["id"] in [i["entry_id"] for i in
                                        partner.get(f"/accounts/{account['id']}/unbilled").json()["items"]],
               message="invoicing to see the second entry")
    invoice = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    partner.post(f"/invoices/{invoice['id']}/approve", expect=200)
    posted = billing.post(f"/invoices/{invoice['id']}/post", expect=200).json()
    billed = eventually(lambda: status_of(tech, second["id"], "billed"), message="the posting to bill the entry")
    assert billed["invoice_number"] == posted["number"] and billed["can_edit"] is False
    refused = tech.request("PATCH", f"/time-entries/{second['id']}", json={"narrative": "Rewritten"},
                           expect=409).json()
    assert refused["error"]["message"].startswith(f"locked – entry linked to posted invoice {posted['number']}")
    tech.request("DELETE", f"/time-entries/{second['id']}", expect=409)
    assert tech.get(f"/time-entries/{second['id']}").json()["narrative"] == "Rebuilt the array"


def test_a_technicians_day_expenses_timesheet_and_stats(platform, org):
    tech = org.user("fee_earner", name="Terry Tech")
    billing = org.user("billing")
    account = billing.post("/accounts", {"name": "Globex", "billing_email": "ap@globex.example",
                                         "currency": "USD"}, expect=201).json()
    today = date.today().isoformat()

    def record():
        response = tech.post("/time-entries", {"account_id": account["id"], "started_at": f"{today}T09:00:00Z",
                                               "ended_at": f"{today}T11:00:00Z", "narrative": "Onsite visit"})
        return response.json() if response.status_code == 201 else None

    entry = eventually(record, message="the account to reach timetracking")
    overlap = tech.post("/time-entries", {"account_id": account["id"], "started_at": f"{today}T10:30:00Z",
                                          "ended_at": f"{today}T11:30:00Z", "narrative": "Overlapping"}, expect=422)
    assert overlap.json()["error"]["field"] == "started_at" and entry["id"] in overlap.json()["error"]["message"]
    tech.post("/time-entries", {"account_id": account["id"], "work_date": today, "duration_minutes": 30,
                                "billable": False, "narrative": "Internal notes"}, expect=201)
    parking = tech.post("/expenses", {"account_id": account["id"], "incurred_on": today, "category": "parking",
                                      "description": "Garage", "amount": "12.00"}, expect=201).json()
    assert parking["amount"] == {"amount": "12.00", "currency": "USD"}

    sheet = tech.get(f"/timesheet?date={today}").json()
    assert sheet["totals"] == {"billable_minutes": 120, "non_billable_minutes": 30, "total_minutes": 150}
    assert [e["id"] for e in sheet["expenses"]] == [parking["id"]]
    stats = tech.get(f"/stats/time?date={today}").json()
    assert stats["today"] == {"billable_hours": "2.00", "non_billable_hours": "0.50", "total_hours": "2.50"}
    assert stats["capacity"] == {"weekly_hours": "40.00", "target_percent": 75}
    assert [e["id"] for e in tech.get("/time-entries/recent").json()["items"]][-1] == entry["id"]
