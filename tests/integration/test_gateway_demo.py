"""The run command's demo data: a user per role, each with something to do, loaded idempotently."""

from ledgerline_devstack import demo
from ledgerline_devstack.gateway_client import ApiClient
from ledgerline_devstack.testing import eventually
from ledgerline_servicekit.rpc_client import RpcClient


def test_the_demo_gives_every_role_a_journey_and_loads_idempotently(platform):
    rpc = RpcClient(platform.settings.amqp_uri)
    try:
        logins = demo.load(platform.settings, platform.url, rpc, log=lambda _m: None)
        users = {user.role.value: ApiClient.sign_in(platform.url, user.email, demo.PASSWORD) for user in demo.USERS}
        counts = {"invoices": users["billing"].get("/invoices").json()["total"],
                  "entries": users["billing"].get("/time-entries").json()["total"],
                  "users": users["admin"].get("/users").json()["total"]}
        assert demo.load(platform.settings, platform.url, rpc, log=lambda _m: None) == logins
    finally:
        rpc.close()
    assert logins == {u.email: u.role.value for u in (*demo.USERS, *demo.FIELD_USERS)}
    assert len({u.role for u in demo.USERS}) == len(demo.USERS)  # a user per role
    assert counts == {"invoices": 2, "entries": len(demo.TIME), "users": len(demo.USERS)}
    assert users["billing"].get("/invoices").json()["total"] == 2  # nothing doubled by the second run

    eventually(lambda: {e["status"] for e in users["fee_earner"].get("/time-entries").json()["items"]}
               == {"unbilled", "billed", "drafted"}, message="the tech's entries to show every stage")
    statuses = {i["account_name"]: i["status"] for i in users["billing"].get("/invoices").json()["items"]}
    assert statuses == {"Acme Dental": "posted", "Oak Street HOA": "approved"}
    customer = users["customer"].get("/invoices").json()["items"]
    assert [(i["account_name"], i["status"]) for i in customer] == [("Acme Dental", "posted")]
    partner = users["partner"].get("/me").json()
    assert len(partner["delegates"]) == 2
    accounts = {a["name"]: a["id"] for a in users["partner"].get("/accounts").json()["items"]}
    assert users["partner"].get(f"/accounts/{accounts['Acme Dental']}/unbilled").json()["items"]
    tickets = {(m["account_name"], m["kind"], m["title"]) for m in users["fee_earner"].get("/matters").json()["items"]}
    assert {(a, k, t) for _, a, k, t in demo.MATTERS} <= tickets
    stocked = {i["sku"]: i["stock_on_hand"] for i in users["billing"].get("/catalog-items").json()["items"]}
    assert stocked == {i["sku"]: i.get("stock_on_hand") for i in demo.CATALOG}
    assert users["billing"].get("/billing-profile").json()["name"] == demo.ORG_NAME  # the PDFs' sender
    agreements = users["billing"].get("/agreements").json()["items"]  # what billing's run drafts
    assert sorted((a["account_name"], a["name"], len(a["lines"])) for a in agreements) == sorted(
        (account, title, len(lines)) for account, title, lines in demo.AGREEMENTS)
    delegations = [(d["principal_name"], d["delegate_name"]) for d in users["admin"].get("/delegations").json()]
    assert delegations == [("Ari Associate", "Terry Tech"), ("Pat Partner", "Ari Associate"),
                           ("Pat Partner", "Terry Tech")]


def test_the_field_service_demo_has_a_job_at_each_stage(platform):
    rpc = RpcClient(platform.settings.amqp_uri)
    try:
        demo.load(platform.settings, platform.url, rpc, log=lambda _m: None)
    finally:
        rpc.close()
    people = {u.email.split("@")[0]: ApiClient.sign_in(platform.url, u.email, demo.PASSWORD)
              for u in demo.FIELD_USERS}
    manager = people["manager"]
    jobs = {o["title"]: o for o in manager.get("/work-orders").json()["items"]}
    assert {title: job["status"] for title, job in jobs.items()} == {
        demo.COMPLETED_JOB[1]: "completed", demo.RUNNING_JOB[1]: "in_progress",
        demo.SCHEDULED_JOB["title"]: "scheduled"}
    running = manager.get(f"/work-orders/{jobs[demo.RUNNING_JOB[1]]['id']}").json()
    assert "hours" in {a["reason"] for a in running["alerts"]}  # four hours' work, six hours in
    assert running["change_orders"]["count"] == 1 and running["lines"][0]["clocked_in"]
    completed = jobs[demo.COMPLETED_JOB[1]]
    assert manager.get(f"/work-orders/{completed['id']}").json()["alerts"] == []  # within its estimate
    (invoice,) = manager.get("/invoices", params={"account_id": completed["account_id"]}).json()["items"]
    draft = manager.get(f"/invoices/{invoice['id']}").json()
    assert (draft["status"], draft["work_order"]["number"]) == ("draft", completed["number"])
    assert "approve_invoice" in draft["allowed_actions"]
    crew_jobs = people["crew"].get("/work-orders", params={"mine": "true"}).json()["items"]
    assert {o["title"] for o in crew_jobs} == set(jobs)
    assert people["billing"].get(f"/work-orders/{completed['id']}/costing").status_code == 200
