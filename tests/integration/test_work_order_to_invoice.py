"""A field job from proposal to posted invoice on the real broker, through the gateway, every
service a process: proposal → signature → schedule → start → two line items with two crew
members clocked in and out → a change order → an alert when the job runs over → photos and
checklist → the customer's sign-off → invoicing's draft → approve → post → Invoiced.

Time passes for real here (line items are started and completed at the server's clock), so
the estimates are in hundredths of an hour: a line item estimated at 36 seconds that runs for
half a minute (a whole minute, rounded) is a job running over its estimate.
"""

import time
from decimal import Decimal

from ledgerline_devstack.demo import PNG
from ledgerline_devstack.testing import eventually
from ledgerline_servicekit.clock import now, today


def image(tag: str) -> dict:
    return {"tag": tag, "filename": f"{tag}.png", "content_type": "image/png", "content_base64": PNG}


def line(service_type: str, description: str, price: str, cost: str) -> dict:
    return {"service_type": service_type, "description": description, "production_hours": "0.01",
            "pricing_method": "fixed", "cost": cost, "price": price, "target_margin_percent": "50"}


def test_a_signed_proposal_is_worked_completed_invoiced_and_posted(platform, org):
    billing = org.user("billing", name="Bea Billing")
    manager = org.user("partner", name="Fran Field")
    crew_login = org.user("fee_earner", name="Cody Crew")
    account = billing.post("/accounts", {"name": "Oak Street HOA", "billing_email": "board@oak.example",
                                         "currency": "USD", "tax_rate": "0.07", "hourly_rate": "150.00"},
                           expect=201).json()

    # The crew and their gear, with the wages and rates their time is costed at.
    cody = manager.post("/employees", {"name": "Cody Crew", "user_id": crew_login.user_id, "role": "operator",
                                       "hourly_wage": "35.00", "burden_multiplier": "1.7"}, expect=201).json()
    mike = manager.post("/employees", {"name": "Mike Johnson", "role": "ground crew", "hourly_wage": "28.00",
                                       "burden_multiplier": "1.7"}, expect=201).json()
    mulcher = manager.post("/equipment", {"name": "Supertrak SK200TR", "kind": "mulcher",
                                          "hourly_rate": "114.73"}, expect=201).json()
    truck = manager.post("/equipment", {"name": "F450 and trailer", "kind": "truck", "hourly_rate": "35.00"},
                         expect=201).json()
    loadout = manager.post("/loadouts", {"name": "Mulching crew", "equipment_ids": [mulcher["id"], truck["id"]],
                                         "crew_employee_ids": [cody["id"], mike["id"]]}, expect=201).json()
    manager.request("PUT", "/work-order-settings", expect=200, json={
        "minimum_before_photos": 1, "minimum_after_photos": 2, "hours_alert_percent": "10"})

    # A proposal for the account (once workorders has heard of it), signed: its work order is Scheduled.
    def propose():
        response = manager.post("/proposals", {
            "account_id": account["id"], "title": "Oak Street clearing", "site_address": "12 Oak Street",
            "scope_included": "Mulch to 6\" DBH", "scope_excluded": "Stump removal",
            "scheduled_on": today().isoformat(),
            "line_items": [line("Forestry Mulching", "Clear the fence line", "1200.00", "600.00"),
                           line("Forestry Mulching", "Mulch the back lot", "800.00", "400.00")]})
        return response.json() if response.status_code == 201 else None

    proposal = eventually(propose, message="the account to reach workorders")
    order = manager.post(f"/proposals/{proposal['id']}/sign", {
        "signed_by": "Dana Oak", "signature": {"content_type": "image/png", "content_base64": PNG}},
        expect=201).json()
    assert (order["status"], order["proposal_id"]) == ("scheduled", proposal["id"])
    path = f"/work-orders/{order['id']}"
    manager.post(f"{path}/schedule", {"scheduled_on": today().isoformat(), "start_time": "08:00",
                                      "loadout_id": loadout["id"]}, expect=200)

    # On site: the crew member's own login works the job.
    mine = crew_login.get("/work-orders", params={"mine": "true"}).json()["items"]
    assert [o["number"] for o in mine] == [order["number"]]
    crew_login.post(f"{path}/start", {"weather": "Clear, 75°F", "safety_briefing_at": now().isoformat(),
                                      "safety_attendees": [cody["id"], mike["id"]], "ppe_verified": True},
                    expect=200)
    crew_login.post(f"{path}/photos", image("before"), expect=201)
    fence, back_lot = (l["id"] for l in order["lines"])
    for line_id, who, gear in ((fence, cody, mulcher), (back_lot, mike, truck)):
        crew_login.post(f"{path}/line-items/{line_id}/start", expect=200)
        crew_login.post(f"{path}/line-items/{line_id}/clock-in", {"employee_ids": [who["id"]],
                                                                  "equipment_ids": [gear["id"]]}, expect=200)

    # A change order while the job runs.
    stumps = {"service_type": "Stump Grinding", "description": "Grind the three stumps found on site",
              "production_hours": "0.01", "pricing_method": "fixed", "cost": "200.00", "price": "400.00"}
    changed = manager.post(f"{path}/line-items", stumps, expect=201).json()
    change_order = changed["lines"][-1]
    assert change_order["change_order"] and changed["change_orders"]["count"] == 1
    assert changed["alerts"] == []

    # Both lines run past their 36 seconds: clocking the crew out finds the job over its estimate.
    time.sleep(32)
    for line_id, who in ((fence, cody), (back_lot, mike)):
        crew_login.post(f"{path}/line-items/{line_id}/clock-out", {"employee_ids": [who["id"]]}, expect=200)
    running = manager.get(path).json()
    assert [a["reason"] for a in running["alerts"]] == ["hours"]
    projection = running["costing"]["projection"]
    assert Decimal(projection["projected_hours"]) > Decimal(projection["estimated_hours"]) * Decimal("1.1")
    assert [e["employee_name"] for e in running["time_entries"]] == ["Cody Crew", "Mike Johnson"]
    assert all(e["clock_out"] for e in running["time_entries"])
    for line_id in (fence, back_lot):
        crew_login.post(f"{path}/line-items/{line_id}/complete", expect=200)
    crew_login.post(f"{path}/line-items/{change_order['id']}/start", expect=200)
    crew_login.post(f"{path}/line-items/{change_order['id']}/complete", expect=200)

    # Photos and the checklist, then the customer's sign-off.
    refused = crew_login.post(f"{path}/complete", {"printed_name": "Dana Oak", "signature": {
        "content_type": "image/png", "content_base64": PNG}}, expect=409).json()["error"]
    assert refused["field"] == "checklist" and "2 after photos (have 0)" in refused["message"]
    for _ in range(2):
        crew_login.post(f"{path}/photos", image("after"), expect=201)
    crew_login.request("PATCH", f"{path}/checklist", expect=200, json={
        "walkthrough_complete": True, "debris_removed": True, "site_restored": True, "equipment_cleaned": True})
    done = crew_login.post(f"{path}/complete", {"printed_name": "Dana Oak", "signature": {
        "content_type": "image/png", "content_base64": PNG}}, expect=200).json()
    assert done["status"] == "completed"
    job = manager.get(path).json()
    contract = job["costing"]["projection"]["contract_price"]
    assert contract == {"amount": "2400.00", "currency": "USD"}

    # Invoicing drafts the job's invoice; a partner approves it and billing posts it.
    def drafted():
        listed = manager.get("/invoices", params={"account_id": account["id"]}).json()["items"]
        return listed[0] if listed else None

    draft = manager.get(f"/invoices/{eventually(drafted, message='invoicing to draft the job')['id']}").json()
    assert draft["work_order"] == {"id": order["id"], "number": order["number"]}
    assert [(l["description"], l["amount"]["amount"]) for l in draft["lines"]] == [
        (f"{order['number']}: Clear the fence line", "1200.00"),
        (f"{order['number']}: Mulch the back lot", "800.00"),
        (f"{order['number']} (change order): Grind the three stumps found on site", "400.00")]
    assert draft["subtotal"] == contract
    assert draft["total"] == {"amount": "2568.00", "currency": "USD"}  # 7 % tax on top
    assert draft["cost"] == job["costing"]["total_cost"]  # the crew's labour and equipment
    manager.post(f"/invoices/{draft['id']}/approve", expect=200)
    posted = billing.post(f"/invoices/{draft['id']}/post", expect=200).json()
    assert posted["status"] == "posted" and posted["subtotal"] == contract

    invoiced = eventually(lambda: (lambda o: o if o["status"] == "invoiced" else None)(manager.get(path).json()),
                          message="the posting to reach workorders")
    assert (invoiced["invoice_id"], invoiced["invoice_number"]) == (posted["id"], posted["number"])
    customer = org.user("customer", account_id=account["id"])
    pdf = customer.get(f"/invoices/{posted['id']}/pdf")
    assert pdf.headers["Content-Type"] == "application/pdf"
