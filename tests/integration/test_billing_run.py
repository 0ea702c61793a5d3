"""The monthly billing run on the real broker, every service a process: accounts on a fixed
monthly agreement, one on a zero-priced agreement line, one with unbilled time → a run (one
message per account, taken by invoicing from its own queue) → the review flags the zero-priced
draft → the clean drafts are approved in bulk → posted in bulk; the month cannot be run again."""

from ledgerline_devstack.testing import eventually, locked_draft
from ledgerline_servicekit.clock import today


def test_a_run_drafts_reviews_approves_and_posts(platform, org):
    tech = org.user("fee_earner", name="Terry Tech")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")
    month = today().strftime("%Y-%m")
    start = today().replace(day=1).isoformat()

    def account(name):
        return billing.post("/accounts", {"name": name, "billing_email": "ap@example.com", "currency": "USD",
                                          "hourly_rate": "120.00"}, expect=201).json()

    fixed, free, hourly = account("Fixed Fees Ltd"), account("Free Monitoring Inc"), account("Hourly & Co")
    for customer, price in ((fixed, "500.00"), (free, "0")):
        billing.post("/agreements", {"account_id": customer["id"], "name": "Managed IT", "lines": [{
            "description": "Managed services", "unit_price": price, "cycle": "monthly", "timing": "advance",
            "start_date": start}]}, expect=201)
    eventually(lambda: tech.post("/time-entries", {"account_id": hourly["id"], "work_date": today().isoformat(),
                                                   "duration_minutes": 90, "narrative": "Replaced the switch"})
               .status_code == 201, message="the account to reach timetracking")
    eventually(lambda: partner.get(f"/accounts/{hourly['id']}/unbilled").json()["items"],
               message="invoicing to see the entry")

    run = billing.post("/billing-runs", {"period": month}, expect=201).json()
    done = eventually(lambda: (lambda r: r if r["status"] == "completed" else None)(
        billing.get(f"/billing-runs/{run['id']}").json()), message="the run to draft every account")
    assert (done["accounts"], done["drafted"], done["set_aside"], done["remaining"]) == (3, 3, 0, 0)

    review = billing.get(f"/billing-runs/{run['id']}/review").json()
    assert review["items"][0]["account_name"] == "Free Monitoring Inc"
    assert [a["check"] for a in review["items"][0]["anomalies"]] == ["zero_priced_line"]
    clean = [item for item in review["items"] if item["score"] == 0]
    assert {item["account_name"] for item in clean} == {"Fixed Fees Ltd", "Hourly & Co"}
    totals = {item["account_name"]: item["total"]["amount"] for item in clean}
    assert totals == {"Fixed Fees Ltd": "500.00", "Hourly & Co": "180.00"}

    for item in clean:
        locked_draft(partner, item["invoice_id"])  # timetracking locked the run's claimed work
    ids = [item["invoice_id"] for item in clean]
    approved = partner.post(f"/billing-runs/{run['id']}/approve", {"invoice_ids": ids}, expect=200).json()
    assert (approved["done"], approved["refused"]) == (2, 0)
    posted = billing.post(f"/billing-runs/{run['id']}/post", {"invoice_ids": ids}, expect=200).json()
    assert (posted["done"], posted["refused"]) == (2, 0)
    assert {billing.get(f"/invoices/{i}").json()["status"] for i in ids} == {"posted"}

    again = billing.post("/billing-runs", {"period": month}, expect=409).json()
    assert again["error"]["field"] == "period"
    left = billing.get(f"/billing-runs/{run['id']}/review").json()
    assert [item["account_name"] for item in left["items"]] == ["Free Monitoring Inc"]
