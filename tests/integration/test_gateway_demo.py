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
    assert sorted(logins.values()) == sorted(r.value for r in {u.role for u in demo.USERS})
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
    delegations = [(d["principal_name"], d["delegate_name"]) for d in users["admin"].get("/delegations").json()]
    assert delegations == [("Ari Associate", "Terry Tech"), ("Pat Partner", "Ari Associate"),
                           ("Pat Partner", "Terry Tech")]
