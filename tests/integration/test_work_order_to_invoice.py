"""A field job from proposal to posted invoice on the real broker, through the gateway, every
service a process: proposal → signature → schedule → start → two line items with two crew
members clocked in and out → a change order → the alert of a job running over its estimate →
photos and checklist → the customer's sign-off → invoicing's draft → approve → post → Invoiced.

The day passes in the times the crew's device records (the job's start, each line item's start
and completion, every clock-in and -out): the job started five hours ago.
"""

from datetime import timedelta

from ledgerline_devstack.demo import PNG
from ledgerline_devstack.testing import eventually
from ledgerline_servicekit.clock import now, today


def image(tag: str) -> dict:
    return {"tag": tag, "filename": f"{tag}.png", "content_type": "image/png", "content_base64": PNG}


def line(description: str, hours: str, price: str, cost: str, service_type: str = "Forestry Mulching") -> dict:
    return {"service_type": service_type, "description": description, "production_hours": hours,
            "transport_hours": "0.25", "pricing_method": "fixed", "cost": cost, "price": price,
            "target_margin_percent": "50"}


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
            "line_items": [line("Clear the fence line", "2.00", "2000.00", "1000.00"),
                           line("Mulch the back lot", "1.50", "1400.00", "700.00")]})
        return response.json() if response.status_code == 201 else None

    proposal = eventually(propose, message="the account to reach workorders")
    order = manager.post(f"/proposals/{proposal['id']}/sign", {
        "signed_by": "Dana Oak", "signature": {"content_type": "image/png", "content_base64": PNG}},
        expect=201).json()
    assert (order["status"], order["proposal_id"]) == ("scheduled", proposal["id"])
    path = f"/work-orders/{order['id']}"
    manager.post(f"{path}/schedule", {"scheduled_on": today().isoformat(), "start_time": "08:00",
                                      "loadout_id": loadout["id"]}, expect=200)

    # On site since five hours ago: the crew member's own login works the job, with the times
    # their device recorded.
    mine = crew_login.get("/work-orders", params={"mine": "true"}).json()["items"]
    assert [o["number"] for o in mine] == [order["number"]]
    day = now() - timedelta(hours=5)

    def at(hours: float) -> str:
        return (day + timedelta(hours=hours)).isoformat()

    crew_login.post(f"{path}/start", {"weather": "Clear, 75°F", "safety_briefing_at": at(0), "started_at": at(0),
                                      "safety_attendees": [cody["id"], mike["id"]], "ppe_verified": True},
                    expect=200)
    crew_login.post(f"{path}/photos", image("before"), expect=201)
    fence, back_lot = (l["id"] for l in order["lines"])

    def work(line_id: str, start: float, end: float) -> dict:
        """Both crew members on a line item from ``start`` to ``end`` hours into the day."""
        item = f"{path}/line-items/{line_id}"
        crew_login.post(f"{item}/start", {"at": at(start)}, expect=200)
        for who, gear in ((cody, mulcher), (mike, truck)):
            crew_login.post(f"{item}/clock-in", {"employee_ids": [who["id"]], "equipment_ids": [gear["id"]],
                                                 "at": at(start)}, expect=200)
        crew_login.post(f"{item}/clock-out", {"employee_ids": [cody["id"], mike["id"]], "at": at(end)},
                        expect=200)
        return crew_login.post(f"{item}/complete", {"at": at(end)}, expect=200).json()

    # The fence line, estimated at 2.25 hours, takes three: the job runs over and alerts, once.
    worked = work(fence, 0, 3)
    assert [(l["actual_hours"], l["variance_hours"]) for l in worked["lines"]][0] == ("3.00", "0.75")
    running = manager.get(path).json()
    assert [a["reason"] for a in running["alerts"]] == ["hours"]
    cody_on_fence = next(e for e in running["time_entries"] if e["employee_name"] == "Cody Crew")
    assert cody_on_fence["costs"]["labour_cost"] == {"amount": "178.50", "currency": "USD"}  # 3 h × 35 × 1.7
    work(back_lot, 3, 4.5)

    # A change order, worked the same afternoon; the job stays past its threshold: no second alert.
    stumps = line("Grind the three stumps found on site", "0.75", "600.00", "300.00", "Stump Grinding")
    changed = manager.post(f"{path}/line-items", stumps, expect=201).json()
    change_order = changed["lines"][-1]
    assert change_order["change_order"] and changed["change_orders"]["count"] == 1
    work(change_order["id"], 4.5, 4.9)
    assert [a["reason"] for a in manager.get(path).json()["alerts"]] == ["hours"]

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
    assert contract == {"amount": "4000.00", "currency": "USD"}

    # Invoicing drafts the job's invoice; a partner approves it and billing posts it.
    def drafted():
        listed = manager.get("/invoices", params={"account_id": account["id"]}).json()["items"]
        return listed[0] if listed else None

    draft = manager.get(f"/invoices/{eventually(drafted, message='invoicing to draft the job')['id']}").json()
    assert draft["work_order"] == {"id": order["id"], "number": order["number"]}
    assert [(l["description"], l["amount"]["amount"]) for l in draft["lines"]] == [
        (f"{order['number']}: Clear the fence line", "2000.00"),
        (f"{order['number']}: Mulch the back lot", "1400.00"),
        (f"{order['number']} (change order): Grind the three stumps found on site", "600.00")]
    assert draft["subtotal"] == contract
    assert draft["total"] == {"amount": "4280.00", "currency": "USD"}  # 7 % tax on top
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
