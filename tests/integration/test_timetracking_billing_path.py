"""Time tracking on the real broker, through the gateway, every service a process:

1. a timer becomes an entry, a draft locks it, deleting the draft releases it, the next
   draft takes it again and posting makes it immutable;
2. a ticket's live total, priced by invoicing, with a part from its catalog;
3. a technician's day: overlaps refused, expenses, timesheet and stats.
"""


from ledgerline_devstack.testing import eventually, locked_draft
from ledgerline_servicekit.clock import today


def status_of(client, entry_id, status):
    entry = client.get(f"/time-entries/{entry_id}").json()
    return entry if entry["status"] == status else None


def unbilled_ids(partner, account_id):
    return [i["entry_id"] for i in partner.get(f"/accounts/{account_id}/unbilled").json()["items"]]


def setup_ticket(org, currency="EUR"):
    tech = org.user("fee_earner", name="Terry Tech")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")
    account = billing.post("/accounts", {"name": "Acme Dental", "billing_email": "ap@acme.example",
                                         "currency": currency, "hourly_rate": "120.00"}, expect=201).json()

    def open_ticket():
        response = tech.post("/matters", {"account_id": account["id"], "kind": "ticket", "title": "RAID degraded"})
        return response.json() if response.status_code == 201 else None

    ticket = eventually(open_ticket, message="the account to reach timetracking")
    return tech, partner, billing, account, ticket


def test_timer_to_entry_to_draft_to_release_to_posting(platform, org):
    tech, partner, billing, account, ticket = setup_ticket(org)
    billing.request("PUT", f"/rounding-rules/accounts/{account['id']}", expect=200,
                    json={"mode": "up", "increment_minutes": 15})

    # A ticket timer, stopped and committed: a few seconds, billed as a started quarter hour.
    timer = tech.post("/timers", {"matter_id": ticket["id"], "description": "Replaced the failing disk"},
                      expect=201).json()
    assert timer["status"] == "running" and timer["account_id"] == account["id"]
    eventually(lambda: tech.get(f"/timers/{timer['id']}").json()["elapsed_seconds"] >= 1,
               message="the timer to measure a second")
    tech.post(f"/timers/{timer['id']}/stop", expect=200)
    entry = tech.post(f"/timers/{timer['id']}/commit", {}, expect=201).json()["entry"]
    assert (entry["duration_minutes"], entry["matter_reference"]) == (15, ticket["reference"])
    assert entry["raw_duration_seconds"] < 15 * 60

    # Drafting locks it: it cannot be deleted.
    eventually(lambda: unbilled_ids(partner, account["id"]) == [entry["id"]],
               message="invoicing to see the committed entry")
    draft = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    assert draft["total"] == {"amount": "30.00", "currency": "EUR"}  # 0.25 h × 120
    eventually(lambda: status_of(tech, entry["id"], "drafted"), message="the draft to lock the entry")
    refused = tech.request("DELETE", f"/time-entries/{entry['id']}", expect=409).json()
    assert refused["error"]["code"] == "locked" and "draft invoice" in refused["error"]["message"]

    # Deleting the draft releases it: unbilled again, and changeable.
    billing.request("DELETE", f"/invoices/{draft['id']}", expect=204)
    eventually(lambda: status_of(tech, entry["id"], "unbilled"), message="the deleted draft to release the entry")
    tech.request("PATCH", f"/time-entries/{entry['id']}", json={"narrative": "Replaced the failing RAID disk"},
                 expect=200)

    # The next draft takes it again (as edited: otherwise it would need reconciling); posting makes it immutable.
    eventually(lambda: [(i["entry_id"], i["narrative"]) for i in partner.get(
                   f"/accounts/{account['id']}/unbilled").json()["items"]] == [
                   (entry["id"], "Replaced the failing RAID disk")],
               message="invoicing to see the edited entry unbilled again")
    invoice = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    locked_draft(partner, invoice["id"])
    partner.post(f"/invoices/{invoice['id']}/approve", expect=200)
    posted = billing.post(f"/invoices/{invoice['id']}/post", expect=200).json()
    billed = eventually(lambda: status_of(tech, entry["id"], "billed"), message="the posting to bill the entry")
    assert billed["invoice_number"] == posted["number"] and billed["can_edit"] is False
    assert billed["narrative"] == "Replaced the failing RAID disk"
    refused = tech.request("PATCH", f"/time-entries/{entry['id']}", json={"narrative": "Rewritten"},
                           expect=409).json()
    assert refused["error"]["message"].startswith(f"locked – entry linked to posted invoice {posted['number']}")
    tech.request("DELETE", f"/time-entries/{entry['id']}", expect=409)
    assert tech.get(f"/time-entries/{entry['id']}").json()["narrative"] == "Replaced the failing RAID disk"


def test_a_tickets_live_total_is_priced_by_invoicing(platform, org):
    tech, partner, billing, account, ticket = setup_ticket(org)
    item = billing.post("/catalog-items", {"sku": "HDD-4TB", "name": "4 TB disk", "unit_price": "49.90",
                                           "currency": "EUR", "stock_on_hand": 5}, expect=201).json()
    found = tech.get("/catalog-items?search=hdd").json()["items"]
    assert [(i["sku"], i["stock_on_hand"]) for i in found] == [("HDD-4TB", 5)]
    part = tech.post("/parts", {"matter_id": ticket["id"], "catalog_item_id": item["id"], "quantity": "2",
                                "work_date": today().isoformat(), "serial_number": "WX41A"}, expect=201).json()
    assert part["unit_price"] == {"amount": "49.90", "currency": "EUR"} and part["stock_on_hand"] == 5
    tech.post("/time-entries", {"matter_id": ticket["id"], "work_date": today().isoformat(),
                                "duration_minutes": 90, "narrative": "Rebuilt the array"}, expect=201)
    tech.post("/expenses", {"matter_id": ticket["id"], "work_date": today().isoformat(),
                            "category": "parking", "description": "Garage", "amount": "8.40"}, expect=201)

    total = tech.get(f"/matters/{ticket['id']}/total").json()
    assert total["counts"] == {"time_entries": 1, "expenses": 1, "parts": 1}
    assert total["quote"]["subtotal"] == {"amount": "288.20", "currency": "EUR"}  # 1.5 h × 120 + 8.40 + 2 × 49.90
    # The part took its stock from invoicing's catalog.
    eventually(lambda: tech.get(f"/catalog-items/{item['id']}").json()["stock_on_hand"] == 3,
               message="invoicing to take the parts from stock")


def test_a_technicians_day_expenses_timesheet_and_stats(platform, org):
    tech = org.user("fee_earner", name="Terry Tech")
    billing = org.user("billing")
    account = billing.post("/accounts", {"name": "Globex", "billing_email": "ap@globex.example",
                                         "currency": "USD"}, expect=201).json()
    day = today().isoformat()

    def record():
        response = tech.post("/time-entries", {"account_id": account["id"], "started_at": f"{day}T09:00:00Z",
                                               "ended_at": f"{day}T11:00:00Z", "narrative": "Onsite visit"})
        return response.json() if response.status_code == 201 else None

    entry = eventually(record, message="the account to reach timetracking")
    overlap = tech.post("/time-entries", {"account_id": account["id"], "started_at": f"{day}T10:30:00Z",
                                          "ended_at": f"{day}T11:30:00Z", "narrative": "Overlapping"}, expect=422)
    assert overlap.json()["error"]["field"] == "started_at" and entry["id"] in overlap.json()["error"]["message"]
    tech.post("/time-entries", {"account_id": account["id"], "work_date": day, "duration_minutes": 30,
                                "billable": False, "narrative": "Internal notes"}, expect=201)
    parking = tech.post("/expenses", {"account_id": account["id"], "work_date": day, "category": "parking",
                                      "description": "Garage", "amount": "12.00"}, expect=201).json()
    assert parking["amount"] == {"amount": "12.00", "currency": "USD"}

    sheet = tech.get(f"/timesheet?date={day}").json()
    assert sheet["totals"] == {"billable_minutes": 120, "non_billable_minutes": 30, "total_minutes": 150}
    assert [e["id"] for e in sheet["expenses"]] == [parking["id"]]
    stats = tech.get(f"/stats/time?date={day}").json()
    assert stats["today"] == {"billable_hours": "2.00", "non_billable_hours": "0.50", "total_hours": "2.50"}
    assert stats["capacity"] == {"weekly_hours": "40.00", "target_percent": 75}
    assert [e["id"] for e in tech.get("/time-entries/recent").json()["items"]][-1] == entry["id"]
